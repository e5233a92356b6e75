"""FormsDialog ("Biểu mẫu"): the installed forms, built-in and the user's own; import and export a form file.

One province gives its form to another as a file: export writes it, import installs it into the user's
data folder. "Biểu mẫu mới từ tệp Excel…" asks the main window to open the learning wizard.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.forms import FormError
from desktop.io.errors import OutputError
from desktop.library import InstalledForm, Library, LibraryError, export_form, import_form, load_library, user_forms_dir
from desktop.views import messages, preferences
from desktop.views.list_view import ListView
from desktop.views.rows_model import RowsModel

FORM_FILES = "*.yaml *.yml"


class FormsModel(RowsModel):
    def __init__(self, parent=None) -> None:
        super().__init__(
            [
                lambda: self.tr("Mã"),
                lambda: self.tr("Tên biểu mẫu"),
                lambda: self.tr("Phiên bản"),
                lambda: self.tr("Chỉ tiêu"),
                lambda: self.tr("Nguồn"),
            ],
            parent,
        )

    def display(self, item: InstalledForm, column: int) -> str:
        form = item.form
        if column == 4:
            return self.tr("Có sẵn") if item.builtin else self.tr("Của người dùng")
        return (form.id, form.name, form.version, str(len(form.indicators)))[column]

    def tooltip(self, item: InstalledForm, column: int) -> str:
        return f"{item.form.title}\n{item.path}"


class FormsDialog(QDialog):
    learn_requested = Signal()
    library_changed = Signal()

    def __init__(self, parent: QWidget | None, library: Library | None = None) -> None:
        super().__init__(parent)
        self.library = library or load_library()
        self.model = FormsModel(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setObjectName("form_problems")
        self.view = ListView()
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.view.header()
        header.setStretchLastSection(False)
        for column in (0, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.learn_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.clicked.connect(self.ask_import)
        self.export_button.clicked.connect(self.ask_export)
        self.learn_button.clicked.connect(self._learn)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.resize(880, 420)
        self._fill()
        self.retranslate()

    def _fill(self, select: str | None = None) -> None:
        self.model.set_items(list(self.library.forms))
        row = next((i for i, f in enumerate(self.library.forms) if f.form.id == select), 0)
        if self.library.forms:
            index = self.model.index(row, 0)
            self.view.selectionModel().select(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.view.setCurrentIndex(index)
        self.problems.setVisible(bool(self.library.problems))
        self.problems.setText("\n".join(self.library.problems))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Biểu mẫu"))
        builtin = sum(f.builtin for f in self.library.forms)
        self.summary.setText(
            self.tr("%1 biểu mẫu đã cài: %2 có sẵn, %3 của người dùng (trong thư mục “%4”).")
            .replace("%1", str(len(self.library.forms)))
            .replace("%2", str(builtin))
            .replace("%3", str(len(self.library.forms) - builtin))
            .replace("%4", str(user_forms_dir()))
        )
        self.view.setAccessibleName(self.tr("Danh sách biểu mẫu"))
        self.import_button.setText(self.tr("Nhập tệp biểu mẫu…"))
        self.export_button.setText(self.tr("Xuất ra tệp…"))
        self.learn_button.setText(self.tr("Biểu mẫu mới từ tệp Excel…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def selected(self) -> InstalledForm | None:
        index = self.view.currentIndex()
        return self.model.items[index.row()] if index.isValid() else None

    def ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Chọn tệp biểu mẫu"),
            preferences.last_folder(),
            self.tr("Tệp biểu mẫu (%1)").replace("%1", FORM_FILES),
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> InstalledForm | None:
        """Install a form file; a bad one gets a message naming the file and the field, nothing changes."""
        try:
            installed, _ = import_form(path)
        except (FormError, LibraryError, OutputError, OSError) as exc:
            messages.show_error(self, self.tr("Không nhập được biểu mẫu"), str(exc))
            return None
        self.library = load_library()
        self._fill(select=installed.form.id)
        self.retranslate()
        self.library_changed.emit()
        return installed

    def ask_export(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        suggested = Path(preferences.last_folder()) / f"{chosen.form.id}.yaml"
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Xuất biểu mẫu ra tệp"),
            str(suggested),
            self.tr("Tệp biểu mẫu (%1)").replace("%1", FORM_FILES),
        )
        if path:
            self.export_to(chosen.form.id, Path(path))

    def export_to(self, form_id: str, path: Path) -> Path | None:
        try:
            return export_form(form_id, path, self.library)
        except (LibraryError, OutputError, OSError) as exc:
            messages.show_error(self, self.tr("Không xuất được biểu mẫu"), str(exc))
            return None

    def _learn(self) -> None:
        self.learn_requested.emit()
        self.accept()
