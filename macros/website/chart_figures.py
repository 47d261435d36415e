"""Charts on the site's pages: a chart as a figure (inline SVG, title, text alternative, links to its table
and its SVG file), the year's ranking and a unit's history (site_charts.py lists every chart the site shows).
"""

from __future__ import annotations

from macros.model.publication import Publication
from macros.rendering import chart_data, charts, raw_html
from macros.rendering.chart_data import PlacedChart
from macros.rendering.escaping import escape_text
from macros.rendering.i18n import label
from macros.rendering.tables import SEARCH_EXCLUDE
from macros.website import embeds
from macros.website.site_data import site_root
from macros.website.totals import expenditure_total, shown_unit


def chart_figure(placed: PlacedChart, *, page: str, lang: str) -> str:
    """A chart inline (it follows the colour scheme), with its title, text alternative, a link to the
    table it summarises, and its share bar: SVG, PNG and CSV of what it shows, permalink, embed code."""
    key, svg = charts.chart_svg(placed.chart)
    chart_id = placed.chart.chart_id
    title = escape_text(placed.chart.title)
    inline = charts.inline_svg(  # an SVG's <title> and <desc> hold no markup
        svg,
        chart_id=chart_id,
        title=escape_text(placed.chart.title, markup=False),
        description=escape_text(placed.description, markup=False),
    )
    words = (
        f'<details class="budget-chart__text"><summary>{label("chart_text", lang=lang)}</summary>'
        f"<p>{escape_text(placed.description)}</p></details>"
    )
    up = site_root(page)
    embedded = embeds.Shareable(
        page=page,
        anchor=chart_id,
        heading=title,
        body=f'<figure class="budget-chart">{inline}{words}</figure>',
        height=embeds.chart_height(svg),
        lang=lang,
        kind="chart",
    )
    downloads = [
        (f"{up}charts/{key}.svg", label("chart_download", lang=lang)),
        (f"{up}charts/{key}.csv", label("chart_csv", lang=lang)),
    ]
    return (
        f'<figure class="budget-chart" id="{chart_id}" {SEARCH_EXCLUDE}>{raw_html.set_aside(inline)}'
        f'<figcaption><span class="budget-chart__title">{title}</span> · '
        f'<a href="#{placed.link}">{label("chart_source", lang=lang)}</a>'
        f"{embeds.shared(embedded, downloads=downloads, png=True)}</figcaption>"
        f"{words}</figure>"
    )


def charts_after(placed: list[PlacedChart], after: str, *, page: str, lang: str) -> list[str]:
    figures = [chart_figure(chart, page=page, lang=lang) for chart in placed if chart.after == after]
    return ['<div class="budget-charts">' + "".join(figures) + "</div>", ""] if figures else []


def year_ranking(publications: list[Publication], *, year: int, ranking_units: int, lang: str) -> PlacedChart | None:
    """The year's ranking chart: its ``ranking_units`` largest units (mkdocs.yml ``extra.units_per_ranking_chart``)."""
    shown, _ = shown_unit(publications)
    totals = [expenditure_total(publication, unit=shown) for publication in publications]
    return chart_data.ranking_chart(publications, year=year, totals=totals, unit=shown, shown=ranking_units, lang=lang)


def history_chart(history: list[Publication], *, lang: str) -> PlacedChart | None:
    shown, _ = shown_unit(history)
    totals = [expenditure_total(each, unit=shown) for each in history]
    return chart_data.multi_year_chart(history, totals=totals, unit=shown, lang=lang)


# mkdocs.yml extra: how many units a year page's ranking chart draws.
RANKING_SETTING = "units_per_ranking_chart"


def year_charts(
    publications: list[Publication], *, year: int, ranking_units: int, lang: str
) -> list[PlacedChart | None]:
    """What a year page draws for one kind: its units ranked, and the district by function class."""
    return [
        year_ranking(publications, year=year, ranking_units=ranking_units, lang=lang),
        chart_data.district_chart(publications, year=year, unit=shown_unit(publications)[0], lang=lang),
    ]
