"""A published document as the importer reads it: lines of text and rows of table cells, each with the
place it was printed (a PDF's page, a text file's line), whatever the file's format.

PDFs are read with pdfplumber (pdfminer's text layer and its ruling lines): the tables of the
publications we read are ruled grids, which pdfplumber's table finder turns into cells, merged cells
included (``None``), so no column positions are guessed. A page without a text layer (a scan) cannot be
read: it is listed, and the importer refuses the document with that reason (a page with no text and no
picture is blank, and has nothing to read).

Some documents draw their figures (or their quotation marks) in another font a few points off the line
they belong to; pdfplumber then reads them as a line of their own. Such a run of characters, beside the
line's own characters and within its height, is put back into its line at its place.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAGE_NUMBER = re.compile(r"^[-—－\s]*\d{1,4}[-—－\s]*$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$")


@dataclass(frozen=True)
class Line:
    """One printed line: text, or a table row's cells (``None`` where a merged cell covers it)."""

    text: str
    page: int = 0  # 1-based; 0 in a text file, which has only lines
    number: int = 0  # the line in a text file; the running line of a PDF
    cells: tuple[str | None, ...] | None = None
    indent: bool = False  # starts further right than the page's text: a new paragraph in a PDF
    short: bool = False  # ends well before the page's right edge: the last line of a paragraph in a PDF

    @property
    def is_row(self) -> bool:
        return self.cells is not None

    def place(self) -> str:
        return f"page {self.page}" if self.page else f"{self.number}"


@dataclass(frozen=True)
class Document:
    name: str
    lines: tuple[Line, ...]
    scanned_pages: tuple[int, ...] = ()  # pages with no text layer
    pages: int = 0
    text: str = field(default="", repr=False)  # every text line, joined: where document-wide facts are read


def text_document(text: str, *, name: str) -> Document:
    """A text file: Markdown-like headings (``#``, ``**``) become plain lines, tab-separated lines rows."""
    lines = []
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if "\t" in raw:
            lines.append(Line(raw, number=number, cells=tuple(cell.strip() for cell in raw.split("\t"))))
        else:
            lines.append(Line(plain_line(raw), number=number))
    return Document(name, tuple(lines), text=text)


def plain_line(raw: str) -> str:
    """A text line without Markdown's heading marks (the text is the published words)."""
    return raw.lstrip("#").strip().strip("*").strip() if raw.startswith("#") else raw.rstrip()


def pdf_document(path: Path) -> Document:
    import pdfplumber  # imported here: only PDFs need it, and it takes a moment to load

    lines: list[Line] = []
    scanned: list[int] = []
    with pdfplumber.open(path) as pdf:
        pages = [
            (number, page.find_tables(), page.extract_text_lines(return_chars=True))
            for number, page in enumerate(pdf.pages, start=1)
            if page.chars
        ]
        # a page with pictures and no text layer is a scan; one with neither is blank (an empty grid)
        scanned = [number for number, page in enumerate(pdf.pages, start=1) if not page.chars and page.images]
        count = len(pdf.pages)
    pages = [(number, tables, outside_tables(text_lines, tables)) for number, tables, text_lines in pages]
    edges = text_edges([line for _, _, text_lines in pages for line in text_lines])
    for page_number, tables, text_lines in pages:
        lines += page_lines(page_number, tables, text_lines, edges=edges, first=len(lines) + 1)
    text = "\n".join(line.text for line in lines if not line.is_row)
    return Document(path.name, tuple(lines), scanned_pages=tuple(scanned), pages=count, text=text)


def text_edges(text_lines: list[dict[str, Any]]) -> tuple[float, float]:
    """The text block's left and right edges over the whole document (a page of short lines has no indent
    of its own): those of the body text, the lines of the most common height. Titles, table headings and
    a table's unit line (单位：万元, often set wider than the text) are left out."""
    heights = Counter(round(line["bottom"] - line["top"]) for line in text_lines)
    body_height = heights.most_common(1)[0][0] if heights else 0
    body = [line for line in text_lines if round(line["bottom"] - line["top"]) == body_height]
    return min((line["x0"] for line in body), default=0.0), max((line["x1"] for line in body), default=0.0)


