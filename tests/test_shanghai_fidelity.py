"""The Shanghai publication as published: every amount of every table and every sentence of its prose.

tests/fixtures/putuo-govoffice-2025-department-budget.txt is the published PDF's text (pdfplumber).
Read independently of the loader and the renderer: the text is split at the tables' printed titles,
and the rendered page (Chinese edition) is compared with it, table by table in printed order, and
sentence by sentence for the computed prose (四 编制说明, 六 其他相关情况说明).
"""

from __future__ import annotations

import re
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup, Tag

from conftest import DATA, FIXTURES, REPO
from macros.checking.validation import validate
from macros.website import pages

YEAR, UNIT = 2025, "putuo-govoffice"
PUBLISHED = FIXTURES / "putuo-govoffice-2025-department-budget.txt"
SHARED = REPO.parent / "shared" / "regions" / "shanghai" / PUBLISHED.name
AMOUNT = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})*\.\d{2}(?![\d.])")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
AMOUNT_CELL = re.compile(r"\d+\.\d{2}")
EMPTY_TABLES = (6, 7)  # 本部门2025年无政府性基金（国有资本经营）预算财政拨款安排的预算，故本表为空表


@pytest.fixture(scope="module")
def page() -> BeautifulSoup:
    data = validate(DATA)
    assert data.ok, [found.format() for found in data.problems]
    page_markdown = pages.publication_page(data, YEAR, UNIT, lang="zh")
    # MkDocs's Markdown, with the extensions the site uses for headings' ids and HTML blocks
    html = markdown.markdown(page_markdown, extensions=["attr_list", "md_in_html", "tables"])
    return BeautifulSoup(html, "html.parser")


def published_lines() -> list[str]:
    return [line for line in PUBLISHED.read_text(encoding="utf-8").splitlines()[1:] if not line.startswith("=== page")]


def published_table(number: int) -> list[str]:
    """The published lines of table ``number``: after its title line, up to the next table or section."""
    lines = published_lines()
    title = re.compile(rf"^{YEAR}年部门.*表$")
    starts = [index for index, line in enumerate(lines) if title.match(line) and index > 20]
    start = starts[number - 1]
    end = (
        starts[number]
        if number < len(starts)
        else next(index for index, line in enumerate(lines) if line == "其他相关情况说明")
    )
    return lines[start + 1 : end]


def rendered_table(page: BeautifulSoup, number: int) -> Tag:
    heading = page.find(id=f"table-{number}")
    assert heading is not None, f"no table-{number} on the page"
    table = heading.find_next("table")
    assert isinstance(table, Tag)
    return table


def test_the_fixture_is_the_shared_document() -> None:
    if SHARED.is_file():
        assert PUBLISHED.read_bytes() == SHARED.read_bytes()


@pytest.mark.parametrize("number", range(1, 10))
def test_every_amount_of_every_table_in_printed_order(page: BeautifulSoup, number: int) -> None:
    """Amounts as printed (thousands separators, two decimals; blank cells print nothing)."""
    published = [amount for line in published_table(number) for amount in AMOUNT.findall(line)]
    cells = [cell.get_text(strip=True) for cell in rendered_table(page, number).select("tbody td")]
    ours = [cell for cell in cells if AMOUNT.fullmatch(cell)]
    assert ours == published
    assert bool(ours) == (number not in EMPTY_TABLES)


def test_empty_tables_print_their_total_line_with_blank_amounts(page: BeautifulSoup) -> None:
    for number in EMPTY_TABLES:
        rows = rendered_table(page, number).select("tbody tr")
        assert [row.get_text(strip=True) for row in rows] == ["合计"]


@pytest.mark.parametrize("number", [2, 3, 5, 8])
def test_codes_are_printed_in_their_own_columns(page: BeautifulSoup, number: int) -> None:
    """类/款/项 cells as printed: each holds only its own part of the code (201 | 03 | 01)."""
    published = [
        "".join(part for part in line.split()[:3] if part.isdigit())
        for line in published_table(number)
        if re.match(r"^\d{3}( \d{2}){0,2} ", line)
    ]
    ours = []
    for row in rendered_table(page, number).select("tbody tr"):
        parts = [cell.get_text(strip=True) for cell in row.select("td.col-code-part")]
        if any(parts):
            ours.append("".join(parts))
    assert ours == published


