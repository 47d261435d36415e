"""The one boundary between data text and the page.

Text read from CSV or YAML reaches HTML only through ``escape_text``: HTML specials become entities,
and so do the characters Markdown, MkDocs' attribute lists or Jinja could act on (``| { } [ ] * _ `
# \\ ~ ! < >``). Line breaks become ``<br>``. The result is inert wherever it lands: inside raw HTML,
a Markdown heading, or a table cell.
"""

from __future__ import annotations

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


def escape_text(text: str) -> str:
    escaped = text.translate(TRANSLATION)
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
