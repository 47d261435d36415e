"""Which characters staff text may hold: one policy for every text field, in one place.

Refused everywhere: control characters (C0 but the line break, DEL, C1), bidirectional controls
(overrides, embeddings, isolates and marks: they make text read differently from how it is stored),
zero-width and other invisible format characters, private-use, unassigned and non-characters, and
characters that the site's font cannot draw (the charts draw text as outlines and the printed PDF
uses the same Noto Sans CJK: a missing glyph would be a box). Line breaks (``\\n`` only; U+2028 and
U+2029 never) are accepted only in fields that are multi-line by design.

Whatever passes here reaches every later stage (pages, titles and meta tags, charts, PDFs, XLSX,
CSV, Fiscal Data Package, search index, budget diff), so those need no character checks of their own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from matplotlib import ft2font

from macros.reading.fonts import FONT_FILE
from macros.reading.problems import Problem, problem

LINE_BREAK = "\n"
# Han characters and CJK punctuation: what must not appear, untranslated, in English text.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
BIDIRECTIONAL = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Format characters (category Cf) are all invisible; the soft hyphen and the Mongolian vowel separator too.
INVISIBLE_EXTRA = frozenset("\u00ad\u180e\u3164\uffa0\u115f\u1160")


# The longest text a field may hold: a name is one line; free text a few paragraphs. Both stay well
# under a spreadsheet cell's 32,767 characters, so the XLSX download holds every text whole.
MAX_LINE_LENGTH = 1_000
MAX_TEXT_LENGTH = 20_000


def too_long(text: str, *, multiline: bool) -> int:
    """The field's limit when ``text`` is longer than it, else 0."""
    limit = MAX_TEXT_LENGTH if multiline else MAX_LINE_LENGTH
    return limit if len(text) > limit else 0


@dataclass(frozen=True)
class BadCharacter:
    """One refused character: where it is in the text and why (a reason key of REASONS)."""

    offset: int
    character: str
    reason: str

    @property
    def code_point(self) -> str:
        return f"U+{ord(self.character):04X}"

    @property
    def name(self) -> str:
        return unicodedata.name(self.character, "")


# reason -> (Chinese, English): what kind of character it is, for the message.
REASONS: dict[str, tuple[str, str]] = {
    "control": ("控制字符", "a control character"),
    "line_break": ("换行（此项只能写一行）", "a line break (this field is one line)"),
    "separator": ("Unicode 行分隔符或段分隔符", "a Unicode line or paragraph separator"),
    "bidirectional": (
        "双向文字控制符（会让文字显示得与存储的不同）",
        "a bidirectional control (text would display differently from how it is stored)",
    ),
    "invisible": ("零宽或不可见字符", "a zero-width or invisible character"),
    "unassigned": ("未分配、私用区或非字符码位", "an unassigned, private-use or non-character code point"),
    "no_glyph": (
        "网站字体（思源黑体 Noto Sans CJK）中没有的字符（图表和打印版会显示为方框）",
        "a character the site's font (Noto Sans CJK) cannot draw (a box in charts and the printed PDF)",
    ),
}


def bad_characters(text: str, *, multiline: bool = False) -> Iterator[BadCharacter]:
    """Every character of ``text`` that the policy refuses, in order."""
    drawable = font_characters()
    for offset, character in enumerate(text):
        reason = character_reason(character, multiline=multiline, drawable=drawable)
        if reason:
            yield BadCharacter(offset=offset, character=character, reason=reason)


def first_bad_character(text: str, *, multiline: bool = False) -> BadCharacter | None:
    """The first refused character, or None; ASCII text without controls is answered at once."""
    if text.isascii() and text.isprintable():
        return None
    return next(bad_characters(text, multiline=multiline), None)


def character_reason(character: str, *, multiline: bool, drawable: frozenset[int] | None) -> str:
    """Why ``character`` is refused, or "" when it is fine (``drawable`` None: glyphs not asked)."""
    if character == LINE_BREAK:
        return "" if multiline else "line_break"
    if character in "\u2028\u2029":
        return "separator"
    if character in BIDIRECTIONAL:
        return "bidirectional"
    category = unicodedata.category(character)
    if category == "Cc":
        return "control"
    if category == "Cf" or character in INVISIBLE_EXTRA:
        return "invisible"
    if category in ("Cn", "Co", "Cs"):
        return "unassigned"
    if drawable is not None and ord(character) not in drawable:  # spaces too: U+1680 has no glyph
        return "no_glyph"
    return ""


@cache
def font_characters() -> frozenset[int]:
    """The code points the site's font has a glyph for (read once from the font file)."""
    return frozenset(ft2font.FT2Font(str(FONT_FILE)).get_charmap())


HIDDEN_REASONS = ("control", "bidirectional", "invisible", "separator")


# Unicode's format characters (category Cf, Unicode 14; a test compares this with unicodedata).
FORMAT_RANGES = (
    (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F),
    (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
    (0x110CD, 0x110CD), (0x13430, 0x13438), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)  # fmt: skip
# Control, bidirectional, invisible and separator characters: what no file may hold anywhere, comments
# included; one regular expression, fast on large files.
HIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029"
    + "".join(f"{re.escape(chr(first))}-{re.escape(chr(last))}" for first, last in FORMAT_RANGES)
    + "".join(re.escape(character) for character in sorted(BIDIRECTIONAL | INVISIBLE_EXTRA))
    + "]"
)


def hidden_in(text: str) -> Iterator[BadCharacter]:
    """The control, bidirectional, invisible and separator characters of ``text``, in order."""
    for match in HIDDEN.finditer(text):
        character = match.group(0)
        reason = character_reason(character, multiline=True, drawable=None)
        yield BadCharacter(offset=match.start(), character=character, reason=reason)


def describe(bad: BadCharacter, *, lang: str = "zh") -> str:
    """“⟨U+202E RIGHT-TO-LEFT OVERRIDE⟩，双向文字控制符…”: the character by code point, never raw."""
    reason_zh, reason_en = REASONS[bad.reason]
    shown = f"⟨{bad.code_point}{' ' + bad.name if bad.name else ''}⟩"
    return f"{shown}, {reason_en}" if lang == "en" else f"{shown}，{reason_zh}"


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """The 0-based line and 0-based column of ``offset`` inside ``text`` (for multi-line values)."""
    line = text.count(LINE_BREAK, 0, offset)
    start = text.rfind(LINE_BREAK, 0, offset) + 1
    return line, offset - start


def policy_problem(
    path: Path,
    text: str,
    *,
    multiline: bool,
    field: str,
    field_en: str,
    start: tuple[int, int],
    place: Callable[[int, int], tuple[int, int]],
) -> Problem | None:
    """The policy on one text field: its length, then its first refused character, or None.

    ``start`` is where the field is in its file; ``place(line_offset, column_offset)`` where a
    character inside the text is (CSV and YAML files place them differently)."""
    if limit := too_long(text, multiline=multiline):
        line, column = start
        return problem(
            path,
            "TEXT_TOO_LONG",
            line=line,
            column=column,
            field=field,
            field_en=field_en,
            length=len(text),
            limit=limit,
        )
    bad = first_bad_character(text, multiline=multiline)
    if bad is None:
        return None
    line, column = place(*line_and_column(text, bad.offset))
    return problem(
        path,
        "TEXT_CHARACTER",
        line=line,
        column=column,
        field=field,
        field_en=field_en,
        character=describe(bad),
        character_en=describe(bad, lang="en"),
    )
