"""Make the Chinese text of a printed PDF findable: Chromium writes some ideographs as radicals.

Noto Sans CJK draws a radical and its ideograph with one glyph (⻔ U+2ED4 and 门 U+95E8, ⽀ U+2F40 and
支 U+652F), and Chromium's PDF text layer (the font's ToUnicode map) names the glyph by the radical.
The page looks right, but copying gives radicals and searching a PDF for 部门 or 支出 finds nothing.
``fix_text_layer`` rewrites each ToUnicode map so those glyphs name the ideograph; the drawing is not
touched. Which radicals share a glyph with which ideograph comes from the font itself (mplfonts ships
the same Noto Sans CJK SC that Debian's fonts-noto-cjk gives Chromium).
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfWriter

RADICALS = range(0x2E80, 0x2FE0)  # CJK Radicals Supplement and Kangxi Radicals
IDEOGRAPHS = range(0x3400, 0xA000)  # CJK Unified Ideographs and Extension A
BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])")
HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


@cache
def ideograph_of_radical() -> dict[int, int]:
    """Radical code point -> the ideograph the font draws with the same glyph."""
    font = TTFont(str(files("mplfonts") / "fonts" / "NotoSansCJKsc-Regular.otf"), lazy=True)
    code_points: dict[str, list[int]] = {}
    for code, glyph in font.getBestCmap().items():
        code_points.setdefault(glyph, []).append(code)
    table = {}
    for codes in code_points.values():
        ideographs = [code for code in codes if code in IDEOGRAPHS]
        table.update({code: min(ideographs) for code in codes if code in RADICALS and ideographs})
    return table


def utf16(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode("ascii")).decode("utf-16-be")


def read_cmap(cmap: bytes) -> tuple[dict[int, str], int]:
    """A ToUnicode CMap as {character code: text}, and the width of its codes in hex digits."""
    mapping: dict[int, str] = {}
    width = 4
    for block in BFCHAR.findall(cmap):
        for source, target in PAIR.findall(block):
            width = len(source)
            mapping[int(source, 16)] = utf16(target)
    for block in BFRANGE.findall(cmap):
        for low_hex, high_hex, target in RANGE.findall(block):
            width = len(low_hex)
            low, high = int(low_hex, 16), int(high_hex, 16)
            if target.startswith(b"["):  # one destination per code
                for offset, each in enumerate(HEX.findall(target)):
                    mapping[low + offset] = utf16(each)
            else:  # consecutive destinations: the last character counts up
                start = utf16(target[1:-1])
                for offset in range(high - low + 1):
                    mapping[low + offset] = start[:-1] + chr(ord(start[-1]) + offset)
    return mapping, width


def write_cmap(mapping: dict[int, str], *, width: int) -> bytes:
    """A ToUnicode CMap with one bfchar line per code (at most 100 to a block, as the format wants)."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<{'0' * width}> <{'F' * width}>",
        "endcodespacerange",
    ]
    entries = sorted(mapping.items())
    for first in range(0, len(entries), 100):
        block = entries[first : first + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{code:0{width}X}> <{text.encode('utf-16-be').hex().upper()}>" for code, text in block]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return ("\n".join(lines) + "\n").encode("ascii")


def fix_text_layer(pdf: Path) -> int:
    """Rewrite the PDF in place with radicals named as their ideographs; returns how many codes changed."""
    writer = PdfWriter(pdf, incremental=True)  # only the changed maps are appended to the file
    radicals = ideograph_of_radical()
    changed, seen = 0, set()
    for page in writer.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            if "/ToUnicode" not in font or id(stream := font["/ToUnicode"].get_object()) in seen:
                continue
            seen.add(id(stream))
            mapping, width = read_cmap(stream.get_data())
            fixed = {code: text.translate(radicals) for code, text in mapping.items()}
            if fixed != mapping:
                changed += sum(fixed[code] != mapping[code] for code in mapping)
                stream.set_data(write_cmap(fixed, width=width))
    if changed:
        writer.write(pdf)
    return changed
