"""The layers of macros/ import one way: a module may import its own layer and the layers below it.

reading → template → model → checking → rendering → exchange → website → building. A maintainer can read a
layer knowing that nothing above it can change how it behaves; an import upwards fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

LAYERS = ("reading", "template", "model", "checking", "rendering", "exchange", "website", "building")
MACROS = REPO / "macros"


def imported_layers(path: Path) -> set[str]:
    """The layers a module imports from (``from macros.<layer>…`` and ``import macros.<layer>…``)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("macros."):
            names.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[1] for alias in node.names if alias.name.startswith("macros."))
    return names


def test_every_module_lives_in_a_layer() -> None:
    loose = [
        path.relative_to(REPO).as_posix()
        for path in MACROS.rglob("*.py")
        if path.parent != MACROS and path.relative_to(MACROS).parts[0] not in LAYERS
    ]
    assert loose == []
    assert sorted(path.name for path in MACROS.glob("*.py")) == ["__init__.py"]


def test_imports_flow_one_way() -> None:
    upward = []
    for path in sorted(MACROS.rglob("*.py")):
        if path.parent == MACROS:
            continue
        layer = path.relative_to(MACROS).parts[0]
        for imported in imported_layers(path):
            if LAYERS.index(imported) > LAYERS.index(layer):
                upward.append(f"{path.relative_to(REPO).as_posix()} imports macros.{imported}")
    assert upward == []


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text("from macros.website.pages import home_page\nimport macros.reading.amounts\n")
    assert imported_layers(module) == {"website", "reading"}
