"""The unit workbook of a form: blank to send out before a period, or filled (demo data, tests).

Value cells are unlocked and validated (whole number >= 0, with a Vietnamese input message); everything
else is protected without a password, so a clerk can still unprotect it (Review > Unprotect Sheet).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.forms import Form, Part
from desktop.io.atomic import atomic_target
from desktop.io.errors import OutputError, WorkbookError
from desktop.io.formsheet import (
    HEADER_ROW,
    FigureCell,
    FormLayout,
    Header,
    Styles,
    list_columns,
    new_workbook,
    paginate,
    print_setup,
    write_form_sheet,
    write_list_sheet,
    write_meta_sheet,
    write_signature,
)
from desktop.io.ooxml import column_letter
from desktop.periods import parse_period

LIST_INPUT_ROWS = 25  # one landscape page; rows typed below get their borders by conditional formatting
LIST_OPEN_ROWS = 500  # rows below the header that are unlocked and validated
_SHEET_OPTIONS = {
    "format_columns": True,
    "format_rows": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
}


def write_unit_workbook(
    path: str | Path,
    form: Form,
    header: Header,
    values: dict[str, dict[str, int | str | None]] | None = None,
    list_rows: list[dict[str, Any]] | None = None,
    *,
    created: datetime | None = None,
) -> Path:
    """Write a unit's workbook of the form; values by value column key and code."""
    path = Path(path)
    with atomic_target(path) as temporary:
        workbook = new_workbook(temporary)
        _properties(workbook, form, header, created)
        styles = Styles(workbook)
        parts = [] if form.list_only else form.parts
        first = None
        for number, part in enumerate(parts, 1):
            ws = workbook.add_worksheet(part.form.indicator_sheet.name)
            first = first or ws
            _write_table(workbook, ws, part, styles, header, values, signed=number == len(parts))
        if form.list_sheet:
            listed = workbook.add_worksheet(form.list_sheet.name)
            first = first or listed
            _write_list(listed, form, styles, header, list_rows or [])
        write_meta_sheet(workbook, form, header.unit_code, header.period)
        first.activate()
        workbook.close()
    return path


def _write_table(
    workbook: Any,
    ws: Any,
    part: Part,
    styles: Styles,
    header: Header,
    values: dict[str, dict[str, int | str | None]] | None,
    *,
    signed: bool,
) -> None:
    """One sheet of the indicator table, editable where the unit types; the signature under the last."""
    form = part.form
    local = {own: code for code, own in part.codes.items()}
    figures = {
        column: {local[own]: FigureCell(value) for own, value in (values or {}).get(column, {}).items() if own in local}
        for column in form.value_columns
    }
    layout = write_form_sheet(workbook, ws, form, styles, header, figures, editable=True)
    end = layout.last_row
    if signed:
        left, right = layout.signature_spans()
        end = write_signature(
            ws,
            styles,
            layout.last_row + 2,
            left,
            right,
            place_date=header.place_date,
            editable=True,
            heights=layout.heights,
        )
    _validate_values(ws, form, layout)
    ws.protect("", _SHEET_OPTIONS)
    repeat = (HEADER_ROW, HEADER_ROW + 1)
    print_setup(ws, landscape=layout.landscape, repeat_rows=repeat, fit_width=False)
    paginate(ws, layout.heights, layout.blocks(end), repeat, layout.widths, landscape=layout.landscape)


def _properties(workbook: Any, form: Form, header: Header, created: datetime | None) -> None:
    workbook.set_properties(
        {
            "title": form.title,
            "subject": f"{form.id} {header.period}".strip(),
            "author": header.unit_name,
            "company": header.issuer,
            "keywords": f"{form.id}, {form.version}",
            "comments": f"form_id={form.id}; schema_version={form.version}",
            **({"created": created} if created else {}),
        }
    )
    workbook.set_custom_property("form_id", form.id)
    workbook.set_custom_property("schema_version", form.version)


def _validate_values(ws: Any, form: Form, layout: FormLayout) -> None:
    names = form.indicator_sheet.value_columns
    code_header = form.indicator_sheet.code_word
    signed = set(form.indicator_sheet.signed_columns)
    for column, col in layout.value_cols.items():
        # a change ("Tăng (+), giảm (-)") may be below zero; every other figure is a count
        bounds = {"criteria": "between", "minimum": -(10**12), "maximum": 10**12} if column in signed else {}
        allowed = "số nguyên (số âm khi giảm)" if column in signed else "số nguyên ≥ 0"
        must = "số nguyên, âm khi giảm" if column in signed else "số nguyên lớn hơn hoặc bằng 0"
        for code, row in layout.code_rows.items():
            indicator = form.by_code[code]
            if indicator.formula:
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
                    **bounds,
                    "input_title": f"{code_header} {code} - {names[column]}"[:32],
                    "input_message": (
                        f"{indicator.label} ({indicator.unit}). Nhập {allowed}; "
                        "không nhập chữ, số thập phân hay số ước lượng (“hơn 500”)."
                    )[:255],
                    "error_title": "Số liệu không hợp lệ",
                    "error_message": f"Chỉ tiêu {code} phải là {must} (ví dụ 1250).",
                },
            )


