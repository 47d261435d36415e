"""Entry point of mkdocs-macros-plugin: registers the page macros, and nothing else.

The budget logic lives in the layers beside this file (reading → template → model → checking →
rendering → exchange → website → building); pages call only the macros below.
"""

from __future__ import annotations

from typing import Any

from mkdocs.exceptions import PluginError

from macros.website import pages


def define_env(env: Any) -> None:
    """Validate the data first (the build stops on any problem), then offer the page macros."""
    try:
        data = pages.validated_data()
    except pages.DataProblems as error:
        raise PluginError(str(error)) from None
    lang = "en" if env.conf["theme"]["language"].startswith("en") else "zh"
    source = pages.site_source(env.conf.get("repo_url"))
    ranking_units = int(env.conf["extra"][pages.RANKING_SETTING])  # units a year's ranking chart draws

    @env.macro
    def home_page() -> str:
        return pages.home_page(data, lang=lang)

    @env.macro
    def year_page(year: int) -> str:
        return pages.year_page(data, year, ranking_units=ranking_units, lang=lang)

    @env.macro
    def publication_page(year: int, publication_id: str) -> str:
        return pages.publication_page(data, year, publication_id, lang=lang, source=source)

    @env.macro
    def changes_page(year: int) -> str:
        return pages.changes_page(data, year, source=source, lang=lang)

    @env.macro
    def status_page(year: int) -> str:
        return pages.status_page(data, year, source=source, lang=lang)

    @env.macro
    def compare_page(year: int) -> str:
        return pages.compare_page(data, year, lang=lang)

    @env.macro
    def glossary_page() -> str:
        return pages.glossary_page(data, lang=lang)

    @env.macro
    def downloads_page() -> str:
        return pages.downloads_page(data, lang=lang)

    @env.macro
    def api_page() -> str:
        return pages.api_page(data, lang=lang)

    @env.macro
    def staff_guide() -> str:
        return pages.staff_guide(lang=lang)
