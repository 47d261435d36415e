"""Charts drawn at build time: horizontal bars (or one stacked bar, the parts of a whole), as SVG, cached
by what they show.

The layout is ours (``svg_drawing.py``: a few rectangles, lines and lines of text per chart); the text is drawn
as outlines of Noto Sans CJK SC (OFL, shipped by the mplfonts package) laid out by matplotlib's FreeType
binding (``outlines.py``), so Chinese renders without any font on the reader's device. Drawing a chart this
way takes about a millisecond, against some 70 ms through a matplotlib figure: at a province's thousands of
units, drawing was most of a cold build. Text and axes are ``currentColor``, so a chart follows Material's
light and dark schemes. A chart is drawn only when its content hash is not in the cache (``.cache/charts/``,
kept between builds).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import textwrap
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import matplotlib
import matplotlib.ticker

from macros.reading.fonts import FONT_FILE
from macros.rendering import outlines, svg_drawing
from macros.rendering.escaping import pending_in_words
from macros.rendering.i18n import table_amount
from macros.rendering.svg_drawing import Drawing, text_width

# Any change to this module (palette, sizes, drawing) changes every chart's hash: nothing stale is reused.
DRAWING_CODE = hashlib.sha256(
    b"".join(Path(module.__file__ or "").read_bytes() for module in (outlines, svg_drawing))
    + Path(__file__).read_bytes()
).hexdigest()
# Okabe–Ito colours: told apart by readers with colour-vision deficiencies, legible on light and dark.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
WIDTH_INCHES = 4.4  # about 440 px: legible on a 390 px phone, not oversized on a desktop
# Sizes in points, the SVG's unit (the PNG download reads the viewBox as points).
WIDTH = WIDTH_INCHES * 72
SIDE = 0.03 * WIDTH  # the margin left and right
NAME_SIZE, AMOUNT_SIZE, TICK_SIZE, AXIS_SIZE, KEY_SIZE, PART_SIZE = 9.5, 9.0, 8.5, 9.0, 8.5, 11.0
LINE_SPACING = 1.3  # of the font size, between the lines of a long name
BAR = 18.0  # a bar's thickness
PAD = 4.0  # between a bar's end and its amount
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


def draw_missing(charts: list[Chart]) -> int:
    """Draw every chart the cache lacks (a millisecond each: one process is enough); returns how many."""
    missing = {chart.content_hash(): chart for chart in charts}
    missing = {key: chart for key, chart in missing.items() if not (cache_dir() / f"{key}.svg").is_file()}
    for key, chart in missing.items():
        store(key, draw(chart))
    STATS.drawn += len(missing)
    STATS.reused -= len(missing)  # chart_svg will find them in the cache: they were drawn, not reused
    return len(missing)


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


def wrap(label: str, *, lang: str, size: float, room: float) -> list[str]:
    """Long names on two or three lines: Chinese by characters, English by words; a line still wider than
    ``room`` at ``size`` (Chinese in the English edition: a name awaiting English) is cut again by its width."""
    lines = textwrap.wrap(label, 16 if lang == "zh" else 40) or ([label] if label else [])
    return [part for line in lines for part in fitted(line, size=size, room=room)]


def fitted(line: str, *, size: float, room: float) -> list[str]:
    """One line cut into lines no wider than ``room``: between words, or between characters where it must."""
    if text_width(line, size=size) <= room:
        return [line]
    lines, current = [], ""
    for token in re.findall(r"\S+\s*|\s+", line):
        for piece in [token] if text_width(token.rstrip(), size=size) <= room else list(token):
            if current and text_width((current + piece).rstrip(), size=size) > room:
                lines.append(current.rstrip())
                current = piece.lstrip()
            else:
                current += piece
    return [*lines, current.rstrip()] if current.strip() else lines


def draw(chart: Chart) -> str:
    """The chart's SVG: bars, or one stacked bar."""
    return drawing_of(chart).svg()


def drawing_of(chart: Chart) -> Drawing:
    return draw_stacked(chart) if chart.style == "stacked" else draw_bars(chart)


