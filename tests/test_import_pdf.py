"""Reading published PDFs: the Shanghai publication's nine tables come back as our CSVs, value for value;
a document missing a page, or with a page that is only a picture, is refused at that page."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
import yaml
from pypdf import PdfReader, PdfWriter

from conftest import DATA, REPO
from macros.checking.validation import validate
from macros.exchange.document import pdf_document
from macros.exchange.importer import Knowledge, import_document, recognised_templates
from macros.model.dictionaries import load_dictionaries
from macros.rendering.escaping import escape_text
from macros.template.specs import load_template
from macros.website.publication_page import publication_page

PDF = REPO / "tests" / "fixtures" / "putuo-govoffice-2025-department-budget.pdf"  # as published
SHARED = REPO.parent / "shared" / "regions" / "shanghai" / PDF.name
TEMPLATE = "shanghai-department-budget"
UNIT = "putuo-govoffice"
PUBLISHED = DATA / "2025" / UNIT


@pytest.mark.skipif(not SHARED.is_file(), reason="the shared Shanghai documents are not beside this clone")
def test_the_fixture_is_the_shared_document() -> None:
    assert PDF.read_bytes() == SHARED.read_bytes()


def knowledge() -> Knowledge:
    dictionaries, problems = load_dictionaries(DATA)
    assert dictionaries is not None, problems
    return Knowledge(
        dictionaries=dictionaries,
        template=load_template(DATA / "templates" / f"{TEMPLATE}.yaml"),
        memory={},
        corrections=[],
    )


def published_rows(file: str) -> list[list[str]]:
    with (PUBLISHED / file).open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[1:]


def test_every_table_of_the_pdf_is_read_value_for_value() -> None:
    document = pdf_document(PDF)
    assert document.pages == 22 and document.scanned_pages == ()
    imported = import_document(document, year=None, unit_id=UNIT, knowledge=knowledge())
    template = knowledge().template
    for spec in template.tables:
        assert imported.tables[spec.file] == published_rows(spec.file), spec.file
    amounts = sum(
        1
        for spec in template.tables
        for row in imported.tables[spec.file]
        for cell in row
        if cell.replace(".", "").isdigit()
    )
    assert amounts >= 200
    assert imported.facts["year"] == 2025
    assert imported.facts["name_zh"] == "上海市普陀区人民政府办公室"
    assert imported.facts["amount_unit"] == "元"
    assert set(imported.facts["table_notes"]) == {"06", "07"}  # the empty tables' notes (注:, half-width colon)


def test_each_row_remembers_its_page() -> None:
    imported = import_document(pdf_document(PDF), year=None, unit_id=UNIT, knowledge=knowledge())
    origins = imported.origins["02-income-summary.csv"]
    pages = {row[0]: origin.page for row, origin in zip(imported.tables["02-income-summary.csv"], origins, strict=True)}
    assert pages["201"] == 9 and pages["210"] == 10 and pages[""] == 10  # the 合计 line, after a page break


def test_the_template_is_recognised_by_its_table_titles() -> None:
    templates = [load_template(path) for path in sorted((DATA / "templates").glob("*.yaml"))]
    [(template, found)] = recognised_templates(pdf_document(PDF), templates)
    assert (template.id, found) == (TEMPLATE, 9)


def run_import(document: Path, out: Path, *, reference: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "import_disclosure.py"),
            str(document),
            "--unit",
            UNIT,
            "--template",
            TEMPLATE,
            "--out",
            str(out),
            *(("--reference", str(reference)) if reference is not None else ()),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        check=False,
    )


def without_page(number: int, target: Path) -> Path:
    writer = PdfWriter()
    for index, page in enumerate(PdfReader(PDF).pages, start=1):
        if index != number:
            writer.add_page(page)
    writer.write(target)
    return target


def with_page_as_picture(number: int, target: Path) -> Path:
    """The PDF with one page replaced by an image of itself (a scan: no text layer)."""
    image = pypdfium2.PdfDocument(PDF)[number - 1].render(scale=1).to_pil()
    scan = io.BytesIO()
    image.convert("RGB").save(scan, format="PDF")
    writer = PdfWriter()
    for index, page in enumerate(PdfReader(PDF).pages, start=1):
        writer.add_page(PdfReader(scan).pages[0] if index == number else page)
    writer.write(target)
    return target


def test_a_missing_page_is_refused_at_the_table_it_cut(tmp_path: Path) -> None:
    out = tmp_path / "data"
    result = run_import(without_page(10, tmp_path / "short.pdf"), out)  # the end of 部门收入预算总表
    assert result.returncode == 1
    located = [line for line in result.stdout.splitlines() if ":page 9: 表2“部门收入预算总表” row " in line]
    assert located, result.stdout
    assert not out.exists()


def test_a_page_without_text_is_refused_with_that_reason(tmp_path: Path) -> None:
    out = tmp_path / "data"
    result = run_import(with_page_as_picture(12, tmp_path / "scanned.pdf"), out)
    assert result.returncode == 1
    assert any(
        line.endswith(
            "scanned.pdf:page 12: 此页没有文字层（扫描件），无法读取 / no text layer on this page (a scan): it cannot be read"
        )
        for line in result.stdout.splitlines()
    ), result.stdout
    assert not out.exists()


def test_the_whole_publication_is_read_back_from_its_pdf(tmp_path: Path) -> None:
    """Tables, prose facts (prior-year figures from the stated changes, each 科目's explanation, the
    vehicles by category, every project's seven parts) and glossary: the same data as published.
    English comes from the repository's translations (a new unit's would be pending: issue 15)."""
    out = tmp_path / "data"
    result = run_import(PDF, out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""  # its prose agrees with its tables (every figure the template compares)
    written = out / "2025" / UNIT
    for path in sorted(PUBLISHED.glob("*.csv")):
        assert (written / path.name).read_bytes() == path.read_bytes(), path.name
    ours = yaml.safe_load((PUBLISHED / "publication.yaml").read_text(encoding="utf-8"))
    assert yaml.safe_load((written / "publication.yaml").read_text(encoding="utf-8")) == ours


def pending_texts(value: Any, keys: tuple[str, ...] = ()) -> dict[str, str]:
    """Every {zh, en} text of a publication.yaml whose English is pending (``en: ''``): dotted key -> Chinese."""
    if isinstance(value, dict):
        if set(value) == {"zh", "en"}:
            return {".".join(keys): value["zh"]} if value["en"] == "" else {}
        return {k: v for key, item in value.items() for k, v in pending_texts(item, (*keys, str(key))).items()}
    if isinstance(value, list):
        return {k: v for index, item in enumerate(value) for k, v in pending_texts(item, (*keys, str(index))).items()}
    return {}


def without_english(value: Any, imported: Any) -> Any:
    """The published facts with the English left empty wherever the import left it pending."""
    if isinstance(value, dict):
        if set(value) == {"zh", "en"} and isinstance(imported, dict) and imported.get("en") == "":
            return {**value, "en": ""}
        return {key: without_english(item, (imported or {}).get(key)) for key, item in value.items()}
    if isinstance(value, list):
        return [
            without_english(item, imported[index] if index < len(imported or []) else None)
            for index, item in enumerate(value)
        ]
    return value


def test_a_publication_nobody_has_translated_imports_with_its_english_pending(tmp_path: Path) -> None:
    """Issue 15: the Shanghai PDF into a data directory that has never seen it (its texts are in no translation
    memory): imported whole, the tables byte for byte, every free text without English pending, the data valid
    with one warning per pending text, and the English page showing those texts in Chinese, marked."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    shutil.rmtree(data / "2025" / UNIT)
    result = run_import(PDF, data, reference=data)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    written = data / "2025" / UNIT
    for path in sorted(PUBLISHED.glob("*.csv")):
        assert (written / path.name).read_bytes() == path.read_bytes(), path.name
    assert len(list(PUBLISHED.glob("*.csv"))) == 9
    facts_path = written / "publication.yaml"
    facts = yaml.safe_load(facts_path.read_text(encoding="utf-8"))
    pending = pending_texts(facts)
    assert len(pending) >= 40 and "explanation.reasons.fiscal" in pending
    assert f"英文待译 {len(pending)} 处" in result.stderr
    ours = yaml.safe_load((PUBLISHED / "publication.yaml").read_text(encoding="utf-8"))
    assert facts == without_english(ours, facts)  # the same publication, its English pending where unknown

    checked = validate(data)
    assert checked.ok, "\n".join(found.format() for found in checked.problems)
    assert {found.code for found in checked.warnings} == {"TRANSLATION_PENDING"}
    assert len(checked.warnings) == len(pending)
    lines = facts_path.read_text(encoding="utf-8").splitlines()
    named = set()
    for found in checked.warnings:
        key = dict(found.params)["field"]
        assert Path(found.path).resolve() == facts_path.resolve(), found.format()
        assert lines[found.line - 1].strip() == "en: ''" and found.column == lines[found.line - 1].index("en") + 1
        assert key in found.message() and key in found.message(lang="en")
        named.add(key)
    assert named == set(pending)

    publication = checked.publications[(2025, UNIT)]
    assert len(publication.pending_translations()) == len(pending)
    page = publication_page(checked, 2025, UNIT, lang="en")
    assert "\ue000" not in page and "\ue001" not in page
    marked = re.findall(
        r'<span lang="zh-Hans" class="translation-pending">(.*?)</span> '
        r'<small class="translation-pending-label">\(translation pending\)</small>',
        page,
    )
    assert set(marked) == {escape_text(chinese) for chinese in pending.values()}
    assert f"Translation pending for {len(pending)} of this publication's texts" in page
    assert "translation-pending" not in publication_page(checked, 2025, UNIT, lang="zh")


