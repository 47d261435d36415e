"""Pending translations (issue 15): English nobody has written yet for a unit's name or a publication's own text.

The validator warns (TRANSLATION_PENDING) and the data stays valid; the English edition shows the official
Chinese, marked and counted; downloads leave that English empty; names of codes and terms stay required.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from conftest import PUBLICATION, RANKING_UNITS, build_site, set_cell
from macros.building.search import read_fragments
from macros.checking.validation import ValidationResult, validate
from macros.exchange.exports import datapackage, table_csv, workbook
from macros.model.translations import PENDING_END, PENDING_START, pending
from macros.rendering.escaping import escape_text
from macros.website.page_meta import page_description, page_title
from macros.website.publication_page import publication_page
from macros.website.year_pages import year_page

FACTS = PUBLICATION / "publication.yaml"
TABLE_12 = PUBLICATION / "12-project-expenditure-budget.csv"
UNIT_NAME_EN = "Digital Government Operation Center of Liwan District, Guangzhou"
STRUCTURE_EN = "  en: The center has no internal divisions.\n"
MARKS = (PENDING_START, PENDING_END)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def leave_pending(data: Path) -> None:
    """The seed with four texts pending: a text of publication.yaml, a project's name and goal, the unit's name."""
    replace_in(data / FACTS, STRUCTURE_EN, "  en: ''\n")
    set_cell(data / TABLE_12, line=4, column="name_en", value="")
    set_cell(data / TABLE_12, line=4, column="performance_goal_en", value="")
    set_cell(data / "units.csv", line=2, column="name_en", value="")
    replace_in(data / FACTS, f"name_en: {UNIT_NAME_EN}", "name_en: ''")


def checked(data: Path) -> ValidationResult:
    result = validate(data)
    assert result.ok, "\n".join(found.format() for found in result.problems)
    return result


def test_a_pending_text_is_a_warning_not_an_error(data_copy: Path) -> None:
    replace_in(data_copy / FACTS, STRUCTURE_EN, "  en: ''\n")
    result = checked(data_copy)
    (warning,) = result.warnings
    line = data_copy.joinpath(FACTS).read_text(encoding="utf-8").splitlines().index("  en: ''") + 1
    assert (warning.code, warning.line, warning.column, dict(warning.params)["field"]) == (
        "TRANSLATION_PENDING",
        line,
        3,
        "structure",
    )
    assert warning.is_warning and result.problems == []
    assert (2024, "liwan-digital-gov") in result.publications  # built as any valid publication


def test_every_kind_of_pending_text_is_a_warning_at_its_place(data_copy: Path) -> None:
    leave_pending(data_copy)
    result = checked(data_copy)
    found = {(Path(each.path).name, each.line, each.column, dict(each.params)["field"]) for each in result.warnings}
    facts_line = data_copy.joinpath(FACTS).read_text(encoding="utf-8").splitlines().index("  en: ''") + 1
    assert found == {
        ("publication.yaml", facts_line, 3, "structure"),
        (TABLE_12.name, 4, 11, "name_en"),
        (TABLE_12.name, 4, 12, "performance_goal_en"),
        ("units.csv", 2, 3, "name_en"),
    }
    publication = result.publications[(2024, "liwan-digital-gov")]
    assert len(publication.pending_translations()) == len(result.warnings)


def test_a_missing_en_line_and_a_required_name_are_still_errors(data_copy: Path) -> None:
    replace_in(data_copy / FACTS, STRUCTURE_EN, "")
    set_cell(data_copy / "dictionaries" / "function-codes.csv", line=2, column="name_en", value="")
    set_cell(data_copy / "dictionaries" / "glossary.csv", line=2, column="term_en", value="")
    result = validate(data_copy)
    assert not result.ok and result.warnings == []
    assert {(Path(each.path).name, each.code) for each in result.problems} == {
        ("publication.yaml", "TRANSLATION_MISSING"),
        ("function-codes.csv", "TRANSLATION_MISSING"),
        ("glossary.csv", "TRANSLATION_MISSING"),
    }
    hints = " ".join(each.message() for each in result.problems)
    assert 'en: ""' in hints and "不能待译" in hints


@pytest.mark.parametrize("character", MARKS)
def test_the_mark_cannot_be_forged_by_data(data_copy: Path, character: str) -> None:
    """The two private-use characters that carry a pending text through the model are refused in data."""
    replace_in(data_copy / FACTS, STRUCTURE_EN, f"  en: The center{character} has no internal divisions.\n")
    set_cell(data_copy / TABLE_12, line=4, column="name_en", value=f"Staff{character}")
    codes = {(Path(each.path).name, each.code) for each in validate(data_copy).problems}
    assert codes == {("publication.yaml", "TEXT_CHARACTER"), (TABLE_12.name, "TEXT_CHARACTER")}


def test_escape_text_marks_a_pending_text_and_nothing_else() -> None:
    marked = escape_text(f"the {pending('单位<一>')} & more")
    assert marked == (
        'the <span lang="zh-Hans" class="translation-pending">单位&lt;一&gt;</span> '
        '<small class="translation-pending-label">(translation pending)</small> &amp; more'
    )
    assert escape_text(pending("第一行\n第二行")).count("translation-pending-label") == 1  # one text, one mark
    assert escape_text(pending("名称"), markup=False) == "名称 (translation pending)"
    assert escape_text(f"{PENDING_START}cut short") == "cut short"  # a mark left unpaired never reaches a page
    assert escape_text("<span lang=zh>") == "&lt;span lang=zh&gt;"


def test_the_english_page_marks_and_counts_the_pending_texts(data_copy: Path) -> None:
    leave_pending(data_copy)
    result = checked(data_copy)
    page = publication_page(result, 2024, "liwan-digital-gov", lang="en")
    assert not any(mark in page for mark in MARKS)
    soup = BeautifulSoup(page, "html.parser")
    marked = [span.get_text() for span in soup.select('span.translation-pending[lang="zh-Hans"]')]
    for chinese in ("本部门无内设机构。", "广州市荔湾区数字政府运营中心", "编外人员聘用经费"):
        assert chinese in marked, chinese
    assert all(
        span.find_next_sibling("small").get_text() == "(translation pending)"
        for span in soup.select("span.translation-pending")
    )
    (note,) = soup.select("p.translation-pending-note")
    assert note.get_text().startswith(f"Translation pending for {len(result.warnings)} of this publication's texts")
    assert "translation-pending" not in publication_page(result, 2024, "liwan-digital-gov", lang="zh")
    title = page_title(result, src_uri="2024/liwan-digital-gov.md", lang="en")
    description = page_description(result, src_uri="2024/liwan-digital-gov.md", lang="en")
    for plain in (title, description):  # no markup where none may stand (a <title>, an attribute)
        assert plain is not None and "广州市荔湾区数字政府运营中心 (translation pending)" in plain and "<" not in plain
    year = BeautifulSoup(year_page(result, 2024, ranking_units=RANKING_UNITS, lang="en"), "html.parser")
    assert "Translation pending for 1 of the unit names" in year.select_one("p.translation-pending-note").get_text()


def test_downloads_leave_pending_english_empty(data_copy: Path) -> None:
    leave_pending(data_copy)
    publication = checked(data_copy).publications[(2024, "liwan-digital-gov")]
    book = load_workbook(io.BytesIO(workbook(publication, lang="en")))
    cells = [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    texts = [value for value in cells if isinstance(value, str)]
    assert not any(mark in text for text in texts for mark in MARKS)
    assert not any("广州市荔湾区数字政府运营中心" in text or "编外人员聘用经费" in text for text in texts)
    sheet = book["Table 12"]
    project = next(row for row in sheet.iter_rows(values_only=True) if row[1] == 95.28)  # the project left pending
    assert project[0] in (None, "") and project[-1] in (None, "")
    package = json.dumps(datapackage(publication), ensure_ascii=False)
    assert not any(mark in package for mark in MARKS) and "departmental budget of the" not in package
    for table in publication.tables.values():
        assert not any(mark.encode() in table_csv(table) for mark in MARKS)


def all_bytes(site: Path) -> list[tuple[str, bytes]]:
    """Every file of the built site, and every file inside its archives and workbooks."""
    found = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        content = path.read_bytes()
        found.append((path.relative_to(site).as_posix(), content))
        if path.suffix in (".zip", ".xlsx"):
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                found += [(f"{path.name}/{name}", archive.read(name)) for name in archive.namelist()]
                for name in archive.namelist():
                    if name.endswith(".xlsx"):
                        with zipfile.ZipFile(io.BytesIO(archive.read(name))) as inner:
                            found += [(f"{name}/{each}", inner.read(each)) for each in inner.namelist()]
    return found


def test_the_built_site_marks_pending_texts_and_no_file_holds_a_mark(data_copy: Path, tmp_path: Path) -> None:
    """Every path a text takes (pages, titles, descriptions, navigation, charts, search index, downloads)."""
    leave_pending(data_copy)
    site = tmp_path / "site"
    result = build_site(site, data_dir=data_copy)
    assert result.returncode == 0, result.stderr
    files = all_bytes(site)
    assert len(files) > 50
    assert [name for name, content in files if any(mark.encode() in content for mark in MARKS)] == []
    html = (site / "en" / "2024" / "liwan-digital-gov" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.title.get_text().startswith(
        "2024 departmental budget of the 广州市荔湾区数字政府运营中心 (translation pending)"
    )
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert "广州市荔湾区数字政府运营中心 (translation pending)" in description
    assert soup.select_one("p.translation-pending-note") is not None
    assert soup.select_one('main span.translation-pending[lang="zh-Hans"]') is not None
    nav = " ".join(link.get_text(" ", strip=True) for link in soup.select("nav.md-nav a"))
    assert "广州市荔湾区数字政府运营中心 (translation pending)" in nav
    assert any("translation pending" in fragment["content"] for fragment in read_fragments(site / "en"))
    chinese = [path for path in site.rglob("*.html") if "en" not in path.relative_to(site).parts[:1]]
    assert chinese and not any("translation-pending" in path.read_text(encoding="utf-8") for path in chinese)
    assert re.search(
        r"<desc [^>]*>[^<]*广州市荔湾区数字政府运营中心 \(translation pending\)",
        (site / "en" / "2024" / "index.html").read_text(encoding="utf-8"),
    )
