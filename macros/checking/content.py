"""Checks that reviewers of published budgets apply to the text and to Part 3 (情况说明).

Placeholders left from a template, years that do not belong, changes without a reason, empty
tables without their statement, unit names that differ, and Part 3 figures that do not add up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from macros.checking.crosschecks import Reference, figures
from macros.model.facts import fact_amount
from macros.model.measures import Figures, table_unit
from macros.model.publication import Publication, Table
from macros.model.translations import text_in
from macros.reading.amounts import convert_amount, format_amount, format_tolerance, rounding_tolerance
from macros.reading.problems import Problem, display_path, problem
from macros.reading.review_rules import (
    PLACEHOLDER,
    REPEATED_WORDS,
    SUBORDINATES,
    UNITS_OF_A_KIND,
    counted,
    stated_changes,
    two_digit_years,
)
from macros.reading.text_policy import MAX_TEXT_LENGTH
from macros.template.specs import EmptyTables, ReasonCheck

CENT = Decimal("0.01")
YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.])")
QUOTED_TITLE = re.compile(r"《[^》]*》")

TextPlace = tuple[str, Path, int, int]  # text, file, line, column


# What publication.yaml says the publication is (checked against its folder and the templates), not free text:
# unit-1900 is a unit's id, not a year.
IDENTITY = frozenset({"unit", "template", "amount_unit"})


def publication_texts(publication: Publication) -> Iterator[TextPlace]:
    """Every piece of free text in the publication, with where it was read."""
    for key, value in publication.facts.data.items():
        if key not in IDENTITY:
            yield from yaml_texts(value, (str(key),), publication)
    for table in publication.tables.values():
        for row in table.rows:
            for column, text in row.texts.items():
                if text and table.spec.column(column).type in ("name", "label", "text"):
                    yield text, table.path, row.line, row.column_numbers[column]


def yaml_texts(value: Any, keys: tuple[str | int, ...], publication: Publication) -> Iterator[TextPlace]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from yaml_texts(item, (*keys, str(key)), publication)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from yaml_texts(item, (*keys, index), publication)
    elif isinstance(value, str):
        line, column = publication.facts.position(*keys)
        yield value, publication.facts_path, line, column


def check_placeholders(publication: Publication) -> list[Problem]:
    return [
        problem(path, "PLACEHOLDER_TEXT", line=line, column=column, found=match.group(0))
        for text, path, line, column in publication_texts(publication)
        for match in PLACEHOLDER.finditer(text)
    ]


FORMULA_START = ("=", "+", "@")


def check_formula_like(publication: Publication) -> list[Problem]:
    """Text that Excel would run as a formula when a reader opens the downloaded CSV or workbook."""
    return [
        problem(
            path,
            "VALUE_INVALID",
            line=line,
            column=column,
            field="文字",
            field_en="the text",
            expected="不以 = + @ 开头的文字（Excel 会把它当作公式执行）",
            expected_en="text that does not start with = + @ (Excel would run it as a formula)",
            found=text,
        )
        for text, path, line, column in publication_texts(publication)
        if text.lstrip().startswith(FORMULA_START)
    ]


def check_years(publication: Publication) -> list[Problem]:
    """A year in the text must be the budget year or the one before, except inside a 《document title》."""
    allowed = {publication.year, publication.year - 1}
    problems = []
    for text, path, line, column in publication_texts(publication):
        for match in YEAR.finditer(QUOTED_TITLE.sub("", text)):
            if int(match.group(1)) not in allowed:
                problems.append(
                    problem(
                        path,
                        "YEAR_OUT_OF_RANGE",
                        line=line,
                        column=column,
                        found=match.group(1),
                        year=publication.year,
                        prior=publication.year - 1,
                    )
                )
    return problems


def check_two_digit_years(publication: Publication) -> list[Problem]:
    """A year written with two digits (24年度, 24年预算): official text writes all four."""
    century = publication.year - publication.year % 100
    return [
        problem(path, "YEAR_TWO_DIGITS", line=line, column=column, found=match[0], year=century + int(match[1]))
        for text, path, line, column in publication_texts(publication)
        for match in two_digit_years(text, year=publication.year)
    ]


def check_repeated_words(publication: Publication) -> list[Problem]:
    """A word written twice in a row (减少减少): a slip of the pen; the first in a text (a text too long to be
    read through is refused as such: TEXT_TOO_LONG)."""
    return [
        problem(path, "REPEATED_WORDS", line=line, column=column, found=match.group(0), word=match.group(1))
        for text, path, line, column in publication_texts(publication)
        if len(text) <= MAX_TEXT_LENGTH and (match := REPEATED_WORDS.search(text))
    ]


def check_composition(publication: Publication) -> list[Problem]:
    """The words on which units a publication covers count as many units as its list names: 行政单位1家，
    事业单位1家 (summed over its paragraphs) all of them, 下属1家 all but the department itself."""
    rule = publication.template.checks.unit_counts
    if rule is None:
        return []
    listed = fact_value(publication, rule.units) or []
    words = fact_value(publication, rule.text) or []
    paragraphs = [text_in(text, lang="zh") if isinstance(text, dict) else str(text) for text in as_list(words)]
    claims = []  # (stated, expected, found, paragraph)
    kinds = [(match, index) for index, text in enumerate(paragraphs) for match in UNITS_OF_A_KIND.finditer(text)]
    counts = [counted(match[1]) for match, _ in kinds]
    if kinds and None not in counts:
        found = "、".join(match[0] for match, _ in kinds)
        claims.append((sum(count or 0 for count in counts), len(listed), found, kinds[0][1]))
    for index, text in enumerate(paragraphs):
        for match in SUBORDINATES.finditer(text):
            if (count := counted(match[1])) is not None:
                claims.append((count, len(listed) - 1, match[0], index))
    problems = []
    for stated, expected, found, index in claims:
        if stated == expected:
            continue
        keys: tuple[str | int, ...] = (*rule.text.split("."), *([index] if isinstance(words, list) else []))
        line, column = publication.facts.position(*keys)
        problems.append(
            problem(
                publication.facts_path,
                "COMPOSITION_MISMATCH",
                line=line,
                column=column,
                found=found,
                stated=stated,
                expected=expected,
                units=rule.units,
            )
        )
    return problems


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value else []


def check_empty_statements(publication: Publication) -> list[Problem]:
    """An empty table says so in its note, in the template's words; a table with amounts does not."""
    problems = []
    notes = publication.facts.data.get("table_notes") or {}
    for rule in publication.template.checks.empty_tables:
        statement = rule.statement.replace("{year}", str(publication.year))
        for table_id, table in publication.tables.items():
            listed = table_id in rule.tables if rule.tables else table.spec.layout in ("classified", "units")
            if not listed or not table.complete:
                continue
            note = (notes.get(table_id) or {}).get("zh", "")
            says_empty = note.strip() == statement if rule.match == "equals" else statement in note
            if rule.rows:  # some lines of a table of other amounts: all zero, the note says so
                if lines_zero(table, rule.rows) and not says_empty:
                    problems.append(zero_lines_problem(publication, table_id, rule=rule, statement=statement))
                continue
            if table.all_zero == says_empty:
                continue
            problems.append(empty_statement_problem(publication, table_id, statement=statement))
    return problems


