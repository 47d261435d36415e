"""Budget versus actual on the site: a 决算's page compares it with the unit's 预算 of the year (per function
class, then its measures: budget, actual, difference, execution rate and the reasons it states, with a
chart), and a year page sums its 决算 the same way (district-wide execution).

The numbers come from checking/execution.py; data text goes through ``escape_text`` and nowhere else.
"""

from __future__ import annotations

from decimal import Decimal

from macros.checking.execution import ExecutionLine, ExecutionView, budget_of, execution_view
from macros.checking.validation import ValidationResult
from macros.model.publication import Publication
from macros.model.translations import text_in
from macros.reading.amounts import convert_amount
from macros.rendering import chart_data, i18n
from macros.rendering.chart_data import PlacedChart, code_name
from macros.rendering.escaping import escape_text
from macros.rendering.i18n import label, table_amount
from macros.rendering.tables import SEARCH_EXCLUDE
from macros.website.chart_figures import charts_after
from macros.website.site_data import publication_path, relative_link
from macros.website.totals import shown_unit

ANCHOR = "execution"


def view_of(data: ValidationResult, publication: Publication) -> ExecutionView | None:
    """A 决算's budget versus actual (None for a 预算, or a 决算 whose template compares nothing)."""
    return execution_view(publication, budget_of(publication, data.publications))


def execution_section(data: ValidationResult, publication: Publication, *, page: str, lang: str) -> list[str]:
    """The section on a 决算's page: what the budget side is, the classes and measures, and a chart."""
    view = view_of(data, publication)
    if view is None:
        return []
    spec = publication.template.execution
    assert spec is not None
    classes_title = escape_text(spec.title_en if lang == "en" else spec.title_zh)
    lines = [
        f"## {label('execution_title', lang=lang)} {{#{ANCHOR}}}",
        "",
        budget_source(view, page=page, lang=lang),
        "",
    ]
    rows = [class_row(view.final, line, lang=lang) for line in view.classes]
    rows.append(line_row(label("total_row", lang=lang), view.total, lang=lang, total=True))
    lines += [f"### {classes_title}", "", execution_table(classes_title, rows, unit=view.unit, lang=lang), ""]
    measures = [
        line_row(escape_text(measure.title_en if lang == "en" else measure.title_zh), line, lang=lang)
        for measure, line in view.measures
    ]
    if measures:
        measures_title = label("execution_measures", lang=lang)
        lines += [f"### {measures_title}", "", execution_table(measures_title, measures, unit=view.unit, lang=lang)]
        lines.append("")
    chart = publication_execution_chart(view, lang=lang)
    return lines + (charts_after([chart], "", page=page, lang=lang) if chart else [])


def budget_source(view: ExecutionView, *, page: str, lang: str) -> str:
    """Where the budget side comes from: our 预算 of the year (linked), else the 决算's own 年初预算数."""
    if view.budget is None:
        return label("execution_printed", lang=lang, year=view.final.year)
    link = relative_link(publication_path(*view.budget.key), page=page)
    return label("execution_from_budget", lang=lang, year=view.final.year, link=link)


def publication_execution_chart(view: ExecutionView, *, lang: str) -> PlacedChart | None:
    shown = [
        (code_name(view.final, line.key, economic=False, lang=lang), line.budget, line.actual)
        for line in sorted(view.classes, key=lambda line: line.key)
        if line.budget is not None
    ]
    return chart_data.execution_chart(
        shown,
        kind="execution",
        chart_id=f"chart-{view.final.year}-{view.final.publication_id}-execution",
        unit=view.unit,
        link=ANCHOR,
        lang=lang,
    )


def class_row(publication: Publication, line: ExecutionLine, *, lang: str) -> str:
    """A function class's line: its code and name (the dictionary's), then its amounts."""
    name = f"{line.key} {escape_text(code_name(publication, line.key, economic=False, lang=lang))}"
    return line_row(name, line, lang=lang)


def line_row(name: str, line: ExecutionLine, *, lang: str, total: bool = False) -> str:
    """One line: name, budget, actual, difference, rate, and the reasons the 决算 states (data text)."""
    separator = "; " if lang == "en" else "；"
    reasons = separator.join(dict.fromkeys(text_in(reason, lang=lang) for reason in line.reasons))  # each once
    cells = [
        f'<th scope="row" class="col-name">{name}</th>',
        *(f'<td class="num">{cell}</td>' for cell in amounts(line)),
        f'<td class="text">{escape_text(reasons)}</td>',
    ]
    row_class = ' class="row-total"' if total else ""
    return f"<tr{row_class}>{''.join(cells)}</tr>"


def amounts(line: ExecutionLine) -> list[str]:
    """Budget, actual, difference and rate as the table shows them; — where there is no budget."""
    missing = "—"
    budget = table_amount(line.budget) if line.budget is not None else missing
    difference = line.difference
    rate = line.rate
    return [
        budget,
        table_amount(line.actual),
        table_amount(difference) if difference is not None else missing,
        f"{rate}%" if rate is not None else missing,
    ]


