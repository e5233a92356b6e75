"""FilesPanel: the imported files with their status icon, unit and period; sort, filter, context menu."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from desktop.issues import Severity
from desktop.report import FileResult, FileStatus
from desktop.views import texts
from desktop.views.icons import icon, status_icon
from desktop.views.list_view import ListView
from desktop.views.rows_model import OBJECT_ROLE, RowsModel, RowsProxy, right_aligned

STATUS_ORDER = {FileStatus.ERRORS: 0, FileStatus.UNREADABLE: 1, FileStatus.WARNINGS: 2, FileStatus.CLEAN: 3}
FILE_MIN_WIDTH = 160  # the file name is elided in its middle below its full width


class FilesModel(RowsModel):
    STATUS, FILE, ERRORS, WARNINGS, UNIT, PERIOD, COUNTED, FORM = range(8)

    def __init__(self, parent=None) -> None:
        super().__init__(
            [
                lambda: self.tr("Trạng thái"),
                lambda: self.tr("Tệp"),
                lambda: self.tr("Lỗi"),
                lambda: self.tr("Cảnh báo"),
                lambda: self.tr("Đơn vị"),
                lambda: self.tr("Kỳ báo cáo"),
                lambda: self.tr("Tổng hợp"),
                lambda: self.tr("Biểu mẫu"),
            ],
            parent,
        )

    def display(self, item: FileResult, column: int) -> str:
        match column:
            case self.STATUS:
                return texts.file_status(item.status)
            case self.FILE:
                return Path(item.path).name
            case self.UNIT:
                return item.unit_name or ""
            case self.PERIOD:
                return item.period.label if item.period else ""
            case self.ERRORS:
                return str(item.count(Severity.ERROR) or "")
            case self.WARNINGS:
                return str(item.count(Severity.WARNING) or "")
            case self.FORM:
                return item.form_id
            case _:
                if item.counted:
                    return self.tr("Có (dù có lỗi)") if item.included_by_user and item.has_errors else self.tr("Có")
                return self.tr("Không")

    def sort_key(self, item: FileResult, column: int):
        match column:
            case self.STATUS:
                return (STATUS_ORDER[item.status], texts.sort_text(Path(item.path).name))
            case self.ERRORS:
                return item.count(Severity.ERROR)
            case self.WARNINGS:
                return item.count(Severity.WARNING)
            case self.PERIOD:
                return (1, item.period) if item.period else (0,)
            case _:
                return texts.sort_text(self.display(item, column))

    def icon(self, item: FileResult, column: int):
        return status_icon(item.status) if column == self.STATUS else None

    def tooltip(self, item: FileResult, column: int):
        if column == self.COUNTED and item.exclusion:
            return texts.reason(item.exclusion, item.exclusion_en or "")
        return item.path if column == self.FILE else None

    def alignment(self, item: FileResult, column: int):
        return right_aligned() if column in (self.ERRORS, self.WARNINGS) else None

    def row_of(self, path: str) -> int:
        return next((row for row, item in enumerate(self.items) if item.path == path), -1)


class FilesFilter(RowsProxy):
    """Filters by a text (file or unit name, diacritics ignored) and by status."""

    ALL, ERRORS, WARNINGS, CLEAN, UNREADABLE, EXCLUDED = range(6)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._text = ""
        self._kind = self.ALL

    def set_text(self, text: str) -> None:
        self._text = texts.sort_text(text.strip())
        self.refilter()

    def set_kind(self, kind: int) -> None:
        self._kind = kind
        self.refilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        item: FileResult = self.sourceModel().items[source_row]
        if self._text and self._text not in texts.sort_text(f"{Path(item.path).name} {item.unit_name or ''}"):
            return False
        match self._kind:
            case self.ERRORS:
                return item.status is FileStatus.ERRORS
            case self.WARNINGS:
                return item.status is FileStatus.WARNINGS
            case self.CLEAN:
                return item.status is FileStatus.CLEAN
            case self.UNREADABLE:
                return item.status is FileStatus.UNREADABLE
            case self.EXCLUDED:
                return not item.counted
        return True


class FilesPanel(QWidget):
    file_selected = Signal(str)
    include_toggled = Signal(str)
    remove_requested = Signal(str)
    duplicates_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = FilesModel(self)
        self.proxy = FilesFilter(self)
        self.proxy.setSourceModel(self.model)

        self.title = QLabel()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_text)
        self.kind = QComboBox()
        self.kind.currentIndexChanged.connect(self.proxy.set_kind)
        self.view = ListView()
        self.view.setModel(self.proxy)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(FilesModel.FILE, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._show_menu)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(28)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        # a child timer (dies with the panel): QTimer.singleShot(0, self, …) is not in the PySide6 the
        # Windows bundle pins (6.4.3)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_columns)
        header.moveSection(header.visualIndex(FilesModel.UNIT), 1)  # the unit's name in view, right of the status
        header.moveSection(header.visualIndex(FilesModel.FORM), 2)  # the form (when several) before the file
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.dataChanged):
            signal.connect(self._fit_later)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.kind)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addWidget(self.title)
        layout.addLayout(filters)
        layout.addWidget(self.view)
        self.setTabOrder(self.search, self.kind)
        self.setTabOrder(self.kind, self.view)

        self.open_action = QAction(self)
        self.open_action.triggered.connect(lambda: self._open(False))
        self.folder_action = QAction(self)
        self.folder_action.triggered.connect(lambda: self._open(True))
        self.remove_action = QAction(self)
        self.remove_action.setShortcut(Qt.Key.Key_Delete)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_action.triggered.connect(self._remove)
        self.view.addAction(self.remove_action)
        self.include_action = QAction(self)
        self.include_action.triggered.connect(self._toggle_include)
        self.duplicates_action = QAction(self)
        self.duplicates_action.triggered.connect(self.duplicates_requested)
        self.retranslate()

    def _fit_later(self, *_) -> None:
        if not self._fit_timer.isActive():  # once per burst of streamed results
            self._fit_timer.start()

    def fit_columns(self) -> None:
        """Every column as wide as its content (statuses whole, not “Khô…ược”), the unit's name readable;
        the file name takes the room left; the period shows only when the files' periods differ."""
        header, metrics = self.view.header(), self.view.fontMetrics()
        pad = 2 * self.view.style().pixelMetric(self.view.style().PixelMetric.PM_FocusFrameHMargin) + 16

        def fit(column: int, values, extra: int = 0, cap: int = 400) -> None:
            title = self.model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or ""
            widest = max([metrics.horizontalAdvance(str(v)) + extra for v in values] + [0])
            header.resizeSection(column, min(cap, max(widest, metrics.horizontalAdvance(title) + 12) + pad))

        items = self.model.items
        fit(FilesModel.STATUS, [texts.file_status(s) for s in STATUS_ORDER], extra=self.view.iconSize().width() + 8)
        fit(FilesModel.ERRORS, ["999"])
        fit(FilesModel.WARNINGS, ["999"])
        fit(FilesModel.UNIT, [i.unit_name or "" for i in items[:2000]], cap=240)
        periods = {i.period for i in items}
        self.view.setColumnHidden(FilesModel.PERIOD, len(periods) <= 1)
        fit(FilesModel.PERIOD, [p.label for p in periods if p])
        fit(FilesModel.COUNTED, [self.tr("Có (dù có lỗi)"), self.tr("Không")])
        forms = {i.form_id for i in items if i.form_id}
        self.view.setColumnHidden(FilesModel.FORM, len(forms) <= 1)  # shown when the files hold several forms
        fit(FilesModel.FORM, sorted(forms))
        others = sum(header.sectionSize(c) for c in range(self.model.columnCount()) if c != FilesModel.FILE)
        names = max([metrics.horizontalAdvance(Path(i.path).name) for i in items[:2000]] + [0]) + pad
        room = self.view.viewport().width() - others
        header.resizeSection(FilesModel.FILE, max(FILE_MIN_WIDTH, min(names, max(room, FILE_MIN_WIDTH))))

    def retranslate(self) -> None:
        self.title.setText(self.tr("<b>Tệp báo cáo</b>"))
        self.search.setPlaceholderText(self.tr("Lọc theo tên tệp hoặc đơn vị…"))
        self.search.setAccessibleName(self.tr("Lọc danh sách tệp"))
        kinds = [
            self.tr("Tất cả"),
            self.tr("Có lỗi"),
            self.tr("Có cảnh báo"),
            self.tr("Sạch"),
            self.tr("Không đọc được"),
            self.tr("Không được tính"),
        ]
        current = max(0, self.kind.currentIndex())
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItems(kinds)
        self.kind.setCurrentIndex(current)
        self.kind.blockSignals(False)
        self.kind.setAccessibleName(self.tr("Lọc theo trạng thái"))
        self.view.setAccessibleName(self.tr("Danh sách tệp báo cáo"))
        self._fit_later()
        self.open_action.setText(self.tr("Mở bằng Excel"))
        self.folder_action.setText(self.tr("Mở thư mục chứa"))
        self.remove_action.setText(self.tr("Bỏ khỏi danh sách"))
        self.duplicates_action.setText(self.tr("Chọn tệp được tính khi trùng…"))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- contents

    def set_results(self, results: list[FileResult]) -> None:
        current = self.current_path()
        self.model.set_items(results)
        if current:
            self.select(current)

    def add_results(self, results: list[FileResult]) -> None:
        self.model.add_items(results)

    def current_path(self) -> str | None:
        result = self.current_result()
        return result.path if result else None

    def current_result(self) -> FileResult | None:
        index = self.view.currentIndex()
        return index.data(OBJECT_ROLE) if index.isValid() else None

    def select(self, path: str) -> bool:
        row = self.model.row_of(path)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # filtered out: show everything so the file can be selected
            self.search.clear()
            self.kind.setCurrentIndex(FilesFilter.ALL)
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.file_selected.emit(current.data(OBJECT_ROLE).path)

    # -- context menu

    def _show_menu(self, position) -> None:
        result = self.current_result()
        if result is None:
            return
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addAction(self.folder_action)
        menu.addSeparator()
        if result.has_errors and result.submission is not None and result.unit is not None:
            self.include_action.setText(
                self.tr("Không đưa vào tổng hợp nữa") if result.included_by_user else self.tr("Vẫn đưa vào tổng hợp…")
            )
            menu.addAction(self.include_action)
        if any(i.check in ("duplicate_submission", "duplicate_not_chosen") for i in result.issues):
            menu.addAction(self.duplicates_action)
        menu.addAction(self.remove_action)
        self.include_action.setIcon(icon("consolidate"))
        menu.exec(self.view.viewport().mapToGlobal(position))

    def _open(self, folder: bool) -> None:
        path = self.current_path()
        if path:
            target = Path(path).parent if folder else Path(path)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def _remove(self) -> None:
        path = self.current_path()
        if path:
            self.remove_requested.emit(path)

    def _toggle_include(self) -> None:
        path = self.current_path()
        if path:
            self.include_toggled.emit(path)
