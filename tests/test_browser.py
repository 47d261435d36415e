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
