"""Write a synthetic district: N units over Y years of realistic, valid budget data.

    python scripts/synth_district.py --units N --years Y --seed S --out DIR [--first-year 2024]

Shaped like real publications (the seed is one): most money in 工资福利支出, a few projects or none,
many zero lines, 三公 tiny or zero, totals changing by a few percent a year. Every identity the
validator checks holds exactly (amounts are drawn in cents and summed). Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from macros.model.dictionaries import Dictionaries, load_dictionaries
from macros.reading.plain_yaml import dump_yaml
from macros.template.specs import TableSpec, Template, load_template

REPO_DATA = Path(__file__).resolve().parent.parent / "data"
DEPARTMENTS = [
    ("教育局", "Education Bureau"),
    ("卫生健康局", "Health Bureau"),
    ("民政局", "Civil Affairs Bureau"),
    ("财政局", "Finance Bureau"),
    ("人力资源和社会保障局", "Human Resources and Social Security Bureau"),
    ("住房和城乡建设局", "Housing and Urban-Rural Development Bureau"),
    ("城市管理和综合执法局", "Urban Management and Law Enforcement Bureau"),
    ("文化广电旅游体育局", "Culture, Radio, Television, Tourism and Sports Bureau"),
    ("科技工业商务和信息化局", "Science, Technology, Industry, Commerce and Information Bureau"),
    ("司法局", "Justice Bureau"),
    ("统计局", "Statistics Bureau"),
    ("市场监督管理局", "Market Regulation Bureau"),
    ("档案馆", "Archives"),
    ("政务服务数据管理局", "Government Services and Data Administration"),
    ("退役军人事务局", "Veterans Affairs Bureau"),
    ("应急管理局", "Emergency Management Bureau"),
]
DISTRICT = ("广州市荔湾区", "Liwan District, Guangzhou")
BASIC_ITEMS = {"30101": 11, "30102": 17, "30107": 23, "30108": 8, "30109": 4, "30112": 1, "30113": 9, "30199": 25}
GOODS_ITEMS = ("30201", "30209", "30217", "30228", "30229", "30299")
PROJECT_ITEMS = ("30199", "30201", "30209", "30213", "30227", "30299")
PROJECTS = [
    (
        "信息化运维经费",
        "IT operation and maintenance",
        "保障业务系统全年稳定运行，故障修复及时。",
        "Keep the business systems running all year and fix faults promptly.",
    ),
    (
        "编外人员聘用经费",
        "Pay for contract staff",
        "保障编外人员工资福利按时发放，业务正常运转。",
        "Pay contract staff on time so that the work runs normally.",
    ),
    (
        "物业管理服务经费",
        "Property management services",
        "保障办公场地安全、整洁、正常运行。",
        "Keep the office premises safe, clean and running.",
    ),
    (
        "业务培训经费",
        "Staff training",
        "完成年度业务培训计划，提升履职能力。",
        "Complete the year's training plan and improve staff skills.",
    ),
    ("专项工作经费", "Special work funds", "按计划完成年度重点工作任务。", "Complete the year's key tasks as planned."),
]


def cents(value: int) -> str:
    return f"{value // 100}.{value % 100:02d}"


def split(total: int, weights: list[int], rng: random.Random) -> list[int]:
    """``total`` cents in parts proportional to jittered weights, adding up exactly."""
    jittered = [max(1, weight * rng.randint(80, 120)) for weight in weights]
    parts = [total * weight // sum(jittered) for weight in jittered]
    parts[-1] += total - sum(parts)
    return parts


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


class Unit:
    """One unit's budget for one year, drawn so that every table agrees with every other."""

    def __init__(
        self, *, rng: random.Random, dictionaries: Dictionaries, size: int, functions: list[str], has_projects: bool
    ):
        self.dictionaries = dictionaries
        self.functions = functions  # 7-digit function codes, the unit's lines
        self.basic = {
            code: size * share * rng.randint(90, 110) // 100 // 100
            for code, share in zip(functions, self.shares(len(functions), rng), strict=True)
        }
        self.project_by_function = {code: 0 for code in functions}
        self.projects: list[tuple[int, int]] = []  # (project index, cents)
        if has_projects:
            project_total = size * rng.randint(5, 25) // 100
            chosen = rng.sample(range(len(PROJECTS)), rng.randint(1, 3))
            amounts = split(project_total, [rng.randint(1, 5) for _ in chosen], rng)
            self.projects = list(zip(chosen, amounts, strict=True))
            self.project_by_function[functions[0]] += project_total
        self.basic_total = sum(self.basic.values())
        self.project_total = sum(amount for _, amount in self.projects)
        self.total = self.basic_total + self.project_total
        goods = self.basic_total * rng.randint(2, 8) // 100
        wages = self.basic_total - goods
        self.economic_basic = dict(zip(BASIC_ITEMS, split(wages, list(BASIC_ITEMS.values()), rng), strict=True))
        goods_items = sorted(rng.sample(GOODS_ITEMS, rng.randint(2, len(GOODS_ITEMS))))
        self.economic_basic.update(
            zip(goods_items, split(goods, [rng.randint(1, 9) for _ in goods_items], rng), strict=True)
        )
        project_items = sorted(rng.sample(PROJECT_ITEMS, rng.randint(1, 3))) if self.project_total else []
        self.economic_project = (
            dict(
                zip(
                    project_items,
                    split(self.project_total, [rng.randint(1, 9) for _ in project_items], rng),
                    strict=True,
                )
            )
            if project_items
            else {}
        )
        self.reception = rng.choice([0, 0, 0, 10, 20, 50, 100])
        self.vehicle_operation = rng.choice([0, 0, 0, 0, 300, 800])

    @staticmethod
    def shares(count: int, rng: random.Random) -> list[int]:
        first = rng.randint(55, 80)
        rest = split(100 - first, [rng.randint(1, 5) for _ in range(count - 1)], rng) if count > 1 else []
        return [first, *rest]

    def by_function(self, code: str) -> tuple[int, int]:
        """(basic, project) of a function code at any level: the sum of its 7-digit lines."""
        basic = sum(amount for leaf, amount in self.basic.items() if leaf.startswith(code))
        project = sum(amount for leaf, amount in self.project_by_function.items() if leaf.startswith(code))
        return basic, project

    def function_rows(self) -> list[str]:
        codes = set()
        for leaf in self.functions:
            codes |= {leaf[:3], leaf[:5], leaf}
        return sorted(codes)

    def economic_rows(self, items: dict[str, int]) -> list[str]:
        codes = set(items) | {code[:3] for code in items}
        return sorted(codes)


