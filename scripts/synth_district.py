"""Write a synthetic district: N units over Y years of valid budget data, for any template.

    python scripts/synth_district.py --units N --years Y --seed S --out DIR [--first-year 2024]
                                     [--template ID [--template ID ...]] [--kinds budget,final]

Each template's exemplar is the newest publication of it in the repository's data/ that validates
without a problem. Its published tables add up only within rounding, and a rounding difference times k
can exceed what rounding explains, so the exemplar is first made exact: the validator's own identity
checks are run on symbols to learn which cells must add up, and the smallest corrections (a cent on a
leaf line) make every identity hold exactly. A synthetic unit-year is then that exact exemplar with
every table amount multiplied by an integer k (a per-unit base and a small random walk, so totals change
by a few percent a year). Its publication.yaml is the exemplar's with the amount facts scaled by k, the
years of its text and dates moved to the new year, the unit renamed, the prior-year figures stated as
the prior-year check reads them from the previous synthetic year, and a plain reason wherever a checked
figure changed.

Units take the templates with an exemplar in turn (sorted by id), so a district mixes templates as a
real one does; --template (repeatable) keeps only those. --kinds budget,final gives every unit its 决算
(data/<year>/<unit>-final/) beside its 预算 each year, from a final accounts template's exemplar scaled near the
预算's size, printing as its 年初预算数 exactly what the unit's synthetic 预算 holds. Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import random
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.checking import content, execution
from macros.checking.crosschecks import Reference, check_cross_tables
from macros.checking.identities import check_table_identities
from macros.checking.validation import validate
from macros.model.dictionaries import UNIT_COLUMNS
from macros.model.publication import Publication, Row, Table
from macros.reading.amounts import DEFAULT_PRECISION, rounding_tolerance
from macros.reading.plain_yaml import dump_yaml
from macros.reading.problems import display_path
from macros.template.facts_schema import Field, publication_schema
from macros.template.specs import KIND_SUFFIXES, TEMPLATE_KINDS

REPO_DATA = Path(__file__).resolve().parent.parent / "data"
SHARED = ("dictionaries", "templates")  # what every publication reads besides units.csv
DEPARTMENTS = [
    ("教育局", "Education Bureau"),
    ("卫生健康局", "Health Bureau"),
    ("民政局", "Civil Affairs Bureau"),
    ("财政局", "Finance Bureau"),
    ("人力资源和社会保障局", "Human Resources and Social Security Bureau"),
    ("住房和城乡建设局", "Housing and Urban-Rural Development Bureau"),
    ("城市管理和综合执法局", "Urban Management and Law Enforcement Bureau"),
    ("文化广电旅游体育局", "Culture, Radio, Television, Tourism and Sports Bureau"),
    ("科技工业商务和信息化局", "Science, Technology, Industry, Commerce and Information Bureau"),
    ("司法局", "Justice Bureau"),
    ("统计局", "Statistics Bureau"),
    ("市场监督管理局", "Market Regulation Bureau"),
    ("档案馆", "Archives"),
    ("政务服务数据管理局", "Government Services and Data Administration"),
    ("退役军人事务局", "Veterans Affairs Bureau"),
    ("应急管理局", "Emergency Management Bureau"),
]
DISTRICT = ("示范区", "Model District")  # no real district: units of several regions' templates share it
REASON = {"zh": "按工作需要调整预算安排", "en": "the budget was adjusted to the work required"}
BASE = (20, 40)  # k of a unit's first year: its size relative to its exemplar
STEPS = (-1, 0, 1, 1, 2)  # k's change a year: a few percent of 20–40, growing on average
CENT = Decimal(1).scaleb(-DEFAULT_PRECISION)  # facts state amounts to the cent (the amount kind)
TEXT_COLUMNS = ("name", "text")  # table cells that are words of the unit, not the template's labels
# A year in words: as the year check reads one, and also ending a sentence ("the whole of 2025.").
YEAR_IN_TEXT = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?!\d|\.\d)")

Cell = tuple[str, int, str]  # an amount cell: table id, CSV line, column id


class SynthError(RuntimeError):
    """An exemplar this generator cannot turn into exact synthetic data."""


# --- The exemplar, made exact -------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """Σ coefficient × cell + constant, which a check compares with what rounding explains: equal to 0
    (``equality``), or at most 0 (an at_most check)."""

    terms: dict[Cell, Decimal]
    constant: Decimal
    equality: bool


class Form:
    """A sum of cells, standing in for an amount while the validator's identity checks run: each
    comparison they make is recorded in ``sink`` and passes, so every identity is read, none reported."""

    def __init__(
        self,
        terms: dict[Cell, Decimal],
        sink: list[Identity],
        *,
        constant: Decimal = Decimal(0),
        absolute: bool = False,
    ) -> None:
        self.terms, self.sink, self.constant, self.absolute = terms, sink, constant, absolute

    def combined(self, other: Any, sign: int) -> Form:
        if isinstance(other, Form):
            terms = dict(self.terms)
            for cell, coefficient in other.terms.items():
                terms[cell] = terms.get(cell, Decimal(0)) + sign * coefficient
            return Form(terms, self.sink, constant=self.constant + sign * other.constant)
        return Form(self.terms, self.sink, constant=self.constant + sign * Decimal(other))

    def __add__(self, other: Any) -> Form:
        return self.combined(other, 1)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Form:
        return self.combined(other, -1)

    def __rsub__(self, other: Any) -> Form:
        return (-self).combined(other, 1)

    def __neg__(self) -> Form:
        return self * -1

    def __mul__(self, factor: Any) -> Form:
        factor = Decimal(factor)
        terms = {cell: coefficient * factor for cell, coefficient in self.terms.items()}
        return Form(terms, self.sink, constant=self.constant * factor)

    __rmul__ = __mul__

    def __abs__(self) -> Form:  # |difference| compared with a tolerance: an identity
        return Form(self.terms, self.sink, constant=self.constant, absolute=True)

    def __gt__(self, tolerance: Any) -> bool:  # "differs by more than rounding explains": never
        self.sink.append(Identity(self.terms, self.constant, equality=self.absolute))
        return False

    def __le__(self, tolerance: Any) -> bool:  # "within what rounding explains": always
        self.sink.append(Identity(self.terms, self.constant, equality=self.absolute))
        return True


def symbolic(publication: Publication, sink: list[Identity]) -> Publication:
    """The publication with each amount a Form of its own cell."""
    tables = {}
    for table_id, table in publication.tables.items():
        rows = [replace(row, amounts=symbols(table_id, row, sink)) for row in table.rows]
        tables[table_id] = replace(table, rows=rows)
    return replace(publication, tables=tables)


def symbols(table_id: str, row: Row, sink: list[Identity]) -> dict[str, Any]:
    return {column: Form({(table_id, row.line, column): Decimal(1)}, sink) for column in row.amounts}


def identities(publication: Publication) -> list[Identity]:
    """Every identity the validator checks between the publication's amounts, read by running its checks."""
    sink: list[Identity] = []
    shadow = symbolic(publication, sink)
    amount_unit = publication.facts.data["amount_unit"]
    for table in shadow.tables.values():
        check_table_identities(table, dictionaries=publication.dictionaries, amount_unit=amount_unit)
    check_cross_tables(shadow, amount_unit=amount_unit)
    return sink


