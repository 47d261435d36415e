"""Per-table presentation settings of a template (unit, precision, blank, total_row, code_display: split,
several amounts per side, the record layout, class lines), each on a tiny template written here.

Every setting defaults to what the Guangzhou template has always done (tests/test_seed_golden.py keeps
its site byte for byte); these tests show what each setting changes, with good and bad data.
"""

from __future__ import annotations

import io
import re
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from frictionless import validate as frictionless_validate
from openpyxl import load_workbook

from conftest import DATA
from macros.checking.crosschecks import check_cross_tables
from macros.checking.identities import check_table_identities
from macros.checking.loading import TableContext, load_table
from macros.exchange import exports
from macros.model.dictionaries import Dictionaries, load_dictionaries
from macros.model.publication import Publication, Table
from macros.reading.plain_yaml import YamlDocument
from macros.reading.problems import Problem
from macros.rendering.tables import render_table
from macros.template.specs import Template, TemplateError, load_template

FOLDER = "2025/tiny-unit"


def dictionaries() -> Dictionaries:
    found, problems = load_dictionaries(DATA)
    assert found is not None, problems
    return found


DICTIONARIES = dictionaries()


def write_template(tmp_path: Path, tables: str, *, cross_checks: str = "") -> Path:
    """A template of the given tables (YAML, indented as list items under ``tables:``)."""
    path = tmp_path / "templates" / "tiny.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "id: tiny\nname_zh: 小模板\nname_en: Tiny template\ntables:\n"
        + textwrap.indent(textwrap.dedent(tables).strip("\n"), "  ")
        + "\ncross_checks:\n"
        + textwrap.indent(textwrap.dedent(cross_checks).strip("\n") or "[]", "  ")
        + "\nexplanation_figures: {}\n",
        encoding="utf-8",
    )
    return path


def template_of(tmp_path: Path, tables: str, *, cross_checks: str = "") -> Template:
    return load_template(write_template(tmp_path, tables, cross_checks=cross_checks))


