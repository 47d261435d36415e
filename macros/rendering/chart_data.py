"""Which charts a publication and a year have, and their numbers, names and text alternatives.

Every bar comes from the tables or the Part 3 figures; categories that are zero are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from macros.model.measures import Figures, text_context
from macros.model.publication import TOTAL_KEY, Publication, Row, Table
from macros.reading.amounts import convert_amount
from macros.rendering.charts import Bar, Chart
from macros.rendering.i18n import amount_unit, table_amount
from macros.template.specs import KIND_SUFFIXES, ChartSpec
from macros.template.text import PlainContext, render_text, with_values


@dataclass(frozen=True)
class PlacedChart:
    """A chart and where it stands: after the table (or section) it summarises, linking to it."""

    chart: Chart
    after: str  # a table id ("03") or a Part 3 section anchor
    link: str  # the anchor of what it summarises
    description: str  # the text alternative, from the numbers


# The site's own charts (a publication's charts are its template's).
TITLES = {
    "ranking": ("各单位支出总计", "Total expenditure by unit"),
    "ranking_top": (
        "支出总计前 {shown} 位的单位（共 {count} 个）",
        "Total expenditure: the {shown} largest of {count} units",
    ),
    "multi_year": ("历年支出总计", "Total expenditure over the years"),
    "district_by_function": ("全区支出按功能分类（类）", "The district's expenditure by function class"),
    "execution": ("预算数与决算数", "Budget and actual"),
    "glance": ("支出按功能分类（类）", "Where the money goes, by function class"),
    "district_execution": ("全区预算数与决算数", "The district's budget and actual"),
}
# The two bars of budget versus actual, told apart by colour and the legend.
EXECUTION_SERIES = {"zh": ("预算数", "决算数"), "en": ("Budget", "Actual")}


def title(kind: str, *, lang: str, **values: str) -> str:
    zh, en = TITLES[kind]
    return (en if lang == "en" else zh).format(**values)


def axis_label(unit: str, *, lang: str) -> str:
    return amount_unit(unit, lang=lang)


def description(chart: Chart, *, unit: str, lang: str, total: Decimal | None = None) -> str:
    """一般公共服务支出 613.78万元，占84.0%；… — or in English, with the share of the total (of the bars drawn,
    unless ``total`` says of what more)."""
    total = sum((bar.value for bar in chart.bars), Decimal(0)) if total is None else total
    parts = []
    for bar in chart.bars:
        share = (bar.value / total * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if total else Decimal(0)
        if lang == "en":
            parts.append(f"{bar.label}: {table_amount(bar.value)} ({share}%)")
        else:
            parts.append(f"{bar.label} {table_amount(bar.value)}{unit}，占{share}%")
    if lang == "en":
        return f"{chart.title}, in {amount_unit(unit, lang=lang)}. " + "; ".join(parts) + "."
    return f"{chart.title}（单位：{unit}）：" + "；".join(parts) + "。"


def nonzero(bars: list[Bar]) -> tuple[Bar, ...]:
    return tuple(bar for bar in bars if bar.value != 0)


def code_name(publication: Publication, code: str, *, economic: bool, lang: str) -> str:
    dictionary = publication.dictionaries.economic_codes if economic else publication.dictionaries.function_codes
    entry = dictionary.codes[code]
    return entry.name_en if lang == "en" else entry.name_zh


def coded_bars(publication: Publication, table: Table, *, column: str, lang: str) -> tuple[Bar, ...]:
    """The lowest-level code lines of a classified table, largest first, coloured by their class."""
    code_column = table.spec.code_column
    economic = code_column is not None and code_column.type == "economic_code"
    dictionary = publication.dictionaries.economic_codes if economic else publication.dictionaries.function_codes
    leaf, top = dictionary.digits[-1], dictionary.digits[0]
    rows = [row for row in table.rows if row.key != TOTAL_KEY and len(row.key) == leaf]
    bars = [
        Bar(
            label=code_name(publication, row.key, economic=economic, lang=lang),
            value=row.amounts[column],
            group=code_name(publication, row.key[:top], economic=economic, lang=lang),
        )
        for row in rows
    ]
    return nonzero(sorted(bars, key=lambda bar: -bar.value))


def fixed_label(row: Row, table: Table, *, lang: str, publication: Publication) -> str:
    """A fixed line's name without its number: 一、预算拨款 -> 预算拨款 / Budget appropriations (a line
    printed with its code: the code's name in the side's classification)."""
    side = next(side for side in table.spec.sides if any(fixed.key == row.key for fixed in side.rows))
    fixed = next(fixed for fixed in side.rows if fixed.key == row.key)
    if lang == "en":
        economic = bool(side.code_column) and table.spec.column(side.code_column).type == "economic_code"
        codes = publication.dictionaries.economic_codes if economic else publication.dictionaries.function_codes
        english = fixed.label_en or codes.codes[row.key].name_en
        return english.split(". ", 1)[-1]
    return fixed.label.split("、", 1)[-1]


def table_anchor(table_id: str) -> str:
    return f"table-{int(table_id)}"


def chart_bars(spec: ChartSpec, publication: Publication, figures: Figures, *, lang: str) -> tuple[Bar, ...]:
    """A chart's bars from the tables or the compared figures, zero bars left out."""
    if spec.kind == "compare":
        labels = spec.labels_en if lang == "en" else spec.labels_zh
        year, prior_year = publication.year, publication.year - 1
        return nonzero(
            [
                Bar(f"{name} {when}", amount, str(when))
                for name, key in zip(labels, spec.figures, strict=True)
                for when, amount in ((prior_year, figures.prior[key]), (year, figures.current[key]))
            ]
        )
    table = publication.tables[spec.table]
    if spec.kind == "codes":
        return coded_bars(publication, table, column=spec.column, lang=lang)
    if spec.kind == "columns":
        row = table.rows_keyed(spec.row)[0]
        headers = {column.id: column.header_en if lang == "en" else column.header_zh for column in table.spec.columns}
        # one colour: the bars are labelled, a legend would only repeat them
        return nonzero([Bar(headers[column][-1], row.amounts[column]) for column in spec.columns])
    totals = {item.total for item in table.spec.row_totals}
    lines = [row for row in table.rows if spec.column in row.amounts and row.key not in totals]
    return nonzero(
        [Bar(fixed_label(row, table, lang=lang, publication=publication), row.amounts[spec.column]) for row in lines]
    )


