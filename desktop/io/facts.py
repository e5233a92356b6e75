"""A consolidated workbook the tool wrote, read back as the facts the written report states.

The units' figures and the list come from io/consolidated.py (`Chi tiết`, `Danh sách mô hình`); here,
`Tổng hợp` (itself a submission of the form: the totals, last year's, the area and period, the issuer
at its top left), `Tình hình nộp báo cáo` (who sent what) and `_meta` (the registry's size). Found by
sheet names and header words, so last quarter's file reads the same way.
"""

from __future__ import annotations

from pathlib import Path

from desktop.consolidate import Status
from desktop.drafting import ReportFacts, UnitFigures
from desktop.forms import Form
from desktop.io.consolidated import ConsolidatedError, read_consolidated
from desktop.io.reader import read_book
from desktop.io.workbook import Book, SheetGrid, WorkbookError
from desktop.issues import Severity
from desktop.vntext import fold

STATUS = "Tình hình nộp báo cáo"
STATUSES = {status.label: status for status in Status}
META = "_meta"
NATION = "cong hoa xa hoi chu nghia viet nam"


def read_facts(path: str | Path, form: Form) -> ReportFacts:
    """The facts of a consolidated workbook; raises ConsolidatedError when it is not one the tool wrote."""
    path = Path(path)
    _, records = read_consolidated(path, form)
    try:
        with Book(path) as book:
            sub = read_book(book, form)
            errors = [i for i in sub.issues if i.severity is Severity.ERROR]
            if not sub.recognised or errors:
                reason = errors[0].message if errors else f"không tìm thấy bảng chỉ tiêu của biểu mẫu {form.id}"
                raise ConsolidatedError(f"Tệp tổng hợp “{path.name}”: {reason}")
            summary = book.sheet(sub.sheet)
            status = _status(book.sheet(STATUS)) if STATUS in book.names else []
    except WorkbookError as exc:
        raise ConsolidatedError(f"Không đọc được tệp tổng hợp “{path.name}”: {exc.reason}") from exc
    columns = {column: _column(column, sub, records, form) for column in form.value_columns}
    main = "current" if "current" in columns else form.value_columns[0]
    return ReportFacts(
        form=form,
        area=_area(sub.label("unit_name")),
        issuer=_issuer(summary),
        period=str(sub.label("period") or sub.meta.get("period", "")),
        columns=columns,
        units=[UnitFigures(r.unit_name, r.values.get(main, {})) for r in records],
        list_rows=[{**row, "unit": r.unit_name} for r in records for row in r.list_rows],
        status=status,
        registered=_registered(sub.meta, status),
        source=path.name,
    )


def _column(column: str, sub, records, form: Form) -> dict[str, int | None]:
    """A value column's totals: as `Tổng hợp` states them (last year's may come from last year's file),
    else the sum of `Chi tiết` (a form with more value columns than `Tổng hợp` prints); all None when no
    unit filled the column in and `Tổng hợp` holds nothing but the zeros of its sums."""
    units = [r.values.get(column, {}) for r in records]
    stated = sub.values(column) if sub.figures.get(column) else {}
    if not any(v is not None for u in units for v in u.values()) and not any(stated.values()):
        return dict.fromkeys(form.codes)
    sums = {code: sum(u.get(code) or 0 for u in units) for code in form.codes}
    return {code: stated[code] if stated.get(code) is not None else sums[code] for code in form.codes}


def form_id_of(path: str | Path) -> str | None:
    """The form id a consolidated workbook's `_meta` states, or None (no `_meta`, not a workbook)."""
    try:
        with Book(path) as book:
            if META not in book.names:
                return None
            rows = book.sheet(META).rows
    except (WorkbookError, OSError):
        return None
    return next((str(row[1]).strip() for row in rows if len(row) > 1 and row[0] == "form_id" and row[1]), None)


def _area(name: object) -> str:
    """The area `Tổng hợp` is for; the writer puts "Tổng hợp" there when the batch had no registry."""
    text = str(name or "").strip()
    return "" if fold(text) == "tong hop" else text


def _issuer(summary: SheetGrid) -> str:
    """The issuing body at the top left of `Tổng hợp` (the writer's header block)."""
    text = str(summary.value(0, 0) or "").strip()
    return "" if fold(text) == NATION else text


def _header_row(sheet: SheetGrid, wanted: set[str]) -> tuple[int, dict[str, int]] | None:
    for r in range(min(len(sheet.rows), 10)):
        found = {fold(str(v)): c for c, v in enumerate(sheet.rows[r]) if isinstance(v, str) and v.strip()}
        if wanted <= set(found):
            return r, found
    return None


def _status(sheet: SheetGrid) -> list[tuple[str, Status]]:
    """(unit, status) of each row; rows of skipped files (lock, temporary) have no status and are left out."""
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
        known = STATUSES.get(str(status).strip())
        if known is not None:
            rows.append((str(sheet.value(r, unit_col) or ""), known))
    return rows


def _registered(meta: dict[str, str], status: list[tuple[str, Status]]) -> int | None:
    """Units of the registry: written in `_meta` since this version; for older files, when some are missing."""
    if meta.get("units_registered", "").isdigit():
        return int(meta["units_registered"])
    if any(s is Status.MISSING for _, s in status):
        return len({unit for unit, s in status if unit and s is not Status.UNKNOWN})
    return None
