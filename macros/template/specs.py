"""Table specs: the official tables described as data (data/templates/*.yaml), read into typed objects.

A template is maintained by developers, not staff, so a malformed template raises at once
(``TemplateError``) instead of becoming a data problem.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from macros.reading.amounts import AMOUNT_UNITS, DEFAULT_PRECISION, PRECISIONS
from macros.reading.plain_yaml import read_yaml
from macros.reading.problems import Problem
from macros.reading.text_policy import describe, first_bad_character
from macros.template.execution import (
    CODE_PLACEHOLDER,
    AmountSource,
    Execution,
    ExecutionSpecError,
    comparable_spec,
    execution_spec,
)
from macros.template.facts_schema import Field, SchemaError, parse_fields, publication_schema
from macros.template.import_spec import ImportSpec, ImportSpecError, check_targets, field_at, import_spec
from macros.template.text import chinese_number

LAYOUTS = ("classified", "fixed", "two_sided", "units", "record")
COLUMN_TYPES = ("function_code", "economic_code", "name", "label", "row_type", "amount", "text")
CODE_TYPES = ("function_code", "economic_code")
# How a code prints: its own column, inside the name ([201]一般公共服务支出), or one column per level
# (类 | 款 | 项), each holding its own digits.
CODE_DISPLAYS = ("columns", "bracketed", "split")
SAFE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # a template's id: its file's name, so extends: finds it
SAFE_FILE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\.csv")  # file names end up in paths and links
TOTAL_KEY = "total"  # the key of a table's 合计 row, in references such as 02:total:total
TOTAL_LABEL = "合计"
TOTAL_POSITIONS = ("first", "last", "none")
TOTAL_ROW_LAYOUTS = ("classified", "units")  # the layouts whose 合计 row is a setting, not a fixed line
RECORD_KEY = "only"  # the key of a record table's one line, in references such as 09:only:abroad
RECORD_COLUMN_TYPES = ("amount", "text")  # a record has no label: one line of amounts
BLANKS = ("refuse", "zero")  # an empty amount cell: an error, or a zero printed blank
# What a template's publications are: a budget (预算, before the year) or final accounts (决算, after it).
# What a template's publications report, and what their folder's name adds to the unit's id: a unit's 预算
# lives at data/<year>/<unit>/, its 决算 for the same year beside it at data/<year>/<unit>-final/.
KIND_SUFFIXES = {"budget": "", "final": "-final"}
KIND_NAMES = {"budget": ("预算", "budget"), "final": ("决算", "final accounts")}
TEMPLATE_KINDS = tuple(KIND_SUFFIXES)
# Class lines of a side: the classification they come from (its codes' column type).
CLASS_KINDS = {"function_class": "function_code", "economic_class": "economic_code"}
CLASS_LABEL_FIELDS = {"ordinal", "name", "code"}


class TemplateError(ValueError):
    """A template file that does not describe tables correctly: a developer's mistake. ``problems``:
    when the file is not even plain YAML, the reader's problems at their own lines."""

    def __init__(self, message: str, *, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class ColumnSpec:
    id: str
    type: str
    header_zh: tuple[str, ...]
    header_en: tuple[str, ...]
    allow_negative: bool = False
    english: str = ""  # the column that holds this column's English, if the data carries it
    multiline: bool = False  # free text that may hold line breaks (a performance goal); names never do
    required_on: str = ""  # a text filled on the rows of this row type, and only there (a project's goal)

    @property
    def label_zh(self) -> str:
        """How a message names the column: its id and the printed header."""
        printed = "／".join(self.header_zh)
        return f"{self.id}（{printed}）" if printed else self.id


@dataclass(frozen=True)
class FixedRow:
    key: str
    label: str
    label_en: str = ""  # class lines (keys such as "201") take their English from the dictionary


@dataclass(frozen=True)
class TotalRow:
    """Where a classified or units table prints its 合计 row (first, last or none) and its label."""

    position: str = "first"
    label: str = TOTAL_LABEL


@dataclass(frozen=True)
class ClassLines:
    """Lines of a side that are the classes the publication has (一、一般公共服务支出, …), in code order:
    as many as there are, each labelled ``label`` with its position as a Chinese ordinal and its name
    from the dictionary; in English ``label_en`` with the position in figures."""

    kind: str  # function_class | economic_class
    label: str  # "{ordinal}、{name}"
    label_en: str = "{ordinal}. {name}"

    @property
    def code_type(self) -> str:
        return CLASS_KINDS[self.kind]

    def label_of(self, ordinal: int, *, code: str, name: str) -> str:
        return self.label.format(ordinal=chinese_number(ordinal), name=name, code=code)

    def label_en_of(self, ordinal: int, *, code: str, name: str) -> str:
        return self.label_en.format(ordinal=ordinal, name=name, code=code)


@dataclass(frozen=True)
class Side:
    """The lines of one side of a table: the column holding the labels, the side's amount columns (none:
    every amount column of the table belongs to the one side), its fixed rows and, if it has them, its
    class lines, standing before ``rows[class_position]``. A side may print each line's code in its own
    column (``code_column``): its fixed rows are then keyed by their codes (a total line by a word), and
    the code printed on a line is its key."""

    label_column: str
    amount_columns: tuple[str, ...]
    rows: tuple[FixedRow, ...]
    class_lines: ClassLines | None = None
    class_position: int = 0
    code_column: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(row.key for row in self.rows)


@dataclass(frozen=True)
class Sum:
    """``total`` = Σ ``parts``. In row_sums these are column ids; in row_totals row references,
    ``KEY`` (every amount column of the row's side) or ``KEY:COLUMN`` (that column)."""

    total: str
    parts: tuple[str, ...]

    @property
    def total_key(self) -> str:
        return row_reference(self.total)[0]

    @property
    def part_keys(self) -> tuple[str, ...]:
        return tuple(row_reference(part)[0] for part in self.parts)


def class_part(kind: str) -> str:
    """How row_totals hold the part ``{classes: KIND}``: every class line of the side."""
    return f"{{{kind}}}"


def row_reference(text: str) -> tuple[str, str]:
    """``KEY:COLUMN`` -> (key, column); ``KEY`` -> (key, "")."""
    key, _, column = text.partition(":")
    return key, column


@dataclass(frozen=True)
class TableSpec:
    id: str
    file: str
    title_zh: str
    title_en: str
    layout: str
    columns: tuple[ColumnSpec, ...]
    sides: tuple[Side, ...] = ()
    row_sums: tuple[Sum, ...] = ()
    row_totals: tuple[Sum, ...] = ()
    code_display: str = "columns"
    detail_row_type: str = ""
    aligned_rows: tuple[tuple[str, str], ...] = ()
    precision: int = DEFAULT_PRECISION  # decimals printed; more are refused, and rounding tolerance follows
    unit: str = ""  # the amount unit (元, 万元); "" is the publication's amount_unit (Publication.unit_of)
    total_row: TotalRow = TotalRow()
    blank: str = "refuse"
    # code_display split: the header cells of each level's column (类, 款, 项), top row down, per language
    code_headers_zh: tuple[tuple[str, ...], ...] = ()
    code_headers_en: tuple[tuple[str, ...], ...] = ()

    def column(self, column_id: str) -> ColumnSpec:
        for column in self.columns:
            if column.id == column_id:
                return column
        raise KeyError(f"table {self.id} has no column {column_id}")

    @property
    def amount_columns(self) -> tuple[ColumnSpec, ...]:
        return tuple(column for column in self.columns if column.type == "amount")

    @property
    def code_column(self) -> ColumnSpec | None:
        return next((column for column in self.columns if column.type in CODE_TYPES), None)

    @property
    def name_column(self) -> ColumnSpec:
        """The column naming each row (科目名称, 项目名称); classified and units tables have one."""
        return next(column for column in self.columns if column.type == "name")


@dataclass(frozen=True)
class CrossCheck:
    left: tuple[str, ...]
    right: tuple[str, ...]
    for_each: str = ""
    relation: str = "equal"


@dataclass(frozen=True)
class Section:
    """A section of the publication page, in the published order: its anchor and title (``{unit}``,
    ``{year}`` and ``{amount_unit}`` are filled in), the text template that words its prose
    (``<text>.zh.j2`` and ``<text>.en.j2`` in the template's folder), what it shows after the prose,
    a note under its title, and its subsections (numbered as ``numbering`` says)."""

    id: str
    title_zh: str
    title_en: str
    text: str = ""
    show: str = ""
    note_zh: str = ""
    note_en: str = ""
    numbering: str = ""
    children: tuple[Section, ...] = ()
    document_heading: str = ""  # how published documents print its heading, where not as its title
    repeat: bool = False  # printed once per item (a project's 项目经费情况说明): every one is read

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()


SHOWS = ("", "tables", "glossary", "key_projects")
NUMBERINGS = ("", "chinese", "paren_chinese")  # 一、 or （一）
TITLE_PLACEHOLDERS = re.compile(r"\{(unit|year|amount_unit)\}")
HEADING_PLACEHOLDERS = re.compile(r"\{(number|title|year)\}")  # a table's heading
# A template's text files (its folder beside the YAML): developer data, bounded like staff files.
MAX_TEXT_FILE = 200_000


@dataclass(frozen=True)
class EmptyTables:
    """Tables whose note (table_notes) must carry a statement exactly when all their amounts are zero."""

    statement: str  # may hold {year}
    tables: tuple[str, ...] = ()  # none listed: every classified and units table
    match: str = "contains"  # or equals: the note is the statement and nothing else
    # only these lines (a record's: columns) must be zero, and then the note must say so (三公 all zero in a
    # table of other amounts); what_zh / what_en name them in the message
    rows: tuple[str, ...] = ()
    what_zh: str = ""
    what_en: str = ""


@dataclass(frozen=True)
class ReasonCheck:
    """A figure that changed against the prior year needs the reason the publication gives for it."""

    figure: str  # an explanation_figures key
    reason: str  # the fact (dotted path) holding the reason, a text
    what_zh: str
    what_en: str


@dataclass(frozen=True)
class SumCheck:
    """Facts of publication.yaml that must add up: total = Σ parts (within rounding)."""

    what_zh: str
    total: str  # dotted fact paths
    parts: tuple[str, ...]


@dataclass(frozen=True)
class ListedRows:
    """A list of names in publication.yaml that must be rows of a table (the key projects of Table 12)."""

    fact: str
    table: str
    row_key: str
    column: str
    what_zh: str
    what_en: str
    row_zh: str
    row_en: str
    amount: str = ""  # shown beside each name where a section shows them (show: key_projects)
    text: str = ""  # the text column shown with them (its english: column in the English edition)


LISTED_ROWS_KEYS = ("fact", "table", "row_key", "column", "what_zh", "what_en", "row_zh", "row_en", "amount", "text")


@dataclass(frozen=True)
class Checks:
    empty_tables: tuple[EmptyTables, ...] = ()
    reasons: tuple[ReasonCheck, ...] = ()
    sums: tuple[SumCheck, ...] = ()
    listed_rows: tuple[ListedRows, ...] = ()
    unit_counts: UnitCounts | None = None


@dataclass(frozen=True)
class UnitCounts:
    """Where a publication says which units it covers: its words (``text``: a text or a list of texts) and its
    list of them (``units``): how many units the words count must be how many are listed."""

    text: str
    units: str


@dataclass(frozen=True)
class ChartSpec:
    """A chart of a publication: where it stands (after a table or section) and what its bars are.

    kind lines: the fixed lines of a table in ``column`` (totals left out); codes: the lowest-level
    code lines of a classified table in ``column``, largest first, coloured by class; columns: one
    row's amounts in ``columns``; compare: ``figures`` this year against the prior year. ``text``: a
    text template for its text alternative (else the bars and their shares are said)."""

    id: str
    title_zh: str
    title_en: str
    after: str
    kind: str
    table: str = ""
    column: str = ""
    row: str = ""
    columns: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()
    labels_zh: tuple[str, ...] = ()
    labels_en: tuple[str, ...] = ()
    text: str = ""


CHART_KINDS = ("lines", "codes", "columns", "compare")


@dataclass(frozen=True)
class ClassSums:
    """Code lines of some tables summed by class across a year's publications (the district overview), in
    ``columns``: one, or one per side of a two-sided table (each line has the amount of its own side)."""

    tables: tuple[str, ...]
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Highlight:
    """A figure the page's 一览 (at a glance) shows beside the total, with its change against the prior year."""

    figure: str  # an explanation_figures key
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class Summary:
    """What site-level pages read of a publication: its total, the total's split, its classes, and the
    figures its 一览 (at a glance) adds."""

    total: str  # an explanation_figures key
    split_table: str
    split_columns: dict[str, str]  # interface word (basic, project) -> column of the split table's total row
    function_classes: ClassSums
    economic_classes: ClassSums
    highlights: tuple[Highlight, ...] = ()


@dataclass(frozen=True)
class Template:
    id: str
    name_zh: str
    name_en: str
    tables: tuple[TableSpec, ...]
    cross_checks: tuple[CrossCheck, ...]
    explanation_figures: dict[str, str]
    kind: str = "budget"  # budget (预算) or final (决算): what its publications report
    sections: tuple[Section, ...] = ()
    checks: Checks = Checks()
    charts: tuple[ChartSpec, ...] = ()
    summary: Summary | None = None
    prior_year_facts: str = ""  # where publication.yaml keeps the prior year's explanation_figures
    facts_unit: str = ""  # the unit of publication.yaml's amounts ("": the publication's amount_unit)
    prior_year_figures: tuple[str, ...] | None = None  # the figures compared with the prior year (None: all)
    precision_allowed: tuple[int, ...] = ()  # what publication.yaml's precision may choose for its own-unit tables
    table_heading_zh: str = "表{number} {title}"
    revenue: dict[str, tuple[str, ...]] = field(default_factory=dict)  # table -> revenue columns (() = all)
    table_meta_zh: str = "单位名称：{unit}"  # the line above each table, left: who publishes it
    table_meta_en: str = "Unit: {unit}"
    publish_within_days: int = 0  # due this many days after publication.yaml's approved: date (0: no deadline)
    table_heading_en: str = "Table {number} {title}"
    numbering: str = ""  # how the top sections are numbered (their titles may carry their own numbers)
    facts: dict[str, Field] = field(default_factory=dict)  # publication.yaml's fields beyond the core
    texts: dict[str, str] = field(default_factory=dict)  # text templates by name relative to the folder
    text_folders: tuple[Path, ...] = ()  # its own folder, then those of the templates it extends
    reading: ImportSpec = field(default_factory=ImportSpec)  # how its documents are read (import:)
    comparable: dict[str, AmountSource] = field(default_factory=dict)  # amounts its other kind also names
    execution: Execution | None = None  # a 决算's budget versus actual (template/execution.py)

    @property
    def folder(self) -> Path | None:
        """The template's own folder of text templates (beside its YAML)."""
        return self.text_folders[0] if self.text_folders else None

    def text_path(self, name: str) -> Path | None:
        """The file a text template comes from: the template's own, else the one it extends."""
        return next((folder / name for folder in self.text_folders if (folder / name).is_file()), None)

    def table(self, table_id: str) -> TableSpec:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(f"template {self.id} has no table {table_id}")


def load_template(path: Path) -> Template:
    try:
        raw, folders = template_source(path, seen=())
    except TemplateError:
        raise
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise TemplateError(f"malformed template ({error!r})") from error
    try:
        template = Template(
            id=text(raw, "id"),
            name_zh=text(raw, "name_zh"),
            name_en=text(raw, "name_en"),
            kind=choice(raw, "kind", TEMPLATE_KINDS, default="budget"),
            tables=tuple(table_spec(table) for table in raw["tables"]),
            cross_checks=tuple(cross_check(check) for check in raw.get("cross_checks", [])),
            explanation_figures={str(key): str(value) for key, value in raw["explanation_figures"].items()},
            sections=tuple(section_spec(section) for section in raw.get("sections", [])),
            checks=checks_spec(raw.get("checks", {})),
            charts=tuple(chart_spec(chart) for chart in raw.get("charts", [])),
            summary=summary_spec(raw["summary"]) if "summary" in raw else None,
            prior_year_facts=text(raw, "prior_year_facts", default=""),
            facts_unit=text(raw, "facts_unit", default=""),
            prior_year_figures=texts(raw, "prior_year_figures") if "prior_year_figures" in raw else None,
            precision_allowed=tuple(
                choice({"p": item}, "p", PRECISIONS, default=None) for item in raw.get("precision_allowed", [])
            ),
            table_heading_zh=text(raw, "table_heading_zh", default="表{number} {title}"),
            table_heading_en=text(raw, "table_heading_en", default="Table {number} {title}"),
            revenue={
                text(item, "table"): texts(item, "columns") if "columns" in item else ()
                for item in raw.get("revenue", [])
            },
            table_meta_zh=text(raw, "table_meta_zh", default="单位名称：{unit}"),
            table_meta_en=text(raw, "table_meta_en", default="Unit: {unit}"),
            numbering=text(raw, "numbering", default=""),
            facts=parse_fields(raw.get("facts", {})),
            texts={name: source for folder in reversed(folders) for name, source in text_files(folder).items()},
            text_folders=folders,
            reading=import_spec(raw.get("import"), sections=section_imports(raw.get("sections", []))),
            comparable=comparable_spec(raw.get("comparable")),
            execution=execution_spec(raw.get("execution")),
            publish_within_days=days(raw.get("publish_within_days", 0)),
        )
        check_template(template, path=path)
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        if isinstance(error, TemplateError):
            raise
        if isinstance(error, SchemaError | ImportSpecError | ExecutionSpecError):
            raise TemplateError(str(error)) from error
        raise TemplateError(f"malformed template ({error!r})") from error
    return template


def days(value: Any) -> int:
    """A whole number of days, 0 or more (a bool is not a number, though Python says it is)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TemplateError(f"publish_within_days is a whole number of days, found {value!r}")
    return value


def table_spec(raw: dict[str, Any]) -> TableSpec:
    return TableSpec(
        id=text(raw, "id"),
        file=text(raw, "file"),
        title_zh=text(raw, "title_zh"),
        title_en=text(raw, "title_en"),
        layout=text(raw, "layout"),
        columns=tuple(
            ColumnSpec(
                id=text(column, "id"),
                type=text(column, "type"),
                header_zh=texts(column, "header_zh"),
                header_en=texts(column, "header_en"),
                allow_negative=flag(column, "allow_negative"),
                english=text(column, "english", default=""),
                multiline=flag(column, "multiline"),
                required_on=text(column, "required_on", default=""),
            )
            for column in raw["columns"]
        ),
        sides=tuple(side_spec(side) for side in raw.get("sides", [])),
        row_sums=tuple(sum_spec(item) for item in raw.get("row_sums", [])),
        row_totals=tuple(sum_spec(item) for item in raw.get("row_totals", [])),
        code_display=choice(raw, "code_display", CODE_DISPLAYS, default="columns"),
        detail_row_type=raw.get("detail_row_type", ""),
        aligned_rows=tuple((str(first), str(second)) for first, second in raw.get("aligned_rows", [])),
        precision=choice(raw, "precision", PRECISIONS, default=DEFAULT_PRECISION),
        unit=choice(raw, "unit", tuple(AMOUNT_UNITS), default=""),
        total_row=total_row(raw),
        blank=choice(raw, "blank", BLANKS, default="refuse"),
        code_headers_zh=code_headers(raw, "zh"),
        code_headers_en=code_headers(raw, "en"),
    )


def chart_spec(raw: dict[str, Any]) -> ChartSpec:
    return ChartSpec(
        id=text(raw, "id"),
        title_zh=text(raw, "title_zh"),
        title_en=text(raw, "title_en"),
        after=text(raw, "after"),
        kind=text(raw, "kind"),
        table=text(raw, "table", default=""),
        column=text(raw, "column", default=""),
        row=text(raw, "row", default=""),
        columns=texts(raw, "columns") if "columns" in raw else (),
        figures=texts(raw, "figures") if "figures" in raw else (),
        labels_zh=texts(raw, "labels_zh") if "labels_zh" in raw else (),
        labels_en=texts(raw, "labels_en") if "labels_en" in raw else (),
        text=text(raw, "text", default=""),
    )


def summary_spec(raw: dict[str, Any]) -> Summary:
    split = raw["split"]
    return Summary(
        total=text(raw, "total"),
        split_table=text(split, "table"),
        split_columns={str(key): str(value) for key, value in split["columns"].items()},
        function_classes=class_sums(raw["function_classes"]),
        economic_classes=class_sums(raw["economic_classes"]),
        highlights=tuple(
            Highlight(figure=text(item, "figure"), name_zh=text(item, "name_zh"), name_en=text(item, "name_en"))
            for item in raw.get("highlights", [])
        ),
    )


def class_sums(raw: dict[str, Any]) -> ClassSums:
    """``{tables: [..], column: id}`` or, summing a two-sided table's sides, ``{tables: [..], columns: [..]}``."""
    if ("column" in raw) == ("columns" in raw):
        raise TemplateError(f"summary classes name a column or columns, found {raw!r}")
    columns = texts(raw, "columns") if "columns" in raw else (text(raw, "column"),)
    return ClassSums(tables=texts(raw, "tables"), columns=columns)


def checks_spec(raw: dict[str, Any]) -> Checks:
    return Checks(
        empty_tables=tuple(
            EmptyTables(
                statement=text(item, "statement"),
                tables=tuple(str(table) for table in item.get("tables", [])),
                match=text(item, "match", default="contains"),
                rows=texts(item, "rows") if "rows" in item else (),
                what_zh=text(item, "what_zh", default=""),
                what_en=text(item, "what_en", default=""),
            )
            for item in raw.get("empty_tables", [])
        ),
        reasons=tuple(
            ReasonCheck(
                figure=text(item, "figure"),
                reason=text(item, "reason"),
                what_zh=text(item, "what_zh"),
                what_en=text(item, "what_en"),
            )
            for item in raw.get("reasons", [])
        ),
        sums=tuple(
            SumCheck(what_zh=text(item, "what_zh"), total=text(item, "total"), parts=texts(item, "parts"))
            for item in raw.get("sums", [])
        ),
        unit_counts=(
            UnitCounts(text=text(raw["unit_counts"], "text"), units=text(raw["unit_counts"], "units"))
            if "unit_counts" in raw
            else None
        ),
        listed_rows=tuple(
            ListedRows(
                **{key: text(item, key, default="" if key in ("amount", "text") else None) for key in LISTED_ROWS_KEYS}
            )
            for item in raw.get("listed_rows", [])
        ),
    )


def section_spec(raw: dict[str, Any]) -> Section:
    return Section(
        id=text(raw, "id"),
        title_zh=text(raw, "title_zh"),
        title_en=text(raw, "title_en"),
        text=text(raw, "text", default=""),
        show=text(raw, "show", default=""),
        note_zh=text(raw, "note_zh", default=""),
        note_en=text(raw, "note_en", default=""),
        numbering=text(raw, "numbering", default=""),
        children=tuple(section_spec(child) for child in raw.get("children", [])),
        document_heading=text(raw, "document_heading", default=""),
        repeat=flag(raw, "repeat"),
    )


MAX_EXTENDS = 4  # a revision of a variant of a template is deep enough


def template_source(path: Path, *, seen: tuple[str, ...]) -> tuple[dict[str, Any], tuple[Path, ...]]:
    """A template's YAML with what it ``extends:`` merged under it, and its text folders (own first).

    A revision or a variant (单位预算 beside 部门预算) names its base and says only what differs: mappings
    merge key by key, lists of items with ids (tables, sections, charts, columns) merge by id (an item
    ``{id: x, remove: true}`` drops one), other values replace; text templates of its own folder replace
    the base's of the same name."""
    document, problems = read_yaml(path)  # staff may edit templates too: the same plain, bounded reading
    if document is None:
        raise TemplateError("; ".join(found.format(lang="en") for found in problems), problems=tuple(problems))
    raw = document.data
    if not isinstance(raw, dict):
        raise TemplateError("a template is a mapping of keys")
    if raw.get("id") != path.stem:
        raise TemplateError(f"id: {raw.get('id')!r} must be the file's name, {path.stem}")
    folders: tuple[Path, ...] = (path.with_suffix(""),)
    base_id = raw.get("extends")
    if base_id is None:
        return raw, folders
    base_path = path.parent / f"{base_id}.yaml"
    if not isinstance(base_id, str) or not SAFE_ID.fullmatch(base_id) or not base_path.is_file():
        raise TemplateError(f"extends: there is no template {base_id!r} beside {path.name}")
    if base_id in seen or len(seen) >= MAX_EXTENDS:
        raise TemplateError(f"extends: {' → '.join([*seen, base_id])} goes round in a circle or too deep")
    base, base_folders = template_source(base_path, seen=(*seen, str(raw.get("id", path.stem))))
    merged = merged_raw(base, {key: value for key, value in raw.items() if key != "extends"})
    return merged, folders + base_folders


def merged_raw(base: Any, override: Any) -> Any:
    """``override`` over ``base``: mappings by key, lists of identified items by id, the rest replaced."""
    if isinstance(base, dict) and isinstance(override, dict):
        return {
            **base,
            **{key: merged_raw(base[key], value) if key in base else value for key, value in override.items()},
        }
    if isinstance(base, list) and isinstance(override, list) and identified(base) and identified(override):
        by_id = {item["id"]: item for item in override}
        items = [merged_raw(item, by_id[item["id"]]) if item["id"] in by_id else item for item in base]
        known = {item["id"] for item in base}
        items += [item for item in override if item["id"] not in known]
        return [{k: v for k, v in item.items() if k != "remove"} for item in items if not item.get("remove", False)]
    return override


def identified(items: list[Any]) -> bool:
    return all(isinstance(item, dict) and "id" in item for item in items)


def section_imports(raw_sections: list[Any]) -> dict[str, Any]:
    """Section id -> its ``import:`` reads, through every level of sections."""
    found: dict[str, Any] = {}
    pending = list(raw_sections)
    while pending:
        section = pending.pop(0)
        if "import" in section:
            found[str(section["id"])] = section["import"]
        pending += section.get("children", [])
    return found


def text_files(folder: Path) -> dict[str, str]:
    """The template's text templates (``*.j2`` under its folder), by name relative to the folder."""
    if not folder.is_dir():
        return {}
    files = {}
    for path in sorted(folder.rglob("*.j2")):
        if not path.is_file() or path.stat().st_size > MAX_TEXT_FILE:
            raise TemplateError(f"{path}: not a regular text file of at most {MAX_TEXT_FILE} bytes")
        source = path.read_text(encoding="utf-8")
        if bad := first_bad_character(source, multiline=True):
            raise TemplateError(f"{path}: has {describe(bad, lang='en')}")
        files[path.relative_to(folder).as_posix()] = source
    return files


def check_charts(template: Template) -> None:
    """Charts name tables, columns and figures that exist; the summary too."""
    ids = {table.id for table in template.tables}
    anchors = {section.id for top in template.sections for section in top.walk()}
    for chart in template.charts:
        where = f"chart {chart.id}"
        if chart.kind not in CHART_KINDS or chart.after not in ids | anchors:
            raise TemplateError(f"{where}: kind is one of {CHART_KINDS}, after a table id or a section id")
        if chart.table and chart.table not in ids:
            raise TemplateError(f"{where}: no table {chart.table}")
        columns = {column.id for column in template.table(chart.table).columns} if chart.table else set()
        if unknown := {*chart.columns, *([chart.column] if chart.column else [])} - columns:
            raise TemplateError(f"{where}: unknown columns {sorted(unknown)}")
        if unknown := set(chart.figures) - set(template.explanation_figures):
            raise TemplateError(f"{where}: unknown figures {sorted(unknown)}")
        if chart.kind == "compare" and not (len(chart.labels_zh) == len(chart.labels_en) == len(chart.figures)):
            raise TemplateError(f"{where}: one label in each language per figure")
        if chart.text and any(f"{chart.text}.{lang}.j2" not in template.texts for lang in ("zh", "en")):
            raise TemplateError(f"{where}: no text template {chart.text}.zh.j2 / .en.j2")
    summary = template.summary
    if summary is not None:
        if summary.total not in template.explanation_figures:
            raise TemplateError(f"summary.total {summary.total} is not one of explanation_figures")
        if unknown := {item.figure for item in summary.highlights} - set(template.explanation_figures):
            raise TemplateError(f"summary.highlights: unknown figures {sorted(unknown)}")
        for table_id in (summary.split_table, *summary.function_classes.tables, *summary.economic_classes.tables):
            if table_id not in ids:
                raise TemplateError(f"summary: no table {table_id}")


def check_checks(template: Template) -> None:
    ids = {table.id for table in template.tables}
    compared = template.prior_year_figures if template.prior_year_figures is not None else template.explanation_figures
    if unknown := set(compared) - set(template.explanation_figures):
        raise TemplateError(f"prior_year_figures names figures that are not explanation_figures: {sorted(unknown)}")
    if template.checks.reasons and not template.prior_year_facts:
        raise TemplateError("checks.reasons compare with the prior year: the template needs prior_year_facts")
    if uncompared := {reason.figure for reason in template.checks.reasons} - set(compared):
        raise TemplateError(f"checks.reasons names figures not compared with the prior year: {sorted(uncompared)}")
    for empty in template.checks.empty_tables:
        if set(empty.tables) - ids or empty.match not in ("contains", "equals"):
            raise TemplateError(f"checks.empty_tables: unknown tables {sorted(set(empty.tables) - ids)} or match")
        if empty.rows:
            named = {
                key
                for table_id in empty.tables
                for key in [
                    *(row.key for side in template.table(table_id).sides for row in side.rows),
                    *(column.id for column in template.table(table_id).amount_columns),
                ]
            }
            if not empty.tables or set(empty.rows) - named or not (empty.what_zh and empty.what_en):
                raise TemplateError(
                    f"checks.empty_tables: rows {list(empty.rows)} of its tables, with what_zh and what_en"
                )
    for reason in template.checks.reasons:
        if reason.figure not in template.explanation_figures:
            raise TemplateError(f"checks.reasons: {reason.figure} is not one of explanation_figures")
    for listed in template.checks.listed_rows:
        if listed.table not in ids or listed.column not in {c.id for c in template.table(listed.table).columns}:
            raise TemplateError(f"checks.listed_rows: no column {listed.column} in table {listed.table}")
    schema = publication_schema(template.facts)
    paths = [
        *(path for rule in template.checks.sums for path in (rule.total, *rule.parts)),
        *(reason.reason for reason in template.checks.reasons),
        *(listed.fact for listed in template.checks.listed_rows),
        *((template.checks.unit_counts.text, template.checks.unit_counts.units) if template.checks.unit_counts else ()),
    ]
    if template.prior_year_facts:
        paths += [f"{template.prior_year_facts}.{figure}" for figure in compared]
    if unknown_paths := [path for path in paths if field_at(schema, path) is None]:
        raise TemplateError(f"checks name facts that are not fields of publication.yaml: {unknown_paths}")


def check_comparable(template: Template) -> None:
    """Every comparable amount is one the publication holds; execution names comparables of fitting shape."""
    schema = publication_schema(template.facts)

    def check_source(source: AmountSource, *, where: str) -> None:
        if source.figure and ":" not in source.figure and source.figure not in template.explanation_figures:
            raise TemplateError(f"{where}: {source.figure} is not one of explanation_figures")
        if source.figure and ":" in source.figure:
            table_id, _, column_id = [*source.figure.split(":"), "", ""][:3]
            spec = next((table for table in template.tables if table.id == table_id), None)
            if spec is None or source.figure.count(":") != 2 or column_id not in {c.id for c in spec.amount_columns}:
                raise TemplateError(f"{where}: reference {source.figure} names no amount column")
        if source.fact and not is_kind(field_at(schema, source.fact), "amount"):
            raise TemplateError(f"{where}: {source.fact} is no amount field of publication.yaml")
        if source.table:
            spec = next((table for table in template.tables if table.id == source.table), None)
            if spec is None or spec.code_column is None or source.column not in {c.id for c in spec.amount_columns}:
                raise TemplateError(f"{where}: table {source.table} has no codes or no amount column {source.column}")

    for name, source in template.comparable.items():
        check_source(source, where=f"comparable {name}")
    execution = template.execution
    if execution is None:
        return
    if template.kind == TEMPLATE_KINDS[0]:
        raise TemplateError("execution: budget versus actual belongs to a final accounts template (kind: final)")
    shapes = {execution.classes: True, execution.total: False}
    shapes |= {measure.comparable: False for measure in execution.measures}
    for name, by_code in [*shapes.items(), *((each.comparable, each.printed.by_code) for each in execution.initial)]:
        if name not in template.comparable or template.comparable[name].by_code != by_code:
            raise TemplateError(f"execution: {name} is not a comparable {'by code' if by_code else 'amount'}")
    for initial in execution.initial:
        check_source(initial.printed, where=f"execution initial {initial.comparable}")
    reasons = [execution.reasons] if execution.reasons else []
    reasons += [measure.reason for measure in execution.measures if measure.reason]
    if unknown := [path for path in reasons if not is_kind(field_at(schema, path), "text")]:
        raise TemplateError(f"execution: reasons {unknown} are no text fields of publication.yaml")
    if execution.reasons and CODE_PLACEHOLDER not in execution.reasons:
        raise TemplateError(f"execution: reasons {execution.reasons} must hold {CODE_PLACEHOLDER}")


def is_kind(found: Field | None, kind: str) -> bool:
    return found is not None and found.kind == kind


def check_sections(template: Template) -> None:
    """Every section names text templates that exist, a known kind of content and known placeholders."""
    anchors = [section.id for top in template.sections for section in top.walk()]
    if len(set(anchors)) != len(anchors):
        raise TemplateError(f"sections: duplicate ids in {anchors}")
    if template.numbering not in NUMBERINGS:
        raise TemplateError(f"numbering {template.numbering}: known {NUMBERINGS[1:]}")
    for section in (section for top in template.sections for section in top.walk()):
        where = f"section {section.id}"
        names = [f"{section.text}.{lang}.j2" for lang in ("zh", "en")] if section.text else []
        if missing := [name for name in names if name not in template.texts]:
            raise TemplateError(f"{where}: no text template {', '.join(missing)} in {template.folder}")
        if section.show not in SHOWS or section.numbering not in NUMBERINGS:
            raise TemplateError(f"{where}: show is one of {SHOWS[1:]}, numbering one of {NUMBERINGS[1:]}")
        for title in (section.title_zh, section.title_en, section.note_zh, section.note_en):
            if "{" in TITLE_PLACEHOLDERS.sub("", title) or "}" in TITLE_PLACEHOLDERS.sub("", title):
                raise TemplateError(f"{where}: {title!r} may hold only {{unit}}, {{year}} and {{amount_unit}}")


def code_headers(raw: dict[str, Any], lang: str) -> tuple[tuple[str, ...], ...]:
    """``code_headers: {zh: [[科目编码, 类], [科目编码, 款], …], en: […]}``: only with code_display split."""
    if (raw.get("code_display") == "split") != ("code_headers" in raw):
        raise TemplateError("code_display split needs code_headers (and code_headers needs code_display split)")
    if "code_headers" not in raw:
        return ()
    headers = raw["code_headers"]
    if not isinstance(headers, dict) or set(headers) != {"zh", "en"} or not isinstance(headers[lang], list):
        raise TemplateError(f"code_headers must be {{zh: [[…], …], en: [[…], …]}}, found {headers!r}")
    return tuple(texts({"code_headers": level}, "code_headers") for level in headers[lang])


def side_spec(raw: dict[str, Any]) -> Side:
    """One side; its amounts as ``amount_columns: [..]`` or, for one, ``amount_column: id``."""
    if "amount_column" in raw and "amount_columns" in raw:
        raise TemplateError("a side has amount_column or amount_columns, not both")
    amounts = texts(raw, "amount_columns") if "amount_columns" in raw else ()
    if "amount_column" in raw:
        amounts = (text(raw, "amount_column"),)
    rows: list[FixedRow] = []
    classes: ClassLines | None = None
    position = 0
    for row in raw["rows"]:
        if "classes" not in row:
            rows.append(
                FixedRow(key=text(row, "key"), label=text(row, "label"), label_en=text(row, "label_en", default=""))
            )
            continue
        if classes is not None:
            raise TemplateError("a side has one entry of class lines ({classes: …}) at most")
        if set(row) - {"classes", "label", "label_en"}:
            raise TemplateError(f"class lines are {{classes: function_class, label: …, label_en: …}}, found {row!r}")
        classes = ClassLines(
            kind=choice(row, "classes", tuple(CLASS_KINDS), default=None),
            label=placeholder_text(row, "label"),
            label_en=placeholder_text(row, "label_en", default=ClassLines.label_en),
        )
        position = len(rows)
    return Side(
        label_column=text(raw, "label_column"),
        amount_columns=amounts,
        rows=tuple(rows),
        class_lines=classes,
        class_position=position,
        code_column=text(raw, "code_column", default=""),
    )


def placeholder_text(raw: dict[str, Any], key: str, *, default: str | None = None) -> str:
    """A label with the placeholders {ordinal}, {name} and {code}, and no others."""
    value = text(raw, key, default=default)
    try:
        fields = [
            (name, spec, conversion)
            for _, name, spec, conversion in string.Formatter().parse(value)
            if name is not None
        ]
    except ValueError as error:
        raise TemplateError(f"{key} {value!r}: {error}") from None
    if any(name not in CLASS_LABEL_FIELDS or spec or conversion for name, spec, conversion in fields):
        raise TemplateError(f"{key} {value!r} may hold only {{ordinal}}, {{name}} and {{code}}")
    return value


def text(raw: dict[str, Any], key: str, *, default: str | None = None) -> str:
    """A one-line text of the template, held to the same text policy as staff data (it reaches the
    same pages, workbooks and charts)."""
    if key not in raw and default is not None:
        return default
    value = raw[key]
    if not isinstance(value, str):
        raise TemplateError(f"{key} must be text, found {value!r}")
    if bad := first_bad_character(value):
        raise TemplateError(f"{key} {value!r} has {describe(bad, lang='en')}")
    return value


def texts(raw: dict[str, Any], key: str) -> tuple[str, ...]:
    """A list of one-line texts (a column's header cells from the top row down)."""
    value = raw[key]
    if not isinstance(value, list):
        raise TemplateError(f"{key} must be a list such as [收入, 项目], found {value!r}")
    return tuple(text({key: item}, key) for item in value)


def flag(raw: dict[str, Any], key: str) -> bool:
    """true or false, nothing else: "no" would be text, and bool("no") is True."""
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise TemplateError(f"{key} must be true or false, found {value!r}")
    return value


def choice(raw: dict[str, Any], key: str, allowed: tuple[Any, ...], *, default: Any) -> Any:
    """One of ``allowed`` (the same type: 0 is no "0", and true is no 1), or ``default`` when absent."""
    if key not in raw:
        return default
    value = raw[key]
    if value not in allowed or type(value) is not type(allowed[0]):
        raise TemplateError(f"{key} must be one of {', '.join(map(str, allowed))}, found {value!r}")
    return value


def total_row(raw: dict[str, Any]) -> TotalRow:
    if "total_row" not in raw:
        return TotalRow()
    if raw["layout"] not in TOTAL_ROW_LAYOUTS:
        raise TemplateError(f"total_row is for {' and '.join(TOTAL_ROW_LAYOUTS)} tables; the others list their lines")
    settings = raw["total_row"]
    if not isinstance(settings, dict) or set(settings) - {"position", "label"}:
        raise TemplateError(f"total_row must be {{position: first|last|none, label: 合计}}, found {settings!r}")
    return TotalRow(
        position=choice(settings, "position", TOTAL_POSITIONS, default="first"),
        label=text(settings, "label", default=TOTAL_LABEL) or TOTAL_LABEL,
    )


def sum_spec(raw: dict[str, Any]) -> Sum:
    """A sum; in row_totals a part may be ``{classes: function_class}``, every class line of the side."""
    parts = []
    for part in raw["parts"]:
        if isinstance(part, dict):
            if set(part) != {"classes"} or part["classes"] not in CLASS_KINDS:
                raise TemplateError(f"a part is a key, KEY:COLUMN or {{classes: function_class}}, found {part!r}")
            parts.append(class_part(part["classes"]))
        else:
            parts.append(str(part))
    return Sum(total=str(raw["total"]), parts=tuple(parts))


def cross_check(raw: dict[str, Any]) -> CrossCheck:
    return CrossCheck(
        left=tuple(raw["left"]),
        right=tuple(raw["right"]),
        for_each=raw.get("for_each", ""),
        relation=raw.get("relation", "equal"),
    )


def check_split(table: TableSpec, *, where: str) -> None:
    """Split codes print as one column per level, right before the name (the 合计 label spans them); in
    a two-sided table each side's code column right before its label column."""
    code, ids = table.code_column, [column.id for column in table.columns]
    if code is None or not table.code_headers_zh:
        raise TemplateError(f"{where}: code_display split needs a code column and code_headers")
    if len(table.code_headers_zh) != len(table.code_headers_en):
        raise TemplateError(f"{where}: code_headers has {len(table.code_headers_zh)} levels in zh, another count in en")
    named = ("name",) if table.layout != "two_sided" else ("name", "label")
    for column in (column for column in table.columns if column.type in CODE_TYPES):
        after = ids.index(column.id) + 1
        if after >= len(ids) or table.columns[after].type not in named:
            raise TemplateError(f"{where}: with code_display split the name column follows the code column")


def check_row_total(item: Sum, table: TableSpec, *, where: str) -> None:
    """A row total names known rows, and columns of their sides. A part without a column is read in the
    total's column, so it must stand on the total's side (or name its column: ``KEY:COLUMN``)."""
    sides = {row.key: side for side in table.sides for row in side.rows}
    sides |= {class_part(side.class_lines.kind): side for side in table.sides if side.class_lines}
    amount_ids = tuple(column.id for column in table.amount_columns)

    def columns_of(key: str) -> tuple[str, ...]:
        return sides[key].amount_columns or amount_ids

    references = [row_reference(item.total), *(row_reference(part) for part in item.parts)]
    unknown = sorted({key for key, _ in references} - set(sides))
    if unknown:
        raise TemplateError(f"{where}: row_totals names unknown rows {unknown}")
    for key, column in references:
        if column and column not in columns_of(key):
            raise TemplateError(f"{where}: row_totals names {key}:{column}, a column not on that row's side")
    total_key, total_column = references[0]
    for key, column in references[1:]:
        if column:
            continue
        if (total_column and total_column not in columns_of(key)) or (
            not total_column and sides[key] is not sides[total_key]
        ):
            raise TemplateError(
                f"{where}: row_totals part {key} stands on another side than {item.total}: write {key}:COLUMN"
            )


def check_template(template: Template, *, path: Path) -> None:
    """Catch a template's own mistakes early: unknown layouts, types, columns or row keys."""
    ids = [table.id for table in template.tables]
    if len(set(ids)) != len(ids):
        raise TemplateError(f"duplicate table ids {ids}")
    for table in template.tables:
        where = f"table {table.id}"
        if not SAFE_FILE.fullmatch(table.file):
            raise TemplateError(f"{where}: file {table.file!r} must be lowercase letters, digits and hyphens, .csv")
        if table.layout not in LAYOUTS:
            raise TemplateError(f"{where}: unknown layout {table.layout}")
        column_ids = {column.id for column in table.columns}
        for column in table.columns:
            if column.type not in COLUMN_TYPES:
                raise TemplateError(f"{where}: column {column.id} has unknown type {column.type}")
        for item in table.row_sums:
            unknown = {item.total, *item.parts} - column_ids
            if unknown:
                raise TemplateError(f"{where}: row_sums names unknown columns {sorted(unknown)}")
        keys = {row.key for side in table.sides for row in side.rows}
        untranslated = [row.key for side in table.sides for row in side.rows if not (row.label_en or row.key.isdigit())]
        if untranslated:
            raise TemplateError(f"{where}: fixed rows without label_en: {untranslated}")
        for column in table.columns:
            if column.english and column.english not in column_ids:
                raise TemplateError(f"{where}: column {column.id} names an unknown english column {column.english}")
        aligned = {key for pair in table.aligned_rows for key in pair}
        if aligned - keys:
            raise TemplateError(f"{where}: aligned_rows names unknown rows {sorted(aligned - keys)}")
        if table.code_display == "split":
            check_split(table, where=where)
        if table.layout == "record" and (table.sides or any(c.type not in RECORD_COLUMN_TYPES for c in table.columns)):
            raise TemplateError(f"{where}: a record is one line of amounts, without sides, labels or codes")
        amount_ids = {column.id for column in table.amount_columns}
        for side in table.sides:
            if side.label_column not in column_ids or not set(side.amount_columns) <= amount_ids:
                raise TemplateError(f"{where}: a side names an unknown column or one that holds no amounts")
            if side.code_column and side.code_column not in {c.id for c in table.columns if c.type in CODE_TYPES}:
                raise TemplateError(f"{where}: a side's code_column {side.code_column} is not a code column")
        if len({column.type for column in table.columns if column.type in CODE_TYPES}) > 1:
            raise TemplateError(f"{where}: the code columns of a table are of one classification")
        for item in table.row_totals:
            check_row_total(item, table, where=where)
    check_sections(template)
    for meta in (template.table_meta_zh, template.table_meta_en):
        if "{" in meta.replace("{unit}", "") or "}" in meta.replace("{unit}", ""):
            raise TemplateError(f"table meta {meta!r} may hold only {{unit}}")
    for heading in (template.table_heading_zh, template.table_heading_en):
        if "{" in HEADING_PLACEHOLDERS.sub("", heading) or "}" in HEADING_PLACEHOLDERS.sub("", heading):
            raise TemplateError(f"table heading {heading!r} may hold only {{number}}, {{title}} and {{year}}")
    check_checks(template)
    check_charts(template)
    check_comparable(template)
    check_targets(
        template.reading, schema=publication_schema(template.facts), figures=set(template.explanation_figures)
    )
    for table_id, columns in template.revenue.items():
        if table_id not in ids or set(columns) - {column.id for column in template.table(table_id).amount_columns}:
            raise TemplateError(
                f"revenue: table {table_id} or its columns {list(columns)} are not amounts of the template"
            )
    references = [reference for check in template.cross_checks for reference in (*check.left, *check.right)]
    references += list(template.explanation_figures.values())
    placeholders = {"function_class": "{class}", "economic_class": "{class}", "function_code": "{code}"}
    for check in template.cross_checks:
        if check.relation not in ("equal", "at_most"):
            raise TemplateError(f"unknown relation {check.relation}")
        if check.for_each and check.for_each not in placeholders:
            raise TemplateError(f"unknown for_each {check.for_each}; known: {sorted(placeholders)}")
        expected = placeholders.get(check.for_each, "")
        for reference in (*check.left, *check.right):
            row = reference.split(":")[1] if reference.count(":") == 2 else ""
            if (("{" in row or "}" in row) and row != expected) or (expected and expected not in row):
                raise TemplateError(f"reference {reference} does not fit for_each {check.for_each or '(none)'}")
    for reference in references:
        table_id, _, column_id = reference.split(":")
        if table_id not in ids or column_id not in {c.id for c in template.table(table_id).columns}:
            raise TemplateError(f"reference {reference} names no column")
