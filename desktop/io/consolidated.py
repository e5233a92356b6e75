"""A consolidated workbook read back as the submissions it was made of (`tonghop archive add`).

`Chi tiết` holds one row per counted unit (a title per value column over its codes, then the codes),
`Nguồn số liệu` the same grid with the source cell of each figure and the file, sheet and SHA-256 per
unit, `Danh sách mô hình` the list rows with a unit column. Columns are found by their header words,
not their position, so a workbook written by an earlier release (or tidied by hand) still reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.archive import Record
from desktop.forms import Form
from desktop.io.reader import normalise_code, read_book
from desktop.io.workbook import Book, SheetGrid, WorkbookError
from desktop.periods import Period, format_date, parse_date, parse_period
from desktop.vntext import fold

DETAIL = "Chi tiết"
SOURCES = "Nguồn số liệu"


class ConsolidatedError(Exception):
    """The workbook is not a consolidated workbook of the form; a Vietnamese sentence naming it."""


def read_consolidated(path: str | Path, form: Form) -> tuple[Period, list[Record]]:
    """The period and the counted submissions a consolidated workbook was made of."""
    path = Path(path)
    if not path.is_file():
        raise ConsolidatedError(f"Không tìm thấy tệp “{path}”")
    try:
        with Book(path) as book:
            return _read(book, path, form)
    except WorkbookError as exc:
        raise ConsolidatedError(f"Không đọc được tệp “{path.name}”: {exc.reason}") from exc


def _read(book: Book, path: Path, form: Form) -> tuple[Period, list[Record]]:
    if DETAIL not in book.names:
        raise ConsolidatedError(f"Tệp “{path.name}” không phải tệp tổng hợp: không có trang “{DETAIL}”")
    summary = read_book(book, form)
    meta = summary.meta
    if meta.get("form_id") and meta["form_id"] != form.id:
        raise ConsolidatedError(f"Tệp “{path.name}” là tổng hợp biểu mẫu {meta['form_id']}, không phải {form.id}")
    period = parse_period(meta.get("period")) or parse_period(summary.label("period"))
    if period is None:
        raise ConsolidatedError(f"Tệp “{path.name}”: không xác định được kỳ báo cáo (nhãn “Kỳ báo cáo”)")
    dates = tuple(_date(summary.label(k)) for k in ("date_from", "date_to"))
    detail = _grid_rows(book.sheet(DETAIL), form, path)
    sources = _grid_rows(book.sheet(SOURCES), form, path) if SOURCES in book.names else {}
    list_name = form.list_sheet.output_name if form.list_sheet else None
    lists = _list_rows(book.sheet(list_name), form) if list_name in book.names else {}
    records = []
    for key, row in detail.items():
        source = sources.get(key, {})
        values = {col: {code: _number(v) for code, v in codes.items()} for col, codes in row["grid"].items()}
        cells = {
            col: {code: str(v) for code, v in codes.items() if v not in (None, "")}
            for col, codes in source.get("grid", {}).items()
        }
        records.append(
            Record(
                form_id=form.id,
                form_version=meta.get("schema_version") or form.version,
                period=period,
                unit_code=row["code"],
                unit_name=row["name"],
                file_name=source.get("file") or row.get("file") or "",
                sha256=source.get("sha256", ""),
                sheet=source.get("sheet", ""),
                values=values,
                cells=cells,
                list_rows=lists.get(fold(row["name"]), []),
                date_from=dates[0],
                date_to=dates[1],
                origin=path.name,
            )
        )
    if not records:
        raise ConsolidatedError(f"Tệp “{path.name}”: trang “{DETAIL}” không có đơn vị nào")
    return period, records


def _date(value: Any) -> str:
    parsed = parse_date(value)
    return format_date(parsed) if parsed else ""


def _number(value: Any) -> int | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() else None
    text = str(value).strip().replace(".", "")
    return int(text) if text.isdigit() else None


def _grid_rows(sheet: SheetGrid, form: Form, path: Path) -> dict[str, dict[str, Any]]:
    """Unit key -> code, name, file, sheet, sha256 and grid[column][code] of `Chi tiết`'s layout."""
    names = {fold(title): column for column, title in form.indicator_sheet.value_columns.items()}
    codes_row = _codes_row(sheet, form)
    if codes_row is None:
        raise ConsolidatedError(f"Tệp “{path.name}”, trang “{sheet.name}”: không tìm thấy dòng các mã số")
    header = max(codes_row - 1, 0)
    width = max((len(r) for r in sheet.rows), default=0)
    fixed: dict[str, int] = {}
    for r in (header, codes_row):
        for c in range(width):
            text = fold(str(sheet.value(r, c) or ""))
            for key, words in _FIXED.items():
                if key not in fixed and text in words:
                    fixed[key] = c
    columns: dict[int, tuple[str, str]] = {}  # sheet column -> (value column, code)
    current = None
    for c in range(width):
        title = fold(str(sheet.value(header, c) or ""))
        if title:
            current = next((col for name, col in names.items() if title.startswith(name)), None)
        raw = sheet.value(codes_row, c)
        code = normalise_code(raw) if isinstance(raw, str) else ""
        if current and code in form.by_code:
            columns[c] = (current, code)
    if "unit_name" not in fixed or not columns:
        raise ConsolidatedError(f"Tệp “{path.name}”, trang “{sheet.name}”: không thấy cột đơn vị và các mã số")
    rows: dict[str, dict[str, Any]] = {}
    for r in range(codes_row + 1, len(sheet.rows)):
        name = sheet.value(r, fixed["unit_name"])
        first = fold(str(sheet.value(r, 0) or ""))
        if first in ("cong", "tong cong") or name is None:
            if first in ("cong", "tong cong"):
                break
            continue
        code = sheet.value(r, fixed["unit_code"]) if "unit_code" in fixed else None
        code = str(int(code)) if isinstance(code, float) and code.is_integer() else str(code or "").strip()
        grid: dict[str, dict[str, Any]] = {}
        for c, (column, indicator) in columns.items():
            grid.setdefault(column, {})[indicator] = sheet.value(r, c)
        row = {"code": code, "name": str(name).strip(), "grid": grid}
        for key in ("file", "sheet", "sha256"):
            if key in fixed:
                row[key] = str(sheet.value(r, fixed[key]) or "").strip()
        rows[code or fold(str(name))] = row
    return rows


