"""The site's shards one at a time, for a distributed build (the deploy workflow's matrix).

    python scripts/shards.py plan [--github-output FILE]   every shard and its key, as JSON
    python scripts/shards.py build SHARD --key KEY         build one shard into the shard cache (or find it there)
    python scripts/shards.py merge SITE_DIR                 the site from the cache, which must hold every shard

``plan`` lists the shards (``zh-site``, ``zh-2024``, …, ``en-2024``) with their keys (macros/building/shards.py);
with --github-output it also writes ``matrix=<the list>`` there, for a job matrix. ``build`` checks that the
shard's key here equals the plan's (a job that checked out or installed something else stops), then builds it
into .cache/shards/<shard>-<key> unless it is there. ``merge`` assembles SITE_DIR from the cached shards and makes its
search indexes, as scripts/build_site.py does after building them. Each step validates the data first (from the validation cache).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from macros.building import merge, runner  # noqa: E402
from macros.website import site_data  # noqa: E402
from scripts.build_site import beside, index_editions, replace, shard_cache, shard_keys  # noqa: E402


def plan(github_output: Path | None) -> int:
    shards = [{"shard": shard.name, "key": key} for shard, key in shard_keys().items()]
    print(json.dumps(shards, indent=2))
    if github_output is not None:
        with github_output.open("a", encoding="utf-8") as output:
            output.write(f"matrix={json.dumps(shards, separators=(',', ':'))}\n")
    return 0


def build(name: str, *, key: str) -> int:
    keys = shard_keys(only=name)  # its own key only: another shard's (the site's: every publication) can be slow
    if not keys:
        names = sorted(shard.name for shard in shard_keys())
        print(f"shards: no shard {name!r}; the site has {names}", file=sys.stderr)
        return 2
    ((shard, own),) = keys.items()
    if own != key:
        print(f"shards: {name}'s key is {own} here but {key} in the plan: not the same inputs", file=sys.stderr)
        return 2
    built = runner.build_shard(shard, own, repo=REPO, cache=shard_cache(), env=dict(os.environ))
    print(f"shard {name}: {'reused' if built.reused else f'built in {built.seconds:.1f} s'} ({built.folder})")
    return 0


def merge_site(site_dir: Path) -> int:
    keys = shard_keys()
    missing = [shard.name for shard, key in keys.items() if runner.cached(shard_cache(), shard, key) is None]
    if missing:
        print(f"shards: not in {shard_cache()}: {', '.join(missing)}", file=sys.stderr)
        return 1
    built = [
        runner.Built(shard, runner.shard_folder(shard_cache(), shard, key), reused=True, seconds=0.0)
        for shard, key in keys.items()
    ]
    site_dir = Path(os.path.abspath(site_dir))
    new = beside(site_dir, "new")
    shutil.rmtree(new, ignore_errors=True)
    try:
        merge.merge(built, new)
        index_editions(new)
        replace(site_dir, new)
    finally:
        shutil.rmtree(new, ignore_errors=True)
    print(f"shards: {len(built)} merged into {site_dir}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    steps = parser.add_subparsers(dest="step", required=True)
    planning = steps.add_parser("plan", help="every shard and its key")
    planning.add_argument("--github-output", type=Path, help="also write matrix=<JSON> to this file")
    building = steps.add_parser("build", help="build one shard into the cache")
    building.add_argument("shard")
    building.add_argument("--key", required=True, help="the shard's key from the plan")
    merging = steps.add_parser("merge", help="the site from the cached shards")
    merging.add_argument("site_dir", type=Path)
    arguments = parser.parse_args()
    try:
        if arguments.step == "plan":
            return plan(arguments.github_output)
        if arguments.step == "build":
            return build(arguments.shard, key=arguments.key)
        return merge_site(arguments.site_dir)
    except site_data.DataProblems as error:
        print(error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
