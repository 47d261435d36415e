"""What the 决算 template needed of the code, each generic: figures printed off their line (a PDF), blank
pages, headings broken over two lines or listed in the contents first, table rows and every match read
as facts, paths printed with level marks, empty optional facts, glossary terms matched by definition, the
codes on the sides of a two-sided table, class sums over two sides, percentages with their zeros, and the
Fiscal Data Package's phase of final accounts."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import markdown
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfWriter

from conftest import DATA, read_rows, write_rows
from macros.checking.validation import validate
from macros.exchange import exports
from macros.exchange.document import pdf_document, rejoined, text_edges
from macros.exchange.importer import Knowledge, import_text
from macros.model.dictionaries import load_dictionaries
from macros.rendering import chart_data
from macros.template.import_spec import ImportSpecError, import_spec
from macros.template.specs import TemplateError, load_template
from macros.template.text import percent
from macros.website import pages

TEMPLATE = "shanghai-final-accounts"
YEAR, UNIT = 2024, "putuo-finance-bureau"
FOLDER = f"{UNIT}-final"  # a 决算 lives beside the unit's 预算 folder


def chars(text: str, *, x0: float, top: float, width: float = 12.0) -> list[dict[str, Any]]:
    return [
        {"text": char, "x0": x0 + index * width, "x1": x0 + (index + 1) * width, "top": top, "bottom": top + 13}
        for index, char in enumerate(text)
    ]


def text_line(parts: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "text": "".join(char["text"] for char in parts),
        "chars": parts,
        "x0": parts[0]["x0"],
        "x1": parts[-1]["x1"],
        "top": parts[0]["top"],
        "bottom": parts[0]["bottom"],
    }


def test_figures_printed_a_few_points_below_their_line_are_put_back_in_it() -> None:
    words = chars("总计", x0=100, top=100) + chars("万元。", x0=172, top=100)
    figures = chars("2995.39", x0=124, top=105, width=6.5)
    below = chars("下一行", x0=100, top=120)
    [line, following] = rejoined([text_line(words), text_line(figures), text_line(below)])
    assert line["text"] == "总计2995.39万元。" and (line["top"], line["bottom"]) == (100, 113)
    assert following["text"] == "下一行"


def test_lines_that_overlap_a_little_or_collide_stay_apart() -> None:
    first = text_line(chars("第一行文字", x0=100, top=100))
    overlapping = text_line(chars("第二行", x0=100, top=110))  # 3 of 13 points: the next line, set tight
    colliding = text_line(chars("12", x0=106, top=104))  # over the first line's characters: no gap to fill
    assert len(rejoined([first, overlapping])) == 2
    assert len(rejoined([first, colliding])) == 2


def test_the_text_block_is_the_body_text_not_titles_or_unit_lines() -> None:
    body = [text_line(chars("正文" * 20, x0=72, top=100 + 20 * index)) for index in range(5)]
    unit_line = {**text_line(chars("单位：万元", x0=700, top=50, width=11)), "bottom": 61}
    assert text_edges([*body, unit_line]) == (72, 72 + 40 * 12)


def test_a_blank_page_is_no_scan(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(tmp_path / "blank.pdf")
    document = pdf_document(tmp_path / "blank.pdf")
    assert (document.pages, document.scanned_pages, document.lines) == (1, (), ())


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"read": "{n} {name:cell}", "in": "rows"}, "in: rows reads each row"),
        ({"read": "{n}、{x:text}", "every": True, "each": True}, "every: true reads the body's text"),
        ({"read": "{n}、{x:text}", "every": True, "in": "heading"}, "every: true reads the body's text"),
        ({"read": "{n}", "in": "table"}, "in is body, heading or rows"),
    ],
)
def test_reads_of_rows_and_of_every_match_say_where_they_read(raw: dict[str, Any], message: str) -> None:
    with pytest.raises(ImportSpecError, match=message):
        import_spec({}, sections={"section": [raw]})


@pytest.mark.parametrize("path", [{"marks": ["（类）", ""]}, {"levels": ["（类）"]}, ["（类）"]])
def test_a_printed_path_names_its_marks(path: object) -> None:
    with pytest.raises(ImportSpecError, match="function_path"):
        import_spec({"function_path": path}, sections={})


def knowledge(memory: dict[str, str] | None = None) -> Knowledge:
    dictionaries, problems = load_dictionaries(DATA)
    assert dictionaries is not None, problems
    return Knowledge(
        dictionaries=dictionaries,
        template=load_template(DATA / "templates" / f"{TEMPLATE}.yaml"),
        memory=memory or {},
        corrections=[],
    )


DOCUMENT = """\
上海市某局
2024年度部门决算
目 录
第一部分 上海市某局概况
二、部门决算单位构成
第三部分 上海市某局2024年度部门决算情况说明
一、收入支出决算总体情况说明
（三）一般公共预算财政拨款支出决算具体情况
第四部分 名词解释
第一部分 上海市某局概况
二、部门决算单位构成
纳入上海市某局2024年度部门决算编制范围的单位包括：
序号\t单位名称\t备注
1\t上海市某局（本级）\t
2\t上海市某中心\t预算不单列，并入本级
第三部分上海市某局2024年度部门决算情况
说明
一、收入支出决算总体情况说明
上海市某局2024年度收入支出总计100.00万元。与2023年度相比，收入支出总计增加10.00万元，增长11.11%。主要原因：业务增加。
五、一般公共预算财政拨款支出决算情况说明
（三）一般公共预算财政拨款支出决算具体情况
一般公共预算财政拨款支出年初预算为100.00万元，支出决算为90.00万元，完成年初预算的90.00%。其中：
1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：
基本支出。年初预算为60.00万元，支出决算为50.00万元。决算数小于预算数的主要原因：人员减少。
2、一般公共服务支出（类）财政事务（款）信息化建设（项）。主要用于：系统维护。年初预算为40.00万元，支出决算为40.00万元。决算数与预算数基本持平。
第四部分 名词解释
一、事业收入：指事业单位开展专业业务活动及辅助活动所取得的收入。
二、其他收入：指除上述“财政拨款收入”“事业收入”“经营收入”等以外的收入。
三、基本支出：与任何模板都不同的解释。
"""


@pytest.fixture(scope="module")
def imported() -> dict[str, Any]:
    return import_text(DOCUMENT, year=2024, unit_id="some-bureau", knowledge=knowledge()).facts


def test_a_heading_broken_over_two_lines_heads_its_part_and_the_contents_are_passed_over(
    imported: dict[str, Any],
) -> None:
    """第三部分…情况 / 说明 is the part's heading; the contents before it list the same headings."""
    assert imported["explanation"]["prior_year"]["grand_total"] == Decimal("90.00")
    assert imported["explanation"]["reasons"]["grand_total"]["zh"] == "业务增加"


