"""The site built in shards (macros/building/, scripts/build_site.py) equals the site built whole, file by file;
an unchanged shard is reused, and an edit rebuilds only the shards whose pages it changes.

A small synthetic district (three units, two years, a 预算 and a 决算 each) is built both ways with one fixed
build date and a site address (so sitemaps are written too). The search index, made over the merged site, is
compared file by file with the rest; the sitemaps address by address: the merge orders them by shard.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from test_synthetic_district import synthesize

from conftest import REPO, SITE_URL
from macros.building.merge import SITEMAP
from macros.building.runner import DONE, Built, discard, evict
from macros.building.shards import Shard
from scripts import build_site
from scripts.bench import change_one_unit

EPOCH = "1767225600"  # 2026-01-01: both builds print the same date
EDITIONS = ("", "en/")
REPORTED = re.compile(r"^shard (\S+): (reused|built)", re.MULTILINE)
SEARCH_REUSED = re.compile(r"^search index \((zh|en)\): \d+ pages \(reused\)$", re.MULTILINE)


def build(
    site: Path, *, data: Path, cache: Path, whole: bool = False, units_per_shard: int | None = None
) -> subprocess.CompletedProcess[str]:
    """scripts/build_site.py with this district, caches beside ``cache`` and a fixed date."""
    command = [sys.executable, "scripts/build_site.py", str(site), *(["--whole"] if whole else ["--jobs", "2"])]
    return run(command, data=data, cache=cache, units_per_shard=units_per_shard)


def run(
    command: list[str], *, data: Path, cache: Path, units_per_shard: int | None = None, succeeds: bool = True
) -> subprocess.CompletedProcess[str]:
    """A build command with this district, caches beside ``cache`` and a fixed date (it must succeed, by default)."""
    environment = {
        "NO_MKDOCS_2_WARNING": "1",
        "BUDGET_DATA_DIR": str(data),
        "BUDGET_CHART_CACHE": str(cache / "charts"),
        "BUDGET_VALIDATION_CACHE": str(cache / "validation"),
        "BUDGET_SHARD_CACHE": str(cache / "shards"),
        "BUDGET_SITE_URL": SITE_URL,
        "BUDGET_SITE_URL_EN": SITE_URL + "en/",
        "SOURCE_DATE_EPOCH": EPOCH,
        "PATH": "/usr/bin:/bin",
    }
    if units_per_shard is not None:
        environment["BUDGET_UNITS_PER_SHARD"] = str(units_per_shard)
    result = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=REPO, check=False)
    assert (result.returncode == 0) == succeeds, result.stderr[-4000:]
    return result


def reported(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """Each shard and whether it was reused or built, as the build says."""
    return dict(REPORTED.findall(result.stderr))


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def sitemap_addresses(content: bytes) -> set[str]:
    return set(re.findall(r"<loc>([^<]+)</loc>", content.decode("utf-8")))


def assert_same_site(sharded: Path, whole: Path) -> None:
    """Every file equal (the search index too), the sitemaps as sets: the merge orders them by shard."""
    ours, theirs = files_of(sharded), files_of(whole)
    assert sorted(ours) == sorted(theirs)
    for edition in EDITIONS:
        sitemap = edition + SITEMAP
        assert sitemap_addresses(ours.pop(sitemap)) == sitemap_addresses(theirs.pop(sitemap)), sitemap
        compressed = sitemap + ".gz"
        assert sitemap_addresses(gzip.decompress(ours.pop(compressed))) == sitemap_addresses(
            gzip.decompress(theirs.pop(compressed))
        )
    different = [path for path in sorted(ours) if ours[path] != theirs[path]]
    assert different == []


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("shards")
    synthesize(folder / "data")
    return folder


def test_a_sharded_build_equals_the_whole_one_and_reuses_what_did_not_change(district: Path) -> None:
    data, cache = district / "data", district / "cache"
    whole = district / "whole"
    build(whole, data=data, cache=district / "whole-cache", whole=True)
    first = build(district / "site", data=data, cache=cache)
    shards = reported(first)
    assert shards == {name: "built" for name in ("zh-site", "zh-2025", "zh-2024", "en-site", "en-2025", "en-2024")}
    assert_same_site(district / "site", whole)
    assert sum(1 for _ in (district / "site").rglob("index.html")) > 2 * 12  # every publication, both editions
    assert SEARCH_REUSED.findall(first.stderr) == []
    again = build(district / "site", data=data, cache=cache)
    assert set(reported(again).values()) == {"reused"}
    assert SEARCH_REUSED.findall(again.stderr) == ["zh", "en"]  # the same pages: the same index, from its cache
    assert_same_site(district / "site", whole)


def test_one_units_edit_rebuilds_its_years_shards_only(district: Path) -> None:
    """What a staff member's pull request does: one project's goal in the latest year. Only that year's shards
    (both editions) are built again, and the site equals a whole build of the edited data."""
    data, cache = district / "data", district / "cache"
    build(district / "site", data=data, cache=cache)  # the cache holds every shard of the data as it is
    change_one_unit(data)
    result = build(district / "site", data=data, cache=cache)
    built = {name for name, how in reported(result).items() if how == "built"}
    assert built == {"zh-2025", "en-2025"}
    # The Chinese pages changed: indexed again. The edit is to a Chinese text the English pages do not show: their
    # index is the one before.
    assert SEARCH_REUSED.findall(result.stderr) == ["en"]
    whole = district / "whole-edited"
    build(whole, data=data, cache=district / "whole-cache", whole=True)
    assert_same_site(district / "site", whole)


def test_a_renamed_unit_rebuilds_every_shard(district: Path, tmp_path: Path) -> None:
    """A unit's English name changed (units.csv and each year's publication.yaml): the navigation every page
    carries changes, so every shard is built again, and the site equals a whole build."""
    data = tmp_path / "data"
    shutil.copytree(district / "data", data)
    cache = tmp_path / "cache"
    build(tmp_path / "site", data=data, cache=cache)  # every shard of the data as it was
    old = re.search(r"^name_en: (.+)$", (data / "2024" / "unit-002" / "publication.yaml").read_text("utf-8"), re.M)
    assert old, "the synthetic unit has an English name"
    for path in [data / "units.csv", *data.glob("*/unit-002*/publication.yaml")]:
        text = path.read_text(encoding="utf-8")
        assert old.group(1) in text, path
        path.write_text(text.replace(old.group(1), old.group(1) + " Renamed"), encoding="utf-8")
    result = build(tmp_path / "site", data=data, cache=cache)
    assert set(reported(result).values()) == {"built"}
    whole = tmp_path / "whole"
    build(whole, data=data, cache=tmp_path / "whole-cache", whole=True)
    assert_same_site(tmp_path / "site", whole)


def test_a_large_year_is_built_in_groups_of_units(district: Path, tmp_path: Path) -> None:
    """With two units a shard, each year of three units is three shards: its own pages, then units 1–2 and unit 3.
    The site equals the whole build; an edit to unit-001 rebuilds its group and its year's own pages only."""
    data, cache = tmp_path / "data", tmp_path / "cache"
    shutil.copytree(district / "data", data)
    first = build(tmp_path / "site", data=data, cache=cache, units_per_shard=2)
    parts = ("site", "2025-0", "2025-1", "2025-2", "2024-0", "2024-1", "2024-2")
    assert reported(first) == {f"{lang}-{part}": "built" for lang in ("zh", "en") for part in parts}
    whole = tmp_path / "whole"
    build(whole, data=data, cache=tmp_path / "whole-cache", whole=True)
    assert_same_site(tmp_path / "site", whole)
    change_one_unit(data)  # unit-001, the first group of the latest year
    again = build(tmp_path / "site", data=data, cache=cache, units_per_shard=2)
    built = {name for name, how in reported(again).items() if how == "built"}
    assert built == {"zh-2025-0", "zh-2025-1", "en-2025-0", "en-2025-1"}
    build(whole, data=data, cache=tmp_path / "whole-cache", whole=True)
    assert_same_site(tmp_path / "site", whole)


