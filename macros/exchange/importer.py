"""Published budgets in, our data format out: the text of a departmental budget document (Markdown
headings, tab-separated tables, the four parts) or its tables as an XLSX workbook.

What PDF extraction leaves behind is cleaned: header rows (the spec knows the header), page-break
repeats of a header, names broken by spaces, paragraphs broken across lines; corrections listed in
data/import-corrections.yaml are applied. English comes from what the repository already knows
(dictionaries, units, glossary, and earlier publications' texts as a translation memory). What cannot
be understood is reported with the document's line number; nothing is written then (the script).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from macros.model.dictionaries import Dictionaries
from macros.model.publication import Publication
from macros.reading.plain_yaml import dump_yaml
from macros.template.facts_schema import Field, publication_schema
from macros.template.import_spec import EXPRESSION, ImportSpec, Read, field_at
from macros.template.specs import Section, TableSpec, Template
from macros.template.text import chinese_ordinal, paren_chinese

AMOUNT = re.compile(r"^\d[\d,]*\.\d{2}$")
CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff（）“”、，])[ \u3000]+(?=[\u3400-\u9fff（）“”、，])")
LATIN_IN_CHINESE = re.compile(r"[\u3400-\u9fff][ ]*[A-Za-z]{2,}[ ]*[\u3400-\u9fff]")
CORRECTIONS_FILE = "import-corrections.yaml"
WHITESPACE = re.compile(r"\s+")


@dataclass
class Imported:
    """One publication read from a document: CSV text per table file, the facts, problems by line."""

    tables: dict[str, list[list[str]]] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)
    unit_name: str = ""
    facts_text: str = ""  # publication.yaml as found (a workbook brings none of its own), kept byte for byte
    new_terms: list[dict[str, str]] = field(default_factory=list)  # glossary rows the glossary lacks

    def problem(self, line: int, message: str) -> None:
        self.problems.append((line, message))


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

    def english(self, chinese: str, *, line: int, imported: Imported) -> str:
        if chinese in self.memory:
            return self.memory[chinese]
        imported.problem(
            line, f"没有英文译文 / no English for: {chinese}（可用 --translations 提供 / give it with --translations）"
        )
        return ""


def translation_memory(publications: list[Publication]) -> dict[str, str]:
    """Chinese -> English from every {zh, en} text and Table 12 project of the known publications."""
    memory: dict[str, str] = {}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("zh"), str) and isinstance(value.get("en"), str):
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
                        if row.texts.get(column.id) and row.texts.get(column.english):
                            memory[row.texts[column.id]] = row.texts[column.english]
    return memory


def clean(text: str, knowledge: Knowledge) -> str:
    """Join what the PDF broke: spaces inside Chinese words; then the listed corrections."""
    for found, replacement in knowledge.corrections:
        text = text.replace(found, replacement)
    return CJK_GAP.sub("", text.strip())


def heading_text(line: str) -> str:
    return line.lstrip("#").strip().strip("*").strip()


# --- the document's headings -----------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    line: int  # 1-based
    text: str  # without spaces: extracted text spaces Chinese headings unreliably
    last: int  # the last line of its body (before the next heading)


def headings(lines: list[str]) -> list[Heading]:
    starts = [(number, heading_text(line)) for number, line in enumerate(lines, start=1) if line.startswith("#")]
    return [
        Heading(number, WHITESPACE.sub("", text), starts[index + 1][0] - 1 if index + 1 < len(starts) else len(lines))
        for index, (number, text) in enumerate(starts)
    ]


def title_pattern(title: str, *, number: int, numbering: str) -> re.Pattern[str]:
    """A section's printed heading: its number (一、 or （一）) and title, {unit} and {year} any text."""
    prefix = {"chinese": chinese_ordinal, "paren_chinese": paren_chinese}.get(numbering)
    printed = WHITESPACE.sub("", (prefix(number) if prefix else "") + title)
    pattern = re.escape(printed)
    for placeholder, what in (("unit", ".+?"), ("year", r"\d{4}"), ("amount_unit", r"\S+")):
        pattern = pattern.replace(re.escape("{" + placeholder + "}"), what)
    return re.compile(f"^{pattern}$")


