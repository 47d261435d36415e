"""Which part of the site one MkDocs build writes: the whole site, or one shard of it.

A large site is built as shards (macros/building/): each edition's shared pages (home, glossary, downloads, API,
staff guide, with the theme's assets and the 404 page) are one part, each year's pages (the year, its compare,
status and changes pages, its publications) another. A shard's build knows the whole site (its navigation
lists every year and unit, its links reach every page) and writes only its own pages; the merge step puts the
shards together. ``BUDGET_SHARD`` names the part (``site`` or a year); unset, a build writes the whole site.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import PurePosixPath

SHARD_VARIABLE = "BUDGET_SHARD"
SITE_PART = "site"


@dataclass(frozen=True)
class Part:
    """One shard's share of an edition: ``site`` (everything not under a year) or a year; ``WHOLE`` is all."""

    name: str

    def __post_init__(self) -> None:
        if self.name not in ("", SITE_PART) and not (self.name.isdigit() and len(self.name) == 4):
            raise ValueError(f"{SHARD_VARIABLE} must be {SITE_PART!r} or a year, not {self.name!r}")

    @property
    def year(self) -> int | None:
        return int(self.name) if self.name.isdigit() else None

    def holds_page(self, src_uri: str) -> bool:
        """Whether this part writes the page (by its Markdown path): a year's pages are in its folder."""
        return not self.name or page_year(src_uri) == self.year

    def holds_year(self, year: int) -> bool:
        """Whether this part writes that year's pages, files and charts."""
        return not self.name or year == self.year

    @property
    def holds_assets(self) -> bool:
        """The theme's and docs/'s other files, the 404 page, robots.txt, the site's own downloads and API files:
        the shared part writes them."""
        return self.year is None


WHOLE = Part("")


def page_year(src_uri: str) -> int | None:
    """The year whose folder holds a page (2024/liwan.md → 2024); None for a page outside any year."""
    first = PurePosixPath(src_uri).parts[0]
    return int(first) if first.isdigit() and len(first) == 4 and len(PurePosixPath(src_uri).parts) > 1 else None


def current_part() -> Part | None:
    """The part this build writes (``BUDGET_SHARD``), None for the whole site."""
    name = os.environ.get(SHARD_VARIABLE, "").strip()
    return Part(name) if name else None
