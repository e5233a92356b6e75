"""TemplateDialog ("Tạo biểu mẫu"): a blank workbook of the form for one unit, or for every unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.io.formsheet import Header
from desktop.io.template import write_unit_workbook
from desktop.periods import ROMAN, Period, format_date, parse_period
from desktop.units import Registry, Unit
from desktop.views import preferences
from desktop.views.messages import show_error


@dataclass(frozen=True)
class TemplateRequest:
    units: list[Unit]
    period: Period
    folder: Path


def template_name(unit: Unit, period: Period) -> str:
    return f"{unit.name} - {period.label.replace('/', '-')}.xlsx"


def write_templates(state, request: TemplateRequest, form) -> list[Path]:
    """What the worker runs: one workbook per unit, in the chosen folder."""
    start, end = request.period.police_dates
    written = []
    for done, unit in enumerate(request.units):
        if state.cancelled():
            break
        header = Header(unit.name, unit.code, request.period.label, format_date(start), format_date(end), form.issuer)
        written.append(write_unit_workbook(request.folder / template_name(unit, request.period), form, header))
        state.progress(done + 1, len(request.units), unit.name)
    return written


def this_quarter() -> str:
    today = date.today()
    return f"Quý {ROMAN[(today.month - 1) // 3 + 1]}/{today.year}"


class TemplateDialog(QDialog):
    def __init__(self, parent: QWidget | None, registry: Registry | None, period: str | None) -> None:
        super().__init__(parent)
        self.registry = registry
        self.unit = QComboBox()
        self.unit.setEditable(True)
        for unit in registry.units if registry else []:
            self.unit.addItem(unit.name, unit)
        self.unit.setCurrentIndex(-1)
        self.all_units = QCheckBox()
        self.all_units.setEnabled(registry is not None)
        self.all_units.toggled.connect(self.unit.setDisabled)
        self.period = QLineEdit(period or this_quarter())
        self.folder = QLineEdit(preferences.last_folder())
        self.browse = QPushButton()
        self.browse.clicked.connect(self._browse)
        self.unit_label, self.period_label, self.folder_label = QLabel(), QLabel(), QLabel()
        self.unit_label.setBuddy(self.unit)
        self.period_label.setBuddy(self.period)
        self.folder_label.setBuddy(self.folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        fields = QFormLayout()
        fields.addRow(self.unit_label, self.unit)
        fields.addRow("", self.all_units)
        fields.addRow(self.period_label, self.period)
        fields.addRow(self.folder_label, folder_row)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(540)
        self.request: TemplateRequest | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Tạo biểu mẫu"))
        self.unit_label.setText(self.tr("Đơn &vị:"))
        self.all_units.setText(self.tr("Một tệp cho &mỗi đơn vị trong danh mục"))
        self.period_label.setText(self.tr("&Kỳ báo cáo:"))
        self.folder_label.setText(self.tr("&Lưu vào thư mục:"))
        self.browse.setText(self.tr("Chọn…"))
        self.period.setPlaceholderText(self.tr("vd. Quý III/2026, Tháng 8/2026, Năm 2026"))
        self.hint.setText(
            self.tr(
                "Biểu mẫu có sẵn tên đơn vị, mã đơn vị, kỳ báo cáo và ngày theo quy ước thống kê; "
                "ô số liệu chỉ nhận số nguyên ≥ 0."
            )
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Tạo"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        self.unit.setAccessibleName(self.tr("Đơn vị"))
        self.period.setAccessibleName(self.tr("Kỳ báo cáo"))
        self.folder.setAccessibleName(self.tr("Thư mục lưu biểu mẫu"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Chọn thư mục lưu biểu mẫu"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _units(self) -> list[Unit]:
        if self.all_units.isChecked() and self.registry:
            return list(self.registry.units)
        text = self.unit.currentText().strip()
        if not text:
            return []
        data = self.unit.currentData()
        if isinstance(data, Unit) and data.name == text:
            return [data]
        if self.registry:
            found = self.registry.by_name(text) or self.registry.by_code(text)
            if found:
                return [found]
        return [Unit("", text)]

    def accept(self) -> None:
        period = parse_period(self.period.text())
        units = self._units()
        folder = Path(self.folder.text().strip() or ".")
        if not units:
            show_error(self, self.tr("Tạo biểu mẫu"), self.tr("Hãy nhập hoặc chọn một đơn vị."))
            return
        if period is None:
            show_error(
                self,
                self.tr("Tạo biểu mẫu"),
                self.tr("Không hiểu kỳ báo cáo “%1” (ví dụ: “Quý III/2026”, “Tháng 8/2026”, “Năm 2026”).").replace(
                    "%1", self.period.text()
                ),
            )
            return
        if not folder.is_dir():
            show_error(self, self.tr("Tạo biểu mẫu"), self.tr("Thư mục “%1” không tồn tại.").replace("%1", str(folder)))
            return
        self.request = TemplateRequest(units, period, folder)
        super().accept()
