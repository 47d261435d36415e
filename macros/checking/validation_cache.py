"""One validation per state of data/, shared between processes, and each publication read once per state of its
own folder.

`make build` validates once (scripts/validate.py) and each shard's build loads that result instead of validating
again. When data/ has changed, only the publications whose folders changed are read and checked again (a staff
member's one-unit edit re-reads one publication, not a district's three hundred); the checks across publications
run again over all of them.

Keys are everything a result depends on:
- the whole result: the folder's path and the working folder (problems name files relative to it), every entry
  under data/ (path, kind, bytes, a link's target), the code (macros/**/*.py), the Python, Jinja and matplotlib
  versions and the font (a character it lacks is a problem);
- one publication: all of that except the other publications' folders, that is its own folder's entries and the
  shared files (units.csv, dictionaries/, templates/, …);
- its texts' check (the prose worded from it and the year before): its folder's and the prior one's.

Results are kept in ``.cache/validation/`` (or ``$BUDGET_VALIDATION_CACHE``): the newest few whole results, and the
publications of the latest validations. Nothing is kept when data/ changed while it was read. They are pickles:
the folder is trusted as the chart cache is (its SVGs go into pages as they are); never point it at a folder
others can write.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, is_dataclass
from importlib.metadata import version
from pathlib import Path
from stat import S_ISLNK, S_ISREG
from typing import Any, TypeVar

from macros.checking.validation import TOP_LEVEL_ENTRIES, Loaded, Memo, ValidationResult, validate
from macros.model.dictionaries import Dictionaries
from macros.model.publication import Publication
from macros.reading.fonts import FONT_FILE
from macros.reading.problems import Problem
from macros.template.specs import Template

CACHE_VARIABLE = "BUDGET_VALIDATION_CACHE"
KEPT = 8  # whole results kept: a few data folders (the tests', a working copy's) without growing forever
# Publications kept: this many beyond twice those of the latest validation (the state before an edit stays).
KEPT_PUBLICATIONS = 500
CODE = Path(__file__).resolve().parents[1]
PUBLICATIONS = "publications"
STALE_SECONDS = 3600  # a partial file this old was left by a writer that stopped (Ctrl-C)

Result = TypeVar("Result")


def cache_dir() -> Path:
    return Path(os.environ.get(CACHE_VARIABLE) or ".cache/validation")


@dataclass(frozen=True)
class DataState:
    """A state of data/ and of the code that checks it, as digests read in one pass over the folder."""

    key: str  # everything: the whole result's key
    shared: str  # what every publication's reading depends on: code, versions, folders, data/'s shared files
    folders: dict[str, str]  # each data/<year>/<folder>/, by its path under data/: its entries' digest


def data_state(data_dir: Path) -> DataState:
    shared = hashlib.sha256()
    # problems name files relative to the working folder: a run from elsewhere words them differently
    # and as the folder was named (the publications' paths are as it names them)
    for part in (str(data_dir), str(data_dir.resolve()), os.getcwd(), sys.version, version("jinja2")):
        shared.update(part.encode() + b"\0")
    shared.update(version("matplotlib").encode() + b"\0" + hashlib.sha256(FONT_FILE.read_bytes()).digest())
    for path in sorted(CODE.rglob("*.py")):
        shared.update(path.relative_to(CODE).as_posix().encode() + b"\0" + path.read_bytes())
    whole = hashlib.sha256()
    folders: dict[str, Any] = {}
    for path in sorted(data_dir.rglob("*")):
        parts = path.relative_to(data_dir).parts
        entry = entry_digest(path, name=path.relative_to(data_dir).as_posix())
        whole.update(entry)
        if parts[0] in TOP_LEVEL_ENTRIES:
            shared.update(entry)
        elif len(parts) > 2:  # inside a publication's folder (a year folder and its folders are whole-only)
            folders.setdefault(f"{parts[0]}/{parts[1]}", hashlib.sha256()).update(entry)
    shared_digest = shared.hexdigest()
    whole.update(shared_digest.encode())
    return DataState(
        key=whole.hexdigest()[:32],
        shared=shared_digest,
        folders={name: digest.hexdigest() for name, digest in folders.items()},
    )


def entry_digest(path: Path, *, name: str) -> bytes:
    try:
        mode = path.lstat().st_mode  # a link is never followed (the validator refuses it)
        if S_ISREG(mode):
            return b"file\0" + name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest()
    except OSError:  # gone since the folder was listed (an editor's temporary file): a state of its own
        return b"gone\0" + name.encode() + b"\0"
    if S_ISLNK(mode):
        return b"link\0" + name.encode() + b"\0" + os.readlink(path).encode() + b"\0"
    return b"other\0" + name.encode() + b"\0"


def data_key(data_dir: Path) -> str:
    """What a validation of ``data_dir`` depends on, hashed."""
    return data_state(data_dir).key


def cached_validation(data_dir: Path) -> ValidationResult:
    """``validate(data_dir)``, or its result from a process that validated the same state before; publications
    whose folders are as a validation before read them are loaded from it."""
    state = data_state(data_dir)
    stored = cache_dir() / f"{state.key}.pickle"
    try:
        with stored.open("rb") as handle, collector_paused():
            found = pickle.load(handle)
        if isinstance(found, ValidationResult):
            return found
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass  # none yet, or removed by another process, or written by other code: validate
    memo = PublicationMemo(data_dir, state=state, folder=cache_dir() / PUBLICATIONS)
    try:
        with collector_paused():
            result = validate(data_dir, memo=memo)
        # Kept only when data/ is as it was keyed: an edit saved meanwhile (make serve), to a publication's folder or
        # to a shared file, makes what was read of either state, not to be found again under the first state's key.
        if data_state(data_dir).key == state.key:
            store(stored, result)
            memo.keep()
    finally:
        memo.discard()
    memo.evict()
    return result


def store(stored: Path, result: ValidationResult) -> None:
    write_atomically(stored, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    evict(stored.parent.glob("*.pickle"), keep=KEPT)


class PublicationMemo(Memo):
    """validate()'s memo (macros/checking/validation.py): each publication as read from a folder in this state,
    and its texts' problems, loaded from an earlier validation when the folders are unchanged.

    A publication refers to the dictionaries and templates every publication shares: they are stored as
    references to those read this time (equal, their files being part of the key), not copied into each."""

    def __init__(self, data_dir: Path, *, state: DataState, folder: Path) -> None:
        self.data_dir = data_dir
        self.state = state
        self.folder = folder
        self.used: list[Path] = []
        # results worked out now, written beside their place: moved there once data/ is known to be unchanged
        self.worked_out: dict[Path, Path] = {}
        self.shared: Shared | None = None

    def publication(
        self,
        folder: Path,
        *,
        dictionaries: Dictionaries,
        templates: dict[str, Template],
        read: Callable[[], Loaded],
    ) -> Loaded:
        key = self.key("publication", folder)
        if self.shared is None or self.shared.objects["dictionaries"] is not dictionaries:
            self.shared = Shared(dictionaries, templates)  # once: validate() reads them once
        shared = self.shared
        return self.recall(key, read, loads=shared.loads, dumps=shared.dumps, expected=Loaded)

    def text_problems(
        self, publication: Publication, *, prior: Publication | None, check: Callable[[], list[Problem]]
    ) -> list[Problem]:
        key = self.key("texts", publication.folder, *([prior.folder] if prior else []))
        return self.recall(key, check, loads=pickle.loads, dumps=plain_dumps, expected=list)

    def key(self, kind: str, *folders: Path) -> str | None:
        """None when a folder is not one the state knows (read anew, never stored)."""
        digest = hashlib.sha256(f"{self.state.shared}\0{kind}".encode())
        for folder in folders:
            name = folder.relative_to(self.data_dir).as_posix()
            if name not in self.state.folders:
                return None
            digest.update(f"\0{name}\0{self.state.folders[name]}".encode())
        return digest.hexdigest()[:32]

    def recall(
        self,
        key: str | None,
        compute: Callable[[], Result],
        *,
        loads: Callable[[bytes], Any],
        dumps: Callable[[Any], bytes],
        expected: type[Result],
    ) -> Result:
        if key is None:
            return compute()
        stored = self.folder / f"{key}.pickle"
        self.used.append(stored)
        try:
            found = loads(stored.read_bytes())
            if isinstance(found, expected):
                os.utime(stored)  # kept as recently used
                return found
        except Exception:
            pass
        result = compute()
        partial = stored.with_suffix(f".{os.getpid()}.tmp")
        partial.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(dumps(result))
        self.worked_out[stored] = partial
        return result

    def keep(self) -> None:
        """What this validation worked out, into the cache (cached_validation calls it when data/ is unchanged)."""
        for stored, partial in self.worked_out.items():
            partial.replace(stored)  # atomic: another process reads all of it or none
        self.worked_out.clear()

    def discard(self) -> None:
        for partial in self.worked_out.values():
            partial.unlink(missing_ok=True)
        self.worked_out.clear()

    def evict(self) -> None:
        evict(self.folder.glob("*.pickle"), keep=2 * len(self.used) + KEPT_PUBLICATIONS)


class Shared:
    """Pickling of one publication with what every publication shares stored as references to this process's own
    (equal: their files are part of the key): the dictionaries, the templates, their tables' and columns' specs, and
    the templates' words (column ids, labels). Copied into each publication instead, they made a district's
    validated data a third larger in memory. References are by name (a template's id, a table's id within it) or,
    for words, by value: never by position, which could differ between processes."""

    def __init__(self, dictionaries: Dictionaries, templates: dict[str, Template]) -> None:
        # Names are flat strings: the pickler pickles a name itself without asking for its name, not what it holds.
        self.objects: dict[str, object] = {"dictionaries": dictionaries}
        for template in templates.values():
            self.objects[f"template\0{template.id}"] = template
            for spec in template.tables:
                self.objects[f"table\0{template.id}\0{spec.id}"] = spec
        self.names = {id(shared): name for name, shared in self.objects.items()}
        self.words = {word: word for word in strings_in(templates)}

    def persistent_id(self, obj: object) -> str | None:
        if type(obj) is str:
            return f"word\0{obj}" if obj in self.words else None
        return self.names.get(id(obj))

    def persistent_load(self, name: str) -> object:
        kind, _, word = name.partition("\0")
        # KeyError: not this state's (the pickle is read anew)
        return self.words[word] if kind == "word" else self.objects[name]

    def dumps(self, loaded: Loaded) -> bytes:
        output = io.BytesIO()
        pickler = pickle.Pickler(output, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.persistent_id = self.persistent_id  # type: ignore[method-assign]
        pickler.dump(loaded)
        return output.getvalue()

    def loads(self, data: bytes) -> Loaded:
        unpickler = pickle.Unpickler(io.BytesIO(data))
        unpickler.persistent_load = self.persistent_load  # type: ignore[method-assign]
        found: Loaded = unpickler.load()
        return found


def strings_in(found: object) -> set[str]:
    """Every string inside ``found`` (through dataclasses, mappings and sequences)."""
    strings: set[str] = set()
    seen: set[int] = set()
    waiting = [found]
    while waiting:
        current = waiting.pop()
        if isinstance(current, str):
            strings.add(current)
        elif id(current) not in seen and is_container(current):
            seen.add(id(current))
            waiting += gc.get_referents(current)
    return strings


def is_container(found: object) -> bool:
    if isinstance(found, (dict, list, tuple, set, frozenset)):
        return True
    return is_dataclass(found) and not isinstance(found, type)


def plain_dumps(result: object) -> bytes:
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector stopped while a result is unpickled or made: what is made is kept, and the collector's
    passes over it were three quarters of the time to load a district's result, a fifth of the time to validate it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def write_atomically(stored: Path, data: bytes) -> None:
    stored.parent.mkdir(parents=True, exist_ok=True)
    partial = stored.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(stored)  # atomic: another process reads all of it or none


def evict(paths: Iterable[Path], *, keep: int) -> None:
    """All but the ``keep`` newest (by modification time) removed, and what a writer stopped midway left behind."""
    found = list(paths)
    for path in sorted(found, key=modified, reverse=True)[keep:]:
        path.unlink(missing_ok=True)
    for folder in {path.parent for path in found}:
        for partial in folder.glob("*.tmp"):
            if time.time() - modified(partial) > STALE_SECONDS:
                partial.unlink(missing_ok=True)


def modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed by another process meanwhile
        return 0.0
