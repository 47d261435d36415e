"""Loading one official table from its CSV file, checking every cell and the table's row layout.

The spec (data/templates/*.yaml) says which columns a table has and how its rows are laid out;
this module turns the file into ``Row`` objects and reports what does not fit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TypedDict

from macros.model.dictionaries import Classification, Dictionaries, cell_count_problem
from macros.model.publication import TOTAL_KEY, Row, Table, table_unit
from macros.model.translations import is_pending
from macros.reading.amounts import (
    AmountError,
    digit_problem,
    format_amount,
    parse_amount,
    precision_words,
    show_digit,
)
from macros.reading.problems import Problem, errors, problem
from macros.reading.sources import CsvFile, CsvRecord, read_csv
from macros.reading.text_policy import CJK
from macros.template.specs import RECORD_KEY, ColumnSpec, FixedRow, Side, TableSpec

UNIT_ROW_TYPES = ("total", "unit")


@dataclass(frozen=True)
class TableContext:
    """What loading a table needs beyond its file: dictionaries, the unit's names, the publication's
    amount unit (a table's template may name its own)."""

    dictionaries: Dictionaries
    unit_names: tuple[str, ...]
    amount_unit: str

    def classification(self, column: ColumnSpec) -> Classification:
        """The code list of a code column."""
        return self.classification_of(column.type)

    def classification_of(self, code_type: str) -> Classification:
        """The code list of a code column type (function_code, economic_code)."""
        if code_type == "function_code":
            return self.dictionaries.function_codes
        return self.dictionaries.economic_codes


@dataclass(frozen=True)
class ParsedLine:
    """The cells of one CSV line by column id, amounts parsed; ``ok`` is False when a cell was wrong."""

    record: CsvRecord
    texts: dict[str, str]
    amounts: dict[str, Decimal]
    column_numbers: dict[str, int]
    ok: bool

    def row(self, key: str, *, columns: tuple[str, ...] | None = None) -> Row:
        keep = set(columns) if columns is not None else set(self.column_numbers)
        return Row(
            line=self.record.line,
            key=key,
            texts={name: text for name, text in self.texts.items() if name in keep},
            amounts={name: amount for name, amount in self.amounts.items() if name in keep},
            column_numbers={name: number for name, number in self.column_numbers.items() if name in keep},
        )


def load_table(spec: TableSpec, *, folder: Path, context: TableContext) -> tuple[Table, list[Problem]]:
    path = folder / spec.file
    table = Table(spec=spec, path=path)
    if split := split_levels_problem(spec, path=path, context=context):
        return table, [split]
    if not path.is_file():
        empty = "金额留空" if spec.blank == "zero" else f"填 {format_amount(Decimal(0), spec.precision)}"
        hint = f"模板中的每张表都要有文件，本表为“{spec.title_zh}”；没有发生额也要保留表格并{empty}。"
        return table, [problem(path, "FILE_MISSING", name=spec.file, hint=hint)]
    csv_file, problems = read_csv(path, multiline=frozenset(column.id for column in spec.columns if column.multiline))
    if csv_file is None or not header_ok(csv_file, spec, problems=problems):
        return table, problems
    table.header = csv_file.header
    table.records = csv_file.records
    lines = [parse_line(record, csv_file, spec, context=context, problems=problems) for record in csv_file.records]
    complete_lines = [line for line in lines if line is not None]
    layout_loader = LAYOUT_LOADERS[spec.layout]
    table.rows = layout_loader(complete_lines, table, context, problems)
    table.complete = not errors(problems) and all(line.ok for line in complete_lines)
    return table, problems


def split_levels_problem(spec: TableSpec, *, path: Path, context: TableContext) -> Problem | None:
    """A split code prints a column per level of its classification: the template's code_headers must
    name as many (the levels come from the dictionary, so this is checked here, not when reading it)."""
    code = spec.code_column
    if spec.code_display != "split" or code is None:
        return None
    classification = context.classification(code)
    if len(spec.code_headers_zh) == len(classification.digits):
        return None
    detail = (
        f"table {spec.id}: code_headers has {len(spec.code_headers_zh)} levels, but the codes of "
        f"{classification.label} have {len(classification.digits)} ({'/'.join(map(str, classification.digits))} digits)"
    )
    return problem(path, "TEMPLATE_INVALID", detail=detail)


def header_ok(csv_file: CsvFile, spec: TableSpec, *, problems: list[Problem]) -> bool:
    """Columns are matched by name, so their order does not matter; none may be missing or extra."""
    expected_ids = [column.id for column in spec.columns]
    expected = ",".join(expected_ids)
    before = len(problems)
    for index, name in enumerate(csv_file.header, start=1):
        if name not in expected_ids:
            problems.append(problem(csv_file.path, "COLUMN_UNEXPECTED", column=index, header=name, expected=expected))
        elif csv_file.header.index(name) + 1 != index:
            problems.append(problem(csv_file.path, "COLUMN_DUPLICATE", column=index, header=name))
    for column in spec.columns:
        if column.id not in csv_file.header:
            problems.append(
                problem(
                    csv_file.path,
                    "COLUMN_MISSING",
                    column=len(csv_file.header) + 1,
                    header=column.label_zh,
                    expected=expected,
                )
            )
    return len(problems) == before


def parse_line(
    record: CsvRecord, csv_file: CsvFile, spec: TableSpec, *, context: TableContext, problems: list[Problem]
) -> ParsedLine | None:
    """Parse the cells of one line by column type; amounts that may be blank are decided by the layout."""
    if len(record.cells) != len(csv_file.header):
        problems.append(cell_count_problem(csv_file.path, record, expected=len(csv_file.header)))
        return None
    texts: dict[str, str] = {}
    amounts: dict[str, Decimal] = {}
    numbers: dict[str, int] = {}
    ok = True
    for column in spec.columns:
        index = csv_file.header.index(column.id)
        numbers[column.id] = index + 1
        cell = record.cells[index].strip()
        if column.type != "amount":
            texts[column.id] = cell
            continue
        if not cell and blank_amount_allowed(spec, column, record, csv_file):
            continue
        if not cell and spec.blank == "zero":
            amounts[column.id] = Decimal(0)  # printed blank, as the publication prints a zero
            continue
        parsed = parse_amount(cell, allow_negative=column.allow_negative, precision=spec.precision)
        if isinstance(parsed, AmountError):
            ok = False
            problems.append(
                amount_problem(parsed, csv_file.path, record, index + 1, column, cell, spec=spec, context=context)
            )
        else:
            amounts[column.id] = parsed
    return ParsedLine(record=record, texts=texts, amounts=amounts, column_numbers=numbers, ok=ok)


def blank_amount_allowed(spec: TableSpec, column: ColumnSpec, record: CsvRecord, csv_file: CsvFile) -> bool:
    """In a two-sided table a side may be blank on a line: no label, no amounts."""
    for side in spec.sides:
        if column.id in side.amount_columns:
            label = record.cells[csv_file.header.index(side.label_column)].strip()
            return not label
    return False


def amount_problem(
    error: AmountError,
    path: Path,
    record: CsvRecord,
    column_number: int,
    column: ColumnSpec,
    cell: str,
    *,
    spec: TableSpec,
    context: TableContext,
) -> Problem:
    return problem(
        path,
        error.code,
        line=record.line,
        column=column_number,
        header=column.label_zh,
        found=cell,
        suggestion=error.suggestion,
        unit=table_unit(spec, amount_unit=context.amount_unit),
        what=f"列 {column.label_zh} 的金额",
        what_en=f"the amount in column {column.label_zh}",
        character=show_digit(error.character) if error.character else "",
        **precision_words(spec.precision),
    )


# --- layouts --------------------------------------------------------------------------------------


def load_classified(lines: list[ParsedLine], table: Table, context: TableContext, problems: list[Problem]) -> list[Row]:
    """One line per code in code order, every parent present above its children, and the 合计 line
    where the template's total_row puts it (first by default)."""
    spec = table.spec
    code_column = spec.code_column
    assert code_column is not None, f"classified table {spec.id} needs a code column"
    name_column = spec.name_column.id
    classification = context.classification(code_column)
    total = spec.total_row
    words = total_row_words(spec)
    if not lines:
        if total.position != "none":
            problems.append(
                problem(
                    table.path,
                    "TOTAL_ROW_MISSING",
                    hint=f"科目编码为空、名称为 {total.label}",
                    found="（无数据行）",
                    **words,
                )
            )
        return []

    def is_total(line: ParsedLine) -> bool:
        return not line.texts[code_column.id] and line.texts[name_column] == total.label

    total_line: ParsedLine | None = None
    others = lines
    if total.position != "none":
        candidate = lines[0] if total.position == "first" else lines[-1]
        others = lines[1:] if total.position == "first" else lines[:-1]
        if is_total(candidate):
            total_line = candidate
        else:
            found = ",".join(candidate.record.cells[:2])
            # A line without a code was meant as the total line; one with a code is a code line.
            column = name_column if not candidate.texts[code_column.id] else code_column.id
            problems.append(
                problem(
                    table.path,
                    "TOTAL_ROW_MISSING",
                    line=candidate.record.line,
                    column=candidate.column_numbers[column],
                    hint=f"科目编码为空、名称为 {total.label}",
                    found=found,
                    **words,
                )
            )
            if candidate.texts[code_column.id]:
                others = lines
    rows: list[Row] = []
    if total_line is not None and total.position == "first":
        rows.append(total_line.row(TOTAL_KEY))
    seen: dict[str, int] = {}
    previous: tuple[str, int] | None = None
    for line in others:
        if total.position != "none" and is_total(line):
            problems.append(
                problem(
                    table.path,
                    "TOTAL_ROW_MISSING",
                    line=line.record.line,
                    column=line.column_numbers[name_column],
                    hint=TOTAL_PLACES[total.position].format(label=total.label),
                    found=",".join(line.record.cells[:2]),
                    **words,
                )
            )
            continue
        code = checked_code(line, code_column, classification, table=table, problems=problems)
        if code is None:
            continue
        number = line.column_numbers[code_column.id]
        if code in seen:
            problems.append(
                problem(
                    table.path,
                    "CODE_DUPLICATE",
                    line=line.record.line,
                    column=number,
                    what="科目",
                    code=code,
                    first_line=seen[code],
                )
            )
            continue
        if previous is not None and code < previous[0]:
            problems.append(
                problem(
                    table.path,
                    "CODE_ORDER",
                    line=line.record.line,
                    column=number,
                    code=code,
                    previous=previous[0],
                    previous_line=previous[1],
                )
            )
        parent = classification.codes[code].parent
        if parent and parent not in seen:
            problems.append(
                problem(
                    table.path,
                    "CODE_PARENT_MISSING",
                    line=line.record.line,
                    column=number,
                    code=code,
                    parent=parent,
                    where="本表（上级科目要在下级科目之前列出）",
                )
            )
        seen[code] = line.record.line
        previous = (code, line.record.line)
        rows.append(line.row(code))
    if total_line is not None and total.position == "last":
        rows.append(total_line.row(TOTAL_KEY))
    return rows


# The order of a units table's lines, by where its 合计 line goes.
UNIT_LINES = {
    "first": "第一行为 total（{label}），第二行为 unit（单位），其后为该单位的明细行，或下一个单位。",
    "last": "第一行为 unit（单位），其后为该单位的明细行，或下一个单位；最后一行为 total（{label}）。",
    "none": "第一行为 unit（单位），其后为该单位的明细行，或下一个单位；本表没有 total 行。",
}

# Where the 合计 line goes, said where it was found elsewhere.
TOTAL_PLACES = {
    "first": "{label}行要放在表头下面的第一行，不在表末",
    "last": "{label}行要放在表末的最后一行，不在表头下面",
}


class TotalRowWords(TypedDict):
    where: str
    where_en: str
    label: str


def total_row_words(spec: TableSpec) -> TotalRowWords:
    """How TOTAL_ROW_MISSING names the line that should be the 合计 line."""
    last = spec.total_row.position == "last"
    return TotalRowWords(
        where="最后一行数据" if last else "第一行数据",
        where_en="the last data line" if last else "the first data line",
        label=spec.total_row.label,
    )


def checked_code(
    line: ParsedLine,
    column: ColumnSpec,
    classification: Classification,
    *,
    table: Table,
    problems: list[Problem],
    digits: tuple[int, ...] | None = None,
) -> str | None:
    """The line's code if it is well-formed, known and named as in the dictionary; else report it."""
    code = line.texts[column.id]
    number = line.column_numbers[column.id]
    allowed = digits or classification.digits
    what, what_en = f"列 {column.label_zh} 的科目编码", f"the code in column {column.label_zh}"
    if found := digit_problem(table.path, code, what=what, what_en=what_en, line=line.record.line, column=number):
        problems.append(found)
        return None
    if not (code.isascii() and code.isdigit() and len(code) in allowed):
        hint = (
            "Excel 可能把编码当成了数字：请把该列设为“文本”格式后重新输入。"
            if code.endswith(".0") or "E+" in code.upper()
            else ""
        )
        problems.append(
            problem(
                table.path,
                "CODE_FORMAT",
                line=line.record.line,
                column=number,
                header=column.label_zh,
                digits="/".join(map(str, allowed)),
                found=code,
                hint=hint,
            )
        )
        return None
    entry = classification.codes.get(code)
    if entry is None:
        problems.append(
            problem(
                table.path,
                "CODE_UNKNOWN",
                line=line.record.line,
                column=number,
                code=code,
                dictionary=classification.label,
            )
        )
        return None
    name_column = table.spec.name_column.id
    name = line.texts[name_column]
    if name != entry.name_zh:
        problems.append(
            problem(
                table.path,
                "CODE_NAME_MISMATCH",
                line=line.record.line,
                column=line.column_numbers[name_column],
                code=code,
                expected=entry.name_zh,
                found=name,
                dictionary=classification.label,
            )
        )
    return code


def load_fixed(lines: list[ParsedLine], table: Table, context: TableContext, problems: list[Problem]) -> list[Row]:
    """Every side's labels must be the template's, in its order; each labelled line becomes a row."""
    rows: list[Row] = []
    for side in table.spec.sides:
        labelled = [line for line in lines if line.texts[side.label_column]]
        codes = (side.code_column,) if side.code_column else ()
        columns = (side.label_column, *codes, *side.amount_columns) if side.amount_columns else None
        keyed = side_lines(labelled, side, table=table, context=context, problems=problems)
        if keyed is None:
            continue
        for line, key in keyed:
            rows.append(line.row(key, columns=columns))
            if side.code_column:
                problems += printed_code(line, key, side.code_column, table=table, context=context)
        for line in lines:
            if not side.amount_columns and not line.texts[side.label_column]:
                problems.append(
                    problem(
                        table.path,
                        "TEXT_MISSING",
                        line=line.record.line,
                        column=line.column_numbers[side.label_column],
                        header=side.label_column,
                        hint="本表每一行都是模板规定的项目，要写项目名称。",
                    )
                )
            unexpected = [column for column in side.amount_columns if column in line.amounts]
            if not line.texts[side.label_column] and unexpected:
                number = line.column_numbers[unexpected[0]]
                problems.append(
                    problem(
                        table.path,
                        "CELL_UNEXPECTED",
                        line=line.record.line,
                        column=number,
                        header=unexpected[0],
                        found=line.record.cells[number - 1],
                        hint=f"这一侧没有项目名称（{side.label_column} 为空），金额也应为空。",
                    )
                )
    problems += misaligned_rows(rows, table=table)
    return rows


def printed_code(line: ParsedLine, key: str, column: str, *, table: Table, context: TableContext) -> list[Problem]:
    """A side that prints its lines' codes: the code on a fixed line is its key (none on a total line),
    and a code of the dictionary (the template names it; the dictionary may lack it)."""
    expected = key if key.isdigit() else ""
    found = line.texts[column]
    classification = context.classification_of(table.spec.column(column).type)
    if found == expected and expected and expected not in classification.codes:
        return [
            problem(
                table.path,
                "CODE_UNKNOWN",
                line=line.record.line,
                column=line.column_numbers[column],
                code=expected,
                dictionary=classification.label,
            )
        ]
    if found == expected:
        return []
    return [
        problem(
            table.path,
            "ROW_LABEL",
            line=line.record.line,
            column=line.column_numbers[column],
            header=column,
            expected=expected or "（空）",
            found=found,
        )
    ]


def misaligned_rows(rows: list[Row], *, table: Table) -> list[Problem]:
    """Lines the template prints side by side (本年收入合计 beside 本年支出合计) must share a CSV line."""
    by_key = {row.key: row for row in rows}
    problems = []
    for first, second in table.spec.aligned_rows:
        if first in by_key and second in by_key and by_key[first].line != by_key[second].line:
            label = next(iter(by_key[second].texts.values()))
            problems.append(
                problem(
                    table.path,
                    "ROW_ALIGNMENT",
                    line=by_key[second].line,
                    first=next(iter(by_key[first].texts.values())),
                    first_line=by_key[first].line,
                    second=label,
                )
            )
    return problems


def side_lines(
    labelled: list[ParsedLine], side: Side, *, table: Table, context: TableContext, problems: list[Problem]
) -> list[tuple[ParsedLine, str]] | None:
    """The labelled lines of a side with their row keys (a fixed row's key, a class line's code), or None
    when the labels are not the template's (reported)."""
    if side.class_lines is None:
        if not fixed_labels_match(labelled, side.rows, side.label_column, table=table, problems=problems):
            return None
        return [(line, fixed.key) for line, fixed in zip(labelled, side.rows, strict=True)]
    before, after = side.rows[: side.class_position], side.rows[side.class_position :]
    last_line = labelled[-1].record.line if labelled else 1
    head = labelled[: len(before)]
    if not fixed_labels_match(head, before, side.label_column, table=table, problems=problems, last_line=last_line):
        return None
    rest = labelled[len(before) :]
    count = next(
        (index for index, line in enumerate(rest) if after and line.texts[side.label_column] == after[0].label),
        len(rest),
    )
    following = after[0].label if after and count == len(rest) else ""  # not found: a class line may be it
    classes = class_lines(rest[:count], side, following=following, table=table, context=context, problems=problems)
    tail = rest[count:]
    if classes is None or not fixed_labels_match(
        tail, after, side.label_column, table=table, problems=problems, last_line=last_line
    ):
        return None
    return [
        *((line, fixed.key) for line, fixed in zip(head, before, strict=True)),
        *classes,
        *((line, fixed.key) for line, fixed in zip(tail, after, strict=True)),
    ]


def class_lines(
    lines: list[ParsedLine],
    side: Side,
    *,
    following: str,
    table: Table,
    context: TableContext,
    problems: list[Problem],
) -> list[tuple[ParsedLine, str]] | None:
    """Class lines (一、一般公共服务支出, 二、…): each the next ordinal and a class's name from the
    dictionary, classes in code order, none twice. Their codes become the lines' keys. ``following``:
    the fixed line that should follow them, when it was not found (a line that is no class may be it)."""
    assert side.class_lines is not None
    pattern = side.class_lines
    classification = context.classification_of(pattern.code_type)
    top = [entry for code, entry in sorted(classification.codes.items()) if len(code) == classification.digits[0]]
    keyed: list[tuple[ParsedLine, str]] = []
    seen: dict[str, int] = {}
    ok = True
    for ordinal, line in enumerate(lines, start=1):
        label = line.texts[side.label_column]
        number = line.column_numbers[side.label_column]
        labels = {pattern.label_of(ordinal, code=entry.code, name=entry.name_zh): entry.code for entry in top}
        code = labels.get(label)
        if code is None:
            # Name the class meant, when the label names one: its label at this position.
            meant = max((entry for entry in top if entry.name_zh in label), key=lambda e: len(e.name_zh), default=None)
            expected = (
                pattern.label_of(ordinal, code=meant.code, name=meant.name_zh)
                if meant
                else pattern.label_of(ordinal, code="（类编码）", name=f"（{classification.label} 中的类名称）")
                + (f"”或“{following}" if following else "")
            )
            problems.append(
                problem(
                    table.path,
                    "ROW_LABEL",
                    line=line.record.line,
                    column=number,
                    header=side.label_column,
                    expected=expected,
                    found=label,
                )
            )
            ok = False
            continue
        if code in seen:
            problems.append(
                problem(
                    table.path,
                    "CODE_DUPLICATE",
                    line=line.record.line,
                    column=number,
                    what="科目",
                    code=code,
                    first_line=seen[code],
                )
            )
            ok = False
            continue
        if keyed and code < keyed[-1][1]:
            previous_line, previous = keyed[-1][0].record.line, keyed[-1][1]
            problems.append(
                problem(
                    table.path,
                    "CODE_ORDER",
                    line=line.record.line,
                    column=number,
                    code=code,
                    previous=previous,
                    previous_line=previous_line,
                )
            )
            ok = False
        seen[code] = line.record.line
        keyed.append((line, code))
    return keyed if ok else None


def fixed_labels_match(
    labelled: list[ParsedLine],
    expected: tuple[FixedRow, ...],
    label_column: str,
    *,
    table: Table,
    problems: list[Problem],
    last_line: int | None = None,
) -> bool:
    """Compare line by line and report the first difference only: later ones would follow from it.
    A missing line is reported at ``last_line`` (default: the last of ``labelled``)."""
    for index, fixed in enumerate(expected):
        if index >= len(labelled):
            if last_line is None:
                last_line = labelled[-1].record.line if labelled else 1
            problems.append(
                problem(table.path, "ROW_MISSING", line=last_line, expected=fixed.label, header=label_column)
            )
            return False
        line = labelled[index]
        if line.texts[label_column] != fixed.label:
            problems.append(
                problem(
                    table.path,
                    "ROW_LABEL",
                    line=line.record.line,
                    column=line.column_numbers[label_column],
                    header=label_column,
                    expected=fixed.label,
                    found=line.texts[label_column],
                )
            )
            return False
    if len(labelled) > len(expected):
        line = labelled[len(expected)]
        problems.append(
            problem(
                table.path,
                "ROW_LABEL",
                line=line.record.line,
                column=line.column_numbers[label_column],
                header=label_column,
                expected="（无：模板在此之后没有更多的行）",
                found=line.texts[label_column],
            )
        )
        return False
    return True


def load_units(lines: list[ParsedLine], table: Table, context: TableContext, problems: list[Problem]) -> list[Row]:
    """For each unit a unit line followed by its detail lines (economic classes or projects), and the
    合计 line where the template's total_row puts it (first by default)."""
    spec = table.spec
    detail = spec.detail_row_type
    allowed = (*UNIT_ROW_TYPES, detail)
    total = spec.total_row
    rows: list[Row] = []
    if not lines:
        if total.position != "none":
            problems.append(
                problem(
                    table.path,
                    "TOTAL_ROW_MISSING",
                    hint=f"row_type 为 total、名称为 {total.label}",
                    found="（无数据行）",
                    **total_row_words(spec),
                )
            )
        return rows
    total_index = {"first": 0, "last": len(lines) - 1}.get(total.position)
    unit_index = 1 if total.position == "first" else 0
    seen: dict[tuple[str, ...], int] = {}  # (unit, row type, name or code) -> first line
    previous_code: tuple[str, str, int] | None = None  # (unit, code, line) of the last economic class
    current_unit = ""
    for index, line in enumerate(lines):
        row_type = line.texts["row_type"]
        expected_type = "total" if index == total_index else ("unit" if index == unit_index else None)
        if (
            (expected_type and row_type != expected_type)
            or row_type not in allowed
            or (index != total_index and row_type == "total")
        ):
            hint = UNIT_LINES[total.position].format(label=total.label)
            problems.append(
                problem(
                    table.path,
                    "ROW_TYPE",
                    line=line.record.line,
                    column=line.column_numbers["row_type"],
                    expected=expected_type or "、".join(allowed[1:]),
                    found=row_type,
                    hint=hint,
                )
            )
            continue
        check_unit_line(line, row_type, table=table, context=context, problems=problems)
        if row_type == "unit":
            current_unit = line.texts["name"]
        key = (current_unit, row_type, line.texts.get("economic_code") or line.texts["name"])
        if row_type != "total" and key in seen:
            problems.append(
                problem(
                    table.path,
                    "CODE_DUPLICATE",
                    line=line.record.line,
                    column=line.column_numbers["name"],
                    what={"unit": "单位", "project": "项目"}.get(row_type, "科目"),
                    code=key[-1],
                    first_line=seen[key],
                )
            )
        seen.setdefault(key, line.record.line)
        code = line.texts.get("economic_code", "")
        if row_type == "economic_class" and code:
            if previous_code and previous_code[0] == current_unit and code < previous_code[1]:
                problems.append(
                    problem(
                        table.path,
                        "CODE_ORDER",
                        line=line.record.line,
                        column=line.column_numbers["economic_code"],
                        code=code,
                        previous=previous_code[1],
                        previous_line=previous_code[2],
                    )
                )
            previous_code = (current_unit, code, line.record.line)
        rows.append(line.row(row_type))
    return rows


def check_unit_line(
    line: ParsedLine, row_type: str, *, table: Table, context: TableContext, problems: list[Problem]
) -> None:
    name = line.texts["name"]
    name_column = line.column_numbers["name"]
    if row_type == "total" and name != table.spec.total_row.label:
        problems.append(
            problem(
                table.path,
                "ROW_LABEL",
                line=line.record.line,
                column=name_column,
                header="name",
                expected=table.spec.total_row.label,
                found=name,
            )
        )
    if row_type == "unit" and name not in context.unit_names:
        problems.append(
            problem(
                table.path,
                "UNIT_NAME_MISMATCH",
                line=line.record.line,
                column=name_column,
                found=name,
                expected="”或“".join(context.unit_names),
                where="data/units.csv（本单位及其下属单位）",
            )
        )
    if row_type == "project" and not name:
        problems.append(
            problem(
                table.path,
                "TEXT_MISSING",
                line=line.record.line,
                column=name_column,
                header="name",
                hint="项目要有名称。",
            )
        )
    code_column = table.spec.code_column
    if code_column is not None:
        code = line.texts[code_column.id]
        if row_type == "economic_class":
            checked_code(
                line,
                code_column,
                context.classification(code_column),
                table=table,
                problems=problems,
                digits=(3,),
            )
        elif code:
            problems.append(
                problem(
                    table.path,
                    "CELL_UNEXPECTED",
                    line=line.record.line,
                    column=line.column_numbers[code_column.id],
                    header=code_column.id,
                    found=code,
                    hint="只有 economic_class 行有经济分类编码。",
                )
            )
    if row_type == table.spec.detail_row_type:
        problems += missing_english(line, table=table)
    for column in table.spec.columns:
        if column.required_on and column.id in line.texts:
            problems += required_text(line, column, row_type=row_type, name=name, table=table)


def required_text(line: ParsedLine, column: ColumnSpec, *, row_type: str, name: str, table: Table) -> list[Problem]:
    """A text the rows of one type must have and the others must not (a project's performance goal)."""
    text = line.texts[column.id]
    number = line.column_numbers[column.id]
    if row_type == column.required_on and not text:
        return [problem(table.path, "PERFORMANCE_GOAL_MISSING", line=line.record.line, column=number, name=name)]
    if row_type != column.required_on and text:
        return [
            problem(
                table.path,
                "CELL_UNEXPECTED",
                line=line.record.line,
                column=number,
                header=column.id,
                found=text,
                hint=f"{column.label_zh}只写在 {column.required_on} 行。",
            )
        ]
    return []


def missing_english(line: ParsedLine, *, table: Table) -> list[Problem]:
    """Columns whose English the data carries (Table 12's project names and goals) are the publication's
    own free text: English only, or empty while its translation is pending (a warning)."""
    problems = []
    for column in table.spec.columns:
        if not column.english or not line.texts.get(column.id):
            continue
        english = line.texts.get(column.english, "")
        number = line.column_numbers[column.english]
        if is_pending(english):
            problems.append(
                problem(table.path, "TRANSLATION_PENDING", line=line.record.line, column=number, field=column.english)
            )
        elif match := CJK.search(english):
            found = match.group(0)
            problems.append(
                problem(
                    table.path,
                    "TRANSLATION_CJK",
                    line=line.record.line,
                    column=number,
                    field=column.english,
                    found=found,
                )
            )
    return problems


def load_record(lines: list[ParsedLine], table: Table, context: TableContext, problems: list[Problem]) -> list[Row]:
    """Exactly one line of amounts, with no label (a table such as the 三公 budget printed as one line)."""
    first_column = table.spec.columns[0].id
    if not lines:
        problems.append(problem(table.path, "ROW_MISSING", expected="金额", header=first_column))
        return []
    first, *extra = lines
    for line in extra:
        problems.append(
            problem(
                table.path,
                "CELL_UNEXPECTED",
                line=line.record.line,
                column=1,
                header=first_column,
                found=",".join(line.record.cells),
                hint="本表只有一行金额，请删除多余的行。",
            )
        )
    return [first.row(RECORD_KEY)]


LayoutLoader = Callable[[list[ParsedLine], Table, TableContext, list[Problem]], list[Row]]
LAYOUT_LOADERS: dict[str, LayoutLoader] = {
    "classified": load_classified,
    "fixed": load_fixed,
    "two_sided": load_fixed,
    "units": load_units,
    "record": load_record,
}
