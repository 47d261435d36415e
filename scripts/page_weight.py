"""How much a reader downloads for a publication page, compressed as a web server sends it.

    python scripts/page_weight.py SITE_DIR

For every publication page (both editions): the HTML (its charts are inline SVG) plus the site's own
stylesheets, scripts and images it loads, each gzipped (level 6, the usual server default). The theme's
shared assets (``assets/``: Material's CSS, JavaScript, search) are cached across pages and left out.
Prints each page's weight and the largest; the target is under 300 KiB (issue 9).
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

LIMIT_KB = 300
THEME_ASSETS = "assets"


def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def own_resources(site: Path, page: Path) -> list[Path]:
    """Stylesheets, scripts and images the page loads that are the site's own (not the theme's)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    references = [link.get("href") for link in soup.find_all("link", rel="stylesheet")]
    references += [element.get("src") for element in soup.find_all(["script", "img"])]
    page_path = "/" + page.relative_to(site).as_posix()
    found = []
    for reference in references:
        if not reference or urlsplit(reference).scheme:
            continue
        path = urljoin(page_path, urlsplit(reference).path).lstrip("/")
        if THEME_ASSETS not in PurePosixPath(path).parts[:2] and (site / path).is_file():  # en/assets/ too
            found.append(site / path)
    return found


def page_weight(site: Path, page: Path) -> int:
    """Bytes on the wire for the page and its own resources, gzipped."""
    return gzipped_size(page) + sum(gzipped_size(resource) for resource in own_resources(site, page))


def publication_pages(site: Path) -> list[Path]:
    return sorted(
        page
        for page in site.rglob("index.html")
        if "publication-colophon" in page.read_text(encoding="utf-8")  # only publication pages carry it
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    arguments = parser.parse_args()
    weights = {page: page_weight(arguments.site, page) for page in publication_pages(arguments.site)}
    if not weights:
        print("no publication page found", file=sys.stderr)
        return 2
    for page, weight in weights.items():
        print(f"{weight / 1024:7.1f} KiB  {page.relative_to(arguments.site).parent}/")
    largest = max(weights.values())
    print(
        f"largest: {largest / 1024:.1f} KiB gzipped, HTML and the site's own assets (limit {LIMIT_KB} KiB), "
        f"{len(weights)} publication pages"
    )
    return 0 if largest < LIMIT_KB * 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
