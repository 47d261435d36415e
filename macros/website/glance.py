"""一览 (at a glance): the top of a publication page, before its official parts. The total and its change
against the prior year, basic versus project, the largest function classes, the template's highlights
(三公 and its change), the execution rate where a 决算 compares budget and actual, and one chart of the whole.

``glance_figures`` computes (every figure from the data); ``glance_block`` writes it as a definition list
(screen readers announce each term with its figure) and the chart. Data text goes through ``escape_text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from macros.checking.execution import ExecutionLine
from macros.checking.validation import ValidationResult
from macros.model.measures import Figures
from macros.model.publication import Publication
from macros.reading.amounts import convert_amount
from macros.rendering import chart_data, i18n
from macros.rendering.chart_data import PlacedChart, table_anchor
from macros.rendering.charts import share
from macros.rendering.escaping import escape_text
from macros.rendering.i18n import label, percent, prose_amount, table_amount
from macros.rendering.tables import SEARCH_EXCLUDE
from macros.template.specs import Highlight
from macros.website.chart_figures import charts_after
from macros.website.execution_pages import ANCHOR as EXECUTION_ANCHOR
from macros.website.execution_pages import view_of
from macros.website.site_data import html_link, other_kinds, publication_path
from macros.website.totals import expenditure_split, expenditure_total, publication_summary, summary_unit

ANCHOR = "glance"


@dataclass(frozen=True)
class Compared:
    """A figure this year and, where known, the prior year (same unit)."""

    value: Decimal
    prior: Decimal | None
    unit: str


@dataclass(frozen=True)
class Execution:
    """The execution rate of the unit's 决算 of the year: on its own page, or linked from the 预算's."""

    line: ExecutionLine
    final: Publication


@dataclass(frozen=True)
class GlanceFigures:
    unit: str  # of the total, the split and the classes
    total: Compared
    split: dict[str, Decimal]  # interface word (basic, project) -> amount
    classes: list[tuple[str, str, Decimal]]  # every function class: code, name, amount; largest first
    highlights: list[tuple[Highlight, Compared]]
    execution: Execution | None


def glance_figures(data: ValidationResult, publication: Publication, figures: Figures, *, lang: str) -> GlanceFigures:
    summary = publication_summary(publication)
    unit = summary_unit(publication)
    return GlanceFigures(
        unit=unit,
        total=Compared(expenditure_total(publication, unit=unit), prior_in(figures, summary.total, unit=unit), unit),
        split=expenditure_split(publication, unit=unit),
        classes=chart_data.function_classes([publication], unit=unit, lang=lang),
        highlights=[
            (item, Compared(figures.current[item.figure], figures.prior.get(item.figure), figures.units[item.figure]))
            for item in summary.highlights
        ],
        execution=execution_of(data, publication),
    )


def prior_in(figures: Figures, key: str, *, unit: str) -> Decimal | None:
    """The prior year's value of a figure in ``unit``; None where the prior year is not known."""
    prior = figures.prior.get(key)
    return None if prior is None else convert_amount(prior, from_unit=figures.units[key], to_unit=unit)


def execution_of(data: ValidationResult, publication: Publication) -> Execution | None:
    """The 决算's own budget versus actual, or on a 预算's page that of the unit's 决算 of the same year."""
    for final in [publication, *other_kinds(data, publication)]:
        view = view_of(data, final)
        if view is not None and view.total.rate is not None:
            return Execution(view.total, final)
    return None


# --- the block -------------------------------------------------------------------------------------------


