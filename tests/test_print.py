"""The printed publication (``make pdf``, scripts/print_pdf.py, docs/stylesheets/print.css): one A4 PDF per
unit page and language, shaped like the official document. Expected text is read from the built HTML."""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from conftest import DATA, print_pdfs

UNIT_PAGE = "2024/liwan-digital-gov/index.html"
EDITIONS = {"zh": UNIT_PAGE, "en": f"en/{UNIT_PAGE}"}
A4 = (595.28, 841.89)  # points


@dataclass(frozen=True)
class Printed:
    """One edition's unit page (parsed HTML) and its PDF (text of each page, and page sizes)."""

    html: BeautifulSoup = field(repr=False)
    pdf: Path
    pages: list[str] = field(repr=False)
    sizes: list[tuple[float, float]]


def flat(text: str) -> str:
    """Text as it compares between HTML and PDF: full-width forms folded, no spaces."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text.replace("¶", ""))


def heading(tag: Tag) -> str:
    """A heading's text without Material's permalink."""
    return tag.get_text(" ", strip=True).removesuffix("¶").strip()


@pytest.fixture(scope="module")
def printed(built_site: Path) -> dict[str, Printed]:
    """Both editions' PDFs, printed by scripts/print_pdf.py when the site was built (as ``make build`` does)."""
    targets = {lang: pdf_path(built_site, page) for lang, page in EDITIONS.items()}
    assert all(target.exists() for target in targets.values()), targets
    editions = {}
    for lang, page in EDITIONS.items():
        reader = PdfReader(targets[lang])
        editions[lang] = Printed(
            html=BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser"),
            pdf=targets[lang],
            pages=[page.extract_text() for page in reader.pages],
            sizes=[(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages],
        )
    return editions


def pdf_path(site: Path, page: str) -> Path:
    """The file the page's "print version" link leads to, resolved as a browser resolves it."""
    html = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    link = html.select_one("a.publication-pdf")
    assert link is not None, f"{page} has no a.publication-pdf"
    return site / urlsplit(urljoin(f"http://site/{page}", str(link["href"]))).path.lstrip("/")


def page_of(edition: Printed, text: str, *, start: int = 0) -> int:
    """The first page (0-based, from ``start``) whose text holds ``text``; -1 when none does."""
    wanted = flat(text)
    return next((index for index in range(start, len(edition.pages)) if wanted in flat(edition.pages[index])), -1)


def part_start(edition: Printed, number: int) -> int:
    """The page where a part begins: its title is the first text there (page 1's contents name it too)."""
    part = edition.html.select_one(f"h2#part-{number}")
    assert part is not None
    title = flat(heading(part))
    return next((index for index, text in enumerate(edition.pages) if flat(text).startswith(title)), -1)


@pytest.mark.parametrize("lang", EDITIONS)
def test_pdf_is_written_where_the_page_links_and_is_a4(printed: dict[str, Printed], lang: str) -> None:
    edition = printed[lang]
    assert edition.pdf.read_bytes().startswith(b"%PDF-")
    assert len(edition.pages) >= 4
    portrait = [size for size in edition.sizes if size == pytest.approx(A4, abs=1)]
    landscape = [size for size in edition.sizes if size == pytest.approx(A4[::-1], abs=1)]
    assert len(portrait) + len(landscape) == len(edition.sizes), edition.sizes
    assert portrait, "the text pages are A4 portrait"


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_widest_table_is_printed_across_the_page(printed: dict[str, Printed], lang: str) -> None:
    edition = printed[lang]
    caption = edition.html.select_one("#table-2-caption")
    assert caption is not None
    assert len(edition.html.select("#table-2-caption ~ tbody tr:first-child > *")) >= 10
    index = page_of(edition, caption.get_text(strip=True), start=part_start(edition, 2))
    assert index >= 0, "Table 2 is printed"
    assert edition.sizes[index] == pytest.approx(A4[::-1], abs=1), "Table 2 is on an A4 landscape page"


@pytest.mark.parametrize("lang", EDITIONS)
def test_first_page_is_the_title_and_the_four_parts_follow_in_order(printed: dict[str, Printed], lang: str) -> None:
    edition = printed[lang]
    title = edition.html.select_one("article h1")
    assert title is not None
    first_page = flat(edition.pages[0])
    notice = edition.html.select_one(".translation-notice")
    if notice is not None:  # English pages open with the word on the translation, then the title
        assert first_page.startswith(flat(notice.get_text())), edition.pages[0][:200]
        first_page = first_page.removeprefix(flat(notice.get_text()))
    assert first_page.startswith(flat(heading(title))), edition.pages[0][:200]
    starts = [part_start(edition, number) for number in range(1, 5)]
    assert all(index > 0 for index in starts), f"each part starts a page of its own: {starts}"
    assert starts == sorted(starts) and len(set(starts)) == 4, starts


def test_chinese_text_in_the_pdf_can_be_found_and_copied(printed: dict[str, Printed]) -> None:
    """No radical stands for an ideograph in the text layer (Chromium writes ⻔ for 门 otherwise)."""
    text = "".join(printed["zh"].pages)
    assert not [character for character in text if 0x2E80 <= ord(character) <= 0x2FDF]
    for term in ("部门预算", "支出总计", "第一部分"):
        assert term in re.sub(r"\s+", "", text), term


@pytest.mark.parametrize("lang", EDITIONS)
def test_every_page_has_the_source_build_date_and_page_number(printed: dict[str, Printed], lang: str) -> None:
    edition = printed[lang]
    colophon = edition.html.select_one(".publication-colophon")
    assert colophon is not None
    built = re.search(r"\d{4}-\d{2}-\d{2}", colophon.get_text())
    assert built is not None, colophon
    total = len(edition.pages)
    for number, text in enumerate(edition.pages, start=1):
        assert built.group() in text, f"page {number} has the build date in its footer"
        assert flat(colophon.get_text()) in flat(text), f"page {number} has the source in its footer"
        expected = f"第 {number} / {total} 页" if lang == "zh" else f"Page {number} of {total}"
        assert flat(expected) in flat(text), f"page {number}: {text[-120:]!r}"


@pytest.mark.parametrize("lang", EDITIONS)
def test_navigation_search_and_screen_controls_are_not_printed(printed: dict[str, Printed], lang: str) -> None:
    edition = printed[lang]
    whole = flat("".join(edition.pages))
    search = edition.html.select_one("input.md-search__input")
    assert search is not None and search.get("placeholder")
    screen_only = [
        str(search["placeholder"]),
        *(link.get_text(strip=True) for link in edition.html.select(".md-path a")),  # breadcrumbs
        *(link.get_text(strip=True) for link in edition.html.select(".publication-downloads a")),
        *(link.get_text(strip=True) for link in edition.html.select(".budget-share--table a")),
        *(summary.get_text(strip=True) for summary in edition.html.select(".budget-share summary")),
        *(summary.get_text(strip=True) for summary in edition.html.select("details.budget-chart__text summary")),
        *(link.get_text(strip=True) for link in edition.html.select("figure.budget-chart figcaption a")),
    ]
    colophon = edition.html.select_one(".publication-colophon")
    assert colophon is not None
    # The colophon (printed in the footer) names the downloads page, so that link's label is printed.
    screen_only = [text for text in screen_only if flat(text) not in flat(colophon.get_text())]
    assert len(screen_only) > 5
    for text in screen_only:
        assert flat(text) not in whole, f"{text!r} is printed"


@pytest.mark.parametrize("lang", EDITIONS)
def test_every_table_and_chart_is_printed(printed: dict[str, Printed], lang: str) -> None:
    edition = printed[lang]
    captions = edition.html.select("table.budget-table__table caption")
    charts = [  # the web's 一览 (at a glance) is not printed: the print is the official publication
        title
        for title in edition.html.select("figure.budget-chart .budget-chart__title")
        if title.find_parent(class_="glance-block") is None
    ]
    assert len(captions) >= 12 and charts
    whole = flat("".join(edition.pages))
    for tag in (*captions, *charts):
        assert flat(tag.get_text()) in whole, f"{tag.get_text()!r} is printed"


def row_label(row: Tag) -> str:
    """The longest text of a row: the part most likely to run over several lines."""
    return max((cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])), key=len)


