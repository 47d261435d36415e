"""A folder of published documents imported at once: each imported or refused on its own line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import DATA, REPO, SEED_TEXT
from macros.checking.validation import validate

SCRIPT = REPO / "scripts" / "import_folder.py"
PDF = REPO / "tests" / "fixtures" / "putuo-govoffice-2025-department-budget.pdf"


def test_a_folder_imports_each_document_or_says_why_not(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    shutil.copyfile(SEED_TEXT, folder / "liwan-digital-gov.txt")
    shutil.copyfile(PDF, folder / "govoffice.pdf")
    (folder / "broken.txt").write_text("# 不是预算\n", encoding="utf-8")
    (folder / "units.csv").write_text("document,unit_id\ngovoffice.pdf,putuo-govoffice\n", encoding="utf-8")
    out = tmp_path / "data"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(folder), "--out", str(out), "--units", str(folder / "units.csv")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("未导入 / refused: broken.txt: 1: ")
    assert lines[1] == f"已导入 / imported: govoffice.pdf → {out / '2025' / 'putuo-govoffice'}"
    assert lines[2] == f"已导入 / imported: liwan-digital-gov.txt → {out / '2024' / 'liwan-digital-gov'}"
    assert len(lines) == 3
    data = validate(out)
    assert data.ok and set(data.publications) == {(2025, "putuo-govoffice"), (2024, "liwan-digital-gov")}
    for unit, year in (("putuo-govoffice", 2025), ("liwan-digital-gov", 2024)):
        for path in sorted((DATA / str(year) / unit).glob("*.csv")):
            assert (out / str(year) / unit / path.name).read_bytes() == path.read_bytes(), path
