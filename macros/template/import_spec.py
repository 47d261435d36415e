"""How a template's published documents are read back into data (``import:`` in the template).

The importer has no wording of its own: the template says where each fact is printed, as the printed
words with placeholders, and which fact each placeholder fills. A pattern is literal text except

    {name}          a number (1,234.56)                {name:change}  an increase or decrease and a number
    {name:text}     a clause, up to ；or 。             {name:rest}    the rest of the paragraph
    {name:word}     up to a space or punctuation       {name:cell}    up to a tab or the end of the line
    {name:label}    up to a colon (a glossary term)
    {name:date}     2024年1月6日                       {name:numeral} 一, 十二 (a Chinese numeral)
    {name:any}      any text, as little as possible    {name:function_path} 类名-款名-项名, as a code
    {name:amount_unit} 元, 万元 … (a unit the site knows)
    …               any text, as little as possible    a space: any spacing, or none

``synonyms:`` lists words that stand for each other wherever the template's words are matched (titles,
headings, patterns): a family's 单位预算 prints 单位 where its 部门预算 prints 部门. A read with
``synonyms: false`` matches its words exactly.

A change is an increase or decrease word and a number (with ``change.unit`` after it, if printed), or
a word saying it is unchanged (``change.same``: 持平), which is 0.

``figures:`` maps a number placeholder to the explanation figure it prints (a figure the tables give), or a
table reference whose line is the code a ``function_path`` or ``function_name`` placeholder read
(``05:{class}:total``), or to ``a / b``, the percentage one is of another (占本年支出合计的71.65%): the
importer reports prose that disagrees with the tables, without refusing the document.

``facts:`` maps a dotted fact path to a placeholder's name, or to ``a - b`` / ``a + b`` of numbers
(a prior-year figure is this year's minus the stated change). In a path, ``name[]`` is a new entry of a
list and ``{placeholder}`` a map's key. A read with ``each: true`` reads every paragraph it matches (from
the paragraph's start), each into new list entries; a paragraph taken by one such read is not offered
to the next. ``in: rows`` reads the rows of the section's table instead, each row its cells joined by
tabs (a space in the pattern matches them). ``every: true`` reads every match in the section's text (its
paragraphs joined), each into new list entries, wherever the paragraphs break. ``in: heading`` reads the
section's heading instead of its body (a section printed once per item, ``repeat: true``, names the item
there). A section's body may also go whole into one fact: ``{fact: PATH, as: lines | paragraph | row_names}``.
A fact whose placeholder read nothing is left out where the field is optional (a unit without a note).

``function_path: {marks: [（类）, （款）, （项）]}`` says a document prints a path as each level's name
followed by its mark (一般公共服务支出（类）财政事务（款）行政运行（项）); without it the names are
joined by hyphens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from macros.reading.amounts import AMOUNT_UNITS
from macros.template.facts_schema import Field

KINDS = {
    "number": r"-?\d[\d,]*(?:\.\d+)?",
    "change": "",  # built from the template's change words
    "text": r"[^；。]+",
    "rest": r".*",
    "word": r"[^\s，。；：、（）()]+",
    "cell": r"[^\t\n]+",
    "label": r"[^：:\t\n]+",
    "date": r"\d{4}年\d{1,2}月\d{1,2}日",
    "numeral": r"[一二三四五六七八九十百零〇]+",
    "any": r".+?",
    "amount_unit": "|".join(re.escape(unit) for unit in sorted(AMOUNT_UNITS, key=len, reverse=True)),
    "function_path": r"[^“”\"。]+",  # a path is no sentence: it stops at one's end
    "function_name": r"[^\s，。；：、（）()]+",  # one level's name (一般公共服务支出), as its code
}
FUNCTION_KINDS = ("function_path", "function_name")  # read as a code of the function classification
NUMERIC = ("number", "change")
BODY_FORMS = ("lines", "paragraph", "row_names")
PLACEHOLDER = re.compile(r"\{(\w+)(?::(\w+))?\}|…|\s+")
PATH_PART = re.compile(r"^(\w+)(\[\])?$|^\{(\w+)\}$")
EXPRESSION = re.compile(r"^(\w+)(?:\s*([-+])\s*(\w+))?$")


class ImportSpecError(ValueError):
    """A template's ``import:`` block that cannot work (a maintainer's mistake)."""


@dataclass(frozen=True)
class Read:
    """One reading: a pattern and the facts its placeholders fill, or a section's body into one fact."""

    pattern: str = ""
    facts: dict[str, str] = field(default_factory=dict)  # fact path -> expression over placeholder names
    optional: bool = False  # a sentence some publications leave out
    fact: str = ""  # the whole body into this fact …
    form: str = ""  # … as lines, one paragraph, or the first cells of its table rows
    regex: re.Pattern[str] | None = None
    kinds: dict[str, str] = field(default_factory=dict)  # placeholder name -> kind
    each: bool = False  # every paragraph it matches, not the first match in the section
    heading: bool = False  # read from the section's heading (in: heading)
    rows: bool = False  # read from the rows of the section's table (in: rows), each row its cells by tabs
    every: bool = False  # every match in the section's text, each into new entries
    figures: dict[str, str] = field(default_factory=dict)  # placeholder -> explanation figure it prints


