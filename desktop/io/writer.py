"""The consolidated workbook, written with xlsxwriter.

`Tổng hợp` repeats the form with live =SUM() formulas over `Chi tiết` (with cached values, so every
viewer shows the numbers); it is itself a valid submission of the form, one level up.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from desktop.consolidate import Consolidation
from desktop.io.atomic import atomic_target
from desktop.io.formsheet import (
    FigureCell,
    Header,
    Styles,
    sum_formula,
    write_form_sheet,
    write_list_sheet,
    write_meta_sheet,
)
from desktop.issues import Issue
from desktop.periods import format_date
from desktop.report import BatchReport

SUMMARY = "Tổng hợp"
DETAIL = "Chi tiết"
LIST = "Danh sách mô hình"
STATUS = "Tình hình nộp báo cáo"
ISSUES = "Kết quả kiểm tra"
SOURCES = "Nguồn số liệu"
MAX_TEXT = 32000
DETAIL_FIRST_COL = 3  # STT, Mã đơn vị, Đơn vị


def _text(value: Any) -> str:
    return str(value)[:MAX_TEXT] if value is not None else ""


def write_consolidated(report: BatchReport, path: str | Path, *, issuer: str = "") -> Path:
    """Write the consolidated workbook atomically; raises OutputError when the target can't be written."""
    consolidation = report.consolidation
    path = Path(path)
    with atomic_target(path) as temporary:
        workbook = xlsxwriter.Workbook(str(temporary), {"strings_to_formulas": False, "strings_to_urls": False})
        _properties(workbook, consolidation, report)
        styles = Styles(workbook)
        summary = workbook.add_worksheet(SUMMARY)
        detail = workbook.add_worksheet(DETAIL)
        detail_rows = _write_detail(detail, styles, consolidation)
        _write_summary(workbook, summary, styles, consolidation, detail_rows, issuer)
        _write_list(workbook.add_worksheet(LIST), styles, consolidation)
        _write_status(workbook.add_worksheet(STATUS), styles, consolidation, report)
        _write_issues(workbook.add_worksheet(ISSUES), styles, report.issues)
        _write_sources(workbook.add_worksheet(SOURCES), styles, consolidation)
        write_meta_sheet(
            workbook,
            consolidation.form,
            consolidation.area_code,
            consolidation.period.label if consolidation.period else "",
            {"generator": "tonghop", "units_counted": str(len(consolidation.rows))},
        )
        summary.activate()
        workbook.close()
    return path


def _properties(workbook: Any, consolidation: Consolidation, report: BatchReport) -> None:
    stamps = [f.modified for f in report.files if f.modified]
    created = datetime.fromtimestamp(max(stamps)) if stamps else datetime(2000, 1, 1)
    form = consolidation.form
    period = consolidation.period.label if consolidation.period else ""
    workbook.set_properties(
        {
            "title": f"{form.title} - {period}".strip(" -"),
            "subject": f"Tổng hợp {form.id} {period}",
            "author": consolidation.area_name or "Tổng hợp Báo cáo",
            "company": consolidation.area_name,
            "keywords": f"{form.id}, {form.version}",
            "comments": f"form_id={form.id}; schema_version={form.version}",
            "created": created,
        }
    )


