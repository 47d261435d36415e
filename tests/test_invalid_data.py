"""Bad fixtures: the good data (data/) with one mistake a staff member could make, one per error code.

Each case changes a copy of data/ and asserts the exact code, file, line and column reported,
and that nothing is reported in any other file (one mistake, no cascade of false alarms).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import PUBLICATION, read_rows, set_cell, write_rows
from macros.checking.validation import validate
from macros.reading.problems import MESSAGES

FACTS = PUBLICATION / "publication.yaml"


@dataclass(frozen=True)
class Case:
    code: str
    file: str  # relative to the data directory
    change: Callable[[Path], tuple[int, int]]  # breaks the copy, returns the expected (line, column)
    other_files: bool = False  # True when the mistake rightly shows in more than one file


def table(name: str) -> str:
    return (PUBLICATION / name).as_posix()


def cell(name: str, *, line: int, column: str, value: str) -> Callable[[Path], tuple[int, int]]:
    def change(data: Path) -> tuple[int, int]:
        return line, set_cell(data / PUBLICATION / name, line=line, column=column, value=value)

    return change


def rows_edit(
    name: str, edit: Callable[[list[list[str]]], None], *, at: tuple[int, int]
) -> Callable[[Path], tuple[int, int]]:
    def change(data: Path) -> tuple[int, int]:
        path = data / PUBLICATION / name
        rows = read_rows(path)
        edit(rows)
        write_rows(path, rows)
        return at

    return change


def raw_write(relative: str, content: bytes, *, at: tuple[int, int] = (1, 1)) -> Callable[[Path], tuple[int, int]]:
    def change(data: Path) -> tuple[int, int]:
        (data / relative).write_bytes(content)
        return at

    return change


def encoded(name: str, encoding: str, *, at: tuple[int, int]) -> Callable[[Path], tuple[int, int]]:
    def change(data: Path) -> tuple[int, int]:
        path = data / PUBLICATION / name
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
        return at

    return change


def yaml_edit(old: str, new: str, *, marker: str, column: int) -> Callable[[Path], tuple[int, int]]:
    """Replace text in publication.yaml; the problem is expected on the line where ``marker`` then is."""

    def change(data: Path) -> tuple[int, int]:
        path = data / FACTS
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
        line = next(number for number, content in enumerate(text.splitlines(), start=1) if marker in content)
        return line, column

    return change


def delete(relative: str) -> Callable[[Path], tuple[int, int]]:
    def change(data: Path) -> tuple[int, int]:
        (data / relative).unlink()
        return 1, 1

    return change


def make_dir(relative: str) -> Callable[[Path], tuple[int, int]]:
    def change(data: Path) -> tuple[int, int]:
        (data / relative).mkdir()
        return 1, 1

    return change


def unit_name_pending(data: Path) -> tuple[int, int]:
    """The unit's English name left empty in units.csv and, as it must equal it, in publication.yaml."""
    column = set_cell(data / "units.csv", line=2, column="name_en", value="")
    facts = data / FACTS
    text = facts.read_text(encoding="utf-8")
    name = "name_en: Digital Government Operation Center of Liwan District, Guangzhou"
    assert name in text
    facts.write_text(text.replace(name, "name_en: ''"), encoding="utf-8")
    return 2, column


def rename_unit(data: Path) -> tuple[int, int]:
    (data / PUBLICATION).rename(data / "2024" / "liwan-other")
    return 1, 1


def budget_in_final_folder(data: Path) -> tuple[int, int]:
    """A budget (its template's kind) in the folder a 决算 of the unit would have: <unit>-final/."""
    (data / PUBLICATION).rename(data / "2024" / "liwan-digital-gov-final")
    text = (data / "2024" / "liwan-digital-gov-final" / "publication.yaml").read_text(encoding="utf-8").splitlines()
    line = next(number for number, content in enumerate(text, start=1) if content.startswith("template:"))
    return line, len("template: ") + 1


