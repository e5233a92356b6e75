"""Icons drawn for the app (SVG under resources/icons), loaded once each."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from desktop.paths import resource


@cache
def icon(name: str) -> QIcon:
    return QIcon(str(resource("icons", f"{name}.svg")))


def status_icon(status: str) -> QIcon:
    """clean, warnings, errors, unreadable; also info and missing."""
    return icon(f"status-{status}")
