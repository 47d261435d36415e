"""Provenance on the site: when a publication's data last changed (the commit, linked to the repository) and
when it was first published, from the data's git history (macros/exchange/history.py); and the link on every
page that opens a new issue in the repository, prefilled with the page, its language and data commit.

``SiteSource`` is what the pages know of where the site comes from: the history (None outside git) and the
repository's address (mkdocs.yml ``repo_url``, "" when none is set: no links to it then).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import unescape
from urllib.parse import urlencode

from macros.exchange.history import Commit, DataHistory
from macros.model.publication import Publication
from macros.rendering.escaping import escape_text
from macros.rendering.i18n import label
from macros.rendering.tables import SEARCH_EXCLUDE


@dataclass(frozen=True)
class SiteSource:
    history: DataHistory | None
    repo_url: str = ""

    def commit_link(self, commit: Commit) -> str:
        """The commit's short id, linked to the repository where the site knows it."""
        short = f'<span class="commit-id">{commit.short}</span>'
        return f'<a href="{self.repo_url.rstrip("/")}/commit/{commit.sha}">{short}</a>' if self.repo_url else short

    def data_commit(self, publication: Publication | None, *, year: int | None = None) -> Commit | None:
        """The commit a page's data comes from: its publication folder's last, else its year's newest (a year's
        pages), else data/'s newest. A page names no commit that did not change it: a shard of the site is
        rebuilt only when its own data changed (macros/building/)."""
        if self.history is None:
            return None
        if publication is not None and (last := self.history.last(publication.key)):
            return last
        if year is not None and (newest := self.history.year_last(year)):
            return newest
        return self.history.head


NO_SOURCE = SiteSource(history=None)


def provenance_line(source: SiteSource, publication: Publication, *, lang: str) -> list[str]:
    """数据最后更新：2026-11-30（提交 abc1234）· 首次公开：2026-11-02 — or that it has changes not committed."""
    history = source.history
    if history is None:
        return []
    if publication.key in history.uncommitted:
        text = label("provenance_uncommitted", lang=lang)
    else:
        last, first = history.last(publication.key), history.first(publication.key)
        if last is None or first is None:
            return []
        text = label("provenance_last", lang=lang, date=last.date, commit=source.commit_link(last))
        if first.sha != last.sha:
            text += " · " + label("provenance_first", lang=lang, date=first.date)
    return [f'<p class="publication-provenance" {SEARCH_EXCLUDE}>{text}</p>', ""]


def report_link(
    source: SiteSource, *, title: str, address: str, publication: Publication | None, year: int | None, lang: str
) -> dict[str, str] | None:
    """The "report a problem" link's parts for the page template (None without a repository): the issue's
    address, its title and its body with {address} and {anchor} left for the page's script to fill in
    (docs/javascripts/report-link.js), and the link as built (the page's address, no anchor)."""
    if not source.repo_url:
        return None
    commit = source.data_commit(publication, year=year)
    issue_title = label("report_title", lang=lang, page=unescape(title))
    body = label(
        "report_body",
        lang=lang,
        address="{address}",
        anchor="{anchor}",
        language=label("report_language", lang=lang),
        commit=commit.sha if commit else label("report_no_commit", lang=lang),
    )
    issues = f"{source.repo_url.rstrip('/')}/issues/new"
    built = body.replace("{address}", address).replace("{anchor}", "—")
    return {
        "href": escape_text(f"{issues}?{urlencode({'title': issue_title, 'body': built})}", markup=False),
        "issues": escape_text(issues, markup=False),
        "title": escape_text(issue_title, markup=False),
        "body": escape_text(body, markup=False),
        "label": label("report_link", lang=lang),
    }
