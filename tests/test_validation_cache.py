"""One validation per state of data/ (macros/checking/validation_cache.py): a second process loads the first one's
result; any change to the data validates anew; a broken cache file is validated over, never trusted."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import set_cell
from macros.checking import validation_cache
from macros.checking.validation import ValidationResult, validate


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """Validations actually run (not loaded), with the cache in a folder of this test's own."""
    monkeypatch.setenv(validation_cache.CACHE_VARIABLE, str(tmp_path / "validation-cache"))
    runs: list[Path] = []

    def counting(data_dir: Path) -> ValidationResult:
        runs.append(data_dir)
        return validate(data_dir)

    monkeypatch.setattr(validation_cache, "validate", counting)
    return runs


def test_the_same_data_is_validated_once_and_loaded_as_it_was(data_copy: Path, counted: list[Path]) -> None:
    first = validation_cache.cached_validation(data_copy)
    second = validation_cache.cached_validation(data_copy)
    assert counted == [data_copy]
    assert second is not first, "loaded from the file, not kept in memory"
    assert second.problems == first.problems and second.warnings == first.warnings
    assert sorted(second.publications) == sorted(first.publications)
    for key, publication in first.publications.items():
        loaded = second.publications[key]
        assert {table_id: table.records for table_id, table in loaded.tables.items()} == {
            table_id: table.records for table_id, table in publication.tables.items()
        }


def test_a_changed_cell_is_validated_anew_with_its_problem(data_copy: Path, counted: list[Path]) -> None:
    assert validation_cache.cached_validation(data_copy).problems == []
    table = next(data_copy.glob("2024/liwan-digital-gov/03-*.csv"))
    set_cell(table, line=2, column="basic", value="not a number")
    changed = validation_cache.cached_validation(data_copy)
    assert len(counted) == 2
    assert changed.problems and changed.problems == validate(data_copy).problems


def test_a_broken_cache_file_is_validated_over(data_copy: Path, counted: list[Path]) -> None:
    validation_cache.cached_validation(data_copy)
    (stored,) = validation_cache.cache_dir().glob("*.pickle")
    stored.write_bytes(b"not a pickle")
    assert validation_cache.cached_validation(data_copy).problems == []
    assert len(counted) == 2


def test_only_the_newest_results_are_kept(data_copy: Path, counted: list[Path]) -> None:
    for number in range(validation_cache.KEPT + 2):
        (data_copy / f"note-{number}.txt").write_text("x", encoding="utf-8")  # another state of the folder
        validation_cache.cached_validation(data_copy)
    assert len(counted) == validation_cache.KEPT + 2
    assert len(list(validation_cache.cache_dir().glob("*.pickle"))) == validation_cache.KEPT
