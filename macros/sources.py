"""Reading data files as staff save them: encodings, CSV lines with their numbers, YAML with positions.

Nothing here knows about budgets. Every reader returns ``(result, problems)``; the result is
``None`` when the file cannot be read at all.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from macros.problems import Problem, problem

# libyaml's parser when the wheel has it: ten times faster, same nodes and positions.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """Decode a file as UTF-8 (a byte-order mark is fine); say clearly when Excel saved it otherwise."""
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


def read_csv(path: Path) -> tuple[CsvFile | None, list[Problem]]:
    """Read a CSV file into records with line numbers; blank lines at the end are ignored."""
    text, problems = read_text(path)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [problem(path, "FILE_EMPTY")]
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
    return CsvFile(path=path, header=header, records=tuple(records[1:])), problems


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


Positions = dict[tuple[str | int, ...], tuple[int, int]]


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file and where each field sits: ``positions[("a", 0, "b")] = (line, column)``.

    A mapping's field is placed at its key (an alias's value would point at the anchor instead);
    a list item at the item itself.
    """

    path: Path
    data: Any
    positions: Positions

    def position(self, *keys: str | int) -> tuple[int, int]:
        """The position of the field at ``keys``, or of its nearest parent that exists."""
        for length in range(len(keys), -1, -1):
            if keys[:length] in self.positions:
                return self.positions[keys[:length]]
        return (1, 1)


def read_yaml(path: Path) -> tuple[YamlDocument | None, list[Problem]]:
    text, problems = read_text(path)
    if text is None:
        return None, problems
    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        return None, [problem(path, "YAML_SYNTAX", line=line, detail="用了 Tab 缩进 / a tab is used for indentation")]
    try:
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError as error:
        # "while scanning a simple key" errors are noticed a line late: the context mark is the mistake.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = " ".join(str(getattr(error, "problem", None) or error).split())
        return None, [problem(path, "YAML_SYNTAX", line=line, column=column, detail=detail)]
    try:
        data = yaml.load(text, Loader=SafeLoader)
    except (yaml.YAMLError, ValueError, TypeError) as error:
        # A well-formed value that cannot be read, such as the date 2024-02-30.
        line, column = unreadable_value(node)
        detail = f"无法读取的值 / unreadable value: {error}"
        return None, [problem(path, "YAML_SYNTAX", line=line, column=column, detail=detail)]
    positions: Positions = {}
    duplicates: list[Problem] = []
    if node is not None:
        record_positions(node, (), positions, duplicates=duplicates, path=path)
    return YamlDocument(path=path, data=data, positions=positions), duplicates


def record_positions(
    node: yaml.Node,
    keys: tuple[str | int, ...],
    positions: Positions,
    *,
    duplicates: list[Problem],
    path: Path,
) -> None:
    positions.setdefault(keys, mark(node))  # a mapping's field already has its key's position
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_text(key_node)
            if key in seen:
                line, column = mark(key_node)
                detail = f"字段 {key} 写了两次 / key {key} appears twice"
                duplicates.append(problem(path, "YAML_SYNTAX", line=line, column=column, detail=detail))
            seen.add(key)
            positions[(*keys, key)] = mark(key_node)
            record_positions(value_node, (*keys, key), positions, duplicates=duplicates, path=path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            record_positions(item, (*keys, index), positions, duplicates=duplicates, path=path)


def unreadable_value(node: yaml.Node | None) -> tuple[int, int]:
    """Where the first value that the YAML library cannot turn into data sits."""
    if isinstance(node, yaml.ScalarNode):
        try:
            yaml.constructor.SafeConstructor().construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError):
            return mark(node)
        return (0, 0)
    children = node.value if isinstance(node, yaml.SequenceNode) else [] if node is None else None
    if isinstance(node, yaml.MappingNode):
        children = [item for pair in node.value for item in pair]
    for child in children or []:
        found = unreadable_value(child)
        if found != (0, 0):
            return found
    return (0, 0) if node is not None else (1, 1)


def key_text(node: yaml.Node) -> str:
    """A key as the loaded data has it, in text: the key 01 is read as the number 1, so "1"."""
    if isinstance(node, yaml.ScalarNode):
        return str(yaml.constructor.SafeConstructor().construct_object(node))
    return str(node.value)


def mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1
