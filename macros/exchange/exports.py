"""Open data out: each table as CSV, each publication as an XLSX workbook, Fiscal Data Packages,
and one archive per year. Written into the built site by the hook; the same bytes for the same data.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import os
import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from macros.model.publication import Publication, Table
from macros.model.translations import without_pending
from macros.reading.amounts import unit_factor
from macros.rendering import charts
from macros.rendering.escaping import pending_in_words
from macros.rendering.i18n import amount_unit, label
from macros.rendering.tables import DisplayColumn, cell_value, header_rows, printed_columns, spanned_lines
from macros.template.specs import ColumnSpec

DOWNLOADS = "downloads"
FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # zip entries carry no build time: two builds, same bytes


def publication_folder(publication: Publication) -> str:
    return f"{DOWNLOADS}/{publication.year}/{publication.publication_id}"


def workbook_name(publication: Publication, *, lang: str) -> str:
    return f"{publication.year}-{publication.publication_id}-{lang}.xlsx"


def pdf_name(publication: Publication, *, lang: str) -> str:
    """The print version, written after the build by scripts/print_pdf.py (``make pdf``)."""
    return f"{publication.year}-{publication.publication_id}-{lang}.pdf"


# --- CSV ---------------------------------------------------------------------------------------------


# A spreadsheet program reads a cell that starts with one of these as a formula (OWASP, CSV Injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")  # an amount as the validator accepts it (macros/reading/amounts.py)


def neutralise_formula(cell: str) -> str:
    """A text cell that a spreadsheet would run as a formula, with a leading ``'`` so that it shows as text
    (OWASP's advice for CSV injection); any other cell unchanged. The data files keep the text as typed."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def csv_cells(table: Table, cells: tuple[str, ...]) -> list[str]:
    """A record's cells for the CSV download: amounts (a number, negative ones included) as numbers, every
    other cell through ``neutralise_formula`` (codes are digits, which it leaves as they are). A column the
    template does not know, or an amount cell that is no number, counts as text: the export does not rely
    on the validator having refused it."""
    amount_columns = {column.id for column in table.spec.columns if column.type == "amount"}
    names = [*table.header, *[""] * (len(cells) - len(table.header))]
    return [
        csv_amount(cell) if name in amount_columns and NUMBER.fullmatch(cell.strip()) else neutralise_formula(cell)
        for name, cell in zip(names, cells, strict=False)
    ]


def csv_amount(cell: str) -> str:
    """An amount as a number reader reads it: no spaces around it, and 0 for a minus zero ("-0.00")."""
    number = cell.strip()
    return number.lstrip("-") if Decimal(number) == 0 else number


def table_csv(table: Table) -> bytes:
    """The table's data file as Excel on Chinese Windows opens it: UTF-8 with a byte-order mark, and no
    cell that a spreadsheet would run as a formula (``neutralise_formula``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise_formula(name) for name in table.header])
    writer.writerows(csv_cells(table, record.cells) for record in table.records)
    return buffer.getvalue().encode("utf-8-sig")


def chart_csv(chart: charts.Chart) -> bytes:
    """What a chart shows, as a table: one line per bar (its name, its group where the chart colours groups, its
    amount as drawn; a name still in Chinese as drawn). The second bar of a pair (budget and actual) carries
    its pair's name. UTF-8 with a BOM."""
    lang = chart.lang
    grouped = any(bar.group for bar in chart.bars)
    header = [label("chart_csv_item", lang=lang), *([label("chart_csv_group", lang=lang)] if grouped else [])]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*header, neutralise_formula(chart.axis_label)])
    name = ""
    for bar in chart.bars:
        name = bar.label or name
        group = [neutralise_formula(pending_in_words(bar.group))] if grouped else []
        writer.writerow([neutralise_formula(pending_in_words(name)), *group, csv_amount(str(bar.value))])
    return buffer.getvalue().encode("utf-8-sig")


# --- XLSX --------------------------------------------------------------------------------------------


