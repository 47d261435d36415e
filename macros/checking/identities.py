"""Accounting identities inside one table: row sums, fixed-row totals, and parent = Σ children.

Every comparison allows exactly what rounding can explain: half the last printed digit (0.005 at two
decimals, 0.5 for whole numbers) per published figure involved.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from macros.model.dictionaries import Dictionaries
from macros.model.publication import TOTAL_KEY, Row, Table, table_unit
from macros.reading.amounts import format_amount, format_tolerance, per_figure, rounding_tolerance
from macros.reading.problems import Problem, problem
from macros.template.specs import TableSpec, class_part, row_reference


def check_table_identities(table: Table, *, dictionaries: Dictionaries, amount_unit: str) -> list[Problem]:
    """``amount_unit``: the publication's; a table whose template names its own unit is in that one."""
    if not table.complete:
        return []
    amount_unit = table_unit(table.spec, amount_unit=amount_unit)
    problems = check_row_sums(table, amount_unit=amount_unit)
    problems += check_row_totals(table, amount_unit=amount_unit)
    if table.spec.layout == "classified":
        problems += check_code_hierarchy(table, dictionaries=dictionaries, amount_unit=amount_unit)
    if table.spec.layout == "units":
        problems += check_unit_hierarchy(table, amount_unit=amount_unit)
    return problems


def mismatch(
    total: Decimal, parts: Iterable[Decimal], *, figures: int, precision: int
) -> tuple[Decimal, Decimal] | None:
    """(sum of parts, tolerance) when ``total`` differs from the parts by more than rounding explains."""
    parts_sum = sum(parts, Decimal(0))
    tolerance = rounding_tolerance(figures, precision=precision)
    return (parts_sum, tolerance) if abs(total - parts_sum) > tolerance else None


def check_row_sums(table: Table, *, amount_unit: str) -> list[Problem]:
    """Inside every line: e.g. 合计 = 基本支出 + 项目支出 + …"""
    precision = table.spec.precision
    problems = []
    for row in table.rows:
        for item in table.spec.row_sums:
            if item.total not in row.amounts:
                continue
            total = row.amounts[item.total]
            parts = [row.amounts[part] for part in item.parts]
            found = mismatch(total, parts, figures=len(parts) + 1, precision=precision)
            if found is None:
                continue
            parts_sum, tolerance = found
            problems.append(
                problem(
                    table.path,
                    "ROW_SUM_MISMATCH",
                    line=row.line,
                    column=row.column_numbers[item.total],
                    total_name=table.spec.column(item.total).label_zh,
                    total=format_amount(total, precision),
                    parts_names=" + ".join(table.spec.column(part).label_zh for part in item.parts),
                    parts_sum=format_amount(parts_sum, precision),
                    difference=format_amount(abs(total - parts_sum), precision),
                    tolerance=format_tolerance(tolerance),
                    per_figure=format_tolerance(per_figure(precision)),
                    figures=len(parts) + 1,
                    unit=amount_unit,
                )
            )
    return problems


def check_row_totals(table: Table, *, amount_unit: str) -> list[Problem]:
    """Between fixed lines: e.g. 本年收入合计 = 一 + 二 + 三, in every amount column of the total's side,
    or in the column a reference names (``KEY:COLUMN``, where a total is compared across sides)."""
    spec = table.spec
    precision = spec.precision
    problems = []
    rows = {row.key: row for row in table.rows}
    for item in spec.row_totals:
        total_key, total_column = row_reference(item.total)
        references = [reference for part in item.parts for reference in part_references(part, table)]
        if total_key not in rows or any(key not in rows for key, _ in references):
            continue
        total_row = rows[total_key]
        for column in [total_column] if total_column else list(total_row.amounts):
            parts = [(rows[key], part_column or column) for key, part_column in references]
            if column not in total_row.amounts or any(name not in row.amounts for row, name in parts):
                continue  # a cell with its own problem
            total = total_row.figure(column, path=table.path)
            figures = [row.figure(name, path=table.path) for row, name in parts]
            found = mismatch(
                total.amount, (part.amount for part in figures), figures=len(figures) + 1, precision=precision
            )
            if found is None:
                continue
            parts_sum, tolerance = found
            problems.append(
                problem(
                    table.path,
                    "ROW_SUM_MISMATCH",
                    line=total.line,
                    column=total.column,
                    related=[(table.path, part.line) for part in figures],
                    total_name=line_name(spec, total_row, column),
                    total=format_amount(total.amount, precision),
                    parts_names=" + ".join(line_name(spec, row, name) for row, name in parts),
                    parts_sum=format_amount(parts_sum, precision),
                    difference=format_amount(abs(total.amount - parts_sum), precision),
                    tolerance=format_tolerance(tolerance),
                    per_figure=format_tolerance(per_figure(precision)),
                    figures=len(figures) + 1,
                    unit=amount_unit,
                )
            )
    return problems


