"""A year's publication status: every unit and kind (预算, 决算) of the year, published or not, when it was first
published (from the data's git history), whether that met the deadline its data gives (publication.yaml's
``approved:`` date plus its template's ``publish_within_days:``) and its count of validator warnings (pending
translations included). Data text goes through ``escape_text``.
"""

from __future__ import annotations

from datetime import date, timedelta

from macros.checking.validation import ValidationResult
from macros.model.dictionaries import Unit
from macros.model.publication import Publication
from macros.reading.problems import display_path
from macros.rendering.escaping import escape_text
from macros.rendering.i18n import label
from macros.template.specs import KIND_SUFFIXES
from macros.website.provenance import SiteSource
from macros.website.site_data import html_link, kinds_of_year, publication_path

COLUMNS = ("unit", "kind", "published", "first", "deadline", "on_time", "warnings")


def registered_units(data: ValidationResult) -> dict[str, Unit]:
    """Every unit of data/units.csv (one dictionary serves all publications)."""
    publication = next(iter(data.publications.values()), None)
    return publication.dictionaries.units if publication else {}


def status_path(year: int) -> str:
    return f"{year}/status.md"


def deadline(publication: Publication) -> date | None:
    """The last day to publish: the approval date plus the template's days (None where either is missing)."""
    approved = publication.facts.data.get("approved")
    days = publication.template.publish_within_days
    if not isinstance(approved, date) or not days:
        return None
    return approved + timedelta(days=days)


def warnings_of(data: ValidationResult, publication: Publication) -> int:
    """The validator's warnings about the publication's files, pending translations among them."""
    folder = display_path(publication.folder)  # as problems name their files
    return sum(1 for warning in data.warnings if warning.path.startswith(f"{folder}/"))


def status_page(data: ValidationResult, year: int, *, source: SiteSource, lang: str) -> str:
    page = status_path(year)
    history = source.history
    units = sorted(registered_units(data).values(), key=lambda unit: unit.unit_id)
    head = [label(f"status_{key}", lang=lang) for key in COLUMNS]
    parts = [f"# {label('status_title', lang=lang, year=year)}", "", f"<p>{label('status_intro', lang=lang)}</p>", ""]
    if history is None:
        parts += [f"<p>{label('status_no_history', lang=lang)}</p>", ""]
    rows = []
    counts = {"published": 0, "missing": 0, "late": 0}
    for kind in kinds_of_year(data, year):
        for unit in units:
            publication = data.publications.get((year, unit.unit_id + KIND_SUFFIXES[kind]))
            name = escape_text(unit.name_en if lang == "en" and unit.name_en else unit.name_zh)
            kind_name = label(f"kinds_{kind}", lang=lang)
            if publication is None:
                counts["missing"] += 1
                rows.append([name, kind_name, label("status_no", lang=lang), "—", "—", "—", "—"])
                continue
            counts["published"] += 1
            link = html_link(publication_path(*publication.key), page=page)
            first = history.first(publication.key) if history else None
            due = deadline(publication)
            on_time = "—"
            if first is not None and due is not None:
                met = date.fromisoformat(first.date) <= due
                counts["late"] += 0 if met else 1
                on_time = label("status_yes" if met else "status_late", lang=lang)
            rows.append(
                [
                    f'<a href="{link}">{name}</a>',
                    kind_name,
                    label("status_yes", lang=lang),
                    f"{first.date} · {source.commit_link(first)}" if first else "—",
                    due.isoformat() if due else "—",
                    on_time,
                    str(warnings_of(data, publication)),
                ]
            )
    parts += [f"<p>{label('status_counts', lang=lang, **counts)}</p>", ""]
    header = "".join(f'<th scope="col">{cell}</th>' for cell in head)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    parts.append(
        f'<div class="status-table"><table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></div>'
    )
    return "\n".join([*parts, ""])
