"""Screenshots of built pages in headless Chromium, to look at what readers see.

    python scripts/screenshot.py [SITE_DIR] [--out DIR] [--page PATH ...]

Serves SITE_DIR (default site/) on a loopback port and writes one PNG per page and viewport
(390 px phone, 1280 px desktop) into --out (default screenshots/, git-ignored).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

# Debian's Chromium, or the browser $CHROMIUM names (the GitHub runner's Chrome).
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
DEFAULT_PAGES = ["", "2024/", "2024/liwan-digital-gov/", "glossary/"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--page", action="append", help="page path below the site root, e.g. 2024/")
    parser.add_argument("--full-page", action="store_true", help="capture the whole page, not just the viewport")
    parser.add_argument("--scroll-to", help="CSS selector to scroll into view before the screenshot")
    arguments = parser.parse_args()
    arguments.out.mkdir(parents=True, exist_ok=True)
    server = serve(arguments.site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, viewport in VIEWPORTS.items():
            page = browser.new_page(viewport=viewport)
            for path in arguments.page or DEFAULT_PAGES:
                page.goto(base + path)
                if arguments.scroll_to:
                    page.locator(arguments.scroll_to).first.scroll_into_view_if_needed()
                slug = (path.strip("/").replace("/", "_") or "home") + (
                    "_" + arguments.scroll_to.strip("#.") if arguments.scroll_to else ""
                )
                target = arguments.out / f"{slug}_{name}.png"
                page.screenshot(path=str(target), full_page=arguments.full_page)
                print(target)
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
