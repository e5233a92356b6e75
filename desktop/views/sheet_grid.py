"""SheetGridPanel: a workbook shown the way Excel shows it.

Sheet tabs at the bottom (hidden sheets such as `_meta` left out), column letters and row numbers, a
name box and a formula bar, merged cells merged, the table header kept in view while scrolling, cells
with issues outlined red (error) or amber (warning) with the message as a tooltip, and Tổng / Số ô /
Trung bình of the selection. The file's look (fonts, fills, borders, alignment, wrapping, number
formats, column widths, row heights, hidden rows and columns) is read in the background for the file
on screen and applied when it arrives; .xls and .ods files show their values only.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.io.ooxml import address, column_letter, parse_address
from desktop.io.styles import CellStyle, SheetStyle, format_number, has_styles, read_styles
from desktop.io.workbook import SheetGrid, load_sheets
from desktop.issues import Issue, Severity
from desktop.views import texts
from desktop.views.rows_model import ALIGNMENT, DISPLAY, TOOLTIP
from desktop.views.worker import Task
from desktop.vntext import fold

ISSUE_ROLE = int(Qt.ItemDataRole.UserRole) + 10
STYLE_ROLE = int(Qt.ItemDataRole.UserRole) + 11  # the cell's CellStyle (borders, wrapping)
FONT = int(Qt.ItemDataRole.FontRole)
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
GRID_ROLES = frozenset({DISPLAY, ALIGNMENT, TOOLTIP, ISSUE_ROLE, STYLE_ROLE, FONT, BACKGROUND, FOREGROUND})
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_HORIZONTAL = {
    "left": Qt.AlignmentFlag.AlignLeft,
    "center": Qt.AlignmentFlag.AlignHCenter,
    "centerContinuous": Qt.AlignmentFlag.AlignHCenter,
    "right": Qt.AlignmentFlag.AlignRight,
    "justify": Qt.AlignmentFlag.AlignJustify,
    "distributed": Qt.AlignmentFlag.AlignJustify,
    "fill": Qt.AlignmentFlag.AlignLeft,
}
_VERTICAL = {
    "top": Qt.AlignmentFlag.AlignTop,
    "center": Qt.AlignmentFlag.AlignVCenter,
    "bottom": Qt.AlignmentFlag.AlignBottom,
    "justify": Qt.AlignmentFlag.AlignVCenter,
    "distributed": Qt.AlignmentFlag.AlignVCenter,
}
BORDER = QColor("#000000")
# metric-compatible fonts for machines without the workbook's own (Linux, LibreOffice installs)
FONT_SUBSTITUTES = {
    "times new roman": ["Liberation Serif", "Tinos", "DejaVu Serif"],
    "arial": ["Liberation Sans", "Arimo", "DejaVu Sans"],
    "calibri": ["Carlito", "Liberation Sans"],
    "cambria": ["Caladea", "Liberation Serif"],
    "courier new": ["Liberation Mono", "Cousine"],
}
OVERFLOW_ROWS = 300  # rows whose long texts spill into the empty cells on their right, as Excel draws them
POINT_PX = 96 / 72  # a point on a 96-dpi screen at 100 % zoom
CHARACTER_PX = 7  # Excel's column width unit: the maximum digit width of the default font
OUTLINE = {Severity.ERROR: QColor("#d13438"), Severity.WARNING: QColor("#e8a200")}
CACHE_SIZE = 8
FROZEN_MAX_ROWS = 5000  # beyond this the table header is not kept in view (hiding rows one by one costs)


def display_value(value: Any) -> str:
    """A cached cell value as the grid shows it (figures grouped the UI language's way)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return texts.number(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != time(0) else value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def raw_value(value: Any) -> str:
    """The content as the formula bar shows it: unformatted."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return (
        display_value(value) if isinstance(value, date | datetime | bool) else str(value if value is not None else "")
    )


@dataclass(frozen=True)
class CellIssues:
    severity: Severity
    messages: tuple[str, ...]


class SheetModel(QAbstractTableModel):
    """One SheetGrid: values, letters and numbers in the headers, issues by cell."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.sheet: SheetGrid | None = None
        self.issues: dict[tuple[int, int], CellIssues] = {}
        self.style: SheetStyle | None = None
        self._fonts: dict[CellStyle, QFont] = {}
        self._columns = 0

    def set_sheet(
        self, sheet: SheetGrid | None, issues: dict[tuple[int, int], CellIssues], style: SheetStyle | None = None
    ) -> None:
        self.beginResetModel()
        self.sheet = sheet
        self.issues = issues
        self.style = style
        width = max((len(r) for r in sheet.rows), default=0) if sheet else 0
        cells = max((c for _, c in issues), default=-1) + 1
        self._columns = max(width, cells, 8 if sheet else 0) + (2 if sheet else 0)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.sheet is None:
            return 0
        rows = max(len(self.sheet.rows), max((r for r, _ in self.issues), default=-1) + 1)
        return rows + 5

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._columns

    def value(self, row: int, col: int) -> Any:
        return self.sheet.value(row, col) if self.sheet else None

    def data(self, index: QModelIndex, role: int = DISPLAY) -> Any:
        role = int(role)
        if role not in GRID_ROLES or not index.isValid():
            return None
        row, col = index.row(), index.column()
        cell = self.style.cells.get((row, col)) if self.style is not None else None
        if role == DISPLAY:
            value = self.value(row, col)
            if cell is not None and isinstance(value, int | float) and not isinstance(value, bool):
                shown = format_number(value, cell.number_format, *texts.separators())
                if shown is not None:
                    return shown
            return display_value(value)
        if role == ALIGNMENT:
            value = self.value(row, col)
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if cell is None or (cell.horizontal is None and cell.vertical is None):
                return RIGHT if number else LEFT
            horizontal = _HORIZONTAL.get(
                cell.horizontal or "", Qt.AlignmentFlag.AlignRight if number else Qt.AlignmentFlag.AlignLeft
            )
            return horizontal | _VERTICAL.get(cell.vertical or "bottom", Qt.AlignmentFlag.AlignBottom)
        if role == FONT:
            return self._font(cell) if cell is not None else None
        if role == BACKGROUND:
            return QBrush(QColor(cell.fill)) if cell is not None and cell.fill else None
        if role == FOREGROUND:
            return QBrush(QColor(cell.color)) if cell is not None and cell.color else None
        if role == STYLE_ROLE:
            return cell
        found = self.issues.get((row, col))
        if found is None:
            return None
        if role == ISSUE_ROLE:
            return found.severity.value  # a plain str: PySide6 6.4 can't carry a StrEnum through a role
        return "\n".join(found.messages)

    def cell_style(self, row: int, col: int) -> CellStyle | None:
        return self.style.cells.get((row, col)) if self.style is not None else None

    def _font(self, cell: CellStyle) -> QFont:
        font = self._fonts.get(cell)
        if font is None:
            font = self._fonts[cell] = QFont()
            if cell.font:
                font.setFamilies([cell.font, *FONT_SUBSTITUTES.get(cell.font.lower(), []), QFont().family()])
            if cell.size:
                font.setPointSizeF(cell.size)
            font.setBold(cell.bold)
            font.setItalic(cell.italic)
            font.setUnderline(cell.underline)
        return font

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return column_letter(section) if orientation == Qt.Orientation.Horizontal else str(section + 1)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None


class IssueOutlineDelegate(QStyledItemDelegate):
    """Paints the cell's borders and wrapping as the file has them, and a 2-pixel outline around cells that
    carry an error (red) or a warning (amber)."""

    # the style is asked of the model directly, not through data(): a role answering None on every paint of
    # every cell wore down None's reference count in PySide6 (a crash as the interpreter exits)
    @staticmethod
    def _style(index) -> CellStyle | None:
        model = index.model()
        return model.cell_style(index.row(), index.column()) if isinstance(model, SheetModel) else None

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        cell = self._style(index)
        if cell is not None and cell.wrap:
            option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText

    def paint(self, painter, option, index) -> None:
        super().paint(painter, option, index)
        cell = self._style(index)
        if cell is not None and any(cell.borders):
            painter.save()
            painter.setPen(QPen(BORDER, 1))
            rect = QRect(option.rect)
            left, top, right, bottom = cell.borders
            if left:
                painter.drawLine(rect.topLeft(), rect.bottomLeft())
            if top:
                painter.drawLine(rect.topLeft(), rect.topRight())
            if right:
                painter.drawLine(rect.topRight(), rect.bottomRight())
            if bottom:
                painter.drawLine(rect.bottomLeft(), rect.bottomRight())
            painter.restore()
        severity = index.data(ISSUE_ROLE)
        color = OUTLINE.get(severity)
        if color is None:
            return
        painter.save()
        painter.setPen(QPen(color, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRect(option.rect).adjusted(1, 1, -1, -1))
        painter.restore()


def _style_table(view: QTableView) -> None:
    view.setItemDelegate(IssueOutlineDelegate(view))
    view.setGridStyle(Qt.PenStyle.SolidLine)
    view.setWordWrap(False)
    view.setCornerButtonEnabled(True)
    view.verticalHeader().setDefaultSectionSize(22)
    view.verticalHeader().setMinimumWidth(40)
    view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    view.setStyleSheet(
        "QTableView { gridline-color: #d4d4d4; selection-background-color: #cde6d5; selection-color: black; }"
    )


def header_rows(sheet: SheetGrid) -> tuple[int, int] | None:
    """The rows of the sheet's table header (the row with “STT” and the rows merged with it or
    numbering its columns), to keep in view while scrolling; None when there is no such table.
    """
    for row_index, row in enumerate(sheet.rows[:80]):
        texts_in_row = [fold(str(v)) for v in row if v not in (None, "")]
        if "stt" in texts_in_row and len(texts_in_row) >= 3:
            last = max([row_index] + [r1 for r0, _, r1, _ in sheet.merged if r0 == row_index])
            following = sheet.rows[last + 1] if last + 1 < len(sheet.rows) else []
            first_text = next((str(v) for v in following if v not in (None, "")), "")
            if first_text.startswith("("):
                last += 1
            return row_index, last
    return None


class SheetGridPanel(QWidget):
    loaded = Signal(str)  # path, once a workbook is on screen
    styled = Signal(str)  # path, once its look (fonts, fills, sizes) is applied
    selection_summarised = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.path: str | None = None
        self.sheets: list[SheetGrid] = []
        self._issues: list[Issue] = []
        self._cache: OrderedDict[str, list[SheetGrid]] = OrderedDict()
        self._styles: OrderedDict[str, dict[str, SheetStyle]] = OrderedDict()
        self._shown: list[SheetGrid] = []  # the sheets that have a tab
        self._task: Task | None = None
        self._style_task: Task | None = None
        self._pending_jump: tuple[str | None, str | None] | None = None
        self._frozen: tuple[int, int] | None = None

        self.name_box = QLineEdit()
        self.name_box.setFixedWidth(90)
        self.name_box.returnPressed.connect(self._name_box_entered)
        self.fx = QLabel("<i>fx</i>")
        self.formula = QLineEdit()
        self.formula.setReadOnly(True)
        self.model = SheetModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        _style_table(self.view)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)  # row by row, as Excel does
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.verticalScrollBar().valueChanged.connect(self._update_frozen)

        self.frozen = QTableView(self.view)  # the table header, kept in view over the scrolled rows
        self.frozen.setModel(self.model)
        self.frozen.setSelectionModel(self.view.selectionModel())
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.horizontalHeader().hide()
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setFrameShape(QTableView.Shape.NoFrame)
        self.frozen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        _style_table(self.frozen)
        self.frozen.setStyleSheet(self.frozen.styleSheet() + " QTableView { border-bottom: 2px solid #9a9a9a; }")
        self.frozen.hide()
        self.view.horizontalScrollBar().valueChanged.connect(self.frozen.horizontalScrollBar().setValue)
        self.view.horizontalHeader().sectionResized.connect(self._column_resized)
        self.view.installEventFilter(self)

        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.view)

        self.tabs = QTabBar()
        self.tabs.setShape(QTabBar.Shape.RoundedSouth)
        self.tabs.setExpanding(False)
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._sheet_chosen)

        self.values_only = QLabel()  # .xls, .ods: said once, quietly, beside the formula bar
        self.values_only.setStyleSheet("color: #777;")
        self.values_only.hide()
        bar = QHBoxLayout()
        bar.addWidget(self.name_box)
        bar.addWidget(self.fx)
        bar.addWidget(self.formula, 1)
        bar.addWidget(self.values_only)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.tabs)
        self.setTabOrder(self.name_box, self.formula)
        self.setTabOrder(self.formula, self.view)
        self.setTabOrder(self.view, self.tabs)
        self.retranslate()

    def retranslate(self) -> None:
        self.name_box.setAccessibleName(self.tr("Hộp tên (địa chỉ ô)"))
        self.name_box.setToolTip(self.tr("Địa chỉ ô đang chọn; gõ địa chỉ (vd. E23) rồi Enter để đến ô đó"))
        self.formula.setAccessibleName(self.tr("Thanh công thức (nội dung ô)"))
        self.formula.setToolTip(self.tr("Nội dung của ô đang chọn (giá trị đã lưu trong tệp)"))
        self.view.setAccessibleName(self.tr("Bảng tính"))
        self.tabs.setAccessibleName(self.tr("Các trang tính"))
        self.values_only.setText(self.tr("Chỉ hiển thị giá trị"))
        self.values_only.setToolTip(
            self.tr("Tệp .xls và .ods được hiển thị giá trị các ô, không kèm định dạng (phông chữ, màu, viền).")
        )
        if self.path is None:
            self.message.setText(self.tr("Chọn một tệp ở danh sách bên trái để xem nội dung."))
        for index, sheet in enumerate(self._shown):
            self.tabs.setTabText(index, self._tab_text(sheet))
        self.model.layoutChanged.emit()
        self._selection_changed()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Resize:
            self._place_frozen()
        return super().eventFilter(watched, event)

    # -- loading

    def show_file(self, path: str, issues: list[Issue], sheet: str | None = None, cell: str | None = None) -> None:
        """Show a workbook (read in the background the first time), then the given cell."""
        self._issues = [i for i in issues if i.file == path]
        if path == self.path and self.loading:
            if cell or self._pending_jump is None:
                self._pending_jump = (sheet, cell)
            return
        if path == self.path and self.sheets and not cell:
            sheet, cell = self.current_sheet(), self.current_cell()  # the same file again: stay where we are
        self._pending_jump = (sheet, cell)
        if path == self.path and self.sheets:
            self._show_sheets(path, self.sheets)
            return
        if path in self._cache:
            self._cache.move_to_end(path)
            self._show_sheets(path, self._cache[path])
            return
        self.path = path
        self.sheets, self._shown = [], []
        self.message.setText(self.tr("Đang mở tệp…"))
        self.stack.setCurrentWidget(self.message)
        self._task = Task(_read_sheets, path).on_done(self._read).on_failed(self._read_failed).start()

    @property
    def loading(self) -> bool:
        return self._task is not None and self._task.running

    @property
    def styling(self) -> bool:
        """The file's look is still being read (values are on screen already)."""
        return self._style_task is not None and self._style_task.running

    def clear(self) -> None:
        self.path, self.sheets, self._issues, self._shown = None, [], [], []
        self.values_only.hide()
        self.model.set_sheet(None, {})
        while self.tabs.count():
            self.tabs.removeTab(0)
        self.retranslate()
        self.stack.setCurrentWidget(self.message)

    def forget(self, path: str | None = None) -> None:
        """Drop cached workbooks (all, or one that was removed or checked again)."""
        if path is None:
            self._cache.clear()
            self._styles.clear()
        else:
            self._cache.pop(path, None)
            self._styles.pop(path, None)

    def _read(self, loaded: tuple[str, list[SheetGrid]]) -> None:
        path, sheets = loaded
        self._cache[path] = sheets
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        if path == self.path:
            self._show_sheets(path, sheets)

    def _load_styles(self, path: str) -> None:
        """The file's look, read in the background for the file on screen only (once; kept with its values)."""
        if path in self._styles or not has_styles(path):
            return
        if self._style_task is not None and self._style_task.running:
            self._style_task.cancel()
        self._style_task = Task(_read_styles, path).on_done(self._styled).start()

    def _styled(self, loaded: tuple[str, dict[str, SheetStyle]]) -> None:
        path, styles = loaded
        self._styles[path] = styles
        while len(self._styles) > CACHE_SIZE:
            self._styles.popitem(last=False)
        if path == self.path and self._shown:
            cell = self.current_cell()
            self._show_sheet(self.tabs.currentIndex())
            if cell:
                self.go_to(cell)
        self.styled.emit(path)

    def _read_failed(self, exc: Exception) -> None:
        reason = getattr(exc, "reason_en" if texts.language() == "en" else "reason", None) or str(exc)
        self.message.setText(self.tr("Không mở được tệp để xem: %1").replace("%1", reason))
        self.stack.setCurrentWidget(self.message)

    def _show_sheets(self, path: str, sheets: list[SheetGrid]) -> None:
        self.path, self.sheets = path, sheets
        # hidden sheets (`_meta`) get no tab, unless an issue points at one of their cells
        pointed = {i.sheet for i in self._issues if i.cell}
        self._shown = [s for s in sheets if s.visible or s.name in pointed] or list(sheets)
        self.values_only.setVisible(bool(sheets) and not has_styles(path))
        self._load_styles(path)
        sheet_name, cell = self._pending_jump or (None, None)
        self._pending_jump = None
        wanted = next((i for i, s in enumerate(self._shown) if s.name == sheet_name), None)
        if wanted is None:
            wanted = next((i for i, s in enumerate(self._shown) if s.visible), 0)
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        for sheet in self._shown:
            self.tabs.addTab(self._tab_text(sheet))
        self.tabs.setCurrentIndex(wanted)
        self.tabs.blockSignals(False)
        if not sheets:
            self.message.setText(self.tr("Tệp không có trang tính nào."))
            self.stack.setCurrentWidget(self.message)
        else:
            self._show_sheet(wanted)
            self.stack.setCurrentWidget(self.view)
            if cell:
                self.go_to(cell)
            else:
                self.view.setCurrentIndex(self.model.index(0, 0))
        self.loaded.emit(path)

    def _tab_text(self, sheet: SheetGrid) -> str:
        return sheet.name if sheet.visible else self.tr("%1 (ẩn)").replace("%1", sheet.name)

    def _sheet_chosen(self, index: int) -> None:
        if 0 <= index < len(self._shown):
            self._show_sheet(index)
            self.view.setCurrentIndex(self.model.index(0, 0))

    def _cell_issues(self, sheet: SheetGrid) -> dict[tuple[int, int], CellIssues]:
        found: dict[tuple[int, int], list[Issue]] = {}
        for issue in self._issues:
            place = parse_address(issue.cell) if issue.sheet == sheet.name and issue.cell else None
            if place:
                found.setdefault(place, []).append(issue)
        return {
            place: CellIssues(
                min((i.severity for i in group), key=lambda s: s.rank), tuple(texts.issue_text(i) for i in group)
            )
            for place, group in found.items()
        }

    def _show_sheet(self, index: int) -> None:
        sheet = self._shown[index]
        style = self._styles.get(self.path or "", {}).get(sheet.name)
        self.model.set_sheet(sheet, self._cell_issues(sheet), style)
        for view in (self.view, self.frozen):
            view.clearSpans()
            for r0, c0, r1, c1 in sheet.merged:
                if (r1 - r0) or (c1 - c0):
                    view.setSpan(r0, c0, r1 - r0 + 1, c1 - c0 + 1)
        if style is None:
            self._fit_columns(sheet)
            self._plain_sizes()
        else:
            self._apply_sizes(style)
            self._overflow(sheet, style)
        rows = self.model.rowCount()
        self._frozen = header_rows(sheet) if rows <= FROZEN_MAX_ROWS else None
        if self._frozen:
            first, last = self._frozen
            for row in range(rows):  # the overlay shows the header rows only
                self.frozen.setRowHidden(row, not first <= row <= last)
        self._place_frozen()

    def _fit_columns(self, sheet: SheetGrid) -> None:
        merged_starts = {(r0, c0) for r0, c0, r1, c1 in sheet.merged if c1 > c0}
        metrics = self.view.fontMetrics()
        widths: dict[int, int] = {}
        for r, row in enumerate(sheet.rows[:300]):
            for c, value in enumerate(row):
                if value in (None, "") or (r, c) in merged_starts:
                    continue
                text = display_value(value)[:60]
                widths[c] = max(widths.get(c, 0), metrics.horizontalAdvance(text) + 14)
        for c in range(self.model.columnCount()):
            self.view.setColumnWidth(c, min(420, max(64, widths.get(c, 64))))

    def _unhide(self) -> None:
        """Show again what the previous styled sheet hid: only those (every Qt call counts, see app.guard_none)."""
        rows, columns = getattr(self, "_hidden", (set(), set()))
        for r in rows:
            self.view.setRowHidden(r, False)
        for c in columns:
            for view in (self.view, self.frozen):
                view.setColumnHidden(c, False)
        self._hidden = (set(), set())

    def _plain_sizes(self) -> None:
        self._unhide()
        for view in (self.view, self.frozen):
            view.verticalHeader().setDefaultSectionSize(22)

    def _apply_sizes(self, style: SheetStyle) -> None:
        """Column widths, row heights and hidden rows and columns as the file has them."""
        self._unhide()
        default_height = round(style.default_row_height * POINT_PX)
        for view in (self.view, self.frozen):
            view.verticalHeader().setDefaultSectionSize(max(16, default_height))
        rows, columns = self.model.rowCount(), self.model.columnCount()
        hidden_columns = {c for c in range(columns) if c in style.hidden_columns or style.column_widths.get(c) == 0}
        for c in range(columns):
            width = style.column_widths.get(c, style.default_column_width)
            px = max(1, round(width * CHARACTER_PX + 5)) if width > 0 else 0
            for view in (self.view, self.frozen):
                view.setColumnWidth(c, px)
                if c in hidden_columns:
                    view.setColumnHidden(c, True)
        for r, height in style.row_heights.items():
            if r < rows:
                for view in (self.view, self.frozen):
                    view.setRowHeight(r, max(4, round(height * POINT_PX)))
        hidden_rows = {r for r in style.hidden_rows if r < rows}
        for r in hidden_rows:
            self.view.setRowHidden(r, True)
        self._hidden = (hidden_rows, hidden_columns)

    def _overflow(self, sheet: SheetGrid, style: SheetStyle) -> None:
        """A text longer than its cell runs on over the empty cells to its right (a span), as in Excel."""
        covered = set()
        for r0, c0, r1, c1 in sheet.merged:
            covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
        columns = self.model.columnCount()
        for r, row in enumerate(sheet.rows[:OVERFLOW_ROWS]):
            for c, value in enumerate(row):
                if not isinstance(value, str) or not value or (r, c) in covered:
                    continue
                cell = style.cells.get((r, c))
                if cell is not None and (cell.wrap or cell.horizontal not in (None, "left")):
                    continue
                metrics = QFontMetrics(self.model._font(cell)) if cell is not None else self.view.fontMetrics()
                needed = metrics.horizontalAdvance(value) + 6
                width, end = self.view.columnWidth(c), c
                while width < needed and end + 1 < columns:
                    following = row[end + 1] if end + 1 < len(row) else None
                    if following not in (None, "") or (r, end + 1) in covered:
                        break
                    end += 1
                    width += self.view.columnWidth(end)
                if end > c:
                    for view in (self.view, self.frozen):
                        view.setSpan(r, c, 1, end - c + 1)

    # -- the header kept in view

    def _column_resized(self, column: int, _old: int, new: int) -> None:
        self.frozen.setColumnWidth(column, new)

    def _place_frozen(self) -> None:
        if not self._frozen or not self.sheets:
            self.frozen.hide()
            return
        first, last = self._frozen
        top_row = self.view.rowAt(0)
        if top_row <= first:
            self.frozen.hide()
            return
        for c in range(self.model.columnCount()):
            self.frozen.setColumnWidth(c, self.view.columnWidth(c))
        self.frozen.verticalHeader().setFixedWidth(self.view.verticalHeader().width())
        self.frozen.verticalScrollBar().setValue(0)
        self.frozen.horizontalScrollBar().setValue(self.view.horizontalScrollBar().value())
        height = sum(self.view.rowHeight(r) for r in range(first, last + 1)) + 2
        frame = self.view.frameWidth()
        self.frozen.setGeometry(
            frame,
            frame + self.view.horizontalHeader().height(),
            self.view.viewport().width() + self.view.verticalHeader().width(),
            height,
        )
        self.frozen.show()
        self.frozen.raise_()

    def _update_frozen(self, *_: Any) -> None:
        self._place_frozen()

    # -- cells

    def go_to(self, cell: str, sheet: str | None = None) -> bool:
        if sheet is not None and (not self._shown or self._shown[self.tabs.currentIndex()].name != sheet):
            index = next((i for i, s in enumerate(self._shown) if s.name == sheet), None)
            if index is None:
                return False
            self.tabs.setCurrentIndex(index)
        place = parse_address(cell)
        if place is None or self.model.sheet is None:
            return False
        row, col = place
        if row >= self.model.rowCount() or col >= self.model.columnCount():
            return False
        index = self.model.index(row, col)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        self._place_frozen()
        if self.frozen.isVisible() and self.view.visualRect(index).top() < self.frozen.height():
            first, last = self._frozen  # the cell is under the kept header: scroll it into the open
            bar = self.view.verticalScrollBar()
            bar.setValue(max(0, bar.value() - (last - first + 1)))
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def current_cell(self) -> str:
        index = self.view.currentIndex()
        return address(index.row(), index.column()) if index.isValid() else ""

    def current_sheet(self) -> str | None:
        index = self.tabs.currentIndex()
        return self._shown[index].name if 0 <= index < len(self._shown) else None

    def _name_box_entered(self) -> None:
        if not self.go_to(self.name_box.text()):
            self.name_box.setText(self.current_cell())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.name_box.clear()
            self.formula.clear()
            return
        self.name_box.setText(address(current.row(), current.column()))
        self.formula.setText(raw_value(self.model.value(current.row(), current.column())))
        self.formula.setCursorPosition(0)

    def _selection_changed(self, *_: Any) -> None:
        self.selection_summarised.emit(self.selection_summary())

    def selection_summary(self) -> str:
        """Tổng / Số ô / Trung bình of the selected cells, as Excel's status bar shows them."""
        indexes = self.view.selectionModel().selectedIndexes() if self.model.sheet else []
        if len(indexes) < 2:
            return ""
        values = [self.model.value(i.row(), i.column()) for i in indexes]
        filled = [v for v in values if v not in (None, "")]
        numbers = [v for v in filled if isinstance(v, int | float) and not isinstance(v, bool)]
        parts = []
        if numbers:
            parts.append(self.tr("Trung bình: %1").replace("%1", texts.number(round(sum(numbers) / len(numbers), 2))))
        parts.append(self.tr("Số ô: %1").replace("%1", texts.number(len(filled))))
        if numbers:
            parts.append(self.tr("Tổng: %1").replace("%1", texts.number(sum(numbers))))
        return "    ".join(parts)


def _read_sheets(state, path: str) -> tuple[str, list[SheetGrid]]:
    return path, load_sheets(path)


def _read_styles(state, path: str) -> tuple[str, dict[str, SheetStyle]]:
    try:
        return path, read_styles(path)
    except Exception:  # noqa: BLE001 (openpyxl refuses a file calamine read: the values are shown plain)
        return path, {}
