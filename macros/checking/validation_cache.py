"""One validation per state of data/, shared between processes: `make build` validates once (scripts/validate.py)
and each edition's build loads that result instead of validating again (about five seconds each for a district of a
hundred units over three years, a second to load).

The key is everything the result depends on: the folder's path (and the working folder), every entry under it (path, kind, bytes, a link's
target), the code (macros/**/*.py) and the Python and Jinja versions. Any change validates anew. Results are kept in
``.cache/validation/`` (or ``$BUDGET_VALIDATION_CACHE``), the newest few only. They are pickles: the folder is trusted
as the chart cache is (its SVGs go into pages as they are); never point it at a folder others can write.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from importlib.metadata import version
from pathlib import Path
from stat import S_ISLNK, S_ISREG

from macros.checking.validation import ValidationResult, validate

CACHE_VARIABLE = "BUDGET_VALIDATION_CACHE"
KEPT = 8  # results kept: a few data folders (the tests', a working copy's) without growing forever
CODE = Path(__file__).resolve().parents[1]


def cache_dir() -> Path:
    return Path(os.environ.get(CACHE_VARIABLE) or ".cache/validation")


def data_key(data_dir: Path) -> str:
    """What a validation of ``data_dir`` depends on, hashed."""
    digest = hashlib.sha256()
    # problems name files relative to the working folder: a run from elsewhere words them differently
    for part in (str(data_dir.resolve()), os.getcwd(), sys.version, version("jinja2")):
        digest.update(part.encode() + b"\0")
    for path in sorted(CODE.rglob("*.py")):
        digest.update(path.relative_to(CODE).as_posix().encode() + b"\0" + path.read_bytes())
    for path in sorted(data_dir.rglob("*")):
        mode = path.lstat().st_mode  # a link is never followed (the validator refuses it)
        name = path.relative_to(data_dir).as_posix().encode()
        if S_ISREG(mode):
            digest.update(b"file\0" + name + b"\0" + path.read_bytes())
        elif S_ISLNK(mode):
            digest.update(b"link\0" + name + b"\0" + os.readlink(path).encode())
        else:
            digest.update(b"other\0" + name)
    return digest.hexdigest()[:32]


def cached_validation(data_dir: Path) -> ValidationResult:
    """``validate(data_dir)``, or its result from a process that validated the same state before."""
    key = data_key(data_dir)
    stored = cache_dir() / f"{key}.pickle"
    try:
        with stored.open("rb") as handle:
            found = pickle.load(handle)
        if isinstance(found, ValidationResult):
            return found
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass  # none yet, or removed by another process, or written by other code: validate
    result = validate(data_dir)
    store(stored, result)
    return result


def store(stored: Path, result: ValidationResult) -> None:
    stored.parent.mkdir(parents=True, exist_ok=True)
    partial = stored.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    partial.replace(stored)  # atomic: another process reads all of it or none
    for path in sorted(stored.parent.glob("*.pickle"), key=modified, reverse=True)[KEPT:]:
        path.unlink(missing_ok=True)


def modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed by another process meanwhile
        return 0.0