@dataclass(frozen=True)
class Found:
    """A section of the template found in the document: where its heading is, its body's lines."""

    section: Section
    heading: int
    body: list[tuple[int, str]]


def find_sections(lines: list[str], template: Template, imported: Imported) -> dict[str, Found]:
    """Every section of the template by its printed heading: the first with a body under the right part
    (a table of contents lists the parts' headings without bodies)."""
    found_headings = headings(lines)
    tops = [
        title_pattern(top.title_zh, number=number, numbering=template.numbering)
        for number, top in enumerate(template.sections, start=1)
    ]

    def part_of(index: int) -> int:  # the top section the heading at ``index`` sits under, or -1
        for heading in reversed(found_headings[: index + 1]):
            for part, pattern in enumerate(tops):
                if pattern.match(heading.text):
                    return part
        return -1

    found: dict[str, Found] = {}

    def visit(section: Section, *, pattern: re.Pattern[str], part: int) -> None:
        for index, heading in enumerate(found_headings):
            body = [(n, lines[n - 1]) for n in range(heading.line + 1, heading.last + 1) if lines[n - 1].strip()]
            if pattern.match(heading.text) and (body or section.children) and part_of(index) == part:
                found[section.id] = Found(section, heading.line, body)
                break
        for number, child in enumerate(section.children, start=1):
            visit(child, pattern=title_pattern(child.title_zh, number=number, numbering=section.numbering), part=part)

    for part, (top, pattern) in enumerate(zip(template.sections, tops, strict=True)):
        visit(top, pattern=pattern, part=part)
    for section in (section for top in template.sections for section in top.walk()):
        if section.id not in found and (section.id in template.reading.sections or section.show == "glossary"):
            imported.problem(1, f"找不到“{section.title_zh}”一节 / section {section.id} not found")
    return found


def paragraph(body: list[tuple[int, str]]) -> str:
    """Lines of one paragraph broken by the PDF (even across a blank line) joined again."""
    return "".join(line.strip() for _, line in body)


# --- tables -----------------------------------------------------------------------------------------------


def table_lines(
    lines: list[str], spec: TableSpec, imported: Imported, *, note_prefix: str
) -> tuple[list[tuple[int, list[str]]], str]:
    """The data lines of a table (those with amounts) and its note; headers and repeats dropped."""
    for heading in headings(lines):
        if heading.text != WHITESPACE.sub("", spec.title_zh):
            continue
        rows: list[tuple[int, list[str]]] = []
        note: list[str] = []
        for number in range(heading.line + 1, heading.last + 1):
            line = lines[number - 1]
            cells = [cell.strip() for cell in line.split("\t")]
            if note or (note_prefix and line.startswith(note_prefix)):
                if line.strip():
                    note.append(line.strip().removeprefix(note_prefix))
                continue
            if any(AMOUNT.match(cell) for cell in cells):
                rows.append((number, cells))
            # anything else is a header line, a page-break repeat of it, or the table's meta lines
        return rows, "".join(note)
    imported.problem(1, f"找不到表格“{spec.title_zh}” / table not found")
    return [], ""