def lines_zero(table: Table, keys: tuple[str, ...]) -> bool:
    """Whether the lines of these keys (a record's: these columns) hold only zeros."""
    if table.spec.layout == "record":
        return all(amount == 0 for row in table.rows for column, amount in row.amounts.items() if column in keys)
    return all(amount == 0 for row in table.rows if row.key in keys for amount in row.amounts.values())


def zero_lines_problem(publication: Publication, table_id: str, *, rule: EmptyTables, statement: str) -> Problem:
    table = publication.tables[table_id]
    line, column = publication.facts.position("table_notes", table_id)
    note_key = f'table_notes."{table_id}"'
    hint = (
        f"表{int(table_id)}（{table.spec.file}）的{rule.what_zh}全部为 0，其表注（{note_key}）应写明（含“{statement}”）"
    )
    hint_en = (
        f"Table {int(table_id)}'s {rule.what_en} are all zero: its note ({note_key}) must say so (with “{statement}”)."
    )
    return problem(
        publication.facts_path, "EMPTY_TABLE_STATEMENT", line=line, column=column, hint=hint, hint_en=hint_en
    )


def empty_statement_problem(publication: Publication, table_id: str, *, statement: str) -> Problem:
    table = publication.tables[table_id]
    line, column = publication.facts.position("table_notes", table_id)
    if table.all_zero:
        note_key = f'table_notes."{table_id}"'
        said = statement.rstrip("。") + "。"
        hint = f"表{int(table_id)}（{table.spec.file}）全部为 0，其表注（{note_key}）应写明“{said}”"
        hint_en = f"Table {int(table_id)} is all zero: its note ({note_key}) must say “{said}”."
    else:
        hint = f"表注写着“{statement}”，但表{int(table_id)}（{table.spec.file}）有金额：请更正表注。"
        hint_en = f"the note says “{statement}” but Table {int(table_id)} has amounts: fix the note."
    return problem(
        publication.facts_path, "EMPTY_TABLE_STATEMENT", line=line, column=column, hint=hint, hint_en=hint_en
    )


