"""The English edition mirrors the Chinese one: same pages, same tables and amounts, no untranslated text."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import DATA, PUBLICATION, SITE_URL, read_rows
from macros.template.specs import load_template

TEMPLATE = load_template(DATA / "templates" / "guangzhou-department.yaml")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def unit_page(site: Path, lang: str) -> BeautifulSoup:
    """The seed's unit page in one edition, parsed."""
    prefix = "en/" if lang == "en" else ""
    return BeautifulSoup(
        (site / f"{prefix}2024/liwan-digital-gov/index.html").read_text(encoding="utf-8"), "html.parser"
    )


def html_pages(site: Path) -> list[Path]:
    return sorted(path.relative_to(site) for path in site.rglob("*.html") if not path.is_relative_to(site / "en"))


def test_english_site_mirrors_the_chinese_one(built_site: Path) -> None:
    chinese = html_pages(built_site)
    english = sorted(path.relative_to(built_site / "en") for path in (built_site / "en").rglob("*.html"))
    assert [str(path) for path in english] == [str(path) for path in chinese if not str(path).startswith("en/")]


def main_text_outside_chinese_marks(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    main = soup.find("main") or soup.body
    for marked in main.find_all(attrs={"lang": re.compile(r"^zh")}):
        marked.decompose()
    return main.get_text(" ")


def test_no_chinese_in_english_main_content_outside_marked_names(built_site: Path) -> None:
    counts = {}
    for page in sorted((built_site / "en").rglob("*.html")):
        text = main_text_outside_chinese_marks(page)
        found = CJK.findall(text)
        counts[str(page.relative_to(built_site))] = len(found)
        assert not found, f"{page}: {''.join(found)[:80]}"
    assert len(counts) >= 4 and sum(counts.values()) == 0


def test_html_lang_is_set_per_edition(built_site: Path) -> None:
    for page, lang in (
        ("index.html", "zh-Hans"),
        ("en/index.html", "en"),
        ("en/2024/liwan-digital-gov/index.html", "en"),
    ):
        html = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser").html
        assert html["lang"] == lang, page


def test_english_tables_hold_the_same_amounts(built_site: Path) -> None:
    chinese = unit_page(built_site, "zh")
    english = unit_page(built_site, "en")
    for spec in TEMPLATE.tables:
        anchor = f"table-{int(spec.id)}"
        amounts = [
            [cell.get_text(strip=True) for cell in tr.find_all("td", class_="num")]
            for soup in (chinese, english)
            for tr in soup.find(id=anchor).find_next("table").tbody.find_all("tr")
        ]
        half = len(amounts) // 2
        assert amounts[:half] == amounts[half:], spec.file
        rows = read_rows(DATA / PUBLICATION / spec.file)
        assert half == len(rows) - 1


def test_english_page_names_its_official_chinese_name_and_translation(built_site: Path) -> None:
    soup = unit_page(built_site, "en")
    marked = [element.get_text() for element in soup.find("article").find_all(attrs={"lang": "zh-Hans"})]
    assert "广州市荔湾区数字政府运营中心" in marked
    assert len(soup.find("article").find_all(class_="translation-notice")) == 1
    assert "million yuan" in soup.find(class_="glance").get_text()
    assert "10,000 yuan (CNY)" in soup.find("article").get_text()


def test_every_english_label_cell_is_filled_where_the_chinese_one_is(built_site: Path) -> None:
    chinese = unit_page(built_site, "zh")
    english = unit_page(built_site, "en")
    for spec in TEMPLATE.tables:
        anchor = f"table-{int(spec.id)}"
        pairs = zip(
            chinese.find(id=anchor).find_next("table").tbody.find_all(["th", "td"]),
            english.find(id=anchor).find_next("table").tbody.find_all(["th", "td"]),
            strict=True,
        )
        for zh_cell, en_cell in pairs:
            assert bool(zh_cell.get_text(strip=True)) == bool(en_cell.get_text(strip=True)), (spec.file, zh_cell)
            if "col-code" in zh_cell.get("class", []) or "num" in zh_cell.get("class", []):
                assert en_cell.get_text(strip=True) == zh_cell.get_text(strip=True), (spec.file, zh_cell, en_cell)


def test_every_english_page_says_once_that_its_english_is_ours(built_site: Path) -> None:
    for page in sorted((built_site / "en").rglob("index.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert len(soup.find_all(class_="translation-notice")) == 1, page
    chinese = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert not chinese.find_all(class_="translation-notice")


def test_404_pages_speak_their_language_and_link_both_editions(built_site: Path) -> None:
    for page, lang in (("404.html", "zh-Hans"), ("en/404.html", "en")):
        soup = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
        assert soup.html["lang"] == lang
        links = {link["hreflang"]: link["href"] for link in soup.find_all("a", class_="md-select__link")}
        assert links == {"zh-Hans": SITE_URL, "en": SITE_URL + "en/"}
        assert ("找不到页面" if lang == "zh-Hans" else "Page not found") in soup.h1.get_text()
