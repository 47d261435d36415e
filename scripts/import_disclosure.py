"""Import a published budget document into our data format.

    python scripts/import_disclosure.py DOCUMENT --unit SLUG [--template ID] [--year YYYY] [--out DATA_DIR]
                                        [--check-only] [--translations FILE.yaml] [--reference DATA_DIR]

DOCUMENT is the published PDF, its text (Markdown headings, tab-separated tables) or its tables as an
XLSX workbook (a sheet per table). The template says how its documents are read (``import:``); without
--template the one whose table titles the document prints is chosen, and named. The year is read from
the document (a --year given must agree). The unit's folder is written into DATA_DIR (default data/)
only when the whole result passes the validator; otherwise nothing is written and every problem is
printed at its page (or line), table and row. --check-only writes nothing and prints every problem.
English comes from the repository (--reference, default data/): dictionaries, units, glossary and
earlier publications' texts; --translations adds a YAML mapping of Chinese to English.
Exit status: 0 imported (or, with --check-only, nothing to report), 1 problems, 2 usage error.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from macros.checking.validation import load_templates, validate
from macros.exchange.document import Document, pdf_document, text_document
from macros.exchange.importer import (
    CORRECTIONS_FILE,
    Imported,
    Knowledge,
    facts_yaml,
    import_document,
    recognised_templates,
    row_label,
    table_csv,
    translation_memory,
)
from macros.exchange.importer_xlsx import import_workbook
from macros.model.dictionaries import load_dictionaries
from macros.reading.plain_yaml import read_yaml
from macros.reading.problems import Problem
from macros.template.specs import Template

SHARED = ("units.csv", "dictionaries", "templates", CORRECTIONS_FILE)


def reference_templates(reference: Path) -> dict[str, Template]:
    templates = load_templates(reference / "templates", problems=[])
    if not templates:
        raise SystemExit(f"参考数据不可用 / the reference data in {reference} cannot be read: run scripts/validate.py")
    return templates


def knowledge_from(reference: Path, translations: Path | None, *, template: Template) -> Knowledge:
    dictionaries, _ = load_dictionaries(reference)
    if dictionaries is None:
        raise SystemExit(f"参考数据不可用 / the reference data in {reference} cannot be read: run scripts/validate.py")
    publications = list(validate(reference).publications.values())
    memory = translation_memory(publications)
    if translations is not None:
        memory.update(plain_data(translations) or {})
    corrections_path = reference / CORRECTIONS_FILE
    corrections = plain_data(corrections_path) if corrections_path.is_file() else []
    return Knowledge(
        dictionaries=dictionaries,
        template=template,
        template_terms=frozenset(
            term
            for publication in publications
            if publication.template.id == template.id
            for term in publication.facts.data["glossary"]
        ),
        memory=memory,
        corrections=[(item["found"], item["replace"]) for item in corrections or []],
    )


def chosen_template(templates: dict[str, Template], template_id: str | None, document: Document | None) -> Template:
    """--template, else the one template whose table titles the document prints (a workbook has no
    titles: it needs --template when there are several)."""
    known = ", ".join(sorted(templates))
    if template_id is not None:
        if template_id not in templates:
            raise SystemExit(f"没有模板 {template_id} / no template {template_id} (known: {known})")
        return templates[template_id]
    if len(templates) == 1:
        return next(iter(templates.values()))
    best = recognised_templates(document, list(templates.values())) if document is not None else []
    if len(best) != 1:
        raise SystemExit(f"请用 --template 指定模板 / name the template with --template (one of: {known})")
    template, found = best[0]
    print(f"模板 / template: {template.id}（找到 {found}/{len(template.tables)} 张表 / tables found）", file=sys.stderr)
    return template


def plain_data(path: Path) -> object:
    """A YAML file read as staff YAML is (no aliases or tags, bounded); its problems end the import."""
    document, problems = read_yaml(path)
    if document is None:
        raise SystemExit("\n".join(found.format() for found in problems))
    return document.data


def stage(imported: Imported, *, out: Path, reference: Path, year: int, unit: str, knowledge: Knowledge) -> Path:
    """A complete data directory: what --out has, the shared files it lacks, and the new folder."""
    staging = Path(tempfile.mkdtemp(prefix="import-")) / "data"
    if out.is_dir():
        shutil.copytree(out, staging)
    staging.mkdir(parents=True, exist_ok=True)
    for name in SHARED:
        source, target = reference / name, staging / name
        if source.exists() and not target.exists():
            (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target)
    if imported.new_terms:
        with (staging / "dictionaries" / "glossary.csv").open("a", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(imported.new_terms[0]), lineterminator="\n")
            writer.writerows(imported.new_terms)
    folder = staging / str(year) / unit
    folder.mkdir(parents=True)
    for spec in knowledge.template.tables:
        (folder / spec.file).write_text(table_csv(spec, imported.tables[spec.file]), encoding="utf-8")
    (folder / "publication.yaml").write_text(imported.facts_text or facts_yaml(imported.facts), encoding="utf-8")
    return staging


def read_document(path: Path) -> Document | None:
    """The document as lines and rows; None for a workbook (read sheet by sheet, with its template)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return pdf_document(path)
    if suffix == ".xlsx":
        return None
    return text_document(path.read_text(encoding="utf-8-sig"), name=path.name)


