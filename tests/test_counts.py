"""Every count is per unit and adds up to the registry; reasons are the errors themselves."""

import os
import time

import openpyxl
from builders import build_workbook, valid_values

from desktop.consolidate import Status
from desktop.io.writer import ISSUES, STATUS, SUMMARY, check_name, write_consolidated
from desktop.pipeline import run_batch


def batch(folder, form):
    # the draft first: its stored "modified" time is never later than the newer file's
    older = build_workbook(
        folder / "Xã Quý Lộc (bản nháp cũ).xlsx", form, unit="Xã Quý Lộc", unit_code=None, current=valid_values(form, 5)
    )
    newer = build_workbook(folder / "Xã Quý Lộc.xlsx", form, unit="Xã Quý Lộc", unit_code=None)
    stamp = time.time() - 7 * 86400
    os.utime(older, (stamp, stamp))
    os.utime(newer, None)
    build_workbook(folder / "Xã Yên Phú.xlsx", form, unit="Xã Yên Phú", unit_code=None, period="Quý II/2026")
    build_workbook(folder / "Xã Yên Trường.xlsx", form, unit="Xã Yên Trường", unit_code=None)
    return newer, older


def test_a_units_draft_and_its_newer_file_count_the_unit_once(folder, form, registry, tmp_path):
    newer, older = batch(folder, form)
    report = run_batch([folder], form, registry, period_text="Quý III/2026")
    consolidation = report.consolidation
    counts = consolidation.counts
    assert (counts.submitted, counts.excluded, counts.missing) == (2, 1, 163)
    assert counts.units == len(registry.units) == 166
    assert counts.superseded == 1
    status = {s.file: s for s in consolidation.status if s.file}
    assert status[older.name].status is Status.SUPERSEDED
    assert status[newer.name].status is Status.SUBMITTED
    excluded = status["Xã Yên Phú.xlsx"]
    assert excluded.status is Status.EXCLUDED
    assert "Quý II/2026" in excluded.reason and "lỗi" not in excluded.reason.split(":")[0], excluded.reason
    assert excluded.reason_en and "Quý II/2026" in excluded.reason_en

    out = write_consolidated(report, tmp_path / "tong hop.xlsx")
    book = openpyxl.load_workbook(out)
    summary = book[SUMMARY]
    note = next(c.value for row in summary.iter_rows() for c in row if str(c.value or "").startswith("Ghi chú:"))
    assert "166 đơn vị = 2 đã nộp + 163 chưa nộp + 1 bị loại" in note
    ws = book[STATUS]
    assert "Đơn vị: đã nộp 2; chưa nộp 163; bị loại 1 (cộng 166). Tệp trùng không tính: 1" in ws["A2"].value
    rows = {r: [c.value for c in ws[r]] for r in range(4, ws.max_row + 1) if ws.cell(r, 4).value}
    missing = next(r for r, v in rows.items() if v[3] == "Chưa nộp")
    assert rows[missing][7:10] == [None, None, None], "a unit that sent nothing shows blanks, not 0 0 0"
    fills = {v[3]: ws.cell(r, 3).fill.fgColor.rgb for r, v in rows.items()}
    assert fills["Bị loại"] != fills["Đã nộp"] and fills["Chưa nộp"] not in (fills["Đã nộp"], fills["Bị loại"])
    assert ws.column_dimensions["D"].width >= 20, "“Không có trong danh mục” on one line"
    checks = {book[ISSUES].cell(r, 3).value for r in range(4, book[ISSUES].max_row + 1)}
    assert {"Trùng báo cáo", "Sai kỳ báo cáo"} <= checks
    assert not {"duplicate_submission", "period_mismatch"} & checks


def test_check_names_are_vietnamese_and_rules_say_what_they_check(form):
    assert check_name("number_text", form) == "Số gõ dạng chữ"
    assert check_name("R07", form) == "Quy tắc R07: mã 20 ≤ mã 19"
    assert check_name("R12", form) == "Quy tắc R12: số dòng Biểu 02 = mã 16"


def test_the_cli_summary_adds_up_and_explains_a_counted_file_with_an_error(folder, form, run_cli):
    batch(folder, form)
    done = run_cli("validate", folder, "--province", "Thanh Hóa", "--period", "Quý III/2026")
    out = done.stdout
    assert "166 đơn vị = 2 đã nộp + 163 chưa nộp + 1 bị loại" in out
    assert "1 tệp được tính vì là tệp được chọn trong cặp trùng báo cáo" in out
    duplicate_lines = [line for line in out.splitlines() if "duplicate_submission" in line]
    assert len(duplicate_lines) == 2 and sum("có 2 tệp" in line for line in duplicate_lines) == 1
    assert all("Trùng báo cáo (duplicate_submission)" in line for line in duplicate_lines), "named in Vietnamese"


def test_a_blank_template_returned_unfilled_is_a_warning_and_not_counted(folder, form, registry, tmp_path):
    from desktop.io.formsheet import Header
    from desktop.io.template import write_unit_workbook

    blank = write_unit_workbook(
        folder / "Xã Yên Phú.xlsx", form, Header("Xã Yên Phú", "", "Quý III/2026", "15/06/2026", "14/09/2026", "")
    )
    build_workbook(folder / "Xã Yên Trường.xlsx", form, unit="Xã Yên Trường", unit_code=None)
    report = run_batch([folder], form, registry, period_text="Quý III/2026")
    result = next(f for f in report.files if f.path == str(blank))
    assert [i.check for i in result.issues if i.severity != "info"] == ["blank_form"]
    assert result.issues[0].message.startswith("Biểu chưa điền số liệu")
    assert not [i for i in result.issues if i.check == "blank_as_zero"], "one warning, not a note per cell"
    assert not result.counted and result.exclusion == "biểu chưa điền số liệu"
    assert report.consolidation.counts.excluded == 1
    included = run_batch([folder], form, registry, period_text="Quý III/2026", include=[blank])
    assert next(f for f in included.files if f.path == str(blank)).counted


def test_an_empty_input_folder_is_a_clear_error_and_writes_nothing(folder, run_cli, tmp_path):
    (folder / "~$khoa.xlsx").write_bytes(b"")
    out = tmp_path / "tong hop.xlsx"
    done = run_cli("consolidate", folder, "-o", out, "--province", "Thanh Hóa")
    assert done.returncode == 2
    assert "Không có tệp báo cáo nào" in done.stderr and str(folder) in done.stderr
    assert not out.exists()


def test_the_default_output_name_is_all_vietnamese():
    from desktop.consolidate import output_name

    assert output_name("Tỉnh Thanh Hóa", "Quý III/2026") == "Tổng hợp Tỉnh Thanh Hóa Quý III-2026.xlsx"
    assert output_name(period="9 tháng 2026") == "Tổng hợp 9 tháng 2026.xlsx"
