"""Unit workbooks with the layout variations real files have, written with openpyxl for the tests."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

from desktop.forms import Form

HEADERS = ["STT", "Chỉ tiêu", "Đơn vị tính", "Mã số", "Kỳ báo cáo", "Cùng kỳ năm trước", "So sánh (%)", "Ghi chú"]
LIST_HEADERS = ["STT", "Tên mô hình", "Địa bàn", "Lực lượng nòng cốt", "Năm xây dựng", "Tình trạng", "Ghi chú"]
LIST_KEYS = ["stt", "name", "area", "force", "year", "status", "note"]


def strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d").replace("Đ", "D")


def valid_values(form: Form, base: int = 10) -> dict[str, int]:
    """Figures that satisfy every rule of TDBV-01 (list of `base` models, none new)."""
    values = {code: base + i for i, code in enumerate(form.codes)}
    values["12"] = 0
    values["13"] = 0
    values["16"] = base
    values["20"] = values["19"] - 1
    values["21"] = values["19"] - 2
    values["28"] = values["26"] + values["27"]
    return values


@dataclass
class Layout:
    """How a clerk's file differs from the template."""

    sheet_name: str = "Biểu 01"
    list_sheet_name: str = "Biểu 02"
    top: int = 12  # 1-based row of the table header
    left: int = 1  # 1-based column of STT
    label_col: int = 2
    codes_as_numbers: bool = False
    labels_without_marks: bool = False
    upper_case_headers: bool = False
    label_value_in_same_cell: bool = False
    two_row_header: bool = False
    index_row: bool = True
    extra_sheets_before: list[str] = field(default_factory=list)
    hidden_sheets: list[str] = field(default_factory=list)
    note_column: bool = False  # an extra column inserted between Mã số and Kỳ báo cáo
    list_first: bool = False
    decompose_labels: bool = False  # labels and headers typed in decomposed Unicode (NFD)
    blank_rows_after: tuple[str, ...] = ()  # codes followed by an inserted empty row


