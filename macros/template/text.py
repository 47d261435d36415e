"""Computed sentences rendered from text templates kept as data (``data/templates/<id>/<name>.zh.j2``).

Wording lives in Jinja2 templates so that a new publication format changes data, not code. Templates are
data, so they run in ``ImmutableSandboxedEnvironment`` and can reach nothing but what they are handed:

* No Python objects. The sandbox refuses attributes that start with ``_`` (``''.__class__``,
  ``range.__globals__``), function internals, and ``str.format`` attribute lookups (``"{0.__class__}"``).
* No mutation. Methods that change a dict, list or set (``d.update``, ``l.append``) are refused, so a template
  cannot alter the data it is given or leak state into another rendering.
* No other files. The loader holds only the template's own folder, so ``{% import "wording.j2" as w %}`` works
  and any other name is "not found"; there is no file system, no extensions and no globals except the filters
  below and the sandbox's capped ``range`` (at most ``MAX_RANGE`` items, else ``OverflowError``).
* Plain data in, plain text out. The context may hold only dicts, lists, str, int, bool, None, Decimal and dates
  (checked before rendering); only text and whole numbers may be printed, so an amount, a date or ``None`` must
  pass through a filter that words it. The output is plain text (no autoescape); the page escapes it once.
* Obvious size bombs stop early: ``**`` with a large exponent and repetition (``"ab" * 10**8``) are refused, and
  output is counted while it streams. A deliberately hostile template can still burn CPU or memory (nested loops,
  a macro that doubles a string recursively): templates are reviewed repository data, and the sandbox protects the
  build's Python objects, not its time.

Any failure becomes ``TextTemplateError`` naming the template file and line, so the validator can report it at
the file before the build runs.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from types import MappingProxyType, TracebackType
from typing import Any, Final

from jinja2 import DictLoader, Environment, StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, Undefined
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment, safe_range

# Units an amount can be stated in, by how many yuan one of them is. 百万元 serves English "million yuan".
UNITS: Final = MappingProxyType(
    {"元": Decimal(1), "万元": Decimal(10_000), "百万元": Decimal(1_000_000), "亿元": Decimal(100_000_000)}
)
TRIMS: Final = ("none", "cents", "all")
MAX_PRECISION: Final = 10
# Prose never needs big powers; a bound keeps `10 ** 10 ** 8`-style typos from eating memory.
MAX_EXPONENT: Final = 100
# Exceptions that mean "this template failed", as opposed to a bug in the caller.
TEMPLATE_FAILURES: Final = (
    TemplateError,
    TypeError,
    ValueError,
    ArithmeticError,
    LookupError,
    AttributeError,
    RecursionError,
)

CHINESE_DIGITS: Final = "零一二三四五六七八九"
NUMBER_WORDS: Final = (
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)
# Spelled here: strftime("%B") follows the locale.
MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class TextTemplateError(Exception):
    """A text template that does not render: which file, which line (when known), and why, on one line."""

    def __init__(self, template: str, line: int | None, reason: str) -> None:
        self.template = template
        self.line = line
        self.reason = " ".join(reason.split()) or "failed"
        where = template if line is None else f"{template}, line {line}"
        super().__init__(f"{where}: {self.reason}")


# --- numbers ---------------------------------------------------------------------------------------


def _decimal(value: object, what: str) -> Decimal:
    """Amounts are exact: Decimal or int only, so a float (or a bool posing as an int) is a data bug."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{what} needs a Decimal or an int, not {type(value).__name__}")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{what} needs a finite number, not {number}")
    return number


def _whole(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} needs an int, not {type(value).__name__}")
    return value


def _precision(value: object) -> int:
    precision = _whole(value, "precision")
    if not 0 <= precision <= MAX_PRECISION:
        raise ValueError(f"precision must be 0..{MAX_PRECISION}, not {precision}")
    return precision


def _unit_size(unit: object) -> Decimal:
    if not isinstance(unit, str) or unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; known units: {', '.join(UNITS)}")
    return UNITS[unit]


