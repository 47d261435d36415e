"""The figures a publication's prose and charts word, as plain data for its text templates.

This year's figures come from the tables, the prior year's from the prior year's folder when it
exists, else from ``explanation.prior_year`` in publication.yaml (see checking/content.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from macros.model.facts import typed_facts
from macros.model.publication import Publication
from macros.reading.amounts import AMOUNT_UNITS
from macros.template.facts_schema import publication_schema


@dataclass(frozen=True)
class Figures:
    """This year's and the prior year's figures that the narrative compares, by the template's keys."""

    current: dict[str, Decimal]
    prior: dict[str, Decimal]

    def change(self, key: str) -> tuple[Decimal, Decimal]:
        return self.current[key], self.prior[key]


def measures(figures: Figures, *, unit: str) -> dict[str, Any]:
    """The compared figures as templates see them: nested by the dots of their keys, each
    {value, prior, unit} (three_public.total → m.three_public.total.value)."""
    nested: dict[str, Any] = {}
    for key, current in figures.current.items():
        *groups, name = key.split(".")
        level = nested
        for group in groups:
            level = level.setdefault(group, {})
        level[name] = {"value": current, "prior": figures.prior[key], "unit": unit}
    return nested


def text_context(publication: Publication, figures: Figures) -> dict[str, Any]:
    """Everything a text template may use, as plain data (the sandbox refuses anything else)."""
    unit = publication.facts.data["amount_unit"]
    return {
        "year": publication.year,
        "unit": unit,
        "unit_en": AMOUNT_UNITS[unit]["en"],
        "m": measures(figures, unit=unit),
        "facts": typed_facts(publication.facts, publication_schema(publication.template.facts)),
        "glossary": {
            term.term_id: {
                "term_zh": term.term_zh,
                "term_en": term.term_en,
                "definition_zh": term.definition_zh,
                "definition_en": term.definition_en,
            }
            for term in publication.dictionaries.glossary.values()
        },
    }
