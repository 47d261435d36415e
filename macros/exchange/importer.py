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
from macros.template.specs import TableSpec, Template

AMOUNT = re.compile(r"^\d[\d,]*\.\d{2}$")
CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff（）“”、，])[ \u3000]+(?=[\u3400-\u9fff（）“”、，])")
LATIN_IN_CHINESE = re.compile(r"[\u3400-\u9fff][ ]*[A-Za-z]{2,}[ ]*[\u3400-\u9fff]")
NUMBER = r"(\d+(?:\.\d+)?)"
CORRECTIONS_FILE = "import-corrections.yaml"


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


# --- the document's parts ------------------------------------------------------------------------------


def sections(lines: list[str]) -> list[tuple[str, int, int]]:
    """(heading, first line, last line) of every heading's section, 1-based line numbers."""
    starts = [(number, heading_text(line)) for number, line in enumerate(lines, start=1) if line.startswith("#")]
    found = []
    for index, (number, text) in enumerate(starts):
        end = starts[index + 1][0] - 1 if index + 1 < len(starts) else len(lines)
        found.append((text, number + 1, end))
    return found


def section_body(lines: list[str], heading: str, *, after: int = 0) -> tuple[int, list[tuple[int, str]]] | None:
    """The non-empty lines under the first heading equal to ``heading`` below line ``after``."""
    for text, first, last in sections(lines):
        if text == heading and first > after:
            return first, [
                (number, lines[number - 1]) for number in range(first, last + 1) if lines[number - 1].strip()
            ]
    return None


def paragraph(body: list[tuple[int, str]]) -> str:
    """Lines of one paragraph broken by the PDF (even across a blank line) joined again."""
    return "".join(line.strip() for _, line in body)


# --- tables -----------------------------------------------------------------------------------------------


def table_lines(lines: list[str], spec: TableSpec, imported: Imported) -> tuple[list[tuple[int, list[str]]], str]:
    """The data lines of a table (those with amounts) and its note; headers and repeats dropped."""
    for text, first, last in sections(lines):
        if text != spec.title_zh:
            continue
        rows: list[tuple[int, list[str]]] = []
        note: list[str] = []
        for number in range(first, last + 1):
            line = lines[number - 1]
            cells = [cell.strip() for cell in line.split("\t")]
            if note or line.startswith("注："):
                if line.strip():
                    note.append(line.strip().removeprefix("注："))
                continue
            if line.startswith("单位名称："):
                imported.unit_name = imported.unit_name or CJK_GAP.sub("", line.removeprefix("单位名称：").strip())
            elif any(AMOUNT.match(cell) for cell in cells):
                rows.append((number, cells))
            # anything else is a header line, a page-break repeat of it, or 表N / 单位：万元
        return rows, "".join(note)
    imported.problem(1, f"找不到表格“{spec.title_zh}” / table not found")
    return [], ""


def table_rows(
    spec: TableSpec, rows: list[tuple[int, list[str]]], knowledge: Knowledge, imported: Imported
) -> list[list[str]]:
    """CSV rows in the spec's column order from the printed cells."""
    amounts = [column.id for column in spec.amount_columns]
    output = []
    unit_names = {unit.name_zh for unit in knowledge.dictionaries.units.values()} | {imported.unit_name}
    economic = {
        code.name_zh: code.code for code in knowledge.dictionaries.economic_codes.codes.values() if len(code.code) == 3
    }
    for index, (number, cells) in enumerate(rows):
        values: dict[str, str] = {}
        if spec.layout == "two_sided":
            cells = [*cells, "", "", "", ""][:4]
            values = dict(
                zip(("income_item", "income_amount", "expenditure_item", "expenditure_amount"), cells, strict=True)
            )
            values = {key: clean(value, knowledge) if key.endswith("item") else value for key, value in values.items()}
        elif spec.layout == "fixed":
            values = {"item": cells[0], **dict(zip(amounts, cells[1:], strict=False))}
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
        else:  # units: 合计, the unit, then its economic classes or projects
            name = clean(cells[0], knowledge)
            values = {"name": name, **dict(zip(amounts, cells[1 : 1 + len(amounts)], strict=False))}
            row_type = "total" if index == 0 else "unit" if name in unit_names else spec.detail_row_type
            values["row_type"] = row_type
            if spec.code_column is not None:
                values[spec.code_column.id] = economic.get(name, "") if row_type == "economic_class" else ""
                if row_type == "economic_class" and not values[spec.code_column.id]:
                    imported.problem(number, f"经济分类“{name}”不在字典中 / unknown economic class")
            goal = clean(cells[1 + len(amounts)], knowledge) if len(cells) > 1 + len(amounts) else ""
            if "performance_goal" in {column.id for column in spec.columns}:
                values["performance_goal"] = goal
            for column in spec.columns:
                if column.english and row_type == spec.detail_row_type and values.get(column.id):
                    values[column.english] = knowledge.english(values[column.id], line=number, imported=imported)
        missing = [
            amount for amount in amounts if amount not in values or (not values[amount] and spec.layout != "two_sided")
        ]
        if missing and spec.layout != "two_sided":
            imported.problem(number, f"表{int(spec.id)}此行的金额少于 {len(amounts)} 个 / too few amounts on this line")
        for amount in amounts:
            values[amount] = values.get(amount, "").replace(",", "")
        output.append([values.get(column.id, "") for column in spec.columns])
    return output


