"""The publishing pipeline: the workflows' security properties, the validator's CI formats, the budget diff."""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from conftest import DATA, PUBLICATION, REPO, read_rows, write_rows

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def load(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # "on" stays a string


@pytest.mark.parametrize("path", WORKFLOWS, ids=[path.name for path in WORKFLOWS])
def test_workflow_security(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    workflow = load(path)
    assert "pull_request_target" not in workflow["on"]
    assert workflow["permissions"] in ({}, "{}", {"contents": "read"})
    for line in text.splitlines():
        if "uses:" in line:
            assert re.search(r"uses: [\w./-]+@[0-9a-f]{40} # v\d", line), line
    for name, job in workflow["jobs"].items():
        permissions = job.get("permissions", {})
        writes = {scope for scope, access in permissions.items() if access == "write"}
        assert not writes or (name == "deploy" and writes == {"pages", "id-token"}), name
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] == "false"
            assert "github.event" not in step.get("run", "")


def test_pull_request_workflow_runs_the_local_targets() -> None:
    workflow = load(REPO / ".github" / "workflows" / "pull-request.yml")
    assert set(workflow["on"]) == {"pull_request"}
    runs = "\n".join(step.get("run", "") for step in workflow["jobs"]["check"]["steps"])
    for command in (
        "make setup",
        "scripts/validate.py --format github",
        "scripts/budget_diff.py",
        "make test",
        "make site",
    ):
        assert command in runs
    assert any("upload-artifact" in step.get("uses", "") for step in workflow["jobs"]["check"]["steps"])


def test_deploy_workflow_publishes_to_pages_and_keeps_the_chart_and_pdf_caches() -> None:
    workflow = load(REPO / ".github" / "workflows" / "deploy.yml")
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}
    assert "workflow_dispatch" in workflow["on"] and workflow["on"]["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    caches = [step["with"] for step in build["steps"] if "actions/cache@" in step.get("uses", "")]
    assert [cache["path"] for cache in caches] == [".cache/charts", ".cache/pdf"]
    assert "docs/**" in caches[1]["key"] and "scripts/print_pdf.py" in caches[1]["key"]
    assert any("make build" in step.get("run", "") for step in build["steps"])
    assert any("upload-pages-artifact" in step.get("uses", "") for step in build["steps"])
    assert deploy["environment"]["name"] == "github-pages"
    assert any("deploy-pages" in step.get("uses", "") for step in deploy["steps"])


def test_dependabot_watches_actions_and_pip() -> None:
    config = load(REPO / ".github" / "dependabot.yml")
    assert {update["package-ecosystem"] for update in config["updates"]} >= {"github-actions", "pip"}


def run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *arguments], capture_output=True, text=True, cwd=REPO, check=False)


def test_validator_annotations_for_github(data_copy: Path) -> None:
    path = data_copy / PUBLICATION / "05-general-budget-by-function.csv"
    rows = read_rows(path)
    rows[2][3] = "abc"
    write_rows(path, rows)
    result = run("scripts/validate.py", str(data_copy), "--format", "github")
    assert result.returncode == 1
    (line,) = result.stdout.splitlines()
    assert re.fullmatch(
        r"::error file=[^,]+05-general-budget-by-function\.csv,line=3,col=4,title=AMOUNT_NOT_NUMBER::.+", line
    )
    summary = run("scripts/validate.py", str(data_copy), "--format", "markdown").stdout
    assert "| 3 | 4 | `AMOUNT_NOT_NUMBER` |" in summary


def changed_lines(output: str) -> list[str]:
    """The names of the lines a budget diff lists, in order."""
    return [
        line.split(" | ")[0].strip("| *")
        for line in output.splitlines()
        if line.startswith("| ") and "行 line" not in line
    ]


