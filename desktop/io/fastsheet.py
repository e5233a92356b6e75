"""xlsxwriter with a shorter path for the cells a consolidated workbook is made of.

A national workbook holds a million cells; xlsxwriter spends 5-8 µs on each, in `write_*()` (argument
checks, bounds, a named tuple) and again in `close()` (its general cell writer). Here:

- `write_cells()` stores a row's text, numbers and blanks at once: one bounds check a row, not a cell;
- `set_row(row, height)`, a height alone, skips the options nobody here passes;
- `close()` writes a row's tag (rendered once per kind of row) and its formatted text, numbers and blanks
  as one string (the same XML), and compresses at zlib level 4: the same size as xlsxwriter's level 6
  within 1 %, in less than half the time.

Every other cell, and every cell of a constant-memory workbook, goes xlsxwriter's own way; the tests check
that the XML is byte for byte what stock xlsxwriter writes.

This module works inside xlsxwriter's worksheet (its cell tuples, `_write_row`, `_write_rows`), so it is
tied to the minor version it is tested against: any other version fails loudly on import (pyproject pins
the same range), never as a silent difference in the workbooks written.
"""

from __future__ import annotations

import functools
import io
import math
import threading
from collections.abc import Sequence
from typing import Any

import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.format import Format
from xlsxwriter.sharedstrings import SharedStringTable
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import CellBlankTuple, CellNumberTuple, CellStringTuple, RowInfo, Worksheet

from desktop.io.celltext import cell_text

_STRING, _NUMBER, _BLANK = CellStringTuple, CellNumberTuple, CellBlankTuple

TESTED_XLSXWRITER = "3.3"


def check_xlsxwriter_version(version: str) -> None:
    """Raise ImportError unless `version` is the xlsxwriter minor version this module is tested against."""
    if ".".join(version.split(".")[:2]) != TESTED_XLSXWRITER:
        raise ImportError(
            f"desktop.io.fastsheet is tested with xlsxwriter {TESTED_XLSXWRITER}.x, not {version}: "
            f'install "xlsxwriter>={TESTED_XLSXWRITER},<3.4" (pyproject.toml) or update fastsheet and its tests'
        )


check_xlsxwriter_version(xlsxwriter.__version__)


