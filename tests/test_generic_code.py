"""Generic code only: no file under macros/ or scripts/ names what a template defines.

A template is the whole description of a kind of publication (issue 14), so Python must not name a
template id, a table id ("01" … "12"), a table title, a section's id or title, a fixed line's key or a
template's column id. The format's own vocabulary (layouts, column types, the reserved row types) is allowed.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

from conftest import REPO
from macros.template.specs import template_source

# The template format itself: layouts, column types, reserved row types and keys.
FORMAT_WORDS = {
    "classified",
    "fixed",
    "two_sided",
    "units",
    "amount",
    "label",
    "name",
    "text",
    "row_type",
    "function_code",
    "economic_code",
    "total",
    "unit",
    "project",
    "economic_class",
    "name_en",
    "item",  # a list's or map's entries in a facts schema (also a Guangzhou column id)
    "basic",  # the summary's split of a total: basic and project expenditure
    "administrative",  # the Fiscal Data Package's classification type (also a Guangzhou row key)
}
# The site's own words that a template may print as a title too (its glossary section's).
INTERFACE_WORDS = {"名词解释", "Glossary"}


def template_names() -> tuple[set[str], set[str]]:
    """(names matched exactly: ids and keys, names matched inside a string: titles) of every template."""
    exact: set[str] = set()
    inside: set[str] = set()
    for path in sorted((REPO / "data" / "templates").glob("*.yaml")):
        template, _ = template_source(path, seen=())  # a variant's tables come from the template it extends
        exact.add(template["id"])
        for table in template["tables"]:
            exact.add(table["id"])
            inside.update({table["title_zh"], table["title_en"]})
            exact.update(column["id"] for column in table["columns"])
            exact.update(str(row["key"]) for side in table.get("sides", []) for row in side["rows"] if "key" in row)
        sections = list(template.get("sections", []))
        while sections:
            section = sections.pop()
            sections += section.get("children", [])
            exact.add(section["id"])
            titles = (section["title_zh"], section["title_en"])
            inside.update(title for title in titles if "{" not in title and title not in INTERFACE_WORDS)
    return exact - FORMAT_WORDS, inside


def string_literals(path: Path) -> list[str]:
    """The string constants of a module, docstrings left out (they may explain with examples)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def offences() -> Counter[str]:
    exact, inside = template_names()
    found: Counter[str] = Counter()
    for path in sorted([*(REPO / "macros").rglob("*.py"), *(REPO / "scripts").glob("*.py")]):
        relative = path.relative_to(REPO).as_posix()
        for literal in string_literals(path):
            if literal in exact or any(title in literal for title in inside):
                found[relative] += 1
    return found


def test_code_names_nothing_a_template_defines() -> None:
    found = offences()
    assert not found, f"template names in code (move them into the template): {dict(found)}"


def test_the_check_sees_a_table_id_and_a_title(tmp_path: Path) -> None:
    exact, inside = template_names()
    assert {"01", "12", "guangzhou-department", "shanghai-department-budget"} <= exact
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Docstrings may say table "01"."""\nTABLE = "01"\nTITLE = "读 收支总体情况表"\n', encoding="utf-8"
    )
    literals = string_literals(sample)
    assert literals == ["01", "读 收支总体情况表"]
    assert "01" in exact and any(title in literals[1] for title in inside)
