"""publication.yaml: the unit's names, table notes and the facts its template declares, checked.

The schema is data (template/facts_schema.py: the core fields and the template's ``facts:``) and is
checked field by field, so that a staff member's typo points at its line in the YAML file.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from macros.model.translations import english_or_pending, is_pending
from macros.reading.amounts import AmountError, decimal_places, digit_problem, parse_amount
from macros.reading.plain_yaml import YamlDocument
from macros.reading.problems import Problem, problem
from macros.reading.text_policy import CJK, policy_problem
from macros.template.facts_schema import TEXT, Field

FACTS_FILE = "publication.yaml"


KIND_NAMES = {
    "str": ("一段文字", "a string"),
    "int": ("整数", "an integer"),
    "count": ("不小于 0 的整数（如 3）", "a whole number, 0 or more (e.g. 3)"),
    "quantity": ("不小于 0 的数，最多两位小数（如 1234.5）", "a number, 0 or more, two decimals at most (e.g. 1234.5)"),
    "amount": (
        "金额（如 793.63，最多两位小数，不为负）",
        "an amount (e.g. 793.63, two decimals at most, not negative)",
    ),
    "date": ("日期（如 2024-01-06）", "a date (e.g. 2024-01-06)"),
    "text": ("中英文两段文字（zh: … 和 en: …）", "text in both languages (zh: … and en: …)"),
    "list": ("列表（每项以 - 开头）", "a list (items starting with -)"),
    "map": ("若干“名称: 内容”", "a mapping"),
    "record": ("若干“名称: 内容”", "a mapping"),
}


def check_facts(document: YamlDocument, schema: Field) -> list[Problem]:
    """publication.yaml against its schema (the core fields and its template's, publication_schema)."""
    if not isinstance(document.data, dict):
        return [type_problem(document, (), schema, document.data)]
    return list(check_value(document, (), document.data, schema))


def check_value(document: YamlDocument, keys: tuple[str | int, ...], value: Any, spec: Field) -> Iterator[Problem]:
    if spec.kind == "record":
        if not isinstance(value, dict):
            yield type_problem(document, keys, spec, value)
            return
        yield from check_record(document, keys, value, spec)
    elif spec.kind == "map":
        if not isinstance(value, dict):
            yield type_problem(document, keys, spec, value)
            return
        for key, item in value.items():
            yield from check_value(document, (*keys, str(key)), item, spec.item or TEXT)
    elif spec.kind == "list":
        if not isinstance(value, list):
            yield type_problem(document, keys, spec, value)
            return
        for index, item in enumerate(value):
            yield from check_value(document, (*keys, index), item, spec.item or TEXT)
    elif spec.kind == "text":
        yield from check_text(document, keys, value, spec)
    elif isinstance(value, dict | list):
        yield type_problem(document, keys, spec, value)
    elif spec.pending and value == "":
        return  # the unit's English name, pending: units.csv warns of it (content.py checks they agree)
    elif not scalar_ok(spec.kind, value) or (spec.choices and value not in spec.choices):
        yield value_problem(document, keys, spec, value)
    elif isinstance(value, str) and (found := text_problem(document, keys, value, multiline=False)):
        yield found
    elif keys and str(keys[-1]).endswith("_en") and (han := CJK.search(str(value))):
        line, column = document.position(*keys)
        yield problem(
            document.path, "TRANSLATION_CJK", line=line, column=column, field=dotted(keys), found=han.group(0)
        )


def check_record(document: YamlDocument, keys: tuple[str | int, ...], value: dict, spec: Field) -> Iterator[Problem]:
    known = ", ".join(spec.fields)
    for name in value:
        if str(name) not in spec.fields:
            line, column = document.position(*keys, str(name))
            yield problem(
                document.path,
                "YAML_FIELD_UNEXPECTED",
                line=line,
                column=column,
                field=dotted((*keys, name)),
                expected=known,
            )
    for name, child in spec.fields.items():
        if name in value and value[name] is not None:
            yield from check_value(document, (*keys, name), value[name], child)
        elif child.required:
            line, column = document.position(*keys)
            yield problem(
                document.path,
                "YAML_FIELD_MISSING",
                line=line,
                column=column,
                field=dotted((*keys, name)),
                expected=KIND_NAMES[child.kind][0],
            )


def check_text(document: YamlDocument, keys: tuple[str | int, ...], value: Any, spec: Field) -> Iterator[Problem]:
    if not isinstance(value, dict) or not isinstance(value.get("zh"), str) or not value["zh"].strip():
        yield type_problem(document, keys, spec, value)
        return
    unknown = set(value) - {"zh", "en"}
    if unknown:
        line, column = document.position(*keys)
        yield problem(
            document.path,
            "YAML_FIELD_UNEXPECTED",
            line=line,
            column=column,
            field=dotted((*keys, sorted(unknown)[0])),
            expected="zh, en",
        )
    for language in ("zh", "en"):
        text = value.get(language)
        if isinstance(text, str) and (found := text_problem(document, (*keys, language), text, multiline=True)):
            yield found
            return
    if not isinstance(value.get("en"), str):
        line, column = document.position(*keys)
        yield problem(
            document.path,
            "TRANSLATION_MISSING",
            line=line,
            column=column,
            field=dotted(keys),
            hint='英文还没有译好时，写 en: ""（待译），英文版会先显示中文原文。',
            hint_en='If the English is not written yet, write en: "" (pending): the English edition shows the Chinese.',
        )
    elif is_pending(value["en"]):
        # Free text may wait for its English: a warning, and the English edition shows the Chinese, marked.
        line, column = document.position(*keys, "en")
        yield problem(document.path, "TRANSLATION_PENDING", line=line, column=column, field=dotted(keys))
    elif han := CJK.search(value["en"]):
        line, column = document.position(*keys, "en")
        yield problem(
            document.path,
            "TRANSLATION_CJK",
            line=line,
            column=column,
            field=dotted((*keys, "en")),
            found=han.group(0),
        )


def scalar_ok(kind: str, value: Any) -> bool:
    if kind == "str":
        return isinstance(value, str) and bool(value.strip())
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "count":
        return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < MAX_QUANTITY
    if kind == "quantity":
        return (
            isinstance(value, int | Decimal)
            and not isinstance(value, bool)
            and 0 <= value < MAX_QUANTITY
            and decimal_places(Decimal(value)) <= 2
        )
    if kind == "amount":
        return to_amount(value) is not None
    if kind == "date":
        return isinstance(value, datetime.date)
    raise ValueError(f"unknown field kind {kind}")


MAX_QUANTITY = 10**12  # a count or an area in a budget is far smaller; larger is a typing mistake
PLAIN_DECIMAL = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]+)?")