def cell_amounts(publication: Publication) -> dict[Cell, Decimal]:
    return {
        (table_id, row.line, column): amount
        for table_id, table in publication.tables.items()
        for row in table.rows
        for column, amount in row.amounts.items()
    }


def residual(identity: Identity, amounts: dict[Cell, Decimal]) -> Decimal:
    return identity.constant + sum(
        (coefficient * amounts[cell] for cell, coefficient in identity.terms.items()), Decimal(0)
    )


def holds(identity: Identity, amounts: dict[Cell, Decimal]) -> bool:
    """Exactly: rounding aside."""
    value = residual(identity, amounts)
    return value == 0 if identity.equality else value <= 0


def binding(found: list[Identity], amounts: dict[Cell, Decimal]) -> list[Identity]:
    """The identities to make exact: equalities, and at_most checks the exemplar meets only by rounding."""
    return [identity for identity in found if identity.equality or residual(identity, amounts) >= 0]


Equation = tuple[dict[Cell, Fraction], Fraction]  # Σ a × steps of a cell = right-hand side


def equations(found: list[Identity], amounts: dict[Cell, Decimal], steps: dict[Cell, Decimal]) -> list[Equation]:
    """What the corrections must do, counted in each cell's last printed digit (a cent at two decimals)."""
    return [
        (
            {cell: Fraction(coefficient * steps[cell]) for cell, coefficient in identity.terms.items() if coefficient},
            -Fraction(residual(identity, amounts)),
        )
        for identity in found
    ]


