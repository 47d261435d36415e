"""Computed prose: each narrative section of a template is a text template, worded from the numbers.

The wording lives in the template's folder (``data/templates/<id>/``) and is rendered in Jinja2's
sandbox with plain data only (model/measures.py). The validator has rendered every text once, so a
failure here is a bug. Returns plain text; the page escapes it at the boundary.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from macros.model.publication import Publication
from macros.template.specs import Section
from macros.template.text import render_text


def section_paragraphs(
    publication: Publication, context: Mapping[str, Any], section: Section, *, lang: str
) -> list[str]:
    """A narrative section in the build language, as paragraphs (blank lines separate them); ``context``
    is the publication's text_context (model/measures.py)."""
    text = render_text(publication.template.texts, f"{section.text}.{lang}.j2", context)
    return [paragraph for paragraph in text.split("\n\n") if paragraph]
