"""What units send that used to be misread: several units in one workbook, names with their place,
lists numbered in advance."""

import openpyxl
import pytest
from builders import build_workbook, valid_values

from desktop.checks import resolve_unit
from desktop.io.reader import read_workbook
from desktop.pipeline import run_batch
from desktop.units import province_registry, split_place


def several_units_workbook(path, form, units):
    """One `Biểu 01` sheet per commune, as a former district sends them."""
    build_workbook(path, form, unit=units[0], unit_code=None, current=valid_values(form, base=20))
    book = openpyxl.load_workbook(path)
    first = book["Biểu 01"]
    for index, unit in enumerate(units[1:], 2):
        copy = book.copy_worksheet(first)
        copy.title = f"Biểu 01 ({index})"
        for row in copy.iter_rows():
            for cell in row:
                if cell.value == units[0]:
                    cell.value = unit
    book.save(path)
    return path


def test_a_workbook_with_several_units_is_refused_naming_every_sheet(tmp_path, form, registry):
    units = ["Xã Quý Lộc", "Xã Yên Trường", "Xã Yên Phú"]
    path = several_units_workbook(tmp_path / "cum xa.xlsx", form, units)
    sub = read_workbook(path, form)
    errors = [i for i in sub.issues if i.check == "several_units"]
    assert len(errors) == 1 and errors[0].severity == "error"
    for sheet, unit in zip(["Biểu 01", "Biểu 01 (2)", "Biểu 01 (3)"], units, strict=True):
        assert f"“{sheet}” ({unit})" in errors[0].message
    report = run_batch([path], form, registry, period_text="Quý III/2026")
    (result,) = report.files
    assert result.status == "errors" and not result.counted, "never counted as the first unit alone"


def test_a_copy_of_the_same_units_sheet_is_not_several_units(tmp_path, form):
    path = several_units_workbook(tmp_path / "u.xlsx", form, ["Xã Quý Lộc", "Xã Quý Lộc"])
    sub = read_workbook(path, form)
    assert not [i for i in sub.issues if i.check == "several_units"]


def test_one_unit_workbook_has_no_several_units_error(tmp_path, form):
    sub = read_workbook(build_workbook(tmp_path / "u.xlsx", form), form)
    assert not [i for i in sub.issues if i.check == "several_units"]


def test_rows_numbered_in_advance_and_left_empty_are_empty_rows(tmp_path, form, registry):
    filled = [
        {"name": f"Mô hình {i + 1}", "area": "Thôn 1", "force": "Công an", "year": 2020, "status": "Duy trì"}
        for i in range(10)
    ]
    values = valid_values(form, base=10)  # code 16 = 10 models
    path = build_workbook(tmp_path / "u.xlsx", form, current=values, list_rows=filled + [{}] * 20)
    sheet = openpyxl.load_workbook(path)["Biểu 02"]
    assert sheet.cell(33, 1).value == 30, "the template's 30 rows are numbered"
    sub = read_workbook(path, form)
    assert [r.values["name"] for r in sub.list_rows] == [f"Mô hình {i + 1}" for i in range(10)]
    report = run_batch([path], form, registry, period_text="Quý III/2026")
    assert not [i for i in report.issues if i.check in ("R12", "list_missing_value")]


def test_a_numbered_row_with_a_name_still_counts_after_an_empty_numbered_row(tmp_path, form):
    rows = [{"name": "Mô hình 1", "status": "Duy trì"}, {}, {"name": "Mô hình 3", "status": "Duy trì"}, {}]
    sub = read_workbook(build_workbook(tmp_path / "u.xlsx", form, list_rows=rows), form)
    assert [r.values["name"] for r in sub.list_rows] == ["Mô hình 1", "Mô hình 3"]


@pytest.mark.parametrize(
    ("written", "own", "places"),
    [
        ("Phường Tân Dân, tỉnh Thanh Hóa", "Phường Tân Dân", ["tỉnh Thanh Hóa"]),
        ("Xã Quý Lộc - huyện Yên Định cũ", "Xã Quý Lộc", ["huyện Yên Định cũ"]),
        ("Xã Quý Lộc (huyện Yên Định cũ)", "Xã Quý Lộc", ["huyện Yên Định cũ"]),
        ("Xã Quý Lộc, huyện Yên Định, tỉnh Thanh Hóa", "Xã Quý Lộc", ["tỉnh Thanh Hóa", "huyện Yên Định"]),
        ("Phường Hạc Thành, TP Thanh Hóa", "Phường Hạc Thành", ["TP Thanh Hóa"]),
        ("Xã Quý Lộc", "Xã Quý Lộc", []),
        ("Tỉnh Thanh Hóa", "Tỉnh Thanh Hóa", []),
    ],
)
def test_the_place_after_a_unit_name_is_set_aside(written, own, places):
    name, found = split_place(written)
    assert name == own
    assert [p[2] for p in found] == places


def named(tmp_path, form, name):
    return read_workbook(build_workbook(tmp_path / "u.xlsx", form, unit=name, unit_code=None), form)


@pytest.mark.parametrize(
    "name", ["Phường Tân Dân, tỉnh Thanh Hóa", "Xã Quý Lộc - huyện Yên Định cũ", "Xã Quý Lộc, tỉnh Thanh Hoá"]
)
def test_a_unit_written_with_its_place_is_the_registry_unit(tmp_path, form, registry, name):
    unit, issues = resolve_unit(named(tmp_path, form, name), registry)
    assert unit is not None and unit.name == split_place(name)[0].replace("Thanh Hoá", "Thanh Hóa")
    assert issues == []


def test_a_place_naming_another_province_is_a_warning(tmp_path, form, registry):
    unit, issues = resolve_unit(named(tmp_path, form, "Xã Quý Lộc, tỉnh Nghệ An"), registry)
    assert unit.name == "Xã Quý Lộc"
    (issue,) = issues
    assert issue.check == "unit_place_elsewhere" and issue.severity == "warning"
    assert "tỉnh Nghệ An" in issue.message and "Tỉnh Thanh Hóa" in issue.message


def test_a_former_province_now_part_of_the_registrys_is_no_warning(tmp_path, form):
    bac_ninh = province_registry("Bắc Ninh")
    commune = bac_ninh.units[0].name
    unit, issues = resolve_unit(named(tmp_path, form, f"{commune}, tỉnh Bắc Giang"), bac_ninh)
    assert unit.name == commune and issues == []
