"""Odd and hostile data, as a careless editor or an attacker would write it (issue 13's list).

Each case is refused with its exact code, file, line and column; none gives a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PUBLICATION, REPO, set_cell
from macros.checking.validation import validate
from macros.reading.problems import Problem

FACTS = PUBLICATION / "publication.yaml"
PROJECTS = PUBLICATION / "12-project-expenditure-budget.csv"
T05 = PUBLICATION / "05-general-budget-by-function.csv"


def problems_at(data: Path) -> set[tuple[str, str, int, int]]:
    return {(found.code, Path(found.path).resolve().relative_to(data.resolve()).as_posix(), found.line, found.column)
            for found in validate(data).problems}  # fmt: skip


def edit_facts(data: Path, old: str, new: str) -> None:
    path = data / FACTS
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(data: Path, marker: str, *, relative: Path = FACTS) -> int:
    lines = (data / relative).read_text(encoding="utf-8").split("\n")
    return next(number for number, content in enumerate(lines, start=1) if marker in content)


def only(data: Path) -> Problem:
    (found,) = validate(data).problems
    return found


# --- 1. YAML that is not plain data -------------------------------------------------------------------


def alias_bomb() -> str:
    """About 600 bytes: nine levels of nine aliases each (9^9 leaves if expanded)."""
    lines = ["bomb0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        aliases = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"bomb{level}: &a{level} [{aliases}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_at_its_first_anchor(data_copy: Path) -> None:
    bomb = alias_bomb()
    assert len(bomb.encode()) < 700
    path = data_copy / FACTS
    path.write_text(path.read_text(encoding="utf-8") + bomb, encoding="utf-8")
    line = line_of(data_copy, "bomb0:")
    assert problems_at(data_copy) == {("YAML_NOT_PLAIN", FACTS.as_posix(), line, 8)}


def test_alias_bomb_does_not_stop_the_budget_diff(data_copy: Path) -> None:
    path = data_copy / FACTS
    path.write_text(path.read_text(encoding="utf-8") + alias_bomb(), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "scripts/budget_diff.py", "data", str(data_copy)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("appended", "marker", "column", "feature"),
    [
        ("loop: &l [*l]\n", "loop:", 7, "anchor"),
        ("base: {a: 1}\nmerged:\n  <<: {b: 2}\n", "<<:", 3, "merge"),
        ("evil: !!python/object/apply:os.system [echo]\n", "evil:", 7, "tag"),
        ("? [a, b]\n: complex\n", "? [a, b]", 3, "complex_key"),
        ("---\nsecond: document\n", "---", 1, "documents"),
    ],
    ids=["self-reference", "merge-key", "python-tag", "complex-key", "two-documents"],
)
def test_yaml_features_are_refused_where_they_start(
    data_copy: Path, appended: str, marker: str, column: int, feature: str
) -> None:
    path = data_copy / FACTS
    path.write_text(path.read_text(encoding="utf-8") + appended, encoding="utf-8")
    found = only(data_copy)
    assert (found.code, found.line, found.column) == ("YAML_NOT_PLAIN", line_of(data_copy, marker), column)
    assert "\n" not in found.format() and "\n" not in found.format(lang="en")


def test_yaml_directive_is_refused(data_copy: Path) -> None:
    path = data_copy / FACTS
    path.write_text("%YAML 1.1\n---\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    found = only(data_copy)
    assert (found.code, found.line) == ("YAML_NOT_PLAIN", 1)


@pytest.mark.parametrize(("depth", "code"), [(40, "FILE_TOO_LARGE"), (5000, "YAML_SYNTAX")])
def test_yaml_too_deep_is_refused_not_recursed(data_copy: Path, depth: int, code: str) -> None:
    """Our limit first; libyaml's own (1,000 flow levels) behind it."""
    path = data_copy / FACTS
    path.write_text(path.read_text(encoding="utf-8") + "deep: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    found = only(data_copy)
    assert (found.code, found.line) == (code, line_of(data_copy, "deep:"))


def test_yaml_with_too_many_values_is_refused(data_copy: Path) -> None:
    path = data_copy / FACTS
    path.write_text(path.read_text(encoding="utf-8") + "many: [" + "1, " * 30_000 + "1]\n", encoding="utf-8")
    found = only(data_copy)
    assert (found.code, found.line) == ("FILE_TOO_LARGE", line_of(data_copy, "many:"))


def test_yaml_syntax_error_is_one_line(data_copy: Path) -> None:
    edit_facts(data_copy, "year: 2024", "year: [2024")
    found = only(data_copy)
    assert found.code == "YAML_SYNTAX" and "\n" not in found.format()


# --- 2. YAML 1.1 number forms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("income_total", "0x31"),
        ("income_total", "13:13:23.63"),
        ("income_total", ".inf"),
        ("income_total", ".nan"),
        ("income_total", "1e3"),
        ("income_total", "0o17"),
        ("large_equipment_threshold", "0100"),
    ],
)
def test_only_plain_decimals_are_amounts(data_copy: Path, key: str, value: str) -> None:
    old = next(line for line in (data_copy / FACTS).read_text(encoding="utf-8").split("\n") if f"{key}:" in line)
    edit_facts(data_copy, old, f"{old.split(':')[0]}: {value}")
    line = line_of(data_copy, f"{key}: {value}")
    column = old.index(":") + 3
    found = only(data_copy)
    assert (found.code, found.line, found.column) == ("VALUE_INVALID", line, column)
    assert key in found.message() and value in found.message()