def execution_table(caption: str, rows: list[str], *, unit: str, lang: str) -> str:
    unit_text = escape_text(i18n.amount_unit(unit, lang=lang))
    headers = [
        label("execution_item", lang=lang),
        label("execution_budget", lang=lang, unit=unit_text),
        label("execution_actual", lang=lang, unit=unit_text),
        label("execution_difference", lang=lang, unit=unit_text),
        label("execution_rate", lang=lang),
        label("execution_reasons", lang=lang),
    ]
    head = "".join(f'<th scope="col">{header}</th>' for header in headers)
    return "\n".join(
        [
            '<div class="budget-table__scroll" tabindex="0">',
            f'<table class="budget-table__table execution-table"><caption>{caption}</caption>'
            f"<thead {SEARCH_EXCLUDE}><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>",
            "</div>",
        ]
    )


# --- the year page -----------------------------------------------------------------------------------


def compared_views(data: ValidationResult, finals: list[Publication]) -> list[ExecutionView]:
    """The year's 决算 that have a budget side to compare with."""
    return [
        view for view in (view_of(data, each) for each in finals) if view is not None and view.total.budget is not None
    ]


def district_lines(views: list[ExecutionView], *, unit: str) -> tuple[list[ExecutionLine], ExecutionLine | None]:
    """The compared 决算 summed by function class and in total (in ``unit``)."""
    if not views:
        return [], None
    budgets: dict[str, Decimal] = {}
    actuals: dict[str, Decimal] = {}
    for view in views:
        for line in view.classes:
            if line.budget is None:
                continue
            budgets[line.key] = budgets.get(line.key, Decimal(0)) + convert_amount(
                line.budget, from_unit=view.unit, to_unit=unit
            )
            actuals[line.key] = actuals.get(line.key, Decimal(0)) + convert_amount(
                line.actual, from_unit=view.unit, to_unit=unit
            )
    classes = [ExecutionLine(code, budgets[code], actuals[code]) for code in sorted(budgets)]
    classes.sort(key=lambda line: (-abs(line.difference or Decimal(0)), line.key))
    total_budget = sum(
        (convert_amount(view.total.budget or Decimal(0), from_unit=view.unit, to_unit=unit) for view in views),
        Decimal(0),
    )
    total_actual = sum(
        (convert_amount(view.total.actual, from_unit=view.unit, to_unit=unit) for view in views), Decimal(0)
    )
    return classes, ExecutionLine("total", total_budget, total_actual)


def district_execution(
    data: ValidationResult, finals: list[Publication], *, year: int, page: str, lang: str, level: int
) -> list[str]:
    """District-wide execution on a year page: the year's 决算 against their budgets, by class and in total."""
    finals = [each for each in finals if each.template.execution is not None]
    if not finals:
        return []
    unit, _ = shown_unit(finals)
    views = compared_views(data, finals)
    classes, total = district_lines(views, unit=unit)
    if total is None:
        return []
    first = finals[0]
    spec = first.template.execution
    assert spec is not None
    counted = len(views)
    rate = total.rate
    lines = [f"{'#' * level} {label('district_execution_title', lang=lang, year=year)} {{#district-{ANCHOR}}}", ""]
    if rate is not None:  # no rate of a zero budget
        lines += [f"<p>{label('district_execution_intro', lang=lang, count=counted, rate=rate)}</p>", ""]
    rows = [class_row(first, line, lang=lang) for line in classes]
    rows.append(line_row(label("total_row", lang=lang), total, lang=lang, total=True))
    caption = escape_text(spec.title_en if lang == "en" else spec.title_zh)
    lines += [execution_table(caption, rows, unit=unit, lang=lang), ""]
    chart = district_execution_chart(first, classes, year=year, unit=unit, lang=lang)
    return lines + (charts_after([chart], "", page=page, lang=lang) if chart else [])


def district_execution_chart(
    publication: Publication, classes: list[ExecutionLine], *, year: int, unit: str, lang: str
) -> PlacedChart | None:
    shown = [
        (code_name(publication, line.key, economic=False, lang=lang), line.budget or Decimal(0), line.actual)
        for line in sorted(classes, key=lambda line: line.key)
    ]
    return chart_data.execution_chart(
        shown,
        kind="district_execution",
        chart_id=f"chart-{year}-district-execution",
        unit=unit,
        link=f"district-{ANCHOR}",
        lang=lang,
    )


def district_execution_chart_of(
    data: ValidationResult, publications: list[Publication], *, year: int, lang: str
) -> PlacedChart | None:
    """The chart district_execution shows for these publications (none for budgets): for site_charts.py."""
    publications = [each for each in publications if each.template.execution is not None]
    if not publications:
        return None
    unit, _ = shown_unit(publications)
    classes, total = district_lines(compared_views(data, publications), unit=unit)
    return district_execution_chart(publications[0], classes, year=year, unit=unit, lang=lang) if total else None
