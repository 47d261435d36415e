"""Light (issue 9): a publication page, with its inline charts and the site's own CSS and JavaScript,
is under 300 KB gzipped in both editions (``python scripts/page_weight.py SITE`` reports each page)."""

from __future__ import annotations

from pathlib import Path

from conftest import PUBLICATION
from scripts.page_weight import LIMIT_KB, gzipped_size, own_resources, page_weight, publication_pages


def test_publication_pages_are_under_the_limit(built_site: Path) -> None:
    pages = publication_pages(built_site)
    assert [page.relative_to(built_site).parent.as_posix() for page in pages] == [
        PUBLICATION.as_posix(),
        f"en/{PUBLICATION.as_posix()}",
    ]
    for page in pages:
        resources = {resource.relative_to(built_site).as_posix() for resource in own_resources(built_site, page)}
        assert {"stylesheets/budget.css", "javascripts/units-table.js"} <= {
            resource.removeprefix("en/") for resource in resources
        }
        assert not any(resource.startswith(("assets/", "en/assets/")) for resource in resources)
        assert gzipped_size(page) < page_weight(built_site, page) < LIMIT_KB * 1024
