"""A template says what its publications report (``kind:``): a budget (预算) or final accounts (决算)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA
from macros.checking.validation import validate
from macros.template.specs import TemplateError, load_template


@pytest.mark.parametrize(
    ("template_id", "kind"),
    [
        ("guangzhou-department", "budget"),
        ("shanghai-department-budget", "budget"),
        ("shanghai-final-accounts", "final"),
    ],
)
def test_each_template_says_its_kind(template_id: str, kind: str) -> None:
    assert load_template(DATA / "templates" / f"{template_id}.yaml").kind == kind


def without_kind(data_copy: Path, value: str | None) -> Path:
    path = data_copy / "templates" / "shanghai-department-budget.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\nkind: budget\n" in text
    path.write_text(text.replace("\nkind: budget\n", "\n" if value is None else f"\nkind: {value}\n"), encoding="utf-8")
    return path


def test_a_template_without_kind_is_a_budget(data_copy: Path) -> None:
    assert load_template(without_kind(data_copy, None)).kind == "budget"


@pytest.mark.parametrize("value", ["决算", "Final", "true", "'1'", "[final]"])
def test_a_kind_is_budget_or_final(data_copy: Path, value: str) -> None:
    with pytest.raises(TemplateError, match="kind must be one of budget, final"):
        load_template(without_kind(data_copy, value))


def test_final_accounts_live_beside_the_budget_folder_named_with_final(data_copy: Path) -> None:
    """The same unit's 预算 and 决算 of one year are two publications: <unit>/ and <unit>-final/."""
    final = data_copy / "2024" / "putuo-finance-bureau-final"
    budget = load_template(DATA / "templates" / "shanghai-final-accounts.yaml")
    publication = validate(data_copy).publications[(2024, "putuo-finance-bureau-final")]
    assert (publication.unit_id, publication.kind, publication.publication_id) == (
        "putuo-finance-bureau",
        budget.kind,
        final.name,
    )


def test_final_accounts_in_a_budget_folder_are_refused_at_their_template_line(data_copy: Path) -> None:
    final = data_copy / "2024" / "putuo-finance-bureau-final"
    final.rename(data_copy / "2024" / "putuo-finance-bureau")
    facts = data_copy / "2024" / "putuo-finance-bureau" / "publication.yaml"
    line = facts.read_text(encoding="utf-8").splitlines().index("template: shanghai-final-accounts") + 1
    found = [each for each in validate(data_copy).problems if each.code == "FOLDER_KIND"]
    assert [(Path(each.path), each.line, each.column) for each in found] == [(facts, line, len("template: ") + 1)]
    assert "data/2024/putuo-finance-bureau-final/" in found[0].message(lang="zh")
    assert "data/2024/putuo-finance-bureau-final/" in found[0].message(lang="en")
