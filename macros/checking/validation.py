"""The validator: every check over a data directory, problems sorted, all at once.

Used by scripts/validate.py (staff, pull requests) and at the start of every site build.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from macros.checking import content
from macros.checking.crosschecks import check_cross_tables
from macros.checking.execution import budget_of, check_initial_budget
from macros.checking.identities import check_table_identities
from macros.checking.loading import TableContext, load_table
from macros.checking.texts import text_problems
from macros.model.dictionaries import SLUG, Dictionaries, load_dictionaries
from macros.model.facts import FACTS_FILE, check_facts
from macros.model.publication import Publication
from macros.reading.amounts import digit_problem
from macros.reading.plain_yaml import YamlDocument, read_yaml
from macros.reading.problems import Problem, errors, problem
from macros.template.facts_schema import Field, publication_schema
from macros.template.specs import KIND_NAMES, KIND_SUFFIXES, TEMPLATE_KINDS, Template, TemplateError, load_template

DATA_DIR_VARIABLE = "BUDGET_DATA_DIR"
YEAR_FOLDER = re.compile(r"[0-9]{4}")  # ASCII: \d would read ２０２４ as 2024
TOP_LEVEL_ENTRIES = {"README.md", "units.csv", "dictionaries", "templates", "import-corrections.yaml"}


def default_data_dir() -> Path:
    """``BUDGET_DATA_DIR`` when set, else data/ of the working directory."""
    return Path(os.environ.get(DATA_DIR_VARIABLE) or "data")


@dataclass
class ValidationResult:
    """``problems`` make the data invalid; ``warnings`` (pending translations) are reported beside them
    and leave it valid: the site is built from it."""

    problems: list[Problem]
    publications: dict[tuple[int, str], Publication]  # by Publication.key: (year, publication_id)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Loaded:
    """One publication folder read and checked on its own: the publication (None when it could not be read
    whole) and its problems."""

    publication: Publication | None
    problems: list[Problem]


class Memo:
    """How validate() comes by each publication and its texts' problems: here, read and checked now (``read``,
    ``check``). macros/checking/validation_cache.py's memo gives those worked out before from the same files."""

    def publication(
        self,
        folder: Path,
        *,
        dictionaries: Dictionaries,
        templates: dict[str, Template],
        read: Callable[[], Loaded],
    ) -> Loaded:
        return read()

    def text_problems(
        self, publication: Publication, *, prior: Publication | None, check: Callable[[], list[Problem]]
    ) -> list[Problem]:
        return check()


def validate(data_dir: Path, *, memo: Memo | None = None) -> ValidationResult:
    """Load and check everything under ``data_dir``; raises FileNotFoundError when it is no folder. A ``memo``
    gives publications read before from the same files instead of reading them again."""
    memo = memo or Memo()
    if not data_dir.is_dir():
        raise FileNotFoundError(f"data directory {data_dir} does not exist")
    if irregular := irregular_entries(data_dir):
        # Nothing is read while a link could lead outside data/ or a special file could block the reading.
        return ValidationResult(problems=irregular, publications={})
    dictionaries, problems = load_dictionaries(data_dir)
    templates = load_templates(data_dir / "templates", problems=problems)
    folders = publication_folders(data_dir, problems=problems)
    publications: dict[tuple[int, str], Publication] = {}
    clean: set[tuple[int, str]] = set()  # publications without problems: their prose can be worded
    if dictionaries is not None:
        for folder in folders:
            loaded = memo.publication(
                folder,
                dictionaries=dictionaries,
                templates=templates,
                read=partial(read_publication, folder, dictionaries=dictionaries, templates=templates),
            )
            problems += loaded.problems
            if loaded.publication is not None:
                publications[loaded.publication.key] = loaded.publication
                if not errors(loaded.problems):
                    clean.add(loaded.publication.key)
    for (year, publication_id), publication in publications.items():
        prior = publications.get((year - 1, publication_id))  # the same unit's publication of the same kind
        if prior is not None:
            problems += content.check_prior_year(publication, prior)
        budget = budget_of(publication, publications) if publication.kind != TEMPLATE_KINDS[0] else None
        if budget is not None and {publication.key, budget.key} <= clean:
            problems += check_initial_budget(publication, budget)
        if (year, publication_id) in clean and (prior is None or prior.key in clean):
            problems += memo.text_problems(
                publication,
                prior=prior,
                check=partial(text_problems, publication, prior=prior),
            )
    found = sorted(set(problems))
    return ValidationResult(
        problems=errors(found),
        publications=publications,
        warnings=[each for each in found if each.is_warning],
    )


