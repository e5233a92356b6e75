"""A workbook's sheets as plain grids of cached cell values, whatever the file format.

python-calamine reads .xlsx, .xlsm, .xlsb, .xls and .ods quickly; formulas come back as their cached
values. Cells that hold a formula without a cached value read as empty, so for the OOXML formats we
look for them in the sheet XML (`formulas_without_value`).
"""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from desktop.io import marks, ooxml
from desktop.io.errors import ZIP_ERRORS, WorkbookError, encrypted_error
from desktop.io.ooxml import address, column_letter, formula_cells_without_value
from desktop.io.preflight import MAX_CELLS, check_workbook
from desktop.vntext import format_number

log = logging.getLogger(__name__)

# names other modules import from here
__all__ = ["ZIP_ERRORS", "WorkbookError", "address", "column_letter", "formula_cells_without_value"]

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
OOXML_SUFFIXES = {".xlsx", ".xlsm"}


_NOT_OURS = (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError)
MAX_TEXT = 32_767  # Excel's own limit for one cell; longer text only comes from crafted files


@dataclass(frozen=True)
class SheetGrid:
    name: str
    visible: bool
    rows: list[list[Any]]  # rows[r][c] is the cell at Excel row r+1, column c+1
    merged: tuple[tuple[int, int, int, int], ...] = ()  # (first row, first col, last row, last col), 0-based

    def value(self, row: int, col: int) -> Any:
        if row < len(self.rows) and col < len(self.rows[row]):
            value = self.rows[row][col]
            return None if value == "" else value
        return None


def load_sheets(path: str | Path) -> list[SheetGrid]:
    """Every sheet as a grid from A1; the file is checked first (preflight) so nothing inflates unbounded."""
    with Book(path, later=False) as book:
        return [book.sheet(name) for name in book.names]


class Book:
    """An open workbook whose sheets are loaded one at a time, as the caller asks for them.

    The file is checked (preflight) before calamine opens it; with `later`, the worksheets of an OOXML
    workbook are each checked just before they load, so a sheet never asked for is never inflated, and
    the XML of each one checked is kept in `sheet_xml` for the formula scan.
    """

    def __init__(self, path: str | Path, *, later: bool = True) -> None:
        self.path = Path(path)
        checked = check_workbook(self.path, later=later)
        self._later = checked.later
        self.modified = _modified_from(self.path, checked.properties or {})
        self.role = marks.role_from_properties((checked.properties or {}).get("docProps/core.xml"))
        try:
            self._workbook = open_calamine(self.path)
        except OSError:
            raise  # the file vanished or is locked: the batch reports that itself
        except _NOT_OURS:
            raise
        except BaseException as exc:  # calamine's own errors, and its Rust panics (a BaseException)
            if self._later is not None:
                self._later.check_all()  # a hostile sheet is named as such, before calamine's complaint
            raise _explain(exc) from exc
        try:
            self.names: list[str] = list(self._workbook.sheet_names)
            self.visible = {
                m.name: str(m.visible).rsplit(".", 1)[-1].lower() == "visible" for m in self._workbook.sheets_metadata
            }
            if self._later is not None and sorted(self._later.parts) != sorted(self.names):
                self._later.check_all()  # the names do not match the parts found: every sheet now
                self._later = None
        except (WorkbookError, OSError, *_NOT_OURS):
            self.close()
            raise
        except BaseException as exc:
            self.close()
            raise _explain(exc) from exc
        self.sheet_xml: dict[str, bytes] = {}
        self._grids: dict[str, SheetGrid] = {}
        self._cells = 0
        self._from_xml: dict[str, tuple] | None = None

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        close = getattr(self._workbook, "close", None)
        if close:
            close()

    def sheets(self, skip: str | None = None) -> Iterator[SheetGrid]:
        """The sheets in the workbook's order, each loaded when the iteration reaches it."""
        for name in self.names:
            if name != skip:
                yield self.sheet(name)

    def sheet(self, name: str) -> SheetGrid:
        grid = self._grids.get(name)
        if grid is None:
            try:
                grid = self._grids[name] = self._load(name)
            except (WorkbookError, OSError, *_NOT_OURS):
                raise
            except BaseException as exc:
                raise _explain(exc) from exc
        return grid

    def _load(self, name: str) -> SheetGrid:
        if self._later is not None:
            xml = self._later.check(name)
            if xml is not None and self.path.suffix.lower() in OOXML_SUFFIXES:
                self.sheet_xml[name] = xml
        sheet = self._workbook.get_sheet_by_name(name)
        end = sheet.end or (-1, -1)
        self._cells += (end[0] + 1) * (end[1] + 1)
        if self._cells > MAX_CELLS:
            raise WorkbookError(
                f"trang tính “{name}” trải tới ô {address(*end)} (tối đa {format_number(MAX_CELLS)} ô cả tệp)",
                f"sheet {name} reaches cell {address(*end)}",
                check="too_large",
            )
        rows = sheet.to_python(skip_empty_area=False)
        _check_text(name, rows)
        if self.path.suffix.lower() == ".ods":  # calamine gives no merged cells of an .ods
            self._from_xml = merged_ranges_ods(self.path) if self._from_xml is None else self._from_xml
            merged = self._from_xml.get(name, ())
        elif hasattr(sheet, "merged_cell_ranges"):
            merged = _merged(sheet)
        else:  # python-calamine before 0.3 (the Windows build pins 0.1.7)
            self._from_xml = merged_ranges_ooxml(self.path) if self._from_xml is None else self._from_xml
            merged = self._from_xml.get(name, ())
        return SheetGrid(name, self.visible.get(name, True), rows, merged)


