"""The consolidated workbook, written with xlsxwriter.

`Tổng hợp` repeats the form with live =SUM() formulas over `Chi tiết` (with cached values, so every
viewer shows the numbers); it is itself a valid submission of the form, one level up. Every sheet is
laid out for A4 and numbered "Trang x/y". The same report and options give a byte-identical file:
nothing here reads the clock, and the creation date is the newest source file's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.consolidate import Consolidation, Status
from desktop.forms import Part
from desktop.io import marks
from desktop.io.atomic import atomic_target
from desktop.io.formsheet import (
    HEADER_ROW,
    NUMBER_FORMAT,
    FigureCell,
    FormLayout,
    Header,
    Styles,
    change_formula,
    fit_row,
    list_columns,
    new_workbook,
    one_line,
    paginate,
    percent_text,
    print_scale,
    print_setup,
    row_height,
    sum_formula,
    text_lines,
    write_form_sheet,
    write_list_sheet,
    write_meta_sheet,
    write_signature,
)
from desktop.io.ooxml import address, column_letter
from desktop.io.previous import PreviousTotals
from desktop.io.trend_sheet import TREND, write_trend
from desktop.issues import CATALOGUE, Issue
from desktop.periods import format_date
from desktop.report import BatchReport
from desktop.trend import Trend
from desktop.vntext import fold

SUMMARY = "Tổng hợp"
COMPARISON = "So sánh cùng kỳ"
CHARTS = "Biểu đồ"
DETAIL = "Chi tiết"
STATUS = "Tình hình nộp báo cáo"
ISSUES = "Kết quả kiểm tra"
SOURCES = "Nguồn số liệu"
MAX_TEXT = 32000
DETAIL_FIRST_COL = 3  # STT, Mã đơn vị, Đơn vị
DETAIL_HEADER_ROWS = 3  # value column title; the codes; each code's short name under it
DETAIL_FIRST_ROW = DETAIL_HEADER_ROWS
CODES_PER_PAGE = 14  # codes of Chi tiết that fit one landscape page beside the unit columns
CHART_BLOCK_ROWS = 12
CHART_ROW_HEIGHT = 17
CHART_FONT = {"name": "Times New Roman", "size": 10}


def _text(value: Any) -> str:
    return str(value)[:MAX_TEXT] if value is not None else ""


def write_consolidated(
    report: BatchReport,
    path: str | Path,
    *,
    issuer: str = "",
    previous: PreviousTotals | None = None,
    trend: Trend | None = None,
) -> Path:
    """Write the consolidated workbook atomically; raises OutputError when the target can't be written.

    `previous`: last year's totals from a previous consolidated file, used for the `Cùng kỳ năm trước`
    column instead of the sum of what the units stated. `trend`: key indicators over the archived
    periods, written as the `Diễn biến` sheet.
    """
    consolidation = report.consolidation
    form = consolidation.form
    issuer = issuer or form.issuer
    path = Path(path)
    with atomic_target(path) as temporary:
        workbook = new_workbook(temporary)
        _properties(workbook, consolidation, report, issuer)
        styles = Styles(workbook)
        names = sheet_names(form, trend=trend is not None)
        sheets = {name: workbook.add_worksheet(name) for name in names}
        detail_rows = _write_detail(sheets[DETAIL], styles, consolidation)
        rows: dict[str, tuple[str, int]] = {}  # code -> its summary sheet and row, for the comparison
        for part, name in zip(form.parts, summary_names(form), strict=True):
            layout = _write_summary(
                workbook, sheets[name], styles, consolidation, report, detail_rows, issuer, previous, part
            )
            rows |= {part.codes[code]: (name, row + 1) for code, row in layout.code_rows.items()}
            columns = layout.value_cols
        if COMPARISON in sheets:
            _write_comparison(sheets[COMPARISON], styles, consolidation, rows, columns, previous)
        list_range = None
        if form.list_sheet:
            list_range = _write_list(sheets[form.list_sheet.output_name], styles, consolidation)
        if CHARTS in sheets:
            _write_charts(workbook, sheets[CHARTS], styles, consolidation, list_range)
        if trend:
            write_trend(workbook, sheets[TREND], styles, form, trend)
        _write_status(sheets[STATUS], styles, consolidation, report)
        _write_issues(sheets[ISSUES], styles, report.issues, report.form)
        _write_sources(sheets[SOURCES], styles, consolidation, report)
        write_meta_sheet(
            workbook,
            form,
            consolidation.area_code,
            consolidation.period.label if consolidation.period else "",
            {
                "generator": marks.GENERATOR,
                "units_counted": str(len(consolidation.rows)),
                # the written report says "138/166 đơn vị"; io/consolidated.py reads it back
                "units_registered": str(len(report.registry.units)) if report.registry is not None else "",
            },
        )
        sheets[SUMMARY].activate()
        workbook.close()
    return path


def sheet_names(form, *, trend: bool = False) -> list[str]:
    """The consolidated workbook's sheets in order (without `_meta`): the comparison only for a form with a
    `previous` (same period last year) column, the charts only when the form asks for some, the list only
    for a form with a list sheet."""
    names = summary_names(form)
    if form.compared:
        names.append(COMPARISON)
    if form.charts:
        names.append(CHARTS)
    if trend:
        names.append(TREND)
    names.append(DETAIL)
    if form.list_sheet:
        names.append(form.list_sheet.output_name)
    return names + [STATUS, ISSUES, SOURCES]


def summary_names(form) -> list[str]:
    """The summary sheet of each sheet of the form's table: `Tổng hợp`, then `Tổng hợp <sheet>`."""
    return [SUMMARY] + [f"{SUMMARY} {part.form.indicator_sheet.name}"[:31] for part in form.parts[1:]]


