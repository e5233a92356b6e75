"""A consolidated workbook the tool wrote, read back for the written report.

`Tổng hợp` is itself a submission of the form (its totals, last year's, the area and period); `Chi
tiết` gives each unit's figures, `Danh sách mô hình` the list, `Tình hình nộp báo cáo` who sent what.
Found by sheet names and header texts the writer uses, so last quarter's file reads the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.drafting import ReportFacts, UnitFigures
from desktop.forms import Form
from desktop.io.reader import read_book
from desktop.io.workbook import Book, SheetGrid, WorkbookError
from desktop.issues import Severity
from desktop.vntext import fold

DETAIL = "Chi tiết"
LIST = "Danh sách mô hình"
STATUS = "Tình hình nộp báo cáo"
META = "_meta"
NATION = "cong hoa xa hoi chu nghia viet nam"


class ConsolidatedError(Exception):
    """The file is not a consolidated workbook of this form; a Vietnamese sentence for the user."""


def read_consolidated(path: str | Path, form: Form) -> ReportFacts:
    """The facts of a consolidated workbook; raises ConsolidatedError when it is not one the tool wrote."""
    path = Path(path)
    if not path.is_file():
        raise ConsolidatedError(f"Không tìm thấy tệp tổng hợp “{path}”")
    try:
        with Book(path) as book:
            names = list(book.names)
            meta = _meta(book.sheet(META)) if META in names else {}
            if meta.get("form_id") and meta["form_id"] != form.id:
                raise ConsolidatedError(
                    f"Tệp “{path.name}” là tổng hợp biểu mẫu {meta['form_id']}, không phải {form.id}; "
                    "hãy chọn đúng biểu mẫu (--form)"
                )
            if DETAIL not in names:
                raise ConsolidatedError(
                    f"Tệp “{path.name}” không phải tệp tổng hợp do Tổng hợp Báo cáo ghi (không có trang “{DETAIL}”)"
                )
            sub = read_book(book, form)
            if not sub.recognised:
                raise ConsolidatedError(f"Tệp “{path.name}”: không tìm thấy bảng chỉ tiêu của biểu mẫu {form.id}")
            errors = [i for i in sub.issues if i.severity is Severity.ERROR]
            if errors:
                raise ConsolidatedError(f"Tệp tổng hợp “{path.name}” có lỗi: {errors[0].message}")
            summary = book.sheet(sub.sheet)
            units = _detail(book.sheet(DETAIL), form)
            list_rows = _list(book.sheet(LIST), form) if LIST in names and form.list_sheet else []
            status = _status(book.sheet(STATUS)) if STATUS in names else []
    except WorkbookError as exc:
        raise ConsolidatedError(f"Không đọc được tệp tổng hợp “{path.name}”: {exc.reason}") from exc
    columns = {column: sub.values(column) for column in form.value_columns}
    main = "current" if "current" in columns else form.value_columns[0]
    return ReportFacts(
        form=form,
        area=str(sub.label("unit_name") or ""),
        issuer=_issuer(summary),
        period=str(sub.label("period") or meta.get("period", "")),
        columns=columns,
        units=[UnitFigures(name, values.get(main, {})) for name, values in units],
        list_rows=list_rows,
        status=status,
        registered=_registered(meta, status),
        source=path.name,
    )


def _meta(sheet: SheetGrid) -> dict[str, str]:
    return {str(row[0]): str(row[1]) for row in sheet.rows if len(row) > 1 and row[0]}


def _issuer(summary: SheetGrid) -> str:
    """The issuing body at the top left of `Tổng hợp` (the writer's header block)."""
    text = str(summary.value(0, 0) or "").strip()
    return "" if fold(text) == NATION else text


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def _detail(sheet: SheetGrid, form: Form) -> list[tuple[str, dict[str, dict[str, int | None]]]]:
    """Each unit's figures: row 1 names the value column over its codes, row 2 holds the codes."""
    titles = {fold(name): key for key, name in form.indicator_sheet.value_columns.items()}
    columns: dict[int, tuple[str, str]] = {}
    current = None
    width = max((len(row) for row in sheet.rows[:2]), default=0)
    for col in range(3, width):
        title = fold(str(sheet.value(0, col) or ""))
        if title:
            current = next((key for name, key in titles.items() if title.startswith(name)), None)
        code = str(sheet.value(1, col) or "").strip()
        if current and code in form.by_code:
            columns[col] = (current, code)
    units = []
    for r in range(2, len(sheet.rows)):
        name = sheet.value(r, 2)
        first = str(sheet.value(r, 0) or "").strip()
        if not name or fold(first) == "cong":
            break
        values: dict[str, dict[str, int | None]] = {key: {} for key in form.value_columns}
        for col, (key, code) in columns.items():
            values[key][code] = _count(sheet.value(r, col))
        units.append((str(name), values))
    return units


def _header_row(sheet: SheetGrid, wanted: set[str]) -> tuple[int, dict[str, int]] | None:
    for r in range(min(len(sheet.rows), 10)):
        found = {fold(str(v)): c for c, v in enumerate(sheet.rows[r]) if isinstance(v, str) and v.strip()}
        if wanted <= set(found):
            return r, found
    return None


def _list(sheet: SheetGrid, form: Form) -> list[dict[str, Any]]:
    spec = [(c.key, fold(c.header)) for c in form.list_sheet.columns] + [("unit", "don vi")]
    located = _header_row(sheet, {"don vi"})
    if located is None:
        return []
    header, found = located
    columns = {key: found[text] for key, text in spec if text in found}
    rows = []
    for r in range(header + 1, len(sheet.rows)):
        row = {key: sheet.value(r, col) for key, col in columns.items()}
        if all(v is None for k, v in row.items() if k != "stt"):
            break
        rows.append({k: v for k, v in row.items() if k != "stt"})
    return rows


def _status(sheet: SheetGrid) -> list[tuple[str, str]]:
    located = _header_row(sheet, {"don vi", "tinh trang"})
    if located is None:
        return []
    header, found = located
    unit_col, status_col = found["don vi"], found["tinh trang"]
    rows = []
    for r in range(header + 1, len(sheet.rows)):
        status = sheet.value(r, status_col)
        if status is None:
            break
        rows.append((str(sheet.value(r, unit_col) or ""), str(status)))
    return rows


def _registered(meta: dict[str, str], status: list[tuple[str, str]]) -> int | None:
    """Units of the registry: written in `_meta` since this version; for older files, when some are missing."""
    if meta.get("units_registered", "").isdigit():
        return int(meta["units_registered"])
    if any(s == "Chưa nộp" for _, s in status):
        return len({unit for unit, s in status if unit and s in ("Đã nộp", "Chưa nộp", "Bị loại")})
    return None
