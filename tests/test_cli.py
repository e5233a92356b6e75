"""End to end: the CLI in a subprocess on real workbooks, the output read back."""

import hashlib
import json
import os

import openpyxl
import pytest
from builders import build_workbook, valid_values

from desktop.io.reader import read_workbook
from desktop.io.writer import detail_column
from desktop.units import province_registry

UNITS = ["Phường Hạc Thành", "Phường Quảng Phú", "Phường Đông Quang", "Xã Thọ Xuân", "Phường Sầm Sơn"]


def unit_files(folder, form, units=UNITS, base=30):
    expected = {"current": {c: 0 for c in form.codes}, "previous": {c: 0 for c in form.codes}}
    for index, unit in enumerate(units):
        current = valid_values(form, base=base + 7 * index)
        previous = valid_values(form, base=base + 3 * index)
        build_workbook(
            folder / f"{index:02d} {unit}.xlsx", form, unit=unit, unit_code=None, current=current, previous=previous
        )
        for code in form.codes:
            expected["current"][code] += current[code]
            expected["previous"][code] += previous[code]
    return expected


def digests(folder):
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_consolidate_writes_sums_as_live_formulas_with_cached_values(folder, form, run_cli, tmp_path):
    expected = unit_files(folder, form)
    before = digests(folder)
    out = tmp_path / "out" / "tong-hop.xlsx"
    out.parent.mkdir()
    done = run_cli("consolidate", folder, "-o", out, "--province", "Thanh Hóa", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["output"] == str(out) and len(data["counted"]) == 5
    assert {f["status"] for f in data["files"]} == {"clean"}
    assert digests(folder) == before, "sources must stay byte-identical with unchanged mtimes"
    assert [p.name for p in out.parent.iterdir()] == ["tong-hop.xlsx"], "no temporary file left behind"

    # the summary sheet is itself a valid TDBV-01 submission whose values are the sums
    summary = read_workbook(out, form)
    assert summary.sheet == "Tổng hợp"
    assert summary.values("current") == expected["current"]
    assert summary.values("previous") == expected["previous"]
    assert summary.label("unit_name") == "Tỉnh Thanh Hóa" and summary.label("period") == "Quý III/2026"

    formulas = openpyxl.load_workbook(out)["Tổng hợp"]
    cell = summary.figures["current"]["07"].cell
    assert formulas[cell].value.startswith("=SUM('Chi tiết'!")
    book = openpyxl.load_workbook(out, data_only=True)
    assert book.sheetnames[:8] == [
        "Tổng hợp",
        "So sánh cùng kỳ",
        "Biểu đồ",
        "Chi tiết",
        "Danh sách mô hình",
        "Tình hình nộp báo cáo",
        "Kết quả kiểm tra",
        "Nguồn số liệu",
    ]
    detail = book["Chi tiết"]
    assert detail.freeze_panes == "D4" and detail.auto_filter.ref
    assert detail["C4"].value == "Phường Hạc Thành"
    status = book["Tình hình nộp báo cáo"]
    rows = [r for r in status.iter_rows(min_row=4, values_only=True) if r[0]]
    assert len(rows) == len(province_registry("Thanh Hóa").units)
    submitted = [r for r in rows if r[3] == "Đã nộp"]
    assert len(submitted) == 5 and all(len(r[10]) == 64 for r in submitted)
    models = book["Danh sách mô hình"]
    assert sum(1 for r in models.iter_rows(min_row=4, values_only=True) if r[1]) == sum(
        valid_values(form, base=30 + 7 * i)["16"] for i in range(5)
    )
    sources = book["Nguồn số liệu"]
    column = detail_column(form, "current", "19") + 1
    assert detail.cell(4, column).value == valid_values(form, base=30)["19"]
    source = read_workbook(folder / "00 Phường Hạc Thành.xlsx", form).figures["current"]["19"]
    file_col = [c.value for c in sources[1]].index("Tệp nguồn")
    row = [c.value for c in sources[4]]
    assert row[2] == "Phường Hạc Thành" and row[column - 1] == source.cell
    assert row[file_col : file_col + 2] == ["00 Phường Hạc Thành.xlsx", source.sheet]


def test_province_outputs_consolidate_one_level_up(tmp_path, form, run_cli):
    totals = {}
    outputs = []
    for province, units in [("Thanh Hóa", UNITS[:3]), ("Nghệ An", ["Phường Vinh Phú", "Xã Quỳnh Anh"])]:
        folder = tmp_path / province
        folder.mkdir()
        expected = unit_files(folder, form, units, base=11 if province == "Nghệ An" else 40)
        for code, value in expected["current"].items():
            totals[code] = totals.get(code, 0) + value
        out = tmp_path / f"{province}.xlsx"
        assert run_cli("consolidate", folder, "-o", out, "--province", province).returncode == 0
        outputs.append(out)
    national = tmp_path / "toan-quoc.xlsx"
    done = run_cli("consolidate", *outputs, "-o", national, "--national", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [f["unit"] for f in data["files"]] == ["Tỉnh Thanh Hóa", "Tỉnh Nghệ An"]
    assert [f["status"] for f in data["files"]] == ["clean", "clean"], data["issues"]
    assert read_workbook(national, form).values("current") == totals


def test_validate_json_and_exit_status(folder, form, run_cli):
    unit_files(folder, form, UNITS[:2])
    clean = run_cli("validate", folder, "--province", "Thanh Hóa", "--json")
    assert clean.returncode == 0
    values = valid_values(form)
    values["20"] = values["19"] + 5
    build_workbook(folder / "bad.xlsx", form, unit="Phường Sầm Sơn", unit_code=None, current=values)
    (folder / "~$bad.xlsx").write_bytes(b"lock")
    done = run_cli("validate", folder, "--province", "Thanh Hóa", "--json")
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert set(data) == {"files", "issues"}
    assert {f["status"] for f in data["files"]} == {"clean", "errors", "skipped"}
    for entry in data["files"]:
        assert set(entry) == {"file", "unit", "unit_code", "period", "status"}
    issue = next(i for i in data["issues"] if i["check"] == "R07")
    assert set(issue) == {"severity", "check", "file", "sheet", "cell", "unit", "value", "message"}
    assert issue["severity"] == "error" and issue["unit"] == "Phường Sầm Sơn" and issue["cell"].startswith("E")
    text = run_cli("validate", folder, "--province", "Thanh Hóa")
    assert text.returncode == 1 and "số tin có giá trị" in text.stdout and "bỏ qua" in text.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["validate", "/khong/co/thu-muc"], "Không tìm thấy"),
        (["validate", ".", "--province", "Atlantis"], "Atlantis"),
        (["validate", ".", "--period", "Quý 9"], "Không hiểu kỳ báo cáo"),
        (["consolidate", ".", "-o", "/khong/co/thu-muc/x.xlsx", "--province", "Thanh Hóa"], "không tồn tại"),
        (["validate", ".", "--form", "/khong/co.yaml"], "Không đọc được tệp biểu mẫu"),
    ],
)
def test_errors_of_use_are_one_line_and_exit_2(run_cli, args, words, tmp_path):
    done = run_cli(*args)
    assert done.returncode == 2
    assert words in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_an_unwritable_target_is_a_clear_error(folder, form, run_cli, tmp_path):
    unit_files(folder, form, UNITS[:1])
    occupied = tmp_path / "x.xlsx"
    occupied.mkdir()  # a folder where the file should go: cannot be replaced
    done = run_cli("consolidate", folder, "-o", occupied)
    assert done.returncode == 2 and "Không ghi được" in done.stderr
    assert occupied.is_dir() and list(tmp_path.glob(".~*")) == []