def workbook(publication: Publication, *, lang: str) -> bytes:
    """A sheet per table: official title, unit, the grouped header cells merged, rows as published. English
    still pending is left empty, as in the data (``without_pending``): a download carries no marks."""
    book = Workbook()
    book.remove(book.active)
    unit_name = without_pending(publication.unit_name(lang=lang))
    for spec in publication.template.tables:
        table = publication.tables[spec.id]
        unit = amount_unit(publication.unit_of(spec), lang=lang)
        sheet = book.create_sheet(label("table_label", lang=lang, number=int(spec.id)))
        columns = printed_columns(table, publication=publication, lang=lang)
        spanned = spanned_lines(table)
        title = spec.title_en if lang == "en" else spec.title_zh
        sheet.append([f"{label('table_label', lang=lang, number=int(spec.id))} {title}"])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(
            [
                (publication.template.table_meta_en if lang == "en" else publication.template.table_meta_zh).replace(
                    "{unit}", unit_name
                ),
                label("amount_unit", lang=lang, unit=unit),
            ]
        )
        first_header_row = sheet.max_row + 1
        for offset, cells in enumerate(header_rows(columns)):
            row_number = first_header_row + offset
            for text, colspan, rowspan, first in cells:
                cell = sheet.cell(row=row_number, column=first + 1, value=text)
                cell.data_type = "s"  # header text from the template is text, never a formula
                cell.font = Font(bold=True)
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                if colspan > 1 or rowspan > 1:
                    sheet.merge_cells(
                        start_row=row_number,
                        start_column=first + 1,
                        end_row=row_number + rowspan - 1,
                        end_column=first + colspan,
                    )
        for record in table.records:
            values = [
                without_pending(value) if isinstance(value, str) else value
                for value in (
                    cell_value(table, record, column, publication=publication, lang=lang) for column in columns
                )
            ]
            span = code_span(columns) if record.line in spanned else None
            if span is not None:  # the 合计 label in the first code cell, merged across the name's
                first, last = span
                values[first : last + 1] = [values[last], *[None] * (last - first)]
            sheet.append([float(value) if isinstance(value, Decimal) else value for value in values])
            if span is not None:
                sheet.merge_cells(
                    start_row=sheet.max_row, start_column=span[0] + 1, end_row=sheet.max_row, end_column=span[1] + 1
                )
            for index, column in enumerate(columns, start=1):
                cell = sheet.cell(row=sheet.max_row, column=index)
                if column.is_amount:
                    cell.number_format = number_format(spec.precision)
                elif cell.value is not None:
                    cell.data_type = "s"  # text stays text, even if it looks like a formula
        note = without_pending(publication.table_note(spec.id, lang=lang))
        if note:
            sheet.append([label("note", lang=lang, note=note)])
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = 14 if column.is_amount else 30
    book.properties.created = book.properties.modified = datetime(*FIXED_TIME)
    book.properties.creator = "open-budget"
    buffer = io.BytesIO()
    book.save(buffer)
    return same_bytes_zip(buffer.getvalue())


def code_span(columns: list[DisplayColumn]) -> tuple[int, int] | None:
    """(first, last) column index of a split code's columns and the name column after them."""
    parts = [index for index, column in enumerate(columns) if column.kind == "code_part"]
    return (parts[0], parts[-1] + 1) if parts else None


def number_format(precision: int) -> str:
    """A spreadsheet's format for a table's amounts: thousands grouped, the table's decimals."""
    return "#,##0" + ("." + "0" * precision if precision else "")


def same_bytes_zip(archive: bytes) -> bytes:
    """Rewrite a zip (an XLSX is one) with fixed entry times and order; openpyxl stamps the save time
    into docProps/core.xml, which is fixed here too."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    files = {info.filename: source.read(info) for info in source.infolist()}
    if "docProps/core.xml" in files:
        fixed = datetime(*FIXED_TIME).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
        files["docProps/core.xml"] = re.sub(
            rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
            rb"\g<1>" + fixed + rb"\g<2>",
            files["docProps/core.xml"],
        )
    return zip_files(files)


def zip_files(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


# --- Fiscal Data Package ---------------------------------------------------------------------------


def field(column: ColumnSpec) -> dict[str, object]:
    """A Table Schema field: amounts are numbers (never negative unless the column allows it)."""
    described: dict[str, object] = {
        "name": column.id,
        "title": "／".join(column.header_zh) or column.id,
        "description": " / ".join(column.header_en) or column.id,
    }
    if column.type == "amount":
        described["type"] = "number"
        if not column.allow_negative:
            described["constraints"] = {"minimum": 0}
    else:
        described["type"] = "string"
    return described


def resources(publication: Publication, *, prefix: str = "") -> list[dict[str, object]]:
    """A resource per table: its CSV download, or, where the template prints zeros blank (``blank:
    zero``), the table itself with those zeros written out, since the download keeps them blank."""
    found: list[dict[str, object]] = []
    for spec in publication.template.tables:
        resource: dict[str, object] = {"name": f"{publication.year}-{publication.publication_id}-table-{spec.id}"}
        if spec.blank != "zero":
            resource["path"] = f"{prefix}{spec.file}"
        resource["title"] = f"{spec.title_zh} / {spec.title_en}"
        resource["profile"] = "tabular-data-resource"
        if spec.blank == "zero":
            resource["data"] = inline_rows(publication.tables[spec.id])
        else:
            resource.update({"format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig"})
        resource["schema"] = {"fields": [field(column) for column in spec.columns]}
        found.append(resource)
    return found


def inline_rows(table: Table) -> list[list[object]]:
    """A table as a data package's inline data: the column ids, then each line with its amounts as
    numbers and an empty amount cell as 0 (what it means in a table whose template says ``blank: zero``)."""
    columns = [column.id for column in table.spec.columns]
    amounts = {column.id for column in table.spec.amount_columns}
    rows: list[list[object]] = [list(columns)]
    for record in table.records:
        cells = dict(zip(table.header, record.cells, strict=False))
        rows.append([json_amount(cells.get(name, "")) if name in amounts else cells.get(name, "") for name in columns])
    return rows


def json_amount(cell: str) -> object:
    """A number for JSON: 0 for an empty cell, an int or float for a figure (a float keeps up to the 15
    digits an amount may have exactly); anything else stays text for the package's checks to report."""
    number = cell.strip()
    if not number:
        return 0
    if not NUMBER.fullmatch(number):
        return cell
    amount = Decimal(number)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


