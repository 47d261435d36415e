"""Import a published budget document into our data format.

    python scripts/import_disclosure.py DOCUMENT --unit SLUG [--template ID] [--year YYYY] [--out DATA_DIR]
                                        [--check-only] [--translations FILE.yaml] [--reference DATA_DIR]

DOCUMENT is the published PDF, its text (Markdown headings, tab-separated tables) or its tables as an
XLSX workbook (a sheet per table). The template says how its documents are read (``import:``); without
--template the one whose table titles the document prints is chosen, and named. The year is read from
the document (a --year given must agree). The unit's folder is written into DATA_DIR (default data/)
only when the whole result passes the validator; otherwise nothing is written and every problem is
printed at its page (or line), table and row. --check-only writes nothing and prints every problem, and the
checks reviewers run on a disclosure: a draft's placeholders (one problem per sentence), missing tables, and
prose whose figures disagree with the tables (each with the GovBudgetChecker rule it matches).
English comes from the repository (--reference, default data/): dictionaries, units, glossary and
earlier publications' texts; --translations adds a YAML mapping of Chinese to English. Free text (and a
new unit's name) without English is imported with its English pending (left empty: scripts/validate.py
warns of each, TRANSLATION_PENDING); a new glossary term without English is a problem.
Exit status: 0 imported (or, with --check-only, nothing to report), 1 problems (with --check-only, prose that
disagrees with the tables too), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from macros.exchange.import_run import ImportRefused, load_reference, prepare, write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="导入公开的预算文件 / Import a published budget document.")
    parser.add_argument("document", type=Path)
    parser.add_argument("--unit", required=True, help="the unit's id in units.csv, e.g. liwan-digital-gov")
    parser.add_argument("--year", type=int, help="the budget year; read from the document when not given")
    parser.add_argument("--out", type=Path, default=Path("data"), help="data directory to write into (default data/)")
    parser.add_argument("--reference", type=Path, default=Path("data"), help="data directory to learn from")
    parser.add_argument("--translations", type=Path, help="YAML mapping of Chinese texts to English")
    parser.add_argument("--template", help="the template id (data/templates/<id>.yaml); else recognised by its tables")
    parser.add_argument("--check-only", action="store_true", help="write nothing; print every problem")
    arguments = parser.parse_args(argv)
    if not arguments.document.is_file():
        parser.error(f"找不到文件 / no such document: {arguments.document}")
    try:
        reference = load_reference(arguments.reference, translations=arguments.translations)
        outcome = prepare(
            arguments.document,
            unit=arguments.unit,
            year=arguments.year,
            template_id=arguments.template,
            reference=reference,
            out=arguments.out,
        )
    except ImportRefused as error:
        print(error, file=sys.stderr)
        return 2
    if outcome.template_note:
        print(outcome.template_note, file=sys.stderr)
    if outcome.exists and not arguments.check_only:
        parser.error(f"{outcome.folder(arguments.out)} 已存在，不会覆盖 / already exists and is not overwritten")
    for line in [*outcome.problems, *outcome.noted]:
        print(f"{arguments.document}:{line}")
    if not outcome.ok:
        print(
            f"未导入：{len(outcome.problems)} 个问题 / nothing imported: {len(outcome.problems)} problems.",
            file=sys.stderr,
        )
        return 1
    if outcome.pending:
        print(
            f"英文待译 {outcome.pending} 处（TRANSLATION_PENDING）/ {outcome.pending} texts have their English pending.",
            file=sys.stderr,
        )
    if arguments.check_only:
        if outcome.noted:  # a reviewer's findings: the document is not right as it stands
            count = len(outcome.noted)
            print(f"检查发现 {count} 处问题 / {count} findings in the document.", file=sys.stderr)
            return 1
        print(f"检查通过，未写入 / checked, nothing written: {outcome.folder(arguments.out)}", file=sys.stderr)
        return 0
    target = write(outcome, out=arguments.out, reference=arguments.reference)
    print(f"已导入 / imported: {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
