"""The archive's figures as a tidy long table (one figure a row), written as .xlsx or .csv."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop.io.atomic import atomic_target
from desktop.io.formsheet import NUMBER_FORMAT

TIDY_COLUMNS = [
    ("form", "Biểu mẫu", 10),
    ("period", "Kỳ báo cáo", 16),
    ("unit_code", "Mã đơn vị", 10),
    ("unit", "Đơn vị", 26),
    ("code", "Mã số", 7),
    ("column", "Cột", 18),
    ("value", "Giá trị", 10),
    ("source", "Tệp nguồn", 34),
    ("cell", "Ô", 7),
    ("sha256", "SHA-256", 66),
]


def write_tidy(rows: Sequence[dict[str, Any]], path: str | Path) -> Path:
    """Write .csv (UTF-8 with BOM, so Excel shows the diacritics) or .xlsx, by the target's suffix."""
    path = Path(path)
    with atomic_target(path) as temporary:
        if path.suffix.lower() == ".csv":
            _csv(rows, temporary)
        else:
            _xlsx(rows, temporary)
    return path


def _csv(rows: Sequence[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([key for key, _, _ in TIDY_COLUMNS])
        for row in rows:
            writer.writerow(["" if row.get(key) is None else row.get(key) for key, _, _ in TIDY_COLUMNS])


def _xlsx(rows: Sequence[dict[str, Any]], path: Path) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = workbook.add_worksheet("Số liệu")
    head = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "font_name": "Times New Roman"})
    text = workbook.add_format({"font_name": "Times New Roman"})
    number = workbook.add_format({"font_name": "Times New Roman", "num_format": NUMBER_FORMAT})
    for col, (_, header, width) in enumerate(TIDY_COLUMNS):
        ws.set_column(col, col, width)
        ws.write_string(0, col, header, head)
    for r, row in enumerate(rows, 1):
        for col, (key, _, _) in enumerate(TIDY_COLUMNS):
            value = row.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                ws.write_number(r, col, value, number)
            elif value not in (None, ""):
                ws.write_string(r, col, str(value), text)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(rows), 1), len(TIDY_COLUMNS) - 1)
    workbook.close()