@dataclass(frozen=True)
class ImportSpec:
    """The template-wide settings: change words, table notes, glossary entries, document-wide reads."""

    increase: tuple[str, ...] = ()
    decrease: tuple[str, ...] = ()
    same: tuple[str, ...] = ()  # 持平: no change
    change_unit: str = ""  # printed after a change's number (万元), where patterns leave it out
    synonyms: tuple[tuple[str, ...], ...] = ()  # words a document may print for each other (部门, 单位)
    path_marks: tuple[str, ...] = ()  # what follows each level's name in a printed path (（类）, （款）, （项）)
    table_note: str = ""  # the prefix of a table's note line (注：)
    glossary_entry: Read | None = None  # one line per term; placeholders term, definition
    document: tuple[Read, ...] = ()  # facts printed anywhere (the unit's name in the table headers)
    sections: dict[str, tuple[Read, ...]] = field(default_factory=dict)  # section id -> its reads

    def change_value(self, printed: str) -> str:
        """增加1.5 → 1.5, 减少1.5 → -1.5, 持平 → 0 (a number the expressions can use)."""
        printed = printed.removesuffix(self.change_unit) if self.change_unit else printed
        if printed in self.same:
            return "0"
        for word in self.decrease:
            if printed.startswith(word):
                return "-" + printed.removeprefix(word)
        for word in self.increase:
            if printed.startswith(word):
                return printed.removeprefix(word)
        raise ValueError(f"not a change: {printed}")


def import_spec(raw: Any, *, sections: dict[str, Any]) -> ImportSpec:
    """``import:`` of a template, with the ``import:`` of each section (``sections``: id -> raw reads)."""
    raw = raw or {}
    if not isinstance(raw, dict):
        raise ImportSpecError("import: must be a mapping")
    change = raw.get("change", {})
    increase = tuple(str(word) for word in change.get("increase", []))
    decrease = tuple(str(word) for word in change.get("decrease", []))
    same = tuple(str(word) for word in change.get("same", []))
    unit = str(change.get("unit", ""))
    words = "|".join(re.escape(word) for word in (*increase, *decrease))
    suffix = f"(?:{re.escape(unit)})?" if unit else ""
    alternatives = [rf"(?:{words}){KINDS['number']}{suffix}"] if words else []
    alternatives += [re.escape(word) for word in same]
    change_pattern = "(?:" + "|".join(alternatives) + ")" if alternatives else ""
    synonyms = tuple(tuple(str(word) for word in group) for group in raw.get("synonyms", []))
    if any(len(group) < 2 or "" in group for group in synonyms):
        raise ImportSpecError("import.synonyms: each entry lists two or more words that stand for each other")
    entry = raw.get("glossary_entry")
    path = raw.get("function_path") or {}
    if not isinstance(path, dict) or set(path) - {"marks"} or not isinstance(path.get("marks", []), list):
        raise ImportSpecError("import.function_path: {marks: [（类）, （款）, （项）]} (each level's mark)")
    marks = tuple(str(mark) for mark in path.get("marks", []))
    if "" in marks:
        raise ImportSpecError("import.function_path: a mark is printed text, not empty")
    spec = ImportSpec(
        increase=increase,
        decrease=decrease,
        same=same,
        change_unit=unit,
        synonyms=synonyms,
        path_marks=marks,
        table_note=str(raw.get("table_note", "")),
        glossary_entry=read_spec(
            {"read": entry}, change=change_pattern, where="import.glossary_entry", synonyms=synonyms
        )
        if entry
        else None,
        document=tuple(
            read_spec(item, change=change_pattern, where=f"import.document[{index}]", synonyms=synonyms)
            for index, item in enumerate(raw.get("document", []))
        ),
        sections={
            section_id: tuple(
                read_spec(
                    item, change=change_pattern, where=f"section {section_id}: import[{index}]", synonyms=synonyms
                )
                for index, item in enumerate(reads if isinstance(reads, list) else [reads])
            )
            for section_id, reads in sections.items()
        },
    )
    if spec.glossary_entry is not None and {"term", "definition"} - set(spec.glossary_entry.kinds):
        raise ImportSpecError("import.glossary_entry needs the placeholders {term…} and {definition…}")
    return spec


