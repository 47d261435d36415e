"""The publishing pipeline: the workflows' security properties, the validator's CI formats.

The budget diff has its own tests: tests/test_budget_diff.py."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import PUBLICATION, REPO, read_rows, write_rows
from macros.building.shards import configured_environment
from macros.reading.problems import Problem

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


def test_pull_request_workflow_keeps_the_whole_budget_diff() -> None:
    """The summary is cut under GitHub's limit; the whole diff is the artifact its note names."""
    steps = load(REPO / ".github" / "workflows" / "pull-request.yml")["jobs"]["check"]["steps"]
    (diff,) = [step for step in steps if "scripts/budget_diff.py" in step.get("run", "")]
    assert '--full "$RUNNER_TEMP/budget-diff.md"' in diff["run"] and diff["if"] == "always()"
    uploads = {step["with"]["name"]: step for step in steps if "upload-artifact" in step.get("uses", "")}
    assert uploads["budget-diff"]["with"]["path"] == "${{ runner.temp }}/budget-diff.md"
    assert uploads["budget-diff"]["if"] == "always()"
    assert steps.index(uploads["budget-diff"]) == steps.index(diff) + 1
    from scripts.budget_diff import ARTIFACT

    assert ARTIFACT == "budget-diff"


def test_deploy_workflow_tests_before_it_builds() -> None:
    workflow = load(REPO / ".github" / "workflows" / "deploy.yml")
    test, build = workflow["jobs"]["test"], workflow["jobs"]["build"]
    assert "test" in build["needs"] and workflow["jobs"]["deploy"]["needs"] == "build"
    assert any(step.get("run") == "make test" for step in test["steps"])
    assert test["env"]["CHROMIUM"] == "/usr/bin/google-chrome"
    assert test["permissions"] == {"contents": "read"}


