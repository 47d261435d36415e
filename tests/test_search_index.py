"""What the search index holds for a unit page: names, codes and prose, but no amounts, no header rows
and no rows of zeros (they made the index of a hundred-unit district too slow to load; issue 8).

The index is Pagefind's (macros/building/search.py), read as a reader's query fetches it: each page's fragment,
its words and the anchors of its headings. Expected words come from the CSV files and the spec, not from the
rendering code.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, PUBLICATION, read_rows
from macros.building.search import edition_pages, page_url, read_fragments, readable, split_characters
from macros.template.specs import load_template

TEMPLATE = load_template(DATA / "templates" / "guangzhou-department.yaml")
UNIT = "/2024/liwan-digital-gov/"
HEADING = re.compile(r"h[1-6]")


def page_fragment(site: Path, *, edition: str = "", url: str = UNIT) -> dict[str, Any]:
    return next(fragment for fragment in read_fragments(site / edition) if fragment["url"] == url)


def sections(site: Path, *, edition: str = "") -> dict[str, str]:
    """Each section of the unit page by its heading's anchor ("#table-6"), its words joined without breaks."""
    fragment = page_fragment(site, edition=edition)
    words = fragment["content"].replace("\u200b", " ").split()
    headings = [anchor for anchor in fragment["anchors"] if HEADING.fullmatch(anchor["element"])]
    ends = [anchor["location"] for anchor in headings[1:]] + [len(words)]
    return {
        f"#{anchor['id']}": "".join(words[anchor["location"] : end]) for anchor, end in zip(headings, ends, strict=True)
    }


def amount_rows(table_id: str) -> list[tuple[list[str], list[str]]]:
    """Each CSV line of a table as (its texts, its amounts)."""
    spec = next(spec for spec in TEMPLATE.tables if spec.id == table_id)
    header, *rows = read_rows(DATA / PUBLICATION / spec.file)
    amounts = [header.index(column.id) for column in spec.columns if column.type == "amount"]
    texts = [header.index(column.id) for column in spec.columns if column.type in ("name", "label", "text")]
    return [([row[i] for i in texts if row[i]], [row[i] for i in amounts]) for row in rows]


def is_zero(amounts: list[str]) -> bool:
    return not any(Decimal(amount) for amount in amounts if amount.strip())


def indexed(name: str) -> str:
    """A name as the index reads it: no spaces, no quotation marks (macros/building/search.py)."""
    return re.sub(r"[\s“”‘’「」『』]", "", name)


def test_names_of_rows_with_money_are_indexed_and_amounts_are_not(built_site: Path) -> None:
    found = sections(built_site)
    rows = amount_rows("06")
    assert rows
    for names, amounts in rows:
        if is_zero(amounts):
            continue
        assert all(indexed(name) in found["#table-6"] for name in names), names
        for amount in amounts:
            printed = f"{Decimal(amount):,.2f}"
            assert printed not in found["#table-6"], (names, printed)


def test_rows_of_zeros_header_rows_and_glossary_copies_are_left_out(built_site: Path) -> None:
    found = sections(built_site)
    rows = amount_rows("01")
    zero_names = [name for names, amounts in rows if is_zero(amounts) for name in names]
    assert zero_names, "the seed's Table 1 has rows of zeros"
    for name in zero_names:
        assert indexed(name) not in found["#table-1"], name
    spec = next(spec for spec in TEMPLATE.tables if spec.id == "05")
    header_texts = [column.header_zh[-1] for column in spec.columns if column.type == "amount"]
    assert all(indexed(text) not in found["#table-5"] for text in header_texts), header_texts
    # Part 4 repeats the glossary page, which is where a term search should lead: only its heading is indexed.
    heading = next(anchor for anchor in page_fragment(built_site)["anchors"] if anchor["id"] == "part-4")
    assert found["#part-4"] == indexed(heading["text"].replace("\u200b", "")) + "."  # Pagefind ends a heading with "."


def test_prose_keeps_its_computed_figures(built_site: Path) -> None:
    found = sections(built_site)
    change = found["#part-3-change"]
    assert re.search(r"\d+\.\d+万元", change), change
    english = sections(built_site, edition="en")
    assert re.search(r"\d", english["#part-3-change"])


def test_each_edition_indexes_its_own_pages_and_no_embed_page(built_site: Path) -> None:
    for edition, others in (("", ["en"]), ("en", [])):
        pages = edition_pages(built_site / edition, other_editions=others)
        urls = sorted(page_url(page, built_site / edition) for page in pages)
        assert sorted(fragment["url"] for fragment in read_fragments(built_site / edition)) == urls
        assert "/" in urls and UNIT in urls
        assert not any(url.startswith(("/embed/", "/en/", "/pagefind/")) for url in urls)


@pytest.mark.parametrize(
    ("html", "read"),
    [
        ("<p>住房公积金</p>", "<p>住|房|公|积|金</p>"),
        ("<p>“三公”经费</p>", "<p>三|公|经|费</p>"),
        ("<p>the district’s “budget”</p>", "<p>the district’s “budget”</p>"),
        ("<p>2024年预算。abc</p>", "<p>2024|年|预|算|。abc</p>"),
        ('<h2 id="三公" title="住房">基本工资</h2>', '<h2 id="三公" title="住房">基|本|工|资</h2>'),
        ("<p>Basic salaries</p>", "<p>Basic salaries</p>"),
    ],
)
def test_each_chinese_character_is_a_word_and_tags_are_left_alone(html: str, read: str) -> None:
    assert split_characters(html).replace("\u200b", "|") == read


def test_drawings_are_not_read() -> None:
    """A chart's SVG is most of a page's bytes and its figure is not indexed: Pagefind does not parse it."""
    html = '<figure data-search-exclude><svg viewBox="0 0 1 1"><title>图</title><path d="M 0 0"/></svg></figure><p>预算</p>'
    assert readable(html, language="zh").replace("\u200b", "|") == "<figure data-search-exclude></figure><p>预|算</p>"
    assert readable(html, language="en") == "<figure data-search-exclude></figure><p>预 算</p>"


def test_the_header_is_materials_but_for_the_search_box() -> None:
    """docs/overrides/partials/header.html copies Material's: on an upgrade of Material, copy it again."""
    import material

    theirs = (Path(material.__file__).parent / "templates" / "partials" / "header.html").read_text(encoding="utf-8")
    ours = (DATA.parent / "docs" / "overrides" / "partials" / "header.html").read_text(encoding="utf-8")
    gated = re.search(r'\n    \{% if "material/search" in config\.plugins %\}.*?\n    \{% endif %\}\n', theirs, re.S)
    assert gated, "Material's header no longer asks for its search plugin: see what changed"
    lines = gated.group(0)[1:].splitlines()  # if plugin, set search, if enabled, …the box…, endif, endif
    box = "".join(line.removeprefix("    ") + "\n" for line in lines[3:-2])
    assert ours.split("-#}\n", 1)[1] == theirs.split("-#}\n", 1)[1].replace(gated.group(0)[1:], box)
