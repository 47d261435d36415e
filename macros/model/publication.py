"""The budget model: a publication's tables as typed rows, each figure knowing where it was read."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from macros.model.dictionaries import Dictionaries
from macros.model.facts import FACTS_FILE, pending_fields
from macros.model.translations import english_or_pending, is_pending, text_in
from macros.reading.plain_yaml import YamlDocument
from macros.reading.sources import CsvRecord
from macros.template.facts_schema import publication_schema
from macros.template.specs import KIND_SUFFIXES, TOTAL_KEY, TOTAL_LABEL, TableSpec, Template

__all__ = ["TOTAL_KEY", "TOTAL_LABEL", "Figure", "Publication", "Row", "Table", "table_unit"]


@dataclass(frozen=True)
class Figure:
    """One published amount and the cell it came from (for messages that point at it)."""

    amount: Decimal
    path: Path
    line: int
    column: int


@dataclass(frozen=True)
class Row:
    """A logical row. In a two-sided table each CSV line holds up to two rows (income, expenditure).

    ``key`` is what checks look rows up by: ``total``, a classification code, a fixed row's key,
    or for Tables 11 and 12 the row type (``unit``, ``project``, ``economic_class``).
    """

    line: int
    key: str
    texts: dict[str, str]
    amounts: dict[str, Decimal]
    column_numbers: dict[str, int]

    def figure(self, column_id: str, *, path: Path) -> Figure:
        return Figure(self.amounts[column_id], path, self.line, self.column_numbers[column_id])


@dataclass
class Table:
    spec: TableSpec
    path: Path
    header: tuple[str, ...] = ()
    records: tuple[CsvRecord, ...] = ()
    rows: list[Row] = field(default_factory=list)
    # False when any cell or line had a problem: sums are then not checked, to avoid false alarms.
    complete: bool = False

    def rows_keyed(self, key: str) -> list[Row]:
        return [row for row in self.rows if row.key == key]

    @property
    def all_zero(self) -> bool:
        return all(amount == 0 for row in self.rows for amount in row.amounts.values())


@dataclass
class Publication:
    """One unit's budget (data/<year>/<unit>/) or final accounts (data/<year>/<unit>-final/) for one year."""

    folder: Path
    year: int
    unit_id: str
    template: Template
    facts: YamlDocument
    tables: dict[str, Table]
    dictionaries: Dictionaries

    @property
    def facts_path(self) -> Path:
        return self.facts.path

    @property
    def kind(self) -> str:
        """budget (预算) or final (决算): its template's kind."""
        return self.template.kind

    @property
    def publication_id(self) -> str:
        """The unit's id with its kind's suffix (``putuo-finance-bureau-final``): the folder's name, and what
        the publication's page and downloads are named by."""
        return self.unit_id + KIND_SUFFIXES[self.kind]

    @property
    def key(self) -> tuple[int, str]:
        """How ValidationResult.publications knows it: (year, publication_id)."""
        return (self.year, self.publication_id)

    @property
    def prior_key(self) -> tuple[int, str]:
        """The same unit's publication of the same kind a year before (where the data holds it)."""
        return (self.year - 1, self.publication_id)

    def unit_of(self, spec: TableSpec) -> str:
        """The unit a table's amounts are in: its template's ``unit``, else publication.yaml's amount_unit."""
        return table_unit(spec, amount_unit=self.facts.data["amount_unit"])

    def unit_name(self, *, lang: str) -> str:
        """The unit's name in ``lang``; an English name still pending is the Chinese, marked."""
        name_zh = self.facts.data["name_zh"]
        return english_or_pending(self.facts.data["name_en"], name_zh) if lang == "en" else name_zh

    def table_note(self, table_id: str, *, lang: str) -> str:
        """A table's note in ``lang`` ("" when it has none); English still pending is the Chinese, marked."""
        note = self.facts.data["table_notes"].get(table_id)
        return text_in(note, lang=lang) if note else ""

    def pending_translations(self) -> list[str]:
        """Every text of this publication whose English is pending, by where it is (publication.yaml's
        dotted keys, a table's file:line:column, units.csv's unit ids): what its English page counts."""
        found = [f"{FACTS_FILE}: {key}" for key in pending_fields(self.facts, publication_schema(self.template.facts))]
        for table in self.tables.values():
            # the data's own English columns are those of its detail rows (projects); a unit's or the total's
            # English comes from the unit list or the template
            for row in table.rows_keyed(table.spec.detail_row_type):
                for column in table.spec.columns:
                    english = column.english
                    if english and row.texts.get(column.id) and is_pending(row.texts.get(english, "")):
                        found.append(f"{table.spec.file}:{row.line}:{row.column_numbers[english]}: {english}")
        named = {self.facts.data["name_zh"]} | {
            row.texts["name"]
            for table in self.tables.values()
            if table.spec.layout == "units"
            for row in table.rows_keyed("unit")
        }
        found += [
            f"units.csv: {unit.unit_id}"
            for unit in self.dictionaries.units.values()
            if unit.name_zh in named and is_pending(unit.name_en)
        ]
        return found


def table_unit(spec: TableSpec, *, amount_unit: str) -> str:
    """A table's amount unit, given the publication's ``amount_unit`` (before a Publication exists)."""
    return spec.unit or amount_unit
