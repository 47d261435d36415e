"""One site from its shards: each shard's files in its edition's folder, one sitemap per edition (the search index
is made over the merged site: macros/building/search.py).

Shards write disjoint pages; files two shards both write (a chart two years' pages show) must be equal, or the
merge stops. Files are hard links into the cache where the file system allows (no copy), else copies. Each
edition's sitemap is the union of its shards' addresses; a year shard's own 404 page and sitemaps are left out (the
shared part's are the edition's).
"""

from __future__ import annotations

import filecmp
import gzip
import os
import re
import shutil
from pathlib import Path

from macros.building.runner import DONE, Built

SITEMAP = "sitemap.xml"
# What every shard writes for its edition and the merge writes once: the shared part's are kept for the rest.
EDITION_FILES = (SITEMAP, f"{SITEMAP}.gz", "404.html")
SITEMAP_URL = re.compile(r"<url>.*?</url>", re.DOTALL)


class MergeConflict(Exception):
    """Two shards wrote different files at one path."""


def place(source: Path, target: Path) -> None:
    """``source`` at ``target``: a hard link, else a copy; an equal file already there is kept."""
    if target.exists():
        if not filecmp.cmp(source, target, shallow=False):
            raise MergeConflict(f"two shards wrote different files at {target}")
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def merge(shards: list[Built], target: Path) -> None:
    """Assemble the site in ``target`` (which must not exist) from the built shards."""
    target.mkdir(parents=True)
    for built in shards:
        edition = target / built.shard.folder
        for source in sorted(built.folder.rglob("*")):
            relative = source.relative_to(built.folder).as_posix()
            if source.is_dir() or relative == DONE or relative in EDITION_FILES:
                continue
            place(source, edition / relative)
        if built.shard.year is None and (built.folder / "404.html").is_file():
            place(built.folder / "404.html", edition / "404.html")
    for folder in sorted({built.shard.folder for built in shards}):
        edition_shards = [built for built in shards if built.shard.folder == folder]
        write_sitemap(edition_shards, target / folder)


def write_sitemap(shards: list[Built], edition: Path) -> None:
    """The edition's sitemap (and its gzip), when the shared part has one (the site has an address)."""
    site_part = next((built for built in shards if built.shard.year is None), None)
    if site_part is None or not (site_part.folder / SITEMAP).is_file():
        return
    head, _, _ = (site_part.folder / SITEMAP).read_text(encoding="utf-8").partition("<url>")
    urls = [url for built in shards for url in SITEMAP_URL.findall((built.folder / SITEMAP).read_text("utf-8"))]
    text = head + "\n    ".join(dict.fromkeys(urls)) + "\n</urlset>"
    (edition / SITEMAP).write_text(text, encoding="utf-8")
    with gzip.GzipFile(edition / f"{SITEMAP}.gz", "wb", mtime=0) as archive:
        archive.write(text.encode("utf-8"))
