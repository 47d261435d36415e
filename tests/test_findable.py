"""Findable and shareable (issue 9): no broken internal link, a sitemap per edition that lists every
page, robots.txt naming both, and on every page a description and Open Graph title and description.

Expected figures come from the CSV files, not from the rendering code.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import DATA, PUBLICATION, SITE_URL, read_rows
from scripts.check_links import broken_links

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def pages_of(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("index.html"))


def test_no_internal_link_is_broken(built_site: Path) -> None:
    assert broken_links(built_site, site_url=SITE_URL) == []


def test_the_link_check_finds_a_missing_page_and_a_missing_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "pic.png").write_bytes(b"")
    (tmp_path / "a" / "index.html").write_text(
        '<h1 id="top">A</h1><a href="../b/">B</a><a href="#top">up</a><a href="../index.html#nowhere">home</a>'
        '<a href="https://example.org/">out</a><img src="../pic.png" srcset="../pic.png 1x, ../pic@2x.png 2x">'
        '<svg><defs><path id="glyph"/></defs><use href="#glyph"/><use xlink:href="#gone"/>'
        '<g clip-path="url(#clip)"></g></svg>',
        encoding="utf-8",
    )
    (tmp_path / "index.html").write_text(
        '<p id="here"><a href="a/#top">A</a><a href="../outside/">up and out</a><a href="/liwan/a/">A</a>'
        '<a href="/a/">root</a><a href="https://budget.example.org/liwan/a/#top">A</a></p>',
        encoding="utf-8",
    )
    assert broken_links(tmp_path, site_url="https://budget.example.org/liwan/") == [
        "a/index.html: ../b/ (no such file)",
        "a/index.html: ../index.html#nowhere (no id 'nowhere' in index.html)",
        "a/index.html: ../pic@2x.png (no such file)",
        "a/index.html: #gone (no id 'gone' in a/index.html)",
        "a/index.html: #clip (no id 'clip' in a/index.html)",
        "index.html: ../outside/ (leaves the site's folder /liwan/)",
        "index.html: /a/ (leaves the site's folder /liwan/)",
    ]


@pytest.mark.parametrize("edition", ["", "en/"])
def test_each_sitemap_lists_every_page_of_its_edition(built_site: Path, edition: str) -> None:
    root = built_site / edition
    listed = {element.text for element in ElementTree.parse(root / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")}
    expected = set()
    for page in pages_of(root):
        folder = page.parent.relative_to(root).as_posix()
        if not edition and folder.split("/")[0] == "en":
            continue  # the English edition has its own sitemap
        expected.add(SITE_URL + edition + ("" if folder == "." else folder + "/"))
    assert listed == expected
    robots = (built_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {SITE_URL}{edition}sitemap.xml" in robots


def test_every_page_has_its_own_description_and_open_graph_tags(built_site: Path) -> None:
    descriptions = {}
    for page in pages_of(built_site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        description = soup.find("meta", attrs={"name": "description"})["content"]
        assert description, page
        assert soup.find("meta", property="og:description")["content"] == description, page
        assert soup.find("meta", property="og:title")["content"], page
        assert soup.find("meta", property="og:url")["content"].startswith(SITE_URL), page
        descriptions[page.relative_to(built_site).as_posix()] = description
    assert len(set(descriptions.values())) == len(descriptions), "two pages share a description"
    summary = read_rows(DATA / PUBLICATION / "03-expenditure-summary.csv")
    header, total_row = summary[0], next(row for row in summary[1:] if row[1] == "合计")
    total = f"{Decimal(total_row[header.index('total')]):,.2f}"
    for page in (f"{PUBLICATION.as_posix()}/index.html", f"en/{PUBLICATION.as_posix()}/index.html"):
        assert total in descriptions[page], descriptions[page]
