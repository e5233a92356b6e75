"""The dialogs of a round: start a new one (Tệp > Đợt mới…) and confirm ending one (Tệp > Kết thúc đợt)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.periods import parse_period
from desktop.views.messages import Role, _box


class NewRoundDialog(QDialog):
    """The period of the new round; the folders and the registry stay those of the current one."""

    def __init__(self, parent: QWidget | None, period: str | None, folders: list[str], registry: str) -> None:
        super().__init__(parent)
        self.folders, self.registry = folders, registry
        self.period_edit = QLineEdit(period or "")
        self.period_edit.textChanged.connect(self._check)
        self.period_label = QLabel()
        self.period_label.setBuddy(self.period_edit)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.kept = QLabel()
        self.kept.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.period_label, self.period_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.kept)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Đợt tổng hợp mới"))
        self.period_label.setText(self.tr("&Kỳ báo cáo:"))
        self.period_edit.setPlaceholderText(self.tr("vd. Quý IV/2026; để trống: theo kỳ ghi trong các tệp"))
        folders = "<br>".join(f"• {f}" for f in self.folders) or self.tr("(chưa có thư mục nào)")
        text = self.tr("Đợt mới giữ danh mục <b>%1</b> và theo dõi các thư mục:<br>%2")
        self.kept.setText(text.replace("%1", self.registry or self.tr("Không có danh mục")).replace("%2", folders))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Bắt đầu đợt"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        self._check()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def period(self) -> str | None:
        text = self.period_edit.text().strip()
        found = parse_period(text) if text else None
        return found.label if found else None

    def _check(self) -> None:
        text = self.period_edit.text().strip()
        understood = not text or parse_period(text) is not None
        self.hint.setText(
            "" if understood else self.tr("Không hiểu kỳ báo cáo này (ví dụ: “Quý IV/2026”, “Tháng 9/2026”).")
        )
        self.hint.setVisible(not understood)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(understood)


def make_close_round_box(parent: QWidget | None, title: str, following: str) -> QMessageBox:
    translate = QCoreApplication.translate
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        translate("RoundDialog", "Kết thúc đợt"),
        translate("RoundDialog", "Kết thúc đợt “%1”?").replace("%1", title),
        translate(
            "RoundDialog",
            "Số liệu tổng hợp của đợt được lưu vào kho lưu trữ và đợt không nhận thêm tệp. Đợt mới (%1) bắt đầu "
            "với cùng các thư mục và danh mục đơn vị. Đợt cũ vẫn mở lại được từ Tệp > Đợt gần đây.",
        ).replace("%1", following),
    )
    box.addButton(translate("RoundDialog", "Kết thúc đợt"), Role.AcceptRole)
    box.setDefaultButton(box.addButton(translate("RoundDialog", "Không"), Role.RejectRole))
    return box


def ask_close_round(parent: QWidget | None, title: str, following: str) -> bool:
    box = make_close_round_box(parent, title, following)
    box.exec()
    return box.buttonRole(box.clickedButton()) == Role.AcceptRole
