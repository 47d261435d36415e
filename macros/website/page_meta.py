"""What browser tabs, search engines and link previews show of a page: its title (a unit's pages of different
years differ) and its description (``<meta name="description">``, Open Graph).
"""

from __future__ import annotations

from macros.checking.validation import ValidationResult
from macros.model.publication import Publication
from macros.rendering import i18n
from macros.rendering.escaping import escape_text
from macros.rendering.i18n import chinese_number, label, table_amount
from macros.website.api_page import API_PAGE
from macros.website.changes_page import changes_path
from macros.website.compare_pages import compare_path
from macros.website.publication_page import publication_title
from macros.website.site_data import (
    DOWNLOADS_PAGE,
    GLOSSARY_PAGE,
    STAFF_GUIDE_PAGE,
    publication_at,
    unit_name,
    year_path,
    year_title,
    years,
)
from macros.website.status_page import status_path
from macros.website.totals import expenditure_split, expenditure_total, summary_unit


def page_title(data: ValidationResult, *, src_uri: str, lang: str) -> str | None:
    """A unit's pages of different years need different titles (browser tabs, link previews)."""
    publication = publication_at(data, src_uri=src_uri)
    return publication_title(publication, lang=lang, markup=False) if publication else None


def page_description(data: ValidationResult, *, src_uri: str, lang: str) -> str:
    """What search engines and link previews show for a page: the year's units, the unit's totals."""
    fixed = {
        "index.md": "site_intro",
        GLOSSARY_PAGE: "glossary_intro",
        DOWNLOADS_PAGE: "downloads_intro",
        API_PAGE: "api_description",
        STAFF_GUIDE_PAGE: "staff_guide_intro",
    }
    if src_uri in fixed:
        return label(fixed[src_uri], lang=lang)
    for year in years(data):
        for path, key in (
            (compare_path(year), "compare"),
            (changes_path(year), "changes"),
            (status_path(year), "status"),
        ):
            if src_uri == path:
                return label(f"{key}_description", lang=lang, year=year)
        if src_uri == year_path(year):
            count = len({each.unit_id for (each_year, _), each in data.publications.items() if each_year == year})
            return label("year_description", lang=lang, title=year_title(data, year, lang=lang), count=count)
    publication = publication_at(data, src_uri=src_uri)
    if publication:
        return publication_description(publication, lang=lang)
    raise ValueError(
        f"{src_uri}: a page without a description (add one in macros/website/page_meta.py page_description)"
    )


def publication_description(publication: Publication, *, lang: str) -> str:
    expenditure = expenditure_split(publication)
    tables = len(publication.template.tables)
    return label(
        f"page_description_{publication.kind}",
        lang=lang,
        unit=escape_text(unit_name(publication, lang=lang), markup=False),  # a meta tag's attribute
        year=publication.year,
        total=table_amount(expenditure_total(publication, unit=summary_unit(publication))),
        basic=table_amount(expenditure["basic"]),
        project=table_amount(expenditure["project"]),
        amount_unit=escape_text(i18n.amount_unit(summary_unit(publication), lang=lang)),
        tables=chinese_number(tables) if lang == "zh" else tables,
    )
