"""Link check of a built site: every internal link, image, script and stylesheet resolves to a file,
and every #fragment to an element id of its page.

    python scripts/check_links.py SITE_DIR

Prints ``page: link (reason)`` per broken link and exits 1 if there is any. External links (with a
scheme or host) are not followed: the site must work without the internet. Links are resolved as a
browser does, from the sub-path of ``--site-url`` (the 404 pages use absolute links); a link that
leaves that sub-path is broken, since on project pages or an intranet folder it leads elsewhere.
"""

from __future__ import annotations

import argparse
import re
import sys
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

# Attributes that name another file or an element: links, images, scripts, stylesheets, and the
# references inside inline SVG (charts use <use href> and clip-path="url(#id)").
LINKING_ATTRIBUTES = {
    ("a", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("object", "data"),
    ("use", "href"),
    ("use", "xlink:href"),
}
SRCSET = {("img", "srcset"), ("source", "srcset")}
URL_REFERENCE = re.compile(r"url\(\s*['\"]?(#[^'\")\s]+)")


class PageLinks(HTMLParser):
    """The links and the element ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif (tag, name) in LINKING_ATTRIBUTES:
                self.links.append(value)
            elif (tag, name) in SRCSET:
                self.links += [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
            self.links += URL_REFERENCE.findall(value)  # style, fill, clip-path, mask, marker-*


@cache
def parsed(path: Path) -> PageLinks:
    page = PageLinks()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def target_file(site: Path, relative: str) -> Path | None:
    """The file a server would send for a path below the site root (directories serve index.html)."""
    candidate = site / unquote(relative)
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(site: Path, *, site_url: str = "") -> list[str]:
    """Every broken link of every page, as ``page: link (reason)``."""
    site = site.resolve()
    base = urlsplit(site_url)
    root = base.path.rstrip("/") + "/"  # the sub-path the site is served from ("/" without site_url)
    problems = []
    for page in sorted(site.rglob("*.html")):
        page_url = root + page.relative_to(site).as_posix()
        for link in parsed(page).links:
            problem = link_problem(site, page_url=page_url, link=link, base=base, root=root)
            if problem:
                problems.append(f"{page.relative_to(site)}: {link} ({problem})")
    return problems


def link_problem(site: Path, *, page_url: str, link: str, base: SplitResult, root: str) -> str | None:
    parts = urlsplit(link)
    if parts.scheme in ("mailto", "tel", "data", "javascript"):
        return None
    if parts.scheme or parts.netloc:
        if not base.netloc or parts.netloc != base.netloc:
            return None  # another site: not followed
        path = parts.path
    else:
        path = urljoin(page_url, parts.path) if parts.path else page_url  # as a browser resolves it
    if not path.startswith(root):
        return f"leaves the site's folder {root}"
    target = target_file(site, path.removeprefix(root))
    if target is None:
        return "no such file"
    if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parsed(target).ids:
        return f"no id {parts.fragment!r} in {target.relative_to(site)}"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--site-url", default="", help="the address the site is published at (BUDGET_SITE_URL)")
    arguments = parser.parse_args()
    problems = broken_links(arguments.site, site_url=arguments.site_url)
    for problem in problems:
        print(problem)
    print(f"links: {len(problems)} broken", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