IRREGULAR_KINDS = {
    stat.S_IFLNK: ("符号链接", "a symbolic link"),
    stat.S_IFIFO: ("命名管道", "a named pipe"),
    stat.S_IFSOCK: ("套接字", "a socket"),
    stat.S_IFCHR: ("设备文件", "a device file"),
    stat.S_IFBLK: ("设备文件", "a device file"),
}


def irregular_entries(data_dir: Path) -> list[Problem]:
    """Symbolic links and special files anywhere under data/ (hidden entries are never read)."""
    problems = []
    for folder, folder_names, file_names in os.walk(data_dir, followlinks=False):
        folder_names[:] = sorted(name for name in folder_names if not name.startswith("."))
        for name in [*folder_names, *sorted(file_names)]:
            if name.startswith("."):
                continue
            path = Path(folder) / name
            kind = stat.S_IFMT(path.lstat().st_mode)
            if kind in IRREGULAR_KINDS:
                kind_zh, kind_en = IRREGULAR_KINDS[kind]
                problems.append(problem(path, "FILE_NOT_REGULAR", name=name, kind=kind_zh, kind_en=kind_en))
    return sorted(problems)


def load_templates(folder: Path, *, problems: list[Problem]) -> dict[str, Template]:
    templates = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            template = load_template(path)
        except TemplateError as error:
            # YAML the reader refuses is reported at its own lines; a malformed template as a whole.
            problems.extend(error.problems or [problem(path, "TEMPLATE_INVALID", detail=str(error))])
            continue
        templates[template.id] = template
    return templates


def publication_folders(data_dir: Path, *, problems: list[Problem]) -> list[Path]:
    """data/<year>/<unit>/ folders; anything else at those levels is reported, not skipped silently."""
    folders = []
    for entry in sorted(data_dir.iterdir()):
        if entry.name.startswith(".") or entry.name in TOP_LEVEL_ENTRIES:
            continue
        if entry.is_dir() and (
            found := digit_problem(entry, entry.name, what="年度文件夹名", what_en="the year folder")
        ):
            problems.append(found)
            continue
        if not (entry.is_dir() and YEAR_FOLDER.fullmatch(entry.name)):
            problems.append(
                problem(
                    entry, "FILE_UNEXPECTED", name=entry.name, hint="data/ 下只放共享文件和以四位年份命名的文件夹。"
                )
            )
            continue
        for unit_folder in sorted(entry.iterdir()):
            if unit_folder.name.startswith("."):
                continue
            if not unit_folder.is_dir():
                hint = "年度文件夹下只放单位文件夹（data/<年度>/<单位>/）。"
                problems.append(problem(unit_folder, "FILE_UNEXPECTED", name=unit_folder.name, hint=hint))
            elif not SLUG.fullmatch(unit_folder.name):
                hint = "单位文件夹用 data/units.csv 中的 unit_id 命名：小写英文字母、数字和连字符。"
                problems.append(problem(unit_folder, "FOLDER_NAME", name=unit_folder.name, hint=hint))
            else:
                folders.append(unit_folder)
    return folders


def read_publication(folder: Path, *, dictionaries: Dictionaries, templates: dict[str, Template]) -> Loaded:
    problems: list[Problem] = []
    publication = load_publication(folder, dictionaries=dictionaries, templates=templates, problems=problems)
    return Loaded(publication, problems)


