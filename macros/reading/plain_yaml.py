"""Staff YAML as plain data: mappings, lists and scalars, each with its line and column.

Staff files never need YAML's programming features, and each is a way to hurt the build: anchors and
aliases (an alias bomb grows without bound, a self-reference loops), merge keys, tags (``!!python/…``),
directives and several documents in one file. They are refused with the place where they start.

Scalars follow YAML 1.2's core schema, narrowed to what a budget needs, so that nothing is read as a
number that staff did not write as one: ``0x31``, ``0100``, ``1:30``, ``1e3``, ``.inf`` and ``+5`` stay
text (and the schema then refuses them where a number is expected). Read as data:

- ``~``, ``null`` and an empty value: None; ``true`` and ``false``: booleans;
- ``-?(0|[1-9][0-9]*)``: int; the same with a decimal point and digits after it: Decimal (exact);
- ``YYYY-MM-DD`` that is a real date: datetime.date.

Keys are always text, as written (``01:`` is the key "01", ``10:`` the key "10").

Reading is bounded whatever the file holds: events are streamed from libyaml, and a file with more
than MAX_NODES values or nested deeper than MAX_DEPTH is refused before it is built.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

import yaml

from macros.reading.problems import Problem, problem
from macros.reading.sources import read_text
from macros.reading.text_policy import describe, hidden_in, line_and_column

# libyaml's parser when the wheel has it: ten times faster, same events and positions.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_NODES = 20_000  # a publication.yaml has a few hundred
MAX_DEPTH = 16  # a publication.yaml nests five deep
MAX_CHARACTER_PROBLEMS = 20
MAX_NUMBER_LENGTH = 20  # within Decimal's 28 digits, so no later arithmetic loses or refuses one
INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
NULLS = {"", "~", "null", "Null", "NULL"}
BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}

Keys = tuple[str | int, ...]
Positions = dict[Keys, tuple[int, int]]


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file and where each field sits: ``positions[("a", 0, "b")] = (line, column)``.

    A mapping's field is placed at its key, a list item at the item itself; ``value_positions`` place
    each value where it starts (for a problem inside the value, such as a refused character).
    """

    path: Path
    data: Any
    positions: Positions
    value_positions: Positions = field(default_factory=dict)
    text_origins: dict[Keys, TextOrigin] = field(default_factory=dict)

    def position(self, *keys: str | int) -> tuple[int, int]:
        """The position of the field at ``keys``, or of its nearest parent that exists."""
        for length in range(len(keys), -1, -1):
            if keys[:length] in self.positions:
                return self.positions[keys[:length]]
        return (1, 1)

    def value_position(self, *keys: str | int) -> tuple[int, int]:
        return self.value_positions.get(keys) or self.position(*keys)

    def character_position(self, keys: Keys, *, line_offset: int, column_offset: int) -> tuple[int, int]:
        """Where a character of a text value sits in the file (offsets inside the value, 0-based).

        Exact for values on one line and for block scalars (``|``); elsewhere (folded or quoted text
        over several lines) the value's start."""
        origin = self.text_origins.get(keys)
        if origin is None:
            return self.value_position(*keys)
        if origin.block:
            return origin.line + line_offset, origin.column + column_offset
        if line_offset == 0:
            return origin.line, origin.column + column_offset
        return self.value_position(*keys)


@dataclass(frozen=True)
class TextOrigin:
    """Where a text value's first character is (1-based), and whether it is a block scalar whose
    lines keep their places (``|``) rather than one line (plain or quoted)."""

    line: int
    column: int
    block: bool


class Mark(Protocol):
    """Where libyaml saw something (its pure and C marks alike), counted from 0."""

    line: int
    column: int


class Refused(Exception):
    """A construct staff YAML does not allow, at a place; ends the reading."""

    def __init__(self, code: str, mark: Mark | None, **params: str) -> None:
        super().__init__(code)
        self.code, self.mark, self.params = code, mark, params


# What each refused construct is called in the message (Chinese, English).
FEATURES = {
    "anchor": ("锚点 &", "an anchor (&)"),
    "alias": ("引用 *", "an alias (*)"),
    "merge": ("合并键 <<", "a merge key (<<)"),
    "tag": ("类型标签 !", "a tag (!)"),
    "directive": ("指令 %", "a directive (%)"),
    "documents": ("多个文档（---）", "several documents (---)"),
    "complex_key": ("以列表或映射为键", "a list or mapping as a key"),
}


