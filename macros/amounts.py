"""Amounts as published: decimal numbers with at most two decimals, and what rounding can explain."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Each published figure was rounded to 0.01, so it is off by at most half a cent of the unit.
ROUNDING_PER_FIGURE = Decimal("0.005")

FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋　", "0123456789.,-+ ")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


@dataclass(frozen=True)
class AmountError:
    """Why a cell is not an amount: a problem code and, where we can tell, the value meant."""

    code: str
    suggestion: str = ""


def parse_amount(text: str, *, allow_negative: bool = False) -> Decimal | AmountError:
    """Parse a cell as staff type it. Never guesses: a fixable cell is an error with a suggestion."""
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
    if GROUPED_NUMBER.fullmatch(cell):
        return AmountError("AMOUNT_THOUSANDS_SEPARATOR", cell.replace(",", ""))
    if not PLAIN_NUMBER.fullmatch(cell):
        return AmountError("AMOUNT_NOT_NUMBER")
    try:
        amount = Decimal(cell)
    except InvalidOperation:
        return AmountError("AMOUNT_NOT_NUMBER")
    if -amount.as_tuple().exponent > 2:
        return AmountError("AMOUNT_DECIMALS")
    if amount < 0 and not allow_negative:
        return AmountError("AMOUNT_NEGATIVE")
    return amount


def rounding_tolerance(figures: int) -> Decimal:
    """The most that rounding can explain when ``figures`` rounded numbers are compared."""
    return ROUNDING_PER_FIGURE * figures


def format_tolerance(tolerance: Decimal) -> str:
    """Exactly, not rounded to cents: 9 figures explain 0.045, which two decimals would show as 0.04."""
    return f"{tolerance.normalize():f}"


def format_amount(amount: Decimal) -> str:
    """Two decimals, as in the official tables (no thousands separators: this is for messages)."""
    return f"{amount:.2f}"
