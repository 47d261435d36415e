"""Search at scale: how much a reader's first query fetches and how long it takes, in each edition.

    python scripts/search_report.py SITE_DIR [--query Q ...] [--query-en Q ...]

Serves SITE_DIR on a loopback port and opens each edition's home page in headless Chromium (Debian's, every other
address blocked), once per query with an empty cache: types the query into Material's search box as a reader does
and measures the time from the last key press until the first result shows (on the page's own clock; the test
driver's round trips, some 0.3 s, are printed beside it), and the bytes the search fetched from the page's load to then
(the index, its code and the results' text: Pagefind's files under pagefind/, or Material's search/search_index.json
and its worker), as served and as gzip would send them. Then the same queries again in one page (warm). Prints the
size of each edition's index. Reads either engine: a site with pagefind/ folders (macros/building/search.py) or
one with Material's index (the site before Pagefind), so the two can be compared on the same pages.
"""

from __future__ import annotations

import argparse
import gzip
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import Browser, Page, Response, sync_playwright

from scripts.screenshot import CHROMIUM, CHROMIUM_ARGS, serve

QUERIES = {
    "": ["住房公积金", "基本工资", "三公经费", "政务公开审批"],
    "en/": ["housing provident fund", "basic salaries", "official receptions", "education"],
}
# What a search fetches: Pagefind's files, or Material's index, worker and Lunr languages; and our worker.
SEARCH_FILES = re.compile(
    r"/(pagefind/|search/search_index\.json|assets/javascripts/(workers|lunr)/|javascripts/search)"
)
# Files already compressed (Pagefind gzips its own): gzip would not shrink them.
COMPRESSED = re.compile(r"\.(pf_\w+|pagefind)$")
RESULT = ".md-search-result__item"


@dataclass(frozen=True)
class Query:
    text: str
    seconds: float  # from the last key press to the first result, on the page's clock
    driver: float  # the same, as the test driver saw it (its own round trips included)
    results: int
    fetched: int  # bytes, as served
    gzipped: int  # bytes, as a server that gzips would send them
    requests: int


def index_size(edition: Path) -> tuple[str, int, int]:
    """The engine, its index's bytes on disk and its number of files."""
    pagefind = edition / "pagefind"
    if pagefind.is_dir():
        files = [path for path in pagefind.rglob("*") if path.is_file()]
        return "pagefind", sum(path.stat().st_size for path in files), len(files)
    return "material", (edition / "search" / "search_index.json").stat().st_size, 1


def sent_size(response: Response) -> tuple[int, int]:
    body = response.body()
    if COMPRESSED.search(response.url.split("?")[0]):
        return len(body), len(body)
    return len(body), len(gzip.compress(body, compresslevel=6))


# Installed in each page before it loads: the page's own clock at the reader's last key press in the search box
# and at the first result shown after it (the test driver's own round trips are not the reader's wait).
CLOCK = """
window.__typed = null;
window.__shown = null;
document.addEventListener("keyup", (event) => {
  if (event.target.matches && event.target.matches("input.md-search__input")) {
    window.__typed = performance.now();
    window.__shown = null;
  }
}, true);
new MutationObserver(() => {
  if (window.__typed !== null && window.__shown === null && document.querySelector(".md-search-result__item")) {
    window.__shown = performance.now();
  }
}).observe(document, { subtree: true, childList: true });
"""


def type_query(page: Page, query: str) -> tuple[float, float, int]:
    """Seconds from the last key press to the first result shown (the page's clock; Material reacts to key
    presses), the same as the test driver saw it, and the results shown."""
    field = page.locator("input.md-search__input")
    field.click()
    field.fill("")
    page.wait_for_function(f"!document.querySelector('{RESULT}')")  # the last query's results are gone
    start = time.perf_counter()
    field.fill(query)
    field.press("End")
    page.wait_for_function("window.__shown !== null", timeout=60_000)
    driver = time.perf_counter() - start
    shown = page.evaluate("(window.__shown - window.__typed) / 1000")
    return shown, driver, page.locator(RESULT).count()


def first_query(browser: Browser, address: str, query: str) -> Query:
    """A reader who opens the page and searches at once: a new context, so nothing is cached."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(address) else route.abort(),
    )
    responses: list[Response] = []
    context.on("response", lambda response: responses.append(response))  # the page's and its workers'
    page = context.new_page()
    page.add_init_script(CLOCK)
    page.goto(address, wait_until="load")
    seconds, driver, results = type_query(page, query)
    searched = [response for response in responses if SEARCH_FILES.search(response.url) and response.ok]
    sizes = [sent_size(response) for response in searched]
    context.close()
    return Query(query, seconds, driver, results, sum(s for s, _ in sizes), sum(g for _, g in sizes), len(searched))


def later_queries(browser: Browser, address: str, queries: list[str]) -> list[tuple[str, float, float, int]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(CLOCK)
    page.goto(address, wait_until="load")
    type_query(page, queries[0])
    timings = [(query, *type_query(page, query)) for query in queries]
    page.close()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", action="append", help="Chinese queries (default: four of the issue's)")
    parser.add_argument("--query-en", action="append", help="English queries")
    arguments = parser.parse_args()
    queries = {"": arguments.query or QUERIES[""], "en/": arguments.query_en or QUERIES["en/"]}
    pages = sum(1 for _ in arguments.site.rglob("index.html"))
    print(f"{arguments.site}: {pages} pages (index.html) in both editions")
    server = serve(arguments.site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for prefix, edition_queries in queries.items():
                edition = prefix or "zh/"
                engine, size, files = index_size(arguments.site / prefix)
                print(f"{edition:<4} {engine} index: {size / 1024:,.0f} KiB in {files} files")
                firsts = [first_query(browser, base + prefix, query) for query in edition_queries]
                for each in firsts:
                    print(
                        f"{edition:<4} first query “{each.text}”: {each.seconds * 1000:.0f} ms from the last key to "
                        f"the first result ({each.driver * 1000:.0f} ms as the test driver saw it; {each.results} "
                        f"shown); fetched {each.fetched / 1024:,.0f} KiB in {each.requests} files "
                        f"({each.gzipped / 1024:,.0f} KiB gzipped)"
                    )
                print(
                    f"{edition:<4} first query: median {statistics.median(q.seconds for q in firsts) * 1000:.0f} ms, "
                    f"at most {max(q.gzipped for q in firsts) / 1024:,.0f} KiB gzipped"
                )
                later = later_queries(browser, base + prefix, edition_queries)
                for query, seconds, driver, count in later:
                    print(
                        f"{edition:<4} later query “{query}”: {seconds * 1000:.0f} ms ({driver * 1000:.0f} ms as the "
                        f"driver saw it; {count} shown)"
                    )
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