class FastWorksheet(Worksheet):
    def write_cells(
        self,
        row: int,
        col: int,
        values: Sequence[Any],
        formats: Sequence[Format | None],
        number_formats: Sequence[Format | None] | None = None,
    ) -> None:
        """Write values[i] at (row, col + i), as write_string/write_number/write_blank would.

        Text is written as text, never as a formula or link; int and float as numbers; None and "" as a
        formatted blank. Anything else is written as a number if it is one (not a bool), else as its text.
        A number takes number_formats[i] if given, else formats[i]; text and blanks take formats[i].
        """
        last = col + len(values) - 1
        if self.constant_memory or not values or row < 0 or col < 0:
            write_cells_slowly(self, row, col, values, formats, number_formats)
            return
        if row >= self.xls_rowmax or last >= self.xls_colmax:
            write_cells_slowly(self, row, col, values, formats, number_formats)
            return
        if self.dim_rowmin is None or row < self.dim_rowmin:
            self.dim_rowmin = row
        if self.dim_rowmax is None or row > self.dim_rowmax:
            self.dim_rowmax = row
        if self.dim_colmin is None or col < self.dim_colmin:
            self.dim_colmin = col
        if self.dim_colmax is None or last > self.dim_colmax:
            self.dim_colmax = last
        numbers = number_formats or formats
        cells = self.table[row]
        sst = self.str_table
        known, add = sst.string_table, sst._get_shared_string_index
        seen = 0  # strings already in the table: their count is added once, at the end
        new = tuple.__new__  # the named tuples xlsxwriter stores, without their constructor's Python frame
        half = self.xls_strmax // 2
        for offset, value in enumerate(values):
            kind = value.__class__
            if kind is str and value and len(value) <= half:
                index = known.get(value)
                if index is None:
                    index = add(value)
                else:
                    seen += 1
                cells[col + offset] = new(_STRING, (index, formats[offset]))
            elif kind is int or (kind is float and math.isfinite(value)):
                cells[col + offset] = new(_NUMBER, (value, numbers[offset]))
            elif value is None or (kind is str and not value):
                if formats[offset] is not None:
                    cells[col + offset] = new(_BLANK, (formats[offset],))
            else:
                write_cells_slowly(self, row, col + offset, [value], [formats[offset]], [numbers[offset]])
        sst.count += seen

    def set_row(
        self,
        row: int,
        height: float | None = None,
        cell_format: Format | None = None,
        options: dict[str, Any] | None = None,
    ) -> int:
        """xlsxwriter's set_row; a height alone (what fit_row sets on every row of a table) the short way."""
        pixels = int(height * 4.0 / 3.0 + 0.5) if height is not None else 0
        if pixels <= 0 or cell_format is not None or options or self.constant_memory or not 0 <= row < self.xls_rowmax:
            return super().set_row(row, height, cell_format, options)
        if self.dim_rowmin is None or row < self.dim_rowmin:
            self.dim_rowmin = row
        if self.dim_rowmax is None or row > self.dim_rowmax:
            self.dim_rowmax = row
        if self.dim_colmin is None:
            self.dim_colmin = 0
        if self.dim_colmax is None:
            self.dim_colmax = self.dim_colmin
        self.row_info[row] = RowInfo(height=pixels, row_format=None, hidden=False, level=0, collapsed=False)
        self.row_sizes[row] = [pixels, False]
        return 0

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        kind, fmt = cell.__class__, cell.format
        if fmt is None or self.constant_memory:
            super()._write_cell(row, col, cell)
        elif kind is _STRING:
            self.fh.write(
                f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{fmt._get_xf_index()}" t="s"><v>{cell.string}</v></c>'
            )
        elif kind is _NUMBER:
            self.fh.write(
                f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{fmt._get_xf_index()}"><v>{cell.number:.16G}</v></c>'
            )
        elif kind is _BLANK:
            self.fh.write(f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{fmt._get_xf_index()}"/>')
        else:
            super()._write_cell(row, col, cell)

    def _calculate_spans(self) -> None:
        """The <row spans="..."> of each block of 16 rows, from the rows' own columns."""
        if self.constant_memory or self.comments:
            super()._calculate_spans()
            return
        spans = {}
        low = high = None
        table = self.table
        for row in range(self.dim_rowmin, self.dim_rowmax + 1):
            cells = table.get(row)
            if cells:
                first, last = min(cells), max(cells)
                low = first if low is None or first < low else low
                high = last if high is None or last > high else high
            if ((row + 1) % 16 == 0 or row == self.dim_rowmax) and low is not None:
                spans[row // 16] = f"{low + 1}:{high + 1}"
                low = high = None
        self.row_spans = spans

    def _write_rows(self) -> None:
        """xlsxwriter's _write_rows, with a row's formatted text, numbers and blanks written in one go."""
        if self.constant_memory:
            super()._write_rows()
            return
        self._calculate_spans()
        write = self.fh.write
        xf: dict[Format, int] = {}
        letters: dict[int, str] = {}
        table, row_info, comments, spans = self.table, self.row_info, self.comments, self.row_spans
        row_tags: dict[tuple[Any, Any], str] = {}  # (spans, row info's fields) -> the <row> tag after r="N
        for row in range(self.dim_rowmin, self.dim_rowmax + 1):
            cells = table.get(row)
            info = row_info.get(row)
            if cells:
                span = spans.get(row // 16)
                key = (span, None if info is None else tuple(info.__dict__.values()))
                tag = row_tags.get(key)
                if tag is None:
                    tag = row_tags[key] = self._row_tag(span, info)
                number = str(row + 1)
                parts = ['<row r="', number, tag]
                for col in sorted(cells):
                    cell = cells[col]
                    kind, fmt = cell.__class__, cell.format
                    if fmt is None or (kind is not _STRING and kind is not _NUMBER and kind is not _BLANK):
                        write("".join(parts))
                        parts.clear()
                        self._write_cell(row, col, cell)
                        continue
                    style = xf.get(fmt)
                    if style is None:
                        style = xf[fmt] = fmt._get_xf_index()
                    letter = letters.get(col)
                    if letter is None:
                        letter = letters[col] = xl_col_to_name(col)
                    if kind is _STRING:
                        parts.append(f'<c r="{letter}{number}" s="{style}" t="s"><v>{cell.string}</v></c>')
                    elif kind is _NUMBER:
                        parts.append(f'<c r="{letter}{number}" s="{style}"><v>{cell.number:.16G}</v></c>')
                    else:
                        parts.append(f'<c r="{letter}{number}" s="{style}"/>')
                parts.append("</row>")
                write("".join(parts))
            elif row in comments or info is not None:
                self._write_empty_row(row, spans.get(row // 16), info)

    def _row_tag(self, span: str | None, info: Any) -> str:
        """What xlsxwriter's _write_row writes for a row with these spans and row info, after `<row r="N`."""
        fh, self.fh = self.fh, io.StringIO()
        try:
            self._write_row(0, span, info)
            tag = self.fh.getvalue()
        finally:
            self.fh = fh
        start = '<row r="1'
        assert tag.startswith(start), tag
        return tag[len(start) :]


def write_cells(
    ws: Worksheet,
    row: int,
    col: int,
    values: Sequence[Any],
    formats: Sequence[Format | None],
    number_formats: Sequence[Format | None] | None = None,
) -> None:
    """FastWorksheet.write_cells on any xlsxwriter worksheet (the benchmark's generator writes stock ones)."""
    if isinstance(ws, FastWorksheet):
        ws.write_cells(row, col, values, formats, number_formats)
    else:
        write_cells_slowly(ws, row, col, values, formats, number_formats)


def write_cells_slowly(
    ws: Worksheet,
    row: int,
    col: int,
    values: Sequence[Any],
    formats: Sequence[Any],
    number_formats: Sequence[Any] | None = None,
) -> None:
    """write_cells through xlsxwriter's own write_blank/write_number/write_string, a cell at a time."""
    numbers = number_formats or formats
    for offset, value in enumerate(values):
        if value is None or value == "":
            ws.write_blank(row, col + offset, None, formats[offset])
        elif isinstance(value, int | float) and not isinstance(value, bool):
            ws.write_number(row, col + offset, value, numbers[offset])
        else:
            ws.write_string(row, col + offset, str(value), formats[offset])


ZIP_LEVEL = 4  # zlib: as small as the default level 6 (within 1 %), in less than half the time
_ZIP_LOCK = threading.Lock()


class _CellTextTable(SharedStringTable):
    """The shared strings: every text cell of the workbook passes here, and is made safe (desktop.io.celltext)."""

    def _get_shared_string_index(self, string: str) -> int:
        return super()._get_shared_string_index(cell_text(string))


class FastWorkbook(xlsxwriter.Workbook):
    """An xlsxwriter Workbook whose worksheets are FastWorksheets, compressed at ZIP_LEVEL; text is cleaned."""

    worksheet_class = FastWorksheet

    def __init__(self, filename: Any = None, options: dict[str, Any] | None = None) -> None:
        super().__init__(filename, options)
        self.str_table = _CellTextTable()

    def set_properties(self, properties: dict[str, Any]) -> None:
        super().set_properties({k: cell_text(v) if isinstance(v, str) else v for k, v in properties.items()})

    def set_custom_property(self, name: str, value: Any, property_type: str | None = None) -> Any:
        value = cell_text(value) if isinstance(value, str) else value
        return super().set_custom_property(cell_text(name), value, property_type)

    def _store_workbook(self) -> None:
        # xlsxwriter opens its ZipFile with the default level and no option to change it
        with _ZIP_LOCK:
            stock = xlsxwriter.workbook.ZipFile
            xlsxwriter.workbook.ZipFile = functools.partial(stock, compresslevel=ZIP_LEVEL)
            try:
                super()._store_workbook()
            finally:
                xlsxwriter.workbook.ZipFile = stock