# The Fiscal Data Package's phase of a template's amounts: a budget proposes them, final accounts report
# what was spent.
PHASES = {"budget": "proposed", "final": "executed"}


def fiscal_model(publication: Publication, *, prefix: str = "") -> dict[str, object]:
    """The fiscal model (Fiscal Data Package): what the amounts measure and how lines are classified."""
    name = f"{publication.year}-{publication.publication_id}"
    measures = {}
    for spec in publication.template.tables:
        factor = int(unit_factor(publication.unit_of(spec)))  # a 万元 table beside 元 tables keeps its own
        for column in spec.amount_columns:
            # what the template's `revenue:` names is revenue; the rest is spending
            revenue = publication.template.revenue.get(spec.id)
            direction = "revenue" if revenue is not None and (not revenue or column.id in revenue) else "expenditure"
            measures[f"{name}-{spec.id}-{column.id}"] = {
                "source": column.id,
                "resource": f"{name}-table-{spec.id}",
                "currency": "CNY",
                "factor": factor,
                "direction": direction,
                "phase": PHASES[publication.template.kind],
                "title": f"{spec.title_zh} {'／'.join(column.header_zh)}",
            }
    # the tables that classify their lines: a code and a name on each (a two-sided table's lines are labelled)
    classifying = [spec for spec in publication.template.tables if any(c.type == "name" for c in spec.columns)]
    function_tables = [spec for spec in classifying if spec.code_column and spec.code_column.type == "function_code"]
    economic_tables = [spec for spec in classifying if spec.code_column and spec.code_column.type == "economic_code"]
    dimensions: dict[str, object] = {
        "fiscal-period": {
            "dimensionType": "datetime",
            "attributes": {"year": {"constant": str(publication.year)}},
            "primaryKey": ["year"],
        },
        "administrative-classification": {
            "dimensionType": "classification",
            "classificationType": "administrative",
            "attributes": {
                "code": {"constant": publication.unit_id},
                "label": {"constant": publication.facts.data["name_zh"], "labelfor": "code"},
            },
            "primaryKey": ["code"],
        },
    }
    for kind, specs, code in (
        ("functional", function_tables, "function_code"),
        ("economic", economic_tables, "economic_code"),
    ):
        for spec in specs:
            dimensions[f"{kind}-classification-{spec.id}"] = {
                "dimensionType": "classification",
                "classificationType": kind,
                "resource": f"{name}-table-{spec.id}",
                "attributes": {"code": {"source": code}, "label": {"source": "name", "labelfor": "code"}},
                "primaryKey": ["code"],
            }
    return {"measures": measures, "dimensions": dimensions}


def datapackage(publication: Publication) -> dict[str, object]:
    title_key = f"publication_title_{publication.kind}"
    title = label(title_key, lang="zh", year=publication.year, unit=publication.facts.data["name_zh"])
    if name_en := without_pending(publication.unit_name(lang="en")):  # none while its translation is pending
        title += " / " + label(title_key, lang="en", year=publication.year, unit=name_en)
    return {
        "name": f"{publication.year}-{publication.publication_id}",
        "title": title,
        "resources": resources(publication),
        "model": fiscal_model(publication),
    }


def site_datapackage(publications: list[Publication]) -> dict[str, object]:
    """All publications in one package; paths point into each publication's folder."""
    models: list[dict[str, Any]] = [fiscal_model(publication) for publication in publications]
    return {
        "name": "open-budget",
        "title": "部门预算公开数据 / Departmental budget open data",
        "resources": [
            resource
            for publication in publications
            for resource in resources(publication, prefix=f"{publication.year}/{publication.publication_id}/")
        ],
        "model": {
            "measures": {key: value for model in models for key, value in model["measures"].items()},
            "dimensions": {key: value for model in models for key, value in model["dimensions"].items()},
        },
    }


