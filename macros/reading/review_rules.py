"""What public reviewers of budget disclosures look for in text, in one place: the patterns, and which rule of
the public checker GovBudgetChecker (github.com/zxj6827111-blip/GovBudgetChecker, rules/budget_v3_3_draft.yaml
for budgets, rules/v3_3.yaml for both kinds) each of our checks matches.

The validator applies the patterns to publication.yaml's text; the importer to a whole published document
(exchange/disclosure.py), before reading its figures.
"""

from __future__ import annotations

import re

# Left from a template: XXX / XX (not inside a Latin word), ××, ＊＊, 请填写…, （略）, TBD, an ellipsis standing
# for the rest (a lone ……, not the dot leaders of a table of contents), {单位}, 【单位名称】, 某某.
PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])[XxＸｘ]{2,}(?![A-Za-z])|×{2,}|＊{2,}|\*{3,}|待填写|请填写|待补充|（略）|\(略\)|【略】|\[略\]"
    r"|(?<![A-Za-z])(?:TBD|TODO)(?![A-Za-z])|(?<!…)……(?!…)|。{3,}|某某|\{[\u4e00-\u9fff]+\}|【[\u4e00-\u9fff]*】"
)
# A word of two to six Han characters written twice in a row (增加增加, 减少减少): a slip of the pen; one step
# at a time (一步一步, 一项一项) is a way of speaking.
REPEATED_WORDS = re.compile(r"(?!一)([\u4e00-\u9fff]{2,6})\1")
# A year written with two digits where a year is meant (24年度, 24年预算, 24年3月); 使用年限25年 is a duration.
TWO_DIGIT_YEAR = re.compile(r"(?<![0-9０-９.])([0-9]{2})年(?=度|预算|决算|[0-9]{1,2}月)")
# An amount with its unit after a word of change (减少80.00万元); the words are the template's (import.change).
AMOUNT_WITH_UNIT = r"\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(亿元|万元|元)"
# An amount to the cent in 元 where the prose counts in 万元 (住房公积金3.58元): a slip of the unit.
YUAN_AMOUNT = re.compile(r"(?<![0-9.,])([0-9][0-9,]*\.[0-9]{2})\s*元")
SLIP_RANGE = (0.01, 9999)
# A 决算's rate of a zero initial budget (年初预算为0万元，…完成年初预算的95.89%): no rate can be.
ZERO_INITIAL = re.compile(r"年初预算为\s*0(?:\.0+)?\s*万?元")
RATE_OF_INITIAL = re.compile(r"完成年初预算的\s*[0-9.]+\s*%")
# How a composition text counts units: 行政单位1家，事业单位1家 (the units of each kind listed, summed), 下属1家
# or 下属事业单位1家 (those below the department itself).
UNITS_OF_A_KIND = re.compile(r"(?<!下属)(?:行政单位|事业单位|参公单位)\s*([0-9]+|[一二三四五六七八九十]+)\s*[家个]")
SUBORDINATES = re.compile(r"下属(?:[\u4e00-\u9fff]{0,6}?单位)?\s*([0-9]+|[一二三四五六七八九十]+)\s*[家个]")


def two_digit_years(text: str, *, year: int) -> list[re.Match[str]]:
    """Two-digit years in ``text`` that stand for ``year``, the year before or the year after."""
    near = {each % 100 for each in (year - 1, year, year + 1)}
    return [match for match in TWO_DIGIT_YEAR.finditer(text) if int(match[1]) in near]


def stated_changes(text: str, *, words: tuple[str, ...]) -> list[re.Match[str]]:
    """Amounts with their unit after a word of change (``words``: the template's increase and decrease)."""
    if not words:
        return []
    pattern = "(" + "|".join(re.escape(word) for word in words) + ")" + AMOUNT_WITH_UNIT
    return list(re.finditer(pattern, text))


# Our checks and the GovBudgetChecker rule each matches, by the publication's kind (budget, final).
GOVBUDGETCHECKER_RULES: dict[str, dict[str, str]] = {
    "TABLE_MISSING": {"budget": "BUD-001", "final": "R014"},
    "PLACEHOLDER_TEXT": {"budget": "BUD-007", "final": "BUD-007"},
    "PROSE_MISMATCH": {"budget": "BUD-004", "final": "C-003"},
    "EXPLANATION_MISMATCH": {"budget": "BUD-004", "final": "C-003"},
    "ROW_SUM_MISMATCH": {"budget": "BUD-003", "final": "R007"},
    "SUBTOTAL_MISMATCH": {"budget": "BUD-003", "final": "D-001"},
    "CROSS_TABLE_MISMATCH": {"budget": "BUD-003", "final": "D-004"},
    "YEAR_OUT_OF_RANGE": {"budget": "BUD-006", "final": "BUD-006"},
    "YEAR_TWO_DIGITS": {"budget": "BUD-006", "final": "BUD-006"},
    "REASON_MISSING": {"budget": "BUD-012", "final": "D-004"},
    "REASON_SAYS_SAME": {"budget": "BUD-T006", "final": "D-004"},
    "REASON_FIGURE_MISMATCH": {"budget": "BUD-F003", "final": "R001"},
    "REPEATED_WORDS": {"budget": "BUD-F002", "final": "R003"},
    "EMPTY_TABLE_STATEMENT": {"budget": "BUD-005", "final": "D-008"},
    "UNIT_NAME_MISMATCH": {"budget": "BUD-009", "final": "R006"},
    "COMPOSITION_MISMATCH": {"budget": "BUD-010", "final": "BUD-D002"},
    "INITIAL_BUDGET_MISMATCH": {"budget": "D-005", "final": "D-005"},
    "UNIT_SLIP": {"budget": "BUD-F003", "final": "R001"},
    "RATE_OF_ZERO_BUDGET": {"budget": "R004", "final": "R004"},
}


def counted(number: str) -> int | None:
    """A count as written: 12, or 十二 (up to 九十九); None for what is no count (一一)."""
    try:
        return chinese_count(number)
    except ValueError:
        return None


def chinese_count(number: str) -> int:
    if number.isdigit():
        return int(number)
    digits = "一二三四五六七八九"
    tens, _, ones = number.rpartition("十")
    if "十" not in number:
        return digits.index(number) + 1
    return (digits.index(tens) + 1 if tens else 1) * 10 + (digits.index(ones) + 1 if ones else 0)


def reviewer_rule(code: str, *, kind: str) -> str:
    """The GovBudgetChecker rule our check ``code`` matches for a publication of ``kind`` ("" if none)."""
    return GOVBUDGETCHECKER_RULES.get(code, {}).get(kind, "")
