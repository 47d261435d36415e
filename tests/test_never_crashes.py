"""Whatever a file holds, the validator reports problems; it never raises (no traceback for staff).

Deterministic damage to every data file: truncated at several points, lines dropped or doubled,
cells shifted, quotes and odd bytes inserted.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import DATA
from macros.checking.validation import validate

FILES = sorted(path.relative_to(DATA) for path in DATA.rglob("*") if path.suffix in (".csv", ".yaml"))


def truncate(content: bytes, chance: random.Random) -> bytes:
    return content[: chance.randrange(len(content))]


def drop_line(content: bytes, chance: random.Random) -> bytes:
    lines = content.splitlines(keepends=True)
    del lines[chance.randrange(len(lines))]
    return b"".join(lines)


def double_line(content: bytes, chance: random.Random) -> bytes:
    lines = content.splitlines(keepends=True)
    index = chance.randrange(len(lines))
    return b"".join([*lines[: index + 1], lines[index], *lines[index + 1 :]])


def insert(fragment: bytes) -> Callable[[bytes, random.Random], bytes]:
    def damage(content: bytes, chance: random.Random) -> bytes:
        index = chance.randrange(len(content))
        return content[:index] + fragment + content[index:]

    return damage


DAMAGE = [truncate, drop_line, double_line, insert(b","), insert(b'"'), insert(b"\xff"), insert(b"\n"), insert(b": [")]


@pytest.mark.parametrize("relative", FILES, ids=[path.as_posix() for path in FILES])
def test_damaged_file_gives_problems_not_exceptions(relative: Path, data_copy: Path) -> None:
    path = data_copy / relative
    if relative.parts[0].isdigit():  # a publication's file: the other publications need not be read each time
        for folder in data_copy.glob("[0-9]*/*"):
            if folder.is_dir() and folder != path.parent:
                shutil.rmtree(folder)
    original = path.read_bytes()
    chance = random.Random(relative.as_posix())
    for damage in DAMAGE:
        for _ in range(3):
            path.write_bytes(damage(original, chance))
            validate(data_copy)  # must not raise
    path.write_bytes(original)
    assert validate(data_copy).ok
