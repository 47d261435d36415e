"""What a data change changes: two versions of a publication compared table by table (the lines whose amounts
changed, old and new, totals first; the text cells that changed) and publication.yaml key by key.

Read by scripts/budget_diff.py (a pull request's summary) and by the site's "what changed" pages, which compare
each data commit with its parent (macros/website/changes_page.py). A publication the validator refuses is read
leniently, table by table (``read_leniently``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from macros.checking.loading import TableContext, load_table
from macros.checking.validation import folder_unit, read_yaml, template_of_files
from macros.model.dictionaries import Dictionaries
from macros.model.facts import FACTS_FILE
from macros.model.publication import TOTAL_KEY, Publication, Row, Table
from macros.template.specs import TableSpec, Template

UNIT_ROW_KEYS = ("unit", "project", "economic_class")
MAX_YAML_FIELDS = 100_000  # a publication.yaml has a few hundred; aliases could multiply them

Key = tuple[int, str]


@dataclass(frozen=True)
class PublicationView:
    """One publication as far as it could be read: its tables and publication.yaml (None if unreadable)."""

    year: int
    publication_id: str  # the folder's name: the unit's id, and -final for its 决算
    name: str
    template: Template
    tables: dict[str, Table]
    facts: Any


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
    column_id: str = ""  # the column's id (``column`` is its Chinese header, as the summary prints it)

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


def either(old: Table | None, new: Table | None) -> Table:
    """The new table, or the old where the new is gone (one of them is always there)."""
    table = new if new is not None else old
    assert table is not None, "a table compared is on one side at least"
    return table


def table_changes(old: Table | None, new: Table | None) -> list[Change]:
    spec = either(old, new).spec
    totals = {TOTAL_KEY, *(item.total for item in spec.row_totals)}
    codes = [row.key for row in either(old, new).rows if row.key.isdigit()]
    changes = []
    for name, row, before, after in paired_rows(old, new):
        for column in spec.amount_columns:
            was = before.amounts.get(column.id) if before else None
            now = after.amounts.get(column.id) if after else None
            if was != now:
                header = "／".join(column.header_zh) or column.id
                changes.append(Change(name, header, was, now, rank(row, totals=totals, codes=codes), column.id))
    return sorted(changes, key=lambda change: change.rank)  # totals first, then subtotals, in file order


def table_text_changes(old: Table | None, new: Table | None) -> list[TextChange]:
    """Text cells (names, labels, codes, performance goals, English columns) that changed, row by row."""
    spec = either(old, new).spec
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
