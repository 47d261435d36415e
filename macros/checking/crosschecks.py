"""Identities between tables, as the template's ``cross_checks`` state them.

A reference ``TABLE:ROW:COLUMN`` names the figures of one table's rows in one column. ``for_each``
repeats a check for every code that any of its tables has (a missing row counts as 0). Tables in
different units (元 beside 万元) are compared in the finer unit, allowing the coarser table's rounding.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from macros.model.publication import TOTAL_KEY, Figure, Publication, Row, Table
from macros.reading.amounts import format_amount, format_tolerance, per_figure, unit_factor
from macros.reading.problems import Problem, problem
from macros.template.specs import CrossCheck

PLACEHOLDERS = {"function_class": "{class}", "economic_class": "{class}", "function_code": "{code}"}


@dataclass(frozen=True)
class Reference:
    table_id: str
    row_key: str
    column: str

    @classmethod
    def parse(cls, text: str, *, fill: str = "") -> Reference:
        table_id, row_key, column = text.split(":")
        for placeholder in set(PLACEHOLDERS.values()):
            row_key = row_key.replace(placeholder, fill)
        return cls(table_id, row_key, column)


def check_cross_tables(publication: Publication, *, amount_unit: str) -> list[Problem]:
    problems: list[Problem] = []
    for check in publication.template.cross_checks:
        tables = {Reference.parse(text).table_id for text in (*check.left, *check.right)}
        if not all(publication.tables[table_id].complete for table_id in tables):
            continue  # a table with its own problems: fix those first
        for key in keys_for(check, publication):
            found = compare(check, key, publication, amount_unit=amount_unit)
            if found is not None:
                problems.append(found)
    return problems


def keys_for(check: CrossCheck, publication: Publication) -> list[str]:
    """The codes a for_each check runs over: every code of that kind that its tables have."""
    if not check.for_each:
        return [""]
    keys: set[str] = set()
    for text in (*check.left, *check.right):
        keys |= codes_of_kind(publication.tables[Reference.parse(text).table_id], check.for_each)
    return sorted(keys)


def codes_of_kind(table: Table, kind: str) -> set[str]:
    """function_class / function_code / economic_class codes that a table's rows carry."""
    code_column = table.spec.code_column
    # Fixed and two-sided tables key their class lines by function class (Tables 1 and 4).
    table_kind = code_column.type if code_column is not None else "function_code"
    if table_kind != ("economic_code" if kind == "economic_class" else "function_code"):
        return set()
    codes = {code for row in table.rows for code in [row_code(row, table)] if code}
    return {code for code in codes if len(code) == 3} if kind.endswith("_class") else codes


def row_code(row: Row, table: Table) -> str:
    """The classification code of a row: its key, or in Tables 11 and 12 its economic_code cell."""
    if row.key.isdigit():
        return row.key
    code_column = table.spec.code_column
    return row.texts.get(code_column.id, "") if code_column is not None else ""


def matching_rows(reference: Reference, table: Table) -> list[Row]:
    """The rows a reference names: by key (total, a fixed key, a code), or by code in Tables 11 and 12."""
    rows = table.rows_keyed(reference.row_key)
    if not rows and reference.row_key.isdigit():
        rows = [row for row in table.rows if row_code(row, table) == reference.row_key]
    return rows


def figures(reference: Reference, table: Table) -> list[Figure]:
    rows = matching_rows(reference, table)
    return [row.figure(reference.column, path=table.path) for row in rows if reference.column in row.amounts]


@dataclass(frozen=True)
class Scale:
    """The unit and printed decimals of the figures a reference names."""

    unit: str
    precision: int

    @property
    def yuan(self) -> Decimal:
        return unit_factor(self.unit)


def scale_of(table: Table, publication: Publication) -> Scale:
    return Scale(publication.unit_of(table.spec), table.spec.precision)


