"""What a data change changes, for the reviewer of a pull request.

    python scripts/budget_diff.py BASE_DATA_DIR HEAD_DATA_DIR

Prints Markdown: publications added, removed or changed, and for each changed table the lines whose
amounts changed (old, new, difference), totals first. Exit status 0, or 2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.i18n import table_amount
from macros.model import TOTAL_KEY, Publication, Row, Table
from macros.validation import validate

UNIT_ROW_KEYS = ("unit", "project", "economic_class")


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


def row_identities(table: Table) -> dict[str, tuple[str, Row]]:
    """Rows by what they are (a code, a fixed line, a unit's project), with a name for people."""
    found: dict[str, tuple[str, Row]] = {}
    unit = ""
    for row in table.rows:
        if row.key == "unit":
            unit = row.texts["name"]
        if row.key in UNIT_ROW_KEYS:
            detail = row.texts.get("economic_code") or row.texts["name"]
            identity = f"{row.key}:{unit}:{detail}"
            name = row.texts["name"] if row.key == "unit" else f"{unit} / {row.texts['name']}"
        else:
            identity = row.key
            name = " ".join(text for text in row.texts.values() if text) or row.key
        found[identity] = (name, row)
    return found


def table_changes(old: Table | None, new: Table | None) -> list[Change]:
    old_rows = row_identities(old) if old else {}
    new_rows = row_identities(new) if new else {}
    spec = (new or old).spec
    totals = {TOTAL_KEY, *(item.total for item in spec.row_totals)}
    codes = [row.key for row in (new or old).rows if row.key.isdigit()]
    changes = []
    for identity in [*new_rows, *(key for key in old_rows if key not in new_rows)]:
        name, row = new_rows.get(identity) or old_rows[identity]
        before = old_rows[identity][1].amounts if identity in old_rows else {}
        after = new_rows[identity][1].amounts if identity in new_rows else {}
        for column in spec.amount_columns:
            was, now = before.get(column.id), after.get(column.id)
            if was != now:
                header = "／".join(column.header_zh) or column.id
                changes.append(Change(name, header, was, now, rank(row, totals=totals, codes=codes)))
    return sorted(changes, key=lambda change: change.rank)  # totals first, then subtotals, in file order


def rank(row: Row, *, totals: set[str], codes: list[str]) -> int:
    if row.key in totals:
        return 0
    is_parent = row.key.isdigit() and any(code != row.key and code.startswith(row.key) for code in codes)
    return 1 if is_parent or row.key == "unit" else 2


def cell(text: str) -> str:
    """Text in a Markdown table cell: a | would start a new column."""
    return text.replace("|", "\\|").replace("\n", " ")


def amount(value: Decimal | None) -> str:
    return "—" if value is None else table_amount(value)


def publication_title(publication: Publication) -> str:
    return f"{publication.year} · {publication.facts.data['name_zh']}（{publication.unit_id}）"


def markdown(
    base: dict[tuple[int, str], Publication], head: dict[tuple[int, str], Publication], *, head_dir: Path
) -> str:
    lines = ["## 预算变更 / Budget changes"]
    added = sorted(set(head) - set(base))
    gone = sorted(set(base) - set(head))
    # A folder that is still there but could not be read is not removed: the data check says why.
    unreadable = [key for key in gone if (head_dir / str(key[0]) / key[1]).is_dir()]
    removed = [key for key in gone if key not in unreadable]
    if added or gone:
        lines.append("")
    lines += [f"- 新增 / added: {publication_title(head[key])}" for key in added]
    lines += [f"- 删除 / removed: {publication_title(base[key])}" for key in removed]
    lines += [
        f"- 无法读入，见数据检查 / unreadable, see the data check: {publication_title(base[key])}" for key in unreadable
    ]
    changed_any = bool(added or gone)
    for key in sorted(set(base) & set(head)):
        old, new = base[key], head[key]
        sections = []
        for spec in new.template.tables:
            changes = table_changes(old.tables.get(spec.id), new.tables[spec.id])
            if not changes:
                continue
            sections += [
                f"#### 表{int(spec.id)} {spec.title_zh}（{spec.file}）",
                "",
                "| 行 line | 列 column | 原值 old | 新值 new | 差额 difference |",
                "|---|---|---:|---:|---:|",
            ]
            sections += [
                f"| {'**' if change.is_total else ''}{cell(change.row)}{'**' if change.is_total else ''} | {cell(change.column)} "
                f"| {amount(change.old)} | {amount(change.new)} | {change.difference:+,.2f} |"
                for change in changes
            ]
            sections.append("")
        if old.facts.data != new.facts.data:
            sections += ["- publication.yaml 有改动（说明文字或第三部分数据）/ publication.yaml changed", ""]
        if sections:
            changed_any = True
            lines += ["", f"### 变更 / changed: {publication_title(new)}", "", *sections]
    if not changed_any:
        lines += ["", "没有预算数据变化。/ No budget data changed."]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="预算数据变更 / What a data change changes (Markdown).")
    parser.add_argument("base", type=Path, help="the data directory before the change")
    parser.add_argument("head", type=Path, help="the data directory after the change")
    arguments = parser.parse_args(argv)
    for folder in (arguments.base, arguments.head):
        if not folder.is_dir():
            parser.error(f"数据目录不存在 / no such data directory: {folder}")
    base, head = validate(arguments.base), validate(arguments.head)
    print(markdown(base.publications, head.publications, head_dir=arguments.head), end="")
    if head.problems:
        print(f"\n数据检查发现 {len(head.problems)} 个问题，见数据检查 / the data check found problems.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