def pivot_order(cell: Cell, coefficient: Fraction, *, amounts: dict[Cell, Decimal], uses: dict[Cell, int]) -> tuple:
    """Which cell of an equation takes the correction: one of coefficient ±1 (whole steps), not a zero
    (it stays blank and never turns negative), in the fewest identities (a leaf line), the largest."""
    return (abs(coefficient) != 1, amounts[cell] == 0, uses[cell], -abs(amounts[cell]), cell)


def corrections(found: list[Equation], amounts: dict[Cell, Decimal]) -> dict[Cell, Fraction]:
    """A solution of the equations (in steps), by Gauss–Jordan elimination with the cells not chosen as
    pivots left as they are: each pivot takes the rounding difference its identities leave."""
    uses: dict[Cell, int] = {}
    for terms, _ in found:
        for cell in terms:
            uses[cell] = uses.get(cell, 0) + 1
    solved: dict[Cell, Equation] = {}  # pivot -> its equation, pivot coefficient 1, no other pivot in it
    for terms, right in found:
        terms = dict(terms)
        for pivot in [cell for cell in terms if cell in solved]:
            right = eliminate(terms, right, pivot, solved[pivot])
        terms = {cell: coefficient for cell, coefficient in terms.items() if coefficient}
        if not terms:
            if right:
                raise SynthError("the exemplar's identities contradict each other beyond rounding")
            continue
        pivot = min(terms, key=lambda cell: pivot_order(cell, terms[cell], amounts=amounts, uses=uses))
        scale = terms[pivot]
        equation = ({cell: coefficient / scale for cell, coefficient in terms.items()}, right / scale)
        for other, (other_terms, other_right) in list(solved.items()):
            if pivot in other_terms:
                other_terms = dict(other_terms)
                solved[other] = (other_terms, eliminate(other_terms, other_right, pivot, equation))
        solved[pivot] = equation
    return {pivot: right for pivot, (_, right) in solved.items() if right}


def eliminate(terms: dict[Cell, Fraction], right: Fraction, pivot: Cell, equation: Equation) -> Fraction:
    """Take ``pivot`` out of ``terms`` (in place) with its equation; returns the new right-hand side."""
    factor = terms.pop(pivot)
    pivot_terms, pivot_right = equation
    for cell, coefficient in pivot_terms.items():
        if cell != pivot:
            terms[cell] = terms.get(cell, Fraction(0)) - factor * coefficient
    return right - factor * pivot_right


def exact_publication(publication: Publication) -> Publication:
    """The publication with the rounding differences of its identities moved onto leaf cells, so that every
    identity holds exactly and keeps holding when all amounts are multiplied by the same k."""
    amounts = cell_amounts(publication)
    steps = {cell: Decimal(1).scaleb(-publication.tables[cell[0]].spec.precision) for cell in amounts}
    found = binding(identities(publication), amounts)
    corrected = dict(amounts)
    for cell, count in corrections(equations(found, amounts, steps), amounts).items():
        if count.denominator != 1:
            raise SynthError(f"{publication.folder}: no whole-cent correction makes {cell} add up")
        corrected[cell] = amounts[cell] + count.numerator * steps[cell]
    if not all(holds(identity, corrected) for identity in identities(publication)):
        raise SynthError(f"{publication.folder}: its tables cannot be made to add up exactly")
    tables = {
        table_id: replace(
            table,
            rows=[
                replace(row, amounts={column: corrected[(table_id, row.line, column)] for column in row.amounts})
                for row in table.rows
            ],
        )
        for table_id, table in publication.tables.items()
    }
    return replace(publication, tables=tables)


