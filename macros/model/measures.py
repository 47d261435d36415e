"""The figures a publication's prose and charts word, as plain data for its text templates.

This year's figures come from the tables, the prior year's from the prior year's folder when it
exists, else from ``explanation.prior_year`` in publication.yaml (see checking/content.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from macros.model.facts import typed_facts
from macros.model.publication import Publication
from macros.model.translations import english_or_pending
from macros.reading.amounts import AMOUNT_UNITS
from macros.template.facts_schema import publication_schema
from macros.template.text import PlainContext, plain_context


@dataclass(frozen=True)
class Figures:
    """This year's and the prior year's figures that the narrative compares, by the template's keys."""

    current: dict[str, Decimal]
    prior: dict[str, Decimal]  # only the figures compared with the prior year
    units: dict[str, str] = field(default_factory=dict)  # each figure's unit (its table's)

    def change(self, key: str) -> tuple[Decimal, Decimal]:
        return self.current[key], self.prior[key]


def measures(figures: Figures, *, unit: str) -> dict[str, Any]:
    """The figures as templates see them: nested by the dots of their keys, each {value, prior, unit}
    (three_public.total → m.three_public.total.value); prior is None where none is compared."""
    nested: dict[str, Any] = {}
    for key, current in figures.current.items():
        *groups, name = key.split(".")
        level = nested
        for group in groups:
            level = level.setdefault(group, {})
        level[name] = {"value": current, "prior": figures.prior.get(key), "unit": figures.units.get(key, unit)}
    return nested


def text_context(publication: Publication, figures: Figures) -> PlainContext:
    """Everything a text template may use, as plain data (the sandbox refuses anything else), checked once."""
    unit = publication.facts.data["amount_unit"]
    facts = typed_facts(publication.facts, publication_schema(publication.template.facts))
    facts["name_en"] = publication.unit_name(lang="en")  # a pending name: the Chinese, marked
    context = {
        "year": publication.year,
        "unit": unit,
        "unit_en": AMOUNT_UNITS[unit]["en"],
        "m": measures(figures, unit=unit),
        "tables": {spec.id: table_context(publication, spec.id) for spec in publication.template.tables},
        "facts": facts,
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
    return plain_context(context)


def table_unit(publication: Publication, table_id: str) -> str:
    """The unit a table's amounts are in (the table's own, else the publication's)."""
    spec = publication.template.table(table_id)
    return getattr(spec, "unit", "") or publication.facts.data["amount_unit"]


def table_context(publication: Publication, table_id: str) -> dict[str, Any]:
    """A table as text templates see it: its rows in printed order, each with its code (if any), its
    name, the names of its code's levels (path: 类, 款, 项 as the table prints them; path_en from the
    dictionary), its amounts and texts, and the table's unit."""
    table = publication.tables[table_id]
    unit = table_unit(publication, table_id)
    code_column = table.spec.code_column
    economic = code_column is not None and code_column.type == "economic_code"
    dictionary = publication.dictionaries.economic_codes if economic else publication.dictionaries.function_codes
    name_column = next((column.id for column in table.spec.columns if column.type == "name"), "")
    printed = {row.key: row.texts.get(name_column, "") for row in table.rows}
    english = {column.id: column.english for column in table.spec.columns if column.english}
    rows = []
    for row in table.rows:
        texts = dict(row.texts)
        for chinese, column in english.items():
            if row.key == table.spec.detail_row_type and texts.get(chinese) and column in texts:
                texts[column] = english_or_pending(texts[column], texts[chinese])
        code = row.key if row.key.isdigit() and row.key in dictionary.codes else ""
        levels = [code[:digits] for digits in dictionary.digits if digits <= len(code)] if code else []
        rows.append(
            {
                "key": row.key,
                "code": code,
                "name": printed.get(row.key, ""),
                "path": [printed.get(level) or dictionary.codes[level].name_zh for level in levels],
                "path_en": [dictionary.codes[level].name_en for level in levels],
                "amounts": dict(row.amounts),
                "texts": texts,
                "unit": unit,
            }
        )
    return {"rows": rows, "unit": unit}
