"""How a workbook's cells look (fonts, fills, borders, alignment, number formats, sizes, hidden rows and
columns), read with openpyxl for the one file on screen: the grid reads values with calamine, which
carries no styles. Plain data out; the views render it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop.io.ooxml import column_index

STYLED_SUFFIXES = {".xlsx", ".xlsm"}
MAX_STYLED_ROWS = 3000  # a long list sheet: the first rows carry the look; the rest render plain
DEFAULT_COLUMN_WIDTH = 8.43  # Excel's, in characters
DEFAULT_ROW_HEIGHT = 15.0  # points


@dataclass(frozen=True)
class CellStyle:
    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: float | None = None  # points
    font: str | None = None
    color: str | None = None  # "#RRGGBB"
    fill: str | None = None
    horizontal: str | None = None  # left | center | right | … (None: Excel's general alignment)
    vertical: str | None = None  # top | center | bottom
    wrap: bool = False
    borders: tuple[bool, bool, bool, bool] = (False, False, False, False)  # left, top, right, bottom
    number_format: str = "General"


@dataclass
class SheetStyle:
    cells: dict[tuple[int, int], CellStyle] = field(default_factory=dict)  # 0-based (row, column)
    column_widths: dict[int, float] = field(default_factory=dict)  # characters
    row_heights: dict[int, float] = field(default_factory=dict)  # points
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    default_column_width: float = DEFAULT_COLUMN_WIDTH
    default_row_height: float = DEFAULT_ROW_HEIGHT


def has_styles(path: str | Path) -> bool:
    """Whether the file's look can be read (OOXML); .xls and .ods are shown with their values only."""
    return Path(path).suffix.lower() in STYLED_SUFFIXES


def read_styles(path: str | Path) -> dict[str, SheetStyle]:
    """Sheet name -> its look. Raises what openpyxl raises on a file it cannot open (the caller shows values)."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=False, data_only=True, keep_links=False)
    try:
        return {ws.title: _sheet_style(ws) for ws in book.worksheets}
    finally:
        book.close()


def _color(color) -> str | None:
    """An openpyxl colour as #RRGGBB; theme and indexed colours other than the plain ones are left out."""
    if color is None:
        return None
    if color.type == "rgb" and isinstance(color.rgb, str) and len(color.rgb) == 8:
        alpha, rgb = color.rgb[:2], color.rgb[2:]
        return None if alpha == "00" and rgb == "000000" else f"#{rgb}"
    if color.type == "indexed" and isinstance(color.indexed, int):
        from openpyxl.styles.colors import COLOR_INDEX

        if color.indexed < len(COLOR_INDEX) and color.indexed not in (64, 65):  # system foreground/background
            return f"#{COLOR_INDEX[color.indexed][2:]}"
    return None


def _cell_style(cell, cache: dict) -> CellStyle | None:
    key = cell.style_id if hasattr(cell, "style_id") else None
    if key is not None and key in cache:
        return cache[key]
    font, fill, border, alignment = cell.font, cell.fill, cell.border, cell.alignment
    filled = _color(fill.fgColor) if fill is not None and fill.fill_type == "solid" else None
    style = CellStyle(
        bold=bool(font.b),
        italic=bool(font.i),
        underline=bool(font.u) and font.u != "none",
        size=float(font.sz) if font.sz else None,
        font=font.name or None,
        color=_color(font.color) if font.color is not None else None,
        fill=filled,
        horizontal=alignment.horizontal if alignment.horizontal not in (None, "general") else None,
        vertical=alignment.vertical,
        wrap=bool(alignment.wrap_text),
        borders=tuple(
            bool(side is not None and side.style) for side in (border.left, border.top, border.right, border.bottom)
        ),
        number_format=cell.number_format or "General",
    )
    style = None if style == CellStyle() else style
    if key is not None:
        cache[key] = style
    return style


