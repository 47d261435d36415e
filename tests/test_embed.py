"""Embed and share (issue 17, part 4): each chart and table has a permalink, downloads of what it shows and an embed
page; the embed page renders on its own, in a frame of another site, loading nothing from elsewhere; "copy embed
code" copies its full address; PNG is drawn from the chart.
"""

from __future__ import annotations

import csv
import io
import math
import re
import struct
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import Browser, BrowserContext, expect

from conftest import SITE_URL, block_outside
from scripts.screenshot import serve

EDITIONS = {"zh": "", "en": "en/"}
PAGES = ("2024/liwan-digital-gov/", "2025/putuo-govoffice/", "2024/putuo-finance-bureau-final/", "2024/")


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def shared_items(page: BeautifulSoup) -> list[tuple[str, Tag, Tag]]:
    """(anchor, what is shown, its share bar) for every chart and table of a page."""
    items = []
    for bar in page.select("div.budget-share"):
        anchor = bar.select_one("a.budget-share__permalink")["href"].removeprefix("#")
        if "budget-share--chart" in bar["class"]:
            shown = bar.find_parent("figure", class_="budget-chart")
            assert shown is not None and shown["id"] == anchor
        else:
            heading = page.find(id=anchor)
            assert heading is not None and heading.name == "h3"
            shown = heading.find_next("figure", class_="budget-table")
            assert shown.find_next("div", class_="budget-share") is bar, f"{anchor}: its bar follows the table"
        items.append((anchor, shown, bar))
    return items


def embed_address(bar: Tag) -> str:
    """The iframe's address in the embed code that a reader without script sees."""
    code = bar.select_one("details.budget-share__code textarea").get_text()
    frame = BeautifulSoup(code, "html.parser").iframe
    assert frame is not None and frame["title"] and frame["height"].isdigit(), code
    return frame["src"]


def cells(table: Tag) -> list[list[str]]:
    return [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])] for row in table.find_all("tr")]


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("page", PAGES)
def test_every_chart_and_table_has_its_embed_page_showing_the_same(built_site: Path, edition: str, page: str) -> None:
    folder = built_site / EDITIONS[edition] / page
    items = shared_items(soup_of(folder / "index.html"))
    tables = [anchor for anchor, shown, _ in items if shown.name == "figure" and "budget-table" in shown["class"]]
    charts = [anchor for anchor, _, bar in items if "budget-share--chart" in bar["class"]]
    assert charts, "every page here shows charts"
    assert len(tables) in (0, 9, 12) and (page == "2024/" or tables)
    for anchor, shown, bar in items:
        address = embed_address(bar)
        assert address == f"{SITE_URL}{EDITIONS[edition]}embed/{page}{anchor}.html", "absolute: site_url is set"
        embed = soup_of(built_site / EDITIONS[edition] / address.removeprefix(SITE_URL + EDITIONS[edition]))
        assert embed.html["lang"] == ("en" if edition == "en" else "zh-Hans")
        assert embed.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        back = embed.select_one("p.budget-embed__source a")
        assert urljoin(address, back["href"]) == f"{SITE_URL}{EDITIONS[edition]}{page}#{anchor}", "a link back"
        if shown.name == "figure" and "budget-chart" in shown["class"]:
            assert str(embed.select_one("figure.budget-chart svg")) == str(shown.svg), anchor
        else:
            assert cells(embed.select_one("table.budget-table__table")) == cells(shown.table), anchor
            assert embed.h1.get_text(strip=True) == folder_heading(built_site, edition, page, anchor)


def folder_heading(site: Path, edition: str, page: str, anchor: str) -> str:
    heading = soup_of(site / EDITIONS[edition] / page / "index.html").find(id=anchor)
    for link in heading.select("a.headerlink"):
        link.decompose()
    return heading.get_text(strip=True)


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("page", PAGES)
def test_a_charts_csv_holds_the_amounts_it_shows(built_site: Path, edition: str, page: str) -> None:
    """The CSV beside each chart's SVG: one line per bar, amounts in the order of the chart's text alternative."""
    folder = built_site / EDITIONS[edition] / page
    checked = 0
    for figure in soup_of(folder / "index.html").select("figure.budget-chart"):
        downloads = [link["href"] for link in figure.select(".budget-share a[download]")]
        svg, table = (next(href for href in downloads if href.endswith(suffix)) for suffix in (".svg", ".csv"))
        assert svg.removesuffix(".svg") == table.removesuffix(".csv")
        assert (folder / svg).is_file()
        raw = (folder / table).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for Excel"
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows)
        amounts = [f"{float(row[-1]):,.2f}" for row in rows[1:]]
        described = re.findall(r"\d[\d,]*\.\d\d", figure.select_one("details.budget-chart__text p").get_text())
        position = 0
        for amount in amounts:  # in the text, in the same order (the text may name more figures: rates)
            assert amount in described[position:], (figure["id"], amount, described)
            position = described.index(amount, position) + 1
        assert all(row[0] for row in rows[1:]), "every line names its bar"
        checked += 1
    assert checked


