"""Text on its way into a workbook we write: the one place it is made safe for the file format.

File names reach our workbooks (the list of files, messages, the marked-up copy's title), and a file
name can hold anything the file system allows: control characters, which XML 1.0 cannot carry and
openpyxl refuses; bytes that are not UTF-8, which Python keeps as lone surrogates (surrogateescape)
and no UTF-8 writer can encode. Every such character becomes U+FFFD; text longer than Excel's cell
limit is cut.
"""

from __future__ import annotations

import re

MAX_CELL_TEXT = 32_767
REPLACEMENT = "\ufffd"
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def cell_text(text: str) -> str:
    """`text` with every character a workbook cannot hold replaced, at most Excel's 32.767 characters."""
    if _UNSAFE.search(text):
        text = _UNSAFE.sub(REPLACEMENT, text)
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "…"


def display_name(name: str) -> str:
    """A file name as it can be shown and written anywhere: undecodable bytes and control characters as U+FFFD."""
    return _UNSAFE.sub(REPLACEMENT, name)
