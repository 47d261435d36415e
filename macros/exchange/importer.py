"""Published budgets in, our data format out: a document (PDF or text, read into lines and table rows
by macros/exchange/document.py) read as its template says (``import:``), or its tables as a workbook.

Tables are found by their titles and read through their printed columns (the same columns the site
prints: macros/rendering/tables.py), header rows and their page-break repeats left out. What extraction
leaves behind is cleaned: names broken by spaces, paragraphs broken across lines; corrections listed in
data/import-corrections.yaml are applied. English comes from what the repository already knows
(dictionaries, units, glossary, and earlier publications' texts as a translation memory); free text and a
new unit's name the memory lacks are imported with their English pending (left empty: the validator warns,
the English edition shows the Chinese, marked), while a new glossary term needs its English. What cannot
be understood is reported at its page or line; nothing is written then (the script).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from macros.exchange.disclosure import Placeholder, placeholders, quoted
from macros.exchange.document import Document, Line, text_document
from macros.model.dictionaries import Dictionaries
from macros.model.publication import Publication
from macros.model.translations import is_pending
from macros.reading.plain_yaml import dump_yaml
from macros.reading.review_rules import reviewer_rule
from macros.rendering.tables import DisplayColumn, display_columns
from macros.template.facts_schema import Field, publication_schema
from macros.template.import_spec import (
    EXPRESSION,
    FIGURE_CODE,
    FUNCTION_KINDS,
    PATH_PART,
    ImportSpec,
    Read,
    field_at,
    literal_regex,
)
from macros.template.specs import Section, TableSpec, Template
from macros.template.text import chinese_ordinal, paren_chinese

AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$|^-?\d+(\.\d+)?$")  # 1,234.56 or 1234.56 or 1234
CODE = re.compile(r"^\d+$")
CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff（）“”、，])[ \u3000]+(?=[\u3400-\u9fff（）“”、，])")
LATIN_IN_CHINESE = re.compile(r"[\u3400-\u9fff][ ]*[A-Za-z]{2,}[ ]*[\u3400-\u9fff]")
CORRECTIONS_FILE = "import-corrections.yaml"
WHITESPACE = re.compile(r"\s+")
SENTENCE_ENDS = ("。", "；", "：", ";", ":")


@dataclass(frozen=True)
class Stated:
    """A figure printed in the prose: where, in which sentence, as printed, and which figure it is; and
    the facts worked out from it (a prior year's figure: this year's less the stated change), each as
    (fact path, "-" or "+", the other number), to be worked out from the tables' figure where the prose
    disagrees with them."""

    line: Line
    sentence: str
    printed: str
    figure: str
    derived: tuple[tuple[str, str, str], ...] = ()


@dataclass
class Imported:
    """One publication read from a document: CSV text per table file, the facts, problems by line."""

    tables: dict[str, list[list[str]]] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    problems: list[tuple[Line, str]] = field(default_factory=list)
    unit_name: str = ""
    pending: list[tuple[Line, str]] = field(default_factory=list)  # texts imported without English (pending)
    facts_text: str = ""  # publication.yaml as found (a workbook brings none of its own), kept byte for byte
    new_terms: list[dict[str, str]] = field(default_factory=list)  # glossary rows the glossary lacks
    origins: dict[str, list[Line]] = field(default_factory=dict)  # table file -> where each CSV row was printed
    stated: list[Stated] = field(default_factory=list)  # figures the prose prints, to compare with the tables

    def problem(self, line: Line | int, message: str) -> None:
        self.problems.append((line if isinstance(line, Line) else Line("", number=line), message))

    def located(self) -> list[tuple[str, str]]:
        """(page or line, message), in the document's order."""
        ordered = sorted(self.problems, key=lambda item: (item[0].page, item[0].number, item[1]))
        return [(line.place(), message) for line, message in ordered]


@dataclass(frozen=True)
class Knowledge:
    """What the repository already knows: dictionaries, a template, Chinese-to-English texts."""

    dictionaries: Dictionaries
    template: Template
    memory: dict[str, str]
    corrections: list[tuple[str, str]]
    # glossary terms that publications of this template already list: where two regions define a term
    # of the same name differently, the template's own definition is the one meant
    template_terms: frozenset[str] = frozenset()

    @property
    def schema(self) -> Field:
        """publication.yaml's fields for this template: where read facts go, and of which kind."""
        return publication_schema(self.template.facts)

    def english(self, chinese: str, *, line: Line | int, imported: Imported, required: bool = False) -> str:
        """The English the repository has for ``chinese``. Without it, free text is imported with its English
        pending (empty: model/translations.py); what must have its English (``required``: a glossary term)
        is a problem."""
        if chinese in self.memory:
            return self.memory[chinese]
        if not required:
            imported.pending.append((line if isinstance(line, Line) else Line("", number=line), chinese))
            return ""
        imported.problem(
            line, f"没有英文译文 / no English for: {chinese}（可用 --translations 提供 / give it with --translations）"
        )
        return ""