def test_the_total_row_is_printed_last(page: BeautifulSoup) -> None:
    for number in (2, 3, 5, 6, 7, 8):
        rows = rendered_table(page, number).select("tbody tr")
        assert rows[-1].get_text(strip=True).startswith("合计"), number


def prose(start: str, end: str) -> str:
    """The published text from the line ``start`` to the line before ``end``, lines joined."""
    lines = published_lines()
    first = lines.index(start)
    last = lines.index(end, first + 1)
    return "".join(lines[first + 1 : last])


def rendered_section(page: BeautifulSoup, anchor: str) -> str:
    """The paragraphs of a section (not its title), joined."""
    heading = page.find(id=anchor)
    assert heading is not None, anchor
    texts = []
    for element in heading.find_all_next(["p", "h2", "h3"]):
        if element.name in ("h2", "h3"):
            break
        texts.append(element.get_text())
    return "".join(texts)


def normalised(text: str) -> str:
    """Spaces the PDF's line breaks left out or put in (“1. “一般…” vs “1.“一般…”) do not count."""
    return re.sub(r"\s+", "", text)


def test_the_explanation_is_the_published_text(page: BeautifulSoup) -> None:
    """四、部门预算编制说明: every sentence and figure, computed from the tables and the facts."""
    published = prose(f"{YEAR}年部门预算编制说明", f"{YEAR}年部门财务收支预算总表")
    assert normalised(rendered_section(page, "notes")) == normalised(published)


@pytest.mark.parametrize(
    ("anchor", "start", "end"),
    [
        ("three-public", f"一、{YEAR}年“三公”经费预算情况说明", "二、机关运行经费预算"),
        ("operating", "二、机关运行经费预算", "三、政府采购预算情况"),
        ("procurement", "三、政府采购预算情况", "四、绩效目标设置情况"),
        ("performance-targets", "四、绩效目标设置情况", "五、国有资产占有使用情况"),
    ],
)
def test_other_information_is_the_published_text(page: BeautifulSoup, anchor: str, start: str, end: str) -> None:
    assert normalised(rendered_section(page, anchor)) == normalised(prose(start, end))


def test_assets_are_the_published_text(page: BeautifulSoup) -> None:
    lines = published_lines()
    first = lines.index("五、国有资产占有使用情况")
    last = next(index for index in range(first, len(lines)) if lines[index].endswith("项目经费情况说明"))
    assert normalised(rendered_section(page, "state-assets")) == normalised("".join(lines[first + 1 : last]))


def test_every_prose_figure_is_reproduced(page: BeautifulSoup) -> None:
    """Belt and braces: the numbers of 四 and 六, in order, as values (9,101.68 → 9101.68)."""

    def numbers(text: str) -> list[Decimal]:
        return [Decimal(found.replace(",", "")) for found in NUMBER.findall(text)]

    published = prose(f"{YEAR}年部门预算编制说明", "2025年部门财务收支预算总表")
    assert numbers(rendered_section(page, "notes")) == numbers(published)
    assert Decimal("9101.68") in numbers(published) and Decimal("2389.52") in numbers(published)


def test_the_prior_year_folder_is_compared_in_the_facts_unit(data_copy: Path) -> None:
    """publication.yaml states the 2024 budget in 万元; a 2024 folder's tables are in 元 (and Table 9 in 万元)."""
    prior = data_copy / "2024" / UNIT
    shutil.copytree(data_copy / str(YEAR) / UNIT, prior)
    facts = prior / "publication.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(f"year: {YEAR}", f"year: {YEAR - 1}"), encoding="utf-8")
    mismatches = {
        found.message(lang="en").split("figure ")[1].split()[0]: found.message(lang="en")
        for found in validate(data_copy).problems
        if found.code == "PRIOR_YEAR_MISMATCH" and found.path.endswith(f"{YEAR}/{UNIT}/publication.yaml")
    }
    # the copy's 2025 figures are not the stated 2024 budget (11,491.20 万元), but its 三公 figures are
    assert "prior_year.fiscal_income" in mismatches and "9101.68" in mismatches["prior_year.fiscal_income"]
    assert not any(key.startswith("prior_year.three_public") for key in mismatches)


