"""A template says how its published documents are read (``import:``): patterns of printed words with
placeholders, and the facts they fill. Its mistakes stop at the template; the importer follows it."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import DATA
from macros.template.import_spec import ImportSpec, compile_pattern, import_spec, literal_regex
from macros.template.specs import TemplateError, load_template

GUANGZHOU = DATA / "templates" / "guangzhou-department.yaml"
CHANGE = {"increase": ["增加"], "decrease": ["减少"]}


def spec_of(read: dict[str, object]) -> ImportSpec:
    return import_spec({"change": CHANGE}, sections={"part": [read]})


def test_a_pattern_matches_the_printed_words_and_names_its_placeholders() -> None:
    spec = spec_of({"read": "收入预算{income}万元，比上年{change:change}万元，…原因是{reason:text}。"})
    read = spec.sections["part"][0]
    assert read.regex is not None
    match = read.regex.search(
        "2024年本部门收入预算1,730.66万元，比上年减少62.97万元，下降7.93%，主要原因是人员减少，经费减少。"
    )
    assert match is not None
    assert (match["income"], match["change"], match["reason"]) == ("1,730.66", "减少62.97", "人员减少，经费减少")
    assert read.kinds == {"income": "number", "change": "change", "reason": "text"}
    assert spec.change_value("减少62.97") == "-62.97" and spec.change_value("增加0") == "0"


def test_literal_text_is_not_a_regular_expression() -> None:
    regex, _ = compile_pattern("（{x}）.*", change="", where="here")
    assert regex.search("（12）.*") and not regex.search("（12）abc")


@pytest.mark.parametrize(
    ("read", "message"),
    [
        ({"read": "{x:colour}"}, "kinds are"),
        ({"read": "{x}和{x}"}, "appears twice"),
        ({"read": "{x}", "facts": {"a.b": "y"}}, "not a placeholder"),
        ({"read": "{x}{y:text}", "facts": {"a.b": "x - y"}}, "only numbers add up"),
        ({"fact": "a.b", "as": "table"}, "as is one of"),
        ({"facts": {"a": "x"}}, "a read is"),
        # a table line by the code a placeholder reads: only a function path or name reads a code
        ({"read": "{name:word}{x}", "figures": {"x": "05:{name}:total"}}, "no function_path or function_name"),
        ({"read": "{x}", "figures": {"x": "05:{y}:total"}}, "no function_path or function_name"),
    ],
)
def test_a_read_that_cannot_work_is_refused(read: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        spec_of(read)


def test_a_change_needs_the_templates_change_words() -> None:
    with pytest.raises(ValueError, match=r"change needs import\.change"):
        import_spec({}, sections={"part": [{"read": "比上年{c:change}"}]})


def altered_template(tmp_path: Path, old: str, new: str) -> Path:
    """The Guangzhou template with one line changed, its text templates beside it."""
    path = tmp_path / GUANGZHOU.name
    text = GUANGZHOU.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    shutil.copytree(GUANGZHOU.with_suffix(""), path.with_suffix(""))
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "explanation.procurement.goods: goods",
            "explanation.procurement.food: goods",
            "explanation.procurement.food is not a field",
        ),
        (
            "import: {fact: responsibilities, as: lines}",
            "import: {fact: structure, as: lines}",
            "structure \\(text\\) cannot hold a body read as lines",
        ),
        ("{term:label}", "{name:label}", "glossary_entry needs the placeholders"),
        (
            "      total: explanation.procurement.total\n",
            '      total: explanati"on.procurement.total\n',
            "checks name facts that are not fields",
        ),
        ("prior_year_facts: explanation.prior_year", "prior_year_facts: explanation.prior", "checks name facts"),
    ],
)
def test_the_template_refuses_reads_and_checks_of_facts_it_does_not_have(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(TemplateError, match=message):
        load_template(altered_template(tmp_path, old, new))


def test_the_guangzhou_template_reads_every_part_3_section() -> None:
    template = load_template(GUANGZHOU)
    part_3 = next(section for section in template.sections if section.id == "part-3")
    assert {child.id for child in part_3.children} <= set(template.reading.sections)
    assert Decimal(template.reading.change_value("增加1.5")) == Decimal("1.5")


def test_synonyms_stand_for_each_other_once() -> None:
    """A 单位预算 prints 单位 or 预算单位 where its family's 部门预算 prints 部门; nothing else matches."""
    regex = re.compile(literal_regex("2025年部门财务收支预算总表", (("部门", "单位", "预算单位"),)))
    for printed in ("2025年部门财务收支预算总表", "2025年单位财务收支预算总表", "2025年预算单位财务收支预算总表"):
        assert regex.fullmatch(printed), printed
    assert not regex.fullmatch("2025年预算部门财务收支预算总表")
    assert literal_regex("a.b") == re.escape("a.b")
