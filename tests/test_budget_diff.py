"""The budget diff in the pull request's job summary: every change shown, nothing in the data able to hide
one or to act on the page (markup, links, mentions), and the summary kept under GitHub's size limit."""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import DATA, PUBLICATION, REPO, read_rows, write_rows
from macros.exchange.github_markdown import escape_markdown
from scripts import budget_diff

WJ = "\u2060"  # the word joiner that breaks GitHub's mentions, references and autolinks
UNIT_NAME = "广州市荔湾区数字政府运营中心"


def run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *arguments], capture_output=True, text=True, cwd=REPO, check=False)


def diff(data: Path, *options: str) -> str:
    result = run("scripts/budget_diff.py", *options, str(DATA), str(data))
    assert result.returncode == 0, result.stderr
    return result.stdout


def changed_lines(output: str) -> list[str]:
    """The names of the lines a budget diff's amount tables list, in order."""
    return [
        line.split(" | ")[0].strip("| *")
        for line in output.splitlines()
        if line.startswith("| ") and "行 line" not in line and "原文 old" not in line
    ]


def cells(line: str) -> list[str]:
    """A table row's cells, split at the pipes Markdown would split at (not at an escaped ``\\|``)."""
    return re.split(r"(?<!\\)\|", line.strip())[1:-1]


def assert_well_formed(output: str) -> None:
    """Every table row is whole (a line break in data would end it early) and has its header's cells."""
    width = 0
    for line in output.splitlines():
        if not line.startswith("|"):
            width = 0
            continue
        assert line.endswith((" |", "---|", "--:|")), line
        width = width or len(cells(line))
        assert len(cells(line)) == width, line


def replace_cells(path: Path, old: str, new: str) -> None:
    rows = read_rows(path)
    assert any(old in row for row in rows), f"{old!r} not in {path}"
    write_rows(path, [[new if cell == old else cell for cell in row] for row in rows])


def replace_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def shift_table_6(data: Path) -> None:
    """Two items of Table 6 changed, their class and 合计 unchanged: 30101 up 0.30, 30102 down 0.30."""
    path = data / PUBLICATION / "06-general-budget-basic-by-economic.csv"
    rows = read_rows(path)
    for line, change in {4: Decimal("0.30"), 5: Decimal("-0.30")}.items():
        rows[line - 1][2] = f"{Decimal(rows[line - 1][2]) + change:.2f}"
    write_rows(path, rows)