def initial_budget_differs(data: Path) -> tuple[int, int]:
    """A unit with its 预算 and 决算 of one year (synthetic, added to the copy), whose 决算 states a 年初预算数
    one more than its 预算 holds."""
    from scripts.synth_district import main as synthesize

    out = data.parent / "synthetic"
    synthesize(["--units", "1", "--years", "1", "--first-year", "2030", "--kinds", "budget,final", "--out", str(out)])
    shutil.copytree(out / "2030", data / "2030")
    units = (out / "units.csv").read_text(encoding="utf-8").splitlines()[1:]
    with (data / "units.csv").open("a", encoding="utf-8") as handle:
        handle.write("".join(line + "\n" for line in units))
    facts = data / "2030" / "unit-001-final" / "publication.yaml"
    lines = facts.read_text(encoding="utf-8").splitlines()
    index = next(number for number, line in enumerate(lines) if line.strip().startswith("general_budget_initial:"))
    key, value = lines[index].split(": ")
    lines[index] = f"{key}: {Decimal(value) + 1}"
    facts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index + 1, len(key) + 3


def composition_miscounted(data: Path) -> tuple[int, int]:
    """The Shanghai budget says 下属2家事业单位 where its list names one unit beside the office itself."""
    facts = data / "2025" / "putuo-govoffice" / "publication.yaml"
    text = facts.read_text(encoding="utf-8")
    assert "下属1家事业单位" in text
    facts.write_text(text.replace("下属1家事业单位", "下属2家事业单位"), encoding="utf-8")
    line = next(number for number, content in enumerate(text.splitlines(), start=1) if "下属1家事业单位" in content)
    return line, 5


def prior_year_copy(data: Path) -> tuple[int, int]:
    """A 2023 folder whose totals (730.66) differ from the prior-year facts of 2024 (793.63)."""
    prior = data / "2023" / "liwan-digital-gov"
    shutil.copytree(data / PUBLICATION, prior)
    facts = prior / "publication.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("year: 2024", "year: 2023"), encoding="utf-8")
    text = (data / FACTS).read_text(encoding="utf-8").splitlines()
    line = next(number for number, content in enumerate(text, start=1) if "income_total: 793.63" in content)
    return line, 5


def drop_column(rows: list[list[str]], name: str) -> None:
    index = rows[0].index(name)
    for row in rows:
        del row[index]


def duplicate_amount_column(rows: list[list[str]]) -> None:
    for row in rows:
        row.append(row[-1])


def swap(rows: list[list[str]], first: int, second: int) -> None:
    rows[first - 1], rows[second - 1] = rows[second - 1], rows[first - 1]


def unclosed_quote(name: str, *, line: int) -> Callable[[Path], tuple[int, int]]:
    def change(data: Path) -> tuple[int, int]:
        path = data / PUBLICATION / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[line - 1] = '"' + lines[line - 1]
        path.write_text("".join(lines), encoding="utf-8")
        return line, 1

    return change


def semicolons(name: str) -> Callable[[Path], tuple[int, int]]:
    def change(data: Path) -> tuple[int, int]:
        path = data / PUBLICATION / name
        path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
        return 1, 1

    return change


def rename(name: str, new_name: str) -> Callable[[Path], tuple[int, int]]:
    def change(data: Path) -> tuple[int, int]:
        (data / PUBLICATION / name).rename(data / PUBLICATION / new_name)
        return 1, 1

    return change


def append_to_yaml(data: Path) -> tuple[int, int]:
    path = data / FACTS
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "extra: [unclosed\n", encoding="utf-8")
    return len(text.splitlines()) + 1, 8


T05 = "05-general-budget-by-function.csv"
T01 = "01-income-expenditure-summary.csv"
T04 = "04-fiscal-appropriation-summary.csv"


def swap_income_sides(first: int, second: int) -> Callable[[list[list[str]]], None]:
    """Move the income cells of two lines past each other, leaving the expenditure side in place."""

    def edit(rows: list[list[str]]) -> None:
        a, b = rows[first - 1], rows[second - 1]
        a[0:2], b[0:2] = b[0:2], a[0:2]

    return edit