def located_problems(
    result_problems: list[Problem], *, imported: Imported, staging: Path, year: int, unit: str, knowledge: Knowledge
) -> list[str]:
    """The validator's problems in the staged folder, each at the page (or line), table and row the row
    was printed in: 'page 9: 表2“部门收入预算总表” row 2010301: …'."""
    folder = staging / str(year) / unit
    specs = {spec.file: (number, spec) for number, spec in enumerate(knowledge.template.tables, start=1)}
    lines = []
    for found in result_problems:
        path = Path(found.path)
        origins = imported.origins.get(path.name, []) if path.parent == folder else []
        message = found.format().replace(str(staging), "data")
        if 2 <= found.line < len(origins) + 2:
            origin = origins[found.line - 2]
            number, spec = specs[path.name]
            row = row_label(spec, imported.tables[path.name][found.line - 2])
            where = f"{origin.place()}: 表{number}“{spec.title_zh}” row {row}"
            lines.append((origin.page, origin.number, f"{where}: {message}"))
        else:
            lines.append((0, 0, message))
    return [text for _, _, text in sorted(lines, key=lambda item: (item[0], item[1]))]


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
    document = read_document(arguments.document)
    template = chosen_template(reference_templates(arguments.reference), arguments.template, document)
    knowledge = knowledge_from(arguments.reference, arguments.translations, template=template)
    if document is None:
        if arguments.year is None:
            parser.error("工作簿需要 --year / a workbook needs --year")
        imported = import_workbook(
            arguments.document,
            year=arguments.year,
            unit_id=arguments.unit,
            knowledge=knowledge,
            out=arguments.out,
            reference=arguments.reference,
        )
    else:
        imported = import_document(document, year=arguments.year, unit_id=arguments.unit, knowledge=knowledge)
    year = int(imported.facts.get("year") or arguments.year or 0)
    target = arguments.out / str(year) / arguments.unit
    if target.exists() and not arguments.check_only:
        parser.error(f"{target} 已存在，不会覆盖 / already exists and is not overwritten")
    if imported.problems:
        for place, message in imported.located():
            print(f"{arguments.document}:{place}: {message}")
        print(f"未导入：{len(imported.problems)} 处无法识别 / nothing imported.", file=sys.stderr)
        return 1
    staging = stage(
        imported, out=arguments.out, reference=arguments.reference, year=year, unit=arguments.unit, knowledge=knowledge
    )
    try:
        result = validate(staging)
        if result.problems:
            for line in located_problems(
                result.problems, imported=imported, staging=staging, year=year, unit=arguments.unit, knowledge=knowledge
            ):
                print(f"{arguments.document}:{line}")
            print(
                "未导入：导入结果未通过数据检查 / nothing imported: the result does not pass the validator.",
                file=sys.stderr,
            )
            return 1
        if arguments.check_only:
            print(f"检查通过，未写入 / checked, nothing written: {target}", file=sys.stderr)
            return 0
        arguments.out.mkdir(parents=True, exist_ok=True)
        for name in SHARED:
            if (staging / name).exists() and not (arguments.out / name).exists():
                source = staging / name
                (shutil.copytree if source.is_dir() else shutil.copyfile)(source, arguments.out / name)
        if imported.new_terms:  # the glossary gained the document's new terms
            shutil.copyfile(staging / "dictionaries" / "glossary.csv", arguments.out / "dictionaries" / "glossary.csv")
        partial = target.with_name(f".{arguments.unit}.importing")
        partial.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staging / str(year) / arguments.unit, partial)
        partial.rename(target)  # the folder appears whole or not at all
    finally:
        shutil.rmtree(staging.parent, ignore_errors=True)
    print(f"已导入 / imported: {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