def test_year_is_an_integer_not_text(data_copy: Path) -> None:
    edit_facts(data_copy, "year: 2024", "year: ２０２４")
    found = only(data_copy)
    assert (found.code, found.line, found.column) == ("DIGIT_NOT_ASCII", line_of(data_copy, "year:"), 7)
    assert "2024" in found.message() and "U+FF12" in found.message()


# --- 3. Digits other than 0-9 ----------------------------------------------------------------------


def test_full_width_year_folder_is_refused_and_replaces_nothing(data_copy: Path) -> None:
    import shutil

    shutil.copytree(data_copy / PUBLICATION, data_copy / "２０２４" / "liwan-digital-gov")
    result = validate(data_copy)
    assert {(found.code, Path(found.path).name) for found in result.problems} == {("DIGIT_NOT_ASCII", "２０２４")}
    assert "2024" in result.problems[0].message()


@pytest.mark.parametrize(
    ("value", "digit"),
    [("٤٥٤.١٠", "U+0664"), ("𝟒𝟓𝟒.𝟏𝟎", "U+1D7D2"), ("४५४.१०", "U+096A")],
    ids=["arabic-indic", "mathematical", "devanagari"],
)
def test_amounts_need_ascii_digits(data_copy: Path, value: str, digit: str) -> None:
    column = set_cell(data_copy / T05, line=3, column="basic", value=value)
    found = next(found for found in validate(data_copy).problems if found.code == "DIGIT_NOT_ASCII")
    assert (found.path.endswith(T05.name), found.line, found.column) == (True, 3, column)
    assert digit in found.message() and "454.10" in found.message()


# --- 6 and 8. Characters no stage should meet ---------------------------------------------------------


@pytest.mark.parametrize(
    ("character", "code_point"),
    [
        ("\x1b", "U+001B"),
        ("\x07", "U+0007"),
        ("\x00", "U+0000"),
        ("\x0b", "U+000B"),
        ("\u202e", "U+202E"),
        ("\u200b", "U+200B"),
        ("\u2066", "U+2066"),
        ("\ufeff", "U+FEFF"),
        ("\x85", "U+0085"),
        ("\ue000", "U+E000"),
        ("😀", "U+1F600"),
        ("\n", "U+000A"),
        ("\u2028", "U+2028"),
    ],
)
def test_project_name_characters(data_copy: Path, character: str, code_point: str) -> None:
    column = set_cell(data_copy / PROJECTS, line=4, column="name", value=f"编外{character}人员聘用经费")
    found = [found for found in validate(data_copy).problems if found.code == "TEXT_CHARACTER"]
    assert [(Path(found.path).name, found.line, found.column) for found in found] == [(PROJECTS.name, 4, column)]
    assert code_point in found[0].message() and code_point in found[0].message(lang="en")
    assert character not in found[0].format() or character == "😀"


