"""What a data change changes, for the reviewer of a pull request.

    python scripts/budget_diff.py BASE_DATA_DIR HEAD_DATA_DIR [--full PATH] [--limit N]

Prints Markdown for the pull request's job summary: an overview of what changed; every changed entry
of the shared files (the classification dictionaries, the glossary, units.csv), field by field, old
and new; publications added, removed or changed, and for each changed table the lines whose amounts
changed (old, new, difference), totals first, and its text cells that changed; every changed key of
publication.yaml.

Every text read from data passes through ``escape_markdown``, so nothing in the data can hide a
change or speak for the reviewer. GitHub drops a step summary over 1 MiB, so the printed summary is
cut at a line boundary after ``--limit`` characters (60,000) and long texts are shortened, with a
note saying so; ``--full PATH`` writes everything, uncut, for the workflow artifact ``budget-diff``.

A data directory with problems is compared as far as it can be read (the data check says why the
rest could not be). Exit status 0, or 2 on a usage error.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.checking.loading import TableContext, load_table
from macros.checking.validation import (  # read_yaml: its YAML reader
    folder_unit,
    load_templates,
    publication_folders,
    read_yaml,
    template_of_files,
    validate,
)
from macros.exchange.github_markdown import escape_markdown
from macros.model.dictionaries import Dictionaries, load_classification, load_glossary, load_units
from macros.model.facts import FACTS_FILE
from macros.model.publication import TOTAL_KEY, Publication, Row, Table
from macros.rendering.i18n import table_amount
from macros.template.specs import TableSpec, Template

UNIT_ROW_KEYS = ("unit", "project", "economic_class")
LIMIT = 60_000  # characters of the printed summary; GitHub drops a step summary over 1 MiB
SHARED_FILES = (
    "data/dictionaries/function-codes.csv",
    "data/dictionaries/economic-codes.csv",
    "data/dictionaries/glossary.csv",
    "data/units.csv",
)
SHORT_TEXT = 300  # characters of one text in the printed summary (the full diff keeps them whole)
ARTIFACT = "budget-diff"  # the workflow artifact that holds the full diff (.github/workflows/pull-request.yml)
MAX_YAML_FIELDS = 100_000  # a publication.yaml has a few hundred; aliases could multiply them
ABSENT = "*（无 / none）*"
EMPTY = "*（空 / empty）*"

Key = tuple[int, str]


# --- what is compared -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicationView:
    """One publication as far as it could be read: its tables and publication.yaml (None if unreadable)."""

    year: int
    publication_id: str  # the folder's name: the unit's id, and -final for its 决算
    name: str
    template: Template
    tables: dict[str, Table]
    facts: Any


@dataclass(frozen=True)
class DataView:
    """A data directory as the diff sees it. ``shared`` holds each shared file's entries by key, column
    by column (None when the file could not be read)."""

    folder: Path
    problems: int
    publications: dict[Key, PublicationView]
    shared: dict[str, dict[str, dict[str, str]] | None]


def read_data(data_dir: Path) -> DataView:
    """The validator's publications; those it could not accept are read leniently, table by table."""
    result = validate(data_dir)
    if any(found.code == "FILE_NOT_REGULAR" for found in result.problems):
        # Nothing is read while a link could lead outside data/ (the validator names each one).
        return DataView(data_dir, len(result.problems), {}, dict.fromkeys(SHARED_FILES))
    publications = {key: view_of(publication) for key, publication in result.publications.items()}
    folder = data_dir / "dictionaries"
    # As load_dictionaries reads them; each file on its own, so that one unreadable file hides no other.
    function_codes = load_classification(folder / "function-codes.csv", digits=(3, 5, 7), problems=[])
    economic_codes = load_classification(folder / "economic-codes.csv", digits=(3, 5), problems=[])
    glossary = load_glossary(folder / "glossary.csv", problems=[])
    units = load_units(data_dir / "units.csv", problems=[])
    shared = dict(
        zip(
            SHARED_FILES,
            (
                entries(function_codes.codes if function_codes else None),
                entries(economic_codes.codes if economic_codes else None),
                entries(glossary),
                entries(units),
            ),
            strict=True,
        )
    )
    if function_codes and economic_codes and glossary is not None and units is not None:
        dictionaries = Dictionaries(function_codes, economic_codes, glossary, units)
        templates = load_templates(data_dir / "templates", problems=[])
        for unit_folder in publication_folders(data_dir, problems=[]):
            key = (int(unit_folder.parent.name), unit_folder.name)
            if key not in publications and (view := read_leniently(unit_folder, dictionaries, templates)):
                publications[key] = view
    return DataView(data_dir, len(result.problems), publications, shared)


