"""Reading data files as staff save them: encodings, and CSV lines with their numbers (YAML: plain_yaml).

Nothing here knows about budgets. Every reader returns ``(result, problems)``; the result is
``None`` when the file cannot be read at all.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
from dataclasses import dataclass
from pathlib import Path

from macros.reading.problems import Problem, problem
from macros.reading.text_policy import policy_problem


@dataclass(frozen=True)
class CsvRecord:
    """One CSV record: its cells and the line it starts on (the header is line 1)."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class CsvFile:
    path: Path
    header: tuple[str, ...]
    records: tuple[CsvRecord, ...]


# A staff file is read whole: a bound on its size bounds the time and memory of every check. A district's
# largest file (a unit list of thousands) is a few hundred kilobytes.
MAX_FILE_BYTES = 5_000_000


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """Decode a file as UTF-8 (a byte-order mark is fine); say clearly when Excel saved it otherwise."""
    if path.stat().st_size > MAX_FILE_BYTES:
        limit = f"{MAX_FILE_BYTES // 1_000_000} MB"
        return None, [problem(path, "FILE_TOO_LARGE", limit=limit, limit_en=limit)]
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, [problem(path, "ENCODING_UTF16")]
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        bad_line = raw.split(b"\n")[line - 1]
        if is_gb18030(bad_line):
            fix = FIX_BY_SUFFIX.get(path.suffix.lower(), FIX_BY_SUFFIX[".yaml"])
            return None, [problem(path, "ENCODING_GBK", line=line, fix=fix)]
        detail = raw[error.start : error.start + 4].hex(" ")
        return None, [problem(path, "ENCODING_INVALID", line=line, detail=detail)]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


FIX_BY_SUFFIX = {
    ".csv": "在 Excel 中选择“另存为”→“CSV UTF-8（逗号分隔）(*.csv)”",
    ".yaml": "在编辑器中选择以 UTF-8 编码保存",
}


def is_gb18030(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def convert_gb18030_to_utf8(path: Path) -> bool:
    """Rewrite a file whose lines are GBK/GB18030 as UTF-8, line by line: lines that already are
    UTF-8 stay as they are (a file can mix both after copying lines between files). False when the
    file needed no change or has lines that are neither."""
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
        return False
    except UnicodeDecodeError:
        pass
    converted = []
    for line in raw.split(b"\n"):
        try:
            line.decode("utf-8")
            converted.append(line)
        except UnicodeDecodeError:
            if not is_gb18030(line):
                return False
            converted.append(line.decode("gb18030").encode("utf-8"))
    path.write_bytes(b"\n".join(converted))
    return True


def read_csv(path: Path, *, multiline: frozenset[str] = frozenset()) -> tuple[CsvFile | None, list[Problem]]:
    """Read a CSV file into records with line numbers; blank lines at the end are ignored.

    Every cell is held to the text policy (macros/reading/text_policy.py); line breaks are allowed only in the
    columns named in ``multiline``."""
    text, problems = read_text(path)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [problem(path, "FILE_EMPTY")]
    csv.field_size_limit(MAX_FILE_BYTES)  # the file's size bounds a cell; a long one is TEXT_TOO_LONG
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[CsvRecord] = []
    blank_lines: list[int] = []
    next_line = 1
    try:
        for cells in reader:
            start = next_line
            next_line = reader.line_num + 1
            if not cells or all(not cell.strip() for cell in cells):
                blank_lines.append(start)
                continue
            # A blank line before this record is an empty row inside the table.
            problems.extend(problem(path, "ROW_EMPTY", line=blank) for blank in blank_lines)
            blank_lines = []
            records.append(CsvRecord(line=start, cells=tuple(cells)))
    except csv.Error as error:
        # The record that failed starts on next_line (an unclosed quote is only noticed at the end).
        problems.append(problem(path, "CSV_SYNTAX", line=next_line, detail=str(error)))
        return None, problems
    if not records:
        return None, [*problems, problem(path, "FILE_EMPTY")]
    records = without_trailing_empty_cells(records)
    header = tuple(cell.strip() for cell in records[0].cells)
    if len(header) == 1 and ";" in header[0]:
        detail = "分隔符是分号“;”，应为英文逗号“,”（Excel 的区域设置所致）/ the separator is “;”, not “,”"
        return None, [*problems, problem(path, "CSV_SYNTAX", detail=detail)]
    for record in records:
        problems.extend(cell_characters(path, record, header=header, multiline=multiline))
    return CsvFile(path=path, header=header, records=tuple(records[1:])), problems


def in_cell(line: int, column: int, line_offset: int, _column_offset: int) -> tuple[int, int]:
    """Where a character of a cell is reported: its own line, the cell's column."""
    return line + line_offset, column


def cell_characters(
    path: Path, record: CsvRecord, *, header: tuple[str, ...], multiline: frozenset[str]
) -> list[Problem]:
    """The text policy on each cell: a refused character at its own line (cells may span lines)."""
    problems = []
    line = record.line
    for index, cell in enumerate(record.cells):
        name = header[index] if index < len(header) else ""
        found = policy_problem(
            path,
            cell,
            multiline=name in multiline and record.line != 1,
            field=f"列 {name} " if name else "",
            field_en=f"column {name} " if name else "",
            start=(line, index + 1),
            place=functools.partial(in_cell, line, index + 1),
        )
        if found:
            problems.append(found)
        line += cell.count("\n")
    return problems


def without_trailing_empty_cells(records: list[CsvRecord]) -> list[CsvRecord]:
    """Excel often saves empty columns after the last one (",,,"): harmless, so they are dropped.

    Only cells that are empty on every line and have no header go; anything else stays and is checked.
    """
    width = len(records[0].cells)
    while width > 1 and all(len(record.cells) < width or not record.cells[width - 1].strip() for record in records):
        width -= 1
    trimmed = []
    for record in records:
        cells = record.cells
        while len(cells) > width and not cells[-1].strip():
            cells = cells[:-1]
        trimmed.append(CsvRecord(line=record.line, cells=cells))
    return trimmed
