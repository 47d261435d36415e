"""Check the budget data before it is published.

    python scripts/validate.py [DATA_DIR] [--fix-encoding] [--lang zh|en]

DATA_DIR defaults to $BUDGET_DATA_DIR, else data/. Prints every problem, one a line, sorted:
``path:line:column: CODE message``. Exit status: 0 valid, 1 problems found, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.checking.validation import default_data_dir, irregular_entries, validate
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
    arguments = parser.parse_args(argv)
    data_dir = arguments.data_dir or default_data_dir()
    if not data_dir.is_dir():
        parser.error(f"数据目录不存在 / no such data directory: {data_dir}")
    if arguments.fix_encoding and not irregular_entries(data_dir):  # never write through a link out of data/
        for path in sorted(data_dir.rglob("*")):
            if path.suffix in TEXT_SUFFIXES and path.is_file() and convert_gb18030_to_utf8(path):
                print(f"已转换为 UTF-8 / converted to UTF-8: {path}", file=sys.stderr)
    result = validate(data_dir)
    print(FORMATTERS[arguments.format](result.problems, lang=arguments.lang), end="")
    count = len(result.publications)
    if result.problems:
        print(f"发现 {len(result.problems)} 个问题 / {len(result.problems)} problems found.", file=sys.stderr)
        return 1
    print(f"数据检查通过：{count} 份公开材料 / data valid: {count} publications.", file=sys.stderr)
    return 0


def as_text(problems: list[Problem], *, lang: str) -> str:
    return "".join(found.format(lang=lang) + "\n" for found in problems)


def as_github(problems: list[Problem], *, lang: str) -> str:
    """One workflow command per problem: GitHub shows it on the file and line in the pull request.

    A command is one line, ``::error file=…,line=…::message``: GitHub's escapes keep a line break or a
    ``%`` in the message from ending or changing it, and a ``:`` or ``,`` in a property from ending it.
    """

    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    return "".join(
        f"::error file={prop(found.path)},line={found.line},col={found.column},title={prop(found.code)}::"
        f"{data(found.message(lang=lang))}\n"
        for found in problems
    )


def as_markdown(problems: list[Problem], *, lang: str) -> str:
    """A table for the job summary. Paths and messages quote the data: escaped, so they stay text
    (the code is one of MESSAGES' keys). Cut before GitHub's size limit, saying how many are left out."""
    if not problems:
        return "✅ 数据检查通过 / data valid.\n"
    lines = [
        f"❌ {len(problems)} 个问题 / problems\n",
        "| 文件 file | 行 line | 列 col | 代码 code | 说明 message |",
        "|---|---:|---:|---|---|",
    ]
    size = sum(len(line) + 1 for line in lines)
    for listed, found in enumerate(problems):
        path, message = escape_markdown(found.path), escape_markdown(found.message(lang=lang))
        line = f"| {path} | {found.line} | {found.column} | `{found.code}` | {message} |"
        size += len(line) + 1
        if size > SUMMARY_LIMIT:
            left = len(problems) - listed
            lines += [
                "",
                f"> ✂️ 还有 {left} 个问题未列出：运行 make validate 可看到全部。"
                f" / {left} more problems are not listed: make validate shows them all.",
            ]
            break
        lines.append(line)
    return "\n".join(lines) + "\n"


FORMATTERS = {"text": as_text, "github": as_github, "markdown": as_markdown}


if __name__ == "__main__":
    sys.exit(main())
