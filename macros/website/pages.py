"""The site's pages, as the macros (macros/__init__.py), the hook (generated_pages.py) and the tests call them.

Each page kind is Markdown with HTML blocks built from the validated data, in the module of its concept:
``site_data`` (the validated data, years, units, where pages are), ``totals`` (a publication's totals in a
page's unit), ``chart_figures`` (charts as figures), ``site_charts`` (every chart the site shows),
``execution_pages`` (budget versus actual), ``publication_page``,
``year_pages`` (home and year), ``reference_pages`` (glossary, downloads, staff guide) and ``page_meta``
(titles and descriptions). Data text goes through ``escape_text`` (macros/rendering/escaping.py) and nowhere
else; the Markdown that pages are written in holds only macro calls with identifiers, never data.
"""

from __future__ import annotations

from macros.website.api_page import API_PAGE, api_page
from macros.website.changes_page import changes_page, changes_path
from macros.website.chart_figures import RANKING_SETTING
from macros.website.compare_pages import compare_page, compare_path
from macros.website.page_meta import page_description, page_title
from macros.website.provenance import SiteSource
from macros.website.publication_page import publication_page
from macros.website.reference_pages import downloads_page, glossary_page, staff_guide
from macros.website.site_charts import all_charts
from macros.website.site_data import (
    DOWNLOADS_PAGE,
    GLOSSARY_PAGE,
    STAFF_GUIDE_PAGE,
    DataProblems,
    data_history,
    kinds_of_year,
    kinds_title,
    publication_at,
    publication_path,
    ranked,
    unit_name,
    validated_data,
    year_path,
    year_title,
    years,
)
from macros.website.status_page import status_page, status_path
from macros.website.year_pages import home_page, year_page

__all__ = [
    "API_PAGE",
    "DOWNLOADS_PAGE",
    "GLOSSARY_PAGE",
    "RANKING_SETTING",
    "STAFF_GUIDE_PAGE",
    "DataProblems",
    "SiteSource",
    "all_charts",
    "api_page",
    "changes_page",
    "changes_path",
    "compare_page",
    "compare_path",
    "data_history",
    "downloads_page",
    "glossary_page",
    "home_page",
    "kinds_of_year",
    "kinds_title",
    "page_description",
    "page_title",
    "publication_at",
    "publication_page",
    "publication_path",
    "ranked",
    "site_source",
    "staff_guide",
    "status_page",
    "status_path",
    "unit_name",
    "validated_data",
    "year_page",
    "year_path",
    "year_title",
    "years",
]


def site_source(repo_url: str | None) -> SiteSource:
    """What pages know of where the site comes from: the data's history and the repository (mkdocs.yml repo_url)."""
    return SiteSource(history=data_history(), repo_url=repo_url or "")