def test_shards_built_while_the_files_changed_are_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit saved while the shards build (make serve): what they hold may be of the newer files, under the older
    files' keys, where going back to those files would find them. They are not kept; built again, they are."""
    data, cache = tmp_path / "data", tmp_path / "cache"
    synthesize(data, units=1, years=1, kinds="budget")
    for name, value in {
        "BUDGET_DATA_DIR": str(data),
        "BUDGET_CHART_CACHE": str(cache / "charts"),
        "BUDGET_VALIDATION_CACHE": str(cache / "validation"),
        "BUDGET_SHARD_CACHE": str(cache / "shards"),
    }.items():
        monkeypatch.setenv(name, value)
    building = build_site.runner.build_shards

    def edited_meanwhile(*arguments: Any, **named: Any) -> list[Built]:
        built = building(*arguments, **named)
        change_one_unit(data)
        return built

    def kept() -> list[str]:
        return sorted(mark.parent.name.rsplit("-", 1)[0] for mark in (cache / "shards").glob("*/" + DONE))

    monkeypatch.setattr(build_site.runner, "build_shards", edited_meanwhile)
    assert build_site.build_sharded(tmp_path / "site", jobs=2) == (0, "")
    assert kept() == []
    monkeypatch.setattr(build_site.runner, "build_shards", building)
    assert build_site.build_sharded(tmp_path / "site-again", jobs=2) == (0, "")
    assert kept() == ["en-2024", "en-site", "zh-2024", "zh-site"]