_FIXED = {
    "unit_code": {"ma don vi"},
    "unit_name": {"don vi"},
    "file": {"tep nguon", "tep"},
    "sheet": {"trang tinh"},
    "sha256": {"sha-256 (khong in)", "sha-256", "sha256"},
}


def _codes_row(sheet: SheetGrid, form: Form) -> int | None:
    """The header row that holds the form's codes (the value columns' titles are in the row above)."""
    for r in range(min(len(sheet.rows), 10)):
        codes = {normalise_code(v) for v in sheet.rows[r] if isinstance(v, str) and v.strip()}
        if len(codes & set(form.by_code)) >= min(2, len(form.codes)):
            return r
    return None


def _list_rows(sheet: SheetGrid, form: Form) -> dict[str, list[dict[str, Any]]]:
    """Unit name (folded) -> its list rows, by the form's list headers and the `Đơn vị` column."""
    headers = {fold(c.header): c.key for c in form.list_sheet.columns}
    for r in range(min(len(sheet.rows), 10)):
        found = {fold(str(v)): c for c, v in enumerate(sheet.rows[r]) if v not in (None, "")}
        if "don vi" in found and set(found) & set(headers):
            break
    else:
        return {}
    unit_col = found["don vi"]
    keys = {c: headers[h] for h, c in found.items() if h in headers}
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for row in range(r + 1, len(sheet.rows)):
        unit = sheet.value(row, unit_col)
        if unit is None:
            break
        values = {key: _plain(sheet.value(row, c)) for c, key in keys.items() if key != "stt"}
        by_unit.setdefault(fold(str(unit)), []).append(values)
    return by_unit


def _plain(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value