def test_deploy_workflow_publishes_to_pages_and_keeps_the_chart_search_and_pdf_caches() -> None:
    workflow = load(REPO / ".github" / "workflows" / "deploy.yml")
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}
    assert "workflow_dispatch" in workflow["on"] and workflow["on"]["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    caches = [step["with"] for step in build["steps"] if "actions/cache@" in step.get("uses", "")]
    assert [cache["path"] for cache in caches] == [".cache/charts", ".cache/search", ".cache/pdf"]
    assert "docs/**" in caches[2]["key"] and "scripts/print_pdf.py" in caches[2]["key"]
    assert "docs/**" in caches[1]["key"] and caches[1]["restore-keys"] == "search-"
    assert any("make build" in step.get("run", "") for step in build["steps"])
    assert any("upload-pages-artifact" in step.get("uses", "") for step in build["steps"])
    assert deploy["environment"]["name"] == "github-pages"
    assert any("deploy-pages" in step.get("uses", "") for step in deploy["steps"])


def test_deploy_workflow_builds_the_shards_as_a_matrix_from_the_actions_cache() -> None:
    """plan → one job per shard (reused from the Actions cache under its key) → build merges them all."""
    jobs = load(REPO / ".github" / "workflows" / "deploy.yml")["jobs"]
    plan, shard, build = jobs["plan"], jobs["shard"], jobs["build"]
    assert "scripts/shards.py plan --github-output" in "\n".join(step.get("run", "") for step in plan["steps"])
    assert plan["outputs"]["matrix"] == "${{ steps.plan.outputs.matrix }}"
    assert shard["needs"] == "plan"
    assert shard["strategy"]["matrix"]["include"] == "${{ fromJSON(needs.plan.outputs.matrix) }}"
    (cache,) = [step for step in shard["steps"] if step.get("id") == "shard-cache"]
    assert cache["with"]["key"] == "shard-${{ matrix.shard }}-${{ matrix.key }}"
    assert cache["with"]["path"] == ".cache/shards/${{ matrix.shard }}-${{ matrix.key }}"
    (run,) = [step for step in shard["steps"] if "scripts/shards.py build" in step.get("run", "")]
    assert run["if"] == "steps.shard-cache.outputs.cache-hit != 'true'"
    assert '"$SHARD" --key "$KEY"' in run["run"]  # from the environment, never pasted into the script
    (upload,) = [step for step in shard["steps"] if "upload-artifact" in step.get("uses", "")]
    assert upload["with"]["include-hidden-files"] == "true"  # the mark that a shard is whole
    assert set(build["needs"]) == {"test", "plan", "shard"}
    (download,) = [step for step in build["steps"] if "download-artifact" in step.get("uses", "")]
    assert download["with"]["path"] == ".cache/shards"
    # every job builds with the same settings from the environment (mkdocs.yml's !ENV): each shard's key has them
    (planning,) = [step for step in plan["steps"] if step.get("id") == "plan"]
    # (the sizes of shards, navigation groups and ranking charts are the configuration's own: a province edits
    # mkdocs.yml)
    settings = {name for name in configured_environment(REPO) if name.startswith("BUDGET_")} - {
        "BUDGET_UNITS_PER_SHARD",
        "BUDGET_UNITS_PER_NAVIGATION_GROUP",
        "BUDGET_UNITS_PER_RANKING_CHART",
    }
    assert settings <= set(planning["env"])
    for job in (shard, build):
        assert settings <= set(job["env"])
        for name in settings - {"BUDGET_REPO_URL"}:
            output = name.lower().removeprefix("budget_")
            assert job["env"][name] == f"${{{{ needs.plan.outputs.{output} }}}}", name
            assert planning["env"][name] == plan["outputs"][output], name  # the plan's own value, handed on


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


HOSTILE_CELL = "<img src=x onerror=alert(1)>|@octocat\n#1 100%"


def test_validator_summary_escapes_what_a_message_quotes(data_copy: Path) -> None:
    """A message quotes the data: in the job summary it stays text, on one table row."""
    path = data_copy / PUBLICATION / "05-general-budget-by-function.csv"
    rows = read_rows(path)
    rows[2][3] = HOSTILE_CELL
    write_rows(path, rows)
    summary = run("scripts/validate.py", str(data_copy), "--format", "markdown").stdout
    (row,) = [line for line in summary.splitlines() if "AMOUNT_NOT_NUMBER" in line]
    assert row.startswith("| ") and "05-general-budget-by-function.csv | 3 | 4 | `AMOUNT_NOT_NUMBER` |" in row
    # The line break is a space here, or already a visible ⟨U+000A⟩ in the validator's message.
    before = re.escape("“&#60;img src=x onerror=alert\\(1\\)&#62;\\|@\u2060octocat")
    after = re.escape("\\#\u20601 100%”。 |")
    assert re.search(f"{before}( |⟨U\\+000A⟩){after}$", row), row
    assert "<img" not in summary and "@octocat" not in summary


def hostile_problem() -> Problem:
    """A problem whose message quotes a line break, markup and a %, as data can hold them."""
    found = (("found", HOSTILE_CELL), ("header", "basic"), ("line", "3"), ("unit", "万元"))
    return Problem(path="data/a,b:c%.csv", line=3, column=4, code="AMOUNT_NOT_NUMBER", params=found)


def test_validator_markdown_of_a_hostile_message() -> None:
    from scripts.validate import as_markdown

    summary = as_markdown([hostile_problem()], lang="en")
    assert summary.splitlines()[-1] == (
        "| data/a,b:c%.csv | 3 | 4 | `AMOUNT_NOT_NUMBER` | column basic must be an amount \\(a number such as "
        "730.66, in 万元\\), found “&#60;img src=x onerror=alert\\(1\\)&#62;\\|@\u2060octocat \\#\u20601 100%”. |"
    )


def test_github_annotation_stays_one_command() -> None:
    """GitHub's escapes: a line break or % in the message, a : or , in a property, cannot end the command."""
    from scripts.validate import as_github

    assert as_github([hostile_problem()], lang="en") == (
        "::error file=data/a%2Cb%3Ac%25.csv,line=3,col=4,title=AMOUNT_NOT_NUMBER::column basic must be an amount "
        "(a number such as 730.66, in 万元), found “<img src=x onerror=alert(1)>|@octocat%0A#1 100%25”.\n"
    )


def test_validator_summary_is_cut_before_githubs_limit() -> None:
    from macros.reading.problems import problem
    from scripts.validate import SUMMARY_LIMIT, as_markdown

    problems = [problem("data/x.csv", "ROW_EMPTY", line=line) for line in range(1, 5001)]
    summary = as_markdown(problems, lang="zh")
    assert len(summary) < SUMMARY_LIMIT + 200
    listed = summary.count("`ROW_EMPTY`")
    assert 0 < listed < 5000
    assert f"还有 {5000 - listed} 个问题未列出" in summary


@pytest.mark.parametrize("page", ["staff-guide/index.html", "en/staff-guide/index.html"])
def test_staff_guide_names_what_the_workflows_do(built_site: Path, page: str) -> None:
    """The guide's steps use the names the reader will see on GitHub, taken here from the workflows."""
    text = (built_site / page).read_text(encoding="utf-8")
    check = load(REPO / ".github" / "workflows" / "pull-request.yml")
    deploy = load(REPO / ".github" / "workflows" / "deploy.yml")
    job = check["jobs"]["check"]
    uploads = [step["with"] for step in job["steps"] if "upload-artifact" in step.get("uses", "")]
    artifact = next(upload["name"] for upload in uploads if upload["path"] == "site/")
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
