"""Import a published departmental budget into our data format.

    python scripts/import_disclosure.py DOCUMENT --year YYYY --unit SLUG [--out DATA_DIR]
                                        [--translations FILE.yaml] [--reference DATA_DIR]

DOCUMENT is the budget's text (Markdown headings, tab-separated tables, the four parts) or its tables
as an XLSX workbook (a sheet per table). The unit's folder is written into DATA_DIR (default data/)
only when the whole result passes the validator; otherwise nothing is written and every problem is
printed with its line. English comes from the repository (--reference, default data/): dictionaries,
units, glossary and earlier publications' texts; --translations adds a YAML mapping of Chinese to
English. Exit status: 0 imported, 1 problems, 2 usage error.
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
from macros.exchange.importer import (
    CORRECTIONS_FILE,
    Imported,
    Knowledge,
    facts_yaml,
    import_text,
    table_csv,
    translation_memory,
)
from macros.exchange.importer_xlsx import import_workbook
from macros.model.dictionaries import load_dictionaries
from macros.reading.plain_yaml import read_yaml
from macros.template.specs import Template

SHARED = ("units.csv", "dictionaries", "templates", CORRECTIONS_FILE)


def knowledge_from(reference: Path, translations: Path | None, *, template_id: str | None = None) -> Knowledge:
    problems: list = []
    dictionaries, _ = load_dictionaries(reference)
    templates = load_templates(reference / "templates", problems=problems)
    if dictionaries is None or not templates:
        raise SystemExit(f"参考数据不可用 / the reference data in {reference} cannot be read: run scripts/validate.py")
    publications = list(validate(reference).publications.values())
    memory = translation_memory(publications)
    if translations is not None:
        memory.update(plain_data(translations) or {})
    corrections_path = reference / CORRECTIONS_FILE
    corrections = plain_data(corrections_path) if corrections_path.is_file() else []
    template = chosen_template(templates, template_id)
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


def chosen_template(templates: dict[str, Template], template_id: str | None) -> Template:
    """The template the document is published in: --template, needed when there are several."""
    if template_id is None and len(templates) == 1:
        return next(iter(templates.values()))
    if template_id not in templates:
        known = ", ".join(sorted(templates))
        raise SystemExit(f"请用 --template 指定模板 / name the template with --template (one of: {known})")
    return templates[template_id]


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="导入部门预算公开文本 / Import a published departmental budget.")
    parser.add_argument("document", type=Path)
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--unit", required=True, help="the unit's id in units.csv, e.g. liwan-digital-gov")
    parser.add_argument("--out", type=Path, default=Path("data"), help="data directory to write into (default data/)")
    parser.add_argument("--reference", type=Path, default=Path("data"), help="data directory to learn from")
    parser.add_argument("--translations", type=Path, help="YAML mapping of Chinese texts to English")
    parser.add_argument("--template", help="the template id (data/templates/<id>.yaml); needed when there are several")
    arguments = parser.parse_args(argv)
    if not arguments.document.is_file():
        parser.error(f"找不到文件 / no such document: {arguments.document}")
    target = arguments.out / str(arguments.year) / arguments.unit
    if target.exists():
        parser.error(f"{target} 已存在，不会覆盖 / already exists and is not overwritten")
    knowledge = knowledge_from(arguments.reference, arguments.translations, template_id=arguments.template)
    if arguments.document.suffix.lower() == ".xlsx":
        imported = import_workbook(
            arguments.document,
            year=arguments.year,
            unit_id=arguments.unit,
            knowledge=knowledge,
            out=arguments.out,
            reference=arguments.reference,
        )
    else:
        text = arguments.document.read_text(encoding="utf-8-sig")
        imported = import_text(text, year=arguments.year, unit_id=arguments.unit, knowledge=knowledge)
    if imported.problems:
        for place, message in imported.located():
            print(f"{arguments.document}:{place}: {message}")
        print(f"未导入：{len(imported.problems)} 处无法识别 / nothing imported.", file=sys.stderr)
        return 1
    staging = stage(
        imported,
        out=arguments.out,
        reference=arguments.reference,
        year=arguments.year,
        unit=arguments.unit,
        knowledge=knowledge,
    )
    try:
        result = validate(staging)
        if result.problems:
            for found in result.problems:
                print(found.format().replace(str(staging), str(arguments.out)))
            print(
                "未导入：导入结果未通过数据检查 / nothing imported: the result does not pass the validator.",
                file=sys.stderr,
            )
            return 1
        arguments.out.mkdir(parents=True, exist_ok=True)
        for name in SHARED:
            if (staging / name).exists() and not (arguments.out / name).exists():
                source = staging / name
                (shutil.copytree if source.is_dir() else shutil.copyfile)(source, arguments.out / name)
        if imported.new_terms:  # the glossary gained the document's new terms
            shutil.copyfile(staging / "dictionaries" / "glossary.csv", arguments.out / "dictionaries" / "glossary.csv")
        partial = target.with_name(f".{arguments.unit}.importing")
        partial.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staging / str(arguments.year) / arguments.unit, partial)
        partial.rename(target)  # the folder appears whole or not at all
    finally:
        shutil.rmtree(staging.parent, ignore_errors=True)
    print(f"已导入 / imported: {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