def test_the_deploy_matrix_steps_build_the_same_site(tmp_path: Path) -> None:
    """What deploy.yml runs: `scripts/shards.py plan`, then `build` of each shard as a job of its own (a cache of its
    own, handed on as the matrix's artifacts are), then `merge` in the final job: the site build_site makes."""
    data = tmp_path / "data"
    synthesize(data, units=1, years=1, kinds="budget")
    shards_script = [sys.executable, "scripts/shards.py"]
    planned = json.loads(run([*shards_script, "plan"], data=data, cache=tmp_path / "plan").stdout)
    assert [each["shard"] for each in planned] == ["zh-site", "zh-2024", "en-site", "en-2024"]
    final = tmp_path / "final"
    for each in planned:
        job = tmp_path / f"job-{each['shard']}"
        run([*shards_script, "build", each["shard"], "--key", each["key"]], data=data, cache=job)
        (built,) = (job / "shards").glob(f"{each['shard']}-{each['key']}")
        shutil.copytree(built, final / "shards" / built.name)
    run([*shards_script, "merge", str(tmp_path / "site")], data=data, cache=final)
    build(tmp_path / "built", data=data, cache=tmp_path / "local")
    assert_same_site(tmp_path / "site", tmp_path / "built")
    wrong_key = [*shards_script, "build", "zh-2024", "--key", "0" * 20]
    refused = run(wrong_key, data=data, cache=tmp_path / "refused", succeeds=False)
    assert refused.returncode == 2 and "not the same inputs" in refused.stderr
    unknown = run(
        [*shards_script, "build", "zh-2023", "--key", "0" * 20], data=data, cache=tmp_path / "refused", succeeds=False
    )
    assert unknown.returncode == 2 and "'zh-2024'" in unknown.stderr, "the shards the site has are named"


def test_the_cache_keeps_the_newest_builds_of_each_planned_shard(tmp_path: Path) -> None:
    """Two builds of each shard stay (and the one in use); shards no longer planned go, and so do partial folders
    that killed builds left; a half-removed folder never looks whole."""
    cache = tmp_path / "shards"
    cache.mkdir()

    def folder(name: str, *, age: int, whole: bool = True) -> Path:
        path = cache / name
        path.mkdir()
        if whole:
            (path / DONE).write_text("key\n", encoding="utf-8")
        moment = time.time() - age
        os.utime(path, (moment, moment))
        return path

    keys = [f"{number:020x}" for number in range(5)]
    used = folder(f"zh-2024-{keys[0]}", age=500)  # the oldest, but the one this build uses
    kept = [folder(f"zh-2024-{keys[1]}", age=10), folder(f"zh-2024-{keys[2]}", age=20)]
    old = folder(f"zh-2024-{keys[3]}", age=30)
    group = folder(f"zh-2024-1-{keys[4]}", age=5)  # a group of 2024 no longer planned: the year is whole again
    partial = folder(f".zh-2024-{keys[3]}.1234", age=2 * 24 * 3600, whole=False)
    fresh_partial = folder(f".zh-2024-{keys[3]}.5678", age=60, whole=False)  # a build in progress
    evict(cache, {Shard("zh", "2024"): keys[0]})
    assert sorted(path.name for path in cache.iterdir()) == sorted(path.name for path in (used, *kept, fresh_partial))
    assert not old.exists() and not group.exists() and not partial.exists()
    discard(kept[0])
    assert not kept[0].exists() and not any(path.name.startswith(".trash") for path in cache.iterdir())