# --- Part 3 --------------------------------------------------------------------------------------------


def change(current: str, direction: str, difference: str) -> Decimal:
    """The prior year's figure from this year's and the stated change."""
    return Decimal(current) - (Decimal(difference) if direction == "增加" else -Decimal(difference))


def explanation(lines: list[str], knowledge: Knowledge, imported: Imported) -> dict[str, Any]:
    """The Part 3 facts: prior-year figures from the stated changes, reasons, procurement, assets."""
    part = next(
        (
            first
            for text, first, _ in sections(lines)
            if text.startswith("第三部分") and "情况说明" in text and first > 40
        ),
        0,
    )
    texts: dict[str, Any] = {}  # heading key -> (line, lines) while reading, then its text
    for key, heading in (
        ("change", "一、部门预算收支增减变化情况"),
        ("three_public", "二、“三公”经费安排情况"),
        ("operating", "三、机关运行经费安排情况"),
        ("procurement", "四、政府采购情况"),
        ("assets", "五、国有资产占有使用情况"),
        ("key_projects", "六、重点项目预算绩效目标情况"),
    ):
        found = section_body(lines, heading, after=part)
        if found is None:
            imported.problem(part or 1, f"找不到第三部分的“{heading}” / section not found")
            texts[key] = (part or 1, [])
        else:
            texts[key] = found
    facts: dict[str, Any] = {"prior_year": {"three_public": {}}, "reasons": {}}

    def read(key: str, pattern: str) -> re.Match[str] | None:
        line, body = texts[key]
        match = re.search(pattern, paragraph(body))
        if match is None:
            where = body[0][0] if body else line  # the paragraph's first line
            imported.problem(where, f"第三部分“{key}”的文字无法识别 / could not read this section")
        return match

    def reason(name: str, text: str) -> None:
        facts["reasons"][name] = {"zh": text, "en": knowledge.english(text, line=texts["change"][0], imported=imported)}

    sentence = r"{what}{n}万元，比上年(增加|减少){n}万元，.*?主要原因是([^；。]*)"
    if match := read(
        "change", sentence.format(what="收入预算", n=NUMBER) + "[；。]" + sentence.format(what="支出预算", n=NUMBER)
    ):
        facts["prior_year"]["income_total"] = change(match[1], match[2], match[3])
        facts["prior_year"]["expenditure_total"] = change(match[5], match[6], match[7])
        reason("income", match[4])
        reason("expenditure", match[8])
    items = (
        ("total", "three_public", "“三公”经费"),
        ("abroad", "abroad", "因公出国（境）费"),
        ("reception", "reception", "公务接待费"),
    )
    for key, reason_key, what in items:
        if match := read("three_public", sentence.format(what=what, n=NUMBER)):
            facts["prior_year"]["three_public"][key] = change(match[1], match[2], match[3])
            reason(reason_key, match[4])
    vehicles = (
        rf"公务用车购置及运行维护费{NUMBER}万元（公务用车购置费{NUMBER}万元，比上年(增加|减少){NUMBER}万元；"
        rf"公务用车运行维护费{NUMBER}万元，比上年(增加|减少){NUMBER}万元。?）比上年(增加|减少){NUMBER}万元，.*?主要原因是([^；。]*)"
    )
    if match := read("three_public", vehicles):
        prior = facts["prior_year"]["three_public"]
        prior["vehicle_purchase"] = change(match[2], match[3], match[4])
        prior["vehicle_operation"] = change(match[5], match[6], match[7])
        prior["vehicles"] = change(match[1], match[8], match[9])
        reason("vehicles", match[10])
    if match := read("operating", sentence.format(what="机关运行经费安排", n=NUMBER)):
        facts["prior_year"]["operating_expenses"] = change(match[1], match[2], match[3])
        reason("operating_expenses", match[4])
    procurement = rf"政府采购安排{NUMBER}万元，其中：货物类采购预算{NUMBER}万元，工程类采购预算{NUMBER}万元，服务类采购预算{NUMBER}万元"
    if match := read("procurement", procurement):
        facts["procurement"] = dict(
            zip(("total", "goods", "works", "services"), map(Decimal, match.groups()), strict=True)
        )
    assets = (
        rf"截至(\d{{4}})年(\d{{1,2}})月(\d{{1,2}})日，本部门固定资产金额{NUMBER}万元，分布构成情况为：房屋{NUMBER}平方米，"
        rf"车辆(\d+)辆，单价在{NUMBER}万元以上的设备(\d+)台等。本年度拟购置固定资产{NUMBER}万元(?:，主要是([^。]*))?。"
    )
    if match := read("assets", assets):
        facts["assets"] = {
            "as_of": datetime.date(int(match[1]), int(match[2]), int(match[3])),
            "fixed_assets": Decimal(match[4]),
            "buildings_m2": int(Decimal(match[5])) if Decimal(match[5]) == int(Decimal(match[5])) else float(match[5]),
            "vehicles": int(match[6]),
            "large_equipment": int(match[8]),
            "large_equipment_threshold": Decimal(match[7]),
            "planned_purchases": Decimal(match[9]),
        }
        if match[10]:
            facts["assets"]["planned_purchases_items"] = {
                "zh": match[10],
                "en": knowledge.english(match[10], line=texts["assets"][0], imported=imported),
            }
    line, body = texts["key_projects"]
    facts["key_projects"] = [
        clean(text.split("\t")[0], knowledge)
        for _, text in body
        if "\t" in text and any(AMOUNT.match(cell.strip()) for cell in text.split("\t"))
    ]
    note = next((text.strip().removeprefix("注：") for _, text in body if text.startswith("注：")), "")
    if note:
        facts["key_projects_note"] = {"zh": note, "en": knowledge.english(note, line=line, imported=imported)}
    return facts


