"""Any amount of the seed's twelve tables changed by 0.20 (more than rounding can explain) is caught.

The problem must name the changed file and either the changed line or, for a sum that no longer
adds up, list the changed line among the lines it read.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import DATA, PUBLICATION, read_rows, write_rows
from macros.checking.validation import validate
from macros.template.specs import load_template

TEMPLATE = load_template(DATA / "templates" / "guangzhou-department.yaml")
CHANGE = Decimal("0.20")


def amount_cells() -> list[tuple[str, int, int]]:
    """(file, line, column index) of every amount printed in the seed's tables."""
    cells = []
    for spec in TEMPLATE.tables:
        rows = read_rows(DATA / PUBLICATION / spec.file)
        amount_columns = [rows[0].index(column.id) for column in spec.amount_columns]
        for line, row in enumerate(rows[1:], start=2):
            cells.extend((spec.file, line, index) for index in amount_columns if row[index])
    return cells


def test_every_amount_change_is_reported_at_its_file_and_line(data_copy: Path) -> None:
    cells = amount_cells()
    assert len(cells) > 400  # all twelve tables, zero rows included
    missed = []
    for file, line, index in cells:
        path = data_copy / PUBLICATION / file
        original = path.read_bytes()
        rows = read_rows(path)
        rows[line - 1][index] = f"{Decimal(rows[line - 1][index]) + CHANGE:.2f}"
        write_rows(path, rows)
        problems = validate(data_copy).problems
        path.write_bytes(original)
        target = path.resolve()
        if not any(
            Path(found.path).resolve() == target
            and (
                found.line == line or any(Path(where).resolve() == target and at == line for where, at in found.related)
            )
            for found in problems
        ):
            missed.append(f"{file}:{line} column {index + 1}: {[found.format() for found in problems]}")
    assert not missed, "\n".join(missed)
    assert validate(data_copy).ok


def consistent_edits(spec_id: str, rows: list[list[str]]) -> list[list[tuple[int, str]]]:
    """Edits that keep a table adding up inside itself, as Excel's SUM formulas would: one detail line
    changed together with every subtotal above it and the 合计 line, in columns that keep each
    line's own sum. Only a check against another table can catch these."""
    spec = TEMPLATE.table(spec_id)
    header = rows[0]
    if spec.row_sums:
        first = spec.row_sums[0]
        columns = [first.total, first.parts[0]] + [item.total for item in spec.row_sums[1:]]
        if spec.layout == "units":
            columns = ["total", "fiscal_total", "general_budget"]
    else:
        columns = [column.id for column in spec.amount_columns]
    edits = []
    if spec.layout == "classified":
        code_index = header.index(spec.code_column.id)
        codes = [row[code_index] for row in rows[1:]]
        for code in codes:
            if not code or any(other != code and other.startswith(code) for other in codes):
                continue
            lines = [2] + [number for number, other in enumerate(codes, start=2) if other and code.startswith(other)]
            edits.append([(number, column) for number in lines for column in columns])
    elif spec.layout == "units":
        for line, row in enumerate(rows[1:], start=2):
            if row[header.index("row_type")] not in ("total", "unit"):
                unit_line = max(number for number, other in enumerate(rows[1:line], start=2) if other[0] == "unit")
                edits.append([(number, column) for number in (2, unit_line, line) for column in columns])
    return edits


def test_a_line_changed_with_its_subtotals_is_caught_against_other_tables(data_copy: Path) -> None:
    checked = 0
    missed = []
    for spec in TEMPLATE.tables:
        path = data_copy / PUBLICATION / spec.file
        original = path.read_bytes()
        rows = read_rows(path)
        for edit in consistent_edits(spec.id, rows):
            changed = [list(row) for row in rows]
            for line, column in edit:
                index = rows[0].index(column)
                changed[line - 1][index] = f"{Decimal(changed[line - 1][index]) + CHANGE:.2f}"
            write_rows(path, changed)
            codes = {found.code for found in validate(data_copy).problems}
            path.write_bytes(original)
            checked += 1
            if "CROSS_TABLE_MISMATCH" not in codes or codes - {"CROSS_TABLE_MISMATCH"}:
                missed.append(f"{spec.file} {edit}: {sorted(codes)}")
    assert checked > 20
    assert not missed, "\n".join(missed)
