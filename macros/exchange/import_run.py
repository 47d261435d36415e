"""One import from start to end: read a document, stage the data folder it makes beside the data it joins,
let the validator decide, and write it only whole (scripts/import_disclosure.py, scripts/import_folder.py).

The work that may run in parallel (``prepare``: reading, staging, validating) writes nothing outside its
own temporary folder; ``write`` adds an accepted publication to the data directory, one at a time.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from macros.checking import crosschecks
from macros.checking.content import current_figures, facts_unit, figure_units
from macros.checking.validation import load_templates, validate
from macros.exchange.disclosure import findings
from macros.exchange.document import Document, pdf_document, text_document
from macros.exchange.importer import (
    CORRECTIONS_FILE,
    Imported,
    Knowledge,
    Stated,
    dictionary_memory,
    facts_yaml,
    import_document,
    recognised_templates,
    row_label,
    set_fact,
    table_csv,
    translation_memory,
)
from macros.exchange.importer_xlsx import import_workbook
from macros.model.dictionaries import UNIT_COLUMNS, Dictionaries, load_dictionaries
from macros.model.publication import Publication
from macros.reading.amounts import convert_amount, format_amount
from macros.reading.plain_yaml import read_yaml
from macros.reading.problems import Problem
from macros.reading.review_rules import reviewer_rule
from macros.template.import_spec import SHARE_OF
from macros.template.specs import KIND_SUFFIXES, TEMPLATE_KINDS, Template

SHARED = ("units.csv", "dictionaries", "templates", CORRECTIONS_FILE)
GLOSSARY = Path("dictionaries") / "glossary.csv"


class ImportRefused(Exception):
    """The import cannot start (unknown template, unreadable reference data): a usage problem."""


@dataclass(frozen=True)
class Reference:
    """What the repository already knows, read once for any number of documents."""

    folder: Path
    dictionaries: Dictionaries
    templates: dict[str, Template]
    memory: dict[str, str]
    corrections: list[tuple[str, str]]
    terms_by_template: dict[str, frozenset[str]]

    def knowledge(self, template: Template) -> Knowledge:
        return Knowledge(
            dictionaries=self.dictionaries,
            template=template,
            memory=self.memory,
            corrections=self.corrections,
            template_terms=self.terms_by_template.get(template.id, frozenset()),
        )


def load_reference(folder: Path, *, translations: Path | None = None) -> Reference:
    if translations is not None and not translations.is_file():
        raise ImportRefused(f"找不到译文文件 / no such translations file: {translations}")
    dictionaries, _ = load_dictionaries(folder)
    templates = load_templates(folder / "templates", problems=[])
    if dictionaries is None or not templates:
        raise ImportRefused(f"参考数据不可用 / the reference data in {folder} cannot be read: run scripts/validate.py")
    publications = list(validate(folder).publications.values())
    # Every translation the repository has: the dictionaries, then the publications' own texts, then the
    # translations given (a later one wins where the same Chinese has two).
    memory = dictionary_memory(dictionaries)
    memory.update(translation_memory(publications))
    if translations is not None:
        memory.update(plain_mapping(translations))
    corrections_path = folder / CORRECTIONS_FILE
    listed = plain_data(corrections_path) if corrections_path.is_file() else []
    corrections = listed if isinstance(listed, list) else []
    terms: dict[str, set[str]] = {}
    for publication in publications:
        terms.setdefault(publication.template.id, set()).update(publication.facts.data["glossary"])
    return Reference(
        folder=folder,
        dictionaries=dictionaries,
        templates=templates,
        memory=memory,
        corrections=[(item["found"], item["replace"]) for item in corrections],
        terms_by_template={template_id: frozenset(found) for template_id, found in terms.items()},
    )


def plain_data(path: Path) -> object:
    """A YAML file read as staff YAML is (no aliases or tags, bounded); its problems end the import."""
    document, problems = read_yaml(path)
    if document is None:
        raise ImportRefused("\n".join(found.format() for found in problems))
    return document.data


def plain_mapping(path: Path) -> dict[str, str]:
    data = plain_data(path) or {}
    if not isinstance(data, dict):
        raise ImportRefused(f"{path}: 应为“中文: English”的映射 / must map Chinese texts to English")
    return {str(key): str(value) for key, value in data.items()}


def read_document(path: Path) -> Document | None:
    """The document as lines and rows; None for a workbook (read sheet by sheet, with its template)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return pdf_document(path)
    if suffix == ".xlsx":
        return None
    return text_document(path.read_text(encoding="utf-8-sig"), name=path.name)


