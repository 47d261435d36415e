"""A reader in a real browser (Debian's Chromium driven by Playwright): search in both languages, and
the language switcher. The built site is served on a loopback port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from conftest import search

UNIT_PAGE = "2024/liwan-digital-gov/"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    yield page
    page.close()


@pytest.mark.parametrize("query", ["住房公积金", "基本工资", "三公经费", "政务公开审批"])
def test_chinese_search_finds_the_unit_page(page: Page, served_site: str, query: str) -> None:
    page.goto(served_site)
    results = search(page, query)
    assert any(href.startswith(served_site + UNIT_PAGE) for href in results), results
    assert not any(href.startswith(served_site + "en/") for href in results), "results in the reader's language"


@pytest.mark.parametrize("query", ["housing provident fund", "basic salary", "official receptions"])
def test_english_search_finds_the_english_unit_page(page: Page, served_site: str, query: str) -> None:
    page.goto(served_site + "en/")
    results = search(page, query)
    assert any(href.startswith(served_site + "en/" + UNIT_PAGE) for href in results), results


def test_chinese_names_are_found_in_the_english_edition(page: Page, served_site: str) -> None:
    """English pages name each unit in Chinese too (its official name): the English index reads those characters."""
    page.goto(served_site + "en/")
    results = search(page, "荔湾区")
    assert any(href.startswith(served_site + "en/" + UNIT_PAGE) for href in results), results
    first = page.locator(".md-search-result__item").first
    assert "荔湾区" in first.inner_text()  # shown joined, as written
    assert "荔湾区" in "".join(first.locator("mark").all_inner_texts())


def test_a_result_shows_the_query_marked_in_the_page_text(page: Page, served_site: str) -> None:
    """Material's result list, filled from Pagefind: the page's title, its sections, the query marked, and no
    word breaks of the index (macros/building/search.py) in what a reader sees or copies."""
    page.goto(served_site)
    search(page, "三公经费")
    first = page.locator(".md-search-result__item").filter(has=page.locator(f'a[href="{served_site + UNIT_PAGE}"]'))
    assert first.locator("h1").inner_text() == page.evaluate(
        "url => fetch(url).then(r => r.text()).then(t => new DOMParser().parseFromString(t, 'text/html'))"
        ".then(d => { const h = d.querySelector('article h1'); h.querySelector('.headerlink')?.remove();"
        " return h.textContent.trim(); })",
        served_site + UNIT_PAGE,
    )
    marked = first.locator("mark").all_inner_texts()
    assert "".join(marked).startswith("三公经费"), marked
    assert "\u200b" not in first.inner_html()


def test_keyboard_as_material_has_it(page: Page, served_site: str) -> None:
    """ "/" opens the search box, Enter goes to the best result; Escape closes the box."""
    page.goto(served_site + "glossary/")
    page.keyboard.press("/")
    page.keyboard.type("政务公开审批")  # typed as an input method commits it: no key goes up until the next
    page.keyboard.press("End")  # (Material reads the box at a key's release)
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("Enter")
    page.wait_for_url(served_site + UNIT_PAGE + "**")
    page.keyboard.press("/")
    assert page.locator("#__search").is_checked()
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()


def test_a_search_link_opens_with_its_results(page: Page, served_site: str) -> None:
    page.goto(served_site + "?q=住房公积金")
    page.wait_for_selector(".md-search-result__item")
    links = [link.get_attribute("href") or "" for link in page.locator(".md-search-result__item a").all()]
    assert any(href.startswith(served_site + UNIT_PAGE) for href in links), links


def switch_language(page: Page, name: str) -> None:
    page.locator(".md-header__option .md-select button").first.hover()
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def test_language_switcher_leads_to_the_same_page(page: Page, served_site: str) -> None:
    page.goto(served_site + UNIT_PAGE)
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    switch_language(page, "English")
    assert page.url == served_site + "en/" + UNIT_PAGE
    assert page.locator("html").get_attribute("lang") == "en"
    switch_language(page, "中文")
    assert page.url == served_site + UNIT_PAGE
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
