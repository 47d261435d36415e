"""The schema of publication.yaml: a few core fields every publication has, plus the template's own.

A template declares its facts under ``facts:`` (what its prose, sections and checks read); the
validator checks publication.yaml against the merged schema field by field, and the staff guide
lists the same fields. Written in the template as:

    structure: text                       # a field of that kind
    amount_unit: {kind: str, choices: [万元, 元]}
    reasons: {kind: record, required: false, fields: {income: text}}
    prior_year:                           # a mapping without `kind` is a record of its fields
      income_total: amount
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("str", "int", "count", "quantity", "amount", "date", "text", "list", "map", "record")
SPEC_KEYS = {"kind", "required", "item", "fields", "choices", "doc_zh", "doc_en"}


class SchemaError(ValueError):
    """A template's facts schema that does not describe fields correctly (a maintainer's mistake)."""


@dataclass(frozen=True)
class Field:
    """kind: str, int, count, quantity, amount, date, text ({zh, en}), list, map (any keys), record (known keys).

    ``choices``: the only values a str may take (each one a later stage knows how to show).
    ``pending``: an English str that may be left empty while its translation is pending (the unit's
    name; model/translations.py)."""

    kind: str
    required: bool = True
    item: Field | None = None
    fields: dict[str, Field] = field(default_factory=dict)
    choices: tuple[str, ...] = ()
    doc_zh: str = ""
    doc_en: str = ""
    pending: bool = False


TEXT = Field("text")

# What code reads of every publication, whatever its template.
CORE = {
    "unit": Field("str"),
    "year": Field("int"),
    "template": Field("str"),
    "name_zh": Field("str"),
    "name_en": Field("str", pending=True),  # as units.csv has it: empty while pending
    "table_notes": Field("map", item=TEXT),
    "glossary": Field("list", item=Field("str")),
    # decimals the tables in the publication's own unit print, where the template allows a choice
    # (precision_allowed): some publications print whole 元
    "precision": Field("count", required=False),
}


def publication_schema(template_fields: dict[str, Field]) -> Field:
    """The whole of publication.yaml: the core fields, then the template's."""
    return Field("record", fields={**CORE, **template_fields})


def parse_fields(raw: Any, *, where: str = "facts") -> dict[str, Field]:
    """A template's ``facts:`` block: field name -> Field."""
    if not isinstance(raw, dict):
        raise SchemaError(f"{where} must be a mapping of field names, found {raw!r}")
    fields = {}
    for name, spec in raw.items():
        if name in CORE and where == "facts":
            raise SchemaError(f"facts.{name} is a core field of every publication; do not declare it")
        fields[str(name)] = parse_field(spec, where=f"{where}.{name}")
    return fields


def parse_field(raw: Any, *, where: str) -> Field:
    if isinstance(raw, str):
        return checked(Field(raw), where=where)
    if not isinstance(raw, dict):
        raise SchemaError(f"{where}: a field is a kind (text, amount…) or a mapping, found {raw!r}")
    if "kind" not in raw:
        return Field("record", fields=parse_fields(raw, where=where))
    unknown = set(raw) - SPEC_KEYS
    if unknown:
        raise SchemaError(f"{where}: unknown keys {sorted(unknown)}; known: {sorted(SPEC_KEYS)}")
    required = raw.get("required", True)
    choices = raw.get("choices", [])
    if not isinstance(required, bool) or not isinstance(choices, list):
        raise SchemaError(f"{where}: required is true or false, choices a list")
    return checked(
        Field(
            kind=str(raw["kind"]),
            required=required,
            item=parse_field(raw["item"], where=f"{where}[]") if "item" in raw else None,
            fields=parse_fields(raw["fields"], where=where) if "fields" in raw else {},
            choices=tuple(str(choice) for choice in choices),
            doc_zh=str(raw.get("doc_zh", "")),
            doc_en=str(raw.get("doc_en", "")),
        ),
        where=where,
    )


def checked(spec: Field, *, where: str) -> Field:
    if spec.kind not in KINDS:
        raise SchemaError(f"{where}: unknown kind {spec.kind}; known: {', '.join(KINDS)}")
    if spec.kind in ("list", "map") and spec.item is None:
        raise SchemaError(f"{where}: a {spec.kind} needs `item:` (the kind of its entries)")
    if spec.kind == "record" and not spec.fields:
        raise SchemaError(f"{where}: a record needs `fields:`")
    return spec


def field_paths(spec: Field, prefix: str = "") -> list[str]:
    """Every field's dotted name (list and map entries as name[]), for documentation and tests."""
    paths = []
    children = list(spec.fields.items()) + ([("[]", spec.item)] if spec.item is not None else [])
    for name, child in children:
        path = f"{prefix}{name}" if name == "[]" else (f"{prefix}.{name}" if prefix else name)
        paths.append(path)
        paths += field_paths(child, path)
    return paths
