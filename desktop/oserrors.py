"""Operating-system errors in Vietnamese, in one place ("Is a directory" -> "là một thư mục")."""

from __future__ import annotations

import errno

_ERRNO_TEXT = {
    errno.ENOENT: "không tìm thấy",
    errno.EISDIR: "là một thư mục, không phải tệp",
    errno.ENOTDIR: "không phải thư mục",
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không được phép",
    errno.EEXIST: "đã có",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ đọc",
    errno.EBUSY: "đang được chương trình khác dùng",
    errno.ENAMETOOLONG: "tên quá dài",
    errno.EINVAL: "tên không hợp lệ",
    errno.EMFILE: "mở quá nhiều tệp",
    errno.ENOTEMPTY: "thư mục không trống",
    errno.EXDEV: "không chuyển được sang ổ đĩa khác",
}
_WINERROR_TEXT = {32: "đang mở trong chương trình khác (Excel?)", 33: "đang bị khóa bởi chương trình khác"}


def os_error_text(exc: OSError) -> str:
    """What went wrong, in Vietnamese, whatever the language of the system's own message."""
    winerror = getattr(exc, "winerror", None)
    if winerror in _WINERROR_TEXT:
        return _WINERROR_TEXT[winerror]
    if exc.errno in _ERRNO_TEXT:
        return _ERRNO_TEXT[exc.errno]
    return f"lỗi hệ thống ({exc.strerror or exc})"


def describe_os_error(exc: OSError) -> str:
    """“path”: reason — one line naming the file."""
    name = exc.filename if exc.filename is not None else ""
    return f"“{name}”: {os_error_text(exc)}" if name != "" else os_error_text(exc)
