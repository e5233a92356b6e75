"""The form's own layout written with xlsxwriter: the unit template and the consolidated `Tổng hợp`.

Both share this code, so a consolidated workbook is itself a valid submission of the form.
Text that comes from users is always written as text (`write_string`), never as a formula.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.forms import Form
from desktop.io.workbook import address, column_letter

FONT = "Times New Roman"
# Dot-grouped thousands whatever the reader's locale: 1855 shows as 1.855.
NUMBER_FORMAT = r"[>=1000000]#\.###\.##0;[>=1000]#\.##0;0"
COLUMNS = ["stt", "label", "unit", "code", "current", "previous", "ratio", "note"]
WIDTHS = {"stt": 6, "label": 58, "unit": 12, "code": 8, "current": 14, "previous": 14, "ratio": 11, "note": 16}
HEADER_ROW = 12  # 0-based row of the table header
META_SHEET = "_meta"


@dataclass
class Header:
    """What the official header block and the label/value pairs say."""

    unit_name: str
    unit_code: str = ""
    period: str = ""
    date_from: str = ""
    date_to: str = ""
    issuer: str = ""
    place_date: str = "…, ngày … tháng … năm …"


@dataclass
class FigureCell:
    value: int | float | str | None = None  # text only in test and demo files that mimic typing
    formula: str | None = None


@dataclass
class FormLayout:
    """Where things landed: row of each code, column of each value column (0-based)."""

    code_rows: dict[str, int] = field(default_factory=dict)
    value_cols: dict[str, int] = field(default_factory=dict)
    first_row: int = 0
    last_row: int = 0


class Styles:
    """The workbook's cell formats, created once per workbook."""

    def __init__(self, workbook: Any, size: int = 13) -> None:
        base = {"font_name": FONT, "font_size": size, "valign": "vcenter"}
        add = workbook.add_format

        def fmt(**extra: Any) -> Any:
            return add({**base, **extra})

        self.text = fmt()
        self.bold = fmt(bold=True)
        self.center_bold = fmt(bold=True, align="center")
        self.center = fmt(align="center")
        self.motto = fmt(bold=True, align="center", underline=1)
        self.italic_center = fmt(italic=True, align="center")
        self.title = fmt(bold=True, align="center", font_size=size + 1, text_wrap=True)
        self.subtitle = fmt(italic=True, align="center")
        self.label = fmt(bold=True)
        self.value_text = fmt()
        self.th = fmt(bold=True, align="center", border=1, text_wrap=True, bg_color="#D9E1F2")
        self.th_index = fmt(italic=True, align="center", border=1, font_size=size - 2)
        self.section = fmt(bold=True, border=1, text_wrap=True)
        self.section_center = fmt(bold=True, border=1, align="center")
        self.cell = fmt(border=1, text_wrap=True)
        self.cell_center = fmt(border=1, align="center")
        self.number = fmt(border=1, num_format=NUMBER_FORMAT)
        self.input_number = fmt(border=1, num_format=NUMBER_FORMAT, locked=False, bg_color="#FFFDE7")
        self.input_text = fmt(border=1, locked=False, text_wrap=True, bg_color="#FFFDE7")
        self.ratio = fmt(border=1, num_format="0.0", align="right")
        self.small_th = fmt(bold=True, align="center", border=1, text_wrap=True, bg_color="#D9E1F2", font_size=size - 2)
        self.small = fmt(border=1, font_size=size - 2, text_wrap=True)
        self.small_number = fmt(border=1, font_size=size - 2, num_format=NUMBER_FORMAT)
        self.small_center = fmt(border=1, font_size=size - 2, align="center")
        self.error_fill = fmt(border=1, bg_color="#F8CBAD", text_wrap=True, font_size=size - 2)
        self.warning_fill = fmt(border=1, bg_color="#FFE699", text_wrap=True, font_size=size - 2)
        self.info_fill = fmt(border=1, bg_color="#DDEBF7", text_wrap=True, font_size=size - 2)


