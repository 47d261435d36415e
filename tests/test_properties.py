"""Property: whatever the validator accepts, every later stage handles, and shows what staff typed.

Hypothesis writes generated text, markup and odd characters into every kind of text field (names,
free text, English, dictionaries, glossary, units) and number-like strings into amount cells of a copy
of the seed. For each example: the validator never raises; when it accepts the data, the pages (both
languages, Markdown to HTML with the site's extensions), titles and descriptions, charts, CSV, XLSX,
Fiscal Data Package and budget diff are all produced without an error, and a text shown on a page
reads there exactly as typed.

`make test` runs the "ci" profile (a few hundred examples, derandomised so CI is repeatable);
`make fuzz` runs the "fuzz" profile (HYPOTHESIS_PROFILE=fuzz, random): 5,000 examples for each
open-ended test, and every amount form, over 10,000 in all.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import DATA, PUBLICATION, RANKING_UNITS, REPO, read_rows, write_rows
from macros.checking.validation import ValidationResult, validate
from macros.exchange import exports
from macros.reading.plain_yaml import dump_yaml, read_yaml
from macros.rendering import charts
from macros.website import pages

settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "120")),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# 5,000 for each open-ended test; the amount forms are a finite space that Hypothesis exhausts:
# together more than 10,000 examples.
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "5000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

YEAR, UNIT = 2024, "liwan-digital-gov"
UNIT_NAME = "广州市荔湾区数字政府运营中心"
CLASS_NAME = "政务公开审批"
PROJECT = "编外人员聘用经费"
T12 = "12-project-expenditure-budget.csv"
SRC_URIS = ("index.md", f"{YEAR}/index.md", f"{YEAR}/{UNIT}.md", "glossary.md", "downloads.md")

# What attackers and careless editors type: markup of every layer the text passes through, formula
# starts, control and invisible characters, scripts and emoji, long runs.
FRAGMENTS = [
    "<script>alert(1)</script>",
    "<!--",
    "-->",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "![i](http://evil.example/i.png)",
    "{{ 7*7 }}",
    "{% raw %}",
    "{#id}",
    "{: .cls }",
    "|",
    "||",
    "---",
    "# ",
    "> ",
    "* ",
    "1. ",
    "`",
    "```",
    "\\",
    "_",
    "**",
    "~~",
    "&amp;",
    "&#60;",
    "&",
    '"',
    "'",
    "$x$",
    "%s",
    "@octocat",
    "#1",
    "=1+1",
    "-1+1",
    "+1",
    "@SUM(A1)",
    "\t",
    "\r",
    "\n",
    "\r\n",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x0b",
    "\x85",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\u00a0",
    "\u3000",
    "😀",
    "👨\u200d👩",
    "𠮷",
    "é",
    "Ω",
    "①",
    "㎡",
    "－",
    "．",
    "٤",
    "２",
    "XXX",
    "2019年",
    "。",
    "x" * 300,
    "预算" * 150,
]
hostile_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), min_size=1, max_size=6).map("".join)
# Amount cells: the seed's figure written in ways staff or Excel might, most of them refused.
AMOUNT_FORMS = [
    "{v}",
    " {v} ",
    "0{v}",
    "+{v}",
    "-{v}",
    "{v}0",
    "{v}.",
    "{v}e0",
    "{v}\u200b",
    "{v}元",
    "１{v}",
    "{v},",
]


@dataclass(frozen=True)
class Slot:
    """A text field and the files it lives in; ``shown`` is the page language that prints it."""

    name: str
    apply: Callable[[Path, str], None]
    shown: str  # "zh", "en" or "" (not printed verbatim: checked for no error only)


def replace_cells(path: Path, old: str, new: str) -> None:
    rows = read_rows(path)
    for row in rows:
        for index, cell in enumerate(row):
            if cell == old:
                row[index] = new
    write_rows(path, rows)


def set_project_cell(column: str) -> Callable[[Path, str], None]:
    def apply(data: Path, value: str) -> None:
        path = data / PUBLICATION / T12
        rows = read_rows(path)
        rows[3][rows[0].index(column)] = value
        write_rows(path, rows)

    return apply


def edit_facts(data: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    path = data / PUBLICATION / "publication.yaml"
    document, problems = read_yaml(path)
    assert document is not None, problems
    edit(document.data)
    path.write_text(dump_yaml(document.data), encoding="utf-8")


def fact(*keys: str | int) -> Callable[[Path, str], None]:
    def apply(data: Path, value: str) -> None:
        def edit(facts: dict[str, Any]) -> None:
            target: Any = facts
            for key in keys[:-1]:
                target = target[key]
            target[keys[-1]] = value

        edit_facts(data, edit)

    return apply


def unit_name_zh(data: Path, value: str) -> None:
    replace_cells(data / "units.csv", UNIT_NAME, value)
    for table in ("11-basic-expenditure-budget.csv", T12):
        replace_cells(data / PUBLICATION / table, UNIT_NAME, value)
    fact("name_zh")(data, value)


def unit_name_en(data: Path, value: str) -> None:
    path = data / "units.csv"
    rows = read_rows(path)
    rows[1][rows[0].index("name_en")] = value
    write_rows(path, rows)
    fact("name_en")(data, value)


def class_name_zh(data: Path, value: str) -> None:
    replace_cells(data / "dictionaries" / "function-codes.csv", CLASS_NAME, value)
    for table in ("02-income-summary.csv", "03-expenditure-summary.csv", "05-general-budget-by-function.csv"):
        replace_cells(data / PUBLICATION / table, CLASS_NAME, value)


def dictionary_cell(file: str, key: str, column: str) -> Callable[[Path, str], None]:
    def apply(data: Path, value: str) -> None:
        path = data / "dictionaries" / file
        rows = read_rows(path)
        row = next(row for row in rows if row[0] == key)
        row[rows[0].index(column)] = value
        write_rows(path, rows)

    return apply


def project_name(data: Path, value: str) -> None:
    set_project_cell("name")(data, value)  # not a key project: its name is free


SLOTS = [
    Slot("unit name_zh", unit_name_zh, "zh"),
    Slot("unit name_en", unit_name_en, "en"),
    Slot("class name_zh", class_name_zh, "zh"),
    Slot("class name_en", dictionary_cell("function-codes.csv", "2010350", "name_en"), "en"),
    Slot("economic name_en", dictionary_cell("economic-codes.csv", "30101", "name_en"), ""),
    Slot("glossary term_zh", dictionary_cell("glossary.csv", "fiscal-appropriation-income", "term_zh"), "zh"),
    Slot("glossary definition_en", dictionary_cell("glossary.csv", "service-income", "definition_en"), ""),
    Slot("project name", project_name, "zh"),
    Slot("project goal", set_project_cell("performance_goal"), "zh"),
    Slot("project name_en", set_project_cell("name_en"), "en"),
    Slot("project goal_en", set_project_cell("performance_goal_en"), "en"),
    Slot("responsibility zh", fact("responsibilities", 0, "zh"), "zh"),
    Slot("responsibility en", fact("responsibilities", 0, "en"), "en"),
    Slot("structure zh", fact("structure", "zh"), "zh"),
    Slot("table note en", fact("table_notes", "01", "en"), "en"),
    Slot("reason zh", fact("explanation", "reasons", "income", "zh"), ""),
    Slot("purchases en", fact("explanation", "assets", "planned_purchases_items", "en"), ""),
]


@pytest.fixture(scope="module")
def seed() -> ValidationResult:
    return validate(DATA)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One copy of data/ reused by every example (restored after each), and a chart cache of its own."""
    root = tmp_path_factory.mktemp("property")
    os.environ[charts.CACHE_VARIABLE] = str(root / "charts")
    yield root
    os.environ.pop(charts.CACHE_VARIABLE, None)


