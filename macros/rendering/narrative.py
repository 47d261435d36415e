"""Part 3 (情况说明) as prose computed from the numbers, in the official wording.

Every figure is read from the tables (this year) or from the prior year: the prior year's own
folder when it exists, else ``explanation.prior_year`` in publication.yaml. Reasons are text from
the YAML. Returns plain text; the page escapes it at the boundary.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from macros.checking.content import current_figures
from macros.model.dictionaries import GlossaryTerm
from macros.model.facts import fact_amount
from macros.model.publication import Publication
from macros.rendering.i18n import in_millions, percent, prose_amount

# The glossary term whose definition opens section 三 (机关运行经费).
OPERATING_EXPENSES_TERM = "administrative-expenses"


@dataclass(frozen=True)
class Figures:
    """This year's and the prior year's figures that Part 3 compares, by the template's keys."""

    current: dict[str, Decimal]
    prior: dict[str, Decimal]

    def change(self, key: str) -> tuple[Decimal, Decimal]:
        return self.current[key], self.prior[key]


def part3_figures(publication: Publication, *, prior_publication: Publication | None) -> Figures:
    current = current_figures(publication)
    if prior_publication is not None:
        prior = current_figures(prior_publication)
    else:
        prior = {key: fact_amount(publication.facts, "explanation", "prior_year", *key.split(".")) for key in current}
    return Figures(current=current, prior=prior)


def explanation_amount(publication: Publication, group: str, key: str, *, lang: str) -> str:
    """A Part 3 fact from publication.yaml (explanation.<group>.<key>) as prose writes it."""
    return prose_amount(fact_amount(publication.facts, "explanation", group, key), lang=lang)


def operating_term(publication: Publication) -> GlossaryTerm:
    term = publication.dictionaries.glossary.get(OPERATING_EXPENSES_TERM)
    if term is None:
        raise KeyError(f"data/dictionaries/glossary.csv has no term {OPERATING_EXPENSES_TERM}, which Part 3 quotes")
    return term


def change_zh(current: Decimal, prior: Decimal, *, unit: str, with_percent: bool = True) -> str:
    """比上年增加62.97万元，增长7.93% — and the official wording when the base is zero."""
    difference = current - prior
    amount = f"比上年{'减少' if difference < 0 else '增加'}{prose_amount(abs(difference))}{unit}"
    if not with_percent:
        return amount
    if prior == 0:
        return f"{amount}，增长--（基数为0，不可比）"
    return f"{amount}，{'下降' if difference < 0 else '增长'}{percent(difference, prior)}%"


def reason_zh(publication: Publication, key: str) -> str:
    reason = (publication.facts.data["explanation"].get("reasons") or {}).get(key)
    return f"，主要原因是{reason['zh']}" if reason else ""


def figure_zh(figures: Figures, key: str, *, unit: str) -> str:
    """62.97万元，比上年…，…: the amount then its change."""
    current, prior = figures.change(key)
    return f"{prose_amount(current)}{unit}，{change_zh(current, prior, unit=unit)}"


def change_section_zh(publication: Publication, figures: Figures, *, unit: str) -> str:
    return (
        f"{publication.year}年本部门收入预算{figure_zh(figures, 'income_total', unit=unit)}"
        f"{reason_zh(publication, 'income')}；"
        f"支出预算{figure_zh(figures, 'expenditure_total', unit=unit)}{reason_zh(publication, 'expenditure')}。"
    )


def three_public_section_zh(publication: Publication, figures: Figures, *, unit: str) -> str:
    vehicles, vehicles_prior = figures.change("three_public.vehicles")
    purchase, purchase_prior = figures.change("three_public.vehicle_purchase")
    operation, operation_prior = figures.change("three_public.vehicle_operation")
    return (
        f"{publication.year}年本部门财政拨款安排“三公”经费{figure_zh(figures, 'three_public.total', unit=unit)}"
        f"{reason_zh(publication, 'three_public')}。"
        f"其中：因公出国（境）费{figure_zh(figures, 'three_public.abroad', unit=unit)}{reason_zh(publication, 'abroad')}；"
        f"公务用车购置及运行维护费{prose_amount(vehicles)}{unit}"
        f"（公务用车购置费{prose_amount(purchase)}{unit}，{change_zh(purchase, purchase_prior, unit=unit, with_percent=False)}；"
        f"公务用车运行维护费{prose_amount(operation)}{unit}，"
        f"{change_zh(operation, operation_prior, unit=unit, with_percent=False)}。）"
        f"{change_zh(vehicles, vehicles_prior, unit=unit)}{reason_zh(publication, 'vehicles')}；"
        f"公务接待费{figure_zh(figures, 'three_public.reception', unit=unit)}{reason_zh(publication, 'reception')}。"
    )


