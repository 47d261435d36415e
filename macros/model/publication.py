"""The budget model: a publication's tables as typed rows, each figure knowing where it was read."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from macros.model.dictionaries import Dictionaries
from macros.reading.plain_yaml import YamlDocument
from macros.reading.sources import CsvRecord
from macros.template.specs import TOTAL_KEY, TOTAL_LABEL, TableSpec, Template

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
    """One unit's budget for one year: data/<year>/<unit>/."""

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

    def unit_of(self, spec: TableSpec) -> str:
        """The unit a table's amounts are in: its template's ``unit``, else publication.yaml's amount_unit."""
        return table_unit(spec, amount_unit=self.facts.data["amount_unit"])


def table_unit(spec: TableSpec, *, amount_unit: str) -> str:
    """A table's amount unit, given the publication's ``amount_unit`` (before a Publication exists)."""
    return spec.unit or amount_unit