def test_every_match_is_read_wherever_the_paragraphs_break(imported: dict[str, Any]) -> None:
    """Item 1 breaks after 主要用于： (a line of its own in the document): both items are read, each keyed
    by the code its printed path (名称（类）名称（款）名称（项）) names."""
    items = imported["explanation"]["general_budget_items"]
    assert sorted(items) == ["2010601", "2010607"]
    assert items["2010601"]["purpose"]["zh"] == "基本支出" and items["2010601"]["reason"]["zh"] == "人员减少"
    assert items["2010607"]["initial_budget"] == Decimal("40.00") and "reason" not in items["2010607"]


def test_table_rows_are_read_as_facts_and_an_empty_optional_cell_is_left_out(imported: dict[str, Any]) -> None:
    units = imported["overview"]["composition"]["units"]
    assert [unit["name"]["zh"] for unit in units] == ["上海市某局（本级）", "上海市某中心"]
    assert "note" not in units[0] and units[1]["note"]["zh"] == "预算不单列，并入本级"


def test_a_glossary_entry_is_the_term_defined_as_printed(imported: dict[str, Any]) -> None:
    """事业收入 as Guangzhou defines it, 其他收入 as the 决算 does (two other terms share each name); a
    definition no term has falls back to a term of that name."""
    assert imported["glossary"] == ["service-income", "sh-fa-other-income", "sh-fa-basic-expenditure"]


@pytest.fixture
def final_accounts(data_copy: Path) -> Path:
    return data_copy / str(YEAR) / FOLDER


def test_a_code_printed_on_a_side_is_its_lines_key(data_copy: Path, final_accounts: Path) -> None:
    path = final_accounts / "06-general-budget-basic-by-economic.csv"
    rows = read_rows(path)
    assert rows[2][:2] == ["30101", "基本工资"] and rows[2][3:5] == ["30201", "办公费"]
    rows[2][3] = "30202"
    write_rows(path, rows)
    [found] = [found for found in validate(data_copy).problems if found.path.endswith(path.name)]
    assert (found.code, found.line, found.column) == ("ROW_LABEL", 3, 4)
    assert "30201" in found.message() and "30202" in found.message()


