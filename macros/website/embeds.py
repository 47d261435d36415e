"""Embed and share: every chart and table has a permalink, downloads of what it shows, and a page of its own that
other sites can put in an ``<iframe>``.

The page functions call ``shared`` as they write a chart or a table: it records the item (its page, anchor,
heading and HTML, all escaped at their source) and returns the bar of links beneath it. Once a page is rendered
the hook writes its recorded items (and forgets them: memory stays bounded by one page) as small standalone pages
(``embed/<page address><anchor>.html``, per edition): the item, its source line and a link back, styled by
``stylesheets/embed.css`` alone, following the reader's colour scheme.
docs/javascripts/share.js adds what needs a script: "copy embed code" and the PNG drawn from the SVG.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from macros.rendering.escaping import escape_text
from macros.rendering.i18n import label
from macros.rendering.tables import SEARCH_EXCLUDE
from macros.website.site_data import page_url, site_root

EMBED_FOLDER = "embed"
# The site's table and chart styles, then the page and the Material variables they use (not Material itself).
EMBED_STYLESHEETS = ("stylesheets/budget.css", "stylesheets/embed.css")
# A starting height for the iframe, in pixels: a site that embeds can change it; the page scrolls inside.
TABLE_ROW_HEIGHT, TABLE_FRAME, TABLE_MAX_HEIGHT = 30, 240, 720  # the frame: heading, table head, source
CHART_WIDTH, CHART_FRAME = 600, 150


@dataclass(frozen=True)
class Shareable:
    """A chart or table as its embed page shows it. ``heading`` and ``body`` are escaped HTML."""

    page: str  # the Markdown path of the page that shows it (2024/liwan-digital-gov.md)
    anchor: str  # its id on that page
    heading: str
    body: str
    height: int
    lang: str
    kind: str  # chart or table

    @property
    def plain_heading(self) -> str:
        """The heading where no tag may stand (a title, an attribute): escaped, without our marks' tags."""
        return re.sub(r"<[^>]+>", "", self.heading)

    @property
    def path(self) -> str:
        """Where its embed page is, below the edition's root. A file, not a folder: no anchor can clash with a
        page's folder (a unit whose id looks like an anchor)."""
        return f"{EMBED_FOLDER}/{page_url(self.page)}{self.anchor}.html"


@dataclass
class Recorded:
    """The items of the build in progress (the hook starts it, the pages fill it, the hook writes it)."""

    site_url: str = ""
    building: bool = False  # outside a build (a test rendering one page) nothing is recorded
    items: dict[tuple[str, str], Shareable] = field(default_factory=dict)
    written: int = 0


RECORDED = Recorded()


def start(*, site_url: str | None) -> None:
    """A new build: nothing recorded yet. With ``site_url`` the embed code names absolute addresses."""
    RECORDED.site_url = site_url or ""
    RECORDED.building = True
    RECORDED.items = {}
    RECORDED.written = 0


def recorded(page: str) -> list[Shareable]:
    """The items ``page`` recorded and not yet written."""
    return [RECORDED.items[key] for key in sorted(RECORDED.items) if key[0] == page]


def shared(item: Shareable, *, downloads: list[tuple[str, str]], png: bool = False) -> str:
    """Record ``item`` for its embed page and return its bar: the downloads (address, label), PNG (drawn by the
    script from the inline SVG), the permalink, "copy embed code" and the code itself for readers without script."""
    if RECORDED.building:
        RECORDED.items[(item.page, item.anchor)] = item
    lang = item.lang
    from_page = site_root(item.page) + item.path
    code = escape_text(iframe_code(item, src=RECORDED.site_url + item.path if RECORDED.site_url else from_page))
    links = [f'<a href="{href}" download>{text}</a>' for href, text in downloads]
    if png:
        links.append(
            f'<button type="button" class="budget-share__png" data-chart="{item.anchor}" hidden>'
            f"{label('share_png', lang=lang)}</button>"
        )
    links.append(f'<a class="budget-share__permalink" href="#{item.anchor}">{label("share_link", lang=lang)}</a>')
    links.append(
        f'<button type="button" class="budget-share__copy" data-copied="{label("embed_copied", lang=lang)}" '
        f'data-failed="{label("embed_copy_failed", lang=lang)}" hidden>{label("embed_copy", lang=lang)}</button>'
    )
    return (
        f'<div class="budget-share budget-share--{item.kind}" {SEARCH_EXCLUDE}>{"".join(links)}'
        f'<span class="budget-share__status" role="status"></span>'
        f'<details class="budget-share__code"><summary>{label("embed_code", lang=lang)}</summary>'
        f'<textarea readonly rows="3" aria-label="{label("embed_code", lang=lang)}" data-src="{from_page}">'
        f"{code}</textarea></details></div>"
    )


def iframe_code(item: Shareable, *, src: str) -> str:
    """What a site pastes: the embed page in a frame, named for screen readers by the item's heading."""
    return (
        f'<iframe src="{src}" title="{item.plain_heading}" width="100%" height="{item.height}" '
        f'style="border:0" loading="lazy"></iframe>'
    )


def table_height(rows: int) -> int:
    return min(TABLE_FRAME + TABLE_ROW_HEIGHT * rows, TABLE_MAX_HEIGHT)


def chart_height(svg: str) -> int:
    """The chart at its largest width (its viewBox gives the proportions), with its heading and source line."""
    found = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    width, height = (float(found.group(1)), float(found.group(2))) if found else (4.0, 3.0)
    return round(CHART_WIDTH * height / width) + CHART_FRAME


def embed_document(item: Shareable, *, page_title: str, site_name: str) -> str:
    """The standalone page of one item. ``page_title`` is escaped; ``site_name`` is the site's setting."""
    lang = item.lang
    up = "../" * PurePosixPath(item.path).parent.as_posix().count("/") + "../"
    back = f"{up}{page_url(item.page)}#{item.anchor}"
    name = escape_text(site_name, markup=False)
    source = label("embed_source", lang=lang, site=name, page=page_title)
    html_lang = "en" if lang == "en" else "zh-Hans"
    stylesheets = "".join(f'<link rel="stylesheet" href="{up}{sheet}">\n' for sheet in EMBED_STYLESHEETS)
    return (
        f'<!doctype html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'  # the page it comes from is the one to find
        f"<title>{item.plain_heading} · {page_title}</title>\n"
        f'<link rel="canonical" href="{back}">\n'
        f'{stylesheets}</head>\n<body>\n<main class="md-typeset budget-embed">\n'
        f'<h1 class="budget-embed__heading" id="{item.anchor}">{item.heading}</h1>\n'
        f"{item.body}\n"
        f'<p class="budget-embed__source">{source} · '
        f'<a href="{back}" target="_blank" rel="noopener">{label("embed_back", lang=lang)}</a></p>\n'
        "</main>\n</body>\n</html>\n"
    )


def write_embeds(site_dir: Path, *, page: str, page_title: str, site_name: str) -> int:
    """The embed pages of the items ``page`` recorded, then forgets them; returns how many. ``page_title`` is the
    page's own (escaped)."""
    items = recorded(page)
    for item in items:
        target = site_dir / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(embed_document(item, page_title=page_title, site_name=site_name), encoding="utf-8")
        del RECORDED.items[(item.page, item.anchor)]
    RECORDED.written += len(items)
    return len(items)


def unwritten() -> list[Shareable]:
    """Items recorded by no page the build wrote (none, unless a macro rendered outside its page)."""
    return [RECORDED.items[key] for key in sorted(RECORDED.items)]
