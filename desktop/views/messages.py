"""The app's message boxes: built by make_* functions (so they can be rendered and tested), shown by
the ask_*/show_* ones. Button texts are the app's own, so they follow the UI language.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QSizePolicy, QSpacerItem, QWidget

from desktop import __version__
from desktop.forms import Form
from desktop.views.icons import icon

Role = QMessageBox.ButtonRole


def _box(parent: QWidget | None, kind: QMessageBox.Icon, title: str, text: str, informative: str = "") -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(kind)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    _widen(box)
    return box


def _widen(box: QMessageBox, width: int = 440) -> None:
    """QMessageBox wraps its text at a narrow width; a spacer row makes long Vietnamese sentences readable."""
    layout = box.layout()
    spacer = QSpacerItem(width, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)
    layout.addItem(spacer, layout.rowCount(), 0, 1, layout.columnCount())


class Messages(QObject):
    """Plural texts, in the "Messages" context: as `self.tr`, where every pyside6-lupdate finds the count
    (6.11's does not in QCoreApplication.translate)."""

    def errors_in(self, errors: int) -> str:
        return self.tr("Tệp “%1” có %n lỗi.", "", errors)


def make_include_box(parent: QWidget | None, file_name: str, errors: int) -> QMessageBox:
    box = _box(
        parent,
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("Messages", "Vẫn đưa vào tổng hợp"),
        Messages().errors_in(errors).replace("%1", file_name),
        QCoreApplication.translate(
            "Messages",
            "Số liệu của tệp này sẽ được cộng vào tổng hợp dù còn lỗi, và lựa chọn này được ghi vào tệp "
            "tổng hợp. Chỉ làm vậy khi đã xác minh số liệu với đơn vị. Tiếp tục?",
        ),
    )
    box.addButton(QCoreApplication.translate("Messages", "Vẫn đưa vào"), Role.AcceptRole)
    box.setDefaultButton(box.addButton(QCoreApplication.translate("Messages", "Không"), Role.RejectRole))
    return box


def ask_include(parent: QWidget | None, file_name: str, errors: int) -> bool:
    box = make_include_box(parent, file_name, errors)
    box.exec()
    return box.buttonRole(box.clickedButton()) == Role.AcceptRole


def make_exported_box(parent: QWidget | None, path: Path) -> QMessageBox:
    box = _box(
        parent,
        QMessageBox.Icon.Information,
        QCoreApplication.translate("Messages", "Đã xuất tệp tổng hợp"),
        QCoreApplication.translate("Messages", "Đã ghi tệp tổng hợp:"),
        str(path),
    )
    box.addButton(QCoreApplication.translate("Messages", "Mở tệp"), Role.AcceptRole).setObjectName("open_file")
    box.addButton(QCoreApplication.translate("Messages", "Mở thư mục"), Role.ActionRole).setObjectName("open_folder")
    archive = box.addButton(QCoreApplication.translate("Messages", "Lưu vào kho lưu trữ"), Role.ActionRole)
    archive.setObjectName("archive")
    box.setDefaultButton(box.addButton(QCoreApplication.translate("Messages", "Đóng"), Role.RejectRole))
    return box


def show_exported(parent: QWidget | None, path: Path) -> str:
    """The box after an export; returns the button clicked ("archive": the caller stores the batch)."""
    box = make_exported_box(parent, path)
    box.exec()
    clicked = box.clickedButton()
    name = clicked.objectName() if clicked else ""
    if name in ("open_file", "open_folder"):
        target = path if name == "open_file" else path.parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
    return name


def make_export_failed_box(parent: QWidget | None, reason: str) -> QMessageBox:
    box = _box(
        parent,
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("Messages", "Không ghi được tệp tổng hợp"),
        reason,
        QCoreApplication.translate(
            "Messages", "Không có gì bị mất: tệp cũ (nếu có) vẫn còn nguyên. Đóng tệp trong Excel rồi bấm “Thử lại”."
        ),
    )
    box.setDefaultButton(box.addButton(QCoreApplication.translate("Messages", "Thử lại"), Role.AcceptRole))
    box.addButton(QCoreApplication.translate("Messages", "Chọn chỗ khác…"), Role.ActionRole).setObjectName("elsewhere")
    box.addButton(QCoreApplication.translate("Messages", "Hủy"), Role.RejectRole)
    return box


def ask_export_retry(parent: QWidget | None, reason: str) -> str:
    """ "retry", "elsewhere" or "cancel"."""
    box = make_export_failed_box(parent, reason)
    box.exec()
    clicked = box.clickedButton()
    if clicked is None:
        return "cancel"
    if clicked.objectName() == "elsewhere":
        return "elsewhere"
    return "retry" if box.buttonRole(clicked) == Role.AcceptRole else "cancel"


def make_error_box(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    box = _box(parent, QMessageBox.Icon.Warning, title, text)
    box.setDefaultButton(box.addButton(QCoreApplication.translate("Messages", "Đóng"), Role.AcceptRole))
    return box


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    make_error_box(parent, title, text).exec()


def make_about_box(parent: QWidget | None, form: Form | None, log_file: Path | None) -> QMessageBox:
    box = _box(
        parent,
        QMessageBox.Icon.NoIcon,
        QCoreApplication.translate("Messages", "Giới thiệu"),
        QCoreApplication.translate("Messages", "<h3>Tổng hợp Báo cáo %1</h3>").replace("%1", __version__),
    )
    details = QCoreApplication.translate(
        "Messages",
        "Nhập, kiểm tra và tổng hợp báo cáo Excel của các đơn vị.\n\nBiểu mẫu: %1 (phiên bản %2)\nQt %3\nNhật ký: %4",
    )
    details = (
        details.replace("%1", form.id if form else "—")
        .replace("%2", form.version if form else "—")
        .replace("%3", qVersion())
        .replace("%4", str(log_file) if log_file else "—")
    )
    box.setInformativeText(details)
    box.setIconPixmap(icon("app").pixmap(64, 64))
    _widen(box)  # setting the pixmap lays the box out anew
    box.setDefaultButton(box.addButton(QCoreApplication.translate("Messages", "Đóng"), Role.AcceptRole))
    return box