CASES = [
    # files and folders
    Case(
        "FILE_MISSING", table("09-government-fund-expenditure.csv"), delete(table("09-government-fund-expenditure.csv"))
    ),
    Case(
        "FILE_EMPTY",
        table("08-administrative-and-three-public.csv"),
        raw_write(table("08-administrative-and-three-public.csv"), b""),
    ),
    Case("FILE_UNEXPECTED", table("02-income-summary (1).csv"), raw_write(table("02-income-summary (1).csv"), b"x\n")),
    Case("FOLDER_NAME", "2024/Liwan_Digital", make_dir("2024/Liwan_Digital")),
    Case("UNIT_UNKNOWN", "2024/liwan-other", rename_unit),
    # encodings and CSV syntax
    Case("ENCODING_GBK", table(T05), encoded(T05, "gb18030", at=(2, 1))),
    Case("ENCODING_UTF16", table(T05), encoded(T05, "utf-16", at=(1, 1))),
    Case("ENCODING_INVALID", table(T05), raw_write(table(T05), b"function_code,name\n,\x80\x80\x80\n", at=(2, 1))),
    Case("CSV_SYNTAX", table(T05), unclosed_quote(T05, line=3)),
    Case(
        "COLUMN_MISSING",
        table("03-expenditure-summary.csv"),
        rows_edit("03-expenditure-summary.csv", lambda rows: drop_column(rows, "carryover"), at=(1, 9)),
    ),
    Case("COLUMN_UNEXPECTED", table(T05), rows_edit(T05, lambda rows: rows[0].__setitem__(4, "projects"), at=(1, 5))),
    Case(
        "COLUMN_DUPLICATE",
        table("06-general-budget-basic-by-economic.csv"),
        rows_edit("06-general-budget-basic-by-economic.csv", duplicate_amount_column, at=(1, 4)),
    ),
    Case("ROW_CELLS", table(T05), rows_edit(T05, lambda rows: rows[3].pop(), at=(4, 5))),
    Case("ROW_EMPTY", table(T05), rows_edit(T05, lambda rows: rows.insert(3, ["", "", "", "", ""]), at=(4, 1))),
    # cells
    Case("AMOUNT_EMPTY", table(T05), cell(T05, line=3, column="basic", value="")),
    Case("AMOUNT_NOT_NUMBER", table(T05), cell(T05, line=3, column="basic", value="四百五十四")),
    Case("AMOUNT_FULLWIDTH", table(T05), cell(T05, line=3, column="basic", value="４５４．１０")),
    Case("AMOUNT_THOUSANDS_SEPARATOR", table(T05), cell(T05, line=3, column="basic", value="1,454.10")),
    Case("AMOUNT_DECIMALS", table(T05), cell(T05, line=3, column="basic", value="454.104")),
    Case("AMOUNT_NEGATIVE", table(T05), cell(T05, line=3, column="basic", value="-454.10")),
    Case("CELL_UNEXPECTED", table(T01), cell(T01, line=5, column="income_amount", value="0.00")),
    Case(
        "TEXT_MISSING",
        table("12-project-expenditure-budget.csv"),
        cell("12-project-expenditure-budget.csv", line=4, column="name", value=""),
    ),
    Case("CODE_FORMAT", table(T05), cell(T05, line=3, column="function_code", value="201.0")),
    Case("CODE_UNKNOWN", table(T05), cell(T05, line=5, column="function_code", value="2010398")),
    Case("CODE_NAME_MISMATCH", table(T05), cell(T05, line=5, column="name", value="政务公开")),
    Case("CODE_PARENT_MISSING", table(T05), rows_edit(T05, lambda rows: rows.pop(3), at=(4, 1))),
    Case("CODE_DUPLICATE", table(T05), rows_edit(T05, lambda rows: rows.insert(5, list(rows[4])), at=(6, 1))),
    Case("CODE_ORDER", table(T05), rows_edit(T05, lambda rows: swap(rows, 5, 6), at=(6, 1))),
    Case(
        "CODE_LEVEL",
        "dictionaries/function-codes.csv",
        lambda data: (2, set_cell(data / "dictionaries/function-codes.csv", line=2, column="level", value="款")),
    ),
    # rows
    Case("TOTAL_ROW_MISSING", table(T05), cell(T05, line=2, column="name", value="总计")),
    Case(
        "ROW_LABEL",
        table("08-administrative-and-three-public.csv"),
        cell("08-administrative-and-three-public.csv", line=3, column="item", value="三公经费"),
    ),
    Case(
        "ROW_MISSING",
        table("08-administrative-and-three-public.csv"),
        rows_edit("08-administrative-and-three-public.csv", lambda rows: rows.pop(), at=(7, 1)),
    ),
    Case("ROW_ALIGNMENT", table(T04), rows_edit(T04, swap_income_sides(26, 27), at=(26, 1))),
    Case(
        "ROW_TYPE",
        table("12-project-expenditure-budget.csv"),
        cell("12-project-expenditure-budget.csv", line=4, column="row_type", value="item"),
    ),
    Case(
        "PERFORMANCE_GOAL_MISSING",
        table("12-project-expenditure-budget.csv"),
        cell("12-project-expenditure-budget.csv", line=5, column="performance_goal", value=""),
    ),
    # identities
    Case(
        "ROW_SUM_MISMATCH",
        table(T05),
        rows_edit(T05, lambda rows: rows[2].__setitem__(3, "454.30"), at=(3, 3)),
        other_files=True,
    ),
    Case(
        "SUBTOTAL_MISMATCH",
        table("06-general-budget-basic-by-economic.csv"),
        rows_edit("06-general-budget-basic-by-economic.csv", lambda rows: rows[3].__setitem__(2, "62.68"), at=(3, 3)),
    ),
    Case(
        "CROSS_TABLE_MISMATCH",
        table("04-fiscal-appropriation-summary.csv"),
        rows_edit(
            "04-fiscal-appropriation-summary.csv",
            lambda rows: (rows[1].__setitem__(3, "613.98"), rows[8].__setitem__(3, "66.24")),
            at=(2, 4),
        ),
    ),
    Case(
        "TEMPLATE_INVALID",
        "templates/guangzhou-department.yaml",
        raw_write("templates/guangzhou-department.yaml", b"id: guangzhou-department\ntables: 1\n"),
        other_files=True,
    ),
    # publication.yaml
    Case("YAML_SYNTAX", FACTS.as_posix(), append_to_yaml),
    Case(
        "YAML_FIELD_MISSING",
        FACTS.as_posix(),
        yaml_edit("amount_unit: 万元\n", "", marker="unit: liwan-digital-gov", column=1),
    ),
    Case("YAML_FIELD_TYPE", FACTS.as_posix(), yaml_edit("year: 2024", "year: [2024]", marker="year:", column=1)),
    Case("VALUE_INVALID", FACTS.as_posix(), yaml_edit("year: 2024", "year: 二〇二四", marker="year:", column=7)),
    Case(
        "YAML_FIELD_UNEXPECTED",
        FACTS.as_posix(),
        yaml_edit("amount_unit: 万元\n", "amount_unit: 万元\nnmae_zh: x\n", marker="nmae_zh", column=1),
    ),
    Case(
        "TRANSLATION_MISSING",
        FACTS.as_posix(),
        yaml_edit("  en: The center has no internal divisions.\n", "", marker="structure:", column=1),
    ),
    Case("YEAR_MISMATCH", FACTS.as_posix(), yaml_edit("year: 2024", "year: 2023", marker="year:", column=1)),
    Case(
        "UNIT_MISMATCH",
        FACTS.as_posix(),
        yaml_edit("unit: liwan-digital-gov", "unit: liwan-data", marker="unit: liwan-data", column=1),
    ),
    Case("INITIAL_BUDGET_MISMATCH", "2030/unit-001-final/publication.yaml", initial_budget_differs),
    Case("FOLDER_KIND", "2024/liwan-digital-gov-final/publication.yaml", budget_in_final_folder),
    Case(
        "UNIT_NAME_MISMATCH",
        FACTS.as_posix(),
        yaml_edit(
            "name_zh: 广州市荔湾区数字政府运营中心", "name_zh: 荔湾区数字政府运营中心", marker="name_zh:", column=1
        ),
    ),
    Case(
        "TEMPLATE_UNKNOWN",
        FACTS.as_posix(),
        yaml_edit("template: guangzhou-department", "template: shanghai", marker="template:", column=1),
    ),
    Case(
        "GLOSSARY_UNKNOWN",
        FACTS.as_posix(),
        yaml_edit("  - service-income\n", "  - no-such-term\n", marker="no-such-term", column=5),
    ),
    Case(
        "PROJECT_UNKNOWN",
        FACTS.as_posix(),
        yaml_edit("    - 区数字政府运营中心工作经费", "    - 不存在的项目", marker="不存在的项目", column=7),
    ),
    Case(
        "EXPLANATION_MISMATCH",
        FACTS.as_posix(),
        yaml_edit("total: 46.40", "total: 46.50", marker="total: 46.50", column=5),
    ),
    Case("PRIOR_YEAR_MISMATCH", FACTS.as_posix(), prior_year_copy, other_files=True),
    # content
    Case(
        "PLACEHOLDER_TEXT",
        FACTS.as_posix(),
        yaml_edit("zh: 本部门无内设机构。", "zh: 本部门XX内设机构。", marker="本部门XX", column=3),
    ),
    Case(
        "YEAR_OUT_OF_RANGE",
        FACTS.as_posix(),
        yaml_edit("（七）完成上级交办", "（七）2019年起完成上级交办", marker="2019年起", column=5),
    ),
    Case(
        "YEAR_TWO_DIGITS",
        FACTS.as_posix(),
        yaml_edit("（七）完成上级交办", "（七）24年度起完成上级交办", marker="24年度起", column=5),
    ),
    Case(
        "REPEATED_WORDS",
        FACTS.as_posix(),
        yaml_edit("（七）完成上级交办", "（七）完成完成上级交办", marker="完成完成", column=5),
    ),
    Case(
        "REASON_SAYS_SAME",
        FACTS.as_posix(),
        yaml_edit(
            "    income:\n      zh: 在职人员减少，人员经费相应减少\n",
            "    income:\n      zh: 与上年持平\n",
            marker="    income:",
            column=5,
        ),
    ),
    Case(
        "REASON_FIGURE_MISMATCH",
        FACTS.as_posix(),
        yaml_edit(
            "    income:\n      zh: 在职人员减少，人员经费相应减少\n",
            "    income:\n      zh: 在职人员减少，人员经费减少80.00万元\n",
            marker="    income:",
            column=5,
        ),
    ),
    Case("COMPOSITION_MISMATCH", "2025/putuo-govoffice/publication.yaml", composition_miscounted),
    Case(
        "REASON_MISSING",
        FACTS.as_posix(),
        yaml_edit(
            "    income:\n      zh: 在职人员减少，人员经费相应减少\n      en: fewer staff in post, so personnel costs fell accordingly\n",
            "",
            marker="  reasons:",
            column=3,
        ),
    ),
    Case(
        "EMPTY_TABLE_STATEMENT",
        FACTS.as_posix(),
        yaml_edit(
            '  "10":\n    zh: 本表本年无发生额。',
            '  "10":\n    zh: 金额转化为万元时，四舍五入可能存在尾差。',
            marker='"10":',
            column=3,
        ),
    ),
]