def chosen_template(reference: Reference, template_id: str | None, document: Document | None) -> tuple[Template, str]:
    """--template, else the one template whose table titles the document prints (a workbook has no
    titles: it needs --template when there are several); and what to tell the user about the choice."""
    templates = reference.templates
    known = ", ".join(sorted(templates))
    if template_id is not None:
        if template_id not in templates:
            raise ImportRefused(f"没有模板 {template_id} / no template {template_id} (known: {known})")
        return templates[template_id], ""
    if len(templates) == 1:
        return next(iter(templates.values())), ""
    best = recognised_templates(document, list(templates.values())) if document is not None else []
    if len(best) != 1:
        raise ImportRefused(f"请用 --template 指定模板 / name the template with --template (one of: {known})")
    template, found = best[0]
    return template, f"模板 / template: {template.id}（找到 {found}/{len(template.tables)} 张表 / tables found）"


@dataclass
class Outcome:
    """What importing one document came to: the folder's files to write, or the problems at their places."""

    document: Path
    unit: str
    year: int = 0
    kind: str = TEMPLATE_KINDS[0]  # its template's: a 决算 goes to data/<year>/<unit>-final/
    template_note: str = ""
    problems: list[str] = field(default_factory=list)  # "page 9: …" / "12: …"
    files: dict[str, str] = field(default_factory=dict)  # file name in the publication folder -> text
    unit_row: dict[str, str] | None = None  # a units.csv line for a unit the list lacks
    glossary_rows: list[dict[str, str]] = field(default_factory=list)
    exists: bool = False  # the data directory already has this publication: never overwritten
    disagreements: list[str] = field(default_factory=list)  # prose figures the tables do not give (reported only)
    findings: list[str] = field(default_factory=list)  # a reviewer's slips in the document's sentences (reported)
    pending: int = 0  # texts imported with their English pending (the validator warns of each)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def noted(self) -> list[str]:
        """What a reviewer would note though the data reads: slips in sentences, prose against the tables."""
        return [*self.findings, *self.disagreements]

    @property
    def publication_id(self) -> str:
        return self.unit + KIND_SUFFIXES[self.kind]

    def folder(self, data_dir: Path) -> Path:
        return data_dir / str(self.year) / self.publication_id


def prepare(
    path: Path, *, unit: str, year: int | None, template_id: str | None, reference: Reference, out: Path
) -> Outcome:
    """Read, stage beside ``out``'s data and validate one document; nothing is written to ``out``."""
    outcome = Outcome(document=path, unit=unit)
    try:
        document = read_document(path)
        template, outcome.template_note = chosen_template(reference, template_id, document)
    except (ImportRefused, OSError, ValueError) as error:
        outcome.problems.append(f"1: {error}")
        return outcome
    knowledge = reference.knowledge(template)
    outcome.kind = template.kind
    suffix = KIND_SUFFIXES[template.kind]
    if suffix and unit.endswith(suffix):  # a document named by its folder (putuo-finance-bureau-final.pdf)
        unit = outcome.unit = unit.removesuffix(suffix)
    if document is None:
        if year is None:
            outcome.problems.append("1: 工作簿需要 --year / a workbook needs --year")
            return outcome
        imported = import_workbook(
            path, year=year, unit_id=unit, knowledge=knowledge, out=out, reference=reference.folder
        )
    else:
        imported = import_document(document, year=year, unit_id=unit, knowledge=knowledge)
    outcome.year = int(imported.facts.get("year") or year or 0)
    if document is not None:
        prose_unit = template.facts_unit or str(imported.facts.get("amount_unit", ""))
        slips = findings(document, year=outcome.year or None, prose_unit=prose_unit)
        outcome.findings = [each.report(kind=template.kind) for each in slips]
    if imported.problems:
        outcome.problems = [f"{place}: {message}" for place, message in imported.located()]
        return outcome
    if outcome.folder(out).exists():
        outcome.exists = True
        outcome.problems.append(f"1: {outcome.folder(out)} 已存在，不会覆盖 / already exists and is not overwritten")
        return outcome
    outcome.pending = len(imported.pending)
    outcome.files = {spec.file: table_csv(spec, imported.tables[spec.file]) for spec in template.tables}
    outcome.files["publication.yaml"] = imported.facts_text or facts_yaml(imported.facts)
    outcome.glossary_rows = imported.new_terms
    if unit not in reference.dictionaries.units:
        facts = imported.facts
        outcome.unit_row = {
            "unit_id": unit,
            "name_zh": facts["name_zh"],
            "name_en": facts["name_en"],
            "parent_unit_id": "",
        }
    staging = Path(tempfile.mkdtemp(prefix="import-")) / "data"
    try:
        stage(outcome, out=out, reference=reference.folder, staging=staging)
        result = validate(staging)
        outcome.problems = located_problems(
            result.problems, imported=imported, outcome=outcome, staging=staging, knowledge=knowledge
        )
        publication = result.publications.get((outcome.year, outcome.publication_id))
        if publication is not None and not outcome.problems:
            outcome.disagreements = prose_disagreements(imported, publication)
            if rederive(imported, publication):  # facts worked out from a figure the tables contradict
                outcome.files["publication.yaml"] = facts_yaml(imported.facts)
                (outcome.folder(staging) / "publication.yaml").write_text(
                    outcome.files["publication.yaml"], encoding="utf-8"
                )
                outcome.problems = located_problems(
                    validate(staging).problems, imported=imported, outcome=outcome, staging=staging, knowledge=knowledge
                )
    finally:
        shutil.rmtree(staging.parent, ignore_errors=True)
    return outcome


