"""The unit template: the form as FORM.md describes it, protected and validated, and it reads back clean."""

from __future__ import annotations

import openpyxl
import pytest
from outputs_support import FORM, PERIOD, UNITS, small_registry  # noqa: F401

from desktop.cli import main
from desktop.io.formsheet import FONT, HEADER_ROW, NUMBER_FORMAT, PLACE_DATE, Header
from desktop.io.reader import read_workbook
from desktop.io.template import LIST_INPUT_ROWS, LIST_OPEN_ROWS, write_unit_workbook
from desktop.periods import format_date
from desktop.pipeline import run_batch
from desktop.reading import process_file


def blank_template(tmp_path, unit=UNITS[0]):
    start, end = PERIOD.police_dates
    header = Header(unit.name, unit.code, PERIOD.label, format_date(start), format_date(end), FORM.issuer)
    return write_unit_workbook(tmp_path / f"mau {unit.code}.xlsx", FORM, header)


def code_rows(ws) -> dict[str, int]:
    return {ws.cell(r, 4).value: r for r in range(HEADER_ROW + 3, ws.max_row + 1) if ws.cell(r, 4).value in FORM.codes}


def validations(ws) -> dict[str, object]:
    """Cell address -> the data validation that covers it."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        for cells in dv.sqref.ranges:
            for row in range(cells.min_row, cells.max_row + 1):
                for col in range(cells.min_col, cells.max_col + 1):
                    found[f"{openpyxl.utils.get_column_letter(col)}{row}"] = dv
    return found


def test_template_has_the_official_header_title_and_prefilled_labels(tmp_path):
    ws = openpyxl.load_workbook(blank_template(tmp_path))["Biểu 01"]
    assert (ws["A1"].value, ws["A2"].value) == (FORM.issuer, "XÃ AN BÌNH")
    assert (ws["C1"].value, ws["C2"].value) == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    assert ws["C2"].font.u == "single" and ws["C1"].font.b and ws["A2"].font.b
    assert ws["A5"].value == FORM.title
    labels = {ws.cell(r, 2).value: ws.cell(r, 3).value for r in range(6, 12)}
    assert labels == {
        "Biểu số:": "01/TDBV",
        "Đơn vị báo cáo:": "Xã An Bình",
        "Mã đơn vị:": "10001",
        "Kỳ báo cáo:": "Quý III/2026",
        "Từ ngày:": "15/06/2026",
        "Đến ngày:": "14/09/2026",
    }
    header = [ws.cell(HEADER_ROW + 1, c).value for c in range(1, 9)]
    assert header == [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Mã số",
        "Kỳ báo cáo",
        "Cùng kỳ năm trước",
        "So sánh (%)",
        "Ghi chú",
    ]
    rows = code_rows(ws)
    assert list(rows) == FORM.codes
    assert [ws.cell(rows[c], 2).value for c in FORM.codes] == [i.label for i in FORM.indicators]


def test_template_uses_times_new_roman_13_for_text_and_the_dot_thousands_format(tmp_path):
    ws = openpyxl.load_workbook(blank_template(tmp_path))["Biểu 01"]
    rows = code_rows(ws)
    assert ws["A1"].font.name == FONT and ws["A1"].font.sz == 13
    assert ws["A5"].font.name == FONT and ws["A5"].font.sz == 14 and ws["A5"].font.b
    assert {ws.cell(r, c).font.name for r in rows.values() for c in range(1, 9)} == {FONT}
    assert {ws.cell(r, c).number_format for r in rows.values() for c in (5, 6)} == {NUMBER_FORMAT}


def test_only_value_cells_are_unlocked_and_the_sheet_is_protected_without_password(tmp_path):
    wb = openpyxl.load_workbook(blank_template(tmp_path))
    ws = wb["Biểu 01"]
    assert ws.protection.sheet and not ws.protection.password
    rows = code_rows(ws)
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row if c.protection.locked is False}
    values = {f"{col}{rows[code]}" for code in FORM.codes if code != "28" for col in "EF"}
    notes = {f"H{r}" for r in rows.values()}
    assert values | notes <= unlocked
    assert not unlocked & {f"{col}{rows['28']}" for col in "EFG"}
    assert not unlocked & {f"{col}{r}" for r in rows.values() for col in "ABCDG"}
    assert not unlocked & {f"C{r}" for r in range(6, 12)}  # the prefilled labels
    assert wb["_meta"].sheet_state == "hidden" and wb["_meta"].protection.sheet
    meta = {r[0].value: r[1].value for r in wb["_meta"].iter_rows()}
    assert meta == {"form_id": "TDBV-01", "schema_version": "2026.1", "unit_code": "10001", "period": "Quý III/2026"}


def test_every_value_cell_has_a_whole_number_validation_with_vietnamese_messages(tmp_path):
    ws = openpyxl.load_workbook(blank_template(tmp_path))["Biểu 01"]
    rows = code_rows(ws)
    covered = validations(ws)
    for code in FORM.codes:
        for col in "EF":
            address = f"{col}{rows[code]}"
            if code == "28":
                assert address not in covered
                continue
            dv = covered[address]
            assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
            assert dv.showErrorMessage and dv.showInputMessage and dv.errorStyle in (None, "stop")
            assert code in dv.promptTitle and "số nguyên" in dv.prompt and FORM.by_code[code].label in dv.prompt
            assert dv.errorTitle == "Số liệu không hợp lệ" and "số nguyên lớn hơn hoặc bằng 0" in dv.error


def test_row_28_and_the_comparison_column_are_formulas(tmp_path):
    ws = openpyxl.load_workbook(blank_template(tmp_path))["Biểu 01"]
    rows = code_rows(ws)
    for col in "EF":
        terms = f"{col}{rows['26']},{col}{rows['27']}"
        total = f"{col}{rows['26']}+{col}{rows['27']}"
        assert ws.cell(rows["28"], " EF".index(col) + 4).value == f'=IF(COUNT({terms})=0,"",{total})'
    r = rows["07"]
    assert ws.cell(r, 7).value == f'=IF(N(F{r})>0,SUBSTITUTE(FIXED(E{r}/F{r}*100,1,TRUE),".",","),"")'


def test_a_blank_form_shows_row_28_blank_not_zero(tmp_path):
    path = blank_template(tmp_path)
    ws = openpyxl.load_workbook(path, data_only=True)["Biểu 01"]
    row = code_rows(openpyxl.load_workbook(path)["Biểu 01"])["28"]
    assert [ws.cell(row, c).value for c in (5, 6)] in ([None, None], ["", ""])


def test_the_signature_cells_are_pale_yellow_input_cells(tmp_path):
    ws = openpyxl.load_workbook(blank_template(tmp_path))["Biểu 01"]
    rows = code_rows(ws)
    (yellow,) = {ws.cell(r, 5).fill.fgColor.rgb for code, r in rows.items() if code != "28"}
    date_cell = next(c for row in ws.iter_rows() for c in row if c.value == PLACE_DATE)
    names_row = date_cell.row + 7
    anchors = [ws.cell(m.min_row, m.min_col) for m in ws.merged_cells.ranges if m.min_row == names_row]
    assert len(anchors) == 2, "both signers' names"
    for cell in [date_cell, *anchors]:
        assert cell.fill.fgColor.rgb == yellow and cell.protection.locked is False, cell.coordinate


def test_list_sheet_offers_the_allowed_values_and_plausible_years(tmp_path):
    ws = openpyxl.load_workbook(blank_template(tmp_path))["Biểu 02"]
    assert [ws.cell(3, c).value for c in range(1, 8)] == [c.header for c in FORM.list_sheet.columns]
    assert ws.protection.sheet and ws.protection.insertRows is False  # False = allowed in OOXML
    covered = validations(ws)
    last = 3 + LIST_OPEN_ROWS
    for col, key in (("D", "force"), ("F", "status")):
        allowed = FORM.list_sheet.column(key).allowed
        for row in (4, 4 + LIST_INPUT_ROWS, last):
            dv = covered[f"{col}{row}"]
            assert dv.type == "list" and dv.formula1 == '"' + ",".join(allowed) + '"'
            assert dv.showErrorMessage and "danh sách" in dv.error
    year = covered["E4"]
    assert (year.type, year.formula1, year.formula2) == ("whole", "1990", str(PERIOD.year))
    assert f"E{last + 1}" not in covered
    assert all(ws.cell(4, c).protection.locked is False for c in range(1, 8))
    # rows below the bordered ones are open too: the columns' own format is unlocked
    assert all(ws.column_dimensions[letter].protection.locked is False for letter in "ABCDEFG")


def test_print_setup_is_a4_with_repeated_header_and_page_numbers(tmp_path):
    wb = openpyxl.load_workbook(blank_template(tmp_path))
    form_sheet, list_sheet = wb["Biểu 01"], wb["Biểu 02"]
    assert form_sheet.page_setup.paperSize == 9 and form_sheet.page_setup.orientation == "portrait"
    assert list_sheet.page_setup.paperSize == 9 and list_sheet.page_setup.orientation == "landscape"
    assert form_sheet.print_title_rows == f"${HEADER_ROW + 1}:${HEADER_ROW + 2}"
    assert list_sheet.print_title_rows == "$3:$3"
    for ws in (form_sheet, list_sheet):
        assert "Trang &P/&N" in ws.oddFooter.center.text
    # a fixed scale that fits the width, and a page break between two sections (before section IV)
    assert 80 <= form_sheet.page_setup.scale <= 100
    breaks = [b.id for b in form_sheet.row_breaks.brk]
    assert len(breaks) == 1 and form_sheet.cell(breaks[0] + 1, 1).value in ("III", "IV", "V")
    signature = [c.value for row in form_sheet.iter_rows(min_row=breaks[0]) for c in row if c.value]
    assert {"NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", "…, ngày … tháng … năm …"} <= set(signature)


def test_blank_template_is_recognised_with_its_labels_and_every_code(tmp_path):
    sub = read_workbook(blank_template(tmp_path), FORM)
    assert sub.recognised and sub.sheet == "Biểu 01" and sub.list_sheet == "Biểu 02"
    assert sub.label("unit_name") == "Xã An Bình" and str(sub.label("unit_code")) == "10001"
    assert sub.label("period") == "Quý III/2026"
    assert list(sub.figures["current"]) == FORM.codes and sub.list_rows == []
    assert sub.meta["form_id"] == "TDBV-01"


def fill_with_openpyxl(path, target, figures, previous, rows):
    """What a script (or another tool) does: type figures and models into the template and save it."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Biểu 01"]
    code_row = code_rows(ws)
    for code, row in code_row.items():
        if code != "28":
            ws.cell(row, 5).value = figures[code]
            ws.cell(row, 6).value = previous[code]
    models = wb["Biểu 02"]
    for offset, item in enumerate(rows):
        r = 4 + offset
        models.cell(r, 1).value = offset + 1
        for col, key in enumerate(["name", "area", "force", "year", "status"], 2):
            models.cell(r, col).value = item[key]
    wb.save(target)
    return target


