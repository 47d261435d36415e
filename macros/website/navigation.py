"""The site's navigation, from the data: home, each year (newest first) with its units, then the reference pages.

A year of more units than mkdocs.yml's ``extra.units_per_navigation_group`` lists them in groups of that many, by
rank (largest expenditure first): Material writes a page's whole section into it, and a province's 2,000 units
made each page a megabyte of links. A page then holds its own group and the other groups' titles.

Every page carries it (Material writes the navigation into each page), so a change to it (a unit's name, the
ranking of a year) changes every page: macros/building/shards.py keys every shard by it.
"""

from __future__ import annotations

from typing import Any

from macros.checking.validation import ValidationResult
from macros.model.publication import Publication
from macros.rendering.escaping import escape_text
from macros.rendering.i18n import label
from macros.website.api_page import API_PAGE
from macros.website.changes_page import changes_path
from macros.website.compare_pages import compare_path
from macros.website.site_data import (
    DOWNLOADS_PAGE,
    GLOSSARY_PAGE,
    STAFF_GUIDE_PAGE,
    kinds_of_year,
    kinds_title,
    publication_path,
    ranked,
    unit_name,
    year_path,
    year_title,
    years,
)
from macros.website.status_page import status_path

GROUP_SETTING = "units_per_navigation_group"  # mkdocs.yml extra (see above)


def site_navigation(data: ValidationResult, *, lang: str, group: int) -> list[Any]:
    """MkDocs' ``nav`` setting: titles to Markdown paths, nested by year."""
    if group < 1:
        raise ValueError(f"mkdocs.yml extra.{GROUP_SETTING} must be 1 or more, not {group}")
    nav: list[Any] = [{label("home", lang=lang): "index.md"}]
    for year in years(data):
        # Material writes navigation titles into attributes too: no markup, a pending name in words.
        # The year's first kind (its budgets) lists its units; each further kind (决算) is a group beneath.
        kinds = kinds_of_year(data, year)
        entries: list[Any] = [
            year_path(year),
            {label("compare_nav", lang=lang): compare_path(year)},
            {label("status_nav", lang=lang): status_path(year)},
            {label("changes_nav", lang=lang): changes_path(year)},
            *nav_units(data, year, kinds[0], lang=lang, group=group),
        ]
        entries += [
            {kinds_title(year, [kind], lang=lang): nav_units(data, year, kind, lang=lang, group=group)}
            for kind in kinds[1:]
        ]
        nav.append({year_title(data, year, lang=lang): entries})
    nav.append({label("glossary_title", lang=lang): GLOSSARY_PAGE})
    nav.append({label("downloads_title", lang=lang): DOWNLOADS_PAGE})
    nav.append({label("api_title", lang=lang): API_PAGE})
    nav.append({label("staff_guide", lang=lang): STAFF_GUIDE_PAGE})
    return nav


def nav_units(data: ValidationResult, year: int, kind: str, *, lang: str, group: int) -> list[dict[str, Any]]:
    """The year's units of a kind by rank; more than ``group`` of them, in groups of ``group`` (titled by rank)."""
    units = [
        {nav_title(publication, lang=lang): publication_path(*publication.key)}
        for publication in ranked(data, year, kind=kind)
    ]
    if len(units) <= group:
        return units
    return [
        {rank_group_title(start, group, len(units), lang=lang): units[start : start + group]}
        for start in range(0, len(units), group)
    ]


def rank_group_title(start: int, group: int, count: int, *, lang: str) -> str:
    first, last = start + 1, min(start + group, count)
    if first == last:
        return label("nav_rank_one", lang=lang, rank=first)
    return label("nav_rank_group", lang=lang, first=first, last=last)


def nav_title(publication: Publication, *, lang: str) -> str:
    return escape_text(unit_name(publication, lang=lang), markup=False)