def dictionary_memory(dictionaries: Dictionaries) -> dict[str, str]:
    """Chinese -> English from the shared dictionaries: units' names, function and economic codes' names,
    glossary terms and their definitions (names still pending left out)."""
    pairs = [(unit.name_zh, unit.name_en) for unit in dictionaries.units.values()]
    for classification in (dictionaries.function_codes, dictionaries.economic_codes):
        pairs += [(code.name_zh, code.name_en) for code in classification.codes.values()]
    for term in dictionaries.glossary.values():
        pairs += [(term.term_zh, term.term_en), (term.definition_zh, term.definition_en)]
    return {chinese: english for chinese, english in pairs if chinese and not is_pending(english)}


def translation_memory(publications: list[Publication]) -> dict[str, str]:
    """Chinese -> English from every {zh, en} text and every table's English columns (Table 12's projects)
    of the known publications; English still pending is no translation."""
    memory: dict[str, str] = {}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("zh"), str) and isinstance(value.get("en"), str) and not is_pending(value["en"]):
                memory[value["zh"]] = value["en"]
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for publication in publications:
        walk(publication.facts.data)
        for table in publication.tables.values():
            for column in table.spec.columns:
                if column.english:
                    for row in table.rows:
                        if row.texts.get(column.id) and not is_pending(row.texts.get(column.english, "")):
                            memory[row.texts[column.id]] = row.texts[column.english]
    return memory


def clean(text: str, knowledge: Knowledge) -> str:
    """Join what the PDF broke: spaces inside Chinese words; then the listed corrections."""
    for found, replacement in knowledge.corrections:
        text = text.replace(found, replacement)
    return CJK_GAP.sub("", text.strip())


def starts_with(text: str, prefix: str) -> bool:
    """``prefix`` begins ``text``, full- and half-width punctuation alike (注： and 注: both)."""
    return bool(prefix) and unicodedata.normalize("NFKC", text).startswith(unicodedata.normalize("NFKC", prefix))


def compact(text: str) -> str:
    """Text compared without spaces: extraction spaces Chinese headings and titles unreliably."""
    return WHITESPACE.sub("", text)


# --- where things are: table titles and section headings ---------------------------------------------------


def table_title(spec: TableSpec, template: Template) -> re.Pattern[str]:
    """A table's printed title: the title alone, with its year (2025年…), or as the template's heading."""
    synonyms = template.reading.synonyms
    title = literal_regex(compact(spec.title_zh), synonyms)
    heading = literal_regex(compact(template.table_heading_zh), synonyms)
    for placeholder, what in (("number", r"\d*"), ("year", r"(?:\d{4})?"), ("title", title)):
        heading = heading.replace(re.escape("{" + placeholder + "}"), what)
    return re.compile(rf"^(?:(?:\d{{4}}年度?)?{title}|{heading})$")


def title_pattern(
    title: str, *, number: int, numbering: str, synonyms: tuple[tuple[str, ...], ...] = ()
) -> re.Pattern[str]:
    """A section's printed heading: its number (一、 or （一）) and title, {unit} and {year} any text."""
    prefix = {"chinese": chinese_ordinal, "paren_chinese": paren_chinese}.get(numbering)
    printed = compact((prefix(number) if prefix else "") + title)
    pattern = literal_regex(printed, synonyms)
    for placeholder, what in (("unit", ".+?"), ("year", r"\d{4}"), ("amount_unit", r"\S+")):
        pattern = pattern.replace(re.escape("{" + placeholder + "}"), what)
    return re.compile(f"^{pattern}$")


def section_patterns(template: Template) -> list[tuple[Section, re.Pattern[str], int]]:
    """(section, its heading's pattern, its top section's index) for every section of the template."""
    found = []

    def visit(section: Section, *, number: int, numbering: str, part: int) -> None:
        heading = section.document_heading or section.title_zh
        found.append(
            (
                section,
                title_pattern(
                    heading,
                    number=number,
                    numbering="" if section.document_heading else numbering,
                    synonyms=template.reading.synonyms,
                ),
                part,
            )
        )
        for child_number, child in enumerate(section.children, start=1):
            visit(child, number=child_number, numbering=section.numbering, part=part)

    for part, top in enumerate(template.sections):
        visit(top, number=part + 1, numbering=template.numbering, part=part)
    return found


@dataclass(frozen=True)
class Found:
    """A section of the template found in the document: its heading's line and its body's lines."""

    section: Section
    heading: Line
    body: list[Line]


