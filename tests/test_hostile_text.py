"""Text from data is shown literally and never runs: a site built from data full of markup.

The hostile strings go where staff type text: unit and project names, classification names,
performance goals, responsibilities, notes, the glossary.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import PUBLICATION, build_site, read_rows, write_rows

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
LINK = "[x](javascript:alert(1))"
PIPE = "a|b"
JINJA = "{{ 7*7 }}"
QUOTES = 'A&B "C"'  # attributes (description, Open Graph) must be escaped once: not raw, not twice
HOSTILE_UNIT = f"{SCRIPT}荔湾{QUOTES}"
HOSTILE_CODE_NAME = f"{JINJA}{PIPE}"
HOSTILE_PROJECT = f"{IMAGE}经费"
HOSTILE_GOAL = f"{LINK}\n第二行 {{% if true %}}"
HOSTILE_ENGLISH = f"{SCRIPT} Center <b>bold</b> {QUOTES}"


def replace_in_file(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def replace_cells(path: Path, old: str, new: str) -> None:
    rows = read_rows(path)
    found = False
    for row in rows:
        for index, cell in enumerate(row):
            if cell == old:
                row[index] = new
                found = True
    assert found, f"{old!r} not in {path}"
    write_rows(path, rows)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("hostile") / "data"
    import shutil

    from conftest import DATA

    shutil.copytree(DATA, data)
    folder = data / PUBLICATION
    unit_name = "广州市荔湾区数字政府运营中心"
    replace_cells(data / "units.csv", unit_name, HOSTILE_UNIT)
    for table in ("11-basic-expenditure-budget.csv", "12-project-expenditure-budget.csv"):
        replace_cells(folder / table, unit_name, HOSTILE_UNIT)
    replace_in_file(folder / "publication.yaml", f"name_zh: {unit_name}", f"name_zh: '{HOSTILE_UNIT}'")
    replace_cells(data / "dictionaries" / "function-codes.csv", "政务公开审批", HOSTILE_CODE_NAME)
    for table in ("02-income-summary.csv", "03-expenditure-summary.csv", "05-general-budget-by-function.csv"):
        replace_cells(folder / table, "政务公开审批", HOSTILE_CODE_NAME)
    projects = folder / "12-project-expenditure-budget.csv"
    replace_cells(projects, "编外人员聘用经费", HOSTILE_PROJECT)
    rows = read_rows(projects)
    rows[3][9] = HOSTILE_GOAL
    write_rows(projects, rows)
    replace_in_file(folder / "publication.yaml", "zh: 本部门无内设机构。", f"zh: '{IMAGE}{PIPE}'")
    # The English edition reads other fields: make those hostile too.
    replace_cells(
        data / "units.csv", "Digital Government Operation Center of Liwan District, Guangzhou", HOSTILE_ENGLISH
    )
    replace_in_file(
        folder / "publication.yaml",
        "name_en: Digital Government Operation Center of Liwan District, Guangzhou",
        f"name_en: '{HOSTILE_ENGLISH}'",
    )
    replace_in_file(folder / "publication.yaml", "en: The center has no internal divisions.", f"en: '{SCRIPT} {JINJA}'")
    rows = read_rows(projects)
    rows[3][10] = HOSTILE_ENGLISH
    rows[3][11] = f"{LINK} {PIPE}"
    write_rows(projects, rows)
    replace_in_file(folder / "publication.yaml", "    zh: 无。", f"    zh: '{SCRIPT}'")
    site = tmp_path_factory.mktemp("hostile-site")
    result = build_site(site, data_dir=data)
    assert result.returncode == 0, result.stderr
    return site


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_executable_markup_from_data(hostile_site: Path) -> None:
    for page in pages(hostile_site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert "alert" not in script.get_text() and "alert" not in script.get("src", ""), page
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                text = " ".join(value) if isinstance(value, list) else str(value)
                assert not name.lower().startswith("on") or "alert" not in text, (page, element)
                assert not text.strip().lower().startswith("javascript:"), (page, element)
        assert not soup.find("img", src="x"), page


def test_hostile_text_is_shown_literally_with_no_cell_lost(hostile_site: Path) -> None:
    soup = BeautifulSoup(
        (hostile_site / "2024/liwan-digital-gov/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    article = soup.find("article")
    text = article.get_text()
    for literal in (SCRIPT, IMAGE, LINK, PIPE, JINJA, "{% if true %}", HOSTILE_UNIT):
        assert literal in text, literal
    assert "49" not in text.replace("149", "")  # {{ 7*7 }} was not evaluated
    goal_cell = article.find(string=lambda value: value and "javascript:alert(1)" in value)
    assert goal_cell is not None and goal_cell.find_parent("td") is not None
    table_12 = soup.find(id="table-12").find_next("table")
    widths = {len(tr.find_all(["th", "td"])) for tr in table_12.tbody.find_all("tr")}
    assert widths == {9}, "a | or a newline in a cell must not split or drop cells"
    table_2 = soup.find(id="table-2").find_next("table")
    assert {len(tr.find_all(["th", "td"])) for tr in table_2.tbody.find_all("tr")} == {14}


def test_hostile_names_in_navigation_and_titles_are_text(hostile_site: Path) -> None:
    year = BeautifulSoup((hostile_site / "2024/index.html").read_text(encoding="utf-8"), "html.parser")
    assert SCRIPT in year.get_text()
    unit = BeautifulSoup(
        (hostile_site / "2024/liwan-digital-gov/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert "alert" not in "".join(str(script) for script in unit.find_all("script"))
    assert SCRIPT in unit.title.get_text()
    english = BeautifulSoup(
        (hostile_site / "en/2024/liwan-digital-gov/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert HOSTILE_ENGLISH in english.title.get_text()
    article = english.find("article").get_text()
    assert HOSTILE_ENGLISH in article and f"{SCRIPT} {JINJA}" in article and f"{LINK} {PIPE}" in article
    assert not english.find("b", string="bold")


def test_descriptions_and_link_previews_carry_the_literal_name(hostile_site: Path) -> None:
    for page, name in (
        ("2024/liwan-digital-gov/index.html", HOSTILE_UNIT),
        ("en/2024/liwan-digital-gov/index.html", HOSTILE_ENGLISH),
    ):
        soup = BeautifulSoup((hostile_site / page).read_text(encoding="utf-8"), "html.parser")
        for meta in (
            soup.find("meta", attrs={"name": "description"}),
            soup.find("meta", property="og:description"),
            soup.find("meta", property="og:title"),
        ):
            assert name in meta["content"] and "&amp;" not in meta["content"], (page, meta)


def test_the_pdf_footer_escapes_the_colophon() -> None:
    from scripts.print_pdf import footer_template

    footer = footer_template(colophon=f"{HOSTILE_UNIT} · 2024-01-01", lang="zh-Hans")
    assert "<script>" not in footer and "&lt;script&gt;" in footer and "A&amp;B &quot;C&quot;" in footer
