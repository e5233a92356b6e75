"""A second form, shaped unlike TDBV-01, through template -> fill -> validate -> consolidate -> annotate.

The form (tests/forms/llcs-03.yaml) has hierarchical codes (1, 1.1, 1.2), the code column before the
labels, three value columns Nam / Nữ / Tổng số that must all be filled, no list sheet and one chart.
Nothing of it is in the code: the consolidated workbook is checked cell by cell against the figures sent.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from desktop.forms import load_form
from desktop.io.annotate import FIX_SHEET, annotate_report
from desktop.io.formsheet import HEADER_ROW, Header
from desktop.io.ooxml import address
from desktop.io.reader import read_workbook
from desktop.io.template import write_unit_workbook
from desktop.io.writer import CHARTS, DETAIL, ISSUES, SOURCES, STATUS, SUMMARY, detail_column, write_consolidated
from desktop.pipeline import run_batch
from desktop.units import Registry, Unit

FORM = load_form(Path(__file__).parent / "forms" / "llcs-03.yaml")
PERIOD = "Tháng 8/2026"
UNITS = [
    Unit("20001", "Xã Hòa Bình", "xã"),
    Unit("20002", "Phường Bắc Sơn", "phường"),
    Unit("20003", "Xã Tân Lập", "xã"),
    Unit("20004", "Xã Quảng Phú", "xã"),  # sends nothing
]
ENTERED = ["1.1", "1.2", "02", "2.1", "03"]  # "01" is the template's formula 1.1 + 1.2


def figures_of(seed: int, *, broken: bool = False) -> dict[str, dict[str, int]]:
    """Nam and Nữ per code, Tổng số their sum; `broken`: more professional training than training (L1)."""
    nam = {code: 3 + (seed * 7 + i * 5) % 11 for i, code in enumerate(ENTERED)}
    nu = {code: 1 + (seed * 3 + i * 4) % 7 for i, code in enumerate(ENTERED)}
    nam["2.1"], nu["2.1"] = min(nam["2.1"], nam["02"]), min(nu["2.1"], nu["02"])
    nam["03"], nu["03"] = 1 + seed % 3, seed % 2  # fewer commended than members (L2)
    if broken:
        nam["2.1"] = nam["02"] + 4
    values = {"nam": nam, "nu": nu, "tong": {c: nam[c] + nu[c] for c in ENTERED}}
    for column in values.values():
        column["01"] = column["1.1"] + column["1.2"]
    return values


def fill_with_openpyxl(path: Path, values: dict[str, dict[str, int]]) -> None:
    """What a clerk does: open the blank template, type the figures (not the formula row), save."""
    workbook = openpyxl.load_workbook(path)
    ws = workbook[FORM.indicator_sheet.name]
    header = next(r for r in range(1, 30) if ws.cell(r, 2).value == FORM.indicator_sheet.columns["code"])
    headers = [c.value for c in ws[header]]
    cols = {key: headers.index(text) + 1 for key, text in FORM.indicator_sheet.value_columns.items()}
    for r in range(header + 1, ws.max_row + 1):
        code = ws.cell(r, 2).value
        if code in ENTERED:
            for key, col in cols.items():
                assert ws.cell(r, col).value is None  # a blank template
                ws.cell(r, col).value = values[key][code]
    workbook.save(path)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("llcs")
    inbox = root / "inbox"
    inbox.mkdir()
    sent = {}
    for seed, unit in enumerate(UNITS[:3]):
        path = inbox / f"{unit.name}.xlsx"
        header = Header(unit.name, unit.code, PERIOD, "15/07/2026", "14/08/2026", FORM.issuer)
        write_unit_workbook(path, FORM, header)
        sent[unit.name] = figures_of(seed, broken=unit.name == "Xã Tân Lập")
        fill_with_openpyxl(path, sent[unit.name])
    registry = Registry("Tỉnh Thử Nghiệm", UNITS)
    report = run_batch([inbox], FORM, registry, period_text=PERIOD)
    out = root / "Tổng hợp LLCS.xlsx"
    write_consolidated(report, out)
    return root, sent, report, out


def test_the_blank_template_lays_the_table_out_as_the_form_says(tmp_path):
    path = write_unit_workbook(tmp_path / "blank.xlsx", FORM, Header("Xã Hòa Bình", "20001", PERIOD))
    ws = openpyxl.load_workbook(path)[FORM.indicator_sheet.name]
    header = [ws.cell(HEADER_ROW + 1, c).value for c in range(1, 10)]
    assert header == ["TT", "Mã", "Nội dung", "Đơn vị tính", "Nam", "Nữ", "Tổng số", "Ghi chú", None]
    assert [ws.cell(HEADER_ROW + 2, c).value for c in range(1, 9)] == [f"({n})" for n in range(1, 9)]
    assert ws.column_dimensions["C"].width == pytest.approx(40, abs=1)
    rows = {ws.cell(r, 2).value: r for r in range(HEADER_ROW + 3, ws.max_row + 1) if ws.cell(r, 2).value}
    assert list(rows) == ["01", "1.1", "1.2", "02", "2.1", "03"]
    assert ws.cell(rows["01"] - 1, 1).value == "A" and ws.cell(rows["02"] - 1, 1).value == "B"
    total = rows["01"]
    for c, col in zip((5, 6, 7), "EFG", strict=True):  # 1 = 1.1 + 1.2 (blank while both are)
        assert f"{col}{rows['1.1']}+{col}{rows['1.2']}" in ws.cell(total, c).value
    assert ws.cell(1, 1).value == "CÔNG AN TỈNH"
    assert ws["B6"].value == "Mẫu số:" and ws["C6"].value == "03/LLCS"


def test_every_file_is_checked_by_the_forms_own_rules(batch):
    _, sent, report, _ = batch
    by_unit = {f.unit_name: f for f in report.files}
    assert set(by_unit) == {u.name for u in UNITS[:3]}
    for name in ("Xã Hòa Bình", "Phường Bắc Sơn"):
        assert by_unit[name].counted
        assert not [i for i in by_unit[name].issues if i.severity != "info"], by_unit[name].issues
        for column in FORM.value_columns:
            assert by_unit[name].submission.values(column) == sent[name][column]
    bad = by_unit["Xã Tân Lập"]
    assert not bad.counted
    errors = sorted((i for i in bad.issues if i.severity == "error"), key=lambda i: i.cell)
    # Nam breaks the rule, so does Tổng số = Nam + Nữ; Nữ holds
    assert [(i.check, i.sheet, i.cell[0]) for i in errors] == [("L1", "Lực lượng", "E"), ("L1", "Lực lượng", "G")]
    nam, tong = sent["Xã Tân Lập"]["nam"], sent["Xã Tân Lập"]["tong"]
    expected = f"số lượt tập huấn nghiệp vụ ({nam['2.1']}) nhiều hơn tổng số lượt tập huấn ({nam['02']})"
    assert expected in errors[0].message
    assert errors[0].message.endswith("(cột “Nam”)")  # not the main column: it says which one
    assert errors[1].message.endswith(f"({tong['2.1']}) nhiều hơn tổng số lượt tập huấn ({tong['02']})")


def counted_totals(sent) -> dict[str, dict[str, int]]:
    names = ("Xã Hòa Bình", "Phường Bắc Sơn")
    return {col: {code: sum(sent[n][col][code] for n in names) for code in FORM.codes} for col in FORM.value_columns}


def test_the_consolidated_workbook_has_the_forms_sheets_only(batch):
    _, _, _, out = batch
    names = openpyxl.load_workbook(out).sheetnames
    # no `previous` column: no comparison sheet; no list sheet: no list of every unit's rows
    assert names == [SUMMARY, CHARTS, DETAIL, STATUS, ISSUES, SOURCES, "_meta"]


def test_the_summary_is_the_form_one_level_up_cell_by_cell(batch):
    _, sent, _, out = batch
    ws = openpyxl.load_workbook(out)[SUMMARY]
    cached = openpyxl.load_workbook(out, data_only=True)[SUMMARY]
    totals = counted_totals(sent)
    assert ws.cell(1, 1).value == "CÔNG AN TỈNH"
    assert ws["A5"].value == FORM.title
    labels = {ws.cell(r, 2).value: ws.cell(r, 3).value for r in range(6, 12)}
    assert labels == {
        "Mẫu số:": "03/LLCS",
        "Đơn vị:": "Tỉnh Thử Nghiệm",
        "Mã đơn vị:": "",
        "Kỳ:": PERIOD,
        "Từ ngày:": "15/07/2026",
        "Đến ngày:": "14/08/2026",
    }
    assert [ws.cell(HEADER_ROW + 1, c).value for c in range(1, 9)] == list(FORM.indicator_sheet.columns.values())
    expected_rows = [("A", None, "TỔ BẢO VỆ AN NINH, TRẬT TỰ")]
    for number, indicator in enumerate(FORM.indicators, 1):
        if indicator.code == "02":
            expected_rows.append(("B", None, "TẬP HUẤN VÀ KHEN THƯỞNG"))
        expected_rows.append((number, indicator.code, indicator.label))
    first = HEADER_ROW + 3
    detail_first, detail_last = 4, 5  # two units counted, under three header rows
    for offset, (stt, code, text) in enumerate(expected_rows):
        r = first + offset
        if code is None:
            assert [ws.cell(r, c).value for c in (1, 2, 3)] == [stt, None, text]  # the title in the label column
            continue
        indicator = FORM.by_code[code]
        assert [ws.cell(r, c).value for c in range(1, 5)] == [stt, code, text, indicator.unit]
        for c, column in zip((5, 6, 7), ("nam", "nu", "tong"), strict=True):
            letter = address(0, detail_column(FORM, column, code))[:-1]
            assert ws.cell(r, c).value == f"=SUM('{DETAIL}'!{letter}{detail_first}:{letter}{detail_last})"
            assert cached.cell(r, c).value == totals[column][code], (code, column)
            assert ws.cell(r, c).number_format.startswith("[>=1000000]")
        assert ws.cell(r, 8).value is None
    assert ws.cell(first + len(expected_rows), 2).value is None
    notes = [ws.cell(r, 1).value or "" for r in range(first + len(expected_rows), ws.max_row + 1)]
    assert any("Số đơn vị được tổng hợp: 2" in n and "= 2 đã nộp + 1 chưa nộp + 1 bị loại" in n for n in notes)
    assert not any("Cùng kỳ" in n for n in notes)


def test_detail_and_sources_hold_each_units_figures_and_their_cells(batch):
    root, sent, report, out = batch
    detail = openpyxl.load_workbook(out, data_only=True)[DETAIL]
    sources = openpyxl.load_workbook(out)[SOURCES]
    counted = [f for f in report.files if f.counted]
    for index, result in enumerate(
        sorted(
            counted,
            key=lambda f: report.consolidation.rows.index(
                next(r for r in report.consolidation.rows if r.file == f.path)
            ),
        )
    ):
        r = 4 + index
        assert detail.cell(r, 3).value == result.unit_name
        for column in FORM.value_columns:
            for code in FORM.codes:
                c = detail_column(FORM, column, code) + 1
                assert detail.cell(r, c).value == sent[result.unit_name][column][code]
                assert sources.cell(r, c).value == result.submission.figures[column][code].cell
    assert detail.cell(2, detail_column(FORM, "nam", "1.1") + 1).value == "1.1"
    assert detail.cell(6, 1).value == "Cộng"
    totals = counted_totals(sent)
    assert detail.cell(6, detail_column(FORM, "tong", "03") + 1).value == totals["tong"]["03"]


def test_status_and_meta_name_the_form_and_every_registry_unit(batch):
    _, _, _, out = batch
    workbook = openpyxl.load_workbook(out)
    status = workbook[STATUS]
    rows = {status.cell(r, 3).value: status.cell(r, 4).value for r in range(4, 8)}
    assert rows == {
        "Xã Hòa Bình": "Đã nộp",
        "Phường Bắc Sơn": "Đã nộp",
        "Xã Tân Lập": "Bị loại",
        "Xã Quảng Phú": "Chưa nộp",
    }
    meta = {workbook["_meta"].cell(r, 1).value: workbook["_meta"].cell(r, 2).value for r in range(1, 8)}
    assert meta["form_id"] == "LLCS-03" and meta["schema_version"] == "2026.2"
    assert meta["units_counted"] == "2"


def test_the_chart_ranks_the_units_by_the_main_column(batch):
    _, sent, _, out = batch
    ws = openpyxl.load_workbook(out)[CHARTS]
    cached = openpyxl.load_workbook(out, data_only=True)[CHARTS]
    with zipfile.ZipFile(out) as archive:
        charts = [n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        xml = archive.read(charts[0]).decode()
    assert len(charts) == 1 and '<c:barDir val="bar"/>' in xml
    assert "Mã 1.2: Tổ viên (người) - 2 đơn vị cao nhất, cột “Tổng số”" in xml
    assert [ws.cell(4, c).value for c in (1, 2, 3)] == ["STT", "Đơn vị", "Mã 1.2 (người)"]
    ranked = sorted(((sent[n]["tong"]["1.2"], n) for n in ("Xã Hòa Bình", "Phường Bắc Sơn")), reverse=True)
    assert [(cached.cell(5 + i, 3).value, cached.cell(5 + i, 2).value) for i in range(2)] == ranked
    assert ws.cell(5, 3).value.startswith(f"='{DETAIL}'!")


def test_the_consolidated_file_is_itself_a_clean_submission_of_the_form(batch):
    _, sent, _, out = batch
    again = read_workbook(out, FORM)
    assert again.sheet == SUMMARY
    assert not [i for i in again.issues if i.severity == "error"]
    for column, values in counted_totals(sent).items():
        assert again.values(column) == values


def test_the_marked_up_copy_points_at_the_broken_cell(batch):
    root, sent, report, _ = batch
    copies, failed = annotate_report(report, root / "gui-lai")
    assert failed == [] and [c.source.name for c in copies] == ["Xã Tân Lập.xlsx"]
    bad = next(f for f in report.files if f.unit_name == "Xã Tân Lập")
    issue = next(i for i in bad.issues if i.check == "L1")
    workbook = openpyxl.load_workbook(copies[0].target)
    assert workbook.sheetnames[0] == FIX_SHEET
    cell = workbook[FORM.indicator_sheet.name][issue.cell]
    assert cell.value == sent["Xã Tân Lập"]["nam"]["2.1"]
    assert "tập huấn nghiệp vụ" in cell.comment.text and cell.fill.fgColor.rgb == "FFFF8B8B"
    again = read_workbook(copies[0].target, FORM)
    assert again.values("nam") == bad.submission.values("nam")


def test_a_hierarchical_code_the_form_lacks_is_reported_and_skipped(tmp_path):
    path = tmp_path / "thua.xlsx"
    write_unit_workbook(path, FORM, Header("Xã Hòa Bình", "20001", PERIOD), figures_of(1))
    workbook = openpyxl.load_workbook(path)
    ws = workbook[FORM.indicator_sheet.name]
    last = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "03")
    ws.insert_rows(last + 1)
    ws.cell(last + 1, 2).value, ws.cell(last + 1, 3).value, ws.cell(last + 1, 7).value = "3.1", "Dòng thêm", 4
    workbook.save(path)
    sub = read_workbook(path, FORM)
    unknown = [i for i in sub.issues if i.check == "unknown_code"]
    assert [(i.cell, i.severity) for i in unknown] == [(f"B{last + 1}", "warning")]
    assert sub.values("tong") == figures_of(1)["tong"]