def check_unit_names(publication: Publication) -> list[Problem]:
    unit = publication.dictionaries.units[publication.unit_id]
    problems = []
    for field, expected in (("name_zh", unit.name_zh), ("name_en", unit.name_en)):
        found = publication.facts.data.get(field)
        if found != expected:
            line, column = publication.facts.position(field)
            problems.append(
                problem(
                    publication.facts_path,
                    "UNIT_NAME_MISMATCH",
                    line=line,
                    column=column,
                    found=found,
                    expected=expected,
                    where=f"data/units.csv（{publication.unit_id}）",
                )
            )
    return problems


def check_explanation_sums(publication: Publication) -> list[Problem]:
    """The template's sums over publication.yaml's figures (政府采购 = 货物 + 工程 + 服务, …)."""
    problems = []
    for rule in publication.template.checks.sums:
        total = fact_amount(publication.facts, *rule.total.split("."))
        parts_sum = sum((fact_amount(publication.facts, *part.split(".")) for part in rule.parts), Decimal(0))
        figures_count = len(rule.parts) + 1
        tolerance = rounding_tolerance(figures_count)
        if abs(total - parts_sum) <= tolerance:
            continue
        line, column = publication.facts.position(*rule.total.split("."))
        problems.append(
            problem(
                publication.facts_path,
                "EXPLANATION_MISMATCH",
                line=line,
                column=column,
                what=rule.what_zh,
                total_name=relative_name(rule.total),
                total=format_amount(total),
                parts_names=" + ".join(part.rpartition(".")[2] for part in rule.parts),
                parts_sum=format_amount(parts_sum),
                difference=format_amount(abs(total - parts_sum)),
                tolerance=format_tolerance(tolerance),
                figures=figures_count,
                per_figure=format_tolerance(rounding_tolerance(1)),
                unit=facts_unit(publication),
            )
        )
    return problems


def relative_name(path: str) -> str:
    """explanation.prior_year.three_public.total → prior_year.three_public.total (as messages name facts)."""
    return path.partition(".")[2] or path


def explanation_tables(publication: Publication) -> set[str]:
    template = publication.template
    return {Reference.parse(text).table_id for text in template.explanation_figures.values()}


def part3_figures(publication: Publication, *, prior_publication: Publication | None) -> Figures:
    """This year's figures from the tables; the prior year's from its folder, else from publication.yaml."""
    current = current_figures(publication)
    units = figure_units(publication)
    if prior_publication is not None:
        prior = current_figures(prior_publication)
    else:
        prior = {key: prior_fact(publication, key, unit=units[key]) for key in compared_figures(publication)}
    return Figures(current=current, prior=prior, units=units)


def figure_units(publication: Publication) -> dict[str, str]:
    """Each figure's unit: that of the table it is read from."""
    return {
        key: table_unit(publication, Reference.parse(text).table_id)
        for key, text in publication.template.explanation_figures.items()
    }