def reorder_columns(data: Path) -> tuple[int, int]:
    """units.csv with name_en before name_zh: read by column name, so still valid."""
    path = data / "units.csv"
    rows = read_rows(path)
    for row in rows:
        row[1], row[2] = row[2], row[1]
    write_rows(path, rows)
    return 0, 0


def unsafe_template_file(data: Path) -> tuple[int, int]:
    """A template whose file name would break out of an HTML attribute."""
    path = data / "templates" / "guangzhou-department.yaml"
    unsafe = 'file: \'05-a" onmouseover="alert(1)" x=".csv\''
    path.write_text(
        path.read_text(encoding="utf-8").replace("file: 05-general-budget-by-function.csv", unsafe), encoding="utf-8"
    )
    return 1, 1


def symbolic_link(data: Path) -> tuple[int, int]:
    (data / "dictionaries" / "glossary-link.csv").symlink_to(data / "dictionaries" / "glossary.csv")
    return 1, 1


# More mistakes that share a code with a case above, and the codes of odd or hostile input
# (tests/test_hostile_data.py has many more of those).
def misspelt_in_text_template(data: Path) -> tuple[int, int]:
    """A text template (Part 3's procurement, in English) that names a variable no publication has."""
    path = data / PROCUREMENT_TEXT
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] = lines[3].replace("{{ year }}", "{{ yeer }}")
    path.write_text("\n".join(lines), encoding="utf-8")
    return 4, 1