def operating_section_zh(publication: Publication, figures: Figures, *, unit: str) -> list[str]:
    """The definition of 机关运行经费 (from the glossary), then this year's figure."""
    term = operating_term(publication)
    return [
        f"{term.term_zh}{term.definition_zh}",
        f"{publication.year}年，本部门机关运行经费安排{figure_zh(figures, 'operating_expenses', unit=unit)}"
        f"{reason_zh(publication, 'operating_expenses')}。",
    ]


def procurement_section_zh(publication: Publication, *, unit: str) -> str:
    def amount(key: str) -> str:
        return explanation_amount(publication, "procurement", key, lang="zh") + unit

    return (
        f"{publication.year}年本部门政府采购安排{amount('total')}，其中：货物类采购预算{amount('goods')}，"
        f"工程类采购预算{amount('works')}，服务类采购预算{amount('services')}等。"
    )


def assets_section_zh(publication: Publication, *, unit: str) -> str:
    assets = publication.facts.data["explanation"]["assets"]
    as_of = assets["as_of"]

    def amount(key: str) -> str:
        return explanation_amount(publication, "assets", key, lang="zh")

    items = assets.get("planned_purchases_items")
    purpose = f"，主要是{items['zh']}" if items else ""
    return (
        f"截至{as_of.year}年{as_of.month}月{as_of.day}日，本部门固定资产金额{amount('fixed_assets')}{unit}，"
        f"分布构成情况为：房屋{prose_amount(Decimal(str(assets['buildings_m2'])))}平方米，"
        f"车辆{assets['vehicles']}辆，单价在{amount('large_equipment_threshold')}{unit}以上的设备"
        f"{assets['large_equipment']}台等。本年度拟购置固定资产{amount('planned_purchases')}{unit}{purpose}。"
    )


def key_projects_intro_zh(publication: Publication) -> str:
    return f"{publication.year}年，本部门重点项目绩效目标情况如下："


# --- English ---------------------------------------------------------------------------------------


def change_en(current: Decimal, prior: Decimal, *, with_percent: bool = True) -> str:
    """62.97 less than last year (down 7.93%) — and plain words when last year's figure was zero."""
    difference = current - prior
    direction = "less" if difference < 0 else "more"
    amount = prose_amount(abs(difference), lang="en")
    words = "unchanged from last year" if difference == 0 else f"{amount} {direction} than last year"
    if not with_percent:
        return words
    if prior == 0:
        return f"{words} (no percentage: last year's figure was zero)"
    if difference == 0:
        return f"{words} (0%)"
    return f"{words} ({'down' if difference < 0 else 'up'} {percent(difference, prior)}%)"


def reason_en(publication: Publication, key: str) -> str:
    reason = (publication.facts.data["explanation"].get("reasons") or {}).get(key)
    return f"; reason given: {reason['en']}" if reason else ""


def figure_en(figures: Figures, key: str) -> str:
    current, prior = figures.change(key)
    return f"{prose_amount(current, lang='en')}, {change_en(current, prior)}"


def change_section_en(publication: Publication, figures: Figures, *, unit: str) -> str:
    income, _ = figures.change("income_total")
    expenditure, _ = figures.change("expenditure_total")
    return (
        f"In {publication.year} the department's budgeted income is {figure_en(figures, 'income_total')}"
        f"{reason_en(publication, 'income')}. Its budgeted expenditure is "
        f"{figure_en(figures, 'expenditure_total')}{reason_en(publication, 'expenditure')}. "
        f"In millions of yuan: income {prose_amount(in_millions(income, unit=unit), lang='en')}, "
        f"expenditure {prose_amount(in_millions(expenditure, unit=unit), lang='en')}."
    )


