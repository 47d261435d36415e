"""Print every publication page of a built site to an A4 PDF with headless Chromium (``make pdf``).

    python scripts/print_pdf.py SITE_DIR

Serves SITE_DIR on a loopback port, finds every page (both editions) with an ``a.publication-pdf`` link and
writes the page, printed with docs/stylesheets/print.css, to the file that link points to. Each page's
footer carries the page's colophon (source and build date) and the page number.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import html
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup
from playwright.async_api import Browser, async_playwright
from playwright.async_api import Error as PlaywrightError

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pdf_text import fix_text_layer
from screenshot import CHROMIUM, CHROMIUM_ARGS, serve

# As many pages at a time, in one browser, as the machine has cores.
WORKERS = os.cpu_count() or 2
# The same as the @page margins in print.css (which win): Chromium draws the footer inside the bottom
# margin, and the footer's side padding lines it up with the text.
MARGIN = {"top": "16mm", "right": "15mm", "bottom": "18mm", "left": "15mm"}
PAGE_NUMBER = {
    "zh": '第 <span class="pageNumber"></span> / <span class="totalPages"></span> 页',
    "en": 'Page <span class="pageNumber"></span> of <span class="totalPages"></span>',
}
# The footer is a separate document: it needs its own font size, and lang to pick the CJK glyphs.
FOOTER = (
    '<div lang="{lang}" style="box-sizing: border-box; width: 100%; padding: 0 15mm; display: flex; gap: 6mm;'
    ' justify-content: space-between; font: 7px Liberation Sans, Arial, sans-serif; color: #333;">'
    '<span>{colophon}</span><span style="white-space: nowrap">{page_number}</span></div>'
)


@dataclass(frozen=True)
class Job:
    """One page to print: its path below the site root, the PDF its link names, and the cache key of
    what the PDF is printed from."""

    page: str
    pdf: Path
    key: str


# Printing takes seconds a page: a district's hundreds of pages are printed again only when what they
# are printed from changed (the deploy workflow keeps this cache, like the charts').
CACHE_VARIABLE = "BUDGET_PDF_CACHE"
REPO = Path(__file__).resolve().parent.parent
PRINTED_FROM = [
    REPO / "docs" / "stylesheets" / "print.css",
    REPO / "docs" / "stylesheets" / "budget.css",
    Path(__file__),
    Path(__file__).with_name("pdf_text.py"),
]
# The build date changes every day but is no reason to print again: a PDF from the cache keeps the
# date it was built on.
BUILD_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def cache_dir() -> Path:
    return Path(os.environ.get(CACHE_VARIABLE) or REPO / ".cache" / "pdf")


def cache_key(document: BeautifulSoup) -> str:
    """What the PDF is printed from: the article (not the sidebar, which lists the year's other units),
    the language, the stylesheets (Material's carry a content hash in their names) and our print code."""
    article = document.select_one("article")
    colophon = document.select_one(".publication-colophon")
    if article is None or colophon is None:
        raise PrintError("a publication page without <article> or .publication-colophon")
    colophon.string = BUILD_DATE.sub("", colophon.get_text())
    stylesheets = [str(link.get("href")) for link in document.select("link[rel=stylesheet]")]
    digest = hashlib.sha256("\n".join([str(document.html.get("lang")), *stylesheets, str(article)]).encode("utf-8"))
    for source in PRINTED_FROM:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:24]


class PrintError(Exception):
    """A page that could not be printed; the message says which and why."""


def find_jobs(site: Path) -> list[Job]:
    """Every page with a PDF link, in both editions (the English one is the site's ``en/`` folder)."""
    jobs = []
    for path in sorted(site.rglob("*.html")):
        if path.name == "404.html":
            continue
        text = path.read_text(encoding="utf-8")
        if "publication-pdf" not in text:  # cheap test first: most pages have no PDF link
            continue
        document = BeautifulSoup(text, "html.parser")
        link = document.select_one("a.publication-pdf[href]")
        if link is None:
            continue
        page = path.relative_to(site).as_posix()
        pdf = pdf_target(site=site, page=page, href=str(link["href"]))
        jobs.append(Job(page=page, pdf=pdf, key=cache_key(document)))
    return jobs


def from_cache(job: Job) -> bool:
    """Copy the PDF printed earlier from the same page, if there is one."""
    cached = cache_dir() / f"{job.key}.pdf"
    if not cached.is_file():
        return False
    job.pdf.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, job.pdf)
    return True


def keep(job: Job) -> None:
    """Put a new PDF into the cache whole or not at all: a half-copied file must never be reused."""
    cache_dir().mkdir(parents=True, exist_ok=True)
    partial = cache_dir() / f"{job.key}.pdf.partial"
    shutil.copyfile(job.pdf, partial)
    os.replace(partial, cache_dir() / f"{job.key}.pdf")