PROCUREMENT_TEXT = "templates/guangzhou-department/part3/procurement.en.j2"

MORE_CASES = [
    Case("TEXT_TEMPLATE_FAILED", PROCUREMENT_TEXT, misspelt_in_text_template),
    Case("FILE_NOT_REGULAR", "dictionaries/glossary-link.csv", symbolic_link),
    Case("DIGIT_NOT_ASCII", table(T05), cell(T05, line=3, column="basic", value="٤٥٤.١٠")),
    Case(
        "TEXT_TOO_LONG",
        table("12-project-expenditure-budget.csv"),
        cell("12-project-expenditure-budget.csv", line=4, column="performance_goal", value="目标" * 10_001),
    ),
    Case("TEXT_CHARACTER", table(T05), cell(T05, line=3, column="name", value="政府办公厅\u202e（室）及相关机构事务")),
    Case(
        "YAML_NOT_PLAIN",
        FACTS.as_posix(),
        yaml_edit("structure:\n", "structure: &s\n", marker="structure:", column=12),
    ),
    Case(
        "FILE_TOO_LARGE",
        FACTS.as_posix(),
        yaml_edit("glossary:\n", "deep: " + "[" * 20 + "]" * 20 + "\nglossary:\n", marker="deep:", column=22),
    ),
    Case("TEMPLATE_INVALID", "templates/guangzhou-department.yaml", unsafe_template_file, other_files=True),
    Case(
        "VALUE_INVALID",
        table("12-project-expenditure-budget.csv"),
        cell("12-project-expenditure-budget.csv", line=4, column="name", value='=HYPERLINK("http://x","y")'),
    ),
    Case(
        "TRANSLATION_CJK",
        table("12-project-expenditure-budget.csv"),
        cell("12-project-expenditure-budget.csv", line=4, column="name_en", value="编外人员 staff"),
    ),
    Case(
        "TRANSLATION_PENDING",
        table("12-project-expenditure-budget.csv"),
        cell("12-project-expenditure-budget.csv", line=5, column="performance_goal_en", value=""),
    ),
    Case(
        "TRANSLATION_PENDING",
        FACTS.as_posix(),
        yaml_edit("  en: The center has no internal divisions.\n", "  en: ''\n", marker="  en: ''", column=3),
    ),
    Case("TRANSLATION_PENDING", "units.csv", unit_name_pending),
    Case(
        "TRANSLATION_MISSING",  # a code's name is never pending
        "dictionaries/function-codes.csv",
        lambda data: (2, set_cell(data / "dictionaries/function-codes.csv", line=2, column="name_en", value="")),
    ),
    Case(
        "TRANSLATION_CJK",
        "dictionaries/glossary.csv",
        lambda data: (2, set_cell(data / "dictionaries/glossary.csv", line=2, column="term_en", value="财政 income")),
    ),
    Case(
        "TEXT_MISSING",
        table("08-administrative-and-three-public.csv"),
        rows_edit(
            "08-administrative-and-three-public.csv",
            lambda rows: rows.append(["", "9.99", "9.99", "0.00", "0.00"]),
            at=(9, 1),
        ),
    ),
    Case(
        "CODE_DUPLICATE",
        table("12-project-expenditure-budget.csv"),
        rows_edit(
            "12-project-expenditure-budget.csv",
            lambda rows: (rows[3].__setitem__(1, rows[4][1]), rows[3].__setitem__(9, rows[4][9])),
            at=(5, 2),
        ),
    ),
    Case("ROW_CELLS", table(T05), rows_edit(T05, lambda rows: rows[3].append("0.00"), at=(4, 6))),
    Case("AMOUNT_FULLWIDTH", table(T01), cell(T01, line=2, column="income_amount", value="７３０.６６")),
    Case("YAML_FIELD_UNEXPECTED", FACTS.as_posix(), yaml_edit('  "10":', "  13:", marker="  13:", column=3)),
    Case(
        "VALUE_INVALID",
        FACTS.as_posix(),
        yaml_edit("as_of: 2024-01-06", "as_of: 2024-02-30", marker="as_of:", column=12),
    ),
    Case("YAML_SYNTAX", FACTS.as_posix(), yaml_edit("    goods: 1.70", "    goods：1.70", marker="goods：", column=5)),
    Case("YAML_SYNTAX", FACTS.as_posix(), yaml_edit("    goods: 1.70", "\tgoods: 1.70", marker="\tgoods", column=1)),
    Case(
        "CODE_PARENT_MISSING",
        "units.csv",
        lambda data: (2, set_cell(data / "units.csv", line=2, column="parent_unit_id", value="liwan-digital-gov")),
    ),
    Case(
        "SUBTOTAL_MISMATCH",
        table("12-project-expenditure-budget.csv"),
        rows_edit("12-project-expenditure-budget.csv", lambda rows: rows.__delitem__(slice(3, None)), at=(3, 3)),
        other_files=True,
    ),
    Case(
        "SUBTOTAL_MISMATCH",
        table("06-general-budget-basic-by-economic.csv"),
        rows_edit(
            "06-general-budget-basic-by-economic.csv", lambda rows: rows.__delitem__(slice(12, None)), at=(12, 3)
        ),
    ),
    Case("TOTAL_ROW_MISSING", table(T05), rows_edit(T05, lambda rows: rows.append(rows.pop(1)), at=(13, 2))),
    Case("CSV_SYNTAX", table(T05), semicolons(T05)),
    Case(
        "FILE_UNEXPECTED",
        table("05-general-budget-by-function.CSV"),
        rename(T05, "05-general-budget-by-function.CSV"),
        other_files=True,
    ),
    Case(
        "CODE_ORDER",
        table("11-basic-expenditure-budget.csv"),
        rows_edit("11-basic-expenditure-budget.csv", lambda rows: swap(rows, 4, 5), at=(5, 2)),
    ),
    Case(
        "VALUE_INVALID",
        "dictionaries/function-codes.csv",
        lambda data: (
            2,
            set_cell(data / "dictionaries/function-codes.csv", line=2, column="name_en_status", value="maybe"),
        ),
    ),
]