def read_yaml(path: Path) -> tuple[YamlDocument | None, list[Problem]]:
    """Read a staff YAML file; ``None`` with problems when it is not plain, well-formed data."""
    text, problems = read_text(path)
    if text is None:
        return None, problems
    characters = control_characters(path, text)
    if characters:
        return None, characters
    if "\t" in text:
        line, column = line_and_column(text, text.index("\t"))
        detail = "用了 Tab（缩进和文字中都不能用）/ a tab is used (not allowed for indentation or in text)"
        return None, [problem(path, "YAML_SYNTAX", line=line + 1, column=column + 1, detail=detail)]
    builder = Builder(path, text)
    try:
        for event in yaml.parse(text, Loader=SafeLoader):
            builder.add(event)
    except yaml.MarkedYAMLError as error:
        # "while scanning a simple key" errors are noticed a line late: the context mark is the mistake.
        mark = error.context_mark or error.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = " ".join(str(error.problem or error).split())  # one line: one problem a line
        return None, [problem(path, "YAML_SYNTAX", line=line, column=column, detail=detail)]
    except yaml.YAMLError as error:
        return None, [problem(path, "YAML_SYNTAX", detail=" ".join(str(error).split()))]
    except Refused as refused:
        line, column = at(refused.mark)
        return None, [problem(path, refused.code, line=line, column=column, related=(), **refused.params)]
    document = YamlDocument(
        path=path,
        data=builder.root,
        positions=builder.positions,
        value_positions=builder.value_positions,
        text_origins=builder.text_origins,
    )
    return document, builder.duplicates


def control_characters(path: Path, text: str) -> list[Problem]:
    """Control characters anywhere in the file (comments too), each at its line and column.

    libyaml refuses most of them with a character offset; found here first, they are named."""
    found: list[Problem] = []
    for bad in hidden_in(text):
        if bad.character == "\t":
            continue  # a tab has its own message below
        if len(found) == MAX_CHARACTER_PROBLEMS:
            break  # a file full of them needs one look, not a million lines
        line_number, column = line_and_column(text, bad.offset)
        found.append(
            problem(
                path,
                "TEXT_CHARACTER",
                line=line_number + 1,
                column=column + 1,
                field="",
                field_en="",
                character=describe(bad),
                character_en=describe(bad, lang="en"),
            )
        )
    return found


@dataclass
class Frame:
    """A mapping or list being built, and where it is."""

    value: dict | list
    keys: Keys
    key: Any = None  # a mapping's key waiting for its value
    has_key: bool = False
    seen: set[str] = field(default_factory=set)


