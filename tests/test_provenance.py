"""Where the data comes from (issue 17): a test repository with two data commits. Each publication page says
when its data last changed and links that commit; the year's "what changed" page lists exactly what the second
commit changed (old and new); the status page says when each publication was first published and whether that
met its deadline; the report link names the page, the data commit and the anchor the reader is at. Outside git,
or in a shallow clone, the site says nothing of a history it does not have.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import Browser

from conftest import DATA, build_site
from macros.exchange.history import read_history
from scripts.screenshot import serve

REPO_URL = "https://github.com/example/budget"
UNIT = "liwan-digital-gov"
FACTS = Path("2024") / UNIT / "publication.yaml"
PROJECTS = Path("2024") / UNIT / "12-project-expenditure-budget.csv"
FIRST, SECOND = "2024-03-01T10:00:00+08:00", "2024-04-02T09:30:00+08:00"
OLD_GOAL, NEW_GOAL = "支付编外人员工资福利支出", "支付编外人员的工资福利支出"


def git(repository: Path, *arguments: str, when: str = FIRST) -> str:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Finance staff",
        "GIT_AUTHOR_EMAIL": "staff@example.org",
        "GIT_COMMITTER_NAME": "Finance staff",
        "GIT_COMMITTER_EMAIL": "staff@example.org",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    done = subprocess.run(
        ["git", "-C", str(repository), *arguments], capture_output=True, text=True, env=environment, check=True
    )
    return done.stdout.strip()


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """data/ committed once (approved 2024-02-20, published 2024-03-01), then a second commit that changes two
    prior-year figures of publication.yaml and one project's performance goal."""
    root = tmp_path_factory.mktemp("repository")
    shutil.copytree(DATA, root / "data")
    replace(root / "data" / FACTS, "\namount_unit:", "\napproved: 2024-02-20\namount_unit:")
    replace(root / "data" / FACTS, "  en: The center has no internal divisions.\n", "  en: ''\n")  # one warning
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "data")
    git(root, "commit", "-q", "-m", "Publish the 2024 budgets")
    replace(root / "data" / FACTS, "    income_total: 793.63", "    income_total: 800.00")
    replace(root / "data" / FACTS, "    expenditure_total: 793.63", "    expenditure_total: 800.00")
    replace(root / "data" / PROJECTS, OLD_GOAL, NEW_GOAL)
    git(root, "commit", "-q", "-a", "-m", "Correct the prior year's totals", when=SECOND)
    return root, git(root, "log", "--format=%H").split()[::-1]


@pytest.fixture(scope="module")
def site(repository: tuple[Path, list[str]]) -> Path:
    root, _ = repository
    built = build_site(root / "site", data_dir=root / "data", environment={"BUDGET_REPO_URL": REPO_URL})
    assert built.returncode == 0, built.stderr
    return root / "site"


def article(site: Path, page: str) -> Tag:
    found = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser").find("article")
    assert isinstance(found, Tag)
    return found


def test_a_page_says_when_its_data_last_changed(site: Path, repository: tuple[Path, list[str]]) -> None:
    _, commits = repository
    line = article(site, f"2024/{UNIT}").select_one(".publication-provenance")
    assert line is not None
    assert line.get_text() == f"数据最后更新：2024-04-02（提交 {commits[1][:7]}） · 首次公开：2024-03-01"
    assert line.a is not None and line.a["href"] == f"{REPO_URL}/commit/{commits[1]}"
    english = article(site, f"en/2024/{UNIT}").select_one(".publication-provenance")
    assert english is not None
    assert (
        english.get_text()
        == f"Data last changed on 2024-04-02 (commit {commits[1][:7]}) · first published on 2024-03-01"
    )
    # a publication committed once: first published is its last change, said once
    final = article(site, "2024/putuo-finance-bureau-final").select_one(".publication-provenance")
    assert final is not None and final.get_text() == f"数据最后更新：2024-03-01（提交 {commits[0][:7]}）"


def changed_rows(section: list[Tag]) -> list[list[str]]:
    return [[cell.get_text() for cell in row.find_all("td")] for tag in section for row in tag.select("tbody tr")]


def test_what_changed_lists_exactly_the_changed_figures(site: Path, repository: tuple[Path, list[str]]) -> None:
    _, commits = repository
    page = article(site, "2024/changes")
    headings = [heading.get_text(" ", strip=True) for heading in page.find_all("h2")]
    assert len(headings) == 1 and "广州市荔湾区数字政府运营中心" in headings[0]  # only the publication changed
    commit = page.find("h3")
    assert commit is not None and commit.get_text(" ", strip=True).startswith(f"2024-04-02 · 提交 {commits[1][:7]}")
    tables = page.select(".changes-table")
    rows = changed_rows(tables)
    assert ["explanation.prior_year.income_total", "793.63", "800.00"] in rows
    assert ["explanation.prior_year.expenditure_total", "793.63", "800.00"] in rows
    goal = [row for row in rows if len(row) == 4]
    assert len(goal) == 1 and goal[0][2].startswith(OLD_GOAL) and goal[0][3].startswith(NEW_GOAL)
    assert len(rows) == 3, rows  # nothing else changed
    english = article(site, "en/2024/changes")
    assert english.find("h3") is not None and "commit" in english.find("h3").get_text()


def test_status_says_when_first_published_and_on_time(site: Path, repository: tuple[Path, list[str]]) -> None:
    _, commits = repository
    rows = {
        (cells[0], cells[1]): cells
        for row in article(site, "2024/status").select(".status-table tbody tr")
        if (cells := [cell.get_text(" ", strip=True) for cell in row.find_all("td")])
    }
    budget = rows[("广州市荔湾区数字政府运营中心", "部门预算")]
    assert budget[2:] == ["是", f"2024-03-01 · {commits[0][:7]}", "2024-03-11", "是", "1"]  # one text awaits English
    assert rows[("上海市普陀区财政局", "部门预算")][2] == "否"  # the bureau published its 决算 only
    assert rows[("上海市普陀区财政局", "部门决算")][4] == "—"  # no approval date in its data: no deadline


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    server = serve(site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_report_link_carries_the_page_and_anchor(
    browser: Browser, served: str, repository: tuple[Path, list[str]]
) -> None:
    _, commits = repository
    page = browser.new_page()
    try:
        page.goto(f"{served}2024/{UNIT}/")
        link = page.locator("a.report-problem__link")
        page.evaluate("location.hash = 'table-3'")
        link.focus()
        address = urlsplit(link.get_attribute("href") or "")
        assert f"{address.scheme}://{address.netloc}{address.path}" == f"{REPO_URL}/issues/new"
        query = parse_qs(address.query)
        assert query["title"] == ["数据问题：2024年广州市荔湾区数字政府运营中心部门预算"]
        body = query["body"][0]
        assert f"页面：{served}2024/{UNIT}/#table-3" in body
        assert "位置（表格或图表）：table-3" in body
        assert f"数据提交：{commits[1]}" in body and "语言：中文" in body
    finally:
        page.close()


def test_no_history_outside_git_or_in_a_shallow_clone(tmp_path: Path, repository: tuple[Path, list[str]]) -> None:
    shutil.copytree(DATA / "2024", tmp_path / "plain" / "2024")
    assert read_history(tmp_path / "plain") is None
    root, _ = repository
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(tmp_path / "shallow")], check=True)
    assert read_history(tmp_path / "shallow" / "data") is None
    history = read_history(root / "data")
    assert history is not None and len(history.touches[(2024, UNIT)]) == 2
