"""A marked-up copy of a unit workbook, to send back to the unit: what to fix, inside its own file.

Each offending cell is filled red (lỗi) or amber (cảnh báo) and carries a comment with the message; a
first sheet `Cần sửa` lists every issue with a link to its cell. The original is never written to: the
copy is `<tên tệp> - cần sửa.xlsx`. An .xlsx/.xlsm copy keeps the data, formulas (with their computed
values), merged cells, validation and protection; an .xls/.ods source can only be copied as values.
"""

from __future__ import annotations

import logging
import os
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.hyperlink import Hyperlink

from desktop.io import marks, ooxml
from desktop.io.atomic import NAME_BYTES, atomic_target, refuse_inputs
from desktop.io.celltext import cell_text, display_name
from desktop.io.errors import ZIP_ERRORS, OutputError, WorkbookError
from desktop.io.formsheet import FONT, row_height, text_lines
from desktop.io.preflight import MAX_CELLS, MAX_PART_BYTES
from desktop.io.workbook import load_sheets
from desktop.issues import Issue, Severity
from desktop.oserrors import os_error_text
from desktop.vntext import format_number

log = logging.getLogger(__name__)

FIX_SHEET = "Cần sửa"
SUFFIX = " - cần sửa"
AUTHOR = "Tổng hợp Báo cáo"
FILLS = {Severity.ERROR: "FFFF8B8B", Severity.WARNING: "FFFFC000"}
MARKED = (Severity.ERROR, Severity.WARNING)
OPENPYXL_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass(frozen=True)
class AnnotatedCopy:
    source: Path
    target: Path
    issues: int  # issues listed on `Cần sửa`
    cells: int  # cells filled and commented
    converted: bool  # an .xls/.ods source written as .xlsx: values only, its formulas and formats are not kept


def annotated_path(source: str | Path, out_dir: str | Path, taken: Iterable[Path] = ()) -> Path:
    """`<stem> - cần sửa.xlsx` in `out_dir`, unique among `taken`, within the 255 bytes a file name may have.

    X.ods, X.xls and X.xlsx of one batch (or X.xlsx of two subfolders) get one copy each: the second
    is named after its format, `X (ods) - cần sửa.xlsx`, and any further one numbered.
    """
    source, out_dir = Path(source), Path(out_dir)
    taken = {os.path.normcase(str(path)) for path in taken}
    room = NAME_BYTES - len(f"{SUFFIX}.xlsx (xlsx 999)".encode())
    stem, encoded = source.stem, source.stem.encode("utf-8", "surrogateescape")
    if len(encoded) > room:
        stem = encoded[: room - 3].decode("utf-8", "ignore") + "…"
    kind = source.suffix.lower().lstrip(".")
    candidates = [stem, f"{stem} ({kind})"] + [f"{stem} ({kind} {n})" for n in range(2, 1000)]
    for name in candidates:
        target = out_dir / f"{name}{SUFFIX}.xlsx"
        if os.path.normcase(str(target)) not in taken:
            return target
    raise OutputError(f"Quá nhiều tệp cùng tên “{display_name(source.name)}”")


