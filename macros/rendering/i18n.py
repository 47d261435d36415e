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
        # 一览 at the top of a publication page (macros/website/glance.py)
        "glance_title": "一览",
        "glance_in_unit": "{name}（{unit}）",
        "glance_basic": "基本支出",
        "glance_project": "项目支出",
        "glance_classes": "支出最多的功能分类（{unit}）",
        "glance_share": "占{share}%",
        "glance_up": "比上年增加{amount}{unit}，增长{percent}%",
        "glance_down": "比上年减少{amount}{unit}，下降{percent}%",
        "glance_same": "与上年持平",
        "glance_up_from_zero": "比上年增加{amount}{unit}（上年为零）",
        "glance_execution_of": "{title}：决算数占预算数的百分比",
        "glance_execution_link": "预算执行情况",
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
        # ranking by class (year pages) and the compare page (macros/website/compare_pages.py, compare.js)
        "rank_title": "按分类排名",
        "rank_intro": "选择一个功能分类或经济分类（类），各单位在该类的支出按从高到低排列。下表列出每个单位在每一类的支出。",
        "rank_caption": "{title}（{unit}）",
        "compare_link": "比较单位或年份",
        "compare_nav": "比较",
        "compare_title": "{year}年比较",
        "compare_intro": "并排比较本年的二至四个单位，或一个单位的二至五个年度：支出总计、基本支出、项目支出和各功能分类（类）。"
        "选择会写入网址，可以直接分享。",
        "compare_description": "{year}年：并排比较单位或年度的支出总计、基本支出、项目支出和功能分类。",
        "compare_back": "返回{year}年页面",
        "compare_class": "分类",
        "compare_function": "功能分类",
        "compare_economic": "经济分类",
        "compare_amount": "金额",
        "compare_share": "占本单位支出",
        "compare_rank": "排名",
        # a year's units in the navigation, in groups by rank (macros/website/navigation.py)
        "nav_rank_group": "支出第 {first}–{last} 位",
        "nav_rank_one": "支出第 {rank} 位",
        "compare_unit": "单位",
        "compare_none": "{count}个单位在该类没有支出。",
        "compare_item": "项目",
        "compare_total": "支出总计",
        "compare_basic": "基本支出",
        "compare_project": "项目支出",
        "compare_mode": "比较方式",
        "compare_mode_units": "比较单位（二至四个）",
        "compare_mode_years": "比较年度（二至五年）",
        "compare_kind": "类别",
        "compare_choose_units": "选择单位",
        "compare_choose_unit": "选择单位",
        "compare_choose_years": "选择年度",
        "compare_too_few": "请至少选择两项。",
        "compare_table": "比较表",
        "compare_chart": "比较图",
        "compare_in_unit": "单位：{unit}",
        # where the data comes from (macros/website/provenance.py), what changed and the status of a year
        "provenance_last": "数据最后更新：{date}（提交 {commit}）",
        "provenance_first": "首次公开：{date}",
        "provenance_uncommitted": "本页数据有尚未提交的修改（预览）。",
        "report_link": "报告本页的数据问题",
        "report_title": "数据问题：{page}",
        "report_body": "页面：{address}\n位置（表格或图表）：{anchor}\n语言：{language}\n数据提交：{commit}\n\n"
        "问题是什么（哪一个数字或文字，应当是什么）：\n",
        "report_language": "中文",
        "report_no_commit": "（无：数据不在 git 仓库中）",
        "changes_nav": "数据变更",
        "changes_title": "{year}年数据变更记录",
        "changes_intro": "每份公开材料首次公开之后的每一次数据修改：哪一份材料、哪张表、哪些数字，原数和新数。"
        "记录取自数据仓库的提交历史，最新的在前。",
        "changes_description": "{year}年各公开材料首次公开之后的数据修改记录：原数和新数。",
        "changes_no_history": "本站构建时没有数据的提交历史（数据不在 git 仓库中，或仓库只取了最新一次提交），无法列出修改记录。",
        "changes_none": "本年的公开材料首次公开之后没有修改。",
        "changes_commit": "{date} · 提交 {commit}",
        "changes_table": "表{number} {title}",
        "changes_facts": "说明文字和其他信息（publication.yaml）",
        "changes_added": "此表为新增。",
        "changes_removed": "此表已删去。",
        "changes_facts_unreadable": "两个版本之一的 publication.yaml 无法读入，其内容未作比较。",
        "changes_row": "行",
        "changes_column": "列",
        "changes_field": "字段",
        "changes_old": "原",
        "changes_new": "新",
        "changes_difference": "差额",
        "status_nav": "公开情况",
        "status_title": "{year}年公开情况",
        "status_intro": "本年每个单位每类公开材料（预算、决算）是否已公开、首次公开日期（取自数据仓库的提交历史）、"
        "是否在期限内公开（批复日期加模板规定的天数，见 publication.yaml 的 approved）以及数据检查的警告数（含待翻译的文字）。",
        "status_description": "{year}年每个单位的预算和决算是否已公开、何时公开、是否按期。",
        "status_no_history": "本站构建时没有数据的提交历史，首次公开日期和是否按期无法得知。",
        "status_counts": "已公开 {published} 份，未公开 {missing} 份，逾期公开 {late} 份。",
        "status_unit": "单位",
        "status_kind": "类别",
        "status_published": "已公开",
        "status_first": "首次公开",
        "status_deadline": "公开期限",
        "status_on_time": "按期",
        "status_warnings": "警告",
        "status_yes": "是",
        "status_no": "否",
        "status_late": "逾期",
        "api_title": "数据接口（JSON）",
        "api_intro": "本站的数据同时以 JSON 文件公开，供程序直接读取：单位列表、每年一览（各单位的合计与分类金额）和每份公开材料"
        "（摘要、预算执行情况和每张表的每一行，与 CSV 文件一致）。文件在本站的 <code>api/v1/</code> 目录下，路径和字段在第 1 版内"
        "只增不改；每种文件都有 JSON Schema（字段说明为英文）。正式的下载仍是[数据下载](downloads.md)中的财政数据包"
        "（Fiscal Data Package）。",
        "api_heading": "{name}：{path}",
        "api_units": "单位列表",
        "api_units_text": "本站每个单位及其每份公开材料（预算、决算），按年份排列。路径均相对于本站根目录。",
        "api_year": "每年一览",
        "api_year_text": "一年的全部公开材料，每类按支出总计从高到低排列，附合计、基本支出、项目支出和按功能分类、经济分类（类）的金额，"
        "金额统一为该年的一个单位（其他单位公开的金额已换算）。本站的比较视图读取这些文件。",
        "api_publication": "每份公开材料",
        "api_publication_text": "一份公开材料：摘要（合计、上年数、基本支出和项目支出、功能分类、重点数字），决算的预算执行情况，"
        "以及每张表的每一行（与其 CSV 文件一致，金额为数字，空白为 null）。",
        "api_description": "本站数据的 JSON 接口：单位列表、每年一览和每份公开材料的文件，及其 JSON Schema。",
        "api_schema": "JSON Schema",
        "api_example_file": "本站的文件",
        "api_example": "示例（取自本站数据，列表只保留前几项）：",
        "api_field": "字段",
        "api_type": "类型",
        "api_required": "必有",
        "api_meaning": "说明",
        "api_yes": "是",
        "api_no": "否",
        "downloads_title": "数据下载",
        "downloads_intro": "每份公开材料的每张表均提供 CSV 文件（UTF-8 带 BOM，Excel 可直接打开），"
        "每份材料另有 Excel 工作簿和财政数据包（Fiscal Data Package），每年另有全部文件的压缩包。",
        "downloads_formula_note": "CSV 文件中以 `=`、`+`、`-`、`@`、制表符或回车开头的文字单元格前加了一个英文单引号 `'`，"
        "电子表格程序（如 Excel）会把它显示为文字，而不会当作公式执行；金额和编码不变，本站仓库中的数据文件也不变。",
        "download_zip": "{year}年全部文件（ZIP）",
        "download_site_package": "全部公开材料的财政数据包（datapackage.json）",
        "chart_download": "下载 SVG",
        "chart_text": "图表文字说明",
        "chart_csv": "图表数据（CSV）",
        "chart_csv_item": "项目",
        "chart_csv_group": "分组",
        "share_png": "PNG 图片",
        "share_link": "链接",
        "embed_copy": "复制嵌入代码",
        "embed_copied": "嵌入代码已复制",
        "embed_copy_failed": "未能复制：请展开“嵌入代码”选取",
        "embed_code": "嵌入代码",
        "embed_source": "来源：{site}《{page}》",
        "embed_back": "查看原文",
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
        "glance_title": "At a glance",
        "glance_in_unit": "{name}, in {unit}",
        "glance_basic": "Basic expenditure",
        "glance_project": "Project expenditure",
        "glance_classes": "Largest function classes, in {unit}",
        "glance_share": "{share}% of the total",
        "glance_up": "up {amount} ({percent}%) on {year}",
        "glance_down": "down {amount} ({percent}%) on {year}",
        "glance_same": "the same as in {year}",
        "glance_up_from_zero": "up {amount} on {year}, when it was zero",
        "glance_execution_of": "{title}: actual as a share of budget",
        "glance_execution_link": "budget versus actual",
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
        "rank_title": "Rank units by class",
        "rank_intro": "Choose a function class or an economic class to rank the units by what they spend on it, "
        "largest first. The tables below give every unit's expenditure in every class.",
        "rank_caption": "{title}, in {unit}",
        "compare_link": "Compare units or years",
        "compare_nav": "Compare",
        "compare_title": "Compare, {year}",
        "compare_intro": "Compare two to four units of the year side by side, or one unit over two to five years: total, "
        "basic and project expenditure and each function class. Your choice is kept in the address, to share.",
        "compare_description": "{year}: compare units or years side by side, their total, basic and project "
        "expenditure and function classes.",
        "compare_back": "Back to {year}",
        "compare_class": "Class",
        "compare_function": "Function classes",
        "compare_economic": "Economic classes",
        "compare_amount": "Amount",
        "compare_share": "Share of the unit's total",
        "compare_rank": "Rank",
        "nav_rank_group": "Ranked {first}–{last} by expenditure",
        "nav_rank_one": "Ranked {rank} by expenditure",
        "compare_unit": "Unit",
        "compare_none": "{count} units spend nothing in this class.",
        "compare_item": "Item",
        "compare_total": "Total expenditure",
        "compare_basic": "Basic expenditure",
        "compare_project": "Project expenditure",
        "compare_mode": "Compare",
        "compare_mode_units": "Units (two to four)",
        "compare_mode_years": "Years (two to five)",
        "compare_kind": "Kind",
        "compare_choose_units": "Choose units",
        "compare_choose_unit": "Choose a unit",
        "compare_choose_years": "Choose years",
        "compare_too_few": "Choose at least two.",
        "compare_table": "Comparison",
        "compare_chart": "Comparison chart",
        "compare_in_unit": "In {unit}",
        "provenance_last": "Data last changed on {date} (commit {commit})",
        "provenance_first": "first published on {date}",
        "provenance_uncommitted": "This page's data has changes that are not committed yet (a preview).",
        "report_link": "Report a problem with this page's data",
        "report_title": "Data problem: {page}",
        "report_body": "Page: {address}\nWhere (table or chart): {anchor}\nLanguage: {language}\nData commit: {commit}\n\n"
        "What is wrong (which figure or text, and what it should be):\n",
        "report_language": "English",
        "report_no_commit": "(none: the data is not in a git repository)",
        "changes_nav": "What changed",
        "changes_title": "What changed in {year}",
        "changes_intro": "Every change to the data of each publication after it was first published: which publication, "
        "which tables, which figures, old and new. From the data repository's commits, newest first.",
        "changes_description": "{year}: every change to the publications after they were first published: old and new.",
        "changes_no_history": "The site was built without the data's commit history (the data is not in a git repository, "
        "or only its latest commit was fetched): no changes can be listed.",
        "changes_none": "No publication of this year changed after it was first published.",
        "changes_commit": "{date} · commit {commit}",
        "changes_table": "Table {number}: {title}",
        "changes_facts": "Texts and other facts (publication.yaml)",
        "changes_added": "This table was added.",
        "changes_removed": "This table was taken away.",
        "changes_facts_unreadable": "One of the two versions' publication.yaml could not be read: its keys are not compared.",
        "changes_row": "Line",
        "changes_column": "Column",
        "changes_field": "Field",
        "changes_old": "Old",
        "changes_new": "New",
        "changes_difference": "Difference",
        "status_nav": "Status",
        "status_title": "Publication status, {year}",
        "status_intro": "For every unit and kind of publication (budget, final accounts) of the year: whether it is "
        "published, when it was first published (from the data repository's commits), whether that was on time (the "
        "approval date plus the days its template allows, publication.yaml's approved) and its count of data check "
        "warnings (texts awaiting English included).",
        "status_description": "{year}: whether each unit's budget and final accounts are published, when, and on time.",
        "status_no_history": "The site was built without the data's commit history: first publication dates and "
        "deadlines met cannot be known.",
        "status_counts": "{published} published, {missing} not published, {late} published late.",
        "status_unit": "Unit",
        "status_kind": "Kind",
        "status_published": "Published",
        "status_first": "First published",
        "status_deadline": "Deadline",
        "status_on_time": "On time",
        "status_warnings": "Warnings",
        "status_yes": "yes",
        "status_no": "no",
        "status_late": "late",
        "api_title": "Data API (JSON)",
        "api_intro": "The site's data is also published as JSON files for programs to read: the list of units, each "
        "year's overview (every unit's totals and class amounts) and each publication (its summary, budget versus actual "
        "and every line of every table, as in its CSV file). The files are in the site's <code>api/v1/</code> folder; "
        "within version 1 paths and fields are only ever added, never changed. Each kind of file has a JSON Schema. The "
        "canonical downloads remain the Fiscal Data Packages on the [downloads page](downloads.md).",
        "api_heading": "{name}: {path}",
        "api_units": "Units",
        "api_units_text": "Every unit on this site and each of its publications (budgets, final accounts), by year. "
        "Paths are relative to the site's root.",
        "api_year": "A year",
        "api_year_text": "Every publication of a year, each kind's largest total first, with its total, basic and "
        "project expenditure and its amounts by function and economic class, all in the year's one amount unit "
        "(amounts published in another unit are converted). The site's compare views read these files.",
        "api_publication": "A publication",
        "api_publication_text": "One publication: its summary (total, prior year's total, basic and project "
        "expenditure, function classes, highlights), budget versus actual for final accounts, and every line of "
        "every table as its CSV file holds it (amounts as numbers, blank cells as null).",
        "api_description": "The site's data as JSON files (units, each year, each publication), with their JSON Schemas.",
        "api_schema": "JSON Schema",
        "api_example_file": "The site's file",
        "api_example": "An example, from this site's data (lists keep their first entries only):",
        "api_field": "Field",
        "api_type": "Type",
        "api_required": "Required",
        "api_meaning": "Meaning",
        "api_yes": "yes",
        "api_no": "no",
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
        "chart_csv": "Chart data (CSV)",
        "chart_csv_item": "Item",
        "chart_csv_group": "Group",
        "share_png": "PNG",
        "share_link": "Link",
        "embed_copy": "Copy embed code",
        "embed_copied": "Embed code copied",
        "embed_copy_failed": "Could not copy: open “Embed code” and select it",
        "embed_code": "Embed code",
        "embed_source": "Source: {site}, {page}",
        "embed_back": "See it in context",
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


def label_template(key: str, *, lang: str) -> str:
    """A label with its placeholders unfilled, for the page's script to fill ({count}, {unit})."""
    try:
        return LABELS[lang][key]
    except KeyError:
        raise MissingTranslation(lang, key) from None


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
