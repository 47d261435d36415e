"""Problems found in the data: values with a stable code, a place and a message.

Every check returns problems instead of raising, so that all of them are reported at once,
sorted, one a line: ``path:line:column: CODE message``. The command line and the site build
print the same lines. Messages are Chinese first (staff), English on request (maintainers).
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# code -> (Chinese template, English template). Templates name what was expected and what was found.
MESSAGES: dict[str, tuple[str, str]] = {
    # files and folders
    "FILE_MISSING": ("缺少文件 {name}。{hint}", "missing file {name}. {hint}"),
    "FILE_EMPTY": ("文件是空的：应至少有表头一行。", "the file is empty: it needs at least its header line."),
    "FILE_UNEXPECTED": (
        "多余的文件或文件夹 {name}：{hint}",
        "unexpected file or folder {name}: {hint}",
    ),
    "FOLDER_NAME": (
        "文件夹名 {name} 不符合要求：{hint}",
        "folder name {name} is not allowed: {hint}",
    ),
    "FILE_NOT_REGULAR": (
        "{name} 是{kind}：data/ 中只能放普通文件和文件夹（不要用符号链接等），请换成文件本身。",
        "{name} is {kind_en}: data/ holds only regular files and folders (no symbolic links or the like); "
        "put the file itself there.",
    ),
    "FILE_TOO_LARGE": (
        "文件超出了可读取的范围（{limit}）：公开材料的数据远小于此，请检查文件是否被误改。",
        "the file is beyond what is read ({limit_en}); a publication's data is far smaller: check the file.",
    ),
    # characters
    "TEXT_CHARACTER": (
        "{field}含有不允许的字符 {character}。请删除或改为普通字符（这类字符常在从网页、Word 或 Excel 复制文字时带入）。",
        "{field_en}has a character that is not allowed: {character_en}. Delete it or type a plain one instead "
        "(such characters often come along when text is copied from web pages, Word or Excel).",
    ),
    "TEXT_TOO_LONG": (
        "{field}有 {length} 个字，超过了上限 {limit} 个字：请核对是否误粘贴了多余的内容。",
        "{field_en}has {length} characters, more than the limit of {limit}: check for text pasted by mistake.",
    ),
    "DIGIT_NOT_ASCII": (
        "{what} “{found}” 含非半角数字 {character}：{what}只能用半角数字 0–9，应写为 {suggestion}。",
        "{what_en} “{found}” has the digit {character}, which is not an ASCII digit: write {suggestion} "
        "with the digits 0–9.",
    ),
    # encodings and CSV syntax
    "ENCODING_GBK": (
        "文件不是 UTF-8 编码，看起来是按 GBK/GB18030（中文 Windows 和 Excel 的默认编码）保存的"
        "（第 {line} 行起）。修正方法：{fix}；或运行 python scripts/validate.py --fix-encoding 自动转换为 UTF-8。",
        "the file is not UTF-8; it looks saved as GBK/GB18030 (the default of Excel on Chinese Windows), from "
        "line {line} on. Fix: save it as UTF-8 (in Excel: Save As > CSV UTF-8 (Comma delimited)), or run "
        "python scripts/validate.py --fix-encoding to convert it to UTF-8.",
    ),
    "ENCODING_UTF16": (
        "文件是 UTF-16 编码（Excel 的“Unicode 文本”格式）。请在 Excel 中选择“另存为”→“CSV UTF-8（逗号分隔）(*.csv)”。",
        "the file is UTF-16 (Excel's Unicode Text format). Save it from Excel as CSV UTF-8 (Comma delimited).",
    ),
    "ENCODING_INVALID": (
        "第 {line} 行有无法识别的字节（既不是 UTF-8 也不是 GBK）：{detail}。请用 UTF-8 重新保存。",
        "line {line} has bytes that are neither UTF-8 nor GBK: {detail}. Save the file again as UTF-8.",
    ),
    "CSV_SYNTAX": (
        "CSV 格式错误：{detail}。含逗号、引号或换行的文字要用英文双引号括起来，文字中的双引号写两次。",
        "CSV syntax error: {detail}. Text with commas, quotes or line breaks must be in double quotes, "
        "with inner double quotes doubled.",
    ),
    "COLUMN_MISSING": (
        "缺少列 {header}。表头应为：{expected}",
        "missing column {header}. The header must be: {expected}",
    ),
    "COLUMN_UNEXPECTED": (
        "多余的列 “{header}”。表头应为：{expected}",
        "unexpected column “{header}”. The header must be: {expected}",
    ),
    "COLUMN_DUPLICATE": ("列 {header} 出现了两次。", "column {header} appears twice."),
    "ROW_CELLS": (
        "本行有 {found} 个单元格，表头有 {expected} 个。是否多了或少了逗号？含逗号的文字要用英文双引号括起来。",
        "this line has {found} cells but the header has {expected}. Is a comma missing or extra? "
        "Text containing a comma must be in double quotes.",
    ),
    "ROW_EMPTY": (
        "空行：表中间不能有空行，请删除。",
        "empty line: a table cannot have empty lines; delete it.",
    ),
    # cells
    "AMOUNT_EMPTY": (
        "列 {header} 的金额为空：应填写金额，没有发生额请填 {zero}。",
        "column {header} is empty: an amount is expected; write {zero} for none.",
    ),
    "AMOUNT_NOT_NUMBER": (
        "列 {header} 应为金额（数字，如 730.66，单位：{unit}），实际为 “{found}”。",
        "column {header} must be an amount (a number such as 730.66, in {unit}), found “{found}”.",
    ),
    "AMOUNT_FULLWIDTH": (
        "列 {header} 的金额 “{found}” 含全角数字或标点，应改为半角：{suggestion}",
        "column {header}: the amount “{found}” has full-width digits or punctuation; write {suggestion}",
    ),
    "AMOUNT_THOUSANDS_SEPARATOR": (
        "列 {header} 的金额 “{found}” 含千位分隔符，应写为 {suggestion}（不要逗号）。",
        "column {header}: the amount “{found}” has thousands separators; write {suggestion}.",
    ),
    "AMOUNT_DECIMALS": (
        "列 {header} 的金额 {found} {too_many}：金额以{unit}为单位，{keep}。",
        "column {header}: the amount {found} {too_many_en}; amounts in {unit} {keep_en}.",
    ),
    "AMOUNT_NEGATIVE": (
        "列 {header} 的金额不能为负数，实际为 {found}。",
        "column {header}: the amount cannot be negative, found {found}.",
    ),
    "CELL_UNEXPECTED": (
        "列 {header} 在此行应为空，实际为 “{found}”：{hint}",
        "column {header} must be empty on this line, found “{found}”: {hint}",
    ),
    "TEXT_MISSING": ("列 {header} 不能为空：{hint}", "column {header} cannot be empty: {hint}"),
    "CODE_FORMAT": (
        "列 {header} 应为 {digits} 位数字的科目编码，实际为 “{found}”。{hint}",
        "column {header} must be a code of {digits} digits, found “{found}”. {hint}",
    ),
    "CODE_UNKNOWN": (
        "科目编码 {code} 不在 {dictionary} 中：请核对编码，或先把该科目加入字典。",
        "code {code} is not in {dictionary}: check the code or add it to the dictionary first.",
    ),
    "CODE_NAME_MISMATCH": (
        "科目 {code} 的名称应为 “{expected}”（见 {dictionary}），实际为 “{found}”。",
        "code {code} must be named “{expected}” (see {dictionary}), found “{found}”.",
    ),
    "CODE_PARENT_MISSING": (
        "科目 {code} 的上级科目 {parent} 不在{where}中。",
        "the parent {parent} of code {code} is not in {where}.",
    ),
    "CODE_DUPLICATE": (
        "{what} {code} 重复出现（第 {first_line} 行已有）。",
        "{what} {code} appears twice (already on line {first_line}).",
    ),
    "CODE_ORDER": (
        "科目 {code} 应排在第 {previous_line} 行的 {previous} 之前：表中按科目编码排序，上级科目在前。",
        "code {code} must come before {previous} on line {previous_line}: rows are sorted by code, parents first.",
    ),
    "CODE_LEVEL": (
        "科目 {code} 的级次应为 {expected}（{digits} 位编码），实际为 “{found}”。",
        "code {code} must have level {expected} ({digits} digits), found “{found}”.",
    ),
    # rows
    "TOTAL_ROW_MISSING": (
        "{where}应为“{label}”行（{hint}），实际为 “{found}”。",
        "{where_en} must be the total line ({hint}), found “{found}”.",
    ),
    "ROW_LABEL": (
        "此行的 {header} 应为 “{expected}”（本表的行按公开模板固定），实际为 “{found}”。",
        "column {header} of this line must read “{expected}” (the template fixes the lines), found “{found}”.",
    ),
    "ROW_MISSING": (
        "缺少 “{expected}” 这一行（{header} 列）。",
        "the line “{expected}” is missing (column {header}).",
    ),
    "ROW_ALIGNMENT": (
        "“{second}” 应与第 {first_line} 行的 “{first}” 在同一行：公开表格中两者并列。",
        "“{second}” must be on the same line as “{first}” (line {first_line}): the printed table pairs them.",
    ),
    "ROW_TYPE": (
        "row_type 应为 {expected}，实际为 “{found}”。{hint}",
        "row_type must be {expected}, found “{found}”. {hint}",
    ),
    "PERFORMANCE_GOAL_MISSING": (
        "项目 “{name}” 没有填写绩效目标：每个项目都要有绩效目标。",
        "project “{name}” has no performance goal: every project needs one.",
    ),
    # identities
    "ROW_SUM_MISMATCH": (
        "{total_name} 为 {total}，而 {parts_names} 之和为 {parts_sum}，相差 {difference}{unit}；"
        "四舍五入最多只能解释 {tolerance}{unit}（{figures} 个数 × {per_figure}）。",
        "{total_name} is {total} but {parts_names} add up to {parts_sum}, a difference of {difference} "
        "{unit}; rounding explains at most {tolerance} {unit} ({figures} figures × {per_figure}).",
    ),
    "SUBTOTAL_MISMATCH": (
        "{parent} 的 {header} 为 {total}，其下级各行（第 {lines} 行）之和为 {parts_sum}，相差 {difference}{unit}；"
        "四舍五入最多只能解释 {tolerance}{unit}（{figures} 个数 × {per_figure}）。",
        "{parent}: {header} is {total} but the lines below it (lines {lines}) add up to {parts_sum}, a "
        "difference of {difference} {unit}; rounding explains at most {tolerance} {unit} "
        "({figures} figures × {per_figure}).",
    ),
    "CROSS_TABLE_MISMATCH": (
        "{left_names} = {left_sum}，但{relation} {right_names} = {right_sum}，相差 {difference}{unit}；"
        "四舍五入最多只能解释 {tolerance}{unit}（{figures} 个数 × {per_figure}）。",
        "{left_names} = {left_sum} but it must {relation_en} {right_names} = {right_sum}, a difference of "
        "{difference} {unit}; rounding explains at most {tolerance} {unit} ({figures} figures × {per_figure}).",
    ),
    # YAML
    "YAML_SYNTAX": (
        "YAML 格式错误：{detail}。常见原因：冒号后缺空格、用了中文冒号“：”、缩进不齐或用了 Tab、引号未配对、日期写错（应如 2024-01-06）。",
        "YAML syntax error: {detail}. Common causes: no space after a colon, a full-width colon “：”, uneven "
        "indentation or tabs, unpaired quotes, an impossible date (write 2024-01-06).",
    ),
    "YAML_NOT_PLAIN": (
        "YAML 中不能用{feature}：请把内容直接写出来（每处都完整写一遍），不要用锚点、引用、合并键、标签或多个文档。",
        "YAML {feature_en} is not allowed here: write the content out in full where it is needed; anchors, "
        "aliases, merge keys, tags and several documents are not used in data files.",
    ),
    "YAML_FIELD_MISSING": ("缺少字段 {field}（{expected}）。", "missing field {field} ({expected})."),
    "YAML_FIELD_TYPE": (
        "字段 {field} 应为{expected}，实际为 “{found}”。",
        "field {field_en} must be {expected_en}, found “{found}”.",
    ),
    "YAML_FIELD_UNEXPECTED": (
        "未知字段 {field}（拼写错误？）。可用的字段：{expected}",
        "unknown field {field} (a typo?). Known fields: {expected}",
    ),
    "TRANSLATION_CJK": (
        "{field} 应为英文，但含有中文 “{found}”：英文版不能出现未翻译的中文。",
        "{field} must be English but has Chinese “{found}”: the English edition cannot show untranslated text.",
    ),
    "VALUE_INVALID": (
        "{field} 应为{expected}，实际为 “{found}”。",
        "{field_en} must be {expected_en}, found “{found}”.",
    ),
    "TRANSLATION_MISSING": (
        "{field} 缺少英文（en）：网站的英文版需要它。{hint}",
        "{field} has no English (en): the English edition needs it. {hint_en}",
    ),
    "TRANSLATION_PENDING": (
        "{field} 的英文待译（留空）：英文版暂以中文原文显示，并注明 “(translation pending)”。",
        "{field} has no English yet (left empty): the English edition shows the Chinese text, marked "
        "“(translation pending)”.",
    ),
    # publication facts
    "YEAR_MISMATCH": (
        "文件夹年度为 {folder_year}，而 publication.yaml 的 year 为 {found}：请把文件夹放到正确的年度下，或更正 year。",
        "the folder is for {folder_year} but publication.yaml says year {found}: move the folder or fix year.",
    ),
    "UNIT_MISMATCH": (
        "文件夹名为 {folder_unit}，而 publication.yaml 的 unit 为 “{found}”：两者应一致。",
        "the folder is {folder_unit} but publication.yaml says unit “{found}”: they must agree.",
    ),
    "UNIT_UNKNOWN": (
        "单位 {unit} 不在 data/units.csv 中：请先在单位名单中登记（决算的文件夹名为单位代码加 -final）。",
        "unit {unit} is not in data/units.csv: add it to the list of units first (a final accounts folder is "
        "named by the unit id and -final).",
    ),
    "INITIAL_BUDGET_MISMATCH": (
        "决算中的年初预算数 {what} 为 {found}{unit}，而本单位{year}年预算中为 {expected}{unit}（{budget_place}）：两者应一致。",
        "the final accounts give the initial budget {what} as {found} {unit}, but the unit's {year} budget has "
        "{expected} {unit} ({budget_place}): they must agree.",
    ),
    "FOLDER_KIND": (
        "模板 {template} 用于{kind}，这份材料应放在 data/{year}/{expected}/ 文件夹，而不是 {folder}/。",
        "template {template} is for {kind_en}: this publication belongs in data/{year}/{expected}/, not {folder}/.",
    ),
    "UNIT_NAME_MISMATCH": (
        "单位名称 “{found}” 与 {where} 中的 “{expected}” 不一致。",
        "the unit name “{found}” differs from “{expected}” in {where}.",
    ),
    "TEMPLATE_UNKNOWN": (
        "模板 {template} 不存在：data/templates/ 中有 {expected}。",
        "template {template} does not exist: data/templates/ has {expected}.",
    ),
    "TEMPLATE_INVALID": (
        "模板文件有误（请联系维护人员）：{detail}",
        "the template file is malformed (a maintainer's job): {detail}",
    ),
    "TEXT_TEMPLATE_FAILED": (
        "模板的文字模板无法生成 {publication} 的说明（请联系维护人员）：{detail}",
        "a text template of the template cannot word {publication} (a maintainer's job): {detail}",
    ),
    "GLOSSARY_UNKNOWN": (
        "名词 {term} 不在 data/dictionaries/glossary.csv 中。",
        "term {term} is not in data/dictionaries/glossary.csv.",
    ),
    "PROJECT_UNKNOWN": (
        "{what} “{name}” 不在表{table}（{file}）的{row}中。",
        "{what_en} “{name}” is not a {row_en} of Table {table} ({file}).",
    ),
    "EXPLANATION_MISMATCH": (
        "{what}：{total_name} 为 {total}，而 {parts_names} 之和为 {parts_sum}，相差 {difference}{unit}；"
        "四舍五入最多只能解释 {tolerance}{unit}（{figures} 个数 × {per_figure}）。",
        "{what}: {total_name} is {total} but {parts_names} add up to {parts_sum}, a difference of {difference} "
        "{unit}; rounding explains at most {tolerance} {unit} ({figures} figures × {per_figure}).",
    ),
    "PRIOR_YEAR_MISMATCH": (
        "上年数 {field} 为 {found}，而 {prior_file} 中为 {expected}：有上年数据时两者应一致。",
        "the prior-year figure {field} is {found} but {prior_file} says {expected}; they must agree.",
    ),
    # content checks
    "PLACEHOLDER_TEXT": (
        "文字中留有模板占位符 “{found}”：请换成实际内容。",
        "the text still has the template placeholder “{found}”: replace it with the real content.",
    ),
    "YEAR_OUT_OF_RANGE": (
        "文字中出现年份 {found}，既不是预算年度 {year} 也不是上年 {prior}（引用的文件名请放在《》中）。",
        "the text mentions {found}, neither the budget year {year} nor the year before ({prior}); "
        "put quoted document titles in 《》.",
    ),
    "YEAR_TWO_DIGITS": (
        "年份写成了两位数字 “{found}”：请写全四位（{year}年）。",
        "a year written with two digits, “{found}”: write all four ({year}).",
    ),
    "REPEATED_WORDS": (
        "“{word}”连写了两遍（“{found}”）：请删去重复的一个。",
        "“{word}” is written twice in a row (“{found}”): delete one.",
    ),
    "REASON_SAYS_SAME": (
        "{what}比上年{direction} {difference}{unit}，但 {key} 写的原因说“持平”：请按实际变化说明原因。",
        "{what_en} changed by {difference} {unit} against the prior year, but the reason in {key} says it stayed "
        "the same (持平): explain the actual change.",
    ),
    "REASON_FIGURE_MISMATCH": (
        "{key} 写的原因中有“{found}”，而表格给出{what}的变化为{expected}：请核对数字和单位（元／万元）。",
        "the reason in {key} says “{found}”, but the tables give a change of {expected} in {what_en}: check the "
        "figure and its unit (元 or 万元).",
    ),
    "COMPOSITION_MISMATCH": (
        "单位构成的文字写着“{found}”（{stated}家），而 {units} 列出的单位应为 {expected} 家：两者应一致。",
        "the composition says “{found}” ({stated}), but {units} lists {expected} such units: they must agree.",
    ),
    "REASON_MISSING": (
        "{what}比上年{direction} {difference}{unit}，但没有说明原因：请在 {key} 中填写。",
        "{what_en} changed by {difference} {unit} against the prior year but no reason is given: fill in {key}.",
    ),
    "EMPTY_TABLE_STATEMENT": (
        "{hint}",
        "{hint_en}",
    ),
}


# Codes that are warnings: reported (with their place, like any problem), but the data is valid and the
# site is built. A pending translation is English that nobody has written yet (data/README.md).
WARNINGS = frozenset({"TRANSLATION_PENDING"})


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the data, at one place. ``related`` are other lines the check read."""

    path: str
    line: int
    column: int
    code: str
    params: tuple[tuple[str, str], ...] = ()  # two problems at one place differ by what they say
    related: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    @property
    def is_warning(self) -> bool:
        return self.code in WARNINGS

    def message(self, *, lang: str = "zh") -> str:
        template_zh, template_en = MESSAGES[self.code]
        template = template_en if lang == "en" else template_zh
        return template.format(**dict(self.params))

    def format(self, *, lang: str = "zh") -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message(lang=lang)}"