@pytest.mark.parametrize("lang", EDITIONS)
def test_no_row_is_cut_and_header_rows_repeat(printed: dict[str, Printed], lang: str) -> None:
    edition = printed[lang]
    spanning = 0
    for table in edition.html.select("table.budget-table__table"):
        rows = [row for row in table.select("tbody tr") if flat(row_label(row))]
        for row in rows:  # a row cut by a page break would have its text on two pages
            assert page_of(edition, row_label(row)) >= 0, f"row {row_label(row)!r} is whole on one page"
        caption = table.select_one("caption")
        if caption is None:
            continue
        first = page_of(edition, caption.get_text(strip=True), start=part_start(edition, 2))
        assert first >= 0, caption.get_text()
        last = page_of(edition, row_label(rows[-1]), start=first)
        header = [cell.get_text(" ", strip=True) for cell in table.select("thead tr:first-child th")]
        for index in range(first + 1, last + 1):
            spanning += 1
            for text in header:
                assert flat(text) in flat(edition.pages[index]), f"{caption.get_text()}: header on page {index + 1}"
    if lang == "en":  # the English tables are longer; Table 4 runs over a page
        assert spanning, "some table runs over a page (else this test shows nothing)"


# --- the print style sheet, in the browser ------------------------------------------------------------


@pytest.fixture
def unit_page(browser: Browser, served_site: str) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served_site + UNIT_PAGE)
    yield page
    page.close()


def style(page: Page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"element => getComputedStyle(element).getPropertyValue({prop!r})")