def publication_charts(publication: Publication, figures: Figures, *, lang: str) -> list[PlacedChart]:
    """The template's charts of a publication, in its order; a chart whose bars are all zero is left out."""
    unit = publication.facts.data["amount_unit"]
    axis = axis_label(unit, lang=lang)
    prefix = f"chart-{publication.year}-{publication.publication_id}"
    table_ids = {spec.id for spec in publication.template.tables}
    placed = []
    context: PlainContext | None = None  # built once, for the first chart with its own text
    for spec in publication.template.charts:
        bars = chart_bars(spec, publication, figures, lang=lang)
        if not bars:
            continue
        chart_title = spec.title_en if lang == "en" else spec.title_zh
        chart = Chart(chart_id=f"{prefix}-{spec.id}", title=chart_title, bars=bars, axis_label=axis, lang=lang)
        if spec.text:
            context = context or text_context(publication, figures)
            text = render_text(
                publication.template.texts, f"{spec.text}.{lang}.j2", with_values(context, title=chart.title)
            )
        else:
            text = description(chart, unit=unit, lang=lang)
        link = table_anchor(spec.after) if spec.after in table_ids else spec.after
        placed.append(PlacedChart(chart=chart, after=spec.after, link=link, description=text))
    return placed


def ranking_chart(
    publications: list[Publication], *, year: int, totals: list[Decimal], unit: str, shown: int, lang: str
) -> PlacedChart | None:
    """A year's units, largest total expenditure first (``publications`` in that order, totals in ``unit``): the
    ``shown`` largest, titled so when there are more. Shares are of all units' total."""
    if shown < 1:
        raise ValueError(f"mkdocs.yml extra.units_per_ranking_chart must be 1 or more, not {shown}")
    if not publications:
        return None
    bars = nonzero(
        [Bar(publication.unit_name(lang=lang), total) for publication, total in zip(publications, totals, strict=True)]
    )
    if not bars:
        return None
    suffix = KIND_SUFFIXES[publications[0].kind]  # a year page ranks each kind it publishes
    # "of 2,000 units": every unit of the year, as the page's introduction counts them (those spending nothing too)
    counted = (
        {"shown": f"{shown:,}", "count": f"{len(publications):,}"}
        if lang == "en"
        else {"shown": str(shown), "count": str(len(publications))}
    )
    heading = title("ranking_top", lang=lang, **counted) if len(bars) > shown else ""
    chart = Chart(
        chart_id=f"chart-{year}{suffix}-ranking",
        title=heading or title("ranking", lang=lang),
        bars=bars[:shown],
        axis_label=axis_label(unit, lang=lang),
        lang=lang,
    )
    total = sum((bar.value for bar in bars), Decimal(0))
    return PlacedChart(
        chart=chart,
        after="",
        link=f"units{suffix}",
        description=description(chart, unit=unit, lang=lang, total=total),
    )