def test_line_breaks_are_allowed_where_text_is_multi_line(data_copy: Path) -> None:
    set_cell(data_copy / PROJECTS, line=4, column="performance_goal", value="第一行\n第二行")
    assert validate(data_copy).ok


def test_a_character_on_the_second_line_of_a_cell_is_placed_there(data_copy: Path) -> None:
    column = set_cell(data_copy / PROJECTS, line=4, column="performance_goal", value="第一行\n第二\u202e行")
    found = only(data_copy)
    assert (found.code, found.line, found.column) == ("TEXT_CHARACTER", 5, column)


@pytest.mark.parametrize("column_name", ["name_zh", "name_en"])
def test_unit_names_are_one_line_of_plain_text(data_copy: Path, column_name: str) -> None:
    path = data_copy / "units.csv"
    rows = path.read_text(encoding="utf-8").split("\n")
    column = set_cell(path, line=2, column=column_name, value="Liwan\nCenter<!--")
    found = [found for found in validate(data_copy).problems if found.code == "TEXT_CHARACTER"]
    assert [(Path(found.path).name, found.line, found.column) for found in found] == [("units.csv", 2, column)]
    assert rows


def test_emoji_in_a_class_name_is_refused_before_the_charts(data_copy: Path) -> None:
    path = data_copy / "dictionaries" / "function-codes.csv"
    column = set_cell(path, line=2, column="name_zh", value="一般公共服务支出😀")
    found = [found for found in validate(data_copy).problems if found.code == "TEXT_CHARACTER"]
    assert [(Path(found.path).name, found.line, found.column) for found in found] == [("function-codes.csv", 2, column)]


@pytest.mark.parametrize(
    ("old", "new", "marker", "column", "code_point"),
    [
        ("name_en: Digital", 'name_en: "Digital\\e', "name_en:", 18, "U+001B"),
        ("name_en: Digital", 'name_en: "Digital\\u202e', "name_en:", 18, "U+202E"),
        ("  zh: 本部门无内设机构。", '  zh: "本部门无内设\\0机构。"', "本部门无内设", 14, "U+0000"),
    ],
    ids=["escape-in-name", "rtl-override-in-name", "nul-in-text"],
)
def test_yaml_escapes_cannot_smuggle_characters(
    data_copy: Path, old: str, new: str, marker: str, column: int, code_point: str
) -> None:
    text = (data_copy / FACTS).read_text(encoding="utf-8")
    line = next(line for line in text.split("\n") if line.startswith(old))
    replaced = new + line[len(old) :] + ('"' if new.count('"') == 1 else "")
    edit_facts(data_copy, line, replaced)
    found = [found for found in validate(data_copy).problems if found.code == "TEXT_CHARACTER"]
    assert [(found.line, found.column) for found in found] == [(line_of(data_copy, marker), column)]
    assert code_point in found[0].message()


def test_raw_control_character_in_yaml_is_named_at_its_place(data_copy: Path) -> None:
    edit_facts(data_copy, "name_zh: 广州市", "name_zh: 广州\x00市")
    found = only(data_copy)
    assert (found.code, found.line, found.column) == ("TEXT_CHARACTER", line_of(data_copy, "name_zh:"), 12)
    assert "U+0000" in found.message() and "\x00" not in found.format()


def test_unknown_amount_unit_is_refused(data_copy: Path) -> None:
    edit_facts(data_copy, "amount_unit: 万元", "amount_unit: 亿元")
    found = only(data_copy)
    assert (found.code, found.line, found.column) == ("VALUE_INVALID", line_of(data_copy, "amount_unit:"), 14)
    assert "万元" in found.message() and "亿元" in found.message()


