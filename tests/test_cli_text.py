"""The command line speaks Vietnamese: argparse's words, every option described, errors of use in words."""

import argparse
import errno
import os

import pytest

from desktop import cli
from desktop.clitext import vietnamese_argparse
from desktop.oserrors import describe_os_error, os_error_text

ENGLISH = [
    "usage:",
    "positional arguments",
    "options:",
    "show this help",
    "show program's",
    "the following arguments",
    "invalid choice",
    "unrecognized arguments",
    "error:",
    "expected one argument",
]


def run(capsys, *argv):
    try:
        status = cli.main(list(argv))
    except SystemExit as exc:  # argparse exits by itself for --help and errors of use
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


def subparsers(parser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices
    return {}


@pytest.mark.parametrize("command", [None, "gui", "demo", "validate", "consolidate", "template", "annotate", "units"])
def test_help_is_all_vietnamese(capsys, command):
    status, out, _ = run(capsys, *([command] if command else []), "--help")
    assert status == 0
    assert out.startswith("cách dùng: tonghop")
    assert "tùy chọn:" in out and "in hướng dẫn này rồi thoát" in out
    for word in ENGLISH:
        assert word not in out
    for placeholder in ("COUNT", "WORKERS", "PATHS", "OUTPUT", "OPEN", "SCREENSHOT", "PERIOD", "PROVINCE"):
        assert placeholder not in out, "English placeholders"


def test_every_option_and_argument_is_described():
    with vietnamese_argparse():
        parser = cli._parser()
    for name, sub in {"tonghop": parser, **subparsers(parser)}.items():
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help, f"{name} {action.option_strings or action.dest} has no description"
            if action.nargs != 0 and action.choices is None:
                assert action.metavar, f"{name} {action.dest}: argparse would show {action.dest.upper()}"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["consolidate", "x"], "thiếu tham số bắt buộc: -o/--output"),
        (["gui", "--lang", "fr"], "lựa chọn “fr” không hợp lệ"),
        (["demo", "--count", "nhiều"], "“nhiều” không phải một số nguyên"),
        (["units", "--bogus"], "không hiểu tham số: --bogus"),
        (["khongco"], "lựa chọn “khongco” không hợp lệ"),
    ],
)
def test_errors_of_use_are_vietnamese_with_status_2(capsys, argv, message):
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert message in err and "lỗi:" in err and "cách dùng:" in err
    for word in ENGLISH:
        assert word not in err


def test_argparse_is_left_as_it_was_for_the_rest_of_the_process(capsys):
    before = argparse._
    run(capsys, "--help")
    assert argparse._ is before
    assert "usage: " in argparse.ArgumentParser(prog="x").format_usage()


@pytest.mark.parametrize(
    ("output", "suggestion"),
    [("tong-hop.xls", "tong-hop.xlsx"), ("tong-hop", "tong-hop.xlsx"), ("tong-hop.ods", "tong-hop.xlsx")],
)
def test_an_output_that_is_not_xlsx_is_refused_with_the_right_name(capsys, tmp_path, output, suggestion):
    status, _, err = run(capsys, "consolidate", str(tmp_path), "-o", str(tmp_path / output))
    assert status == 2
    assert "phải có đuôi .xlsx" in err and f"“{tmp_path / suggestion}”" in err
    assert list(tmp_path.iterdir()) == []


def test_an_output_that_is_a_folder_says_so(capsys, tmp_path):
    status, _, err = run(capsys, "consolidate", str(tmp_path), "-o", str(tmp_path))
    assert status == 2 and "là một thư mục" in err


def test_template_refuses_an_xls_output(capsys, tmp_path):
    status, _, err = run(
        capsys, "template", "--unit", "Xã A", "--period", "Quý III 2026", "-o", str(tmp_path / "a.xls")
    )
    assert status == 2 and "a.xlsx" in err


def test_template_understands_quy_iii_2026_like_quy_3_nam_2026(capsys, tmp_path):
    for period in ("Quý III 2026", "Quý 3 năm 2026"):
        status, out, err = run(capsys, "template", "--unit", "Xã A", "--period", period, "-o", str(tmp_path / "a.xlsx"))
        assert status == 0, err
        assert "kỳ Quý III/2026" in out


def test_demo_says_the_count_was_capped_at_the_registry(capsys, tmp_path):
    status, out, _ = run(capsys, "demo", "--out", str(tmp_path), "--count", "400", "--province", "Thanh Hóa")
    assert status == 0
    assert "Tỉnh Thanh Hóa có 166 đơn vị: tạo 166 tệp thay vì 400." in out
    outputs = [p.name for p in tmp_path.glob("*.xlsx")]
    assert outputs == ["Tổng hợp Tỉnh Thanh Hóa Quý III-2026.xlsx"], "the output name is all Vietnamese"


def test_an_unknown_province_suggests_the_nearest_and_lists_in_vietnamese_order(capsys):
    status, _, err = run(capsys, "units", "--province", "Thanh Hoa2")
    assert status == 2
    assert "Có phải: Thanh Hóa" in err
    listed = err.split("Các tỉnh/thành phố: ")[1].strip().split(", ")
    assert len(listed) == 34
    assert listed.index("Cà Mau") < listed.index("Cao Bằng") < listed.index("Cần Thơ") < listed.index("Đà Nẵng")
    assert listed.index("Đồng Tháp") < listed.index("Gia Lai"), "Đ sorts after D, before G"
    assert listed.index("Hà Tĩnh") < listed.index("Hải Phòng") < listed.index("Hồ Chí Minh") < listed.index("Hưng Yên")


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (errno.EISDIR, "là một thư mục"),
        (errno.EACCES, "không có quyền truy cập"),
        (errno.ENOENT, "không tìm thấy"),
        (errno.ENOSPC, "ổ đĩa đã đầy"),
    ],
)
def test_os_errors_are_said_in_vietnamese(code, text):
    error = OSError(code, os.strerror(code), "/tmp/a.xlsx")
    assert text in os_error_text(error)
    assert describe_os_error(error).startswith("“/tmp/a.xlsx”: ")
    assert os.strerror(code) not in describe_os_error(error)


def test_an_unexpected_os_error_is_one_vietnamese_line(capsys, monkeypatch, tmp_path):
    def broken(args):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", str(tmp_path))

    monkeypatch.setitem(cli.COMMANDS, "validate", broken)
    status, _, err = run(capsys, "validate", str(tmp_path))
    assert status == 1
    assert err.strip() == f"tonghop: “{tmp_path}”: là một thư mục, không phải tệp"


def test_no_display_is_one_vietnamese_line_pointing_to_the_cli(run_cli, monkeypatch):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    done = run_cli()
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "không có màn hình" in lines[0] and "tonghop consolidate" in lines[0]
