"""The fast cell path writes byte for byte the XML xlsxwriter writes, for every kind of cell."""

import zipfile
from datetime import date, datetime

import pytest
import xlsxwriter

from desktop.io.fastsheet import FastWorkbook, check_xlsxwriter_version


def fill(book):
    bordered, number = book.add_format({"border": 1}), book.add_format({"num_format": "#,##0"})
    ws = book.add_worksheet("Chi tiết")
    ws.set_row(5, None, book.add_format({"bold": True}))
    ws.set_column(6, 6, None, book.add_format({"italic": True}))
    for r in range(8):
        ws.write_string(r, 0, f'Xã Tân Lập {r} & <con> "số"', bordered)
        ws.write_number(r, 1, r * 1234567.25, number)
        ws.write_number(r, 2, 10**15 + r, bordered)
        ws.write_blank(r, 3, None, bordered)
        ws.write_string(r, 4, "không định dạng")
        ws.write_number(r, 5, -r)
        ws.write_blank(r, 6, None)
        ws.write_formula(r, 7, f"=B{r + 1}*2", bordered, r * 2)
        ws.write_datetime(r, 8, date(2026, 9, r + 1), book.add_format({"num_format": "dd/mm/yyyy"}))
        ws.write_boolean(r, 9, bool(r % 2), bordered)
        ws.write_string(r, 10, "  khoảng trắng đầu", bordered)
    ws.merge_range(9, 0, 9, 3, "Gộp ô", bordered)


@pytest.mark.parametrize("options", [{}, {"in_memory": True}, {"constant_memory": True}])
def test_fast_cells_write_the_same_xml_as_xlsxwriter(tmp_path, options):
    parts = {}
    for name, kind in [("stock", xlsxwriter.Workbook), ("fast", FastWorkbook)]:
        book = kind(str(tmp_path / f"{name}.xlsx"), options)
        fill(book)
        book.set_properties({"created": datetime(2026, 1, 1)})
        book.close()
        with zipfile.ZipFile(tmp_path / f"{name}.xlsx") as archive:
            parts[name] = {n: archive.read(n) for n in archive.namelist() if n.startswith("xl/")}
    assert parts["fast"] == parts["stock"]
    assert b' t="s"><v>' in parts["fast"]["xl/worksheets/sheet1.xml"] or options.get("constant_memory")


ROW = ["Xã Tân Lập <&>", 12, -3.5, None, "", True, 10**15, "E16", "x" * 20000, 0.1]


def put(ws, r, c, values, formats, fast):
    """A row of values, cell by cell as xlsxwriter's own writers would take them, or with write_cells."""
    if fast:
        ws.write_cells(r, c, values, formats)
        return
    for offset, (value, fmt) in enumerate(zip(values, formats, strict=True)):
        if value is None or value == "":
            ws.write_blank(r, c + offset, None, fmt)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            ws.write_number(r, c + offset, value, fmt)
        else:
            ws.write_string(r, c + offset, str(value), fmt)


def fill_rows(book, fast):
    bordered, number = book.add_format({"border": 1}), book.add_format({"num_format": "#,##0"})
    ws = book.add_worksheet("Danh sách")
    ws.write_string(0, 0, "Tiêu đề", bordered)
    for r in range(1, 40):
        formats = [bordered if i % 2 else number for i in range(len(ROW))]
        formats[3] = None if r % 3 == 0 else bordered  # a blank without a format writes nothing
        put(ws, r, 2 + r % 4, ROW, formats, fast)
        ws.set_row(r, 15 + r % 7)
    ws.set_row(45, 0)  # hidden
    ws.set_row(50, 33)  # a row with a height only
    ws.write_formula(3, 1, "=C4*2", bordered, 24)
    ws.merge_range(41, 0, 41, 3, "Gộp ô", bordered)
    other = book.add_worksheet("Trống")
    other.write_comment(20, 1, "ghi chú")  # comments: xlsxwriter's own spans
    other.set_row(4, 20)
    put(other, 6, 16383, [1], [bordered], fast)  # out of bounds: nothing written
    put(other, 1048576, 0, [1], [bordered], fast)


@pytest.mark.parametrize("options", [{}, {"constant_memory": True}])
def test_write_cells_and_set_row_write_what_the_stock_calls_write(tmp_path, options):
    parts = {}
    for name, fast in [("stock", False), ("fast", True)]:
        book = (FastWorkbook if fast else xlsxwriter.Workbook)(str(tmp_path / f"{name}.xlsx"), options)
        fill_rows(book, fast)
        book.set_properties({"created": datetime(2026, 1, 1)})
        book.close()
        with zipfile.ZipFile(tmp_path / f"{name}.xlsx") as archive:
            parts[name] = {n: archive.read(n) for n in archive.namelist() if n.startswith("xl/")}
    assert parts["fast"].keys() == parts["stock"].keys()
    for name in parts["stock"]:
        assert parts["fast"][name] == parts["stock"][name], name


def test_write_cells_refuses_what_write_number_refuses(tmp_path):
    book = FastWorkbook(str(tmp_path / "nan.xlsx"))
    ws = book.add_worksheet()
    with pytest.raises(TypeError):
        ws.write_cells(0, 0, [float("nan")], [None])
    book.close()


@pytest.mark.parametrize("size", [11, 12, 13])
@pytest.mark.parametrize("width", [5, 10, 14, 18, 22, 42])
def test_one_line_is_never_more_than_fits_on_one_line(width, size):
    """write_list_sheet skips the row-height estimate for text no longer than one_line(): it must fit."""
    import random

    from desktop.io.formsheet import one_line, text_lines

    rng = random.Random(width * 100 + size)
    letters = "aAđĐêỆ ỹỸWM  .,0"
    limit = one_line(width, size)
    for _ in range(300):
        text = "".join(rng.choice(letters) for _ in range(limit))
        assert text_lines(text, width, size) == 1, text
    assert text_lines(" ".join(["Ư"] * (limit + 4)), width, size) > 1  # not far from what does not fit


def test_the_workbook_is_compressed_at_the_fast_level_and_xlsxwriter_left_as_it_was(tmp_path):
    import xlsxwriter.workbook

    from desktop.io.fastsheet import ZIP_LEVEL

    book = FastWorkbook(str(tmp_path / "z.xlsx"))
    fill(book)
    book.close()
    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile
    with zipfile.ZipFile(tmp_path / "z.xlsx") as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
        assert sheet.compress_type == zipfile.ZIP_DEFLATED and archive.testzip() is None
    assert ZIP_LEVEL == 4


@pytest.mark.parametrize("version", ["3.2.9", "3.4.0", "4.0", "2.3.3"])
def test_another_xlsxwriter_version_fails_loudly(version):
    with pytest.raises(ImportError, match="xlsxwriter 3.3.x"):
        check_xlsxwriter_version(version)


def test_the_installed_version_is_the_tested_one():
    check_xlsxwriter_version(xlsxwriter.__version__)
    check_xlsxwriter_version("3.3.0")