def compared_figures(publication: Publication) -> tuple[str, ...]:
    """The figures publication.yaml states a prior-year value for (none without prior_year_facts)."""
    template = publication.template
    if not template.prior_year_facts:
        return ()
    return (
        template.prior_year_figures if template.prior_year_figures is not None else tuple(template.explanation_figures)
    )


def prior_fact_keys(publication: Publication, figure: str) -> tuple[str, ...]:
    return (*publication.template.prior_year_facts.split("."), *figure.split("."))


def prior_fact(publication: Publication, figure: str, *, unit: str) -> Decimal:
    """The prior year's figure as publication.yaml states it, in ``unit`` (the figure's own)."""
    stated = fact_amount(publication.facts, *prior_fact_keys(publication, figure))
    return convert(stated, from_unit=prior_unit(publication), to_unit=unit)


def prior_unit(publication: Publication) -> str:
    return facts_unit(publication)


def facts_unit(publication: Publication) -> str:
    """The unit publication.yaml states its amounts in: the template's facts_unit, else amount_unit."""
    return publication.template.facts_unit or publication.facts.data["amount_unit"]


def convert(amount: Decimal, *, from_unit: str, to_unit: str) -> Decimal:
    return convert_amount(amount, from_unit=from_unit, to_unit=to_unit)


def current_figures(publication: Publication) -> dict[str, Decimal]:
    """This year's figures that Part 3 compares with the prior year, read from the tables."""
    current = {}
    for key, text in publication.template.explanation_figures.items():
        reference = Reference.parse(text)
        current[key] = sum(
            (figure.amount for figure in figures(reference, publication.tables[reference.table_id])), Decimal(0)
        )
    return current


def check_reasons(publication: Publication) -> list[Problem]:
    """Every figure the template names that changed against the prior year needs its reason."""
    if not all(publication.tables[table_id].complete for table_id in explanation_tables(publication)):
        return []
    figures = part3_figures(publication, prior_publication=None)
    problems = []
    for rule in publication.template.checks.reasons:
        change = figures.current[rule.figure] - figures.prior[rule.figure]
        reason = (fact_value(publication, rule.reason) or {}).get("zh", "").strip()
        if reason:
            problems += reason_problems(publication, rule, reason, change=change, unit=figures.units[rule.figure])
        if change == 0 or reason:
            continue
        reason_keys = rule.reason.split(".")
        line, column = publication.facts.position(*reason_keys[:-1])
        problems.append(
            problem(
                publication.facts_path,
                "REASON_MISSING",
                line=line,
                column=column,
                what=rule.what_zh,
                what_en=rule.what_en,
                direction="增加" if change > 0 else "减少",
                difference=format_amount(abs(change)),
                unit=figures.units[rule.figure],
                key=rule.reason,
            )
        )
    return problems


def reason_problems(
    publication: Publication, rule: ReasonCheck, reason: str, *, change: Decimal, unit: str
) -> list[Problem]:
    """A reason must fit the change it explains: not a statement that nothing changed (持平) when the figure
    changed, and a change it states in figures (减少80.00万元, the only one it states) must be the tables'
    change, in the right unit. The words are the template's (import.change)."""
    words = publication.template.reading
    line, column = publication.facts.position(*rule.reason.split("."))
    difference = format_amount(abs(change))
    changes = stated_changes(reason, words=(*words.increase, *words.decrease))
    problems = []
    says_same = any(word in reason for word in words.same) and not changes
    if change != 0 and says_same and not any(f"基本{word}" in reason for word in words.same):
        problems.append(
            problem(
                publication.facts_path,
                "REASON_SAYS_SAME",
                line=line,
                column=column,
                what=rule.what_zh,
                what_en=rule.what_en,
                key=rule.reason,
                direction=words.increase[0] if change > 0 else words.decrease[0],
                difference=difference,
                unit=unit,
            )
        )
    if len(changes) == 1:  # a reason naming several parts of a change names no total to compare
        match = changes[0]
        printed = match[2].replace(",", "")
        stated = Decimal(printed)
        decimals = len(printed.partition(".")[2])
        expected = convert_amount(abs(change), from_unit=unit, to_unit=match[3])
        # the printed digits' rounding, and the prior year's stated to the cent in its own unit
        tolerance = Decimal(5).scaleb(-decimals - 1) + convert_amount(
            CENT, from_unit=facts_unit(publication), to_unit=match[3]
        )
        if abs(stated - expected) > tolerance:
            problems.append(
                problem(
                    publication.facts_path,
                    "REASON_FIGURE_MISMATCH",
                    line=line,
                    column=column,
                    what=rule.what_zh,
                    what_en=rule.what_en,
                    key=rule.reason,
                    found=match[0],
                    expected=f"{difference}{unit}",
                )
            )
    return problems


