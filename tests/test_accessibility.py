"""Every reader served (issues 9 and 17): axe-core with every one of its rules (WCAG 2.1 A/AA and best
practices) finds no serious or critical violation on any page kind, in either language or colour scheme;
keyboard focus is visible; the site makes no request outside its own origin and works from a sub-path of a
plain file server.

axe-core comes from npm (package.json, installed by ``make test``), never from a CDN.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from conftest import LOOPBACK, REPO, SITE_URL, block_outside, search
from scripts.screenshot import serve

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGE_KINDS = {
    "home": "",
    "year": "2024/",
    "publication": "2024/liwan-digital-gov/",
    "final accounts": "2024/putuo-finance-bureau-final/",
    "compare": "2024/compare/?units=liwan-digital-gov",
    "data api": "api/",
    "status": "2024/status/",
    "what changed": "2024/changes/",
    "glossary": "glossary/",
    "downloads": "downloads/",
    "staff guide": "staff-guide/",
    "not found": "404.html",
    # the standalone pages other sites frame (macros/website/embeds.py): no Material, no search
    "embedded table": "embed/2024/liwan-digital-gov/table-3.html",
    "embedded chart": "embed/2024/liwan-digital-gov/chart-2024-liwan-digital-gov-glance.html",
}
EDITIONS = {"zh": "", "en": "en/"}


@pytest.fixture(scope="module")
def site_root(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site served from the sub-path of its address (SITE_URL), as GitHub project pages and intranet servers do."""
    parent = tmp_path_factory.mktemp("served")
    sub_path = urlsplit(SITE_URL).path.strip("/")
    (parent / sub_path).symlink_to(built_site, target_is_directory=True)
    server = serve(parent)
    yield f"http://127.0.0.1:{server.server_address[1]}/{sub_path}/"
    server.shutdown()


def every_page() -> list[tuple[str, str]]:
    return [
        (edition + path, f"{lang}-{kind}") for lang, edition in EDITIONS.items() for kind, path in PAGE_KINDS.items()
    ]


def is_embed(path: str) -> bool:
    return path.removeprefix("en/").startswith("embed/")


def serious_violations(page: Page) -> list[str]:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does)")
    page.add_script_tag(path=str(AXE))
    # No runOnly: every rule axe has, best practices (aria-dialog-name, landmark rules...) included.
    report = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + json.dumps([node["target"] for node in violation["nodes"][:5]], ensure_ascii=False)
        for violation in report["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("path", "name"), every_page(), ids=[name for _, name in every_page()])
def test_axe_finds_no_serious_violation(browser: Browser, site_root: str, path: str, name: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(site_root + path)
        if is_embed(path):  # its colours follow the reader's system, not Material's switch
            assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
        else:
            expected = "slate" if scheme == "dark" else "default"
            assert page.locator("body").get_attribute("data-md-color-scheme") == expected
        assert serious_violations(page) == []
    finally:
        context.close()


def test_axe_reports_an_unlabelled_control(browser: Browser, site_root: str) -> None:
    """The check itself works: a control without a name on our page is a critical violation."""
    page = browser.new_page()
    try:
        page.goto(site_root + PAGE_KINDS["publication"])
        page.evaluate("document.querySelector('article').append(document.createElement('input'))")
        assert any(line.startswith("label (critical)") for line in serious_violations(page))
    finally:
        page.close()


def test_axe_runs_best_practice_rules(browser: Browser, site_root: str) -> None:
    """Best practices are checked too: Material's search dialog without our name (docs/overrides/partials/
    search.html) is the serious aria-dialog-name violation it had on every page."""
    page = browser.new_page()
    try:
        page.goto(site_root + PAGE_KINDS["home"])
        assert page.locator(".md-search[role=dialog]").get_attribute("aria-label") == "查找"
        page.goto(site_root + "en/")
        assert page.locator(".md-search[role=dialog]").get_attribute("aria-label") == "Search"
        page.evaluate("document.querySelector('.md-search').removeAttribute('aria-label')")
        assert any(line.startswith("aria-dialog-name (serious)") for line in serious_violations(page))
    finally:
        page.close()


@pytest.mark.parametrize(("path", "name"), every_page(), ids=[name for _, name in every_page()])
def test_no_request_leaves_the_site(browser: Browser, site_root: str, path: str, name: str) -> None:
    """Every request outside loopback is blocked and counted; every request of ours must succeed, search
    (its worker, index and language files) included."""
    context = browser.new_context()
    outside = block_outside(context)
    failed: list[str] = []
    page = context.new_page()
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    try:
        response = page.goto(site_root + path, wait_until="networkidle")
        assert response is not None and response.status == 200
        if not path.endswith("404.html") and not is_embed(path):
            # Search loads its worker, index and language files only when used: use it.
            assert search(page, "housing" if path.startswith("en/") else "住房公积金")
    finally:
        context.close()
    assert outside == []
    assert failed == []


def test_links_stay_below_the_sub_path(browser: Browser, site_root: str) -> None:
    """Relative links everywhere: from the sub-path every link of the publication page stays below it."""
    page = browser.new_page()
    try:
        page.goto(site_root + PAGE_KINDS["publication"])
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    finally:
        page.close()
    own = [href for href in hrefs if urlsplit(href).hostname in LOOPBACK]
    assert own
    assert all(href.startswith(site_root) for href in own), [href for href in own if not href.startswith(site_root)]


@pytest.mark.parametrize("path", [PAGE_KINDS["year"], PAGE_KINDS["publication"]])
def test_keyboard_focus_is_visible_on_every_stop(browser: Browser, site_root: str, path: str) -> None:
    """Tab through the first stops of the page: each focused element shows an outline or a ring."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(site_root + path)
        seen = []
        for _ in range(60):
            page.keyboard.press("Tab")
            focus = page.evaluate(
                """() => {
                    let element = document.activeElement;
                    // Material's toggles are hidden inputs; the label after them shows the focus.
                    if (element.matches('input.md-option') && element.nextElementSibling)
                        element = element.nextElementSibling;
                    const style = getComputedStyle(element);
                    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                        || style.boxShadow !== 'none';
                    return {tag: element.tagName, text: (element.textContent || '').trim().slice(0, 30),
                            cls: element.className, ring, content: !!element.closest('article')};
                }"""
            )
            seen.append(focus)
        assert any(focus["content"] for focus in seen), "the keyboard never reached the page's content"
        invisible = [focus for focus in seen if not focus["ring"] and focus["tag"] != "BODY"]
        assert invisible == []
    finally:
        page.close()
