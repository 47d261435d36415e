"""The Shanghai 决算 as published: every amount of every table and every figure of its 情况说明.

tests/fixtures/putuo-finance-bureau-2024-final-accounts.pdf is the published 2024 departmental final
accounts of 上海市普陀区财政局; the .txt beside it is its text as pdfplumber extracts it (each page's text,
then each page's tables as tab-separated rows). Read independently of the importer, the loader and the
renderer: the tables are compared with the text's table rows, value for value in printed order, and the
computed prose with the page text, figure for figure in order. The published prose has errors of its own
(our prose is computed from the tables, so it differs there): each is listed in DISCREPANCIES with its
reason, and nothing else may differ. The importer reports the ones it can see (a figure the tables give).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from conftest import DATA, FIXTURES, REPO
from macros.checking.validation import validate
from macros.website import pages

YEAR, UNIT, TEMPLATE = 2024, "putuo-finance-bureau", "shanghai-final-accounts"
FOLDER = f"{UNIT}-final"  # a 决算 lives beside the unit's 预算 folder
PDF = FIXTURES / "putuo-finance-bureau-2024-final-accounts.pdf"
TEXT = FIXTURES / "putuo-finance-bureau-2024-final-accounts.txt"
TRANSLATIONS = FIXTURES / "putuo-finance-bureau-2024-final-accounts.translations.yaml"
SHARED = REPO.parent / "shared" / "regions" / "shanghai"
PUBLISHED = DATA / str(YEAR) / FOLDER
AMOUNT = re.compile(r"^\d{1,3}(?:,\d{3})*\.\d{2}$")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
TITLES = [
    "收入支出决算总表",
    "收入决算表",
    "支出决算表",
    "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款基本支出决算表",
    "财政拨款 三公 经费支出决算表",
    "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款收入支出决算表",
]
EMPTY_TABLES = (8, 9)  # 上海市普陀区财政局无政府性基金（国有资本经营）预算财政拨款支出，故本表无数据。

# The published 情况说明's own errors: (page, section, the sentence as printed, printed, from the tables, why).
DISCREPANCIES = [
    (
        21,
        "fiscal-appropriations",
        "上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元。",
        "0.3",
        "2961.68",
        "Table 4's 总计 is 2,961.68 万元 (2,940.05 of the year and 21.63 brought forward); 0.3 is no figure of the "
        "tables. The sentence goes on 与2023年度相比，财政拨款收入支出总计持平, so the prior year is 2,961.68 too.",
    ),
    (
        21,
        "general-budget-structure",
        "一般公共服务支出（类）2106.66万元，占71.73%；",
        "71.73",
        "71.65",
        "2,106.66 of 2,940.05 is 71.65%; the four printed shares add up to 100.07%.",
    ),
]
# The same section's lists of names: 人员经费 names 个人农业生产补贴 (30310), which Table 6 leaves blank, and
# leaves out 奖励金 (30309), which Table 6 gives 0.31 万元.
NAME_DISCREPANCY = ("个人农业生产补贴", "奖励金")


@pytest.fixture(scope="module")
def page() -> BeautifulSoup:
    data = validate(DATA)
    assert data.ok, [found.format() for found in data.problems]
    html = markdown.markdown(
        pages.publication_page(data, YEAR, FOLDER, lang="zh"), extensions=["attr_list", "md_in_html", "tables"]
    )
    return BeautifulSoup(html, "html.parser")


def text_pages() -> dict[int, list[str]]:
    """The page text (before the appendix of tables), page by page."""
    text = TEXT.read_text(encoding="utf-8").split("##### APPENDIX")[0]
    found: dict[int, list[str]] = {}
    number = 0
    for line in text.splitlines()[1:]:
        if match := re.match(r"^=== page (\d+) ===$", line):
            number = int(match[1])
            continue
        found.setdefault(number, []).append(line)
    return found


def table_rows() -> dict[int, list[list[str]]]:
    """The appendix: each page's table rows, their cells by tabs."""
    appendix = TEXT.read_text(encoding="utf-8").split("##### APPENDIX")[1]
    found: dict[int, list[list[str]]] = {}
    number = 0
    for line in appendix.splitlines():
        if match := re.match(r"^--- page (\d+) table \d+ ---$", line):
            number = int(match[1])
        elif number and line.strip():
            found.setdefault(number, []).append(line.split("\t"))
    return found


