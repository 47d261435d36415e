"""Ranking by class and comparing units or years (issue 17), in Chromium with every request outside loopback
blocked, on a synthetic district's site: the views' figures equal the CSV files' (read here, not through the
site's code); without JavaScript the full tables are there.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page
from test_synthetic_district import synthesize

from conftest import block_outside, build_site
from macros.checking.validation import ValidationResult, validate
from macros.model.publication import Publication
from scripts.screenshot import serve

PER_WAN = {"万元": Decimal(1), "元": Decimal(10000)}
CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> tuple[ValidationResult, str, Path]:
    folder = tmp_path_factory.mktemp("compare")
    synthesize(folder / "data", units=5, years=2, seed=11)
    result = validate(folder / "data")
    assert result.problems == []
    built = build_site(folder / "site", data_dir=folder / "data")
    assert built.returncode == 0, built.stderr
    return result, "", folder / "site"


@pytest.fixture(scope="module")
def site(district: tuple[ValidationResult, str, Path]) -> Iterator[str]:
    server = serve(district[2])
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A reader's browser that can reach nothing but the site: anything else fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside = block_outside(context)
    yield context
    context.close()
    assert outside == []


def opened(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: errors.append(response.url) if response.status >= 400 else None)
    page.goto(url, wait_until="networkidle")
    assert errors == []
    return page


def classes_in_csv(publication: Publication, *, unit: str) -> dict[str, Decimal]:
    """A publication's function classes from its split table's file (3-digit lines), in ``unit``."""
    summary = publication.template.summary
    assert summary is not None
    spec = publication.template.table(summary.split_table)
    with (publication.folder / spec.file).open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.DictReader(handle))
    code_column = next(iter(lines[0]))
    factor = PER_WAN[unit] / PER_WAN[spec.unit or publication.facts.data["amount_unit"]]
    found = {
        line[code_column]: Decimal(line[summary.function_classes.columns[0]] or 0) * factor
        for line in lines
        if len(line[code_column]) == 3
    }
    found["total"] = sum(
        (Decimal(line[column]) * factor for line in lines if not line[code_column] for column in ("basic", "project")),
        Decimal(0),
    )
    return found


def year_unit(publications: list[Publication]) -> str:
    units = {publication.unit_of(publication.template.table("03")) for publication in publications}
    return "万元" if "万元" in units or len(units) > 1 else units.pop()


def amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "").strip())


def budgets(result: ValidationResult, year: int) -> list[Publication]:
    return [
        each
        for (each_year, _), each in sorted(result.publications.items())
        if each_year == year and each.kind == "budget"
    ]


def test_ranking_by_a_function_class(
    context: BrowserContext, site: str, district: tuple[ValidationResult, str, Path]
) -> None:
    result = district[0]
    year = max(year for year, _ in result.publications)
    publications = budgets(result, year)
    unit = year_unit(publications)
    expected = {each.facts.data["name_zh"]: classes_in_csv(each, unit=unit) for each in publications}
    page = opened(context, f"{site}{year}/")
    select = page.locator(".class-ranking[data-kind=budget] select")
    values = select.locator("option").evaluate_all("options => options.map(option => option.value)")
    codes = [value.split(":")[1] for value in values if value.startswith("function:")]
    code = codes[-1]  # a class not every unit spends on, if there is one
    select.select_option(f"function:{code}")
    rows = page.locator(".class-ranking[data-kind=budget] tbody tr")
    shown = [(row.locator("th").inner_text(), amount(row.locator("td").nth(1).inner_text())) for row in rows.all()]
    want = sorted(
        ((name, classes[code].quantize(CENT)) for name, classes in expected.items() if classes.get(code, 0) > 0),
        key=lambda item: -item[1],
    )
    assert shown == want
    assert f"class-budget=function%3A{code}" in page.url or f"class-budget=function:{code}" in page.url


def test_three_units_compared(context: BrowserContext, site: str, district: tuple[ValidationResult, str, Path]) -> None:
    result = district[0]
    year = max(year for year, _ in result.publications)
    publications = budgets(result, year)[:3]
    unit = year_unit(budgets(result, year))
    page = opened(context, f"{site}{year}/compare/")
    assert page.locator(".budget-compare__static").is_hidden()
    for publication in publications:
        page.locator(f".compare-choices input[value='{publication.publication_id}']").check()
    header = [cell.inner_text().strip() for cell in page.locator(".compare-output thead th").all()[1:]]
    assert header == [each.facts.data["name_zh"] for each in publications]
    lines = {
        row.locator("th").inner_text(): [amount(cell.inner_text()) for cell in row.locator("td").all()]
        for row in page.locator(".compare-output tbody tr").all()
    }
    expected = [classes_in_csv(each, unit=unit) for each in publications]
    assert lines["支出总计"] == [each["total"].quantize(CENT) for each in expected]
    for name, values in lines.items():
        code = name.split(" ")[0]
        if code.isdigit():
            assert values == [each.get(code, Decimal(0)).quantize(CENT) for each in expected], name
    assert "units=" in page.url  # the choice is in the address, to share
    again = opened(context, page.url)
    assert [cell.inner_text().strip() for cell in again.locator(".compare-output thead th").all()[1:]] == header
    # a fourth may be added, not a fifth
    others = [each for each in budgets(result, year) if each not in publications]
    page.locator(f".compare-choices input[value='{others[0].publication_id}']").check()
    assert page.locator(f".compare-choices input[value='{others[1].publication_id}']").is_disabled()


def test_one_unit_over_the_years(
    context: BrowserContext, site: str, district: tuple[ValidationResult, str, Path]
) -> None:
    result = district[0]
    years = sorted({year for year, _ in result.publications})
    unit_id = budgets(result, years[-1])[0].unit_id
    page = opened(context, f"{site}en/{years[-1]}/compare/?mode=years&unit={unit_id}")
    header = [cell.inner_text().strip() for cell in page.locator(".compare-output thead th").all()[1:]]
    assert header == [str(year) for year in years]
    totals = [amount(cell.inner_text()) for cell in page.locator(".compare-output tbody tr").first.locator("td").all()]
    publications = [result.publications[(year, unit_id)] for year in years]
    unit = "万元" if any(year_unit(budgets(result, year)) == "万元" for year in years) else "元"
    assert totals == [classes_in_csv(each, unit=unit)["total"].quantize(CENT) for each in publications]


def test_without_javascript_the_full_tables_are_there(
    browser: Browser, site: str, district: tuple[ValidationResult, str, Path]
) -> None:
    result = district[0]
    year = max(year for year, _ in result.publications)
    publications = budgets(result, year)
    unit = year_unit(publications)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site}{year}/")
        table = page.locator(".class-ranking__table").first
        heads = [cell.inner_text().split(" ")[0] for cell in table.locator("thead th").all()[1:]]
        for row in table.locator("tbody tr").all():
            name = row.locator("th").inner_text()
            publication = next(each for each in publications if each.facts.data["name_zh"] == name)
            classes = classes_in_csv(publication, unit=unit)
            values = [amount(cell.inner_text()) for cell in row.locator("td").all()]
            assert values == [classes.get(code, Decimal(0)).quantize(CENT) for code in heads], name
        page.goto(f"{site}{year}/compare/")
        assert page.locator(".budget-compare__static").is_visible()
        assert page.locator(".budget-compare__static tbody tr").count() == len(
            [each for (each_year, _), each in result.publications.items() if each_year == year]
        )
    finally:
        context.close()