PRINT_STYLES = [
    ("table.budget-table__table thead", "display", "table-header-group", "table-header-group"),
    ("table.budget-table__table tbody tr", "break-inside", "auto", "avoid"),
    ("figure.budget-chart", "break-inside", "auto", "avoid"),
    ("h2#part-3", "break-before", "auto", "page"),
    ("h3#table-1", "break-after", "auto", "avoid"),
    ("table.has-code tbody .col-name", "position", "sticky", "static"),
    ("table.has-code tbody .col-code", "position", "sticky", "static"),
    (".budget-table__scroll", "overflow-x", "auto", "visible"),
    ("#table-2 + figure.budget-table", "page", "auto", "wide"),
    ("#table-1 + figure.budget-table", "page", "auto", "auto"),
    (".md-header", "display", "block", "none"),
    (".md-sidebar--primary", "display", "block", "none"),
    (".md-sidebar--secondary", "display", "block", "none"),
    (".md-path", "display", "block", "none"),
    (".publication-downloads", "display", "block", "none"),
    ("details.budget-chart__text", "display", "flow-root", "none"),
    (".publication-colophon", "display", "block", "block"),  # a reader's own print keeps the source
    ("body", "background-color", "rgb(255, 255, 255)", "rgb(255, 255, 255)"),
]


@pytest.mark.parametrize(("selector", "prop", "screen", "paper"), PRINT_STYLES)
def test_print_styles_apply_to_paper_only(unit_page: Page, selector: str, prop: str, screen: str, paper: str) -> None:
    assert style(unit_page, selector, prop) == screen, "the screen rendering is unchanged"
    unit_page.emulate_media(media="print")
    assert style(unit_page, selector, prop) == paper


def test_the_colophon_moves_to_the_footer_only_when_print_pdf_adds_one(unit_page: Page) -> None:
    unit_page.emulate_media(media="print")
    assert style(unit_page, ".publication-colophon", "display") == "block"
    unit_page.evaluate("document.documentElement.classList.add('has-print-footer')")
    assert style(unit_page, ".publication-colophon", "display") == "none"


def test_print_is_black_on_white_in_the_dark_scheme(unit_page: Page) -> None:
    unit_page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    assert style(unit_page, "article", "color") != "rgb(0, 0, 0)"
    unit_page.emulate_media(media="print")
    assert style(unit_page, "article", "color") == "rgb(0, 0, 0)"
    assert style(unit_page, "body", "background-color") == "rgb(255, 255, 255)"
    assert style(unit_page, "figure.budget-chart", "color") == "rgb(0, 0, 0)"


def test_pages_are_printed_again_only_when_they_changed(built_site: Path, tmp_path: Path) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("*.pdf", "*.zip", "*.xlsx"))
    pages = 2 * len([folder for folder in DATA.glob("[0-9]*/*") if folder.is_dir()])  # each in two languages
    assert f"({pages} printed, 0 from the cache" in print_pdfs(site, cache=cache)
    first = {lang: pdf_path(site, page).read_bytes() for lang, page in EDITIONS.items()}
    assert f"(0 printed, {pages} from the cache" in print_pdfs(site, cache=cache)
    assert {lang: pdf_path(site, page).read_bytes() for lang, page in EDITIONS.items()} == first
    # A new build date alone is no reason to print again; a change in the text is.
    chinese, english = site / EDITIONS["zh"], site / EDITIONS["en"]
    chinese.write_text(  # the build date (生成日期), not the data's dates (数据最后更新) the page also prints
        re.sub(r"生成日期：\d{4}-\d{2}-\d{2}", "生成日期：1999-01-01", chinese.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    english.write_text(english.read_text(encoding="utf-8").replace("Part 4", "Part Four"), encoding="utf-8")
    assert f"(1 printed, {pages - 1} from the cache" in (output := print_pdfs(site, cache=cache))
    assert "1 stale removed" in output
    assert sorted(path.suffix for path in cache.iterdir()) == [".pdf"] * pages


def test_to_unicode_maps_are_read_in_all_three_forms_and_written_back() -> None:
    from scripts.pdf_text import ideograph_of_radical, read_cmap, write_cmap

    cmap = (
        b"2 beginbfchar\n<0011> <002E>\n<0040> <2ED4>\nendbfchar\n"
        b"2 beginbfrange\n<0013> <0015> <0030>\n<0020> <0021> [<2F40> <51FA>]\nendbfrange\n"
    )
    mapping, width = read_cmap(cmap)
    assert width == 4
    assert mapping == {0x11: ".", 0x40: "⻔", 0x13: "0", 0x14: "1", 0x15: "2", 0x20: "⽀", 0x21: "出"}
    fixed = {code: text.translate(ideograph_of_radical()) for code, text in mapping.items()}
    assert fixed[0x40] == "门" and fixed[0x20] == "支" and fixed[0x11] == "."
    assert read_cmap(write_cmap(fixed, width=width)) == (fixed, width)
