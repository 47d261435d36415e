"""Charts: on every unit page in both languages, with text alternatives from the numbers; the same
bytes from the same data; drawn once and then taken from the cache; Chinese glyphs or a stop."""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_synthetic_district import synthesize

from conftest import DATA, PUBLICATION, RANKING_UNITS, REPO, build_site, read_rows
from macros.checking.validation import ValidationResult, validate
from macros.rendering import charts
from macros.rendering.charts import CACHE_VARIABLE, Bar, Chart, draw, draw_missing
from macros.rendering.i18n import table_amount
from macros.rendering.outlines import MissingGlyph
from macros.rendering.svg_drawing import text_width
from macros.website import pages
from macros.website.chart_figures import year_ranking
from macros.website.sharding import Part
from macros.website.totals import expenditure_total, shown_unit

UNIT_PAGES = ("2024/liwan-digital-gov/index.html", "en/2024/liwan-digital-gov/index.html")


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("page", UNIT_PAGES)
def test_unit_pages_have_five_charts_with_text_alternatives(built_site: Path, page: str) -> None:
    figures = soup(built_site, page).find_all("figure", class_="budget-chart")
    assert len(figures) >= 5
    for figure in figures:
        svg = figure.find("svg")
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg.find("title", id=title_id).get_text()
        description = svg.find("desc", id=desc_id).get_text()
        assert re.search(r"\d+\.\d{2}", description), description
        assert figure.find("a", href=re.compile(r"^#(table-\d+|part-3-change)$"))
        download = figure.find("a", download=True)["href"]
        assert (built_site / page).parent.joinpath(download).resolve().is_file()


def test_chart_text_gives_the_tables_figures(built_site: Path) -> None:
    """The function chart's text names every nonzero item of Table 3 with its amount."""
    page = soup(built_site, UNIT_PAGES[0])
    chart = page.find("figure", id="chart-2024-liwan-digital-gov-by_function")
    description = chart.find("desc").get_text()
    rows = read_rows(DATA / PUBLICATION / "03-expenditure-summary.csv")
    items = [row for row in rows[1:] if len(row[0]) == 7 and Decimal(row[2]) != 0]
    assert items
    for _code, name, total, *_ in items:
        assert f"{name} {Decimal(total):,.2f}万元" in description


def test_year_page_has_the_ranking_chart(built_site: Path) -> None:
    for page in ("2024/index.html", "en/2024/index.html"):
        figures = soup(built_site, page).find_all("figure", class_="budget-chart")
        # 2024 has budgets and final accounts: each kind ranked and summed, then the district's execution;
        # the same anchors in both editions (a permalink names the same chart in either language)
        assert [figure["id"] for figure in figures] == [
            "chart-2024-ranking",
            "chart-2024-district",
            "chart-2024-final-ranking",
            "chart-2024-final-district",
            "chart-2024-district-execution",
        ]


def test_charts_are_reproducible_and_cached(tmp_path: Path) -> None:
    cold = build_site(tmp_path / "first", chart_cache=tmp_path / "cache")
    warm = build_site(tmp_path / "second", chart_cache=tmp_path / "cache")
    fresh = build_site(tmp_path / "third", chart_cache=tmp_path / "other-cache")
    for result in (cold, warm, fresh):
        assert result.returncode == 0, result.stderr
        assert "missing from" not in result.stderr
    data = validate(DATA)
    count = {lang: str(len(pages.all_charts(data, lang=lang, ranking_units=RANKING_UNITS))) for lang in ("zh", "en")}
    # Each shard (an edition's year: macros/building/) draws its pages' charts; the shared pages show none.
    shown = {
        f"{lang}-{year}": len(pages.all_charts(data, lang=lang, ranking_units=RANKING_UNITS, part=Part(str(year))))
        for lang in ("zh", "en")
        for year in pages.years(data)
    }
    drawn = dict(re.findall(r"\[(\w+-\d+)\] INFO +-  charts: (\d+ drawn, \d+) from the cache", cold.stderr))
    assert {shard: sum(map(int, each.split(" drawn, "))) for shard, each in drawn.items()} == shown
    assert sum(int(each.split(" ")[0]) for each in drawn.values()) >= int(count["zh"]) + int(count["en"])
    again = re.findall(r"\[(\w+-\d+)\] INFO +-  charts: (\d+) drawn, (\d+) from the cache", warm.stderr)
    assert {shard: (int(new), int(cached)) for shard, new, cached in again} == {
        shard: (0, number) for shard, number in shown.items()
    }
    first = {path.relative_to(tmp_path / "first"): path.read_bytes() for path in (tmp_path / "first").rglob("*.svg")}
    third = {path.relative_to(tmp_path / "third"): path.read_bytes() for path in (tmp_path / "third").rglob("*.svg")}
    assert len(first) == int(count["zh"]) + int(count["en"]) and first == third
    assert b"Date" not in b"".join(first.values())
    downloads = {
        path.relative_to(tmp_path / "first"): path.read_bytes()
        for path in (tmp_path / "first").rglob("downloads/**/*")
        if path.is_file()
    }
    assert downloads and all((tmp_path / "third" / name).read_bytes() == content for name, content in downloads.items())


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> ValidationResult:
    """Two units over two years: each unit's pages show the chart of its years."""
    out = tmp_path_factory.mktemp("district") / "data"
    command = [sys.executable, "scripts/synth_district.py", "--units", "2", "--years", "2", "--seed", "7"]
    subprocess.run([*command, "--out", str(out)], check=True, cwd=REPO)
    return validate(out)