def test_every_code_has_a_bad_fixture() -> None:
    assert {case.code for case in CASES + MORE_CASES} == set(MESSAGES)


def test_columns_are_read_by_name_in_any_order(data_copy: Path) -> None:
    reorder_columns(data_copy)
    assert validate(data_copy).ok


def test_empty_columns_excel_leaves_at_the_end_are_harmless(data_copy: Path) -> None:
    path = data_copy / PUBLICATION / T05
    path.write_text("".join(line + ",,,\n" for line in path.read_text(encoding="utf-8").splitlines()), encoding="utf-8")
    assert validate(data_copy).ok


def test_invisible_characters_are_shown_by_code_point(data_copy: Path) -> None:
    set_cell(data_copy / PUBLICATION / T05, line=3, column="basic", value="454.10\u200b")
    problems = {found.code: found for found in validate(data_copy).problems}
    assert set(problems) == {"AMOUNT_NOT_NUMBER", "TEXT_CHARACTER"}
    assert "454.10⟨U+200B⟩" in problems["AMOUNT_NOT_NUMBER"].message()
    assert "U+200B ZERO WIDTH SPACE" in problems["TEXT_CHARACTER"].message()


@pytest.mark.parametrize("case", CASES + MORE_CASES, ids=[case.code for case in CASES + MORE_CASES])
def test_bad_fixture_is_reported_at_its_place(case: Case, data_copy: Path) -> None:
    assert validate(data_copy).ok, "the good fixture must be valid before it is broken"
    line, column = case.change(data_copy)
    result = validate(data_copy)
    problems = [*result.problems, *result.warnings]
    assert result.ok == all(found.is_warning for found in problems)  # a warning leaves the data valid
    expected = (data_copy / case.file).resolve()
    located = [(Path(found.path).resolve(), found.line, found.column) for found in problems if found.code == case.code]
    assert (expected, line, column) in located, "\n".join(found.format() for found in problems)
    if not case.other_files:
        assert {Path(found.path).resolve() for found in problems} == {expected}, "\n".join(
            found.format() for found in problems
        )
    for found in problems:
        assert found.message(lang="zh") and found.message(lang="en")


