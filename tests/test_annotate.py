"""The marked-up copy sent back to a unit: the offending cells coloured and commented, a `Cần sửa` sheet
with links, and everything else of the unit's workbook intact."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pytest
from outputs_support import (  # noqa: F401
    FORM,
    PERIOD,
    UNITS,
    clean_figures,
    libreoffice,
    needs_soffice,
    small_registry,
    soffice_fixture,
)

from desktop.cli import main
from desktop.demo import write_unit
from desktop.io.annotate import FILLS, FIX_SHEET, annotate_report, annotate_workbook, annotated_path
from desktop.io.workbook import load_sheets
from desktop.issues import Severity, make_issue
from desktop.pipeline import run_batch
from desktop.reading import process_file

RED, AMBER = FILLS[Severity.ERROR], FILLS[Severity.WARNING]


def faulty_unit(folder: Path, name: str = "Xã Yên Định.xlsx") -> Path:
    """A unit workbook with two errors, two warnings and a note."""
    folder.mkdir(parents=True, exist_ok=True)
    figures, previous, rows = clean_figures(5, UNITS[2])
    figures["07"] = "hơn 5.000"  # error: approximate
    figures["20"] = figures["19"] + 3  # error: R07
    figures["02"] = figures["01"] - 1  # warning: R01
    figures["04"] = f"{1234:,}".replace(",", ".")  # a note: number typed as text
    figures["28"] = figures["26"] + figures["27"]
    rows[0]["force"] = "Công an xã"  # warning: not one of the allowed values
    return write_unit(folder / name, FORM, UNITS[2], PERIOD, figures, previous, rows)


def issue_keys(issues) -> list[tuple]:
    return sorted((i.check, i.severity.value, i.sheet or "", i.cell or "", i.message) for i in issues)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def annotated(tmp_path):
    source = faulty_unit(tmp_path / "inbox")
    before = digest(source)
    report = run_batch([source.parent], FORM, small_registry(), period_text=PERIOD.label)
    copies, failed = annotate_report(report, tmp_path / "gui-lai")
    assert failed == [] and len(copies) == 1
    assert digest(source) == before  # the original is never written to
    return source, report.files[0], copies[0]


def test_the_copy_is_named_after_the_source_and_lists_errors_and_warnings(annotated):
    source, result, copy = annotated
    assert copy.target.name == "Xã Yên Định - cần sửa.xlsx" and copy.target == annotated_path(
        source, copy.target.parent
    )
    marked = [i for i in result.issues if i.severity in (Severity.ERROR, Severity.WARNING)]
    assert copy.issues == len(marked) >= 4 and not copy.converted
    assert any(i.severity is Severity.INFO for i in result.issues)  # notes are not sent back


def test_offending_cells_are_filled_by_severity_and_carry_the_message(annotated):
    source, result, copy = annotated
    wb = openpyxl.load_workbook(copy.target)
    for issue in result.issues:
        if not issue.cell or issue.severity is Severity.INFO:
            continue
        cell = wb[issue.sheet][issue.cell]
        worst = min(
            (i.severity for i in result.issues if (i.sheet, i.cell) == (issue.sheet, issue.cell)), key=lambda s: s.rank
        )
        assert cell.fill.fgColor.rgb == FILLS[worst], issue.cell
        text = cell.comment.text
        assert f"[{issue.severity.label}]" in text and issue.message.removeprefix(f"Ô {issue.cell}: ")[1:] in text
    unmarked = wb["Biểu 01"]["E16"]
    assert unmarked.comment is None and unmarked.fill.fgColor.rgb != RED


def test_the_fix_sheet_comes_first_with_a_link_to_every_cell(annotated):
    source, result, copy = annotated
    wb = openpyxl.load_workbook(copy.target)
    assert wb.sheetnames[0] == FIX_SHEET and wb.active.title == FIX_SHEET
    ws = wb[FIX_SHEET]
    assert ws["A1"].value == f"CÁC ĐIỂM CẦN SỬA TRONG TỆP “{source.name}”"
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "STT")
    listed = [[ws.cell(r, c).value for c in range(1, 7)] for r in range(header + 1, ws.max_row + 1)]
    assert [row[0] for row in listed] == list(range(1, copy.issues + 1))
    assert [row[1] for row in listed] == sorted((row[1] for row in listed), key=["lỗi", "cảnh báo"].index)
    located = {(row[2], row[3]) for row in listed if row[3]}
    expected = {(i.sheet, i.cell) for i in result.issues if i.cell and i.severity is not Severity.INFO}
    assert located == expected
    for r in range(header + 1, ws.max_row + 1):
        sheet, cell = ws.cell(r, 3).value, ws.cell(r, 4).value
        if cell:
            assert ws.cell(r, 4).hyperlink.location == f"'{sheet}'!{cell}"
    assert ws.print_title_rows == f"${header}:${header}" and ws.page_setup.orientation == "landscape"


def test_the_copy_keeps_formulas_merged_cells_validation_and_protection(annotated):
    source, result, copy = annotated
    original, marked = openpyxl.load_workbook(source), openpyxl.load_workbook(copy.target)
    for name in original.sheetnames:
        a, b = original[name], marked[name]
        assert sorted(map(str, a.merged_cells.ranges)) == sorted(map(str, b.merged_cells.ranges))
        assert [str(dv.sqref) for dv in a.data_validations.dataValidation] == [
            str(dv.sqref) for dv in b.data_validations.dataValidation
        ]
        assert bool(a.protection.sheet) == bool(b.protection.sheet)
        assert a.sheet_state == b.sheet_state
        formulas = {c.coordinate: c.value for row in a.iter_rows() for c in row if c.data_type == "f"}
        assert formulas == {c.coordinate: c.value for row in b.iter_rows() for c in row if c.data_type == "f"}
    # and the computed values of those formulas, which openpyxl alone would drop
    before = {s.name: s.rows for s in load_sheets(source)}
    after = {s.name: s.rows for s in load_sheets(copy.target)}
    assert all(before[name] == after[name] for name in before)


def test_reimporting_the_copy_gives_the_same_values_and_the_same_issues(annotated):
    source, result, copy = annotated
    again = process_file(copy.target, FORM, small_registry())
    for column in FORM.value_columns:
        assert again.submission.values(column) == result.submission.values(column)
    assert [r.values for r in again.submission.list_rows] == [r.values for r in result.submission.list_rows]
    assert issue_keys(again.issues) == issue_keys(result.issues)


def test_a_clean_workbook_gets_no_copy(tmp_path):
    from outputs_support import write_clean_unit

    write_clean_unit(tmp_path / "inbox", UNITS[0], 1)
    report = run_batch([tmp_path / "inbox"], FORM, small_registry(), period_text=PERIOD.label)
    assert annotate_report(report, tmp_path / "out") == ([], [])
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_an_issue_inside_a_merged_range_marks_its_top_left_cell(tmp_path):
    source = faulty_unit(tmp_path / "inbox")
    issue = make_issue("unit_missing", "error", file=str(source), sheet="Biểu 01", cell="B2")  # A2:B2 is merged
    copy = annotate_workbook(source, [issue], tmp_path / "out")
    ws = openpyxl.load_workbook(copy.target)["Biểu 01"]
    assert ws["A2"].fill.fgColor.rgb == RED and "Không có tên đơn vị" in ws["A2"].comment.text
    assert copy.cells == 1 and copy.issues == 1


def test_cli_annotate_writes_copies_and_reports_each_file(tmp_path, capsys):
    source = faulty_unit(tmp_path / "inbox")
    write_unit(tmp_path / "inbox" / "rong.xlsx", FORM, UNITS[0], PERIOD, *clean_figures(2, UNITS[0]))
    (tmp_path / "inbox" / "hong.xlsx").write_bytes(b"not a workbook")
    code = main(["annotate", str(tmp_path / "inbox"), "--out", str(tmp_path / "gui-lai"), "--period", PERIOD.label])
    out = capsys.readouterr().out
    assert code == 0
    assert f"{source.name} → Xã Yên Định - cần sửa.xlsx:" in out
    assert "hong.xlsx — không đọc được, không tạo bản cần sửa" in out
    assert sorted(p.name for p in (tmp_path / "gui-lai").iterdir()) == ["Xã Yên Định - cần sửa.xlsx"]


def test_cli_annotate_refuses_to_write_into_the_folder_it_reads(tmp_path, capsys):
    faulty_unit(tmp_path / "inbox")
    assert main(["annotate", str(tmp_path / "inbox"), "--out", str(tmp_path / "inbox")]) == 2
    assert "thư mục ra khác thư mục chứa báo cáo" in capsys.readouterr().err


@libreoffice
@needs_soffice
def test_an_ods_source_is_copied_as_xlsx_values_and_says_so(tmp_path, soffice, capsys):
    source = faulty_unit(tmp_path / "xlsx")
    (ods,) = soffice.convert([source], "ods", tmp_path / "inbox")
    original = process_file(ods, FORM, small_registry())
    code = main(["annotate", str(ods), "--out", str(tmp_path / "out"), "--period", PERIOD.label])
    assert code == 0
    assert "(tệp .ods được ghi thành .xlsx, chỉ giữ giá trị các ô)" in capsys.readouterr().out
    target = tmp_path / "out" / "Xã Yên Định - cần sửa.xlsx"
    wb = openpyxl.load_workbook(target)
    assert "chỉ giữ giá trị các ô" in " ".join(str(c.value) for c in wb[FIX_SHEET]["A"][:4] if c.value)
    assert sorted(map(str, wb["Biểu 01"].merged_cells.ranges)) == sorted(
        map(str, openpyxl.load_workbook(source)["Biểu 01"].merged_cells.ranges)
    )
    again = process_file(target, FORM, small_registry())
    for column in FORM.value_columns:
        assert again.submission.values(column) == original.submission.values(column)
    assert issue_keys(again.issues) == issue_keys(original.issues)
