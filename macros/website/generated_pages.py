"""MkDocs hook: a page per year and per publication, generated from data/, and the navigation.

Registered in mkdocs.yml under ``hooks:``. A generated page holds one macro call whose arguments
are a year and a unit id (checked against ``^[a-z0-9-]+$``): data text never enters Markdown.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # hooks load by path; make `macros` importable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from macros.exchange import exports
from macros.model.dictionaries import SLUG
from macros.rendering import charts, raw_html
from macros.rendering.escaping import escape_text
from macros.rendering.i18n import label
from macros.website import api, embeds, navigation, pages, sharding
from macros.website.provenance import report_link

log = logging.getLogger("mkdocs.hooks.generated_pages")


def site_data() -> Any:
    try:
        return pages.validated_data()
    except pages.DataProblems as error:
        raise PluginError(str(error)) from None


# The data of the build in progress: on_files validates it once, the per-page events reuse it
# (validated_data() stats every data file to know whether they changed: too slow once per page).
BUILD: dict[str, Any] = {}


def language(config: MkDocsConfig) -> str:
    return "en" if config.theme["language"].startswith("en") else "zh"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Navigation from the data: home, each year (newest first) with its units, the glossary."""
    group = int(config.extra[navigation.GROUP_SETTING])
    config.nav = navigation.site_navigation(site_data(), lang=language(config), group=group)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    data = BUILD["data"] = site_data()
    part = BUILD["part"] = sharding.current_part(data, size=units_per_shard(config))
    BUILD["source"] = pages.site_source(config.repo_url)
    ranking_units = int(config.extra[pages.RANKING_SETTING])
    shown = pages.all_charts(data, lang=language(config), ranking_units=ranking_units, part=part)
    BUILD["charts"] = {chart.content_hash(): chart for chart in shown}  # on_post_build copies these into the site
    embeds.start(site_url=config.site_url)
    raw_html.start()
    # Draw the charts the cache lacks now; the pages then take them from the cache.
    charts.draw_missing(shown)
    for year in pages.years(data):
        files.append(File.generated(config, pages.year_path(year), content=f"{{{{ year_page({year}) }}}}\n"))
        for path, macro in (
            (pages.compare_path(year), "compare_page"),
            (pages.status_path(year), "status_page"),
            (pages.changes_path(year), "changes_page"),
        ):
            files.append(File.generated(config, path, content=f"{{{{ {macro}({year}) }}}}\n"))
    for year, publication_id in sorted(data.publications):
        if not SLUG.fullmatch(publication_id):
            raise PluginError(f"publication id {publication_id!r} is not a slug")
        content = f'{{{{ publication_page({year}, "{publication_id}") }}}}\n'
        files.append(File.generated(config, pages.publication_path(year, publication_id), content=content))
    return files


def units_per_shard(config: MkDocsConfig) -> int:
    """mkdocs.yml ``extra.units_per_shard``: a year with more units is built in several shards."""
    return int(config.extra[sharding.UNITS_SETTING])


def on_nav(nav: Any, config: MkDocsConfig, files: Files) -> Any:
    """A shard's build writes its own pages only. The others stay known (the navigation lists them, links to them
    resolve) but are excluded once the navigation is made: MkDocs neither renders nor writes them. The shared
    part alone copies the theme's and docs/'s other files."""
    part, data = BUILD["part"], BUILD["data"]
    if part.whole:
        return nav
    for file in files:
        if file.is_documentation_page():
            own = part.holds_page(file.src_uri, pages.publication_at(data, src_uri=file.src_uri))
        else:
            own = part.holds_assets
        if not own:
            file.inclusion = InclusionLevel.EXCLUDED
    return nav