def test_a_template_filled_with_openpyxl_keeps_validation_and_reads_every_figure(tmp_path):
    from outputs_support import clean_figures

    figures, previous, rows = clean_figures(7, UNITS[0])
    filled = fill_with_openpyxl(blank_template(tmp_path), tmp_path / "filled.xlsx", figures, previous, rows)
    ws = openpyxl.load_workbook(filled)["Biểu 01"]
    assert ws.protection.sheet and len(validations(ws)) == 2 * 27
    result = process_file(filled, FORM, small_registry())
    sub = result.submission
    assert sub.values("current") == figures
    assert len(sub.list_rows) == len(rows)
    # openpyxl cannot store a formula's computed value: the reader computes row 28 by the form and says so
    rows28 = code_rows(ws)["28"]
    assert sorted((i.check, i.severity, i.cell) for i in result.issues) == [
        ("formula_computed", "info", f"E{rows28}"),
        ("formula_computed", "info", f"F{rows28}"),
    ]


def write_units_csv(path):
    lines = ["code,name,kind"] + [f"{u.code},{u.name},{u.kind}" for u in UNITS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cli_template_for_one_unit_by_code_prefills_the_registry_name(tmp_path, capsys):
    units = write_units_csv(tmp_path / "units.csv")
    target = tmp_path / "mau.xlsx"
    code = main(["template", "--unit", "10003", "--units", str(units), "--period", "quy 3/2026", "-o", str(target)])
    assert code == 0 and "Đã tạo 1 biểu mẫu" in capsys.readouterr().out
    sub = read_workbook(target, FORM)
    assert (sub.label("unit_name"), str(sub.label("unit_code")), sub.label("period")) == (
        "Xã Yên Định",
        "10003",
        "Quý III/2026",
    )


def test_cli_template_all_writes_one_file_per_registry_unit(tmp_path):
    units = write_units_csv(tmp_path / "units.csv")
    out = tmp_path / "mau"
    assert main(["template", "--all", "--units", str(units), "--period", "Năm 2026", "--out", str(out)]) == 0
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted(f"{u.name} - Năm 2026.xlsx" for u in UNITS)
    report = run_batch([out], FORM, small_registry(), period_text="Năm 2026")
    assert {f.unit.code for f in report.files} == {u.code for u in UNITS}
    assert all(f.period.label == "Năm 2026" for f in report.files)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--unit", "Xã Không Có"], "không có trong danh mục"),
        (["--all"], "--all cần"),
    ],
)
def test_cli_template_rejects_bad_use_with_one_line(tmp_path, capsys, arguments, message):
    units = write_units_csv(tmp_path / "units.csv")
    code = main(["template", "--units", str(units), "--period", "Quý III/2026", *arguments])
    assert code == 2 and message in capsys.readouterr().err


def test_a_template_filled_by_openpyxl_with_last_year_left_empty_has_no_error(tmp_path):
    from builders import valid_values

    path = blank_template(tmp_path)
    book = openpyxl.load_workbook(path)
    ws = book["Biểu 01"]
    values = valid_values(FORM)
    for code, row in code_rows(ws).items():
        if not FORM.by_code[code].formula:
            ws.cell(row, 5).value = values[code]  # "Cùng kỳ năm trước" left empty; openpyxl calculates nothing
    book.save(path)
    sub = read_workbook(path, FORM)
    assert not [i for i in sub.issues if i.severity == "error"], [i.message for i in sub.issues]
    assert sub.values("current")["28"] == values["26"] + values["27"]
    assert sub.values("previous")["28"] is None
