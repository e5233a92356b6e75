"""What a workbook carries beyond its values, for learning a form from it: formulas, data validation,
merged cells and bold cells, sheet by sheet, as plain data (0-based rows and columns).

Values come from the ordinary reader (python-calamine, any format). Formulas, validation and fonts are
read with openpyxl for .xlsx/.xlsm, and formulas from the XML of an .ods; what a format did not give
is said in `missing` so the learner can tell the user.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.io import ooxml
from desktop.io.workbook import OOXML_SUFFIXES, ZIP_ERRORS, Book, WorkbookError
from desktop.vntext import clean_text, legacy_context

Cell = tuple[int, int]
Box = tuple[int, int, int, int]  # first row, first col, last row, last col


@dataclass(frozen=True)
class Validation:
    """One Excel data-validation rule: its type (whole, decimal, list, …), operator and bounds."""

    kind: str
    operator: str
    first: str
    second: str
    boxes: tuple[Box, ...]
    allowed: tuple[str, ...] = ()  # a list rule's values, its range resolved

    def covers(self, row: int, col: int) -> bool:
        return any(r1 <= row <= r2 and c1 <= col <= c2 for r1, c1, r2, c2 in self.boxes)


@dataclass
class ScannedSheet:
    name: str
    visible: bool
    rows: list[list[Any]]
    merged: tuple[Box, ...] = ()
    formulas: dict[Cell, str] = field(default_factory=dict)  # text after "=", A1 references
    bold: set[Cell] = field(default_factory=set)
    validations: list[Validation] = field(default_factory=list)

    def value(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            value = self.rows[row][col]
            return None if value == "" else value
        return None


@dataclass
class ScannedBook:
    path: Path
    sheets: list[ScannedSheet]
    missing: list[str] = field(default_factory=list)  # what could not be read: "formulas", "validation", "bold"


def scan_workbook(path: str | Path) -> ScannedBook:
    """Values of every sheet, plus formulas, validation, merges and bold where the format allows.

    Raises WorkbookError when the file cannot be opened.
    """
    path = Path(path)
    with Book(path, later=False) as book:
        sheets = []
        for name in book.names:
            grid = book.sheet(name)
            sheets.append(ScannedSheet(name, grid.visible, _unicode_rows(grid.rows), grid.merged))
    scanned = ScannedBook(path, sheets)
    suffix = path.suffix.lower()
    if suffix in OOXML_SUFFIXES:
        _scan_ooxml(scanned)
    elif suffix == ".ods":
        _scan_ods(scanned)
        scanned.missing += ["validation", "bold"]
    else:
        scanned.missing += ["formulas", "validation", "bold"]
    return scanned


def _unicode_rows(rows: list[list[Any]]) -> list[list[Any]]:
    """The sheet's text as Unicode: a template typed with .VnTime (TCVN3) or VNI fonts is learned in the
    letters its users read ("Mã số", not "M· sè"); the reader decodes the units' files the same way."""
    context = legacy_context(v for row in rows[:200] for v in row if isinstance(v, str))
    if context is None:
        return rows
    return [[clean_text(v, context).text if isinstance(v, str) and v else v for v in row] for row in rows]


def _scan_ooxml(scanned: ScannedBook) -> None:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(scanned.path, data_only=False, keep_links=False)
    except Exception as exc:  # noqa: BLE001 (openpyxl raises many kinds for damaged parts)
        raise WorkbookError(f"không đọc được công thức và định dạng của tệp: {exc}", str(exc)) from exc
    by_name = {s.name: s for s in scanned.sheets}
    for ws in workbook.worksheets:
        sheet = by_name.get(ws.title)
        if sheet is None:
            continue
        if not sheet.merged:
            sheet.merged = tuple(
                (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges
            )
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                where = (cell.row - 1, cell.column - 1)
                if isinstance(value, str) and value.startswith("=") and len(value) > 1:
                    sheet.formulas[where] = value[1:]
                elif getattr(value, "text", None) and type(value).__name__ == "ArrayFormula":
                    sheet.formulas[where] = str(value.text).lstrip("=")
                if value is not None and cell.font is not None and cell.font.b:
                    sheet.bold.add(where)
        for rule in ws.data_validations.dataValidation:
            boxes = tuple((r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1) for r in rule.sqref.ranges)
            kind = rule.type or "any"
            first = str(rule.formula1 or "")
            allowed = _list_values(first, sheet, by_name) if kind == "list" else ()
            sheet.validations.append(
                Validation(kind, rule.operator or "between", first, str(rule.formula2 or ""), boxes, allowed)
            )
    workbook.close()


def _list_values(formula: str, sheet: ScannedSheet, sheets: dict[str, ScannedSheet]) -> tuple[str, ...]:
    """A list rule's allowed values: `"a,b,c"` as written, or the cells of the range it names."""
    text = formula.strip()
    if text.startswith('"') and text.endswith('"'):
        return tuple(part.strip() for part in text[1:-1].split(",") if part.strip())
    found = ooxml.parse_reference(text)
    if not found:
        return ()
    name, (r1, c1, r2, c2) = found
    source = sheets.get(name, sheet) if name else sheet
    values = []
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            value = source.value(r, c)
            if value is not None and str(value).strip():
                values.append(str(int(value)) if isinstance(value, float) and value.is_integer() else str(value))
    return tuple(values)


_ODS_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
}
_ODS_REF = re.compile(
    r"\[\$?(?:'?[^.\]']*'?)?\.\$?([A-Z]{1,3})\$?(\d+)(?::\$?(?:'?[^.\]']*'?)?\.\$?([A-Z]{1,3})\$?(\d+))?\]"
)


def _scan_ods(scanned: ScannedBook) -> None:
    """Formulas of an .ods (`of:=[.E10]+[.E11]`), turned into A1 text (`E10+E11`)."""
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(scanned.path) as archive:
            root = ElementTree.fromstring(archive.read("content.xml"))
    except (*ZIP_ERRORS, ElementTree.ParseError):
        scanned.missing.append("formulas")
        return
    t = "{" + _ODS_NS["table"] + "}"
    by_name = {s.name: s for s in scanned.sheets}
    for table in root.iter(t + "table"):
        sheet = by_name.get(table.get(t + "name"))
        if sheet is None:
            continue
        r = 0
        for row in table.iter(t + "table-row"):
            repeat_rows = int(row.get(t + "number-rows-repeated", "1"))
            c = 0
            for cell in row:
                if cell.tag not in (t + "table-cell", t + "covered-table-cell"):
                    continue
                repeat = int(cell.get(t + "number-columns-repeated", "1"))
                formula = cell.get(t + "formula")
                if formula and repeat_rows == 1:
                    text = formula.split(":", 1)[1] if formula.startswith("of:") else formula
                    sheet.formulas[(r, c)] = _ODS_REF.sub(_a1, text.lstrip("=")).replace(";", ",")
                c += repeat
            r += repeat_rows if repeat_rows < 10_000 else 1


def _a1(found: re.Match) -> str:
    first = f"{found[1]}{found[2]}"
    return f"{first}:{found[3]}{found[4]}" if found[3] else first
