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
from dataclasses import dataclass, field
from importlib.metadata import distributions
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

from macros.checking.content import current_figures, figure_units
from macros.checking.validation import ValidationResult
from macros.exchange.exports import site_datapackage
from macros.exchange.history import DataHistory
from macros.model.publication import Publication
from macros.reading.problems import display_path
from macros.website.api_page import documented_files
from macros.website.navigation import GROUP_SETTING, site_navigation
from macros.website.sharding import UNITS_SETTING, Part, part_names, resolve
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
    part: str  # "site", a year ("2024"), or a share of a large year ("2024-0", "2024-1"…: macros/website/sharding.py)

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
        return Part(self.part).year


def units_per_shard(repo: Path) -> int:
    """mkdocs.yml ``extra.units_per_shard`` (the English configuration inherits it)."""
    return extra_setting(repo, UNITS_SETTING)


def extra_setting(repo: Path, name: str) -> int:
    """A number of mkdocs.yml's ``extra`` (its ``!ENV`` read as MkDocs reads it)."""
    with (repo / EDITIONS["zh"][0]).open(encoding="utf-8") as config:
        return int(yaml_load(config)["extra"][name])


def plan(data: ValidationResult, *, size: int) -> list[Shard]:
    """Every shard of the site: each edition's shared part, then its years (newest first), a large year in
    groups of ``size`` units."""
    return [Shard(lang, part) for lang in EDITIONS for part in part_names(data, size=size)]


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
    """The code, the theme, the packages installed (not only those pinned: a package upgraded by hand changes the
    theme's asset names) and the Python version: a change to any rebuilds every shard."""
    paths = [each for name in CODE for each in tree_files(repo / name)]
    installed = sorted(f"{each.metadata['Name']}=={each.version}" for each in distributions())
    python = ".".join(map(str, sys.version_info[:2]))  # jobs of one workflow may get different patch releases
    return files_digest(paths, root=repo) + json_digest([installed, python])


def data_digests(data_dir: Path) -> tuple[str, dict[str, str]]:
    """The shared data's digest, and each folder's in a year (by its path below data/: "2024/unit-001"), each
    year's loose files under the year's own path ("2024")."""
    shared, folders = [], {}
    for path in data_dir.iterdir():
        if not (path.is_dir() and path.name.isdigit()):
            shared += tree_files(path)
            continue
        folders[path.name] = files_digest([each for each in path.iterdir() if each.is_file()], root=data_dir)
        for folder in path.iterdir():
            if folder.is_dir():
                folders[f"{path.name}/{folder.name}"] = files_digest(tree_files(folder), root=data_dir)
    return files_digest(shared, root=data_dir), folders


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


def in_scope(part: Part, publication: Publication) -> bool:
    """Whether a year's part reads all of a publication of its year: its pages' (a year's own pages read all)."""
    if part.year is None or publication.year != part.year:
        return False
    return part.holds_year_pages(part.year) or part.holds_publication(publication.year, publication.unit_id)


def cross_view(data: ValidationResult, part: Part) -> dict[str, object]:
    """What a year's part reads beyond its own publications: the navigation, its units' names and totals in every
    year, the prior year's facts and figures of its units (all of them for the year's own pages)."""
    assert part.year is not None
    units = {publication.unit_id for publication in data.publications.values() if in_scope(part, publication)}
    return {
        "same_units": [
            site_view(publication)
            for key, publication in sorted(data.publications.items())
            if key[0] != part.year and publication.unit_id in units
        ],
        "prior": [
            prior_view(publication)
            for key, publication in sorted(data.publications.items())
            if key[0] == part.year - 1 and publication.unit_id in units
        ],
    }