def office_name(issuer: str, area: str) -> str:
    """The office that signs the consolidated report, e.g. "BAN CHỈ ĐẠO 138 TỈNH THANH HÓA"."""
    return " ".join(part for part in (issuer, area.upper()) if part) or "Tổng hợp Báo cáo"


def _properties(workbook: Any, consolidation: Consolidation, report: BatchReport, issuer: str) -> None:
    stamps = [f.modified for f in report.files if f.modified]
    created = datetime.fromtimestamp(max(stamps)) if stamps else datetime(2000, 1, 1)
    form = consolidation.form
    period = consolidation.period.label if consolidation.period else ""
    office = office_name(issuer, consolidation.area_name)
    workbook.set_properties(
        {
            "title": f"{form.title} - {period}".strip(" -"),
            "subject": f"Tổng hợp {form.id} {period}".strip(),
            "author": office,
            "manager": office,
            "company": office,
            "category": form.name,
            "keywords": f"{form.id}, {form.version}",
            "comments": f"form_id={form.id}; schema_version={form.version}",
            "status": marks.MARKS[marks.CONSOLIDATED],  # read back, it is known as ours, not a unit's report
            "created": created,
        }
    )
    workbook.set_custom_property("form_id", form.id)
    workbook.set_custom_property("schema_version", form.version)
    workbook.set_custom_property("period", period)
    workbook.set_custom_property("units_counted", len(consolidation.rows), "number_int")


# Chi tiết -------------------------------------------------------------------------------------------


def detail_column(form, column: str, code: str) -> int:
    return DETAIL_FIRST_COL + form.value_columns.index(column) * len(form.codes) + form.codes.index(code)


def _detail_chunks(form) -> list[tuple[str, list[str]]]:
    """(value column, codes) per printed page across: at most CODES_PER_PAGE codes each."""
    return [
        (column, form.codes[i : i + CODES_PER_PAGE])
        for column in form.value_columns
        for i in range(0, len(form.codes), CODES_PER_PAGE)
    ]


def _detail_columns(ws: Any, styles: Styles, form) -> tuple[int, list[int]]:
    """Rows 1 to 3 from column D on: a title per printed page across, the codes under it, and under each
    code the indicator's short name (a clerk reads "Lượt dự tuyên truyền", not "02").

    Returns the column after the codes and the columns that start a new page across.
    """
    names = form.indicator_sheet.value_columns
    col = DETAIL_FIRST_COL
    breaks = []
    for column, codes in _detail_chunks(form):
        title = f"{names[column]} (mã {codes[0]}–{codes[-1]})"
        if len(codes) > 1:
            ws.merge_range(0, col, 0, col + len(codes) - 1, title, styles.small_th)
        else:
            ws.write_string(0, col, title, styles.small_th)
        if col > DETAIL_FIRST_COL:
            breaks.append(col)
        for code in codes:
            ws.write_string(1, col, code, styles.small_th)
            ws.write_string(2, col, form.by_code[code].short_label, styles.short_th)
            col += 1
    ws.set_row(2, row_height(max(text_lines(form.by_code[c].short_label, 7, 8) for c in form.codes), 8))
    return col, breaks


def _detail_print(ws: Any, breaks: list[int]) -> None:
    """Chi tiết's paging: unit columns and both header rows on every page, CODES_PER_PAGE codes a page."""
    print_setup(ws, landscape=True, repeat_rows=(0, DETAIL_HEADER_ROWS - 1), repeat_cols=(0, 2), fit_width=False)
    ws.set_print_scale(print_scale([5, 9, 26] + [7] * CODES_PER_PAGE, landscape=True))
    ws.set_v_pagebreaks(breaks)
    ws.print_across()


def _fit_unit_row(ws: Any, styles: Styles, row: int, unit: str, file: str) -> None:
    """A unit's row of `Chi tiết` and `Nguồn số liệu`: tall enough for the unit's and the file's name."""
    size = styles.table_size - 1
    ws.set_row(row, row_height(max(text_lines(unit, 26, size), text_lines(file, 30, size)), size))


