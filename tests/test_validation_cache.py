"""One validation per state of data/ (macros/checking/validation_cache.py): a second process loads the first one's
result; any change to the data validates anew, reading again only the publications whose files it changed (or all,
when a shared file changed) with the same result as reading everything; a broken cache file is validated over, never
trusted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_synthetic_district import synthesize

from conftest import read_rows, set_cell, write_rows
from macros.checking import validation, validation_cache
from macros.checking.validation import Memo, ValidationResult, validate
from macros.model.publication import Publication
from macros.reading.problems import Problem


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """Validations actually run (not loaded), with the cache in a folder of this test's own."""
    monkeypatch.setenv(validation_cache.CACHE_VARIABLE, str(tmp_path / "validation-cache"))
    runs: list[Path] = []

    def counting(data_dir: Path, *, memo: Memo | None = None) -> ValidationResult:
        runs.append(data_dir)
        return validate(data_dir, memo=memo)

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


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """What a validation worked out rather than loaded: publications read ("2024/liwan-digital-gov") and texts
    checked ("texts 2024/liwan-digital-gov"), with the cache in a folder of this test's own."""
    monkeypatch.setenv(validation_cache.CACHE_VARIABLE, str(tmp_path / "validation-cache"))
    found: list[str] = []
    read_publication, text_problems = validation.read_publication, validation.text_problems

    def reading(folder: Path, **named: Any) -> validation.Loaded:
        found.append(f"{folder.parent.name}/{folder.name}")
        return read_publication(folder, **named)

    def checking(publication: Publication, *, prior: Publication | None) -> list[Problem]:
        found.append(f"texts {publication.year}/{publication.publication_id}")
        return text_problems(publication, prior=prior)

    monkeypatch.setattr(validation, "read_publication", reading)
    monkeypatch.setattr(validation, "text_problems", checking)
    return found


def same_result(found: ValidationResult, expected: ValidationResult) -> None:
    assert found.problems == expected.problems and found.warnings == expected.warnings
    assert sorted(found.publications) == sorted(expected.publications)
    for key, publication in expected.publications.items():
        loaded = found.publications[key]
        assert loaded.facts.data == publication.facts.data and loaded.template == publication.template
        assert {table_id: (table.records, table.rows) for table_id, table in loaded.tables.items()} == {
            table_id: (table.records, table.rows) for table_id, table in publication.tables.items()
        }


def test_a_changed_publication_is_the_only_one_read_again(data_copy: Path, reads: list[str]) -> None:
    validation_cache.cached_validation(data_copy)
    everything = ["2024/liwan-digital-gov", "2024/putuo-finance-bureau-final", "2025/putuo-govoffice"]
    assert sorted(each for each in reads if not each.startswith("texts")) == everything
    reads.clear()
    table = next(data_copy.glob("2024/liwan-digital-gov/03-*.csv"))
    set_cell(table, line=2, column="basic", value="not a number")
    changed = validation_cache.cached_validation(data_copy)
    assert reads == ["2024/liwan-digital-gov"], "the others loaded, their texts too; this one's are not checked"
    assert changed.problems and changed.problems[0].path == str(table)
    same_result(changed, validate(data_copy))


def test_loaded_publications_share_the_dictionaries_read_now(data_copy: Path, reads: list[str]) -> None:
    validation_cache.cached_validation(data_copy)
    reads.clear()
    facts = data_copy / "2024/liwan-digital-gov/publication.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = validation_cache.cached_validation(data_copy)
    read_now = changed.publications[(2024, "liwan-digital-gov")]
    loaded = changed.publications[(2025, "putuo-govoffice")]
    assert "2025/putuo-govoffice" not in reads
    assert loaded.dictionaries is read_now.dictionaries, "one set of dictionaries, not a copy per publication"
    same_result(changed, validate(data_copy))


def test_a_shared_file_changed_reads_every_publication_again(data_copy: Path, reads: list[str]) -> None:
    validation_cache.cached_validation(data_copy)
    reads.clear()
    rows = read_rows(data_copy / "units.csv")
    rows[1][rows[0].index("name_en")] += " (renamed)"
    write_rows(data_copy / "units.csv", rows)
    changed = validation_cache.cached_validation(data_copy)
    assert len([each for each in reads if not each.startswith("texts")]) == 3
    same_result(changed, validate(data_copy))