def published_table(number: int) -> list[str]:
    """Table ``number``'s amounts as printed, row by row, left to right: from the page of its title to
    the page before the next table's."""
    pages_ = text_pages()
    starts = [next(page for page, lines in pages_.items() if page > 5 and title in lines) for title in TITLES]
    end = starts[number] if number < len(starts) else max(pages_) + 1
    rows = table_rows()
    return [
        cell.strip()
        for page in range(starts[number - 1], end)
        for row in rows.get(page, [])
        for cell in row
        if AMOUNT.match(cell.strip())
    ]


def rendered_table(page: BeautifulSoup, number: int) -> Tag:
    heading = page.find(id=f"table-{number}")
    assert heading is not None, f"no table-{number} on the page"
    table = heading.find_next("table")
    assert isinstance(table, Tag)
    return table


def test_the_fixtures_are_the_shared_documents() -> None:
    for fixture in (PDF, TEXT):
        if (SHARED / fixture.name).is_file():
            assert fixture.read_bytes() == (SHARED / fixture.name).read_bytes()


@pytest.mark.parametrize("number", range(1, 10))
def test_every_amount_of_every_table_in_printed_order(page: BeautifulSoup, number: int) -> None:
    """Amounts as printed (thousands separators, two decimals; blank cells print nothing)."""
    published = published_table(number)
    cells = [cell.get_text(strip=True) for cell in rendered_table(page, number).select("tbody td")]
    assert [cell for cell in cells if AMOUNT.match(cell)] == published
    assert bool(published) == (number not in EMPTY_TABLES)


def test_the_tables_print_what_the_publication_prints() -> None:
    """A few figures that identify the publication: the totals, and the tables' own rounding (Table 1 prints
    326.71 for 社会保障和就业支出, Tables 2, 3 and 5 print 326.72: each is kept as printed)."""
    assert published_table(1)[-2:] == ["2,995.39", "2,995.39"]
    assert "326.71" in published_table(1) and "326.72" in published_table(5)
    assert published_table(6)[-2:] == ["2,152.26", "184.65"]
    assert published_table(7) == ["0.95", "0.95"]


# --- the 情况说明 ---------------------------------------------------------------------------------------

# (section anchor on our page, the first and the last printed line of the section in the page text)
SECTIONS = [
    ("overall", "一、收入支出决算总体情况说明", "二、收入决算情况说明"),
    ("income-notes", "二、收入决算情况说明", "三、支出决算情况说明"),
    ("expenditure-notes", "三、支出决算情况说明", "四、财政拨款收入支出决算总体情况说明"),
    ("fiscal-appropriations", "四、财政拨款收入支出决算总体情况说明", "五、一般公共预算财政拨款支出决算情况说明"),
    (
        "general-budget-overall",
        "（一）一般公共预算财政拨款支出决算总体情况",
        "（二）一般公共预算财政拨款支出决算结构情况",
    ),
    (
        "general-budget-structure",
        "（二）一般公共预算财政拨款支出决算结构情况",
        "（三）一般公共预算财政拨款支出决算具体情况",
    ),
    (
        "general-budget-items",
        "（三）一般公共预算财政拨款支出决算具体情况",
        "六、一般公共预算财政拨款基本支出决算情况说明",
    ),
    ("basic-expenditure", "六、一般公共预算财政拨款基本支出决算情况说明", "七、财政拨款 三公 经费支出决算情况说明"),
    (
        "three-public-overall",
        "（一） 三公 经费财政拨款支出决算总体情况说明。",
        "（二） 三公 经费财政拨款支出决算具体情况说明。",
    ),
    (
        "three-public-detail",
        "（二） 三公 经费财政拨款支出决算具体情况说明。",
        "八、政府性基金预算财政拨款收入支出决算情况说明",
    ),
    (
        "government-fund",
        "八、政府性基金预算财政拨款收入支出决算情况说明",
        "九、国有资本经营预算财政拨款收入支出决算情况说明",
    ),
    ("state-capital", "九、国有资本经营预算财政拨款收入支出决算情况说明", "十、预算绩效管理情况"),
    ("performance", "十、预算绩效管理情况", "十一、其他重要事项的情况说明"),
    ("operating-expenses", "（一）机关运行经费支出情况", "（二）政府采购支出情况"),
    ("procurement", "（二）政府采购支出情况", "（三）国有资产占有使用情况说明"),
    ("state-assets", "（三）国有资产占有使用情况说明", "第四部分 名词解释"),
]