def draw_bars(chart: Chart) -> Drawing:
    """Horizontal bars from zero, the name above each bar and the amount at its end, an axis below, and a key
    when the colours stand for groups."""
    drawing = Drawing(WIDTH, 0.0, chart_id=chart.chart_id)
    # a name whose English is pending is drawn in Chinese, with the label in words (a drawing has no markup)
    names = [
        wrap(pending_in_words(bar.label), lang=chart.lang, size=NAME_SIZE, room=WIDTH - 2 * SIDE) for bar in chart.bars
    ]
    amounts = [table_amount(bar.value) for bar in chart.bars]
    groups = list(dict.fromkeys(pending_in_words(bar.group) for bar in chart.bars))
    scale = BarScale.fitting(chart.bars, amounts)
    top = 4.0
    for bar, name, amount in zip(chart.bars, names, amounts, strict=True):
        if name:
            top = drawing.lines(SIDE, top + 6.0, name, size=NAME_SIZE, spacing=LINE_SPACING) + 2.0
        else:
            top += 3.0  # the second bar of a pair: no name, close under the first
        start, end = sorted((scale.x(Decimal(0)), scale.x(bar.value)))
        colour = PALETTE[groups.index(pending_in_words(bar.group)) % len(PALETTE)]
        drawing.rect(start, top, end - start, BAR, fill=colour)
        if scale.low < 0:  # where zero is, beside each bar (not across the names)
            drawing.line(scale.x(Decimal(0)), top - 2.0, scale.x(Decimal(0)), top + BAR + 2.0)
        middle = top + BAR / 2 + outlines.FIGURE_MIDDLE * AMOUNT_SIZE
        if bar.value < 0:
            drawing.text(start - PAD, middle, amount, size=AMOUNT_SIZE, anchor="end")
        else:
            drawing.text(end + PAD, middle, amount, size=AMOUNT_SIZE)
        top += BAR
    axis = top + 10.0
    bottom = draw_axis(drawing, scale, axis=axis, label=chart.axis_label)
    if len(groups) > 1 and all(groups):
        # Colours stand for groups (the class of each item): say which.
        keys = [wrap(group, lang=chart.lang, size=KEY_SIZE, room=key_room(KEY_SIZE)) for group in groups]
        bottom = draw_key(drawing, keys, top=bottom + 8.0, size=KEY_SIZE)
    drawing.height = bottom + 4.0
    return drawing


@dataclass(frozen=True)
class BarScale:
    """Where an amount falls across the chart: zero, the lowest and highest amounts, and room beside the bars'
    ends for their amounts, so that no amount runs off the chart."""

    low: Decimal
    high: Decimal
    left: float  # where ``low`` is drawn
    points_per_unit: float

    @classmethod
    def fitting(cls, bars: tuple[Bar, ...], amounts: list[str]) -> BarScale:
        low = min((bar.value for bar in bars), default=Decimal(0))
        high = max((bar.value for bar in bars), default=Decimal(0))
        low, high = min(low, Decimal(0)), max(high, Decimal(0))
        room = {
            sign: max(
                (
                    text_width(amount, size=AMOUNT_SIZE) + PAD
                    for bar, amount in zip(bars, amounts, strict=True)
                    if (bar.value < 0) == (sign < 0)
                ),
                default=0.0,
            )
            for sign in (-1, 1)
        }
        span = float(high - low) or 1.0
        width = WIDTH - 2 * SIDE - room[-1] - room[1]
        return cls(low=low, high=high, left=SIDE + room[-1], points_per_unit=max(width, 1.0) / span)

    def x(self, value: Decimal) -> float:
        return self.left + float(value - self.low) * self.points_per_unit

    def value_at(self, x: float) -> float:
        return float(self.low) + (x - self.left) / self.points_per_unit


def draw_axis(drawing: Drawing, scale: BarScale, *, axis: float, label: str) -> float:
    """The amount axis under the bars: ticks at round amounts, and the axis label; returns its bottom."""
    drawing.line(SIDE, axis, WIDTH - SIDE, axis)
    baseline = axis + 3.5 + 2.5 + outlines.ASCENT * TICK_SIZE
    for x, text in axis_ticks(scale):
        drawing.line(x, axis, x, axis + 3.5)
        half = text_width(text, size=TICK_SIZE) / 2
        if half <= x <= WIDTH - half:  # a label that would run off the chart is left out
            drawing.text(x, baseline, text, size=TICK_SIZE, anchor="middle")
    label_baseline = baseline + 4.0 + AXIS_SIZE
    drawing.text(WIDTH / 2, label_baseline, label, size=AXIS_SIZE, anchor="middle")
    return label_baseline + 0.3 * AXIS_SIZE


