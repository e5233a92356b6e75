"""The `Diễn biến` sheet: key indicators over the last archived periods, a table and a line chart each."""

from __future__ import annotations

from typing import Any

from desktop.forms import Form
from desktop.io.formsheet import NUMBER_FORMAT, Styles, print_scale, print_setup
from desktop.trend import Trend

TREND = "Diễn biến"
BLOCK_ROWS = 12  # title, header, eight periods, two spare: two blocks a landscape page
TITLE_HEIGHT = 40
ROW_HEIGHT = 15
FONT = {"name": "Times New Roman", "size": 10}


def write_trend(workbook: Any, ws: Any, styles: Styles, form: Form, trend: Trend) -> None:
    """Per key indicator: the periods as a column of values, and a native line chart beside them."""
    widths = [22, 12, 2] + [9.5] * 9
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.merge_range(0, 0, 0, len(widths) - 1, "DIỄN BIẾN CÁC CHỈ TIÊU CHÍNH QUA CÁC KỲ", styles.title)
    ws.set_row(0, 26)
    if len(trend.periods) < 2:
        ws.merge_range(2, 0, 2, len(widths) - 1, "Kho lưu trữ chưa có kỳ nào trước kỳ này để so sánh.", styles.subtitle)
    else:
        first, last = trend.periods[0].label, trend.periods[-1].label
        units = ", ".join(f"{p.label}: {n}" for p, n in zip(trend.periods, trend.units, strict=True))
        ws.merge_range(
            1,
            0,
            1,
            len(widths) - 1,
            f"({len(trend.periods)} kỳ, {first} – {last}; số đơn vị: {units})",
            styles.subtitle,
        )
        ws.set_row(1, 30)
    breaks = []
    for number, code in enumerate(trend.codes):
        top = 3 + number * BLOCK_ROWS
        if number and number % 2 == 0:
            breaks.append(top)
        _block(workbook, ws, styles, form, trend, code, top)
    print_setup(ws, landscape=True, fit_width=False)
    ws.set_print_scale(print_scale(widths, landscape=True))
    ws.set_h_pagebreaks(breaks)


def _block(workbook: Any, ws: Any, styles: Styles, form: Form, trend: Trend, code: str, top: int) -> None:
    indicator = form.by_code[code]
    title = f"{form.indicator_sheet.code_word} {code}: {indicator.label} ({indicator.unit})"
    ws.merge_range(top, 0, top, 1, title, styles.small_th)
    ws.set_row(top, TITLE_HEIGHT)
    for r in range(top + 1, top + BLOCK_ROWS):
        ws.set_row(r, ROW_HEIGHT)
    ws.write_string(top + 1, 0, "Kỳ", styles.small_th)
    ws.write_string(top + 1, 1, indicator.unit, styles.small_th)
    first = top + 2
    for offset, (period, value) in enumerate(zip(trend.periods, trend.values[code], strict=True)):
        ws.write_string(first + offset, 0, period.label, styles.small)
        if value is None:
            ws.write_blank(first + offset, 1, None, styles.small_number)
        else:
            ws.write_number(first + offset, 1, value, styles.small_number)
    last = first + max(len(trend.periods), 1) - 1
    chart = workbook.add_chart({"type": "line"})
    chart.add_series(
        {
            "name": title,
            "categories": [TREND, first, 0, last, 0],
            "values": [TREND, first, 1, last, 1],
            "line": {"color": "#2F5597", "width": 2.25},
            "marker": {"type": "circle", "size": 6, "fill": {"color": "#2F5597"}, "border": {"color": "#2F5597"}},
            "data_labels": {"value": True, "position": "above", "num_format": NUMBER_FORMAT, "font": FONT},
        }
    )
    chart.set_title({"name": title, "name_font": {**FONT, "size": 11, "bold": True}})
    chart.set_legend({"none": True})
    chart.set_y_axis({"num_format": NUMBER_FORMAT, "num_font": FONT, "major_gridlines": {"visible": True}})
    chart.set_x_axis({"num_font": FONT})
    chart.show_blanks_as("gap")
    height = TITLE_HEIGHT + (BLOCK_ROWS - 2) * ROW_HEIGHT  # points: the block less a spare row
    chart.set_size({"width": 600, "height": round(height * 4 / 3)})
    ws.insert_chart(top, 3, chart, {"x_offset": 4, "y_offset": 2, "object_position": 1})
