"""The synthetic district: valid data for every template with an exemplar (each unit's 预算 and, with
--kinds budget,final, its 决算 beside it), the same bytes for the same seed, and a site that builds from it."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from conftest import DATA, PUBLICATION, REPO, build_site, set_cell
from macros.checking.validation import ValidationResult, validate
from macros.model.publication import Publication
from macros.website.totals import expenditure_total, shown_unit

SCRIPT = REPO / "scripts" / "synth_district.py"
TEMPLATES = {"guangzhou-department", "shanghai-department-budget", "shanghai-final-accounts"}  # each has one in data/
YEARLY_CHANGE = Decimal("0.12")  # k moves by at most 2 from 19 or more a year


BOTH = "budget,final"


def synthesize(
    out: Path,
    *,
    units: int = 3,
    years: int = 2,
    seed: int = 7,
    templates: tuple[str, ...] = (),
    kinds: str = BOTH,
) -> None:
    command = [sys.executable, str(SCRIPT), "--units", str(units), "--years", str(years), "--seed", str(seed)]
    command += ["--out", str(out), *(argument for template in templates for argument in ("--template", template))]
    subprocess.run([*command, "--kinds", kinds], check=True, cwd=REPO)


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("district") / "data"
    synthesize(out)
    return out


@pytest.fixture(scope="module")
def checked(district: Path) -> ValidationResult:
    return validate(district)


@pytest.fixture(scope="module")
def exemplars() -> dict[str, Publication]:
    """The publications of data/ the district was made from: the newest of each template."""
    return {publication.template.id: publication for _, publication in sorted(validate(DATA).publications.items())}


def test_the_district_is_valid_and_mixes_the_templates(checked: ValidationResult) -> None:
    assert checked.problems == []
    assert len(checked.publications) == 12  # three units, two years, a 预算 and a 决算 each
    templates = {(folder, publication.template.id) for (_, folder), publication in checked.publications.items()}
    assert templates == {
        ("unit-001", "guangzhou-department"),
        ("unit-002", "shanghai-department-budget"),
        ("unit-003", "guangzhou-department"),
        ("unit-001-final", "shanghai-final-accounts"),
        ("unit-002-final", "shanghai-final-accounts"),
        ("unit-003-final", "shanghai-final-accounts"),
    }
    assert {template for _, template in templates} == TEMPLATES


def test_budgets_only_by_default(tmp_path: Path) -> None:
    out = tmp_path / "data"
    synthesize(out, units=2, years=1, kinds="budget")
    result = validate(out)
    assert result.problems == []
    assert {publication.kind for publication in result.publications.values()} == {"budget"}


def test_totals_are_positive_and_change_by_a_few_percent_a_year(checked: ValidationResult) -> None:
    """A 决算 follows its 预算's size (its k scaled to it, so a small k may move by more): budgets only."""
    for (year, folder), publication in checked.publications.items():
        total = expenditure_total(publication)
        assert total > 0
        prior = checked.publications.get((year - 1, folder))
        if prior is not None and publication.kind == "budget":
            assert abs(total - expenditure_total(prior)) <= YEARLY_CHANGE * expenditure_total(prior)


def test_every_amount_is_the_exemplars_times_one_whole_number(
    checked: ValidationResult, exemplars: dict[str, Publication]
) -> None:
    """Line for line the exemplar's tables times k, give or take k cents where the exemplar adds up only
    within rounding (the generator makes it exact first: a cell it moves by a cent is k cents off)."""
    for publication in checked.publications.values():
        exemplar = exemplars[publication.template.id]
        printed = printed_initial_cells(publication)  # a 决算's 年初预算数 are its 预算's, not k times its own
        total, exemplar_total = expenditure_total(publication), expenditure_total(exemplar)
        factor = round(total / exemplar_total)
        assert factor > 1 and abs(total - exemplar_total * factor) <= Decimal("0.02") * factor
        for table_id, table in publication.tables.items():
            original = exemplar.tables[table_id]
            assert [row.key for row in table.rows] == [row.key for row in original.rows]
            # making the exemplar exact moves a cell by up to two cents (its published sum may be that far off)
            step = 2 * Decimal(1).scaleb(-table.spec.precision)
            for row, before in zip(table.rows, original.rows, strict=True):
                for column, amount in row.amounts.items():
                    if (table_id, column) in printed:
                        continue
                    assert abs(amount - before.amounts[column] * factor) <= step * factor, (table_id, row.key, column)


def printed_initial_cells(publication: Publication) -> set[tuple[str, str]]:
    """The table columns where a 决算 prints its 年初预算数 (its template's execution: initial)."""
    spec = publication.template.execution
    references = [
        each.printed.reference(publication.template.explanation_figures)
        for each in (spec.initial if spec else ())
        if each.printed.figure
    ]
    return {(reference.split(":")[0], reference.split(":")[2]) for reference in references}


