"""The form's own layout written with xlsxwriter: the unit template and the consolidated `Tổng hợp`.

Both share this code, so a consolidated workbook is itself a valid submission of the form.
Text that comes from users is always written as text (`write_string`), never as a formula.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from desktop.forms import Form
from desktop.io.fastsheet import FastWorkbook, write_cells
from desktop.io.ooxml import address, column_letter

FONT = "Times New Roman"
# Dot-grouped thousands whatever the reader's locale: 1855 shows as 1.855.
NUMBER_FORMAT = r"[>=1000000]#\.###\.##0;[>=1000]#\.##0;0"
INPUT_FILL = "#FFFDE7"  # pale yellow: the cells a clerk types in
# Widths in Excel's character units of the table's columns by role, when the form gives none.
ROLE_WIDTHS = {"stt": 5, "label": 44, "unit": 11, "code": 6, "note": 9}
VALUE_WIDTH = 10
OTHER_WIDTH = 9
LANDSCAPE_FROM = 125  # a table wider than this (character units) prints on landscape pages
HEADER_ROW = 12  # 0-based row of the table header
META_SHEET = "_meta"
PLACE_DATE = "…, ngày … tháng … năm …"
A4_PORTRAIT_WIDTH = 7.27  # printable inches with the margins below
A4_LANDSCAPE_WIDTH = 10.69
MARGINS = {"left": 0.6, "right": 0.4, "top": 0.6, "bottom": 0.7}


@dataclass
class Header:
    """What the official header block and the label/value pairs say."""

    unit_name: str
    unit_code: str = ""
    period: str = ""
    date_from: str = ""
    date_to: str = ""
    issuer: str = ""
    place_date: str = PLACE_DATE


@dataclass
class FigureCell:
    value: int | float | str | None = None  # text only in test and demo files that mimic typing
    formula: str | None = None


MIN_TABLE_WIDTH = 104.0  # characters (TDBV-01 portrait): room for the issuer and the national motto side by side


def table_widths(form: Form) -> list[float]:
    """The width of each column of the indicator table, in the order of `layout`."""
    sheet = form.indicator_sheet
    values = set(sheet.value_columns)

    def width(key: str) -> float:
        if key in sheet.widths:
            return sheet.widths[key]
        return VALUE_WIDTH if key in values else ROLE_WIDTHS.get(key, OTHER_WIDTH)

    widths = [width(key) for key in sheet.layout]
    # a table of few columns (a list's counts) is widened right of its labels, where the motto stands
    after = sheet.layout.index("label") + 1 if "label" in sheet.layout else 0
    right = sum(widths[after:])
    if sum(widths) < MIN_TABLE_WIDTH and right:
        grow = (right + MIN_TABLE_WIDTH - sum(widths)) / right
        widths[after:] = [round(w * grow, 1) for w in widths[after:]]
    return widths


@dataclass
class FormLayout:
    """Where things landed: row of each code, column of each value column (0-based)."""

    keys: list[str] = field(default_factory=list)  # the table's column keys, left to right
    widths: list[float] = field(default_factory=list)
    code_rows: dict[str, int] = field(default_factory=dict)
    value_cols: dict[str, int] = field(default_factory=dict)
    first_row: int = 0
    last_row: int = 0
    label_cells: dict[str, tuple[int, int]] = field(default_factory=dict)
    section_rows: list[int] = field(default_factory=list)
    heights: dict[int, float] = field(default_factory=dict)  # points, every row the sheet sizes itself

    @classmethod
    def of(cls, form: Form) -> FormLayout:
        keys = form.indicator_sheet.layout
        return cls(keys=keys, widths=table_widths(form))

    @property
    def last_col(self) -> int:
        return len(self.keys) - 1

    @property
    def landscape(self) -> bool:
        return sum(self.widths) > LANDSCAPE_FROM

    @property
    def split(self) -> int:
        """The first column of the header block's right half: the left half is about as wide (issuer, unit)."""
        total, used = sum(self.widths), 0.0
        for index, width in enumerate(self.widths[:-1]):
            used += width
            if used >= 0.45 * total:
                return index + 1
        return max(self.last_col, 1)

    def col(self, key: str) -> int | None:
        return self.keys.index(key) if key in self.keys else None

    def signature_spans(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """Columns of `Người lập biểu` (left) and `Thủ trưởng đơn vị` (right): the right from the first figure."""
        first_value = min(self.value_cols.values(), default=self.last_col)
        right = min(max(first_value, 1), self.last_col)
        return (0, max(right - 2, 0)), (right, self.last_col)

    def blocks(self, end: int) -> list[tuple[int, int]]:
        """Row ranges to keep on one page: the header with section I, each section, the last with `end`."""
        starts = self.section_rows or [self.first_row]
        ends = [s - 1 for s in starts[1:]] + [end]
        return [(0 if i == 0 else start, stop) for i, (start, stop) in enumerate(zip(starts, ends, strict=True))]


def new_workbook(path: str | Path) -> Any:
    """An xlsxwriter workbook whose default font is Times New Roman 11.

    Column widths are counted in the default font's digits, so Excel and LibreOffice (which has the
    metric-compatible Liberation Serif, but no Calibri) agree on them, and page widths come out the same.
    User text is never turned into formulas or links.
    """
    return FastWorkbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "default_format_properties": {"font_name": FONT, "font_size": 11, "font_scheme": "none"},
        },
    )


