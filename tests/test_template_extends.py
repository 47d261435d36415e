"""A template may extend another (``extends:``): a 单位预算 beside the 部门预算 of its family, or a new
year's revision, says only what differs; the validator and the site see the merged template."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA
from macros.checking.validation import validate
from macros.template.specs import TemplateError, load_template, merged_raw
from macros.website import pages

BASE = "shanghai-department-budget"
VARIANT = "shanghai-unit-budget"
UNIT = "putuo-govoffice"
YEAR = 2025
VARIANT_YAML = f"""\
id: {VARIANT}
extends: {BASE}
name_zh: 上海市单位预算
name_en: Shanghai unit budget
tables:
  - {{id: "01", title_zh: 单位收支预算总表}}
sections:
  - {{id: functions, title_zh: 单位主要职能, title_en: Main functions of the unit}}
  - {{id: projects, remove: true}}
"""
STRUCTURE_ZH = "本单位机构设置见下。\n{% for item in facts.structure.units %}{{ item.zh }}\n{% endfor %}\n"


@pytest.fixture
def variant_data(data_copy: Path) -> Path:
    """Shanghai's publication published in a variant that renames a table and a section, drops one
    section and words one text its own way."""
    templates = data_copy / "templates"
    (templates / f"{VARIANT}.yaml").write_text(VARIANT_YAML, encoding="utf-8")
    (templates / VARIANT).mkdir()
    (templates / VARIANT / "structure.zh.j2").write_text(STRUCTURE_ZH, encoding="utf-8")
    facts = data_copy / str(YEAR) / UNIT / "publication.yaml"
    text = facts.read_text(encoding="utf-8")
    assert f"template: {BASE}\n" in text
    facts.write_text(text.replace(f"template: {BASE}\n", f"template: {VARIANT}\n"), encoding="utf-8")
    return data_copy


def test_a_variant_says_only_what_differs(variant_data: Path) -> None:
    base = load_template(DATA / "templates" / f"{BASE}.yaml")
    variant = load_template(variant_data / "templates" / f"{VARIANT}.yaml")
    assert (variant.id, variant.name_zh) == (VARIANT, "上海市单位预算")
    assert variant.table("01").title_zh == "单位收支预算总表"
    assert variant.table("01").columns == base.table("01").columns
    assert [table.id for table in variant.tables] == [table.id for table in base.tables]
    assert variant.table("02") == base.table("02")
    assert [section.id for section in variant.sections] == [
        section.id for section in base.sections if section.id != "projects"
    ]
    assert variant.facts == base.facts and variant.checks == base.checks
    assert variant.texts["structure.zh.j2"] == STRUCTURE_ZH
    assert variant.texts["functions.zh.j2"] == base.texts["functions.zh.j2"]
    assert variant.text_path("structure.zh.j2") == variant_data / "templates" / VARIANT / "structure.zh.j2"
    assert variant.text_path("functions.zh.j2") == variant_data / "templates" / BASE / "functions.zh.j2"


def test_a_publication_in_the_variant_validates_and_shows_its_words(variant_data: Path) -> None:
    data = validate(variant_data)
    assert data.ok, [found.format() for found in data.problems]
    page = pages.publication_page(data, YEAR, UNIT, lang="zh")
    assert "单位主要职能" in page and "部门主要职能" not in page
    assert "单位收支预算总表" in page
    assert "本单位机构设置见下。" in page
    assert "项目经费情况说明" not in page
    english = pages.publication_page(data, YEAR, UNIT, lang="en")
    assert "Main functions of the unit" in english


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        (f"id: {VARIANT}\nextends: nowhere\n", "there is no template 'nowhere'"),
        (f"id: {VARIANT}\nextends: {VARIANT}\n", "goes round in a circle"),
        (f"id: another-name\nextends: {BASE}\n", "must be the file's name"),
    ],
)
def test_a_variant_that_cannot_be_merged_is_refused(data_copy: Path, yaml_text: str, message: str) -> None:
    path = data_copy / "templates" / f"{VARIANT}.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(TemplateError, match=message):
        load_template(path)
    problems = [found for found in validate(data_copy).problems if found.code == "TEMPLATE_INVALID"]
    assert [found.path for found in problems] == [str(path)]


def test_merging_keeps_order_adds_new_items_and_replaces_plain_lists() -> None:
    base = {"a": {"x": 1, "y": 2}, "items": [{"id": "1", "v": 1}, {"id": "2", "v": 2}], "plain": [1, 2]}
    override = {"a": {"y": 3}, "items": [{"id": "3", "v": 3}, {"id": "1", "v": 9}], "plain": [5]}
    assert merged_raw(base, override) == {
        "a": {"x": 1, "y": 3},
        "items": [{"id": "1", "v": 9}, {"id": "2", "v": 2}, {"id": "3", "v": 3}],
        "plain": [5],
    }