def write_data(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return folder


def load(template: Template, folder: Path, *, amount_unit: str = "元") -> tuple[dict[str, Table], list[Problem]]:
    """Every table loaded and checked on its own (cells, rows, identities), as the validator does."""
    context = TableContext(dictionaries=DICTIONARIES, unit_names=("小单位",), amount_unit=amount_unit)
    tables, problems = {}, []
    for spec in template.tables:
        table, found = load_table(spec, folder=folder, context=context)
        tables[spec.id] = table
        problems += found
        problems += check_table_identities(table, dictionaries=DICTIONARIES, amount_unit=amount_unit)
    return tables, problems


def publication_of(
    template: Template, folder: Path, tables: dict[str, Table], *, amount_unit: str = "元"
) -> Publication:
    facts = YamlDocument(
        path=folder / "publication.yaml",
        data={"amount_unit": amount_unit, "name_zh": "小单位", "name_en": "Tiny unit", "table_notes": {}},
        positions={},
    )
    return Publication(
        folder=folder,
        year=2025,
        unit_id="tiny-unit",
        template=template,
        facts=facts,
        tables=tables,
        dictionaries=DICTIONARIES,
    )


def checked(
    tmp_path: Path, tables: str, files: dict[str, str], *, cross_checks: str = "", amount_unit: str = "元"
) -> tuple[Publication, list[Problem]]:
    """Load, check every table and the cross checks; the publication and every problem found."""
    template = template_of(tmp_path, tables, cross_checks=cross_checks)
    folder = write_data(tmp_path, files)
    loaded, problems = load(template, folder, amount_unit=amount_unit)
    publication = publication_of(template, folder, loaded, amount_unit=amount_unit)
    if not problems:
        problems += check_cross_tables(publication, amount_unit=amount_unit)
    return publication, sorted(set(problems))  # as the validator reports them


def places(problems: list[Problem]) -> list[tuple[str, str, int, int]]:
    """(code, file name, line, column) of each problem."""
    return [(found.code, Path(found.path).name, found.line, found.column) for found in problems]


def html_rows(publication: Publication, table_id: str, *, lang: str = "zh") -> list[list[tuple[str, str]]]:
    """The body rows of a rendered table: (tag with its colspan, text) of every cell."""
    html = render_table(publication.tables[table_id], publication=publication, lang=lang)
    soup = BeautifulSoup(html, "html.parser")
    return [
        [
            (cell.name + (f"[{cell['colspan']}]" if cell.has_attr("colspan") else ""), cell.get_text())
            for cell in row.find_all(["th", "td"])
        ]
        for row in soup.tbody.find_all("tr")
    ]


def meta_text(publication: Publication, table_id: str, *, lang: str = "zh") -> str:
    html = render_table(publication.tables[table_id], publication=publication, lang=lang)
    meta = BeautifulSoup(html, "html.parser").find(class_="budget-table__meta")
    assert meta is not None
    return meta.get_text(" ")


# --- precision -------------------------------------------------------------------------------------

WHOLE_YUAN = """
- id: "01"
  file: 01-items.csv
  title_zh: 项目表
  title_en: Items
  layout: fixed
  precision: 0
  columns:
    - {id: item, type: label, header_zh: [项目], header_en: [Item]}
    - {id: total, type: amount, header_zh: [合计], header_en: [Total]}
    - {id: first, type: amount, header_zh: [甲], header_en: [A]}
    - {id: second, type: amount, header_zh: [乙], header_en: [B]}
    - {id: third, type: amount, header_zh: [丙], header_en: [C]}
  sides:
    - label_column: item
      rows:
        - {key: office, label: 办公, label_en: Office}
  row_sums:
    - {total: total, parts: [first, second, third]}
"""


def test_whole_yuan_allow_half_a_yuan_per_figure(tmp_path: Path) -> None:
    """Four figures (a total and three parts) at precision 0: rounding explains 4 × 0.5 = 2 yuan."""
    _, problems = checked(
        tmp_path, WHOLE_YUAN, {"01-items.csv": "item,total,first,second,third\n办公,1002,300,300,400\n"}
    )
    assert problems == []


def test_whole_yuan_off_by_more_than_rounding_is_reported(tmp_path: Path) -> None:
    _, problems = checked(
        tmp_path, WHOLE_YUAN, {"01-items.csv": "item,total,first,second,third\n办公,1003,300,300,400\n"}
    )
    assert places(problems) == [("ROW_SUM_MISMATCH", "01-items.csv", 2, 2)]
    message = problems[0].message()
    assert "相差 3元" in message and "只能解释 2元（4 个数 × 0.5）" in message, message
    assert "rounding explains at most 2 元 (4 figures × 0.5)" in problems[0].message(lang="en")


def test_whole_yuan_refuse_decimals_and_say_so(tmp_path: Path) -> None:
    _, problems = checked(
        tmp_path, WHOLE_YUAN, {"01-items.csv": "item,total,first,second,third\n办公,1000.5,300,300,400\n"}
    )
    assert places(problems) == [("AMOUNT_DECIMALS", "01-items.csv", 2, 2)]
    assert "1000.5 带有小数：金额以元为单位，只写整数。" in problems[0].message()
    assert "has decimals; amounts in 元 are whole numbers" in problems[0].message(lang="en")


def test_two_decimals_keep_their_messages(tmp_path: Path) -> None:
    """The default precision (2) words its messages as before."""
    tables = WHOLE_YUAN.replace("  precision: 0\n", "")
    _, problems = checked(tmp_path, tables, {"01-items.csv": "item,total,first,second,third\n办公,10.005,3,3,4\n"})
    assert places(problems) == [("AMOUNT_DECIMALS", "01-items.csv", 2, 2)]
    assert problems[0].message() == "列 total（合计） 的金额 10.005 超过两位小数：金额以元为单位，保留两位小数。"
    _, problems = checked(tmp_path, tables, {"01-items.csv": "item,total,first,second,third\n办公,10.03,3,3,4\n"})
    assert "（4 个数 × 0.005）" in problems[0].message()


def test_whole_yuan_print_without_decimals(tmp_path: Path) -> None:
    publication, problems = checked(
        tmp_path, WHOLE_YUAN, {"01-items.csv": "item,total,first,second,third\n办公,1234000,300000,434000,500000\n"}
    )
    assert problems == []
    assert html_rows(publication, "01") == [
        [("th", "办公"), ("td", "1,234,000"), ("td", "300,000"), ("td", "434,000"), ("td", "500,000")]
    ]
    sheet = load_workbook(io.BytesIO(exports.workbook(publication, lang="zh"))).worksheets[0]
    amounts = list(sheet[4])[1:]
    assert [cell.value for cell in amounts] == [1234000, 300000, 434000, 500000]
    assert {cell.number_format for cell in amounts} == {"#,##0"}


@pytest.mark.parametrize("precision", ["3", "two", "true", "'2'"])
def test_precision_is_0_1_or_2(tmp_path: Path, precision: str) -> None:
    with pytest.raises(TemplateError, match="precision must be one of 0, 1, 2"):
        template_of(tmp_path, WHOLE_YUAN.replace("precision: 0", f"precision: {precision}"))


# --- unit ------------------------------------------------------------------------------------------

TWO_UNITS = """
- id: "01"
  file: 01-three-public.csv
  title_zh: 三公经费表
  title_en: Three public expenses
  layout: fixed
  unit: 万元
  columns:
    - {id: item, type: label, header_zh: [项目], header_en: [Item]}
    - {id: amount, type: amount, header_zh: [预算数], header_en: [Budget]}
  sides:
    - label_column: item
      rows:
        - {key: reception, label: 公务接待费, label_en: Official receptions}
- id: "02"
  file: 02-basic-by-economic.csv
  title_zh: 基本支出表
  title_en: Basic expenditure
  layout: fixed
  columns:
    - {id: item, type: label, header_zh: [项目], header_en: [Item]}
    - {id: amount, type: amount, header_zh: [预算数], header_en: [Budget]}
  sides:
    - label_column: item
      rows:
        - {key: reception, label: 公务接待费, label_en: Official receptions}
"""
RECEPTION_EQUAL = """
- left: ["01:reception:amount"]
  right: ["02:reception:amount"]
"""


def two_units(tmp_path: Path, yuan: str) -> tuple[Publication, list[Problem]]:
    return checked(
        tmp_path,
        TWO_UNITS,
        {
            "01-three-public.csv": "item,amount\n公务接待费,28.50\n",
            "02-basic-by-economic.csv": f"item,amount\n公务接待费,{yuan}\n",
        },
        cross_checks=RECEPTION_EQUAL,
    )


@pytest.mark.parametrize("yuan", ["285000.00", "285100.00", "284900.00"])
def test_a_cross_check_converts_units_and_allows_the_coarser_rounding(tmp_path: Path, yuan: str) -> None:
    """28.50 万元 is 285,000 元; the 万元 figure may be 50 元 off and so may the other (the coarser side's
    rounding per figure): 100 元 in all."""
    _, problems = two_units(tmp_path, yuan)
    assert problems == []


def test_a_cross_check_in_two_units_reports_in_the_finer_one(tmp_path: Path) -> None:
    _, problems = two_units(tmp_path, "285100.01")
    assert places(problems) == [("CROSS_TABLE_MISMATCH", "01-three-public.csv", 2, 2)]
    assert problems[0].message() == (
        "表1“公务接待费”行 amount（预算数）（万元） = 285000.00，但按规定应等于 表2“公务接待费”行 amount（预算数）（元） "
        "= 285100.01，相差 100.01元；四舍五入最多只能解释 100元（2 个数 × 50）。"
    )


def test_a_table_names_its_own_unit(tmp_path: Path) -> None:
    publication, problems = two_units(tmp_path, "285000.00")
    assert problems == []
    assert publication.unit_of(publication.template.table("01")) == "万元"
    assert publication.unit_of(publication.template.table("02")) == "元"  # the publication's amount_unit
    assert "单位：万元" in meta_text(publication, "01") and "单位：元" in meta_text(publication, "02")
    assert "Amounts in 10,000 yuan (CNY)" in meta_text(publication, "01", lang="en")
    book = load_workbook(io.BytesIO(exports.workbook(publication, lang="zh")))
    assert [sheet["B2"].value for sheet in book.worksheets] == ["单位：万元", "单位：元"]


def test_the_data_package_gives_each_table_its_own_factor(tmp_path: Path) -> None:
    publication, _ = two_units(tmp_path, "285000.00")
    measures = exports.fiscal_model(publication)["measures"]
    assert isinstance(measures, dict)
    assert measures["2025-tiny-unit-01-amount"]["factor"] == 10000
    assert measures["2025-tiny-unit-02-amount"]["factor"] == 1


def test_a_unit_is_one_the_site_knows(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="unit must be one of"):
        template_of(tmp_path, TWO_UNITS.replace("unit: 万元", "unit: 亿元"))


def test_an_amount_message_names_the_tables_unit(tmp_path: Path) -> None:
    _, problems = checked(
        tmp_path,
        TWO_UNITS,
        {
            "01-three-public.csv": "item,amount\n公务接待费,二十\n",
            "02-basic-by-economic.csv": "item,amount\n公务接待费,1\n",
        },
        cross_checks=RECEPTION_EQUAL,
    )
    assert places(problems) == [("AMOUNT_NOT_NUMBER", "01-three-public.csv", 2, 2)]
    assert "单位：万元" in problems[0].message()


# --- total_row ---------------------------------------------------------------------------------------

BY_FUNCTION = """
- id: "01"
  file: 01-by-function.csv
  title_zh: 支出表
  title_en: Expenditure
  layout: classified
  total_row: {position: last, label: 合计}
  columns:
    - {id: function_code, type: function_code, header_zh: [科目编码], header_en: [Code]}
    - {id: name, type: name, header_zh: [科目名称], header_en: [Name]}
    - {id: total, type: amount, header_zh: [合计], header_en: [Total]}
    - {id: basic, type: amount, header_zh: [基本支出], header_en: [Basic]}
    - {id: project, type: amount, header_zh: [项目支出], header_en: [Project]}
  row_sums:
    - {total: total, parts: [basic, project]}
"""
HEADER = "function_code,name,total,basic,project\n"
CODE_LINES = """\
201,一般公共服务支出,30.00,10.00,20.00
20103,政府办公厅（室）及相关机构事务,30.00,10.00,20.00
2010301,行政运行,30.00,10.00,20.00
"""


def test_a_total_row_last(tmp_path: Path) -> None:
    publication, problems = checked(
        tmp_path, BY_FUNCTION, {"01-by-function.csv": HEADER + CODE_LINES + ",合计,30.00,10.00,20.00\n"}
    )
    assert problems == []
    table = publication.tables["01"]
    assert [row.key for row in table.rows] == ["201", "20103", "2010301", "total"]
    html = render_table(table, publication=publication, lang="zh")
    last = BeautifulSoup(html, "html.parser").tbody.find_all("tr")[-1]
    assert last["class"] == ["row-total"] and last.th.get_text() == "合计"


def test_a_total_row_last_is_checked_against_the_classes(tmp_path: Path) -> None:
    _, problems = checked(
        tmp_path, BY_FUNCTION, {"01-by-function.csv": HEADER + CODE_LINES + ",合计,31.00,10.00,21.00\n"}
    )
    assert places(problems) == [
        ("SUBTOTAL_MISMATCH", "01-by-function.csv", 5, 3),
        ("SUBTOTAL_MISMATCH", "01-by-function.csv", 5, 5),
    ]


def test_a_total_row_first_where_the_template_says_last(tmp_path: Path) -> None:
    _, problems = checked(
        tmp_path, BY_FUNCTION, {"01-by-function.csv": HEADER + ",合计,30.00,10.00,20.00\n" + CODE_LINES}
    )
    assert places(problems) == [
        ("TOTAL_ROW_MISSING", "01-by-function.csv", 2, 2),
        ("TOTAL_ROW_MISSING", "01-by-function.csv", 5, 1),
    ]
    misplaced, missing = problems
    assert misplaced.message() == (
        "最后一行数据应为“合计”行（合计行要放在表末的最后一行，不在表头下面），实际为 “,合计”。"
    )
    assert missing.message() == "最后一行数据应为“合计”行（科目编码为空、名称为 合计），实际为 “2010301,行政运行”。"
    assert missing.message(lang="en").startswith("the last data line must be the total line")


def test_the_default_total_row_is_first(tmp_path: Path) -> None:
    """The Guangzhou tables: 合计 first; the same lines with 合计 last are refused with today's message."""
    tables = BY_FUNCTION.replace("  total_row: {position: last, label: 合计}\n", "")
    _, problems = checked(tmp_path, tables, {"01-by-function.csv": HEADER + ",合计,30.00,10.00,20.00\n" + CODE_LINES})
    assert problems == []
    _, problems = checked(tmp_path, tables, {"01-by-function.csv": HEADER + CODE_LINES + ",合计,30.00,10.00,20.00\n"})
    assert places(problems) == [
        ("TOTAL_ROW_MISSING", "01-by-function.csv", 2, 1),
        ("TOTAL_ROW_MISSING", "01-by-function.csv", 5, 2),
    ]
    assert problems[1].message() == "第一行数据应为“合计”行（合计行要放在表头下面的第一行，不在表末），实际为 “,合计”。"


def test_no_total_row(tmp_path: Path) -> None:
    tables = BY_FUNCTION.replace("position: last", "position: none")
    publication, problems = checked(tmp_path, tables, {"01-by-function.csv": HEADER + CODE_LINES})
    assert problems == [] and [row.key for row in publication.tables["01"].rows] == ["201", "20103", "2010301"]
    _, problems = checked(tmp_path, tables, {"01-by-function.csv": HEADER + CODE_LINES + ",合计,30.00,10.00,20.00\n"})
    assert places(problems) == [("CODE_FORMAT", "01-by-function.csv", 5, 1)]


def test_a_total_row_with_another_label(tmp_path: Path) -> None:
    tables = BY_FUNCTION.replace("label: 合计", "label: 总计")
    _, problems = checked(tmp_path, tables, {"01-by-function.csv": HEADER + CODE_LINES + ",总计,30.00,10.00,20.00\n"})
    assert problems == []
    _, problems = checked(tmp_path, tables, {"01-by-function.csv": HEADER + CODE_LINES + ",合计,30.00,10.00,20.00\n"})
    assert places(problems) == [("TOTAL_ROW_MISSING", "01-by-function.csv", 5, 2)]
    assert problems[0].message().startswith("最后一行数据应为“总计”行（科目编码为空、名称为 总计）")


BY_UNIT = """
- id: "01"
  file: 01-by-unit.csv
  title_zh: 基本支出表
  title_en: Basic expenditure
  layout: units
  detail_row_type: economic_class
  total_row: {position: last}
  columns:
    - {id: row_type, type: row_type, header_zh: [], header_en: []}
    - {id: economic_code, type: economic_code, header_zh: [], header_en: []}
    - {id: name, type: name, header_zh: [项目], header_en: [Item]}
    - {id: amount, type: amount, header_zh: [金额], header_en: [Amount]}
"""
UNIT_LINES = "row_type,economic_code,name,amount\nunit,,小单位,5.00\neconomic_class,301,工资福利支出,5.00\n"


def test_a_units_table_with_its_total_last(tmp_path: Path) -> None:
    publication, problems = checked(tmp_path, BY_UNIT, {"01-by-unit.csv": UNIT_LINES + "total,,合计,5.00\n"})
    assert problems == []
    assert [row.key for row in publication.tables["01"].rows] == ["unit", "economic_class", "total"]
    _, problems = checked(tmp_path, BY_UNIT, {"01-by-unit.csv": UNIT_LINES + "total,,合计,6.00\n"})
    assert places(problems) == [("SUBTOTAL_MISMATCH", "01-by-unit.csv", 4, 4)]
    first = "row_type,economic_code,name,amount\ntotal,,合计,5.00\n" + UNIT_LINES.split("\n", 1)[1]
    _, problems = checked(tmp_path, BY_UNIT, {"01-by-unit.csv": first})
    assert places(problems) == [("ROW_TYPE", "01-by-unit.csv", 2, 1), ("ROW_TYPE", "01-by-unit.csv", 4, 1)]
    assert "最后一行为 total（合计）" in problems[0].message()


@pytest.mark.parametrize(
    ("setting", "error"),
    [
        ("{position: middle}", "position must be one of first, last, none"),
        ("{place: last}", "total_row must be"),
        ("last", "total_row must be"),
    ],
)
def test_total_row_settings_are_checked(tmp_path: Path, setting: str, error: str) -> None:
    with pytest.raises(TemplateError, match=error):
        template_of(tmp_path, BY_FUNCTION.replace("{position: last, label: 合计}", setting))


def test_total_row_is_for_classified_and_units_tables(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="total_row is for classified and units tables"):
        template_of(tmp_path, WHOLE_YUAN.replace("  precision: 0\n", "  total_row: {position: last}\n"))


# --- blank -------------------------------------------------------------------------------------------

BLANK_ZERO = BY_FUNCTION.replace("  total_row: {position: last, label: 合计}\n", "  blank: zero\n")
BLANK_LINES = """\
,合计,30.00,30.00,
201,一般公共服务支出,30.00,30.00,
20103,政府办公厅（室）及相关机构事务,30.00,30.00,
2010301,行政运行,30.00,30.00,
"""


def test_blank_zero_cells_count_as_zero_and_print_blank(tmp_path: Path) -> None:
    publication, problems = checked(tmp_path, BLANK_ZERO, {"01-by-function.csv": HEADER + BLANK_LINES})
    assert problems == []
    table = publication.tables["01"]
    assert [row.amounts["project"] for row in table.rows] == [Decimal(0)] * 4
    assert html_rows(publication, "01")[1] == [
        ("td", "201"),
        ("th", "一般公共服务支出"),
        ("td", "30.00"),
        ("td", "30.00"),
        ("td", ""),
    ]
    html = render_table(table, publication=publication, lang="zh")
    assert '<td class="num" data-search-exclude></td></tr>' in html


def test_blank_zero_cells_are_checked_as_zeros(tmp_path: Path) -> None:
    lines = BLANK_LINES.replace("2010301,行政运行,30.00,30.00,", "2010301,行政运行,30.00,,")
    _, problems = checked(tmp_path, BLANK_ZERO, {"01-by-function.csv": HEADER + lines})
    assert ("ROW_SUM_MISMATCH", "01-by-function.csv", 5, 3) in places(problems)


def test_blank_zero_downloads(tmp_path: Path) -> None:
    """The CSV download keeps the cell blank (as the data file has it); the data package says 0."""
    publication, _ = checked(tmp_path, BLANK_ZERO, {"01-by-function.csv": HEADER + BLANK_LINES})
    table = publication.tables["01"]
    assert exports.table_csv(table).decode("utf-8-sig").splitlines()[2] == "201,一般公共服务支出,30.00,30.00,"
    (resource,) = exports.resources(publication)
    assert "path" not in resource
    assert resource["data"] == [
        ["function_code", "name", "total", "basic", "project"],
        ["", "合计", 30, 30, 0],
        ["201", "一般公共服务支出", 30, 30, 0],
        ["20103", "政府办公厅（室）及相关机构事务", 30, 30, 0],
        ["2010301", "行政运行", 30, 30, 0],
    ]
    package = tmp_path / "datapackage.json"
    package.write_bytes(exports.json_bytes(exports.datapackage(publication)))
    report = frictionless_validate(str(package))
    assert report.valid, report.flatten(["type", "note"])
    sheet = load_workbook(io.BytesIO(exports.workbook(publication, lang="zh"))).worksheets[0]
    assert [cell.value for cell in sheet[5]] == ["201", "一般公共服务支出", 30, 30, None]


def test_blank_cells_are_refused_by_default(tmp_path: Path) -> None:
    tables = BLANK_ZERO.replace("  blank: zero\n", "")
    publication, problems = checked(tmp_path, tables, {"01-by-function.csv": HEADER + BLANK_LINES})
    assert places(problems) == [("AMOUNT_EMPTY", "01-by-function.csv", line, 5) for line in (2, 3, 4, 5)]
    assert problems[0].message() == "列 project（项目支出） 的金额为空：应填写金额，没有发生额请填 0.00。"
    (resource,) = exports.resources(publication)
    assert resource["path"] == "01-by-function.csv" and "data" not in resource
    whole = tables.replace("layout: classified\n", "layout: classified\n  precision: 0\n")
    _, problems = checked(tmp_path, whole, {"01-by-function.csv": HEADER + BLANK_LINES.replace(".00", "")})
    assert problems[0].message() == "列 project（项目支出） 的金额为空：应填写金额，没有发生额请填 0。"


def test_blank_is_refuse_or_zero(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="blank must be one of refuse, zero"):
        template_of(tmp_path, BLANK_ZERO.replace("blank: zero", "blank: empty"))


# --- several amount columns on a side ----------------------------------------------------------------

FISCAL = """
- id: "01"
  file: 01-fiscal.csv
  title_zh: 财政拨款收支总表
  title_en: Fiscal appropriations
  layout: two_sided
  blank: zero
  columns:
    - {id: income_item, type: label, header_zh: [收入, 项目], header_en: [Income, Item]}
    - {id: income_amount, type: amount, header_zh: [收入, 预算数], header_en: [Income, Budget]}
    - {id: expenditure_item, type: label, header_zh: [支出, 项目], header_en: [Expenditure, Item]}
    - {id: expenditure_total, type: amount, header_zh: [支出, 合计], header_en: [Expenditure, Total]}
    - {id: general_budget, type: amount, header_zh: [支出, 一般公共预算], header_en: [Expenditure, General budget]}
    - {id: government_fund, type: amount, header_zh: [支出, 政府性基金预算], header_en: [Expenditure, Government fund]}
  sides:
    - label_column: income_item
      amount_column: income_amount
      rows:
        - {key: general_income, label: 一、一般公共预算资金, label_en: 1. General public budget}
        - {key: fund_income, label: 二、政府性基金, label_en: 2. Government funds}
        - {key: income_grand_total, label: 收入总计, label_en: Grand total income}
    - label_column: expenditure_item
      amount_columns: [expenditure_total, general_budget, government_fund]
      rows:
        - {key: "201", label: 一、一般公共服务支出}
        - {key: "208", label: 二、社会保障和就业支出}
        - {key: expenditure_grand_total, label: 支出总计, label_en: Grand total expenditure}
  row_sums:
    - {total: expenditure_total, parts: [general_budget, government_fund]}
  row_totals:
    - {total: income_grand_total, parts: [general_income, fund_income]}
    - {total: expenditure_grand_total, parts: ["201", "208"]}
    - {total: "income_grand_total:income_amount", parts: ["expenditure_grand_total:expenditure_total"]}
    - {total: "general_income:income_amount", parts: ["expenditure_grand_total:general_budget"]}
  aligned_rows:
    - [income_grand_total, expenditure_grand_total]
"""
FISCAL_HEADER = "income_item,income_amount,expenditure_item,expenditure_total,general_budget,government_fund\n"
FISCAL_LINES = """\
一、一般公共预算资金,100.00,一、一般公共服务支出,70.00,70.00,
二、政府性基金,,二、社会保障和就业支出,30.00,30.00,
收入总计,100.00,支出总计,100.00,100.00,
"""


def test_a_side_with_several_amount_columns(tmp_path: Path) -> None:
    publication, problems = checked(tmp_path, FISCAL, {"01-fiscal.csv": FISCAL_HEADER + FISCAL_LINES})
    assert problems == []
    rows = {row.key: row for row in publication.tables["01"].rows}
    assert rows["expenditure_grand_total"].amounts == {
        "expenditure_total": Decimal("100.00"),
        "general_budget": Decimal("100.00"),
        "government_fund": Decimal(0),
    }
    assert rows["fund_income"].amounts == {"income_amount": Decimal(0)}
    assert html_rows(publication, "01")[1] == [
        ("th", "二、政府性基金"),
        ("td", ""),
        ("td", "二、社会保障和就业支出"),
        ("td", "30.00"),
        ("td", "30.00"),
        ("td", ""),
    ]


def test_each_amount_column_of_a_side_adds_up(tmp_path: Path) -> None:
    """支出总计 = Σ classes in each of its three columns; the general budget one is wrong here, and so
    are the identities that read it (the row's own sum, and 一、一般公共预算资金 across the sides)."""
    lines = FISCAL_LINES.replace("支出总计,100.00,100.00,", "支出总计,100.00,99.00,")
    _, problems = checked(tmp_path, FISCAL, {"01-fiscal.csv": FISCAL_HEADER + lines})
    assert places(problems) == [
        ("ROW_SUM_MISMATCH", "01-fiscal.csv", 2, 2),
        ("ROW_SUM_MISMATCH", "01-fiscal.csv", 4, 4),
        ("ROW_SUM_MISMATCH", "01-fiscal.csv", 4, 5),
    ]
    across, _, per_column = problems
    assert across.message().startswith(
        "“一、一般公共预算资金” 为 100.00，而 “支出总计”（支出／一般公共预算） 之和为 99.00，相差 1.00元"
    )
    assert per_column.message().startswith(
        "“支出总计”（支出／一般公共预算） 为 99.00，而 “一、一般公共服务支出”（支出／一般公共预算） + "
        "“二、社会保障和就业支出”（支出／一般公共预算） 之和为 100.00"
    )


def test_a_blank_side_keeps_its_amount_cells_empty(tmp_path: Path) -> None:
    lines = FISCAL_LINES + ",,三、卫生健康支出,0.00,,5.00\n"
    _, problems = checked(
        tmp_path, FISCAL, {"01-fiscal.csv": FISCAL_HEADER + lines.replace(",,三、卫生", ",1.00,三、卫生")}
    )
    assert ("CELL_UNEXPECTED", "01-fiscal.csv", 5, 2) in places(problems)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (
            (
                '"income_grand_total:income_amount", parts: ["expenditure_grand_total:expenditure_total"]',
                '"income_grand_total:income_amount", parts: [expenditure_grand_total]',
            ),
            "part expenditure_grand_total stands on another side than income_grand_total:income_amount",
        ),
        (
            (
                "{total: income_grand_total, parts: [general_income, fund_income]}",
                "{total: income_grand_total, parts: [general_income, expenditure_grand_total]}",
            ),
            "part expenditure_grand_total stands on another side than income_grand_total",
        ),
        (
            ('parts: ["expenditure_grand_total:general_budget"]', 'parts: ["expenditure_grand_total:income_amount"]'),
            "names expenditure_grand_total:income_amount, a column not on that row's side",
        ),
        (
            (
                "      amount_column: income_amount\n",
                "      amount_column: income_amount\n      amount_columns: [income_amount]\n",
            ),
            "amount_column or amount_columns, not both",
        ),
        (
            ("amount_columns: [expenditure_total,", "amount_columns: [expenditure_item,"),
            "a side names an unknown column or one that holds no amounts",
        ),
    ],
)
def test_row_totals_name_columns_across_sides(tmp_path: Path, change: tuple[str, str], error: str) -> None:
    old, new = change
    assert old in FISCAL
    with pytest.raises(TemplateError, match=re.escape(error)):
        template_of(tmp_path, FISCAL.replace(old, new))