@contextlib.contextmanager
def changed_copy(workspace: Path) -> Iterator[Path]:
    data = workspace / "data"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(DATA, data)
    yield data


def site_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "toc"])


def html_text(html: str) -> str:
    """The text of generated HTML (tags dropped, entities read): what a reader sees, quickly."""
    return unescape(re.sub(r"<[^>]*>", "", html))


def visible(text: str) -> str:
    """Text as a reader sees it: whitespace (line breaks become <br> or spaces) does not count."""
    return re.sub(r"\s+", "", text)


def every_stage(data: ValidationResult, seed: ValidationResult) -> dict[str, str]:
    """Run each later stage on accepted data; returns the text of each language's publication page."""
    page_text = {}
    for lang in ("zh", "en"):
        for src_uri in SRC_URIS:
            pages.page_description(data, src_uri=src_uri, lang=lang)
            pages.page_title(data, src_uri=src_uri, lang=lang)
        for chart in pages.all_charts(data, lang=lang, ranking_units=RANKING_UNITS):
            charts.chart_svg(chart)
        converter = site_markdown()
        for source in (
            pages.home_page(data, lang=lang),
            pages.year_page(data, YEAR, ranking_units=RANKING_UNITS, lang=lang),
            pages.glossary_page(data, lang=lang),
            pages.downloads_page(data, lang=lang),
        ):
            converter.reset().convert(source)
        html = converter.reset().convert(pages.publication_page(data, YEAR, UNIT, lang=lang))
        page_text[lang] = html_text(html)
    publication = data.publications[(YEAR, UNIT)]
    for lang in ("zh", "en"):
        exports.workbook(publication, lang=lang)
    for table in publication.tables.values():
        exports.table_csv(table)
    json.dumps(exports.datapackage(publication), ensure_ascii=False)
    json.dumps(exports.site_datapackage([publication]), ensure_ascii=False)
    budget_diff(seed, data)
    return page_text


