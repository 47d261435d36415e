"""Computed prose: each narrative section of a template is a text template, worded from the numbers.

The wording lives in the template's folder (``data/templates/<id>/``) and is rendered in Jinja2's
sandbox with plain data only (model/measures.py). The validator has rendered every text once, so a
failure here is a bug. Returns plain text; the page escapes it at the boundary.
"""

from __future__ import annotations

from macros.model.measures import Figures, text_context
from macros.model.publication import Publication
from macros.template.specs import Section
from macros.template.text import render_text


def section_paragraphs(publication: Publication, figures: Figures, section: Section, *, lang: str) -> list[str]:
    """A narrative section in the build language, as paragraphs (blank lines separate them)."""
    text = render_text(publication.template.texts, f"{section.text}.{lang}.j2", text_context(publication, figures))
    return [paragraph for paragraph in text.split("\n\n") if paragraph]
