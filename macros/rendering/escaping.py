"""The one boundary between data text and the page.

Text read from CSV or YAML reaches HTML only through ``escape_text``: HTML specials become entities,
and so do the characters Markdown, MkDocs' attribute lists or Jinja could act on (``| { } [ ] * _ `
# \\ ~ ! < >``). Line breaks become ``<br>``. The result is inert wherever it lands: inside raw HTML,
a Markdown heading, or a table cell.

English still pending (model/translations.py) arrives as the Chinese between two private-use
characters that no data can hold; here, and only here, it becomes the Chinese marked as such:
``<span lang="zh-Hans" class="translation-pending">…</span> <small …>(translation pending)</small>``,
or, where no markup may stand (titles, attributes, the navigation, an SVG's description), the same
in words.
"""

from __future__ import annotations

import re

from macros.model.translations import PENDING, joined_pending, unmarked
from macros.rendering.i18n import label

# HTML specials, and characters that mean something to Markdown, attr_list ({#id}), Jinja ({{ }}, {% %})
# or tables (|). One pass over the text, so that no entity is escaped twice.
ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "|": "&#124;",
    "{": "&#123;",
    "}": "&#125;",
    "[": "&#91;",
    "]": "&#93;",
    "*": "&#42;",
    "_": "&#95;",
    "`": "&#96;",
    "\\": "&#92;",
    "#": "&#35;",
    "~": "&#126;",
    "!": "&#33;",
    "%": "&#37;",
}
TRANSLATION = str.maketrans(ENTITIES)


def escape_text(text: str, *, markup: bool = True) -> str:
    """``text`` made inert for the page. ``markup=False`` where no tag may stand (a <title>, an attribute,
    the navigation, an SVG's <desc>): line breaks become spaces and pending English is marked in words."""
    escaped = joined_pending(text.translate(TRANSLATION).replace("\r\n", "\n").replace("\r", "\n"))
    if not markup:
        return pending_in_words(escaped.replace("\n", " "))
    # The Chinese inside a mark is escaped already: the mark's characters pass the translation unchanged.
    return unmarked(PENDING.sub(marked_pending, escaped.replace("\n", "<br>")))


# Runs of Chinese (CJK ideographs, their punctuation and full-width forms) in escaped text, whose entities hold none.
CHINESE_RUN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")


def mark_chinese(escaped: str) -> str:
    """Each run of Chinese in already escaped text marked as such (lang="zh-Hans"): for screen readers, and so that
    an English page shows data it holds only in Chinese (a commit's message, a line's name) for what it is."""
    return CHINESE_RUN.sub(lambda found: f'<span lang="zh-Hans">{found.group(0)}</span>', escaped)


def marked_pending(found: re.Match[str]) -> str:
    return (
        f'<span lang="zh-Hans" class="translation-pending">{found.group(1)}</span> '
        f'<small class="translation-pending-label">{label("translation_pending", lang="en")}</small>'
    )


def pending_in_words(text: str) -> str:
    """Pending English as the Chinese followed by the label in words: for text drawn into a chart, and
    for escaped text where no markup may stand."""
    words = label("translation_pending", lang="en")
    return unmarked(PENDING.sub(lambda found: f"{found.group(1)} {words}", joined_pending(text)))