def with_amount_altered(page_number: int, printed: str, altered: str, target: Path) -> Path:
    """The PDF with the first printing of an amount on a page changed by its last digit, in the page's
    own drawing of it: this PDF draws each digit as its own glyph (glyph 0x13 + the digit)."""
    assert printed[:-1] == altered[:-1] and printed[-1].isdigit() and altered[-1].isdigit()
    glyphs = [rf"<{0x13 + int(char):04X}>" if char.isdigit() else r"<[0-9A-F]{4}>" for char in printed]
    drawn = re.compile(rb"Tj[^<]*".join(glyph.encode() for glyph in glyphs) + b"Tj")
    writer = PdfWriter(clone_from=PDF)
    page = writer.pages[page_number - 1]
    contents = page.get_contents()
    assert contents is not None
    data = contents.get_data()
    match = drawn.search(data)
    assert match is not None, printed
    last = f"<{0x13 + int(printed[-1]):04X}>Tj".encode()
    new = f"<{0x13 + int(altered[-1]):04X}>Tj".encode()
    contents.set_data(data[: match.start()] + match[0][: -len(last)] + new + data[match.end() :])
    page.replace_contents(contents)
    writer.write(target)
    return target


def test_an_amount_that_does_not_add_up_is_refused_at_its_page_table_and_row(tmp_path: Path) -> None:
    altered = with_amount_altered(9, "12,029,501.84", "12,029,501.89", tmp_path / "altered.pdf")
    [row] = [
        line.cells for line in pdf_document(altered).lines if line.page == 9 and line.cells and line.cells[2] == "01"
    ][:1]
    assert row is not None and row[4] == "12,029,501.89"  # the drawing changed, nothing else
    out = tmp_path / "data"
    result = run_import(altered, out)
    assert result.returncode == 1
    located = [
        line for line in result.stdout.splitlines() if "altered.pdf:page 9: 表2“部门收入预算总表” row 20103" in line
    ]
    assert {line.split(" row ")[1].split(":")[0] for line in located} == {"20103", "2010301"}, result.stdout
    assert not out.exists()


