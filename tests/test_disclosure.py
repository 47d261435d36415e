"""The checks reviewers run on a disclosure, on a draft PDF (scripts/import_disclosure.py --check-only): a
template's placeholders one problem per sentence at its page, a missing table named, prose that disagrees with
the tables; each with the GovBudgetChecker rule it matches. A correct document passes."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from conftest import FIXTURES, REPO
from macros.checking.validation import validate
from macros.exchange.disclosure import findings, sentences
from macros.exchange.document import pdf_document, text_document
from macros.exchange.import_run import chosen_template, load_reference, prose_disagreements, read_document
from macros.exchange.importer import import_document
from macros.reading.problems import MESSAGES
from macros.reading.review_rules import (
    GOVBUDGETCHECKER_RULES,
    PLACEHOLDER,
    SUBORDINATES,
    UNITS_OF_A_KIND,
    counted,
    reviewer_rule,
)

TEMPLATE_PDF = FIXTURES / "final-accounts-template-2024.pdf"  # the family's 决算 template, full of XXX
TEMPLATE_TEXT = FIXTURES / "final-accounts-template-2024.txt"  # its text, page by page (=== page N ===)
FINAL_PDF = FIXTURES / "putuo-finance-bureau-2024-final-accounts.pdf"
BUDGET_PDF = FIXTURES / "putuo-govoffice-2025-department-budget.pdf"
SHARED = REPO.parent / "shared" / "regions" / "shanghai"
IMPORT_FINDINGS = {
    "TABLE_MISSING",
    "PROSE_MISMATCH",
    "UNIT_SLIP",
    "RATE_OF_ZERO_BUDGET",
}  # found in a document, not in data/


def check_only(
    document: Path, out: Path, *, unit: str, extra: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(REPO / "scripts" / "import_disclosure.py"), str(document), "--unit", unit]
    return subprocess.run(
        [*command, "--out", str(out), "--check-only", *extra],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        check=False,
    )


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared Shanghai documents are not beside this clone")
def test_the_template_fixture_is_the_shared_document() -> None:
    assert TEMPLATE_PDF.read_bytes() == (SHARED / TEMPLATE_PDF.name).read_bytes()


def placeholder_pages(text: str) -> set[int]:
    """The pages whose text (as extracted beside the PDF) holds a placeholder."""
    pages = set()
    for chunk in text.split("=== page ")[1:]:
        number, _, body = chunk.partition(" ===")
        if PLACEHOLDER.search(body):
            pages.add(int(number))
    return pages


def test_the_template_itself_is_refused_with_one_placeholder_problem_per_sentence(tmp_path: Path) -> None:
    result = check_only(TEMPLATE_PDF, tmp_path / "data", unit="a-department")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    found = [re.match(r".*?:page (\d+): 模板占位符未填写（(.+?)）：“(.*)” / .* \[(.+)\]$", line) for line in lines]
    assert lines and all(found), result.stdout
    matches = [match for match in found if match]
    assert {int(match[1]) for match in matches} == placeholder_pages(TEMPLATE_TEXT.read_text(encoding="utf-8"))
    assert {match[4] for match in matches} == {reviewer_rule("PLACEHOLDER_TEXT", kind="final")}
    quoted = [(match[1], match[3]) for match in matches]
    # one problem a sentence: the 情况说明's first three sentences are three problems on their page
    total = next(match[1] for match in matches if match[3].startswith("上海市 XX 局 2024 年度收入支出总计"))
    assert (total, "与 2023 年度相比，收入支出总计增加（减少）XXX 万元，增长（下降）XX%。") in quoted
    assert (total, "主要原因：XXXXXXXX。") in quoted
    for page, sentence in quoted:
        assert all(mark in sentence for mark in PLACEHOLDER.findall(sentence)), (page, sentence)
    assert "nothing imported" in result.stderr


def test_a_missing_table_is_named_with_its_rule(tmp_path: Path) -> None:
    """The finance bureau's 决算 without the page of its Table 7."""
    writer = PdfWriter()
    reader = PdfReader(FINAL_PDF)
    page = next(
        index
        for index, each in enumerate(reader.pages)
        if "财政拨款“三公”经费支出决算表" in (each.extract_text() or "") and index > 5  # the contents name it too
    )
    for index, each in enumerate(reader.pages):
        if index != page:
            writer.add_page(each)
    short = tmp_path / "without-table-7.pdf"
    writer.write(short)
    result = check_only(short, tmp_path / "data", unit="putuo-finance-bureau")
    assert result.returncode == 1
    assert (
        f"{short}:1: 缺少表格：表7“财政拨款“三公”经费支出决算表” / table 7 is missing "
        f"[{reviewer_rule('TABLE_MISSING', kind='final')}]"
    ) in result.stdout.splitlines()


def test_prose_that_disagrees_with_the_tables_is_a_finding_with_its_page_and_rule(tmp_path: Path) -> None:
    translations = FIXTURES / "putuo-finance-bureau-2024-final-accounts.translations.yaml"
    result = check_only(
        FINAL_PDF, tmp_path / "data", unit="putuo-finance-bureau", extra=("--translations", str(translations))
    )
    assert result.returncode == 1, result.stdout + result.stderr
    findings = [line for line in result.stdout.splitlines() if "文字与表格不符" in line]
    assert findings and all(re.search(r":page \d+: ", line) for line in findings)
    assert all(line.endswith(f"[{reviewer_rule('PROSE_MISMATCH', kind='final')}]") for line in findings)
    assert f"{len(findings)} findings in the document" in result.stderr


