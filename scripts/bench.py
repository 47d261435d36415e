"""Build speed at district scale, measured in one run.

    python scripts/bench.py --units 100 --years 3 [--seed 1] [--keep DIR] [--kinds budget,final] [--shards]
    python scripts/bench.py --units 2000 --years 1 --cold-only --shards [--runners 8]

Builds a synthetic district (scripts/synth_district.py) in both languages, as `make site` does
(validation, then scripts/build_site.py: the shards on every core, merged), and prints the wall time and peak
memory of:
  cold     empty chart, validation, download and shard caches
  warm     nothing changed (every shard reused)
  changed  one unit's CSV changed (that year's shards built again)
  floor    a plain MkDocs Material build of the same rendered Markdown, macros and charts off
  full     every shard built again (a code change), the charts, validation and downloads from their caches
with each time's ratio to the floor. The floor is measured right after each build and each ratio is to that
floor: a shared machine's speed drifts by a fifth within minutes, the pair shares its conditions. The floor's
row is the mean of the four. Peak memory is the largest resident set of any process. ``--whole`` builds each
edition in one process instead of in shards (scripts/build_site.py --whole), for comparison.

``--shards`` also prints each shard of the cold build: its time and the peak memory of its largest process.
``--cold-only`` builds once, cold, without a floor (a province-sized site, where the plain MkDocs build is what
does not fit), and estimates the deploy workflow's time on ``--runners`` machines from the shards' times: the
shards dealt to the runners longest first, each runner's shards one after another, then the merge and the
search index (measured here); the jobs' start-up (checkout, installing) and the cache and artifact transfers are
not in it and are printed apart as not measured.
"""

from __future__ import annotations

import argparse
import csv
import heapq
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


SHARD_LINE = re.compile(r"^shard (?P<name>\S+): built in (?P<seconds>[\d.]+) s, peak (?P<peak>\d+) MiB$", re.M)
INDEX_LINE = re.compile(r"^search indexes: (?P<seconds>[\d.]+) s$", re.M)
SETUP_LINE = re.compile(r"^setup: (?P<seconds>[\d.]+) s", re.M)
MERGE_LINE = re.compile(r"^shards: .* (?P<seconds>[\d.]+) s on \d+ cores$", re.M)


