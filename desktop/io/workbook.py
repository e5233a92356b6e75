"""A workbook's sheets as plain grids of cached cell values, whatever the file format.

python-calamine reads .xlsx, .xlsm, .xlsb, .xls and .ods quickly; formulas come back as their cached
values. Cells that hold a formula without a cached value read as empty, so for the OOXML formats we
look for them in the sheet XML (`formulas_without_value`).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
OOXML_SUFFIXES = {".xlsx", ".xlsm"}


class WorkbookError(Exception):
    """The file cannot be read as a workbook; `reason` is a Vietnamese sentence for the user."""

    def __init__(self, reason: str, reason_en: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.reason_en = reason_en or reason


@dataclass(frozen=True)
class SheetGrid:
    name: str
    visible: bool
    rows: list[list[Any]]  # rows[r][c] is the cell at Excel row r+1, column c+1

    def value(self, row: int, col: int) -> Any:
        if row < len(self.rows) and col < len(self.rows[row]):
            value = self.rows[row][col]
            return None if value == "" else value
        return None


def column_letter(col: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 27 -> AB)."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def address(row: int, col: int) -> str:
    return f"{column_letter(col)}{row + 1}"


def load_sheets(path: str | Path) -> list[SheetGrid]:
    from python_calamine import CalamineWorkbook

    path = Path(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types per format
        raise _explain(path, exc) from exc
    try:
        visibility = {m.name: str(m.visible).rsplit(".", 1)[-1].lower() == "visible" for m in workbook.sheets_metadata}
        sheets = []
        for name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets.append(SheetGrid(name, visibility.get(name, True), rows))
        return sheets
    except Exception as exc:
        raise _explain(path, exc) from exc
    finally:
        close = getattr(workbook, "close", None)
        if close:
            close()


def _explain(path: Path, exc: Exception) -> WorkbookError:
    text = str(exc).lower()
    if path.stat().st_size == 0:
        return WorkbookError("tệp rỗng (0 byte)", "the file is empty (0 bytes)")
    if "password" in text or "encrypt" in text or _is_encrypted_ooxml(path):
        return WorkbookError(
            "tệp được đặt mật khẩu; hãy bỏ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc) rồi gửi lại",
            "the file is password-protected; remove the password and send it again",
        )
    return WorkbookError(
        f"tệp hỏng hoặc không phải bảng tính Excel/LibreOffice ({type(exc).__name__}: {str(exc)[:120]})",
        f"the file is damaged or not an Excel/LibreOffice spreadsheet ({type(exc).__name__})",
    )


def _is_encrypted_ooxml(path: Path) -> bool:
    """Encrypted .xlsx files are OLE compound documents holding an EncryptedPackage stream."""
    with path.open("rb") as handle:
        head = handle.read(8)
        if head != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            return False
        return b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in handle.read(1 << 20)


_SHEET_TAG = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"', re.S)
_SHEET_TAG_REVERSED = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\br:id="([^"]*)"[^>]*?\bname="([^"]*)"', re.S)
_REL_TAG = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"', re.S)
_REL_TAG_REVERSED = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"', re.S)
_FORMULA_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+[0-9]+)"[^>]*?(?<!/)>(.*?)</(?:\w+:)?c>', re.S)
_MAX_SHEET_XML = 64 << 20


def _unescape(raw: bytes) -> str:
    import html

    return html.unescape(raw.decode("utf-8", "replace"))


def formulas_without_value(path: str | Path) -> dict[str, set[str]]:
    """Sheet name -> addresses of cells that hold a formula but no cached value (OOXML only)."""
    path = Path(path)
    if path.suffix.lower() not in OOXML_SUFFIXES:
        return {}
    try:
        with zipfile.ZipFile(path) as archive:
            book = archive.read("xl/workbook.xml")
            rels = archive.read("xl/_rels/workbook.xml.rels")
            targets = {i: t for i, t in _REL_TAG.findall(rels)}
            targets.update({i: t for t, i in _REL_TAG_REVERSED.findall(rels)})
            sheets = dict(_SHEET_TAG.findall(book))
            sheets.update({n: i for i, n in _SHEET_TAG_REVERSED.findall(book)})
            found: dict[str, set[str]] = {}
            for name, rel_id in sheets.items():
                target = targets.get(rel_id, b"").decode()
                member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                info = archive.getinfo(member)
                if info.file_size > _MAX_SHEET_XML:
                    continue
                xml = archive.read(member)
                if b"<f" not in xml and b":f" not in xml:
                    continue
                cells = {
                    ref.decode()
                    for ref, body in _FORMULA_CELL.findall(xml)
                    if re.search(rb"<(?:\w+:)?f\b", body) and not re.search(rb"<(?:\w+:)?v>[^<]", body)
                }
                if cells:
                    found[_unescape(name)] = cells
            return found
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return {}


_MODIFIED_OOXML = re.compile(rb"<dcterms:modified[^>]*>([^<]+)</dcterms:modified>")
_MODIFIED_ODS = re.compile(rb"<dc:date>([^<]+)</dc:date>")


def stored_modified(path: str | Path) -> float | None:
    """The "modified" time the workbook stores in its document properties (OOXML and ODS)."""
    from datetime import datetime

    path = Path(path)
    member, pattern = {
        ".xlsx": ("docProps/core.xml", _MODIFIED_OOXML),
        ".xlsm": ("docProps/core.xml", _MODIFIED_OOXML),
        ".ods": ("meta.xml", _MODIFIED_ODS),
    }.get(path.suffix.lower(), (None, None))
    if member is None:
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            if archive.getinfo(member).file_size > 1 << 20:
                return None
            found = pattern.search(archive.read(member))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
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