def _sheet_style(ws) -> SheetStyle:
    result = SheetStyle()
    fmt = ws.sheet_format
    if fmt.defaultRowHeight:
        result.default_row_height = float(fmt.defaultRowHeight)
    if fmt.baseColWidth and not fmt.defaultColWidth:
        result.default_column_width = float(fmt.baseColWidth) + 0.71
    elif fmt.defaultColWidth:
        result.default_column_width = float(fmt.defaultColWidth)
    for letters, dim in ws.column_dimensions.items():
        first = column_index(letters)
        last = (dim.max or first + 1) - 1 if dim.min else first
        first = (dim.min - 1) if dim.min else first
        for col in range(first, min(last, first + 200) + 1):
            if dim.hidden:
                result.hidden_columns.add(col)
            if dim.customWidth and dim.width:
                result.column_widths[col] = float(dim.width)
    for row, dim in ws.row_dimensions.items():
        if row - 1 > MAX_STYLED_ROWS:
            continue
        if dim.hidden:
            result.hidden_rows.add(row - 1)
        if dim.ht:
            result.row_heights[row - 1] = float(dim.ht)
    cache: dict = {}
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, MAX_STYLED_ROWS)):
        for cell in row:
            if getattr(cell, "style_id", 1) == 0 and not cell.has_style:
                continue
            style = _cell_style(cell, cache)
            if style is not None:
                result.cells[cell.row - 1, cell.column - 1] = style
    return result


# -- number formats


def format_number(value: int | float, number_format: str, decimal: str = ",", group: str = ".") -> str | None:
    """A number as its cell's format shows it ("#,##0" and "#\\.##0" -> 1.855, "0.0%" -> 12,5%), or None for a
    format this reader does not render (General, text, dates: the caller shows the value its own way)."""
    chosen = _section(number_format, value)
    if chosen is None:
        return None
    section, first = chosen
    plain = _strip_literals(section)
    if not any(ch in plain for ch in "0#?"):
        return None
    whole, _, fraction = plain.partition(".")
    percent = "%" in plain
    decimals = sum(ch in "0#?" for ch in fraction)
    shown = abs(value) * (100 if percent else 1)
    text = f"{shown:,.{decimals}f}" if ("," in whole or "G" in whole) else f"{shown:.{decimals}f}"
    text = text.replace(",", "\0").replace(".", decimal).replace("\0", group)
    sign = "-" if value < 0 and first and round(shown, decimals) != 0 else ""
    return f"{sign}{text}{'%' if percent else ''}"


def _section(number_format: str, value: float) -> tuple[str, bool] | None:
    """The section of the format that applies to the value, and whether it is the first (the minus is shown)."""
    if number_format in (None, "", "General", "@") or number_format.lower() == "general":
        return None
    sections = _split_sections(number_format)

    def conditional(section: str) -> bool:
        return section.startswith("[") and section[1:2] in ("<", ">", "=")

    if any(conditional(s) for s in sections):
        for section in sections:
            condition, _, rest = section.partition("]")
            if conditional(section) and _holds(condition[1:], value):
                return rest, True
        others = [s for s in sections if not conditional(s)]
        return (others[0], True) if others else None
    if value < 0 and len(sections) > 1 and sections[1]:
        return sections[1], False
    if value == 0 and len(sections) > 2 and sections[2]:
        return sections[2], False
    return sections[0], True


def _holds(condition: str, value: float) -> bool:
    for op in (">=", "<=", "<>", ">", "<", "="):
        if condition.startswith(op):
            try:
                bound = float(condition[len(op) :])
            except ValueError:
                return False
            return {
                ">=": value >= bound,
                "<=": value <= bound,
                "<>": value != bound,
                ">": value > bound,
                "<": value < bound,
                "=": value == bound,
            }[op]
    return False


def _split_sections(number_format: str) -> list[str]:
    sections, current, quoted, escaped = [], "", False, False
    for ch in number_format:
        if escaped:
            current += "\\" + ch
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
            current += ch
        elif ch == ";" and not quoted:
            sections.append(current)
            current = ""
        else:
            current += ch
    sections.append(current)
    return sections


def _strip_literals(section: str) -> str:
    """The digit placeholders, separators and percent sign of a section; an escaped dot or comma (the
    Vietnamese `#\\.##0`) is a literal group separator, kept as G."""
    out, quoted, escaped, bracket = "", False, False, False
    for ch in section:
        if escaped:
            out += "G" if ch in ".," else ""
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch == "[":
            bracket = True
        elif ch == "]":
            bracket = False
        elif not bracket and ch in "0#?.,%":
            out += ch
    return out
