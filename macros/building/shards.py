"""The site as shards: what they are and what each is built from.

A shard is one edition's part of the site (macros/website/sharding.py): its shared pages (``site``) or one year's
pages. Each is its own MkDocs build, so a build's memory is bounded by its shard, shards run in parallel, and a
shard whose inputs did not change is reused from the cache (macros/building/runner.py).

A shard's key is everything it is built from:
- the code and the theme: macros/, docs/ (pages, overrides, styles, scripts), both configurations, the pinned
  requirements and the Python version;
- the shared data: every file of data/ outside a year's folder (dictionaries, templates, units.csv);
- a year's shard: its year's folder; what its pages read of other years: the navigation (every unit's name,
  each year's ranking), the same units' names and totals in every year (multi-year views), the prior year's facts
  and figures; its year's git history (the commits of its folders, edits not committed); its validator warnings;
- the shared part (home, glossary, downloads, API pages and files): the navigation, every publication's names,
  totals and facts, the API page's examples, the site's data package, and the newest data commit;
- the settings the configurations read from the environment (``!ENV``: the site's and the repository's
  addresses).
Not the date: a reused shard's pages keep the date they were generated on (their colophon's 生成日期), which
is when their content last changed.
A change to one unit's CSV of one year changes that year's shards (both editions), and no other, unless it
changes a figure another year's page shows.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from macros.checking.content import current_figures, figure_units
from macros.checking.validation import ValidationResult
from macros.exchange.exports import site_datapackage
from macros.exchange.history import DataHistory
from macros.model.publication import Publication
from macros.reading.problems import display_path
from macros.website.api_page import documented_files
from macros.website.navigation import site_navigation
from macros.website.sharding import SITE_PART
from macros.website.site_data import years
from macros.website.totals import expenditure_split, expenditure_total, summary_unit

# Each edition: its configuration and its folder inside the site. Chinese first.
EDITIONS = {"zh": ("mkdocs.yml", ""), "en": ("mkdocs.en.yml", "en")}
# What the code and the theme are, below the repository (data/ is keyed apart).
CODE = ("macros", "docs", "mkdocs.yml", "mkdocs.en.yml", "requirements.txt")
# The configurations' settings from the environment (site_url, repo_url): `!ENV [NAME, default]` or `!ENV NAME`.
ENV_SETTING = re.compile(r"!ENV\s*\[?\s*([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True, order=True)
class Shard:
    lang: str
    part: str  # "site" or a year

    @property
    def name(self) -> str:
        return f"{self.lang}-{self.part}"

    @property
    def config(self) -> str:
        return EDITIONS[self.lang][0]

    @property
    def folder(self) -> str:
        """Where the edition is inside the site: "" (the root) or "en"."""
        return EDITIONS[self.lang][1]

    @property
    def year(self) -> int | None:
        return None if self.part == SITE_PART else int(self.part)


def plan(data: ValidationResult) -> list[Shard]:
    """Every shard of the site: each edition's shared part, then its years, newest first."""
    parts = [SITE_PART, *(str(year) for year in years(data))]
    return [Shard(lang, part) for lang in EDITIONS for part in parts]


# --- keys ------------------------------------------------------------------------------------------------


def files_digest(paths: Iterable[Path], *, root: Path) -> str:
    """The names and bytes of these files (below ``root``), in order."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def tree_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return [each for each in path.rglob("*") if each.is_file() and "__pycache__" not in each.parts]


def code_digest(repo: Path) -> str:
    """The code, the theme and the pinned packages: a change to any rebuilds every shard."""
    paths = [each for name in CODE for each in tree_files(repo / name)]
    return files_digest(paths, root=repo) + sys.version


def data_digests(data_dir: Path) -> tuple[str, dict[int, str]]:
    """The shared data's digest and each year folder's."""
    shared, by_year = [], {}
    for path in data_dir.iterdir():
        if path.is_dir() and path.name.isdigit():
            by_year[int(path.name)] = files_digest(tree_files(path), root=data_dir)
        else:
            shared += tree_files(path)
    return files_digest(shared, root=data_dir), by_year


def site_view(publication: Publication) -> dict[str, object]:
    """What any page may show of a publication of another year: its names, kind and totals (the navigation,
    multi-year views and their charts)."""
    return {
        "key": list(publication.key),
        "kind": publication.kind,
        "template": publication.template.id,
        "names": {lang: publication.unit_name(lang=lang) for lang in EDITIONS},
        "name_zh": publication.facts.data.get("name_zh"),
        "total": expenditure_total(publication),
        "split": expenditure_split(publication),
        "unit": summary_unit(publication),
    }


def prior_view(publication: Publication) -> dict[str, object]:
    """What the next year's pages read of a publication: its facts and every figure (prior-year comparisons)."""
    return {
        **site_view(publication),
        "facts": publication.facts.data,
        "figures": current_figures(publication),
        "figure_units": figure_units(publication),
    }


