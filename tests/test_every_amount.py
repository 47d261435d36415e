"""Any amount of the seed's twelve tables changed by 0.20 (more than rounding can explain) is caught.

The problem must name the changed file and either the changed line or, for a sum that no longer
adds up, list the changed line among the lines it read.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import DATA, PUBLICATION, read_rows, write_rows
from macros.specs import load_template
from macros.validation import validate

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
