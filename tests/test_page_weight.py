"""Light (issue 9): a publication page, with its inline charts and the site's own CSS and JavaScript,
is under 300 KB gzipped in both editions (``python scripts/page_weight.py SITE`` reports each page)."""

from __future__ import annotations

from pathlib import Path

from conftest import DATA, PUBLICATION
from scripts.page_weight import LIMIT_KB, gzipped_size, own_resources, page_weight, publication_pages


def test_publication_pages_are_under_the_limit(built_site: Path) -> None:
    pages = publication_pages(built_site)
    publications = sorted(path.relative_to(DATA).as_posix() for path in DATA.glob("[0-9]*/*") if path.is_dir())
    assert PUBLICATION.as_posix() in publications
    assert [page.relative_to(built_site).parent.as_posix() for page in pages] == [
        *publications,
        *(f"en/{publication}" for publication in publications),
    ]
    for page in pages:
        resources = {resource.relative_to(built_site).as_posix() for resource in own_resources(built_site, page)}
        assert {"stylesheets/budget.css", "javascripts/units-table.js"} <= {
            resource.removeprefix("en/") for resource in resources
        }
        assert not any(resource.startswith(("assets/", "en/assets/")) for resource in resources)
        assert gzipped_size(page) < page_weight(built_site, page) < LIMIT_KB * 1024
