"""The errors of the io layer: a file that cannot be read as a workbook, an output that cannot be written.

Both carry a Vietnamese sentence for the user; the batch turns a WorkbookError into that file's issue.
"""

from __future__ import annotations

import errno
import zipfile
import zlib


class WorkbookError(Exception):
    """The file cannot be read as a workbook.

    `check` is the issue id (file_empty, file_corrupt, file_encrypted, not_spreadsheet, too_large,
    unsafe_file, not_regular_file); `reason` a Vietnamese sentence for the user, `reason_en` the English one.
    """

    def __init__(self, reason: str, reason_en: str = "", *, check: str = "file_corrupt") -> None:
        super().__init__(reason)
        self.reason = reason
        self.reason_en = reason_en or reason
        self.check = check


class OutputError(Exception):
    """The output cannot be written (open in Excel, read-only, no such folder); a message for the user."""


# what reading a damaged zip part can raise (RuntimeError: a member encrypted with a zip password)
ZIP_ERRORS = (
    zipfile.BadZipFile,
    KeyError,
    OSError,
    ValueError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    zlib.error,
)


def encrypted_error() -> WorkbookError:
    return WorkbookError(
        "tệp được đặt mật khẩu mở",
        "the file is protected with a password",
        check="file_encrypted",
    )


_OS_REASONS = {
    errno.ENOENT: "tệp không còn ở đó (đã bị xóa, đổi tên, hoặc tên tệp có ký tự hệ thống không đọc được)",
    errno.EACCES: "không có quyền đọc tệp, hoặc tệp đang bị chương trình khác khóa",
    errno.EPERM: "không có quyền đọc tệp, hoặc tệp đang bị chương trình khác khóa",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.ELOOP: "đường dẫn là một vòng liên kết (symlink) không dẫn tới tệp nào",
    errno.EIO: "lỗi đọc đĩa (ổ đĩa, USB hay mạng bị ngắt?)",
}


def os_reason(exc: OSError) -> str:
    """A Vietnamese line for an error of the file system (its own text is English, or the system's language)."""
    if isinstance(exc, FileNotFoundError):
        return _OS_REASONS[errno.ENOENT]
    if isinstance(exc, PermissionError):
        return _OS_REASONS[errno.EACCES]
    return _OS_REASONS.get(exc.errno or 0, f"lỗi hệ thống khi đọc tệp (mã {exc.errno or '?'})")