def test_a_sides_code_column_is_a_code_column(data_copy: Path) -> None:
    path = data_copy / "templates" / f"{TEMPLATE}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("code_column: public_code", "code_column: public_name"), encoding="utf-8")
    with pytest.raises(TemplateError, match="code_column public_name is not a code column"):
        load_template(path)


def table_cells(lang: str, number: int) -> list[list[str]]:
    data = validate(DATA)
    html = markdown.markdown(
        pages.publication_page(data, YEAR, FOLDER, lang=lang), extensions=["attr_list", "md_in_html"]
    )
    table = BeautifulSoup(html, "html.parser").find(id=f"table-{number}").find_next("table")  # type: ignore[union-attr]
    return [[cell.get_text(strip=True) for cell in row.find_all(["th", "td"])] for row in table.select("tbody tr")]


@pytest.mark.parametrize(
    ("lang", "first", "last"),
    [
        ("zh", ["301", "", "工资福利支出", "2,082.85", "302", "", "商品和服务支出", "171.07"], "人员经费合计"),
        (
            "en",
            ["301", "", "Wages, salaries and benefits", "2,082.85", "302", "", "Goods and services", "171.07"],
            "Total personnel expenses",
        ),
    ],
)
def test_each_side_prints_its_codes_in_columns_and_its_names(lang: str, first: list[str], last: str) -> None:
    rows = table_cells(lang, 6)
    assert rows[0] == first
    assert rows[1][:4] == ["301", "01", "基本工资" if lang == "zh" else "Basic salaries", "262.33"]
    assert rows[-1][2] == last and rows[-1][3] == "2,152.26"


def test_the_classes_of_a_two_sided_table_are_summed_over_both_sides() -> None:
    data = validate(DATA)
    publication = data.publications[(YEAR, FOLDER)]
    classes = {code: amount for code, _, amount in chart_data.economic_classes([publication], unit="万元", lang="zh")}
    assert classes == {
        "301": Decimal("2082.85"),
        "302": Decimal("171.07"),
        "303": Decimal("69.41"),
        "310": Decimal("13.58"),
    }


@pytest.mark.parametrize(
    ("part", "whole", "options", "expected"),
    [
        (Decimal("2940.05"), Decimal("2940.05"), {"trim": "none"}, "100.00"),
        (Decimal("2940.05"), Decimal("2940.05"), {}, "100"),
        (Decimal("2940.05"), Decimal("2993.92"), {"trim": "none"}, "98.20"),
        (Decimal("0"), Decimal("0.95"), {"trim": "cents"}, "0"),
    ],
)
def test_a_percentage_keeps_its_zeros_where_asked(
    part: Decimal, whole: Decimal, options: dict[str, str], expected: str
) -> None:
    assert percent(part, whole, **options) == expected  # type: ignore[arg-type]


def test_a_percentage_trims_only_as_amounts_do() -> None:
    with pytest.raises(ValueError, match="trim must be one of"):
        percent(Decimal(1), Decimal(2), trim="some")


def test_final_accounts_report_what_was_spent_in_the_data_package() -> None:
    data = validate(DATA)
    phases = {
        publication.template.kind: {
            measure["phase"] for measure in exports.fiscal_model(publication)["measures"].values()
        }  # type: ignore[attr-defined]
        for publication in data.publications.values()
    }
    assert phases == {"budget": {"proposed"}, "final": {"executed"}}


def test_a_two_sided_tables_lines_are_no_classification_of_the_data_package() -> None:
    """Table 6 has no name column: its codes stay out of the classification dimensions (its CSV has them)."""
    publication = validate(DATA).publications[(YEAR, FOLDER)]
    dimensions = exports.fiscal_model(publication)["dimensions"]
    assert "economic-classification-06" not in dimensions  # type: ignore[operator]
    assert "functional-classification-05" in dimensions  # type: ignore[operator]
    header = next(
        csv.reader(io.StringIO((DATA / str(YEAR) / FOLDER / "06-general-budget-basic-by-economic.csv").read_text()))
    )
    assert header[0] == "personnel_code"