@dataclass(frozen=True)
class Mark:
    """A line that heads a section (with the index of its top section) or a table; ``lines``: how many
    lines the heading takes (a long heading may break onto a second line)."""

    section: Section | None = None
    part: int = -1
    table: TableSpec | None = None
    lines: int = 1


def marks(document: Document, template: Template) -> dict[int, Mark]:
    """Index of each line that heads a section or a table, and what it heads. A line that heads nothing
    may head something with the line after it (第三部分…决算情况 / 说明)."""
    sections = section_patterns(template)
    titles = [(spec, table_title(spec, template)) for spec in template.tables]

    def heading(text: str, lines: int) -> Mark | None:
        section = next(
            (Mark(section=s, part=part, lines=lines) for s, pattern, part in sections if pattern.match(text)), None
        )
        return section or next((Mark(table=spec, lines=lines) for spec, pattern in titles if pattern.match(text)), None)

    found: dict[int, Mark] = {}
    lines = document.lines
    skip = -1
    for index, line in enumerate(lines):
        text = "" if line.is_row else compact(line.text)
        if not text or index == skip:
            continue
        mark = heading(text, 1)
        following = lines[index + 1] if index + 1 < len(lines) else None
        if (
            mark is None
            and following is not None
            and not following.is_row
            and following.page == line.page
            and not text.endswith(SENTENCE_ENDS)  # a paragraph's last line is no heading's first
            and heading(compact(following.text), 1) is None  # nor is the line before a heading
        ):
            mark = heading(text + compact(following.text), 2)
            skip = index + 1 if mark is not None else skip
        if mark is not None:
            found[index] = mark
    return found


def find_sections(document: Document, template: Template, imported: Imported) -> dict[str, list[Found]]:
    """Every section by its printed heading: the last with a body (or children) under its own part (a
    table of contents lists the headings first, without bodies or with another entry as one); every one
    of a repeated section."""
    heads = marks(document, template)
    starts = sorted(heads)
    found: dict[str, list[Found]] = {}
    current_part = -1
    for position, index in enumerate(starts):
        section, part = heads[index].section, heads[index].part
        if section is None:
            continue
        if section in template.sections:
            current_part = part
        end = starts[position + 1] if position + 1 < len(starts) else len(document.lines)
        body = [line for line in document.lines[index + heads[index].lines : end] if line.text.strip()]
        if part != current_part or not (body or section.children):
            continue
        printed = Found(section, document.lines[index], body)
        if section.repeat:
            found.setdefault(section.id, []).append(printed)
        else:  # a later heading is the section, an earlier one an entry of the contents
            found[section.id] = [printed]
    for section in (section for top in template.sections for section in top.walk()):
        wanted = section.id in template.reading.sections or section.show == "glossary"
        if section.id not in found and wanted and not section.repeat:  # a repeated section may print no item
            imported.problem(1, f"找不到“{section.title_zh}”一节 / section {section.id} not found")
    return found


def paragraph(body: list[Line]) -> str:
    """Lines of one paragraph broken by the PDF (even across a blank line) joined again."""
    return "".join(line.text.strip() for line in body if not line.is_row)


def paragraphs(body: list[Line]) -> list[tuple[Line, str]]:
    """A body's paragraphs with their first lines: each line of a text file; in a PDF, a paragraph
    starts with an indented line or after a line that ends short."""
    found: list[tuple[Line, str]] = []
    ended = True
    for line in body:
        if line.is_row:
            continue
        if not line.page or line.indent or ended or not found:
            found.append((line, line.text.strip()))
        else:
            found[-1] = (found[-1][0], found[-1][1] + line.text.strip())
        ended = line.short
    return found


# --- tables -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintedTable:
    title: Line
    rows: list[Line]
    notes: list[Line]
    meta: list[Line]  # the lines between the title and the rows (编制部门, 单位)


def find_table(document: Document, spec: TableSpec, template: Template, imported: Imported) -> PrintedTable | None:
    """A table's rows: every row after its title up to the next title or section, over page breaks."""
    heads = marks(document, template)
    starts = sorted(heads)
    for position, index in enumerate(starts):
        if heads[index].table != spec:
            continue
        end = starts[position + 1] if position + 1 < len(starts) else len(document.lines)
        lines = document.lines[index + heads[index].lines : end]
        rows = [line for line in lines if line.is_row]
        first_row = lines.index(rows[0]) if rows else len(lines)
        note_prefix = template.reading.table_note
        starts_note = [at for at, line in enumerate(lines) if not line.is_row and starts_with(line.text, note_prefix)]
        notes = (
            [line for line in lines[starts_note[0] :] if not line.is_row and line.text.strip()] if starts_note else []
        )
        meta = [line for line in lines[:first_row] if not line.is_row]
        return PrintedTable(document.lines[index], rows, notes, meta)
    rule = reviewer_rule("TABLE_MISSING", kind=template.kind)
    imported.problem(1, f"缺少表格：表{int(spec.id)}“{spec.title_zh}” / table {int(spec.id)} is missing [{rule}]")
    return None


