"""How long importing a published PDF takes, stage by stage (reading, importing, checking), on one core.

    python scripts/bench_import.py [DOCUMENT.pdf] [--template ID] [--unit SLUG] [--runs 3]

Defaults to the Shanghai publication in tests/fixtures. Each stage is timed --runs times in this one
process (the best run is shown, as timing noise only adds); the reference data (data/) is read once,
as scripts/import_folder.py does for a whole folder. The target: a 25-page PDF in under 10 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.exchange.document import pdf_document
from macros.exchange.import_run import chosen_template, load_reference, prepare
from macros.exchange.importer import import_document

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO / "tests" / "fixtures" / "putuo-govoffice-2025-department-budget.pdf"


def best(function: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("document", type=Path, nargs="?", default=DEFAULT)
    parser.add_argument("--template", help="the template id (else recognised)")
    parser.add_argument("--unit", default="bench-unit", help="the unit id the import is made for")
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    reference_time, reference = best(lambda: load_reference(REPO / "data"), 1)
    read_time, document = best(lambda: pdf_document(arguments.document), arguments.runs)
    template, _ = chosen_template(reference, arguments.template, document)
    knowledge = reference.knowledge(template)
    import_time, _ = best(
        lambda: import_document(document, year=None, unit_id=arguments.unit, knowledge=knowledge), arguments.runs
    )
    with tempfile.TemporaryDirectory() as out:
        whole_time, outcome = best(
            lambda: prepare(
                arguments.document,
                unit=arguments.unit,
                year=None,
                template_id=template.id,
                reference=reference,
                out=Path(out),
            ),
            arguments.runs,
        )
    print(f"{arguments.document.name}: {document.pages} pages, template {template.id}, one core")
    print(f"{'stage':<34} {'seconds':>8}")
    rows = [
        ("reference data (once per folder)", reference_time),
        ("read the PDF (pdfplumber)", read_time),
        ("read tables and prose (template)", import_time),
        ("whole import: read, stage, check", whole_time),
    ]
    for name, seconds in rows:
        print(f"{name:<34} {seconds:8.2f}")
    print(f"per page: {whole_time / max(document.pages, 1):.2f} s; problems: {len(outcome.problems)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
