"""Language: interface labels and how numbers are written, per build language.

Labels live in ``LABELS``; asking for a label a language lacks stops the build with the key's name
(``MissingTranslation``), never a silent fallback.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from macros.reading.amounts import AMOUNT_UNITS

LANGUAGES = ("zh", "en")

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "home": "首页",
        "staff_guide": "数据更新指南",
        "site_title": "部门预算公开",
        "site_intro": "本网站公开部门预算和决算：每个单位每年的预算（及决算）说明与公开表（按其公开模板），数据来自本仓库 "
        "data/ 文件夹，与公开文本一致。",
        "all_years": "各年度",
        # what a year publishes: a title per set of kinds present (budget, final; data/README.md section 16)
        "year_title": "{year}年{kinds}",
        "kinds_budget": "部门预算",
        "kinds_final": "部门决算",
        "kinds_budget_final": "部门预算和决算",
        "year_intro_budget": "{year}年共公开 {count} 个单位的部门预算，按支出总计从高到低排列。",
        "year_intro_final": "{year}年共公开 {count} 个单位的部门决算，按支出总计（决算数）从高到低排列。",
        "other_kind_budget": "本单位{year}年部门预算",
        "other_kind_final": "本单位{year}年部门决算",
        "execution_title": "预算执行情况",
        "execution_from_budget": "预算数取自本单位[{year}年部门预算]({link})，决算数取自本决算。差额为决算数减预算数，"
        "执行率为决算数占预算数的百分比；按差额大小排列。",
        "execution_printed": "本站没有本单位{year}年的部门预算，预算数为本决算公开的年初预算数。差额为决算数减预算数，"
        "执行率为决算数占预算数的百分比；按差额大小排列。",
        "execution_measures": "其他项目",
        "execution_item": "项目",
        "execution_budget": "预算数（{unit}）",
        "execution_actual": "决算数（{unit}）",
        "execution_difference": "差额（{unit}）",
        "execution_rate": "执行率",
        "execution_reasons": "决算说明的原因",
        "district_execution_title": "{year}年全区预算执行情况",
        "district_execution_intro": "{count}个单位的决算合计：执行率（决算数占预算数的百分比）为{rate}%。",
        "unit": "单位",
        "total": "支出总计（{unit}）",
        "basic": "基本支出（{unit}）",
        "project": "项目支出（{unit}）",
        "publication_title_budget": "{year}年{unit}部门预算",
        "publication_title_final": "{year}年{unit}部门决算",
        "contents": "目录",
        "table_label": "表{number}",
        "amount_unit": "单位：{unit}",
        "converted_unit": "{unit}，已换算",
        "term_used_in": "用于：{templates}",
        "note": "注：{note}",
        "glossary_title": "名词解释",
        "glossary_intro": "本网站各单位预算说明中用到的名词及其解释。",
        "staff_guide_intro": "财务人员如何通过拉取请求更新预算数据：校验、预览与发布。",
        "key_projects_table_project": "项目",
        "key_projects_table_amount": "预算数（单位：{unit}）",
        "key_projects_table_goal": "绩效目标",
        "download_data": "下载数据",
        "total_row": "合计",
        "official_name": "正式名称",
        "translation_notice": "",
        "not_found_title": "404 – 找不到页面",
        "not_found_text": "此地址没有页面。请从首页重新查找：",
        "millions": "{amount}百万元",
        "chart_source": "查看对应表格",
        "filter_units": "查找单位：",
        "overview_title": "{year}年全区汇总",
        "overview_function": "各单位合计：按支出功能分类（类）",
        "overview_economic": "各单位合计：按经济分类（类，基本支出与项目支出）",
        "overview_class": "科目",
        "overview_amount": "金额（{unit}）",
        "years_title_budget": "本单位历年预算",
        "years_title_final": "本单位历年决算",
        "year_column": "年度",
        "filter_count": "显示 {shown} / 共 {total} 个单位",
        "sort_column": "按此列排序",
        "download_csv": "下载本表（CSV）",
        "download_xlsx": "全部表格（Excel 工作簿 XLSX）",
        "download_pdf": "打印版（PDF，A4）",
        "colophon_budget": "来源：{unit}{year}年部门预算公开文本（数据见本站“数据下载”）· 生成日期：{built}",
        "colophon_final": "来源：{unit}{year}年部门决算公开文本（数据见本站“数据下载”）· 生成日期：{built}",
        "page_description_budget": "{unit}{year}年部门预算：支出总计{total}{amount_unit}，其中基本支出{basic}{amount_unit}、"
        "项目支出{project}{amount_unit}。{tables}张预算表、情况说明与数据下载。",
        "page_description_final": "{unit}{year}年部门决算：支出总计{total}{amount_unit}，其中基本支出{basic}{amount_unit}、"
        "项目支出{project}{amount_unit}。{tables}张决算表、情况说明与数据下载。",
        "year_description": "{title}：共{count}个单位的公开表、情况说明、全区汇总与数据下载。",
        "download_package": "财政数据包（datapackage.json）",
        "downloads_title": "数据下载",
        "downloads_intro": "每份公开材料的每张表均提供 CSV 文件（UTF-8 带 BOM，Excel 可直接打开），"
        "每份材料另有 Excel 工作簿和财政数据包（Fiscal Data Package），每年另有全部文件的压缩包。",
        "downloads_formula_note": "CSV 文件中以 `=`、`+`、`-`、`@`、制表符或回车开头的文字单元格前加了一个英文单引号 `'`，"
        "电子表格程序（如 Excel）会把它显示为文字，而不会当作公式执行；金额和编码不变，本站仓库中的数据文件也不变。",
        "download_zip": "{year}年全部文件（ZIP）",
        "download_site_package": "全部公开材料的财政数据包（datapackage.json）",
        "chart_download": "下载 SVG",
        "chart_text": "图表文字说明",
        # English pages only: a text whose English is pending shows the Chinese (model/translations.py)
        "translation_pending": "（英文待译）",
        "publication_pending": "本材料有 {count} 处文字的英文待译，暂以中文原文显示，并注明“（英文待译）”。",
        "names_pending": "本页有 {count} 个单位名称的英文待译，暂以中文原文显示，并注明“（英文待译）”。",
    },
    "en": {
        "home": "Home",
        "staff_guide": "Updating the data",
        "site_title": "Departmental budgets",
        "site_intro": "This site publishes departmental budgets and final accounts: each unit's explanations and "
        "tables for every year (as its template publishes them), generated from the data in this repository's "
        "data/ folder and equal to the published documents.",
        "all_years": "All years",
        "year_title": "{year} {kinds}",
        "kinds_budget": "departmental budgets",
        "kinds_final": "departmental final accounts",
        "kinds_budget_final": "departmental budgets and final accounts",
        "year_intro_budget": "Departmental budgets of {count} units are published for {year}, largest total expenditure first.",
        "year_intro_final": "Departmental final accounts of {count} units are published for {year}, largest total "
        "expenditure (outturn) first.",
        "other_kind_budget": "This unit's departmental budget for {year}",
        "other_kind_final": "This unit's departmental final accounts for {year}",
        "execution_title": "Budget versus actual",
        "execution_from_budget": "The budget is this unit's [departmental budget for {year}]({link}); the actual "
        "is from these final accounts. The difference is actual less budget, the execution rate actual as a "
        "percentage of budget; largest differences first.",
        "execution_printed": "This site has no departmental budget of this unit for {year}: the budget is the "
        "initial budget these final accounts state. The difference is actual less budget, the execution rate "
        "actual as a percentage of budget; largest differences first.",
        "execution_measures": "Other items",
        "execution_item": "Item",
        "execution_budget": "Budget, in {unit}",
        "execution_actual": "Actual, in {unit}",
        "execution_difference": "Difference, in {unit}",
        "execution_rate": "Execution rate",
        "execution_reasons": "Reasons stated in the final accounts",
        "district_execution_title": "Budget versus actual in the district, {year}",
        "district_execution_intro": "The final accounts of {count} units together: execution rate (actual as a "
        "percentage of budget) {rate}%.",
        "unit": "Unit",
        "total": "Total expenditure, in {unit}",
        "basic": "Basic expenditure, in {unit}",
        "project": "Project expenditure, in {unit}",
        "publication_title_budget": "{year} departmental budget of the {unit}",
        "publication_title_final": "{year} departmental final accounts of the {unit}",
        "contents": "Contents",
        "table_label": "Table {number}",
        "amount_unit": "Amounts in {unit}",
        "converted_unit": "{unit}, converted",
        "term_used_in": "As used in: {templates}",
        "note": "Note: {note}",
        "glossary_title": "Glossary",
        "glossary_intro": "Terms used in the units' budget explanations on this site.",
        "staff_guide_intro": "How finance staff update the budget data through pull requests: checks, preview "
        "and publishing.",
        "key_projects_table_project": "Project",
        "key_projects_table_amount": "Budget, in {unit}",
        "key_projects_table_goal": "Performance goal",
        "download_data": "Download the data",
        "total_row": "Total",
        "official_name": "Official name",
        "translation_notice": "The official texts on this site are the Chinese ones. The English is this site's "
        "own translation, made from the same data; names of classification codes and terms follow published "
        "English usage where there is one.",
        "not_found_title": "404 – Page not found",
        "not_found_text": "There is no page at this address. Start again from the home page:",
        "millions": "{amount} million yuan",
        "chart_source": "the table",
        "filter_units": "Find a unit:",
        "overview_title": "The district in {year}",
        "overview_function": "All units by function class",
        "overview_economic": "All units by economic class (basic and project expenditure)",
        "overview_class": "Class",
        "overview_amount": "Amount, in {unit}",
        "years_title_budget": "This unit over the years",
        "years_title_final": "This unit's final accounts over the years",
        "year_column": "Year",
        "filter_count": "{shown} of {total} units",
        "sort_column": "Sort by this column",
        "download_csv": "Download this table (CSV)",
        "download_xlsx": "All tables (XLSX workbook)",
        "download_pdf": "Print version (PDF, A4)",
        "colophon_budget": "Source: the published departmental budget {year} of {unit} (data on this site's "
        "Downloads page) · Built on {built}",
        "colophon_final": "Source: the published departmental final accounts {year} of {unit} (data on this site's "
        "Downloads page) · Built on {built}",
        "page_description_budget": "Departmental budget {year} of {unit}, in {amount_unit}: total expenditure {total}, "
        "of which basic {basic} and projects {project}. {tables} budget tables, explanations and data downloads.",
        "page_description_final": "Departmental final accounts {year} of {unit}, in {amount_unit}: total expenditure "
        "{total}, of which basic {basic} and projects {project}. {tables} tables, explanations and data downloads.",
        "year_description": "{title}: the tables, explanations and data of {count} units, a district overview and "
        "downloads.",
        "download_package": "Fiscal Data Package (datapackage.json)",
        "downloads_title": "Downloads",
        "downloads_intro": "Every table of every publication as CSV (UTF-8 with a byte-order mark, which Excel opens "
        "correctly), each publication as an XLSX workbook and as a Fiscal Data Package, and one archive per year.",
        "downloads_formula_note": "In the CSV files, a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage "
        "return gets a leading `'`, so that spreadsheet programs such as Excel show it as text instead of running it "
        "as a formula; amounts and codes are unchanged, and so are the data files in the repository.",
        "download_zip": "All files of {year} (ZIP)",
        "download_site_package": "All publications as one Fiscal Data Package (datapackage.json)",
        "chart_download": "SVG",
        "chart_text": "The chart in words",
        "translation_pending": "(translation pending)",
        "publication_pending": "Translation pending for {count} of this publication's texts: they have no English "
        "yet and are shown in the official Chinese, marked “(translation pending)”.",
        "names_pending": "Translation pending for {count} of the unit names on this page: they have no English yet "
        "and are shown in the official Chinese, marked “(translation pending)”.",
    },
}


class MissingTranslation(KeyError):
    """A label the build language lacks: the build stops and names it."""

    def __str__(self) -> str:
        language, key = self.args
        return f"missing translation: label “{key}” in language “{language}” (macros/rendering/i18n.py LABELS)"


def label(key: str, *, lang: str, **values: object) -> str:
    """An interface label in ``lang``, with its placeholders filled (values are already escaped)."""
    try:
        template = LABELS[lang][key]
    except KeyError:
        raise MissingTranslation(lang, key) from None
    return template.format(**values)


def amount_unit(unit: str, *, lang: str) -> str:
    """万元 in the build language: 10,000 yuan (CNY). An unknown unit stops the build."""
    try:
        return AMOUNT_UNITS[unit][lang]
    except KeyError:
        raise MissingTranslation(lang, f"amount unit {unit}") from None


def in_millions(amount: Decimal, *, unit: str) -> Decimal:
    return amount / Decimal(AMOUNT_UNITS[unit]["per_million"])


def table_amount(amount: Decimal, precision: int = 2) -> str:
    """As in a table: thousands separators and the table's decimals (two unless its template says
    otherwise), 1,234.56."""
    return f"{amount:,.{precision}f}"


def prose_amount(amount: Decimal, *, lang: str = "zh") -> str:
    """As the official prose writes amounts: no trailing zeros (0.1万元, 0万元, 46.4万元); English
    prose groups thousands (1,234.5)."""
    if lang == "en":
        text = f"{amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}".rstrip("0").rstrip(".")
        return text or "0"
    text = f"{amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP).normalize():f}"
    return "0" if text in ("-0", "0") else text


def percent(change: Decimal, base: Decimal) -> str:
    """change / base as a percentage rounded half up to two decimals, without trailing zeros: 7.93."""
    value = (abs(change) / base * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return prose_amount(value)


CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(number: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 25 -> 二十五 (numbering of parts and items, 1..99)."""
    if not 0 < number < 100:
        raise ValueError(f"chinese_number covers 1..99, not {number}")
    tens, ones = divmod(number, 10)
    text = "" if tens == 0 else ("十" if tens == 1 else CHINESE_DIGITS[tens] + "十")
    return text + (CHINESE_DIGITS[ones] if ones else "")


def chinese_number_value(text: str) -> int:
    """一 -> 1, 十 -> 10, 二十五 -> 25: the inverse of chinese_number."""
    tens, _, ones = text.rpartition("十") if "十" in text else ("", "", text)
    value = 0
    if "十" in text:
        value = 10 * (CHINESE_DIGITS.index(tens) if tens else 1)
    return value + (CHINESE_DIGITS.index(ones) if ones else 0)