def annotate_workbook(
    source: str | Path, issues: Iterable[Issue], out_dir: str | Path, *, target: Path | None = None
) -> AnnotatedCopy:
    """Write the marked-up copy of `source` into `out_dir` (as `target`, when given).

    Raises OutputError, or WorkbookError when the file cannot be copied (unreadable, or beyond the limits).
    """
    source = Path(source)
    target = target or annotated_path(source, out_dir)
    if target.exists() and target.resolve() == source.resolve():
        raise OutputError(f"Tệp “{display_name(source.name)}” đã là bản cần sửa; không ghi đè lên tệp gốc")
    listed = sorted(
        (i for i in issues if i.severity in MARKED),
        key=lambda i: (i.severity.rank, i.sheet or "", ooxml.cell_sort_key(i.cell)),
    )
    converted = source.suffix.lower() not in OPENPYXL_SUFFIXES
    if not converted:
        _check_merged_ooxml(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_target(target) as temporary:
        workbook = _values_copy(source) if converted else _open(source)
        cells = _mark_cells(workbook, listed)
        _write_fix_sheet(workbook, source, listed, converted)
        workbook.properties.contentStatus = marks.MARKS[marks.ANNOTATED]
        workbook.save(temporary)
        if not converted:
            _restore_cached_values(temporary, _cached_values(source))
    return AnnotatedCopy(source, target, len(listed), cells, converted)


def annotate_report(report: Any, out_dir: str | Path) -> tuple[list[AnnotatedCopy], list[str]]:
    """A copy for every readable file of a batch with errors or warnings; and the files that could not be copied.

    A file that cannot be copied is listed with the reason and the others go on; every copy listed was written.
    """
    copies: list[AnnotatedCopy] = []
    failed: list[str] = []
    marked = [r for r in report.files if r.submission is not None and any(i.severity in MARKED for i in r.issues)]
    inputs = [result.path for result in report.files]
    # an .xlsx keeps the plain name; an .ods/.xls of the same name is named after its format
    targets: dict[str, Path | None] = {}
    taken: list[Path] = []
    for result in sorted(marked, key=lambda r: Path(r.path).suffix.lower() not in OPENPYXL_SUFFIXES):
        try:
            targets[result.path] = annotated_path(result.path, out_dir, taken)
            taken.append(targets[result.path])
        except OutputError:
            targets[result.path] = None
    for result in marked:
        name = display_name(Path(result.path).name)
        try:
            target = targets[result.path]
            if target is None:
                raise OutputError("quá nhiều tệp cùng tên")
            refuse_inputs(target, inputs)
            copies.append(annotate_workbook(result.path, result.issues, out_dir, target=target))
        except (WorkbookError, OutputError) as exc:
            failed.append(f"{name}: {exc.reason if isinstance(exc, WorkbookError) else exc}")
        except MemoryError:
            failed.append(f"{name}: không đủ bộ nhớ để tạo bản sao")
        except Exception as exc:  # a library's complaint about an odd file: this file's failure, not the batch's
            log.warning("annotate %s failed", result.path, exc_info=True)
            failed.append(f"{name}: {_explain(exc)}")
    return copies, failed


def _explain(exc: BaseException) -> str:
    """A Vietnamese line for what openpyxl, lxml or the file system raise on odd files; the rest goes to the log."""
    text = str(exc)
    if isinstance(exc, KeyError) and "[Content_Types].xml" in text:
        return (
            "tệp thiếu phần [Content_Types].xml của định dạng .xlsx (tệp do phần mềm lạ ghi); "
            "hãy mở bằng Excel rồi lưu lại"
        )
    if "Excessive depth" in text or "depth" in text.lower() and "xml" in type(exc).__module__.lower():
        return "nội dung XML của tệp lồng nhau quá sâu (dấu hiệu tệp bị hỏng hoặc độc hại)"
    if isinstance(exc, OSError):
        return os_error_text(exc)
    if isinstance(exc, KeyError | zipfile.BadZipFile):
        return "tệp thiếu một phần hoặc bị hỏng; hãy mở bằng Excel rồi lưu lại"
    return "không đọc được tệp để đánh dấu (tệp do phần mềm lạ ghi hoặc bị hỏng); hãy mở bằng Excel rồi lưu lại"


def _check_merged(sheet: str, ranges: Iterable[tuple[int, int, int, int]]) -> None:
    """openpyxl makes an object for every cell a merged range covers: bound them as the reader bounds grids."""
    total = 0
    for r0, c0, r1, c1 in ranges:
        total += (r1 - r0 + 1) * (c1 - c0 + 1)
        if total > MAX_CELLS:
            raise WorkbookError(
                f"trang tính “{cell_text(sheet)}” có vùng ô gộp {ooxml.address(r0, c0)}:{ooxml.address(r1, c1)} "
                f"quá lớn (các vùng gộp phủ hơn {format_number(MAX_CELLS)} ô): không tạo được bản cần sửa",
                f"sheet {sheet} merges cells beyond {MAX_CELLS} cells",
                check="too_large",
            )


def _check_merged_ooxml(source: Path) -> None:
    try:
        with zipfile.ZipFile(source) as archive:
            for sheet, member in ooxml.archive_sheet_parts(archive).items():
                info = archive.getinfo(member)
                if info.file_size <= MAX_PART_BYTES:
                    _check_merged(sheet, ooxml.merged_ranges(archive.read(info)))
    except ZIP_ERRORS:
        return  # openpyxl will say what is wrong with the file


def _open(source: Path) -> Any:
    try:
        return openpyxl.load_workbook(source, keep_vba=False, keep_links=True, rich_text=True)
    except MemoryError:
        raise
    except Exception as exc:  # openpyxl raises many types for files other tools wrote oddly
        log.warning("openpyxl could not open %s", source, exc_info=True)
        raise WorkbookError(_explain(exc), f"{type(exc).__name__}: {exc}") from exc


def _values_copy(source: Path) -> Any:
    """An .xls/.ods workbook as a new .xlsx: cell values (formulas as their results) and merged cells."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    grids = load_sheets(source)  # checked (preflight) before anything else opens the file; merges with it
    for grid in grids:
        _check_merged(grid.name, grid.merged)
    for grid in grids:
        ws = workbook.create_sheet(cell_text(grid.name)[:31])
        if not grid.visible:
            ws.sheet_state = "hidden"
        for r, row in enumerate(grid.rows, 1):
            for c, value in enumerate(row, 1):
                if value in (None, ""):
                    continue
                if isinstance(value, str):
                    cell = ws.cell(r, c, cell_text(value))
                    cell.data_type = "s"  # text a unit typed stays text, even `=HYPERLINK(...)`
                else:
                    ws.cell(r, c, value)
        for r1, c1, r2, c2 in grid.merged:
            if (r1, c1) != (r2, c2):
                ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
    return workbook


def _anchor(ws: Any, cell: str) -> Any:
    """The cell to mark: a merged range's top-left cell stands for all of it."""
    for merged in ws.merged_cells.ranges:
        if cell in merged:
            return ws.cell(merged.min_row, merged.min_col)
    return ws[cell]


def _mark_cells(workbook: Any, issues: list[Issue]) -> int:
    by_cell: dict[tuple[str, str], list[Issue]] = defaultdict(list)
    for issue in issues:
        if issue.sheet in workbook.sheetnames and issue.cell:
            by_cell[(issue.sheet, issue.cell)].append(issue)
    for (sheet, address), found in by_cell.items():
        cell = _anchor(workbook[sheet], address)
        worst = min(found, key=lambda i: i.severity.rank).severity
        cell.fill = PatternFill(fill_type="solid", fgColor=FILLS[worst], bgColor=FILLS[worst])
        text = "\n".join(f"[{i.severity.label}] {_without_cell(i)}" for i in found)
        if cell.comment is not None and cell.comment.text:
            text = f"{cell.comment.text}\n{text}"
        comment = Comment(cell_text(text), AUTHOR)
        comment.width = 320
        comment.height = min(400, 40 + 30 * text.count("\n") + len(text) // 2)
        cell.comment = comment
    return len(by_cell)


def _without_cell(issue: Issue) -> str:
    """The message without its "Ô E23: " prefix: the comment already sits on that cell."""
    prefix = f"Ô {issue.cell}: "
    message = issue.message.removeprefix(prefix) if issue.cell else issue.message
    return message[:1].upper() + message[1:]


def _write_fix_sheet(workbook: Any, source: Path, issues: list[Issue], converted: bool) -> None:
    ws = workbook.create_sheet(FIX_SHEET[:31], 0)
    workbook.active = 0
    for sheet in workbook.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws
    widths = {"A": 5, "B": 10, "C": 12, "D": 7, "E": 70, "F": 16}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    title = Font(name=FONT, size=14, bold=True)
    plain = Font(name=FONT, size=12)
    bold = Font(name=FONT, size=12, bold=True)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells("A1:F1")
    ws["A1"] = cell_text(f"CÁC ĐIỂM CẦN SỬA TRONG TỆP “{display_name(source.name)}”")
    ws["A1"].font, ws["A1"].alignment = title, center
    ws.row_dimensions[1].height = row_height(text_lines(ws["A1"].value, 115, 14, bold=True), 14)
    errors = sum(i.severity is Severity.ERROR for i in issues)
    notes = [
        f"Có {errors} lỗi (ô tô đỏ: phải sửa) và {len(issues) - errors} cảnh báo (ô tô vàng cam: cần kiểm tra lại). "
        "Nhấn vào địa chỉ ô để đến ô đó; di chuột lên ô để xem nội dung. "
        "Sửa trong tệp gốc của đơn vị rồi gửi lại; trang này chỉ để đối chiếu.",
    ]
    if converted:
        notes.append(
            f"Tệp gốc là {source.suffix.lower()}: bản này được ghi thành .xlsx và chỉ giữ giá trị các ô "
            "(không giữ công thức, định dạng, kiểm tra dữ liệu của tệp gốc)."
        )
    row = 2
    for note in notes:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        cell = ws.cell(row, 1, note)
        cell.font, cell.alignment = Font(name=FONT, size=12, italic=True), wrap
        ws.row_dimensions[row].height = row_height(text_lines(note, 115, 12), 12)
        row += 1
    row += 1
    header_row = row
    for col, text in enumerate(["STT", "Mức độ", "Trang tính", "Ô", "Nội dung cần sửa", "Giá trị đọc được"], 1):
        cell = ws.cell(row, col, text)
        cell.font, cell.alignment, cell.border = bold, center, border
        cell.fill = PatternFill(fill_type="solid", fgColor="FFD9E1F2")
    ws.row_dimensions[row].height = 32
    for number, issue in enumerate(issues, 1):
        row += 1
        value = "" if issue.value is None else str(issue.value)
        message = _without_cell(issue)
        values = [number, issue.severity.label, issue.sheet or "", issue.cell or "", message, value]
        for col, content in enumerate(values, 1):
            cell = ws.cell(row, col, cell_text(content) if isinstance(content, str) else content)
            cell.font, cell.border = plain, border
            cell.alignment = center if col in (1, 2, 4) else wrap
            if isinstance(content, str) and content.startswith("="):
                cell.data_type = "s"  # a message is text, never a formula
        ws.cell(row, 2).fill = PatternFill(fill_type="solid", fgColor=FILLS[issue.severity])
        if issue.sheet in workbook.sheetnames and issue.cell:
            link = ws.cell(row, 4)
            sheet = issue.sheet.replace("'", "''")
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{sheet}'!{issue.cell}", display=issue.cell)
            link.font = Font(name=FONT, size=12, color="FF0563C1", underline="single")
        ws.row_dimensions[row].height = row_height(max(text_lines(message, 70, 12), text_lines(value, 16, 12)), 12)
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = FONT


def _cached_values(source: Path) -> dict[str, dict[str, Any]]:
    """Sheet -> cell -> the value Excel last computed, for every formula cell of the source."""
    formulas = openpyxl.load_workbook(source, read_only=True)
    values = openpyxl.load_workbook(source, read_only=True, data_only=True)
    found: dict[str, dict[str, Any]] = {}
    try:
        for name in formulas.sheetnames:
            cells = {}
            for row, cached_row in zip(formulas[name].iter_rows(), values[name].iter_rows(), strict=False):
                for cell, cached in zip(row, cached_row, strict=False):
                    if getattr(cell, "data_type", None) == "f" and cached.value is not None:
                        cells[cell.coordinate] = cached.value
            if cells:
                found[name] = cells
    finally:
        formulas.close()
        values.close()
    return found


def _restore_cached_values(path: Path, cached: dict[str, dict[str, Any]]) -> None:
    """Put back the computed values openpyxl drops from formula cells, so the copy reads like the original."""
    if not cached:
        return
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info.filename) for info in archive.infolist()}
        infos = archive.infolist()
        sheets = ooxml.archive_sheet_parts(archive)
    for name, member in sheets.items():
        cells = cached.get(name)
        if cells and member in members:
            members[member] = ooxml.with_cached_values(members[member], cells)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in infos:
            archive.writestr(info, members[info.filename])
