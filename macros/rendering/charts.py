"""Charts drawn by matplotlib at build time: horizontal bars (or one stacked bar, the parts of a whole), as
SVG, cached by what they show.

Text is drawn as outlines with Noto Sans CJK SC (OFL, shipped by the mplfonts package), so Chinese
renders without any font on the reader's device. Text and axes are drawn in a sentinel colour that
becomes ``currentColor`` in the page, so a chart follows Material's light and dark schemes. A chart is
drawn only when its content hash is not in the cache (``.cache/charts/``, kept between builds).
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import io
import json
import multiprocessing
import os
import re
import textwrap
import warnings
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import matplotlib

matplotlib.use("svg")

import matplotlib.figure
import matplotlib.patches
import matplotlib.pyplot as plt
import matplotlib.ticker
from matplotlib import font_manager

from macros.reading.fonts import FONT_FILE
from macros.rendering.escaping import pending_in_words
from macros.rendering.i18n import table_amount

# Any change to this module (palette, sizes, drawing) changes every chart's hash: nothing stale is reused.
DRAWING_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
# Okabe–Ito colours: told apart by readers with colour-vision deficiencies, legible on light and dark.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
INK = "#010203"  # drawn for text and axes, replaced by currentColor
WIDTH_INCHES = 4.4  # about 440 px: legible on a 390 px phone, not oversized on a desktop
CACHE_VARIABLE = "BUDGET_CHART_CACHE"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    group: str = ""  # bars of one group share a colour (e.g. the function class of an item)


@dataclass(frozen=True)
class Chart:
    chart_id: str  # unique on its page, used for ids inside the SVG
    title: str
    bars: tuple[Bar, ...]
    axis_label: str
    lang: str
    style: str = "bars"  # bars: one bar per item; stacked: the items as parts of one bar (a whole), with a key

    def content_hash(self) -> str:
        content = {
            "chart": asdict(self),
            "drawing": DRAWING_CODE,
            "matplotlib": matplotlib.__version__,
            "font": FONT_FILE.name,
        }
        encoded = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
        return hashlib.sha256(encoded).hexdigest()[:20]


@dataclass
class ChartStats:
    drawn: int = 0
    reused: int = 0


STATS = ChartStats()


def cache_dir() -> Path:
    return Path(os.environ.get(CACHE_VARIABLE) or ".cache/charts")


WORKERS_VARIABLE = "BUDGET_CHART_WORKERS"  # set by the shard runner: the cores shared among shards built at once


def chart_workers() -> int:
    return int(os.environ.get(WORKERS_VARIABLE) or os.cpu_count() or 1)


def draw_missing(charts: list[Chart]) -> int:
    """Draw every chart the cache lacks, on all cores (each chart is independent); returns how many."""
    missing = {chart.content_hash(): chart for chart in charts}
    missing = {key: chart for key, chart in missing.items() if not (cache_dir() / f"{key}.svg").is_file()}
    if not missing:
        return 0
    workers = min(chart_workers(), len(missing))
    if workers > 1:
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            drawn = dict(zip(missing, pool.map(draw, missing.values(), chunksize=8), strict=True))
    else:
        drawn = {key: draw(chart) for key, chart in missing.items()}
    for key, svg in drawn.items():
        store(key, svg)
    STATS.drawn += len(drawn)
    STATS.reused -= len(drawn)  # chart_svg will find them in the cache: they were drawn, not reused
    return len(drawn)


def store(key: str, svg: str) -> None:
    cached = cache_dir() / f"{key}.svg"
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(svg, encoding="utf-8")
    partial.replace(cached)  # atomic: a build stopped halfway leaves no broken chart


def chart_svg(chart: Chart) -> tuple[str, str]:
    """(content hash, SVG text) of a chart, from the cache when it has been drawn before."""
    key = chart.content_hash()
    cached = cache_dir() / f"{key}.svg"
    if cached.is_file():
        STATS.reused += 1
        return key, cached.read_text(encoding="utf-8")
    svg = draw(chart)
    store(key, svg)
    STATS.drawn += 1
    return key, svg


def setup_font() -> str:
    """Draw with our font file only: a machine with the same family installed (Debian's fonts-noto-cjk) would
    otherwise draw with its own file, and charts would differ from machine to machine."""
    font_manager.fontManager.addfont(str(FONT_FILE))
    name = font_manager.FontProperties(fname=str(FONT_FILE)).get_name()
    font_manager.fontManager.ttflist = [
        entry
        for entry in font_manager.fontManager.ttflist
        if entry.name != name or Path(entry.fname) == Path(str(FONT_FILE))
    ]
    return name


FONT_NAME = setup_font()
plt.rcParams.update(
    {
        "font.family": FONT_NAME,
        "font.size": 10,
        "svg.fonttype": "path",  # outlines: no font needed where the chart is read
        "svg.hashsalt": "open-budget",  # stable ids: two builds give the same bytes
        "text.parse_math": False,  # a $ in a name is a dollar sign, not mathematics
        "text.color": INK,
        "axes.edgecolor": INK,
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
    }
)


def wrap(label: str, *, lang: str) -> str:
    """Long names on two or three lines: Chinese by characters, English by words."""
    if lang == "zh":
        return "\n".join(textwrap.wrap(label, 16)) or label
    return "\n".join(textwrap.wrap(label, 40)) or label


def draw(chart: Chart) -> str:
    """Horizontal bars from zero, the name above each bar and the amount at its end."""
    if chart.style == "stacked":
        return draw_stacked(chart)
    bars = chart.bars
    # a name whose English is pending is drawn in Chinese, with the label in words (a drawing has no markup)
    labels = [wrap(pending_in_words(bar.label), lang=chart.lang) for bar in bars]
    lines = [label.count("\n") + 1 if label else 0 for label in labels]  # a bar without a name: its pair's second
    slot = [bar_slot(count) for count in lines]  # inches per bar: the bar and its name
    height = 0.75 + sum(slot)
    figure, axes = plt.subplots(figsize=(WIDTH_INCHES, height), dpi=100)
    groups = list(dict.fromkeys(pending_in_words(bar.group) for bar in bars))
    largest = max((float(bar.value) for bar in bars), default=0.0) or 1.0
    position = 0.0
    positions = []
    for bar, label, lines_used in zip(bars, labels, lines, strict=True):
        position -= bar_slot(lines_used)
        positions.append(position)
        colour = PALETTE[groups.index(pending_in_words(bar.group)) % len(PALETTE)]
        axes.barh(position, float(bar.value), height=0.26, color=colour, left=0)
        axes.text(0, position + 0.17, label, va="bottom", ha="left", fontsize=9.5, linespacing=1.15)
        axes.text(
            float(bar.value) + largest * 0.015, position, table_amount(bar.value), va="center", ha="left", fontsize=9
        )
    axes.set_xlim(0, largest * 1.22)
    axes.set_ylim(position - 0.3, 0.05)
    axes.set_yticks([])
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="x", labelsize=8.5)
    axes.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda value, _: f"{value:,.0f}"))
    axes.set_xlabel(chart.axis_label, fontsize=9)
    bottom = 0.62
    if len(groups) > 1 and all(groups):
        # Colours stand for groups (the class of each item): say which.
        handles = [matplotlib.patches.Patch(color=PALETTE[index % len(PALETTE)]) for index in range(len(groups))]
        figure.legend(handles, groups, loc="lower left", ncols=1, frameon=False, fontsize=8.5, borderaxespad=0.2)
        bottom += 0.2 * len(groups) + 0.1
        figure.set_size_inches(WIDTH_INCHES, height + 0.2 * len(groups) + 0.1)
        height += 0.2 * len(groups) + 0.1
    figure.subplots_adjust(left=0.03, right=0.97, top=1 - 0.05 / height, bottom=bottom / height)
    return saved(figure, chart_id=chart.chart_id)


def draw_stacked(chart: Chart) -> str:
    """One bar of the whole, its parts in order and coloured, and a key below: each part's name, amount
    and share (the colour alone never says which part is which)."""
    total = sum((bar.value for bar in chart.bars), Decimal(0)) or Decimal(1)
    keys = [
        f"{wrap(pending_in_words(bar.label), lang=chart.lang)}  {table_amount(bar.value)} ({share(bar.value, total)}%)"
        for bar in chart.bars
    ]
    key_lines = sum(key.count("\n") + 1 for key in keys)
    height = 0.7 + 0.25 * key_lines + 0.07 * len(keys)
    figure = plt.figure(figsize=(WIDTH_INCHES, height), dpi=100)
    axes = figure.add_axes((0.03, 1 - 0.55 / height, 0.94, 0.4 / height))
    left = 0.0
    for index, bar in enumerate(chart.bars):
        colour = PALETTE[index % len(PALETTE)]
        axes.barh(0, float(bar.value), left=left, height=1, color=colour, edgecolor="white", linewidth=0.8)
        left += float(bar.value)
    axes.set_xlim(0, left or 1)
    axes.set_ylim(-0.5, 0.5)
    axes.axis("off")
    handles = [matplotlib.patches.Patch(color=PALETTE[index % len(PALETTE)]) for index in range(len(chart.bars))]
    figure.legend(
        handles,
        keys,
        loc="upper left",
        bbox_to_anchor=(0.02, 1 - 0.62 / height),
        ncols=1,
        frameon=False,
        fontsize=11,
        handlelength=1.2,
        labelspacing=0.45,
        borderaxespad=0,
    )
    return saved(figure, chart_id=chart.chart_id)


def share(part: Decimal, whole: Decimal) -> Decimal:
    """A part's share of the whole in percent, one decimal, rounded half up (as the text alternatives say)."""
    return (part / whole * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def saved(figure: matplotlib.figure.Figure, *, chart_id: str) -> str:
    buffer = io.StringIO()
    with warnings.catch_warnings():
        # A glyph missing from the font would show as a box: stop the build instead.
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing.*")
        figure.savefig(buffer, format="svg", metadata={"Date": None}, transparent=True)
    plt.close(figure)
    return unique_ids(themed(buffer.getvalue()), chart_id=chart_id)


def bar_slot(name_lines: int) -> float:
    """The height a bar takes, in inches: the bar, and its name's lines above it (a bar of a pair has none)."""
    return 0.42 + 0.2 * name_lines if name_lines else 0.3


def themed(svg: str) -> str:
    """Text and axes follow the page's colour; the XML prologue and fixed size go (inline SVG, fluid)."""
    svg = svg.replace(INK, "currentColor")
    svg = re.sub(r"<\?xml[^>]*>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    svg = re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", svg, count=1)
    return svg


def unique_ids(svg: str, *, chart_id: str) -> str:
    """Prefix every id (and its references) with the chart's id: many charts share one page.

    Done once when a chart is drawn (the chart id is part of its hash), not on every build."""
    ids = sorted(set(re.findall(r'id="([^"]+)"', svg)), key=len, reverse=True)
    if not ids:
        return svg
    pattern = re.compile(r'(id="|#)(' + "|".join(re.escape(old) for old in ids) + r')(["\)])')
    return pattern.sub(lambda match: f"{match[1]}{chart_id}-{match[2]}{match[3]}", svg)


def inline_svg(svg: str, *, chart_id: str, title: str, description: str) -> str:
    """The SVG for one place in a page, with <title> and <desc> (``title`` and ``description`` are
    already escaped by the caller)."""
    opening = re.search(r"<svg([^>]*)>", svg)
    assert opening is not None, "matplotlib wrote no <svg> element"
    labelled = (
        f'<svg{opening.group(1)} role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'class="budget-chart__svg"><title id="{chart_id}-title">{title}</title>'
        f'<desc id="{chart_id}-desc">{description}</desc>'
    )
    return svg[: opening.start()] + labelled + svg[opening.end() :]