class Builder:
    """Builds data from the event stream with an explicit stack (no recursion, no aliases)."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.split("\n")
        self.text_origins: dict[Keys, TextOrigin] = {}
        self.stack: list[Frame] = []
        self.root: Any = None
        self.nodes = 0
        self.documents = 0
        self.positions: Positions = {}
        self.value_positions: Positions = {}
        self.duplicates: list[Problem] = []

    def add(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise refusal("documents", event.start_mark)
            if event.version or event.tags:
                raise refusal("directive", event.start_mark)
        elif isinstance(event, yaml.AliasEvent):
            raise refusal("alias", event.start_mark)
        elif isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
            self.node(event)
        elif isinstance(event, yaml.CollectionEndEvent):
            frame = self.stack.pop()
            if not self.stack:
                self.root = frame.value

    def node(self, event: yaml.NodeEvent) -> None:
        if event.anchor is not None:
            raise refusal("anchor", event.start_mark)
        if getattr(event, "tag", None) is not None:
            raise refusal("tag", event.start_mark)
        self.nodes += 1
        if self.nodes > MAX_NODES or len(self.stack) >= MAX_DEPTH:
            raise Refused(
                "FILE_TOO_LARGE",
                event.start_mark,
                limit=f"{MAX_NODES} 个值、{MAX_DEPTH} 层嵌套",
                limit_en=f"{MAX_NODES} values, {MAX_DEPTH} levels of nesting",
            )
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame.value, dict) and not frame.has_key:
            self.key(frame, event)
            return
        value: Any
        value = (
            scalar(event)
            if isinstance(event, yaml.ScalarEvent)
            else {}
            if isinstance(event, yaml.MappingStartEvent)
            else []
        )
        keys = self.place(frame, value, event.start_mark)
        if isinstance(event, yaml.ScalarEvent) and isinstance(value, str):
            self.note_origin(keys, event)
        if not isinstance(event, yaml.ScalarEvent):
            self.stack.append(Frame(value=value, keys=keys))
        elif frame is None:
            self.root = value

    def key(self, frame: Frame, event: yaml.NodeEvent) -> None:
        if not isinstance(event, yaml.ScalarEvent):
            raise refusal("complex_key", event.start_mark)
        if event.value == "<<" and plain(event):
            raise refusal("merge", event.start_mark)
        frame.key, frame.has_key = event.value, True  # keys are names: 01 and 10 are "01" and "10"
        text = str(frame.key)
        position = at(event.start_mark)
        if text in frame.seen:
            detail = f"字段 {text} 写了两次 / key {text} appears twice"
            self.duplicates.append(
                problem(self.path, "YAML_SYNTAX", line=position[0], column=position[1], detail=detail)
            )
        frame.seen.add(text)
        self.positions[(*frame.keys, text)] = position

    def note_origin(self, keys: Keys, event: yaml.ScalarEvent) -> None:
        """Where the text's characters start: a literal block's first content line and indentation,
        or, for a value on one line, after its opening quote."""
        (start_line, start_column), (end_line, _) = at(event.start_mark), at(event.end_mark)
        if event.style == "|":
            first = next((index for index in range(start_line, len(self.lines)) if self.lines[index].strip()), None)
            if first is not None:
                indent = len(self.lines[first]) - len(self.lines[first].lstrip(" "))
                self.text_origins[keys] = TextOrigin(line=first + 1, column=indent + 1, block=True)
        elif start_line == end_line and event.style in ("", None, "'", '"'):
            quote = 1 if event.style in ("'", '"') else 0
            self.text_origins[keys] = TextOrigin(line=start_line, column=start_column + quote, block=False)

    def place(self, frame: Frame | None, value: Any, mark: Mark | None) -> Keys:
        """Put a value into its parent; returns its keys."""
        position = at(mark)
        if frame is None:
            keys: Keys = ()
            self.positions[keys] = position
        elif isinstance(frame.value, dict):
            keys = (*frame.keys, str(frame.key))
            frame.value[frame.key] = value  # a repeated key keeps its last value, as YAML readers do
            frame.has_key = False
        else:
            keys = (*frame.keys, len(frame.value))
            frame.value.append(value)
            self.positions[keys] = position
        self.value_positions[keys] = position
        return keys


def at(mark: Mark | None) -> tuple[int, int]:
    """A mark's line and column, counted from 1 (libyaml always gives one; the types allow none)."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def refusal(feature: str, mark: Mark | None) -> Refused:
    feature_zh, feature_en = FEATURES[feature]
    return Refused("YAML_NOT_PLAIN", mark, feature=feature_zh, feature_en=feature_en)


def plain(event: yaml.ScalarEvent) -> bool:
    """Written without quotes or block indicators (libyaml says '' for plain, PyYAML None)."""
    return not event.style


def scalar(event: yaml.ScalarEvent) -> Any:
    """A scalar as data: quoted and block scalars are always text; plain ones are resolved."""
    text = event.value
    if not plain(event):
        return text
    if text in NULLS:
        return None
    if text in BOOLEANS:
        return BOOLEANS[text]
    if len(text) > MAX_NUMBER_LENGTH:
        return text  # no budget figure is this long (and int() refuses 4,300 digits)
    if INTEGER.fullmatch(text):
        return int(text)
    if DECIMAL.fullmatch(text):
        return Decimal(text)
    if DATE.fullmatch(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return text  # 2024-02-30: text, which a date field then refuses with its place
    return text


def dump_yaml(data: Any) -> str:
    """YAML that read_yaml reads back: no anchors or aliases even where values repeat, Decimal as written."""
    return yaml.dump(data, Dumper=PlainDumper, allow_unicode=True, sort_keys=False, width=1000)


class PlainDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    """793.63 as 793.63 and 793 as 793: plain, so read_yaml reads them back as the same numbers."""
    tag = (
        "tag:yaml.org,2002:int"
        if value == value.to_integral_value() and "." not in f"{value:f}"
        else "tag:yaml.org,2002:float"
    )
    return dumper.represent_scalar(tag, f"{value:f}")


PlainDumper.add_representer(Decimal, represent_decimal)
