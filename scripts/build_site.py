"""Both editions of the site, all or nothing.

    python scripts/build_site.py [SITE_DIR]      (default: site)

Builds the Chinese edition (mkdocs.yml) into a temporary folder beside SITE_DIR and the English one
(mkdocs.en.yml) into its en/ folder, both with --strict, as `make site` does; only when both succeeded
does the new site take SITE_DIR's place (a rename: same file system, so no copy). When either build fails,
SITE_DIR stays as it was, the temporary folder is removed and the exit status is MkDocs' own. MkDocs'
messages (the validator's lines among them) go to standard error unchanged.

The configurations' own site_dir (site/, site/en/) is overridden with ``--site-dir``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Each edition: its configuration and its folder inside the site. Chinese first: it empties the folder.
EDITIONS = (("mkdocs.yml", ""), ("mkdocs.en.yml", "en"))


def beside(site_dir: Path, purpose: str) -> Path:
    """A hidden sibling of the site folder, for this process only (``.site.new-1234``)."""
    return site_dir.with_name(f".{site_dir.name}.{purpose}-{os.getpid()}")


def build_editions(target: Path) -> tuple[int, str]:
    """Build every edition into ``target``; the first failing build's exit status and configuration."""
    for config, folder in EDITIONS:
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
        status = subprocess.run(command, cwd=REPO, check=False).returncode
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


def build_site(site_dir: Path) -> int:
    """Build both editions and replace ``site_dir`` with them, or leave it alone; the exit status."""
    site_dir = Path(os.path.abspath(site_dir))
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    new = beside(site_dir, "new")
    shutil.rmtree(new, ignore_errors=True)  # left by a killed build that had our process id
    try:
        status, config = build_editions(new)
        if status != 0:
            print(f"build_site: {config} failed; {site_dir} is unchanged.", file=sys.stderr)
            return status
        replace(site_dir, new)
        return 0
    finally:
        shutil.rmtree(new, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", nargs="?", type=Path, default=Path("site"), help="where the site goes (site)")
    arguments = parser.parse_args()
    return build_site(arguments.site_dir)


if __name__ == "__main__":
    sys.exit(main())
