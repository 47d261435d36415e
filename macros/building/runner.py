"""Building shards: each its own MkDocs process, on all cores, each kept in the cache under its key.

A shard is built into a temporary folder beside the cache and renamed to ``<name>-<key>`` only when its build
succeeded, so the cache holds whole shards only, and a shard found there is reused as it is. The newest
``KEPT`` builds of each shard stay; older ones go.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from macros.building.shards import Shard
from macros.website.sharding import SHARD_VARIABLE

KEPT = 2  # builds kept per shard: the current one and the one before (a pull request's base, say)
DONE = ".shard-complete"  # written last into a shard's folder
FOLDER = re.compile(r"(?P<name>.+)-(?P<key>[0-9a-f]{20})")  # a shard's folder in the cache: <name>-<key>
STALE_SECONDS = 24 * 3600  # a partial folder this old was left by a build that was killed
# MkDocs' line for each link to a page of another shard (excluded from this build, published by its own).
OTHER_SHARD_LINK = re.compile(r"contains a link to '[^']*' which is excluded from the built site")


@dataclass(frozen=True)
class Built:
    shard: Shard
    folder: Path
    reused: bool
    seconds: float
    log: str = ""  # MkDocs' messages (standard error) of a shard built now
    peak_kib: int = 0  # of a shard built now: the resident memory of its largest process (chart workers too)


class ShardFailed(Exception):
    """A shard's build failed: its name, exit status and MkDocs' messages."""

    def __init__(self, shard: Shard, message: str) -> None:
        super().__init__(message)
        self.shard = shard


class ShardsFailed(Exception):
    """Some shards failed (each one's messages in turn); the others were built."""

    def __init__(self, failures: list[ShardFailed]) -> None:
        super().__init__("\n".join(str(failure) for failure in failures))
        self.names = [failure.shard.name for failure in failures]


def shard_folder(cache: Path, shard: Shard, key: str) -> Path:
    return cache / f"{shard.name}-{key}"


def cached(cache: Path, shard: Shard, key: str) -> Path | None:
    folder = shard_folder(cache, shard, key)
    return folder if (folder / DONE).is_file() else None


def build_shard(shard: Shard, key: str, *, repo: Path, cache: Path, env: dict[str, str]) -> Built:
    """The shard from the cache, else built by MkDocs (``--strict``) into it."""
    start = time.perf_counter()
    found = cached(cache, shard, key)
    if found is not None:
        os.utime(found)  # the newest use: what eviction keeps
        return Built(shard, found, reused=True, seconds=time.perf_counter() - start)
    target = shard_folder(cache, shard, key)
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", shard.config, "--site-dir", str(partial)]
    environment = {
        **env,
        SHARD_VARIABLE: shard.part,
        # compiled code outside the sources: `make serve` watches macros/ and would see it as an edit
        "PYTHONPYCACHEPREFIX": str(cache.parent / "pycache"),
    }
    status, messages, peak_kib = run_measured(command, cwd=repo, env=environment)
    if status != 0:
        shutil.rmtree(partial, ignore_errors=True)
        raise ShardFailed(shard, f"shard {shard.name} failed (exit {status}):\n{messages}")
    (partial / DONE).write_text(key + "\n", encoding="utf-8")
    log = "\n".join(line for line in messages.splitlines() if not OTHER_SHARD_LINK.search(line))
    if cached(cache, shard, key) is not None:  # another process built it meanwhile: same key, same pages
        shutil.rmtree(partial, ignore_errors=True)
    else:
        discard(target)  # a folder without its mark: a build or removal that was cut short
        partial.rename(target)
    return Built(shard, target, reused=False, seconds=time.perf_counter() - start, log=log, peak_kib=peak_kib)


def run_measured(command: list[str], *, cwd: Path, env: dict[str, str]) -> tuple[int, str, int]:
    """A command's exit status, standard error, and peak resident memory in KiB: the largest of its process and the
    processes it waited for (os.wait4, as GNU time reports it)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as messages:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=messages, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait for it again
        messages.seek(0)
        return process.returncode, messages.read(), usage.ru_maxrss


def discard(folder: Path) -> None:
    """Remove a folder of the cache: renamed first (one step), so no half-removed shard ever looks whole."""
    if not folder.exists():
        return
    trash = folder.with_name(f".trash-{folder.name}.{os.getpid()}")
    folder.rename(trash)
    shutil.rmtree(trash, ignore_errors=True)


def build_shards(
    keys: dict[Shard, str],
    *,
    repo: Path,
    cache: Path,
    jobs: int,
    env: dict[str, str] | None = None,
    report: Callable[[Built], None] = lambda built: None,
) -> list[Built]:
    """Every shard, ``jobs`` at a time; ShardsFailed, once all ended, when any failed."""
    cache.mkdir(parents=True, exist_ok=True)
    environment = dict(os.environ if env is None else env)
    workers = max(1, jobs)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {
            shard: pool.submit(build_shard, shard, key, repo=repo, cache=cache, env=environment)
            for shard, key in keys.items()
        }
        results, failures = [], []
        for future in futures.values():
            try:
                built = future.result()
            except ShardFailed as failure:
                failures.append(failure)
                continue
            report(built)
            results.append(built)
    evict(cache, keys)
    if failures:
        raise ShardsFailed(failures)
    return results


def evict(cache: Path, keys: dict[Shard, str]) -> None:
    """Keep the newest KEPT builds of each shard name (and every shard just used); remove partial folders left by
    killed builds. Shards no longer planned (a year removed, its units regrouped) go."""
    used = {shard_folder(cache, shard, key) for shard, key in keys.items()}
    planned = {shard.name for shard in keys}
    builds: dict[str, list[Path]] = {}
    for folder in cache.iterdir():
        found = FOLDER.fullmatch(folder.name)
        if found and (folder / DONE).is_file():
            builds.setdefault(found["name"], []).append(folder)
        elif folder.name.startswith(".") and time.time() - folder.stat().st_mtime > STALE_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)
    for name, folders in builds.items():
        folders.sort(key=lambda folder: folder.stat().st_mtime, reverse=True)
        for folder in folders[KEPT if name in planned else 0 :]:
            if folder not in used:
                discard(folder)
