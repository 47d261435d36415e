"""The publication page: one publication as its template prints it (title, total at a glance, downloads,
the official contents, the unit's other years, then every section in order with its prose, tables, key
projects, glossary and charts) and a colophon with the source and build date.

Data text goes through ``escape_text`` (macros/rendering/escaping.py) and nowhere else.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from macros.checking.content import fact_value, part3_figures
from macros.checking.validation import ValidationResult
from macros.exchange import exports
from macros.model.measures import Figures, text_context
from macros.model.publication import Publication
from macros.model.translations import english_or_pending, text_in
from macros.rendering import chart_data, i18n, narrative, raw_html
from macros.rendering.chart_data import PlacedChart, table_anchor
from macros.rendering.escaping import escape_text
from macros.rendering.i18n import chinese_number, label, table_amount
from macros.rendering.tables import SEARCH_EXCLUDE, render_table
from macros.template.specs import HEADING_PLACEHOLDERS, TITLE_PLACEHOLDERS, Section
from macros.website import embeds
from macros.website.chart_figures import charts_after, history_chart
from macros.website.execution_pages import execution_section
from macros.website.glance import glance_block
from macros.website.provenance import NO_SOURCE, SiteSource, provenance_line
from macros.website.site_data import (
    kinds_title,
    other_kinds,
    publication_path,
    relative_link,
    site_root,
    unit_name,
    unit_years,
)
from macros.website.totals import (
    expenditure_split,
    expenditure_total,
    shown_unit,
    totals_header,
    unit_label,
)


def publication_page(
    data: ValidationResult, year: int, publication_id: str, *, lang: str, source: SiteSource = NO_SOURCE
) -> str:
    publication = data.publications[(year, publication_id)]
    name = escape_text(unit_name(publication, lang=lang))
    prior = data.publications.get((year - 1, publication_id))
    figures = part3_figures(publication, prior_publication=prior)
    placed = chart_data.publication_charts(publication, figures, lang=lang)
    page = publication_path(year, publication_id)
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
        *official_name(publication, lang=lang),
        *glance_block(data, publication, figures, page=page, lang=lang),
        *pending_note(publication, lang=lang),
        *kinds_line(data, publication, page=page, lang=lang),
        downloads_line(publication, page=page, lang=lang),
        "",
        *provenance_line(source, publication, lang=lang),
        contents(publication, lang=lang, unit=name),
        "",
        *multi_year(data, publication, page=page, lang=lang),
        "",
        *execution_section(data, publication, page=page, lang=lang),
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


def publication_title(publication: Publication, *, lang: str, markup: bool = True) -> str:
    """The page's heading; ``markup=False`` for the browser's title (escape_text)."""
    unit = escape_text(unit_name(publication, lang=lang), markup=markup)
    return label(f"publication_title_{publication.kind}", lang=lang, year=publication.year, unit=unit)


def kinds_line(data: ValidationResult, publication: Publication, *, page: str, lang: str) -> list[str]:
    """Links between a unit's publications of one year: its 决算 from its 预算 page and back."""
    links = [
        f"[{label(f'other_kind_{each.kind}', lang=lang, year=each.year)}]"
        f"({relative_link(publication_path(*each.key), page=page)})"
        for each in other_kinds(data, publication)
    ]
    return [f'<p class="publication-kinds" {SEARCH_EXCLUDE} markdown>{" · ".join(links)}</p>', ""] if links else []


def pending_note(publication: Publication, *, lang: str) -> list[str]:
    """On the English page: how many of the publication's texts wait for their English, shown in Chinese
    and marked where they appear (never silent)."""
    count = len(publication.pending_translations()) if lang == "en" else 0
    if not count:
        return []
    return [f'<p class="translation-pending-note">{label("publication_pending", lang=lang, count=count)}</p>', ""]


def multi_year(data: ValidationResult, publication: Publication, *, page: str, lang: str) -> list[str]:
    """The same unit in every year it has published: totals, basic and project, links, and a chart."""
    history = unit_years(data, publication)
    if len(history) < 2:
        return []
    shown, converted = shown_unit(history)
    unit = unit_label(shown, converted=converted, lang=lang)
    lines = [
        f"## {label(f'years_title_{publication.kind}', lang=lang)} {{#years}}",
        "",
        *totals_header(label("year_column", lang=lang), unit=unit, lang=lang),
    ]
    for each in history:
        amounts = expenditure_split(each, unit=shown)
        year_text = kinds_title(each.year, [each.kind], lang=lang)
        cell = (
            f"**{year_text}**"
            if each.year == publication.year
            else f"[{year_text}]({relative_link(publication_path(*each.key), page=page)})"
        )
        lines.append(
            f"| {cell} | {table_amount(expenditure_total(each, unit=shown))} "
            f"| {table_amount(amounts['basic'])} | {table_amount(amounts['project'])} |"
        )
    chart = history_chart(history, lang=lang)
    return [*lines, "", *(charts_after([chart], "", page=page, lang=lang) if chart else [])]


def colophon(publication: Publication, *, lang: str, unit: str) -> str:
    """Source and build date: the last line on screen, and the footer of every printed page."""
    text = label(f"colophon_{publication.kind}", lang=lang, unit=unit, year=publication.year, built=build_date())
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


def official_name(publication: Publication, *, lang: str) -> list[str]:
    """On English pages, the unit's official Chinese name (the word on the translation is on every English
    page: docs/overrides/main.html)."""
    if lang != "en":
        return []
    official = escape_text(publication.facts.data["name_zh"])
    return [
        f'<p class="publication-official">{label("official_name", lang=lang)}: <span lang="zh-Hans">{official}</span></p>',
        "",
    ]


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
        rendered = render_table(table, publication=publication, lang=lang)
        embedded = embeds.Shareable(
            page=page,
            anchor=table_anchor,
            heading=heading,
            body=rendered,
            height=embeds.table_height(len(table.records)),
            lang=lang,
            kind="table",
        )
        csv_link = f"{site_root(page)}{exports.publication_folder(publication)}/{spec.file}"
        share = embeds.shared(embedded, downloads=[(csv_link, label("download_csv", lang=lang))])
        lines += [f"### {heading} {{#{table_anchor}}}", "", raw_html.set_aside(rendered), "", share, ""]
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
        project, goal = row.texts[name_column.id], row.texts[text_column.id]
        if lang == "en":  # English still pending: the Chinese, marked
            project = english_or_pending(project, row.texts[rule.column])
            goal = english_or_pending(goal, row.texts[rule.text])
        rows.append(
            f'<tr><th scope="row" class="col-name">{escape_text(project)}</th>'
            f'<td class="num" {SEARCH_EXCLUDE}>{table_amount(row.amounts[rule.amount])}</td>'
            f'<td class="text">{escape_text(goal)}</td></tr>'
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
            f'<p class="budget-table__note">{label("note", lang=lang, note=escape_text(text_in(note, lang=lang)))}</p>'
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