def entries(rows: dict[str, Any] | None) -> dict[str, dict[str, str]] | None:
    """A dictionary's rows (dataclasses whose first field is the key) as column → text, without the key."""
    if rows is None:
        return None
    return {key: {column: text for column, text in list(asdict(row).items())[1:]} for key, row in rows.items()}


def view_of(publication: Publication) -> PublicationView:
    data = publication.facts.data
    return PublicationView(
        publication.year, publication.publication_id, data["name_zh"], publication.template, publication.tables, data
    )


def read_leniently(folder: Path, dictionaries: Dictionaries, templates: dict[str, Template]) -> PublicationView | None:
    """A publication the validator did not accept: its tables by the template publication.yaml names
    (or the one its files show), its publication.yaml if it can be parsed at all. None without a template."""
    facts_path = folder / FACTS_FILE
    document = read_yaml(facts_path)[0] if facts_path.is_file() else None
    data = document.data if document is not None else None
    fields = data if isinstance(data, dict) else {}
    named = fields.get("template")
    template = templates.get(named) if isinstance(named, str) else None
    template = template or template_of_files(folder, templates=templates)
    if template is None:
        return None
    unit_id = (folder_unit(folder.name, units=dictionaries.units) or (folder.name, ""))[0]
    amount_unit = fields.get("amount_unit")
    context = TableContext(
        dictionaries=dictionaries,
        unit_names=tuple(unit.name_zh for unit in dictionaries.descendants(unit_id)),
        amount_unit=amount_unit if isinstance(amount_unit, str) else "",
    )
    tables = {spec.id: load_table(spec, folder=folder, context=context)[0] for spec in template.tables}
    name = fields.get("name_zh")
    if not isinstance(name, str):
        name = dictionaries.units[unit_id].name_zh if unit_id in dictionaries.units else ""
    return PublicationView(int(folder.parent.name), folder.name, name, template, tables, data)


# --- changes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    row: str
    column: str
    old: Decimal | None
    new: Decimal | None
    rank: int  # 0 合计 and fixed totals, 1 subtotals (parent codes, unit lines), 2 the rest

    @property
    def difference(self) -> Decimal:
        return (self.new or Decimal(0)) - (self.old or Decimal(0))

    @property
    def is_total(self) -> bool:
        return self.rank < 2


@dataclass(frozen=True)
class TextChange:
    """One text that changed: ``old`` is None when it was added, ``new`` None when it was removed."""

    entry: str
    field: str
    old: str | None
    new: str | None


@dataclass
class TableDiff:
    spec: TableSpec
    amounts: list[Change]
    texts: list[TextChange]
    complete: bool  # False when either side had problems reading the table


@dataclass
class PublicationDiff:
    title: str
    tables: list[TableDiff] = field(default_factory=list)
    facts: list[TextChange] = field(default_factory=list)
    facts_note: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.tables or self.facts or self.facts_note)


def row_identities(table: Table) -> dict[str, tuple[str, Row]]:
    """Rows by what they are (a code, a fixed line, a unit's project), with a name for people."""
    found: dict[str, tuple[str, Row]] = {}
    unit = ""
    shown = [column.id for column in table.spec.columns if column.type != "row_type"]
    for row in table.rows:
        own_name = row.texts.get("name", "")
        if row.key == "unit":
            unit = own_name
        if row.key in UNIT_ROW_KEYS:
            detail = row.texts.get("economic_code") or own_name
            identity = f"{row.key}:{unit}:{detail}"
            name = own_name if row.key == "unit" else f"{unit} / {own_name}"
        else:
            identity = row.key
            name = " ".join(row.texts[column] for column in shown if row.texts.get(column)) or row.key
        found[identity] = (name, row)
    return found


