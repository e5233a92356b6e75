"""ConsolidationPreviewPanel: the consolidated figures, by indicator, before they are exported."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QVBoxLayout, QWidget

from desktop.consolidate import Consolidation
from desktop.views import texts
from desktop.views.list_view import ListView
from desktop.views.rows_model import RowsModel, right_aligned
from desktop.views.session import PreviewRow


class PreviewModel(RowsModel):
    CODE, LABEL, UNIT, CURRENT, PREVIOUS, CHANGE = range(6)

    def __init__(self, parent=None) -> None:
        super().__init__(
            [
                lambda: self.tr("Mã số"),
                lambda: self.tr("Chỉ tiêu"),
                lambda: self.tr("Đơn vị tính"),
                lambda: self.tr("Kỳ báo cáo"),
                lambda: self.tr("Cùng kỳ năm trước"),
                lambda: self.tr("So sánh (%)"),
            ],
            parent,
        )

    def display(self, item: PreviewRow, column: int) -> str:
        match column:
            case self.CODE:
                return item.code
            case self.LABEL:
                return (item.label_en or item.label) if texts.language() == "en" else item.label
            case self.UNIT:
                return item.unit
            case self.CURRENT:
                return texts.number(item.current)
            case self.PREVIOUS:
                return texts.number(item.previous)
            case _:
                return texts.number(item.change)

    def alignment(self, item: PreviewRow, column: int):
        return right_aligned() if column >= self.CURRENT else None

    def font(self, item: PreviewRow, column: int):
        if item.code:
            return None
        font = QFont()
        font.setBold(True)
        return font


class ConsolidationPreviewPanel(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = PreviewModel(self)
        self.consolidation: Consolidation | None = None
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.view = ListView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(False)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(PreviewModel.LABEL, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 60), (2, 100), (3, 110), (4, 140), (5, 100)):
            header.resizeSection(column, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.view)
        self.retranslate()

    def retranslate(self) -> None:
        self.view.setAccessibleName(self.tr("Số liệu tổng hợp"))
        self.model.retranslate()
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_consolidation(self, consolidation: Consolidation | None, rows: list[PreviewRow]) -> None:
        """The consolidation and its figures by indicator (computed off the GUI thread: see preview_rows)."""
        self.consolidation = consolidation
        self.model.set_items(rows if consolidation and consolidation.rows else [])
        self._update_title()

    def _update_title(self) -> None:
        consolidation = self.consolidation
        if consolidation is None or not consolidation.rows:
            self.title.setText(self.tr("Chưa có số liệu để tổng hợp: hãy thêm các tệp báo cáo của đơn vị."))
            return
        text = self.tr(
            "<b>Tổng hợp %1 — %2</b>: %n đơn vị được tính. Xuất Excel (Ctrl+E) để ghi tệp tổng hợp.",
            "",
            len(consolidation.rows),
        )
        area = consolidation.area_name or self.tr("các đơn vị")
        period = consolidation.period.label if consolidation.period else self.tr("chưa rõ kỳ")
        self.title.setText(text.replace("%1", area).replace("%2", period))
