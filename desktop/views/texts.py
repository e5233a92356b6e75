"""The words the views show for core values (statuses, severities, reasons) and numbers, in the UI language.

Source strings are Vietnamese; English comes from the translator. The core keeps its own Vietnamese
and English issue messages, so those are picked by language rather than translated here.
"""

from __future__ import annotations

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


def reason(text: str, text_en: str = "") -> str:
    """Why a file is left out, in the UI language (the core gives its reasons in both)."""
    return text_en if language() == "en" and text_en else text


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
