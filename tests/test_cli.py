"""scripts/validate.py as staff and CI run it: exit codes, line format, sorting, encodings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import DATA, PUBLICATION, REPO, set_cell

SCRIPT = REPO / "scripts" / "validate.py"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<code>[A-Z0-9_]+) (?P<message>.+)$")


def run(*arguments: str, env: dict[str, str] | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != "BUDGET_DATA_DIR"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, str(SCRIPT), *arguments],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=cwd,
        check=False,
    )


def test_valid_data_exits_zero_with_no_problem_lines() -> None:
    result = run()
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    count = len([path for path in DATA.glob("[0-9]*/*") if path.is_dir()])
    assert f"data valid: {count} publications" in result.stderr


def test_problems_exit_one_each_on_its_own_sorted_line(data_copy: Path) -> None:
    facts = data_copy / PUBLICATION / "publication.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("total: 46.40", "total: 46.50"), encoding="utf-8")
    table = data_copy / PUBLICATION / "05-general-budget-by-function.csv"
    set_cell(table, line=3, column="basic", value="abc")
    set_cell(table, line=9, column="project", value="1,000.00")
    result = run(str(data_copy))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    keys = [(match["path"], int(match["line"]), int(match["column"]), match["code"]) for match in parsed]
    assert keys == sorted(keys)
    procurement_total = facts.read_text(encoding="utf-8").split("\n").index("  procurement:") + 2
    assert [key[1:] for key in keys] == [
        (3, 4, "AMOUNT_NOT_NUMBER"),
        (9, 5, "AMOUNT_THOUSANDS_SEPARATOR"),
        (procurement_total, 5, "EXPLANATION_MISMATCH"),
    ]
    assert "1000.00" in lines[1]
    assert "3 " in result.stderr


def test_english_messages_on_request(data_copy: Path) -> None:
    set_cell(data_copy / PUBLICATION / "05-general-budget-by-function.csv", line=3, column="basic", value="abc")
    result = run(str(data_copy), "--lang", "en")
    assert "must be an amount" in result.stdout


def test_data_dir_from_the_environment(data_copy: Path) -> None:
    set_cell(data_copy / PUBLICATION / "06-general-budget-basic-by-economic.csv", line=2, column="amount", value="x")
    assert run(env={"BUDGET_DATA_DIR": str(data_copy)}).returncode == 1
    assert run().returncode == 0


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    assert run(str(tmp_path / "missing")).returncode == 2
    assert run("--no-such-option").returncode == 2


def test_gbk_file_is_explained_and_fixed_on_request(data_copy: Path) -> None:
    path = data_copy / PUBLICATION / "02-income-summary.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    result = run(str(data_copy))
    assert result.returncode == 1
    (line,) = result.stdout.splitlines()
    assert "ENCODING_GBK" in line and "02-income-summary.csv:2:1:" in line
    assert "CSV UTF-8" in line and "--fix-encoding" in line
    fixed = run(str(data_copy), "--fix-encoding")
    assert fixed.returncode == 0, fixed.stdout
    assert "02-income-summary.csv" in fixed.stderr
    path.read_bytes().decode("utf-8")


def test_byte_order_mark_and_windows_line_ends_are_accepted(data_copy: Path) -> None:
    path = data_copy / PUBLICATION / "02-income-summary.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert run(str(data_copy)).returncode == 0


def test_paths_are_relative_to_the_working_directory(data_copy: Path) -> None:
    set_cell(data_copy / PUBLICATION / "05-general-budget-by-function.csv", line=3, column="basic", value="abc")
    result = run("data", cwd=data_copy.parent)
    assert result.stdout.startswith("data/2024/liwan-digital-gov/05-general-budget-by-function.csv:3:4: ")


def with_pending_translations(data: Path) -> None:
    """A project's English name left empty in Table 12 and a text's `en: ''` in publication.yaml."""
    set_cell(data / PUBLICATION / "12-project-expenditure-budget.csv", line=4, column="name_en", value="")
    facts = data / PUBLICATION / "publication.yaml"
    text = facts.read_text(encoding="utf-8")
    assert "  en: The center has no internal divisions.\n" in text
    facts.write_text(text.replace("  en: The center has no internal divisions.\n", "  en: ''\n"), encoding="utf-8")


def test_pending_translations_are_warnings_after_the_problems(data_copy: Path) -> None:
    with_pending_translations(data_copy)
    result = run(str(data_copy))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(": 警告 TRANSLATION_PENDING " in line for line in lines), lines
    assert lines[0].startswith(f"{data_copy / PUBLICATION / '12-project-expenditure-budget.csv'}:4:11: ")
    assert "publication.yaml:" in lines[1] and " structure " in lines[1]
    assert "另有 2 个警告" in result.stderr and "2 warnings" in result.stderr and "data valid" in result.stderr
    english = run(str(data_copy), "--lang", "en")
    assert all(": warning TRANSLATION_PENDING " in line for line in english.stdout.splitlines())
    set_cell(data_copy / PUBLICATION / "05-general-budget-by-function.csv", line=3, column="basic", value="abc")
    both = run(str(data_copy))
    assert both.returncode == 1
    codes = [line.split(": ", 1)[1].split(" ")[:2] for line in both.stdout.splitlines()]
    assert codes == [["AMOUNT_NOT_NUMBER", "列"], ["警告", "TRANSLATION_PENDING"], ["警告", "TRANSLATION_PENDING"]]
    assert "发现 1 个问题，另有 2 个警告" in both.stderr


def test_strict_translations_make_the_warnings_problems(data_copy: Path) -> None:
    with_pending_translations(data_copy)
    result = run(str(data_copy), "--strict-translations")
    assert result.returncode == 1
    parsed = [LINE.match(line) for line in result.stdout.splitlines()]
    assert [match["code"] for match in parsed if match] == ["TRANSLATION_PENDING"] * 2, result.stdout
    assert "2 problems found" in result.stderr
    assert run("--strict-translations").returncode == 0  # data/ has every English text


def test_warnings_in_the_github_and_markdown_formats(data_copy: Path) -> None:
    with_pending_translations(data_copy)
    annotations = run(str(data_copy), "--format", "github")
    assert annotations.returncode == 0
    lines = annotations.stdout.splitlines()
    assert len(lines) == 2 and all(
        re.fullmatch(r"::warning file=[^,]+,line=\d+,col=\d+,title=TRANSLATION_PENDING::.+", line) for line in lines
    ), lines
    summary = run(str(data_copy), "--format", "markdown").stdout
    assert summary.startswith("✅ 数据检查通过 / data valid.\n")
    assert "⚠️ 2 个警告（英文待译）/ warnings (translations pending)" in summary
    assert summary.count("`TRANSLATION_PENDING`") == 2
    strict = run(str(data_copy), "--format", "github", "--strict-translations").stdout
    assert strict.count("::error ") == 2 and "::warning" not in strict
