"""ConsolidationPreviewPanel: the consolidated figures, by indicator, before they are exported."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QVBoxLayout, QWidget

from desktop.consolidate import Consolidation
from desktop.forms import Form
from desktop.views import texts
from desktop.views.list_view import ListView
from desktop.views.rows_model import RowsModel, right_aligned
from desktop.views.session import PreviewRow


class PreviewModel(RowsModel):
    """Code, label and unit, then one column per value column of the form (its own header), and the
    comparison with last year when the form has a last-year column."""

    CODE, LABEL, UNIT, FIRST_VALUE = range(4)

    def __init__(self, parent=None) -> None:
        self._fixed = [lambda: self.tr("Mã số"), lambda: self.tr("Chỉ tiêu"), lambda: self.tr("Đơn vị tính")]
        super().__init__(self._fixed, parent)
        self.set_form(None)

    def set_form(self, form: Form | None) -> None:
        """The columns of the form's figures (TDBV-01's when none is known yet)."""
        # the built-in form's headers follow the UI language; a learned form's are its own words
        known = {
            "Kỳ báo cáo": lambda: self.tr("Kỳ báo cáo"),
            "Cùng kỳ năm trước": lambda: self.tr("Cùng kỳ năm trước"),
        }
        headers = list(form.indicator_sheet.value_columns.values()) if form else list(known)
        titles = [known.get(h, lambda h=h: h) for h in headers]
        self.compared = form.compared if form else True
        if self.compared:
            titles.append(lambda: self.tr("So sánh (%)"))
        self.beginResetModel()
        self._titles = self._fixed + titles
        self.endResetModel()

    def display(self, item: PreviewRow, column: int) -> str:
        match column:
            case self.CODE:
                return item.code
            case self.LABEL:
                return (item.label_en or item.label) if texts.language() == "en" else item.label
            case self.UNIT:
                return item.unit
        index = column - self.FIRST_VALUE
        if index < len(item.values):
            return texts.number(item.values[index])
        return texts.number(item.change) if self.compared and item.code else ""

    def alignment(self, item: PreviewRow, column: int):
        return right_aligned() if column >= self.FIRST_VALUE else None

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
        self._size_columns()
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

    def _size_columns(self) -> None:
        header = self.view.header()
        header.resizeSection(PreviewModel.CODE, 60)
        header.resizeSection(PreviewModel.UNIT, 100)
        for column in range(PreviewModel.FIRST_VALUE, self.model.columnCount()):
            header.resizeSection(column, 120)

    def set_consolidation(self, consolidation: Consolidation | None, rows: list[PreviewRow]) -> None:
        """The consolidation and its figures by indicator (computed off the GUI thread: see preview_rows)."""
        if consolidation is not None:
            self.model.set_form(consolidation.form)
            self._size_columns()
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
