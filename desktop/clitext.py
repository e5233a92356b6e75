"""The command line in Vietnamese: argparse's own words ("usage", "options", "invalid choice", …).

argparse takes its words ("usage: ", "positional arguments", "invalid choice: …") from
`gettext.gettext`, looked up when a parser is built, when help is formatted and when an error is
raised. `vietnamese_argparse()` swaps that lookup for the table below while the command line is
built and parsed, and puts it back after, so nothing else in the process is changed.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

ARGPARSE_WORDS = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "show program's version number and exit": "in số phiên bản rồi thoát",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "lựa chọn “%(value)s” không hợp lệ (chọn một trong: %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "giá trị “%(value)s” không hợp lệ (cần %(type)s)",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "not allowed with argument %s": "không dùng cùng với %s",
    "ignored explicit argument %r": "bỏ qua giá trị %r",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s chưa rõ, có thể là: %(matches)s",
    "unexpected option string: %s": "tùy chọn không mong đợi: %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "không có lệnh “%(parser_name)s” (các lệnh: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "không mở được “%(filename)s”: %(error)s",
}
# what argparse names a type in "invalid int value"
TYPE_NAMES = {"int": "một số nguyên", "float": "một số"}


def _gettext(message: str) -> str:
    return ARGPARSE_WORDS.get(message, message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return _gettext(singular if count == 1 else plural)


@contextlib.contextmanager
def vietnamese_argparse() -> Iterator[None]:
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _gettext, _ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class VietnameseParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are Vietnamese (build and parse it inside vietnamese_argparse)."""

    def _get_value(self, action, arg_string):
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError as exc:
            kind = getattr(action.type, "__name__", "")
            if kind in TYPE_NAMES:
                raise argparse.ArgumentError(action, f"“{arg_string}” không phải {TYPE_NAMES[kind]}") from exc
            raise


class VietnameseHelpFormatter(argparse.HelpFormatter):
    """Help with room for Vietnamese option descriptions."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32)