def cross_view(data: ValidationResult, year: int) -> dict[str, object]:
    """What a year's pages read of other years: the navigation, the same units' totals in every year, the prior
    year's figures."""
    units = {publication.unit_id for (each_year, _), publication in data.publications.items() if each_year == year}
    return {
        "navigation": {lang: site_navigation(data, lang=lang) for lang in EDITIONS},
        "same_units": [
            site_view(publication)
            for key, publication in sorted(data.publications.items())
            if key[0] != year and publication.unit_id in units
        ],
        "prior": [
            prior_view(publication) for key, publication in sorted(data.publications.items()) if key[0] == year - 1
        ],
    }


def json_digest(value: object) -> str:
    """A digest of a value of the model as canonical JSON (amounts and dates as their text)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def history_view(history: DataHistory | None, year: int | None) -> object:
    """A year's shard: the commits of its folders and its edits not committed (its provenance lines, its "what
    changed" page). The shared part: the newest data commit (its pages' "report a problem" names it)."""
    if history is None:
        return None
    if year is None:
        return history.head.sha if history.head else None
    return {
        "touches": {
            f"{key[0]}/{key[1]}": [touch.commit.sha for touch in touches]
            for key, touches in sorted(history.touches.items())
            if key[0] == year
        },
        "uncommitted": sorted(f"{key[0]}/{key[1]}" for key in history.uncommitted if key[0] == year),
    }


def warnings_view(data: ValidationResult, *, data_dir: Path, year: int | None) -> list[str]:
    """The validator's warnings a shard's status page counts: those about its year's files (all for the site)."""
    folder = display_path(data_dir / str(year)) + "/" if year is not None else ""
    return sorted(
        f"{warning.path}:{warning.line}:{warning.column}:{warning.code}:{warning.params}"
        for warning in data.warnings
        if warning.path.startswith(folder)
    )


@dataclass(frozen=True)
class Inputs:
    """What every shard's key is made of, read once for all shards."""

    code: str
    shared_data: str
    year_data: dict[int, str]
    data: ValidationResult
    history: DataHistory | None
    data_dir: Path
    environment: dict[str, str | None]  # the settings the configurations take from the environment


def read_inputs(repo: Path, data_dir: Path, data: ValidationResult, history: DataHistory | None) -> Inputs:
    shared, by_year = data_digests(data_dir)
    return Inputs(
        code=code_digest(repo),
        shared_data=shared,
        year_data=by_year,
        data=data,
        history=history,
        data_dir=data_dir,
        environment=configured_environment(repo),
    )


def configured_environment(repo: Path) -> dict[str, str | None]:
    """The environment variables the configurations read (``!ENV``), with their values here."""
    names = {
        name
        for config, _ in EDITIONS.values()
        for name in ENV_SETTING.findall((repo / config).read_text(encoding="utf-8"))
    }
    return {name: os.environ.get(name) for name in sorted(names)}


def shared_view(data: ValidationResult) -> dict[str, object]:
    """What the shared part's pages and files read of the data: the navigation, every publication's names,
    totals and facts (the glossary names the templates whose publications use a term), the API page's examples
    and the site's data package (its tables written out where zeros print blank)."""
    publications = [data.publications[key] for key in sorted(data.publications)]
    return {
        "navigation": {lang: site_navigation(data, lang=lang) for lang in EDITIONS},
        "publications": [{**site_view(publication), "facts": publication.facts.data} for publication in publications],
        "api_examples": documented_files(data),
        "package": site_datapackage(publications),
    }


def shard_key(shard: Shard, inputs: Inputs) -> str:
    """The shard's key: equal keys, equal output (see the module's docstring)."""
    year = shard.year
    if year is None:
        read: dict[str, object] = {"shared": json_digest(shared_view(inputs.data))}
    else:
        read = {
            "own_data": inputs.year_data.get(year, ""),
            "cross": json_digest(cross_view(inputs.data, year)),
            "warnings": warnings_view(inputs.data, data_dir=inputs.data_dir, year=year),
        }
    parts = {
        "shard": shard.name,
        "code": inputs.code,
        "shared_data": inputs.shared_data,
        **read,
        "history": history_view(inputs.history, year),
        "environment": inputs.environment,
    }
    return json_digest(parts)[:20]
