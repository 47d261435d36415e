"""The static JSON API (issue 17): every file of the built site's api/v1/ validates against its JSON Schema
(docs/api/v1/schemas/), and its values agree with the CSV files, read here without the site's code.
"""

from __future__ import annotations

import copy
import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import DATA, REPO
from macros.checking.validation import ValidationResult, validate

SCHEMAS = REPO / "docs" / "api" / "v1" / "schemas"
PER_WAN = {"万元": Decimal(1), "元": Decimal(10000)}


@pytest.fixture(scope="module")
def data() -> ValidationResult:
    result = validate(DATA)
    assert result.problems == []
    return result


def schema(name: str) -> jsonschema.protocols.Validator:
    document = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document)


def api_file(site: Path, path: str) -> Any:
    return json.loads((site / path).read_text(encoding="utf-8"), parse_float=Decimal)


def schema_of(path: Path) -> str:
    if path.name == "units.json":
        return "units"
    return "year" if path.name == "index.json" else "publication"


def test_every_api_file_validates_against_its_schema(built_site: Path, data: ValidationResult) -> None:
    files = sorted((built_site / "api" / "v1").rglob("*.json"))
    documents = [path for path in files if "schemas" not in path.parts]
    years = {year for year, _ in data.publications}
    assert len(documents) == 1 + len(years) + len(data.publications)
    for path in documents:
        errors = [
            f"{path.relative_to(built_site)}: {error.json_path}: {error.message}"
            for error in schema(schema_of(path)).iter_errors(json.loads(path.read_text(encoding="utf-8")))
        ]
        assert errors == []
    # the schemas are served beside the files, as the API page links them
    assert sorted(path.name for path in (built_site / "api" / "v1" / "schemas").iterdir()) == [
        "publication.schema.json",
        "units.schema.json",
        "year.schema.json",
    ]


def test_a_schema_refuses_a_broken_file(built_site: Path) -> None:
    """The schemas are strict enough to fail: a missing field, an amount as text, an unknown kind."""
    index = json.loads((built_site / "api/v1/2024/index.json").read_text(encoding="utf-8"))
    validator = schema("year")
    assert validator.is_valid(index)
    for breaking in (
        lambda document: document["publications"][0].pop("total"),
        lambda document: document["publications"][0].update(total="730.66"),
        lambda document: document["publications"][0].update(kind="draft"),
        lambda document: document.update(extra=1),
    ):
        broken = copy.deepcopy(index)
        breaking(broken)
        assert not validator.is_valid(broken)


def csv_lines(folder: Path, file: str) -> list[dict[str, str]]:
    with (folder / file).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_publication_files_hold_the_csv_lines(built_site: Path, data: ValidationResult) -> None:
    """Every table's rows are its CSV file's lines, cell by cell: amounts as numbers, blank as null."""
    for (year, publication_id), publication in data.publications.items():
        document = api_file(built_site, f"api/v1/{year}/{publication_id}.json")
        assert [table["id"] for table in document["tables"]] == [spec.id for spec in publication.template.tables]
        for table, spec in zip(document["tables"], publication.template.tables, strict=True):
            lines = csv_lines(publication.folder, spec.file)
            assert len(table["rows"]) == len(lines), (publication_id, spec.id)
            amounts = {column.id for column in spec.amount_columns}
            for row, line in zip(table["rows"], lines, strict=True):
                for column, cell in line.items():
                    if column not in row:
                        continue  # a column the template does not print (the CSV may carry more)
                    if column in amounts:
                        assert row[column] == (Decimal(cell) if cell.strip() else None), (spec.file, column, cell)
                    else:
                        assert row[column] == cell


def test_year_index_totals_equal_the_csv_files(built_site: Path, data: ValidationResult) -> None:
    """The year index's totals and splits, in its unit, from each publication's split table's total line."""
    for year in sorted({year for year, _ in data.publications}):
        index = api_file(built_site, f"api/v1/{year}/index.json")
        listed = {entry["publication_id"]: entry for entry in index["publications"]}
        assert set(listed) == {key for each_year, key in data.publications if each_year == year}
        for publication_id, entry in listed.items():
            publication = data.publications[(year, publication_id)]
            summary = publication.template.summary
            assert summary is not None
            spec = publication.template.table(summary.split_table)
            lines = csv_lines(publication.folder, spec.file)
            code_column = next(iter(lines[0]))
            total_line = next(line for line in lines if not line[code_column])
            factor = PER_WAN[index["amount_unit"]] / PER_WAN[spec.unit or publication.facts.data["amount_unit"]]
            for word, column in summary.split_columns.items():
                assert entry[word] == Decimal(total_line[column]) * factor, (publication_id, word)
            assert entry["total"] == entry["basic"] + entry["project"]
            classes = {
                line[code_column]: Decimal(line[summary.function_classes.columns[0]]) * factor
                for line in lines
                if len(line[code_column]) == 3 and Decimal(line[summary.function_classes.columns[0]] or 0)
            }
            assert {code: amount for code, amount in entry["function_classes"].items() if amount} == classes
            assert set(entry["function_classes"]) <= set(index["function_classes"])


def test_units_list_every_publication(built_site: Path, data: ValidationResult) -> None:
    units = api_file(built_site, "api/v1/units.json")["units"]
    listed = {(entry["year"], entry["publication_id"]) for unit in units for entry in unit["publications"]}
    assert listed == set(data.publications)
    for unit in units:
        for entry in unit["publications"]:
            assert (built_site / entry["data"]).is_file()
            assert (built_site / entry["page_zh"] / "index.html").is_file()
            assert (built_site / entry["page_en"] / "index.html").is_file()
            assert (built_site / entry["datapackage"]).is_file()


@pytest.mark.parametrize("edition", ["", "en/"])
def test_the_api_page_links_each_schema_and_an_example(built_site: Path, edition: str) -> None:
    from bs4 import BeautifulSoup

    page = built_site / edition / "api" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article")
    assert article is not None
    targets = [
        (page.parent / link["href"]).resolve() for link in article.find_all("a") if link["href"].endswith(".json")
    ]
    assert {target.name for target in targets} >= {"units.schema.json", "year.schema.json", "publication.schema.json"}
    assert all(target.is_file() for target in targets), [str(target) for target in targets if not target.is_file()]
    examples = [json.loads(block.get_text()) for block in article.select("pre.api-example code")]
    assert [sorted(example) for example in examples] == [
        sorted(schema(name).schema["properties"]) for name in ("units", "year", "publication")
    ]
