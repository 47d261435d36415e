"""What the search index holds for a unit page: names, codes and prose, but no amounts, no header rows
and no rows of zeros (they made the index of a hundred-unit district too slow to load; issue 8).

Expected words come from the CSV files and the spec, not from the rendering code.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from conftest import DATA, PUBLICATION, read_rows
from macros.template.specs import load_template

TEMPLATE = load_template(DATA / "templates" / "guangzhou-department.yaml")
UNIT = "2024/liwan-digital-gov/"


def sections(site: Path, *, edition: str = "") -> dict[str, str]:
    """Each indexed section of the unit page by anchor, its text with jieba's word breaks removed."""
    index = json.loads((site / edition / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {
        doc["location"].removeprefix(UNIT): re.sub(r"[\u200b\s]", "", doc["text"])
        for doc in index["docs"]
        if doc["location"].startswith(UNIT)
    }


def amount_rows(table_id: str) -> list[tuple[list[str], list[str]]]:
    """Each CSV line of a table as (its texts, its amounts)."""
    spec = next(spec for spec in TEMPLATE.tables if spec.id == table_id)
    header, *rows = read_rows(DATA / PUBLICATION / spec.file)
    amounts = [header.index(column.id) for column in spec.columns if column.type == "amount"]
    texts = [header.index(column.id) for column in spec.columns if column.type in ("name", "label", "text")]
    return [([row[i] for i in texts if row[i]], [row[i] for i in amounts]) for row in rows]


def is_zero(amounts: list[str]) -> bool:
    return not any(Decimal(amount) for amount in amounts if amount.strip())


def test_names_of_rows_with_money_are_indexed_and_amounts_are_not(built_site: Path) -> None:
    indexed = sections(built_site)
    rows = amount_rows("06")
    assert rows
    for names, amounts in rows:
        if is_zero(amounts):
            continue
        assert all(name.replace(" ", "") in indexed["#table-6"] for name in names), names
        for amount in amounts:
            printed = f"{Decimal(amount):,.2f}"
            assert printed not in indexed["#table-6"], (names, printed)


def test_rows_of_zeros_header_rows_and_glossary_copies_are_left_out(built_site: Path) -> None:
    indexed = sections(built_site)
    rows = amount_rows("01")
    zero_names = [name for names, amounts in rows if is_zero(amounts) for name in names]
    assert zero_names, "the seed's Table 1 has rows of zeros"
    for name in zero_names:
        assert name not in indexed["#table-1"], name
    spec = next(spec for spec in TEMPLATE.tables if spec.id == "05")
    header_texts = [column.header_zh[-1] for column in spec.columns if column.type == "amount"]
    assert all(text not in indexed["#table-5"] for text in header_texts), header_texts
    # Part 4 repeats the glossary page, which is where a term search should lead.
    assert indexed["#part-4"] == ""


def test_prose_keeps_its_computed_figures(built_site: Path) -> None:
    indexed = sections(built_site)
    change = indexed["#part-3-change"]
    assert re.search(r"\d+\.\d+万元", change), change
    english = sections(built_site, edition="en")
    assert re.search(r"\d", english["#part-3-change"])