def as_text(document_path: Path, *, word: str = "", printed_as: str = "", whole_yuan_pages: range = range(0)) -> str:
    """The PDF's reading as a text document (a paragraph a line, a row its cells by tabs), as a family
    member that differs would print it: another word for 部门, or whole 元 on some pages."""
    document = pdf_document(document_path)
    lines: list[str] = []
    previous_short = True
    for line in document.lines:
        if line.is_row:
            cells = [cell or "" for cell in line.cells or ()]
            if line.page in whole_yuan_pages:
                cells = [
                    f"{Decimal(cell.replace(',', '')).quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"
                    if re.fullmatch(r"[\d,]+\.\d\d", cell)
                    else cell
                    for cell in cells
                ]
            lines.append("\t".join(cells))
        elif lines and not line.indent and not previous_short:
            lines[-1] += line.text
        else:
            lines.append(line.text)
        previous_short = line.short or line.is_row
    if word:  # in the titles and headings, where a 单位预算 names itself; its prose is its own
        titled = re.compile(r"^(\d{4}年.*(表|说明)|.*\d{4}年区级.*预算|编制部门：.*)$")
        lines = [line.replace(word, printed_as) if titled.match(line) else line for line in lines]
    return "\n".join(lines)


def test_a_unit_budget_of_the_family_printing_whole_yuan_imports_with_the_same_template(tmp_path: Path) -> None:
    """单位 where the 部门预算 prints 部门 (the template's synonyms), and whole 元 in the 元 tables: the
    precision the publication prints is found and recorded (precision: 0)."""
    document = tmp_path / "unit-budget.txt"
    document.write_text(as_text(PDF, word="部门", printed_as="单位", whole_yuan_pages=range(8, 20)), encoding="utf-8")
    assert "2025年单位财务收支预算总表" in document.read_text(encoding="utf-8")
    out = tmp_path / "data"
    result = run_import(document, out)
    assert result.returncode == 0, result.stdout + result.stderr
    written = out / "2025" / UNIT
    facts = yaml.safe_load((written / "publication.yaml").read_text(encoding="utf-8"))
    assert facts["precision"] == 0
    income = list(csv.reader((written / "02-income-summary.csv").open(encoding="utf-8")))
    assert income[1][:3] == ["201", "一般公共服务支出", "82096797"]
    assert validate(out).ok


def test_a_department_without_projects_imports_with_none(tmp_path: Path) -> None:
    """项目经费情况说明 is printed once per project: a department with none prints no such page."""
    document = tmp_path / "no-projects.txt"
    document.write_text(as_text(without_page(22, tmp_path / "short.pdf")), encoding="utf-8")
    out = tmp_path / "data"
    result = run_import(document, out)
    assert result.returncode == 0, result.stdout + result.stderr
    facts = yaml.safe_load((out / "2025" / UNIT / "publication.yaml").read_text(encoding="utf-8"))
    assert facts["projects"] == []
    assert validate(out).ok
