"""The static JSON API (/api/v1/): what the pages show, as files others can reuse, from the same validated model.

``api/v1/units.json`` lists every unit and its publications; ``api/v1/<year>/index.json`` holds each
publication of a year with its totals and classes in the year's one unit (the compare views read it);
``api/v1/<year>/<publication_id>.json`` holds one publication: its summary, budget versus actual and every
table's lines as its CSV file has them. Each has a JSON Schema in docs/api/v1/ (the API page documents them).
The Fiscal Data Packages under downloads/ stay the canonical downloads; paths in the files are relative to
the site's root. Version 1 only grows: a change that removes or renames a field is version 2.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from macros.checking.content import part3_figures
from macros.checking.execution import ExecutionLine, ExecutionView
from macros.checking.validation import ValidationResult
from macros.exchange import exports
from macros.model.measures import Figures
from macros.model.publication import Publication, Table
from macros.rendering.chart_data import class_sums, code_name
from macros.website.execution_pages import view_of
from macros.website.glance import prior_in
from macros.website.sharding import WHOLE, Part
from macros.website.site_data import kinds_of_year, ranked, years
from macros.website.totals import expenditure_split, expenditure_total, publication_summary, shown_unit, summary_unit

VERSION = 1
ROOT = f"api/v{VERSION}"
SCHEMAS = f"{ROOT}/schemas"


def number(amount: Decimal) -> int | float:
    """An amount as a JSON number: exact for the 15 significant digits an amount may have."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def optional(amount: Decimal | None) -> int | float | None:
    return None if amount is None else number(amount)


def publication_file(publication: Publication) -> str:
    return f"{ROOT}/{publication.year}/{publication.publication_id}.json"


def names(publication: Publication) -> dict[str, str | None]:
    """The unit's names; name_en is null while its English is pending."""
    return {"name_zh": publication.facts.data["name_zh"], "name_en": publication.facts.data.get("name_en") or None}


def links(publication: Publication) -> dict[str, str]:
    page = f"{publication.year}/{publication.publication_id}/"
    folder = exports.publication_folder(publication)
    return {
        "data": publication_file(publication),
        "page_zh": page,
        "page_en": f"en/{page}",
        "datapackage": f"{folder}/datapackage.json",
    }


# --- units.json -------------------------------------------------------------------------------------------


def units_document(data: ValidationResult) -> dict[str, Any]:
    """Every unit (newest names first) and each of its publications, oldest first."""
    units: dict[str, dict[str, Any]] = {}
    for _, publication in sorted(data.publications.items(), key=lambda item: (-item[0][0], item[0][1])):
        entry = units.setdefault(publication.unit_id, {"unit_id": publication.unit_id, **names(publication)})
        entry.setdefault("publications", []).insert(
            0,
            {"year": publication.year, "kind": publication.kind, "publication_id": publication.publication_id}
            | links(publication),
        )
    return {
        "api_version": VERSION,
        "units": [units[unit_id] for unit_id in sorted(units)],
    }


# --- <year>/index.json ---------------------------------------------------------------------------------------


def year_document(data: ValidationResult, year: int) -> dict[str, Any]:
    """The year's publications of every kind, largest first, amounts in the year's one unit."""
    publications = [publication for kind in kinds_of_year(data, year) for publication in ranked(data, year, kind=kind)]
    unit, _ = shown_unit(publications)
    function_names: dict[str, dict[str, str]] = {}
    economic_names: dict[str, dict[str, str]] = {}
    entries = []
    for publication in publications:
        function = classes_of(publication, "function", unit=unit, named=function_names)
        economic = classes_of(publication, "economic", unit=unit, named=economic_names)
        view = view_of(data, publication)
        entries.append(
            {"publication_id": publication.publication_id, "unit_id": publication.unit_id, "kind": publication.kind}
            | names(publication)
            | links(publication)
            | totals(publication, figures_of(data, publication), unit=unit)
            | {
                "function_classes": function,
                "economic_classes": economic,
                "execution_rate": optional(view.total.rate) if view is not None else None,
            }
        )
    return {
        "api_version": VERSION,
        "year": year,
        "amount_unit": unit,
        "kinds": kinds_of_year(data, year),
        "function_classes": dict(sorted(function_names.items())),
        "economic_classes": dict(sorted(economic_names.items())),
        "publications": entries,
    }


def classes_of(publication: Publication, kind: str, *, unit: str, named: dict[str, dict[str, str]]) -> dict[str, Any]:
    """A publication's class amounts by code (the template's summary classes), recording each code's names."""
    amounts = {}
    for code, name_zh, amount in class_sums([publication], kind=kind, unit=unit, lang="zh"):
        if code not in named:
            english = code_name(publication, code, economic=kind == "economic", lang="en")
            named[code] = {"name_zh": name_zh, "name_en": english}
        amounts[code] = number(amount)
    return dict(sorted(amounts.items()))


