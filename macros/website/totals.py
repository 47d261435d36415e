"""A publication's totals as the site pages show them: the template's summary total and its split into basic
and project expenditure, and the one unit a page of several publications shows them in.

Figures are stored as published (元 or 万元); a page that mixes units converts every amount to the common unit
and says so in its column heads.
"""

from __future__ import annotations

from decimal import Decimal

from macros.checking.content import current_figures, figure_units
from macros.model.publication import TOTAL_KEY, Publication
from macros.reading.amounts import common_unit, convert_amount
from macros.rendering import i18n
from macros.rendering.escaping import escape_text
from macros.rendering.i18n import label
from macros.template.specs import Summary


def publication_summary(publication: Publication) -> Summary:
    summary = publication.template.summary
    assert summary is not None, f"template {publication.template.id} has no summary"
    return summary


def summary_unit(publication: Publication) -> str:
    """The unit of the total and split the site shows of a publication (its split table's)."""
    return publication.unit_of(publication.template.table(publication_summary(publication).split_table))


def shown_unit(publications: list[Publication]) -> tuple[str, bool]:
    """The unit a page of several publications shows amounts in, and whether any was converted to it:
    figures are stored as published, and a page mixing 元 and 万元 shows them all in 万元."""
    units = {summary_unit(publication) for publication in publications}
    return (common_unit(units), len(units) > 1) if units else ("", False)


def expenditure_total(publication: Publication, *, unit: str = "") -> Decimal:
    """The total the site ranks and sums publications by (the template's summary.total), in ``unit``."""
    summary = publication_summary(publication)
    total = current_figures(publication)[summary.total]
    figure_unit = figure_units(publication)[summary.total]
    return convert_amount(total, from_unit=figure_unit, to_unit=unit or figure_unit)


def expenditure_split(publication: Publication, *, unit: str = "") -> dict[str, Decimal]:
    """The total split as the template's summary says: basic and project expenditure, in ``unit``."""
    summary = publication_summary(publication)
    amounts = publication.tables[summary.split_table].rows_keyed(TOTAL_KEY)[0].amounts
    own = summary_unit(publication)
    return {
        word: convert_amount(amounts[column], from_unit=own, to_unit=unit or own)
        for word, column in summary.split_columns.items()
    }


def unit_label(unit: str, *, converted: bool, lang: str) -> str:
    """万元, or 万元，已换算 where amounts published in other units were converted (escaped)."""
    words = i18n.amount_unit(unit, lang=lang)
    return escape_text(label("converted_unit", lang=lang, unit=words) if converted else words)


def totals_header(first: str, *, unit: str, lang: str) -> list[str]:
    """The head of a Markdown table of totals: a name column, then total, basic and project amounts."""
    amounts = " | ".join(label(key, lang=lang, unit=unit) for key in ("total", "basic", "project"))
    return [f"| {first} | {amounts} |", "|:---|---:|---:|---:|"]