def _write_detail(ws: Any, styles: Styles, consolidation: Consolidation) -> tuple[int, int]:
    """Units x codes, a "Cộng" row under them. Returns the first and last unit row (0-based)."""
    form = consolidation.form
    for c, text in enumerate(["STT", "Mã đơn vị", "Đơn vị"]):
        ws.merge_range(0, c, DETAIL_HEADER_ROWS - 1, c, text, styles.small_th)
    file_col, breaks = _detail_columns(ws, styles, form)
    ws.merge_range(0, file_col, DETAIL_HEADER_ROWS - 1, file_col, "Tệp nguồn", styles.small_th)
    ws.set_row(0, 30)
    first = DETAIL_FIRST_ROW
    # a row at once: the figures fill the columns from D on in detail_column's order
    formats = [styles.small_center, styles.small_center, styles.small]
    formats += [styles.small_number] * (file_col - DETAIL_FIRST_COL) + [styles.small]
    for index, row in enumerate(consolidation.rows):
        figures = [row.values.get(column, {}).get(code) for column in form.value_columns for code in form.codes]
        name = Path(row.file).name
        ws.write_cells(
            first + index, 0, [index + 1, _text(row.unit.code), _text(row.unit.name), *figures, name], formats
        )
        _fit_unit_row(ws, styles, first + index, row.unit.name, name)
    last = first + max(len(consolidation.rows), 1) - 1
    total = last + 1
    if consolidation.rows:
        ws.merge_range(total, 0, total, 2, "Cộng", styles.small_th)
        totals = consolidation.totals
        for column in form.value_columns:
            for code in form.codes:
                c = detail_column(form, column, code)
                ws.write_formula(
                    total, c, sum_formula(DETAIL, c, first, last), styles.small_number, totals[column][code]
                )
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 9)
    ws.set_column(2, 2, 26)
    ws.set_column(DETAIL_FIRST_COL, file_col - 1, 7)
    ws.set_column(file_col, file_col, 30)
    ws.freeze_panes(first, DETAIL_FIRST_COL)
    ws.autofilter(DETAIL_HEADER_ROWS - 1, 0, last, file_col)
    _detail_print(ws, breaks)
    # the file names print on `Tình hình nộp báo cáo`; here they would take a page of their own
    ws.print_area(0, 0, total, file_col - 1)
    return first, last


# Tổng hợp --------------------------------------------------------------------------------------------


def _write_summary(
    workbook: Any,
    ws: Any,
    styles: Styles,
    consolidation: Consolidation,
    report: BatchReport,
    detail_rows: tuple[int, int],
    issuer: str,
    previous: PreviousTotals | None,
    part: Part,
) -> FormLayout:
    """One sheet of the form's table, one level up. Returns where its rows and columns landed."""
    form = consolidation.form
    period = consolidation.period
    totals = consolidation.totals
    has_rows = bool(consolidation.rows)

    def cell(column: str, code: str) -> FigureCell:
        if column == "previous" and previous is not None:
            return FigureCell(previous.values.get(code))
        formula = sum_formula(DETAIL, detail_column(form, column, code), *detail_rows) if has_rows else None
        return FigureCell(totals[column][code], formula)

    figures = {column: {own: cell(column, code) for own, code in part.codes.items()} for column in form.value_columns}
    header = Header(
        unit_name=consolidation.area_name or "Tổng hợp",
        unit_code=consolidation.area_code,
        period=period.label if period else "",
        date_from=format_date(period.police_dates[0]) if period else "",
        date_to=format_date(period.police_dates[1]) if period else "",
        issuer=issuer,
    )
    layout = write_form_sheet(workbook, ws, part.form, styles, header, figures)
    last_col = layout.last_col
    r = layout.last_row + 2
    for line in _summary_notes(consolidation, report, previous):
        ws.merge_range(r, 0, r, last_col, line, styles.note)
        layout.heights[r] = fit_row(ws, r, [(line, sum(layout.widths))], styles.table_size)
        r += 1
    split = layout.split
    end = write_signature(ws, styles, r + 1, (0, split - 1), (split, last_col), heights=layout.heights)
    repeat = (HEADER_ROW, HEADER_ROW + 1)
    print_setup(ws, landscape=layout.landscape, repeat_rows=repeat, fit_width=False)
    paginate(ws, layout.heights, layout.blocks(end), repeat, layout.widths, landscape=layout.landscape)
    return layout


