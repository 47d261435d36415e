"""The site build runs the validator first and stops, with the validator's lines, on bad data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import PUBLICATION, REPO, set_cell


def build(site_dir: Path, *, data_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != "BUDGET_DATA_DIR"}
    environment["NO_MKDOCS_2_WARNING"] = "1"
    if data_dir is not None:
        environment["BUDGET_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=REPO,
        check=False,
    )


def test_strict_build_of_the_data(tmp_path: Path) -> None:
    result = build(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "2024 · 广州市荔湾区数字政府运营中心" in home


def test_build_stops_on_invalid_data_with_the_validator_lines(tmp_path: Path, data_copy: Path) -> None:
    set_cell(data_copy / PUBLICATION / "03-expenditure-summary.csv", line=3, column="basic", value="四百")
    result = build(tmp_path / "site", data_dir=data_copy)
    assert result.returncode != 0
    assert "03-expenditure-summary.csv:3:4: AMOUNT_NOT_NUMBER" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()
