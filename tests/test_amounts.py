"""Amount cells as staff type them: what is accepted, and what each mistake is called."""

from __future__ import annotations

from decimal import Decimal

import pytest

from macros.reading.amounts import AmountError, parse_amount, rounding_tolerance


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("730.66", Decimal("730.66")),
        (" 0.00 ", Decimal("0.00")),
        ("730.6", Decimal("730.6")),
        ("730", Decimal("730")),
    ],
)
def test_accepted_amounts(cell: str, expected: Decimal) -> None:
    assert parse_amount(cell) == expected


@pytest.mark.parametrize(
    ("cell", "code", "suggestion"),
    [
        ("", "AMOUNT_EMPTY", ""),
        ("abc", "AMOUNT_NOT_NUMBER", ""),
        ("730.66万元", "AMOUNT_NOT_NUMBER", ""),
        ("-", "AMOUNT_NOT_NUMBER", ""),
        ("7.3E+02", "AMOUNT_NOT_NUMBER", ""),
        ("７３０．６６", "AMOUNT_FULLWIDTH", "730.66"),
        ("１，２３４．５６", "AMOUNT_FULLWIDTH", "1234.56"),
        ("730，66", "AMOUNT_NOT_NUMBER", ""),
        ("1,234.56", "AMOUNT_THOUSANDS_SEPARATOR", "1234.56"),
        ("12,345,678.00", "AMOUNT_THOUSANDS_SEPARATOR", "12345678.00"),
        ("1,23.00", "AMOUNT_NOT_NUMBER", ""),
        ("730.666", "AMOUNT_DECIMALS", ""),
        ("-0.01", "AMOUNT_NEGATIVE", ""),
    ],
)
def test_each_mistake_has_its_code(cell: str, code: str, suggestion: str) -> None:
    assert parse_amount(cell) == AmountError(code, suggestion)


def test_negative_amounts_where_a_column_allows_them() -> None:
    assert parse_amount("-0.01", allow_negative=True) == Decimal("-0.01")


def test_rounding_explains_half_a_cent_per_figure() -> None:
    # Table 6 of the seed: 301's eight items add up to 555.89 against a printed 555.90.
    assert rounding_tolerance(9) == Decimal("0.045")
    assert abs(Decimal("555.90") - Decimal("555.89")) <= rounding_tolerance(9)
    assert Decimal("0.20") > rounding_tolerance(25 + 1)  # the longest sum of the template
