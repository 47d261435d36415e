"""Text from data made inert in GitHub-flavoured Markdown: job summaries and other reports for reviewers.

``escape_markdown`` is the one place where text read from data enters Markdown that GitHub renders
(``scripts/budget_diff.py``, ``scripts/validate.py --format markdown``). Its result, put in a table cell
or after a list item's marker, shows the text as it is: it never becomes markup, a link, a mention or
a reference, and never ends the line (a line break would end the table row or list item, and an
unclosed ``<!--`` would hide everything after it).

Three kinds of escape, each where GitHub honours it:

- Markdown syntax (emphasis, code, links, images, tables, headings, list starts) is decided when the
  Markdown is parsed: a backslash before an ASCII punctuation character makes it literal.
- HTML (``<``, ``>``, ``&``) becomes numeric character references (``&#60;``), which GitHub shows as
  the character itself and never reads as a tag, a comment or an entity.
- Mentions (``@user``), references (``#1``, ``GH-1``), autolinks (``http://``, ``www.``) and emoji
  codes (``:smile:``) are found by GitHub *after* parsing, in the text the Markdown produced, so a
  backslash or an entity does not stop them (``\\@user`` is still a mention). An invisible WORD JOINER
  (U+2060) is put inside each pattern instead: ``@⁠user`` no longer matches GitHub's mention pattern
  (a letter or digit must follow the ``@``), and the reader still sees ``@user``. Renovate breaks
  mentions in release notes the same way, with a zero-width space; the word joiner also forbids a
  line break there. Math (``$…$``) is likewise found in the produced text: GitHub's documentation
  says to put a literal ``$`` in a ``<span>``, and so it is.

Line breaks (CR, LF, U+2028, U+2029) become spaces. Control and invisible format characters (and any
lone surrogate) become visible markers such as ``⟨U+0007⟩``, so that two texts that look alike but
differ are seen to differ, and a word joiner in the data cannot pass for ours.
"""

from __future__ import annotations

import re
import unicodedata

WORD_JOINER = "\u2060"
LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029]")
# Unicode categories shown as ⟨U+XXXX⟩: controls (Cc), invisible format characters such as bidi
# overrides and zero-width spaces (Cf), and surrogates (Cs, which could not even be printed as UTF-8).
MARKED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
# Where GitHub would link text after parsing, a word joiner goes after the match (after ``@`` and
# ``#``; between ``http`` and ``://``, ``www`` and ``.``, ``GH`` and ``-1``, and an emoji code's first
# ``:`` and its name). E-mail addresses (``a@b.example``) and ``mailto:`` links need their ``@``.
LINKED_BY_GITHUB = re.compile(r"[@#]|(?<=\w)(?=://)|(?i:(?<=www)(?=\.))|(?i:(?<=gh)(?=-\d))|(?<=:)(?=[\w+-]+:)")
# Characters that mean something wherever they stand: a backslash makes them literal (CommonMark
# allows it before any ASCII punctuation; a GFM table takes ``\|`` as a pipe in the cell).
ESCAPES = {character: "\\" + character for character in "\\`*_~[]()!|#"}
# HTML as numeric references; ``$`` (math) in a span, as GitHub's documentation advises.
ESCAPES |= {"&": "&#38;", "<": "&#60;", ">": "&#62;", "$": "<span>$</span>"}
TRANSLATION = str.maketrans(ESCAPES)
# What makes a block when it starts a list item's text (table cells hold no blocks): a list marker
# (``-``, ``+``, ``1.``), a setext underline (``=``), and leading spaces (four make a code block).
# ``#``, ``>``, ``*`` and fences are escaped everywhere already.
LEADING_SPACES = re.compile(r"^ +")
LEADING_MARKER = re.compile(r"^([-+=]|\d+\.)")


def marked(character: str) -> bool:
    """Shown by code point: controls, format characters, and spaces other than the plain one (a
    no-break space swapped for a space must be seen to differ)."""
    category = unicodedata.category(character)
    return category in MARKED_CATEGORIES or (category == "Zs" and character != " ")


def escape_markdown(text: str) -> str:
    """``text`` as one line of literal text in GitHub-flavoured Markdown (a table cell, a list item)."""
    text = LINE_BREAK.sub(" ", text)
    text = "".join(f"⟨U+{ord(character):04X}⟩" if marked(character) else character for character in text)
    text = LINKED_BY_GITHUB.sub(lambda found: found.group(0) + WORD_JOINER, text)
    text = text.translate(TRANSLATION)
    text = LEADING_SPACES.sub(lambda found: "&#32;" * len(found.group(0)), text)
    return LEADING_MARKER.sub(lambda found: found.group(0)[:-1] + "\\" + found.group(0)[-1], text)
