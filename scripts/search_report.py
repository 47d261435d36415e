"""Search at scale: the size of each edition's search index and the time from typing to results.

    python scripts/search_report.py SITE_DIR [--query Q ...] [--query-en Q ...]

Serves SITE_DIR on a loopback port, opens it in headless Chromium (Debian's), types each query into
Material's search box and measures the time until results show; prints index sizes (raw, gzipped).
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from scripts.screenshot import CHROMIUM, CHROMIUM_ARGS, serve

QUERIES = {"": ["住房公积金", "基本工资", "教育局"], "en/": ["housing provident fund", "basic salaries", "education"]}


def index_sizes(site: Path) -> list[tuple[str, int, int]]:
    found = []
    for prefix in ("", "en/"):
        index = site / prefix / "search" / "search_index.json"
        raw = index.read_bytes()
        found.append((prefix or "zh/", len(raw), len(gzip.compress(raw, compresslevel=9))))
    return found


def time_to_results(site: Path) -> dict[str, list[tuple[str, float, int]]]:
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    timings: dict[str, list[tuple[str, float, int]]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for prefix, queries in QUERIES.items():
                page.goto(base + prefix)
                field = page.locator("input.md-search__input")
                field.click()
                page.wait_for_function("() => document.querySelector('.md-search__output') !== null")
                for query in queries:
                    field.fill("")
                    page.wait_for_timeout(200)
                    start = time.perf_counter()
                    field.fill(query)
                    field.press("End")
                    page.wait_for_selector(".md-search-result__item", timeout=30_000)
                    elapsed = time.perf_counter() - start
                    count = page.locator(".md-search-result__item").count()
                    timings.setdefault(prefix or "zh/", []).append((query, elapsed, count))
            browser.close()
    finally:
        server.shutdown()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    arguments = parser.parse_args()
    for edition, raw, gzipped in index_sizes(arguments.site):
        print(f"{edition:<4} search index: {raw / 1024 / 1024:.1f} MiB raw, {gzipped / 1024 / 1024:.1f} MiB gzipped")
    for edition, results in time_to_results(arguments.site).items():
        for query, seconds, count in results:
            print(f"{edition:<4} “{query}”: results after {seconds * 1000:.0f} ms ({count} shown)")
        print(f"{edition:<4} median {statistics.median(seconds for _, seconds, _ in results) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