def _summary_notes(consolidation: Consolidation, report: BatchReport, previous: PreviousTotals | None) -> list[str]:
    counted = len(consolidation.rows)
    counts = consolidation.counts
    line = f"Số đơn vị được tổng hợp: {counted}"
    if report.registry is not None:  # each unit once: the three add up to the registry
        line += (
            f" (danh mục {report.registry.name}: {len(report.registry.units)} đơn vị = {counts.submitted} đã nộp"
            f" + {counts.missing} chưa nộp + {counts.excluded} bị loại)"
        )
    notes = ["Ghi chú: " + line + "."]
    previous_name = consolidation.form.indicator_sheet.value_columns.get("previous")
    if previous_name and previous is not None:
        stated = f" (kỳ {previous.period})" if previous.period else ""
        notes.append(f"Cột “{previous_name}” lấy từ {previous.described}{stated}.")
    elif previous_name:
        filled = sum(any(v is not None for v in row.values.get("previous", {}).values()) for row in consolidation.rows)
        notes.append(f"Cột “{previous_name}” là tổng số liệu cùng kỳ do {filled}/{counted} đơn vị tự báo cáo.")
    return notes


# So sánh cùng kỳ -------------------------------------------------------------------------------------


def _write_comparison(
    ws: Any,
    styles: Styles,
    consolidation: Consolidation,
    rows: dict[str, tuple[str, int]],
    value_cols: dict[str, int],
    previous: PreviousTotals | None,
) -> None:
    """Per code: this period, the same period last year and the change in %, linked to its summary sheet
    (`rows`: code -> sheet and row; `value_cols`: the summary sheets' value columns)."""
    form = consolidation.form
    main = form.main_column
    period = consolidation.period.label if consolidation.period else ""
    source = (
        previous.described + (f" ({previous.period})" if previous.period else "")
        if previous is not None
        else "số liệu cùng kỳ do các đơn vị báo cáo"
    )
    # no STT column: the codes number the rows already (1 … 28 beside 01 … 28 said the same twice)
    columns = [("Mã", 6), ("Chỉ tiêu", 46), ("Đơn vị tính", 11), ("Kỳ này", 12)]
    columns += [("Cùng kỳ năm trước", 12), ("Tăng (+), giảm (-) %", 12)]
    last_col = len(columns) - 1
    ws.merge_range(0, 0, 0, last_col, f"SO SÁNH VỚI CÙNG KỲ NĂM TRƯỚC - {period}".strip(" -"), styles.title)
    ws.merge_range(1, 0, 1, last_col, f"(Cùng kỳ năm trước: {source})", styles.subtitle)
    ws.set_row(0, 24)
    ws.set_row(1, row_height(text_lines(f"(Cùng kỳ năm trước: {source})", 100, 13), 13))
    for col, (text, width) in enumerate(columns):
        ws.set_column(col, col, width)
        ws.write_string(3, col, text, styles.th)
    fit_row(ws, 3, [(t, w) for t, w in columns], styles.table_size, bold=True)
    current_col = column_letter(value_cols[main])
    previous_col = column_letter(value_cols["previous"])
    totals = consolidation.totals
    r = 4
    for indicator in form.indicators:
        section = form.section_before(indicator.code)
        if section:
            ws.write_string(r, 0, section.number, styles.section_center)
            ws.merge_range(r, 1, r, last_col, section.title, styles.section)
            r += 1
        summary, source_row = rows[indicator.code]
        current = totals[main][indicator.code]
        before = previous.values.get(indicator.code) if previous is not None else totals["previous"][indicator.code]
        ws.write_string(r, 0, indicator.code, styles.cell_center)
        ws.write_string(r, 1, indicator.label, styles.cell)
        ws.write_string(r, 2, indicator.unit, styles.cell_center)
        ws.write_formula(r, 3, f"='{summary}'!{current_col}{source_row}", styles.number, current)
        ws.write_formula(
            r,
            4,
            f"=IF('{summary}'!{previous_col}{source_row}=\"\",\"\",'{summary}'!{previous_col}{source_row})",
            styles.number,
            before if before is not None else "",
        )
        change = change_formula(address(r, 3), address(r, 4))
        ws.write_formula(r, 5, change, styles.ratio, percent_text(current, before, signed=True))
        fit_row(ws, r, [(indicator.label, 46), (indicator.unit, 11)], styles.table_size)
        r += 1
    ws.freeze_panes(4, 0)
    print_setup(ws, landscape=False, repeat_rows=(3, 3))


# Biểu đồ ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListRange:
    """Where the list's rows landed in the consolidated list sheet: the column of each key, the first and
    last row (0-based, inclusive)."""

    sheet: str
    cols: dict[str, int]
    first: int
    last: int