def timed(command: list[str], *, env: dict[str, str]) -> tuple[float, int, str]:
    """Wall seconds, peak resident memory (KiB, via GNU time) and standard error of a command."""
    report = Path(tempfile.mkstemp(suffix=".time")[1])
    start = time.perf_counter()
    finished = subprocess.run(
        ["/usr/bin/time", "-f", "%M", "-o", str(report), *command],
        check=False,
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seconds = time.perf_counter() - start
    if finished.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{finished.stderr[-4000:]}")
    peak = int(report.read_text().strip().splitlines()[-1])
    report.unlink()
    return seconds, peak, finished.stderr


def build(site: Path, *, env: dict[str, str], whole: bool) -> tuple[float, int, str]:
    """What `make site` runs: the validator, then both editions (in shards unless ``whole``); build_site's log."""
    steps = [
        [PYTHON, "scripts/validate.py"],
        [PYTHON, "scripts/build_site.py", str(site), *(["--whole"] if whole else [])],
    ]
    results = [timed(step, env=env) for step in steps]
    return sum(seconds for seconds, _, _ in results), max(peak for _, peak, _ in results), results[-1][2]


def shard_lines(log: str) -> list[tuple[str, float, int]]:
    """Each shard built: its name, seconds and peak MiB (scripts/build_site.py's lines)."""
    return [(m["name"], float(m["seconds"]), int(m["peak"])) for m in SHARD_LINE.finditer(log)]


def print_shards(log: str) -> None:
    built = shard_lines(log)
    print(f"{'shard':<10} {'seconds':>8} {'peak MiB':>9}")
    for name, seconds, peak in built:
        print(f"{name:<10} {seconds:8.1f} {peak:9d}")
    index = INDEX_LINE.search(log)
    if index:
        print(f"{'search':<10} {float(index['seconds']):8.1f}   (both editions' indexes, over the merged site)")


def runners_estimate(log: str, runners: int) -> None:
    """The deploy matrix's time on ``runners`` machines from the shards' own times (longest first, each to the
    runner free first), then the final job's merge and search index."""
    setup = SETUP_LINE.search(log)
    each_job = float(setup["seconds"]) if setup else 0.0  # a job builds one shard: it plans and reads the data first
    built = sorted((seconds + each_job for _, seconds, _ in shard_lines(log)), reverse=True)
    loads = [0.0] * runners
    heapq.heapify(loads)
    for seconds in built:
        heapq.heappush(loads, heapq.heappop(loads) + seconds)
    shards_time = max(loads)
    index = INDEX_LINE.search(log)
    merged = MERGE_LINE.search(log)
    final = float(index["seconds"]) if index else 0.0
    print(
        f"estimate on {runners} runners: {len(built)} shards, each job {each_job:.0f} s to plan and read the data and "
        f"then its shard's own time, the busiest runner {shards_time:.0f} s, then the search "
        f"index {final:.0f} s: {(shards_time + final) / 60:.1f} min (here, on {os.cpu_count()} cores: shards "
        f"{float(merged['seconds']) if merged else 0:.0f} s). Not measured: each job's start-up and the cache "
        f"and artifact transfers."
    )


def floor_config(markdown: Path, *, lang: str, site: Path, folder: Path) -> Path:
    """A plain Material site of the rendered pages: no macros, no hooks, no charts drawn."""
    config = folder / f"floor-{lang}.yml"
    config.write_text(
        f"""site_name: floor
docs_dir: {markdown / lang}
site_dir: {site}
theme:
  name: material
  language: {"en" if lang == "en" else "zh"}
  font: false
  features: [navigation.indexes, navigation.prune]
plugins:
  - search
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
""",
        encoding="utf-8",
    )
    return config


def change_one_unit(data: Path) -> None:
    """A staff edit: the performance goal of one project of one unit in the latest year."""
    latest = max(int(path.name) for path in data.iterdir() if path.name.isdigit())
    path = data / str(latest) / "unit-001" / "12-project-expenditure-budget.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    for row in rows[1:]:
        if row[0] == "project":
            row[9] += "（已更新）"
            break
    else:
        rows[0] = rows[0]  # no project line: the file is still rewritten, as an edit would
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    parser.add_argument("--kinds", default="budget", help="what each unit publishes a year: budget, or budget,final")
    parser.add_argument("--whole", action="store_true", help="each edition in one process, no shards")
    parser.add_argument("--shards", action="store_true", help="print each shard's time and peak memory (cold build)")
    parser.add_argument("--cold-only", action="store_true", help="only the cold build, no floor; a runners estimate")
    parser.add_argument("--runners", type=int, default=8, help="machines of the deploy matrix, for --cold-only")
    arguments = parser.parse_args()
    work = arguments.keep or Path(tempfile.mkdtemp(prefix="bench-"))
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    data, cache, markdown = work / "data", work / "chart-cache", work / "markdown"
    subprocess.run(
        [
            PYTHON,
            "scripts/synth_district.py",
            "--units",
            str(arguments.units),
            "--years",
            str(arguments.years),
            "--seed",
            str(arguments.seed),
            "--out",
            str(data),
            "--kinds",
            arguments.kinds,
        ],
        check=True,
        cwd=REPO,
    )
    env = {
        **os.environ,
        "BUDGET_DATA_DIR": str(data),
        "BUDGET_CHART_CACHE": str(cache),
        "BUDGET_VALIDATION_CACHE": str(work / "validation-cache"),
        "BUDGET_SHARD_CACHE": str(work / "shard-cache"),
        "NO_MKDOCS_2_WARNING": "1",
    }

    def floor() -> tuple[float, int]:
        """Both editions' plain builds of the rendered Markdown the cold build kept."""
        floor_time, floor_peak = 0.0, 0
        for lang, site in (("zh", work / "floor"), ("en", work / "floor" / "en")):
            config = floor_config(markdown, lang=lang, site=site, folder=work)
            seconds, peak, _ = timed([PYTHON, "-m", "mkdocs", "build", "-f", str(config)], env=env)
            floor_time, floor_peak = floor_time + seconds, max(floor_peak, peak)
        return floor_time, floor_peak

    whole = arguments.whole
    title = (
        f"synthetic district: {arguments.units} units x {arguments.years} years, {{pages}} pages in two languages, "
        f"{os.cpu_count()} cores, {'each edition whole' if whole else 'in shards'}"
    )
    # The cold build keeps its rendered Markdown for the floor (writing it takes well under a second).
    cold_seconds, cold_peak, cold_log = build(
        work / "site", env={**env, "BUDGET_DUMP_MARKDOWN": str(markdown)}, whole=whole
    )
    pages = sum(1 for _ in (work / "site").rglob("index.html"))
    if arguments.cold_only:
        print(title.format(pages=pages))
        print(f"cold build: {cold_seconds:.1f} s, peak {cold_peak / 1024:.0f} MiB (the largest process)")
        print_shards(cold_log)
        runners_estimate(cold_log, arguments.runners)
        return finish(work, keep=bool(arguments.keep))
    results = {"cold": (cold_seconds, cold_peak)}
    floors = {"cold": floor()}
    results["warm"] = build(work / "site", env=env, whole=whole)[:2]
    floors["warm"] = floor()
    change_one_unit(data)
    results["changed"] = build(work / "site", env=env, whole=whole)[:2]
    floors["changed"] = floor()
    for cache_folder in ("shard-cache", "search"):  # what a code change builds again (the search index with it)
        shutil.rmtree(work / cache_folder, ignore_errors=True)
    results["full"] = build(work / "site", env=env, whole=whole)[:2]
    floors["full"] = floor()
    floor_mean = sum(seconds for seconds, _ in floors.values()) / len(floors)
    results["floor"] = (floor_mean, max(peak for _, peak in floors.values()))
    floors["floor"] = (floor_mean, 0)
    print(title.format(pages=pages))
    print(f"{'build':<8} {'seconds':>8} {'floor s':>8} {'x floor':>8} {'peak MiB':>9}")
    for name in ("cold", "warm", "changed", "full", "floor"):
        seconds, peak = results[name]
        beside = floors[name][0]
        print(f"{name:<8} {seconds:8.1f} {beside:8.1f} {seconds / beside:8.2f} {peak / 1024:9.0f}")
    if arguments.shards:
        print("the cold build's shards:")
        print_shards(cold_log)
    return finish(work, keep=bool(arguments.keep))


def finish(work: Path, *, keep: bool) -> int:
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
