"""Part 3 wording from numbers: increases, decreases, a zero base, and where prior-year figures come from."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import PUBLICATION
from macros.checking.validation import validate
from macros.rendering.narrative import change_zh, part3_figures


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
