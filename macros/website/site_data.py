"""The site's data and where its pages are: the validated data (validated once per state of data/), the
years and their publications in ranked order, each page's Markdown path and the links between pages, and
a unit's name in the build language.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from stat import S_ISREG

from macros.checking.validation import ValidationResult, default_data_dir
from macros.checking.validation_cache import cached_validation
from macros.exchange.history import DataHistory, git, read_history
from macros.model.publication import Publication
from macros.model.translations import pending_parts
from macros.rendering.escaping import escape_text
from macros.rendering.i18n import label
from macros.template.specs import KIND_SUFFIXES, TEMPLATE_KINDS
from macros.website.totals import expenditure_total

GLOSSARY_PAGE = "glossary.md"
DOWNLOADS_PAGE = "downloads.md"
STAFF_GUIDE_PAGE = "staff-guide.md"


class DataProblems(Exception):
    """The data did not pass the validator: the build stops with the validator's own lines."""


# One validation per state of the data: the macros and the hook both ask, at every step of a build.
VALIDATED: dict[tuple[str, tuple[tuple[str, int, int], ...]], ValidationResult] = {}


def data_signature(data_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Every data file's path, size and modification time: any edit changes it."""
    return tuple(
        (path.as_posix(), stat.st_size, stat.st_mtime_ns)
        for path in sorted(data_dir.rglob("*"))
        if (stat := path.lstat()) and S_ISREG(stat.st_mode)  # lstat: a link is never followed
    )


# One reading of the data's git history per state of the data and of the repository's HEAD.
HISTORY: dict[tuple[str, str], DataHistory | None] = {}


def data_history() -> DataHistory | None:
    """The data's history in git (macros/exchange/history.py), read once per build."""
    data_dir = default_data_dir()
    head = (git(data_dir, "rev-parse", "HEAD") or "").strip()
    key = (str(data_dir.resolve()), head)
    if key not in HISTORY:
        HISTORY.clear()
        HISTORY[key] = read_history(data_dir)
    return HISTORY[key]


def validated_data() -> ValidationResult:
    data_dir = default_data_dir()
    key = (str(data_dir.resolve()), data_signature(data_dir))
    if key not in VALIDATED:
        VALIDATED.clear()
        VALIDATED[key] = cached_validation(data_dir)  # validated by scripts/validate.py before, as a rule
    result = VALIDATED[key]
    if result.problems:
        lines = "\n".join(found.format() for found in result.problems)
        raise DataProblems(f"数据检查未通过，网站不生成 / data invalid, site not built:\n{lines}")
    return result


# --- where pages are -------------------------------------------------------------------------------


def publication_path(year: int, publication_id: str) -> str:
    """A publication's page: 2024/liwan-digital-gov.md (a budget), 2024/putuo-finance-bureau-final.md (a 决算)."""
    return f"{year}/{publication_id}.md"


def year_path(year: int) -> str:
    return f"{year}/index.md"


def relative_link(target: str, *, page: str) -> str:
    """A Markdown link target from one docs page to another (MkDocs checks and rewrites it)."""
    start = PurePosixPath(page).parent
    parts = len(start.parts)
    return "/".join([".."] * parts + [target]) if parts else target


def page_url(page: str) -> str:
    """The address of a page below the site's root: 2024/index.md → 2024/, 2024/liwan.md → 2024/liwan/."""
    path = PurePosixPath(page)
    folder = path.parent if path.stem == "index" else path.with_suffix("")
    return "" if str(folder) == "." else f"{folder.as_posix()}/"


def html_link(target: str, *, page: str) -> str:
    """A link written in HTML (MkDocs rewrites only Markdown links): from a page to another, by address."""
    return site_root(page) + page_url(target)


def site_root(page: str) -> str:
    """From a page (by its Markdown path) up to the root of its edition, with directory URLs."""
    parts = PurePosixPath(page).parts
    return "../" * (len(parts) - (1 if parts[-1] == "index.md" else 0))


def publication_at(data: ValidationResult, *, src_uri: str) -> Publication | None:
    """The publication whose page is ``src_uri``, if it is a publication page."""
    return publications_by_page(data).get(src_uri)


# Each page's publication, for the data of the build in progress (asked of every page: a lookup, not a search).
BY_PAGE: list[tuple[ValidationResult, dict[str, Publication]]] = []


def publications_by_page(data: ValidationResult) -> dict[str, Publication]:
    if not BY_PAGE or BY_PAGE[0][0] is not data:
        BY_PAGE[:] = [(data, {publication_path(*key): each for key, each in data.publications.items()})]
    return BY_PAGE[0][1]


# --- years and units -------------------------------------------------------------------------------


def years(data: ValidationResult) -> list[int]:
    return sorted({year for year, _unit in data.publications}, reverse=True)


def ranked(data: ValidationResult, year: int, *, kind: str = TEMPLATE_KINDS[0]) -> list[Publication]:
    """A year's publications of one kind (budgets unless asked), largest expenditure first (then by unit,
    for a stable order)."""
    chosen = [each for (each_year, _), each in data.publications.items() if each_year == year and each.kind == kind]
    return sorted(chosen, key=lambda publication: (-expenditure_total(publication, unit="元"), publication.unit_id))


def kinds_of_year(data: ValidationResult, year: int) -> list[str]:
    """The kinds a year has publications of, budgets first (the order of TEMPLATE_KINDS)."""
    present = {each.kind for (each_year, _), each in data.publications.items() if each_year == year}
    return [kind for kind in TEMPLATE_KINDS if kind in present]


def year_title(data: ValidationResult, year: int, *, lang: str) -> str:
    """2024年部门预算, 2024年部门预算和决算: what the year publishes."""
    return kinds_title(year, kinds_of_year(data, year), lang=lang)


def kinds_title(year: int, kinds: list[str], *, lang: str) -> str:
    return label("year_title", lang=lang, year=year, kinds=label("kinds_" + "_".join(kinds), lang=lang))


def unit_years(data: ValidationResult, publication: Publication) -> list[Publication]:
    """The unit's publications of the same kind, oldest year first."""
    return [each for (_, key), each in sorted(data.publications.items()) if key == publication.publication_id]


def other_kinds(data: ValidationResult, publication: Publication) -> list[Publication]:
    """The unit's publications of the other kinds for the same year (its 决算 beside its 预算), in kind order:
    each at its own key (a publication is keyed by its unit's id and its kind's suffix)."""
    keys = [(publication.year, publication.unit_id + suffix) for suffix in KIND_SUFFIXES.values()]
    return [each for key in keys if (each := data.publications.get(key)) is not None and each.kind != publication.kind]


def unit_name(publication: Publication, *, lang: str) -> str:
    """The unit's name in the build language (a pending English name: the Chinese, marked)."""
    return publication.unit_name(lang=lang)


def official_name_suffix(publication: Publication, *, lang: str) -> str:
    """On English pages the official Chinese name stands beside the translation, marked as Chinese (a name
    whose translation is pending is shown in Chinese already)."""
    if lang != "en" or pending_parts(unit_name(publication, lang=lang)):
        return ""
    name = escape_text(publication.facts.data["name_zh"])
    return f' <span lang="zh-Hans" class="official-name">{name}</span>'


def pending_names_note(publications: list[Publication], *, lang: str) -> list[str]:
    """On an English page listing units: how many of their names are shown in Chinese (never silent)."""
    count = len({each.unit_id for each in publications if pending_parts(unit_name(each, lang=lang))})
    if lang != "en" or not count:
        return []
    return [f'<p class="translation-pending-note">{label("names_pending", lang=lang, count=count)}</p>', ""]
