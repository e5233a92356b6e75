"""Shared pieces of the GUI tests: the demo batch, and walking a window for its visible strings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTabWidget,
    QWidget,
)

from desktop.demo import make_demo_files
from desktop.forms import Form
from desktop.periods import parse_period
from desktop.units import Registry

DEMO_UNITS = 10  # the last 7 carry the demo's deliberate problems; plus an older duplicate of the first


def write_demo_batch(folder: Path, form: Form, registry: Registry) -> list[Path]:
    return make_demo_files(folder, form, registry, parse_period("Quý III/2026"), count=DEMO_UNITS)


def visible_strings(window: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every piece of UI chrome a user can see: titles, labels, buttons, actions, menus,
    tabs, column headers, filter choices, placeholders. Data (file names, units, figures) is left out.
    """
    found: list[tuple[str, str]] = [("window title", window.windowTitle())]
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            found.append(("menu", action.text()))
            for item in action.menu().actions():
                if not item.isSeparator():
                    found.append(("menu item", item.text()))
    for action in window.findChildren(QAction):
        if action.text():
            found.append((f"action {action.objectName()}", action.text()))
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        name = f"{type(widget).__name__}"
        if isinstance(widget, QLabel) and widget.text() and not widget.text().startswith("<i>fx"):
            found.append((f"label {name}", widget.text()))
        elif isinstance(widget, QAbstractButton) and widget.text():
            found.append((f"button {name}", widget.text()))
        elif isinstance(widget, QGroupBox):
            found.append(("group", widget.title()))
        if isinstance(widget, QLineEdit) and widget.placeholderText():
            found.append(("placeholder", widget.placeholderText()))
        if isinstance(widget, QTabWidget):
            found.extend(("tab", widget.tabText(i)) for i in range(widget.count()))
        if isinstance(widget, QComboBox) and not widget.isEditable():
            choices = 1 if widget.objectName() == "unit_filter" else widget.count()  # the rest are unit names
            found.extend(("filter choice", widget.itemText(i)) for i in range(choices))
        if isinstance(widget, QAbstractItemView) and hasattr(widget, "header") and widget.model() is not None:
            model = widget.model()
            found.extend(("column", model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount()))
        if widget.accessibleName():
            found.append(("accessible name", widget.accessibleName()))
    return found