def build_workbook(
    path: Path,
    form: Form,
    *,
    unit: str = "Phường Hạc Thành",
    unit_code: str | None = "14797",
    period: str = "Quý III/2026",
    date_from: Any = "15/06/2026",
    date_to: Any = "14/09/2026",
    current: dict[str, Any] | None = None,
    previous: dict[str, Any] | None = None,
    list_rows: list[dict[str, Any]] | None = None,
    layout: Layout | None = None,
    omit_codes: tuple[str, ...] = (),
    extra_rows: list[tuple[Any, Any]] = (),
    meta: dict[str, str] | None = None,
) -> Path:
    """Write a unit workbook; `current`/`previous` map codes to what the cell holds (int, text, formula)."""
    layout = layout or Layout()
    current = valid_values(form) if current is None else current
    list_rows = (
        [
            {"name": f"Mô hình {i + 1}", "area": "Thôn 1", "force": "Công an", "year": 2020, "status": "Duy trì"}
            for i in range(current.get("16", 0) if isinstance(current.get("16"), int) else 0)
        ]
        if list_rows is None
        else list_rows
    )
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in layout.extra_sheets_before:
        book.create_sheet(name)["A1"] = "Ghi chú của đơn vị"
    if layout.list_first:
        _list_sheet(book, layout, list_rows)
    ws = book.create_sheet(layout.sheet_name)
    text = strip_marks if layout.labels_without_marks else (lambda s: s)
    if layout.decompose_labels:
        text = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731
    ws.cell(1, layout.left, "BAN CHỈ ĐẠO 138")
    ws.cell(1, layout.left + 4, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    ws.cell(4, layout.left, "BÁO CÁO KẾT QUẢ XÂY DỰNG PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC")
    labels = [
        ("Biểu số", "01/TDBV"),
        ("Đơn vị báo cáo", unit),
        ("Mã đơn vị", unit_code),
        ("Kỳ báo cáo", period),
        ("Từ ngày", date_from),
        ("Đến ngày", date_to),
    ]
    for offset, (label, value) in enumerate(labels):
        if value is None:
            continue
        row = 5 + offset
        if layout.label_value_in_same_cell:
            ws.cell(row, layout.label_col, f"{text(label)} : {value}")
        else:
            ws.cell(row, layout.label_col, f"{text(label)}:")
            ws.cell(row, layout.label_col + 2, value)
    headers = list(HEADERS)
    if layout.note_column:
        headers.insert(4, "Nội dung thêm")
    headers = [text(h).upper() if layout.upper_case_headers else text(h) for h in headers]
    col = {h: layout.left + i for i, h in enumerate(headers)}
    value_col = layout.left + headers.index(text(HEADERS[4]).upper() if layout.upper_case_headers else text(HEADERS[4]))
    code_col = layout.left + 3
    row = layout.top
    if layout.two_row_header:
        for i, h in enumerate(headers):
            c = layout.left + i
            if c in (value_col, value_col + 1):
                continue
            ws.cell(row, c, h)
            ws.merge_cells(start_row=row, start_column=c, end_row=row + 1, end_column=c)
        ws.cell(row, value_col, "Số liệu")
        ws.merge_cells(start_row=row, start_column=value_col, end_row=row, end_column=value_col + 1)
        ws.cell(row + 1, value_col, headers[value_col - layout.left])
        ws.cell(row + 1, value_col + 1, headers[value_col + 1 - layout.left])
        row += 1
    else:
        for i, h in enumerate(headers):
            ws.cell(row, layout.left + i, h)
    del col
    row += 1
    if layout.index_row:
        for i in range(len(headers)):
            ws.cell(row, layout.left + i, f"({i + 1})")
        row += 1
    previous = previous or {}
    for index, indicator in enumerate(form.indicators):
        section = form.section_before(indicator.code)
        if section:
            ws.cell(row, layout.left, section.number)
            ws.cell(row, layout.left + 1, section.title)
            row += 1
        if indicator.code in omit_codes:
            continue
        ws.cell(row, layout.left, index + 1)
        ws.cell(row, layout.left + 1, indicator.label)
        ws.cell(row, layout.left + 2, indicator.unit)
        ws.cell(row, code_col, int(indicator.code) if layout.codes_as_numbers else indicator.code)
        if indicator.code in current:
            ws.cell(row, value_col, current[indicator.code])
        if indicator.code in previous:
            ws.cell(row, value_col + 1, previous[indicator.code])
        row += 1
        if indicator.code in layout.blank_rows_after:
            row += 1
    for code, value in extra_rows:
        ws.cell(row, code_col, code)
        ws.cell(row, value_col, value)
        row += 1
    if not layout.list_first:
        _list_sheet(book, layout, list_rows)
    for name in layout.hidden_sheets:
        book[name].sheet_state = "hidden"
    if meta:
        meta_ws = book.create_sheet("_meta")
        for r, (key, value) in enumerate(meta.items(), 1):
            meta_ws.cell(r, 1, key)
            meta_ws.cell(r, 2, value)
        meta_ws.sheet_state = "hidden"
    book.save(path)
    return path


def _list_sheet(book: openpyxl.Workbook, layout: Layout, rows: list[dict[str, Any]]) -> None:
    ws = book.create_sheet(layout.list_sheet_name)
    ws.cell(1, 1, "DANH SÁCH MÔ HÌNH")
    for i, h in enumerate(LIST_HEADERS):
        ws.cell(3, 1 + i, h)
    for r, item in enumerate(rows, 4):
        ws.cell(r, 1, r - 3)
        for i, key in enumerate(LIST_KEYS[1:], 2):
            if item.get(key) is not None:
                ws.cell(r, i, item[key])
    ws.cell(4 + len(rows) + 1, 2, "Người lập biểu")
