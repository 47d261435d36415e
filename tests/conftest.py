"""Shared test helpers: a writable copy of the real data, and ways to change one cell of it."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from macros.building.shards import extra_setting
from macros.checking.validation import ValidationResult, validate
from macros.website.chart_figures import RANKING_SETTING

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
PUBLICATION = Path("2024/liwan-digital-gov")
# Where the tests' site is published: a sub-path, as on GitHub project pages.
SITE_URL = "https://budget.example.org/liwan/"
# How many units a year's ranking chart draws, as mkdocs.yml sets it (what the built site's pages use).
RANKING_UNITS = extra_setting(REPO, RANKING_SETTING)
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_TEXT = FIXTURES / "liwan-digital-gov-2024-budget.txt"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ that a test may break; the original stays the good fixture."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(path: Path, *, line: int, column: str, value: str) -> int:
    """Set one cell (line 1 is the header); returns the 1-based column number."""
    rows = read_rows(path)
    index = rows[0].index(column)
    rows[line - 1][index] = value
    write_rows(path, rows)
    return index + 1


def problems_of(data_dir: Path) -> ValidationResult:
    return validate(data_dir)


def build_site(
    site_dir: Path,
    *,
    data_dir: Path | None = None,
    chart_cache: Path | None = None,
    site_url: str | None = None,
    environment: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Both editions, as ``make site`` does (scripts/build_site.py, in shards): Chinese into ``site_dir``,
    English into ``site_dir/en``, replacing ``site_dir`` only when both built. ``environment`` adds variables."""
    variables = {key: value for key, value in os.environ.items() if not key.startswith("BUDGET_")}
    variables["NO_MKDOCS_2_WARNING"] = "1"
    if site_url is not None:
        variables["BUDGET_SITE_URL"], variables["BUDGET_SITE_URL_EN"] = site_url, site_url + "en/"
    if data_dir is not None:
        variables["BUDGET_DATA_DIR"] = str(data_dir)
    # Tests draw their charts into their own cache, never into the working tree's.
    variables["BUDGET_CHART_CACHE"] = str(chart_cache or site_dir.parent / f"{site_dir.name}-chart-cache")
    variables["BUDGET_VALIDATION_CACHE"] = str(site_dir.parent / f"{site_dir.name}-validation-cache")
    variables["BUDGET_SHARD_CACHE"] = str(site_dir.parent / f"{site_dir.name}-shard-cache")
    variables.update(environment or {})
    return subprocess.run(
        [sys.executable, "scripts/build_site.py", str(site_dir)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=variables,
        cwd=REPO,
        check=False,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once from data/ (with its PDFs), for tests that read its HTML."""
    site = tmp_path_factory.mktemp("site")
    # with a repository: its header link, commit links and "report a problem" (none of them fetches anything)
    result = build_site(site, site_url=SITE_URL, environment={"BUDGET_REPO_URL": "https://github.com/example/budget"})
    assert result.returncode == 0, result.stderr
    print_pdfs(site, cache=site.parent / "pdf-cache")  # as `make build` does
    return site


def print_pdfs(site: Path, *, cache: Path) -> str:
    """The print version of each publication, where its page links it (scripts/print_pdf.py); its output."""
    printed = subprocess.run(
        [sys.executable, "scripts/print_pdf.py", str(site)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "BUDGET_PDF_CACHE": str(cache)},
        check=False,
        timeout=600,
    )
    assert printed.returncode == 0, printed.stdout + printed.stderr
    return printed.stdout


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for every browser test."""
    from scripts.screenshot import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is needed for the browser tests: apt-get install chromium (.ci/run does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


LOOPBACK = {"127.0.0.1", "localhost"}


def block_outside(context: BrowserContext) -> list[str]:
    """Let ``context`` reach loopback only: every other request is refused and listed in the list returned
    (a test asserts it empty: the site loads nothing from elsewhere)."""
    outside: list[str] = []

    def route(request_route: Route) -> None:
        if urlsplit(request_route.request.url).hostname in LOOPBACK:
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    return outside


def search(page: Page, query: str) -> list[str]:
    """Type a query as a reader does (Material reacts to key presses) and return the result links."""
    field = page.locator("input.md-search__input")
    field.click()
    field.fill(query)
    field.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    return [link.get_attribute("href") or "" for link in page.locator(".md-search-result__item a").all()]


@pytest.fixture(scope="session")
def served_site(built_site: Path) -> Iterator[str]:
    """The built site on a loopback port, as a reader's browser reaches it: its address."""
    from scripts.screenshot import serve

    server = serve(built_site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that drive Chromium are marked ``browser``: ``make test-fast`` leaves them out."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
