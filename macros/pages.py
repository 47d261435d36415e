"""Page macros: HTML for the pages, built from the validated data. Data text is escaped here."""

from __future__ import annotations

import html

from macros.validation import ValidationResult, default_data_dir, validate


class DataProblems(Exception):
    """The data did not pass the validator: the build stops with the validator's own lines."""


def validated_data() -> ValidationResult:
    result = validate(default_data_dir())
    if result.problems:
        lines = "\n".join(found.format() for found in result.problems)
        raise DataProblems(f"数据检查未通过，网站不生成 / data invalid, site not built:\n{lines}")
    return result


def escape_text(text: str) -> str:
    """The one boundary between data text and the page: HTML, Markdown and Jinja specials, |, newlines."""
    escaped = html.escape(text, quote=True)
    for special, entity in (
        ("|", "&#124;"),
        ("{", "&#123;"),
        ("}", "&#125;"),
        ("[", "&#91;"),
        ("]", "&#93;"),
        ("*", "&#42;"),
        ("_", "&#95;"),
        ("`", "&#96;"),
        ("\\", "&#92;"),
        ("#", "&#35;"),
    ):
        escaped = escaped.replace(special, entity)
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def publication_list(data: ValidationResult) -> str:
    """The publications in the data, newest year first: the home page's list until the full site lands."""
    items = []
    for (year, _unit_id), publication in sorted(data.publications.items(), key=lambda item: (-item[0][0], item[0][1])):
        name = escape_text(publication.facts.data["name_zh"])
        items.append(f"<li>{year} · {name}</li>")
    return "<ul>\n" + "\n".join(items) + "\n</ul>"
