"""Budget versus actual (issue 16): a unit's 决算 beside its 预算 of the same year.

A synthetic district where each unit publishes both kinds: the execution view's figures are recomputed here
from the CSV files; a 年初预算数 that differs from the 预算 is reported at its place, naming the 预算's file;
the finance bureau's real 决算 (no 预算 of it in data/) compares with the 年初预算数 it prints itself.
"""

from __future__ import annotations

import csv
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from test_synthetic_district import synthesize

from conftest import DATA, RANKING_UNITS
from macros.checking.execution import budget_of, execution_view
from macros.checking.validation import ValidationResult, validate
from macros.model.publication import Publication
from macros.reading.amounts import convert_amount
from macros.template.specs import TemplateError, load_template
from macros.website import pages

CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("execution") / "data"
    synthesize(out, units=2, years=1, seed=3)
    return out


@pytest.fixture(scope="module")
def checked(district: Path) -> ValidationResult:
    result = validate(district)
    assert result.problems == []
    return result


def finals(result: ValidationResult) -> list[Publication]:
    return [each for each in result.publications.values() if each.kind == "final"]


def class_amounts(publication: Publication, name: str, *, unit: str) -> dict[str, Decimal]:
    """A comparable's function classes, read from the CSV file itself (its 3-digit lines), in ``unit``."""
    source = publication.template.comparable[name]
    spec = publication.template.table(source.table)
    code_column = spec.code_column
    assert code_column is not None
    with (publication.folder / spec.file).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    table_unit = spec.unit or publication.facts.data["amount_unit"]
    return {
        row[code_column.id]: convert_amount(
            Decimal(row[source.column] or 0), from_unit=table_unit, to_unit=unit
        ).quantize(CENT, rounding=ROUND_HALF_UP)
        for row in rows
        if len(row[code_column.id]) == 3
    }


def page_table(publication: Publication, data: ValidationResult, *, lang: str) -> list[list[str]]:
    """The first table of the page's budget versus actual section, cell by cell."""
    html = markdown.markdown(
        pages.publication_page(data, *publication.key, lang=lang), extensions=["attr_list", "md_in_html", "tables"]
    )
    section = BeautifulSoup(html, "html.parser").find(id="execution")
    assert section is not None
    table = section.find_next("table", class_="execution-table")
    return [[cell.get_text() for cell in row.find_all(["th", "td"])] for row in table.tbody.find_all("tr")]


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", "").rstrip("%"))


def test_each_unit_has_both_kinds_and_its_final_accounts_find_its_budget(checked: ValidationResult) -> None:
    for final in finals(checked):
        budget = budget_of(final, checked.publications)
        assert budget is not None
        assert (budget.unit_id, budget.year, budget.kind) == (final.unit_id, final.year, "budget")
        assert final.publication_id == f"{final.unit_id}-final"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_shows_budget_actual_difference_and_rate_recomputed_from_the_csv(
    checked: ValidationResult, lang: str
) -> None:
    for final in finals(checked):
        budget = budget_of(final, checked.publications)
        assert budget is not None
        spec = final.template.execution
        assert spec is not None
        unit = final.facts.data["amount_unit"]
        budgets = class_amounts(budget, spec.classes, unit=unit)
        actuals = class_amounts(final, spec.classes, unit=unit)
        rows = page_table(final, checked, lang=lang)
        shown = {row[0].split()[0]: row for row in rows[:-1]}
        assert set(shown) == set(budgets) | set(actuals)
        for code, row in shown.items():
            expected_budget, actual = budgets.get(code, Decimal(0)), actuals.get(code, Decimal(0))
            assert number(row[1]) == expected_budget
            assert number(row[2]) == actual
            assert number(row[3]) == actual - expected_budget
            if expected_budget:
                assert number(row[4]) == (actual / expected_budget * 100).quantize(CENT, rounding=ROUND_HALF_UP)
            else:
                assert row[4] == "—"
        differences = [abs(number(row[3])) for row in rows[:-1]]
        assert differences == sorted(differences, reverse=True)  # the largest deviations first


def test_the_budget_and_final_pages_link_each_other(checked: ValidationResult) -> None:
    final = finals(checked)[0]
    budget = budget_of(final, checked.publications)
    assert budget is not None
    for page, other in ((final, budget), (budget, final)):
        html = markdown.markdown(pages.publication_page(checked, *page.key, lang="zh"), extensions=["md_in_html"])
        links = [link["href"] for link in BeautifulSoup(html, "html.parser").select(".publication-kinds a")]
        assert links == [f"../{other.year}/{other.publication_id}.md"]


def test_the_year_page_sums_the_district_execution(checked: ValidationResult) -> None:
    html = markdown.markdown(
        pages.year_page(checked, 2024, ranking_units=RANKING_UNITS, lang="zh"), extensions=["attr_list", "md_in_html"]
    )
    section = BeautifulSoup(html, "html.parser").find(id="district-execution")
    assert section is not None
    total = section.find_next("table").tbody.find_all("tr")[-1]
    cells = [cell.get_text() for cell in total.find_all(["th", "td"])]
    views = [execution_view(final, budget_of(final, checked.publications)) for final in finals(checked)]
    budget = sum((view.total.budget or Decimal(0) for view in views if view), Decimal(0))
    actual = sum((view.total.actual for view in views if view), Decimal(0))
    assert (number(cells[1]), number(cells[2])) == (budget, actual)
    assert number(cells[4]) == (actual / budget * 100).quantize(CENT, rounding=ROUND_HALF_UP)
    assert f"{number(cells[4])}%" in section.find_next("p").get_text()