def paired_rows(old: Table | None, new: Table | None) -> Iterator[tuple[str, Row, Row | None, Row | None]]:
    """Each row of either table with its counterpart (None where there is none): the new rows in their
    order, then the rows that are gone."""
    old_rows = row_identities(old) if old else {}
    new_rows = row_identities(new) if new else {}
    for identity in [*new_rows, *(key for key in old_rows if key not in new_rows)]:
        name, row = new_rows.get(identity) or old_rows[identity]
        before = old_rows[identity][1] if identity in old_rows else None
        after = new_rows[identity][1] if identity in new_rows else None
        yield name, row, before, after


def table_changes(old: Table | None, new: Table | None) -> list[Change]:
    spec = (new or old).spec
    totals = {TOTAL_KEY, *(item.total for item in spec.row_totals)}
    codes = [row.key for row in (new or old).rows if row.key.isdigit()]
    changes = []
    for name, row, before, after in paired_rows(old, new):
        for column in spec.amount_columns:
            was = before.amounts.get(column.id) if before else None
            now = after.amounts.get(column.id) if after else None
            if was != now:
                header = "／".join(column.header_zh) or column.id
                changes.append(Change(name, header, was, now, rank(row, totals=totals, codes=codes)))
    return sorted(changes, key=lambda change: change.rank)  # totals first, then subtotals, in file order


def table_text_changes(old: Table | None, new: Table | None) -> list[TextChange]:
    """Text cells (names, labels, codes, performance goals, English columns) that changed, row by row."""
    spec = (new or old).spec
    columns = [column for column in spec.columns if column.type not in ("amount", "row_type")]
    changes = []
    for name, _row, before, after in paired_rows(old, new):
        for column in columns:
            was = before.texts.get(column.id) if before else None
            now = after.texts.get(column.id) if after else None
            if (was or "") != (now or ""):
                changes.append(TextChange(name, column.label_zh, was, now))
    return [*order_change(old, new), *changes]


def order_change(old: Table | None, new: Table | None) -> list[TextChange]:
    """Rows printed in another order (the same rows, moved): the page shows them so, so say so."""
    if old is None or new is None:
        return []
    old_rows, new_rows = row_identities(old), row_identities(new)
    kept_old = [identity for identity in old_rows if identity in new_rows]
    kept_new = [identity for identity in new_rows if identity in old_rows]
    if kept_old == kept_new:
        return []
    names = [old_rows[identity][0] for identity in kept_old], [new_rows[identity][0] for identity in kept_new]
    return [TextChange("行的顺序 / order of rows", "", " · ".join(names[0]), " · ".join(names[1]))]


def rank(row: Row, *, totals: set[str], codes: list[str]) -> int:
    if row.key in totals:
        return 0
    is_parent = row.key.isdigit() and any(code != row.key and code.startswith(row.key) for code in codes)
    return 1 if is_parent or row.key == "unit" else 2


def field_changes(old: dict[str, str], new: dict[str, str]) -> list[TextChange]:
    """Fields by name (a dotted path, a column): added, removed or changed, in the new order."""
    names = [*new, *(name for name in old if name not in new)]
    return [TextChange(name, "", old.get(name), new.get(name)) for name in names if old.get(name) != new.get(name)]


def entry_changes(old: dict[str, dict[str, str]], new: dict[str, dict[str, str]]) -> list[TextChange]:
    """A shared file's entries (a code, a term, a unit) column by column: added, removed or changed."""
    changes = []
    for key in [*new, *(key for key in old if key not in new)]:
        before, after = old.get(key), new.get(key)
        for column in after or before or {}:
            was = before.get(column) if before is not None else None
            now = after.get(column) if after is not None else None
            if was != now and not (before is None and not now) and not (after is None and not was):
                changes.append(TextChange(key, column, was, now))
    return changes