@dataclass(frozen=True)
class Exemplar:
    """A template's exemplar, made exact, and its figures that Part 3 compares (a unit-year's are these
    times k) with their units."""

    publication: Publication
    figures: dict[str, Decimal]
    units: dict[str, str]

    @classmethod
    def of(cls, published: Publication) -> Exemplar:
        publication = exact_publication(published)
        return cls(publication, content.current_figures(publication), content.figure_units(publication))


def find_exemplars(data_dir: Path) -> dict[str, Exemplar]:
    """Per template id (sorted), its newest publication without a problem in its folder."""
    result = validate(data_dir)
    troubled = {found.path for found in result.problems}
    newest: dict[str, Publication] = {}
    for _, publication in sorted(result.publications.items()):  # by year: the newest is kept
        folder = display_path(publication.folder)
        if not any(path == folder or path.startswith(folder + "/") for path in troubled):
            newest[publication.template.id] = publication
    return {template_id: Exemplar.of(newest[template_id]) for template_id in sorted(newest)}


# --- Units ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitEntry:
    """A line of units.csv."""

    unit_id: str
    name_zh: str
    name_en: str
    parent_unit_id: str = ""


@dataclass(frozen=True)
class SynthUnit:
    """A synthetic unit: its exemplar, its units.csv lines (itself first, then what stands for the
    exemplar's subordinate units) and the exemplar's names each line replaces."""

    exemplar: Exemplar
    entries: tuple[UnitEntry, ...]
    renamed: dict[str, str]

    @property
    def main(self) -> UnitEntry:
        return self.entries[0]


def department_names(index: int) -> tuple[str, str]:
    """The index-th unit's names: the departments in turn, numbered from their second round on."""
    zh, en = DEPARTMENTS[index % len(DEPARTMENTS)]
    round_ = index // len(DEPARTMENTS)
    return (
        f"{DISTRICT[0]}{zh}" + (f"（{round_ + 1}）" if round_ else ""),
        f"{en}, {DISTRICT[1]}" + (f" ({round_ + 1})" if round_ else ""),
    )


def synth_unit(index: int, exemplar: Exemplar) -> SynthUnit:
    """The index-th unit; the exemplar's subordinate units (whose names its tables print) get numbered
    subordinates of their own."""
    publication = exemplar.publication
    unit_id = f"unit-{index + 1:03d}"
    name_zh, name_en = department_names(index)
    entries = [UnitEntry(unit_id, name_zh, name_en)]
    renamed: dict[str, str] = {}
    for number, original in enumerate(publication.dictionaries.descendants(publication.unit_id)):
        if number:
            entries.append(
                UnitEntry(
                    f"{unit_id}-{number}",
                    f"{name_zh}下属单位{number}",
                    f"Subordinate unit {number} of the {name_en}",
                    unit_id,
                )
            )
        renamed |= {original.name_zh: entries[-1].name_zh, original.name_en: entries[-1].name_en}
    return SynthUnit(exemplar=exemplar, entries=tuple(entries), renamed=renamed)


def write_csv(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def write_units(out: Path, units: list[SynthUnit]) -> None:
    rows = [list(UNIT_COLUMNS)]
    entries = dict.fromkeys(entry for unit in units for entry in unit.entries)  # a unit's kinds share its lines
    rows += [[entry.unit_id, entry.name_zh, entry.name_en, entry.parent_unit_id] for entry in entries]
    write_csv(out / "units.csv", rows)


def factors(rng: random.Random, years: int) -> list[int]:
    """k for the year before the first and for each year: a random walk from the unit's base, never below 1."""
    walk = [rng.randint(*BASE)]
    for _ in range(years):
        walk.append(max(1, walk[-1] + rng.choice(STEPS)))
    return walk


# --- A unit-year ---------------------------------------------------------------------------------


def retexter(*, renamed: dict[str, str], offset: int) -> Callable[[str], str]:
    """How the exemplar's words become the unit-year's: its units renamed, and every year the year check
    reads moved by ``offset`` (the budget year and the one before stay so)."""
    names = re.compile("|".join(re.escape(name) for name in sorted(renamed, key=len, reverse=True)))

    def retext(text: str) -> str:
        text = names.sub(lambda match: renamed[match.group(0)], text) if renamed else text
        return YEAR_IN_TEXT.sub(lambda match: str(int(match.group(1)) + offset), text)

    return retext


def shifted(day: datetime.date, offset: int) -> datetime.date:
    try:
        return day.replace(year=day.year + offset)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + offset, day=28)


