"""一览 (at a glance, issue 17): the top of every publication page, in a real browser, against figures
recomputed here from the CSV files and publication.yaml (not through the site's code); and the template's
highlights checked when a template loads.
"""

from __future__ import annotations

import csv
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser

from conftest import DATA
from macros.checking.validation import ValidationResult, validate
from macros.model.publication import Publication
from macros.template.specs import TemplateError, load_template

TEMPLATES = DATA / "templates"
PER_WAN = {"万元": Decimal(1), "元": Decimal(10000)}  # amounts in a unit per 万元


@pytest.fixture(scope="module")
def data() -> ValidationResult:
    result = validate(DATA)
    assert result.problems == []
    return result


def csv_rows(publication: Publication, table_id: str) -> list[dict[str, str]]:
    spec = publication.template.table(table_id)
    with (publication.folder / spec.file).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "") or "0")


def share(part: Decimal, whole: Decimal) -> str:
    return str((part / whole * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def path_value(document: dict[str, Any], path: str) -> Any:
    value: Any = document
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def expected(data: ValidationResult, publication: Publication) -> dict[str, Any]:
    """The glance's figures from the files: the split table's total line, its class lines, the prior year's
    total (its folder, else publication.yaml), the highlight's cell and the 决算's execution rate."""
    summary = publication.template.summary
    assert summary is not None
    split_rows = csv_rows(publication, summary.split_table)
    code_column = next(iter(split_rows[0]))
    total_line = next(row for row in split_rows if not row[code_column])
    split = {word: amount(total_line[column]) for word, column in summary.split_columns.items()}
    total = sum(split.values(), Decimal(0))
    column = summary.function_classes.columns[0]
    classes = sorted(
        ((row["name"], amount(row[column])) for row in split_rows if len(row[code_column]) == 3),
        key=lambda item: -item[1],
    )
    facts = yaml.safe_load(publication.facts_path.read_text(encoding="utf-8"))
    unit = publication.unit_of(publication.template.table(summary.split_table))
    prior_folder = data.publications.get((publication.year - 1, publication.publication_id))
    prior: Decimal | None = None
    if prior_folder is not None:
        prior_split = next(row for row in csv_rows(prior_folder, summary.split_table) if not row[code_column])
        prior = sum((amount(prior_split[column]) for column in summary.split_columns.values()), Decimal(0))
    elif (stated := path_value(facts, f"{publication.template.prior_year_facts}.{summary.total}")) is not None:
        facts_unit = publication.template.facts_unit or facts["amount_unit"]
        prior = Decimal(str(stated)) * PER_WAN[unit]
        prior /= PER_WAN[facts_unit]
    return {
        "total": total,
        "split": split,
        "classes": classes,
        "prior": prior,
        "rate": execution_rate(publication),
        "unit": unit,
    }


def execution_rate(publication: Publication) -> str | None:
    """A 决算's rate: its general budget class lines (Table 5's 3-digit codes) over the 年初预算数 it states."""
    spec = publication.template.execution
    if spec is None:
        return None
    source = publication.template.comparable[spec.classes]
    actual = sum(
        (amount(row[source.column]) for row in csv_rows(publication, source.table) if len(row["function_code"]) == 3),
        Decimal(0),
    )
    initial = next(each for each in spec.initial if each.comparable == spec.total)
    facts = yaml.safe_load(publication.facts_path.read_text(encoding="utf-8"))
    budget = Decimal(str(path_value(facts, initial.printed.fact)))
    rate = (actual / budget * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{rate.normalize():f}%"


def glance_items(browser: Browser, url: str) -> tuple[dict[str, list[str]], str]:
    """Each card's term and its texts (figure, change or share), and the chart's text alternative."""
    page = browser.new_page()
    try:
        page.goto(url)
        items = {
            item.locator("dt").inner_text(): [text.strip() for text in item.locator("dd span").all_inner_texts()]
            for item in page.locator("dl.glance .glance__item").all()
        }
        description = page.locator(".budget-charts desc").first.text_content() or ""
        return items, description
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_glance_figures_equal_the_csv_files(
    browser: Browser, served_site: str, data: ValidationResult, lang: str
) -> None:
    for (year, publication_id), publication in sorted(data.publications.items()):
        edition = "en/" if lang == "en" else ""
        items, description = glance_items(browser, f"{served_site}{edition}{year}/{publication_id}/")
        want = expected(data, publication)
        cards = list(items.values())
        assert amount(cards[0][0]) == want["total"], (publication_id, cards[0])
        assert amount(cards[1][0]) == want["split"]["basic"]
        assert amount(cards[2][0]) == want["split"]["project"]
        assert share(want["split"]["basic"], want["total"]) in cards[1][1]
        if want["prior"] is None:
            assert len(cards[0]) == 1, cards[0]  # the figure, and no change stated
        else:
            difference = abs(want["total"] - want["prior"])
            change = cards[0][-1]
            assert re.search(rf"(?<![\d.]){re.escape(f'{difference.normalize():f}')}(?![\d])", change), change
            assert ("减少" in change or "down" in change) == (want["total"] < want["prior"])
        for name, value in want["classes"][:5]:
            if lang == "zh":
                assert f"{name} {value:,.2f}{want['unit']}，占{share(value, want['total'])}%" in description
            else:
                assert f"{value:,.2f} ({share(value, want['total'])}%)" in description
        rate_cards = [texts for term, texts in items.items() if term in ("执行率", "Execution rate")]
        assert [texts[0] for texts in rate_cards] == ([want["rate"]] if want["rate"] else [])


def test_highlight_equals_its_cell(browser: Browser, served_site: str, data: ValidationResult) -> None:
    """The 三公 card of the seed: the template's highlight figure, read from Table 8's line here."""
    publication = data.publications[(2024, "liwan-digital-gov")]
    summary = publication.template.summary
    assert summary is not None and summary.highlights
    table_id, row_key, column = publication.template.explanation_figures[summary.highlights[0].figure].split(":")
    side = publication.template.table(table_id).sides[0]
    row_label = next(row.label for row in side.rows if row.key == row_key)
    line = next(row for row in csv_rows(publication, table_id) if row[side.label_column] == row_label)
    items, _ = glance_items(browser, f"{served_site}2024/liwan-digital-gov/")
    card = items[f"{summary.highlights[0].name_zh}（万元）"]
    assert amount(card[0]) == amount(line[column])


def test_highlights_name_known_figures(tmp_path: Path) -> None:
    source = (TEMPLATES / "guangzhou-department.yaml").read_text(encoding="utf-8")
    assert load_template(TEMPLATES / "guangzhou-department.yaml").summary.highlights  # type: ignore[union-attr]
    broken = tmp_path / "guangzhou-department.yaml"
    broken.write_text(source.replace("figure: three_public.total, name_zh", "figure: three_public.totl, name_zh"))
    for folder in TEMPLATES.glob("guangzhou-department/"):
        (tmp_path / folder.name).symlink_to(folder, target_is_directory=True)
    with pytest.raises(TemplateError, match=r"summary.highlights: unknown figures \['three_public.totl'\]"):
        load_template(broken)
