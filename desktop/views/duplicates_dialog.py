"""DuplicatesDialog: for each unit and period sent more than once, the user picks the file that counts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.issues import Severity
from desktop.report import FileResult


def _when(stamp: float | None) -> str:
    return datetime.fromtimestamp(stamp).strftime("%d/%m/%Y %H:%M") if stamp else "—"


class DuplicatesDialog(QDialog):
    def __init__(self, parent: QWidget | None, groups: list[tuple[list[FileResult], FileResult]]) -> None:
        """`groups`: the files of each unit and period, and the one that counts now."""
        super().__init__(parent)
        self.groups = groups
        self._choices: list[tuple[QButtonGroup, list[FileResult]]] = []
        self._boxes: list[tuple[QGroupBox, FileResult]] = []
        self._buttons: list[tuple[QRadioButton, FileResult]] = []
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        inner = QWidget()
        column = QVBoxLayout(inner)
        for members, chosen in groups:
            box = QGroupBox()
            box_layout = QVBoxLayout(box)
            buttons = QButtonGroup(box)
            for number, member in enumerate(sorted(members, key=lambda m: -(m.modified or 0))):
                button = QRadioButton()
                button.setChecked(member is chosen)
                buttons.addButton(button, number)
                box_layout.addWidget(button)
                self._buttons.append((button, member))
            self._choices.append((buttons, sorted(members, key=lambda m: -(m.modified or 0))))
            self._boxes.append((box, chosen))
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(640, min(560, 180 + 110 * len(groups)))
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Chọn tệp được tính khi trùng"))
        self.intro.setText(
            self.tr(
                "Các đơn vị dưới đây gửi nhiều tệp cho cùng một kỳ. Chọn tệp được tính vào tổng hợp; "
                "các tệp còn lại bị loại và lựa chọn được ghi vào tệp tổng hợp. Mặc định là tệp mới hơn."
            )
        )
        for box, chosen in self._boxes:
            period = chosen.period.label if chosen.period else ""
            box.setTitle(f"{chosen.unit_name or ''} — {period}")
        for button, member in self._buttons:
            details = ", ".join(
                (
                    self.tr("sửa lúc %1").replace("%1", _when(member.modified)),
                    self.tr("%n lỗi", "", member.count(Severity.ERROR)),
                    self.tr("%n cảnh báo", "", member.count(Severity.WARNING)),
                )
            )
            text = f"{Path(member.path).name} ({details})"
            button.setText(text)
            button.setToolTip(member.path)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Dùng các tệp đã chọn"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def chosen(self) -> list[tuple[str, list[str]]]:
        """(the chosen path, all paths of its group) for each group."""
        picked = []
        for buttons, members in self._choices:
            index = buttons.checkedId()
            if index >= 0:
                picked.append((members[index].path, [m.path for m in members]))
        return picked

    def choose(self, path: str) -> None:
        """Select a file's button (for the keyboard-free tests and scripts)."""
        for button, member in self._buttons:
            if member.path == path:
                button.setChecked(True)