def problem(
    path: Path | str,
    error_code: str,
    *,
    line: int = 1,
    column: int = 1,
    related: Iterable[tuple[Path | str, int]] = (),
    **params: object,
) -> Problem:
    """Build a problem; every template placeholder must be given (checked here, not at print time)."""
    if error_code not in MESSAGES:
        raise KeyError(f"unknown problem code {error_code}")
    # Every value is shown safely: no character that breaks the line or acts on a terminal, and what
    # was found in the data at most MAX_FOUND characters (a 1 MB value is one line, not a megabyte).
    values = {"line": str(line), **{key: show_invisible(str(value)) for key, value in params.items()}}
    if "found" in values:
        values["found"] = shortened(values["found"])
    for template in MESSAGES[error_code]:
        template.format(**values)  # raises KeyError on a missing placeholder: a bug, not a data problem
    return Problem(
        path=show_invisible(display_path(path)),
        line=line,
        column=column,
        code=error_code,
        params=tuple(sorted(values.items())),
        related=tuple(sorted({(display_path(where), at) for where, at in related})),
    )


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that make the data invalid (warnings left out)."""
    return [found for found in problems if not found.is_warning]


MAX_FOUND = 200


def shortened(text: str) -> str:
    return text if len(text) <= MAX_FOUND else f"{text[:MAX_FOUND]}…（{len(text)}）"


INVISIBLE = {"\u00a0", "\u3000"}
# Controls, format characters (zero-width, bidirectional), separators, private-use and unassigned.
UNPRINTABLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Co", "Cn", "Cs"}


def show_invisible(text: str) -> str:
    """Make characters that look like nothing (or act on the terminal) visible in messages:
    “454.10⟨U+200B⟩”, a NUL as ⟨U+0000⟩, a line break as ⟨U+000A⟩: one problem stays one line."""
    return "".join(
        f"⟨U+{ord(char):04X}⟩" if char in INVISIBLE or unicodedata.category(char) in UNPRINTABLE_CATEGORIES else char
        for char in text
    )


def display_path(path: Path | str) -> str:
    """Paths relative to the working directory when below it, so that editors and CI can open them."""
    absolute = Path(path).absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return os.fspath(absolute)