def table_rows(
    spec: TableSpec, rows: list[tuple[int, list[str]]], knowledge: Knowledge, imported: Imported
) -> list[list[str]]:
    """CSV rows in the spec's column order from the printed cells."""
    amounts = [column.id for column in spec.amount_columns]
    english = {column.english for column in spec.columns if column.english}
    output = []
    unit_names = {unit.name_zh for unit in knowledge.dictionaries.units.values()} | {imported.unit_name}
    economic = {
        code.name_zh: code.code for code in knowledge.dictionaries.economic_codes.codes.values() if len(code.code) == 3
    }
    for index, (number, cells) in enumerate(rows):
        values: dict[str, str] = {}
        if spec.layout == "two_sided":  # the printed cells are the columns, in order
            printed = [*cells, *[""] * len(spec.columns)][: len(spec.columns)]
            values = {
                column.id: value if column.id in amounts else clean(value, knowledge)
                for column, value in zip(spec.columns, printed, strict=True)
            }
        elif spec.layout == "fixed":  # the line's label, then its amounts
            label = next(column.id for column in spec.columns if column.id not in amounts)
            values = {label: cells[0], **dict(zip(amounts, cells[1:], strict=False))}
        elif spec.layout == "classified" and spec.code_column is not None:
            code_column = spec.code_column.id
            bracketed = re.match(r"^\[(\d+)\](.*)$", cells[0])
            if bracketed:
                code, name, rest = bracketed.group(1), bracketed.group(2), cells[1:]
            elif spec.code_display == "bracketed":
                code, name, rest = "", cells[0], cells[1:]
            else:
                code, name, rest = cells[0], cells[1], cells[2:]
            values = {code_column: code, "name": clean(name, knowledge), **dict(zip(amounts, rest, strict=False))}
        else:  # units: 合计, the unit, then its economic classes or projects; their texts after the amounts
            name = clean(cells[0], knowledge)
            values = {"name": name, **dict(zip(amounts, cells[1 : 1 + len(amounts)], strict=False))}
            row_type = "total" if index == 0 else "unit" if name in unit_names else spec.detail_row_type
            values["row_type"] = row_type
            if spec.code_column is not None:
                values[spec.code_column.id] = economic.get(name, "") if row_type == "economic_class" else ""
                if row_type == "economic_class" and not values[spec.code_column.id]:
                    imported.problem(number, f"经济分类“{name}”不在字典中 / unknown economic class")
            taken = {"name", "row_type", *amounts, *english, *(c.id for c in [spec.code_column] if c is not None)}
            texts = [column.id for column in spec.columns if column.id not in taken]
            values.update(zip(texts, (clean(cell, knowledge) for cell in cells[1 + len(amounts) :]), strict=False))
            for column in spec.columns:
                if column.english and row_type == spec.detail_row_type and values.get(column.id):
                    values[column.english] = knowledge.english(values[column.id], line=number, imported=imported)
        missing = [amount for amount in amounts if not values.get(amount)]
        if missing and spec.layout != "two_sided":
            imported.problem(
                number, f"“{spec.title_zh}”此行的金额少于 {len(amounts)} 个 / too few amounts on this line"
            )
        for amount in amounts:
            values[amount] = values.get(amount, "").replace(",", "")
        output.append([values.get(column.id, "") for column in spec.columns])
    return output


# --- facts stated in the text ------------------------------------------------------------------------------


def set_fact(facts: dict[str, Any], path: str, value: Any) -> None:
    *parents, name = path.split(".")
    for parent in parents:
        facts = facts.setdefault(parent, {})
    facts[name] = value


def typed(target: Field, printed: str, *, line: int, knowledge: Knowledge, imported: Imported) -> Any:
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
    read: Read, text: str, *, line: int, where: str, facts: dict[str, Any], knowledge: Knowledge, imported: Imported
) -> None:
    assert read.regex is not None
    match = read.regex.search(text)
    if match is None:
        if not read.optional:
            imported.problem(line, f"“{where}”中找不到“{read.pattern}” / could not read this section ({where})")
        return
    for path, expression in read.facts.items():
        target = field_at(knowledge.schema, path)
        assert target is not None  # checked when the template was loaded
        printed = value_of(expression, match, read, knowledge.template.reading)
        set_fact(facts, path, typed(target, printed, line=line, knowledge=knowledge, imported=imported))