def read_spec(raw: Any, *, change: str, where: str, synonyms: tuple[tuple[str, ...], ...] = ()) -> Read:
    """A read; ``synonyms: false`` keeps its words exact (单位：元, where 单位 is no 部门)."""
    if not isinstance(raw, dict) or not ({"read", "fact"} & set(raw)):
        raise ImportSpecError(f"{where}: a read is {{read: PATTERN, facts: …}} or {{fact: PATH, as: …}}")
    if "fact" in raw:
        form = str(raw.get("as", "paragraph"))
        if form not in BODY_FORMS:
            raise ImportSpecError(f"{where}: as is one of {', '.join(BODY_FORMS)}, not {form}")
        return Read(fact=str(raw["fact"]), form=form)
    pattern = str(raw["read"])
    exact = raw.get("synonyms", True) is False
    regex, kinds = compile_pattern(pattern, change=change, where=where, synonyms=() if exact else synonyms)
    facts = {str(path): str(expression) for path, expression in (raw.get("facts") or {}).items()}
    for path, expression in facts.items():
        match = EXPRESSION.match(expression.strip())
        names = [name for name in (match[1], match[3]) if name] if match else []
        if not match or set(names) - set(kinds):
            raise ImportSpecError(f"{where}: {path}: {expression!r} is not a placeholder of the pattern (or a - b)")
        if match[2] and any(kinds[name] not in NUMERIC for name in names):
            raise ImportSpecError(f"{where}: {path}: only numbers add up ({expression})")
    figures = {str(name): str(figure) for name, figure in (raw.get("figures") or {}).items()}
    if unknown := [name for name in figures if kinds.get(name) != "number"]:
        raise ImportSpecError(f"{where}: figures: {unknown} are not number placeholders of the pattern")
    codes = {name for figure in figures.values() for name in FIGURE_CODE.findall(figure)}
    if unknown := [name for name in codes if kinds.get(name) not in FUNCTION_KINDS]:
        raise ImportSpecError(f"{where}: figures: {{{unknown[0]}}} is no function_path or function_name placeholder")
    where_read = str(raw.get("in", "body"))
    if where_read not in ("body", "heading", "rows"):
        raise ImportSpecError(f"{where}: in is body, heading or rows, not {where_read}")
    if where_read == "rows" and not raw.get("each", False):
        raise ImportSpecError(f"{where}: in: rows reads each row (each: true)")
    if raw.get("every", False) and (where_read != "body" or raw.get("each", False)):
        raise ImportSpecError(f"{where}: every: true reads the body's text, not with each or in: {where_read}")
    for path in facts:
        keys = [match[3] for part in path.split(".") if (match := PATH_PART.match(part)) and match[3]]
        if any(part for part in path.split(".") if not PATH_PART.match(part)) or set(keys) - set(kinds):
            raise ImportSpecError(f"{where}: {path}: a path is names, name[] and {{placeholder}} keys")
    return Read(
        pattern=pattern,
        facts=facts,
        optional=bool(raw.get("optional", False)),
        regex=regex,
        kinds=kinds,
        each=bool(raw.get("each", False)),
        heading=where_read == "heading",
        rows=where_read == "rows",
        every=bool(raw.get("every", False)),
        figures=figures,
    )