def _write_list(ws: Any, form: Form, styles: Styles, header: Header, rows: list[dict[str, Any]]) -> None:
    count = max(LIST_INPUT_ROWS, len(rows))
    columns = list_columns(form)
    last_col = len(columns) - 1
    if form.list_only:  # the list is the whole report: it carries the form's labels (unit, period…)
        labels = form.labels
        pairs = [
            (labels.form_number, form.form_number),
            (labels.unit_name, header.unit_name),
            (labels.unit_code, header.unit_code),
            (labels.period, header.period),
            (labels.date_from, header.date_from),
            (labels.date_to, header.date_to),
        ]
        header_row = write_list_sheet(
            ws, form, styles, rows, title=form.title, columns=columns, editable_rows=count, header_row=len(pairs) + 2
        )
        for row, (label, value) in enumerate(pairs, 1):
            ws.write_string(row, 1, f"{label}:", styles.label)
            ws.write_string(row, 2, str(value or ""), styles.value_text if value else styles.input_value_text)
    else:
        header_row = write_list_sheet(ws, form, styles, rows, columns=columns, editable_rows=count)
        subtitle = f"(Kèm theo {form.indicator_sheet.name} của {header.unit_name}, kỳ báo cáo {header.period})"
        ws.merge_range(1, 0, 1, last_col, subtitle, styles.subtitle)
    for col, column in enumerate(columns):
        centred = column.key in ("stt", "year")
        ws.set_column(col, col, column.width, styles.open_center if centred else styles.open_cell)
    first, last = header_row + 1, header_row + LIST_OPEN_ROWS
    below = header_row + 1 + count
    ws.conditional_format(
        below,
        0,
        last,
        last_col,
        {
            "type": "formula",
            "criteria": f"=COUNTA($A{below + 1}:${column_letter(last_col)}{below + 1})>0",
            "format": styles.cf_border,
        },
    )
    period = parse_period(header.period)
    keys = [c.key for c in columns]
    for column in form.list_sheet.columns:
        col = keys.index(column.key)
        if column.allowed:
            options = {
                "validate": "list",
                "source": column.allowed,
                "input_title": column.header[:32],
                "input_message": "Chọn trong danh sách: " + ", ".join(column.allowed),
                "error_title": column.header[:32],
                "error_message": "Giá trị phải chọn trong danh sách: " + ", ".join(column.allowed),
            }
        elif column.kind == "year":
            low, high = column.min or 1900, period.year if period else 2100
            options = {
                "validate": "integer",
                "criteria": "between",
                "minimum": low,
                "maximum": high,
                "input_title": column.header[:32],
                "input_message": f"{column.header}: một năm từ {low} đến {high} (ví dụ {high - 2}).",
                "error_title": column.header[:32],
                "error_message": f"{column.header} phải là một năm từ {low} đến {high}.",
            }
        else:
            continue
        ws.data_validation(first, col, last, col, options)
    ws.protect("", {**_SHEET_OPTIONS, "insert_rows": True, "delete_rows": True})
    print_setup(ws, landscape=True, repeat_rows=(header_row, header_row))


def refuse_filled(path: str | Path, form: Form) -> None:
    """Raise OutputError when `path` is a unit's report with figures in it: a blank form never replaces one.

    A file that is not a report of the form (or not readable) is left to the caller; so is an empty form.
    """
    from desktop.io.reader import read_workbook

    path = Path(path)
    if not path.is_file():
        return
    try:
        sub = read_workbook(path, form)
    except (WorkbookError, OSError):
        return
    typed = any(
        figure.raw not in (None, "", 0)  # a blank form's totals are formulas whose value is 0
        for column in form.value_columns
        for figure in sub.figures.get(column, {}).values()
    )
    if sub.recognised and (typed or sub.list_rows):
        raise OutputError(
            f"Tệp “{path.name}” đã là báo cáo có số liệu của đơn vị: không ghi biểu mẫu trống đè lên. "
            "Hãy chọn thư mục hoặc tên tệp khác."
        )
