"""The staff guide (data/README.md) describes every file, column, field and error code there is."""

from __future__ import annotations

import re

import pytest

from conftest import DATA, REPO
from macros.model.dictionaries import FUNCTION_COLUMNS, GLOSSARY_COLUMNS, UNIT_COLUMNS
from macros.reading.problems import MESSAGES
from macros.template.facts_schema import Field, publication_schema
from macros.template.specs import load_template

GUIDE = (DATA / "README.md").read_text(encoding="utf-8")
TEMPLATES = [load_template(path) for path in sorted((DATA / "templates").glob("*.yaml"))]
TEMPLATE = load_template(DATA / "templates" / "guangzhou-department.yaml")


def documented(name: str) -> bool:
    return f"`{name}`" in GUIDE


def field_names(spec: Field) -> set[str]:
    names = set(spec.fields)
    for child in [*spec.fields.values(), *([spec.item] if spec.item else [])]:
        names |= field_names(child)
    return names


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_error_code_is_explained(code: str) -> None:
    assert documented(code)


def test_every_file_is_described() -> None:
    names = [spec.file for spec in TEMPLATE.tables]
    names += ["publication.yaml", "units.csv", "function-codes.csv", "economic-codes.csv", "glossary.csv"]
    names += ["import-corrections.yaml", "scripts/import_disclosure.py", "scripts/validate.py"]
    assert [name for name in names if name not in GUIDE] == []


def test_every_column_and_field_is_described() -> None:
    columns = {column.id for spec in TEMPLATE.tables for column in spec.columns}
    columns |= set(FUNCTION_COLUMNS) | set(GLOSSARY_COLUMNS) | set(UNIT_COLUMNS)
    for template in TEMPLATES:
        columns |= field_names(publication_schema(template.facts))
    assert sorted(name for name in columns if not documented(name)) == []


def test_chinese_comes_first_then_the_same_in_english() -> None:
    titles = re.findall(r"^# (.+)$", GUIDE, flags=re.MULTILINE)
    assert len(titles) == 2 and re.search(r"[\u4e00-\u9fff]", titles[0]) and "English" in titles[1]
    chinese, english = GUIDE.split(f"# {titles[1]}")
    numbered = re.compile(r"^## (\d+)\. ", flags=re.MULTILINE)
    assert numbered.findall(chinese) == numbered.findall(english), "the same numbered sections in both"


def test_readme_opens_with_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, flags=re.DOTALL)
    assert block and readme.index("```sh") < readme.index("\n## ")
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["make serve", "make test"]