def _write_charts(
    workbook: Any, ws: Any, styles: Styles, consolidation: Consolidation, list_range: ListRange | None
) -> None:
    """Native Excel charts, as the form lists them: the top units of a code, a list's rows by a column."""
    form = consolidation.form
    period = consolidation.period.label if consolidation.period else ""
    widths = [5, 26, 11, 2] + [9.5] * 9
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.merge_range(0, 0, 0, len(widths) - 1, f"BIỂU ĐỒ SỐ LIỆU TỔNG HỢP - {period}".strip(" -"), styles.title)
    ws.set_row(0, 26)
    blocks = [
        block
        for chart in form.charts
        if (block := _top_units(consolidation, chart) if chart.code else _list_counts(consolidation, chart, list_range))
    ]
    if not blocks:
        ws.write_string(2, 0, "Chưa có số liệu để vẽ biểu đồ.", styles.text)
    breaks = []
    for number, block in enumerate(blocks):
        top = 2 + number * CHART_BLOCK_ROWS
        if number and number % 2 == 0:
            breaks.append(top)
        _chart_block(workbook, ws, styles, top, block)
    print_setup(ws, landscape=True, fit_width=False)
    ws.set_print_scale(print_scale(widths, landscape=True))
    ws.set_h_pagebreaks(breaks)


@dataclass(frozen=True)
class ChartBlock:
    title: str
    category: str  # the heading of the names column ("Đơn vị", a list column's header)
    heading: str  # the heading of the figures column
    entries: list[tuple[str, str, Any]]  # (name, formula, cached value)
    kind: str  # xlsxwriter's chart type


def _top_units(consolidation: Consolidation, chart: Any) -> ChartBlock | None:
    form = consolidation.form
    column = chart.column or form.main_column
    code = chart.code
    indicator = form.by_code[code]
    ranked = sorted(
        ((row.values.get(column, {}).get(code), index, row) for index, row in enumerate(consolidation.rows)),
        key=lambda item: (-(item[0] or 0), fold(item[2].unit.name)),
    )
    entries = []
    for value, index, row in ranked[: chart.top]:
        if value is None:
            continue
        source = address(DETAIL_FIRST_ROW + index, detail_column(form, column, code))
        entries.append((row.unit.name, f"='{DETAIL}'!{source}", value))
    if not entries:
        return None
    word = form.indicator_sheet.code_word
    title = f"{word} {code}: {indicator.label} ({indicator.unit}) - {len(entries)} đơn vị cao nhất"
    if len(form.value_columns) > 1:
        title += f", cột “{form.indicator_sheet.value_columns[column]}”"
    return ChartBlock(title, "Đơn vị", f"{word} {code} ({indicator.unit})", entries, "bar")


def _list_counts(consolidation: Consolidation, chart: Any, list_range: ListRange | None) -> ChartBlock | None:
    spec = consolidation.form.list_sheet
    column = spec.column(chart.list_column)
    if list_range is None or not consolidation.list_rows or chart.list_column not in list_range.cols:
        return None
    letter = column_letter(list_range.cols[chart.list_column])
    cells = f"'{list_range.sheet}'!${letter}${list_range.first + 1}:${letter}${list_range.last + 1}"
    key = chart.list_column
    counts = Counter(fold(str(row.get(key) or "")) for row in consolidation.list_rows)  # one pass
    # _write_list spells accepted values as the form does, so COUNTIF finds exactly these
    entries = [(value, f'=COUNTIF({cells},"{value}")', counts[fold(value)]) for value in column.allowed]
    heading = f"Số {spec.item}"
    return ChartBlock(f"{heading} theo {column.header.lower()}", column.header, heading, entries, "column")


def _chart_block(
    workbook: Any,
    ws: Any,
    styles: Styles,
    top: int,
    block: ChartBlock,
) -> None:
    """A small table (the chart's data, linked to its source) and the chart beside it."""
    title, entries, kind = block.title, block.entries, block.kind
    for r in range(top, top + CHART_BLOCK_ROWS):
        ws.set_row(r, CHART_ROW_HEIGHT)
    ws.write_string(top + 1, 0, "STT", styles.small_th)
    ws.write_string(top + 1, 1, block.category, styles.small_th)
    ws.write_string(top + 1, 2, block.heading, styles.small_th)
    ws.set_row(top + 1, 30)
    first = top + 2
    for offset, (name, formula, value) in enumerate(entries):
        ws.write_number(first + offset, 0, offset + 1, styles.small_center)
        ws.write_string(first + offset, 1, name, styles.small)
        ws.write_formula(first + offset, 2, formula, styles.small_number, value)
    last = first + len(entries) - 1
    chart = workbook.add_chart({"type": kind})
    chart.add_series(
        {
            "name": title,
            "categories": [CHARTS, first, 1, last, 1],
            "values": [CHARTS, first, 2, last, 2],
            "fill": {"color": "#2F5597"},
            "gap": 60,
            "data_labels": {"value": True, "num_format": NUMBER_FORMAT, "font": CHART_FONT},
        }
    )
    # a long title takes two lines above the plot, never over it: the plot keeps the lower 70 % of the chart
    chart.set_title({"name": title, "name_font": {**CHART_FONT, "size": 10, "bold": True}, "overlay": False})
    chart.set_legend({"none": True})
    value_axis = {"num_format": NUMBER_FORMAT, "num_font": CHART_FONT, "major_gridlines": {"visible": True}}
    # every unit's name on the axis (Excel skips every other one when they crowd), in a smaller type
    category_axis = {"num_font": {**CHART_FONT, "size": 8}, "interval_unit": 1, "interval_tick": 1}
    if kind == "bar":
        chart.set_x_axis(value_axis)
        # the first unit on top; the value axis at the bottom, away from the title
        chart.set_y_axis({**category_axis, "reverse": True, "crossing": "max"})
        chart.set_plotarea({"layout": {"x": 0.3, "y": 0.2, "width": 0.64, "height": 0.66}})
    else:
        chart.set_y_axis(value_axis)
        chart.set_x_axis(category_axis)
        chart.set_plotarea({"layout": {"x": 0.1, "y": 0.2, "width": 0.86, "height": 0.6}})
    height = round((CHART_BLOCK_ROWS - 1) * CHART_ROW_HEIGHT * 4 / 3)
    chart.set_size({"width": 600, "height": height})
    ws.insert_chart(top, 4, chart, {"x_offset": 4, "y_offset": 2, "object_position": 1})


