"""Page macros: each page kind as Markdown with HTML blocks, built from the validated data.

Data text goes through ``escape_text`` (macros/rendering/escaping.py) and nowhere else; the Markdown that pages
are written in holds only macro calls with identifiers, never data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path, PurePosixPath
from stat import S_ISREG
from typing import Any
from zoneinfo import ZoneInfo

from macros.checking.content import current_figures, fact_value, figure_units, part3_figures
from macros.checking.validation import ValidationResult, default_data_dir, validate
from macros.exchange import exports
from macros.model.measures import Figures, text_context
from macros.model.publication import TOTAL_KEY, Publication
from macros.reading.amounts import common_unit, convert_amount
from macros.rendering import chart_data, charts, i18n, narrative
from macros.rendering.chart_data import PlacedChart, table_anchor
from macros.rendering.escaping import escape_text
from macros.rendering.i18n import chinese_number, label, prose_amount, table_amount
from macros.rendering.tables import SEARCH_EXCLUDE, render_table
from macros.template.specs import HEADING_PLACEHOLDERS, TITLE_PLACEHOLDERS, Section, Summary

GLOSSARY_PAGE = "glossary.md"
DOWNLOADS_PAGE = "downloads.md"


class DataProblems(Exception):
    """The data did not pass the validator: the build stops with the validator's own lines."""


# One validation per state of the data: the macros and the hook both ask, at every step of a build.
VALIDATED: dict[tuple[str, tuple[tuple[str, int, int], ...]], ValidationResult] = {}


