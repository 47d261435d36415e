"""The built unit page read as a reader's browser would: every table compared cell by cell with the
data files, the table headers with the spec, Part 3 with the published text.

The expected cells are worked out here from the CSV files and the spec, not by the rendering code.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from test_seed_fidelity import AMOUNT, SECTIONS

from conftest import DATA, PUBLICATION, SEED_TEXT, read_rows
from macros.template.specs import TableSpec, load_template

TEMPLATE = load_template(DATA / "templates" / "guangzhou-department.yaml")
UNIT_PAGE = Path("2024/liwan-digital-gov/index.html")


def soup_of(site: Path, page: Path) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def table_element(soup: BeautifulSoup, table_id: str) -> Tag:
    heading = soup.find(id=f"table-{int(table_id)}")
    assert heading is not None, f"no anchor table-{int(table_id)}"
    table = heading.find_next("table")
    assert table is not None
    return table


def printed_row(spec: TableSpec, header: list[str], row: list[str]) -> list[str]:
    """The cells a reader should see for one CSV line, in order (independent of macros/rendering/tables.py)."""
    cells = []
    code = next((column.id for column in spec.columns if column.type.endswith("_code")), None)
    for column in spec.columns:
        if not column.header_zh:
            continue  # not printed: row types, Table 11's economic codes
        value = row[header.index(column.id)]
        if spec.code_display == "bracketed" and column.type.endswith("_code"):
            continue
        if spec.code_display == "bracketed" and column.type == "name" and code:
            code_value = row[header.index(code)]
            value = f"[{code_value}]{value}" if code_value else value
        cells.append(value)
    return cells


def same_cell(shown: str, expected: str) -> bool:
    if re.fullmatch(r"[\d,]+\.\d{2}", shown) and expected:
        return Decimal(shown.replace(",", "")) == Decimal(expected) and shown == f"{Decimal(expected):,.2f}"
    return shown == expected


@pytest.mark.parametrize("spec", TEMPLATE.tables, ids=[spec.file for spec in TEMPLATE.tables])
def test_table_cells_equal_the_data(spec: TableSpec, built_site: Path) -> None:
    table = table_element(soup_of(built_site, UNIT_PAGE), spec.id)
    rows = read_rows(DATA / PUBLICATION / spec.file)
    header, body = rows[0], rows[1:]
    shown_rows = [
        [cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")
    ]
    assert len(shown_rows) == len(body), "every line of the file, zero lines too, in order"
    for line, (shown, row) in enumerate(zip(shown_rows, body, strict=True), start=2):
        expected = printed_row(spec, header, row)
        assert len(shown) == len(expected), f"{spec.file}:{line}: {shown} vs {expected}"
        for shown_cell, expected_cell in zip(shown, expected, strict=True):
            assert same_cell(shown_cell, expected_cell.strip()), (
                f"{spec.file}:{line}: {shown_cell!r} != {expected_cell!r}"
            )


@pytest.mark.parametrize("spec", TEMPLATE.tables, ids=[spec.file for spec in TEMPLATE.tables])
def test_table_header_is_the_official_one(spec: TableSpec, built_site: Path) -> None:
    """Every printed header cell appears, grouped cells spanning the columns they group."""
    table = table_element(soup_of(built_site, UNIT_PAGE), spec.id)
    printed = [column for column in spec.columns if column.header_zh]
    head_cells = table.thead.find_all("th")
    texts = [cell.get_text(strip=True) for cell in head_cells]
    for column in printed:
        for cell in column.header_zh:
            assert cell in texts, f"{spec.file}: header “{cell}” missing"
    width = sum(int(cell.get("colspan", 1)) for cell in table.thead.tr.find_all("th"))
    body_width = len(table.tbody.tr.find_all(["th", "td"]))
    assert width == body_width, "the header spans exactly the body's columns"
    groups = {}
    for column in printed:
        if len(column.header_zh) > 1:
            groups[column.header_zh[0]] = groups.get(column.header_zh[0], 0) + 1
    for group, count in groups.items():
        if spec.code_display == "bracketed":
            continue
        cell = next(cell for cell in head_cells if cell.get_text(strip=True) == group)
        assert int(cell.get("colspan", 1)) == count, f"{spec.file}: “{group}” spans {count} columns"


@pytest.mark.parametrize("table_id", [spec.id for spec in TEMPLATE.tables])
def test_every_published_amount_is_in_the_matching_table(table_id: str, built_site: Path) -> None:
    table = table_element(soup_of(built_site, UNIT_PAGE), table_id)
    shown = [
        cell.get_text(strip=True).replace(",", "")
        for tr in table.tbody.find_all("tr")
        for cell in tr.find_all("td")
        if re.fullmatch(r"[\d,]+\.\d{2}", cell.get_text(strip=True))
    ]
    published = [amount for line in SECTIONS[table_id] for amount in AMOUNT.findall(line)]
    assert shown == published


def test_tables_have_captions_anchors_unit_and_notes(built_site: Path) -> None:
    soup = soup_of(built_site, UNIT_PAGE)
    for spec in TEMPLATE.tables:
        table = table_element(soup, spec.id)
        assert spec.title_zh in table.caption.get_text()
        figure = table.find_parent("figure")
        assert "单位：万元" in figure.get_text()
        assert figure.find(class_="budget-table__note").get_text().startswith("注：")


def test_parts_are_in_the_official_order(built_site: Path) -> None:
    soup = soup_of(built_site, UNIT_PAGE)
    headings = [heading.get_text(strip=True).rstrip("¶") for heading in soup.find_all("h2")]
    parts = [heading for heading in headings if heading.startswith("第")]
    assert [part[:4] for part in parts] == ["第一部分", "第二部分", "第三部分", "第四部分"]
    order = [soup.find(id=anchor).sourceline for anchor in ("part-1", "table-1", "table-12", "part-3", "part-4")]
    assert order == sorted(order)


def published_part3() -> str:
    """The published 情况说明, as one string without whitespace (PDF line breaks removed)."""
    text = SEED_TEXT.read_text(encoding="utf-8")
    part3 = text.split("## 第三部分 2024年部门预算情况说明")[1].split("## 第四部分")[0]
    lines = [line for line in part3.splitlines() if line.strip() and not line.startswith("#")]
    return re.sub(r"\s+", "", "".join(lines))


def test_part3_is_the_published_text(built_site: Path) -> None:
    """Every figure and word of 情况说明, computed from the data, equals the published text."""
    soup = soup_of(built_site, UNIT_PAGE)
    start, end = soup.find(id="part-3"), soup.find(id="part-4")
    pieces = []
    for element in start.find_all_next(["p", "th", "td"]):
        if element.sourceline >= end.sourceline:
            break
        if element.find_parent("figure", class_="budget-chart") is None:  # charts are ours, not the text's
            pieces.append(element.get_text())
    ours = re.sub(r"\s+", "", "".join(pieces))
    assert ours == published_part3()


def test_glossary_part_lists_the_publications_terms(built_site: Path) -> None:
    soup = soup_of(built_site, UNIT_PAGE)
    part4 = soup.find(id="part-4").find_next("div")
    published = SEED_TEXT.read_text(encoding="utf-8").split("## 第四部分 名词解释")[1]
    terms = re.findall(r"\*\*(.+?)：\*\*", published)
    assert [strong.get_text().rstrip("：") for strong in part4.find_all("strong")] == terms