def test_budget_diff_shows_exactly_the_changed_lines_totals_first(data_copy: Path) -> None:
    """Two items of Table 6 changed, with their class and the 合计 line updated as staff would."""
    path = data_copy / PUBLICATION / "06-general-budget-basic-by-economic.csv"
    rows = read_rows(path)
    changed = {4: Decimal("0.30"), 5: Decimal("-0.30")}  # 30101 up, 30102 down: 301 and 合计 unchanged
    for line, change in changed.items():
        rows[line - 1][2] = f"{Decimal(rows[line - 1][2]) + change:.2f}"
    write_rows(path, rows)
    output = run("scripts/budget_diff.py", str(DATA), str(data_copy)).stdout
    table_lines = [line for line in output.splitlines() if line.startswith("| ") and not line.startswith("| 行")]
    assert [line.split(" | ")[0].strip("| *") for line in table_lines] == ["30101 基本工资", "30102 津贴补贴"]
    assert "| 62.48 | 62.78 | +0.30 |" in output and "| 96.54 | 96.24 | -0.30 |" in output


def test_budget_diff_puts_totals_first(data_copy: Path) -> None:
    path = data_copy / PUBLICATION / "06-general-budget-basic-by-economic.csv"
    rows = read_rows(path)
    for line in (2, 3, 4):  # 合计, 301, 30101
        rows[line - 1][2] = f"{Decimal(rows[line - 1][2]) + Decimal('0.10'):.2f}"
    write_rows(path, rows)
    output = run("scripts/budget_diff.py", str(DATA), str(data_copy)).stdout
    names = changed_lines(output)
    assert names == ["合计", "301 工资福利支出", "30101 基本工资"]


def test_budget_diff_two_amounts_with_their_totals(data_copy: Path) -> None:
    """The issue's case: two items changed, their class and the 合计 line updated to match."""
    path = data_copy / PUBLICATION / "06-general-budget-basic-by-economic.csv"
    rows = read_rows(path)
    for line, change in ((2, "0.30"), (3, "0.30"), (4, "0.10"), (5, "0.20")):  # 合计, 301, 30101, 30102
        rows[line - 1][2] = f"{Decimal(rows[line - 1][2]) + Decimal(change):.2f}"
    write_rows(path, rows)
    output = run("scripts/budget_diff.py", str(DATA), str(data_copy)).stdout
    names = changed_lines(output)
    assert names == ["合计", "301 工资福利支出", "30101 基本工资", "30102 津贴补贴"]
    assert "| 570.98 | 571.28 | +0.30 |" in output


def test_budget_diff_says_unreadable_not_removed(data_copy: Path) -> None:
    facts = data_copy / PUBLICATION / "publication.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "oops: [\n", encoding="utf-8")
    output = run("scripts/budget_diff.py", str(DATA), str(data_copy)).stdout
    assert "unreadable" in output and "removed" not in output


def test_budget_diff_of_identical_data_says_nothing_changed() -> None:
    result = run("scripts/budget_diff.py", str(DATA), str(DATA))
    assert result.returncode == 0
    assert "No budget data changed" in result.stdout


@pytest.mark.parametrize("page", ["staff-guide/index.html", "en/staff-guide/index.html"])
def test_staff_guide_names_what_the_workflows_do(built_site: Path, page: str) -> None:
    """The guide's steps use the names the reader will see on GitHub, taken here from the workflows."""
    text = (built_site / page).read_text(encoding="utf-8")
    check = load(REPO / ".github" / "workflows" / "pull-request.yml")
    deploy = load(REPO / ".github" / "workflows" / "deploy.yml")
    job = check["jobs"]["check"]
    artifact = next(step for step in job["steps"] if "upload-artifact" in step.get("uses", ""))["with"]["name"]
    for name in (
        f"{check['name']} / {job['name']}",
        deploy["name"],
        artifact,
        "make validate",
        "make test",
        "make site",
    ):
        assert name in text, name
    assert (REPO / ".github" / "pull_request_template.md").is_file()
    assert "/data/" in (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