def fact_value(publication: Publication, path: str) -> Any:
    """A value of publication.yaml by its dotted path; None where a group or the value is left out."""
    value: Any = publication.facts.data
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def check_key_projects(publication: Publication) -> list[Problem]:
    """Names listed in publication.yaml that must be rows of a table (the template's listed_rows)."""
    problems = []
    for rule in publication.template.checks.listed_rows:
        table = publication.tables[rule.table]
        names = {row.texts[rule.column] for row in table.rows if row.key == rule.row_key}
        keys = tuple(rule.fact.split("."))
        problems += repeated_items(publication, keys, what=f"{rule.what_zh} / {rule.what_en}")
        for index, name in enumerate(fact_value(publication, rule.fact) or []):
            if name not in names:
                line, column = publication.facts.position(*keys, index)
                problems.append(
                    problem(
                        publication.facts_path,
                        "PROJECT_UNKNOWN",
                        line=line,
                        column=column,
                        name=name,
                        file=table.spec.file,
                        table=int(rule.table),
                        what=rule.what_zh,
                        what_en=rule.what_en,
                        row=rule.row_zh,
                        row_en=rule.row_en,
                    )
                )
    return problems


def repeated_items(publication: Publication, keys: tuple[str, ...], *, what: str) -> list[Problem]:
    """An item of a publication.yaml list that is already listed above it (shown twice, or an id twice)."""
    items: Any = publication.facts.data
    for key in keys:
        items = items[key]
    problems = []
    first_lines: dict[str, int] = {}
    for index, item in enumerate(items):
        line, column = publication.facts.position(*keys, index)
        if item in first_lines:
            problems.append(
                problem(
                    publication.facts_path,
                    "CODE_DUPLICATE",
                    line=line,
                    column=column,
                    what=what,
                    code=item,
                    first_line=first_lines[item],
                )
            )
        first_lines.setdefault(item, line)
    return problems


def check_glossary(publication: Publication) -> list[Problem]:
    """Each term known, and listed once (a term is an anchor on the page: twice would repeat its id)."""
    problems = repeated_items(publication, ("glossary",), what="名词 / term")
    for index, term in enumerate(publication.facts.data["glossary"]):
        if term not in publication.dictionaries.glossary:
            line, column = publication.facts.position("glossary", index)
            problems.append(problem(publication.facts_path, "GLOSSARY_UNKNOWN", line=line, column=column, term=term))
    return problems


def check_prior_year(publication: Publication, prior: Publication) -> list[Problem]:
    """When data/<year-1>/<unit>/ exists, publication.yaml's prior-year figures must be its figures."""
    if not all(prior.tables[table_id].complete for table_id in explanation_tables(prior)):
        return []
    if not publication.template.prior_year_facts:
        return []
    published = current_figures(prior)
    units = figure_units(prior)
    problems = []
    for figure in compared_figures(publication):
        keys = prior_fact_keys(publication, figure)
        found = fact_amount(publication.facts, *keys)
        # the prior year's figure as publication.yaml would state it: in its unit, to the cent
        stated = convert(published[figure], from_unit=units[figure], to_unit=prior_unit(publication))
        expected = stated.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if found == expected:
            continue
        line, column = publication.facts.position(*keys)
        problems.append(
            problem(
                publication.facts_path,
                "PRIOR_YEAR_MISMATCH",
                line=line,
                column=column,
                field=".".join(keys[1:]),
                found=format_amount(found),
                expected=format_amount(expected),
                prior_file=display_path(
                    prior.tables[Reference.parse(prior.template.explanation_figures[figure]).table_id].path
                ),
            )
        )
    return problems