def printed_columns(spec: TableSpec, knowledge: Knowledge) -> list[DisplayColumn]:
    """The table's columns in printed order, as the site prints them (a split code: one per level)."""
    digits: tuple[int, ...] = ()
    if spec.code_display == "split" and spec.code_column is not None:
        dictionaries = knowledge.dictionaries
        codes = dictionaries.function_codes if spec.code_column.type == "function_code" else dictionaries.economic_codes
        digits = codes.digits
    return display_columns(spec, lang="zh", code_digits=digits)


def fixed_labels(spec: TableSpec) -> set[str]:
    return {compact(row.label) for side in spec.sides for row in side.rows}


def is_data_row(values: dict[str, str], spec: TableSpec, columns: list[DisplayColumn]) -> bool:
    """A line of the table, not a header: an amount, a code, the 合计 label or a fixed line's label."""
    amounts = [values.get(column.sources[0], "") for column in columns if column.is_amount]
    if any(AMOUNT.match(amount) for amount in amounts):
        return True
    code = values.get(spec.code_column.id, "") if spec.code_column is not None else ""
    labels = {
        compact(values.get(source, ""))
        for column in columns
        if column.kind in ("name", "text")
        for source in column.sources
    }
    return bool(CODE.match(code)) or compact(spec.total_row.label) in labels or bool(labels & fixed_labels(spec))


def cell_values(cells: list[str], columns: list[DisplayColumn], spec: TableSpec) -> dict[str, str]:
    """Printed cells back to data columns: a split code's levels joined, [code]name parted, amounts plain.
    A label printed across a split code's cells (合计, 人员经费合计) is the name or label after them."""
    values: dict[str, str] = {}
    across = ""  # a label printed in the code's cells, for the name or label cell that follows them
    for column, cell in zip(columns, cells, strict=False):
        if column.kind == "code_part":
            source = column.sources[0]
            if CODE.match(cell) or not cell:
                values[source] = values.get(source, "") + cell
            else:
                across += cell
            continue
        if across and column.kind in ("name", "text") and spec.column(column.sources[-1]).type in ("name", "label"):
            cell, across = cell or across, ""
        if len(column.sources) == 2:  # [code]name
            bracketed = re.match(r"^\[(\d+)\](.*)$", cell)
            code, name = (bracketed[1], bracketed[2]) if bracketed else ("", cell)
            values[column.sources[0]], values[column.sources[1]] = code, name
        else:
            values[column.sources[0]] = cell.replace(",", "") if column.is_amount else cell
    return values


def table_rows(
    spec: TableSpec, rows: list[Line], knowledge: Knowledge, imported: Imported
) -> tuple[list[list[str]], list[Line]]:
    """CSV rows in the spec's column order from the printed rows, and where each was printed."""
    columns = printed_columns(spec, knowledge)
    width = sum(1 for _ in columns)
    output: list[list[str]] = []
    origins: list[Line] = []
    if spec.layout == "units":
        data = [line for line in rows if any(AMOUNT.match((cell or "").strip()) for cell in line.cells or ())]
        return unit_rows(spec, data, knowledge, imported), data
    for line in rows:
        cells = [(cell or "").strip() for cell in line.cells or ()]
        values = cell_values(cells, columns, spec)
        if not is_data_row(values, spec, columns):
            continue  # a header row, or its repeat after a page break
        if line.page and len(cells) != width:
            imported.problem(
                line, f"“{spec.title_zh}” {row_name(values, spec)}: {len(cells)} cells read, {width} columns expected"
            )
        for column in columns:
            if column.kind in ("name", "text"):
                for source in column.sources[-1:]:
                    values[source] = clean(values.get(source, ""), knowledge)
        amounts = [column.id for column in spec.amount_columns]
        if (
            spec.blank == "refuse"
            and spec.layout != "two_sided"
            and (missing := [a for a in amounts if not values.get(a)])
        ):
            imported.problem(
                line,
                f"“{spec.title_zh}” {row_name(values, spec)}: {len(amounts) - len(missing)} amounts read, {len(amounts)} columns expected",
            )
        output.append([values.get(column.id, "") for column in spec.columns])
        origins.append(line)
    return output, origins


