"""The errors of the io layer: a file that cannot be read as a workbook, an output that cannot be written.

Both carry a Vietnamese sentence for the user; the batch turns a WorkbookError into that file's issue.
"""

from __future__ import annotations

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