class Styles:
    """The workbook's cell formats, created once per workbook."""

    def __init__(self, workbook: Any, size: int = 13, table_size: int = 12) -> None:
        base = {"font_name": FONT, "font_size": size, "valign": "vcenter"}
        add = workbook.add_format

        def fmt(**extra: Any) -> Any:
            return add({**base, **extra})

        def cell(**extra: Any) -> Any:
            return fmt(**{"border": 1, "font_size": table_size, **extra})

        self.size, self.table_size = size, table_size
        self.text = fmt()
        self.text_wrap = fmt(text_wrap=True)
        self.italic = fmt(italic=True)
        self.bold = fmt(bold=True)
        self.center_bold = fmt(bold=True, align="center")
        self.nation = fmt(bold=True, align="center", font_size=size - 1, text_wrap=True)
        self.center = fmt(align="center")
        self.unit_name = fmt(bold=True, align="center", text_wrap=True)
        self.motto = fmt(bold=True, align="center", underline=1, text_wrap=True)
        self.italic_center = fmt(italic=True, align="center")
        # the place and date, and the signers' names: typed by the clerk, so pale yellow like every input cell
        self.input_italic_center = fmt(italic=True, align="center", locked=False, bg_color=INPUT_FILL)
        self.input_center = fmt(align="center", locked=False, bg_color=INPUT_FILL)
        self.title = fmt(bold=True, align="center", font_size=size + 1, text_wrap=True)
        self.subtitle = fmt(italic=True, align="center", text_wrap=True)
        self.label = fmt(bold=True, align="right")
        self.value_text = fmt()
        self.input_value_text = fmt(locked=False, bg_color=INPUT_FILL)
        self.th = cell(bold=True, align="center", text_wrap=True, bg_color="#D9E1F2")
        self.th_index = cell(italic=True, align="center", font_size=table_size - 2)
        self.section = cell(bold=True, text_wrap=True)
        self.section_center = cell(bold=True, align="center")
        self.cell = cell(text_wrap=True)
        self.cell_center = cell(align="center", text_wrap=True)
        self.number = cell(num_format=NUMBER_FORMAT)
        self.input_number = cell(num_format=NUMBER_FORMAT, locked=False, bg_color=INPUT_FILL)
        self.input_text = cell(locked=False, text_wrap=True, bg_color=INPUT_FILL)
        self.input_center_cell = cell(locked=False, align="center", bg_color=INPUT_FILL)
        self.ratio = cell(align="right")
        small = table_size - 1
        self.small_th = cell(bold=True, align="center", text_wrap=True, bg_color="#D9E1F2", font_size=small)
        # an indicator's short name under its code in a narrow column
        self.short_th = cell(align="center", valign="top", text_wrap=True, bg_color="#D9E1F2", font_size=8)
        self.small = cell(font_size=small, text_wrap=True)
        self.small_number = cell(font_size=small, num_format=NUMBER_FORMAT)
        self.small_center = cell(font_size=small, align="center", text_wrap=True)
        self.small_mono = cell(font_size=small - 2, text_wrap=True, font_name="Courier New")
        self.small_note = cell(italic=True, align="center", text_wrap=True, bg_color="#D9E1F2", font_size=small)
        self.small_bold = fmt(bold=True, font_size=small)  # runs of a rich string
        self.small_italic = fmt(italic=True, font_size=small)
        # (plain, centred) formats of a row of the issues table, by severity
        self.fills = {
            severity: (
                cell(bg_color=color, text_wrap=True, font_size=small),
                cell(bg_color=color, text_wrap=True, font_size=small, align="center"),
            )
            for severity, color in (("error", "#F8CBAD"), ("warning", "#FFE699"), ("info", "#DDEBF7"))
        }
        self.note = fmt(italic=True, font_size=table_size, text_wrap=True, valign="top")
        self.open_cell = fmt(locked=False, font_size=table_size, text_wrap=True)
        self.open_center = fmt(locked=False, font_size=table_size, align="center")
        self.cf_border = workbook.add_format({"border": 1})