def test_an_initial_budget_that_differs_from_the_budget_is_reported_naming_both_files(
    district: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "data"
    shutil.copytree(district, copy)
    facts = copy / "2024" / "unit-001-final" / "publication.yaml"
    lines = facts.read_text(encoding="utf-8").splitlines()
    index = next(number for number, line in enumerate(lines) if line.strip().startswith("general_budget_initial:"))
    key, value = lines[index].split(":")
    lines[index] = f"{key}: {Decimal(value) + 1}"
    facts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = validate(copy).problems
    assert [(Path(each.path), each.line, each.code) for each in problems] == [
        (facts, index + 1, "INITIAL_BUDGET_MISMATCH")
    ]
    message = problems[0].message(lang="zh")
    assert "2024/unit-001/" in message and "explanation.general_budget_initial" in message
    assert "2024/unit-001/" in problems[0].message(lang="en")


def test_a_printed_initial_budget_in_a_table_is_checked_too(district: Path, tmp_path: Path) -> None:
    """Table 7 of the 决算 prints the “three public expenses” budget: it must be the 预算's."""
    copy = tmp_path / "data"
    shutil.copytree(district, copy)
    table = copy / "2024" / "unit-002-final" / "07-three-public.csv"
    rows = list(csv.reader(table.open(encoding="utf-8")))
    column = rows[0].index("reception_budget")
    rows[1][column] = str(Decimal(rows[1][column] or 0) + 1)
    total = rows[0].index("total_budget")  # the table still adds up: only the 预算 disagrees
    rows[1][total] = str(Decimal(rows[1][total] or 0) + 1)
    with table.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    found = {(Path(each.path), each.line, each.column) for each in validate(copy).problems}
    assert found == {(table, 2, column + 1), (table, 2, total + 1)}


def test_the_finance_bureau_compares_with_the_initial_budget_it_prints() -> None:
    data = validate(DATA)
    final = data.publications[(2024, "putuo-finance-bureau-final")]
    assert budget_of(final, data.publications) is None
    view = execution_view(final, None)
    assert view is not None
    items = final.facts.data["explanation"]["general_budget_items"]
    printed: dict[str, Decimal] = {}
    for code, item in items.items():
        printed[str(code)[:3]] = printed.get(str(code)[:3], Decimal(0)) + Decimal(str(item["initial_budget"]))
    assert {line.key: line.budget for line in view.classes} == printed
    assert view.total.budget == Decimal(str(final.facts.data["explanation"]["general_budget_initial"]))
    with (final.folder / "05-general-budget-by-function.csv").open(encoding="utf-8-sig", newline="") as handle:
        actual = next(Decimal(row["total"]) for row in csv.DictReader(handle) if not row["function_code"])  # 合计
    initial = Decimal(str(final.facts.data["explanation"]["general_budget_initial"]))
    rate = (actual / initial * 100).quantize(CENT, rounding=ROUND_HALF_UP)
    rows = page_table(final, data, lang="en")
    assert rows[-1][1:5] == [f"{initial:,.2f}", f"{actual:,.2f}", f"{actual - initial:,.2f}", f"{rate}%"]


def test_execution_belongs_to_final_accounts_templates(data_copy: Path) -> None:
    path = data_copy / "templates" / "shanghai-final-accounts.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nkind: final\n", "\nkind: budget\n"), encoding="utf-8")
    with pytest.raises(TemplateError, match="execution: budget versus actual belongs to a final accounts template"):
        load_template(path)


def test_execution_names_comparables_of_its_template(data_copy: Path) -> None:
    path = data_copy / "templates" / "shanghai-final-accounts.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  total: general_budget\n", "  total: no_such_amount\n"), encoding="utf-8")
    with pytest.raises(TemplateError, match="no_such_amount is not a comparable amount"):
        load_template(path)


def test_a_code_the_dictionary_lacks_is_left_out_of_the_comparison(data_copy: Path) -> None:
    """An item of the 决算's facts under a code no classification has (a typing slip) breaks no page."""
    facts = data_copy / "2024" / "putuo-finance-bureau-final" / "publication.yaml"
    text = facts.read_text(encoding="utf-8")
    assert "  general_budget_items:\n" in text
    slip = "  general_budget_items:\n    '9990101':\n      purpose:\n        zh: 试\n        en: test\n      initial_budget: 1.0\n"
    facts.write_text(text.replace("  general_budget_items:\n", slip), encoding="utf-8")
    data = validate(data_copy)
    final = data.publications[(2024, "putuo-finance-bureau-final")]
    view = execution_view(final, None)
    assert view is not None and "999" not in {line.key for line in view.classes}
    assert "预算执行情况" in pages.publication_page(data, 2024, "putuo-finance-bureau-final", lang="zh")