# --- record ------------------------------------------------------------------------------------------

RECORD = """
- id: "01"
  file: 01-three-public.csv
  title_zh: 三公经费预算表
  title_en: Three public expenses
  layout: record
  unit: 万元
  blank: zero
  columns:
    - {id: three_public_total, type: amount, header_zh: [三公经费, 合计], header_en: [Three public expenses, Total]}
    - {id: abroad, type: amount, header_zh: [三公经费, 因公出国(境)费], header_en: [Three public expenses, Abroad]}
    - {id: reception, type: amount, header_zh: [三公经费, 公务接待费], header_en: [Three public expenses, Receptions]}
    - {id: vehicles, type: amount, header_zh: [三公经费, 公务用车, 小计], header_en: [Three public expenses, Vehicles, Subtotal]}
    - {id: vehicle_purchase, type: amount, header_zh: [三公经费, 公务用车, 购置费], header_en: [Three public expenses, Vehicles, Purchase]}
    - {id: vehicle_operation, type: amount, header_zh: [三公经费, 公务用车, 运行费], header_en: [Three public expenses, Vehicles, Running]}
    - {id: operating_expenses, type: amount, header_zh: [机关运行经费], header_en: [Operating expenses]}
  row_sums:
    - {total: three_public_total, parts: [abroad, reception, vehicles]}
    - {total: vehicles, parts: [vehicle_purchase, vehicle_operation]}
"""
RECORD_HEADER = "three_public_total,abroad,reception,vehicles,vehicle_purchase,vehicle_operation,operating_expenses\n"