def test_the_texts_are_checked_again_when_the_year_before_changes(tmp_path: Path, reads: list[str]) -> None:
    data = tmp_path / "district"
    synthesize(data, units=1, years=2, kinds="budget")
    validation_cache.cached_validation(data)
    (first, second) = sorted(data.glob("[0-9]*/*/"))
    reads.clear()
    goals = first / "12-project-expenditure-budget.csv"
    rows = read_rows(goals)
    project = next(row for row in rows if row[0] == "project")
    project[rows[0].index("performance_goal")] += "（已更新）"
    write_rows(goals, rows)
    changed = validation_cache.cached_validation(data)
    first_id, second_id = f"{first.parent.name}/{first.name}", f"{second.parent.name}/{second.name}"
    assert sorted(reads) == [first_id, f"texts {first_id}", f"texts {second_id}"]
    same_result(changed, validate(data))


def test_publications_kept_are_bounded(data_copy: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validation_cache, "KEPT_PUBLICATIONS", 0)
    table = next(data_copy.glob("2024/liwan-digital-gov/03-*.csv"))
    for number in range(8):
        set_cell(table, line=2, column="basic", value=f"not a number {number}")  # another state of one publication
        validation_cache.cached_validation(data_copy)
    assert reads.count("2024/liwan-digital-gov") == 8
    used = 3 + 2  # the three publications and the texts of the two that are valid
    kept = list((validation_cache.cache_dir() / validation_cache.PUBLICATIONS).glob("*.pickle"))
    assert len(kept) == 2 * used, "twice those of the latest validation"
    reads.clear()
    for stored in validation_cache.cache_dir().glob("*.pickle"):
        stored.unlink()  # the whole result gone: each publication's own is loaded
    validation_cache.cached_validation(data_copy)
    assert reads == [], "the latest validation's own are kept"


def test_what_is_read_while_the_files_change_is_not_kept(
    data_copy: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit saved while the validator reads (make serve): what it read is of the new state, and must not be
    kept under the older state's key, where going back to that state would find it."""
    table = next(data_copy.glob("2024/liwan-digital-gov/03-*.csv"))
    before = table.read_bytes()
    reading = validation.read_publication

    def edited_meanwhile(folder: Path, **named: Any) -> validation.Loaded:
        if folder.name == "liwan-digital-gov":
            set_cell(table, line=2, column="basic", value="not a number")
        return reading(folder, **named)

    monkeypatch.setattr(validation, "read_publication", edited_meanwhile)
    assert validation_cache.cached_validation(data_copy).problems, "read after the edit"
    monkeypatch.setattr(validation, "read_publication", reading)
    table.write_bytes(before)
    reads.clear()
    assert validation_cache.cached_validation(data_copy).problems == []
    assert "2024/liwan-digital-gov" in reads, "read again: the result read meanwhile was not kept"


def test_what_is_read_while_a_shared_file_changes_is_not_kept(
    data_copy: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for units.csv, saved while the publications are read: read with the new file, they must not be kept
    under the old file's key."""
    units = data_copy / "units.csv"
    before = units.read_bytes()
    reading = validation.read_publication

    def edited_meanwhile(folder: Path, **named: Any) -> validation.Loaded:
        rows = read_rows(units)
        rows[1][rows[0].index("name_en")] = "Renamed meanwhile"
        write_rows(units, rows)
        return reading(folder, **named)

    monkeypatch.setattr(validation, "read_publication", edited_meanwhile)
    validation_cache.cached_validation(data_copy)
    monkeypatch.setattr(validation, "read_publication", reading)
    units.write_bytes(before)
    reads.clear()
    validation_cache.cached_validation(data_copy)
    assert len([each for each in reads if not each.startswith("texts")]) == 3, "all read again: none was kept"
    assert not list(validation_cache.cache_dir().rglob("*.tmp")), "what was not kept is not left either"
