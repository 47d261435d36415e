"""The seed's data says what the published document says: every table, row, code, name and amount.

Read independently of the loader: the published text is split at the tables' titles, and the
amounts and names of each table are compared, in order, with the CSV file of the same table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DATA, PUBLICATION, SEED_TEXT, read_rows
from macros.checking.validation import validate
from macros.template.specs import load_template

TEMPLATE = load_template(DATA / "templates" / "guangzhou-department.yaml")
AMOUNT = re.compile(r"(?<![\d.])\d+\.\d{2}(?![\d.])")
# What our data corrects in the published text (each listed in data/README.md).
CORRECTIONS = {" technical ": "技术"}


def published_sections() -> dict[str, list[str]]:
    """Lines of each table in the published text, from its title to its note (注：)."""
    titles = {spec.title_zh: spec.id for spec in TEMPLATE.tables}
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in SEED_TEXT.read_text(encoding="utf-8").splitlines():
        title = line.lstrip("#").strip()
        if title in titles:
            current = titles[title]
            sections[current] = []
        elif line.startswith("注：") or line.startswith("#"):
            current = None
        elif current is not None:
            sections[current].append(line)
    return sections


SECTIONS = published_sections()


def printed_columns(table_id: str) -> list[str]:
    """Columns printed in the published table (row types, Table 11's codes and the English are ours)."""
    return [column.id for column in TEMPLATE.table(table_id).columns if column.header_zh]


def test_every_table_is_in_the_published_text() -> None:
    assert sorted(SECTIONS) == [spec.id for spec in TEMPLATE.tables]


@pytest.mark.parametrize("table_id", [spec.id for spec in TEMPLATE.tables])
def test_amounts_equal_the_published_ones_in_order(table_id: str) -> None:
    spec = TEMPLATE.table(table_id)
    rows = read_rows(DATA / PUBLICATION / spec.file)
    header, body = rows[0], rows[1:]
    amount_columns = [header.index(column.id) for column in spec.columns if column.type == "amount"]
    ours = [row[index] for row in body for index in sorted(amount_columns) if row[index]]
    published = [amount for line in SECTIONS[table_id] for amount in AMOUNT.findall(line)]
    assert ours == published
    assert len(ours) > 0


@pytest.mark.parametrize("table_id", [spec.id for spec in TEMPLATE.tables])
def test_codes_and_names_appear_in_the_published_order(table_id: str) -> None:
    """Text cells read left to right, top to bottom, are found in that order in the published table.

    Spaces are removed before comparing: the PDF extraction broke names such as 机关事业单位基本养老保 险缴费支出.
    """
    spec = TEMPLATE.table(table_id)
    rows = read_rows(DATA / PUBLICATION / spec.file)
    header, body = rows[0], rows[1:]
    text_columns = [header.index(name) for name in printed_columns(table_id) if spec.column(name).type != "amount"]
    published = re.sub(r"\s+", "", "".join(SECTIONS[table_id]))
    position = 0
    for row in body:
        for index in sorted(text_columns):
            cell = re.sub(r"\s+", "", row[index])
            if not cell:
                continue
            found = published.find(cell, position)
            assert found >= 0, f"{spec.file}: “{cell}” is not in the published table after position {position}"
            position = found + len(cell)


def test_seed_data_is_valid() -> None:
    result = validate(DATA)
    assert result.problems == []
    assert (2024, "liwan-digital-gov") in result.publications


def test_part_one_text_is_the_published_text_with_listed_corrections() -> None:
    published = SEED_TEXT.read_text(encoding="utf-8")
    for artifact, correction in CORRECTIONS.items():
        published = published.replace(artifact, correction)
    facts = validate(DATA).publications[(2024, "liwan-digital-gov")].facts.data
    for item in facts["responsibilities"]:
        assert item["zh"] in published
    assert facts["structure"]["zh"] in published
    assert facts["composition"]["zh"] in published
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for artifact in CORRECTIONS:
        assert artifact.strip() in readme, f"the correction of “{artifact}” must be listed in data/README.md"


def test_glossary_definitions_are_the_published_ones_joined_across_page_breaks() -> None:
    published = re.sub(r"\n\s*\n", "", SEED_TEXT.read_text(encoding="utf-8").split("## 第四部分 名词解释")[1])
    result = validate(DATA)
    publication = result.publications[(2024, "liwan-digital-gov")]
    for term_id in publication.facts.data["glossary"]:
        term = publication.dictionaries.glossary[term_id]
        assert f"{term.term_zh}：**{term.definition_zh}" in published, term_id


def test_fixture_is_the_shared_seed_when_present() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared" / "seed" / SEED_TEXT.name
    if shared.is_file():
        assert shared.read_bytes() == SEED_TEXT.read_bytes()