def _format_decimal(number: Decimal, *, precision: int, trim: str, group: bool) -> str:
    """Round half up, print, then trim; a rounded zero never shows a minus sign."""
    rounded = number.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    text = f"{rounded:,.{precision}f}" if group else f"{rounded:.{precision}f}"
    whole, _, decimals = text.partition(".")
    if trim == "all":
        decimals = decimals.rstrip("0")
    elif trim == "cents" and not decimals.strip("0"):
        decimals = ""
    return f"{whole}.{decimals}" if decimals else whole


def _measure(value: object, unit: str | None) -> tuple[Decimal, str]:
    """A bare number is in `unit` (元 by default); a measure mapping carries its own unit unless overridden."""
    if isinstance(value, Mapping):
        if "value" not in value:
            raise ValueError("a measure needs a 'value'")
        unit = unit if unit is not None else value.get("unit")
        if unit is None:
            raise ValueError("the measure has no 'unit'; pass unit=")
        return _decimal(value["value"], "amount"), unit
    return _decimal(value, "amount"), "元" if unit is None else unit


def amount(
    value: object,
    unit: str | None = None,
    to: str | None = None,
    precision: int = 2,
    trim: str = "none",
    group: bool = True,
) -> str:
    """9,101.68: convert `unit` → `to`, round half up to `precision`, trim zeros ("none"|"cents"|"all"), group.

    A measure's own precision is deliberately not used: it describes the source column, and a converted
    amount (元 → 万元) needs its own.
    """
    number, unit = _measure(value, unit)
    if trim not in TRIMS:
        raise ValueError(f"trim must be one of {', '.join(TRIMS)}, not {trim!r}")
    if not isinstance(group, bool):
        raise TypeError(f"group must be true or false, not {group!r}")
    converted = number * _unit_size(unit) / _unit_size(to if to is not None else unit)
    return _format_decimal(converted, precision=_precision(precision), trim=trim, group=group)


def percent(change: object, base: object, precision: int = 2, trim: str = "all") -> str:
    """|change| / base as a percentage, half up, trailing zeros trimmed: 7.93, 100, 12.5 (``trim``
    "none" keeps them, as some publications print: 100.00, 98.20).

    Same arithmetic, in the same order, as i18n.percent, so the published figures cannot drift.
    """
    base_number = _decimal(base, "percent base")
    if base_number == 0:
        raise ValueError("percent of a zero base; the template must word a zero base itself")
    if trim not in TRIMS:
        raise ValueError(f"trim must be one of {', '.join(TRIMS)}, not {trim!r}")
    value = abs(_decimal(change, "percent change")) / base_number * 100
    return _format_decimal(value, precision=_precision(precision), trim=trim, group=False)


def round_half_up(value: object, precision: int = 0, method: str = "common") -> Decimal:
    """Replaces Jinja's `round`, which uses Python's round (half to even) and returns floats for ceil/floor."""
    modes = {"common": ROUND_HALF_UP, "ceil": ROUND_CEILING, "floor": ROUND_FLOOR}
    if method not in modes:
        raise ValueError(f"round method must be one of {', '.join(modes)}, not {method!r}")
    step = Decimal(1).scaleb(-_precision(precision))
    return _decimal(value, "round").quantize(step, rounding=modes[method])


def sign(value: object) -> int:
    number = _decimal(value, "sign")
    return (number > 0) - (number < 0)


# --- numbering and words ---------------------------------------------------------------------------


