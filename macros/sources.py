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
        if is_gb18030(raw):
            return None, [problem(path, "ENCODING_GBK", line=line)]
        detail = raw[error.start : error.start + 4].hex(" ")
        return None, [problem(path, "ENCODING_INVALID", line=line, detail=detail)]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def is_gb18030(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def convert_gb18030_to_utf8(path: Path) -> bool:
    """Rewrite a GBK/GB18030 file as UTF-8 in place; False when it is not such a file."""
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
        return False
    except UnicodeDecodeError:
        pass
    if not is_gb18030(raw):
        return False
    path.write_bytes(raw.decode("gb18030").encode("utf-8"))
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
    header = tuple(cell.strip() for cell in records[0].cells)
    return CsvFile(path=path, header=header, records=tuple(records[1:])), problems


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
    try:
        node = yaml.compose(text, Loader=SafeLoader)
        data = yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = " ".join(str(error).split())
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


def key_text(node: yaml.Node) -> str:
    """A key as the loaded data has it, in text: the key 01 is read as the number 1, so "1"."""
    if isinstance(node, yaml.ScalarNode):
        return str(yaml.constructor.SafeConstructor().construct_object(node))
    return str(node.value)


def mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1
