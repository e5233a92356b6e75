"""SubmissionStatusPanel ("Tình hình nộp"): every unit of the registry, submitted / missing / excluded."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.consolidate import Status, StatusRow, unit_counts
from desktop.views import texts
from desktop.views.icons import status_icon
from desktop.views.list_view import ListView
from desktop.views.rows_model import RowsModel, RowsProxy, right_aligned

STATUS_ICON = {
    Status.SUBMITTED: "clean",
    Status.MISSING: "missing",
    Status.EXCLUDED: "errors",
    Status.UNKNOWN: "warnings",
    Status.SUPERSEDED: "missing",
}


STATUS_ORDER = {Status.EXCLUDED: 0, Status.UNKNOWN: 1, Status.MISSING: 2, Status.SUBMITTED: 3, Status.SUPERSEDED: 4}


class SubmissionStatusModel(RowsModel):
    CODE, UNIT, STATUS, NOTE, FILE, ERRORS, WARNINGS, TIME = range(8)

    def __init__(self, parent=None) -> None:
        super().__init__(
            [
                lambda: self.tr("Mã"),
                lambda: self.tr("Đơn vị"),
                lambda: self.tr("Tình trạng"),
                lambda: self.tr("Ghi chú"),
                lambda: self.tr("Tệp"),
                lambda: self.tr("Lỗi"),
                lambda: self.tr("Cảnh báo"),
                lambda: self.tr("Thời gian"),
            ],
            parent,
        )

    def display(self, item: StatusRow, column: int) -> str:
        match column:
            case self.CODE:
                return item.unit_code
            case self.UNIT:
                return item.unit_name
            case self.STATUS:
                return texts.submission_status(item.status)
            case self.FILE:
                return item.file
            case self.TIME:
                return item.modified
            case self.ERRORS:
                return str(item.errors or "") if item.file else ""
            case self.WARNINGS:
                return str(item.warnings or "") if item.file else ""
            case _:
                return texts.reason(item.reason, item.reason_en)

    def sort_key(self, item: StatusRow, column: int):
        if column in (self.ERRORS, self.WARNINGS):
            return item.errors if column == self.ERRORS else item.warnings
        if column == self.CODE:
            return (len(item.unit_code), item.unit_code)
        if column == self.STATUS:
            rank = STATUS_ORDER.get(item.status, 9)
            return (rank, len(item.unit_code), item.unit_code, texts.sort_text(item.unit_name))
        return texts.sort_text(self.display(item, column))

    def icon(self, item: StatusRow, column: int):
        return status_icon(STATUS_ICON.get(item.status, "info")) if column == self.STATUS else None

    def alignment(self, item: StatusRow, column: int):
        return right_aligned() if column in (self.CODE, self.ERRORS, self.WARNINGS) else None


class StatusFilter(RowsProxy):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.status: Status | None = None

    def set_status(self, status: Status | None) -> None:
        self.status = status
        self.refilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        return self.status is None or self.sourceModel().items[source_row].status == self.status


class SubmissionStatusPanel(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = SubmissionStatusModel(self)
        self.proxy = StatusFilter(self)
        self.proxy.setSourceModel(self.model)
        self.summary = QLabel()
        self.alert = QLabel()  # input folders that are not there
        self.alert.setObjectName("round_alert")
        self.alert.setWordWrap(True)
        self.alert.setStyleSheet("QLabel { background: #fdecea; border: 1px solid #e6a19a; padding: 4px 6px; }")
        self.news = QLabel()  # reports that just arrived in a watched folder
        self.news.setObjectName("round_news")
        self.news.setWordWrap(True)
        self.news.setStyleSheet("QLabel { background: #e8f1fb; border: 1px solid #9cbfe6; padding: 4px 6px; }")
        for label in (self.alert, self.news):
            label.hide()
        self.registry_name = ""
        self.show_label = QLabel()
        self.filter = QComboBox()
        self.filter.currentIndexChanged.connect(lambda i: self.proxy.set_status(self.filter.itemData(i)))
        self.show_label.setBuddy(self.filter)
        self.view = ListView()
        self.view.setModel(self.proxy)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(SubmissionStatusModel.STATUS, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.view.header()
        for column, width in ((0, 60), (1, 170), (2, 175), (3, 190), (4, 200), (5, 44), (6, 70), (7, 120)):
            header.resizeSection(column, width)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.show_label)
        top.addWidget(self.filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.alert)
        layout.addWidget(self.news)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self.retranslate()

    def retranslate(self) -> None:
        self.show_label.setText(self.tr("&Hiện:"))
        current = max(0, self.filter.currentIndex())
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(self.tr("Tất cả"), None)
        for status in (Status.SUBMITTED, Status.MISSING, Status.EXCLUDED, Status.SUPERSEDED, Status.UNKNOWN):
            self.filter.addItem(status_icon(STATUS_ICON[status]), texts.submission_status(status), status)
        self.filter.setCurrentIndex(current)
        self.filter.blockSignals(False)
        self.filter.setAccessibleName(self.tr("Lọc theo tình trạng nộp"))
        self.view.setAccessibleName(self.tr("Tình hình nộp báo cáo của các đơn vị"))
        self.model.retranslate()
        self._update_summary()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_rows(self, rows: list[StatusRow], registry_name: str) -> None:
        self.registry_name = registry_name
        self.model.set_items(rows)
        self._update_summary()

    def set_notices(self, alert: str, news: list[str]) -> None:
        """A warning (missing folders) and the latest arrivals, newest first; empty hides them."""
        self.alert.setText(alert)
        self.alert.setVisible(bool(alert))
        self.news.setText("<br>".join(news))
        self.news.setVisible(bool(news))

    def counts(self) -> Counter:
        return Counter(row.status for row in self.model.items)

    def _update_summary(self) -> None:
        counts = self.counts()
        if not self.model.items:
            self.summary.setText(self.tr("Chưa có tệp nào được kiểm tra."))
            return
        units = unit_counts(self.model.items)  # each unit once: the three add up to the units
        text = self.tr("<b>%1</b>: %2 đơn vị — đã nộp <b>%3</b>, chưa nộp <b>%4</b>, bị loại <b>%5</b>")
        for number, value in enumerate(
            (
                self.registry_name or self.tr("Không có danh mục"),
                units.units,
                units.submitted,
                units.missing,
                units.excluded,
            ),
            1,
        ):
            text = text.replace(f"%{number}", str(value))
        if counts[Status.UNKNOWN]:
            text += self.tr(", không có trong danh mục <b>%1</b>").replace("%1", str(counts[Status.UNKNOWN]))
        self.summary.setText(text)