def glance_block(
    data: ValidationResult, publication: Publication, figures: Figures, *, page: str, lang: str
) -> list[str]:
    found = glance_figures(data, publication, figures, lang=lang)
    unit = escape_text(i18n.amount_unit(found.unit, lang=lang))
    items = [
        item(label("total", lang=lang, unit=unit), total_value(found, publication=publication, lang=lang)),
        *(
            item(
                label("glance_in_unit", lang=lang, name=label(f"glance_{word}", lang=lang), unit=unit),
                figure(amount) + shared(amount, found.total.value, lang=lang),
            )
            for word, amount in found.split.items()
        ),
        *(highlight(spec, compared, publication=publication, lang=lang) for spec, compared in found.highlights),
        *execution_item(found.execution, publication=publication, page=page, lang=lang),
    ]
    chart = glance_chart(publication, found, lang=lang)
    # The heading and the block each carry the class that keeps them off paper. No Markdown inside the block
    # (md_in_html cuts a raw <div> nested in a figure short): the heading stands before it.
    return [
        f"## {label('glance_title', lang=lang)} {{#{ANCHOR} .glance-block}}",
        "",
        '<div class="glance-block">'
        f'<dl class="glance" {SEARCH_EXCLUDE}>'
        + "".join(items)
        + "</dl>"
        + "".join(charts_after([chart], "", page=page, lang=lang) if chart else [])
        + "</div>",
        "",
    ]


def item(term: str, value: str) -> str:
    """One figure: its name (dt) and value (dd), grouped so the list lays out as cards."""
    return f'<div class="glance__item"><dt>{term}</dt><dd>{value}</dd></div>'


def figure(amount: Decimal) -> str:
    return f'<span class="glance__figure">{table_amount(amount)}</span>'


def total_value(found: GlanceFigures, *, publication: Publication, lang: str) -> str:
    value = figure(found.total.value)
    if lang == "en":  # English readers count in millions, not in units of 10,000
        millions = i18n.in_millions(found.total.value, unit=found.unit)
        value += f" ({label('millions', lang=lang, amount=prose_amount(millions, lang='en'))})"
    return value + change(found.total, year=publication.year, lang=lang)


def change(compared: Compared, *, year: int, lang: str) -> str:
    """比上年增加62.97万元，增长7.93% / up 62.97 (7.93%) on 2023; nothing where the prior year is unknown."""
    if compared.prior is None:
        return ""
    difference = compared.value - compared.prior
    unit = escape_text(i18n.amount_unit(compared.unit, lang=lang))
    values = {"amount": prose_amount(abs(difference), lang=lang), "unit": unit, "year": year - 1}
    if difference == 0:
        words = label("glance_same", lang=lang, **values)
    elif compared.prior == 0:
        words = label("glance_up_from_zero", lang=lang, **values)
    else:
        direction = "up" if difference > 0 else "down"
        words = label(f"glance_{direction}", lang=lang, percent=percent(difference, compared.prior), **values)
    return f'<span class="glance__change">{words}</span>'


def shared(amount: Decimal, total: Decimal, *, lang: str) -> str:
    if not total:
        return ""
    return f'<span class="glance__share">{label("glance_share", lang=lang, share=share(amount, total))}</span>'


def highlight(spec: Highlight, compared: Compared, *, publication: Publication, lang: str) -> str:
    name = escape_text(spec.name_en if lang == "en" else spec.name_zh)
    unit = escape_text(i18n.amount_unit(compared.unit, lang=lang))
    change_words = change(compared, year=publication.year, lang=lang)
    return item(label("glance_in_unit", lang=lang, name=name, unit=unit), figure(compared.value) + change_words)


def execution_item(execution: Execution | None, *, publication: Publication, page: str, lang: str) -> list[str]:
    """执行率 98.12%: actual as a share of budget, linked to the comparison (on this page or the 决算's)."""
    if execution is None:
        return []
    own = execution.final is publication
    target = "" if own else html_link(publication_path(*execution.final.key), page=page)
    link = f'<a href="{target}#{EXECUTION_ANCHOR}">{label("glance_execution_link", lang=lang)}</a>'
    spec = execution.final.template.execution
    assert spec is not None, "an execution rate comes from a template's execution:"
    words = label("glance_execution_of", lang=lang, title=escape_text(spec.title_en if lang == "en" else spec.title_zh))
    rate = prose_amount(execution.line.rate or Decimal(0), lang=lang)
    return [
        item(
            label("execution_rate", lang=lang),
            f'<span class="glance__figure">{rate}%</span> <span class="glance__change">{words} · {link}</span>',
        )
    ]


def glance_chart(publication: Publication, found: GlanceFigures, *, lang: str) -> PlacedChart | None:
    rule = publication_summary(publication).function_classes
    return chart_data.glance_chart(
        publication, found.classes, unit=found.unit, link=table_anchor(rule.tables[0]), lang=lang
    )
