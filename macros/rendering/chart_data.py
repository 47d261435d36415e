"""Which charts a publication and a year have, and their numbers, names and text alternatives.

Every bar comes from the tables or the Part 3 figures; categories that are zero are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from macros.model.measures import Figures, text_context
from macros.model.publication import TOTAL_KEY, Publication, Row, Table
from macros.rendering.charts import Bar, Chart
from macros.rendering.i18n import amount_unit, table_amount
from macros.template.text import render_text


@dataclass(frozen=True)
class PlacedChart:
    """A chart and where it stands: after the table (or section) it summarises, linking to it."""

    chart: Chart
    after: str  # a table id ("03") or a Part 3 section anchor
    link: str  # the anchor of what it summarises
    description: str  # the text alternative, from the numbers


TITLES = {
    "by_function": ("按功能分类的支出", "Expenditure by function"),
    "basic_and_project": ("基本支出与项目支出", "Basic and project expenditure"),
    "basic_by_economic": ("基本支出按经济分类", "Basic expenditure by economic classification"),
    "income_by_source": ("收入来源", "Income by source"),
    "year_on_year": ("收支总额与上年比较", "Totals against the previous year"),
    "ranking": ("各单位支出总计", "Total expenditure by unit"),
    "multi_year": ("历年支出总计", "Total expenditure over the years"),
    "district_by_function": ("全区支出按功能分类（类）", "The district's expenditure by function class"),
}


def title(kind: str, *, lang: str) -> str:
    zh, en = TITLES[kind]
    return en if lang == "en" else zh


def axis_label(unit: str, *, lang: str) -> str:
    return amount_unit(unit, lang=lang)


def description(chart: Chart, *, unit: str, lang: str) -> str:
    """一般公共服务支出 613.78万元，占84.0%；… — or in English, with the share of the total."""
    total = sum((bar.value for bar in chart.bars), Decimal(0))
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


def coded_bars(
    publication: Publication, table: Table, *, column: str, digits: int, economic: bool, lang: str
) -> tuple[Bar, ...]:
    """The lowest-level lines of a classified table, largest first, coloured by their class."""
    rows = [row for row in table.rows if row.key != TOTAL_KEY and len(row.key) == digits]
    bars = [
        Bar(
            label=code_name(publication, row.key, economic=economic, lang=lang),
            value=row.amounts[column],
            group=code_name(publication, row.key[:3], economic=economic, lang=lang),
        )
        for row in rows
    ]
    return nonzero(sorted(bars, key=lambda bar: -bar.value))


def fixed_label(row: Row, table: Table, *, lang: str, publication: Publication) -> str:
    """A fixed line's name without its number: 一、预算拨款 -> 预算拨款 / Budget appropriations."""
    fixed = next(fixed for side in table.spec.sides for fixed in side.rows if fixed.key == row.key)
    if lang == "en":
        english = fixed.label_en or publication.dictionaries.function_codes.codes[row.key].name_en
        return english.split(". ", 1)[-1]
    return fixed.label.split("、", 1)[-1]


def publication_charts(publication: Publication, figures: Figures, *, lang: str) -> list[PlacedChart]:
    unit = publication.facts.data["amount_unit"]
    axis = axis_label(unit, lang=lang)
    prefix = f"chart-{publication.year}-{publication.unit_id}"
    expenditure = publication.tables["03"]
    totals = expenditure.rows_keyed(TOTAL_KEY)[0]
    split_columns = ("basic", "project", "operating_expenditure")
    summary = publication.tables["01"]
    totals_keys = {item.total for item in summary.spec.row_totals}
    income_rows = [row for row in summary.rows if "income_amount" in row.amounts and row.key not in totals_keys]
    year, prior_year = publication.year, publication.year - 1
    charts = [
        (
            "income_by_source",
            "01",
            "table-1",
            nonzero(
                [
                    Bar(fixed_label(row, summary, lang=lang, publication=publication), row.amounts["income_amount"])
                    for row in income_rows
                ]
            ),
        ),
        (
            "by_function",
            "03",
            "table-3",
            coded_bars(publication, expenditure, column="total", digits=7, economic=False, lang=lang),
        ),
        (
            "basic_and_project",
            "03",
            "table-3",
            nonzero(
                [
                    Bar(
                        expenditure.spec.column(column).header_en[-1]
                        if lang == "en"
                        else expenditure.spec.column(column).header_zh[-1],
                        totals.amounts[column],
                    )  # one colour: the bars are labelled, a legend would only repeat them
                    for column in split_columns
                ]
            ),
        ),
        (
            "basic_by_economic",
            "06",
            "table-6",
            coded_bars(publication, publication.tables["06"], column="amount", digits=5, economic=True, lang=lang),
        ),
        (
            "year_on_year",
            "part-3-change",
            "part-3-change",
            nonzero(
                [
                    Bar(f"{name} {when}", amount, str(when))
                    for name, key in TOTALS[lang]
                    for when, amount in ((prior_year, figures.prior[key]), (year, figures.current[key]))
                ]
            ),
        ),
    ]
    placed = []
    for kind, after, link, bars in charts:
        if not bars:
            continue
        chart = Chart(
            chart_id=f"{prefix}-{kind}-{lang}", title=title(kind, lang=lang), bars=bars, axis_label=axis, lang=lang
        )
        text = (
            change_description(publication, chart, figures, lang=lang)
            if kind == "year_on_year"
            else description(chart, unit=unit, lang=lang)
        )
        placed.append(PlacedChart(chart=chart, after=after, link=link, description=text))
    return placed


