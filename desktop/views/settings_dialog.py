"""SettingsDialog: language, the unit registry (a province or a CSV, or none), the form schema and where
the archive file is."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.forms import FormError, load_form
from desktop.units import RegistryError, province_names
from desktop.views import preferences
from desktop.views.messages import show_error


@dataclass(frozen=True)
class Choices:
    language: str
    registry: dict[str, str]
    form: str
    archive: str = ""  # the archive file; empty: the data folder's archive.sqlite


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None, current: Choices) -> None:
        super().__init__(parent)
        self.language = QComboBox()
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(current.language)))

        self.no_registry = QRadioButton()
        self.by_province = QRadioButton()
        self.by_csv = QRadioButton()
        self.kind = QButtonGroup(self)
        for number, button in enumerate((self.no_registry, self.by_province, self.by_csv)):
            self.kind.addButton(button, number)
        self.province = QComboBox()
        self.province.addItems(province_names())
        self.csv_path = QLineEdit()
        self.csv_browse = QPushButton()
        self.csv_browse.clicked.connect(self._browse_csv)
        if current.registry.get("province"):
            self.by_province.setChecked(True)
            found = self.province.findText(current.registry["province"])
            if found < 0:
                found = next(
                    (
                        i
                        for i in range(self.province.count())
                        if self.province.itemText(i).endswith(current.registry["province"])
                    ),
                    -1,
                )
            self.province.setCurrentIndex(max(0, found))
        elif current.registry.get("units"):
            self.by_csv.setChecked(True)
            self.csv_path.setText(current.registry["units"])
        else:
            self.no_registry.setChecked(True)
        self.kind.idToggled.connect(self._update_enabled)

        self.form_path = QLineEdit(current.form)
        self.form_browse = QPushButton()
        self.form_browse.clicked.connect(self._browse_form)
        self.form_default = QPushButton()
        self.form_default.clicked.connect(self.form_path.clear)

        from desktop.archive import default_archive_path

        self.archive_path = QLineEdit(current.archive)
        self.archive_path.setPlaceholderText(str(default_archive_path()))
        self.archive_browse = QPushButton()
        self.archive_browse.clicked.connect(self._browse_archive)
        self.archive_default = QPushButton()
        self.archive_default.clicked.connect(self.archive_path.clear)
        self.archive_hint = QLabel()
        self.archive_hint.setWordWrap(True)

        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        general = QFormLayout()
        general.addRow(self.language_label, self.language)
        self.registry_box = QGroupBox()
        grid = QGridLayout(self.registry_box)
        grid.addWidget(self.by_province, 0, 0)
        grid.addWidget(self.province, 0, 1, 1, 2)
        grid.addWidget(self.by_csv, 1, 0)
        grid.addWidget(self.csv_path, 1, 1)
        grid.addWidget(self.csv_browse, 1, 2)
        grid.addWidget(self.no_registry, 2, 0, 1, 3)
        self.csv_hint = QLabel()
        self.csv_hint.setWordWrap(True)
        grid.addWidget(self.csv_hint, 3, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        self.form_box = QGroupBox()
        form_row = QHBoxLayout(self.form_box)
        form_row.addWidget(self.form_path, 1)
        form_row.addWidget(self.form_browse)
        form_row.addWidget(self.form_default)
        self.archive_box = QGroupBox()
        archive_grid = QGridLayout(self.archive_box)
        archive_grid.addWidget(self.archive_path, 0, 0)
        archive_grid.addWidget(self.archive_browse, 0, 1)
        archive_grid.addWidget(self.archive_default, 0, 2)
        archive_grid.addWidget(self.archive_hint, 1, 0, 1, 3)
        archive_grid.setColumnStretch(0, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(general)
        layout.addWidget(self.registry_box)
        layout.addWidget(self.form_box)
        layout.addWidget(self.archive_box)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._update_enabled()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Cài đặt"))
        self.language_label.setText(self.tr("&Ngôn ngữ giao diện:"))
        self.registry_box.setTitle(self.tr("Danh mục đơn vị báo cáo"))
        self.by_province.setText(self.tr("&Tỉnh/thành phố:"))
        self.by_csv.setText(self.tr("Tệp &CSV:"))
        self.no_registry.setText(self.tr("&Không dùng danh mục (không kiểm tra tên đơn vị)"))
        self.csv_browse.setText(self.tr("Chọn tệp…"))
        self.csv_hint.setText(
            self.tr("Tệp CSV có các cột code, name, kind và aliases (tên khác, cách nhau bởi dấu ;), mã hóa UTF-8.")
        )
        self.form_box.setTitle(self.tr("Biểu mẫu (tệp lược đồ YAML)"))
        self.form_path.setPlaceholderText(self.tr("Mặc định: TDBV-01"))
        self.form_browse.setText(self.tr("Chọn tệp…"))
        self.form_default.setText(self.tr("Mặc định"))
        self.archive_box.setTitle(self.tr("Kho lưu trữ số liệu các kỳ"))
        self.archive_browse.setText(self.tr("Chọn tệp…"))
        self.archive_default.setText(self.tr("Mặc định"))
        self.archive_hint.setText(
            self.tr("Một tệp SQLite giữ số liệu mọi kỳ đã lưu; có thể đặt ở thư mục dùng chung của cơ quan.")
        )
        self.archive_path.setAccessibleName(self.tr("Đường dẫn tệp kho lưu trữ"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Lưu"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        self.language.setAccessibleName(self.tr("Ngôn ngữ giao diện"))
        self.province.setAccessibleName(self.tr("Tỉnh/thành phố"))
        self.csv_path.setAccessibleName(self.tr("Đường dẫn tệp CSV danh mục đơn vị"))
        self.form_path.setAccessibleName(self.tr("Đường dẫn tệp biểu mẫu"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _update_enabled(self, *_) -> None:
        self.province.setEnabled(self.by_province.isChecked())
        self.csv_path.setEnabled(self.by_csv.isChecked())
        self.csv_browse.setEnabled(self.by_csv.isChecked())

    def _browse_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn danh mục đơn vị"), preferences.last_folder(), self.tr("Tệp CSV (*.csv)")
        )
        if path:
            self.csv_path.setText(path)

    def _browse_form(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp biểu mẫu"), preferences.last_folder(), self.tr("Biểu mẫu YAML (*.yaml *.yml)")
        )
        if path:
            self.form_path.setText(path)

    def _browse_archive(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Chọn tệp kho lưu trữ"),
            self.archive_path.text() or self.archive_path.placeholderText(),
            self.tr("Kho lưu trữ (*.sqlite)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.archive_path.setText(path)

    def choices(self) -> Choices:
        if self.by_province.isChecked():
            registry = {"province": self.province.currentText()}
        elif self.by_csv.isChecked() and self.csv_path.text().strip():
            registry = {"units": self.csv_path.text().strip()}
        else:
            registry = {}
        return Choices(
            self.language.currentData(), registry, self.form_path.text().strip(), self.archive_path.text().strip()
        )

    def accept(self) -> None:
        """Check the registry and form before closing, so a mistake is shown here and not later."""
        choices = self.choices()
        try:
            preferences.load_registry(choices.registry)
            if choices.form:
                load_form(choices.form)
        except (RegistryError, FormError) as exc:
            show_error(self, self.tr("Cài đặt chưa dùng được"), str(exc))
            return
        super().accept()
