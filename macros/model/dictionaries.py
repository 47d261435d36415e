"""Shared dictionaries: classification codes, the glossary and the list of units, read and checked."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from macros.reading.amounts import digit_problem
from macros.reading.problems import Problem, problem
from macros.reading.sources import CsvFile, CsvRecord, read_csv
from macros.reading.text_policy import CJK

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
LEVEL_BY_DIGITS = {3: "类", 5: "款", 7: "项"}
EN_STATUSES = ("official", "adapted", "ours")


@dataclass(frozen=True)
class ClassificationCode:
    code: str
    level: str
    parent: str
    name_zh: str
    name_en: str
    name_en_status: str


@dataclass(frozen=True)
class Classification:
    """A code list such as 功能分类科目; ``digits`` are the allowed code lengths."""

    path: Path
    digits: tuple[int, ...]
    codes: dict[str, ClassificationCode]

    @property
    def label(self) -> str:
        return f"data/dictionaries/{self.path.name}"


@dataclass(frozen=True)
class GlossaryTerm:
    term_id: str
    term_zh: str
    term_en: str
    definition_zh: str
    definition_en: str


@dataclass(frozen=True)
class Unit:
    unit_id: str
    name_zh: str
    name_en: str
    parent_unit_id: str


@dataclass(frozen=True)
class Dictionaries:
    function_codes: Classification
    economic_codes: Classification
    glossary: dict[str, GlossaryTerm]
    units: dict[str, Unit]

    def descendants(self, unit_id: str) -> list[Unit]:
        """The unit and every unit below it, for checking the unit lines of Tables 11 and 12."""
        found: list[Unit] = []
        waiting = [unit_id]
        while waiting:
            current = waiting.pop(0)
            if current in self.units and self.units[current] not in found:
                found.append(self.units[current])
                waiting += [unit.unit_id for unit in self.units.values() if unit.parent_unit_id == current]
        return found


FUNCTION_COLUMNS = ("code", "level", "parent", "name_zh", "name_en", "name_en_status")
GLOSSARY_COLUMNS = ("term_id", "term_zh", "term_en", "definition_zh", "definition_en")
UNIT_COLUMNS = ("unit_id", "name_zh", "name_en", "parent_unit_id")


def load_dictionaries(data_dir: Path) -> tuple[Dictionaries | None, list[Problem]]:
    problems: list[Problem] = []
    folder = data_dir / "dictionaries"
    function_codes = load_classification(folder / "function-codes.csv", digits=(3, 5, 7), problems=problems)
    economic_codes = load_classification(folder / "economic-codes.csv", digits=(3, 5), problems=problems)
    glossary = load_glossary(folder / "glossary.csv", problems=problems)
    units = load_units(data_dir / "units.csv", problems=problems)
    if function_codes is None or economic_codes is None or glossary is None or units is None:
        return None, problems
    return Dictionaries(function_codes, economic_codes, glossary, units), problems


def read_table(path: Path, columns: tuple[str, ...], *, problems: list[Problem]) -> list[dict[str, str]] | None:
    """Read a dictionary CSV whose header must be exactly ``columns``; rows become dicts with a line."""
    if not path.is_file():
        problems.append(problem(path, "FILE_MISSING", name=path.name, hint="共享字典文件不能删除。"))
        return None
    csv_file, read_problems = read_csv(path)
    problems.extend(read_problems)
    if csv_file is None:
        return None
    if not header_matches(csv_file, columns, problems=problems):
        return None
    rows = []
    for record in csv_file.records:
        if len(record.cells) != len(columns):
            problems.append(cell_count_problem(path, record, expected=len(columns)))
            continue
        # Columns are matched by name: a reordered header is read correctly.
        row = {column: record.cells[csv_file.header.index(column)].strip() for column in columns}
        row["_line"] = str(record.line)
        row.update({f"_at:{column}": str(csv_file.header.index(column) + 1) for column in columns})
        rows.append(row)
    return rows


def header_matches(csv_file: CsvFile, columns: tuple[str, ...], *, problems: list[Problem]) -> bool:
    """Report missing, unexpected and doubled columns; True when the header names exactly ``columns``."""
    found = list(csv_file.header)
    expected = ",".join(columns)
    before = len(problems)
    for index, name in enumerate(found, start=1):
        if name not in columns:
            problems.append(problem(csv_file.path, "COLUMN_UNEXPECTED", column=index, expected=expected, header=name))
        elif found.index(name) + 1 != index:
            problems.append(problem(csv_file.path, "COLUMN_DUPLICATE", column=index, header=name))
    for name in columns:
        if name not in found:
            problems.append(
                problem(csv_file.path, "COLUMN_MISSING", column=len(found) + 1, expected=expected, header=name)
            )
    return len(problems) == before


def at(row: dict[str, str], column: str) -> int:
    """The 1-based position of ``column`` in the file the row came from (columns may be reordered)."""
    return int(row[f"_at:{column}"])


def cell_count_problem(path: Path, record: CsvRecord, *, expected: int) -> Problem:
    column = min(len(record.cells), expected) + 1
    return problem(path, "ROW_CELLS", line=record.line, column=column, found=len(record.cells), expected=expected)


def require_text(
    path: Path,
    row: dict[str, str],
    columns: tuple[str, ...],
    *,
    names: tuple[str, ...],
    problems: list[Problem],
    pending: tuple[str, ...] = (),
) -> None:
    """Every column in ``names`` must be filled; English ones must be there, and in English. Those in
    ``pending`` (a unit's English name) may be left empty while their translation is pending: a warning."""
    for name in names:
        if row[name] and name.endswith("_en") and (found := CJK.search(row[name])):
            line, column = int(row["_line"]), at(row, name)
            problems.append(
                problem(path, "TRANSLATION_CJK", line=line, column=column, field=name, found=found.group(0))
            )
            continue
        if row[name]:
            continue
        line, column = int(row["_line"]), at(row, name)
        if name in pending:
            problems.append(problem(path, "TRANSLATION_PENDING", line=line, column=column, field=name))
        elif name.endswith("_en"):
            problems.append(
                problem(
                    path,
                    "TRANSLATION_MISSING",
                    line=line,
                    column=column,
                    field=name,
                    hint="分类科目和名词的英文必须填写，不能待译。",
                    hint_en="Names of classification codes and glossary terms cannot wait for their English.",
                )
            )
        else:
            problems.append(problem(path, "TEXT_MISSING", line=line, column=column, hint="此项必填。", header=name))


def unique_rows(
    path: Path,
    rows: list[dict[str, str]],
    *,
    key: str,
    what: str,
    columns: tuple[str, ...],
    problems: list[Problem],
    valid: Callable[[dict[str, str]], bool],
) -> dict[str, dict[str, str]]:
    """Index rows by ``key``, reporting repeats; rows failing ``valid`` are left out."""
    index: dict[str, dict[str, str]] = {}
    for row in rows:
        if not valid(row):
            continue
        if row[key] in index:
            problems.append(
                problem(
                    path,
                    "CODE_DUPLICATE",
                    line=int(row["_line"]),
                    column=at(row, key),
                    what=what,
                    code=row[key],
                    first_line=index[row[key]]["_line"],
                )
            )
            continue
        index[row[key]] = row
    return index


def load_classification(path: Path, *, digits: tuple[int, ...], problems: list[Problem]) -> Classification | None:
    rows = read_table(path, FUNCTION_COLUMNS, problems=problems)
    if rows is None:
        return None

    def valid(row: dict[str, str]) -> bool:
        line = int(row["_line"])
        if found := digit_problem(
            path, row["code"], what="科目编码", what_en="the code", line=line, column=at(row, "code")
        ):
            problems.append(found)
            return False
        if not (row["code"].isascii() and row["code"].isdigit() and len(row["code"]) in digits):
            problems.append(
                problem(
                    path,
                    "CODE_FORMAT",
                    line=line,
                    column=at(row, "code"),
                    digits="/".join(map(str, digits)),
                    found=row["code"],
                    hint="",
                    header="code",
                )
            )
            return False
        expected_level = LEVEL_BY_DIGITS[len(row["code"])]
        if row["level"] != expected_level:
            problems.append(
                problem(
                    path,
                    "CODE_LEVEL",
                    line=line,
                    column=at(row, "level"),
                    code=row["code"],
                    expected=expected_level,
                    digits=len(row["code"]),
                    found=row["level"],
                )
            )
        if row["name_en_status"] not in EN_STATUSES:
            problems.append(
                problem(
                    path,
                    "VALUE_INVALID",
                    line=line,
                    column=at(row, "name_en_status"),
                    field="列 name_en_status",
                    field_en="column name_en_status",
                    expected="、".join(EN_STATUSES) + " 之一",
                    expected_en="one of " + ", ".join(EN_STATUSES),
                    found=row["name_en_status"],
                )
            )
        require_text(path, row, FUNCTION_COLUMNS, names=("name_zh", "name_en"), problems=problems)
        return True  # the row is known; only its text needs mending

    index = unique_rows(
        path, rows, key="code", what="科目编码", columns=FUNCTION_COLUMNS, problems=problems, valid=valid
    )
    for code, row in index.items():
        expected_parent = code[: digits[digits.index(len(code)) - 1]] if len(code) > digits[0] else ""
        if row["parent"] != expected_parent or (expected_parent and expected_parent not in index):
            problems.append(
                problem(
                    path,
                    "CODE_PARENT_MISSING",
                    line=int(row["_line"]),
                    column=at(row, "parent"),
                    code=code,
                    parent=expected_parent or "（无）",
                    where="字典（parent 列应为编码的前几位，且该上级科目要有自己的一行）",
                )
            )
    codes = {
        code: ClassificationCode(
            code=code,
            level=row["level"],
            parent=row["parent"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            name_en_status=row["name_en_status"],
        )
        for code, row in index.items()
    }
    return Classification(path=path, digits=digits, codes=codes)


def load_glossary(path: Path, *, problems: list[Problem]) -> dict[str, GlossaryTerm] | None:
    rows = read_table(path, GLOSSARY_COLUMNS, problems=problems)
    if rows is None:
        return None

    def valid(row: dict[str, str]) -> bool:
        if not SLUG.fullmatch(row["term_id"]):
            problems.append(slug_problem(path, row, column="term_id", columns=GLOSSARY_COLUMNS))
            return False
        require_text(path, row, GLOSSARY_COLUMNS, names=GLOSSARY_COLUMNS[1:], problems=problems)
        return True  # the row is known; only its text needs mending

    index = unique_rows(
        path, rows, key="term_id", what="名词", columns=GLOSSARY_COLUMNS, problems=problems, valid=valid
    )
    return {term_id: GlossaryTerm(**{name: row[name] for name in GLOSSARY_COLUMNS}) for term_id, row in index.items()}


def load_units(path: Path, *, problems: list[Problem]) -> dict[str, Unit] | None:
    rows = read_table(path, UNIT_COLUMNS, problems=problems)
    if rows is None:
        return None

    def valid(row: dict[str, str]) -> bool:
        if not SLUG.fullmatch(row["unit_id"]):
            problems.append(slug_problem(path, row, column="unit_id", columns=UNIT_COLUMNS))
            return False
        require_text(path, row, UNIT_COLUMNS, names=("name_zh", "name_en"), problems=problems, pending=("name_en",))
        return True  # the row is known; only its text needs mending

    index = unique_rows(path, rows, key="unit_id", what="单位", columns=UNIT_COLUMNS, problems=problems, valid=valid)
    for unit_id, row in index.items():
        parent = row["parent_unit_id"]
        if parent and (parent not in index or in_cycle(unit_id, index)):
            problems.append(
                problem(
                    path,
                    "CODE_PARENT_MISSING",
                    line=int(row["_line"]),
                    column=at(row, "parent_unit_id"),
                    code=unit_id,
                    parent=parent,
                    where="单位名单（parent_unit_id 应为另一行的 unit_id，且上下级不能循环）",
                )
            )
    return {unit_id: Unit(**{name: row[name] for name in UNIT_COLUMNS}) for unit_id, row in index.items()}


def in_cycle(unit_id: str, index: dict[str, dict[str, str]]) -> bool:
    """True when following parent_unit_id from this unit comes back to it."""
    seen = {unit_id}
    current = index[unit_id]["parent_unit_id"]
    while current in index:
        if current in seen:
            return True
        seen.add(current)
        current = index[current]["parent_unit_id"]
    return False


def slug_problem(path: Path, row: dict[str, str], *, column: str, columns: tuple[str, ...]) -> Problem:
    return problem(
        path,
        "VALUE_INVALID",
        line=int(row["_line"]),
        column=at(row, column),
        field=f"列 {column}",
        field_en=f"column {column}",
        expected="小写英文字母、数字和连字符（如 liwan-digital-gov）",
        expected_en="lowercase letters, digits and hyphens (e.g. liwan-digital-gov)",
        found=row[column],
    )