# --- the whole document --------------------------------------------------------------------------------


def import_text(text: str, *, year: int, unit_id: str, knowledge: Knowledge) -> Imported:
    lines = text.replace("\r\n", "\n").split("\n")
    imported = Imported()
    for spec in knowledge.template.tables:
        rows, note = table_lines(lines, spec, imported)
        imported.tables[spec.file] = table_rows(spec, rows, knowledge, imported)
        if note:
            imported.facts.setdefault("table_notes", {})[spec.id] = {
                "zh": note,
                "en": knowledge.english(note, line=rows[-1][0] if rows else 1, imported=imported),
            }
    part1 = next((first for text_, first, _ in sections(lines) if text_.startswith("第一部分") and first > 30), 0)
    texts: dict[str, Any] = {}  # heading key -> (line, lines) while reading, then its text
    for key, heading in (
        ("responsibilities", "一、主要职责"),
        ("structure", "二、部门机构设置"),
        ("composition", "三、部门预算构成"),
    ):
        found = section_body(lines, heading, after=part1)
        if found is None:
            imported.problem(part1 or 1, f"找不到第一部分的“{heading}” / section not found")
            continue
        _first, body = found
        for number, line in body:
            if LATIN_IN_CHINESE.search(clean(line, knowledge)):
                imported.problem(
                    number, f"中文中夹有英文，请核对或在 {CORRECTIONS_FILE} 中列出更正 / Latin text inside Chinese"
                )
        if key == "responsibilities":
            texts[key] = [clean(line, knowledge) for _, line in body]
        else:
            texts[key] = [clean(paragraph(body), knowledge)]
    unit = knowledge.dictionaries.units.get(unit_id)
    name_zh = imported.unit_name or (unit.name_zh if unit else "")
    imported.facts = {
        "unit": unit_id,
        "year": year,
        "template": knowledge.template.id,
        "amount_unit": "万元",
        "name_zh": name_zh,
        "name_en": unit.name_en if unit else knowledge.english(name_zh, line=1, imported=imported),
        "responsibilities": [
            {"zh": item, "en": knowledge.english(item, line=part1, imported=imported)}
            for item in texts.get("responsibilities", [])
        ],
        **{
            key: {"zh": texts[key][0], "en": knowledge.english(texts[key][0], line=part1, imported=imported)}
            for key in ("structure", "composition")
            if key in texts
        },
        "table_notes": imported.facts.get("table_notes", {}),
        "explanation": explanation(lines, knowledge, imported),
        "glossary": glossary_terms(lines, knowledge, imported),
    }
    return imported


def glossary_terms(lines: list[str], knowledge: Knowledge, imported: Imported) -> list[str]:
    """Part 4's terms as the glossary's term ids; a term the glossary lacks becomes a new glossary row
    (its English from the translations), or a problem when its English is not known."""
    known = sorted(knowledge.dictionaries.glossary.values(), key=lambda term: term.term_id in knowledge.template_terms)
    by_name = {term.term_zh: term.term_id for term in known}  # the template's own term last, so it wins
    part4 = [number for number, line in enumerate(lines, start=1) if heading_text(line) == "第四部分 名词解释"]
    start = part4[-1] if part4 else len(lines) + 1
    entries: list[tuple[int, str, list[str]]] = []  # line, term, the lines of its definition
    for number in range(start, len(lines) + 1):
        line = lines[number - 1]
        match = re.match(r"^\*\*[一二三四五六七八九十]+、(.+?)：\*\*(.*)$", line)
        if match:
            entries.append((number, match[1], [match[2]]))
        elif entries and line.strip():
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

    header = f"# {facts['year']}年{facts['name_zh']}部门预算：由 scripts/import_disclosure.py 从公开文本导入。\n"
    return header + dump_yaml(plain(facts))