def test_glossary_term_listed_twice(data_copy: Path) -> None:
    edit_facts(data_copy, "glossary:\n", "glossary:\n  - fiscal-appropriation-income\n")
    found = only(data_copy)
    assert found.code == "CODE_DUPLICATE"
    assert found.line == line_of(data_copy, "glossary:") + 2


# --- 8. Only regular files inside data/ ----------------------------------------------------------------


def test_symbolic_link_is_refused_and_not_read(data_copy: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password=hunter2\n", encoding="utf-8")
    (data_copy / PUBLICATION / "publication.yaml").unlink()
    (data_copy / PUBLICATION / "publication.yaml").symlink_to(secret)
    problems = validate(data_copy).problems
    assert [(found.code, Path(found.path).name) for found in problems] == [("FILE_NOT_REGULAR", "publication.yaml")]
    assert "hunter2" not in problems[0].format()


def test_symbolic_link_to_a_folder_is_refused(data_copy: Path, tmp_path: Path) -> None:
    (data_copy / "2023").symlink_to(data_copy / "2024", target_is_directory=True)
    problems = validate(data_copy).problems
    assert [(found.code, Path(found.path).name) for found in problems] == [("FILE_NOT_REGULAR", "2023")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_named_pipe_is_refused_without_blocking(data_copy: Path) -> None:
    os.mkfifo(data_copy / "dictionaries" / "pipe.csv")
    problems = validate(data_copy).problems
    assert [(found.code, Path(found.path).name) for found in problems] == [("FILE_NOT_REGULAR", "pipe.csv")]


# --- found in review: accepted, then a later stage failed ----------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("buildings_m2: ", "buildings_m2: 123456789012345678901234567  # "),
        ("buildings_m2: ", "buildings_m2: 0.004  # "),
        ("\n    vehicles: 0\n", "\n    vehicles: 1.5  # \n"),
        ("large_equipment: ", "large_equipment: 99999999999999999999  # "),
        ("income_total: ", "income_total: 1234567890123456.78  # "),
    ],
)
def test_counts_and_quantities_are_numbers_a_budget_holds(data_copy: Path, old: str, new: str) -> None:
    edit_facts(data_copy, old, new)
    found = only(data_copy)
    assert (found.code, found.line) == ("VALUE_INVALID", line_of(data_copy, new.split("#")[0].strip("\n ")))


def test_a_space_the_font_lacks_is_refused(data_copy: Path) -> None:
    path = data_copy / "dictionaries" / "function-codes.csv"
    column = set_cell(path, line=2, column="name_zh", value="一般公共\u1680服务支出")
    found = [found for found in validate(data_copy).problems if found.code == "TEXT_CHARACTER"]
    assert [(Path(found.path).name, found.line, found.column) for found in found] == [("function-codes.csv", 2, column)]


def test_text_longer_than_a_spreadsheet_cell_is_refused(data_copy: Path) -> None:
    column = set_cell(data_copy / PROJECTS, line=4, column="performance_goal", value="目标" * 20_000)
    found = only(data_copy)
    assert (found.code, found.line, found.column) == ("TEXT_TOO_LONG", 4, column)


def test_a_huge_file_is_refused_unread(data_copy: Path) -> None:
    path = data_copy / "dictionaries" / "glossary.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("x" * 6_000_000 + "\n")
    found = only(data_copy)
    assert (found.code, Path(found.path).name) == ("FILE_TOO_LARGE", "glossary.csv")


def test_key_project_listed_twice(data_copy: Path) -> None:
    edit_facts(data_copy, "  key_projects:\n", "  key_projects:\n    - 区数字政府运营中心工作经费\n")
    found = only(data_copy)
    assert (found.code, found.line) == ("CODE_DUPLICATE", line_of(data_copy, "key_projects:") + 2)