def printed_precision(template: Template, tables: dict[str, list[list[str]]]) -> int | None:
    """The decimals the tables in the publication's own unit print, where the template lets a publication
    choose (some print whole 元): every amount's, when they agree and differ from the template's own."""
    decimals = {
        len(cell.partition(".")[2])
        for spec in template.tables
        if not spec.unit
        for row in tables.get(spec.file, [])
        for column, cell in zip(spec.columns, row, strict=False)
        if column.type == "amount" and cell
    }
    if len(decimals) != 1 or not template.precision_allowed:
        return None
    [printed] = decimals
    own = {spec.precision for spec in template.tables if not spec.unit}
    return printed if printed in template.precision_allowed and {printed} != own else None


def row_label(spec: TableSpec, row: list[str]) -> str:
    """How a report names a CSV row: its code, else its first text."""
    values = dict(zip((column.id for column in spec.columns), row, strict=False))
    return row_name(values, spec).removeprefix("row ")


def row_name(values: dict[str, str], spec: TableSpec) -> str:
    """How a problem names a row: its code, else its label."""
    code = values.get(spec.code_column.id, "") if spec.code_column is not None else ""
    label = next((value for key, value in values.items() if value and not AMOUNT.match(value)), "")
    return f"row {code or label}"


def unit_rows(spec: TableSpec, rows: list[Line], knowledge: Knowledge, imported: Imported) -> list[list[str]]:
    """A table of units (合计, the unit, then its economic classes or projects, their texts after the
    amounts): the row type follows from the name."""
    amounts = [column.id for column in spec.amount_columns]
    english = {column.english for column in spec.columns if column.english}
    unit_names = {unit.name_zh for unit in knowledge.dictionaries.units.values()} | {imported.unit_name}
    economic = {
        code.name_zh: code.code for code in knowledge.dictionaries.economic_codes.codes.values() if len(code.code) == 3
    }
    output = []
    for index, line in enumerate(rows):
        cells = [(cell or "").strip() for cell in line.cells or ()]
        name = clean(cells[0], knowledge)
        values = {"name": name, **dict(zip(amounts, cells[1 : 1 + len(amounts)], strict=False))}
        row_type = "total" if index == 0 else "unit" if name in unit_names else spec.detail_row_type
        values["row_type"] = row_type
        if spec.code_column is not None:
            values[spec.code_column.id] = economic.get(name, "") if row_type == "economic_class" else ""
            if row_type == "economic_class" and not values[spec.code_column.id]:
                imported.problem(line, f"经济分类“{name}”不在字典中 / unknown economic class")
        taken = {"name", "row_type", *amounts, *english, *(c.id for c in [spec.code_column] if c is not None)}
        texts = [column.id for column in spec.columns if column.id not in taken]
        values.update(zip(texts, (clean(cell, knowledge) for cell in cells[1 + len(amounts) :]), strict=False))
        for column in spec.columns:
            if column.english and row_type == spec.detail_row_type and values.get(column.id):
                values[column.english] = knowledge.english(values[column.id], line=line, imported=imported)
        if [amount for amount in amounts if not values.get(amount)]:
            imported.problem(line, f"“{spec.title_zh}”此行的金额少于 {len(amounts)} 个 / too few amounts on this line")
        for amount in amounts:
            values[amount] = values.get(amount, "").replace(",", "")
        output.append([values.get(column.id, "") for column in spec.columns])
    return output


# --- facts stated in the text ------------------------------------------------------------------------------


def current_fact(facts: dict[str, Any], path: str) -> Any:
    """The value at a plain dotted path, or None."""
    value: Any = facts
    for name in path.split("."):
        value = value.get(name) if isinstance(value, dict) else None
    return value


def set_fact(facts: dict[str, Any], path: str, value: Any, *, keys: dict[str, str], scope: dict[str, int]) -> None:
    """Set a fact by its path: ``name[]`` is this scope's entry of a list (a new one the first time),
    ``{placeholder}`` a map's key from what the placeholder read."""
    parts = path.split(".")
    container: Any = facts
    for position, part in enumerate(parts):
        match = PATH_PART.match(part)
        assert match is not None  # checked when the template was loaded
        last = position == len(parts) - 1
        name = keys[match[3]] if match[3] else match[1]
        if not match[2]:
            if last:
                container[name] = value
            else:
                container = container.setdefault(name, {})
            continue
        entries = container.setdefault(name, [])
        where = ".".join(parts[: position + 1])
        if where not in scope:
            entries.append(value if last else {})
            scope[where] = len(entries) - 1
        elif last:
            entries[scope[where]] = value
        container = entries[scope[where]]