def to_amount(value: Any) -> Decimal | None:
    """An amount as plain_yaml reads one: 793.63 is an exact Decimal, 0 an int; a quoted "793.63" is
    accepted too. Anything else (0x31, 1:30, .inf, 1e3 are text) is no amount."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        return None
    if isinstance(value, str) and not PLAIN_DECIMAL.fullmatch(value.strip()):
        return None  # "0100": a leading zero is how YAML 1.1 wrote octal; say 100
    parsed = parse_amount(f"{value:f}" if isinstance(value, Decimal) else str(value))
    return None if isinstance(parsed, AmountError) else parsed


def type_problem(document: YamlDocument, keys: tuple[str | int, ...], spec: Field, value: Any) -> Problem:
    line, column = document.position(*keys)
    expected_zh, expected_en = KIND_NAMES[spec.kind]
    found = value if not isinstance(value, dict | list) else type(value).__name__
    return problem(
        document.path,
        "YAML_FIELD_TYPE",
        line=line,
        column=column,
        field=dotted(keys) or "（整个文件）",
        field_en=dotted(keys) or "(the whole file)",
        expected=expected_zh,
        expected_en=expected_en,
        found=found,
    )


def value_problem(document: YamlDocument, keys: tuple[str | int, ...], spec: Field, value: Any) -> Problem:
    """A scalar that is not what the field holds: a number written as 0x31 or ٤٥٤, an unknown unit."""
    line, column = document.value_position(*keys)
    text = value if isinstance(value, str) else str(value)
    name = dotted(keys)
    if found := digit_problem(
        document.path, text, what=f"字段 {name}", what_en=f"field {name}", line=line, column=column
    ):
        return found
    expected_zh, expected_en = KIND_NAMES[spec.kind]
    if spec.choices:
        expected_zh = "、".join(spec.choices) + " 之一"
        expected_en = "one of " + ", ".join(spec.choices)
    return problem(
        document.path,
        "VALUE_INVALID",
        line=line,
        column=column,
        field=f"字段 {name}",
        field_en=f"field {name}",
        expected=expected_zh,
        expected_en=expected_en,
        found=text,
    )


def text_problem(document: YamlDocument, keys: tuple[str | int, ...], text: str, *, multiline: bool) -> Problem | None:
    """The text policy on one string, a refused character at its own line and column where the file
    lets us tell."""
    return policy_problem(
        document.path,
        text,
        multiline=multiline,
        **field_names(keys),
        start=document.value_position(*keys),
        place=lambda line_offset, column_offset: document.character_position(
            keys, line_offset=line_offset, column_offset=column_offset
        ),
    )


def field_names(keys: tuple[str | int, ...]) -> dict[str, str]:
    """How the text messages name a field, in both languages (the message runs on after it)."""
    return {"field": f"字段 {dotted(keys)} ", "field_en": f"field {dotted(keys)} "}


def dotted(keys: tuple[str | int, ...]) -> str:
    return ".".join(str(key) for key in keys)


def fact_amount(document: YamlDocument, *keys: str) -> Decimal:
    """An amount from publication.yaml that check_facts has already accepted."""
    value: Any = document.data
    for key in keys:
        value = value[key]
    amount = to_amount(value)
    assert amount is not None, f"{keys} was not checked"
    return amount


def typed_facts(document: YamlDocument, schema: Field) -> dict[str, Any]:
    """publication.yaml as plain data for text templates: amounts and quantities as exact Decimals
    (quoted ones too), absent optional fields as None, a text's pending English as its Chinese, marked
    (model/translations.py), everything else as read."""
    return typed(document.data, schema)


def typed(value: Any, spec: Field) -> Any:
    if value is None:
        return None
    if spec.kind == "text":
        return {**value, "en": english_or_pending(value.get("en") or "", value["zh"])}
    if spec.kind == "record":
        return {key: typed(value.get(key), item) if key in value else None for key, item in spec.fields.items()}
    if spec.kind == "map" and spec.item is not None:
        return {str(key): typed(item, spec.item) for key, item in value.items()}
    if spec.kind == "list" and spec.item is not None:
        return [typed(item, spec.item) for item in value]
    if spec.kind in ("amount", "quantity") and value is not None:
        return to_amount(value)
    return value


def pending_fields(document: YamlDocument, schema: Field) -> list[str]:
    """The dotted keys of the texts whose English is pending, as TRANSLATION_PENDING names them."""
    return [dotted(keys) for keys in pending_keys(document.data, schema, ())]


def pending_keys(value: Any, spec: Field, keys: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    if spec.kind == "text" and isinstance(value, dict):
        if isinstance(value.get("en"), str) and is_pending(value["en"]):
            yield keys
    elif spec.kind == "record" and isinstance(value, dict):
        for name, child in spec.fields.items():
            if value.get(name) is not None:
                yield from pending_keys(value[name], child, (*keys, name))
    elif spec.kind == "map" and isinstance(value, dict):
        for key, item in value.items():
            yield from pending_keys(item, spec.item or TEXT, (*keys, str(key)))
    elif spec.kind == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            yield from pending_keys(item, spec.item or TEXT, (*keys, index))
