"""The unit workbook of a form: blank to send out before a period, or filled (demo data, tests)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from desktop.forms import Form
from desktop.io.atomic import atomic_target
from desktop.io.formsheet import (
    FigureCell,
    Header,
    Styles,
    write_form_sheet,
    write_list_sheet,
    write_meta_sheet,
)

LIST_INPUT_ROWS = 40


def write_unit_workbook(
    path: str | Path,
    form: Form,
    header: Header,
    values: dict[str, dict[str, int | None]] | None = None,
    list_rows: list[dict[str, Any]] | None = None,
    *,
    created: datetime | None = None,
) -> Path:
    """Write a unit's workbook of the form; values by column ("current", "previous") and code."""
    path = Path(path)
    with atomic_target(path) as temporary:
        workbook = xlsxwriter.Workbook(str(temporary))
        workbook.set_properties(
            {
                "title": form.title,
                "subject": f"{form.id} {header.period}",
                "author": header.unit_name,
                "comments": f"{form.id} {form.version}",
                **({"created": created} if created else {}),
            }
        )
        styles = Styles(workbook)
        ws = workbook.add_worksheet(form.indicator_sheet.name)
        figures = {
            column: {code: FigureCell(value) for code, value in (values or {}).get(column, {}).items()}
            for column in form.value_columns
        }
        layout = write_form_sheet(workbook, ws, form, styles, header, figures, editable=True)
        _protect_values(ws, form, layout)
        _print_setup(ws, layout.first_row - 2)
        if form.list_sheet:
            list_ws = workbook.add_worksheet(form.list_sheet.name)
            header_row = write_list_sheet(
                list_ws, form, styles, list_rows or [], editable_rows=max(LIST_INPUT_ROWS, len(list_rows or []))
            )
            _list_validation(list_ws, form, header_row, max(LIST_INPUT_ROWS, len(list_rows or [])))
            _print_setup(list_ws, header_row, landscape=True)
        write_meta_sheet(workbook, form, header.unit_code, header.period)
        workbook.close()
    return path


def _protect_values(ws: Any, form: Form, layout: Any) -> None:
    for col in layout.value_cols.values():
        for code, row in layout.code_rows.items():
            if form.by_code[code].formula:
                continue
            ws.data_validation(
                row,
                col,
                row,
                col,
                {
                    "validate": "integer",
                    "criteria": ">=",
                    "value": 0,
                    "input_title": "Nhập số liệu",
                    "input_message": "Nhập số nguyên ≥ 0 (không nhập chữ, số thập phân hay số ước lượng).",
                    "error_title": "Số liệu không hợp lệ",
                    "error_message": "Chỉ tiêu này phải là số nguyên lớn hơn hoặc bằng 0.",
                },
            )
    ws.protect(
        "", {"format_columns": True, "format_rows": True, "select_locked_cells": True, "select_unlocked_cells": True}
    )


def _list_validation(ws: Any, form: Form, header_row: int, rows: int) -> None:
    first, last = header_row + 1, header_row + rows
    for col, column in enumerate(form.list_sheet.columns):
        if column.allowed:
            ws.data_validation(
                first,
                col,
                last,
                col,
                {
                    "validate": "list",
                    "source": column.allowed,
                    "input_title": column.header,
                    "input_message": "Chọn một giá trị trong danh sách.",
                    "error_title": column.header,
                    "error_message": "Giá trị phải chọn trong danh sách.",
                },
            )
        elif column.kind == "year":
            ws.data_validation(
                first,
                col,
                last,
                col,
                {
                    "validate": "integer",
                    "criteria": "between",
                    "minimum": column.min or 1900,
                    "maximum": 2100,
                    "input_title": column.header,
                    "input_message": "Năm xây dựng, ví dụ 2024.",
                    "error_title": column.header,
                    "error_message": "Năm phải là số có 4 chữ số.",
                },
            )


def _print_setup(ws: Any, repeat_row: int, *, landscape: bool = False) -> None:
    ws.set_paper(9)  # A4
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(repeat_row, repeat_row)
    ws.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer('&C&"Times New Roman"&11Trang &P/&N')