def typed(target: Field, printed: str, *, line: Line | int, knowledge: Knowledge, imported: Imported) -> Any:
    """A printed value as the fact's kind says: amounts exact, counts whole, texts in both languages."""
    if target.kind == "text":
        text = clean(printed, knowledge)
        return {"zh": text, "en": knowledge.english(text, line=line, imported=imported)}
    if target.kind == "date":
        year, month, day = map(int, re.findall(r"\d+", printed))
        return datetime.date(year, month, day)
    if target.kind in ("amount", "quantity", "count", "int"):
        number = Decimal(printed.replace(",", ""))
        whole = number == number.to_integral_value()
        if target.kind in ("count", "int") or (target.kind == "quantity" and whole):
            return int(number)
        return number
    return clean(printed, knowledge)


def function_code(path: str, knowledge: Knowledge) -> str:
    """类名-款名-项名 (or each name followed by its level's mark, as the template's function_path says)
    → its code in the function classification ("" when the names lead nowhere)."""
    codes = knowledge.dictionaries.function_codes.codes.values()
    marks = knowledge.template.reading.path_marks
    names = [name for name in re.split("|".join(map(re.escape, marks)), path) if name] if marks else path.split("-")
    parent = ""
    for name in names:
        parent = next((code.code for code in codes if code.parent == parent and code.name_zh == name.strip()), "")
        if not parent:
            return ""
    return parent


def value_of(expression: str, match: re.Match[str], read: Read, reading: ImportSpec) -> str:
    """``a``, ``a - b`` or ``a + b`` over the placeholders a pattern matched."""
    parsed = EXPRESSION.match(expression.strip())
    assert parsed is not None  # checked when the template was loaded

    def number(name: str) -> Decimal:
        printed = match[name]
        return Decimal((reading.change_value(printed) if read.kinds[name] == "change" else printed).replace(",", ""))

    if not parsed[2]:
        name = parsed[1]
        return reading.change_value(match[name]) if read.kinds[name] == "change" else match[name].strip()
    left, right = number(parsed[1]), number(parsed[3])
    return str(left - right if parsed[2] == "-" else left + right)


def apply_read(
    read: Read,
    text: str,
    *,
    line: Line | int,
    where: str,
    facts: dict[str, Any],
    knowledge: Knowledge,
    imported: Imported,
    scope: dict[str, int] | None = None,
    anchored: bool = False,
) -> bool:
    """Read the facts a pattern states in ``text`` (from its start when ``anchored``); False if absent."""
    assert read.regex is not None
    match = read.regex.match(text) if anchored else read.regex.search(text)
    if match is None:
        if not read.optional and not anchored:
            imported.problem(line, f"“{where}”中找不到“{read.pattern}” / could not read this section ({where})")
        return False
    keys = {}
    for name, kind in read.kinds.items():
        keys[name] = match[name].strip()
        if kind in FUNCTION_KINDS:
            keys[name] = function_code(CJK_GAP.sub("", keys[name]), knowledge)
            if not keys[name]:
                imported.problem(line, f"“{match[name]}”不是功能分类科目 / not a function classification path")
                return True
    for name, figure in read.figures.items():
        origin = line if isinstance(line, Line) else Line("", number=line)
        derived = tuple(
            (path, parsed[2], value_of(parsed[3], match, read, knowledge.template.reading))
            for path, expression in read.facts.items()
            if (parsed := EXPRESSION.match(expression.strip())) and parsed[2] and parsed[1] == name
        )
        figure = FIGURE_CODE.sub(lambda found: keys[found[1]], figure)  # 05:{class}:total -> 05:201:total
        imported.stated.append(Stated(origin, match[0], match[name], figure, derived))
    scope = {} if scope is None else scope
    for path, expression in read.facts.items():
        target = field_at(knowledge.schema, path)
        assert target is not None  # checked when the template was loaded
        printed = (
            keys[expression] if expression in keys else value_of(expression, match, read, knowledge.template.reading)
        )
        if not printed and not target.required:
            continue  # an optional fact the document leaves out (a unit listed without a note)
        value = typed(target, printed, line=line, knowledge=knowledge, imported=imported)
        set_fact(facts, path, value, keys=keys, scope=scope)
    return True


