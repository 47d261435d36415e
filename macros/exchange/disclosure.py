"""A published document read as a reviewer reads it, before its figures are: its sentences, each with the
page (or line) it starts on, the ones that still hold a template's placeholders (a draft), and the slips a
reviewer finds in a sentence whatever its wording (a word written twice, a two-digit year, 元 for 万元, a rate
of a zero initial budget).

Sentences are the document's paragraphs (as the importer joins a PDF's broken lines) cut after 。！？; a
heading or a line of a table of contents, which ends without them, is a sentence of its own. Table rows are
not prose: their cells are read as figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from macros.exchange.document import Document, Line
from macros.reading.review_rules import (
    PLACEHOLDER,
    RATE_OF_INITIAL,
    REPEATED_WORDS,
    SLIP_RANGE,
    YUAN_AMOUNT,
    ZERO_INITIAL,
    reviewer_rule,
    two_digit_years,
)

SENTENCE_END = re.compile(r"(?<=[。！？!?])")


@dataclass(frozen=True)
class Sentence:
    line: Line  # where it starts
    text: str


def sentences(document: Document) -> Iterator[Sentence]:
    """Every sentence of the document's prose, in order, with the line it starts on."""
    for lines in paragraph_lines(document.lines):
        # each line's text joined as the paragraph reads; a sentence starts on the line holding its first character
        starts: list[tuple[int, Line]] = []
        text = ""
        for line in lines:
            starts.append((len(text), line))
            text += line.text.strip()
        offset = 0
        for piece in SENTENCE_END.split(text):
            if piece.strip():
                first = offset + len(piece) - len(piece.lstrip())
                yield Sentence(next(line for start, line in reversed(starts) if start <= first), piece.strip())
            offset += len(piece)


def paragraph_lines(lines: tuple[Line, ...]) -> Iterator[list[Line]]:
    """The prose lines grouped in paragraphs: in a PDF a paragraph starts with an indented line or after a line
    that ends short (a heading ends short); in a text file each line is one."""
    current: list[Line] = []
    ended = True
    for line in lines:
        if line.is_row or not line.text.strip():
            continue
        if current and (not line.page or line.indent or ended):
            yield current
            current = []
        current.append(line)
        ended = line.short or not line.page
    if current:
        yield current


@dataclass(frozen=True)
class Placeholder:
    sentence: Sentence
    found: tuple[str, ...]  # the placeholders it holds, each once, in order


def placeholders(document: Document) -> list[Placeholder]:
    """The sentences that still hold a template's placeholders (XXX, ××, 请填写, （略）…): one each."""
    found = []
    for sentence in sentences(document):
        marks = tuple(dict.fromkeys(match.group(0) for match in PLACEHOLDER.finditer(sentence.text)))
        if marks:
            found.append(Placeholder(sentence, marks))
    return found


@dataclass(frozen=True)
class Finding:
    """A reviewer's finding in one sentence: where, what (in both languages), and the rule it matches."""

    line: Line
    code: str
    message: str

    def report(self, *, kind: str) -> str:
        rule = reviewer_rule(self.code, kind=kind)
        return f"{self.line.place()}: {self.message}" + (f" [{rule}]" if rule else "")


def findings(document: Document, *, year: int | None, prose_unit: str) -> list[Finding]:
    """Slips in the document's sentences: each sentence checked by every rule, one finding a rule."""
    rules: list[Callable[[str], str]] = [repeated_words, lambda text: two_digit_year(text, year=year)]
    if prose_unit == "万元":
        rules.append(unit_slip)
    rules.append(rate_of_zero_budget)
    found = []
    for sentence in sentences(document):
        for rule in rules:
            if code_and_message := rule(sentence.text):
                code, _, message = code_and_message.partition(" ")
                found.append(Finding(sentence.line, code, f"{message}：“{quoted(sentence.text)}”"))
    return found


def quoted(text: str, *, length: int = 60) -> str:
    """A sentence as a report quotes it: whole, or its start and an ellipsis."""
    return text if len(text) <= length else text[:length] + "…"


def repeated_words(text: str) -> str:
    match = REPEATED_WORDS.search(text)
    return f"REPEATED_WORDS “{match[1]}”连写了两遍 / a word written twice" if match else ""


def two_digit_year(text: str, *, year: int | None) -> str:
    match = next(iter(two_digit_years(text, year=year)), None) if year else None
    return f"YEAR_TWO_DIGITS 年份写成了两位“{match[0]}” / a year written with two digits" if match else ""


def unit_slip(text: str) -> str:
    """An amount in 元 small enough to be 万元 meant (the prose counts in 万元)."""
    for match in YUAN_AMOUNT.finditer(text):
        value = float(match[1].replace(",", ""))
        if SLIP_RANGE[0] <= value <= SLIP_RANGE[1]:
            return f"UNIT_SLIP 金额“{match[0]}”的单位是元，说明中的金额以万元计 / 元 where the prose counts in 万元"
    return ""


def rate_of_zero_budget(text: str) -> str:
    if ZERO_INITIAL.search(text) and RATE_OF_INITIAL.search(text):
        return "RATE_OF_ZERO_BUDGET 年初预算为0，不能算完成年初预算的百分比 / a rate of a zero initial budget"
    return ""