def json_bytes(document: dict[str, object]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


# --- writing ---------------------------------------------------------------------------------------


def files_key(publication: Publication, *, lang: str) -> str:
    """Everything a publication's downloads are made of: its folder, the shared data, the code, the language."""
    return hashlib.sha256(
        b"".join(
            [
                lang.encode(),
                shared_inputs(publication),
                *(path.read_bytes() for path in sorted(publication.folder.iterdir()) if path.is_file()),
            ]
        )
    ).hexdigest()[:24]


def cached_files(key: str, make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
    """``make()``'s files, from the cache when ``key`` names them (an uncompressed zip: writing a workbook takes
    ~0.1 s and a package's JSON a few ms, for each of hundreds of publications at every build)."""
    cached = charts.cache_dir().parent / "downloads" / f"{key}.zip"
    if cached.is_file():
        with zipfile.ZipFile(cached) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}
    files = make()
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, content in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME), content)
    partial.replace(cached)
    return files


@functools.cache
def shared_inputs_of(data_dir: Path) -> bytes:
    """What every workbook also depends on: the shared data files and the code that writes them."""
    code = sorted(Path(__file__).resolve().parents[1].rglob("*.py"))  # any code change may change a workbook
    shared = sorted(
        path for folder in ("dictionaries", "templates") for path in (data_dir / folder).rglob("*") if path.is_file()
    )
    return hashlib.sha256(b"".join(path.read_bytes() for path in [*code, *shared, data_dir / "units.csv"])).digest()


def shared_inputs(publication: Publication) -> bytes:
    return shared_inputs_of(publication.folder.parent.parent)


def publication_files(publication: Publication, *, lang: str) -> dict[str, bytes]:
    """Its tables' CSVs, its workbook and its package, by file name (from the cache when unchanged)."""

    def make() -> dict[str, bytes]:
        files = {spec.file: table_csv(publication.tables[spec.id]) for spec in publication.template.tables}
        files[workbook_name(publication, lang=lang)] = workbook(publication, lang=lang)
        files["datapackage.json"] = json_bytes(datapackage(publication))
        return files

    return cached_files(files_key(publication, lang=lang), make)


def write_downloads(publications: list[Publication], *, site_dir: Path, lang: str) -> int:
    """Every publication's files, one zip per year and the site's datapackage.json; returns the count."""
    written = write_publication_downloads(publications, site_dir=site_dir, lang=lang)
    written += write_year_archives(publications, site_dir=site_dir, lang=lang)
    return written + write_site_package(publications, site_dir=site_dir, lang=lang)


def write_publication_downloads(publications: list[Publication], *, site_dir: Path, lang: str) -> int:
    """Each publication's files in its folder; returns the count."""
    written = 0
    for publication in publications:
        folder = site_dir / DOWNLOADS / str(publication.year) / publication.publication_id
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in publication_files(publication, lang=lang).items():
            (folder / name).write_bytes(content)
            written += 1
    return written


def write_year_archives(publications: list[Publication], *, site_dir: Path, lang: str) -> int:
    """One zip per year of its publications' files (``publications``: all of each year's); returns the count."""
    by_year: dict[int, dict[str, bytes]] = {}
    keys: dict[int, list[str]] = {}  # each year's publications' keys: its archive's key
    for publication in publications:
        keys.setdefault(publication.year, []).append(files_key(publication, lang=lang))
        for name, content in publication_files(publication, lang=lang).items():
            by_year.setdefault(publication.year, {})[f"{publication.year}/{publication.publication_id}/{name}"] = (
                content
            )
    (site_dir / DOWNLOADS).mkdir(parents=True, exist_ok=True)
    for year, files in by_year.items():
        (site_dir / DOWNLOADS / f"{year}.zip").write_bytes(year_archive(files, key=combined_key("year", keys[year])))
    return len(by_year)


def write_site_package(publications: list[Publication], *, site_dir: Path, lang: str) -> int:
    """The site's datapackage.json, of every publication; returns the count (1)."""
    every_key = combined_key("site", [files_key(publication, lang=lang) for publication in publications])
    package = cached_files(every_key, lambda: {"package": json_bytes(site_datapackage(publications))})
    (site_dir / DOWNLOADS).mkdir(parents=True, exist_ok=True)
    (site_dir / DOWNLOADS / "datapackage.json").write_bytes(package["package"])
    return 1


def year_archive(files: dict[str, bytes], *, key: str) -> bytes:
    return cached_files(key, lambda: {"archive": zip_files(files)})["archive"]


def combined_key(kind: str, keys: list[str]) -> str:
    """The key of what is made of these publications' files (in this order)."""
    return hashlib.sha256("\n".join([kind, *keys]).encode()).hexdigest()[:24]
