"""The fast cell path writes byte for byte the XML xlsxwriter writes, for every kind of cell."""

import zipfile
from datetime import date, datetime

import pytest
import xlsxwriter

from desktop.io.fastsheet import FastWorkbook


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
