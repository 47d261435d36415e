"""Building shards: each its own MkDocs process (forked from this one when it can: see build_shards), on all
cores, each kept in the cache under its key.

A shard is built into a temporary folder beside the cache and renamed to ``<name>-<key>`` only when its build
succeeded, so the cache holds whole shards only, and a shard found there is reused as it is. The newest
``KEPT`` builds of each shard stay; older ones go.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NoReturn

import click

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


@dataclass
class Running:
    """A shard being built: its process, the folder it writes and the file of its messages."""

    shard: Shard
    key: str
    pid: int
    partial: Path
    started: float
    messages: IO[str]
    process: subprocess.Popen[bytes] | None = None  # a new process (not forked): kept, so Python never reaps it itself


def build_shard(shard: Shard, key: str, *, repo: Path, cache: Path, env: dict[str, str]) -> Built:
    """The shard from the cache, else built by MkDocs (``--strict``) into it; ShardFailed if it fails."""
    return build_shards({shard: key}, repo=repo, cache=cache, jobs=1, env=env, single=True)[0]


def build_shards(
    keys: dict[Shard, str],
    *,
    repo: Path,
    cache: Path,
    jobs: int,
    env: dict[str, str] | None = None,
    report: Callable[[Built], None] = lambda built: None,
    single: bool = False,
) -> list[Built]:
    """Every shard, ``jobs`` at a time; ShardsFailed, once all ended, when any failed (ShardFailed when ``single``).

    Each shard is its own process. When this process runs no other thread, each is forked from it after it has
    imported MkDocs and our code and read the validated data once (preload): a shard then starts in a fraction of
    the time (at a province's size, reading the data took each shard half a minute). Otherwise (``make serve``'s
    server threads: a fork could inherit a lock another thread holds) each is a new ``mkdocs build`` process."""
    cache.mkdir(parents=True, exist_ok=True)
    environment = dict(os.environ if env is None else env)
    forking = can_fork()
    if forking and any(cached(cache, shard, key) is None for shard, key in keys.items()):
        preload(repo, environment)
    pending = list(keys.items())
    running: dict[int, Running] = {}
    results: dict[Shard, Built] = {}
    failures: list[ShardFailed] = []
    try:
        build_all(
            pending,
            running,
            results,
            failures,
            repo=repo,
            cache=cache,
            jobs=jobs,
            env=environment,
            fork=forking,
            report=report,
        )
    finally:
        stop(running)  # an error here (or Ctrl-C): no build left running, writing into the cache
    if not single:  # one shard built alone (scripts/shards.py build) leaves the other shards' builds alone
        evict(cache, keys)
    if failures:
        if single:
            raise failures[0]
        raise ShardsFailed(failures)
    return [results[shard] for shard in keys]


def can_fork() -> bool:
    """Whether this process may fork a build: not while it runs other threads (``make serve``'s server), one of
    which could hold a lock the forked process would inherit, held for ever."""
    return threading.active_count() == 1


def build_all(
    pending: list[tuple[Shard, str]],
    running: dict[int, Running],
    results: dict[Shard, Built],
    failures: list[ShardFailed],
    *,
    repo: Path,
    cache: Path,
    jobs: int,
    env: dict[str, str],
    fork: bool,
    report: Callable[[Built], None],
) -> None:
    """Start shards while fewer than ``jobs`` run; as each ends, keep it in the cache (or note its failure)."""
    while pending or running:
        while pending and len(running) < max(1, jobs):
            shard, key = pending.pop(0)
            found = cached(cache, shard, key)
            if found is not None:
                os.utime(found)  # the newest use: what eviction keeps
                results[shard] = Built(shard, found, reused=True, seconds=0.0)
                report(results[shard])
                continue
            started = start(shard, key, repo=repo, cache=cache, env=env, fork=fork)
            running[started.pid] = started
        if not running:
            continue
        pid, status, usage = os.wait4(-1, 0)
        if pid not in running:
            continue  # not a shard's process
        ended, code = running.pop(pid), os.waitstatus_to_exitcode(status)
        if ended.process is not None:
            ended.process.returncode = code  # reaped here: Popen must not wait again
        try:
            built = finish(ended, cache=cache, status=code, usage=usage)
        except ShardFailed as failure:
            failures.append(failure)
            continue
        results[built.shard] = built
        report(built)


def stop(running: dict[int, Running]) -> None:
    """End the builds still running (after an error), and their partial folders and message files."""
    for pid, each in running.items():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        if each.process is not None:
            each.process.returncode = -signal.SIGTERM
        each.messages.close()
        shutil.rmtree(each.partial, ignore_errors=True)
    running.clear()


def preload(repo: Path, env: dict[str, str]) -> None:
    """Import what every shard's build imports and read the validated data and its history, in this process, so
    that the shards forked from it start with them. A failure is left for the shards to report."""
    saved_environment, saved_folder = dict(os.environ), os.getcwd()
    try:
        os.chdir(repo)
        os.environ.update(env)
        importlib.import_module("mkdocs.__main__")
        importlib.import_module("macros")
        importlib.import_module("macros.website.generated_pages")
        site_data = importlib.import_module("macros.website.site_data")
        site_data.validated_data()
        site_data.data_history()
    except Exception:  # each shard's build reports it, in its own words
        pass
    finally:
        os.chdir(saved_folder)
        os.environ.clear()
        os.environ.update(saved_environment)


def start(shard: Shard, key: str, *, repo: Path, cache: Path, env: dict[str, str], fork: bool) -> Running:
    """The shard's build started into a temporary folder beside the cache."""
    partial = shard_folder(cache, shard, key).with_name(f".{shard.name}-{key}.{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    arguments = ["build", "--strict", "-f", shard.config, "--site-dir", str(partial)]
    environment = {
        **env,
        SHARD_VARIABLE: shard.part,
        # compiled code outside the sources: `make serve` watches macros/ and would see it as an edit
        "PYTHONPYCACHEPREFIX": str(cache.parent / "pycache"),
    }
    messages = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed by finish)
    began = time.perf_counter()
    if fork:
        pid = os.fork()
        if pid == 0:
            try:
                build_here(arguments, repo=repo, env=environment, stderr=messages.fileno())
            finally:
                os._exit(1)  # never back into the parent's code
        return Running(shard=shard, key=key, pid=pid, partial=partial, started=began, messages=messages)
    command = [sys.executable, "-m", "mkdocs", *arguments]
    process = subprocess.Popen(command, cwd=repo, env=environment, stdout=subprocess.DEVNULL, stderr=messages)
    return Running(
        shard=shard, key=key, pid=process.pid, partial=partial, started=began, messages=messages, process=process
    )


def build_here(arguments: list[str], *, repo: Path, env: dict[str, str], stderr: int) -> NoReturn:
    """In a forked process: ``mkdocs <arguments>`` as its command line would run it, then exit with its status."""
    status = 1
    try:
        os.dup2(stderr, 2)
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        os.chdir(repo)
        os.environ.clear()
        os.environ.update(env)
        sys.pycache_prefix = env["PYTHONPYCACHEPREFIX"]
        command = importlib.import_module("mkdocs.__main__").cli
        command.main(args=arguments, prog_name="mkdocs", standalone_mode=False)
        status = 0
    except click.ClickException as error:  # MkDocs' Abort (strict mode's warnings, a failed build)
        error.show()
        status = error.exit_code
    except SystemExit as error:
        status = error.code if isinstance(error.code, int) else 1
    except BaseException:  # a child process: whatever went wrong is reported, then it ends
        traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)