def chinese_number(value: object) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (as i18n.chinese_number; numbering stays within 1..99)."""
    number = _whole(value, "chinese_number")
    if not 0 < number < 100:
        raise ValueError(f"chinese_number covers 1..99, not {number}")
    tens, ones = divmod(number, 10)
    text = "" if tens == 0 else ("十" if tens == 1 else CHINESE_DIGITS[tens] + "十")
    return text + (CHINESE_DIGITS[ones] if ones else "")


def chinese_ordinal(value: object) -> str:
    return f"{chinese_number(value)}、"


def paren_chinese(value: object) -> str:
    return f"（{chinese_number(value)}）"


def number_en(value: object) -> str:
    """Words for one to twelve, digits otherwise, as English style guides spell counts in prose."""
    number = _whole(value, "number_en")
    return NUMBER_WORDS[number - 1] if 1 <= number <= len(NUMBER_WORDS) else str(number)


def _date(value: object, what: str) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise TypeError(f"{what} needs a date, not {type(value).__name__}")
    return value


def date_zh(value: object) -> str:
    day = _date(value, "date_zh")
    return f"{day.year}年{day.month}月{day.day}日"


def date_en(value: object) -> str:
    """31 August 2024."""
    day = _date(value, "date_en")
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _texts(items: object, what: str) -> list[str]:
    """Only text is joined: amounts must be worded first, and a lone string is not a list of words."""
    if isinstance(items, str | Mapping) or not isinstance(items, Iterable):
        raise TypeError(f"{what} needs a list of text, not {type(items).__name__}")
    texts = list(items)
    for item in texts:
        if not isinstance(item, str):
            raise TypeError(f"{what} joins text, not {type(item).__name__}; word it with a filter first")
    return texts


def _join(texts: list[str], *, separator: str, last: str) -> str:
    return separator.join(texts[:-1]) + last + texts[-1] if len(texts) > 1 else "".join(texts)


def join_zh(items: object) -> str:
    """a、b和c"""
    return _join(_texts(items, "join_zh"), separator="、", last="和")


def join_en(items: object) -> str:
    """a, b and c"""
    return _join(_texts(items, "join_en"), separator=", ", last=" and ")


FILTERS: Final[Mapping[str, Callable[..., object]]] = MappingProxyType(
    {
        "amount": amount,
        "percent": percent,
        "round": round_half_up,
        "sign": sign,
        "chinese_number": chinese_number,
        "chinese_ordinal": chinese_ordinal,
        "paren_chinese": paren_chinese,
        "number_en": number_en,
        "date_zh": date_zh,
        "date_en": date_en,
        "join_zh": join_zh,
        "join_en": join_en,
    }
)


# --- environment -----------------------------------------------------------------------------------


class _FolderLoader(DictLoader):
    """The template's own files only. Each name doubles as its filename, so that tracebacks and syntax errors
    say which file failed (a plain DictLoader calls every file "<template>")."""

    # DictLoader annotates its filename as None; BaseLoader's contract allows any str.
    def get_source(  # type: ignore[override]
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, _, uptodate = super().get_source(environment, template)
        return source, template, uptodate


class _TextSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, plus refusal of operators that build huge values before any output is counted."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and _is_number(right) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"exponent {right} is above the sandbox's limit of {MAX_EXPONENT}")
        if operator == "*" and _repeated_length(left, right) > MAX_RANGE:
            raise SecurityError(f"repetition longer than the sandbox's limit of {MAX_RANGE} items")
        return super().call_binop(context, operator, left, right)


def _is_number(value: object) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _repeated_length(left: object, right: object) -> int:
    """The length of `sequence * count` (either order), or 0 when the operands are numbers."""
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, str | list | tuple) and isinstance(count, int):
            return len(sequence) * count
    return 0


def _printable(value: object) -> object:
    """Only text and whole numbers are printed as they are: Decimal, dates, None or a dict in prose is a bug."""
    if isinstance(value, str | Undefined) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise TypeError(f"cannot print a {type(value).__name__} as it is; word it with a filter (amount, date_zh, …)")


def text_environment(files: Mapping[str, str]) -> ImmutableSandboxedEnvironment:
    """A sandbox that sees `files` (one template folder, by relative name) and nothing else."""
    environment = _TextSandbox(
        loader=_FolderLoader(dict(files)),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        extensions=(),
        finalize=_printable,
        auto_reload=False,
    )
    environment.globals.clear()  # drops dict, lipsum, cycler, joiner, namespace
    environment.globals["range"] = safe_range
    environment.filters.update(FILTERS)
    return environment


# --- rendering -------------------------------------------------------------------------------------


PLAIN_SCALARS = (str, int, Decimal, datetime.date)


class PlainContext(dict[str, object]):
    """A context checked to be plain data (``plain_context``): a publication's context is large (every table's
    lines) and every text of the publication renders with it, so it is checked once, not at every render."""


def plain_context(context: Mapping[str, object]) -> PlainContext:
    """``context`` checked to hold plain data only (text, numbers, dates, lists and dicts of them)."""
    _check_plain(dict(context), "context")
    return PlainContext(context)


def with_values(context: PlainContext, **values: object) -> PlainContext:
    """A checked context with more values, checking only those."""
    _check_plain(values, "context")
    return PlainContext({**context, **values})


def _check_plain(value: object, path: str) -> None:
    """The context is plain data, so nothing a template reaches has methods worth escaping through. The walk
    names no paths (a context holds millions of values); the slow walk below names where a failure is."""
    pending = [value]
    while pending:
        item = pending.pop()
        if item is None or isinstance(item, PLAIN_SCALARS):
            continue
        if isinstance(item, dict | MappingProxyType):  # not any Mapping: a model class could pose as one
            if not all(isinstance(key, str) for key in item):
                _find_not_plain(value, path)
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
        else:
            _find_not_plain(value, path)


def _find_not_plain(value: object, path: str) -> None:
    """Raises TypeError naming the first value in ``value`` that is not plain data, by its path."""
    if value is None or isinstance(value, PLAIN_SCALARS):
        return
    if isinstance(value, dict | MappingProxyType):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"text template context {path} has a non-text key {key!r}")
            _find_not_plain(item, f"{path}[{key!r}]")
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _find_not_plain(item, f"{path}[{index}]")
        return
    raise TypeError(f"text template context {path} is a {type(value).__name__}; pass plain data only")


def _location(error: BaseException, files: Mapping[str, str]) -> tuple[str | None, int | None]:
    """The innermost template file and line: Jinja rewrites tracebacks so template frames carry both."""
    if isinstance(error, TemplateSyntaxError) and error.name is not None:
        return error.name, error.lineno
    found: tuple[str | None, int | None] = (None, None)
    frame: TracebackType | None = error.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_filename in files:
            found = (frame.tb_frame.f_code.co_filename, frame.tb_lineno)
        frame = frame.tb_next
    return found


def _reason(error: BaseException) -> str:
    if isinstance(error, TemplateNotFound):
        return f"there is no template file {error.name!r} in this template's folder"
    if isinstance(error, TemplateSyntaxError):
        return error.message or "syntax error"
    return str(error) or type(error).__name__


def _template_error(error: BaseException, files: Mapping[str, str], name: str) -> TextTemplateError:
    template, line = _location(error, files)
    reason = _reason(error)
    if template is not None and template != name:
        reason = f"{reason} (while rendering {name})"
    return TextTemplateError(template or name, line, reason)


def _bounded(chunks: Iterable[str], name: str, limit: int) -> str:
    """Counts output while it streams, so a runaway loop stops at the limit instead of filling memory."""
    parts: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise TextTemplateError(name, None, f"the output is longer than {limit} characters")
        parts.append(chunk)
    return "".join(parts)


def paragraphs(text: str) -> str:
    """Paragraphs separated by exactly one blank line, no trailing spaces, no blank lines at either end."""
    blocks: list[list[str]] = [[]]
    for line in (line.rstrip() for line in text.splitlines()):
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return "\n\n".join("\n".join(block) for block in blocks if block)


@functools.lru_cache(maxsize=16)
def _cached_environment(files: tuple[tuple[str, str], ...]) -> ImmutableSandboxedEnvironment:
    """One environment per template folder (by content): it keeps the compiled templates, so a site's
    hundreds of renderings compile each text once."""
    return text_environment(dict(files))


def render_text(files: Mapping[str, str], name: str, context: Mapping[str, object], *, limit: int = 100_000) -> str:
    """Renders `name` from `files` with plain-data `context`; any failure is a TextTemplateError at file and line."""
    checked = context if isinstance(context, PlainContext) else plain_context(context)
    environment = _cached_environment(tuple(sorted(files.items())))
    try:
        text = _bounded(environment.get_template(name).generate(checked), name, limit)
    except TEMPLATE_FAILURES as error:
        raise _template_error(error, files, name) from error
    return paragraphs(text)