TOTALS = {
    "zh": (("收入", "income_total"), ("支出", "expenditure_total")),
    "en": (("Income", "income_total"), ("Expenditure", "expenditure_total")),
}


def change_description(publication: Publication, chart: Chart, figures: Figures, *, lang: str) -> str:
    """Two years side by side are not shares of a whole: the template words each total and its change."""
    context = {**text_context(publication, figures), "title": chart.title}
    return render_text(publication.template.texts, f"charts/year_on_year.{lang}.j2", context)


def ranking_chart(
    publications: list[Publication], *, year: int, totals: list[Decimal], lang: str
) -> PlacedChart | None:
    """All units of a year, largest total expenditure first."""
    if not publications:
        return None
    unit = publications[0].facts.data["amount_unit"]
    bars = nonzero(
        [
            Bar(publication.facts.data["name_en" if lang == "en" else "name_zh"], total)
            for publication, total in zip(publications, totals, strict=True)
        ]
    )
    if not bars:
        return None
    chart = Chart(
        chart_id=f"chart-{year}-ranking-{lang}",
        title=title("ranking", lang=lang),
        bars=bars,
        axis_label=axis_label(unit, lang=lang),
        lang=lang,
    )
    return PlacedChart(chart=chart, after="", link="units", description=description(chart, unit=unit, lang=lang))


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


def multi_year_chart(publications: list[Publication], *, totals: list[Decimal], lang: str) -> PlacedChart | None:
    """One unit over the years it has published, oldest first (only when there are two or more)."""
    if len(publications) < 2:
        return None
    latest = publications[-1]
    bars = tuple(Bar(str(publication.year), total) for publication, total in zip(publications, totals, strict=True))
    return simple_chart(
        "multi_year",
        chart_id=f"chart-{latest.year}-{latest.unit_id}-multi_year-{lang}",
        bars=nonzero(list(bars)),
        unit=latest.facts.data["amount_unit"],
        link="years",
        lang=lang,
    )


def summed_classes(
    publications: list[Publication], *, tables: tuple[str, ...], column: str, economic: bool, lang: str
) -> list[tuple[str, str, Decimal]]:
    """All units summed by class (the 3-digit lines of the given tables): code, name, amount; largest first."""
    sums: dict[str, Decimal] = {}
    for publication in publications:
        for table_id in tables:
            for row in publication.tables[table_id].rows:
                if row.key.isdigit() and len(row.key) == 3:
                    sums[row.key] = sums.get(row.key, Decimal(0)) + row.amounts[column]
    if not publications:
        return []
    named = [
        (code, code_name(publications[0], code, economic=economic, lang=lang), amount) for code, amount in sums.items()
    ]
    return sorted(named, key=lambda item: (-item[2], item[0]))


def function_classes(publications: list[Publication], *, lang: str) -> list[tuple[str, str, Decimal]]:
    """By function class: Table 3's 类 lines (all expenditure)."""
    return summed_classes(publications, tables=("03",), column="total", economic=False, lang=lang)


def economic_classes(publications: list[Publication], *, lang: str) -> list[tuple[str, str, Decimal]]:
    """By economic class: basic (Table 6) and project (Table 7) expenditure together."""
    return summed_classes(publications, tables=("06", "07"), column="amount", economic=True, lang=lang)


def district_chart(publications: list[Publication], *, year: int, lang: str) -> PlacedChart | None:
    classes = function_classes(publications, lang=lang)
    bars = nonzero([Bar(name, amount) for _, name, amount in classes])
    unit = publications[0].facts.data["amount_unit"] if publications else "万元"
    return simple_chart(
        "district_by_function",
        chart_id=f"chart-{year}-district-{lang}",
        bars=bars,
        unit=unit,
        link="overview",
        lang=lang,
    )
