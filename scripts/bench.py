"""Build speed at district scale, measured in one run.

    python scripts/bench.py --units 100 --years 3 [--seed 1] [--keep DIR] [--kinds budget,final]

Builds a synthetic district (scripts/synth_district.py) in both languages, as `make site` does
(validation, then scripts/build_site.py: the shards on every core, merged), and prints the wall time and peak
memory of:
  cold     empty chart, validation, download and shard caches
  warm     nothing changed (every shard reused)
  changed  one unit's CSV changed (that year's shards built again)
  floor    a plain MkDocs Material build of the same rendered Markdown, macros and charts off
with each time's ratio to the floor. The floor is measured right after each build and each ratio is to that
floor: a shared machine's speed drifts by a fifth within minutes, the pair shares its conditions. The floor's
row is the mean of the three. Peak memory is the largest resident set of any process. ``--whole`` builds each
edition in one process instead of in shards (scripts/build_site.py --whole), for comparison.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def timed(command: list[str], *, env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of a command, via GNU time."""
    report = Path(tempfile.mkstemp(suffix=".time")[1])
    start = time.perf_counter()
    subprocess.run(
        ["/usr/bin/time", "-f", "%M", "-o", str(report), *command],
        check=True,
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - start
    peak = int(report.read_text().strip().splitlines()[-1])
    report.unlink()
    return seconds, peak


def build(site: Path, *, env: dict[str, str], whole: bool) -> tuple[float, int]:
    """What `make site` runs: the validator, then both editions (in shards unless ``whole``)."""
    steps = [
        [PYTHON, "scripts/validate.py"],
        [PYTHON, "scripts/build_site.py", str(site), *(["--whole"] if whole else [])],
    ]
    results = [timed(step, env=env) for step in steps]
    return sum(seconds for seconds, _ in results), max(peak for _, peak in results)


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
            seconds, peak = timed([PYTHON, "-m", "mkdocs", "build", "-f", str(config)], env=env)
            floor_time, floor_peak = floor_time + seconds, max(floor_peak, peak)
        return floor_time, floor_peak

    results, floors = {}, {}
    # The cold build keeps its rendered Markdown for the floor (writing it takes well under a second).
    whole = arguments.whole
    results["cold"] = build(work / "site", env={**env, "BUDGET_DUMP_MARKDOWN": str(markdown)}, whole=whole)
    floors["cold"] = floor()
    results["warm"] = build(work / "site", env=env, whole=whole)
    floors["warm"] = floor()
    change_one_unit(data)
    results["changed"] = build(work / "site", env=env, whole=whole)
    floors["changed"] = floor()
    floor_mean = sum(seconds for seconds, _ in floors.values()) / len(floors)
    results["floor"] = (floor_mean, max(peak for _, peak in floors.values()))
    floors["floor"] = (floor_mean, 0)
    pages = sum(1 for _ in (work / "site").rglob("index.html"))
    print(
        f"synthetic district: {arguments.units} units x {arguments.years} years, {pages} pages in two languages, "
        f"{os.cpu_count()} cores, {'each edition whole' if whole else 'in shards'}"
    )
    print(f"{'build':<8} {'seconds':>8} {'floor s':>8} {'x floor':>8} {'peak MiB':>9}")
    for name in ("cold", "warm", "changed", "floor"):
        seconds, peak = results[name]
        beside = floors[name][0]
        print(f"{name:<8} {seconds:8.1f} {beside:8.1f} {seconds / beside:8.2f} {peak / 1024:9.0f}")
    if not arguments.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
