"""Which part of the site one MkDocs build writes: the whole site, or one shard of it.

A large site is built as shards (macros/building/): each edition's shared pages (home, glossary, downloads, API,
staff guide, with the theme's assets and the 404 page) are one part, each year's pages another. A year with more
units than mkdocs.yml's ``extra.units_per_shard`` is split: its own pages (the year, compare, status and changes
pages) are one part (``2024-0``) and its units' publications, in groups of that many units by unit id, the others
(``2024-1``, ``2024-2``…). A unit's 预算 and 决算 stay together. A shard's build knows the whole site (its
navigation lists every year and unit, its links reach every page) and writes only its own pages; the merge step
puts the shards together. ``BUDGET_SHARD`` names the part; unset, a build writes the whole site.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from macros.checking.validation import ValidationResult
from macros.model.publication import Publication

SHARD_VARIABLE = "BUDGET_SHARD"
SITE_PART = "site"
UNITS_SETTING = "units_per_shard"  # mkdocs.yml extra: how many units a shard of a year holds at most
PART_NAME = re.compile(r"(?P<year>\d{4})(?:-(?P<group>\d+))?")


@dataclass(frozen=True)
class Part:
    """One shard's share of an edition; ``WHOLE`` is all of it."""

    name: str  # "" (the whole edition), "site", "2024" (a year), "2024-0" (a year's own pages), "2024-1" (a group)
    units: frozenset[str] = frozenset()  # a group's unit ids

    @property
    def year(self) -> int | None:
        found = PART_NAME.fullmatch(self.name)
        return int(found["year"]) if found else None

    @property
    def group(self) -> int | None:
        """None: all of its year; 0: the year's own pages; 1, 2…: a group of the year's units."""
        found = PART_NAME.fullmatch(self.name)
        return int(found["group"]) if found and found["group"] is not None else None

    @property
    def whole(self) -> bool:
        return not self.name

    def holds_year_pages(self, year: int) -> bool:
        """The year's own pages and files: its page, compare, status and changes pages, its archive, its API index."""
        return self.whole or (self.year == year and self.group in (None, 0))

    def holds_publication(self, year: int, unit_id: str) -> bool:
        """A publication's page and files (its charts, downloads, API file)."""
        if self.whole:
            return True
        if self.year != year or self.group == 0:
            return False
        return self.group is None or unit_id in self.units

    def holds_page(self, src_uri: str, publication: Publication | None) -> bool:
        """Whether this part writes the page (by its Markdown path; ``publication`` if it is one's page)."""
        if self.whole:
            return True
        year = page_year(src_uri)
        if year is None:
            return self.holds_assets
        if publication is not None:
            return self.holds_publication(publication.year, publication.unit_id)
        return self.holds_year_pages(year)

    @property
    def holds_assets(self) -> bool:
        """The theme's and docs/'s other files, the 404 page, robots.txt, the site's own downloads and API files:
        the shared part writes them."""
        return self.whole or self.name == SITE_PART


WHOLE = Part("")


def page_year(src_uri: str) -> int | None:
    """The year whose folder holds a page (2024/liwan.md → 2024); None for a page outside any year."""
    parts = PurePosixPath(src_uri).parts
    first = parts[0]
    return int(first) if first.isdigit() and len(first) == 4 and len(parts) > 1 else None


def unit_groups(data: ValidationResult, year: int, *, size: int) -> list[list[str]]:
    """The year's unit ids in order, in groups of at most ``size``: one group when the year is that small."""
    units = sorted(
        {publication.unit_id for (each_year, _), publication in data.publications.items() if each_year == year}
    )
    return [units[start : start + size] for start in range(0, len(units), max(size, 1))]


def part_names(data: ValidationResult, *, size: int) -> list[str]:
    """Every part of an edition: the shared one, then each year (newest first), split where it is large."""
    names = [SITE_PART]
    for year in sorted({year for year, _ in data.publications}, reverse=True):
        groups = unit_groups(data, year, size=size)
        names += [str(year)] if len(groups) <= 1 else [f"{year}-{number}" for number in range(len(groups) + 1)]
    return names


def resolve(name: str, data: ValidationResult, *, size: int) -> Part:
    """The part a name stands for, its units found in the data; ValueError for a part the site does not have."""
    if name not in part_names(data, size=size):
        raise ValueError(f"{SHARD_VARIABLE}={name!r} is no part of this site: {part_names(data, size=size)}")
    part = Part(name)
    if part.year is not None and part.group:
        return Part(name, frozenset(unit_groups(data, part.year, size=size)[part.group - 1]))
    return part


def current_part(data: ValidationResult, *, size: int) -> Part:
    """The part this build writes (``BUDGET_SHARD``), WHOLE when unset."""
    name = os.environ.get(SHARD_VARIABLE, "").strip()
    return resolve(name, data, size=size) if name else WHOLE