def test_a_record_is_one_line_of_amounts(tmp_path: Path) -> None:
    publication, problems = checked(
        tmp_path, RECORD, {"01-three-public.csv": RECORD_HEADER + "867.50,839.00,28.50,,,,213.28\n"}
    )
    assert problems == []
    (row,) = publication.tables["01"].rows
    assert row.key == "only" and row.amounts["abroad"] == Decimal("839.00") and row.amounts["vehicles"] == 0
    assert html_rows(publication, "01") == [
        [("td", "867.50"), ("td", "839.00"), ("td", "28.50"), ("td", ""), ("td", ""), ("td", ""), ("td", "213.28")]
    ]
    soup = BeautifulSoup(render_table(publication.tables["01"], publication=publication, lang="zh"), "html.parser")
    assert [th.get_text() for th in soup.thead.find_all("tr")[0].find_all("th")] == ["三公经费", "机关运行经费"]
    assert "单位：万元" in meta_text(publication, "01")


def test_a_record_adds_up_inside_its_line(tmp_path: Path) -> None:
    _, problems = checked(
        tmp_path, RECORD, {"01-three-public.csv": RECORD_HEADER + "867.50,839.00,28.50,1.00,,,213.28\n"}
    )
    assert places(problems) == [
        ("ROW_SUM_MISMATCH", "01-three-public.csv", 2, 1),
        ("ROW_SUM_MISMATCH", "01-three-public.csv", 2, 4),
    ]


