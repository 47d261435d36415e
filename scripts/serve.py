"""The whole site, both editions, live at http://127.0.0.1:8000/ (``make serve``).

    python scripts/serve.py [--port 8000] [--host 127.0.0.1] [--site DIR]

Builds the site in shards (scripts/build_site.py) into .cache/serve/site (or DIR) and serves it with MkDocs' own
live-reload server; after an edit under data/, docs/, macros/ or to a configuration it builds again, and only
the shards the edit touched are built (the others come from the shard cache), then reloads the browser. A
failed build leaves the last good site served and says why.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mkdocs.livereload import LiveReloadServer  # noqa: E402

from macros.checking.validation import default_data_dir  # noqa: E402
from scripts.build_site import build_site  # noqa: E402

SITE = REPO / ".cache" / "serve" / "site"
WATCHED = ("docs", "macros", "mkdocs.yml", "mkdocs.en.yml")


def rebuild(site: Path) -> None:
    if build_site(site) != 0:
        print("serve: the build failed; the site served is the last one built.", file=sys.stderr)


def not_found(site: Path, code: int) -> bytes | None:
    page = site / f"{code}.html"
    return page.read_bytes() if code == 404 and page.is_file() else None


def watched() -> list[Path]:
    """The folders and files an edit to which rebuilds the site: the data (BUDGET_DATA_DIR), docs/, macros/ and
    the configurations."""
    return [default_data_dir().resolve(), *(REPO / name for name in WATCHED)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--site", type=Path, default=SITE, help="where the site is built (.cache/serve/site)")
    arguments = parser.parse_args()
    site = arguments.site.resolve()
    logging.basicConfig(level=logging.INFO, format="%(message)s")  # the server's "Serving on", "Reloading"
    if build_site(site) != 0:
        return 1
    server = LiveReloadServer(builder=lambda: rebuild(site), host=arguments.host, port=arguments.port, root=str(site))
    server.error_handler = lambda code: not_found(site, code)
    for path in watched():
        server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        print("serve: stopped.", file=sys.stderr)
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