def yaml_fields(data: Any) -> dict[str, str]:
    """publication.yaml as dotted paths to texts: ``explanation.reasons.income.zh``, ``responsibilities[0].en``.
    Empty mappings and lists are fields of their own ({} and []); a null is an empty text."""
    found: dict[str, str] = {}
    waiting: list[tuple[str, Any, tuple[int, ...]]] = [("", data, ())]
    while waiting and len(found) < MAX_YAML_FIELDS:
        path, value, parents = waiting.pop()
        if isinstance(value, dict | list) and id(value) in parents:
            found[path] = "…"  # a structure that contains itself
        elif isinstance(value, dict) and value:
            items = [(f"{path}.{key}" if path else str(key), item) for key, item in value.items()]
            waiting += [(name, item, (*parents, id(value))) for name, item in reversed(items)]
        elif isinstance(value, list) and value:
            items = [(f"{path}[{index}]", item) for index, item in enumerate(value)]
            waiting += [(name, item, (*parents, id(value))) for name, item in reversed(items)]
        else:
            found[path or "（根 / root）"] = scalar(value)
    return found


def scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return "{}" if isinstance(value, dict) else "[]"
    return str(value)


def publication_diff(old: PublicationView, new: PublicationView) -> PublicationDiff:
    diff = PublicationDiff(title=publication_title(new))
    specs = [*new.template.tables, *(spec for spec in old.template.tables if spec.id not in new.tables)]
    for spec in specs:
        before, after = old.tables.get(spec.id), new.tables.get(spec.id)
        if before is None and after is None:
            continue
        amounts, texts = table_changes(before, after), table_text_changes(before, after)
        if amounts or texts:
            complete = all(table.complete for table in (before, after) if table is not None)
            diff.tables.append(TableDiff(spec, amounts, texts, complete))
    if new.facts is None:
        diff.facts_note = f"{FACTS_FILE} 无法读入，见数据检查 / {FACTS_FILE} is unreadable, see the data check"
    elif old.facts is None:
        diff.facts_note = f"原来的 {FACTS_FILE} 无法读入，无从比较 / the old {FACTS_FILE} was unreadable: no comparison"
    else:
        diff.facts = field_changes(yaml_fields(old.facts), yaml_fields(new.facts))
    return diff


def publication_title(publication: PublicationView) -> str:
    return f"{publication.year} · {publication.name}（{publication.publication_id}）"


def table_title(spec: TableSpec) -> str:
    number = str(int(spec.id)) if spec.id.isascii() and spec.id.isdigit() else spec.id
    return f"表{number} {spec.title_zh}（{spec.file}）"


# --- Markdown ---------------------------------------------------------------------------------------


