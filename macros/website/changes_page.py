"""A year's "what changed" page: every change to its publications' data after each was first published, commit
by commit (which publication, which tables, which figures, old and new), from the data's git history.

Each commit that touched a publication folder after the one that first published it is compared with its parent
(macros/exchange/data_diff.py reads both versions, taken from git, with today's templates and dictionaries).
Without a history (outside git) the page says so. Data text goes through ``escape_text``.
"""

from __future__ import annotations

from decimal import Decimal

from macros.checking.validation import ValidationResult
from macros.exchange.data_diff import Change, PublicationDiff, TableDiff, TextChange, publication_diff
from macros.exchange.history import Commit, DataHistory, publication_view_at
from macros.model.publication import Publication
from macros.rendering.escaping import escape_text, mark_chinese
from macros.rendering.i18n import label, table_amount
from macros.template.specs import TableSpec
from macros.website.provenance import SiteSource
from macros.website.site_data import kinds_of_year, kinds_title, publication_path, ranked, relative_link, unit_name


def changes_path(year: int) -> str:
    return f"{year}/changes.md"


def changes_page(data: ValidationResult, year: int, *, source: SiteSource, lang: str) -> str:
    page = changes_path(year)
    parts = [f"# {label('changes_title', lang=lang, year=year)}", ""]
    history = source.history
    if history is None:
        return "\n".join([*parts, f"<p>{label('changes_no_history', lang=lang)}</p>", ""])
    parts += [f"<p>{label('changes_intro', lang=lang)}</p>", ""]
    found = 0
    for kind in kinds_of_year(data, year):
        for publication in ranked(data, year, kind=kind):
            commits = publication_changes(history, publication, data)
            if not commits:
                continue
            found += len(commits)
            link = relative_link(publication_path(*publication.key), page=page)
            name = escape_text(unit_name(publication, lang=lang))
            parts += [f"## [{name}]({link}) · {kinds_title(year, [kind], lang=lang)}", ""]
            for commit, diff in commits:
                parts += commit_section(commit, diff, source=source, lang=lang)
    if not found:
        parts += [f"<p>{label('changes_none', lang=lang)}</p>", ""]
    return "\n".join(parts)


def publication_changes(
    history: DataHistory, publication: Publication, data: ValidationResult
) -> list[tuple[Commit, PublicationDiff]]:
    """Each commit after the first that changed the publication's folder, with what it changed; newest first."""
    touches = history.touches.get(publication.key, ())
    templates = {each.template.id: each.template for each in data.publications.values()}
    found = []
    for touch in touches[1:]:
        old = publication_view_at(history, f"{touch.commit.sha}^", publication, templates=templates)
        new = publication_view_at(history, touch.commit.sha, publication, templates=templates)
        if old is None or new is None:
            continue
        diff = publication_diff(old, new)
        if diff.changed:
            found.append((touch.commit, diff))
    return found[::-1]


def commit_section(commit: Commit, diff: PublicationDiff, *, source: SiteSource, lang: str) -> list[str]:
    parts = [
        f"### {label('changes_commit', lang=lang, date=commit.date, commit=source.commit_link(commit))}",
        "",
        f"<p>{mark_chinese(escape_text(commit.subject))}</p>",
        "",
    ]
    for table in diff.tables:
        title = escape_text(table.spec.title_en if lang == "en" else table.spec.title_zh)
        number = int(table.spec.id) if table.spec.id.isdigit() else escape_text(table.spec.id)
        parts += [f"#### {label('changes_table', lang=lang, number=number, title=title)}", ""]
        whole = whole_table(table)
        if whole:  # a table added or taken away: said in a line, not cell by cell
            parts += [f"<p>{label(whole, lang=lang)}</p>", ""]
            continue
        if table.amounts:
            parts.append(
                changes_table(
                    [
                        label(key, lang=lang)
                        for key in ("changes_row", "changes_column", "changes_old", "changes_new", "changes_difference")
                    ],
                    [amount_cells(change, table.spec, lang=lang) for change in table.amounts],
                )
            )
        if table.texts:
            parts.append(
                changes_table(
                    [label(key, lang=lang) for key in ("changes_row", "changes_column", "changes_old", "changes_new")],
                    [text_cells(change) for change in table.texts],
                )
            )
        parts.append("")
    if diff.facts_note:  # one version's publication.yaml could not be read: its keys are not compared
        parts += [f"<p>{label('changes_facts_unreadable', lang=lang)}</p>", ""]
    if diff.facts:
        parts += [f"#### {label('changes_facts', lang=lang)}", ""]
        parts.append(
            changes_table(
                [label(key, lang=lang) for key in ("changes_field", "changes_old", "changes_new")],
                [[escape_text(change.entry), *text_cells(change)[2:]] for change in diff.facts],
            )
        )
        parts.append("")
    return parts


def whole_table(table: TableDiff) -> str:
    """changes_added or changes_removed where every cell of the table is new or gone; "" otherwise."""
    cells = [(change.old, change.new) for change in table.amounts] + [
        (change.old, change.new) for change in table.texts
    ]
    if cells and all(old is None for old, _ in cells):
        return "changes_added"
    if cells and all(new is None for _, new in cells):
        return "changes_removed"
    return ""


def amount_cells(change: Change, spec: TableSpec, *, lang: str) -> list[str]:
    column = next((each for each in spec.columns if each.id == change.column_id), None)
    header = (column.header_en if lang == "en" else column.header_zh) if column else ()
    return [
        mark_chinese(escape_text(change.row)),
        escape_text(" / ".join(header) if lang == "en" else "／".join(header))
        or mark_chinese(escape_text(change.column)),
        shown(change.old),
        shown(change.new),
        table_amount(change.difference),
    ]


def shown(amount: Decimal | None) -> str:
    return "—" if amount is None else table_amount(amount)


def text_cells(change: TextChange) -> list[str]:
    return [
        mark_chinese(escape_text(change.entry)),
        mark_chinese(escape_text(change.field)),
        "—" if change.old is None else mark_chinese(escape_text(change.old)),
        "—" if change.new is None else mark_chinese(escape_text(change.new)),
    ]


def changes_table(head: list[str], rows: list[list[str]]) -> str:
    header = "".join(f'<th scope="col">{cell}</th>' for cell in head)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<div class="changes-table"><table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></div>'