def load_publication(
    folder: Path, *, dictionaries: Dictionaries, templates: dict[str, Template], problems: list[Problem]
) -> Publication | None:
    """Read one publication and run every check on it.

    The tables are checked even when publication.yaml has problems (every problem is reported at
    once); the publication is returned only when all of it could be read.
    """
    facts_path = folder / FACTS_FILE
    folder_year = int(folder.parent.name)
    named = folder_unit(folder.name, units=dictionaries.units)
    if named is None:
        problems.append(problem(folder, "UNIT_UNKNOWN", unit=folder.name))
        return None
    unit_id, folder_kind = named
    facts: YamlDocument | None = None
    if facts_path.is_file():
        facts, read_problems = read_yaml(facts_path)
        problems += read_problems
    else:
        hint = "每份公开材料都要有 publication.yaml。"
        problems.append(problem(facts_path, "FILE_MISSING", name=FACTS_FILE, hint=hint))
    schema = publication_schema(facts_template(facts, folder=folder, templates=templates))
    fact_problems = check_facts(facts, schema) if facts is not None else []
    facts_ok = facts is not None and not errors(fact_problems)  # a pending translation leaves them readable
    problems += fact_problems
    template = publication_template(facts, folder=folder, facts_ok=facts_ok, templates=templates, problems=problems)
    if template is None:
        return None
    if facts_ok and facts is not None and "precision" in facts.data:
        template = with_precision(template, facts, problems=problems)
    amount_unit = facts.data["amount_unit"] if facts_ok and facts else ""
    context = TableContext(
        dictionaries=dictionaries,
        unit_names=tuple(unit.name_zh for unit in dictionaries.descendants(unit_id)),
        amount_unit=amount_unit,
    )
    problems += unexpected_files(folder, template=template)
    tables = {}
    for spec in template.tables:
        table, table_problems = load_table(spec, folder=folder, context=context)
        tables[spec.id] = table
        problems += table_problems
        problems += check_table_identities(table, dictionaries=dictionaries, amount_unit=amount_unit)
    if not facts_ok or facts is None:
        # The tables' own identities are checked; those that need publication.yaml wait for it.
        return None
    problems += identity_problems(facts, folder_year=folder_year, unit_id=unit_id)
    if misplaced := kind_problems(facts, template=template, folder=folder, folder_kind=folder_kind):
        problems += misplaced
        return None  # keyed by its kind, it would stand where the folder of that name belongs
    problems += unknown_table_notes(facts, template=template)
    publication = Publication(
        folder=folder,
        year=folder_year,
        unit_id=unit_id,
        template=template,
        facts=facts,
        tables=tables,
        dictionaries=dictionaries,
    )
    problems += check_cross_tables(publication, amount_unit=amount_unit)
    problems += content_problems(publication)
    return publication


def with_precision(template: Template, facts: YamlDocument, *, problems: list[Problem]) -> Template:
    """The template as this publication prints it: its tables in the publication's own unit (those without
    a unit of their own) at the precision publication.yaml chooses, if the template allows that choice."""
    precision = facts.data["precision"]
    if precision not in template.precision_allowed:
        line, column = facts.value_position("precision")
        allowed = "、".join(str(each) for each in template.precision_allowed) or "（本模板不可选 / none)"
        problems.append(
            problem(
                facts.path,
                "VALUE_INVALID",
                line=line,
                column=column,
                field="字段 precision",
                field_en="field precision",
                expected=f"{allowed} 之一（模板 {template.id} 的 precision_allowed）",
                expected_en=f"one of {allowed} (the template's precision_allowed)",
                found=str(precision),
            )
        )
        return template
    tables = tuple(spec if spec.unit else replace(spec, precision=precision) for spec in template.tables)
    return replace(template, tables=tables)


def facts_template(facts: YamlDocument | None, *, folder: Path, templates: dict[str, Template]) -> dict[str, Field]:
    """The fields publication.yaml should have: those of the template it names, else of the template its
    tables' files show (an unknown name is reported by publication_template), else the core fields alone."""
    named = facts.data.get("template") if facts is not None and isinstance(facts.data, dict) else None
    template = templates.get(named) if isinstance(named, str) else None
    template = template or template_of_files(folder, templates=templates)
    return template.facts if template is not None else {}


def template_of_files(folder: Path, *, templates: dict[str, Template]) -> Template | None:
    """The template most of whose table files the folder holds (one template, or none when it is a tie
    or none is there): how a publication whose publication.yaml cannot be read is still checked."""
    present = {path.name for path in folder.iterdir()} if folder.is_dir() else set()
    # the share of each template's files that is there: at least half of them, and more than any other's
    found = {
        template.id: len({spec.file for spec in template.tables} & present) / len(template.tables)
        for template in templates.values()
        if template.tables
    }
    best = max(found.values(), default=0.0)
    matching = [templates[template_id] for template_id, share in found.items() if share == best]
    return matching[0] if best >= 0.5 and len(matching) == 1 else None