def test_characters_are_placed_exactly_in_yaml_text(data_copy: Path) -> None:
    edit_facts(data_copy, "  zh: 本部门无内设机构。", "  zh: 本部门无内设😀机构。")
    found = only(data_copy)
    assert (found.code, found.line, found.column) == ("TEXT_CHARACTER", line_of(data_copy, "😀"), 13)


def test_characters_are_placed_exactly_in_a_block(data_copy: Path) -> None:
    edit_facts(data_copy, "  zh: 本部门无内设机构。", "  zh: |\n    第一行\n    本部门无内设😀机构。")
    found = only(data_copy)
    assert (found.code, found.line, found.column) == ("TEXT_CHARACTER", line_of(data_copy, "😀"), 11)


def test_messages_stay_one_line_whatever_the_keys_hold(data_copy: Path) -> None:
    path = data_copy / FACTS
    path.write_text(path.read_text(encoding="utf-8") + '"ab\\ncd\\u202e": 1\n', encoding="utf-8")
    for found in validate(data_copy).problems:
        for lang in ("zh", "en"):
            line = found.format(lang=lang)
            assert "\n" not in line and "\u202e" not in line, line


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title_zh: 收支总体情况表", 'title_zh: "收支总体情况表\\e"'),
        ("header_zh: [收入, 项目]", "header_zh: [[收入], 项目]"),
        ("header_zh: [收入, 项目]", "header_zh: 收入项目"),
        ("header_zh: [收入, 项目]", 'header_zh: ["=HYPERLINK(\\"http://evil.example\\",\\"x\\")", 项目]'),
        ("id: guangzhou-department", "id: 5"),
        ("type: text, multiline: true", "type: text, multiline: no"),
    ],
    ids=["escape-in-title", "nested-header", "header-not-a-list", "formula-header", "number-id", "yes-no-flag"],
)
def test_templates_are_held_to_the_same_rules(data_copy: Path, old: str, new: str) -> None:
    path = data_copy / "templates" / "guangzhou-department.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    codes = {found.code for found in validate(data_copy).problems}
    if "HYPERLINK" in new:  # allowed text in a template: the workbook must keep it text
        assert codes == set()
        from macros.exchange import exports

        publication = validate(data_copy).publications[(2024, "liwan-digital-gov")]
        import io

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(exports.workbook(publication, lang="zh")))
        assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows() for cell in row)
    else:
        assert "TEMPLATE_INVALID" in codes


def test_fix_encoding_never_writes_through_a_link(data_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    outside.write_bytes("名称\n".encode("gb18030"))
    (data_copy / "dictionaries" / "extra.csv").symlink_to(outside)
    result = subprocess.run(
        [sys.executable, "scripts/validate.py", "--fix-encoding", str(data_copy)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "FILE_NOT_REGULAR" in result.stdout
    assert outside.read_bytes() == "名称\n".encode("gb18030")


def test_csv_download_writes_amounts_as_numbers(data_copy: Path) -> None:
    from macros.exchange import exports

    set_cell(data_copy / T05, line=2, column="basic", value="\u00a0570.98 ")
    publication = validate(data_copy).publications[(2024, "liwan-digital-gov")]
    table = next(table for table in publication.tables.values() if table.spec.file == T05.name)
    lines = exports.table_csv(table).decode("utf-8-sig").splitlines()
    assert lines[1].split(",")[3] == "570.98"


def test_a_template_that_is_not_plain_yaml_is_reported_at_its_line(data_copy: Path) -> None:
    path = data_copy / "templates" / "guangzhou-department.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tables:\n", "tables: &t\n", 1), encoding="utf-8")
    line = next(number for number, content in enumerate(text.split("\n"), start=1) if content == "tables:")
    problems = [found for found in validate(data_copy).problems if found.code == "YAML_NOT_PLAIN"]
    assert [(Path(found.path).name, found.line, found.column) for found in problems] == [
        ("guangzhou-department.yaml", line, 9)
    ]