def open_calamine(path: Path) -> Any:
    """calamine's workbook; a name that is not valid UTF-8 (kept by Python as surrogates) through a handle,
    since calamine cannot be given such a name."""
    from python_calamine import CalamineWorkbook

    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        with path.open("rb") as handle:
            return CalamineWorkbook.from_filelike(handle)
    return CalamineWorkbook.from_path(str(path))


def _merged(sheet: Any) -> tuple[tuple[int, int, int, int], ...]:
    """Merged ranges where the calamine version and the format provide them (older versions do not)."""
    ranges = getattr(sheet, "merged_cell_ranges", None) or ()
    try:
        return tuple((r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges)
    except (TypeError, ValueError):
        return ()


def _check_text(sheet: str, rows: list[list[Any]]) -> None:
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and len(value) > MAX_TEXT:
                count, limit = format_number(len(value)), format_number(MAX_TEXT)
                raise WorkbookError(
                    f"ô {sheet}!{address(r, c)} chứa {count} ký tự, vượt giới hạn {limit} ký tự của Excel",
                    f"cell {sheet}!{address(r, c)} holds {len(value)} characters, beyond Excel's limit of {MAX_TEXT}",
                    check="too_large",
                )


def _explain(exc: BaseException) -> WorkbookError:
    """A Vietnamese line for calamine's complaint; its own (English) text goes to the log and the English reason."""
    text = str(exc).lower()
    if "password" in text or "encrypt" in text:
        return encrypted_error()
    log.warning("calamine could not read a workbook: %s: %s", type(exc).__name__, str(exc)[:500])
    if "utf-16" in text or "utf16" in text:
        reason = "chữ trong tệp bị hỏng (chuỗi Unicode UTF-16 không hợp lệ)"
    elif "xml" in text:
        reason = "nội dung XML của tệp bị hỏng"
    elif "zip" in text:
        reason = "cấu trúc ZIP của tệp bị hỏng"
    else:
        reason = "tệp hỏng hoặc không phải bảng tính Excel/LibreOffice"
    return WorkbookError(
        f"{reason}; hãy mở bằng Excel hoặc LibreOffice rồi lưu lại",
        f"the file is damaged or not an Excel/LibreOffice spreadsheet ({type(exc).__name__}: {str(exc)[:120]})",
    )


_MAX_SHEET_XML = 64 << 20


def formulas_without_value(path: str | Path, sheet: str | None = None) -> dict[str, set[str]]:
    """Sheet name -> addresses of cells that hold a formula but no cached value (OOXML only).

    With `sheet`, only that sheet is scanned.
    """
    path = Path(path)
    if path.suffix.lower() not in OOXML_SUFFIXES:
        return {}
    try:
        with zipfile.ZipFile(path) as archive:
            found: dict[str, set[str]] = {}
            for name, member in ooxml.archive_sheet_parts(archive).items():
                if sheet is not None and name != sheet:
                    continue
                if archive.getinfo(member).file_size > _MAX_SHEET_XML:
                    continue
                cells = formula_cells_without_value(archive.read(member))
                if cells:
                    found[name] = cells
            return found
    except ZIP_ERRORS:
        return {}


def merged_ranges_ooxml(path: str | Path) -> dict[str, tuple[tuple[int, int, int, int], ...]]:
    """Sheet name -> merged ranges (0-based first row, first col, last row, last col), read from the sheet XML."""
    path = Path(path)
    if path.suffix.lower() not in OOXML_SUFFIXES:
        return {}
    try:
        with zipfile.ZipFile(path) as archive:
            found = {}
            for name, member in ooxml.archive_sheet_parts(archive).items():
                if archive.getinfo(member).file_size > _MAX_SHEET_XML:
                    continue
                ranges = ooxml.merged_ranges(archive.read(member))
                if ranges:
                    found[name] = ranges
            return found
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return {}


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def merged_ranges_ods(path: str | Path) -> dict[str, tuple[tuple[int, int, int, int], ...]]:
    """Sheet name -> merged ranges of an .ods (0-based first row, first col, last row, last col), from its
    content.xml; none when it cannot be read (the values, read by calamine, stay)."""
    import xml.etree.ElementTree as ET

    try:
        with zipfile.ZipFile(path) as archive:
            root = ET.fromstring(archive.read("content.xml"))
    except (ET.ParseError, *ZIP_ERRORS):
        log.warning("merged cells of %s not read", path, exc_info=True)
        return {}
    found: dict[str, tuple[tuple[int, int, int, int], ...]] = {}
    for table in root.iter(f"{_ODS_TABLE}table"):
        ranges = []
        row = 0
        for element in table.iter(f"{_ODS_TABLE}table-row"):
            col = 0
            for cell in element:
                across = _count(cell.get(f"{_ODS_TABLE}number-columns-spanned"))
                down = _count(cell.get(f"{_ODS_TABLE}number-rows-spanned"))
                if across > 1 or down > 1:
                    ranges.append((row, col, row + down - 1, col + across - 1))
                col += _count(cell.get(f"{_ODS_TABLE}number-columns-repeated"))
            row += _count(element.get(f"{_ODS_TABLE}number-rows-repeated"))
        if ranges:
            found[table.get(f"{_ODS_TABLE}name", "")] = tuple(ranges)
    return found


def _count(text: str | None) -> int:
    """An .ods repeat or span count; what is not a positive whole number counts as 1."""
    return int(text) if text and text.isdigit() and int(text) > 0 else 1


_MODIFIED_OOXML = re.compile(rb"<dcterms:modified[^>]*>([^<]+)</dcterms:modified>")
_MODIFIED_ODS = re.compile(rb"<dc:date>([^<]+)</dc:date>")


_PROPERTIES = {
    ".xlsx": ("docProps/core.xml", _MODIFIED_OOXML),
    ".xlsm": ("docProps/core.xml", _MODIFIED_OOXML),
    ".ods": ("meta.xml", _MODIFIED_ODS),
}


def stored_modified(path: str | Path) -> float | None:
    """The "modified" time the workbook stores in its document properties (OOXML and ODS)."""
    path = Path(path)
    member = _PROPERTIES.get(path.suffix.lower(), (None, None))[0]
    if member is None:
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            if archive.getinfo(member).file_size > 1 << 20:
                return None
            data = archive.read(member)
    except ZIP_ERRORS:
        return None
    return _modified_from(path, {member: data})


def _modified_from(path: Path, properties: dict[str, bytes]) -> float | None:
    """stored_modified, from the property parts the pre-flight check inflated already."""
    from datetime import datetime

    member, pattern = _PROPERTIES.get(path.suffix.lower(), (None, None))
    data = properties.get(member) if member else None
    found = pattern.search(data) if data else None
    if not found:
        return None
    text = found.group(1).decode("ascii", "replace").strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
