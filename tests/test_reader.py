import pytest
from builders import Layout, build_workbook, valid_values

from desktop.io.reader import read_workbook

LAYOUTS = {
    "template-like": Layout(),
    "rows and columns inserted above and left": Layout(top=25, left=4, label_col=5),
    "sheets renamed, reordered, extra and hidden": Layout(
        sheet_name="BC quy 3",
        list_sheet_name="Danh sach",
        extra_sheets_before=["Hướng dẫn", "Nháp"],
        hidden_sheets=["Nháp"],
        list_first=True,
    ),
    "codes typed as numbers": Layout(codes_as_numbers=True),
    "labels and headers without diacritics, upper case": Layout(labels_without_marks=True, upper_case_headers=True),
    "label and value in one cell": Layout(label_value_in_same_cell=True),
    "two-row merged header": Layout(two_row_header=True),
    "no column-index row": Layout(index_row=False),
    "a note column inserted inside the table": Layout(note_column=True),
}


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_the_form_is_found_by_labels_and_codes_wherever_it_sits(tmp_path, form, layout):
    values = valid_values(form, base=37)
    previous = {code: value + 1 for code, value in values.items()}
    previous["28"] = previous["26"] + previous["27"]
    path = build_workbook(tmp_path / "unit.xlsx", form, current=values, previous=previous, layout=layout)
    sub = read_workbook(path, form)
    assert sub.sheet == layout.sheet_name
    assert sub.values("current") == values
    assert sub.values("previous") == previous
    assert sub.label("unit_name") == "Phường Hạc Thành"
    assert str(sub.label("unit_code")) == "14797"
    assert sub.label("period") == "Quý III/2026"
    assert len(sub.list_rows) == values["16"]
    assert sub.list_sheet == layout.list_sheet_name
    assert [i.check for i in sub.issues] == []


def test_every_value_carries_its_sheet_and_cell(tmp_path, form):
    path = build_workbook(tmp_path / "unit.xlsx", form, layout=Layout(top=12, left=1))
    sub = read_workbook(path, form)
    first = sub.figures["current"]["01"]
    # header at row 12, index row 13, section I at 14, code 01 at 15; values in column E
    assert (first.sheet, first.cell) == ("Biểu 01", "E15")
    assert sub.figures["current"]["06"].cell == "E21"
    assert sub.labels["period"].cell == "D8"
    assert sub.list_rows[0].cells["name"] == "B4"


def test_formulas_are_read_by_their_cached_values(tmp_path, form):
    import xlsxwriter

    from desktop.demo import write_unit
    from desktop.periods import Period
    from desktop.units import Unit

    values = valid_values(form)
    path = write_unit(
        tmp_path / "t.xlsx",
        form,
        Unit("14797", "Phường Hạc Thành"),
        Period(2026, "quarter", 3),
        values,
        None,
        [{"name": "A", "status": "Duy trì"}] * values["16"],
    )
    sub = read_workbook(path, form)
    assert sub.values("current")["28"] == values["26"] + values["27"]  # row 28 is =E..+E.. with a cached value
    assert xlsxwriter  # the template writer is xlsxwriter


def test_a_formula_without_a_cached_value_in_an_entry_cell_is_an_error_naming_the_cell(tmp_path, form):
    values = valid_values(form)
    values["01"] = "=1+2"  # code 01 has no formula in the form: nothing to compute it by
    sub = read_workbook(build_workbook(tmp_path / "u.xlsx", form, current=values), form)
    found = [i for i in sub.issues if i.check == "formula_no_value"]
    assert len(found) == 1 and found[0].severity == "error"
    assert found[0].cell == sub.figures["current"]["01"].cell
    assert sub.figures["current"]["01"].value is None
    assert "lưu lại" in found[0].message


def test_a_total_without_a_cached_value_is_computed_by_the_form_with_a_note(tmp_path, form):
    values = valid_values(form)
    values["28"] = "=E44+E45"  # xlsxwriter, like openpyxl, stores no value unless told
    sub = read_workbook(build_workbook(tmp_path / "u.xlsx", form, current=values), form)
    assert sub.values("current")["28"] == values["26"] + values["27"]
    assert list(sub.figures["current"]) == [code for code in form.codes]  # still in the form's order
    found = [i for i in sub.issues if i.check == "formula_computed"]
    assert len(found) == 1 and found[0].severity == "info"
    assert found[0].cell == sub.figures["current"]["28"].cell
    assert f"= {values['26'] + values['27']}" in found[0].message
    assert not [i for i in sub.issues if i.check == "formula_no_value"]


def test_a_total_without_a_cached_value_stays_an_error_when_a_term_is_missing(tmp_path, form):
    values = valid_values(form)
    values["28"] = "=E44+E45"
    values["26"] = "nhiều"  # unreadable: the total cannot be computed
    sub = read_workbook(build_workbook(tmp_path / "u.xlsx", form, current=values), form)
    assert sub.values("current")["28"] is None
    assert [i.cell for i in sub.issues if i.check == "formula_no_value"] == [sub.figures["current"]["28"].cell]


def test_the_list_ends_at_the_signature_block_or_a_total_row(tmp_path, form):
    rows = [{"name": f"Mô hình {i}", "status": "Duy trì"} for i in range(3)] + [{"name": "Tổng cộng"}]
    values = valid_values(form)
    values["16"] = 3
    sub = read_workbook(build_workbook(tmp_path / "u.xlsx", form, current=values, list_rows=rows), form)
    assert [r.values["name"] for r in sub.list_rows] == ["Mô hình 0", "Mô hình 1", "Mô hình 2"]