def publication_template(
    facts: YamlDocument | None,
    *,
    folder: Path,
    facts_ok: bool,
    templates: dict[str, Template],
    problems: list[Problem],
) -> Template | None:
    """The template publication.yaml names; while it cannot be read, the one its table files show."""
    if facts is None or not facts_ok:
        return template_of_files(folder, templates=templates)
    template = templates.get(facts.data["template"])
    if template is None:
        line, column = facts.position("template")
        problems.append(
            problem(
                facts.path,
                "TEMPLATE_UNKNOWN",
                line=line,
                column=column,
                template=facts.data["template"],
                expected="、".join(sorted(templates)) or "（没有模板 / none）",
            )
        )
    return template


def folder_unit(name: str, *, units: Mapping[str, object]) -> tuple[str, str] | None:
    """The unit and kind a publication folder's name says: a unit's id is its budget (预算), the id and a
    kind's suffix that kind (putuo-finance-bureau-final: its 决算); None when it names no known unit."""
    if name in units:
        return name, TEMPLATE_KINDS[0]
    return next(
        (
            (name.removesuffix(suffix), kind)
            for kind, suffix in KIND_SUFFIXES.items()
            if suffix and name.endswith(suffix) and name.removesuffix(suffix) in units
        ),
        None,
    )


def kind_problems(facts: YamlDocument, *, template: Template, folder: Path, folder_kind: str) -> list[Problem]:
    """A 决算 lives in <unit>-final/, a 预算 in <unit>/: the folder's name says the kind its template has."""
    if template.kind == folder_kind:
        return []
    line, column = facts.value_position("template")
    kind_zh, kind_en = KIND_NAMES[template.kind]
    return [
        problem(
            facts.path,
            "FOLDER_KIND",
            line=line,
            column=column,
            template=template.id,
            kind=kind_zh,
            kind_en=kind_en,
            year=folder.parent.name,
            expected=facts.data["unit"] + KIND_SUFFIXES[template.kind],
            folder=folder.name,
        )
    ]


def identity_problems(facts: YamlDocument, *, folder_year: int, unit_id: str) -> list[Problem]:
    """The folder says which year and unit a publication is; its YAML must say the same."""
    problems = []
    if facts.data["year"] != folder_year:
        line, column = facts.position("year")
        problems.append(
            problem(
                facts.path, "YEAR_MISMATCH", line=line, column=column, folder_year=folder_year, found=facts.data["year"]
            )
        )
    if facts.data["unit"] != unit_id:
        line, column = facts.position("unit")
        problems.append(
            problem(
                facts.path, "UNIT_MISMATCH", line=line, column=column, folder_unit=unit_id, found=facts.data["unit"]
            )
        )
    return problems


def unexpected_files(folder: Path, *, template: Template) -> list[Problem]:
    expected = {FACTS_FILE, *(spec.file for spec in template.tables)}
    by_lower_case = {name.lower(): name for name in expected}
    problems = []
    for path in sorted(folder.iterdir()):
        if path.name in expected or path.name.startswith("."):
            continue
        if path.name.lower() in by_lower_case:
            hint = f"文件名的大小写不对，应为 {by_lower_case[path.name.lower()]}。"
        else:
            hint = "单位文件夹中只放模板所列各表的 CSV 文件和 publication.yaml（文件名见 data/README.md）。"
        problems.append(problem(path, "FILE_UNEXPECTED", name=path.name, hint=hint))
    return problems


def unknown_table_notes(facts: YamlDocument, *, template: Template) -> list[Problem]:
    """table_notes are keyed by the template's table ids ("01", or 01: keys are read as text)."""
    table_ids = [spec.id for spec in template.tables]
    problems = []
    for key in facts.data["table_notes"]:
        if not isinstance(key, str) or key not in table_ids:
            line, column = facts.position("table_notes", str(key))
            expected = ", ".join(f'"{table_id}"' for table_id in table_ids)
            field = f"table_notes.{key}"
            problems.append(
                problem(facts.path, "YAML_FIELD_UNEXPECTED", line=line, column=column, field=field, expected=expected)
            )
    return problems


def content_problems(publication: Publication) -> list[Problem]:
    return [
        *content.check_placeholders(publication),
        *content.check_formula_like(publication),
        *content.check_years(publication),
        *content.check_two_digit_years(publication),
        *content.check_repeated_words(publication),
        *content.check_composition(publication),
        *content.check_empty_statements(publication),
        *content.check_unit_names(publication),
        *content.check_explanation_sums(publication),
        *content.check_reasons(publication),
        *content.check_key_projects(publication),
        *content.check_glossary(publication),
    ]
