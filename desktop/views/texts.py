"""The words the views show for core values (statuses, severities, reasons) and numbers, in the UI language.

Source strings are Vietnamese; English comes from the translator. The core keeps its own Vietnamese
and English issue messages, so those are picked by language rather than translated here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from PySide6.QtCore import QCoreApplication, QLocale

from desktop.consolidate import Status
from desktop.issues import Issue, Severity
from desktop.report import FileStatus
from desktop.vntext import fold


@lru_cache(maxsize=16384)
def sort_text(text: str) -> str:
    """Text as it sorts and filters: case and diacritics folded (cached: lists sort thousands of names)."""
    return fold(text)


def language() -> str:
    return "en" if QLocale().language() == QLocale.Language.English else "vi"


def issue_text(issue: Issue) -> str:
    return issue.text(language())


def file_status(status: FileStatus) -> str:
    return {
        FileStatus.CLEAN: QCoreApplication.translate("Texts", "Sạch"),
        FileStatus.WARNINGS: QCoreApplication.translate("Texts", "Cảnh báo"),
        FileStatus.ERRORS: QCoreApplication.translate("Texts", "Lỗi"),
        FileStatus.UNREADABLE: QCoreApplication.translate("Texts", "Không đọc được"),
    }.get(status, status)


def severity(value: Severity) -> str:
    return {
        Severity.ERROR: QCoreApplication.translate("Texts", "Lỗi"),
        Severity.WARNING: QCoreApplication.translate("Texts", "Cảnh báo"),
        Severity.INFO: QCoreApplication.translate("Texts", "Thông tin"),
    }[value]


def submission_status(status: Status) -> str:
    return {
        Status.SUBMITTED: QCoreApplication.translate("Texts", "Đã nộp"),
        Status.MISSING: QCoreApplication.translate("Texts", "Chưa nộp"),
        Status.EXCLUDED: QCoreApplication.translate("Texts", "Bị loại"),
        Status.UNKNOWN: QCoreApplication.translate("Texts", "Không có trong danh mục"),
        Status.SUPERSEDED: QCoreApplication.translate("Texts", "Trùng, không tính"),
    }[status]


_ERRORS = re.compile(r"^có (\d+) lỗi$")
_DUPLICATE = re.compile(r"^trùng lặp: tính tệp “(.*)”$")


def reason(text: str, text_en: str = "") -> str:
    """Why a file is left out (the core's Vietnamese reason), in the UI language."""
    if language() == "vi" or not text:
        return text
    if text_en:
        return text_en
    fixed = {
        "không đọc được tệp": QCoreApplication.translate("Texts", "không đọc được tệp"),
        "không nhận ra biểu mẫu": QCoreApplication.translate("Texts", "không nhận ra biểu mẫu"),
        "không xác định được đơn vị": QCoreApplication.translate("Texts", "không xác định được đơn vị"),
        "vẫn tính dù có lỗi": QCoreApplication.translate("Texts", "vẫn tính dù có lỗi"),
    }
    if text in fixed:
        return fixed[text]
    if found := _ERRORS.match(text):
        return QCoreApplication.translate("Texts", "có %n lỗi", "", int(found.group(1)))
    if found := _DUPLICATE.match(text):
        return QCoreApplication.translate("Texts", "trùng lặp: tính tệp “%1”").replace("%1", found.group(1))
    return text


def number(value: int | float | None) -> str:
    """A figure the way the UI language writes it: 1.855 in Vietnamese, 1,855 in English."""
    if value is None:
        return ""
    locale = QLocale()
    if isinstance(value, float) and not value.is_integer():
        return locale.toString(value, "f", 2).rstrip("0").rstrip(locale.decimalPoint())
    return locale.toString(int(value))


def separators() -> tuple[str, str]:
    """(decimal point, thousands separator) of the UI language: (",", ".") in Vietnamese."""
    locale = QLocale()
    return locale.decimalPoint(), locale.groupSeparator()
