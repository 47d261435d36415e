"""The home page and a year's page: for each kind the year publishes (预算, 决算), its units ranked by expenditure
with links, the ranking chart, and the district overview (every unit summed by function and economic class,
in one unit).
"""

from __future__ import annotations

from macros.checking.validation import ValidationResult
from macros.model.publication import Publication
from macros.rendering import chart_data
from macros.rendering.escaping import escape_text
from macros.rendering.i18n import label, table_amount
from macros.template.specs import KIND_SUFFIXES
from macros.website.chart_figures import charts_after, year_ranking
from macros.website.compare_pages import class_ranking
from macros.website.execution_pages import district_execution
from macros.website.site_data import (
    GLOSSARY_PAGE,
    kinds_of_year,
    kinds_title,
    official_name_suffix,
    pending_names_note,
    publication_path,
    ranked,
    relative_link,
    unit_name,
    year_path,
    year_title,
    years,
)
from macros.website.totals import expenditure_split, expenditure_total, shown_unit, totals_header, unit_label


def home_page(data: ValidationResult, *, lang: str) -> str:
    page = "index.md"
    all_years = years(data)
    parts = [f"# {label('site_title', lang=lang)}", "", f"{label('site_intro', lang=lang)}", ""]
    if all_years:
        latest = all_years[0]
        kind = kinds_of_year(data, latest)[0]  # the budgets, where the year has them
        publications = ranked(data, latest, kind=kind)
        parts += [f"## {kinds_title(latest, [kind], lang=lang)}", "", *pending_names_note(publications, lang=lang)]
        parts += [units_table(publications, page=page, lang=lang), ""]
        parts += [f"## {label('all_years', lang=lang)}", ""]
        parts += [f"- [{year_title(data, year, lang=lang)}]({year_path(year)})" for year in all_years]
    parts += ["", f"[{label('glossary_title', lang=lang)}]({GLOSSARY_PAGE})"]
    return "\n".join(parts)


def year_page(data: ValidationResult, year: int, *, ranking_units: int, lang: str) -> str:
    """The year's publications of each kind in turn (budgets first): ranked, charted and summed. The first
    kind is the page's own; a further kind (the year's 决算 beside its 预算) gets a heading of its own."""
    page = year_path(year)
    parts = [f"# {year_title(data, year, lang=lang)}", ""]
    for position, kind in enumerate(kinds_of_year(data, year)):
        publications = ranked(data, year, kind=kind)
        suffix = KIND_SUFFIXES[kind]
        if position:
            parts += [f"## {kinds_title(year, [kind], lang=lang)} {{#{kind}}}", ""]
        ranking = year_ranking(publications, year=year, ranking_units=ranking_units, lang=lang)
        parts += [
            label(f"year_intro_{kind}", lang=lang, year=year, count=len(publications)),
            "",
            f'<div id="units{suffix}"></div>',
            "",
            *pending_names_note(publications, lang=lang),
            units_table(publications, page=page, lang=lang),
            "",
            *(charts_after([ranking], "", page=page, lang=lang) if ranking else []),
            *class_ranking(publications, year=year, page=page, lang=lang, level=2 + bool(position)),
            *district_overview(publications, year=year, page=page, lang=lang, level=2 + bool(position)),
            *district_execution(data, publications, year=year, page=page, lang=lang, level=2 + bool(position)),
        ]
    return "\n".join(parts)


def units_table(publications: list[Publication], *, page: str, lang: str) -> str:
    """The units of a year as a Markdown table with links, totals right-aligned."""
    shown, converted = shown_unit(publications)
    controls = (
        f'<div class="units-filter" data-label="{label("filter_units", lang=lang)}" '
        f'data-count="{label("filter_count", lang=lang, shown="{shown}", total="{total}")}" '
        f'data-sort="{label("sort_column", lang=lang)}"></div>'
    )
    unit = unit_label(shown, converted=converted, lang=lang) if publications else ""
    lines = [
        controls,
        "",
        *totals_header(label("unit", lang=lang), unit=unit, lang=lang),
    ]
    for publication in publications:
        expenditure = expenditure_split(publication, unit=shown)
        link = relative_link(publication_path(*publication.key), page=page)
        name = escape_text(unit_name(publication, lang=lang))
        lines.append(
            f"| [{name}]({link}){official_name_suffix(publication, lang=lang)} "
            f"| {table_amount(expenditure_total(publication, unit=shown))} | {table_amount(expenditure['basic'])} "
            f"| {table_amount(expenditure['project'])} |"
        )
    return "\n".join(lines)


def district_overview(publications: list[Publication], *, year: int, page: str, lang: str, level: int = 2) -> list[str]:
    """All units of a year (of one kind) summed by function class and by economic class, with a chart (in
    one unit)."""
    if not publications:
        return []
    shown, converted = shown_unit(publications)
    unit = unit_label(shown, converted=converted, lang=lang)
    anchor = "overview" + KIND_SUFFIXES[publications[0].kind]
    parts = [f"{'#' * level} {label('overview_title', lang=lang, year=year)} {{#{anchor}}}", ""]
    for key, classes in (
        ("overview_function", chart_data.function_classes(publications, unit=shown, lang=lang)),
        ("overview_economic", chart_data.economic_classes(publications, unit=shown, lang=lang)),
    ):
        parts += [f"{'#' * (level + 1)} {label(key, lang=lang)}", ""]
        parts += [
            f"| {label('overview_class', lang=lang)} | {label('overview_amount', lang=lang, unit=unit)} |",
            "|:---|---:|",
        ]
        parts += [f"| {code} {escape_text(name)} | {table_amount(amount)} |" for code, name, amount in classes]
        parts.append("")
    chart = chart_data.district_chart(publications, year=year, unit=shown, lang=lang)
    return parts + (charts_after([chart], "", page=page, lang=lang) if chart else [])