def json_digest(value: object) -> str:
    """A digest of a value of the model as canonical JSON (amounts and dates as their text)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def history_view(history: DataHistory | None, part: Part, scope: set[tuple[int, str]]) -> object:
    """A year's part: the commits of its folders and its edits not committed (provenance lines, the "what
    changed" page); the newest of its year (its pages' "report a problem"). The shared part: the newest data
    commit (its pages' "report a problem")."""
    if history is None:
        return None
    if part.year is None:
        return history.head.sha if history.head else None
    newest = history.year_last(part.year)
    # a page whose folder has no commit yet names its year's newest commit, else data/'s (provenance.py)
    falls_back = part.holds_year_pages(part.year) or any(not history.touches.get(key) for key in scope)
    return {
        "touches": {
            f"{key[0]}/{key[1]}": [touch.commit.sha for touch in touches]
            for key, touches in sorted(history.touches.items())
            if key in scope
        },
        "uncommitted": sorted(f"{key[0]}/{key[1]}" for key in history.uncommitted if key in scope),
        "year_last": newest.sha if newest and falls_back else None,
        "head": history.head.sha if history.head and falls_back and newest is None else None,
    }


def warnings_view(data: ValidationResult, folders: list[Path]) -> list[str]:
    """The validator's warnings about these folders' files (a year's status page counts them)."""
    prefixes = tuple(display_path(folder) + "/" for folder in folders)
    return sorted(
        f"{warning.path}:{warning.line}:{warning.column}:{warning.code}:{warning.params}"
        for warning in data.warnings
        if warning.path.startswith(prefixes)
    )


@dataclass(frozen=True)
class Inputs:
    """What every shard's key is made of, read once for all shards."""

    code: str
    navigation: str  # both editions' navigation: every page carries it
    shared_data: str
    folder_data: dict[str, str]  # data_digests
    size: int  # units per shard
    data: ValidationResult
    history: DataHistory | None
    data_dir: Path
    environment: dict[str, str | None]  # the settings the configurations take from the environment
    # What each part reads of the data, by part: the same for both editions' shards of a part, worked out once.
    reads: dict[str, dict[str, object]] = field(default_factory=dict, compare=False)


def read_inputs(repo: Path, data_dir: Path, data: ValidationResult, history: DataHistory | None) -> Inputs:
    shared, folders = data_digests(data_dir)
    group = extra_setting(repo, GROUP_SETTING)
    return Inputs(
        code=code_digest(repo),
        navigation=json_digest({lang: site_navigation(data, lang=lang, group=group) for lang in EDITIONS}),
        shared_data=shared,
        folder_data=folders,
        size=units_per_shard(repo),
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
        "publications": [{**site_view(publication), "facts": publication.facts.data} for publication in publications],
        "api_examples": documented_files(data),
        "package": site_datapackage(publications),
    }


def part_reads(part: Part, inputs: Inputs, *, scope: list[tuple[int, str]]) -> dict[str, object]:
    """What a part's pages read of the data (in either edition), as digests."""
    if part.year is None:
        return {"shared": json_digest(shared_view(inputs.data))}
    year_pages = part.holds_year_pages(part.year)
    folders = [
        path
        for path in inputs.folder_data
        if path == str(part.year) or (year_pages and path.startswith(f"{part.year}/"))
    ]
    folders += [f"{key[0]}/{inputs.data.publications[key].folder.name}" for key in scope if not year_pages]
    return {
        "own_data": {path: inputs.folder_data.get(path) for path in sorted(set(folders))},
        "cross": json_digest(cross_view(inputs.data, part)),
        "warnings": warnings_view(inputs.data, [inputs.data_dir / path for path in sorted(set(folders))]),
    }


def shard_key(shard: Shard, inputs: Inputs) -> str:
    """The shard's key: equal keys, equal output (see the module's docstring)."""
    part = resolve(shard.part, inputs.data, size=inputs.size)
    scope = sorted(key for key, publication in inputs.data.publications.items() if in_scope(part, publication))
    if shard.part not in inputs.reads:
        inputs.reads[shard.part] = part_reads(part, inputs, scope=scope)
    parts = {
        "shard": shard.name,
        "units": sorted(part.units),
        "code": inputs.code,
        "navigation": inputs.navigation,
        "shared_data": inputs.shared_data,
        **inputs.reads[shard.part],
        "history": history_view(inputs.history, part, set(scope)),
        "environment": inputs.environment,
    }
    return json_digest(parts)[:20]
