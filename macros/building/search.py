"""One search index per edition, over the merged site: Pagefind.

Why Pagefind and not Material's own index (measured: scripts/search_report.py, README "Search"): Material's index is
one file of every page's text, fetched whole by every page, so it grows with the site (6.5 MiB for a district of
a hundred units and three years). Pagefind splits its index into chunks by word and the text into one fragment per
page: a query fetches the chunks of its own words and the fragments of the results it shows.

Chinese has no spaces, and the two ends of a search must cut it the same way. They would not: Pagefind's index cuts
with jieba, the browser cuts a query with ``Intl.Segmenter``, and the two cut 住房公积金 differently (the cause of
Pagefind/pagefind#1237). So neither cuts: the index holds each Chinese character as a word (a zero-width space
beside each Chinese character of the text Pagefind reads, a space in the English edition, whose pages name units in
Chinese; the pages themselves are not changed), and the search box
(docs/javascripts/search-worker.js) looks a Chinese query up as an exact phrase of its characters. A query finds
exactly the pages that contain it, whatever the dictionary of either side.

What a page leaves out of the index is marked where it is made: ``data-search-exclude`` (amounts, header rows, rows
of zeros, copies of the glossary; tests/test_search_index.py), as for Material's index before.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from macros.building.merge import place

# Where Pagefind writes each edition's index (its own name: the search worker finds it there).
INDEX_FOLDER = "pagefind"
# The page's own text: Material's article, without the navigation and the header around it.
ROOT_SELECTOR = "article.md-content__inner"
ARTICLE = '<article class="md-content__inner'  # where the article starts in Material's page
# Not read: what a page marks (amounts, header rows, copies of the glossary), permalinks, and code (the API's and
# the staff guide's examples: they hold names from the data, and would rank above the pages a reader wants).
EXCLUDED = ("[data-search-exclude]", ".headerlink", ".md-source-file", "pre")
# Folders of an edition that hold no pages a reader searches for (embeds repeat a page's tables and charts).
NOT_PAGES = ("embed", INDEX_FOLDER)
# Chinese characters (CJK unified ideographs, extension A, compatibility): each is a word of the index.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A word break beside each Chinese character (except at a space).
BESIDE_HAN = re.compile(f"(?<=[{HAN}])(?=\\S)|(?<=\\S)(?=[{HAN}])")
# The word break: Pagefind's Chinese reading splits at a zero-width space; its other languages only at a space (the
# search box joins Chinese characters a space parts when it shows them).
WORD_BREAKS = {"zh": "\u200b"}
# Quotation marks within a term (“三公”经费) are words of their own to Pagefind: they would part the characters of a
# phrase, so the index reads the text without them (三公经费); its excerpts show them left out.
QUOTE_MARKS = "“”‘’「」『』"
QUOTES = re.compile(f"(?<=[{HAN}])[{QUOTE_MARKS}]|[{QUOTE_MARKS}](?=[{HAN}])")
HAS_HAN = re.compile(f"[{HAN}]")
TAG = re.compile(r"(<[^>]*>)")
# A chart's drawing (most of a unit page's bytes): its figure is left out of the index (data-search-exclude) anyway.
SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
# An index in the cache is whole when it has this file (the number of its pages); two are kept per language.
DONE = ".index-complete"
KEPT = 2
# The start of each of Pagefind's files, once unzipped.
SIGNATURE = b"pagefind_dcd"
# What Pagefind writes for its own search interfaces: Material's search box is the site's, these are not used.
UNUSED = tuple(
    f"pagefind-{name}"
    for name in (
        "ui.js",
        "ui.css",
        "modular-ui.js",
        "modular-ui.css",
        "component-ui.js",
        "component-ui.css",
        "highlight.js",
    )
)


@dataclass(frozen=True)
class EditionIndex:
    folder: Path
    pages: int
    reused: bool  # from the cache: the pages read were unchanged


def readable(html: str, *, language: str) -> str:
    """The page as Pagefind reads it: without its drawings, each Chinese character of its article a word (Pagefind
    reads only the article, ROOT_SELECTOR: the navigation around it is left as it is, which halves the work)."""
    start = html.find(ARTICLE)
    end = html.rfind("</article>")
    if start < 0 or end < start:
        start, end = 0, len(html)
    article = split_characters(SVG.sub("", html[start:end]), word_break=WORD_BREAKS.get(language, " "))
    return html[:start] + article + html[end:]


def split_characters(html: str, *, word_break: str = "\u200b") -> str:
    """The page with a zero-width space on each side of every Chinese character of its text, and without its
    quotation marks (not in its tags: addresses and anchors stay as they are)."""
    parts = TAG.split(html)
    return "".join(part if number % 2 else broken(part, word_break) for number, part in enumerate(parts))


def broken(text: str, word_break: str) -> str:
    """One text between tags, a word break beside each Chinese character (most texts have none: a quick look)."""
    if not HAS_HAN.search(text):
        return text
    if any(mark in text for mark in QUOTE_MARKS):
        text = QUOTES.sub("", text)
    return BESIDE_HAN.sub(word_break, text)


def edition_pages(edition: Path, *, other_editions: Iterable[str]) -> list[Path]:
    """Every page of the edition (``index.html``), outside other editions' folders, folders of no pages and hidden
    folders (another edition's pages being read for its index, beside it)."""
    skipped = {*NOT_PAGES, *other_editions}
    pages = []
    for folder, folders, files in os.walk(edition):
        if Path(folder) == edition:  # not walked into at all: another edition may be writing its index meanwhile
            folders[:] = [name for name in folders if name not in skipped and not name.startswith(".")]
        if "index.html" in files:
            pages.append(Path(folder) / "index.html")
    return sorted(pages)


def page_url(page: Path, edition: Path) -> str:
    """The page's address below the edition, as Material's search gave it (``2024/unit/``, ``""`` for home)."""
    folder = page.parent.relative_to(edition).as_posix()
    return "/" if folder == "." else f"/{folder}/"


def write_index(pages: Path, *, language: str, output: Path) -> int:
    """Pagefind's index of the pages below ``pages`` (its own reading of a folder, on every core); their number.

    Pagefind's command, not its Python service: the service is stopped as soon as it answers that it wrote the
    files, and with two editions indexed at once a file was found cut short (its last write not yet on disk). The
    command ends when every file is written."""
    command = [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path", str(output)]
    command += ["--root-selector", ROOT_SELECTOR, "--force-language", language]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise RuntimeError(f"pagefind failed (exit {finished.returncode}):\n{finished.stdout}\n{finished.stderr}")
    indexed = re.search(r"Indexed (\d+) pages?", finished.stdout)
    if indexed is None:
        raise RuntimeError(f"pagefind did not say how many pages it indexed:\n{finished.stdout}")
    return int(indexed[1])


def index_edition(
    edition: Path,
    *,
    language: str,
    other_editions: Iterable[str],
    cache: Path | None = None,
    work: Path | None = None,
) -> EditionIndex:
    """Write the edition's index into ``edition/pagefind``; from ``cache`` when the pages as read are unchanged
    (every shard reused), and kept there for the next build. The pages as read are written into ``work`` (outside
    every edition: the site's own folder's parent; its disk), by default beside the edition."""
    with tempfile.TemporaryDirectory(prefix=".search-", dir=work or edition.parent) as folder:
        # The pages as the index reads them, at their addresses: Pagefind reads a folder far faster than page by page.
        pages = Path(folder)
        digest = hashlib.sha256(index_code())
        for page in edition_pages(edition, other_editions=other_editions):
            relative = page.relative_to(edition)
            text = readable(page.read_text(encoding="utf-8"), language=language)
            digest.update(f"{relative.as_posix()}\0{text}\0".encode())
            (pages / relative).parent.mkdir(parents=True, exist_ok=True)
            (pages / relative).write_text(text, encoding="utf-8")
        kept = cache / f"{language}-{digest.hexdigest()[:20]}" if cache else None
        if kept is not None and (kept / DONE).is_file():
            os.utime(kept)  # the newest use: what eviction keeps
            link_tree(kept, edition / INDEX_FOLDER)
            return EditionIndex(folder=edition / INDEX_FOLDER, pages=int((kept / DONE).read_text()), reused=True)
        count = write_index(pages, language=language, output=edition / INDEX_FOLDER)
    for name in UNUSED:
        (edition / INDEX_FOLDER / name).unlink(missing_ok=True)
    if kept is not None:
        keep(edition / INDEX_FOLDER, kept, pages=count)
    return EditionIndex(folder=edition / INDEX_FOLDER, pages=count, reused=False)


def index_code() -> bytes:
    """What makes an index besides its pages: this module (how pages are read) and Pagefind's version."""
    return Path(__file__).read_bytes() + version("pagefind_bin_extended").encode()


def link_tree(source: Path, target: Path) -> None:
    """``target`` a copy of ``source`` (less its mark) by hard links where the file system allows."""
    shutil.copytree(
        source,
        target,
        copy_function=lambda source_file, target_file: place(Path(source_file), Path(target_file)),
        ignore=lambda folder, names: [DONE] if DONE in names else [],
    )


def keep(index: Path, kept: Path, *, pages: int) -> None:
    """The index into the cache (a partial folder renamed: never half there), the older ones of its language gone
    but the one before (a pull request's base)."""
    partial = kept.with_name(f".{kept.name}.{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    link_tree(index, partial)
    (partial / DONE).write_text(f"{pages}\n", encoding="utf-8")
    try:
        partial.rename(kept)
    except OSError:  # another build kept the same index meanwhile
        shutil.rmtree(partial, ignore_errors=True)
        return
    language = kept.name.rsplit("-", 1)[0]
    older = sorted(
        (folder for folder in kept.parent.glob(f"{language}-*") if folder != kept),
        key=lambda folder: folder.stat().st_mtime,
        reverse=True,
    )
    for folder in older[KEPT - 1 :]:
        shutil.rmtree(folder, ignore_errors=True)


def read_fragments(edition: Path) -> list[dict[str, Any]]:
    """Each page the edition's index holds, as a reader's query fetches it: its ``url``, ``content`` (words apart),
    ``meta`` (``title``) and ``anchors`` (each element with an id, at its word's ``location``)."""
    return [
        json.loads(gzip.decompress(path.read_bytes()).removeprefix(SIGNATURE))
        for path in sorted((edition / INDEX_FOLDER / "fragment").glob("*.pf_fragment"))
    ]