def prune(jobs: list[Job]) -> int:
    """Remove the cached PDFs this site no longer uses, so the cache does not grow without end."""
    used = {f"{job.key}.pdf" for job in jobs}
    stale = [path for path in cache_dir().glob("*.pdf*") if path.name not in used] if cache_dir().is_dir() else []
    for path in stale:
        path.unlink()
    return len(stale)


def pdf_target(*, site: Path, page: str, href: str) -> Path:
    """The file inside the site that a page's relative link resolves to, as a browser would resolve it."""
    resolved = unquote(urlsplit(urljoin(f"http://site/{page}", href)).path).lstrip("/")
    target = (site / resolved).resolve()
    if not target.is_relative_to(site.resolve()):
        raise PrintError(f"{page}: the PDF link {href!r} leads outside the site")
    return target


def footer_template(*, colophon: str, lang: str) -> str:
    """Source, build date and page number; the template is HTML, so the page's text is escaped."""
    numbers = PAGE_NUMBER["zh" if lang.startswith("zh") else "en"]
    return FOOTER.format(lang=html.escape(lang), colophon=html.escape(colophon), page_number=numbers)


async def print_page(browser: Browser, *, base: str, job: Job) -> int:
    """Print one page to its PDF; returns the PDF's size in bytes."""
    page = await browser.new_page()
    try:
        await page.emulate_media(media="print")
        response = await page.goto(base + job.page, wait_until="load")
        if response is None or not response.ok:
            raise PrintError(f"{job.page}: HTTP {response.status if response else 'no response'}")
        # Print only once the fonts are ready and every inline chart printed (not display: none) has its size.
        await page.evaluate("document.fonts.ready.then(() => true)")
        await page.wait_for_function(
            "[...document.querySelectorAll('figure.budget-chart svg')]"
            ".every(s => !s.getClientRects().length || s.getBoundingClientRect().height > 0)"
        )
        colophon = page.locator(".publication-colophon").first
        if await colophon.count() == 0:
            raise PrintError(f"{job.page}: no .publication-colophon to put in the footer")
        colophon_text = (await colophon.inner_text()).strip()
        lang = await page.evaluate("document.documentElement.lang")
        if not lang:
            raise PrintError(f"{job.page}: <html> has no lang, so the footer's language is unknown")
        # The colophon goes into every page's footer, so print.css leaves it out of the text.
        await page.evaluate("document.documentElement.classList.add('has-print-footer')")
        job.pdf.parent.mkdir(parents=True, exist_ok=True)
        data = await page.pdf(
            path=str(job.pdf),
            format="A4",
            print_background=True,  # header rows and totals keep their grey, as in the official tables
            prefer_css_page_size=True,  # print.css sets A4, and A4 landscape for wide tables
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=footer_template(colophon=colophon_text, lang=lang),
            margin=MARGIN,
        )
        await asyncio.to_thread(fix_text_layer, job.pdf)  # Chinese text that can be searched and copied
        return len(data)
    except PlaywrightError as error:
        raise PrintError(f"{job.page}: {error.message.splitlines()[0]}") from error
    finally:
        await page.close()


async def print_all(site: Path, *, jobs: list[Job]) -> list[int]:
    """Print every job, WORKERS pages at a time in one browser; the first failure stops the run."""
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    slots = asyncio.Semaphore(WORKERS)

    async def one(browser: Browser, job: Job) -> int:
        async with slots:
            size = await print_page(browser, base=base, job=job)
        keep(job)
        print(f"pdf: {job.pdf.relative_to(site)} ({size // 1024} KiB) from {job.page}", flush=True)
        return size

    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                # A task group cancels the other pages when one fails, before the browser closes.
                async with asyncio.TaskGroup() as group:
                    tasks = [group.create_task(one(browser, job)) for job in jobs]
                return [task.result() for task in tasks]
            finally:
                await browser.close()
    except* PrintError as errors:
        raise errors.exceptions[0] from None
    finally:
        server.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site, e.g. site/ (its en/ folder is the English edition)")
    arguments = parser.parse_args()
    site = arguments.site.resolve()
    if not site.is_dir():
        print(f"pdf: {site} is not a directory (build the site first: make build)", file=sys.stderr)
        return 1
    start = time.monotonic()
    try:
        jobs = find_jobs(site)
        if not jobs:  # a built site always has publications: the link's markup must have changed
            raise PrintError(f"no page under {site} has an a.publication-pdf link")
        to_print = [job for job in jobs if not from_cache(job)]
        if to_print:
            asyncio.run(print_all(site, jobs=to_print))
        pruned = prune(jobs)
    except PrintError as error:
        print(f"pdf: failed: {error}", file=sys.stderr)
        return 1
    print(
        f"pdf: {len(jobs)} written ({len(to_print)} printed, {len(jobs) - len(to_print)} from the cache "
        f"{cache_dir()}, {pruned} stale removed) in {time.monotonic() - start:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