def stage(outcome: Outcome, *, out: Path, reference: Path, staging: Path) -> None:
    """A complete data directory: what ``out`` has, the shared files it lacks, and the new folder."""
    if out.is_dir():
        shutil.copytree(out, staging)
    staging.mkdir(parents=True, exist_ok=True)
    add_shared(staging, reference=reference)
    add_lines(staging, outcome)
    folder = outcome.folder(staging)
    folder.mkdir(parents=True)
    write_files(folder, outcome.files)


def add_shared(data_dir: Path, *, reference: Path) -> None:
    """The shared files (units, dictionaries, templates, corrections) a data directory lacks, from the reference."""
    for name in SHARED:
        source, target = reference / name, data_dir / name
        if source.exists() and not target.exists():
            (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target)


def write_files(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def add_lines(data_dir: Path, outcome: Outcome) -> None:
    """The new unit's line in units.csv and the new glossary terms, where the files lack them."""
    if outcome.unit_row is not None:
        append_rows(data_dir / "units.csv", [outcome.unit_row], key="unit_id", columns=UNIT_COLUMNS)
    if outcome.glossary_rows:
        append_rows(data_dir / GLOSSARY, outcome.glossary_rows, key="term_id", columns=tuple(outcome.glossary_rows[0]))


def append_rows(path: Path, rows: list[dict[str, str]], *, key: str, columns: tuple[str, ...]) -> None:
    text = path.read_text(encoding="utf-8")
    known = {row[key] for row in csv.DictReader(io.StringIO(text))}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writerows(row for row in rows if row[key] not in known)
    path.write_text(text + ("" if text.endswith("\n") or not text else "\n") + buffer.getvalue(), encoding="utf-8")


def located_problems(
    problems: list[Problem], *, imported: Imported, outcome: Outcome, staging: Path, knowledge: Knowledge
) -> list[str]:
    """The validator's problems in the staged folder, each at the page (or line), table and row the row
    was printed in: 'page 9: 表2“部门收入预算总表” row 2010301: …'."""
    folder = outcome.folder(staging)
    specs = {spec.file: (number, spec) for number, spec in enumerate(knowledge.template.tables, start=1)}
    lines = []
    for found in problems:
        path = Path(found.path)
        origins = imported.origins.get(path.name, []) if path.parent == folder else []
        message = found.format().replace(str(staging), "data")
        if rule := reviewer_rule(found.code, kind=knowledge.template.kind):
            message += f" [{rule}]"
        if 2 <= found.line < len(origins) + 2:
            origin = origins[found.line - 2]
            number, spec = specs[path.name]
            row = row_label(spec, imported.tables[path.name][found.line - 2])
            lines.append(
                (origin.page, origin.number, f"{origin.place()}: 表{number}“{spec.title_zh}” row {row}: {message}")
            )
        else:
            lines.append((0, 0, f"1: {message}"))
    return [text for _, _, text in sorted(lines, key=lambda item: (item[0], item[1]))]


def disagreeing(imported: Imported, publication: Publication) -> list[tuple[Stated, Decimal]]:
    """The prose's figures that the tables do not give, beyond the rounding of the printed digits, each
    with the tables' figure (in the unit publication.yaml states amounts in; a share in percent)."""
    current, units = current_figures(publication), figure_units(publication)
    unit = facts_unit(publication)

    def amount_of(name: str) -> Decimal:
        """An explanation figure, or a table's line (05:201:total), in the unit of publication.yaml."""
        if ":" not in name:
            return convert_amount(current[name], from_unit=units[name], to_unit=unit)
        reference = crosschecks.Reference.parse(name)
        table = publication.tables[reference.table_id]
        amount = sum((each.amount for each in crosschecks.figures(reference, table)), Decimal(0))
        return convert_amount(amount, from_unit=publication.unit_of(table.spec), to_unit=unit)

    def from_tables(figure: str) -> Decimal:
        """A figure, or ``a / b``: the percentage a is of b."""
        part, _, whole = figure.partition(SHARE_OF)
        amount = amount_of(part.strip())
        if not whole:
            return amount
        base = amount_of(whole.strip())
        return amount / base * 100 if base else Decimal(0)

    found = []
    for stated in imported.stated:
        printed = Decimal(stated.printed.replace(",", ""))
        value = from_tables(stated.figure)
        decimals = len(stated.printed.partition(".")[2])
        if abs(printed - value) > Decimal(5).scaleb(-decimals - 1):
            found.append((stated, value.quantize(Decimal(1).scaleb(-max(decimals, 2)), rounding=ROUND_HALF_UP)))
    return found


def prose_disagreements(imported: Imported, publication: Publication) -> list[str]:
    """Figures the prose prints that the tables do not give, beyond the rounding of the printed digits.
    Published documents err in their prose too; ours is computed from the tables, so these are reported
    (page, sentence, printed figure, figure from the tables) and the import goes on. A fact worked out
    from such a figure (a prior year's: this year's less the stated change) is worked out from the tables'
    figure instead, and the report says so."""
    unit = facts_unit(publication)
    rule = reviewer_rule("PROSE_MISMATCH", kind=publication.kind)
    found = []
    for stated, from_tables in disagreeing(imported, publication):
        derived = ", ".join(path for path, _, _ in stated.derived if "[" not in path and "{" not in path)
        suffix = "%" if SHARE_OF in stated.figure else unit
        found.append(
            f"{stated.line.place()}: 文字与表格不符 / the prose disagrees with the tables: “{stated.sentence}” "
            f"印 {stated.printed}{suffix}，表格为 {format_amount(from_tables)}{suffix} / prints {stated.printed}, "
            f"the tables give {format_amount(from_tables)} ({stated.figure})"
            + (f"；{derived} 按表格的数算出 / {derived} worked out from the tables' figure" if derived else "")
            + f" [{rule}]"
        )
    return found


def rederive(imported: Imported, publication: Publication) -> bool:
    """Work the facts derived from a figure the tables contradict out again from the tables' figure (a
    plain dotted path: a list entry or map key read with it is not known here); True if any was."""
    changed = False
    for stated, from_tables in disagreeing(imported, publication):
        for path, operator, other in stated.derived:
            if "[" in path or "{" in path:
                continue
            value = from_tables - Decimal(other) if operator == "-" else from_tables + Decimal(other)
            set_fact(imported.facts, path, value, keys={}, scope={})
            changed = True
    return changed


def write(outcome: Outcome, *, out: Path, reference: Path) -> Path:
    """Add an accepted publication to ``out``: the folder appears whole or not at all."""
    out.mkdir(parents=True, exist_ok=True)
    add_shared(out, reference=reference)
    add_lines(out, outcome)
    target = outcome.folder(out)
    partial = target.with_name(f".{outcome.unit}.importing")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    write_files(partial, outcome.files)
    partial.rename(target)
    return target