def linked_charts(data: ValidationResult, *, lang: str) -> set[str]:
    """The chart files (content hashes) that the home, year and publication pages link to."""
    markdown = [pages.home_page(data, lang=lang)]
    markdown += [pages.year_page(data, year, ranking_units=RANKING_UNITS, lang=lang) for year in pages.years(data)]
    markdown += [pages.publication_page(data, year, unit, lang=lang) for year, unit in sorted(data.publications)]
    return set(re.findall(r"charts/([0-9a-f]{20})\.svg", "\n".join(markdown)))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_hook_copies_exactly_the_charts_the_pages_show(
    district: ValidationResult, lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hook copies all_charts into site/charts/: a chart shown but not listed there would be a broken
    download link, one listed but never shown a stray file."""
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "charts"))
    for data in (validate(DATA), district):
        listed = pages.all_charts(data, lang=lang, ranking_units=RANKING_UNITS)
        draw_missing(listed)  # as the hook does; the pages then read the cache
        assert linked_charts(data, lang=lang) == {chart.content_hash() for chart in listed}
        assert any("multi_year" in chart.chart_id for chart in listed) == (data is district)


def test_a_missing_glyph_stops_the_chart() -> None:
    chart = Chart(chart_id="x", title="x", bars=(Bar("\U0001d11e", Decimal("1.00")),), axis_label="x", lang="zh")
    with pytest.raises(MissingGlyph, match=r"U\+1D11E"):
        draw(chart)


def test_zero_categories_are_left_out(built_site: Path) -> None:
    """Table 1 prints six income lines; only the nonzero one (预算拨款) is a bar."""
    page = soup(built_site, UNIT_PAGES[0])
    description = page.find("figure", id="chart-2024-liwan-digital-gov-income_by_source").find("desc").get_text()
    assert "0.00" not in description


def test_the_year_on_year_chart_says_the_change_not_shares(built_site: Path) -> None:
    from test_narrative import change_zh  # the template's wording macro

    from macros.checking.content import part3_figures
    from macros.checking.validation import validate

    publication = validate(DATA).publications[(2024, "liwan-digital-gov")]
    figures = part3_figures(publication, prior_publication=None)
    page = soup(built_site, UNIT_PAGES[0])
    text = page.find("figure", id="chart-2024-liwan-digital-gov-year_on_year").find("desc").get_text()
    assert change_zh(*figures.change("income_total"), unit="万元") in text
    assert "占" not in text


@pytest.mark.parametrize(
    "values",
    [
        ("123456789012.34", "0.01"),  # an amount as long as a district's whole budget in 元 beside a tiny one
        ("-2500.50", "730.66", "0.10"),  # a negative amount (a refund, a carry-over): its bar runs left of zero
        ("0.01", "0.02"),  # small amounts: the axis needs decimals to tell its ticks apart
        ("11.00", "0.50"),  # ticks 2.5 apart: 7.5 must not read 8
    ],
)
def test_bars_and_amounts_stay_inside_the_chart(values: tuple[str, ...]) -> None:
    bars = tuple(Bar(f"款{index}", Decimal(value)) for index, value in enumerate(values))
    scale = charts.BarScale.fitting(bars, [table_amount(bar.value) for bar in bars])
    for bar in bars:
        amount = text_width(table_amount(bar.value), size=charts.AMOUNT_SIZE) + charts.PAD
        end = scale.x(bar.value)
        assert end - (amount if bar.value < 0 else 0) >= charts.SIDE - 0.01
        assert end + (0 if bar.value < 0 else amount) <= charts.WIDTH - charts.SIDE + 0.01
    svg = draw(Chart(chart_id="c", title="t", bars=bars, axis_label="万元", lang="zh"))
    width, height = (float(number) for number in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    for x, y, w, h in re.findall(r'<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"', svg):
        assert float(x) >= 0 and float(x) + float(w) <= width and float(y) >= 0 and float(y) + float(h) <= height
    ticks = [label for _, label in charts.axis_ticks(scale)]
    assert len(ticks) == len(set(ticks)) >= 2, ticks  # distinct labels: 0.01 and 0.02 are not both "0"
    for x, label in charts.axis_ticks(scale):  # each label says its tick's amount exactly
        assert float(label.replace(",", "")) == pytest.approx(scale.value_at(x), abs=1e-9), (label, ticks)
    assert any(float(label.replace(",", "")) == 0 for label in ticks)  # the axis shows where zero is
    assert re.findall(r'xlink:href="#([^"]+)"', svg) and set(re.findall(r'xlink:href="#([^"]+)"', svg)) <= set(
        re.findall(r'id="([^"]+)"', svg)
    )


@pytest.mark.parametrize("style", ["bars", "stacked"])
def test_every_line_of_text_stays_inside_the_chart(style: str) -> None:
    """Long names (a Chinese name awaiting English in the English edition, a long English name), long group
    names in the key and a stacked chart's key lines with their amounts: each line is cut to fit."""
    bars = (
        Bar(
            "机关事业单位基本养老保险缴费支出机关事业单位职业年金缴费支出一般公共服务支出",
            Decimal("123456789.01"),
            "甲",
        ),
        Bar(
            "Basic pension insurance contributions for government agencies and public institutions", Decimal("5"), "乙"
        ),
        Bar("Supercalifragilisticexpialidocious" * 3, Decimal("1"), "A group name long enough to run off the key"),
    )
    for lang in ("zh", "en"):
        chart = Chart(chart_id="c", title="t", bars=bars, axis_label="万元", lang=lang, style=style)
        drawing = charts.drawing_of(chart)
        assert drawing.spans
        for start, end in drawing.spans:
            assert start >= 0 and end <= drawing.width + 0.01, (lang, start, end)


def test_a_years_ranking_chart_draws_its_largest_units_with_shares_of_all(tmp_path: Path) -> None:
    """mkdocs.yml's units_per_ranking_chart: a year of more units draws that many, largest first, and says so; each
    share is of every unit's total (the units table above the chart lists them all)."""
    data = tmp_path / "data"
    synthesize(data, units=4, years=1, kinds="budget")
    checked = validate(data)
    assert checked.ok, checked.problems
    (year,) = pages.years(checked)
    publications = pages.ranked(checked, year)
    unit, _ = shown_unit(publications)
    totals = [expenditure_total(publication, unit=unit) for publication in publications]
    assert len(totals) == 4 and totals == sorted(totals, reverse=True)
    for lang in ("zh", "en"):
        placed = year_ranking(publications, year=year, ranking_units=2, lang=lang)
        assert placed is not None
        names = [publication.unit_name(lang=lang) for publication in publications]
        assert [bar.label for bar in placed.chart.bars] == names[:2]
        assert [bar.value for bar in placed.chart.bars] == totals[:2]
        expected_title = {"zh": "支出总计前 2 位的单位（共 4 个）", "en": "Total expenditure: the 2 largest of 4 units"}
        assert placed.chart.title == expected_title[lang]
        share = (totals[0] / sum(totals) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        assert f"{share}%" in placed.description, "a share of all four units' total"
        assert names[2] not in placed.description
        whole = year_ranking(publications, year=year, ranking_units=4, lang=lang)
        assert whole is not None and len(whole.chart.bars) == 4
        assert whole.chart.title == {"zh": "各单位支出总计", "en": "Total expenditure by unit"}[lang]
    with pytest.raises(ValueError, match="units_per_ranking_chart"):
        year_ranking(publications, year=year, ranking_units=0, lang="zh")