def literal_regex(text: str, synonyms: tuple[tuple[str, ...], ...] = ()) -> str:
    """Printed words as a regular expression, each word of a synonym group standing for all of them
    (部门 for 单位 or 预算单位: a 单位预算 prints the same titles with its own word)."""
    groups = {word: group for group in synonyms for word in group}
    if not groups:
        return re.escape(text)
    words = re.compile("|".join(re.escape(word) for word in sorted(groups, key=len, reverse=True)))
    parts, position = [], 0
    for match in words.finditer(text):  # one pass: a word put in stays as it is
        parts.append(re.escape(text[position : match.start()]))
        parts.append("(?:" + "|".join(re.escape(word) for word in groups[match[0]]) + ")")
        position = match.end()
    return "".join([*parts, re.escape(text[position:])])


def compile_pattern(
    pattern: str, *, change: str, where: str, synonyms: tuple[tuple[str, ...], ...] = ()
) -> tuple[re.Pattern[str], dict[str, str]]:
    """The printed words as a regular expression with a named group per placeholder."""
    parts: list[str] = []
    kinds: dict[str, str] = {}
    position = 0
    for match in PLACEHOLDER.finditer(pattern):
        parts.append(literal_regex(pattern[position : match.start()], synonyms))
        position = match.end()
        if match[0] == "…":
            parts.append(".*?")
            continue
        if match[0].isspace():
            parts.append(r"\s*")  # extraction spaces text unreliably
            continue
        name, kind = match[1], match[2] or "number"
        if kind not in KINDS or (kind == "change" and not change):
            raise ImportSpecError(
                f"{where}: {{{name}:{kind}}}: kinds are {', '.join(KINDS)} (change needs import.change)"
            )
        if name in kinds:
            raise ImportSpecError(f"{where}: the placeholder {name} appears twice")
        kinds[name] = kind
        parts.append(f"(?P<{name}>{change if kind == 'change' else KINDS[kind]})")
    parts.append(literal_regex(pattern[position:], synonyms))
    return re.compile("".join(parts), re.DOTALL), kinds


SHARE_OF = " / "  # in figures: a placeholder printing the percentage a figure is of another
# in figures, a table's line by the code a placeholder read: 05:{class}:total
FIGURE_CODE = re.compile(r"\{(\w+)\}")


def check_targets(spec: ImportSpec, *, schema: Field, figures: set[str]) -> None:
    """Every fact a read fills is a field of the publication's schema, of a kind the read can give;
    every figure it compares is one the template defines."""
    reads = [*spec.document, *(read for reads in spec.sections.values() for read in reads)]
    for read in reads:
        named = {name.strip() for figure in read.figures.values() for name in figure.split(SHARE_OF)}
        if unknown := {name for name in named if ":" not in name} - figures:
            raise ImportSpecError(f"import: {read.pattern}: figures {sorted(unknown)} are not explanation_figures")
        targets = [read.fact] if read.fact else list(read.facts)
        for path in targets:
            target = field_at(schema, path)
            if target is None:
                raise ImportSpecError(f"import: {path} is not a field of publication.yaml (facts:)")
            if read.fact and not body_fits(target, read.form):
                raise ImportSpecError(f"import: {path} ({target.kind}) cannot hold a body read as {read.form}")


def body_fits(target: Field, form: str) -> bool:
    if form == "paragraph":
        return target.kind in ("text", "str")
    item = target.item.kind if target.item is not None else ""
    return target.kind == "list" and (item in ("text", "str"))


def field_at(schema: Field, path: str) -> Field | None:
    """The field a dotted path names in a record schema (``name[]``: a list's entry, ``{key}``: a map's
    entry), or None."""
    current: Field | None = schema
    for part in path.split("."):
        match = PATH_PART.match(part)
        if current is None or match is None:
            return None
        if match[3]:  # {key} of a map
            current = current.item if current.kind == "map" else None
            continue
        current = current.fields.get(match[1]) if current.kind == "record" else None
        if match[2]:  # name[]: an entry of a list
            current = current.item if current is not None and current.kind == "list" else None
    return current