def published_section(start: str, end: str) -> tuple[int, str]:
    """The page text of a section (its first page, its lines joined). This PDF prints figures a few points
    below their line, so pdfplumber puts them on a line of their own after it: in the right order."""
    lines = [(page, line) for page, page_lines in text_pages().items() for line in page_lines if page > 3]
    texts = [line for _, line in lines]
    first = texts.index(start)
    last = texts.index(end, first + 1)
    return lines[first][0], "\n".join(texts[first + 1 : last])


def rendered_section(page: BeautifulSoup, anchor: str) -> str:
    heading = page.find(id=anchor)
    assert heading is not None, anchor
    texts = []
    for element in heading.find_all_next(["p", "h2", "h3", "h4"]):
        if element.name in ("h2", "h3", "h4"):
            break
        if element.find_parent("figure") is None:
            texts.append(element.get_text())
    return "".join(texts)


def numbers(text: str) -> list[Decimal]:
    return [Decimal(found) for found in NUMBER.findall(text.replace(",", ""))]


def prose_differences(page: BeautifulSoup) -> list[tuple[int, str, str, str]]:
    """(page, section, printed, ours) for every figure where the published prose and ours differ."""
    found = []
    for anchor, start, end in SECTIONS:
        where, published = published_section(start, end)
        printed, ours = NUMBER.findall(published.replace(",", "")), numbers(rendered_section(page, anchor))
        assert len(printed) == len(ours), (anchor, printed, ours)
        found += [
            (where, anchor, figure, str(value))
            for figure, value in zip(printed, ours, strict=True)
            if Decimal(figure) != value
        ]
    return found


def test_every_figure_of_the_prose_is_the_published_one_but_the_known_errors(page: BeautifulSoup) -> None:
    """Figure for figure, in order (6.2 is 6.20, 0% is 0.00%), each section of the 情况说明."""
    known = [(where, anchor, printed, ours) for where, anchor, _, printed, ours, _ in DISCREPANCIES]
    assert prose_differences(page) == known


def test_each_known_error_is_in_the_published_sentence() -> None:
    """Each listed sentence is the section's own (its words; the figures stand on lines of their own in
    the page text), and prints the listed figure."""

    def words(text: str) -> str:
        return re.sub(r"[\d.,%\s“”]", "", text)

    sections = {anchor: (start, end) for anchor, start, end in SECTIONS}
    for where, anchor, sentence, printed, _, _ in DISCREPANCIES:
        page_number, published = published_section(*sections[anchor])
        assert page_number == where
        assert words(sentence) in words(published)
        assert printed in NUMBER.findall(published) and printed in NUMBER.findall(sentence)


