"""Part 3 wording from numbers: increases, decreases, a zero base, where prior-year figures come from,
and the validator's gate on the template's text templates."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import PUBLICATION, REPO
from macros.checking.content import part3_figures
from macros.checking.validation import validate
from macros.template.specs import load_template
from macros.template.text import render_text

GUANGZHOU = load_template(REPO / "data" / "templates" / "guangzhou-department.yaml")


def change_zh(current: Decimal, prior: Decimal, *, unit: str, with_percent: bool = True) -> str:
    """Guangzhou's wording macro (data/templates/guangzhou-department/wording.j2) on two figures."""
    call = '{% import "wording.j2" as w %}{{ w.change(current, prior, unit, with_percent=with_percent) }}'
    files = {**GUANGZHOU.texts, "call.j2": call}
    return render_text(
        files, "call.j2", {"current": current, "prior": prior, "unit": unit, "with_percent": with_percent}
    )


@pytest.mark.parametrize(
    ("current", "prior", "expected"),
    [
        ("730.66", "793.63", "比上年减少62.97万元，下降7.93%"),
        ("110.00", "100.00", "比上年增加10万元，增长10%"),
        ("0.10", "0.10", "比上年增加0万元，增长0%"),
        ("0.00", "0.00", "比上年增加0万元，增长--（基数为0，不可比）"),
        ("5.50", "0.00", "比上年增加5.5万元，增长--（基数为0，不可比）"),
        ("1.00", "3.00", "比上年减少2万元，下降66.67%"),
    ],
)
def test_change_wording(current: str, prior: str, expected: str) -> None:
    assert change_zh(Decimal(current), Decimal(prior), unit="万元") == expected


def test_amount_only_wording_for_vehicle_lines() -> None:
    assert change_zh(Decimal("0"), Decimal("0"), unit="万元", with_percent=False) == "比上年增加0万元"


def test_prior_year_figures_come_from_the_prior_folder_when_there_is_one(data_copy: Path) -> None:
    prior_folder = data_copy / "2023" / "liwan-digital-gov"
    shutil.copytree(data_copy / PUBLICATION, prior_folder)
    facts = prior_folder / "publication.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("year: 2024", "year: 2023"), encoding="utf-8")
    publications = validate(data_copy).publications
    this_year, last_year = publications[(2024, "liwan-digital-gov")], publications[(2023, "liwan-digital-gov")]

    from_folder = part3_figures(this_year, prior_publication=last_year)
    from_yaml = part3_figures(this_year, prior_publication=None)

    table_total = last_year.tables["01"].rows_keyed("income_grand_total")[0].amounts["income_amount"]
    assert from_folder.prior["income_total"] == table_total
    yaml_total = Decimal(str(this_year.facts.data["explanation"]["prior_year"]["income_total"]))
    assert from_yaml.prior["income_total"] == yaml_total
    assert from_folder.prior["income_total"] != from_yaml.prior["income_total"]


def test_a_missing_label_stops_with_its_name() -> None:
    from macros.rendering.i18n import MissingTranslation, label

    with pytest.raises(MissingTranslation, match="no-such-label"):
        label("no-such-label", lang="en")


def test_a_text_template_that_cannot_word_a_publication_is_reported_at_its_line(data_copy: Path) -> None:
    text = data_copy / "templates" / "guangzhou-department" / "part3" / "procurement.en.j2"
    lines = text.read_text(encoding="utf-8").split("\n")
    lines[3] = lines[3].replace("{{ year }}", "{{ yeer }}")
    text.write_text("\n".join(lines), encoding="utf-8")
    problems = validate(data_copy).problems
    assert [(found.code, Path(found.path), found.line) for found in problems] == [("TEXT_TEMPLATE_FAILED", text, 4)]
    assert "yeer" in problems[0].message(lang="en")
    assert "2024/liwan-digital-gov" in problems[0].message(lang="zh")


def test_a_text_template_cannot_reach_python_objects(data_copy: Path) -> None:
    text = data_copy / "templates" / "guangzhou-department" / "part3" / "assets.zh.j2"
    text.write_text("{{ facts.__class__.__mro__ }}\n", encoding="utf-8")
    problems = validate(data_copy).problems
    assert [(found.code, found.line) for found in problems] == [("TEXT_TEMPLATE_FAILED", 1)]
