"""RowsModel: a read-only table model over a list of core objects, one row each.

Subclasses say what a column shows (`display`), how it sorts (`sort_key`) and, optionally, its icon,
tooltip and colour. Column titles are functions so they follow the UI language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2
# Views ask data() for a dozen roles per cell on every repaint: plain ints and an early exit keep that cheap.
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
DECORATION = int(Qt.ItemDataRole.DecorationRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
FONT = int(Qt.ItemDataRole.FontRole)
ROLES = frozenset({DISPLAY, DECORATION, TOOLTIP, FOREGROUND, ALIGNMENT, FONT, int(OBJECT_ROLE)})
Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    def __init__(self, titles: Sequence[Callable[[], str]], parent=None) -> None:
        super().__init__(parent)
        self._titles = list(titles)
        self.items: list[Any] = []
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._titles)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if int(role) == DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self._titles[section]()
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        role = int(role)
        if role not in ROLES or not index.isValid():
            return None
        item, column = self.items[index.row()], index.column()
        if role == DISPLAY:
            return self.display(item, column)
        if role == OBJECT_ROLE:
            return item
        if role == DECORATION:
            return self.icon(item, column)
        if role == TOOLTIP:
            return self.tooltip(item, column)
        if role == FOREGROUND:
            return self.foreground(item, column)
        if role == ALIGNMENT:
            return self.alignment(item, column)
        return self.font(item, column)

    def display(self, item: Any, column: int) -> str:
        raise NotImplementedError

    def sort_key(self, item: Any, column: int) -> Any:
        return self.display(item, column)

    def icon(self, item: Any, column: int) -> Any:
        return None

    def tooltip(self, item: Any, column: int) -> Any:
        return None

    def foreground(self, item: Any, column: int) -> Any:
        return None

    def alignment(self, item: Any, column: int) -> Any:
        return None

    def font(self, item: Any, column: int) -> Any:
        return None

    def set_items(self, items: Sequence[Any]) -> None:
        self.beginResetModel()
        self.items = self._sorted(list(items))
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted in Python by the typed sort keys: fast, and tuples and periods compare as they should."""
        self.sort_column, self.sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        self.items = self._sorted(self.items)
        self.layoutChanged.emit()

    def _sorted(self, items: list[Any]) -> list[Any]:
        if self.sort_column < 0:
            return items
        column = self.sort_column
        try:
            return sorted(
                items,
                key=lambda item: self.sort_key(item, column),
                reverse=self.sort_order == Qt.SortOrder.DescendingOrder,
            )
        except TypeError:
            return sorted(items, key=lambda item: str(self.display(item, column)))

    def add_items(self, items: Sequence[Any]) -> None:
        if not items:
            return
        first = len(self.items)
        self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
        self.items.extend(items)
        self.endInsertRows()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self._titles) - 1))
        if self.items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.items) - 1, len(self._titles) - 1))


def right_aligned() -> Qt.AlignmentFlag:
    return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class RowsProxy(QSortFilterProxyModel):
    """Filters a RowsModel; sorting is passed on to the model, which sorts in Python (the proxy keeps
    the model's order), so that large lists sort without a Python call per comparison."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def refilter(self) -> None:
        """Apply a changed filter (Qt 6.10 replaced invalidateFilter; 6.4 only has that)."""
        if hasattr(self, "endFilterChange"):
            self.beginFilterChange()
            self.endFilterChange()
        else:
            self.invalidateFilter()
