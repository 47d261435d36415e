"""The whole site, both editions, live at http://127.0.0.1:8000/ (``make serve``).

    python scripts/serve.py [--port 8000] [--host 127.0.0.1]

Builds the site in shards (scripts/build_site.py) into .cache/serve/site and serves it with MkDocs' own
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

from scripts.build_site import build_site  # noqa: E402

SITE = REPO / ".cache" / "serve" / "site"
WATCHED = ("data", "docs", "macros", "mkdocs.yml", "mkdocs.en.yml")


def rebuild() -> None:
    if build_site(SITE) != 0:
        print("serve: the build failed; the site served is the last one built.", file=sys.stderr)


def not_found(code: int) -> bytes | None:
    page = SITE / f"{code}.html"
    return page.read_bytes() if code == 404 and page.is_file() else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")  # the server's "Serving on", "Reloading"
    if build_site(SITE) != 0:
        return 1
    server = LiveReloadServer(builder=rebuild, host=arguments.host, port=arguments.port, root=str(SITE))
    server.error_handler = not_found
    for name in WATCHED:
        server.watch(str(REPO / name))
    try:
        server.serve()
    except KeyboardInterrupt:
        print("serve: stopped.", file=sys.stderr)
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
