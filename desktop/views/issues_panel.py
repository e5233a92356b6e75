"""IssuesPanel: every issue of the batch (severity, unit, file, cell, message), filterable by severity
and unit; double-click (or Enter) asks to show the file at the cell.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.issues import Issue, Severity
from desktop.views import texts
from desktop.views.icons import status_icon
from desktop.views.list_view import ListView
from desktop.views.rows_model import OBJECT_ROLE, RowsModel, RowsProxy

SEVERITY_ICON = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "info"}


def where(issue: Issue) -> str:
    if issue.sheet and issue.cell:
        return f"{issue.sheet}!{issue.cell}"
    return issue.sheet or issue.cell or ""


class IssuesModel(RowsModel):
    SEVERITY, UNIT, FILE, CELL, MESSAGE = range(5)

    def __init__(self, parent=None) -> None:
        super().__init__(
            [
                lambda: self.tr("Mức độ"),
                lambda: self.tr("Đơn vị"),
                lambda: self.tr("Tệp"),
                lambda: self.tr("Ô"),
                lambda: self.tr("Nội dung"),
            ],
            parent,
        )

    def display(self, item: Issue, column: int) -> str:
        match column:
            case self.SEVERITY:
                return texts.severity(item.severity)
            case self.UNIT:
                return item.unit or ""
            case self.FILE:
                return Path(item.file).name if item.file else ""
            case self.CELL:
                return where(item)
            case _:
                return texts.issue_text(item)

    def sort_key(self, item: Issue, column: int):
        if column == self.SEVERITY:
            return (item.severity.rank, texts.sort_text(Path(item.file).name if item.file else ""))
        if column == self.CELL:
            return (item.sheet or "", len(item.cell or ""), item.cell or "")
        return texts.sort_text(self.display(item, column))

    def icon(self, item: Issue, column: int):
        return status_icon(SEVERITY_ICON[item.severity]) if column == self.SEVERITY else None

    def tooltip(self, item: Issue, column: int):
        return texts.issue_text(item) if column == self.MESSAGE else None

    def foreground(self, item: Issue, column: int):
        return QColor("#a4262c") if item.severity is Severity.ERROR and column == self.MESSAGE else None


class IssuesFilter(RowsProxy):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.severity: Severity | None = None
        self.unit: str | None = None
        self.file: str | None = None

    def set_severity(self, severity: Severity | None) -> None:
        self.severity = severity
        self.refilter()

    def set_unit(self, unit: str | None) -> None:
        self.unit = unit
        self.refilter()

    def set_file(self, file: str | None) -> None:
        self.file = file
        self.refilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        issue: Issue = self.sourceModel().items[source_row]
        if self.severity is not None and issue.severity is not self.severity:
            return False
        if self.unit is not None and (issue.unit or "") != self.unit:
            return False
        return self.file is None or issue.file == self.file


class IssuesPanel(QWidget):
    issue_activated = Signal(object)  # Issue

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = IssuesModel(self)
        self.proxy = IssuesFilter(self)
        self.proxy.setSourceModel(self.model)
        self.severity_label = QLabel()
        self.severity = QComboBox()
        self.severity.currentIndexChanged.connect(self._severity_changed)
        self.severity_label.setBuddy(self.severity)
        self.unit_label = QLabel()
        self.unit = QComboBox()
        self.unit.setObjectName("unit_filter")
        self.unit.setMinimumContentsLength(18)
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.unit_label.setBuddy(self.unit)
        self.count = QLabel()
        self.view = ListView()
        self.view.setModel(self.proxy)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(IssuesModel.SEVERITY, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.activated.connect(self._activated)  # double-click, or Enter
        header = self.view.header()
        header.setStretchLastSection(True)
        for column, width in ((0, 105), (1, 160), (2, 190), (3, 110)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(IssuesModel.MESSAGE, QHeaderView.ResizeMode.Stretch)

        filters = QHBoxLayout()
        filters.addWidget(self.severity_label)
        filters.addWidget(self.severity)
        filters.addSpacing(12)
        filters.addWidget(self.unit_label)
        filters.addWidget(self.unit)
        filters.addStretch(1)
        filters.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.view)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.retranslate()

    def retranslate(self) -> None:
        self.severity_label.setText(self.tr("&Mức độ:"))
        self.unit_label.setText(self.tr("Đơn &vị:"))
        self.severity.blockSignals(True)
        current = max(0, self.severity.currentIndex())
        self.severity.clear()
        self.severity.addItem(self.tr("Tất cả"), None)
        for value in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            self.severity.addItem(status_icon(SEVERITY_ICON[value]), texts.severity(value), value.value)
        self.severity.setCurrentIndex(current)
        self.severity.blockSignals(False)
        if self.unit.count():
            self.unit.setItemText(0, self.tr("Tất cả đơn vị"))
        else:
            self.unit.addItem(self.tr("Tất cả đơn vị"), None)
        self.severity.setAccessibleName(self.tr("Lọc theo mức độ"))
        self.unit.setAccessibleName(self.tr("Lọc theo đơn vị"))
        self.view.setAccessibleName(self.tr("Danh sách lỗi và cảnh báo"))
        self.model.retranslate()
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_issues(self, issues: list[Issue]) -> None:
        self.model.set_items(issues)
        self._refresh_units()

    def add_issues(self, issues: list[Issue]) -> None:
        self.model.add_items(issues)

    def _refresh_units(self) -> None:
        selected = self.unit.currentData()
        units = sorted({i.unit for i in self.model.items if i.unit}, key=texts.sort_text)
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItem(self.tr("Tất cả đơn vị"), None)
        for unit in units:
            self.unit.addItem(unit, unit)
        found = self.unit.findData(selected) if selected else 0
        self.unit.setCurrentIndex(max(0, found))
        self.unit.blockSignals(False)
        self.proxy.set_unit(self.unit.currentData())

    def _severity_changed(self, index: int) -> None:
        value = self.severity.itemData(index)
        self.proxy.set_severity(Severity(value) if value else None)
        self._update_count()

    def _unit_changed(self, index: int) -> None:
        self.proxy.set_unit(self.unit.itemData(index))
        self._update_count()

    def _update_count(self, *_) -> None:
        self.count.setText(self.tr("%n vấn đề", "", self.proxy.rowCount()))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.issue_activated.emit(index.data(OBJECT_ROLE))

    def issues_in_order(self, file: str) -> list[Issue]:
        """The issues of one file, in the panel's current order (whatever the filters show)."""
        return [issue for issue in self.model.items if issue.file == file]

    def select(self, issue: Issue) -> bool:
        """Select an issue's row, clearing the filters when they hide it."""
        row = next((r for r, item in enumerate(self.model.items) if item is issue), -1)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.severity.setCurrentIndex(0)
            self.unit.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True
