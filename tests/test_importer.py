"""Importing published budgets: the seed's text gives our data back exactly; an exported workbook
gives it back again; a document that cannot be read leaves nothing behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from conftest import DATA, PUBLICATION, REPO, SEED_TEXT
from macros.checking.validation import validate
from macros.exchange.exports import workbook

SCRIPT = REPO / "scripts" / "import_disclosure.py"


def run_import(
    document: Path,
    out: Path,
    *extra: str,
    template: str | None = "guangzhou-department",
    unit: str = "liwan-digital-gov",
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            str(document),
            "--unit",
            unit,
            "--out",
            str(out),
            *extra,
            *(("--template", template) if template else ()),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        check=False,
    )


def same_tables(out: Path) -> None:
    for path in sorted((DATA / PUBLICATION).glob("*.csv")):
        assert (out / PUBLICATION / path.name).read_bytes() == path.read_bytes(), path.name


def test_the_seed_imports_into_an_empty_folder_as_our_data(tmp_path: Path) -> None:
    out = tmp_path / "data"
    out.mkdir()
    result = run_import(SEED_TEXT, out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert validate(out).ok
    same_tables(out)
    ours = yaml.safe_load((DATA / PUBLICATION / "publication.yaml").read_text(encoding="utf-8"))
    imported = yaml.safe_load((out / PUBLICATION / "publication.yaml").read_text(encoding="utf-8"))
    assert imported == ours


def test_an_exported_workbook_imports_as_the_same_data(tmp_path: Path) -> None:
    publication = validate(DATA).publications[(2024, "liwan-digital-gov")]
    book = tmp_path / "budget.xlsx"
    book.write_bytes(workbook(publication, lang="zh"))
    out = tmp_path / "data"
    result = run_import(book, out, "--year", "2024")
    assert result.returncode == 0, result.stdout + result.stderr
    same_tables(out)
    assert validate(out).ok


def test_an_unreadable_document_reports_lines_and_writes_nothing(tmp_path: Path) -> None:
    text = SEED_TEXT.read_text(encoding="utf-8")
    broken = text.replace("## 支出总体情况表", "## 支出情况", 1).replace(
        "政府采购安排46.4万元", "政府采购约四十六万元", 1
    )
    document = tmp_path / "broken.txt"
    document.write_text(broken, encoding="utf-8")
    out = tmp_path / "data"
    out.mkdir()
    result = run_import(document, out)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(f"{document}:") for line in lines)
    procurement_line = next(number for number, line in enumerate(broken.splitlines(), 1) if "政府采购约" in line)
    assert any(line.startswith(f"{document}:{procurement_line}: ") and "procurement" in line for line in lines), lines
    assert any("支出总体情况表" in line for line in lines), lines
    assert list(out.iterdir()) == []


def test_untranslated_text_is_imported_with_its_english_pending(tmp_path: Path) -> None:
    document = tmp_path / "new.txt"
    document.write_text(
        SEED_TEXT.read_text(encoding="utf-8").replace("本部门无内设机构。", "本部门设两个科室。"), encoding="utf-8"
    )
    out = tmp_path / "data"
    result = run_import(document, out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "英文待译 1 处" in result.stderr and "1 texts have their English pending" in result.stderr
    facts = yaml.safe_load((out / PUBLICATION / "publication.yaml").read_text(encoding="utf-8"))
    assert facts["structure"] == {"zh": "本部门设两个科室。", "en": ""}
    checked = validate(out)
    assert checked.ok and [found.code for found in checked.warnings] == ["TRANSLATION_PENDING"]
    translations = tmp_path / "english.yaml"
    translations.write_text("本部门设两个科室。: The center has two sections.\n", encoding="utf-8")
    again = tmp_path / "again"
    assert run_import(document, again, "--translations", str(translations)).returncode == 0
    assert "two sections" in (again / PUBLICATION / "publication.yaml").read_text(encoding="utf-8")
    assert validate(again).warnings == []


def test_a_new_unit_without_english_gets_its_name_pending(tmp_path: Path) -> None:
    document = tmp_path / "renamed.txt"
    text = SEED_TEXT.read_text(encoding="utf-8")
    assert text.count("广州市荔湾区数字政府运营中心") > 1
    document.write_text(text.replace("广州市荔湾区数字政府运营中心", "广州市荔湾区数据中心"), encoding="utf-8")
    out = tmp_path / "data"
    result = run_import(document, out, template=None, unit="liwan-data")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "liwan-data,广州市荔湾区数据中心,," in (out / "units.csv").read_text(encoding="utf-8").splitlines()
    facts = yaml.safe_load((out / "2024" / "liwan-data" / "publication.yaml").read_text(encoding="utf-8"))
    assert facts["name_en"] == ""
    checked = validate(out)
    assert checked.ok
    pending = [found for found in checked.warnings if Path(found.path).name == "units.csv"]
    assert [(found.code, dict(found.params)["field"]) for found in pending] == [("TRANSLATION_PENDING", "name_en")]


def test_an_existing_folder_is_not_overwritten() -> None:
    assert run_import(SEED_TEXT, DATA).returncode == 2


def test_a_new_glossary_term_is_added_with_its_english(tmp_path: Path) -> None:
    term = "**十一、测试名词：**指用于检验导入的名词。"
    document = tmp_path / "terms.txt"
    document.write_text(SEED_TEXT.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + term + "\n", encoding="utf-8")
    out = tmp_path / "data"
    refused = run_import(document, out)
    assert refused.returncode == 1 and "测试名词" in refused.stdout
    translations = tmp_path / "english.yaml"
    translations.write_text(
        "测试名词: Test term\n指用于检验导入的名词。: Refers to a term used to test the import.\n", encoding="utf-8"
    )
    assert run_import(document, out, "--translations", str(translations)).returncode == 0
    glossary = (out / "dictionaries" / "glossary.csv").read_text(encoding="utf-8")
    assert "test-term,测试名词,Test term,指用于检验导入的名词。,Refers to a term used to test the import." in glossary
    facts = yaml.safe_load((out / PUBLICATION / "publication.yaml").read_text(encoding="utf-8"))
    assert facts["glossary"][-1] == "test-term"


def test_without_a_template_the_one_whose_tables_the_document_prints_is_chosen(tmp_path: Path) -> None:
    result = run_import(SEED_TEXT, tmp_path / "out", template=None)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "template: guangzhou-department" in result.stderr
    same_tables(tmp_path / "out")


def test_a_document_of_no_known_template_asks_which(tmp_path: Path) -> None:
    document = tmp_path / "other.txt"
    document.write_text("# 2024年某某报告\n\n没有任何预算表。\n", encoding="utf-8")
    result = run_import(document, tmp_path / "out", template=None)
    assert result.returncode == 1
    assert result.stdout.startswith(f"{document}:1: ")
    assert "--template" in result.stdout and "guangzhou-department" in result.stdout
    assert "shanghai-department-budget" in result.stdout


def test_a_year_that_disagrees_with_the_document_is_refused(tmp_path: Path) -> None:
    result = run_import(SEED_TEXT, tmp_path / "out", "--year", "2023")
    assert result.returncode == 1
    assert "not 2023" in result.stdout
    assert not (tmp_path / "out").exists()


def test_an_optional_sentence_left_out_leaves_its_fact_out(tmp_path: Path) -> None:
    document = tmp_path / "plain.txt"
    text = SEED_TEXT.read_text(encoding="utf-8")
    assert "，主要是打印机等。" in text
    document.write_text(text.replace("，主要是打印机等。", "。", 1), encoding="utf-8")
    out = tmp_path / "data"
    result = run_import(document, out)
    assert result.returncode == 0, result.stdout + result.stderr
    facts = yaml.safe_load((out / PUBLICATION / "publication.yaml").read_text(encoding="utf-8"))
    assert "planned_purchases_items" not in facts["explanation"]["assets"]
    ours = yaml.safe_load((DATA / PUBLICATION / "publication.yaml").read_text(encoding="utf-8"))
    assert facts["explanation"]["assets"]["planned_purchases"] == ours["explanation"]["assets"]["planned_purchases"]


def test_headings_are_found_however_the_extraction_spaced_them(tmp_path: Path) -> None:
    document = tmp_path / "spaced.txt"
    text = SEED_TEXT.read_text(encoding="utf-8")
    for heading in ("## 一、主要职责", "#### 四、政府采购情况"):
        assert heading in text
        hashes, words = heading.split(" ", 1)
        text = text.replace(heading, f"{hashes} {' '.join(words)}", 1)
    document.write_text(text, encoding="utf-8")
    out = tmp_path / "data"
    result = run_import(document, out)
    assert result.returncode == 0, result.stdout + result.stderr
    ours = yaml.safe_load((DATA / PUBLICATION / "publication.yaml").read_text(encoding="utf-8"))
    assert yaml.safe_load((out / PUBLICATION / "publication.yaml").read_text(encoding="utf-8")) == ours


def test_a_unit_the_list_lacks_is_added_from_the_documents_name(tmp_path: Path) -> None:
    out = tmp_path / "data"
    result = run_import(SEED_TEXT, out, template=None, unit="liwan-digital-gov-2")
    assert result.returncode == 0, result.stdout + result.stderr
    units = (out / "units.csv").read_text(encoding="utf-8").splitlines()
    ours = [line for line in units if line.startswith("liwan-digital-gov,")]
    added = [line for line in units if line.startswith("liwan-digital-gov-2,")]
    assert added == [ours[0].replace("liwan-digital-gov,", "liwan-digital-gov-2,", 1)]  # its name, as printed
    assert validate(out).ok


def test_prose_that_disagrees_with_the_tables_is_reported_not_refused(tmp_path: Path) -> None:
    document = tmp_path / "prose.txt"
    text = SEED_TEXT.read_text(encoding="utf-8")
    assert text.count("收入预算730.66万元") == 1
    document.write_text(text.replace("收入预算730.66万元", "收入预算730.76万元"), encoding="utf-8")
    out = tmp_path / "data"
    result = run_import(document, out)
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(number for number, printed in enumerate(text.splitlines(), 1) if "收入预算730.66万元" in printed)
    [report] = result.stdout.splitlines()
    assert report.startswith(
        f"{document}:{line}: 文字与表格不符 / the prose disagrees with the tables: “收入预算730.76万元"
    )
    assert "prints 730.76, the tables give 730.66 (income_total)" in report
    assert (out / PUBLICATION / "publication.yaml").is_file()