def common_scale(scales: list[Scale]) -> tuple[Scale, Decimal]:
    """The unit figures of different units are compared in (the finest: converting to it is exact), with
    as many decimals as the finest figure keeps there; and what rounding explains per figure in it: the
    coarsest figure's half last digit (a 万元 figure at two decimals is 50 元 either way)."""
    finest = min(scales, key=lambda scale: scale.yuan)
    precision = max(max(scale.precision - exponent(scale.yuan / finest.yuan), 0) for scale in scales)
    rounding = max(per_figure(scale.precision) * (scale.yuan / finest.yuan) for scale in scales)
    return Scale(finest.unit, precision), rounding


def exponent(ratio: Decimal) -> int:
    """10000 -> 4: how many decimal places a conversion by ``ratio`` moves."""
    return len(str(int(ratio))) - 1


def compare(check: CrossCheck, key: str, publication: Publication, *, amount_unit: str) -> Problem | None:
    """``amount_unit`` is the publication's; each table's own unit is converted to a common one."""
    left = [(Reference.parse(text, fill=key)) for text in check.left]
    right = [(Reference.parse(text, fill=key)) for text in check.right]
    scales = {ref.table_id: scale_of(publication.tables[ref.table_id], publication) for ref in (*left, *right)}
    common, rounding = common_scale(list(scales.values()))
    sides = []
    for refs in (left, right):
        found = [
            (figure, figure.amount * (scales[ref.table_id].yuan / common.yuan))
            for ref in refs
            for figure in figures(ref, publication.tables[ref.table_id])
        ]
        sides.append(found)
    left_figures, right_figures = sides
    left_sum = sum((amount for _, amount in left_figures), Decimal(0))
    right_sum = sum((amount for _, amount in right_figures), Decimal(0))
    count = len(left_figures) + len(right_figures)
    tolerance = rounding * count
    excess = left_sum - right_sum if check.relation == "at_most" else abs(left_sum - right_sum)
    if excess <= tolerance:
        return None
    anchor = next(figure for figure, _ in (*left_figures, *right_figures))
    mixed = len({scale.unit for scale in scales.values()}) > 1
    units = {table_id: scale.unit for table_id, scale in scales.items()} if mixed else {}
    return problem(
        anchor.path,
        "CROSS_TABLE_MISMATCH",
        line=anchor.line,
        column=anchor.column,
        related=[(figure.path, figure.line) for figure, _ in (*left_figures, *right_figures)],
        left_names=" + ".join(describe(ref, publication, unit=units.get(ref.table_id, "")) for ref in left),
        left_sum=format_amount(left_sum, common.precision),
        relation="按规定应不超过" if check.relation == "at_most" else "按规定应等于",
        relation_en="be at most" if check.relation == "at_most" else "equal",
        right_names=" + ".join(describe(ref, publication, unit=units.get(ref.table_id, "")) for ref in right),
        right_sum=format_amount(right_sum, common.precision),
        difference=format_amount(abs(left_sum - right_sum), common.precision),
        tolerance=format_tolerance(tolerance),
        per_figure=format_tolerance(rounding),
        figures=count,
        unit=common.unit,
    )


def describe(reference: Reference, publication: Publication, *, unit: str = "") -> str:
    """Name a reference for staff: 表2“合计”行 general_budget（财政拨款收入／一般公共预算）, and its
    ``unit`` when given (a check that compares figures of different units says which is which)."""
    table = publication.tables[reference.table_id]
    spec = table.spec
    rows = matching_rows(reference, table)
    if reference.row_key == TOTAL_KEY:
        row_name = spec.total_row.label
    elif rows:
        row_name = next((text for text in rows[0].texts.values() if text and not text.isdigit()), reference.row_key)
    else:
        row_name = f"{reference.row_key}（本表无此行，按 {format_amount(Decimal(0), spec.precision)} 计）"
    in_unit = f"（{unit}）" if unit else ""
    return f"表{int(spec.id)}“{row_name}”行 {spec.column(reference.column).label_zh}{in_unit}"