def test_an_exemplar_that_adds_up_within_rounding_is_made_exact(data_copy: Path) -> None:
    """Three more rounding differences than the seed has (two of its own, in Table 6): a cent each, moved
    onto cells no other identity reads, or taken back."""
    from scripts.synth_district import cell_amounts, exact_publication, holds, identities

    folder = data_copy / PUBLICATION
    set_cell(folder / "01-income-expenditure-summary.csv", line=2, column="income_amount", value="730.67")
    set_cell(folder / "03-expenditure-summary.csv", line=6, column="basic", value="454.11")
    set_cell(folder / "06-general-budget-basic-by-economic.csv", line=4, column="amount", value="62.47")
    result = validate(data_copy)
    assert result.problems == []
    published = result.publications[(2024, PUBLICATION.name)]
    exact = exact_publication(published)
    before, after = cell_amounts(published), cell_amounts(exact)
    assert all(holds(identity, after) for identity in identities(exact))
    assert not all(holds(identity, before) for identity in identities(published))
    changed = {cell: after[cell] - before[cell] for cell in before if after[cell] != before[cell]}
    assert len(changed) <= 5
    assert all(abs(change) <= Decimal("0.02") for change in changed.values())


def test_one_template_only(tmp_path: Path) -> None:
    out = tmp_path / "data"
    synthesize(out, units=2, years=2, templates=("shanghai-department-budget",), kinds="budget")
    result = validate(out)
    assert result.problems == []
    assert len(result.publications) == 4
    assert {publication.template.id for publication in result.publications.values()} == {"shanghai-department-budget"}


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
    assert (district_site / "2025" / "unit-002" / "index.html").is_file()
    assert (district_site / "en" / "2024" / "unit-003" / "index.html").is_file()


def test_the_unit_list_filters_as_you_type(district_site: Path, browser: Browser) -> None:
    """Type part of one unit's name on a year page: only that unit's line stays."""
    from scripts.screenshot import serve

    server = serve(district_site)
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/2024/")
        # the year's budgets (its 决算 follow in a table of their own, with a filter of their own)
        units = page.locator(".units-filter + .md-typeset__scrollwrap table tbody").first
        rows = units.locator("tr")
        field = page.locator("input.units-filter__input").first
        names = [name.strip() for name in rows.locator("td:first-child").all_inner_texts()]
        assert len(names) == 3
        target = names[1]
        field.fill(target[-4:])
        field.press("End")
        visible = [name.strip() for name in units.locator("tr:not([hidden]) td:first-child").all_inner_texts()]
        assert visible == [target]
        field.fill("")
        field.press("End")
        units.locator("xpath=ancestor::table").locator("button.units-sort").nth(1).click()  # by total, ascending
        totals = [float(text.replace(",", "")) for text in rows.locator("td:nth-child(2)").all_inner_texts()]
        assert totals == sorted(totals)
    finally:
        page.close()
        server.shutdown()


def test_unit_pages_link_the_other_years_and_year_pages_sum_the_district(
    district_site: Path, checked: ValidationResult
) -> None:
    from bs4 import BeautifulSoup

    page = BeautifulSoup(
        (district_site / "2024" / "unit-002" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    years = page.find(id="years").find_next("table")
    assert [link["href"] for link in years.find_all("a")] == ["../../2025/unit-002/"]
    assert page.find("figure", id="chart-2025-unit-002-multi_year")
    overview = BeautifulSoup((district_site / "2024" / "index.html").read_text(encoding="utf-8"), "html.parser")
    table = overview.find(id="overview").find_next("table")
    lines = table.tbody.find_all("tr")
    shown = sum(Decimal(row.find_all("td")[1].get_text().replace(",", "")) for row in lines)
    # a district of 元 and 万元 publications is summed in 万元, each class line rounded to the cent
    publications = [each for (year, _), each in checked.publications.items() if year == 2024 and each.kind == "budget"]
    unit, _ = shown_unit(publications)
    expected = sum(expenditure_total(publication, unit=unit) for publication in publications)
    assert abs(shown - expected) <= Decimal("0.005") * len(lines)


def test_a_unit_id_is_not_free_text() -> None:
    """unit-1900 (the 1,900th unit of a province) is an id: the text checks (a year out of range) leave it alone."""
    from macros.checking.content import check_years, publication_texts

    publication = next(iter(validate(DATA).publications.values()))
    publication.facts.data["unit"] = "unit-1900"
    assert not any("unit-1900" in text for text, *_ in publication_texts(publication))
    assert check_years(publication) == []


def test_a_large_year_lists_its_units_in_groups_by_rank(checked: ValidationResult) -> None:
    """More units than units_per_navigation_group: the year lists them in groups of that many, in rank order,
    each titled by its ranks; a year within the limit lists them as they are."""
    from macros.website.navigation import site_navigation
    from macros.website.site_data import publication_path, ranked, years

    year = years(checked)[0]
    expected = [publication_path(*publication.key) for publication in ranked(checked, year, kind="budget")]
    assert len(expected) == 3

    def year_entries(group: int) -> list[object]:
        return next(iter(site_navigation(checked, lang="zh", group=group)[1].values()))

    flat = [next(iter(entry.values())) for entry in year_entries(3)[4:] if isinstance(entry, dict)]
    assert flat[:3] == expected
    grouped = [entry for entry in year_entries(2)[4:] if isinstance(next(iter(entry.values())), list)]
    titles = [next(iter(entry)) for entry in grouped[:2]]
    assert titles == ["支出第 1–2 位", "支出第 3 位"]
    members = [next(iter(item.values())) for entry in grouped[:2] for item in next(iter(entry.values()))]
    assert members == expected