def whole_yuan(data: Path) -> Path:
    """The publication as a department printing whole 元 would publish it: 元 tables rounded half up."""
    folder = data / str(YEAR) / UNIT
    for path in sorted(folder.glob("0[1-8]-*.csv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        rounded = [
            ",".join(
                str(Decimal(cell).quantize(Decimal(1), rounding=ROUND_HALF_UP)) if AMOUNT_CELL.fullmatch(cell) else cell
                for cell in line.split(",")
            )
            for line in lines[1:]
        ]
        path.write_text("\n".join([lines[0], *rounded]) + "\n", encoding="utf-8")
    facts = folder / "publication.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace("amount_unit: 元\n", "amount_unit: 元\nprecision: 0\n"),
        encoding="utf-8",
    )
    return folder


def test_a_publication_printing_whole_yuan_is_data_only(data_copy: Path) -> None:
    whole_yuan(data_copy)
    data = validate(data_copy)
    assert data.ok, [found.format() for found in data.problems]
    html = markdown.markdown(
        pages.publication_page(data, YEAR, UNIT, lang="zh"), extensions=["attr_list", "md_in_html"]
    )
    page = BeautifulSoup(html, "html.parser")
    cells = [cell.get_text(strip=True) for cell in rendered_table(page, 1).select("tbody td")]
    assert "91,016,775" in cells and not any(cell.endswith(".35") for cell in cells)
    nine = [cell.get_text(strip=True) for cell in rendered_table(page, 9).select("tbody td")]
    assert "867.50" in nine  # Table 9 is in 万元, at its own precision
    assert "收入预算9,101.68万元" in normalised(rendered_section(page, "notes"))


def test_a_precision_the_template_does_not_offer_is_refused(data_copy: Path) -> None:
    facts = data_copy / str(YEAR) / UNIT / "publication.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("amount_unit: 元\n", "amount_unit: 元\nprecision: 1\n"))
    problems = validate(data_copy).problems
    assert [(found.code, found.line) for found in problems] == [("VALUE_INVALID", 8)]


def test_the_glossary_says_whose_definition_a_shared_term_is() -> None:
    """财政拨款收入 is defined by both regions, differently: each entry names the template that uses it."""
    data = validate(DATA)
    page = pages.glossary_page(data, lang="zh")
    for term_id, template in (
        ("fiscal-appropriation-income", "guangzhou"),
        ("sh-fiscal-appropriation-income", "shanghai"),
    ):
        entry = page[page.index(f"{{#{term_id}}}") :].split("## ")[0]
        names = {"guangzhou": "广州市区级部门预算公开表", "shanghai": "上海市区级部门预算公开表"}
        assert f"用于：{names[template]}" in entry
    entry = page[page.index("{#government-procurement}") :].split("## ")[0]
    assert "用于" not in entry  # a term only one region defines needs no note


def test_a_sum_of_facts_is_reported_in_the_facts_unit(data_copy: Path) -> None:
    facts = data_copy / str(YEAR) / UNIT / "publication.yaml"
    text = facts.read_text(encoding="utf-8")
    assert "    goods: 0.00\n" in text
    facts.write_text(text.replace("    goods: 0.00\n", "    goods: 1.00\n", 1), encoding="utf-8")
    [found] = [found for found in validate(data_copy).problems if found.code == "EXPLANATION_MISMATCH"]
    assert "相差 1.00万元" in found.message() and "× 0.005" in found.message()
    assert "a difference of 1.00 万元" in found.message(lang="en")
