"""Amounts as published: decimal numbers with at most a table's precision of decimals (two unless its
template says otherwise), in a unit, and what rounding can explain."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypedDict

from macros.reading.problems import Problem, problem

# The published amount unit, said in each language, how many of them make a million yuan, and how
# many yuan one of them is.
AMOUNT_UNITS: dict[str, dict[str, str]] = {
    "万元": {"zh": "万元", "en": "10,000 yuan (CNY)", "per_million": "100", "yuan": "10000"},
    "元": {"zh": "元", "en": "yuan (CNY)", "per_million": "1000000", "yuan": "1"},
}

# Decimals a table may print (its template's ``precision``); two unless it says otherwise.
PRECISIONS = (0, 1, 2)
DEFAULT_PRECISION = 2

FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋　", "0123456789.,-+ ")
# ASCII digits only: Python's \d also matches Arabic-Indic, Devanagari and mathematical digits.
# No "+": a figure is written as printed, and "+5" is a formula to a spreadsheet.
PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
GROUPED_NUMBER = re.compile(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
MAX_DIGITS = 15  # what a spreadsheet keeps exactly (13 digits of 元 and 2 decimals); longer is a typing mistake


@dataclass(frozen=True)
class AmountError:
    """Why a cell is not an amount: a problem code and, where we can tell, the value meant."""

    code: str
    suggestion: str = ""
    character: str = ""  # the offending character, where one is to blame


def parse_amount(
    text: str, *, allow_negative: bool = False, precision: int = DEFAULT_PRECISION
) -> Decimal | AmountError:
    """Parse a cell as staff type it. Never guesses: a fixable cell is an error with a suggestion.
    More decimals than ``precision`` are refused (the table prints that many)."""
    cell = text.strip()
    if not cell:
        return AmountError("AMOUNT_EMPTY")
    half_width = cell.translate(FULL_WIDTH).strip()
    if half_width != cell:
        if GROUPED_NUMBER.fullmatch(half_width):
            return AmountError("AMOUNT_FULLWIDTH", half_width.replace(",", ""))
        if PLAIN_NUMBER.fullmatch(half_width):
            return AmountError("AMOUNT_FULLWIDTH", half_width)
        return AmountError("AMOUNT_NOT_NUMBER")
    if other_digit(cell):
        return AmountError("DIGIT_NOT_ASCII", ascii_digits(cell), other_digit(cell))
    if GROUPED_NUMBER.fullmatch(cell):
        return AmountError("AMOUNT_THOUSANDS_SEPARATOR", cell.replace(",", ""))
    if not PLAIN_NUMBER.fullmatch(cell):
        return AmountError("AMOUNT_NOT_NUMBER")
    if sum(character.isdigit() for character in cell) > MAX_DIGITS:
        return AmountError("AMOUNT_NOT_NUMBER")
    try:
        amount = Decimal(cell)
    except InvalidOperation:
        return AmountError("AMOUNT_NOT_NUMBER")
    if decimal_places(amount) > precision:
        return AmountError("AMOUNT_DECIMALS")
    if amount < 0 and not allow_negative:
        return AmountError("AMOUNT_NEGATIVE")
    return amount + 0  # -0.00 is 0.00: no stage should print a minus zero


def other_digit(text: str) -> str:
    """The first digit of ``text`` that is not 0–9 (٤, ４, 𝟒…), or ""."""
    return next(
        (
            character
            for character in text
            if not character.isascii() and unicodedata.decimal(character, None) is not None
        ),
        "",
    )


def show_digit(character: str) -> str:
    """A digit named so that it cannot be mistaken: “٤” (U+0664 ARABIC-INDIC DIGIT FOUR)."""
    return f"“{character}”（U+{ord(character):04X} {unicodedata.name(character, '')}）"


def digit_problem(
    path: Path | str, found: str, *, what: str, what_en: str, line: int = 1, column: int = 1
) -> Problem | None:
    """DIGIT_NOT_ASCII when ``found`` (a code, a year, a folder name) has a digit other than 0–9."""
    character = other_digit(found)
    if not character:
        return None
    return problem(
        path,
        "DIGIT_NOT_ASCII",
        line=line,
        column=column,
        what=what,
        what_en=what_en,
        found=found,
        character=show_digit(character),
        suggestion=ascii_digits(found),
    )


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit written as 0–9 (and full-width punctuation half-width)."""
    converted = "".join(
        str(unicodedata.decimal(character)) if unicodedata.decimal(character, None) is not None else character
        for character in text
    )
    return converted.translate(FULL_WIDTH)


def per_figure(precision: int = DEFAULT_PRECISION) -> Decimal:
    """How far rounding to ``precision`` decimals moves one figure at most: half its last digit
    (0.005 at two decimals, 0.5 for whole numbers)."""
    return Decimal(5).scaleb(-precision - 1)


def rounding_tolerance(figures: int, *, precision: int = DEFAULT_PRECISION) -> Decimal:
    """The most that rounding can explain when ``figures`` rounded numbers are compared."""
    return per_figure(precision) * figures


def unit_factor(unit: str) -> Decimal:
    """How many yuan one ``unit`` is: 10000 for 万元."""
    return Decimal(AMOUNT_UNITS[unit]["yuan"])


def convert_amount(amount: Decimal, *, from_unit: str, to_unit: str) -> Decimal:
    """An amount in another unit, exactly (万元 → 元 multiplies by 10,000)."""
    return amount if from_unit == to_unit else amount * unit_factor(from_unit) / unit_factor(to_unit)


def common_unit(units: set[str]) -> str:
    """The unit to show amounts of several units in: theirs when they share one, else the largest."""
    return next(iter(units)) if len(units) == 1 else max(units, key=unit_factor)


def format_tolerance(tolerance: Decimal) -> str:
    """Exactly, not rounded to cents: 9 figures explain 0.045, which two decimals would show as 0.04."""
    return f"{tolerance.normalize():f}"


def decimal_places(amount: Decimal) -> int:
    """How many digits a figure has after the point as written: 2 for 1.50, 0 for 3."""
    exponent = amount.as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


def format_amount(amount: Decimal, precision: int = DEFAULT_PRECISION) -> str:
    """``precision`` decimals, as in the official tables (no thousands separators: this is for messages)."""
    return f"{amount:.{precision}f}"


DECIMALS_ZH = {0: "整数", 1: "一位小数", 2: "两位小数"}
DECIMALS_EN = {0: "whole numbers", 1: "one decimal", 2: "two decimals"}


class PrecisionWords(TypedDict):
    too_many: str
    too_many_en: str
    keep: str
    keep_en: str
    zero: str


def precision_words(precision: int) -> PrecisionWords:
    """How messages say a precision: what an amount has too many of, what amounts keep, and zero
    (``too_many``, ``keep`` and their English, ``zero``)."""
    if precision == 0:
        too_many, too_many_en = "带有小数", "has decimals"
        keep, keep_en = "只写整数", "are whole numbers"
    else:
        too_many, too_many_en = f"超过{DECIMALS_ZH[precision]}", f"has more than {DECIMALS_EN[precision]}"
        keep, keep_en = f"保留{DECIMALS_ZH[precision]}", f"keep {DECIMALS_EN[precision].split()[0]}"
    return PrecisionWords(
        too_many=too_many,
        too_many_en=too_many_en,
        keep=keep,
        keep_en=keep_en,
        zero=format_amount(Decimal(0), precision),
    )
