"""Both editions of the site, all or nothing, built as shards.

    python scripts/build_site.py [SITE_DIR] [--jobs N] [--whole]      (default: site)

The site is built as shards (macros/building/): each edition's shared pages, and each year's pages, are their
own MkDocs build (--strict), run ``--jobs`` at a time (default: every core) and kept in the shard cache
(``.cache/shards``, or ``BUDGET_SHARD_CACHE``) under a key of everything they are built from; a shard whose key
did not change is reused. The shards are merged into a folder beside SITE_DIR, each edition's search index is made
over it (Pagefind: macros/building/search.py), and it takes SITE_DIR's place (a rename) only when every shard
succeeded: when any fails, SITE_DIR stays as it was and the exit status is 1.
A failing shard's MkDocs messages (the validator's lines among them) go to standard error.

``--whole`` builds each edition in one MkDocs process instead (the Chinese one, then the English one into en/),
without the shard cache: what the sharded build must equal (tests/test_shards.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from macros.building import merge, runner, search, shards  # noqa: E402
from macros.checking.validation import default_data_dir  # noqa: E402
from macros.exchange import history  # noqa: E402
from macros.website import site_data  # noqa: E402
from macros.website.sharding import SHARD_VARIABLE  # noqa: E402

SHARD_CACHE_VARIABLE = "BUDGET_SHARD_CACHE"


def beside(site_dir: Path, purpose: str) -> Path:
    """A hidden sibling of the site folder, for this process only (``.site.new-1234``)."""
    return site_dir.with_name(f".{site_dir.name}.{purpose}-{os.getpid()}")


def build_editions(target: Path) -> tuple[int, str]:
    """Build every edition into ``target``; the first failing build's exit status and configuration."""
    for config, folder in shards.EDITIONS.values():
        command = [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            config,
            "--site-dir",
            str(target / folder),
        ]
        whole_site = {name: value for name, value in os.environ.items() if name != SHARD_VARIABLE}
        status = subprocess.run(command, cwd=REPO, env=whole_site, check=False).returncode
        if status != 0:
            return status, config
    return 0, ""


def replace(site_dir: Path, new: Path) -> None:
    """Put ``new`` where ``site_dir`` is; the old site is moved aside first, then removed."""
    if not site_dir.exists():
        new.rename(site_dir)
        return
    old = beside(site_dir, "old")
    site_dir.rename(old)
    try:
        new.rename(site_dir)
    except OSError:
        old.rename(site_dir)
        raise
    shutil.rmtree(old)


def shard_cache() -> Path:
    return Path(os.environ.get(SHARD_CACHE_VARIABLE) or REPO / ".cache" / "shards")


def search_cache() -> Path:
    """Beside the shard cache: each edition's last search indexes, by the pages they were made from."""
    return shard_cache().with_name("search")


def shard_keys(only: str | None = None) -> dict[shards.Shard, str]:
    """Every shard of the site and its key, from the validated data (DataProblems when it is not valid); ``only``:
    the shard of that name alone (none when the site has no such shard), as a job of the deploy matrix needs."""
    data = site_data.validated_data()
    inputs = shards.read_inputs(REPO, default_data_dir(), data, site_data.data_history())
    planned = [shard for shard in shards.plan(data, size=inputs.size) if only is None or shard.name == only]
    return {shard: shards.shard_key(shard, inputs) for shard in planned}


def inputs_state() -> tuple[str, str, dict[str, str], str | None]:
    """What every shard's key is made from, as files: the code and theme, the data, the commit checked out."""
    data_dir = default_data_dir()
    return (shards.code_digest(REPO), *shards.data_digests(data_dir), history.git(data_dir, "rev-parse", "HEAD"))


def forget_if_changed(new: dict[shards.Shard, str], before: tuple[object, ...]) -> None:
    """An edit saved during the build (make serve): a shard built now may hold pages of the newer files under the
    older files' key, where a return to those files would find them. None is kept then (nor those of a build that
    failed or did not merge); the edit's own build follows."""
    if inputs_state() == before:
        return
    for shard, key in new.items():
        runner.discard(runner.shard_folder(shard_cache(), shard, key))
    print("build_site: files changed during the build; the shards built are not kept.", file=sys.stderr)