def on_page_context(context: dict[str, Any], page: Any, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    """Material writes ``page.title | striptags`` into <title>, and striptags undoes our escaping;
    ``page.meta.title`` is written as it is. Our titles are escaped (nav above), so use them there;
    a unit's page carries its year in the title. Descriptions (meta, Open Graph) come from the data."""
    data, lang = BUILD["data"], language(config)
    if page.title and not page.meta.get("title"):
        page.meta["title"] = pages.page_title(data, src_uri=page.file.src_uri, lang=lang) or page.title
    if not page.meta.get("description"):  # Material writes it as it is: our text is escaped
        page.meta["description"] = pages.page_description(data, src_uri=page.file.src_uri, lang=lang)
    context["language_links"] = language_links(page_url=page.url, lang=lang, config=config)
    context["translation_notice"] = label("translation_notice", lang=lang)
    context["report_link"] = report_link(
        BUILD["source"],
        title=page.meta["title"],
        address=page.canonical_url or page.url,
        publication=pages.publication_at(data, src_uri=page.file.src_uri),
        year=sharding.page_year(page.file.src_uri),
        lang=lang,
    )
    return context


def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str:
    """The embed pages of this page's charts and tables, under its title (the source line names it)."""
    title = page.meta.get("title") or escape_text(config.site_name, markup=False)
    embeds.write_embeds(Path(config.site_dir), page=page.file.src_uri, page_title=title, site_name=config.site_name)
    return output


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    """The 404 page is no page of ours: it gets language links to each edition's home and its texts.

    It is served for any missing address, so its links are absolute (site_url, else the domain root)."""
    if template_name == "404.html":
        lang = language(config)
        root = config.site_url or "/"
        if lang == "en":
            root = root.removesuffix("en/") if config.site_url else "/"
        context["language_links"] = [
            {
                "name": language["name"],
                "lang": language["lang"],
                "href": root + language["path"],
                "current": language_code(language) == lang,
            }
            for language in config.extra["languages"]
        ]
        context["translation_notice"] = ""
        context["not_found_title"] = label("not_found_title", lang=lang)
        context["not_found_text"] = label("not_found_text", lang=lang)
        context["home_url"] = config.site_url or ("/en/" if lang == "en" else "/")
    return context


def language_links(*, page_url: str, lang: str, config: MkDocsConfig) -> list[dict[str, Any]]:
    """Links to this same page in each language: Chinese at the site root, English under en/."""
    languages = config.extra["languages"]
    own_path = next(language["path"] for language in languages if language_code(language) == lang)
    # From this page up to the root of this edition, then up out of it to the site root.
    up = "../" * (len([part for part in page_url.split("/")[:-1] if part]) + own_path.count("/"))
    links = []
    for language in languages:
        current = language_code(language) == lang
        href = "./" if current else up + language["path"] + page_url
        links.append({"name": language["name"], "lang": language["lang"], "href": href, "current": current})
    return links


def language_code(language: dict[str, str]) -> str:
    return "en" if language["lang"].startswith("en") else "zh"


def on_post_build(config: MkDocsConfig) -> None:
    """Each chart shown is also files to download (site/charts/<hash>.svg, and .csv of what it shows); each chart
    and table shown has its embed page; say what was drawn."""
    target = Path(config.site_dir) / "charts"
    target.mkdir(parents=True, exist_ok=True)
    for key, chart in sorted(BUILD["charts"].items()):  # every chart a page shows (tests/test_charts.py)
        shutil.copyfile(charts.cache_dir() / f"{key}.svg", target / f"{key}.svg")
        (target / f"{key}.csv").write_bytes(exports.chart_csv(chart))
    if embeds.unwritten():
        raise PluginError(f"embed pages of no page: {[item.path for item in embeds.unwritten()]}")
    log.info("embed pages: %d", embeds.RECORDED.written)
    data, part, site_dir, lang = site_data(), BUILD["part"], Path(config.site_dir), language(config)
    publications = [data.publications[key] for key in sorted(data.publications)]
    own = [each for each in publications if part.holds_publication(each.year, each.unit_id)]
    written = exports.write_publication_downloads(own, site_dir=site_dir, lang=lang)
    archived = [each for each in publications if part.holds_year_pages(each.year)]
    written += exports.write_year_archives(archived, site_dir=site_dir, lang=lang)
    if part.holds_assets:
        written += exports.write_site_package(publications, site_dir=site_dir, lang=lang)
    log.info("downloads: %d files", written)
    if lang == "zh":  # one API for both editions, at the site's root (English pages read it there)
        log.info("api: %d files", api.write_api(data, site_dir=site_dir, part=part))
    if part.holds_assets:
        write_sitemaps(config)
    log.info("charts: %d drawn, %d from the cache (%s)", charts.STATS.drawn, charts.STATS.reused, charts.cache_dir())


def write_sitemaps(config: MkDocsConfig) -> None:
    """A sitemap needs absolute addresses: without site_url MkDocs' sitemap.xml holds none, so it goes.
    With it, robots.txt names both editions' sitemaps (crawlers read robots.txt only at a host's root;
    on a sub-path, submit the sitemaps to search engines instead)."""
    site_dir = Path(config.site_dir)
    if not config.site_url:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site_dir / name).unlink(missing_ok=True)
        return
    if language(config) == "zh":
        sitemaps = [config.site_url + edition["path"] + "sitemap.xml" for edition in config.extra["languages"]]
        lines = ["User-agent: *", "Allow: /", *(f"Sitemap: {sitemap}" for sitemap in sitemaps)]
        (site_dir / "robots.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def on_page_markdown(markdown: str, page: Any, config: MkDocsConfig, files: Files) -> str:
    """With BUDGET_DUMP_MARKDOWN set, keep each page's rendered Markdown (scripts/bench.py builds
    the same pages without macros from it, to measure a plain MkDocs build)."""
    target = os.environ.get("BUDGET_DUMP_MARKDOWN")
    if target:
        path = Path(target) / language(config) / page.file.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(raw_html.put_back(markdown), encoding="utf-8")  # the page's whole content
    return markdown


def on_page_content(html: str, page: Any, config: MkDocsConfig, files: Files) -> str:
    """The HTML the page's macros set aside from Markdown (its charts' SVG, its tables), back in its place."""
    whole = raw_html.put_back(html)
    raw_html.forget()
    return whole