def write_publication(folder: Path, *, unit: Unit, template: Template, dictionaries: Dictionaries, facts: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    functions, economic = dictionaries.function_codes.codes, dictionaries.economic_codes.codes
    zero = "0.00"
    spec = {table.id: table for table in template.tables}
    classes = sorted({code[:3] for code in unit.functions})

    def classified(table_id: str, amounts_of) -> None:  # amounts_of(code or "") -> list of cents
        table = spec[table_id]
        code_column = table.code_column.id
        rows = [["", "合计", *[cents(value) for value in amounts_of("")]]]
        codes = unit.function_rows() if code_column == "function_code" else None
        for code in codes:
            rows.append([code, functions[code].name_zh, *[cents(value) for value in amounts_of(code)]])
        write_csv(folder / table.file, [column.id for column in table.columns], rows)

    def spend(code: str) -> tuple[int, int]:
        return (unit.basic_total, unit.project_total) if not code else unit.by_function(code)

    classified("02", lambda code: [sum(spend(code)), sum(spend(code)), *[0] * 10])
    classified("03", lambda code: [sum(spend(code)), *spend(code), 0, 0, 0, 0])
    classified("05", lambda code: [sum(spend(code)), *spend(code)])
    for table_id in ("09", "10"):
        write_csv(
            folder / spec[table_id].file,
            [column.id for column in spec[table_id].columns],
            [["", "合计", zero, zero, zero]],
        )
    for table_id, items in (("06", unit.economic_basic), ("07", unit.economic_project)):
        rows = [["", "合计", cents(sum(items.values()))]]
        for code in unit.economic_rows(items):
            value = (
                sum(amount for item, amount in items.items() if item.startswith(code))
                if len(code) == 3
                else items[code]
            )
            rows.append([code, economic[code].name_zh, cents(value)])
        write_csv(folder / spec[table_id].file, ["economic_code", "name", "amount"], rows)
    two_sided(
        folder,
        spec["01"],
        unit=unit,
        classes=classes,
        expenditure_extra={"expenditure_this_year", "expenditure_grand_total"},
    )
    two_sided(
        folder,
        spec["04"],
        unit=unit,
        classes=classes,
        expenditure_extra={"expenditure_this_year", "expenditure_grand_total"},
    )
    three_public = unit.reception + unit.vehicle_operation
    eight = {
        "administrative": 0,
        "three_public": three_public,
        "abroad": 0,
        "vehicles": unit.vehicle_operation,
        "vehicle_purchase": 0,
        "vehicle_operation": unit.vehicle_operation,
        "reception": unit.reception,
    }
    rows = [
        [fixed.label, cents(eight[fixed.key]), cents(eight[fixed.key]), zero, zero]
        for fixed in spec["08"].sides[0].rows
    ]
    write_csv(folder / spec["08"].file, [column.id for column in spec["08"].columns], rows)
    name = facts["name_zh"]
    basic_classes = {
        code: sum(amount for item, amount in unit.economic_basic.items() if item.startswith(code))
        for code in ("301", "302")
    }
    rows = [
        ["total", "", "合计", *[cents(unit.basic_total)] * 3, zero, zero, zero],
        ["unit", "", name, *[cents(unit.basic_total)] * 3, zero, zero, zero],
    ]
    rows += [
        ["economic_class", code, economic[code].name_zh, *[cents(value)] * 3, zero, zero, zero]
        for code, value in basic_classes.items()
        if value
    ]
    write_csv(folder / spec["11"].file, [column.id for column in spec["11"].columns], rows)
    rows = [
        ["total", "合计", *[cents(unit.project_total)] * 3, zero, zero, zero, zero, "", "", ""],
        ["unit", name, *[cents(unit.project_total)] * 3, zero, zero, zero, zero, "", "", ""],
    ]
    for index, amount in unit.projects:
        project_zh, project_en, goal_zh, goal_en = PROJECTS[index]
        rows.append(["project", project_zh, *[cents(amount)] * 3, zero, zero, zero, zero, goal_zh, project_en, goal_en])
    write_csv(folder / spec["12"].file, [column.id for column in spec["12"].columns], rows)
    (folder / "publication.yaml").write_text(dump_yaml(facts), encoding="utf-8")


def two_sided(folder: Path, table: TableSpec, *, unit: Unit, classes: list[str], expenditure_extra: set[str]) -> None:
    income_side, expenditure_side = table.sides
    total = unit.total
    income = {row.key: 0 for row in income_side.rows}
    first_income = income_side.rows[0].key
    income[first_income] = total
    for key in ("income_this_year", "income_grand_total"):
        income[key] = total
    expenditure = {
        row.key: sum(unit.by_function(row.key)) if row.key in classes else 0 for row in expenditure_side.rows
    }
    for key in expenditure_extra:
        expenditure[key] = total
    income_rows = [(row.label, cents(income[row.key])) for row in income_side.rows]
    expenditure_rows = [(row.label, cents(expenditure[row.key])) for row in expenditure_side.rows]
    # Lay the sides out as printed: the income lines beside the first classes, the totals side by side.
    this_year = next(index for index, row in enumerate(income_rows) if row[0] == "本年收入合计")
    expenditure_this_year = next(index for index, row in enumerate(expenditure_rows) if row[0] == "本年支出合计")
    left = income_rows[:this_year] + [("", "")] * (expenditure_this_year - this_year) + income_rows[this_year:]
    grand = len(left) - 1
    expenditure_grand = len(expenditure_rows) - 1
    if expenditure_grand > grand:
        left = left[:-1] + [("", "")] * (expenditure_grand - grand) + left[-1:]
    rows = []
    for index in range(max(len(left), len(expenditure_rows))):
        income_cells = left[index] if index < len(left) else ("", "")
        expenditure_cells = expenditure_rows[index] if index < len(expenditure_rows) else ("", "")
        rows.append([*income_cells, *expenditure_cells])
    write_csv(folder / table.file, [column.id for column in table.columns], rows)


def facts_for(*, unit_id: str, year: int, names: tuple[str, str], unit: Unit, prior: dict, rng: random.Random) -> dict:
    def amount(cents_value: int) -> float:
        return float(cents(cents_value))

    procurement = [rng.randint(0, unit.total // 40) for _ in range(3)]
    changes = {
        reason: amount(unit.total) != prior[key]
        for key, reason in (("income_total", "income"), ("expenditure_total", "expenditure"))
    }
    reasons = {
        key: {
            "zh": "人员和项目经费按工作需要调整",
            "en": "personnel and project funds were adjusted to the work required",
        }
        for key, changed in changes.items()
        if changed
    }
    three_public_changed = {
        "three_public": amount(unit.reception + unit.vehicle_operation) != prior["three_public"]["total"],
        "vehicles": amount(unit.vehicle_operation) != prior["three_public"]["vehicles"],
        "reception": amount(unit.reception) != prior["three_public"]["reception"],
    }
    reasons.update(
        {
            key: {"zh": "按厉行节约要求安排", "en": "set in line with the rules on frugality"}
            for key, changed in three_public_changed.items()
            if changed
        }
    )
    return {
        "unit": unit_id,
        "year": year,
        "template": "guangzhou-department",
        "amount_unit": "万元",
        "name_zh": names[0],
        "name_en": names[1],
        "responsibilities": [
            {
                "zh": "（一）贯彻执行国家、省、市有关方针政策和法律法规；",
                "en": "(1) Implement national, provincial and city policies, laws and regulations;",
            },
            {
                "zh": "（二）负责本领域公共服务的组织实施和监督管理；",
                "en": "(2) Organise, deliver and supervise public services in its field;",
            },
            {"zh": "（三）完成上级交办的其他任务。", "en": "(3) Carry out other tasks assigned by higher authorities."},
        ],
        "structure": {
            "zh": "本部门内设综合科和业务科。",
            "en": "The department has a general office and an operations section.",
        },
        "composition": {
            "zh": "本部门无下属单位，部门预算为本级预算。",
            "en": "The department has no subordinate units; its budget is its own.",
        },
        "table_notes": {
            table_id: (
                {"zh": "本表本年无发生额。", "en": "This table has no amounts this year."}
                if table_id in ("09", "10") or (table_id in ("07", "12") and not unit.project_total)
                else {
                    "zh": "金额转化为万元时，四舍五入可能存在尾差。",
                    "en": "Rounding amounts to 10,000 yuan may leave small differences.",
                }
            )
            for table_id in ("01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12")
        },
        "explanation": {
            "prior_year": prior,
            "reasons": reasons,
            "procurement": {
                "total": amount(sum(procurement)),
                "goods": amount(procurement[0]),
                "works": amount(procurement[1]),
                "services": amount(procurement[2]),
            },
            "assets": {
                "as_of": datetime.date(year, 1, 6),
                "fixed_assets": amount(unit.total * rng.randint(5, 30) // 100),
                "buildings_m2": rng.choice([0, 0, 120, 850]),
                "vehicles": rng.choice([0, 0, 1, 2]),
                "large_equipment": 0,
                "large_equipment_threshold": 100,
                "planned_purchases": amount(rng.randint(0, 300)),
                "planned_purchases_items": {"zh": "办公设备等", "en": "office equipment and similar items"},
            },
            "key_projects": [PROJECTS[unit.projects[0][0]][0]] if unit.projects else [],
            "key_projects_note": {"zh": "无。", "en": "None."},
        },
        "glossary": [
            "fiscal-appropriation-income",
            "basic-expenditure",
            "project-expenditure",
            "administrative-expenses",
            "three-public-expenses",
        ],
    }


def current_figures(unit: Unit) -> dict:
    def amount(value: int) -> float:
        return float(cents(value))

    return {
        "income_total": amount(unit.total),
        "expenditure_total": amount(unit.total),
        "three_public": {
            "total": amount(unit.reception + unit.vehicle_operation),
            "abroad": 0.0,
            "vehicles": amount(unit.vehicle_operation),
            "vehicle_purchase": 0.0,
            "vehicle_operation": amount(unit.vehicle_operation),
            "reception": amount(unit.reception),
        },
        "operating_expenses": 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, required=True)
    parser.add_argument("--years", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--first-year", type=int, default=2024)
    arguments = parser.parse_args(argv)
    if arguments.out.exists() and any(arguments.out.iterdir()):
        parser.error(f"{arguments.out} is not empty")
    rng = random.Random(arguments.seed)
    arguments.out.mkdir(parents=True, exist_ok=True)
    for shared in ("dictionaries", "templates"):
        shutil.copytree(REPO_DATA / shared, arguments.out / shared)
    template = load_template(arguments.out / "templates" / "guangzhou-department.yaml")
    units = []
    for index in range(arguments.units):
        zh, en = DEPARTMENTS[index % len(DEPARTMENTS)]
        round_ = index // len(DEPARTMENTS)
        names = (
            f"{DISTRICT[0]}{zh}" + (f"（{round_ + 1}）" if round_ else ""),
            f"{en}, {DISTRICT[1]}" + (f" ({round_ + 1})" if round_ else ""),
        )
        units.append((f"unit-{index + 1:03d}", names))
    write_csv(
        arguments.out / "units.csv",
        ["unit_id", "name_zh", "name_en", "parent_unit_id"],
        [[unit_id, *names, ""] for unit_id, names in units],
    )
    dictionaries, problems = load_dictionaries(arguments.out)
    assert dictionaries is not None, problems
    # Leaves under a class that both summary tables (1 and 4) print, the pension and housing lines aside.
    printed = set.intersection(
        *({row.key for row in template.table(table_id).sides[1].rows} for table_id in ("01", "04"))
    )
    leaves = sorted(
        code
        for code in dictionaries.function_codes.codes
        if len(code) == 7 and code[:3] in printed and not code.startswith(("20805", "22102"))
    )
    for unit_id, names in units:
        size = int(rng.lognormvariate(8.5, 0.9)) * 100  # cents of 万元: a few hundred to tens of thousands
        functions = sorted({*rng.sample(leaves, rng.randint(1, 3)), "2080505", "2080506", "2210201"})
        has_projects = rng.random() < 0.7
        prior = None
        for offset in range(arguments.years):
            year = arguments.first_year + offset
            unit = Unit(rng=rng, dictionaries=dictionaries, size=size, functions=functions, has_projects=has_projects)
            if prior is None:
                prior = current_figures(unit)
                prior["income_total"] = prior["expenditure_total"] = float(
                    cents(unit.total * rng.randint(95, 105) // 100)
                )
            facts = facts_for(unit_id=unit_id, year=year, names=names, unit=unit, prior=prior, rng=rng)
            write_publication(
                arguments.out / str(year) / unit_id,
                unit=unit,
                template=template,
                dictionaries=dictionaries,
                facts=facts,
            )
            prior = current_figures(unit)
            size = size * rng.randint(96, 106) // 100
    return 0


if __name__ == "__main__":
    sys.exit(main())
