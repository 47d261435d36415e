"""The site build runs the validator first and stops, with the validator's lines, on bad data; it replaces
the site folder only when both editions built (scripts/build_site.py, ``make site``)."""

from __future__ import annotations

from pathlib import Path

from conftest import PUBLICATION, build_site, set_cell


def old_site(site: Path) -> dict[Path, bytes]:
    """A previous build's folder, with a file the next build does not write; what it holds."""
    (site / "en").mkdir(parents=True)
    (site / "stale.html").write_text("<p>the previous build</p>", encoding="utf-8")
    (site / "en" / "stale.html").write_text("<p>the previous build</p>", encoding="utf-8")
    return contents(site)


def contents(site: Path) -> dict[Path, bytes]:
    return {path.relative_to(site): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def leftovers(folder: Path) -> list[str]:
    """Temporary folders a build left beside the site (scripts/build_site.py names them .site.*)."""
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


def test_strict_build_of_the_data_replaces_the_previous_site(tmp_path: Path) -> None:
    old_site(tmp_path / "site")
    result = build_site(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for page in ("index.html", "2024/index.html", "2024/liwan-digital-gov/index.html", "glossary/index.html"):
        assert (tmp_path / "site" / page).is_file(), page
        assert (tmp_path / "site" / "en" / page).is_file(), page
    assert not (tmp_path / "site" / "stale.html").exists()
    assert not (tmp_path / "site" / "en" / "stale.html").exists()
    assert leftovers(tmp_path) == []
    # What the macros set aside from Markdown (charts' SVG, tables: macros/rendering/raw_html.py) is all back.
    pages = list((tmp_path / "site").rglob("*.html"))
    assert [page for page in pages if "<!--raw-html:" in page.read_text(encoding="utf-8")] == []
    assert any("<svg" in page.read_text(encoding="utf-8") for page in pages)
    # Without a published address there are no absolute URLs for a sitemap, and no robots.txt.
    for edition in ("", "en/"):
        assert not (tmp_path / "site" / edition / "sitemap.xml").exists()
    assert not (tmp_path / "site" / "robots.txt").exists()


def test_build_stops_on_invalid_data_with_the_validator_lines(tmp_path: Path, data_copy: Path) -> None:
    before = old_site(tmp_path / "site")
    set_cell(data_copy / PUBLICATION / "03-expenditure-summary.csv", line=3, column="basic", value="四百")
    result = build_site(tmp_path / "site", data_dir=data_copy)
    assert result.returncode != 0
    assert "03-expenditure-summary.csv:3:4: AMOUNT_NOT_NUMBER" in result.stderr
    assert "Traceback" not in result.stderr
    assert contents(tmp_path / "site") == before
    assert leftovers(tmp_path) == []


def test_a_failed_english_build_leaves_the_previous_site_whole(tmp_path: Path) -> None:
    """The Chinese edition's shards build, the English ones cannot (its published address is no URL): no half
    site, and every failing shard is named with MkDocs' message."""
    before = old_site(tmp_path / "site")
    result = build_site(tmp_path / "site", environment={"BUDGET_SITE_URL_EN": "budget.example.org/en/"})
    assert result.returncode != 0
    assert "shard zh-2024: built" in result.stderr, "the Chinese edition built"
    assert "Config value 'site_url'" in result.stderr
    assert "build_site: shard en-site, en-2025, en-2024 failed;" in result.stderr
    assert "Traceback" not in result.stderr
    assert contents(tmp_path / "site") == before
    assert leftovers(tmp_path) == []
