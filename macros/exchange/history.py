"""Where the data came from: each publication folder's history in git, read at build time (no network).

``read_history`` asks git once for every commit that touched data/ and which files each changed; a page then
says when its data last changed (and links the commit), a year's status page when each publication was first
published, and a year's "what changed" page what each later commit changed. Outside a git work tree (data/
from an archive), or in a shallow clone whose history is cut, there is no history and the pages say nothing
of it: the deploy workflow checks out the full history (fetch-depth: 0).
"""

from __future__ import annotations

import io
import logging
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from macros.exchange.data_diff import PublicationView, read_leniently
from macros.model.publication import Publication
from macros.template.specs import Template

log = logging.getLogger("mkdocs.budget.history")

GIT_TIMEOUT = 120  # seconds; git answers in well under one even for a long history
RECORD, UNIT = "\x1e", "\x1f"  # separators git writes between commits and between a commit's fields
# Dates on the site are the publishing government's (as the colophon's build date).
PUBLISHING_TIMEZONE = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Commit:
    sha: str
    moment: datetime
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def date(self) -> str:
        """The day of the commit where the budget is published (YYYY-MM-DD)."""
        return self.moment.astimezone(PUBLISHING_TIMEZONE).date().isoformat()


@dataclass(frozen=True)
class Touch:
    """A commit and the files of one publication folder it changed (paths relative to the repository)."""

    commit: Commit
    files: tuple[str, ...]


@dataclass(frozen=True)
class DataHistory:
    repository: Path  # the work tree's top folder
    data_prefix: str  # data/'s path inside the repository ("data")
    touches: dict[tuple[int, str], tuple[Touch, ...]]  # each publication folder's commits, oldest first
    uncommitted: frozenset[tuple[int, str]] = field(default_factory=frozenset)  # folders edited, not committed
    head: Commit | None = None  # the newest commit that touched data/

    def first(self, key: tuple[int, str]) -> Commit | None:
        """The commit that first published a folder (None: not committed yet)."""
        found = self.touches.get(key)
        return found[0].commit if found else None

    def last(self, key: tuple[int, str]) -> Commit | None:
        found = self.touches.get(key)
        return found[-1].commit if found else None

    def year_last(self, year: int) -> Commit | None:
        """The newest commit that touched a publication folder of the year (None: none committed yet)."""
        found = [
            touches[-1].commit for (each_year, _), touches in self.touches.items() if each_year == year and touches
        ]
        return max(found, key=lambda commit: commit.moment) if found else None


def git(repository: Path, *arguments: str) -> str | None:
    """git's output, or None where git is missing or refuses (not a work tree)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(repository), *arguments],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def read_history(data_dir: Path) -> DataHistory | None:
    """The history of data_dir's publication folders, or None where git holds none (see the module)."""
    top = git(data_dir, "rev-parse", "--show-toplevel")
    if top is None:
        return None
    repository = Path(top.strip())
    if (git(repository, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        log.warning("data history: a shallow clone, its history is cut; fetch the whole history (fetch-depth: 0)")
        return None
    prefix = data_dir.resolve().relative_to(repository.resolve()).as_posix()
    output = git(
        repository, "log", f"--format={RECORD}%H{UNIT}%cI{UNIT}%s", "--name-only", "--no-renames", "--", prefix
    )
    if output is None:
        return None
    touches: dict[tuple[int, str], list[Touch]] = {}
    head: Commit | None = None
    for record in output.split(RECORD)[1:]:
        heading, *names = record.strip("\n").split("\n")
        sha, moment, subject = heading.split(UNIT, 2)
        commit = Commit(sha, datetime.fromisoformat(moment), subject)
        head = head or commit
        by_folder: dict[tuple[int, str], list[str]] = {}
        for name in filter(None, names):
            key = folder_key(name, prefix=prefix)
            if key is not None:
                by_folder.setdefault(key, []).append(name)
        for key, files in by_folder.items():
            touches.setdefault(key, []).insert(0, Touch(commit, tuple(files)))  # git lists the newest first
    status = git(repository, "status", "--porcelain", "--untracked-files=all", "--no-renames", "--", prefix) or ""
    uncommitted = {key for line in status.splitlines() if (key := folder_key(line[3:].strip('"'), prefix=prefix))}
    return DataHistory(
        repository=repository,
        data_prefix=prefix,
        touches={key: tuple(found) for key, found in touches.items()},
        uncommitted=frozenset(uncommitted),
        head=head,
    )


def folder_key(name: str, *, prefix: str) -> tuple[int, str] | None:
    """data/2024/liwan-digital-gov/03-….csv → (2024, "liwan-digital-gov"); None for files outside a
    publication folder (templates, dictionaries, units.csv)."""
    path = PurePosixPath(name)
    try:
        parts = path.relative_to(prefix).parts
    except ValueError:
        return None
    if len(parts) < 3 or not parts[0].isdigit():
        return None
    return int(parts[0]), parts[1]


def git_bytes(repository: Path, *arguments: str) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(repository), *arguments], capture_output=True, timeout=GIT_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def publication_view_at(
    history: DataHistory, revision: str, publication: Publication, *, templates: dict[str, Template]
) -> PublicationView | None:
    """A publication folder as a revision holds it, read leniently with today's dictionaries and templates
    (None where the revision has no such folder)."""
    folder = f"{history.data_prefix}/{publication.year}/{publication.publication_id}"
    archive = git_bytes(history.repository, "archive", "--format=tar", revision, "--", folder)
    if not archive:
        return None
    with tempfile.TemporaryDirectory() as temporary:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(temporary, filter="data")
        return read_leniently(Path(temporary) / folder, publication.dictionaries, templates)