def three_public_section_en(publication: Publication, figures: Figures) -> str:
    vehicles, vehicles_prior = figures.change("three_public.vehicles")
    purchase, purchase_prior = figures.change("three_public.vehicle_purchase")
    operation, operation_prior = figures.change("three_public.vehicle_operation")
    return (
        f"In {publication.year} the department's fiscal appropriations for the “three public expenses” are "
        f"{figure_en(figures, 'three_public.total')}{reason_en(publication, 'three_public')}. Of these: "
        f"official travel abroad {figure_en(figures, 'three_public.abroad')}{reason_en(publication, 'abroad')}; "
        f"purchase and running of official vehicles {prose_amount(vehicles, lang='en')} (purchase "
        f"{prose_amount(purchase, lang='en')}, {change_en(purchase, purchase_prior, with_percent=False)}; "
        f"running and maintenance {prose_amount(operation, lang='en')}, "
        f"{change_en(operation, operation_prior, with_percent=False)}), {change_en(vehicles, vehicles_prior)}"
        f"{reason_en(publication, 'vehicles')}; official receptions {figure_en(figures, 'three_public.reception')}"
        f"{reason_en(publication, 'reception')}."
    )


def operating_section_en(publication: Publication, figures: Figures) -> list[str]:
    term = operating_term(publication)
    return [
        f"{term.term_en}: {term.definition_en}",
        f"In {publication.year} the department's government operating expenses are "
        f"{figure_en(figures, 'operating_expenses')}{reason_en(publication, 'operating_expenses')}.",
    ]


def procurement_section_en(publication: Publication) -> str:
    def amount(key: str) -> str:
        return explanation_amount(publication, "procurement", key, lang="en")

    return (
        f"In {publication.year} the department plans government procurement of {amount('total')}: goods "
        f"{amount('goods')}, works {amount('works')} and services {amount('services')}."
    )


def assets_section_en(publication: Publication, *, unit: str) -> str:
    assets = publication.facts.data["explanation"]["assets"]
    as_of = assets["as_of"]

    def amount(key: str) -> str:
        return explanation_amount(publication, "assets", key, lang="en")

    threshold = fact_amount(publication.facts, "explanation", "assets", "large_equipment_threshold")
    items = assets.get("planned_purchases_items")
    purpose = f", mainly {items['en']}" if items else ""
    buildings = prose_amount(Decimal(str(assets["buildings_m2"])), lang="en")
    return (
        f"As of {as_of.day} {as_of:%B} {as_of.year} the department's fixed assets are worth "
        f"{amount('fixed_assets')}: buildings of {buildings} square metres, {assets['vehicles']} vehicles and "
        f"{assets['large_equipment']} pieces of equipment with a unit price above {amount('large_equipment_threshold')} "
        f"({prose_amount(in_millions(threshold, unit=unit), lang='en')} million yuan). This year it plans to buy fixed "
        f"assets worth {amount('planned_purchases')}{purpose}."
    )


def key_projects_intro_en(publication: Publication) -> str:
    return f"The performance goals of the department's key projects in {publication.year}:"


# --- both ------------------------------------------------------------------------------------------

Section = tuple[str, str, list[str]]  # anchor, label key, paragraphs


def part3_sections(publication: Publication, figures: Figures, *, lang: str) -> list[Section]:
    """Sections 一 to 五 of 情况说明 in the build language (六, the key projects, is a table)."""
    unit = publication.facts.data["amount_unit"]
    if lang == "en":
        return [
            ("part-3-change", "section_change", [change_section_en(publication, figures, unit=unit)]),
            ("part-3-three-public", "section_three_public", [three_public_section_en(publication, figures)]),
            ("part-3-operating", "section_operating", operating_section_en(publication, figures)),
            ("part-3-procurement", "section_procurement", [procurement_section_en(publication)]),
            ("part-3-assets", "section_assets", [assets_section_en(publication, unit=unit)]),
        ]
    return [
        ("part-3-change", "section_change", [change_section_zh(publication, figures, unit=unit)]),
        ("part-3-three-public", "section_three_public", [three_public_section_zh(publication, figures, unit=unit)]),
        ("part-3-operating", "section_operating", operating_section_zh(publication, figures, unit=unit)),
        ("part-3-procurement", "section_procurement", [procurement_section_zh(publication, unit=unit)]),
        ("part-3-assets", "section_assets", [assets_section_zh(publication, unit=unit)]),
    ]


def key_projects_intro(publication: Publication, *, lang: str) -> str:
    return key_projects_intro_en(publication) if lang == "en" else key_projects_intro_zh(publication)