def build_sharded(target: Path, *, jobs: int) -> tuple[int, str]:
    """Every shard, from the cache or built, merged into ``target``; the exit status and what failed."""
    start = time.perf_counter()
    before = inputs_state()
    try:
        keys = shard_keys()
    except site_data.DataProblems as error:
        print(error, file=sys.stderr)
        return 1, "validation"
    if runner.can_fork():  # build_shards would: timed here, as each job of the deploy matrix pays it
        runner.preload(REPO, dict(os.environ))
    print(f"setup: {time.perf_counter() - start:.1f} s (the shards' keys, the code and the data read)", file=sys.stderr)
    start = time.perf_counter()

    def report(built: runner.Built) -> None:
        """Each shard's line, and a shard built now: MkDocs' messages, each line marked with the shard."""
        how = "reused" if built.reused else f"built in {built.seconds:.1f} s, peak {built.peak_kib / 1024:.0f} MiB"
        print(f"shard {built.shard.name}: {how}", file=sys.stderr)
        for line in built.log.splitlines():
            print(f"  [{built.shard.name}] {line}", file=sys.stderr)

    new = {shard: key for shard, key in keys.items() if runner.cached(shard_cache(), shard, key) is None}
    try:
        built = runner.build_shards(keys, repo=REPO, cache=shard_cache(), jobs=jobs, report=report)
        merge.merge(built, target)
    except runner.ShardsFailed as error:
        print(error, file=sys.stderr)
        return 1, "shard " + ", ".join(error.names)
    finally:
        forget_if_changed(new, before)
    reused = sum(1 for each in built if each.reused)
    print(
        f"shards: {len(built)}, {reused} reused, {len(built) - reused} built, "
        f"{time.perf_counter() - start:.1f} s on {jobs} cores",
        file=sys.stderr,
    )
    return 0, ""


def index_editions(site: Path) -> None:
    """Each edition's search index, over its merged pages."""
    start = time.perf_counter()
    folders = [folder for _, folder in shards.EDITIONS.values()]
    # The editions at once, a process each (reading the pages is Python's work, on one core each); one after the
    # other in a process that runs other threads (make serve: see runner.can_fork).
    workers = len(shards.EDITIONS) if runner.can_fork() else 1
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        indexing = {
            lang: pool.submit(
                search.index_edition,
                site / folder,
                language=lang,
                other_editions=[other for other in folders if other and other != folder],
                cache=search_cache(),
                work=site.parent,
            )
            for lang, (_, folder) in shards.EDITIONS.items()
        }
        for lang, running in indexing.items():
            index = running.result()
            print(f"search index ({lang}): {index.pages} pages{' (reused)' if index.reused else ''}", file=sys.stderr)
    print(f"search indexes: {time.perf_counter() - start:.1f} s", file=sys.stderr)


def build_site(site_dir: Path, *, jobs: int = 0, whole: bool = False) -> int:
    """Build both editions and replace ``site_dir`` with them, or leave it alone; the exit status."""
    site_dir = Path(os.path.abspath(site_dir))
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    new = beside(site_dir, "new")
    shutil.rmtree(new, ignore_errors=True)  # left by a killed build that had our process id
    try:
        if whole:
            status, failed = build_editions(new)
        else:
            status, failed = build_sharded(new, jobs=jobs or os.cpu_count() or 1)
        if status != 0:
            print(f"build_site: {failed} failed; {site_dir} is unchanged.", file=sys.stderr)
            return status
        index_editions(new)
        replace(site_dir, new)
        return 0
    finally:
        shutil.rmtree(new, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", nargs="?", type=Path, default=Path("site"), help="where the site goes (site)")
    parser.add_argument("--jobs", type=int, default=0, help="shards built at once (default: every core)")
    parser.add_argument("--whole", action="store_true", help="each edition in one process, no shards")
    arguments = parser.parse_args()
    return build_site(arguments.site_dir, jobs=arguments.jobs, whole=arguments.whole)


if __name__ == "__main__":
    sys.exit(main())
