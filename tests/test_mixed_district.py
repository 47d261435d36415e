"""A district that mixes templates: Guangzhou's (万元) and Shanghai's (元) publications in one year.

Figures stay as published; year pages, the ranking and the district overview convert them to one
unit (the larger, 万元) for display and sums, and say so.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import PUBLICATION, RANKING_UNITS, read_rows
from macros.checking.validation import ValidationResult, validate
from macros.website import pages

YEAR = 2025


@pytest.fixture
def mixed(data_copy: Path) -> ValidationResult:
    """The Guangzhou seed moved into 2025, beside the Shanghai publication."""
    moved = data_copy / str(YEAR) / PUBLICATION.name
    shutil.move(data_copy / PUBLICATION, moved)
    facts = moved / "publication.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("year: 2024", f"year: {YEAR}"), encoding="utf-8")
    data = validate(data_copy)
    assert data.ok, [found.format() for found in data.problems]
    return data


def expenditure_total(folder: Path, file: str, *, row: str, column: str) -> Decimal:
    rows = read_rows(folder / file)
    header = rows[0]
    line = next(cells for cells in rows[1:] if row in cells)
    return Decimal(line[header.index(column)])


def test_the_year_page_shows_both_in_ten_thousand_yuan_and_says_so(mixed: ValidationResult, data_copy: Path) -> None:
    page = pages.year_page(mixed, YEAR, ranking_units=RANKING_UNITS, lang="zh")
    shanghai = expenditure_total(
        data_copy / str(YEAR) / "putuo-govoffice", "03-expenditure-summary.csv", row="合计", column="total"
    )
    guangzhou = expenditure_total(
        data_copy / str(YEAR) / PUBLICATION.name, "03-expenditure-summary.csv", row="合计", column="total"
    )
    assert "支出总计（万元，已换算）" in page
    assert f"| {shanghai / 10000:,.2f} |" in page  # 91,016,775.35 元 shown as 9,101.68 万元
    assert f"| {guangzhou:,.2f} |" in page  # 万元 as published
    assert page.index("上海市普陀区人民政府办公室") < page.index("广州市荔湾区数字政府运营中心")  # ranked by total
    english = pages.year_page(mixed, YEAR, ranking_units=RANKING_UNITS, lang="en")
    assert "10,000 yuan (CNY), converted" in english


def test_the_district_overview_sums_in_one_unit(mixed: ValidationResult, data_copy: Path) -> None:
    page = pages.year_page(mixed, YEAR, ranking_units=RANKING_UNITS, lang="zh")
    shanghai = expenditure_total(
        data_copy / str(YEAR) / "putuo-govoffice", "03-expenditure-summary.csv", row="201", column="total"
    )
    guangzhou = expenditure_total(
        data_copy / str(YEAR) / PUBLICATION.name, "03-expenditure-summary.csv", row="201", column="total"
    )
    assert f"| 201 一般公共服务支出 | {shanghai / 10000 + guangzhou:,.2f} |" in page


def test_each_publication_keeps_its_own_unit(mixed: ValidationResult) -> None:
    shanghai = pages.publication_page(mixed, YEAR, "putuo-govoffice", lang="zh")
    guangzhou = pages.publication_page(mixed, YEAR, PUBLICATION.name, lang="zh")
    assert '<dt>支出总计（元）</dt><dd><span class="glance__figure">91,016,775.35</span>' in shanghai
    assert "支出总计（万元）" in guangzhou


def test_a_year_of_one_unit_is_shown_as_published(mixed: ValidationResult) -> None:
    data = validate(Path(__file__).resolve().parent.parent / "data")
    page = pages.year_page(data, YEAR, ranking_units=RANKING_UNITS, lang="zh")
    assert "支出总计（元）" in page and "已换算" not in page