@lru_cache(maxsize=1 << 14)  # every row of a long table asks again for the same unit and file names
def text_lines(text: str, width: float, size: float = 13, *, bold: bool = False) -> int:
    """Lines a wrapped text takes in a column `width` characters wide (an estimate for Times New Roman)."""
    if not text:
        return 1
    letters = sum(map(str.isalpha, text))
    upper = sum(map(str.isupper, filter(str.isalpha, text))) / letters if letters else 0
    per_char = size / 12.5 * (1.08 if bold else 1.0) * (1 + 0.4 * upper)
    usable = max(width - 1.0, 1.0)
    lines = 0
    for paragraph in str(text).split("\n"):
        count, used = 1, 0.0
        for word in paragraph.split(" "):
            length = len(word) * per_char
            if used and used + per_char + length > usable:
                count += 1 + int(length // usable)
                used = length % usable
            else:
                used += (per_char if used else 0) + length
        lines += count
    return lines


def one_line(width: float, size: float) -> int:
    """Characters of any text (no line breaks) that surely fit one line: text_lines would say 1."""
    widest = size / 12.5 * 1.4  # all capitals, not bold
    return max(int(max(width - 1.0, 1.0) / widest) - 1, 0)


def row_height(lines: int, size: float) -> float:
    """Points for a row of `lines` lines of text in a font of `size` points."""
    return math.ceil(lines * size * 1.2 + 2)


def fit_row(ws: Any, row: int, cells: list[tuple[str, float]], size: float, *, bold: bool = False) -> float:
    """Set the row tall enough for its wrapped cells (text, column width); LibreOffice won't do it on load."""
    lines = max([text_lines(text, width, size, bold=bold) for text, width in cells] or [1])
    height = row_height(lines, size)
    ws.set_row(row, height)
    return height


def ratio_formula(current: str, previous: str) -> str:
    """Current over previous in per cent, as text with a decimal comma whatever the locale (105,4)."""
    return f'=IF(N({previous})>0,SUBSTITUTE(FIXED({current}/{previous}*100,1,TRUE),".",","),"")'


def change_formula(current: str, previous: str) -> str:
    """The change against the previous figure in per cent, as signed text with a decimal comma (+5,4 / -12,0)."""
    percent = f"({current}-{previous})/{previous}*100"
    return f'=IF(N({previous})>0,IF({current}>={previous},"+","")&SUBSTITUTE(FIXED({percent},1,TRUE),".",","),"")'


def percent_text(numerator: Any, denominator: Any, *, signed: bool = False) -> str:
    """What ratio_formula (or change_formula with signed=True) shows, computed exactly and rounded half up."""
    if not isinstance(numerator, int | float) or not isinstance(denominator, int | float) or denominator <= 0:
        return ""
    exact = Fraction(numerator) * 100 / Fraction(denominator)
    if signed:
        exact -= 100
    value = Decimal(exact.numerator) / Decimal(exact.denominator)
    rounded = abs(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    # FIXED() shows a tiny fall as "0.0", never "-0.0"; IF(current>=previous,"+","") adds no sign to it
    minus = "-" if exact < 0 and rounded else ""
    sign = ("+" if exact >= 0 else minus) if signed else minus
    return f"{sign}{rounded}".replace(".", ",")


def merge(ws: Any, row: int, first_col: int, last_col: int, text: str, style: Any) -> None:
    """merge_range over row `row`, or a plain cell when the range is one column wide."""
    if first_col == last_col:
        ws.write_string(row, first_col, text, style)
    else:
        ws.merge_range(row, first_col, row, last_col, text, style)


NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def write_official_header(ws: Any, styles: Styles, header: Header, last_col: int, split: int | None = None) -> None:
    """Rows 1-2: issuer and unit on the left, the national motto on the right (decorative, never parsed)."""
    split = split if split is not None else max(2, last_col // 2)
    merge(ws, 0, 0, split - 1, header.issuer, styles.center)
    merge(ws, 1, 0, split - 1, header.unit_name.upper(), styles.unit_name)
    merge(ws, 0, split, last_col, NATION, styles.nation)
    merge(ws, 1, split, last_col, MOTTO, styles.motto)


def write_signature(
    ws: Any,
    styles: Styles,
    row: int,
    left: tuple[int, int],
    right: tuple[int, int],
    *,
    place_date: str = PLACE_DATE,
    editable: bool = False,
    heights: dict[int, float] | None = None,
) -> int:
    """Place and date, then `Người lập biểu` on the left and `Thủ trưởng đơn vị` on the right. Returns the last row."""
    for r in range(row, row + 8):
        ws.set_row(r, 18)
        if heights is not None:
            heights[r] = 18
    date_style = styles.input_italic_center if editable else styles.italic_center
    name_style = styles.input_center if editable else styles.center_bold
    merge(ws, row, right[0], right[1], place_date, date_style)
    merge(ws, row + 1, left[0], left[1], "NGƯỜI LẬP BIỂU", styles.center_bold)
    merge(ws, row + 1, right[0], right[1], "THỦ TRƯỞNG ĐƠN VỊ", styles.center_bold)
    merge(ws, row + 2, left[0], left[1], "(Ký, ghi rõ họ tên)", styles.italic_center)
    merge(ws, row + 2, right[0], right[1], "(Ký tên, đóng dấu)", styles.italic_center)
    names = row + 7
    merge(ws, names, left[0], left[1], "", name_style)
    merge(ws, names, right[0], right[1], "", name_style)
    return names


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
    sheet = form.indicator_sheet
    if not header.issuer:
        header = replace(header, issuer=form.issuer)
    layout = FormLayout.of(form)
    keys, widths = layout.keys, layout.widths
    width_of = dict(zip(keys, widths, strict=True))
    last_col = layout.last_col
    heights = layout.heights

    def size_row(row: int, height: float) -> None:
        heights[row] = height
        ws.set_row(row, height)

    for index, width in enumerate(widths):
        ws.set_column(index, index, width)
    write_official_header(ws, styles, header, last_col, split=layout.split)
    left_width, right_width = sum(widths[: layout.split]), sum(widths[layout.split :])
    # a table too narrow for both halves on one line (a list's few counts) wraps them rather than cut them
    issuer_lines = text_lines(header.issuer, left_width, styles.size)
    nation_lines = text_lines(NATION, right_width, styles.size - 1, bold=True)
    size_row(0, row_height(max(issuer_lines, nation_lines), styles.size))
    unit_lines = text_lines(header.unit_name.upper(), left_width, styles.size, bold=True)
    size_row(1, row_height(max(unit_lines, text_lines(MOTTO, right_width, styles.size, bold=True)), styles.size))
    size_row(2, 8)
    size_row(3, 8)
    size_row(4, 40)
    ws.merge_range(4, 0, 4, last_col, form.title, styles.title)
    pairs = [
        ("form_number", labels.form_number, form.form_number),
        ("unit_name", labels.unit_name, header.unit_name),
        ("unit_code", labels.unit_code, header.unit_code),
        ("period", labels.period, header.period),
        ("date_from", labels.date_from, header.date_from),
        ("date_to", labels.date_to, header.date_to),
    ]
    label_col = min(1, last_col - 1)
    for offset, (key, label, value) in enumerate(pairs):
        row = 5 + offset
        size_row(row, 18)
        if not label.strip():  # a line the form does not have (a form with no period line)
            continue
        ws.write_string(row, label_col, f"{label}:", styles.label)
        # an empty label value is left open for the unit to fill in (a unit code the registry lacks)
        style = styles.input_value_text if editable and not value else styles.value_text
        ws.write_string(row, label_col + 1, str(value or ""), style)
        layout.label_cells[key] = (row, label_col + 1)
    size_row(HEADER_ROW - 1, 10)

    size_row(HEADER_ROW + 1, 14)
    for col, key in enumerate(keys):
        ws.write_string(HEADER_ROW, col, sheet.header(key), styles.th)
        ws.write_string(HEADER_ROW + 1, col, f"({col + 1})", styles.th_index)
    texts = [(sheet.header(key), width) for key, width in zip(keys, widths, strict=True)]
    heights[HEADER_ROW] = max(32, fit_row(ws, HEADER_ROW, texts, styles.table_size, bold=True))
    ws.set_row(HEADER_ROW, heights[HEADER_ROW])
    layout.value_cols = {key: keys.index(key) for key in sheet.value_columns}
    row = HEADER_ROW + 2
    layout.first_row = row
    # a section's title stands in the label column and runs to the right edge
    title_col = min(max(layout.col("label") or 1, 1), last_col)
    table_width = sum(widths[title_col:])
    for indicator in form.indicators:
        section = form.section_before(indicator.code)
        if section:
            layout.section_rows.append(row)
            ws.write_string(row, 0, section.number, styles.section_center)
            for col in range(1, title_col):  # the code column before the labels stays empty
                ws.write_blank(row, col, None, styles.section)
            merge(ws, row, title_col, last_col, section.title, styles.section)
            heights[row] = fit_row(ws, row, [(section.title, table_width)], styles.table_size, bold=True)
            row += 1
        layout.code_rows[indicator.code] = row
        row += 1
    layout.last_row = row - 1
    ratios = {key: pair for key, pair in sheet.ratio_columns.items() if key in keys}
    others = [k for k in keys if k not in layout.value_cols and k not in ratios and k not in _TEXT_ROLES]
    note_style = styles.input_text if editable else styles.cell
    for number, indicator in enumerate(form.indicators, 1):
        r = layout.code_rows[indicator.code]
        texts = []
        for key, value, style in (
            ("stt", number, styles.cell_center),
            ("label", indicator.label, styles.cell),
            ("unit", indicator.unit, styles.cell_center),
            ("code", indicator.code, styles.cell_center),
        ):
            col = layout.col(key)
            if col is None:
                continue
            if isinstance(value, int):
                ws.write_number(r, col, value, style)
            else:
                ws.write_string(r, col, value, style)
                if key != "code":
                    texts.append((value, width_of[key]))
        heights[r] = fit_row(ws, r, texts, styles.table_size)
        for key, col in layout.value_cols.items():
            cell = figures.get(key, {}).get(indicator.code, FigureCell())
            formula = cell.formula or _form_formula(form, indicator.code, key, layout, blank_when_empty=editable)
            fmt = styles.input_number if editable and not formula else styles.number
            if formula:
                cached = cell.value if cell.value is not None else ("" if editable else 0)
                ws.write_formula(r, col, formula, styles.number, cached)
            elif cell.value is None:
                ws.write_blank(r, col, None, fmt)
            elif isinstance(cell.value, str):
                ws.write_string(r, col, cell.value, fmt)
            else:
                ws.write_number(r, col, cell.value, fmt)
        for key, (top, bottom) in ratios.items():
            numerator = address(r, layout.value_cols[top])
            denominator = address(r, layout.value_cols[bottom])
            value = percent_text(_value(figures, top, indicator.code), _value(figures, bottom, indicator.code))
            ws.write_formula(r, keys.index(key), ratio_formula(numerator, denominator), styles.ratio, value)
        for key in others:
            ws.write_blank(r, keys.index(key), None, note_style)
    return layout


_TEXT_ROLES = {"stt", "label", "unit", "code"}


def _value(figures: dict[str, dict[str, FigureCell]], column: str, code: str) -> Any:
    return figures.get(column, {}).get(code, FigureCell()).value


def _form_formula(
    form: Form, code: str, column: str, layout: FormLayout, *, blank_when_empty: bool = False
) -> str | None:
    """The total's formula over its terms' cells; with `blank_when_empty` (a form the unit fills), the
    total stays blank until a term is entered, so a blank form shows no `0`."""
    formula = form.formula_of(code)
    if formula is None:
        return None
    col = layout.value_cols[column]
    parts, refs = [], []
    for sign, term in formula.terms:
        ref = address(layout.code_rows[term.code], col) if hasattr(term, "code") else str(term.value)
        parts.append(("+" if sign > 0 else "-") + ref)
        if hasattr(term, "code"):
            refs.append(ref)
    total = "".join(parts).lstrip("+")
    if blank_when_empty and refs:
        return f'=IF(COUNT({",".join(refs)})=0,"",{total})'
    return "=" + total


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


@dataclass(frozen=True)
class SheetColumn:
    key: str
    header: str
    width: float


def list_columns(form: Form, extra: list[tuple[str, str, float]] = ()) -> list[SheetColumn]:
    """The list sheet's columns: STT first, then any extra columns (the unit), then the form's own."""
    spec = form.list_sheet.columns
    columns = [SheetColumn(c.key, c.header, c.width or _list_width(c)) for c in spec]
    return columns[:1] + [SheetColumn(*column) for column in extra] + columns[1:]


def _list_width(column: Any) -> float:
    return 10 if column.kind == "year" else 5 if column.key == "stt" else 16


LIST_ROW_HEIGHT = 16


def write_list_sheet(
    ws: Any,
    form: Form,
    styles: Styles,
    rows: list[dict[str, Any]],
    *,
    title: str | None = None,
    columns: list[SheetColumn] | None = None,
    editable_rows: int = 0,
    header_row: int = 2,
) -> int:
    """A list sheet (Biểu 02): title, header, one row per item. Returns the header row (0-based); the rows
    between the title and the header are the caller's."""
    spec = form.list_sheet
    columns = columns or list_columns(form)
    last_col = len(columns) - 1
    ws.merge_range(0, 0, 0, last_col, title or spec.title, styles.title)
    ws.set_row(0, 30)
    for row in range(1, header_row):
        ws.set_row(row, 20)
    for col, column in enumerate(columns):
        ws.set_column(col, col, column.width)
        ws.write_string(header_row, col, column.header, styles.th)
    header_height = fit_row(ws, header_row, [(c.header, c.width) for c in columns], styles.table_size, bold=True)
    ws.set_row(header_row, max(30, header_height))
    fmt_text = styles.input_text if editable_rows else styles.cell
    fmt_center = styles.input_center_cell if editable_rows else styles.cell_center
    fmt_stt = styles.input_center_cell if editable_rows else styles.cell_center
    keys = [column.key for column in columns]
    widths = [column.width for column in columns]
    texts = [fmt_text] * len(columns)
    numbers = [fmt_stt if key == "stt" else fmt_center for key in keys]
    size = styles.table_size
    fits = [one_line(width, size) for width in widths]
    stt = keys.index("stt") if "stt" in keys else None
    for offset, item in enumerate(rows):
        r = header_row + 1 + offset
        values = [item.get(key) for key in keys]
        if stt is not None and values[stt] is None:
            values[stt] = offset + 1
        write_cells(ws, r, 0, values, texts, numbers)
        lines = 1
        for col, value in enumerate(values):
            kind = value.__class__
            if kind is str:
                if len(value) > fits[col] or "\n" in value:
                    lines = max(lines, text_lines(value, widths[col], size))
            elif kind is int or value is None or kind is float:
                continue
            elif not (isinstance(value, int | float) and kind is not bool):
                lines = max(lines, text_lines(str(value), widths[col], size))
        ws.set_row(r, row_height(lines, size))
    for offset in range(len(rows), editable_rows):
        r = header_row + 1 + offset
        ws.set_row(r, LIST_ROW_HEIGHT)
        for col, column in enumerate(columns):
            # no STT in an empty row: the reader would take it for a model without a name
            style = fmt_stt if column.key == "stt" else fmt_center if column.key == "year" else fmt_text
            ws.write_blank(r, col, None, style)
    ws.freeze_panes(header_row + 1, 0)
    return header_row


def sum_formula(sheet: str, col: int, first_row: int, last_row: int) -> str:
    letter = column_letter(col)
    return f"=SUM('{sheet}'!{letter}{first_row + 1}:{letter}{last_row + 1})"


def print_setup(
    ws: Any,
    *,
    landscape: bool,
    repeat_rows: tuple[int, int] | None = None,
    repeat_cols: tuple[int, int] | None = None,
    widths: list[float] | None = None,
    fit_width: bool = True,
) -> None:
    """A4, margins, page numbers "Trang x/y"; fit to one page wide, or a fixed scale when pages go across."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    if fit_width:
        ws.fit_to_pages(1, 0)
    elif widths:
        ws.set_print_scale(print_scale(widths, landscape=landscape))
    if repeat_rows:
        ws.repeat_rows(*repeat_rows)
    if repeat_cols:
        ws.repeat_columns(*repeat_cols)
    ws.set_margins(**MARGINS)
    ws.center_horizontally()
    ws.set_footer('&C&"Times New Roman"&11Trang &P/&N')


def print_scale(widths: list[float], *, landscape: bool) -> int:
    """The largest print scale (%) at which columns of these widths fit one page across.

    A width unit is one digit of the default font plus padding: 7 px in Excel, 7.33 px in LibreOffice;
    count the wider.
    """
    printable = (A4_LANDSCAPE_WIDTH if landscape else A4_PORTRAIT_WIDTH) * 96
    needed = sum((w + 0.71) * 7.4 for w in widths)
    return max(10, min(100, int(printable / needed * 100) - 1))


PAGE_HEIGHTS = {False: 11.69, True: 8.27}
DEFAULT_ROW_HEIGHT = 17.0


def paginate(
    ws: Any,
    heights: dict[int, float],
    blocks: list[tuple[int, int]],
    repeat: tuple[int, int],
    widths: list[float],
    *,
    landscape: bool = False,
) -> list[int]:
    """Fix the print scale to fit the width and break pages between blocks (sections), never inside one.

    Excel ignores manual page breaks under "fit to page", hence a fixed scale computed from the widths.
    """
    scale = print_scale(widths, landscape=landscape)
    capacity = (PAGE_HEIGHTS[landscape] - MARGINS["top"] - MARGINS["bottom"]) * 72 * 100 / scale - 12

    def height(first: int, last: int) -> float:
        return sum(heights.get(r, DEFAULT_ROW_HEIGHT) for r in range(first, last + 1))

    repeated = height(*repeat)
    breaks: list[int] = []
    used = 0.0
    for start, end in blocks:
        block = height(start, end)
        if used + block > capacity and used > repeated:
            breaks.append(start)
            used = repeated
        used += block
    ws.set_print_scale(scale)
    ws.set_h_pagebreaks(breaks)
    return breaks