def synth_table(
    table: Table,
    *,
    target: Path,
    factor: int,
    retext: Callable[[str], str],
    overrides: dict[tuple[int, str], Decimal] | None = None,
) -> None:
    """The exemplar's table, line for line: its (exact) amounts times ``factor``, keeping their decimals
    (730.66 × 3 = 2191.98) and a blank zero blank; the unit's words rewritten; labels and codes kept.
    ``overrides`` (by CSV line and column) are amounts written as they are: a 决算's 年初预算数."""
    types = {column.id: column.type for column in table.spec.columns}
    kinds = [types.get(column, "") for column in table.header]
    amounts = {(row.line, column): amount for row in table.rows for column, amount in row.amounts.items()}
    rows = [list(table.header)]
    for record in table.records:
        cells = []
        for cell, column, kind in zip(record.cells, table.header, kinds, strict=False):
            amount = amounts.get((record.line, column))
            if (record.line, column) in (overrides or {}):
                cell = f"{(overrides or {})[(record.line, column)]:.{table.spec.precision}f}"
            elif kind == "amount" and amount is not None and (cell.strip() or amount):
                cell = str(amount * factor)
            elif kind in TEXT_COLUMNS:
                cell = retext(cell)
            cells.append(cell)
        rows.append(cells + list(record.cells[len(cells) :]))
    write_csv(target, rows)


def synth_value(value: Any, spec: Field | None, *, factor: int, offset: int, retext: Callable[[str], str]) -> Any:
    """A fact of the exemplar for the unit-year: amounts (as its template's schema says) times ``factor``,
    dates moved by ``offset`` years, words rewritten; counts and the like kept."""

    def child(item: Any, key: Any) -> Any:
        inner = None
        if spec is not None and spec.kind == "record":
            inner = spec.fields.get(str(key))
        elif spec is not None and spec.kind in ("list", "map"):
            inner = spec.item
        return synth_value(item, inner, factor=factor, offset=offset, retext=retext)

    if isinstance(value, dict):
        return {key: child(item, key) for key, item in value.items()}
    if isinstance(value, list):
        return [child(item, index) for index, item in enumerate(value)]
    if isinstance(value, str):
        return retext(value)
    if isinstance(value, datetime.date):
        return shifted(value, offset)
    if isinstance(value, int | Decimal) and not isinstance(value, bool) and spec is not None and spec.kind == "amount":
        return value * factor
    return value