def figures_of(data: ValidationResult, publication: Publication) -> Figures:
    return part3_figures(publication, prior_publication=data.publications.get(publication.prior_key))


def totals(publication: Publication, figures: Figures, *, unit: str) -> dict[str, Any]:
    """Total, prior year's total (null where unknown) and the total's split (basic, project), in ``unit``."""
    summary = publication_summary(publication)
    return {
        "total": number(expenditure_total(publication, unit=unit)),
        "prior_total": optional(prior_in(figures, summary.total, unit=unit)),
        **{word: number(amount) for word, amount in expenditure_split(publication, unit=unit).items()},
    }


# --- <year>/<publication_id>.json -------------------------------------------------------------------------------


def publication_document(data: ValidationResult, publication: Publication) -> dict[str, Any]:
    unit = summary_unit(publication)
    figures = figures_of(data, publication)  # read once: the summary's totals and highlights
    summary = publication_summary(publication)
    template = publication.template
    return (
        {
            "api_version": VERSION,
            "year": publication.year,
            "kind": publication.kind,
            "publication_id": publication.publication_id,
            "unit_id": publication.unit_id,
        }
        | names(publication)
        | {
            "template": {"id": template.id, "name_zh": template.name_zh, "name_en": template.name_en},
            "links": links(publication),
            "summary": {"amount_unit": unit}
            | totals(publication, figures, unit=unit)
            | {
                "function_classes": classes_of(publication, "function", unit=unit, named={}),
                "highlights": [
                    {
                        "figure": item.figure,
                        "name_zh": item.name_zh,
                        "name_en": item.name_en,
                        "amount_unit": figures.units[item.figure],
                        "amount": number(figures.current[item.figure]),
                        "prior": optional(figures.prior.get(item.figure)),
                    }
                    for item in summary.highlights
                ],
            },
            "execution": execution_document(view_of(data, publication)),
            "tables": [table_document(publication, publication.tables[spec.id]) for spec in template.tables],
        }
    )


def execution_document(view: ExecutionView | None) -> dict[str, Any] | None:
    """Budget versus actual of a 决算 (null for a 预算): its total and function classes."""
    if view is None:
        return None
    return {
        "amount_unit": view.unit,
        "budget_from": f"{view.budget.year}/{view.budget.publication_id}" if view.budget else "printed",
        "total": execution_line(view.total),
        "classes": [execution_line(line) for line in sorted(view.classes, key=lambda line: line.key)],
    }


def execution_line(line: ExecutionLine) -> dict[str, Any]:
    return {
        "key": line.key,
        "budget": optional(line.budget),
        "actual": number(line.actual),
        "difference": optional(line.difference),
        "rate": optional(line.rate),
    }


def table_document(publication: Publication, table: Table) -> dict[str, Any]:
    """A table as its CSV file has it: one object per line, amounts as numbers (null where blank)."""
    spec = table.spec
    amounts = {column.id for column in spec.amount_columns}
    rows = []
    for record in table.records:
        cells = dict(zip(table.header, record.cells, strict=False))
        rows.append(
            {column.id: cell_value(cells.get(column.id, ""), amount=column.id in amounts) for column in spec.columns}
        )
    return {
        "id": spec.id,
        "title_zh": spec.title_zh,
        "title_en": spec.title_en,
        "amount_unit": publication.unit_of(spec),
        "columns": [
            {
                "id": column.id,
                "type": column.type,
                "header_zh": list(column.header_zh),
                "header_en": list(column.header_en),
            }
            for column in spec.columns
        ],
        "rows": rows,
    }


def cell_value(cell: str, *, amount: bool) -> str | int | float | None:
    if not amount:
        return cell
    text = cell.strip()
    return number(Decimal(text)) if text else None


# --- writing -----------------------------------------------------------------------------------------------


def api_files(data: ValidationResult, *, part: Part = WHOLE) -> dict[str, dict[str, Any]]:
    """Every file of the API by its path below the site's root (those ``part`` writes: a shard's)."""
    files = {f"{ROOT}/units.json": units_document(data)} if part.holds_assets else {}
    for year in filter(part.holds_year_pages, years(data)):
        files[f"{ROOT}/{year}/index.json"] = year_document(data, year)
    for publication in data.publications.values():
        if part.holds_publication(publication.year, publication.unit_id):
            files[publication_file(publication)] = publication_document(data, publication)
    return files


def write_api(data: ValidationResult, *, site_dir: Path, part: Part = WHOLE) -> int:
    """Write the API (``part``'s files of it) under ``site_dir``; returns how many files."""
    files = api_files(data, part=part)
    for path, document in files.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    return len(files)