def test_the_basic_expenditure_lists_what_table_6_spent_on(page: BeautifulSoup) -> None:
    """六's lists of economic classes: ours names each class Table 6 gives an amount, in printed order;
    the published list names 个人农业生产补贴 instead of 奖励金 (its one difference)."""
    _, published = published_section(SECTIONS[7][1], SECTIONS[7][2])
    ours = rendered_section(page, "basic-expenditure")
    printed_names = re.findall(r"主要包括：([^；。]+)", re.sub(r"[\d.\s]", "", published))  # figures on their own lines
    our_names = re.findall(r"主要包括：([^；。]+)", ours)
    wrong, right = NAME_DISCREPANCY
    assert [names.split("、") for names in our_names] == [
        [right if name == wrong else name for name in names.split("、")] for names in printed_names
    ]


def test_the_prose_says_what_the_publication_says(page: BeautifulSoup) -> None:
    """Sentences that carry no figure of their own, word for word (spaces aside)."""
    sentences = {
        "fiscal-appropriations": "与2023年度相比，财政拨款收入支出总计持平。",
        "three-public-detail": "上海市普陀区财政局2024年度无“三公”经费财政拨款支出。",
        "government-fund": "上海市普陀区财政局2024年度无政府性基金预算财政拨款收入和支出。",
        "state-capital": "上海市普陀区财政局2024年度无国有资本经营预算财政拨款收入和支出。",
        "general-budget-items": "决算数与预算数基本持平。",
    }
    for anchor, sentence in sentences.items():
        assert sentence in rendered_section(page, anchor), anchor


# --- the import -------------------------------------------------------------------------------------------


def run_import(out: Path, *, check_only: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "import_disclosure.py"),
            str(PDF),
            "--unit",
            UNIT,
            "--template",
            TEMPLATE,
            "--out",
            str(out),
            "--translations",
            str(TRANSLATIONS),
            *(["--check-only"] if check_only else []),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        check=False,
    )


def without_publication(data_copy: Path) -> Path:
    shutil.rmtree(data_copy / str(YEAR) / FOLDER)
    return data_copy


def test_the_whole_publication_is_read_back_from_its_pdf(data_copy: Path) -> None:
    """The importer reads the PDF into the same data as published here: nine tables value for value (in
    the PDF's printed order, the sides of Tables 1, 4 and 6 side by side), the 情况说明's facts, the glossary."""
    out = without_publication(data_copy)
    result = run_import(out)
    assert result.returncode == 0, result.stdout + result.stderr
    written = out / str(YEAR) / FOLDER
    for path in sorted(PUBLISHED.glob("*.csv")):
        assert (written / path.name).read_bytes() == path.read_bytes(), path.name
    ours = yaml.safe_load((PUBLISHED / "publication.yaml").read_text(encoding="utf-8"))
    assert yaml.safe_load((written / "publication.yaml").read_text(encoding="utf-8")) == ours


def test_the_importer_reports_the_prose_that_disagrees_with_the_tables(data_copy: Path) -> None:
    """The 情况说明's figures the template maps to the tables' (figures:): the one that disagrees is
    reported at its page with its sentence, and the prior year worked out from the tables' figure."""
    result = run_import(without_publication(data_copy), check_only=True)
    assert result.returncode == 1, result.stdout + result.stderr  # a reviewer's finding: the document errs
    reported = [line.split(":page ", 1)[1] for line in result.stdout.splitlines()]
    seen = [(where, printed, ours) for where, _, _, printed, ours, _ in DISCREPANCIES]  # figures and shares alike
    assert [
        (
            int(line.split(":")[0]),
            re.search(r"印 ([\d.]+)(?:万元|%)", line)[1],
            re.search(r"表格为 ([\d.,]+)(?:万元|%)", line)[1].replace(",", ""),
        )  # type: ignore[index]
        for line in reported
    ] == seen
    assert "“财政拨款收入支出总计0.3万元。与2023年度相比，财政拨款收入支出总计持平”" in reported[0]
    assert "explanation.prior_year.fiscal_grand_total worked out from the tables' figure" in reported[0]
    facts = yaml.safe_load((PUBLISHED / "publication.yaml").read_text(encoding="utf-8"))
    assert facts["explanation"]["prior_year"]["fiscal_grand_total"] == 2961.68  # 持平 with the tables' total