@functools.cache
def budget_diff_script() -> Any:
    spec = importlib.util.spec_from_file_location("budget_diff", REPO / "scripts" / "budget_diff.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["budget_diff"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def budget_diff(base: ValidationResult, head: ValidationResult) -> str:
    """The reviewers' summary of the change (scripts/budget_diff.py), run in-process."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        assert budget_diff_script().main([str(DATA), str(head_dir(head))]) == 0
    return output.getvalue()


def head_dir(data: ValidationResult) -> Path:
    return next(iter(data.publications.values())).folder.parent.parent


# Every other text field, found in the seed: each string of publication.yaml, each text column of each
# table and each column of the shared CSV files (a line drawn at random). Many of them must match
# another file (codes, names, ids), so most changes there are refused: the validator must say so
# without raising, and anything it accepts must go through every stage.
IDENTITY_KEYS = {"unit", "year", "template"}


def yaml_strings(value: Any, keys: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from yaml_strings(item, (*keys, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from yaml_strings(item, (*keys, index))
    elif isinstance(value, str) and keys[0] not in IDENTITY_KEYS:
        yield keys


def csv_cell(relative: Path, column: str, line: int) -> Callable[[Path, str], None]:
    def apply(data: Path, value: str) -> None:
        path = data / relative
        rows = read_rows(path)
        rows[min(line, len(rows) - 1)][rows[0].index(column)] = value
        write_rows(path, rows)

    return apply


def every_text_field() -> list[tuple[str, Callable[[int], Callable[[Path, str], None]]]]:
    """(name, line -> apply) for every text field of the seed."""
    facts, _ = read_yaml(DATA / PUBLICATION / "publication.yaml")
    assert facts is not None
    fields: list[tuple[str, Callable[[int], Callable[[Path, str], None]]]] = [
        (".".join(map(str, keys)), lambda _line, keys=keys: fact(*keys)) for keys in yaml_strings(facts.data)
    ]
    publication = validate(DATA).publications[(YEAR, UNIT)]
    for spec in publication.template.tables:
        for column in spec.columns:
            if column.type != "amount":
                relative = PUBLICATION / spec.file
                fields.append((f"{spec.file}:{column.id}", functools.partial(csv_cell, relative, column.id)))
    for relative in ("units.csv", "dictionaries/function-codes.csv", "dictionaries/economic-codes.csv",
                     "dictionaries/glossary.csv"):  # fmt: skip
        for column in read_rows(DATA / relative)[0]:
            fields.append((f"{relative}:{column}", functools.partial(csv_cell, Path(relative), column)))
    return fields


EVERY_TEXT_FIELD = every_text_field()


@given(field=st.sampled_from(EVERY_TEXT_FIELD), line=st.integers(min_value=1, max_value=40), value=hostile_text)
def test_any_text_field_either_refused_or_through_every_stage(
    field: tuple[str, Callable[[int], Callable[[Path, str], None]]],
    line: int,
    value: str,
    workspace: Path,
    seed: ValidationResult,
) -> None:
    _, make = field
    with changed_copy(workspace) as data:
        make(line)(data, value)
        result = validate(data)  # never raises
        event("accepted" if result.ok else f"refused: {result.problems[0].code}")
        if result.ok:
            every_stage(result, seed)


@given(slot=st.sampled_from(SLOTS), value=hostile_text)
def test_accepted_text_goes_through_every_stage_as_typed(
    slot: Slot, value: str, workspace: Path, seed: ValidationResult
) -> None:
    with changed_copy(workspace) as data:
        slot.apply(data, value)
        result = validate(data)  # never raises
        event("accepted" if result.ok else f"refused: {result.problems[0].code}")
        if not result.ok:
            return
        page_text = every_stage(result, seed)
    if slot.shown and value.strip():
        assert visible(value) in visible(page_text[slot.shown]), (slot.name, value)


@given(
    line=st.integers(min_value=2, max_value=12),
    column=st.sampled_from(["subtotal", "basic", "project"]),
    form=st.sampled_from(AMOUNT_FORMS),
)
def test_accepted_amounts_go_through_every_stage(
    line: int, column: str, form: str, workspace: Path, seed: ValidationResult
) -> None:
    with changed_copy(workspace) as data:
        path = data / PUBLICATION / "05-general-budget-by-function.csv"
        rows = read_rows(path)
        if line > len(rows):
            return
        index = rows[0].index(column)
        rows[line - 1][index] = form.format(v=rows[line - 1][index])
        write_rows(path, rows)
        result = validate(data)
        event("accepted" if result.ok else f"refused: {result.problems[0].code}")
        if result.ok:
            every_stage(result, seed)