def part_references(part: str, table: Table) -> list[tuple[str, str]]:
    """A part of a row total as (key, column) references: itself, or every class line of its side."""
    for side in table.spec.sides:
        if side.class_lines and part == class_part(side.class_lines.kind):
            return [(row.key, "") for row in table.rows if side.label_column in row.texts and row.key not in side.keys]
    return [row_reference(part)]


def line_name(spec: TableSpec, row: Row, column: str) -> str:
    """“支出总计”, and the column where the row's side has several: “支出总计”（财政拨款支出／一般公共预算）."""
    side = next((side for side in spec.sides if side.label_column in row.texts), None)
    several = side is not None and len(side.amount_columns) > 1
    return f"“{row_label(row)}”" + (f"（{'／'.join(spec.column(column).header_zh)}）" if several else "")


def row_label(row: Row) -> str:
    return next((text for text in row.texts.values() if text), row.key)


def check_code_hierarchy(table: Table, *, dictionaries: Dictionaries, amount_unit: str) -> list[Problem]:
    """类 = Σ款, 款 = Σ项, and 合计 = Σ类, for every amount column."""
    code_column = table.spec.code_column
    assert code_column is not None
    classification = dictionaries.function_codes if code_column.type == "function_code" else dictionaries.economic_codes
    top_digits = classification.digits[0]
    children: dict[str, list[Row]] = {}
    for row in table.rows:
        if row.key == TOTAL_KEY:
            continue
        parent_key = classification.codes[row.key].parent if len(row.key) > top_digits else TOTAL_KEY
        children.setdefault(parent_key, []).append(row)
    problems = []
    leaf_digits = classification.digits[-1]
    for parent in table.rows:
        # Every code above the lowest level is a subtotal: with no lines below it, it must be 0.00.
        if parent.key != TOTAL_KEY and len(parent.key) == leaf_digits:
            continue
        problems += compare_with_children(
            table,
            parent,
            children.get(parent.key, []),
            amount_unit=amount_unit,
            parent_name=row_name(parent, table.spec),
        )
    return problems


def check_unit_hierarchy(table: Table, *, amount_unit: str) -> list[Problem]:
    """合计 = Σ unit lines; each unit line = Σ its detail lines (when it has any)."""
    units: list[tuple[Row, list[Row]]] = []
    total: Row | None = None
    for row in table.rows:
        if row.key == TOTAL_KEY:
            total = row
        elif row.key == "unit":
            units.append((row, []))
        elif units:
            units[-1][1].append(row)
    problems = []
    if total is not None:
        problems += compare_with_children(
            table, total, [unit for unit, _ in units], amount_unit=amount_unit, parent_name=row_name(total, table.spec)
        )
    for unit, details in units:
        # A unit line with amounts but no detail lines below it does not add up either.
        problems += compare_with_children(
            table, unit, details, amount_unit=amount_unit, parent_name=row_name(unit, table.spec)
        )
    return problems


def compare_with_children(
    table: Table, parent: Row, children: list[Row], *, amount_unit: str, parent_name: str
) -> list[Problem]:
    precision = table.spec.precision
    problems = []
    for column in parent.amounts:
        total = parent.amounts[column]
        found = mismatch(
            total, (child.amounts[column] for child in children), figures=len(children) + 1, precision=precision
        )
        if found is None:
            continue
        parts_sum, tolerance = found
        lines = [child.line for child in children]
        problems.append(
            problem(
                table.path,
                "SUBTOTAL_MISMATCH",
                line=parent.line,
                column=parent.column_numbers[column],
                related=[(table.path, line) for line in lines],
                parent=parent_name,
                header=table.spec.column(column).label_zh,
                total=format_amount(total, precision),
                lines=line_ranges(lines) or "（无）",
                parts_sum=format_amount(parts_sum, precision),
                difference=format_amount(abs(total - parts_sum), precision),
                tolerance=format_tolerance(tolerance),
                per_figure=format_tolerance(per_figure(precision)),
                figures=len(children) + 1,
                unit=amount_unit,
            )
        )
    return problems


def row_name(row: Row, spec: TableSpec) -> str:
    code_column = spec.code_column
    code = row.texts.get(code_column.id, "") if code_column is not None else ""
    name = row.texts.get(spec.name_column.id, "")
    return f"第 {row.line} 行 {code} {name}".replace("  ", " ")


def line_ranges(lines: list[int]) -> str:
    """[3, 4, 5, 9] -> '3–5、9'."""
    ranges: list[str] = []
    start: int | None = None
    previous = 0
    for line in lines:
        if start is None:
            start = previous = line
        elif line == previous + 1:
            previous = line
        else:
            ranges.append(f"{start}–{previous}" if start != previous else str(start))
            start = previous = line
    if start is not None:
        ranges.append(f"{start}–{previous}" if start != previous else str(start))
    return "、".join(ranges)