@dataclass
class Writer:
    """Writes the diff; ``short`` shortens each text to that many characters (the printed summary)."""

    short: int | None = None
    shortened: int = 0

    def name(self, text: object) -> str:
        """Text from data, escaped (and shortened in the summary): names, titles, keys."""
        text = str(text)
        if self.short is not None and len(text) > self.short:
            self.shortened += 1
            text = text[: self.short] + "…"
        return escape_markdown(text)

    def pair(self, old: str | None, new: str | None) -> str:
        """Two cells, old | new. Shortened texts show the part where they differ, so that a change
        past the first characters is never shortened away."""
        if self.short is None or old is None or new is None or max(len(old), len(new)) <= self.short:
            return f"{self.text(old)} | {self.text(new)}"
        start = next(
            (index for index, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new))
        )
        start = max(0, start - self.short // 3)
        self.shortened += 1
        return f"{self.window(old, start)} | {self.window(new, start)}"

    def window(self, text: str, start: int) -> str:
        part = text[start : start + self.short] if self.short else text
        shown = ("…" if start else "") + part + ("…" if start + len(part) < len(text) else "")
        return escape_markdown(shown) if text else EMPTY

    def text(self, text: str | None) -> str:
        """A value in a table cell: none (absent), empty, or the text escaped."""
        if text is None:
            return ABSENT
        return self.name(text) if text else EMPTY


def template_changes(base_dir: Path, head_dir: Path, writer: Writer) -> list[str]:
    """Templates describe every table: any edit changes how the data is read and shown, so say so
    (a maintainer reviews the file itself)."""
    lines = []
    names = sorted({path.name for folder in (base_dir, head_dir) for path in (folder / "templates").glob("*.yaml")})
    for name in names:
        old, new = base_dir / "templates" / name, head_dir / "templates" / name
        if not old.is_file() or old.is_symlink():
            lines.append(f"- 新增模板 / template added: {writer.name(name)}")
        elif not new.is_file() or new.is_symlink():
            lines.append(f"- 删除模板 / template removed: {writer.name(name)}")
        elif old.read_bytes() != new.read_bytes():
            lines.append(
                f"- 模板有改动，请维护人员审阅 / template changed, for a maintainer to review: {writer.name(name)}"
            )
    return lines


def markdown(base: DataView, head: DataView, *, short: int | None = None) -> str:
    writer = Writer(short=short)
    w = writer.name
    lines = ["## 预算变更 / Budget changes", ""]
    if head.problems:
        lines += [
            f"> ⚠️ 数据检查发现 {head.problems} 个问题：下面只列出能读入的部分，见数据检查。",
            f"> The data check found {head.problems} problems: what could be read is compared below; see the data check.",
            "",
        ]
    if base.problems:
        lines += [f"> 原数据也有 {base.problems} 个问题 / the base data has {base.problems} problems too.", ""]
    added = sorted(set(head.publications) - set(base.publications))
    gone = sorted(set(base.publications) - set(head.publications))
    # A folder that is still there but could not be read is not removed: the data check says why.
    unreadable = [key for key in gone if (head.folder / str(key[0]) / key[1]).is_dir()]
    removed = [key for key in gone if key not in unreadable]
    overview = [f"- 新增 / added: {w(publication_title(head.publications[key]))}" for key in added]
    overview += [f"- 删除 / removed: {w(publication_title(base.publications[key]))}" for key in removed]
    overview += [
        f"- 无法读入，见数据检查 / unreadable, see the data check: {w(publication_title(base.publications[key]))}"
        for key in unreadable
    ]
    overview += template_changes(base.folder, head.folder, writer)
    details: list[str] = []
    # The shared files first: they are short, and they name what the publications show.
    for file, new_entries in head.shared.items():
        old_entries = base.shared[file]
        if new_entries is None:
            overview.append(f"- {w(file)}：无法读入，见数据检查 / unreadable, see the data check")
        elif old_entries is None:
            overview.append(f"- {w(file)}：原来的文件无法读入，无从比较 / the old file was unreadable: no comparison")
        elif changes := entry_changes(old_entries, new_entries):
            overview.append(f"- {w(file)}：{counts(0, len(changes))}")
            details += [f"### {w(file)}", "", *text_table(changes, writer, entry="条目 entry"), ""]
    for key in sorted(set(base.publications) & set(head.publications)):
        diff = publication_diff(base.publications[key], head.publications[key])
        if diff.changed:
            amounts = sum(len(table.amounts) for table in diff.tables)
            texts = sum(len(table.texts) for table in diff.tables) + len(diff.facts)
            overview.append(f"- 变更 / changed: {w(diff.title)}：{counts(amounts, texts)}")
            details += publication_section(diff, writer)
    if not overview:
        lines.append("没有预算数据变化。/ No budget data changed.")
    lines += [*overview, "", *details]
    if writer.shortened:  # said at the top, where a cut summary still has it
        lines[2:2] = [
            f"> 有 {writer.shortened} 段文字超过 {short} 个字符，已截短（…）；完整的文字见工作流产物 {ARTIFACT}。",
            f"> {writer.shortened} texts longer than {short} characters are shortened (…); "
            f"the workflow artifact {ARTIFACT} has them whole.",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def counts(amounts: int, texts: int) -> str:
    parts = [f"{amounts} 处金额 / amounts"] if amounts else []
    parts += [f"{texts} 处文字 / texts"] if texts else []
    return "，".join(parts) or "见下 / see below"


def publication_section(diff: PublicationDiff, writer: Writer) -> list[str]:
    w = writer.name
    lines = [f"### 变更 / changed: {w(diff.title)}", ""]
    for table in diff.tables:
        lines += [f"#### {w(table_title(table.spec))}", ""]
        if not table.complete:
            lines += [
                "> ⚠️ 本表读入时有问题，所列变化可能不全，见数据检查 / the table has problems: see the data check.",
                "",
            ]
        if table.amounts:
            lines += [
                "| 行 line | 列 column | 原值 old | 新值 new | 差额 difference |",
                "|---|---|---:|---:|---:|",
            ]
            for change in table.amounts:
                row = f"**{w(change.row)}**" if change.is_total else w(change.row)
                lines.append(
                    f"| {row} | {w(change.column)} | {amount(change.old)} | {amount(change.new)} "
                    f"| {change.difference:+,.2f} |"
                )
            lines.append("")
        if table.texts:
            lines += [*text_table(table.texts, writer, entry="行 line"), ""]
    if diff.facts_note:
        lines += [f"- {w(diff.facts_note)}", ""]
    if diff.facts:
        lines += [f"#### {w(FACTS_FILE)}", ""]
        lines += ["| 键 key | 原文 old | 新文 new |", "|---|---|---|"]
        lines += [f"| {w(change.entry)} | {writer.pair(change.old, change.new)} |" for change in diff.facts]
        lines.append("")
    return lines


def text_table(changes: list[TextChange], writer: Writer, *, entry: str) -> list[str]:
    w = writer.name
    lines = [f"| {entry} | 列 column | 原文 old | 新文 new |", "|---|---|---|---|"]
    lines += [
        f"| {w(change.entry)} | {w(change.field)} | {writer.pair(change.old, change.new)} |" for change in changes
    ]
    return lines


def amount(value: Decimal | None) -> str:
    return "—" if value is None else table_amount(value)


def capped(text: str, *, limit: int) -> str:
    """``text`` cut at the last line boundary within ``limit`` characters, with a note saying what is left out."""
    if len(text) <= limit:
        return text
    kept, size = [], 0
    lines = text.splitlines(keepends=True)
    for line in lines:
        if size + len(line) > limit:
            break
        kept.append(line)
        size += len(line)
    left_lines, left_characters = len(lines) - len(kept), len(text) - size
    return "".join(kept) + (
        f"\n> ✂️ 摘要到此为止：还有 {left_lines:,} 行（{left_characters:,} 个字符）未显示。"
        f"完整的变更见本次工作流的产物（artifact）{ARTIFACT}。\n"
        f"> ✂️ The summary stops here: {left_lines:,} more lines ({left_characters:,} characters) are not shown. "
        f"The full diff is in this workflow run's artifact {ARTIFACT}.\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="预算数据变更 / What a data change changes (Markdown).")
    parser.add_argument("base", type=Path, help="the data directory before the change")
    parser.add_argument("head", type=Path, help="the data directory after the change")
    parser.add_argument("--full", type=Path, metavar="PATH", help="also write the whole diff, uncut, to PATH")
    parser.add_argument(
        "--limit", type=int, default=LIMIT, help=f"characters of the printed summary (default {LIMIT:,})"
    )
    arguments = parser.parse_args(argv)
    for folder in (arguments.base, arguments.head):
        if not folder.is_dir():
            parser.error(f"数据目录不存在 / no such data directory: {folder}")
    if arguments.limit < 1:
        parser.error("--limit must be positive")
    base, head = read_data(arguments.base), read_data(arguments.head)
    if arguments.full:
        arguments.full.write_text(markdown(base, head), encoding="utf-8")
    print(capped(markdown(base, head, short=SHORT_TEXT), limit=arguments.limit), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