def read_section(
    found: Found, reads: tuple[Read, ...], *, facts: dict[str, Any], knowledge: Knowledge, imported: Imported
) -> None:
    """One printed section's facts: its heading's, its body's, each paragraph's or table row's (taken by
    the first such read that matches it), and every match of a read over the whole body."""
    scope: dict[str, int] = {}  # one entry of each list per printed section
    first = found.body[0] if found.body else found.heading
    taken: set[tuple[bool, int]] = set()  # (a row?, its index): read by an earlier each-read
    for read in reads:
        if read.fact:
            body_fact(read, found, facts=facts, knowledge=knowledge, imported=imported)
        elif read.heading:
            apply_read(
                read,
                found.heading.text,
                line=found.heading,
                where=found.section.id,
                facts=facts,
                knowledge=knowledge,
                imported=imported,
                scope=scope,
            )
        elif read.every:
            text = paragraph(found.body)
            for match in read.regex.finditer(text) if read.regex is not None else ():
                apply_read(
                    read,
                    clean(match[0], knowledge),
                    line=first,
                    where=found.section.id,
                    facts=facts,
                    knowledge=knowledge,
                    imported=imported,
                    scope={},
                    anchored=True,
                )
        elif read.each:
            items = [(line, line.text) for line in found.body if line.is_row] if read.rows else paragraphs(found.body)
            for index, (line, text) in enumerate(items):
                if (read.rows, index) not in taken and apply_read(
                    read,
                    clean(text, knowledge),
                    line=line,
                    where=found.section.id,
                    facts=facts,
                    knowledge=knowledge,
                    imported=imported,
                    scope={},
                    anchored=True,
                ):
                    taken.add((read.rows, index))
        else:
            apply_read(
                read,
                paragraph(found.body),
                line=first,
                where=found.section.id,
                facts=facts,
                knowledge=knowledge,
                imported=imported,
                scope=scope,
            )


def body_fact(read: Read, found: Found, *, facts: dict[str, Any], knowledge: Knowledge, imported: Imported) -> None:
    """A section's whole body into one fact: its paragraphs, one paragraph, or the names of its table rows."""
    target = field_at(knowledge.schema, read.fact)
    assert target is not None
    for line in found.body:
        if read.form != "row_names" and not line.is_row and LATIN_IN_CHINESE.search(clean(line.text, knowledge)):
            imported.problem(
                line, f"中文中夹有英文，请核对或在 {CORRECTIONS_FILE} 中列出更正 / Latin text inside Chinese"
            )
    if read.form == "row_names":
        rows = [line.cells for line in found.body if line.cells]
        names = [
            clean(cells[0] or "", knowledge)
            for cells in rows
            if any(AMOUNT.match((cell or "").strip()) for cell in cells[1:])
        ]
        set_fact(facts, read.fact, names, keys={}, scope={})
        return
    item = target.item if target.kind == "list" and target.item is not None else target
    texts = [text for _, text in paragraphs(found.body)] if read.form == "lines" else [paragraph(found.body)]
    values = [typed(item, text, line=found.heading, knowledge=knowledge, imported=imported) for text in texts]
    set_fact(facts, read.fact, values if read.form == "lines" else values[0], keys={}, scope={})


# --- the whole document --------------------------------------------------------------------------------


def import_text(text: str, *, year: int, unit_id: str, knowledge: Knowledge) -> Imported:
    """A text document (Markdown-like headings, tab-separated rows)."""
    return import_document(text_document(text, name=""), year=year, unit_id=unit_id, knowledge=knowledge)


def recognised_templates(document: Document, templates: list[Template]) -> list[tuple[Template, int]]:
    """The templates whose table titles the document prints most (ties all listed), with that count."""
    counts = [
        (template, sum(1 for mark in marks(document, template).values() if mark.table is not None))
        for template in templates
    ]
    best = max((count for _, count in counts), default=0)
    return [(template, count) for template, count in counts if count == best and best > 0]