def axis_ticks(scale: BarScale) -> list[tuple[float, str]]:
    """Round amounts along the axis (matplotlib's tick locator), each with its place and label; labels carry
    the decimals their step needs, so ticks of 0.01 and 0.02 do not both read 0."""
    first, last = scale.value_at(SIDE), scale.value_at(WIDTH - SIDE)
    locator = matplotlib.ticker.MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10])
    ticks = [float(tick) for tick in locator.tick_values(first, last) if first <= tick <= last]
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    exponent = Decimal(repr(round(step, 12))).normalize().as_tuple().exponent  # 2.5 needs one place, 0.25 two
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return [
        (SIDE + (tick - first) * scale.points_per_unit, f"{tick + 0.0:,.{places}f}") for tick in ticks
    ]  # + 0.0: never "-0"


def key_room(size: float) -> float:
    """The width a key's text has: right of its swatch (draw_key), to the chart's margin."""
    return WIDTH - 2 * SIDE - 2.8 * size


def draw_key(drawing: Drawing, keys: list[list[str]], *, top: float, size: float) -> float:
    """A colour swatch and a name (its lines) for each group or part, in the palette's order; returns the key's
    bottom."""
    for index, lines in enumerate(keys):
        first_middle = top + size * LINE_SPACING / 2
        drawing.rect(SIDE, first_middle - 0.35 * size, 2 * size, 0.7 * size, fill=PALETTE[index % len(PALETTE)])
        top = drawing.lines(SIDE + 2.8 * size, top, lines, size=size, spacing=LINE_SPACING) + 0.35 * size
    return top


def draw_stacked(chart: Chart) -> Drawing:
    """One bar of the whole, its parts in order and coloured, and a key below: each part's name, amount
    and share (the colour alone never says which part is which)."""
    drawing = Drawing(WIDTH, 0.0, chart_id=chart.chart_id)
    total = sum((bar.value for bar in chart.bars), Decimal(0)) or Decimal(1)
    parts = [max(bar.value, Decimal(0)) for bar in chart.bars]
    whole = float(sum(parts, Decimal(0))) or 1.0
    left = SIDE
    for index, part in enumerate(parts):
        width = (WIDTH - 2 * SIDE) * float(part) / whole
        drawing.rect(left, 10.8, width, 28.8, fill=PALETTE[index % len(PALETTE)], edge="white")
        left += width
    keys = []
    for bar in chart.bars:
        lines = wrap(pending_in_words(bar.label), lang=chart.lang, size=PART_SIZE, room=key_room(PART_SIZE))
        figures = f"{table_amount(bar.value)} ({share(bar.value, total)}%)"
        joined = f"{lines[-1]}  {figures}" if lines else figures
        fits = text_width(joined, size=PART_SIZE) <= key_room(PART_SIZE)
        keys.append([*lines[:-1], joined] if fits else [*lines, figures])
    drawing.height = draw_key(drawing, keys, top=48.0, size=PART_SIZE) + 4.0
    return drawing


def share(part: Decimal, whole: Decimal) -> Decimal:
    """A part's share of the whole in percent, one decimal, rounded half up (as the text alternatives say)."""
    return (part / whole * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def inline_svg(svg: str, *, chart_id: str, title: str, description: str) -> str:
    """The SVG for one place in a page, with <title> and <desc> (``title`` and ``description`` are
    already escaped by the caller)."""
    opening = re.search(r"<svg([^>]*)>", svg)
    assert opening is not None, "a chart without its <svg> element"
    labelled = (
        f'<svg{opening.group(1)} role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'class="budget-chart__svg"><title id="{chart_id}-title">{title}</title>'
        f'<desc id="{chart_id}-desc">{description}</desc>'
    )
    return svg[: opening.start()] + labelled + svg[opening.end() :]