def test_a_target_that_cannot_be_replaced_keeps_the_old_file(folder, form, tmp_path, monkeypatch):
    from desktop.io.atomic import OutputError
    from desktop.io.writer import write_consolidated
    from desktop.pipeline import run_batch

    unit_files(folder, form, UNITS[:1])
    report = run_batch([folder], form, None)
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"the user's previous file")

    def refuse(src, dst):
        raise PermissionError(13, "in use")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match="đang mở trong Excel"):
        write_consolidated(report, target)
    assert target.read_bytes() == b"the user's previous file"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~")] == []


def test_the_last_registry_is_remembered(folder, form, run_cli):
    unit_files(folder, form, UNITS[:1])
    first = json.loads(run_cli("validate", folder, "--json").stdout)
    assert any(i["check"] == "unit_check_skipped" for i in first["issues"])
    run_cli("validate", folder, "--province", "Thanh Hóa")
    again = json.loads(run_cli("validate", folder, "--json").stdout)
    assert not any(i["check"] == "unit_check_skipped" for i in again["issues"])
    assert again["files"][0]["unit_code"] == "14797"


def test_demo_writes_units_and_a_consolidated_workbook(run_cli, tmp_path, form):
    done = run_cli("demo", "--out", tmp_path / "demo")
    assert done.returncode == 0, done.stderr
    assert "Tệp tổng hợp:" in done.stdout
    output = next((tmp_path / "demo").glob("*.xlsx"))
    units = list((tmp_path / "demo" / "don-vi").glob("[!~]*.xlsx"))
    assert len(units) == 31
    summary = read_workbook(output, form)
    assert summary.values("current")["01"] > 0


def test_output_piped_into_a_reader_that_stops_early_ends_quietly(tmp_path):
    """`tonghop … | head -1`: the reader closes the pipe; the command ends with no error line."""
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", "units", "--province", "Thanh Hóa"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    process.stdout.close()  # before the command writes its first line
    _, error = process.communicate(timeout=120)
    assert process.returncode == 0 and error.decode("utf-8") == ""