def import_document(document: Document, *, year: int | None, unit_id: str, knowledge: Knowledge) -> Imported:
    """The publication a document prints, read as its template says; the year read from the document
    must agree with ``year`` when one is given."""
    imported = Imported()
    for page in document.scanned_pages:
        imported.problem(
            Line("", page=page),
            "此页没有文字层（扫描件），无法读取 / no text layer on this page (a scan): it cannot be read",
        )
    template, reading = knowledge.template, knowledge.template.reading
    if drafted := placeholders(document):
        # a draft: its placeholders are what to fix first, and its figures cannot be read yet
        report_placeholders(drafted, kind=template.kind, imported=imported)
        for spec in template.tables:
            find_table(document, spec, template, imported)
        return imported
    facts: dict[str, Any] = {"unit": unit_id, "template": template.id}
    for read in reading.document:
        apply_read(
            read, document.text, line=1, where=template.name_zh, facts=facts, knowledge=knowledge, imported=imported
        )
    printed_year = facts.pop("year", None)
    if year is not None and printed_year is not None and printed_year != year:
        imported.problem(
            1, f"文件中的年度为 {printed_year}，与 --year {year} 不符 / the document is of {printed_year}, not {year}"
        )
    if printed_year is None and year is None:
        imported.problem(1, "文件中找不到年度，请用 --year 指定 / no year found in the document: give --year")
    facts = {"unit": unit_id, "year": year if year is not None else printed_year, **facts}
    imported.unit_name = str(facts.get("name_zh", ""))
    unit = knowledge.dictionaries.units.get(unit_id)
    name_zh = imported.unit_name or (unit.name_zh if unit else "")
    facts["name_zh"] = name_zh
    facts["name_en"] = unit.name_en if unit else knowledge.english(name_zh, line=1, imported=imported)
    notes: dict[str, Any] = {}
    for spec in template.tables:
        printed = find_table(document, spec, template, imported)
        rows, origins = table_rows(spec, printed.rows if printed else [], knowledge, imported)
        imported.tables[spec.file], imported.origins[spec.file] = rows, origins
        if printed and printed.notes:
            texts = [line.text.strip() for line in printed.notes]
            note = texts[0][len(reading.table_note) :] + "".join(texts[1:])
            notes[spec.id] = {"zh": note, "en": knowledge.english(note, line=printed.notes[0], imported=imported)}
    facts["table_notes"] = notes
    if (precision := printed_precision(template, imported.tables)) is not None:
        facts["precision"] = precision
    found = find_sections(document, template, imported)
    for section_id, reads in reading.sections.items():
        for printed_section in found.get(section_id, []):
            read_section(printed_section, reads, facts=facts, knowledge=knowledge, imported=imported)
        for path in (path for read in reads for path in read.facts if "[]" in path):
            root = path.split("[]")[0]  # a list a repeated section fills: empty when it prints no item
            set_fact(facts, root, current_fact(facts, root) or [], keys={}, scope={})
    glossary = next(
        (found[s.id][0] for top in template.sections for s in top.walk() if s.show == "glossary" and s.id in found),
        None,
    )
    facts["glossary"] = glossary_terms(glossary.body if glossary else [], knowledge, imported)
    imported.facts = facts
    return imported


def report_placeholders(drafted: list[Placeholder], *, kind: str, imported: Imported) -> None:
    """One problem per sentence that still holds a template's placeholders, at its page, quoting it."""
    rule = reviewer_rule("PLACEHOLDER_TEXT", kind=kind)
    for each in drafted:
        marks, marks_en = "、".join(each.found), ", ".join(each.found)
        sentence = quoted(each.sentence.text)
        message = f"模板占位符未填写（{marks}）：“{sentence}” / a placeholder of the template is left ({marks_en})"
        imported.problem(each.sentence.line, f"{message} [{rule}]")


def glossary_terms(body: list[Line], knowledge: Knowledge, imported: Imported) -> list[str]:
    """The glossary section's terms as the glossary's term ids (the term of that name defined as printed,
    else the template's own of that name); a term the glossary lacks becomes a new glossary row (its
    English from the translations), or a problem when its English is not known."""
    known = sorted(knowledge.dictionaries.glossary.values(), key=lambda term: term.term_id in knowledge.template_terms)
    by_name = {term.term_zh: term.term_id for term in known}  # the template's own term last, so it wins
    # a term defined as printed is the one meant, whichever template first listed it
    by_definition = {(term.term_zh, compact(term.definition_zh)): term.term_id for term in known}
    entry = knowledge.template.reading.glossary_entry
    if entry is None or entry.regex is None:
        return []
    entries: list[tuple[Line, str, list[str]]] = []  # line, term, the lines of its definition
    for line in body:
        match = entry.regex.match(line.text.strip())
        if match:
            entries.append((line, clean(match["term"], knowledge), [match["definition"]]))
        elif entries:
            entries[-1][2].append(line.text.strip())
    terms = []
    for line, term_zh, definition_lines in entries:
        definition_zh = clean("".join(definition_lines), knowledge)
        if (term_zh, compact(definition_zh)) in by_definition or term_zh in by_name:
            terms.append(by_definition.get((term_zh, compact(definition_zh)), by_name.get(term_zh, "")))
            continue
        term_en = knowledge.english(term_zh, line=line, imported=imported, required=True)
        definition_en = knowledge.english(definition_zh, line=line, imported=imported, required=True)
        term_id = re.sub(r"[^a-z0-9]+", "-", term_en.lower()).strip("-")
        if term_en and definition_en and term_id:
            imported.new_terms.append(
                {
                    "term_id": term_id,
                    "term_zh": term_zh,
                    "term_en": term_en,
                    "definition_zh": definition_zh,
                    "definition_en": definition_en,
                }
            )
            by_name[term_zh] = term_id
            terms.append(term_id)
    return terms


def table_csv(spec: TableSpec, rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.id for column in spec.columns])
    writer.writerows(rows)
    return buffer.getvalue()


def facts_yaml(facts: dict[str, Any]) -> str:
    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        if isinstance(value, Decimal):
            return float(value)
        return value

    header = f"# {facts['year']}年 {facts['name_zh']}：由 scripts/import_disclosure.py 从公开文本导入。\n"
    return header + dump_yaml(plain(facts))