def data_signature(data_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Every data file's path, size and modification time: any edit changes it."""
    return tuple(
        (path.as_posix(), stat.st_size, stat.st_mtime_ns)
        for path in sorted(data_dir.rglob("*"))
        if (stat := path.lstat()) and S_ISREG(stat.st_mode)  # lstat: a link is never followed
    )


def validated_data() -> ValidationResult:
    data_dir = default_data_dir()
    key = (str(data_dir.resolve()), data_signature(data_dir))
    if key not in VALIDATED:
        VALIDATED.clear()
        VALIDATED[key] = validate(data_dir)
    result = VALIDATED[key]
    if result.problems:
        lines = "\n".join(found.format() for found in result.problems)
        raise DataProblems(f"数据检查未通过，网站不生成 / data invalid, site not built:\n{lines}")
    return result


# --- where pages are -------------------------------------------------------------------------------


def publication_path(year: int, unit_id: str) -> str:
    return f"{year}/{unit_id}.md"


def year_path(year: int) -> str:
    return f"{year}/index.md"


def relative_link(target: str, *, page: str) -> str:
    """A Markdown link target from one docs page to another (MkDocs checks and rewrites it)."""
    start = PurePosixPath(page).parent
    parts = len(start.parts)
    return "/".join([".."] * parts + [target]) if parts else target


def site_root(page: str) -> str:
    """From a page (by its Markdown path) up to the root of its edition, with directory URLs."""
    parts = PurePosixPath(page).parts
    return "../" * (len(parts) - (1 if parts[-1] == "index.md" else 0))


def years(data: ValidationResult) -> list[int]:
    return sorted({year for year, _unit in data.publications}, reverse=True)


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


def ranked(data: ValidationResult, year: int) -> list[Publication]:
    """A year's publications, largest expenditure first (then by name, for a stable order)."""
    chosen = [publication for (each_year, _), publication in data.publications.items() if each_year == year]
    return sorted(chosen, key=lambda publication: (-expenditure_total(publication, unit="元"), publication.unit_id))


def unit_name(publication: Publication, *, lang: str) -> str:
    return publication.facts.data["name_en" if lang == "en" else "name_zh"]


def text(value: dict[str, str], *, lang: str) -> str:
    """A {zh, en} text from publication.yaml in the build language."""
    return value[lang]


# --- home and year pages -------------------------------------------------------------------------


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
        link = relative_link(publication_path(publication.year, publication.unit_id), page=page)
        name = escape_text(unit_name(publication, lang=lang))
        lines.append(
            f"| [{name}]({link}){official_name_suffix(publication, lang=lang)} "
            f"| {table_amount(expenditure_total(publication, unit=shown))} | {table_amount(expenditure['basic'])} "
            f"| {table_amount(expenditure['project'])} |"
        )
    return "\n".join(lines)


def totals_header(first: str, *, unit: str, lang: str) -> list[str]:
    """The head of a Markdown table of totals: a name column, then total, basic and project amounts."""
    amounts = " | ".join(label(key, lang=lang, unit=unit) for key in ("total", "basic", "project"))
    return [f"| {first} | {amounts} |", "|:---|---:|---:|---:|"]


def official_name_suffix(publication: Publication, *, lang: str) -> str:
    """On English pages the official Chinese name stands beside the translation, marked as Chinese."""
    if lang != "en":
        return ""
    name = escape_text(publication.facts.data["name_zh"])
    return f' <span lang="zh-Hans" class="official-name">{name}</span>'


def home_page(data: ValidationResult, *, lang: str) -> str:
    page = "index.md"
    all_years = years(data)
    parts = [f"# {label('site_title', lang=lang)}", "", f"{label('site_intro', lang=lang)}", ""]
    if all_years:
        latest = all_years[0]
        title = label("latest_year", lang=lang, year=latest)
        parts += [f"## {title}", "", units_table(ranked(data, latest), page=page, lang=lang), ""]
        parts += [f"## {label('all_years', lang=lang)}", ""]
        parts += [f"- [{label('year_title', lang=lang, year=year)}]({year_path(year)})" for year in all_years]
    parts += ["", f"[{label('glossary_title', lang=lang)}]({GLOSSARY_PAGE})"]
    return "\n".join(parts)


def year_page(data: ValidationResult, year: int, *, lang: str) -> str:
    publications = ranked(data, year)
    page = year_path(year)
    ranking = year_ranking(publications, year=year, lang=lang)
    return "\n".join(
        [
            f"# {label('year_title', lang=lang, year=year)}",
            "",
            label("year_intro", lang=lang, year=year, count=len(publications)),
            "",
            '<div id="units"></div>',
            "",
            units_table(publications, page=page, lang=lang),
            "",
            *(charts_after([ranking], "", page=page, lang=lang) if ranking else []),
            *district_overview(publications, year=year, page=page, lang=lang),
        ]
    )


def year_ranking(publications: list[Publication], *, year: int, lang: str) -> PlacedChart | None:
    shown, _ = shown_unit(publications)
    totals = [expenditure_total(publication, unit=shown) for publication in publications]
    return chart_data.ranking_chart(publications, year=year, totals=totals, unit=shown, lang=lang)


def district_overview(publications: list[Publication], *, year: int, page: str, lang: str) -> list[str]:
    """All units of a year summed by function class and by economic class, with a chart (in one unit)."""
    if not publications:
        return []
    shown, converted = shown_unit(publications)
    unit = unit_label(shown, converted=converted, lang=lang)
    parts = [f"## {label('overview_title', lang=lang, year=year)} {{#overview}}", ""]
    for key, classes in (
        ("overview_function", chart_data.function_classes(publications, unit=shown, lang=lang)),
        ("overview_economic", chart_data.economic_classes(publications, unit=shown, lang=lang)),
    ):
        parts += [f"### {label(key, lang=lang)}", ""]
        parts += [
            f"| {label('overview_class', lang=lang)} | {label('overview_amount', lang=lang, unit=unit)} |",
            "|:---|---:|",
        ]
        parts += [f"| {code} {escape_text(name)} | {table_amount(amount)} |" for code, name, amount in classes]
        parts.append("")
    chart = chart_data.district_chart(publications, year=year, unit=shown, lang=lang)
    return parts + (charts_after([chart], "", page=page, lang=lang) if chart else [])


def unit_years(data: ValidationResult, unit_id: str) -> list[Publication]:
    return [publication for (_, each), publication in sorted(data.publications.items()) if each == unit_id]


def multi_year(data: ValidationResult, publication: Publication, *, page: str, lang: str) -> list[str]:
    """The same unit in every year it has published: totals, basic and project, links, and a chart."""
    history = unit_years(data, publication.unit_id)
    if len(history) < 2:
        return []
    shown, converted = shown_unit(history)
    unit = unit_label(shown, converted=converted, lang=lang)
    lines = [
        f"## {label('years_title', lang=lang)} {{#years}}",
        "",
        *totals_header(label("year_column", lang=lang), unit=unit, lang=lang),
    ]
    for each in history:
        amounts = expenditure_split(each, unit=shown)
        year_text = label("year_title", lang=lang, year=each.year)
        cell = (
            f"**{year_text}**"
            if each.year == publication.year
            else f"[{year_text}]({relative_link(publication_path(each.year, each.unit_id), page=page)})"
        )
        lines.append(
            f"| {cell} | {table_amount(expenditure_total(each, unit=shown))} "
            f"| {table_amount(amounts['basic'])} | {table_amount(amounts['project'])} |"
        )
    chart = history_chart(history, lang=lang)
    return [*lines, "", *(charts_after([chart], "", page=page, lang=lang) if chart else [])]


def history_chart(history: list[Publication], *, lang: str) -> PlacedChart | None:
    shown, _ = shown_unit(history)
    totals = [expenditure_total(each, unit=shown) for each in history]
    return chart_data.multi_year_chart(history, totals=totals, unit=shown, lang=lang)


def glossary_page(data: ValidationResult, *, lang: str) -> str:
    terms = sorted(data_glossary(data).values(), key=lambda term: term.term_id)
    parts = [f"# {label('glossary_title', lang=lang)}", "", label("glossary_intro", lang=lang), ""]
    names = [term.term_zh for term in terms]
    for term in terms:
        name = term.term_en if lang == "en" else term.term_zh
        definition = term.definition_en if lang == "en" else term.definition_zh
        parts += [f"## {escape_text(name)} {{#{term.term_id}}}", ""]
        if names.count(term.term_zh) > 1:  # regions define some terms differently: say whose this is
            parts += [f"<p><em>{escape_text(defined_in(data, term.term_id, lang=lang))}</em></p>", ""]
        parts += [f"<p>{escape_text(definition)}</p>", ""]
    return "\n".join(parts)


def defined_in(data: ValidationResult, term_id: str, *, lang: str) -> str:
    """The templates whose publications list a term (how a reader tells two definitions apart)."""
    templates = sorted(
        {
            publication.template.name_en if lang == "en" else publication.template.name_zh
            for publication in data.publications.values()
            if term_id in publication.facts.data["glossary"]
        }
    )
    return label("term_used_in", lang=lang, templates="、".join(templates) if lang == "zh" else "; ".join(templates))


def data_glossary(data: ValidationResult) -> dict:
    publication = next(iter(data.publications.values()), None)
    return publication.dictionaries.glossary if publication else {}


STAFF_GUIDE = Path(__file__).resolve().parents[2] / "docs" / "staff-guide"
STAFF_GUIDE_PAGE = "staff-guide.md"


def staff_guide(*, lang: str) -> str:
    """The guide for staff (docs/staff-guide/<lang>.md): our own text, not data, so it is Markdown."""
    return (STAFF_GUIDE / f"{lang}.md").read_text(encoding="utf-8")


# --- descriptions (<meta name="description">, Open Graph) -------------------------------------------


def page_description(data: ValidationResult, *, src_uri: str, lang: str) -> str:
    """What search engines and link previews show for a page: the year's units, the unit's totals."""
    fixed = {
        "index.md": "site_intro",
        GLOSSARY_PAGE: "glossary_intro",
        DOWNLOADS_PAGE: "downloads_intro",
        STAFF_GUIDE_PAGE: "staff_guide_intro",
    }
    if src_uri in fixed:
        return label(fixed[src_uri], lang=lang)
    for year in years(data):
        if src_uri == year_path(year):
            return label("year_description", lang=lang, year=year, count=len(ranked(data, year)))
    publication = publication_at(data, src_uri=src_uri)
    if publication:
        return publication_description(publication, lang=lang)
    raise ValueError(f"{src_uri}: a page without a description (add one in macros/website/pages.py page_description)")


def publication_at(data: ValidationResult, *, src_uri: str) -> Publication | None:
    """The publication whose page is ``src_uri``, if it is a publication page."""
    return next(
        (each for (year, unit_id), each in data.publications.items() if src_uri == publication_path(year, unit_id)),
        None,
    )


def publication_title(publication: Publication, *, lang: str) -> str:
    unit = escape_text(unit_name(publication, lang=lang))
    return label("publication_title", lang=lang, year=publication.year, unit=unit)


def page_title(data: ValidationResult, *, src_uri: str, lang: str) -> str | None:
    """A unit's pages of different years need different titles (browser tabs, link previews)."""
    publication = publication_at(data, src_uri=src_uri)
    return publication_title(publication, lang=lang) if publication else None


def publication_description(publication: Publication, *, lang: str) -> str:
    expenditure = expenditure_split(publication)
    tables = len(publication.template.tables)
    return label(
        "page_description",
        lang=lang,
        unit=escape_text(unit_name(publication, lang=lang)),
        year=publication.year,
        total=table_amount(expenditure_total(publication, unit=summary_unit(publication))),
        basic=table_amount(expenditure["basic"]),
        project=table_amount(expenditure["project"]),
        amount_unit=escape_text(i18n.amount_unit(summary_unit(publication), lang=lang)),
        tables=chinese_number(tables) if lang == "zh" else tables,
    )


# --- charts ----------------------------------------------------------------------------------------

# Charts shown in this build, by content hash: the hook copies their SVG files into the site.
CHARTS_USED: set[str] = set()


def chart_figure(placed: PlacedChart, *, page: str, lang: str) -> str:
    """A chart inline (it follows the colour scheme), with its title, text alternative, a link to the
    table it summarises and its SVG file."""
    key, svg = charts.chart_svg(placed.chart)
    CHARTS_USED.add(key)
    chart_id = placed.chart.chart_id
    title = escape_text(placed.chart.title)
    inline = charts.inline_svg(svg, chart_id=chart_id, title=title, description=escape_text(placed.description))
    up = site_root(page)
    return (
        f'<figure class="budget-chart" id="{chart_id}" {SEARCH_EXCLUDE}>{inline}'
        f'<figcaption><span class="budget-chart__title">{title}</span> · '
        f'<a href="#{placed.link}">{label("chart_source", lang=lang)}</a> · '
        f'<a href="{up}charts/{key}.svg" download>{label("chart_download", lang=lang)}</a></figcaption>'
        f'<details class="budget-chart__text"><summary>{label("chart_text", lang=lang)}</summary>'
        f"<p>{escape_text(placed.description)}</p></details></figure>"
    )


def all_charts(data: ValidationResult, *, lang: str) -> list[charts.Chart]:
    """Every chart the site shows in one language: the publications' and the years' rankings."""
    found = []
    for (year, unit_id), publication in sorted(data.publications.items()):
        figures = part3_figures(publication, prior_publication=data.publications.get((year - 1, unit_id)))
        found += [placed.chart for placed in chart_data.publication_charts(publication, figures, lang=lang)]
    for year in years(data):
        publications = ranked(data, year)
        extra = [
            year_ranking(publications, year=year, lang=lang),
            chart_data.district_chart(publications, year=year, unit=shown_unit(publications)[0], lang=lang),
        ]
        found += [placed.chart for placed in extra if placed]
    for unit_id in sorted({unit_id for _, unit_id in data.publications}):
        history = unit_years(data, unit_id)  # every year's page shows the same chart of all years
        multi = history_chart(history, lang=lang)
        found += [multi.chart] if multi else []
    return found


def charts_after(placed: list[PlacedChart], after: str, *, page: str, lang: str) -> list[str]:
    figures = [chart_figure(chart, page=page, lang=lang) for chart in placed if chart.after == after]
    return ['<div class="budget-charts">' + "".join(figures) + "</div>", ""] if figures else []


# --- the publication -------------------------------------------------------------------------------


def publication_page(data: ValidationResult, year: int, unit_id: str, *, lang: str) -> str:
    publication = data.publications[(year, unit_id)]
    name = escape_text(unit_name(publication, lang=lang))
    prior = data.publications.get((year - 1, unit_id))
    figures = part3_figures(publication, prior_publication=prior)
    placed = chart_data.publication_charts(publication, figures, lang=lang)
    page = publication_path(year, unit_id)
    shown = Shown(
        publication=publication,
        figures=figures,
        placed=placed,
        page=page,
        lang=lang,
        unit=name,
        context=text_context(publication, figures),  # built once: every section's prose reads it
    )
    sections = [
        f"# {publication_title(publication, lang=lang)}",
        "",
        summary(publication, lang=lang),
        "",
        downloads_line(publication, page=page, lang=lang),
        "",
        contents(publication, lang=lang, unit=name),
        "",
        *multi_year(data, publication, page=page, lang=lang),
        "",
        *(
            line
            for number, section in enumerate(publication.template.sections, start=1)
            for line in section_lines(
                section,
                shown,
                level=2,
                number=number if publication.template.numbering else 0,
                style=publication.template.numbering,
            )
        ),
        colophon(publication, lang=lang, unit=name),
    ]
    return "\n".join(sections)


def colophon(publication: Publication, *, lang: str, unit: str) -> str:
    """Source and build date: the last line on screen, and the footer of every printed page."""
    text = label("colophon", lang=lang, unit=unit, year=publication.year, built=build_date())
    return f'<p class="publication-colophon" {SEARCH_EXCLUDE}>{text}</p>'


# Dates on the site are the publishing government's: a build before 08:00 in Guangzhou is already
# the next day there.
PUBLISHING_TIMEZONE = ZoneInfo("Asia/Shanghai")


def build_date() -> str:
    """Today where the budget is published, or the day of SOURCE_DATE_EPOCH when a reproducible build
    sets it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), tz=UTC) if epoch else datetime.now(tz=UTC)
    return moment.astimezone(PUBLISHING_TIMEZONE).date().isoformat()


def summary(publication: Publication, *, lang: str) -> str:
    """The total at a glance (with millions of yuan in English), and on English pages the official
    Chinese name (the word on the translation is on every English page: docs/overrides/main.html)."""
    unit = summary_unit(publication)
    total = expenditure_total(publication, unit=unit)
    unit_text = escape_text(i18n.amount_unit(unit, lang=lang))
    total_label = label("total", lang=lang, unit=unit_text)
    if lang == "en":
        millions = label("millions", lang=lang, amount=prose_amount(i18n.in_millions(total, unit=unit), lang="en"))
        official = escape_text(publication.facts.data["name_zh"])
        lines = [
            f"<p><strong>{total_label}: {table_amount(total)}</strong> ({millions})</p>",
            f'<p>{label("official_name", lang=lang)}: <span lang="zh-Hans">{official}</span></p>',
        ]
    else:
        lines = [f"<p><strong>{total_label}：{table_amount(total)}</strong></p>"]
    return '<div class="publication-summary">' + "".join(lines) + "</div>"


def downloads_line(publication: Publication, *, page: str, lang: str) -> str:
    folder = f"{site_root(page)}{exports.publication_folder(publication)}"
    links = [
        f'<a href="{folder}/{exports.workbook_name(publication, lang=lang)}" download>{label("download_xlsx", lang=lang)}</a>',
        f'<a href="{folder}/datapackage.json" download>{label("download_package", lang=lang)}</a>',
        f'<a class="publication-pdf" href="{folder}/{exports.pdf_name(publication, lang=lang)}" download>'
        f"{label('download_pdf', lang=lang)}</a>",
        f'<a href="{site_root(page)}downloads/">{label("downloads_title", lang=lang)}</a>',
    ]
    return f'<p class="publication-downloads" {SEARCH_EXCLUDE}>{label("download_data", lang=lang)}：{" · ".join(links)}</p>'.replace(
        "：", ": " if lang == "en" else "："
    )


def downloads_page(data: ValidationResult, *, lang: str) -> str:
    """Every file the site offers: per year an archive, per publication its workbook, package and CSVs."""
    page = DOWNLOADS_PAGE
    parts = [f"# {label('downloads_title', lang=lang)}", "", label("downloads_intro", lang=lang), ""]
    parts += [label("downloads_formula_note", lang=lang), ""]
    for year in years(data):
        parts += [f"## {label('year_title', lang=lang, year=year)}", ""]
        parts += [
            f'<p><a href="{site_root(page)}downloads/{year}.zip" download>{label("download_zip", lang=lang, year=year)}</a></p>',
            "",
        ]
        for publication in ranked(data, year):
            folder = f"{site_root(page)}{exports.publication_folder(publication)}"
            name = escape_text(unit_name(publication, lang=lang))
            files = [
                f'<a href="{folder}/{exports.workbook_name(publication, lang=lang)}" download>XLSX</a>',
                f'<a href="{folder}/datapackage.json" download>datapackage.json</a>',
                *(
                    f'<a href="{folder}/{spec.file}" download>{label("table_label", lang=lang, number=int(spec.id))}</a>'
                    for spec in publication.template.tables
                ),
            ]
            parts += [
                f"<p><strong>{name}</strong>{official_name_suffix(publication, lang=lang)}<br>{' · '.join(files)}</p>",
                "",
            ]
    parts += [
        f'<p><a href="{site_root(page)}downloads/datapackage.json" download>{label("download_site_package", lang=lang)}</a></p>'
    ]
    return "\n".join(parts)


@dataclass(frozen=True)
class Shown:
    """What every section of one publication page is rendered with."""

    publication: Publication
    figures: Figures
    placed: list[PlacedChart]
    page: str
    lang: str
    unit: str  # the unit's name, escaped
    context: dict[str, Any]  # what text templates see (model/measures.py)


def section_title(section: Section, publication: Publication, *, lang: str, unit: str) -> str:
    """A section's title (or note) in the build language, escaped, with {unit}, {year}, {amount_unit} filled."""
    values = {
        "unit": unit,
        "year": str(publication.year),
        "amount_unit": escape_text(amount_unit_text(publication, lang=lang)),
    }
    pieces = TITLE_PLACEHOLDERS.split(section.title_en if lang == "en" else section.title_zh)
    # split() alternates text and placeholder names: the text is escaped, the values already are
    return "".join(values[piece] if index % 2 else escape_text(piece) for index, piece in enumerate(pieces))


def section_note(section: Section, publication: Publication, *, lang: str) -> str:
    note = section.note_en if lang == "en" else section.note_zh
    return (
        section_title(replace(section, title_zh=note, title_en=note), publication, lang=lang, unit="") if note else ""
    )


def section_lines(section: Section, shown: Shown, *, level: int, number: int, style: str = "chinese") -> list[str]:
    """A section as the page prints it: title, note, prose, what it shows, charts, then its subsections."""
    publication, lang = shown.publication, shown.lang
    title = section_title(section, publication, lang=lang, unit=shown.unit)
    heading = numbered(number, title, lang=lang, style=style) if number else title
    lines = [f"{'#' * level} {heading} {{#{section.id}}}", ""]
    if note := section_note(section, publication, lang=lang):
        lines += [f"<p>{note}</p>", ""]
    texts = narrative.section_paragraphs(publication, shown.context, section, lang=lang) if section.text else []
    if section.show == "key_projects":
        lines += [key_projects(publication, intro=texts, lang=lang), ""]
    elif section.text:
        lines += [paragraphs(texts), ""]
    if section.show == "tables":
        lines += table_lines(shown)
    elif section.show == "glossary":
        lines += [glossary_contents(publication, numbering=section.numbering, lang=lang), ""]
    lines += charts_after(shown.placed, section.id, page=shown.page, lang=lang)
    for child_number, child in enumerate(section.children, start=1):
        number = child_number if section.numbering else 0
        lines += section_lines(child, shown, level=level + 1, number=number, style=section.numbering)
    return lines


def table_heading(publication: Publication, table_id: str, *, lang: str) -> tuple[str, str]:
    """A table's anchor and heading as the template prints it (表1 收支总体情况表, 1. 2025年部门财务收支预算总表)."""
    spec = publication.template.table(table_id)
    title = spec.title_en if lang == "en" else spec.title_zh
    heading = publication.template.table_heading_en if lang == "en" else publication.template.table_heading_zh
    values = {"number": str(int(table_id)), "title": escape_text(title), "year": str(publication.year)}
    pieces = HEADING_PLACEHOLDERS.split(heading)
    return table_anchor(table_id), "".join(
        values[piece] if index % 2 else escape_text(piece) for index, piece in enumerate(pieces)
    )


def contents(publication: Publication, *, lang: str, unit: str) -> str:
    """The official 目录: the sections, and the tables under the section that shows them."""
    items = []
    numbering = publication.template.numbering
    for number, section in enumerate(publication.template.sections, start=1):
        title = section_title(section, publication, lang=lang, unit=unit)
        title = numbered(number, title, lang=lang, style=numbering) if numbering else title
        nested = ""
        if section.show == "tables":
            tables = [table_heading(publication, spec.id, lang=lang) for spec in publication.template.tables]
            nested = "<ol>" + "".join(f'<li><a href="#{a}">{t}</a></li>' for a, t in tables) + "</ol>"
        items.append(f'<li><a href="#{section.id}">{title}</a>{nested}</li>')
    return (
        f'<nav class="publication-contents" {SEARCH_EXCLUDE} aria-label="{label("contents", lang=lang)}">'
        f"<p><strong>{label('contents', lang=lang)}</strong></p><ol>{''.join(items)}</ol></nav>"
    )


def numbered(number: int, title: str, *, lang: str, style: str = "chinese") -> str:
    """一、title / 1. title; （一）title / (1) title with style paren_chinese."""
    if style == "paren_chinese":
        return f"（{chinese_number(number)}）{title}" if lang == "zh" else f"({number}) {title}"
    return f"{chinese_number(number)}、{title}" if lang == "zh" else f"{number}. {title}"


def paragraphs(texts: list[str]) -> str:
    return '<div class="publication-text">' + "".join(f"<p>{escape_text(item)}</p>" for item in texts) + "</div>"


def table_lines(shown: Shown) -> list[str]:
    """Every table of the publication, each with its CSV download and the charts placed after it."""
    publication, lang, page = shown.publication, shown.lang, shown.page
    lines = []
    for spec in publication.template.tables:
        table_anchor, heading = table_heading(publication, spec.id, lang=lang)
        table = publication.tables[spec.id]
        lines += [f"### {heading} {{#{table_anchor}}}", "", render_table(table, publication=publication, lang=lang), ""]
        csv_link = f"{site_root(page)}{exports.publication_folder(publication)}/{spec.file}"
        lines += [
            f'<p class="budget-table__download" {SEARCH_EXCLUDE}><a href="{csv_link}" download>{label("download_csv", lang=lang)}</a></p>',
            "",
        ]
        lines += charts_after(shown.placed, spec.id, page=page, lang=lang)
    return lines


def amount_unit_text(publication: Publication, *, lang: str) -> str:
    return i18n.amount_unit(publication.facts.data["amount_unit"], lang=lang)


def key_projects(publication: Publication, *, intro: list[str], lang: str) -> str:
    """The rows publication.yaml lists (the template's listed_rows with an amount: the key projects),
    each with its amount and text, in the order listed."""
    rule = next(rule for rule in publication.template.checks.listed_rows if rule.amount)
    table = publication.tables[rule.table]
    by_name = {row.texts[rule.column]: row for row in table.rows if row.key == rule.row_key}
    unit = escape_text(i18n.amount_unit(publication.unit_of(table.spec), lang=lang))
    name_column, text_column = table.spec.column(rule.column), table.spec.column(rule.text)
    if lang == "en":
        name_column, text_column = table.spec.column(name_column.english), table.spec.column(text_column.english)
    rows = []
    for name in fact_value(publication, rule.fact) or []:
        row = by_name[name]
        rows.append(
            f'<tr><th scope="row" class="col-name">{escape_text(row.texts[name_column.id])}</th>'
            f'<td class="num" {SEARCH_EXCLUDE}>{table_amount(row.amounts[rule.amount])}</td>'
            f'<td class="text">{escape_text(row.texts[text_column.id])}</td></tr>'
        )
    header = (
        f'<tr><th scope="col">{label("key_projects_table_project", lang=lang)}</th>'
        f'<th scope="col">{label("key_projects_table_amount", lang=lang, unit=unit)}</th>'
        f'<th scope="col">{label("key_projects_table_goal", lang=lang)}</th></tr>'
    )
    note = fact_value(publication, f"{rule.fact}_note")
    return "\n".join(
        [
            *(f"<p>{escape_text(text)}</p>" for text in intro),
            '<div class="budget-table__scroll" tabindex="0">',
            f'<table class="budget-table__table key-projects"><thead {SEARCH_EXCLUDE}>{header}</thead>'
            f"<tbody>{''.join(rows)}</tbody></table>",
            "</div>",
            f'<p class="budget-table__note">{label("note", lang=lang, note=escape_text(note[lang]))}</p>'
            if note
            else "",
        ]
    )


def glossary_contents(publication: Publication, *, numbering: str, lang: str) -> str:
    """The publication's terms, numbered, with their definitions."""
    glossary = publication.dictionaries.glossary
    colon = ": " if lang == "en" else "："
    items = []
    for number, term_id in enumerate(publication.facts.data["glossary"], start=1):
        term = glossary[term_id]
        name = term.term_en if lang == "en" else term.term_zh
        definition = term.definition_en if lang == "en" else term.definition_zh
        title = numbered(number, escape_text(name), lang=lang, style=numbering) if numbering else escape_text(name)
        items.append(f'<p id="term-{term_id}"><strong>{title}{colon}</strong>{escape_text(definition)}</p>')
    # The glossary page holds the same definitions: searching a term should lead there, not to every unit.
    return f'<div class="publication-text" {SEARCH_EXCLUDE}>' + "".join(items) + "</div>"