# Lists -----------------------------------------------------------------------------------------------


def _write_list(ws: Any, styles: Styles, consolidation: Consolidation) -> ListRange:
    form = consolidation.form
    spec = form.list_sheet
    allowed = {c.key: {fold(a): a for a in c.allowed} for c in form.list_sheet.columns if c.allowed}
    spelt: dict[tuple[str, str], str] = {}  # (column, as typed) -> as written: the same few values again and again
    rows = []
    for index, row in enumerate(consolidation.list_rows, 1):
        row = dict(row)
        for key, value in row.items():
            if value.__class__ is str and (key in allowed or len(value) > MAX_TEXT):
                written = spelt.get((key, value))
                if written is None:
                    written = spelt[(key, value)] = _list_value(value, allowed.get(key))
                row[key] = written
        row["stt"] = index
        rows.append(row)
    columns = list_columns(form, [("unit", "Đơn vị", 22)])
    title = spec.output_title or spec.title or spec.output_name.upper()
    header_row = write_list_sheet(ws, form, styles, rows, title=title, columns=columns)
    period = consolidation.period.label if consolidation.period else ""
    subtitle = f"({len(rows)} {spec.item} của {len(consolidation.rows)} đơn vị" + (f", {period})" if period else ")")
    ws.merge_range(1, 0, 1, len(columns) - 1, subtitle, styles.subtitle)
    last = header_row + max(len(rows), 1)
    ws.autofilter(header_row, 0, last, len(columns) - 1)
    print_setup(ws, landscape=True, repeat_rows=(header_row, header_row))
    cols = {c.key: index for index, c in enumerate(columns)}
    return ListRange(spec.output_name, cols, header_row + 1, last)


def _list_value(value: Any, allowed: dict[str, str] | None) -> Any:
    """Text cut to Excel's limit; a value the check accepted as one of the allowed ones, spelt as in the form."""
    if not isinstance(value, str):
        return value
    if allowed and fold(value) in allowed:
        return allowed[fold(value)]
    return _text(value)


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    wrap: bool = False  # long text: the row is made tall enough
    center: bool = False


def _table(
    ws: Any,
    styles: Styles,
    title: str,
    subtitle: str,
    columns: list[Column],
    rows: list[list[Any]],
    *,
    fills: list[tuple[Any, Any]] | None = None,
    landscape: bool = True,
    printed_columns: int | None = None,
) -> int:
    """A titled, filterable table from row 3 on, its header repeated on every page. Returns the last row."""
    last_col = len(columns) - 1
    title_col = (printed_columns or len(columns)) - 1
    ws.merge_range(0, 0, 0, title_col, title, styles.title)
    ws.set_row(0, 26)
    if subtitle:
        ws.merge_range(1, 0, 1, title_col, subtitle, styles.subtitle)
        width = sum(c.width for c in columns[: title_col + 1])
        ws.set_row(1, row_height(text_lines(subtitle, width, styles.size), styles.size))
    for col, column in enumerate(columns):
        ws.set_column(col, col, column.width)
        ws.write_string(2, col, column.header, styles.small_th)
    ws.set_row(2, row_height(max(text_lines(c.header, c.width, 11, bold=True) for c in columns), 11))
    size = styles.table_size - 1
    # (text, number) formats by column; with fills, by row too
    plain = [
        (styles.small_center, styles.small_center) if c.center else (styles.small, styles.small_number) for c in columns
    ]
    wrap = [(col, c.width, one_line(c.width, size)) for col, c in enumerate(columns) if c.wrap]
    for index, values in enumerate(rows):
        r = 3 + index
        styles_of = [fills[index][1 if c.center else 0] for c in columns] if fills else None
        cells, formats = [], []
        for col, value in enumerate(values):
            if isinstance(value, int | float) and not isinstance(value, bool):
                kind = 1
            else:
                kind = 0
                value = None if value is None or value == "" else _text(value)
            cells.append(value)
            formats.append(styles_of[col] if styles_of else plain[col][kind])
        ws.write_cells(r, 0, cells, formats)
        lines = 0
        for col, width, fits in wrap:
            value = values[col]
            if not value:
                continue
            short = value.__class__ is str and len(value) <= fits and "\n" not in value
            lines = max(lines, 1 if short else text_lines(_text(value), width, size))
        if lines:
            ws.set_row(r, row_height(lines, size))
    last = 2 + max(len(rows), 1)
    ws.freeze_panes(3, 0)
    ws.autofilter(2, 0, last, last_col)
    print_setup(ws, landscape=landscape, repeat_rows=(2, 2))
    if printed_columns:
        ws.print_area(0, 0, last, printed_columns - 1)
    return last