def body_fact(read: Read, found: Found, *, facts: dict[str, Any], knowledge: Knowledge, imported: Imported) -> None:
    """A section's whole body into one fact: its lines, its paragraph, or the names of its table rows."""
    target = field_at(knowledge.schema, read.fact)
    assert target is not None
    for number, line in found.body:
        if read.form != "row_names" and LATIN_IN_CHINESE.search(clean(line, knowledge)):
            imported.problem(
                number, f"中文中夹有英文，请核对或在 {CORRECTIONS_FILE} 中列出更正 / Latin text inside Chinese"
            )
    if read.form == "row_names":
        rows = [line.split("\t") for _, line in found.body if "\t" in line]
        names = [clean(cells[0], knowledge) for cells in rows if any(AMOUNT.match(cell.strip()) for cell in cells)]
        set_fact(facts, read.fact, names)
        return
    item = target.item if target.kind == "list" and target.item is not None else target
    texts = [line for _, line in found.body] if read.form == "lines" else [paragraph(found.body)]
    values = [typed(item, text, line=found.heading, knowledge=knowledge, imported=imported) for text in texts]
    set_fact(facts, read.fact, values if read.form == "lines" else values[0])


# --- the whole document --------------------------------------------------------------------------------


def import_text(text: str, *, year: int, unit_id: str, knowledge: Knowledge) -> Imported:
    lines = text.replace("\r\n", "\n").split("\n")
    imported = Imported()
    template, reading = knowledge.template, knowledge.template.reading
    facts: dict[str, Any] = {"unit": unit_id, "year": year, "template": template.id}
    for read in reading.document:
        apply_read(read, text, line=1, where=template.name_zh, facts=facts, knowledge=knowledge, imported=imported)
    imported.unit_name = str(facts.get("name_zh", ""))
    unit = knowledge.dictionaries.units.get(unit_id)
    name_zh = imported.unit_name or (unit.name_zh if unit else "")
    facts["name_zh"] = name_zh
    facts["name_en"] = unit.name_en if unit else knowledge.english(name_zh, line=1, imported=imported)
    notes: dict[str, Any] = {}
    for spec in template.tables:
        rows, note = table_lines(lines, spec, imported, note_prefix=reading.table_note)
        imported.tables[spec.file] = table_rows(spec, rows, knowledge, imported)
        if note:
            line = rows[-1][0] if rows else 1
            notes[spec.id] = {"zh": note, "en": knowledge.english(note, line=line, imported=imported)}
    facts["table_notes"] = notes
    found = find_sections(lines, template, imported)
    for section_id, reads in reading.sections.items():
        if section_id not in found:
            continue
        section = found[section_id]
        first = section.body[0][0] if section.body else section.heading
        for read in reads:
            if read.fact:
                body_fact(read, section, facts=facts, knowledge=knowledge, imported=imported)
            else:
                paragraph_text = paragraph(section.body)
                apply_read(
                    read,
                    paragraph_text,
                    line=first,
                    where=section_id,
                    facts=facts,
                    knowledge=knowledge,
                    imported=imported,
                )
    glossary = next(
        (found[s.id] for top in template.sections for s in top.walk() if s.show == "glossary" and s.id in found), None
    )
    facts["glossary"] = glossary_terms(glossary.body if glossary else [], knowledge, imported)
    imported.facts = facts
    return imported


def glossary_terms(body: list[tuple[int, str]], knowledge: Knowledge, imported: Imported) -> list[str]:
    """The glossary section's terms as the glossary's term ids; a term the glossary lacks becomes a new
    glossary row (its English from the translations), or a problem when its English is not known."""
    known = sorted(knowledge.dictionaries.glossary.values(), key=lambda term: term.term_id in knowledge.template_terms)
    by_name = {term.term_zh: term.term_id for term in known}  # the template's own term last, so it wins
    entry = knowledge.template.reading.glossary_entry
    if entry is None or entry.regex is None:
        return []
    entries: list[tuple[int, str, list[str]]] = []  # line, term, the lines of its definition
    for number, line in body:
        match = entry.regex.match(line.strip())
        if match:
            entries.append((number, clean(match["term"], knowledge), [match["definition"]]))
        elif entries:
            entries[-1][2].append(line.strip())
    terms = []
    for number, term_zh, definition_lines in entries:
        if term_zh in by_name:
            terms.append(by_name[term_zh])
            continue
        definition_zh = clean("".join(definition_lines), knowledge)
        term_en = knowledge.english(term_zh, line=number, imported=imported)
        definition_en = knowledge.english(definition_zh, line=number, imported=imported)
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