def test_a_correct_document_passes(tmp_path: Path) -> None:
    result = check_only(BUDGET_PDF, tmp_path / "data", unit="putuo-govoffice")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_sentences_start_on_their_line() -> None:
    document = text_document("标题\n本年收入XXX万元。与上年相比增加\n10万元。\n", name="draft.txt")
    found = [(sentence.line.number, sentence.text) for sentence in sentences(document)]
    assert found == [(1, "标题"), (2, "本年收入XXX万元。"), (2, "与上年相比增加"), (3, "10万元。")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("XXX万元", "XXX"),
        ("请填写", "请填写"),
        ("（略）", "（略）"),
        ("TBD", "TBD"),
        ("奖金……其他", "……"),
        ("××", "××"),
    ],
)
def test_placeholders_beyond_xxx(text: str, expected: str) -> None:
    assert PLACEHOLDER.findall(text) == [expected]


@pytest.mark.parametrize("text", ["一、部门主要职能 ………………………… 3", "XXL", "MAX", "2024年"])
def test_what_is_no_placeholder(text: str) -> None:
    assert PLACEHOLDER.findall(text) == []


def test_counts_in_words() -> None:
    assert [counted(text) for text in ("1", "十", "十二", "二十", "九十九", "三")] == [1, 10, 12, 20, 99, 3]


def test_each_rule_cited_is_one_of_our_checks() -> None:
    assert set(GOVBUDGETCHECKER_RULES) <= set(MESSAGES) | IMPORT_FINDINGS
    assert all(set(kinds) == {"budget", "final"} for kinds in GOVBUDGETCHECKER_RULES.values())


def test_a_reviewer_finds_slips_in_any_sentence() -> None:
    """Whatever a sentence's wording: a word twice, a two-digit year, 元 for 万元, a rate of a zero budget."""
    document = text_document(
        "\n".join(
            [
                "一般公共预算财政拨款支出比上年增加增加10万元。",
                "24年预算安排如下。",
                "住房公积金支出3.58元。",
                "年初预算为0万元，支出决算为307.82万元，完成年初预算的95.89%。",
                "单价100万元以上的设备2台，人均1.5万元。",
            ]
        ),
        name="draft.txt",
    )
    found = [(each.line.number, each.code) for each in findings(document, year=2024, prose_unit="万元")]
    assert found == [(1, "REPEATED_WORDS"), (2, "YEAR_TWO_DIGITS"), (3, "UNIT_SLIP"), (4, "RATE_OF_ZERO_BUDGET")]
    report = findings(document, year=2024, prose_unit="万元")[2].report(kind="final")
    assert report.startswith("3: 金额“3.58元”的单位是元")
    assert report.endswith(f"：“住房公积金支出3.58元。” [{reviewer_rule('UNIT_SLIP', kind='final')}]")


def test_the_published_documents_have_no_slips() -> None:
    for pdf, year in ((FINAL_PDF, 2024), (BUDGET_PDF, 2025)):
        assert findings(pdf_document(pdf), year=year, prose_unit="万元") == []


def test_a_share_the_prose_prints_is_compared_with_the_tables() -> None:
    """占本年支出合计的…%: the percentage one table figure is of another (figures: a / b in the template)."""
    translations = FIXTURES / "putuo-finance-bureau-2024-final-accounts.translations.yaml"
    reference = load_reference(REPO / "data", translations=translations)
    document = read_document(FINAL_PDF)
    assert document is not None
    template, _ = chosen_template(reference, "shanghai-final-accounts", document)
    imported = import_document(
        document, year=None, unit_id="putuo-finance-bureau", knowledge=reference.knowledge(template)
    )
    publication = validate(REPO / "data").publications[(2024, "putuo-finance-bureau-final")]
    shares = [index for index, stated in enumerate(imported.stated) if " / " in stated.figure]
    # as published, one share errs (the class 201's 71.73%, the tables give 71.65%: tests/test_final_accounts_fidelity.py)
    before = [line for line in prose_disagreements(imported, publication) if "%" in line]
    assert shares and [line for line in before if "05:201:total / general_budget" in line] == before
    first = imported.stated[shares[0]]
    imported.stated[shares[0]] = replace(first, printed=str(Decimal(first.printed) + 1))
    reported = [line for line in prose_disagreements(imported, publication) if "%" in line and line not in before]
    assert len(reported) == 1 and f"印 {Decimal(first.printed) + 1}%" in reported[0]
    assert f"表格为 {first.printed}%" in reported[0]


@pytest.mark.parametrize(
    "text",
    [
        "按照工作要求一步一步推进。",  # a way of speaking, not a slip
        "设备使用年限25年。",  # a number of years
        "差旅费标准为每人每天500元。",  # a standard in whole 元
        "决算数与预算数基本持平。",
    ],
)
def test_ordinary_official_wording_is_no_slip(text: str) -> None:
    assert findings(text_document(text, name="plain.txt"), year=2024, prose_unit="万元") == []


def test_a_composition_counts_subordinate_units_apart_from_all_units() -> None:
    text = "本部门下属事业单位2家。本部门中，行政单位1家，事业单位2家。"
    assert [match[0] for match in SUBORDINATES.finditer(text)] == ["下属事业单位2家"]
    assert [match[0] for match in UNITS_OF_A_KIND.finditer(text)] == ["行政单位1家", "事业单位2家"]
    assert counted("一一") is None
