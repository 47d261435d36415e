"""Budget versus actual: a unit's 决算 beside its 预算 of the same year.

The amounts both name (their templates' ``comparable:``), the 决算's view of them (its template's
``execution:``: per function class, then its measures, each with budget, actual, difference, execution rate and
the reasons the 决算 states), and the check that each 年初预算数 the 决算 prints equals our 预算
(``INITIAL_BUDGET_MISMATCH``). Where we hold no 预算 of that year, the budget side is the 年初预算数 the 决算
prints itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from macros.checking.content import fact_value, facts_unit
from macros.checking.crosschecks import Reference, figures
from macros.model.publication import Publication
from macros.reading.amounts import convert_amount, format_amount
from macros.reading.problems import Problem, display_path, problem
from macros.template.execution import CODE_PLACEHOLDER, AmountSource, Measure
from macros.template.specs import KIND_SUFFIXES, TEMPLATE_KINDS

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Located:
    """An amount and where it is written (a table's cell, or a line of publication.yaml)."""

    amount: Decimal
    unit: str
    path: Path
    line: int
    column: int
    what: str  # how a message names it: a reference (05:2010601:total) or a path of publication.yaml

    def place(self) -> str:
        return f"{display_path(self.path)}:{self.line}:{self.column}"


def source_amount(publication: Publication, source: AmountSource) -> Located | None:
    """A comparable amount that is not by code; None where publication.yaml leaves it out."""
    if source.figure:
        reference = Reference.parse(source.reference(publication.template.explanation_figures))
        table = publication.tables[reference.table_id]
        found = figures(reference, table)
        if not found:
            return None
        amount = sum((figure.amount for figure in found), Decimal(0))
        unit = publication.unit_of(table.spec)
        first = found[0]
        return Located(amount, unit, first.path, first.line, first.column, f"{reference.table_id}:{reference.row_key}")
    value = fact_value(publication, source.fact)
    if value is None:
        return None
    keys = source.fact.split(".")
    line, column = publication.facts.value_position(*keys)
    return Located(Decimal(str(value)), facts_unit(publication), publication.facts_path, line, column, source.fact)


def source_by_code(publication: Publication, source: AmountSource) -> dict[str, Located]:
    """A comparable amount by classification code: a table's coded lines, or a publication.yaml map."""
    if source.table:
        table = publication.tables[source.table]
        unit = publication.unit_of(table.spec)
        return {
            row.key: Located(
                row.amounts[source.column],
                unit,
                table.path,
                row.line,
                row.column_numbers[source.column],
                f"{source.table}:{row.key}:{source.column}",
            )
            for row in table.rows
            if row.key.isdigit() and source.column in row.amounts
        }
    map_path, field = code_map(source.fact)
    entries = fact_value(publication, map_path) or {}
    found = {}
    for code, entry in entries.items():
        value = entry.get(field) if isinstance(entry, dict) else None
        if value is None or str(code) not in publication.dictionaries.function_codes.codes:
            continue
        keys = (*map_path.split("."), code, field)
        line, column = publication.facts.value_position(*keys)
        path = ".".join(str(key) for key in keys)
        found[str(code)] = Located(
            Decimal(str(value)), facts_unit(publication), publication.facts_path, line, column, path
        )
    return found


def code_map(path: str) -> tuple[str, str]:
    """A publication.yaml path with {code} as the map's path and each entry's field:
    explanation.items.{code}.initial_budget -> (explanation.items, initial_budget)."""
    map_path, _, field = path.partition(CODE_PLACEHOLDER)
    return map_path.strip("."), field.strip(".")


def in_unit(located: Located | None, unit: str) -> Decimal | None:
    """The amount in ``unit`` to the cent, as the view shows it (a 预算 in 元 beside a 决算 in 万元)."""
    return None if located is None else to_cents(located.amount, from_unit=located.unit, to_unit=unit)


def to_cents(amount: Decimal, *, from_unit: str, to_unit: str) -> Decimal:
    return convert_amount(amount, from_unit=from_unit, to_unit=to_unit).quantize(CENT, rounding=ROUND_HALF_UP)


def class_totals(by_code: dict[str, Decimal], *, class_digits: int) -> dict[str, Decimal]:
    """Amounts per class (the codes' first ``class_digits`` digits): the class's own line where there is one,
    else the sum of its deepest entries (a 决算's items are 项 alone)."""
    totals: dict[str, Decimal] = {}
    for code, amount in by_code.items():
        class_code = code[:class_digits]
        if class_code in by_code and code != class_code:
            continue
        if code != class_code and any(other != code and other.startswith(code) for other in by_code):
            continue  # a 款 whose 项 are listed: they are summed instead
        totals[class_code] = totals.get(class_code, Decimal(0)) + amount
    return totals


# --- the view ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExecutionLine:
    """Budget and actual of one class or measure, in the view's unit."""

    key: str  # a class code, or a measure's comparable name
    budget: Decimal | None
    actual: Decimal
    reasons: tuple[dict[str, str], ...] = ()  # the 决算's stated reasons, {zh, en} each

    @property
    def difference(self) -> Decimal | None:
        return None if self.budget is None else self.actual - self.budget

    @property
    def rate(self) -> Decimal | None:
        """The execution rate in percent, to two decimals as 决算 print it (完成年初预算的 71.65%)."""
        if not self.budget:
            return None
        return (self.actual / self.budget * 100).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ExecutionView:
    final: Publication
    budget: Publication | None  # our 预算 of the same unit and year, where we hold it
    unit: str
    total: ExecutionLine
    classes: tuple[ExecutionLine, ...]  # largest deviation first
    measures: tuple[tuple[Measure, ExecutionLine], ...]


def execution_view(final: Publication, budget: Publication | None) -> ExecutionView | None:
    """Budget versus actual of a 决算 (None when its template has no execution:). The budget side is our
    预算 where its template names the same comparable, else the 年初预算数 the 决算 prints."""
    spec = final.template.execution
    if spec is None:
        return None
    if budget is not None and spec.classes not in budget.template.comparable:
        budget = None  # a 预算 of a template that names nothing to compare: the 决算's own 年初预算数 then
    unit = final.facts.data["amount_unit"]
    class_digits = final.dictionaries.function_codes.digits[0]
    actual_codes = source_by_code(final, final.template.comparable[spec.classes])
    budget_codes = budget_amounts_by_code(final, budget, spec.classes)
    actual_classes = class_totals(amounts_in(actual_codes, unit), class_digits=class_digits)
    budget_classes = class_totals(amounts_in(budget_codes, unit), class_digits=class_digits)
    reasons = stated_reasons(final, spec.reasons)
    classes = [
        ExecutionLine(
            code,
            budget_classes.get(code, Decimal(0)) if budget_codes else None,
            actual_classes.get(code, Decimal(0)),
            tuple(text for reason_code, text in reasons if reason_code.startswith(code)),
        )
        for code in sorted(set(actual_classes) | set(budget_classes))
    ]
    classes.sort(key=lambda line: (-abs(line.difference or Decimal(0)), line.key))
    actual_total = in_unit(source_amount(final, final.template.comparable[spec.total]), unit)
    total = ExecutionLine(spec.total, budget_amount(final, budget, spec.total, unit=unit), actual_total or Decimal(0))
    measures = []
    for measure in spec.measures:
        actual = in_unit(source_amount(final, final.template.comparable[measure.comparable]), unit)
        budgeted = budget_amount(final, budget, measure.comparable, unit=unit)
        if actual is None or budgeted is None:
            continue  # nothing to compare: the 决算 leaves it out, or neither side says its budget
        reason = fact_value(final, measure.reason) if measure.reason else None
        line = ExecutionLine(
            measure.comparable,
            budgeted,
            actual,
            (reason,) if isinstance(reason, dict) and reason.get("zh") else (),
        )
        measures.append((measure, line))
    return ExecutionView(final, budget, unit, total, tuple(classes), tuple(measures))


def amounts_in(found: dict[str, Located], unit: str) -> dict[str, Decimal]:
    return {code: to_cents(each.amount, from_unit=each.unit, to_unit=unit) for code, each in found.items()}


def budget_side(budget: Publication | None, name: str) -> AmountSource | None:
    """Where our 预算 holds a comparable (None without a 预算, or where its template names no such amount)."""
    return budget.template.comparable.get(name) if budget is not None else None


def printed_initial(final: Publication, name: str) -> AmountSource | None:
    spec = final.template.execution
    return next((each.printed for each in spec.initial if each.comparable == name), None) if spec else None


def budget_amounts_by_code(final: Publication, budget: Publication | None, name: str) -> dict[str, Located]:
    if (source := budget_side(budget, name)) is not None and budget is not None:
        return source_by_code(budget, source)
    printed = printed_initial(final, name)
    return source_by_code(final, printed) if printed is not None else {}


def budget_amount(final: Publication, budget: Publication | None, name: str, *, unit: str) -> Decimal | None:
    if (source := budget_side(budget, name)) is not None and budget is not None:
        return in_unit(source_amount(budget, source), unit)
    printed = printed_initial(final, name)
    return in_unit(source_amount(final, printed), unit) if printed is not None else None


def stated_reasons(final: Publication, path: str) -> list[tuple[str, dict[str, str]]]:
    """The reasons a 决算 states per code (path: a map's entries with {code}), in code order."""
    if not path:
        return []
    map_path, field = code_map(path)
    entries: dict[Any, Any] = fact_value(final, map_path) or {}
    found = []
    for code in sorted(entries, key=str):
        if str(code) not in final.dictionaries.function_codes.codes:
            continue
        entry = entries[code]
        reason = entry.get(field) if isinstance(entry, dict) else None
        if isinstance(reason, dict) and reason.get("zh"):
            found.append((str(code), reason))
    return found


def budget_of(final: Publication, publications: dict[tuple[int, str], Publication]) -> Publication | None:
    """The unit's 预算 of the 决算's year, where we hold it."""
    budget_kind = TEMPLATE_KINDS[0]
    found = publications.get((final.year, final.unit_id + KIND_SUFFIXES[budget_kind]))
    return found if found is not None and found.kind == budget_kind else None


# --- the check ---------------------------------------------------------------------------------------


def check_initial_budget(final: Publication, budget: Publication) -> list[Problem]:
    """Each 年初预算数 the 决算 prints equals our 预算 of that year, in the printed unit to the cent."""
    spec = final.template.execution
    if spec is None:
        return []
    problems = []
    for initial in spec.initial:
        source = budget.template.comparable.get(initial.comparable)
        if source is None or source.by_code != initial.printed.by_code:
            continue  # the 预算's template names no such amount: nothing to compare
        if initial.printed.by_code:
            printed = source_by_code(final, initial.printed)
            ours = source_by_code(budget, source)
            pairs = [(printed[code], ours.get(code)) for code in sorted(printed)]
        else:
            pairs = [(found, source_amount(budget, source))] if (found := source_amount(final, initial.printed)) else []
        problems += [
            mismatch
            for stated, expected in pairs
            if (mismatch := initial_mismatch(stated, expected, final=final, budget=budget)) is not None
        ]
    return problems


def initial_mismatch(
    stated: Located, expected: Located | None, *, final: Publication, budget: Publication
) -> Problem | None:
    ours = Decimal(0) if expected is None else to_cents(expected.amount, from_unit=expected.unit, to_unit=stated.unit)
    if abs(ours - stated.amount) <= CENT:  # rounding: the 预算 in 元, the 决算 prints 万元 to the cent
        return None
    return problem(
        stated.path,
        "INITIAL_BUDGET_MISMATCH",
        line=stated.line,
        column=stated.column,
        what=stated.what,
        found=format_amount(stated.amount),
        expected=format_amount(ours),
        unit=stated.unit,
        year=final.year,
        budget_place=expected.place() if expected is not None else display_path(budget.folder),
    )
