"""The pages beside the publications: the glossary (every term, with whose definition it is where regions
differ), the downloads (every file the site offers) and the guide for staff.
"""

from __future__ import annotations

from pathlib import Path

from macros.checking.validation import ValidationResult
from macros.exchange import exports
from macros.rendering.escaping import escape_text
from macros.rendering.i18n import label
from macros.website.site_data import (
    DOWNLOADS_PAGE,
    kinds_of_year,
    kinds_title,
    official_name_suffix,
    pending_names_note,
    ranked,
    site_root,
    unit_name,
    year_title,
    years,
)


def glossary_page(data: ValidationResult, *, lang: str) -> str:
    terms = sorted(data_glossary(data).values(), key=lambda term: term.term_id)
    parts = [f"# {label('glossary_title', lang=lang)}", "", label("glossary_intro", lang=lang), ""]
    names = [term.term_zh for term in terms]
    for term in terms:
        name = term.term_en if lang == "en" else term.term_zh
        definition = term.definition_en if lang == "en" else term.definition_zh
        parts += [f"## {escape_text(name)} {{#{term.term_id}}}", ""]
        if names.count(term.term_zh) > 1:  # regions define some terms differently: say whose this is
            parts += [f"<p><em>{escape_text(defined_in(data, term.term_id, lang=lang))}</em></p>", ""]
        parts += [f"<p>{escape_text(definition)}</p>", ""]
    return "\n".join(parts)


def defined_in(data: ValidationResult, term_id: str, *, lang: str) -> str:
    """The templates whose publications list a term (how a reader tells two definitions apart)."""
    templates = sorted(
        {
            publication.template.name_en if lang == "en" else publication.template.name_zh
            for publication in data.publications.values()
            if term_id in publication.facts.data["glossary"]
        }
    )
    return label("term_used_in", lang=lang, templates="、".join(templates) if lang == "zh" else "; ".join(templates))


def data_glossary(data: ValidationResult) -> dict:
    publication = next(iter(data.publications.values()), None)
    return publication.dictionaries.glossary if publication else {}


def downloads_page(data: ValidationResult, *, lang: str) -> str:
    """Every file the site offers: per year an archive, per publication its workbook, package and CSVs."""
    page = DOWNLOADS_PAGE
    parts = [f"# {label('downloads_title', lang=lang)}", "", label("downloads_intro", lang=lang), ""]
    parts += [label("downloads_formula_note", lang=lang), ""]
    parts += pending_names_note(list(data.publications.values()), lang=lang)
    for year in years(data):
        parts += [f"## {year_title(data, year, lang=lang)}", ""]
        parts += [
            f'<p><a href="{site_root(page)}downloads/{year}.zip" download>{label("download_zip", lang=lang, year=year)}</a></p>',
            "",
        ]
        kinds = kinds_of_year(data, year)
        for kind in kinds:
            if len(kinds) > 1:  # the year's 决算 beside its 预算
                parts += [f"### {kinds_title(year, [kind], lang=lang)}", ""]
            for publication in ranked(data, year, kind=kind):
                folder = f"{site_root(page)}{exports.publication_folder(publication)}"
                name = escape_text(unit_name(publication, lang=lang))
                files = [
                    f'<a href="{folder}/{exports.workbook_name(publication, lang=lang)}" download>XLSX</a>',
                    f'<a href="{folder}/datapackage.json" download>datapackage.json</a>',
                    *(
                        f'<a href="{folder}/{spec.file}" download>{label("table_label", lang=lang, number=int(spec.id))}</a>'
                        for spec in publication.template.tables
                    ),
                ]
                parts += [
                    f"<p><strong>{name}</strong>{official_name_suffix(publication, lang=lang)}<br>{' · '.join(files)}</p>",
                    "",
                ]
    parts += [
        f'<p><a href="{site_root(page)}downloads/datapackage.json" download>{label("download_site_package", lang=lang)}</a></p>'
    ]
    return "\n".join(parts)


STAFF_GUIDE = Path(__file__).resolve().parents[2] / "docs" / "staff-guide"


def staff_guide(*, lang: str) -> str:
    """The guide for staff (docs/staff-guide/<lang>.md): our own text, not data, so it is Markdown."""
    return (STAFF_GUIDE / f"{lang}.md").read_text(encoding="utf-8")
