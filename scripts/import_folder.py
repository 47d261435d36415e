"""Import every published document in a folder: a department's back catalogue, or a district's year.

    python scripts/import_folder.py DIR --out DATA_DIR [--template ID] [--units MAPPING.csv]
                                    [--reference DATA_DIR] [--translations FILE.yaml] [--check-only] [--jobs N]

Each document (.pdf, .xlsx, .txt) is imported as scripts/import_disclosure.py imports one, all of them
in parallel on every core; the accepted ones are then written one at a time, each whole or not at all.
A unit's id comes from MAPPING.csv (columns ``document,unit_id``: the file's name and its unit), else
from the file's name when that is already an id (putuo-commerce.pdf → putuo-commerce). One line per
document: imported (saying how many texts have their English pending), or refused with its first problems.
Exit status: 0 all imported, 1 any refused.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import multiprocessing
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.checking.validation import validate
from macros.exchange.import_run import ImportRefused, Outcome, Reference, load_reference, prepare, write

SUFFIXES = (".pdf", ".xlsx", ".txt")
UNIT_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
SHOWN_PROBLEMS = 3  # a refusal's first problems; import_disclosure.py --check-only prints them all

REFERENCE: Reference | None = None  # set before the worker processes fork, read by them


def unit_ids(documents: list[Path], mapping: Path | None) -> dict[Path, str]:
    """Each document's unit id: from the mapping file, else its file name; "" when neither gives one."""
    listed: dict[str, str] = {}
    if mapping is not None:
        with mapping.open(encoding="utf-8-sig", newline="") as handle:
            listed = {row["document"].strip(): row["unit_id"].strip() for row in csv.DictReader(handle)}
    return {
        document: listed.get(document.name) or (document.stem if UNIT_ID.fullmatch(document.stem) else "")
        for document in documents
    }


def prepared(job: tuple[Path, str, str | None, Path]) -> Outcome:
    document, unit, template_id, out = job
    assert REFERENCE is not None
    if not unit:
        return Outcome(
            document=document,
            unit="",
            problems=["1: 文件名不是单位代码，请在 --units 中列出 / the name is no unit id: list it in --units"],
        )
    return prepare(document, unit=unit, year=None, template_id=template_id, reference=REFERENCE, out=out)


def report(outcome: Outcome, *, written: Path | None) -> str:
    pending = f"（英文待译 {outcome.pending} 处 / {outcome.pending} translations pending）" if outcome.pending else ""
    if written is not None:
        return f"已导入 / imported: {outcome.document.name} → {written}{pending}"
    if outcome.ok:
        return f"检查通过 / checked: {outcome.document.name} → {outcome.unit} {outcome.year}{pending}"
    first = "; ".join(outcome.problems[:SHOWN_PROBLEMS])
    more = f" (+{len(outcome.problems) - SHOWN_PROBLEMS})" if len(outcome.problems) > SHOWN_PROBLEMS else ""
    return f"未导入 / refused: {outcome.document.name}: {first}{more}"


def main(argv: list[str] | None = None) -> int:
    global REFERENCE
    parser = argparse.ArgumentParser(description="导入一个文件夹中的公开文件 / Import a folder of published budgets.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--out", type=Path, required=True, help="data directory to write into")
    parser.add_argument("--template", help="the template id; else recognised per document by its tables")
    parser.add_argument("--units", type=Path, help="CSV with columns document,unit_id")
    parser.add_argument("--reference", type=Path, default=Path("data"), help="data directory to learn from")
    parser.add_argument("--translations", type=Path, help="YAML mapping of Chinese texts to English")
    parser.add_argument("--check-only", action="store_true", help="write nothing")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="documents read at once")
    arguments = parser.parse_args(argv)
    if not arguments.folder.is_dir():
        parser.error(f"找不到文件夹 / no such folder: {arguments.folder}")
    documents = sorted(path for path in arguments.folder.iterdir() if path.suffix.lower() in SUFFIXES)
    try:
        REFERENCE = load_reference(arguments.reference, translations=arguments.translations)
    except ImportRefused as error:
        print(error, file=sys.stderr)
        return 2
    units = unit_ids(documents, arguments.units)
    jobs = [(document, units[document], arguments.template, arguments.out) for document in documents]
    context = multiprocessing.get_context("fork")  # the workers share the reference read above
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, arguments.jobs), mp_context=context) as pool:
        outcomes = list(pool.map(prepared, jobs))
    refused = 0
    for outcome in outcomes:  # written one at a time: units.csv and the glossary grow in turn
        written = None
        if outcome.ok and outcome.folder(arguments.out).exists():
            outcome.problems.append("1: 同一单位同一年已由另一文件导入 / another document gave this unit and year")
        if outcome.ok and not arguments.check_only:
            written = write(outcome, out=arguments.out, reference=arguments.reference)
        # with --check-only, prose that disagrees with the tables is a reviewer's finding too
        refused += not outcome.ok or (arguments.check_only and bool(outcome.noted))
        print(report(outcome, written=written))
        for line in outcome.noted:
            print(f"  {outcome.document.name}:{line}")
    print(f"{len(outcomes) - refused}/{len(outcomes)} 已导入 / imported", file=sys.stderr)
    if not arguments.check_only and len(outcomes) > refused:
        # Each document was checked beside the data as it was; together (a unit's years side by side)
        # they meet the prior-year checks only now.
        together = validate(arguments.out).problems
        for found in together:
            print(found.format())
        refused += bool(together)
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