def _write_detail(ws: Any, styles: Styles, consolidation: Consolidation) -> tuple[int, int]:
    """Units x codes. Returns the first and last data row (0-based)."""
    form = consolidation.form
    names = form.indicator_sheet.value_columns
    ws.write_string(0, 0, "STT", styles.small_th)
    ws.write_string(0, 1, "Mã đơn vị", styles.small_th)
    ws.write_string(0, 2, "Đơn vị", styles.small_th)
    for c in range(3):
        ws.merge_range(0, c, 1, c, ["STT", "Mã đơn vị", "Đơn vị"][c], styles.small_th)
    col = DETAIL_FIRST_COL
    for column in form.value_columns:
        ws.merge_range(0, col, 0, col + len(form.codes) - 1, names[column], styles.small_th)
        for code in form.codes:
            ws.write_string(1, col, code, styles.small_th)
            col += 1
    ws.merge_range(0, col, 1, col, "Tệp nguồn", styles.small_th)
    first = 2
    for index, row in enumerate(consolidation.rows):
        r = first + index
        ws.write_number(r, 0, index + 1, styles.small_center)
        ws.write_string(r, 1, _text(row.unit.code), styles.small_center)
        ws.write_string(r, 2, _text(row.unit.name), styles.small)
        col = DETAIL_FIRST_COL
        for column in form.value_columns:
            for code in form.codes:
                value = row.values.get(column, {}).get(code)
                if value is None:
                    ws.write_blank(r, col, None, styles.small_number)
                else:
                    ws.write_number(r, col, value, styles.small_number)
                col += 1
        ws.write_string(r, col, Path(row.file).name, styles.small)
    last = first + max(len(consolidation.rows), 1) - 1
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 9)
    ws.set_column(2, 2, 28)
    ws.set_column(DETAIL_FIRST_COL, col - 1, 8)
    ws.set_column(col, col, 30)
    ws.freeze_panes(first, DETAIL_FIRST_COL)
    ws.autofilter(1, 0, last, col)
    _print(ws, landscape=True, repeat=(0, 1))
    return first, last


def detail_column(form, column: str, code: str) -> int:
    return DETAIL_FIRST_COL + form.value_columns.index(column) * len(form.codes) + form.codes.index(code)


def _write_summary(
    workbook: Any, ws: Any, styles: Styles, consolidation: Consolidation, detail_rows: tuple[int, int], issuer: str
) -> None:
    form = consolidation.form
    period = consolidation.period
    totals = consolidation.totals
    has_rows = bool(consolidation.rows)
    figures = {
        column: {
            code: FigureCell(
                totals[column][code],
                sum_formula(DETAIL, detail_column(form, column, code), *detail_rows) if has_rows else None,
            )
            for code in form.codes
        }
        for column in form.value_columns
    }
    header = Header(
        unit_name=consolidation.area_name or "Tổng hợp",
        unit_code=consolidation.area_code,
        period=period.label if period else "",
        date_from=format_date(period.police_dates[0]) if period else "",
        date_to=format_date(period.police_dates[1]) if period else "",
        issuer=issuer or form.issuer,
    )
    layout = write_form_sheet(workbook, ws, form, styles, header, figures)
    r = layout.last_row + 2
    ws.write_string(r, 1, f"Số đơn vị được tổng hợp: {len(consolidation.rows)}", styles.text)
    _print(ws, landscape=False, repeat=(12, 13))


def _write_list(ws: Any, styles: Styles, consolidation: Consolidation) -> None:
    rows = [{k: (_text(v) if isinstance(v, str) else v) for k, v in row.items()} for row in consolidation.list_rows]
    for index, row in enumerate(rows, 1):
        row["stt"] = index
    header_row = write_list_sheet(
        ws,
        consolidation.form,
        styles,
        rows,
        title="DANH SÁCH MÔ HÌNH TỰ PHÒNG, TỰ QUẢN CỦA CÁC ĐƠN VỊ",
        extra_columns=[("unit", "Đơn vị", 28)],
    )
    ws.autofilter(header_row, 0, header_row + max(len(rows), 1), len(consolidation.form.list_sheet.columns))
    _print(ws, landscape=True, repeat=(header_row, header_row))