def test_a_record_has_exactly_one_line(tmp_path: Path) -> None:
    line = "867.50,839.00,28.50,,,,213.28\n"
    _, problems = checked(tmp_path, RECORD, {"01-three-public.csv": RECORD_HEADER + line + line})
    assert places(problems) == [("CELL_UNEXPECTED", "01-three-public.csv", 3, 1)]
    _, problems = checked(tmp_path, RECORD, {"01-three-public.csv": RECORD_HEADER})
    assert places(problems) == [("ROW_MISSING", "01-three-public.csv", 1, 1)]


def test_a_record_row_is_referred_to_as_only(tmp_path: Path) -> None:
    """A cross check reads the record's line as ``only``: 28.50 万元 is 285,000 元."""
    tables = RECORD + '- id: "02"' + TWO_UNITS.split('- id: "02"')[1]
    files = {
        "01-three-public.csv": RECORD_HEADER + "867.50,839.00,28.50,,,,213.28\n",
        "02-basic-by-economic.csv": "item,amount\n公务接待费,285000.00\n",
    }
    checks = '- {left: ["01:only:reception"], right: ["02:reception:amount"]}'
    _, problems = checked(tmp_path, tables, files, cross_checks=checks)
    assert problems == []
    files["02-basic-by-economic.csv"] = "item,amount\n公务接待费,185000.00\n"
    _, problems = checked(tmp_path, tables, files, cross_checks=checks)
    assert places(problems) == [("CROSS_TABLE_MISMATCH", "01-three-public.csv", 2, 3)]


