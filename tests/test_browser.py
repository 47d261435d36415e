"""A reader in a real browser (Debian's Chromium driven by Playwright): search in both languages, and
the language switcher. The built site is served on a loopback port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from conftest import search
from scripts.screenshot import serve

UNIT_PAGE = "2024/liwan-digital-gov/"


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    server = serve(built_site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    yield page
    page.close()


@pytest.mark.parametrize("query", ["住房公积金", "基本工资", "三公经费", "政务公开审批"])
def test_chinese_search_finds_the_unit_page(page: Page, site_url: str, query: str) -> None:
    page.goto(site_url)
    results = search(page, query)
    assert any(href.startswith(site_url + UNIT_PAGE) for href in results), results
    assert not any(href.startswith(site_url + "en/") for href in results), "results in the reader's language"


@pytest.mark.parametrize("query", ["housing provident fund", "basic salary", "official receptions"])
def test_english_search_finds_the_english_unit_page(page: Page, site_url: str, query: str) -> None:
    page.goto(site_url + "en/")
    results = search(page, query)
    assert any(href.startswith(site_url + "en/" + UNIT_PAGE) for href in results), results


def switch_language(page: Page, name: str) -> None:
    page.locator(".md-header__option .md-select button").first.hover()
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def test_language_switcher_leads_to_the_same_page(page: Page, site_url: str) -> None:
    page.goto(site_url + UNIT_PAGE)
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    switch_language(page, "English")
    assert page.url == site_url + "en/" + UNIT_PAGE
    assert page.locator("html").get_attribute("lang") == "en"
    switch_language(page, "中文")
    assert page.url == site_url + UNIT_PAGE
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
