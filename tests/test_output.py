"""The consolidated workbook: live totals, print setup on every sheet, comparison, charts, properties, and
byte-identical output for the same inputs."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from outputs_support import FORM, PERIOD, UNITS, clean_figures, small_registry  # noqa: F401

from desktop.cli import main
from desktop.demo import write_unit
from desktop.io.formsheet import HEADER_ROW, NUMBER_FORMAT, percent_text
from desktop.io.previous import read_previous
from desktop.io.reader import read_workbook
from desktop.io.writer import (
    CHART_BLOCK_ROWS,
    CHARTS,
    COMPARISON,
    DETAIL,
    ISSUES,
    SOURCES,
    STATUS,
    SUMMARY,
    detail_column,
    write_consolidated,
)
from desktop.periods import parse_period
from desktop.pipeline import run_batch

LIST = FORM.list_sheet.output_name
SHEETS = [SUMMARY, COMPARISON, CHARTS, DETAIL, LIST, STATUS, ISSUES, SOURCES, "_meta"]


def make_inbox(folder: Path, period=PERIOD, seed: int = 0) -> dict[str, dict]:
    """Three clean units and one with an error; the figures each clean unit sent."""
    folder.mkdir(parents=True, exist_ok=True)
    sent = {}
    for index, unit in enumerate(UNITS[:3]):
        figures, previous, rows = clean_figures(seed + index, unit)
        write_unit(folder / f"{unit.name}.xlsx", FORM, unit, period, figures, previous, rows)
        sent[unit.code] = {"current": figures, "previous": previous, "rows": rows}
    figures, previous, rows = clean_figures(99, UNITS[3])
    figures["20"] = figures["19"] + 5  # R07: an error, so the file stays out of the total
    write_unit(folder / "loi.xlsx", FORM, UNITS[3], period, figures, previous, rows)
    return sent


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("output")
    sent = make_inbox(root / "inbox")
    report = run_batch([root / "inbox"], FORM, small_registry(), period_text=PERIOD.label)
    path = write_consolidated(report, root / "tong hop.xlsx")
    return path, report, sent


def total(sent, column, code):
    return sum(unit[column][code] for unit in sent.values())


def summary_rows(ws) -> dict[str, int]:
    return {ws.cell(r, 4).value: r for r in range(HEADER_ROW + 3, HEADER_ROW + 40) if ws.cell(r, 4).value in FORM.codes}


def test_sheets_come_in_reading_order_with_the_summary_first(built):
    wb = openpyxl.load_workbook(built[0])
    assert wb.sheetnames == SHEETS
    assert wb.active.title == SUMMARY and wb["_meta"].sheet_state == "hidden"


def test_summary_holds_live_sums_over_detail_with_cached_totals(built):
    path, report, sent = built
    formulas = openpyxl.load_workbook(path)[SUMMARY]
    cached = openpyxl.load_workbook(path, data_only=True)[SUMMARY]
    rows = summary_rows(formulas)
    for code, row in rows.items():
        for col, column in (("E", "current"), ("F", "previous")):
            assert re.fullmatch(
                rf"=SUM\('{DETAIL}'!{col_of(column, code)}4:{col_of(column, code)}6\)", formulas[f"{col}{row}"].value
            )
            assert cached[f"{col}{row}"].value == total(sent, column, code)
        expected = percent_text(total(sent, "current", code), total(sent, "previous", code))
        assert (cached[f"G{row}"].value or "") == expected


def col_of(column: str, code: str) -> str:
    from desktop.io.writer import detail_column

    return openpyxl.utils.get_column_letter(detail_column(FORM, column, code) + 1)


def test_detail_has_one_row_per_counted_unit_and_a_total_row(built):
    path, report, sent = built
    ws = openpyxl.load_workbook(path, data_only=True)[DETAIL]
    assert [ws.cell(r, 3).value for r in (4, 5, 6)] == [u.name for u in UNITS[:3]]
    assert ws.cell(7, 1).value == "Cộng"
    for code in FORM.codes:
        assert ws[f"{col_of('current', code)}2"].value == code
        assert ws[f"{col_of('current', code)}3"].value == FORM.by_code[code].short_label, "short name under the code"
        assert ws[f"{col_of('current', code)}5"].value == sent["10002"]["current"][code]
        assert ws[f"{col_of('previous', code)}7"].value == total(sent, "previous", code)
    assert ws.freeze_panes == "D4" and ws.auto_filter.ref.startswith("A3:")


def test_the_summary_is_itself_a_clean_submission_of_the_form(built):
    path, report, sent = built
    sub = read_workbook(path, FORM)
    assert sub.sheet == SUMMARY and sub.label("unit_name") == "Tỉnh Thử Nghiệm"
    assert sub.label("period") == PERIOD.label
    assert sub.values("current") == {c: total(sent, "current", c) for c in FORM.codes}
    assert sub.values("previous") == {c: total(sent, "previous", c) for c in FORM.codes}
    assert len(sub.list_rows) == sum(len(unit["rows"]) for unit in sent.values())
    again = run_batch([path], FORM, None, period_text=PERIOD.label)
    assert [i.check for i in again.files[0].issues if i.severity.value != "info"] == []


def test_every_figure_carries_the_dot_thousands_format(built):
    wb = openpyxl.load_workbook(built[0])
    checked = 0
    for name in (SUMMARY, COMPARISON, CHARTS, DETAIL):
        ws = wb[name]
        for row in ws.iter_rows(min_row=3):
            for cell in row:
                value = cell.value
                is_figure = isinstance(value, int | float) or (isinstance(value, str) and value.startswith("=SUM"))
                is_link = isinstance(value, str) and re.match(r"^='[^']+'!\$?[A-Z]+\$?\d+$", value)
                if (is_figure or is_link) and cell.column > 1 and not (name == COMPARISON and cell.column == 2):
                    assert cell.number_format == NUMBER_FORMAT, (name, cell.coordinate, value)
                    checked += 1
    assert checked > 300


def test_summary_ends_with_notes_and_the_signature_block(built):
    ws = openpyxl.load_workbook(built[0])[SUMMARY]
    last = summary_rows(ws)["28"]
    below = [c.value for row in ws.iter_rows(min_row=last + 1) for c in row if c.value]
    assert below[0] == (
        "Ghi chú: Số đơn vị được tổng hợp: 3 (danh mục Tỉnh Thử Nghiệm: 4 đơn vị = 3 đã nộp + 0 chưa nộp + 1 bị loại)."
    )
    assert below[1] == "Cột “Cùng kỳ năm trước” là tổng số liệu cùng kỳ do 3/3 đơn vị tự báo cáo."
    assert below[2:] == [
        "…, ngày … tháng … năm …",
        "NGƯỜI LẬP BIỂU",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "(Ký, ghi rõ họ tên)",
        "(Ký tên, đóng dấu)",
    ]
    assert (ws["A1"].value, ws["A2"].value, ws["C1"].value) == (
        "BAN CHỈ ĐẠO 138",
        "TỈNH THỬ NGHIỆM",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    )


@pytest.mark.parametrize(
    ("sheet", "orientation", "titles"),
    [
        (SUMMARY, "portrait", "$13:$14"),
        (COMPARISON, "portrait", "$4:$4"),
        (CHARTS, "landscape", None),
        (DETAIL, "landscape", "$1:$3"),
        (LIST, "landscape", "$3:$3"),
        (STATUS, "landscape", "$3:$3"),
        (ISSUES, "landscape", "$3:$3"),
        (SOURCES, "landscape", "$1:$3"),
    ],
)
def test_every_sheet_prints_on_a4_with_page_numbers_and_repeated_titles(built, sheet, orientation, titles):
    ws = openpyxl.load_workbook(built[0])[sheet]
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == orientation
    assert ws.oddFooter.center.text.endswith("Trang &P/&N")
    assert ws.print_title_rows == titles
    fits = ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
    if fits:
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0  # 1 is the default
    else:
        assert 60 <= ws.page_setup.scale <= 100


def test_wide_detail_prints_across_pages_with_the_unit_columns_repeated(built):
    ws = openpyxl.load_workbook(built[0])[DETAIL]
    assert ws.print_title_cols == "$A:$C"
    breaks = [b.id for b in ws.col_breaks.brk]
    assert [openpyxl.utils.get_column_letter(b + 1) for b in breaks] == [
        col_of("current", "15"),
        col_of("previous", "01"),
        col_of("previous", "15"),
    ]
    assert ws[f"{col_of('current', '15')}1"].value == "Kỳ báo cáo (mã 15–28)"


def test_sources_give_each_figure_of_detail_its_cell_in_the_unit_file_at_the_same_place(built):
    path, report, sent = built
    book = openpyxl.load_workbook(path)
    detail, sources = book[DETAIL], book[SOURCES]
    file_col = detail_column(FORM, FORM.value_columns[-1], FORM.codes[-1]) + 2  # 1-based, after the codes
    assert [sources.cell(1, c).value for c in range(4, file_col)] == [
        detail.cell(1, c).value for c in range(4, file_col)
    ]
    for header_row in (2, 3):
        assert [sources.cell(header_row, c).value for c in range(4, file_col)] == [
            detail.cell(header_row, c).value for c in range(4, file_col)
        ]
    assert [sources.cell(r, file_col + c).value for r, c in ((1, 0), (1, 1), (1, 2))] == [
        "Tệp nguồn",
        "Trang tính",
        "SHA-256 (không in)",
    ]
    assert "cùng vị trí trong trang “Chi tiết”" in sources["A1"].value
    counted = {Path(f.path).name: f for f in report.files if f.counted}
    checked = 0
    for r in range(4, 4 + len(counted)):
        name = detail.cell(r, file_col).value
        result = counted[name]
        assert [sources.cell(r, c).value for c in (1, 2, 3)] == [detail.cell(r, c).value for c in (1, 2, 3)]
        assert sources.cell(r, file_col).value == name
        assert sources.cell(r, file_col + 1).value == result.submission.sheet
        assert sources.cell(r, file_col + 2).value == result.sha256 and len(result.sha256) == 64
        # the address at the figure's place, read back in the unit's own file, gives the figure
        unit_sheet = openpyxl.load_workbook(result.path, data_only=True)[sources.cell(r, file_col + 1).value]
        for column in FORM.value_columns:
            for code in FORM.codes:
                c = detail_column(FORM, column, code) + 1
                cell = sources.cell(r, c).value
                assert cell == result.submission.figures[column][code].cell
                assert unit_sheet[cell].value == detail.cell(r, c).value == sent[result.unit.code][column][code]
                checked += 1
    assert checked == 3 * len(FORM.value_columns) * len(FORM.codes)
    assert sources.cell(4 + len(counted), 1).value is None  # no total row: nothing to trace


def test_sources_print_like_detail_with_the_file_and_sheet_as_the_last_page_across(built):
    book = openpyxl.load_workbook(built[0])
    detail, sources = book[DETAIL], book[SOURCES]
    file_col = detail_column(FORM, FORM.value_columns[-1], FORM.codes[-1]) + 1  # 0-based
    assert sources.freeze_panes == detail.freeze_panes == "D4"
    assert sources.print_title_cols == detail.print_title_cols == "$A:$C"
    assert sources.page_setup.scale == detail.page_setup.scale
    assert [b.id for b in sources.col_breaks.brk] == [b.id for b in detail.col_breaks.brk] + [file_col]
    sheet_letter = openpyxl.utils.get_column_letter(file_col + 2)
    assert sources.print_area == f"'{SOURCES}'!$A$1:${sheet_letter}$6"
    widths = {c: sources.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in (1, 3, 4, file_col + 1)}
    assert widths == {c: detail.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in widths}


def test_status_sheet_lists_every_registry_unit_and_leaves_the_hash_off_paper(built):
    path, report, sent = built
    ws = openpyxl.load_workbook(path)[STATUS]
    rows = {ws.cell(r, 3).value: ws.cell(r, 4).value for r in range(4, 8)}
    assert rows == {u.name: "Đã nộp" for u in UNITS[:3]} | {UNITS[3].name: "Bị loại"}
    assert ws.print_area == f"'{STATUS}'!$A$1:$J$7"  # title, subtitle, header, four units
    assert len(ws.cell(4, 11).value) == 64


def test_comparison_sheet_gives_the_change_in_percent_per_code(built):
    path, report, sent = built
    formulas = openpyxl.load_workbook(path)[COMPARISON]
    cached = openpyxl.load_workbook(path, data_only=True)[COMPARISON]
    seen = 0
    for r in range(5, formulas.max_row + 1):
        code = cached.cell(r, 1).value
        if code not in FORM.codes:
            continue
        seen += 1
        current, previous = total(sent, "current", code), total(sent, "previous", code)
        assert (cached.cell(r, 4).value, cached.cell(r, 5).value) == (current, previous)
        assert (cached.cell(r, 6).value or "") == percent_text(current, previous, signed=True)
        assert formulas.cell(r, 4).value.startswith(f"='{SUMMARY}'!E")
    assert seen == 28
    assert [cached.cell(4, c).value for c in (1, 2)] == ["Mã", "Chỉ tiêu"], "no STT column repeating the codes"


def test_charts_sheet_holds_native_charts_fed_by_linked_tables(built):
    path, report, sent = built
    with zipfile.ZipFile(path) as archive:
        charts = sorted(n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        xml = [archive.read(n).decode() for n in charts]
    assert len(charts) == 5
    assert all("<c:barChart>" in x and '<c:barDir val="bar"/>' in x for x in xml[:4])
    assert '<c:barDir val="col"/>' in xml[4]
    assert f"<c:f>'{CHARTS}'!$C$5:$C$7</c:f>" in xml[0]
    ws = openpyxl.load_workbook(path)[CHARTS]
    cached = openpyxl.load_workbook(path, data_only=True)[CHARTS]
    ranked = sorted(sent.items(), key=lambda item: -item[1]["current"]["06"])
    assert [cached.cell(r, 3).value for r in (5, 6, 7)] == [unit["current"]["06"] for _, unit in ranked]
    assert all(ws.cell(r, 3).value.startswith(f"='{DETAIL}'!") for r in (5, 6, 7))
    forces = FORM.list_sheet.column("force").allowed
    last_block = 3 + 4 * CHART_BLOCK_ROWS
    assert [cached.cell(last_block + 2 + i, 2).value for i in range(len(forces))] == forces
    counted = [sum(r["force"] == f for unit in sent.values() for r in unit["rows"]) for f in forces]
    assert [cached.cell(last_block + 2 + i, 3).value for i in range(len(forces))] == counted
    assert ws.cell(last_block + 2, 3).value.startswith(f"=COUNTIF('{LIST}'!$E$4:$E$")


def test_document_properties_name_the_office_the_form_and_its_version(built):
    path, report, sent = built
    wb = openpyxl.load_workbook(path)
    props = wb.properties
    assert props.title == f"{FORM.title} - {PERIOD.label}"
    assert props.subject == f"Tổng hợp TDBV-01 {PERIOD.label}"
    assert props.creator == "BAN CHỈ ĐẠO 138 TỈNH THỬ NGHIỆM"
    assert props.keywords == "TDBV-01, 2026.1"
    custom = {p.name: p.value for p in wb.custom_doc_props.props}
    assert custom["form_id"] == "TDBV-01" and custom["schema_version"] == "2026.1"
    newest = max(f.modified for f in report.files)
    assert props.created == datetime.fromtimestamp(newest).replace(microsecond=0)


def test_the_same_inputs_give_a_byte_identical_workbook(built, tmp_path):
    path, report, sent = built
    inbox = path.parent / "inbox"
    again = run_batch([inbox], FORM, small_registry(), period_text=PERIOD.label)
    second = write_consolidated(again, tmp_path / "lan hai.xlsx")
    assert second.read_bytes() == path.read_bytes()
    other = write_consolidated(again, tmp_path / "khac.xlsx", issuer="CÔNG AN")
    assert other.read_bytes() != path.read_bytes()


@pytest.mark.parametrize(
    ("current", "previous", "ratio", "change"),
    [
        (105, 100, "105,0", "+5,0"),
        (1, 3, "33,3", "-66,7"),
        (2, 3, "66,7", "-33,3"),
        (401, 400, "100,3", "+0,3"),  # half up, as Excel and LibreOffice round
        (1201, 800, "150,1", "+50,1"),
        (100, 100, "100,0", "+0,0"),
        (2600, 2601, "100,0", "0,0"),  # a fall too small to show has no sign, as FIXED() gives it
        (0, 7, "0,0", "-100,0"),
        (5, 0, "", ""),
        (5, None, "", ""),
        (123456, 1000, "12345,6", "+12245,6"),
    ],
)
def test_percent_text_matches_the_sheet_formulas(current, previous, ratio, change):
    assert percent_text(current, previous) == ratio
    assert percent_text(current, previous, signed=True) == change


def test_previous_consolidated_file_fills_the_same_period_last_year(tmp_path):
    last_year = parse_period("Quý III/2025")
    old = make_inbox(tmp_path / "2025", last_year, seed=40)
    old_report = run_batch([tmp_path / "2025"], FORM, small_registry(), period_text=last_year.label)
    old_path = write_consolidated(old_report, tmp_path / "tong hop 2025.xlsx")
    sent = make_inbox(tmp_path / "2026")
    report = run_batch([tmp_path / "2026"], FORM, small_registry(), period_text=PERIOD.label)
    previous = read_previous(old_path, FORM, PERIOD)
    assert previous.warnings == [] and previous.period == "Quý III/2025"
    path = write_consolidated(report, tmp_path / "tong hop 2026.xlsx", previous=previous)
    summary = openpyxl.load_workbook(path, data_only=True)[SUMMARY]
    rows = summary_rows(summary)
    for code, row in rows.items():
        assert summary[f"F{row}"].value == total(old, "current", code)
        ratio = percent_text(total(sent, "current", code), total(old, "current", code))
        assert (summary[f"G{row}"].value or "") == ratio
    notes = [c.value for r in summary.iter_rows(min_row=rows["28"] + 1) for c in r if c.value]
    assert "Cột “Cùng kỳ năm trước” lấy từ tệp tổng hợp “tong hop 2025.xlsx” (kỳ Quý III/2025)." in notes
    comparison = openpyxl.load_workbook(path, data_only=True)[COMPARISON]
    assert "tong hop 2025.xlsx" in comparison["A2"].value
    changes = {comparison.cell(r, 1).value: comparison.cell(r, 6).value for r in range(5, 40)}
    assert re.fullmatch(r"[+-]\d+,\d", changes["07"]) and changes["07"] == percent_text(
        total(sent, "current", "07"), total(old, "current", "07"), signed=True
    )


def test_a_previous_file_of_another_period_is_used_with_a_warning(tmp_path):
    make_inbox(tmp_path / "q2", parse_period("Quý II/2026"))
    report = run_batch([tmp_path / "q2"], FORM, small_registry(), period_text="Quý II/2026")
    old_path = write_consolidated(report, tmp_path / "q2.xlsx")
    previous = read_previous(old_path, FORM, PERIOD)
    assert previous.warnings == [
        "Tệp “q2.xlsx” là kỳ Quý II/2026, không phải cùng kỳ năm trước (Quý III/2025); vẫn dùng để so sánh"
    ]


def test_cli_consolidate_with_previous_and_issuer(tmp_path, capsys):
    last_year = parse_period("Quý III/2025")
    make_inbox(tmp_path / "2025", last_year, seed=40)
    make_inbox(tmp_path / "2026")
    units = tmp_path / "units.csv"
    units.write_text("code,name\n" + "".join(f"{u.code},{u.name}\n" for u in UNITS), encoding="utf-8")
    old = tmp_path / "cu.xlsx"
    new = tmp_path / "moi.xlsx"
    common = ["--units", str(units)]
    assert main(["consolidate", str(tmp_path / "2025"), "-o", str(old), "--period", "Quý III/2025", *common]) == 0
    code = main(
        ["consolidate", str(tmp_path / "2026"), "-o", str(new), "--previous", str(old), "--issuer", "CÔNG AN TỈNH"]
        + common
    )
    assert code == 0 and f"Đã ghi: {new}" in capsys.readouterr().out
    ws = openpyxl.load_workbook(new)[SUMMARY]
    assert ws["A1"].value == "CÔNG AN TỈNH"
    assert not str(ws[f"F{summary_rows(ws)['07']}"].value).startswith("=")


def test_cli_consolidate_refuses_a_previous_file_that_is_not_the_form(tmp_path, capsys):
    make_inbox(tmp_path / "2026")
    stranger = tmp_path / "khac.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Danh sách cán bộ"
    wb.save(stranger)
    code = main(["consolidate", str(tmp_path / "2026"), "-o", str(tmp_path / "o.xlsx"), "--previous", str(stranger)])
    assert code == 2
    assert "không phải là báo cáo TDBV-01" in capsys.readouterr().err
    assert not (tmp_path / "o.xlsx").exists()
