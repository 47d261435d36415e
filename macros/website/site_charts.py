"""Every chart the site shows in one language.

``all_charts`` is the list the hook draws ahead and copies into ``site/charts/``: each chart a page shows
must be in it, or that page's download link is broken (tests/test_charts.py).
"""

from __future__ import annotations

from macros.checking.content import part3_figures
from macros.checking.validation import ValidationResult
from macros.rendering import chart_data, charts
from macros.website.chart_figures import history_chart, year_charts
from macros.website.execution_pages import district_execution_chart_of, publication_execution_chart, view_of
from macros.website.glance import glance_chart, glance_figures
from macros.website.sharding import WHOLE, Part
from macros.website.site_data import kinds_of_year, ranked, unit_years, years


def all_charts(data: ValidationResult, *, lang: str, ranking_units: int, part: Part = WHOLE) -> list[charts.Chart]:
    """The publications' charts (their templates' and their 一览's), the years' rankings (of their ``ranking_units``
    largest units) and overviews, the units' histories, and budget versus actual (each 决算's, each year's); only
    those of ``part``'s pages (a shard's)."""
    found = []
    for (year, publication_id), publication in sorted(data.publications.items()):
        if not part.holds_publication(year, publication.unit_id):
            continue
        figures = part3_figures(publication, prior_publication=data.publications.get((year - 1, publication_id)))
        found += [placed.chart for placed in chart_data.publication_charts(publication, figures, lang=lang)]
        glance = glance_chart(publication, glance_figures(data, publication, figures, lang=lang), lang=lang)
        found += [glance.chart] if glance else []
        view = view_of(data, publication)
        execution = publication_execution_chart(view, lang=lang) if view is not None else None
        found += [execution.chart] if execution else []
    for year in filter(part.holds_year_pages, years(data)):
        for kind in kinds_of_year(data, year):
            publications = ranked(data, year, kind=kind)
            found += [
                placed.chart
                for placed in year_charts(publications, year=year, ranking_units=ranking_units, lang=lang)
                if placed
            ]
            district = district_execution_chart_of(data, publications, year=year, lang=lang)
            found += [district.chart] if district else []
    latest = {publication_id: publication for (_, publication_id), publication in sorted(data.publications.items())}
    for publication in latest.values():
        history = unit_years(data, publication)  # every year's page shows the same chart of all years
        if not any(part.holds_publication(each.year, each.unit_id) for each in history):
            continue
        multi = history_chart(history, lang=lang)
        found += [multi.chart] if multi else []
    return found
