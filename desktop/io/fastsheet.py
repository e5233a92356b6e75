"""xlsxwriter with a shorter path for the cells a consolidated workbook is made of.

A national workbook holds a million cells; xlsxwriter spends most of `close()` on its general cell writer.
Formatted text, numbers and blanks (nearly every cell we write) take a direct path that writes the same
XML; every other cell, and every cell of a constant-memory workbook, goes the general way.
"""

from __future__ import annotations

from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import Worksheet


class FastWorksheet(Worksheet):
    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        kind, fmt = cell.__class__.__name__, cell.format
        if fmt is None or self.constant_memory:
            super()._write_cell(row, col, cell)
        elif kind == "String":
            self.fh.write(
                f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{fmt._get_xf_index()}" t="s"><v>{cell.string}</v></c>'
            )
        elif kind == "Number":
            self.fh.write(
                f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{fmt._get_xf_index()}"><v>{cell.number:.16G}</v></c>'
            )
        elif kind == "Blank":
            self.fh.write(f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{fmt._get_xf_index()}"/>')
        else:
            super()._write_cell(row, col, cell)


class FastWorkbook(xlsxwriter.Workbook):
    """An xlsxwriter Workbook whose worksheets are FastWorksheets."""

    worksheet_class = FastWorksheet
