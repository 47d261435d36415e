"""A small SVG canvas for the charts: rectangles, lines and text as outlines, in points (y down).

Text and lines are drawn in ``currentColor``, so a chart inline in a page follows Material's light and
dark schemes. Each glyph is defined once in ``<defs>`` and placed by ``<use>``; every id is prefixed with
the chart's id, because many charts share one page.
"""

from __future__ import annotations

from macros.rendering.outlines import ASCENT, EM, glyph_path, layout, number


def text_width(text: str, *, size: float) -> float:
    """The advance of one line of text at ``size`` points."""
    return layout(text).width * size / EM


class Drawing:
    def __init__(self, width: float, height: float, *, chart_id: str) -> None:
        self.chart_id = chart_id  # the prefix of every id inside
        self.width = width
        self.height = height
        self.elements: list[str] = []
        self.glyphs: dict[str, None] = {}  # the glyphs used, in order of first use
        self.spans: list[tuple[float, float]] = []  # where each line of text starts and ends, across (tests read it)

    def rect(self, x: float, y: float, width: float, height: float, *, fill: str, edge: str = "") -> None:
        stroke = f' stroke="{edge}" stroke-width="0.8"' if edge else ""
        self.elements.append(
            f'<rect x="{number(x, 2)}" y="{number(y, 2)}" width="{number(width, 2)}" '
            f'height="{number(height, 2)}" fill="{fill}"{stroke}/>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.elements.append(
            f'<path d="M{number(x1, 2)} {number(y1, 2)}L{number(x2, 2)} {number(y2, 2)}" '
            'stroke="currentColor" stroke-width="0.8" fill="none"/>'
        )

    def text(self, x: float, baseline: float, text: str, *, size: float, anchor: str = "start") -> None:
        """One line of text whose baseline starts at (x, baseline); ``middle`` centres it on x, ``end`` ends it."""
        run = layout(text)
        if not run.glyphs:
            return
        shift = {"start": 0.0, "middle": run.width / 2, "end": run.width}[anchor]
        scale = size / EM
        self.spans.append((x - shift * scale, x + (run.width - shift) * scale))
        uses = []
        for name, offset in run.glyphs:
            self.glyphs.setdefault(name, None)
            uses.append(f'<use xlink:href="#{self.chart_id}-{short(name)}" x="{number(offset - shift)}"/>')
        self.elements.append(
            f'<g fill="currentColor" transform="translate({number(x, 2)} {number(baseline, 2)}) '
            f'scale({number(scale, 4)} {number(-scale, 4)})">' + "".join(uses) + "</g>"
        )

    def lines(self, x: float, top: float, lines: list[str], *, size: float, spacing: float) -> float:
        """Lines of text from ``top`` down, ``spacing`` em apart; returns the bottom of the block."""
        line_height = size * spacing
        for number_of_line, line in enumerate(lines):
            line_top = top + number_of_line * line_height
            self.text(x, line_top + (line_height - size) / 2 + ASCENT * size, line, size=size)
        return top + line_height * len(lines)

    def svg(self) -> str:
        definitions = "".join(
            f'<path id="{self.chart_id}-{short(name)}" d="{glyph_path(name)}"/>' for name in self.glyphs
        )
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
            f'viewBox="0 0 {number(self.width, 2)} {number(self.height, 2)}">'
            f"<defs>{definitions}</defs>" + "".join(self.elements) + "</svg>"
        )


def short(glyph_name: str) -> str:
    """A glyph's id within its chart: ``g`` and the glyph's index in hex (one font)."""
    return "g" + glyph_name.rsplit("-", 1)[1]
