"""Tables from an XLSX workbook (a sheet per table, as finance systems and our downloads export them).

A workbook has only the tables: the rest of the publication (publication.yaml) is taken from the same
unit and year in the reference data, where it must already be.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from macros.exchange.document import Line
from macros.exchange.importer import Imported, Knowledge, table_rows
from macros.reading.plain_yaml import read_yaml


def import_workbook(
    path: Path, *, year: int, unit_id: str, knowledge: Knowledge, out: Path, reference: Path
) -> Imported:
    imported = Imported()
    book = load_workbook(path, data_only=True)
    sheets = book.worksheets
    if len(sheets) != len(knowledge.template.tables):
        imported.problem(
            1, f"工作簿有 {len(sheets)} 个工作表，应为 {len(knowledge.template.tables)} 个 / wrong number of sheets"
        )
        return imported
    facts_path = reference / str(year) / unit_id / "publication.yaml"
    document, _ = read_yaml(facts_path) if facts_path.is_file() else (None, [])
    if document is None:
        imported.problem(
            1, f"工作簿只有表格：需要 {facts_path} / a workbook has tables only; publication.yaml is needed"
        )
        return imported
    imported.facts = document.data
    imported.facts_text = facts_path.read_text(encoding="utf-8")
    imported.unit_name = document.data.get("name_zh", "")
    for spec, sheet in zip(knowledge.template.tables, sheets, strict=True):
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = tuple(cell_text(value) for value in values)
            if any(isinstance(value, int | float) and not isinstance(value, bool) for value in values):
                rows.append(Line("\t".join(cells), number=number, cells=cells))
        imported.tables[spec.file], imported.origins[spec.file] = table_rows(spec, rows, knowledge, imported)
    return imported


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{Decimal(str(value)):.2f}"
    return str(value).strip()