def lookup(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = data
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def stated_prior(exemplar: Exemplar, figure: str, *, factor: int) -> Decimal:
    """The prior year's figure (the exemplar's times the prior year's k) as publication.yaml states it:
    in the prior-year unit, to the cent, as the prior-year check reads it from the prior year's folder."""
    stated = content.convert(
        exemplar.figures[figure] * factor,
        from_unit=exemplar.units[figure],
        to_unit=content.prior_unit(exemplar.publication),
    )
    return stated.quantize(CENT, rounding=ROUND_HALF_UP)


def state_prior_year(data: dict[str, Any], exemplar: Exemplar, *, prior_factor: int) -> None:
    for figure in content.compared_figures(exemplar.publication):
        value = stated_prior(exemplar, figure, factor=prior_factor)
        put(data, content.prior_fact_keys(exemplar.publication, figure), value)


def add_up_sums(data: dict[str, Any], exemplar: Exemplar) -> None:
    """Facts that must add up: the exemplar's rounding difference times k may exceed what rounding
    explains, so such a total becomes the sum of its parts."""
    for rule in exemplar.publication.template.checks.sums:
        total_path = tuple(rule.total.split("."))
        parts = [lookup(data, tuple(part.split("."))) for part in rule.parts]
        total = lookup(data, total_path)
        if total is None or any(part is None for part in parts):
            continue
        if abs(total - sum(parts)) > rounding_tolerance(len(parts) + 1):
            put(data, total_path, sum(parts, Decimal(0)))


def give_reasons(data: dict[str, Any], exemplar: Exemplar, *, factor: int) -> None:
    """A plain reason wherever a checked figure changed against the prior year stated above (the
    exemplar's own reason may explain a change the other way)."""
    publication = exemplar.publication
    for rule in publication.template.checks.reasons:
        prior = lookup(data, content.prior_fact_keys(publication, rule.figure))
        if prior is None:
            continue
        prior = content.convert(prior, from_unit=content.prior_unit(publication), to_unit=exemplar.units[rule.figure])
        if exemplar.figures[rule.figure] * factor != prior:
            put(data, tuple(rule.reason.split(".")), dict(REASON))


def synth_facts(unit: SynthUnit, *, year: int, factor: int, prior_factor: int) -> dict[str, Any]:
    exemplar = unit.exemplar
    publication = exemplar.publication
    offset = year - publication.year
    schema = publication_schema(publication.template.facts)
    retext = retexter(renamed=unit.renamed, offset=offset)
    data = synth_value(publication.facts.data, schema, factor=factor, offset=offset, retext=retext)
    data |= {"unit": unit.main.unit_id, "year": year, "name_zh": unit.main.name_zh, "name_en": unit.main.name_en}
    state_prior_year(data, exemplar, prior_factor=prior_factor)
    add_up_sums(data, exemplar)
    give_reasons(data, exemplar, factor=factor)
    return data


def write_publication(
    folder: Path, unit: SynthUnit, *, year: int, factor: int, prior_factor: int, initial: Initials | None = None
) -> None:
    publication = unit.exemplar.publication
    folder.mkdir(parents=True)
    retext = retexter(renamed=unit.renamed, offset=year - publication.year)
    for table in publication.tables.values():
        overrides = initial.cells.get(table.spec.id) if initial else None
        synth_table(table, target=folder / table.spec.file, factor=factor, retext=retext, overrides=overrides)
    facts = synth_facts(unit, year=year, factor=factor, prior_factor=prior_factor)
    for path, amount in (initial.facts if initial else {}).items():
        put(facts, path, amount)
    (folder / publication.facts_path.name).write_text(dump_yaml(facts), encoding="utf-8")


# --- Both kinds: a unit's 决算 beside its 预算 ---------------------------------------------------------


@dataclass(frozen=True)
class Initials:
    """What a synthetic 决算 prints as its 年初预算数 so that it agrees with the unit's synthetic 预算: table
    cells (table id -> (line, column) -> amount) and publication.yaml values (path -> amount)."""

    cells: dict[str, dict[tuple[int, str], Decimal]]
    facts: dict[tuple[str, ...], Decimal]


def initials(final: Exemplar, budget: Exemplar, *, budget_factor: int) -> Initials:
    """The 决算 template's initial: amounts, each its 预算's comparable of the same name (the budget
    exemplar's times its k), in the unit the 决算 prints it in, to the cent."""
    spec = final.publication.template.execution
    cells: dict[str, dict[tuple[int, str], Decimal]] = {}
    facts: dict[tuple[str, ...], Decimal] = {}
    for item in spec.initial if spec else ():
        source = budget.publication.template.comparable.get(item.comparable)
        if source is None or source.by_code != item.printed.by_code:
            continue
        printed = item.printed
        if printed.by_code:
            ours = execution.source_by_code(budget.publication, source)
            for code, place in execution.source_by_code(final.publication, printed).items():
                found = ours.get(code)
                amount = found.amount * budget_factor if found else Decimal(0)
                unit = found.unit if found else place.unit
                path = tuple(place.what.split("."))
                facts[path] = in_cents(amount, from_unit=unit, to_unit=place.unit)
            continue
        found = execution.source_amount(budget.publication, source)
        place = execution.source_amount(final.publication, printed)
        if found is None or place is None:
            continue
        amount = in_cents(found.amount * budget_factor, from_unit=found.unit, to_unit=place.unit)
        if printed.figure:
            reference = Reference.parse(printed.reference(final.publication.template.explanation_figures))
            cells.setdefault(reference.table_id, {})[(place.line, reference.column)] = amount
        else:
            facts[tuple(printed.fact.split("."))] = amount
    return Initials(cells, facts)


def in_cents(amount: Decimal, *, from_unit: str, to_unit: str) -> Decimal:
    return content.convert(amount, from_unit=from_unit, to_unit=to_unit).quantize(CENT, rounding=ROUND_HALF_UP)


def final_factors(walk: list[int], *, final: Exemplar, budget: Exemplar | None) -> list[int]:
    """k of a unit's 决算 each year: scaled so that its total is near its 预算's (execution near 100%)."""
    if budget is None:
        return walk
    ratio = total_in_yuan(budget) / total_in_yuan(final)
    return [max(1, int((k * ratio).to_integral_value(rounding=ROUND_HALF_UP))) for k in walk]


def total_in_yuan(exemplar: Exemplar) -> Decimal:
    summary = exemplar.publication.template.summary
    key = summary.total if summary else next(iter(exemplar.figures))
    return content.convert(exemplar.figures[key], from_unit=exemplar.units[key], to_unit="元") or Decimal(1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, required=True)
    parser.add_argument("--years", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--first-year", type=int, default=2024)
    parser.add_argument(
        "--template", action="append", default=[], help="only units of this template (repeat for several)"
    )
    parser.add_argument(
        "--kinds",
        default=TEMPLATE_KINDS[0],
        help="what each unit publishes each year: budget (the default), final, or budget,final (both)",
    )
    arguments = parser.parse_args(argv)
    if arguments.out.exists() and any(arguments.out.iterdir()):
        parser.error(f"{arguments.out} is not empty")
    kinds = [kind.strip() for kind in arguments.kinds.split(",") if kind.strip()]
    if not kinds or set(kinds) - set(TEMPLATE_KINDS):
        parser.error(f"--kinds: a list of {', '.join(TEMPLATE_KINDS)}")
    exemplars = find_exemplars(REPO_DATA)
    if unknown := sorted(set(arguments.template) - set(exemplars)):
        parser.error(f"no valid publication in data/ for {', '.join(unknown)}; known: {', '.join(exemplars)}")
    chosen = {kind: exemplars_of(exemplars, kind, templates=arguments.template) for kind in kinds}
    if missing := [kind for kind, found in chosen.items() if not found]:
        parser.error(f"no template of kind {', '.join(missing)} (with --template {' '.join(arguments.template)})")
    rng = random.Random(arguments.seed)
    arguments.out.mkdir(parents=True, exist_ok=True)
    for shared in SHARED:
        shutil.copytree(REPO_DATA / shared, arguments.out / shared)
    units = [
        {kind: synth_unit(index, found[index % len(found)]) for kind, found in chosen.items()}
        for index in range(arguments.units)
    ]
    write_units(arguments.out, [unit for kinds_of_unit in units for unit in kinds_of_unit.values()])
    for kinds_of_unit in units:
        walk = factors(rng, arguments.years)
        budget = kinds_of_unit.get(TEMPLATE_KINDS[0])
        for kind, unit in kinds_of_unit.items():
            exemplar = unit.exemplar
            paired = budget.exemplar if budget is not None and unit is not budget else None
            own = final_factors(walk, final=exemplar, budget=paired) if paired else walk
            for offset in range(arguments.years):
                year = arguments.first_year + offset
                folder = arguments.out / str(year) / (unit.main.unit_id + KIND_SUFFIXES[kind])
                printed = initials(exemplar, paired, budget_factor=walk[offset + 1]) if paired else None
                write_publication(
                    folder, unit, year=year, factor=own[offset + 1], prior_factor=own[offset], initial=printed
                )
    return 0


def exemplars_of(exemplars: dict[str, Exemplar], kind: str, *, templates: list[str]) -> list[Exemplar]:
    """The exemplars of one kind, in template order; those --template names, where it names any of that kind."""
    of_kind = {template_id: each for template_id, each in exemplars.items() if each.publication.kind == kind}
    named = [template_id for template_id in of_kind if template_id in templates]
    return [of_kind[template_id] for template_id in sorted(named or of_kind)]


if __name__ == "__main__":
    sys.exit(main())