def test_a_record_has_no_labels_or_codes(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="a record is one line of amounts"):
        template_of(
            tmp_path,
            RECORD.replace("type: amount, header_zh: [机关运行经费]", "type: label, header_zh: [机关运行经费]"),
        )


# --- class lines on a side ---------------------------------------------------------------------------

SUMMARY = """
- id: "01"
  file: 01-summary.csv
  title_zh: 财务收支预算总表
  title_en: Summary
  layout: two_sided
  blank: zero
  columns:
    - {id: income_item, type: label, header_zh: [收入, 项目], header_en: [Income, Item]}
    - {id: income_amount, type: amount, header_zh: [收入, 预算数], header_en: [Income, Budget]}
    - {id: expenditure_item, type: label, header_zh: [支出, 项目], header_en: [Expenditure, Item]}
    - {id: expenditure_amount, type: amount, header_zh: [支出, 预算数], header_en: [Expenditure, Budget]}
  sides:
    - label_column: income_item
      amount_column: income_amount
      rows:
        - {key: fiscal, label: 一、财政拨款收入, label_en: 1. Fiscal appropriations}
        - {key: other, label: 二、其他收入, label_en: 2. Other income}
        - {key: income_grand_total, label: 收入总计, label_en: Grand total income}
    - label_column: expenditure_item
      amount_column: expenditure_amount
      rows:
        - {classes: function_class, label: "{ordinal}、{name}"}
        - {key: expenditure_grand_total, label: 支出总计, label_en: Grand total expenditure}
  row_totals:
    - {total: income_grand_total, parts: [fiscal, other]}
    - {total: expenditure_grand_total, parts: [{classes: function_class}]}
    - {total: "income_grand_total:income_amount", parts: ["expenditure_grand_total:expenditure_amount"]}
  aligned_rows:
    - [income_grand_total, expenditure_grand_total]
"""
SUMMARY_HEADER = "income_item,income_amount,expenditure_item,expenditure_amount\n"
SUMMARY_LINES = """\
一、财政拨款收入,100.00,一、一般公共服务支出,60.00
二、其他收入,,二、社会保障和就业支出,30.00
,,三、卫生健康支出,10.00
收入总计,100.00,支出总计,100.00
"""
BY_CLASS = """
- id: "02"
  file: 02-by-function.csv
  title_zh: 支出表
  title_en: Expenditure
  layout: classified
  columns:
    - {id: function_code, type: function_code, header_zh: [科目编码], header_en: [Code]}
    - {id: name, type: name, header_zh: [科目名称], header_en: [Name]}
    - {id: total, type: amount, header_zh: [合计], header_en: [Total]}
"""
BY_CLASS_LINES = """\
function_code,name,total
,合计,100.00
201,一般公共服务支出,60.00
20103,政府办公厅（室）及相关机构事务,60.00
2010301,行政运行,60.00
208,社会保障和就业支出,30.00
20805,行政事业单位养老支出,30.00
2080501,行政单位离退休,30.00
210,卫生健康支出,10.00
21011,行政事业单位医疗,10.00
2101101,行政单位医疗,10.00
"""
EACH_CLASS = """
- for_each: function_class
  left: ["01:{class}:expenditure_amount"]
  right: ["02:{class}:total"]
"""


def summary(tmp_path: Path, lines: str, *, classes: str = BY_CLASS_LINES) -> tuple[Publication, list[Problem]]:
    files = {"01-summary.csv": SUMMARY_HEADER + lines, "02-by-function.csv": classes}
    return checked(tmp_path, SUMMARY + BY_CLASS, files, cross_checks=EACH_CLASS)