def test_no_three_public_expenses_at_all_is_said_in_the_tables_note(data_copy: Path) -> None:
    """Table 8's “three public expenses” all zero (the table has other amounts): its note must say so."""
    table = data_copy / PUBLICATION / "08-administrative-and-three-public.csv"
    rows = read_rows(table)
    for row in rows[1:]:
        if row[0] in ("“三公”经费", "（三）公务接待费支出"):
            row[1:] = ["0.00"] * (len(row) - 1)
    write_rows(table, rows)
    facts = data_copy / FACTS
    lines = facts.read_text(encoding="utf-8").splitlines()
    line = next(number for number, content in enumerate(lines, start=1) if content.startswith('  "08":'))
    found = [each for each in validate(data_copy).problems if each.code == "EMPTY_TABLE_STATEMENT"]
    assert [(Path(each.path), each.line) for each in found] == [(facts, line)]
    assert "三公" in found[0].message(lang="zh") and "three public expenses" in found[0].message(lang="en")
    text = facts.read_text(encoding="utf-8").replace(
        '  "08":\n    zh: 金额转化为万元时，四舍五入可能存在尾差。\n',
        '  "08":\n    zh: 本单位本年无“三公”经费。\n',
        1,
    )
    facts.write_text(text, encoding="utf-8")
    assert not [each for each in validate(data_copy).problems if each.code == "EMPTY_TABLE_STATEMENT"]