def simple_chart(
    kind: str, *, chart_id: str, bars: tuple[Bar, ...], unit: str, link: str, lang: str
) -> PlacedChart | None:
    """A chart of named totals (years of a unit, classes of a district) with its text alternative."""
    if not bars:
        return None
    chart = Chart(
        chart_id=chart_id, title=title(kind, lang=lang), bars=bars, axis_label=axis_label(unit, lang=lang), lang=lang
    )
    return PlacedChart(chart=chart, after="", link=link, description=description(chart, unit=unit, lang=lang))


def multi_year_chart(
    publications: list[Publication], *, totals: list[Decimal], unit: str, lang: str
) -> PlacedChart | None:
    """One unit over the years it has published, oldest first (only when there are two or more)."""
    if len(publications) < 2:
        return None
    latest = publications[-1]
    bars = tuple(Bar(str(publication.year), total) for publication, total in zip(publications, totals, strict=True))
    return simple_chart(
        "multi_year",
        chart_id=f"chart-{latest.year}-{latest.publication_id}-multi_year",
        bars=nonzero(list(bars)),
        unit=unit,
        link="years",
        lang=lang,
    )


def summed_classes(
    publications: list[Publication],
    *,
    tables: tuple[str, ...],
    columns: tuple[str, ...],
    economic: bool,
    unit: str,
    lang: str,
) -> list[tuple[str, str, Decimal]]:
    """All units summed by class (the class lines of the given tables in ``columns``, in ``unit``): code,
    name, amount; largest first. A line of a two-sided table has the amount of its side's column."""
    sums: dict[str, Decimal] = {}
    for publication in publications:
        dictionary = publication.dictionaries.economic_codes if economic else publication.dictionaries.function_codes
        class_digits = dictionary.digits[0]
        for table_id in tables:
            table_unit = publication.unit_of(publication.template.table(table_id))
            for row in publication.tables[table_id].rows:
                if row.key.isdigit() and len(row.key) == class_digits:
                    own = sum((row.amounts[column] for column in columns if column in row.amounts), Decimal(0))
                    amount = convert_amount(own, from_unit=table_unit, to_unit=unit)
                    sums[row.key] = sums.get(row.key, Decimal(0)) + amount
    if not publications:
        return []
    named = [
        (code, code_name(publications[0], code, economic=economic, lang=lang), amount) for code, amount in sums.items()
    ]
    return sorted(named, key=lambda item: (-item[2], item[0]))


def function_classes(publications: list[Publication], *, unit: str, lang: str) -> list[tuple[str, str, Decimal]]:
    """By function class, as each template's summary says (all expenditure)."""
    return class_sums(publications, kind="function", unit=unit, lang=lang)


def economic_classes(publications: list[Publication], *, unit: str, lang: str) -> list[tuple[str, str, Decimal]]:
    """By economic class, as each template's summary says (basic and project expenditure together)."""
    return class_sums(publications, kind="economic", unit=unit, lang=lang)


