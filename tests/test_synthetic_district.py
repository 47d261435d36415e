"""The synthetic district: valid data shaped like real publications, the same bytes for the same seed,
and a site that builds from it."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from conftest import REPO, build_site
from macros.checking.validation import validate

SCRIPT = REPO / "scripts" / "synth_district.py"


def synthesize(out: Path, *, units: int = 3, years: int = 2, seed: int = 7) -> None:
    command = [
        sys.executable,
        str(SCRIPT),
        "--units",
        str(units),
        "--years",
        str(years),
        "--seed",
        str(seed),
        "--out",
        str(out),
    ]
    subprocess.run(command, check=True, cwd=REPO)


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("district") / "data"
    synthesize(out)
    return out


def test_the_district_is_valid_and_shaped_like_real_budgets(district: Path) -> None:
    result = validate(district)
    assert result.problems == []
    assert len(result.publications) == 6
    for publication in result.publications.values():
        wages = publication.tables["06"].rows_keyed("301")[0].amounts["amount"]
        basic = publication.tables["06"].rows_keyed("total")[0].amounts["amount"]
        assert wages > basic / 2, "most money in 工资福利支出"
        three_public = publication.tables["08"].rows_keyed("three_public")[0].amounts["total"]
        assert three_public < basic / 100, "三公 tiny or zero"


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path, district: Path) -> None:
    again = tmp_path / "again"
    synthesize(again)
    files = sorted(path.relative_to(district) for path in district.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(again) for path in again.rglob("*") if path.is_file())
    assert all((district / name).read_bytes() == (again / name).read_bytes() for name in files)


@pytest.fixture(scope="module")
def district_site(tmp_path_factory: pytest.TempPathFactory, district: Path) -> Path:
    site = tmp_path_factory.mktemp("district-site") / "site"
    result = build_site(site, data_dir=district)
    assert result.returncode == 0, result.stderr
    return site


def test_the_site_builds_from_the_district(district_site: Path) -> None:
    assert (district_site / "2025" / "unit-001" / "index.html").is_file()
    assert (district_site / "en" / "2024" / "unit-003" / "index.html").is_file()


def test_the_unit_list_filters_as_you_type(district_site: Path, browser: Browser) -> None:
    """Type part of one unit's name on a year page: only that unit's line stays."""
    from scripts.screenshot import serve

    server = serve(district_site)
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/2024/")
        units = ".units-filter + .md-typeset__scrollwrap table tbody"
        rows = page.locator(f"{units} tr")
        names = [name.strip() for name in rows.locator("td:first-child").all_inner_texts()]
        assert len(names) == 3
        target = names[1]
        page.locator("input.units-filter__input").fill(target[-4:])
        page.locator("input.units-filter__input").press("End")
        visible = [name.strip() for name in page.locator(f"{units} tr:not([hidden]) td:first-child").all_inner_texts()]
        assert visible == [target]
        page.locator("input.units-filter__input").fill("")
        page.locator("input.units-filter__input").press("End")
        page.locator("button.units-sort").nth(1).click()  # by total, ascending
        totals = [float(text.replace(",", "")) for text in rows.locator("td:nth-child(2)").all_inner_texts()]
        assert totals == sorted(totals)
    finally:
        page.close()
        server.shutdown()


def test_unit_pages_link_the_other_years_and_year_pages_sum_the_district(district_site: Path, district: Path) -> None:
    from bs4 import BeautifulSoup

    page = BeautifulSoup(
        (district_site / "2024" / "unit-002" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    years = page.find(id="years").find_next("table")
    assert [link["href"] for link in years.find_all("a")] == ["../../2025/unit-002/"]
    assert page.find("figure", id="chart-2025-unit-002-multi_year-zh")
    overview = BeautifulSoup((district_site / "2024" / "index.html").read_text(encoding="utf-8"), "html.parser")
    table = overview.find(id="overview").find_next("table")
    shown = sum(Decimal(row.find_all("td")[1].get_text().replace(",", "")) for row in table.tbody.find_all("tr"))
    result = validate(district)
    expected = sum(
        publication.tables["03"].rows_keyed("total")[0].amounts["total"]
        for (year, _), publication in result.publications.items()
        if year == 2024
    )
    assert shown == expected