def outside_tables(text_lines: list[dict[str, Any]], tables: list[Any]) -> list[dict[str, Any]]:
    """The text lines that are not a table's own words (those are read as cells), each with the runs of
    characters printed off its baseline put back (``rejoined``)."""
    boxes = [table.bbox for table in tables]
    outside = [
        line
        for line in text_lines
        if not any(
            box[1] <= (line["top"] + line["bottom"]) / 2 <= box[3] and box[0] <= line["x0"] <= box[2] for box in boxes
        )
    ]
    return rejoined(outside)


def rejoined(text_lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lines that are parts of one printed line, joined: a run of characters that overlaps another line
    for at least half its height and falls in that line's gaps (figures or quotation marks in another
    font, a few points lower) is that line's own. Other lines are kept as they are."""
    joined: list[dict[str, Any]] = []
    for line in sorted(text_lines, key=lambda item: item["top"]):
        at = next((index for index in reversed(range(len(joined))) if same_line(joined[index], line)), None)
        if at is None:
            joined.append(line)
            continue
        host = joined[at]
        chars = sorted([*host["chars"], *line["chars"]], key=lambda char: char["x0"])
        joined[at] = {
            **host,
            "chars": chars,
            "text": chars_text(chars),
            "x0": min(host["x0"], line["x0"]),
            "x1": max(host["x1"], line["x1"]),
        }
    return joined


def same_line(first: dict[str, Any], second: dict[str, Any]) -> bool:
    overlap = min(first["bottom"], second["bottom"]) - max(first["top"], second["top"])
    height = min(first["bottom"] - first["top"], second["bottom"] - second["top"])
    if not first.get("chars") or not second.get("chars") or overlap < height / 2:
        return False
    return not any(
        a["x0"] < b["x1"] - 1 and b["x0"] < a["x1"] - 1 for a in first["chars"] for b in second["chars"]
    )  # no character of one over a character of the other


def chars_text(chars: list[dict[str, Any]], *, gap: float = 3.0) -> str:
    """Characters left to right as text, a space where they stand apart (as pdfplumber's x_tolerance)."""
    text = ""
    previous: dict[str, Any] | None = None
    for char in chars:
        if previous is not None and char["x0"] - previous["x1"] > gap:
            text += " "
        text += char["text"]
        previous = char
    return " ".join(text.split())


def page_lines(
    page_number: int, tables: list[Any], text_lines: list[dict[str, Any]], *, edges: tuple[float, float], first: int
) -> list[Line]:
    """A page's text lines (outside its tables) and table rows in reading order (top to bottom); page
    numbers left out."""
    left, right = edges
    placed: list[tuple[float, Line]] = []
    for line in text_lines:
        text = line["text"].strip()
        if not text or PAGE_NUMBER.match(text):
            continue
        size = line["bottom"] - line["top"]
        indent, short = line["x0"] > left + size, line["x1"] < right - 2 * size
        placed.append((line["top"], Line(text, page=page_number, indent=indent, short=short)))
    for table in tables:
        for row, cells in zip(table.rows, table.extract(), strict=True):
            if all(not (cell or "").strip() for cell in cells):
                continue  # a ruled but empty line of the grid
            row_cells = tuple(None if cell is None else " ".join(cell.split()) for cell in cells)
            placed.append(
                (row.bbox[1], Line("\t".join(cell or "" for cell in row_cells), page=page_number, cells=row_cells))
            )
    placed.sort(key=lambda item: item[0])
    return [
        Line(line.text, page=line.page, number=first + index, cells=line.cells, indent=line.indent, short=line.short)
        for index, (_, line) in enumerate(placed)
    ]