def _write_status(ws: Any, styles: Styles, consolidation: Consolidation, report: BatchReport) -> None:
    rows = [
        [
            i + 1,
            s.unit_code,
            s.unit_name,
            s.status.label,
            s.reason,
            s.file,
            s.modified,
            # a unit that sent nothing has no counts to show: blanks, not 0 0 0
            *((None, None, None) if s.status is Status.MISSING else (s.errors, s.warnings, s.infos)),
            s.sha256,
        ]
        for i, s in enumerate(consolidation.status)
    ]
    rows += [
        [len(rows) + i + 1, "", "", "Bỏ qua", "tệp khóa/ẩn/tạm", Path(p).name, "", None, None, None, ""]
        for i, p in enumerate(report.skipped)
    ]
    # excluded units stand out in red, missing ones in amber, a unit's uncounted duplicates in blue
    tint = {Status.EXCLUDED: "error", Status.MISSING: "warning", Status.SUPERSEDED: "info"}
    plain = (styles.small, styles.small_center)
    fills = [styles.fills[tint[s.status]] if s.status in tint else plain for s in consolidation.status]
    fills += [plain] * len(report.skipped)
    columns = [
        Column("STT", 5, center=True),
        Column("Mã đơn vị", 8, center=True),
        Column("Đơn vị", 22, wrap=True),
        Column("Tình trạng", 20, wrap=True),  # "Không có trong danh mục" on one line
        Column("Lý do / ghi chú", 36, wrap=True),
        Column("Tệp", 30, wrap=True),
        Column("Thời gian sửa", 15, center=True),
        Column("Lỗi", 5),
        Column("Cảnh báo", 8),
        Column("Thông tin", 8),
        Column("SHA-256", 66),
    ]
    counts = consolidation.counts
    subtitle = (
        f"Đơn vị: đã nộp {counts.submitted}; chưa nộp {counts.missing}; bị loại {counts.excluded}"
        + (f" (cộng {counts.units})" if report.registry is not None else "")
        + (f". Tệp trùng không tính: {counts.superseded}" if counts.superseded else "")
        + (f"; tệp của đơn vị không có trong danh mục: {counts.unknown}" if counts.unknown else "")
        + f"; tệp bỏ qua: {len(report.skipped)}. Cột SHA-256 (mã kiểm tra tệp) không in ra giấy."
    )
    last = _table(
        ws, styles, "TÌNH HÌNH NỘP BÁO CÁO", subtitle, columns, rows, fills=fills, printed_columns=len(columns) - 1
    )
    r = last + 2
    for line in consolidation.decisions:
        text = f"Quyết định: {_text(line)}"
        ws.merge_range(r, 0, r, 9, text, styles.note)
        fit_row(ws, r, [(text, 130)], styles.table_size)
        r += 1


def check_name(check: str, form) -> str:
    """A check as a clerk reads it: "Trùng báo cáo", "Quy tắc R07: mã 20 ≤ mã 19", not `duplicate_submission`."""
    if check in CATALOGUE:
        return CATALOGUE[check].title
    rule = next((r for r in form.rules if r.id == check), None) if form is not None else None
    if rule is None:
        return check
    expr = re.sub(r"\[@?(\w+(?:\.\w+)*)\]", r"mã \1", rule.expr)
    rows = f"số dòng {form.list_sheet.name}" if form.list_sheet else "số dòng"
    expr = re.sub(r"count\(\s*\)", rows, expr)
    expr = re.sub(r"count\(([^)]*)\)", lambda m: f"{rows} có {m.group(1).strip()}", expr)
    for op, sign in (("<=", "≤"), (">=", "≥"), ("!=", "≠"), ("==", "=")):
        expr = expr.replace(op, sign)
    return f"Quy tắc {check}: {expr}"


