"""Check the budget data before it is published.

    python scripts/validate.py [DATA_DIR] [--fix-encoding] [--lang zh|en] [--format text|github|markdown]
                               [--strict-translations]

DATA_DIR defaults to $BUDGET_DATA_DIR, else data/. Prints every problem, one a line, sorted:
``path:line:column: CODE message``; then the warnings (English still pending, TRANSLATION_PENDING), each
labelled ``警告`` (``warning`` with --lang en). Warnings leave the data valid; --strict-translations makes
them problems, for a department that publishes nothing untranslated.
Exit status: 0 valid (warnings or not), 1 problems found, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.checking.validation import default_data_dir, irregular_entries
from macros.checking.validation_cache import cached_validation
from macros.exchange.github_markdown import escape_markdown
from macros.reading.problems import Problem
from macros.reading.sources import convert_gb18030_to_utf8

TEXT_SUFFIXES = (".csv", ".yaml", ".yml")
SUMMARY_LIMIT = 60_000  # characters of the Markdown table; GitHub drops a step summary over 1 MiB


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="检查预算数据 / Check the budget data.")
    parser.add_argument("data_dir", nargs="?", type=Path, help="数据目录（默认 $BUDGET_DATA_DIR 或 data/）")
    parser.add_argument(
        "--fix-encoding",
        action="store_true",
        help="把 Excel 以 GBK/GB18030 保存的文件改写为 UTF-8，然后检查 / rewrite GBK files as UTF-8 first",
    )
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="message language (default zh)")
    parser.add_argument(
        "--format",
        choices=("text", "github", "markdown"),
        default="text",
        help="text: path:line:column: CODE message; github: workflow annotations; markdown: a table for a summary",
    )
    parser.add_argument(
        "--strict-translations",
        action="store_true",
        help="英文待译（TRANSLATION_PENDING）也算问题 / pending translations are problems, not warnings",
    )
    arguments = parser.parse_args(argv)
    data_dir = arguments.data_dir or default_data_dir()
    if not data_dir.is_dir():
        parser.error(f"数据目录不存在 / no such data directory: {data_dir}")
    if arguments.fix_encoding and not irregular_entries(data_dir):  # never write through a link out of data/
        for path in sorted(data_dir.rglob("*")):
            if path.suffix in TEXT_SUFFIXES and path.is_file() and convert_gb18030_to_utf8(path):
                print(f"已转换为 UTF-8 / converted to UTF-8: {path}", file=sys.stderr)
    result = cached_validation(data_dir)  # the builds that follow load it instead of validating again
    problems, warnings = result.problems, result.warnings
    if arguments.strict_translations:  # a department that wants every English text written
        problems, warnings = sorted([*problems, *warnings]), []
    print(FORMATTERS[arguments.format](problems, warnings, lang=arguments.lang), end="")
    count = len(result.publications)
    noted = f"，另有 {len(warnings)} 个警告（英文待译）" if warnings else ""
    noted_en = f", and {len(warnings)} warnings (translations pending)" if warnings else ""
    if problems:
        print(f"发现 {len(problems)} 个问题{noted} / {len(problems)} problems found{noted_en}.", file=sys.stderr)
        return 1
    print(f"数据检查通过：{count} 份公开材料{noted} / data valid: {count} publications{noted_en}.", file=sys.stderr)
    return 0


def warning_word(lang: str) -> str:
    return "warning" if lang == "en" else "警告"


def as_text(problems: Sequence[Problem], warnings: Sequence[Problem] = (), *, lang: str) -> str:
    """Problems, then warnings: ``path:line:column: 警告 CODE message``."""
    lines = [found.format(lang=lang) for found in problems]
    lines += [
        f"{found.path}:{found.line}:{found.column}: {warning_word(lang)} {found.code} {found.message(lang=lang)}"
        for found in warnings
    ]
    return "".join(line + "\n" for line in lines)


def as_github(problems: Sequence[Problem], warnings: Sequence[Problem] = (), *, lang: str) -> str:
    """One workflow command per problem (``::error``) and per warning (``::warning``): GitHub shows it on the
    file and line in the pull request.

    A command is one line, ``::error file=…,line=…::message``: GitHub's escapes keep a line break or a
    ``%`` in the message from ending or changing it, and a ``:`` or ``,`` in a property from ending it.
    """

    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    return "".join(
        f"::{command} file={prop(found.path)},line={found.line},col={found.column},title={prop(found.code)}::"
        f"{data(found.message(lang=lang))}\n"
        for command, listed in (("error", problems), ("warning", warnings))
        for found in listed
    )


def as_markdown(problems: Sequence[Problem], warnings: Sequence[Problem] = (), *, lang: str) -> str:
    """Tables for the job summary: the problems, then the warnings. Paths and messages quote the data:
    escaped, so they stay text (the code is one of MESSAGES' keys). Cut before GitHub's size limit, saying
    how many are left out."""
    lines = (
        markdown_table(f"❌ {len(problems)} 个问题 / problems", problems, what=("个问题", "problems"), lang=lang)
        if problems
        else ["✅ 数据检查通过 / data valid."]
    )
    if warnings:
        title = f"⚠️ {len(warnings)} 个警告（英文待译）/ warnings (translations pending)"
        lines += ["", *markdown_table(title, warnings, what=("个警告", "warnings"), lang=lang)]
    return "\n".join(lines) + "\n"


def markdown_table(title: str, listed: Sequence[Problem], *, what: tuple[str, str], lang: str) -> list[str]:
    lines = [
        f"{title}\n",
        "| 文件 file | 行 line | 列 col | 代码 code | 说明 message |",
        "|---|---:|---:|---|---|",
    ]
    size = sum(len(line) + 1 for line in lines)
    for count, found in enumerate(listed):
        path, message = escape_markdown(found.path), escape_markdown(found.message(lang=lang))
        line = f"| {path} | {found.line} | {found.column} | `{found.code}` | {message} |"
        size += len(line) + 1
        if size > SUMMARY_LIMIT:
            left = len(listed) - count
            lines += [
                "",
                f"> ✂️ 还有 {left} {what[0]}未列出：运行 make validate 可看到全部。"
                f" / {left} more {what[1]} are not listed: make validate shows them all.",
            ]
            break
        lines.append(line)
    return lines


FORMATTERS = {"text": as_text, "github": as_github, "markdown": as_markdown}


if __name__ == "__main__":
    sys.exit(main())