def _table(
    ws: Any,
    styles: Styles,
    title: str,
    headers: list[tuple[str, int]],
    rows: list[list[Any]],
    fills: list[Any] | None = None,
) -> None:
    last_col = len(headers) - 1
    ws.merge_range(0, 0, 0, last_col, title, styles.title)
    ws.set_row(0, 30)
    for col, (text, width) in enumerate(headers):
        ws.set_column(col, col, width)
        ws.write_string(2, col, text, styles.small_th)
    for index, values in enumerate(rows):
        r = 3 + index
        fill = fills[index] if fills else None
        for col, value in enumerate(values):
            if isinstance(value, int | float) and not isinstance(value, bool):
                ws.write_number(r, col, value, styles.small_number)
            elif value in (None, ""):
                ws.write_blank(r, col, None, fill or styles.small)
            else:
                ws.write_string(r, col, _text(value), fill or styles.small)
    ws.freeze_panes(3, 0)
    ws.autofilter(2, 0, 2 + max(len(rows), 1), last_col)
    _print(ws, landscape=True, repeat=(2, 2))


def _write_status(ws: Any, styles: Styles, consolidation: Consolidation, report: BatchReport) -> None:
    rows = [
        [
            i + 1,
            s.unit_code,
            s.unit_name,
            s.status,
            s.reason,
            s.file,
            s.modified,
            s.errors,
            s.warnings,
            s.infos,
            s.sha256,
        ]
        for i, s in enumerate(consolidation.status)
    ]
    rows += [
        [len(rows) + i + 1, "", "", "Bỏ qua", "tệp khóa/ẩn/tạm", Path(p).name, "", 0, 0, 0, ""]
        for i, p in enumerate(report.skipped)
    ]
    headers = [
        ("STT", 5),
        ("Mã đơn vị", 10),
        ("Đơn vị", 28),
        ("Tình trạng", 14),
        ("Lý do / ghi chú", 30),
        ("Tệp", 30),
        ("Thời gian sửa", 16),
        ("Lỗi", 6),
        ("Cảnh báo", 9),
        ("Thông tin", 9),
        ("SHA-256", 66),
    ]
    _table(ws, styles, "TÌNH HÌNH NỘP BÁO CÁO", headers, rows)
    r = 4 + len(rows)
    for line in consolidation.decisions:
        ws.write_string(r, 2, f"Quyết định: {_text(line)}", styles.text)
        r += 1


def _write_issues(ws: Any, styles: Styles, issues: list[Issue]) -> None:
    fill = {"error": styles.error_fill, "warning": styles.warning_fill, "info": styles.info_fill}
    ordered = sorted(issues, key=lambda i: (i.file or "", i.severity.rank, i.sheet or "", i.cell or ""))
    rows = [
        [
            n + 1,
            i.severity.label,
            i.check,
            i.unit or "",
            Path(i.file).name if i.file else "",
            i.sheet or "",
            i.cell or "",
            "" if i.value is None else str(i.value),
            i.message,
        ]
        for n, i in enumerate(ordered)
    ]
    headers = [
        ("STT", 5),
        ("Mức độ", 10),
        ("Mã kiểm tra", 18),
        ("Đơn vị", 24),
        ("Tệp", 26),
        ("Trang tính", 12),
        ("Ô", 7),
        ("Giá trị", 12),
        ("Nội dung", 80),
    ]
    _table(ws, styles, "KẾT QUẢ KIỂM TRA", headers, rows, [fill[i.severity.value] for i in ordered])


def _write_sources(ws: Any, styles: Styles, consolidation: Consolidation) -> None:
    """Every counted figure with the file, sheet and cell it came from."""
    names = consolidation.form.indicator_sheet.value_columns
    rows = [
        [row.unit.name, code, names[column], value, Path(row.file).name, row.sheet, row.cells[column].get(code, "")]
        for row in consolidation.rows
        for column in consolidation.form.value_columns
        for code, value in row.values[column].items()
        if value is not None
    ]
    headers = [("Đơn vị", 28), ("Mã số", 7), ("Cột", 18), ("Giá trị", 10), ("Tệp", 30), ("Trang tính", 12), ("Ô", 7)]
    _table(ws, styles, "NGUỒN SỐ LIỆU (TRUY XUẤT TỪNG CON SỐ VỀ Ô GỐC)", headers, rows)


def _print(ws: Any, *, landscape: bool, repeat: tuple[int, int]) -> None:
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(*repeat)
    ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer('&C&"Times New Roman"&10Trang &P/&N')