def write_official_header(ws: Any, styles: Styles, header: Header, last_col: int) -> None:
    """Rows 1-3: issuer and unit on the left, the national motto on the right (decorative)."""
    split = max(2, last_col // 2)
    ws.merge_range(0, 0, 0, split - 1, header.issuer, styles.center)
    ws.merge_range(1, 0, 1, split - 1, header.unit_name.upper(), styles.center_bold)
    ws.merge_range(0, split, 0, last_col, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", styles.center_bold)
    ws.merge_range(1, split, 1, last_col, "Độc lập - Tự do - Hạnh phúc", styles.motto)
    ws.merge_range(2, split, 2, last_col, header.place_date, styles.italic_center)


def write_form_sheet(
    workbook: Any,
    ws: Any,
    form: Form,
    styles: Styles,
    header: Header,
    figures: dict[str, dict[str, FigureCell]],
    *,
    editable: bool = False,
) -> FormLayout:
    """The indicator sheet of the form: header block, label/value pairs, the table of codes."""
    labels = form.labels
    columns = form.indicator_sheet.columns
    last_col = len(COLUMNS) - 1
    for index, key in enumerate(COLUMNS):
        ws.set_column(index, index, WIDTHS[key])
    write_official_header(ws, styles, header, last_col)
    ws.set_row(4, 40)
    ws.merge_range(4, 0, 4, last_col, form.title, styles.title)
    pairs = [
        (labels.form_number, form.form_number),
        (labels.unit_name, header.unit_name),
        (labels.unit_code, header.unit_code),
        (labels.period, header.period),
        (labels.date_from, header.date_from),
        (labels.date_to, header.date_to),
    ]
    for offset, (label, value) in enumerate(pairs):
        row = 5 + offset
        ws.write_string(row, 1, f"{label}:", styles.label)
        ws.write_string(row, 2, str(value or ""), styles.value_text)

    layout = FormLayout()
    header_texts = [columns.get(key, "") for key in COLUMNS]
    ws.set_row(HEADER_ROW, 36)
    for col, text in enumerate(header_texts):
        ws.write_string(HEADER_ROW, col, text, styles.th)
        ws.write_string(HEADER_ROW + 1, col, f"({col + 1})", styles.th_index)
    value_keys = list(form.indicator_sheet.value_columns)
    layout.value_cols = {key: COLUMNS.index(key) for key in value_keys}
    row = HEADER_ROW + 2
    layout.first_row = row
    for indicator in form.indicators:
        section = form.section_before(indicator.code)
        if section:
            ws.write_string(row, 0, section.number, styles.section_center)
            ws.write_string(row, 1, section.title, styles.section)
            for col in range(2, last_col + 1):
                ws.write_blank(row, col, None, styles.section)
            row += 1
        layout.code_rows[indicator.code] = row
        row += 1
    layout.last_row = row - 1
    for number, indicator in enumerate(form.indicators, 1):
        r = layout.code_rows[indicator.code]
        ws.write_number(r, 0, number, styles.cell_center)
        ws.write_string(r, 1, indicator.label, styles.cell)
        ws.write_string(r, 2, indicator.unit, styles.cell_center)
        ws.write_string(r, 3, indicator.code, styles.cell_center)
        for key, col in layout.value_cols.items():
            cell = figures.get(key, {}).get(indicator.code, FigureCell())
            formula = cell.formula or _form_formula(form, indicator.code, key, layout)
            fmt = styles.input_number if editable and not formula else styles.number
            if formula:
                ws.write_formula(r, col, formula, styles.number, cell.value if cell.value is not None else 0)
            elif cell.value is None:
                ws.write_blank(r, col, None, fmt)
            elif isinstance(cell.value, str):
                ws.write_string(r, col, cell.value, fmt)
            else:
                ws.write_number(r, col, cell.value, fmt)
        current = address(r, layout.value_cols["current"]) if "current" in layout.value_cols else None
        previous = address(r, layout.value_cols["previous"]) if "previous" in layout.value_cols else None
        ratio_col = COLUMNS.index("ratio")
        if current and previous:
            ratio = _ratio(figures, indicator.code)
            ws.write_formula(
                r,
                ratio_col,
                f'=IF(N({previous})>0,{current}/{previous}*100,"")',
                styles.ratio,
                ratio if ratio is not None else "",
            )
        else:
            ws.write_blank(r, ratio_col, None, styles.ratio)
        ws.write_blank(r, COLUMNS.index("note"), None, styles.input_text if editable else styles.cell)
    return layout


def _form_formula(form: Form, code: str, column: str, layout: FormLayout) -> str | None:
    formula = form.formula_of(code)
    if formula is None:
        return None
    col = layout.value_cols[column]
    parts = []
    for sign, term in formula.terms:
        ref = address(layout.code_rows[term.code], col) if hasattr(term, "code") else str(term.value)
        parts.append(("+" if sign > 0 else "-") + ref)
    return "=" + "".join(parts).lstrip("+")


def _ratio(figures: dict[str, dict[str, FigureCell]], code: str) -> float | None:
    current = figures.get("current", {}).get(code, FigureCell()).value
    previous = figures.get("previous", {}).get(code, FigureCell()).value
    if not isinstance(current, int | float) or not isinstance(previous, int | float) or not previous:
        return None
    return current / previous * 100


def write_meta_sheet(
    workbook: Any, form: Form, unit_code: str, period: str, extra: dict[str, str] | None = None
) -> None:
    """The hidden, protected `_meta` sheet: form id, schema version, unit code, period."""
    ws = workbook.add_worksheet(META_SHEET)
    rows = {
        "form_id": form.id,
        "schema_version": form.version,
        "unit_code": unit_code,
        "period": period,
        **(extra or {}),
    }
    for r, (key, value) in enumerate(rows.items()):
        ws.write_string(r, 0, key)
        ws.write_string(r, 1, str(value))
    ws.hide()
    ws.protect()


def write_list_sheet(
    ws: Any,
    form: Form,
    styles: Styles,
    rows: list[dict[str, Any]],
    *,
    title: str | None = None,
    extra_columns: list[tuple[str, str, int]] = (),
    editable_rows: int = 0,
) -> int:
    """A list sheet (Biểu 02): title, header, one row per item. Returns the header row (0-based)."""
    spec = form.list_sheet
    columns = [(key, header, width) for key, header, width in extra_columns] + [
        (c.key, c.header, _list_width(c.key)) for c in spec.columns
    ]
    last_col = len(columns) - 1
    ws.merge_range(0, 0, 0, last_col, title or spec.title, styles.title)
    ws.set_row(0, 30)
    header_row = 2
    for col, (_, header, width) in enumerate(columns):
        ws.set_column(col, col, width)
        ws.write_string(header_row, col, header, styles.th)
    fmt_text = styles.input_text if editable_rows else styles.cell
    for offset, item in enumerate(rows):
        r = header_row + 1 + offset
        for col, (key, _, _) in enumerate(columns):
            value = item.get(key)
            if key == "stt" and value is None:
                value = offset + 1
            if isinstance(value, int | float) and not isinstance(value, bool):
                ws.write_number(r, col, value, styles.cell_center)
            elif value in (None, ""):
                ws.write_blank(r, col, None, fmt_text)
            else:
                ws.write_string(r, col, str(value), fmt_text)
    for offset in range(len(rows), editable_rows):
        r = header_row + 1 + offset
        for col in range(len(columns)):
            ws.write_blank(r, col, None, styles.input_text)
    ws.freeze_panes(header_row + 1, 0)
    return header_row


def _list_width(key: str) -> int:
    return {"stt": 6, "name": 40, "area": 24, "force": 18, "year": 10, "status": 14, "note": 16}.get(key, 16)


def sum_formula(sheet: str, col: int, first_row: int, last_row: int) -> str:
    letter = column_letter(col)
    return f"=SUM('{sheet}'!{letter}{first_row + 1}:{letter}{last_row + 1})"
