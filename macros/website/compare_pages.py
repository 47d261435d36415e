"""Comparing units: on a year page, its units ranked by any function or economic class; and a compare page per
year, two to four units side by side, or one unit over two to five years.

Both views are drawn in the reader's browser by docs/javascripts/compare.js from the static JSON API
(macros/website/api.py); the server writes what they need (where the API is, the labels) as data attributes, and
a full table beneath that is what a reader without JavaScript sees. Data text goes through ``escape_text``.
"""

from __future__ import annotations

import json
from decimal import Decimal

from macros.checking.validation import ValidationResult
from macros.model.publication import Publication
from macros.reading.amounts import AMOUNT_UNITS
from macros.rendering import chart_data
from macros.rendering.escaping import escape_text
from macros.rendering.i18n import label, label_template, table_amount
from macros.template.specs import KIND_SUFFIXES, TEMPLATE_KINDS
from macros.website import api
from macros.website.site_data import (
    html_link,
    kinds_of_year,
    kinds_title,
    publication_path,
    ranked,
    relative_link,
    site_root,
    unit_name,
    year_path,
)
from macros.website.totals import expenditure_total, shown_unit, unit_label

# The labels the script writes into the page, by its own names (the keys are LABELS' without "compare_").
SCRIPT_LABELS = (
    "compare_class",
    "compare_function",
    "compare_economic",
    "compare_amount",
    "compare_share",
    "compare_rank",
    "compare_unit",
    "compare_none",
    "compare_item",
    "compare_total",
    "compare_basic",
    "compare_project",
    "compare_mode",
    "compare_mode_units",
    "compare_mode_years",
    "compare_kind",
    "compare_choose_units",
    "compare_choose_unit",
    "compare_choose_years",
    "compare_too_few",
    "compare_link",
    "compare_table",
    "compare_chart",
    "compare_in_unit",
    *(f"kinds_{kind}" for kind in TEMPLATE_KINDS),  # the kind selector's names
)


def api_root(page: str, *, lang: str) -> str:
    """The API's folder from a page: one API at the site's root serves both editions (English is under en/)."""
    return site_root(page) + ("../" if lang == "en" else "") + api.ROOT + "/"


def script_data(page: str, *, lang: str) -> str:
    """The data attributes the script reads: the API's folder, the page's language and root, units, labels."""
    labels = {key.removeprefix("compare_"): label_template(key, lang=lang) for key in SCRIPT_LABELS}
    units = {unit: {"per_million": spec["per_million"], "name": spec[lang]} for unit, spec in AMOUNT_UNITS.items()}
    attributes = {
        "data-api": api_root(page, lang=lang),
        "data-root": site_root(page) + ("../" if lang == "en" else ""),
        "data-lang": lang,
        "data-units": json.dumps(units, ensure_ascii=False),
        "data-labels": json.dumps(labels, ensure_ascii=False),
    }
    return " ".join(f"{name}='{escape_text(value, markup=False)}'" for name, value in attributes.items())


# --- a year page: rank the units by class -----------------------------------------------------------


def class_ranking(publications: list[Publication], *, year: int, page: str, lang: str, level: int) -> list[str]:
    """The ranking by class: the script's box, then every unit's amount in every class (what it ranks)."""
    if not publications:
        return []
    kind = publications[0].kind
    anchor = "rank" + KIND_SUFFIXES[kind]
    shown, converted = shown_unit(publications)
    unit = unit_label(shown, converted=converted, lang=lang)
    parts = [
        f"{'#' * level} {label('rank_title', lang=lang)} {{#{anchor}}}",
        "",
        f"<p>{label('rank_intro', lang=lang)}</p>",
        "",
        f'<div class="class-ranking" data-year="{year}" data-kind="{kind}" {script_data(page, lang=lang)}></div>',
        "",
    ]
    for key, kind_name in (("function", "overview_function"), ("economic", "overview_economic")):
        parts.append(class_table(publications, key, title=label(kind_name, lang=lang), unit=unit, page=page, lang=lang))
    link = html_link(compare_path(year), page=page)
    return [*parts, "", f'<p class="compare-link"><a href="{link}">{label("compare_link", lang=lang)}</a></p>', ""]


def class_table(publications: list[Publication], kind: str, *, title: str, unit: str, page: str, lang: str) -> str:
    """Units down, classes across (largest class of all first): the full ranking a reader without the script
    reads, scrolled sideways on a phone."""
    shown, _ = shown_unit(publications)
    every = chart_data.class_sums(publications, kind=kind, unit=shown, lang=lang)
    by_unit = [
        {code: amount for code, _, amount in chart_data.class_sums([each], kind=kind, unit=shown, lang=lang)}
        for each in publications
    ]
    head = "".join(f'<th scope="col">{escape_text(code)} {escape_text(name)}</th>' for code, name, _ in every)
    rows = []
    for publication, amounts in zip(publications, by_unit, strict=True):
        link = html_link(publication_path(*publication.key), page=page)
        name = escape_text(unit_name(publication, lang=lang))
        cells = "".join(f"<td>{table_amount(amounts.get(code, Decimal(0)))}</td>" for code, _, _ in every)
        rows.append(f'<tr><th scope="row"><a href="{link}">{name}</a></th>{cells}</tr>')
    return (
        f'<div class="class-ranking__table" role="region" aria-label="{escape_text(title, markup=False)}" tabindex="0">'
        f"<table><caption>{label('rank_caption', lang=lang, title=title, unit=unit)}</caption>"
        f'<thead><tr><th scope="col">{label("unit", lang=lang)}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


# --- the compare page ----------------------------------------------------------------------------------


def compare_path(year: int) -> str:
    return f"{year}/compare.md"


def compare_page(data: ValidationResult, year: int, *, lang: str) -> str:
    """The compare view's box, and beneath it every unit of the year with its total (without the script)."""
    page = compare_path(year)
    parts = [f"# {label('compare_title', lang=lang, year=year)}", "", f"<p>{label('compare_intro', lang=lang)}</p>", ""]
    parts += [f'<div class="budget-compare" data-year="{year}" {script_data(page, lang=lang)}></div>', ""]
    parts += ['<div class="budget-compare__static" markdown>', ""]
    for kind in kinds_of_year(data, year):
        publications = ranked(data, year, kind=kind)
        shown, converted = shown_unit(publications)
        parts += [f"## {kinds_title(year, [kind], lang=lang)}", ""]
        total = label("total", lang=lang, unit=unit_label(shown, converted=converted, lang=lang))
        parts += [f"| {label('unit', lang=lang)} | {total} |"]
        parts += ["|:---|---:|"]
        for publication in publications:
            link = relative_link(publication_path(*publication.key), page=page)
            name = escape_text(unit_name(publication, lang=lang))
            parts.append(f"| [{name}]({link}) | {table_amount(expenditure_total(publication, unit=shown))} |")
        parts.append("")
    back = relative_link(year_path(year), page=page)
    return "\n".join([*parts, "</div>", "", f"[{label('compare_back', lang=lang, year=year)}]({back})", ""])