def finish(running: Running, *, cache: Path, status: int, usage: resource.struct_rusage) -> Built:
    """The ended build's folder into the cache under its key, or ShardFailed with its messages."""
    shard, key, partial = running.shard, running.key, running.partial
    running.messages.seek(0)
    messages = running.messages.read()
    running.messages.close()
    if status != 0:
        shutil.rmtree(partial, ignore_errors=True)
        raise ShardFailed(shard, f"shard {shard.name} failed (exit {status}):\n{messages}")
    (partial / DONE).write_text(key + "\n", encoding="utf-8")
    log = "\n".join(line for line in messages.splitlines() if not OTHER_SHARD_LINK.search(line))
    target = shard_folder(cache, shard, key)
    if cached(cache, shard, key) is not None:  # another process built it meanwhile: same key, same pages
        shutil.rmtree(partial, ignore_errors=True)
    else:
        discard(target)  # a folder without its mark: a build or removal that was cut short
        partial.rename(target)
    seconds = time.perf_counter() - running.started
    return Built(shard, target, reused=False, seconds=seconds, log=log, peak_kib=usage.ru_maxrss)


def discard(folder: Path) -> None:
    """Remove a folder of the cache: renamed first (one step), so no half-removed shard ever looks whole."""
    if not folder.exists():
        return
    trash = folder.with_name(f".trash-{folder.name}.{os.getpid()}")
    folder.rename(trash)
    shutil.rmtree(trash, ignore_errors=True)


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
