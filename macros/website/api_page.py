"""The page documenting the static JSON API: each file's path, its JSON Schema (linked, and its fields listed
from the schema itself, so the page and the schema never disagree) and an example cut from the real file.

Data text (the examples) goes through ``escape_text``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from macros.checking.validation import ValidationResult
from macros.rendering.escaping import escape_text, mark_chinese
from macros.rendering.i18n import label
from macros.website import api
from macros.website.site_data import site_root, years

API_PAGE = "api.md"
SCHEMA_DIR = Path(__file__).resolve().parents[2] / "docs" / api.SCHEMAS  # served as they are
EXAMPLE_ROWS = 2  # lines of a table, entries of a list, kept in an example


def api_page(data: ValidationResult, *, lang: str) -> str:
    root = site_root(API_PAGE) + ("../" if lang == "en" else "")  # one API, at the site's root
    parts = [f"# {label('api_title', lang=lang)}", "", label("api_intro", lang=lang), ""]
    for name, path, document in documented_files(data):
        schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
        schema_link = f"{root}{api.SCHEMAS}/{name}.schema.json"
        parts += [
            f"## {heading(name, lang=lang)} {{#{name}}}",
            "",
            f"<p>{label(f'api_{name}_text', lang=lang)}</p>",
            f'<p>{label("api_schema", lang=lang)}: <a href="{schema_link}">{name}.schema.json</a> · '
            f'{label("api_example_file", lang=lang)}: <a href="{root}{path}">{escape_text(path)}</a></p>',
            "",
            fields_table(schema, lang=lang),
            "",
            f"<p>{label('api_example', lang=lang)}</p>",
            f'<pre class="api-example"><code>{example(document)}</code></pre>',
            "",
        ]
    return "\n".join(parts)


def heading(name: str, *, lang: str) -> str:
    path = f"<code>{escape_text(path_pattern(name))}</code>"
    return label("api_heading", lang=lang, name=label(f"api_{name}", lang=lang), path=path)


def path_pattern(name: str) -> str:
    return {
        "units": f"{api.ROOT}/units.json",
        "year": f"{api.ROOT}/<year>/index.json",
        "publication": f"{api.ROOT}/<year>/<publication_id>.json",
    }[name]


def documented_files(data: ValidationResult) -> list[tuple[str, str, dict[str, Any]]]:
    """(schema name, path, document) of one file of each kind: the newest year's, its largest publication's."""
    files = [("units", f"{api.ROOT}/units.json", api.units_document(data))]
    newest = years(data)[0] if data.publications else None
    if newest is not None:
        index = api.year_document(data, newest)
        files.append(("year", f"{api.ROOT}/{newest}/index.json", index))
        first = data.publications[(newest, index["publications"][0]["publication_id"])]
        files.append(("publication", api.publication_file(first), api.publication_document(data, first)))
    return files


def fields_table(schema: dict[str, Any], *, lang: str) -> str:
    """The top-level fields: name, JSON type, required or not, and the schema's description."""
    required = set(schema.get("required", ()))
    rows = [
        f"<tr><td><code>{escape_text(name)}</code></td><td>{mark_chinese(escape_text(json_type(spec)))}</td>"
        f"<td>{label('api_yes' if name in required else 'api_no', lang=lang)}</td>"
        f"<td>{mark_chinese(escape_text(spec.get('description', '')))}</td></tr>"
        for name, spec in schema["properties"].items()
    ]
    head = "".join(
        f"<th>{label(key, lang=lang)}</th>" for key in ("api_field", "api_type", "api_required", "api_meaning")
    )
    return f'<div class="api-fields"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def json_type(spec: dict[str, Any]) -> str:
    if "const" in spec:
        return json.dumps(spec["const"])
    if "enum" in spec:
        return " | ".join(json.dumps(value, ensure_ascii=False) for value in spec["enum"])
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "oneOf" in spec:
        return " | ".join(json_type(each) for each in spec["oneOf"])
    kind = spec.get("type", "")
    return " | ".join(kind) if isinstance(kind, list) else kind


def example(document: dict[str, Any]) -> str:
    """The document, shortened, with its Chinese (data, glosses such as 支出总计) marked."""
    return mark_chinese(escape_text(json.dumps(shortened(document), ensure_ascii=False, indent=2)))


def shortened(value: Any) -> Any:
    """An example short enough to read: lists cut to their first entries, marked by a last "…" entry."""
    if isinstance(value, list):
        kept = [shortened(item) for item in value[:EXAMPLE_ROWS]]
        return [*kept, "…"] if len(value) > EXAMPLE_ROWS else kept
    if isinstance(value, dict):
        return {key: shortened(item) for key, item in value.items()}
    return value