def _write_issues(ws: Any, styles: Styles, issues: list[Issue], form=None) -> None:
    ordered = sorted(issues, key=lambda i: (i.file or "", i.severity.rank, i.sheet or "", i.cell or ""))
    names = {check: check_name(check, form) for check in {i.check for i in issues}}
    rows = [
        [
            n + 1,
            i.severity.label,
            names[i.check],
            i.unit or "",
            Path(i.file).name if i.file else "",
            i.sheet or "",
            i.cell or "",
            "" if i.value is None else str(i.value),
            i.message,
        ]
        for n, i in enumerate(ordered)
    ]
    columns = [
        Column("STT", 5, center=True),
        Column("Mức độ", 9),
        Column("Kiểm tra", 22, wrap=True),
        Column("Đơn vị", 18, wrap=True),
        Column("Tệp", 22, wrap=True),
        Column("Trang tính", 9),
        Column("Ô", 6, center=True),
        Column("Giá trị", 12, wrap=True),
        Column("Nội dung", 58, wrap=True),
    ]
    counts = {label: sum(i.severity.label == label for i in issues) for label in ("lỗi", "cảnh báo", "thông tin")}
    subtitle = "; ".join(f"{label}: {count}" for label, count in counts.items())
    _table(
        ws,
        styles,
        "KẾT QUẢ KIỂM TRA",
        subtitle[:1].upper() + subtitle[1:],
        columns,
        rows,
        fills=[styles.fills[i.severity.value] for i in ordered],
    )


SOURCES_TITLE = "NGUỒN SỐ LIỆU"
SOURCES_NOTE = (
    "Ô ở cùng vị trí trong trang “Chi tiết” lấy số liệu từ ô ghi ở đây, trong tệp và trang tính ghi ở cuối dòng."
)


def _write_sources(ws: Any, styles: Styles, consolidation: Consolidation, report: BatchReport) -> None:
    """`Chi tiết`'s grid with, in place of each figure, the cell it came from; the file and sheet per unit.

    Same rows, same columns, same pages as `Chi tiết`: E7 here is where E7 there was read.
    """
    form = consolidation.form
    ws.merge_range(0, 0, 0, DETAIL_FIRST_COL - 1, "", styles.small_note)
    ws.write_rich_string(
        0, 0, styles.small_bold, SOURCES_TITLE + "\n", styles.small_italic, SOURCES_NOTE, styles.small_note
    )
    for c, text in enumerate(["STT", "Mã đơn vị", "Đơn vị"]):
        ws.merge_range(1, c, DETAIL_HEADER_ROWS - 1, c, text, styles.small_th)
    file_col, breaks = _detail_columns(ws, styles, form)
    sheet_col, hash_col = file_col + 1, file_col + 2
    for c, text in ((file_col, "Tệp nguồn"), (sheet_col, "Trang tính"), (hash_col, "SHA-256 (không in)")):
        ws.merge_range(0, c, DETAIL_HEADER_ROWS - 1, c, text, styles.small_th)
    size = styles.table_size - 1
    ws.set_row(0, row_height(text_lines(f"{SOURCES_TITLE}\n{SOURCES_NOTE}", 5 + 9 + 26, size), size))
    hashes = {f.path: f.sha256 for f in report.files}
    first = DETAIL_FIRST_ROW
    formats = [styles.small_center, styles.small_center, styles.small]
    formats += [styles.small_center] * (file_col - DETAIL_FIRST_COL) + [styles.small, styles.small, styles.small_mono]
    for index, row in enumerate(consolidation.rows):
        cells = []
        for column in form.value_columns:
            values, where = row.values.get(column, {}), row.cells.get(column, {})
            cells += [where.get(code) if values.get(code) is not None else None for code in form.codes]
        name = Path(row.file).name
        unit = [index + 1, _text(row.unit.code), _text(row.unit.name)]
        ws.write_cells(first + index, 0, [*unit, *cells, name, _text(row.sheet), hashes.get(row.file, "")], formats)
        _fit_unit_row(ws, styles, first + index, row.unit.name, name)
    last = first + max(len(consolidation.rows), 1) - 1
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 9)
    ws.set_column(2, 2, 26)
    ws.set_column(DETAIL_FIRST_COL, file_col - 1, 7)
    ws.set_column(file_col, file_col, 30)
    ws.set_column(sheet_col, sheet_col, 12)
    ws.set_column(hash_col, hash_col, 66)
    ws.freeze_panes(first, DETAIL_FIRST_COL)
    ws.autofilter(DETAIL_HEADER_ROWS - 1, 0, last, hash_col)
    # the file and sheet print as one more page across; the hash, 64 letters, would need a page of its own
    _detail_print(ws, [*breaks, file_col])
    ws.print_area(0, 0, last, sheet_col)