def test_a_side_of_class_lines(tmp_path: Path) -> None:
    publication, problems = summary(tmp_path, SUMMARY_LINES)
    assert problems == []
    table = publication.tables["01"]
    assert [row.key for row in table.rows if "expenditure_item" in row.texts] == [
        "201",
        "208",
        "210",
        "expenditure_grand_total",
    ]
    assert [cells[2][1] for cells in html_rows(publication, "01", lang="en")] == [
        "1. General public services",
        "2. Social security and employment",
        "3. Health",
        "Grand total expenditure",
    ]


def test_class_lines_are_any_classes_in_code_order(tmp_path: Path) -> None:
    """Two classes (201, 210): 一 and 二; their sum is 支出总计."""
    lines = "一、财政拨款收入,100.00,一、一般公共服务支出,90.00\n二、其他收入,,二、卫生健康支出,10.00\n收入总计,100.00,支出总计,100.00\n"
    classes = "".join(line + "\n" for line in BY_CLASS_LINES.splitlines() if not line.startswith("208"))
    classes = classes.replace(",60.00", ",90.00")
    publication, problems = summary(tmp_path, lines, classes=classes)
    assert problems == []
    assert [row.key for row in publication.tables["01"].rows if "expenditure_item" in row.texts] == [
        "201",
        "210",
        "expenditure_grand_total",
    ]


def test_a_class_line_missing_from_the_summary_is_caught_by_the_cross_check(tmp_path: Path) -> None:
    """No 三、卫生健康支出 in the summary although the publication has class 210 (and 208 is too large)."""
    lines = SUMMARY_LINES.replace(",,三、卫生健康支出,10.00\n", "").replace("和就业支出,30.00", "和就业支出,40.00")
    _, problems = summary(tmp_path, lines)
    assert places(problems) == [
        ("CROSS_TABLE_MISMATCH", "01-summary.csv", 3, 4),
        ("CROSS_TABLE_MISMATCH", "02-by-function.csv", 9, 3),
    ]
    assert "210（本表无此行，按 0.00 计）" in problems[1].message()


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("三、社会保障和就业支出", "二、社会保障和就业支出"),  # the wrong ordinal
        ("二、社会保障和就业", "二、（data/dictionaries/function-codes.csv 中的类名称）"),  # no class's name
        ("二 、社会保障和就业支出", "二、社会保障和就业支出"),
    ],
)
def test_a_class_line_label_is_the_ordinal_and_the_dictionary_name(tmp_path: Path, label: str, expected: str) -> None:
    _, problems = summary(tmp_path, SUMMARY_LINES.replace("二、社会保障和就业支出", label))
    assert places(problems) == [("ROW_LABEL", "01-summary.csv", 3, 3)]
    assert problems[0].message() == (
        f"此行的 expenditure_item 应为 “{expected}”（本表的行按公开模板固定），实际为 “{label}”。"
    )


def test_class_lines_in_code_order(tmp_path: Path) -> None:
    lines = SUMMARY_LINES.replace("二、社会保障和就业支出,30.00", "二、卫生健康支出,10.00", 1).replace(
        "三、卫生健康支出,10.00", "三、社会保障和就业支出,30.00"
    )
    _, problems = summary(tmp_path, lines)
    assert places(problems) == [("CODE_ORDER", "01-summary.csv", 4, 3)]
    lines = SUMMARY_LINES.replace("三、卫生健康支出", "三、社会保障和就业支出")
    _, problems = summary(tmp_path, lines)
    assert places(problems) == [("CODE_DUPLICATE", "01-summary.csv", 4, 3)]


def test_the_fixed_lines_after_the_class_lines(tmp_path: Path) -> None:
    """A misspelt 支出总计 is read as a fourth class line; the message names both what it could be."""
    _, problems = summary(tmp_path, SUMMARY_LINES.replace("支出总计,100.00", "支出合计,100.00"))
    assert places(problems) == [("ROW_LABEL", "01-summary.csv", 5, 3)]
    assert (
        problems[0]
        .message()
        .startswith(
            "此行的 expenditure_item 应为 “四、（data/dictionaries/function-codes.csv 中的类名称）”或“支出总计”"
        )
    )
    _, problems = summary(tmp_path, SUMMARY_LINES.replace("收入总计,100.00,支出总计,100.00", "收入总计,100.00,,"))
    assert places(problems) == [("ROW_MISSING", "01-summary.csv", 4, 1)]


def test_the_class_lines_add_up_to_their_total(tmp_path: Path) -> None:
    _, problems = summary(tmp_path, SUMMARY_LINES.replace("支出总计,100.00", "支出总计,99.00"))
    assert ("ROW_SUM_MISMATCH", "01-summary.csv", 5, 4) in places(problems)
    found = next(found for found in problems if found.line == 5 and found.column == 4)
    assert found.message().startswith(
        "“支出总计” 为 99.00，而 “一、一般公共服务支出” + “二、社会保障和就业支出” + “三、卫生健康支出” 之和为 100.00"
    )


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (('label: "{ordinal}、{name}"', 'label: "{ordinal}、{title}"'), "may hold only {ordinal}, {name} and {code}"),
        (("classes: function_class, label", "classes: function_code, label"), "classes must be one of function_class"),
        (("parts: [{classes: function_class}]", "parts: [{classes: economic_class}]"), "row_totals names unknown rows"),
        (
            (
                "{total: income_grand_total, parts: [fiscal, other]}",
                "{total: income_grand_total, parts: [{classes: function_class}]}",
            ),
            "stands on another side",
        ),
    ],
)
def test_class_line_settings_are_checked(tmp_path: Path, change: tuple[str, str], error: str) -> None:
    old, new = change
    assert old in SUMMARY
    with pytest.raises(TemplateError, match=re.escape(error)):
        template_of(tmp_path, SUMMARY.replace(old, new))


# --- code_display: split -----------------------------------------------------------------------------

SPLIT = """
- id: "01"
  file: 01-expenditure.csv
  title_zh: 支出预算总表
  title_en: Expenditure
  layout: classified
  blank: zero
  total_row: {position: last, label: 合计}
  code_display: split
  code_headers:
    zh: [[项目, 功能分类科目编码, 类], [项目, 功能分类科目编码, 款], [项目, 功能分类科目编码, 项]]
    en: [[Item, Code, Class], [Item, Code, Category], [Item, Code, Item]]
  columns:
    - {id: function_code, type: function_code, header_zh: [项目, 功能分类科目编码], header_en: [Item, Code]}
    - {id: name, type: name, header_zh: [项目, 功能分类科目名称], header_en: [Item, Name]}
    - {id: total, type: amount, header_zh: [支出预算, 合计], header_en: [Expenditure, Total]}
    - {id: basic, type: amount, header_zh: [支出预算, 基本支出], header_en: [Expenditure, Basic]}
    - {id: project, type: amount, header_zh: [支出预算, 项目支出], header_en: [Expenditure, Project]}
  row_sums:
    - {total: total, parts: [basic, project]}
"""
SPLIT_LINES = HEADER + CODE_LINES.replace(",10.00,20.00", ",30.00,") + ",合计,30.00,30.00,\n"


