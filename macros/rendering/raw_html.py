"""HTML of a page that Markdown must not read: a chart's SVG, an official table.

Python-Markdown (md_in_html) parses every tag of every HTML block in a page to find where the block ends, and a
unit's page is mostly such HTML (each chart's SVG, with its glyphs as outlines, and twelve tables): that parse was
the larger part of building a page. This HTML holds no Markdown, no heading of the table of contents and no link
MkDocs rewrites (it never rewrote links in raw HTML), so a macro sets it aside and an HTML comment takes its place in
the page's Markdown; after Markdown, the hook puts it back (macros/website/generated_pages.py, on_page_content).
The page's HTML is the same either way. Only in a build (the hook calls ``start``): a page's Markdown rendered
anywhere else (tests, scripts) holds its HTML in place.
"""

from __future__ import annotations

import hashlib
import re

PLACEHOLDER = re.compile(r"<!--raw-html:([0-9a-f]{20})-->")
# What the page being built set aside, by key (its content's hash): one page at a time.
SET_ASIDE: dict[str, str] = {}
BUILDING: list[bool] = []  # holds True once the hook started a build in this process


def start() -> None:
    """From now on, this process's pages set their HTML aside (the hook puts it back)."""
    BUILDING[:] = [True]


def set_aside(html: str) -> str:
    """The placeholder that stands for ``html`` in the page's Markdown (in a build; else ``html`` itself)."""
    if not BUILDING:
        return html
    key = hashlib.blake2b(html.encode("utf-8"), digest_size=10).hexdigest()
    SET_ASIDE[key] = html
    return f"<!--raw-html:{key}-->"


def put_back(text: str) -> str:
    """``text`` with each placeholder replaced by the HTML it stands for (a placeholder of no HTML stops)."""
    return PLACEHOLDER.sub(lambda match: SET_ASIDE[match[1]], text)


def forget() -> None:
    """After a page: what it set aside is in its HTML now."""
    SET_ASIDE.clear()
