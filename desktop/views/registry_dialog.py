"""RegistryDialog ("Danh mục đơn vị"): the units the batch is checked against, searchable."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.units import Registry, Unit
from desktop.views import texts
from desktop.views.list_view import ListView
from desktop.views.rows_model import RowsModel, RowsProxy


class UnitsModel(RowsModel):
    def __init__(self, parent=None) -> None:
        super().__init__([lambda: self.tr("Mã"), lambda: self.tr("Tên đơn vị"), lambda: self.tr("Loại")], parent)

    def display(self, item: Unit, column: int) -> str:
        return (item.code, item.name, item.kind)[column]

    def sort_key(self, item: Unit, column: int):
        return (len(item.code), item.code) if column == 0 else texts.sort_text(self.display(item, column))


class UnitsFilter(RowsProxy):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.text = ""

    def set_text(self, text: str) -> None:
        self.text = texts.sort_text(text.strip())
        self.refilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        unit: Unit = self.sourceModel().items[source_row]
        return not self.text or self.text in texts.sort_text(f"{unit.code} {unit.name} {' '.join(unit.aliases)}")


class RegistryDialog(QDialog):
    change_requested = Signal()

    def __init__(self, parent: QWidget | None, registry: Registry | None) -> None:
        super().__init__(parent)
        self.registry = registry
        self.model = UnitsModel(self)
        self.model.set_items(registry.units if registry else [])
        self.proxy = UnitsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_text)
        self.view = ListView()
        self.view.setModel(self.proxy)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.header().resizeSection(0, 80)
        self.view.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.change = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.change.clicked.connect(self._change)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 560)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Danh mục đơn vị"))
        if self.registry is None:
            self.summary.setText(
                self.tr("Chưa chọn danh mục đơn vị: tên đơn vị trong các tệp không được kiểm tra. Bấm “Đổi danh mục…”.")
            )
        else:
            self.summary.setText(
                self.tr("<b>%1</b>: %2 đơn vị")
                .replace("%1", self.registry.name)
                .replace("%2", str(len(self.registry.units)))
            )
        self.search.setPlaceholderText(self.tr("Tìm theo mã hoặc tên (không cần dấu)…"))
        self.search.setAccessibleName(self.tr("Tìm đơn vị"))
        self.view.setAccessibleName(self.tr("Danh sách đơn vị"))
        self.change.setText(self.tr("Đổi danh mục…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _change(self) -> None:
        self.change_requested.emit()
        self.accept()
