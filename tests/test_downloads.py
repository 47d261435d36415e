"""Open data out: the files each page links exist and hold the page's amounts; the packages are valid."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from frictionless import validate as frictionless_validate
from openpyxl import load_workbook

UNIT_PAGES = ("2024/liwan-digital-gov/index.html", "en/2024/liwan-digital-gov/index.html")


def page_tables(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def shown_amounts(table) -> list[Decimal]:
    return [
        Decimal(cell.get_text(strip=True).replace(",", ""))
        for tr in table.tbody.find_all("tr")
        for cell in tr.find_all("td", class_="num")
        if cell.get_text(strip=True)
    ]


@pytest.mark.parametrize("page", UNIT_PAGES)
def test_each_table_links_its_csv_with_the_same_amounts(built_site: Path, page: str) -> None:
    soup = page_tables(built_site, page)
    bars = soup.select("div.budget-share--table")
    assert len(bars) == 12
    for number, bar in enumerate(bars, start=1):
        target = (built_site / page).parent / bar.select_one("a[download]")["href"]
        raw = target.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for Excel"
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        table = soup.find(id=f"table-{number}").find_next("table")
        amounts = [
            Decimal(value)
            for row in rows[1:]
            for name, value in zip(rows[0], row, strict=True)
            if re.fullmatch(r"\d+\.\d{2}", value) and not name.endswith("code")
        ]
        assert amounts == shown_amounts(table), target.name


@pytest.mark.parametrize("page", UNIT_PAGES)
def test_the_workbook_holds_every_table_with_the_pages_amounts(built_site: Path, page: str) -> None:
    soup = page_tables(built_site, page)
    link = soup.find("p", class_="publication-downloads").find("a", href=re.compile(r"\.xlsx$"))
    book = load_workbook((built_site / page).parent / link["href"])
    assert len(book.sheetnames) == 12
    for number, sheet in enumerate(book.worksheets, start=1):
        numbers = [
            Decimal(f"{cell:.2f}")
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if isinstance(cell, float | int)
        ]
        assert numbers == shown_amounts(soup.find(id=f"table-{number}").find_next("table")), sheet.title
        assert sheet["A1"].value.startswith(("表", "Table"))


def test_fiscal_data_packages_are_valid(built_site: Path) -> None:
    packages = [
        built_site / "downloads" / "datapackage.json",
        built_site / "downloads" / "2024" / "liwan-digital-gov" / "datapackage.json",
    ]
    for package in packages:
        report = frictionless_validate(str(package))
        assert report.valid, report.flatten(["rowNumber", "fieldNumber", "type", "note"])
    import json

    model = json.loads(packages[1].read_text(encoding="utf-8"))["model"]
    measure = next(iter(model["measures"].values()))
    assert measure["currency"] == "CNY" and measure["factor"] == 10000 and measure["phase"] == "proposed"
    directions = {
        key.rsplit("-", 1)[-1]: value["direction"] for key, value in model["measures"].items() if "-01-" in key
    }
    assert directions == {"income_amount": "revenue", "expenditure_amount": "expenditure"}
    assert {"fiscal-period", "administrative-classification"} <= set(model["dimensions"])


def test_downloads_page_and_yearly_archive(built_site: Path) -> None:
    notes = {"downloads/index.html": "英文单引号", "en/downloads/index.html": "gets a leading"}
    for page in ("downloads/index.html", "en/downloads/index.html"):
        soup = page_tables(built_site, page)
        assert notes[page] in soup.find("article").get_text(), "the page says how formula-like cells are written"
        hrefs = [link["href"] for link in soup.find("article").find_all("a", href=True)]
        for href in hrefs:
            if href.endswith((".zip", ".xlsx", ".json", ".csv")):
                assert ((built_site / page).parent / href).resolve().is_file(), href
        assert any(href.endswith("2024.zip") for href in hrefs)
