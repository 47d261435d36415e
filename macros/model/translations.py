"""Pending translations: English that nobody has written yet (issue 15).

Names of classification codes, glossary terms and interface labels always have their English. A unit's
name (units.csv ``name_en``) and a publication's own free text (the ``{zh, en}`` texts of publication.yaml,
table notes included, and a table's English columns such as project names and goals) may wait for it:
left empty, the validator warns (TRANSLATION_PENDING) and the English edition shows the official Chinese,
marked as such.

The model hands such a text on as its Chinese between two private-use characters. Data can never hold
them (reading/text_policy.py refuses private-use characters), so no text can forge the mark; how it is
written is decided at the one escaping boundary (rendering/escaping.py), and downloads carry the English
empty, as the data has it (``without_pending``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

PENDING_START = "\ue000"
PENDING_END = "\ue001"
PENDING = re.compile(f"{PENDING_START}([^{PENDING_START}{PENDING_END}]*){PENDING_END}")


def is_pending(english: str) -> bool:
    """An English text left empty: its translation is pending."""
    return not english.strip()


def pending(chinese: str) -> str:
    """The official Chinese, marked as standing in for the English nobody has written yet. Each line is
    marked on its own, so that a text template's paragraphs (split at blank lines) keep every mark whole;
    ``joined_pending`` makes the lines of one text one mark again."""
    lines = LINE_BREAK.split(chinese)
    return "\n".join(f"{PENDING_START}{line}{PENDING_END}" if line.strip() else line for line in lines)


LINE_BREAK = re.compile(r"\r\n|\r|\n")


def joined_pending(text: str) -> str:
    """Marked lines that follow one another as one mark (the lines of one pending text)."""
    return MARKED_LINES.sub(r"\1", text)


MARKED_LINES = re.compile(f"{PENDING_END}(\n+){PENDING_START}")


def unmarked(text: str) -> str:
    """The text with any mark left unpaired taken out (a template that cut a text in two): no private-use
    character reaches a page or a file."""
    return text.replace(PENDING_START, "").replace(PENDING_END, "")


def english_or_pending(english: str, chinese: str) -> str:
    """The English, or the Chinese marked as pending when the English is empty."""
    return pending(chinese) if is_pending(english) else english


def text_in(text: Mapping[str, str], *, lang: str) -> str:
    """A ``{zh, en}`` text in ``lang``; English still pending is the Chinese, marked."""
    if lang == "en":
        return english_or_pending(text.get("en") or "", text["zh"])
    return text["zh"]


def without_pending(text: str) -> str:
    """The text with its pending parts left out: downloads carry no marks, and English still pending is
    empty there, as in the data."""
    return unmarked(PENDING.sub("", joined_pending(text)))


def pending_parts(text: str) -> list[str]:
    """The Chinese texts marked as pending in ``text``, in order."""
    return PENDING.findall(joined_pending(text))
