"""The seed's published output, byte for byte, against files kept in tests/golden/seed/.

A safety net for refactoring (issue 14 moves everything Guangzhou-specific into the template): every
page the macros write for the seed, in both languages, and every download are compared with what
they were. A difference is either a bug or an intended change; for the latter, rewrite the files with
``UPDATE_GOLDEN=1 pytest tests/test_seed_golden.py`` and review the diff in the commit.

Two things vary without meaning anything and are normalised: the build date (fixed with
SOURCE_DATE_EPOCH) and chart file names (a content hash that includes the drawing code's bytes).
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import DATA, RANKING_UNITS
from macros.checking.validation import ValidationResult, validate
from macros.exchange import exports
from macros.rendering import charts
from macros.website import pages

GOLDEN = Path(__file__).parent / "golden" / "seed"
YEAR, UNIT = 2024, "liwan-digital-gov"
CHART_FILE = re.compile(r"charts/[0-9a-f]{20}\.svg")


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ValidationResult]:
    saved = {name: os.environ.get(name) for name in ("SOURCE_DATE_EPOCH", charts.CACHE_VARIABLE)}
    os.environ["SOURCE_DATE_EPOCH"] = "1735689600"  # 2025-01-01
    os.environ[charts.CACHE_VARIABLE] = str(tmp_path_factory.mktemp("charts"))
    yield validate(DATA)
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def normalised(text: str) -> str:
    return CHART_FILE.sub("charts/CHART.svg", text)


def workbook_text(book_bytes: bytes) -> str:
    """A workbook as text: each sheet's cells (value and number format) and merged ranges."""
    book = load_workbook(io.BytesIO(book_bytes))
    lines = []
    for sheet in book:
        lines.append(f"## {sheet.title} merged={sorted(str(merged) for merged in sheet.merged_cells.ranges)}")
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    lines.append(f"{cell.coordinate}\t{cell.data_type}\t{cell.number_format}\t{cell.value!r}")
    return "\n".join(lines) + "\n"


def outputs(data: ValidationResult) -> dict[str, str]:
    """Everything compared: name -> text."""
    found = {}
    publication = data.publications[(YEAR, UNIT)]
    for lang in ("zh", "en"):
        found[f"{lang}/publication.md"] = pages.publication_page(data, YEAR, UNIT, lang=lang)
        found[f"{lang}/year.md"] = pages.year_page(data, YEAR, ranking_units=RANKING_UNITS, lang=lang)
        found[f"{lang}/home.md"] = pages.home_page(data, lang=lang)
        found[f"{lang}/glossary.md"] = pages.glossary_page(data, lang=lang)
        found[f"{lang}/downloads.md"] = pages.downloads_page(data, lang=lang)
        found[f"{lang}/descriptions.txt"] = "\n".join(
            f"{src_uri}\t{pages.page_title(data, src_uri=src_uri, lang=lang)}\t"
            f"{pages.page_description(data, src_uri=src_uri, lang=lang)}"
            for src_uri in ("index.md", f"{YEAR}/index.md", f"{YEAR}/{UNIT}.md", "glossary.md", "downloads.md")
        )
        found[f"{lang}/workbook.txt"] = workbook_text(exports.workbook(publication, lang=lang))
    for table in publication.tables.values():
        found[f"csv/{table.spec.file}"] = exports.table_csv(table).decode("utf-8-sig")
    found["datapackage.json"] = json.dumps(exports.datapackage(publication), ensure_ascii=False, indent=2)
    return {name: normalised(text) for name, text in found.items()}


def test_seed_output_is_unchanged(seed: ValidationResult) -> None:
    found = outputs(seed)
    if os.environ.get("UPDATE_GOLDEN"):
        for name, text in found.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(text.encode("utf-8"))  # bytes: the CSVs' CRLF kept
    kept = {path.relative_to(GOLDEN).as_posix() for path in GOLDEN.rglob("*") if path.is_file()}
    assert kept == set(found), "outputs added or gone: run with UPDATE_GOLDEN=1 and review"
    changed = [name for name, text in found.items() if (GOLDEN / name).read_bytes() != text.encode("utf-8")]
    assert not changed, f"seed output changed: {changed} (UPDATE_GOLDEN=1 rewrites them; review the diff)"


def test_the_outputs_hold_the_seed_figures(seed: ValidationResult) -> None:
    """What is compared is the real output: the seed's figures are in it, and no date."""
    found = outputs(seed)
    assert "570.98" in found["zh/publication.md"] and "570.98" in found["csv/05-general-budget-by-function.csv"]
    assert "2025-01-01" in found["zh/publication.md"]  # the fixed build date, not today's
