"""Text as outlines: each string laid out by FreeType and raqm (matplotlib's ``ft2font``, kerning and shaping
included) in Noto Sans CJK SC, and each glyph's outline as SVG path data.

A chart then needs no font where it is read: it defines each glyph it uses once and places it by reference.
Both steps are cached for the life of the process (a build draws thousands of charts from a few hundred glyphs).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from matplotlib.ft2font import FT2Font, GlyphIndexType, LoadFlags
from matplotlib.path import Path as GlyphPath
from matplotlib.textpath import TextToPath

from macros.reading.fonts import FONT_FILE

EM = 100.0  # a glyph's units: the font laid out at 100 points, as matplotlib's TextToPath does
ASCENT = 0.88  # of the em: where CJK ideographs and capitals reach above the baseline (Noto Sans CJK)
FIGURE_MIDDLE = 0.36  # of the em: the middle of a digit's height above the baseline, to centre a number on a bar


class MissingGlyph(ValueError):
    """A character the font cannot draw: it would show as a box (the validator refuses such text first)."""


@dataclass(frozen=True)
class Run:
    """One line of text laid out: each glyph's name and its x offset, and the line's advance (in EM units)."""

    glyphs: tuple[tuple[str, float], ...]
    width: float


@cache
def font() -> FT2Font:
    loaded = FT2Font(str(FONT_FILE))
    loaded.set_size(EM, TextToPath.DPI)
    return loaded


TEXT_TO_PATH = TextToPath()
# glyph name -> (vertices, codes): filled by TextToPath as it meets new glyphs, read by glyph_path.
OUTLINES: dict[str, tuple[np.ndarray, np.ndarray]] = {}


@cache
def layout(text: str) -> Run:
    """The glyphs of one line of text and their places; a character the font lacks stops the chart."""
    for character in text:
        if not character.isspace() and font().get_char_index(ord(character)) == 0:
            raise MissingGlyph(f"glyph for {character!r} (U+{ord(character):04X}) missing from {FONT_FILE.name}")
    placed, _, _ = TEXT_TO_PATH.get_glyphs_with_font(font(), text, glyph_map=OUTLINES)
    glyphs = tuple((name, float(x)) for name, x, _, _ in placed)
    if any(glyph_index(name) == 0 for name, _ in glyphs):  # shaped to the font's "no glyph" (a space it lacks)
        raise MissingGlyph(f"a character of {text!r} has no glyph in {FONT_FILE.name}")
    if not glyphs:
        return Run((), 0.0)
    last_name, last_x = glyphs[-1]
    advance = font().load_glyph(GlyphIndexType(glyph_index(last_name)), LoadFlags.NO_HINTING).horiAdvance / 64
    return Run(glyphs, last_x + advance)


def glyph_index(name: str) -> int:
    """TextToPath names a glyph ``<font>-<index in hex>``."""
    return int(name.rsplit("-", 1)[1], 16)


@cache
def glyph_path(name: str) -> str:
    """One glyph's outline as SVG path data, y up, in EM units (one decimal: a thousandth of the em)."""
    vertices, codes = OUTLINES[name]
    return path_data(np.asarray(vertices), np.asarray(codes))


# path code -> (SVG command, how many vertices it takes)
COMMANDS: dict[int, tuple[str, int]] = {
    int(GlyphPath.MOVETO): ("M", 1),
    int(GlyphPath.LINETO): ("L", 1),
    int(GlyphPath.CURVE3): ("Q", 2),
    int(GlyphPath.CURVE4): ("C", 3),
}


def path_data(vertices: np.ndarray, codes: np.ndarray) -> str:
    """matplotlib's path codes as SVG commands: a quadratic or cubic curve holds its control points' codes too."""
    parts: list[str] = []
    index = 0
    while index < len(codes):
        code = int(codes[index])
        if code == GlyphPath.CLOSEPOLY:
            parts.append("z")
            index += 1
            continue
        letter, count = COMMANDS[code]
        points = vertices[index : index + count]
        parts.append(letter + " ".join(f"{number(x)} {number(y)}" for x, y in points))
        index += count
    return "".join(parts)


def number(value: float, places: int = 1) -> str:
    """A coordinate as short as it can be written: ``12.5``, ``3``, ``-0.2``."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