def test_split_codes_print_each_level_in_its_own_cell(tmp_path: Path) -> None:
    publication, problems = checked(tmp_path, SPLIT, {"01-expenditure.csv": SPLIT_LINES})
    assert problems == []
    assert html_rows(publication, "01") == [
        [
            ("td", "201"),
            ("td", ""),
            ("td", ""),
            ("th", "一般公共服务支出"),
            ("td", "30.00"),
            ("td", "30.00"),
            ("td", ""),
        ],
        [
            ("td", "201"),
            ("td", "03"),
            ("td", ""),
            ("th", "政府办公厅（室）及相关机构事务"),
            ("td", "30.00"),
            ("td", "30.00"),
            ("td", ""),
        ],
        [("td", "201"), ("td", "03"), ("td", "01"), ("th", "行政运行"), ("td", "30.00"), ("td", "30.00"), ("td", "")],
        [("th[4]", "合计"), ("td", "30.00"), ("td", "30.00"), ("td", "")],
    ]
    assert html_rows(publication, "01", lang="en")[2][:4] == [
        ("td", "201"),
        ("td", "03"),
        ("td", "01"),
        ("th", "General administration"),
    ]


def test_split_codes_have_a_header_cell_per_level(tmp_path: Path) -> None:
    publication, _ = checked(tmp_path, SPLIT, {"01-expenditure.csv": SPLIT_LINES})
    html = render_table(publication.tables["01"], publication=publication, lang="zh")
    header = BeautifulSoup(html, "html.parser").thead.find_all("tr")
    spans = [
        [(th.get_text(), th.get("colspan", "1"), th.get("rowspan", "1")) for th in tr.find_all("th")] for tr in header
    ]
    assert spans == [
        [("项目", "4", "1"), ("支出预算", "3", "1")],
        [
            ("功能分类科目编码", "3", "1"),
            ("功能分类科目名称", "1", "2"),
            ("合计", "1", "2"),
            ("基本支出", "1", "2"),
            ("项目支出", "1", "2"),
        ],
        [("类", "1", "1"), ("款", "1", "1"), ("项", "1", "1")],
    ]


def test_split_codes_in_the_workbook(tmp_path: Path) -> None:
    publication, _ = checked(tmp_path, SPLIT, {"01-expenditure.csv": SPLIT_LINES})
    sheet = load_workbook(io.BytesIO(exports.workbook(publication, lang="zh"))).worksheets[0]
    assert [cell.value for cell in sheet[8]] == ["201", "03", "01", "行政运行", 30, 30, None]
    assert [cell.value for cell in sheet[9]] == ["合计", None, None, None, 30, 30, None]
    assert "A9:D9" in {str(merged) for merged in sheet.merged_cells.ranges}


ECONOMIC_SPLIT = """
- id: "01"
  file: 01-basic.csv
  title_zh: 基本支出表
  title_en: Basic expenditure
  layout: classified
  code_display: split
  code_headers:
    zh: [[科目编码, 类], [科目编码, 款]]
    en: [[Code, Class], [Code, Category]]
  columns:
    - {id: economic_code, type: economic_code, header_zh: [科目编码], header_en: [Code]}
    - {id: name, type: name, header_zh: [科目名称], header_en: [Name]}
    - {id: amount, type: amount, header_zh: [金额], header_en: [Amount]}
"""
ECONOMIC_LINES = "economic_code,name,amount\n,合计,5.00\n301,工资福利支出,5.00\n30101,基本工资,5.00\n"


def test_the_levels_come_from_the_classification(tmp_path: Path) -> None:
    """Economic codes have two levels (3 and 5 digits): 301 | 01."""
    publication, problems = checked(tmp_path, ECONOMIC_SPLIT, {"01-basic.csv": ECONOMIC_LINES})
    assert problems == []
    assert html_rows(publication, "01") == [
        [("th[3]", "合计"), ("td", "5.00")],
        [("td", "301"), ("td", ""), ("th", "工资福利支出"), ("td", "5.00")],
        [("td", "301"), ("td", "01"), ("th", "基本工资"), ("td", "5.00")],
    ]


def test_code_headers_name_as_many_levels_as_the_classification_has(tmp_path: Path) -> None:
    tables = ECONOMIC_SPLIT.replace(
        "[[科目编码, 类], [科目编码, 款]]", "[[科目编码, 类], [科目编码, 款], [科目编码, 项]]"
    )
    tables = tables.replace("[[Code, Class], [Code, Category]]", "[[Code, Class], [Code, Category], [Code, Item]]")
    _, problems = checked(tmp_path, tables, {"01-basic.csv": ECONOMIC_LINES})
    assert places(problems) == [("TEMPLATE_INVALID", "01-basic.csv", 1, 1)]
    assert (
        "code_headers has 3 levels, but the codes of data/dictionaries/economic-codes.csv have 2"
        in problems[0].message()
    )


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (("  code_display: split\n", ""), "code_display split needs code_headers"),
        (("code_display: split", "code_display: stacked"), "code_display must be one of columns, bracketed, split"),
        (("    en: [[Code, Class], [Code, Category]]\n", ""), "code_headers must be {zh:"),
        (("en: [[Code, Class], [Code, Category]]", "en: [[Code, Class]]"), "levels in zh, another count in en"),
    ],
)
def test_split_settings_are_checked(tmp_path: Path, change: tuple[str, str], error: str) -> None:
    old, new = change
    assert old in ECONOMIC_SPLIT
    with pytest.raises(TemplateError, match=re.escape(error)):
        template_of(tmp_path, ECONOMIC_SPLIT.replace(old, new))


def test_split_codes_stand_right_before_the_name(tmp_path: Path) -> None:
    swapped = ECONOMIC_SPLIT.replace(
        "    - {id: economic_code, type: economic_code, header_zh: [科目编码], header_en: [Code]}\n"
        "    - {id: name, type: name, header_zh: [科目名称], header_en: [Name]}\n",
        "    - {id: name, type: name, header_zh: [科目名称], header_en: [Name]}\n"
        "    - {id: economic_code, type: economic_code, header_zh: [科目编码], header_en: [Code]}\n",
    )
    with pytest.raises(TemplateError, match="the name column follows the code column"):
        template_of(tmp_path, swapped)
