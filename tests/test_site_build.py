"""The site build runs the validator first and stops, with the validator's lines, on bad data."""

from __future__ import annotations

from pathlib import Path

from conftest import PUBLICATION, build_site, set_cell


def test_strict_build_of_the_data(tmp_path: Path) -> None:
    result = build_site(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for page in ("index.html", "2024/index.html", "2024/liwan-digital-gov/index.html", "glossary/index.html"):
        assert (tmp_path / "site" / page).is_file(), page
    # Without a published address there are no absolute URLs for a sitemap, and no robots.txt.
    for edition in ("", "en/"):
        assert not (tmp_path / "site" / edition / "sitemap.xml").exists()
    assert not (tmp_path / "site" / "robots.txt").exists()


def test_build_stops_on_invalid_data_with_the_validator_lines(tmp_path: Path, data_copy: Path) -> None:
    set_cell(data_copy / PUBLICATION / "03-expenditure-summary.csv", line=3, column="basic", value="四百")
    result = build_site(tmp_path / "site", data_dir=data_copy)
    assert result.returncode != 0
    assert "03-expenditure-summary.csv:3:4: AMOUNT_NOT_NUMBER" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()
