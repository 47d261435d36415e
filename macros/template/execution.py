"""Budget versus actual, as templates say it.

A unit's 预算 and 决算 of one year are two publications of two templates. What they have in common is named
in each template's ``comparable:`` (the same names in both: ``general_budget``, ``three_public``…), each an
amount the publication holds: an ``explanation_figures`` key, a publication.yaml path, or a table's lines by
classification code. A 决算's template then says in ``execution:`` what its page compares (by function class,
then its measures), which reasons it states, and which 年初预算数 it prints: each must equal its 预算's
amount of the same name (checking/execution.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CODE_PLACEHOLDER = "{code}"  # in a publication.yaml path: an entry of a map keyed by classification code


class ExecutionSpecError(ValueError):
    """A template's comparable: or execution: that does not say what it must: a developer's mistake."""


@dataclass(frozen=True)
class AmountSource:
    """Where a publication holds an amount: ``figure`` (an explanation_figures key, or a reference such as
    07:only:vehicle_purchase_budget), ``fact`` (a publication.yaml path; with ``{code}`` one amount per
    classification code), or ``table`` and ``column`` (the table's lines keyed by a classification code, each
    line's amount in the column)."""

    figure: str = ""
    fact: str = ""
    table: str = ""
    column: str = ""

    def reference(self, explanation_figures: dict[str, str]) -> str:
        """The table reference of a ``figure``: the explanation figure's, or the reference itself."""
        return self.figure if ":" in self.figure else explanation_figures[self.figure]

    @property
    def by_code(self) -> bool:
        return bool(self.table) or CODE_PLACEHOLDER in self.fact


@dataclass(frozen=True)
class Measure:
    """One line of budget versus actual beside the function classes (三公, 机关运行经费)."""

    comparable: str
    title_zh: str
    title_en: str
    reason: str = ""  # the publication.yaml path of the 决算's stated reason for the difference


@dataclass(frozen=True)
class InitialBudget:
    """A 年初预算数 the 决算 prints (``printed``), equal to its 预算's ``comparable`` amount."""

    comparable: str
    printed: AmountSource


@dataclass(frozen=True)
class Execution:
    title_zh: str  # what the classes compare (一般公共预算财政拨款支出)
    title_en: str
    classes: str  # a comparable by code: compared per function class (类)
    total: str  # the comparable of the whole (the classes' 合计)
    reasons: str  # a publication.yaml path with {code}: the reason the 决算 states for a code's difference
    measures: tuple[Measure, ...]
    initial: tuple[InitialBudget, ...]


def amount_source(raw: Any, *, where: str) -> AmountSource:
    if not isinstance(raw, dict) or not raw:
        raise ExecutionSpecError(f"{where}: an amount is {{figure: …}}, {{fact: …}} or {{table: …, column: …}}")
    unknown = set(raw) - {"figure", "fact", "table", "column"}
    if unknown:
        raise ExecutionSpecError(f"{where}: unknown keys {sorted(unknown)}")
    source = AmountSource(**{key: plain(raw, key, where=where) for key in raw})
    forms = [bool(source.figure), bool(source.fact), bool(source.table or source.column)]
    if sum(forms) != 1 or bool(source.table) != bool(source.column):
        raise ExecutionSpecError(f"{where}: name one of figure, fact, or table with column")
    return source


def comparable_spec(raw: Any) -> dict[str, AmountSource]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ExecutionSpecError("comparable: a mapping of names to amounts")
    return {str(name): amount_source(value, where=f"comparable {name}") for name, value in raw.items()}


def execution_spec(raw: Any) -> Execution | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ExecutionSpecError("execution: a mapping")
    unknown = set(raw) - {"title_zh", "title_en", "classes", "total", "reasons", "measures", "initial"}
    if unknown:
        raise ExecutionSpecError(f"execution: unknown keys {sorted(unknown)}")
    measures = tuple(
        Measure(
            comparable=plain(item, "comparable", where="execution measure"),
            title_zh=plain(item, "title_zh", where="execution measure"),
            title_en=plain(item, "title_en", where="execution measure"),
            reason=plain(item, "reason", where="execution measure", default=""),
        )
        for item in listed(raw, "measures")
    )
    initial = tuple(
        InitialBudget(
            comparable=plain(item, "comparable", where="execution initial"),
            printed=amount_source({key: value for key, value in item.items() if key != "comparable"}, where="initial"),
        )
        for item in listed(raw, "initial")
    )
    return Execution(
        title_zh=plain(raw, "title_zh", where="execution"),
        title_en=plain(raw, "title_en", where="execution"),
        classes=plain(raw, "classes", where="execution"),
        total=plain(raw, "total", where="execution"),
        reasons=plain(raw, "reasons", where="execution", default=""),
        measures=measures,
        initial=initial,
    )


def listed(raw: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = raw.get(key, [])
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ExecutionSpecError(f"execution {key}: a list of mappings")
    return items


def plain(raw: dict[str, Any], key: str, *, where: str, default: str | None = None) -> str:
    if key not in raw and default is not None:
        return default
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise ExecutionSpecError(f"{where}: {key} must be text, found {value!r}")
    return value