def test_without_site_url_the_embed_code_names_the_page_relative_address() -> None:
    """Outside a build (and without site_url) the code holds the address from the page; the script makes it full."""
    from macros.rendering.escaping import escape_text
    from macros.website import embeds

    heading = escape_text("表1 <b>")  # a heading arrives escaped; the code names it in its title, escaped again
    item = embeds.Shareable(
        page="2024/unit.md", anchor="table-1", heading=heading, body="", height=300, lang="zh", kind="table"
    )
    bar = BeautifulSoup(embeds.shared(item, downloads=[]), "html.parser")
    assert embed_address(bar) == "../../embed/2024/unit/table-1.html"
    assert bar.textarea["data-src"] == "../../embed/2024/unit/table-1.html"
    assert BeautifulSoup(bar.textarea.get_text(), "html.parser").iframe["title"] == "表1 <b>"


@pytest.fixture(scope="module")
def other_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Another site on another port (another origin), where a reader pastes embed codes."""
    folder = tmp_path_factory.mktemp("other-site")
    server = serve(folder)
    folder.joinpath(".address").write_text(f"http://localhost:{server.server_address[1]}/")
    yield folder
    server.shutdown()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    outside = block_outside(context)
    yield context
    context.close()
    assert outside == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_embed_pages_render_in_a_frame_of_another_site(
    built_site: Path, served_site: str, other_site: Path, context: BrowserContext, edition: str
) -> None:
    """Each table and chart of the seed's page, pasted into a page of another origin: the frame shows it styled
    (borders, colours from embed.css), every request of the frame succeeds, none leaves loopback."""
    page_path = f"{EDITIONS[edition]}2024/liwan-digital-gov/"
    items = shared_items(soup_of(built_site / page_path / "index.html"))
    codes = []
    for _, _, bar in items:
        code = BeautifulSoup(bar.select_one("textarea").get_text(), "html.parser")
        code.iframe["src"] = code.iframe["src"].replace(SITE_URL, served_site)
        codes.append(str(code))
    (other_site / f"host-{edition}.html").write_text(
        "<!doctype html><html><body><h1>Another site</h1>" + "".join(codes) + "</body></html>", encoding="utf-8"
    )
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.goto((other_site / ".address").read_text() + f"host-{edition}.html", wait_until="networkidle")
    assert page.locator("iframe").count() == len(items) > 12
    for index, (anchor, shown, _) in enumerate(items):
        element = page.locator("iframe").nth(index)
        element.scroll_into_view_if_needed()  # the code asks for lazy loading: a frame loads when it comes near
        frame = element.element_handle().content_frame()
        assert frame is not None
        frame.wait_for_selector("h1")
        frame.wait_for_load_state("networkidle")
        assert urlsplit(frame.url).port != urlsplit(page.url).port, "another origin"
        assert frame.locator("h1").get_attribute("id") == anchor
        if shown.svg is not None:
            box = frame.locator("figure.budget-chart svg").bounding_box()
            assert box is not None and box["width"] > 200 and box["height"] > 40
        else:
            assert frame.locator("td").count() == len(shown.select("td"))
            border = frame.locator(".budget-table__scroll").evaluate("e => getComputedStyle(e).borderTopStyle")
            assert border == "solid", "budget.css applies"
        colour = frame.locator("body").evaluate("e => getComputedStyle(e).backgroundColor")
        assert colour == "rgb(255, 255, 255)", "embed.css sets the light scheme's background"
    assert failed == []


def test_copy_embed_code_copies_the_full_address(served_site: str, browser: Browser) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    outside = block_outside(context)
    try:
        page = context.new_page()
        page.goto(served_site + "2024/liwan-digital-gov/", wait_until="networkidle")
        bar = page.locator("div.budget-share--table").nth(2)
        bar.locator("button.budget-share__copy").click()
        expect(bar.locator(".budget-share__status")).to_have_text("嵌入代码已复制")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert f'src="{served_site}embed/2024/liwan-digital-gov/table-3.html"' in copied
        assert bar.locator("textarea").input_value() == copied
    finally:
        context.close()
    assert outside == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_png_of_a_chart_is_drawn_at_twice_its_size(served_site: str, context: BrowserContext, edition: str) -> None:
    page = context.new_page()
    page.goto(served_site + f"{EDITIONS[edition]}2024/liwan-digital-gov/", wait_until="networkidle")
    figure = page.locator("figure.budget-chart").first
    chart_id = figure.get_attribute("id")
    view_box = figure.locator("svg").first.get_attribute("viewBox")
    assert chart_id and view_box
    with page.expect_download() as download_info:
        figure.locator("button.budget-share__png").click()
    download = download_info.value
    assert download.suggested_filename == f"{chart_id}.png"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    _, _, box_width, box_height = (float(value) for value in view_box.split())
    assert (width, height) == (math.ceil(box_width * 2 * 96 / 72), math.ceil(box_height * 2 * 96 / 72))


def test_buttons_need_script_and_the_code_does_not(built_site: Path) -> None:
    """Without JavaScript the buttons stay hidden; the permalink, downloads and the code are there."""
    page = soup_of(built_site / "2024/liwan-digital-gov/index.html")
    for bar in page.select("div.budget-share"):
        assert all(button.has_attr("hidden") for button in bar.find_all("button"))
        assert bar.select_one("a.budget-share__permalink") and bar.select_one("a[download]")
        assert bar.select_one("details textarea[readonly]")
