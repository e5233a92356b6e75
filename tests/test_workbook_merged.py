"""Merged cells reach the grid: from calamine where it reports them, else from the sheet XML."""

from __future__ import annotations

import openpyxl

from desktop.io.workbook import load_sheets, merged_ranges_ooxml


def test_merged_ranges_are_read_the_same_way_from_calamine_and_from_the_xml(tmp_path):
    path = tmp_path / "gộp ô.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Biểu 01"
    sheet["A1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    sheet.merge_cells("A1:H1")
    sheet.merge_cells("B12:B13")
    sheet.merge_cells("AA100:AB101")
    book.create_sheet("Biểu 02")["A1"] = "không gộp"
    book.save(path)

    expected = ((0, 0, 0, 7), (11, 1, 12, 1), (99, 26, 100, 27))
    assert sorted(merged_ranges_ooxml(path)["Biểu 01"]) == sorted(expected)
    assert "Biểu 02" not in merged_ranges_ooxml(path)
    grids = {grid.name: grid for grid in load_sheets(path)}
    assert sorted(grids["Biểu 01"].merged) == sorted(expected)
    assert grids["Biểu 02"].merged == ()


def test_files_that_are_not_ooxml_have_no_merged_ranges_from_xml(tmp_path):
    path = tmp_path / "cũ.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    assert merged_ranges_ooxml(path) == {}
