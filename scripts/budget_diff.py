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
import sys
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.checking.validation import (
    load_templates,
    publication_folders,
    validate,
)
from macros.exchange.data_diff import (
    Key,
    PublicationDiff,
    PublicationView,
    TextChange,
    entry_changes,
    publication_diff,
    publication_title,
    read_leniently,
    view_of,
)
from macros.exchange.github_markdown import escape_markdown
from macros.model.dictionaries import Dictionaries, load_classification, load_glossary, load_units
from macros.model.facts import FACTS_FILE
from macros.rendering.i18n import table_amount
from macros.template.specs import TableSpec

LIMIT = 60_000  # characters of the printed summary; GitHub drops a step summary over 1 MiB
SHARED_FILES = (
    "data/dictionaries/function-codes.csv",
    "data/dictionaries/economic-codes.csv",
    "data/dictionaries/glossary.csv",
    "data/units.csv",
)
SHORT_TEXT = 300  # characters of one text in the printed summary (the full diff keeps them whole)
ARTIFACT = "budget-diff"  # the workflow artifact that holds the full diff (.github/workflows/pull-request.yml)
ABSENT = "*（无 / none）*"
EMPTY = "*（空 / empty）*"


# --- what is compared -------------------------------------------------------------------------------


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