def class_sums(publications: list[Publication], *, kind: str, unit: str, lang: str) -> list[tuple[str, str, Decimal]]:
    sums: dict[str, Decimal] = {}
    for publication in publications:
        summary = publication.template.summary
        assert summary is not None, f"template {publication.template.id} has no summary"
        rule = summary.function_classes if kind == "function" else summary.economic_classes
        for code, _, amount in summed_classes(
            [publication], tables=rule.tables, columns=rule.columns, economic=kind == "economic", unit=unit, lang=lang
        ):
            sums[code] = sums.get(code, Decimal(0)) + amount
    if not publications:
        return []
    named = [
        (code, code_name(publications[0], code, economic=kind == "economic", lang=lang), amount)
        for code, amount in sums.items()
    ]
    return sorted(named, key=lambda item: (-item[2], item[0]))


def district_chart(publications: list[Publication], *, year: int, unit: str, lang: str) -> PlacedChart | None:
    classes = function_classes(publications, unit=unit, lang=lang)
    bars = nonzero([Bar(name, amount) for _, name, amount in classes])
    suffix = KIND_SUFFIXES[publications[0].kind] if publications else ""
    return simple_chart(
        "district_by_function",
        chart_id=f"chart-{year}{suffix}-district",
        bars=bars,
        unit=unit,
        link=f"overview{suffix}",
        lang=lang,
    )


# The at-a-glance bar shows this many classes by name, the rest as one part (the palette has six colours).
GLANCE_PARTS = 5
OTHER_CLASSES = {"zh": "其他各类", "en": "All other classes"}


def glance_chart(
    publication: Publication, classes: list[tuple[str, str, Decimal]], *, unit: str, link: str, lang: str
) -> PlacedChart | None:
    """A publication's function classes (largest first) as parts of one bar: where the money goes."""
    named = [Bar(name, amount) for _, name, amount in classes[:GLANCE_PARTS]]
    rest = sum((amount for _, _, amount in classes[GLANCE_PARTS:]), Decimal(0))
    bars = nonzero([*named, Bar(OTHER_CLASSES[lang], rest)])
    if not bars:
        return None
    chart = Chart(
        chart_id=f"chart-{publication.year}-{publication.publication_id}-glance",
        title=title("glance", lang=lang),
        bars=bars,
        axis_label=axis_label(unit, lang=lang),
        lang=lang,
        style="stacked",
    )
    return PlacedChart(chart=chart, after="", link=link, description=description(chart, unit=unit, lang=lang))


def execution_chart(
    lines: list[tuple[str, Decimal, Decimal]], *, kind: str, chart_id: str, unit: str, link: str, lang: str
) -> PlacedChart | None:
    """Budget and actual side by side for each named line (a function class): two bars, the name above them."""
    if not lines:
        return None
    budget_series, actual_series = EXECUTION_SERIES[lang]
    bars = tuple(
        bar
        for name, budget, actual in lines
        for bar in (Bar(name, budget, group=budget_series), Bar("", actual, group=actual_series))
    )
    chart = Chart(
        chart_id=chart_id, title=title(kind, lang=lang), bars=bars, axis_label=axis_label(unit, lang=lang), lang=lang
    )
    return PlacedChart(
        chart=chart, after="", link=link, description=execution_description(chart.title, lines, unit=unit, lang=lang)
    )


def execution_description(title_text: str, lines: list[tuple[str, Decimal, Decimal]], *, unit: str, lang: str) -> str:
    """一般公共服务支出：预算数 2,156.47万元，决算数 2,106.66万元；… — the chart's numbers in words."""
    budget_series, actual_series = EXECUTION_SERIES[lang]
    if lang == "en":
        parts = [
            f"{name}: {budget_series.lower()} {table_amount(budget)}, {actual_series.lower()} {table_amount(actual)}"
            for name, budget, actual in lines
        ]
        return f"{title_text}, in {amount_unit(unit, lang=lang)}. " + "; ".join(parts) + "."
    parts = [
        f"{name}：{budget_series} {table_amount(budget)}{unit}，{actual_series} {table_amount(actual)}{unit}"
        for name, budget, actual in lines
    ]
    return f"{title_text}（单位：{unit}）：" + "；".join(parts) + "。"