# --- the escaping ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<img src=x onerror=alert(1)>", "&#60;img src=x onerror=alert\\(1\\)&#62;"),
        ("a<!--\nb", "a&#60;\\!-- b"),
        ("<!-- -->", "&#60;\\!-- --&#62;"),
        ("&lt;b&gt;", "&#38;lt;b&#38;gt;"),
        ("[x](http://evil.example)", f"\\[x\\]\\(http{WJ}://evil.example\\)"),
        ("![i](http://evil.example/i.png)", f"\\!\\[i\\]\\(http{WJ}://evil.example/i.png\\)"),
        ("<https://evil.example>", f"&#60;https{WJ}://evil.example&#62;"),
        ("see www.evil.example", f"see www{WJ}.evil.example"),
        ("@octocat", f"@{WJ}octocat"),
        ("@org/team", f"@{WJ}org/team"),
        ("a@b.example", f"a@{WJ}b.example"),
        ("#1 and owner/repo#2", f"\\#{WJ}1 and owner/repo\\#{WJ}2"),
        ("GH-12", f"GH{WJ}-12"),
        (":shipit:", f":{WJ}shipit:"),
        ("a|b", "a\\|b"),
        ("*a* _b_ ~~c~~ `d`", "\\*a\\* \\_b\\_ \\~\\~c\\~\\~ \\`d\\`"),
        ("a\\|b", "a\\\\\\|b"),
        ("$x$", "<span>$</span>x<span>$</span>"),
        ("# heading", f"\\#{WJ} heading"),
        ("> quote", "&#62; quote"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("---", "\\---"),
        ("===", "\\==="),
        ("12. item", "12\\. item"),
        ("3) item", "3\\) item"),
        ("    code", "&#32;&#32;&#32;&#32;code"),
        ("one\r\ntwo\rthree\nfour\u2028five\u2029six", "one two three four five six"),
        ("bell\x07 tab\t nul\x00 del\x7f c1\x85", "bell⟨U+0007⟩ tab⟨U+0009⟩ nul⟨U+0000⟩ del⟨U+007F⟩ c1⟨U+0085⟩"),
        ("rtl\u202eoverride zw\u200bspace wj\u2060", "rtl⟨U+202E⟩override zw⟨U+200B⟩space wj⟨U+2060⟩"),
        ("广州市（荔湾区）2024年", "广州市（荔湾区）2024年"),
        ("", ""),
    ],
)
def test_escape_markdown(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


def test_escape_markdown_leaves_no_raw_markup() -> None:
    hostile = "x\n<script>|[a](b)![c](d)@e #1 `f` *g* _h_ ~i~ \\ & www.j.example http://k.example\u2028"
    escaped = escape_markdown(hostile)
    assert not set("\n\r\u2028\u2029") & set(escaped)
    assert "<script" not in escaped and "](" not in escaped and "@e" not in escaped and "#1" not in escaped
    assert "http://" not in escaped and "www." not in escaped
    assert re.search(r"(?<!\\)[|`*_~\[\]()!]", escaped) is None  # every one of them escaped


# --- hostile text in the data ------------------------------------------------------------------------


HOSTILE_UNIT = "广州市荔湾区<!--\n数字政府运营中心"
ESCAPED_UNIT = "广州市荔湾区&#60;\\!-- 数字政府运营中心"


@pytest.mark.parametrize("everywhere", [True, False], ids=["consistent", "units-csv-only"])
def test_unit_name_with_a_comment_hides_nothing(data_copy: Path, everywhere: bool) -> None:
    """A unit name that opens an HTML comment: the amount changes after it are still there to read.

    With the name changed everywhere the data may validate; in units.csv alone it cannot. Either way."""
    replace_cells(data_copy / "units.csv", UNIT_NAME, HOSTILE_UNIT)
    if everywhere:
        folder = data_copy / PUBLICATION
        for table in ("11-basic-expenditure-budget.csv", "12-project-expenditure-budget.csv"):
            replace_cells(folder / table, UNIT_NAME, HOSTILE_UNIT)
        replace_text(
            folder / "publication.yaml", f"name_zh: {UNIT_NAME}", 'name_zh: "广州市荔湾区<!--\\n数字政府运营中心"'
        )
    shift_table_6(data_copy)
    output = diff(data_copy)
    assert "<!--" not in output
    assert_well_formed(output)
    units_row = f"| liwan-digital-gov | name\\_zh | {UNIT_NAME} | {ESCAPED_UNIT} |"
    assert units_row in output
    amounts = ["| 30101 基本工资 | 预算 | 62.48 | 62.78 | +0.30 |", "| 30102 津贴补贴 | 预算 | 96.54 | 96.24 | -0.30 |"]
    for line in amounts:
        assert line in output
        assert output.index(line) > output.index(ESCAPED_UNIT)
    if everywhere:
        assert f"### 变更 / changed: 2024 · {ESCAPED_UNIT}（liwan-digital-gov）" in output
        # Table 11's unit line under its new name (its old name's line is gone).
        assert f"| **{ESCAPED_UNIT}** | 总计 | — | 570.98 | +570.98 |" in output
        assert f"| **{UNIT_NAME}** | 总计 | 570.98 | — | -570.98 |" in output


def test_hostile_table_cells_come_through_as_text(data_copy: Path) -> None:
    path = data_copy / PUBLICATION / "12-project-expenditure-budget.csv"
    rows = read_rows(path)
    header = rows[0]
    project = rows[3]
    project[header.index("performance_goal")] = "<img src=x onerror=alert(1)>"
    project[header.index("name_en")] = "[x](http://evil.example)"
    project[header.index("performance_goal_en")] = "![i](http://evil.example/i.png) @octocat #1 a|b"
    write_rows(path, rows)
    output = diff(data_copy)
    assert_well_formed(output)
    where = f"{UNIT_NAME} / 编外人员聘用经费"
    assert (
        f"| {where} | performance\\_goal（绩效目标） | 支付编外人员工资福利支出，以保障区12345政务服务便民热线工作正常运转。 "
        "| &#60;img src=x onerror=alert\\(1\\)&#62; |"
    ) in output
    assert f"| {where} | name\\_en | Pay for contract staff | \\[x\\]\\(http{WJ}://evil.example\\) |" in output
    assert (
        f"| {where} | performance\\_goal\\_en | Pay the wages and benefits of contract staff so that the district "
        "12345 government service hotline keeps running normally. "
        f"| \\!\\[i\\]\\(http{WJ}://evil.example/i.png\\) @{WJ}octocat \\#{WJ}1 a\\|b |"
    ) in output
    for live in ("<img", "](http", "@octocat", "#1", "http://"):
        assert live not in output


def test_hostile_project_name_in_the_amounts_table(data_copy: Path) -> None:
    path = data_copy / PUBLICATION / "12-project-expenditure-budget.csv"
    replace_cells(path, "编外人员聘用经费", "编外|@octocat\n**经费**")
    output = diff(data_copy)
    assert_well_formed(output)
    assert f"| {UNIT_NAME} / 编外\\|@{WJ}octocat \\*\\*经费\\*\\* | 总计 | — | 95.28 | +95.28 |" in output
    assert f"| {UNIT_NAME} / 编外人员聘用经费 | 总计 | 95.28 | — | -95.28 |" in output


# --- size -------------------------------------------------------------------------------------------


def test_a_huge_change_is_cut_with_a_note_and_kept_whole_in_the_full_diff(data_copy: Path, tmp_path: Path) -> None:
    """5,000 new projects in Table 12 (the 合计 and unit lines updated to match): megabytes of diff."""
    path = data_copy / PUBLICATION / "12-project-expenditure-budget.csv"
    rows = read_rows(path)
    header = rows[0]
    amounts = [header.index(column) for column in ("total", "fiscal_total", "general_budget")]
    for line in rows[1:3]:  # 合计, the unit
        for index in amounts:
            line[index] = f"{Decimal(line[index]) + 5000:.2f}"
    for number in range(1, 5001):
        project = ["project", f"新增项目{number:04d}", "1.00", "1.00", "1.00", "0.00", "0.00", "0.00", "0.00"]
        project += [f"绩效目标{number}", f"New project {number}", f"Goal {number}"]
        rows.append(project)
    write_rows(path, rows)
    full = tmp_path / "budget-diff.md"
    output = diff(data_copy, "--full", str(full))
    whole = full.read_text(encoding="utf-8")
    assert len(whole) > 1_000_000
    assert len(output) <= budget_diff.LIMIT + 600
    kept, note = output.split("\n\n> ✂️ ", 1)
    assert whole.startswith(kept + "\n")  # cut at a line boundary, never inside a table row
    left_out = whole[len(kept) + 1 :]
    assert f"还有 {left_out.count(chr(10)):,} 行（{len(left_out):,} 个字符）未显示" in note
    assert "The full diff is in this workflow run's artifact budget-diff." in note
    assert_well_formed(kept)
    for number in (1, 5000):
        assert f"| {UNIT_NAME} / 新增项目{number:04d} | 总计 | — | 1.00 | +1.00 |" in whole
        assert (
            f"| {UNIT_NAME} / 新增项目{number:04d} | name\\_en | {budget_diff.ABSENT} | New project {number} |" in whole
        )
    assert whole.count("| +1.00 |") == 5000 * 3
    # Totals first, in the summary too.
    assert "| **合计** | 总计 | 159.68 | 5,159.68 | +5,000.00 |" in kept


def test_long_texts_are_shortened_in_the_summary_only(data_copy: Path, tmp_path: Path) -> None:
    glossary = data_copy / "dictionaries" / "glossary.csv"
    long_text = "很长的定义" * 100  # 500 characters
    replace_cells(glossary, "指预算单位从本级财政部门取得的财政预算资金收入。", long_text)
    full = tmp_path / "budget-diff.md"
    output = diff(data_copy, "--full", str(full))
    assert f"| {long_text[:300]}… |" in output and long_text not in output
    assert "1 段文字超过 300 个字符，已截短" in output
    assert f"| {long_text} |" in full.read_text(encoding="utf-8")


# --- text changes -----------------------------------------------------------------------------------


def test_text_changes_show_old_and_new(data_copy: Path) -> None:
    replace_cells(
        data_copy / "dictionaries" / "glossary.csv",
        "指预算单位从本级财政部门取得的财政预算资金收入。",
        "指预算单位从本级财政取得的资金。",
    )
    replace_cells(data_copy / "dictionaries" / "economic-codes.csv", "Basic salaries", "Basic wages")
    replace_cells(data_copy / "units.csv", UNIT_NAME, "广州市荔湾区数字政府中心")
    facts = data_copy / PUBLICATION / "publication.yaml"
    replace_text(
        facts,
        "    income:\n      zh: 在职人员减少，人员经费相应减少",
        "    income:\n      zh: 在职人员减少",
    )
    replace_text(
        facts,
        "  - zh: （七）完成上级交办的其他任务。\n    en: (7) Carry out other tasks assigned by higher authorities.\n",
        "",
    )
    output = diff(data_copy)
    assert_well_formed(output)
    for line in (
        "| fiscal-appropriation-income | definition\\_zh | 指预算单位从本级财政部门取得的财政预算资金收入。 "
        "| 指预算单位从本级财政取得的资金。 |",
        "| 30101 | name\\_en | Basic salaries | Basic wages |",
        f"| liwan-digital-gov | name\\_zh | {UNIT_NAME} | 广州市荔湾区数字政府中心 |",
        "| explanation.reasons.income.zh | 在职人员减少，人员经费相应减少 | 在职人员减少 |",
        f"| responsibilities\\[6\\].zh | （七）完成上级交办的其他任务。 | {budget_diff.ABSENT} |",
        f"| responsibilities\\[6\\].en | \\(7\\) Carry out other tasks assigned by higher authorities. | {budget_diff.ABSENT} |",
    ):
        assert line in output
    for heading in (
        "### data/dictionaries/glossary.csv",
        "### data/dictionaries/economic-codes.csv",
        "### data/units.csv",
    ):
        assert heading in output
    assert "- data/units.csv：1 处文字 / texts" in output
    assert "No budget data changed" not in output


def test_added_and_removed_entries_of_shared_files(data_copy: Path) -> None:
    glossary = data_copy / "dictionaries" / "glossary.csv"
    rows = read_rows(glossary)
    removed = rows.pop(2)
    rows.append(["new-term", "新名词", "New term", "新的定义。", "A new definition."])
    write_rows(glossary, rows)
    output = diff(data_copy)
    assert f"| new-term | definition\\_en | {budget_diff.ABSENT} | A new definition. |" in output
    assert f"| {removed[0]} | term\\_zh | {removed[1]} | {budget_diff.ABSENT} |" in output


def test_publication_yaml_added_key_is_shown_even_when_the_schema_refuses_it(data_copy: Path) -> None:
    facts = data_copy / PUBLICATION / "publication.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "extra: '@octocat <b>'\n", encoding="utf-8")
    shift_table_6(data_copy)
    output = diff(data_copy)
    assert f"| extra | {budget_diff.ABSENT} | @{WJ}octocat &#60;b&#62; |" in output
    assert "| 30101 基本工资 | 预算 | 62.48 | 62.78 | +0.30 |" in output
    assert "数据检查发现" in output


# --- amounts, kept as they were ---------------------------------------------------------------------


def test_budget_diff_shows_exactly_the_changed_lines_totals_first(data_copy: Path) -> None:
    """Two items of Table 6 changed, with their class and the 合计 line updated as staff would."""
    shift_table_6(data_copy)
    output = diff(data_copy)
    assert changed_lines(output) == ["30101 基本工资", "30102 津贴补贴"]
    assert "| 62.48 | 62.78 | +0.30 |" in output and "| 96.54 | 96.24 | -0.30 |" in output


def test_budget_diff_puts_totals_first(data_copy: Path) -> None:
    path = data_copy / PUBLICATION / "06-general-budget-basic-by-economic.csv"
    rows = read_rows(path)
    for line in (2, 3, 4):  # 合计, 301, 30101
        rows[line - 1][2] = f"{Decimal(rows[line - 1][2]) + Decimal('0.10'):.2f}"
    write_rows(path, rows)
    assert changed_lines(diff(data_copy)) == ["合计", "301 工资福利支出", "30101 基本工资"]


def test_budget_diff_two_amounts_with_their_totals(data_copy: Path) -> None:
    """The issue's case: two items changed, their class and the 合计 line updated to match."""
    path = data_copy / PUBLICATION / "06-general-budget-basic-by-economic.csv"
    rows = read_rows(path)
    for line, change in ((2, "0.30"), (3, "0.30"), (4, "0.10"), (5, "0.20")):  # 合计, 301, 30101, 30102
        rows[line - 1][2] = f"{Decimal(rows[line - 1][2]) + Decimal(change):.2f}"
    write_rows(path, rows)
    output = diff(data_copy)
    assert changed_lines(output) == ["合计", "301 工资福利支出", "30101 基本工资", "30102 津贴补贴"]
    assert "| 570.98 | 571.28 | +0.30 |" in output


def test_budget_diff_says_unreadable_not_removed(data_copy: Path) -> None:
    """publication.yaml that cannot be parsed: the tables are still compared, and nothing is "removed"."""
    facts = data_copy / PUBLICATION / "publication.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "oops: [\n", encoding="utf-8")
    shift_table_6(data_copy)
    output = diff(data_copy)
    assert "- publication.yaml 无法读入，见数据检查 / publication.yaml is unreadable, see the data check" in output
    assert "removed" not in output
    assert "| 30101 基本工资 | 预算 | 62.48 | 62.78 | +0.30 |" in output


def test_budget_diff_says_unreadable_when_nothing_can_be_read(data_copy: Path) -> None:
    (data_copy / "templates" / "guangzhou-department.yaml").write_text("tables: [\n", encoding="utf-8")
    output = diff(data_copy)
    assert "- 无法读入，见数据检查 / unreadable, see the data check: 2024 · " in output
    assert "removed" not in output


def test_budget_diff_of_identical_data_says_nothing_changed() -> None:
    result = run("scripts/budget_diff.py", str(DATA), str(DATA))
    assert result.returncode == 0
    assert result.stdout == "## 预算变更 / Budget changes\n\n没有预算数据变化。/ No budget data changed.\n"


DAMAGE = [b"", b"\n<!--", b'"', b",", b"\xff", b": [", b"\n"]  # b"": cut the file in half


def test_budget_diff_never_raises_on_damaged_data(data_copy: Path) -> None:
    """Whatever a file holds, the diff prints what it can (as the validator reports problems)."""
    base = budget_diff.read_data(DATA)
    files = sorted(path for path in data_copy.rglob("*") if path.suffix in (".csv", ".yaml"))
    for number, path in enumerate(files):
        original = path.read_bytes()
        middle = len(original) // 2
        damage = DAMAGE[number % len(DAMAGE)]
        path.write_bytes(original[:middle] + damage + original[middle:] if damage else original[:middle])
        output = budget_diff.markdown(base, budget_diff.read_data(data_copy), short=budget_diff.SHORT_TEXT)
        assert output.startswith("## 预算变更 / Budget changes\n"), path
        assert "<!--" not in output, path
        path.write_bytes(original)


# --- what a reviewer must not miss (issue 13 review) ---------------------------------------------------


def test_a_change_past_the_shortened_part_is_shown(data_copy: Path) -> None:
    path = data_copy / "dictionaries" / "glossary.csv"
    rows = read_rows(path)
    column = rows[0].index("definition_en")
    rows[1][column] = "a" * 400 + " allowed " + "b" * 80
    write_rows(path, rows)
    base = data_copy.parent / "base"
    import shutil

    shutil.copytree(data_copy, base)
    rows[1][column] = "a" * 400 + " NOT allowed " + "b" * 80
    write_rows(path, rows)
    output = run("scripts/budget_diff.py", str(base), str(data_copy)).stdout
    assert " allowed " in output and " NOT allowed " in output


def test_a_no_break_space_for_a_space_is_seen(data_copy: Path) -> None:
    path = data_copy / "dictionaries" / "glossary.csv"
    rows = read_rows(path)
    column = rows[0].index("definition_en")
    rows[1][column] = rows[1][column].replace(" ", "\u00a0", 1)
    write_rows(path, rows)
    output = diff(data_copy)
    assert "⟨U+00A0⟩" in output


def test_a_template_change_is_named(data_copy: Path) -> None:
    path = data_copy / "templates" / "guangzhou-department.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("收支总体情况表", "收支总体情况表（改）", 1), encoding="utf-8"
    )
    output = diff(data_copy)
    assert "template changed" in output and "guangzhou-department.yaml" in output


def test_links_out_of_data_are_never_read(data_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    outside.write_text(
        (data_copy / "dictionaries" / "glossary.csv").read_text(encoding="utf-8") + "x,SECRET,S,SECRET,S\n"
    )
    (data_copy / "dictionaries" / "glossary.csv").unlink()
    (data_copy / "dictionaries" / "glossary.csv").symlink_to(outside)
    result = run("scripts/budget_diff.py", str(DATA), str(data_copy))
    assert result.returncode == 0 and "SECRET" not in result.stdout


def test_rows_moved_are_named(data_copy: Path) -> None:
    path = data_copy / PUBLICATION / "12-project-expenditure-budget.csv"
    rows = read_rows(path)
    rows[3], rows[4] = rows[4], rows[3]
    write_rows(path, rows)
    output = diff(data_copy)
    assert "order of rows" in output
