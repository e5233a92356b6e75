"""Nothing a unit sends, and nothing a clerk types, may cost data (issue 17): outputs that would replace
inputs, outputs read back as reports, copies that overwrite each other, concurrent and killed runs,
hostile parts and merged ranges, text that turns into formulas, odd file names, English messages."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from outputs_support import FORM, PERIOD, UNITS, clean_figures, small_registry
from wbgen import ROOT, load_in_child, sheet_xml, write_raw_ods, write_raw_xlsx

from desktop.cli import main
from desktop.demo import write_unit
from desktop.io import marks
from desktop.io.annotate import annotate_report, annotate_workbook
from desktop.io.atomic import atomic_target, hold
from desktop.io.celltext import cell_text
from desktop.io.errors import OutputError, WorkbookError
from desktop.io.workbook import Book


def unit_file(folder: Path, name: str, unit=UNITS[0], seed: int = 3, faulty: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    figures, previous, rows = clean_figures(seed, unit)
    if faulty:
        figures["07"] = "hơn 5.000"  # an error naming a cell: the file gets a marked-up copy
    return write_unit(folder / name, FORM, unit, PERIOD, figures, previous, rows)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli(*args, capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# --- outputs that would replace an input ---------------------------------------------------------


@pytest.mark.parametrize("spelling", ["plain", "dotted", "symlink"])
def test_consolidate_refuses_an_output_that_is_one_of_its_inputs(tmp_path, capsys, spelling):
    inbox = tmp_path / "inbox"
    source = unit_file(inbox, "Xã An Bình.xlsx")
    unit_file(inbox, "Phường Đông Sơn.xlsx", UNITS[1], seed=4)
    before = digest(source)
    if spelling == "plain":
        output = source
    elif spelling == "dotted":
        output = inbox / ".." / "inbox" / "." / source.name
    else:
        output = tmp_path / "link.xlsx"
        output.symlink_to(source)
    code, out, err = cli("consolidate", inbox, "-o", output, "--period", PERIOD.label, capsys=capsys)
    assert code == 2 and "chính là tệp báo cáo đầu vào" in err, err
    assert digest(source) == before


def test_annotate_never_writes_over_an_input(tmp_path):
    inbox = tmp_path / "inbox"
    source = unit_file(inbox, "Xã An Bình.xlsx", faulty=True)
    # a unit that sent a file named like a copy, into the folder the copies go to
    decoy = unit_file(tmp_path / "out", "Xã An Bình - cần sửa.xlsx", UNITS[1], seed=5, faulty=True)
    from desktop.pipeline import run_batch

    report = run_batch([inbox, decoy], FORM, small_registry(), period_text=PERIOD.label)
    before = digest(decoy)
    copies, failed = annotate_report(report, tmp_path / "out")
    assert digest(decoy) == before
    assert {c.source for c in copies} == {source, decoy} or any("đầu vào" in line for line in failed)
    assert all(c.target != decoy for c in copies)


def test_a_blank_template_never_replaces_a_filled_report(tmp_path, capsys):
    filled = unit_file(tmp_path, "Xã An Bình.xlsx")
    before = digest(filled)
    code, out, err = cli("template", "--unit", "Xã An Bình", "--period", PERIOD.label, "-o", filled, capsys=capsys)
    assert code == 2 and "đã là báo cáo có số liệu" in err and digest(filled) == before
    blank = tmp_path / "trống.xlsx"
    for _ in range(2):  # a blank template may be made again over itself
        code, out, err = cli("template", "--unit", "Xã An Bình", "--period", PERIOD.label, "-o", blank, capsys=capsys)
        assert code == 0, err


# --- the tool's own outputs carry a mark ---------------------------------------------------------


def test_consolidated_workbooks_and_marked_up_copies_are_known_as_ours(tmp_path, capsys):
    inbox = tmp_path / "inbox"
    unit_file(inbox, "Xã An Bình.xlsx", faulty=True)
    unit_file(inbox, "Phường Đông Sơn.xlsx", UNITS[1], seed=4)
    output = tmp_path / "Tổng hợp.xlsx"
    code, _, err = cli("consolidate", inbox, "-o", output, "--period", PERIOD.label, capsys=capsys)
    assert code == 0, err
    code, _, err = cli("annotate", inbox, "--out", tmp_path / "gửi lại", "--period", PERIOD.label, capsys=capsys)
    copy = tmp_path / "gửi lại" / "Xã An Bình - cần sửa.xlsx"
    assert copy.exists(), err
    with Book(output) as book:
        assert book.role == marks.CONSOLIDATED
    with Book(copy) as book:
        assert book.role == marks.ANNOTATED
    with Book(inbox / "Phường Đông Sơn.xlsx") as book:
        assert book.role is None
    from desktop.io.reader import read_workbook

    assert read_workbook(output, FORM).output == marks.CONSOLIDATED
    assert read_workbook(copy, FORM).output == marks.ANNOTATED
    assert read_workbook(inbox / "Phường Đông Sơn.xlsx", FORM).output is None


def test_our_outputs_in_the_input_folder_are_never_counted_as_reports(tmp_path, capsys):
    inbox = tmp_path / "inbox"
    unit_file(inbox, "Xã An Bình.xlsx", faulty=True)
    unit_file(inbox, "Phường Đông Sơn.xlsx", UNITS[1], seed=4)
    first = inbox / "Tổng hợp.xlsx"  # written inside the input folder
    code, stdout, err = cli("consolidate", inbox, "-o", first, "--period", PERIOD.label, "--json", capsys=capsys)
    assert code == 0, err
    counted = json.loads(stdout)["counted"]
    cli("annotate", inbox, "--out", inbox / "gửi lại", "--period", PERIOD.label, capsys=capsys)
    assert (inbox / "gửi lại" / "Xã An Bình - cần sửa.xlsx").exists()
    for registry in ([], ["--units", _registry_csv(tmp_path)]):
        again = tmp_path / "lần 2.xlsx"
        code, stdout, err = cli(
            "consolidate", inbox, "-o", again, "--period", PERIOD.label, "--json", *registry, capsys=capsys
        )
        data = json.loads(stdout)
        assert sorted(data["counted"]) == sorted(counted), data["counted"]
        skipped = {Path(f["file"]).name for f in data["files"] if f["status"] == "skipped"}
        assert skipped == {"Tổng hợp.xlsx", "Xã An Bình - cần sửa.xlsx"}
        notes = [i["message"] for i in data["issues"] if i["check"] == "own_output"]
        assert len(notes) == 2 and any("tệp tổng hợp" in n and "--national" in n for n in notes)
    code, stdout, err = cli("validate", inbox, "--period", PERIOD.label, capsys=capsys)
    assert "Tổng hợp.xlsx — bỏ qua (tệp do chính phần mềm này tạo)" in stdout
    # running again onto our own earlier output replaces it, and counts the same files
    code, stdout, err = cli("consolidate", inbox, "-o", first, "--period", PERIOD.label, "--json", capsys=capsys)
    assert code == 0 and sorted(json.loads(stdout)["counted"]) == sorted(counted), err


def _registry_csv(tmp_path: Path) -> Path:
    path = tmp_path / "units.csv"
    path.write_text("code,name,kind\n" + "".join(f"{u.code},{u.name},{u.kind}\n" for u in UNITS), encoding="utf-8")
    return path


def test_a_province_consolidated_workbook_is_a_report_one_level_up(tmp_path, capsys):
    inbox = tmp_path / "inbox"
    unit_file(inbox, "Xã An Bình.xlsx")
    province = tmp_path / "tinh" / "Thanh Hóa.xlsx"
    province.parent.mkdir()
    code, _, err = cli(
        "consolidate", inbox, "-o", province, "--province", "Thanh Hóa", "--period", PERIOD.label, capsys=capsys
    )
    assert code == 0, err
    code, stdout, err = cli(
        "consolidate",
        province.parent,
        "-o",
        tmp_path / "toàn quốc.xlsx",
        "--national",
        "--period",
        PERIOD.label,
        "--json",
        capsys=capsys,
    )
    data = json.loads(stdout)
    assert [Path(p).name for p in data["counted"]] == ["Thanh Hóa.xlsx"], data


def test_consolidated_workbooks_alone_without_a_registry_are_consolidated_one_level_up(tmp_path, capsys):
    inbox = tmp_path / "inbox"
    unit_file(inbox, "Xã An Bình.xlsx")
    provinces = tmp_path / "tinh"
    provinces.mkdir()
    code, _, err = cli("consolidate", inbox, "-o", provinces / "A.xlsx", "--period", PERIOD.label, capsys=capsys)
    assert code == 0, err
    code, stdout, err = cli(
        "consolidate", provinces, "-o", tmp_path / "cấp trên.xlsx", "--period", PERIOD.label, "--json", capsys=capsys
    )
    data = json.loads(stdout)
    assert [Path(p).name for p in data["counted"]] == ["A.xlsx"], data


# --- only regular files are read ---------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_devices_fifos_and_links_to_them_are_one_clear_line(tmp_path, capsys):
    fifo = tmp_path / "ống.xlsx"
    os.mkfifo(fifo)
    link = tmp_path / "liên kết.xlsx"
    link.symlink_to(fifo)
    zero = tmp_path / "zero.xls"
    zero.symlink_to("/dev/zero")
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "validate", "/dev/zero", str(fifo), str(link), str(zero), "--json"],
        capture_output=True,
        text=True,
        timeout=60,  # the SHA-256 of /dev/zero, or a read of a FIFO nobody writes, never ends
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    data = json.loads(done.stdout)
    assert len(data["files"]) == 4 and {f["status"] for f in data["files"]} == {"unreadable"}
    assert done.returncode == 1
    for entry in data["files"]:
        (issue,) = [i for i in data["issues"] if i["file"] == entry["file"]]
        assert issue["check"] == "not_regular_file" and "không phải một tệp bảng tính" in issue["message"]
    # and inside a folder they are not even candidates: the folder holds no report
    code, stdout, err = cli("validate", tmp_path, "--json", capsys=capsys)
    assert code == 2 and stdout == "" and "Không có tệp báo cáo nào" in err


# --- marked-up copies: one per file, and the count is the count written --------------------------


def test_copies_of_files_with_the_same_name_never_overwrite_each_other(tmp_path, capsys):
    inbox = tmp_path / "inbox"
    for index, sub in enumerate(["a", "b", "c"]):
        unit_file(inbox / sub, "Xã An Bình.xlsx", UNITS[index], seed=index + 2, faulty=True)
    out = tmp_path / "gửi lại"
    code, stdout, err = cli("annotate", inbox, "--out", out, "--period", PERIOD.label, "--json", capsys=capsys)
    data = json.loads(stdout)
    written = sorted(p.name for p in out.iterdir())
    assert len(data["copies"]) == 3 == len(written) == len({c["target"] for c in data["copies"]}), written
    assert "Xã An Bình - cần sửa.xlsx" in written


@pytest.mark.libreoffice
def test_copies_of_x_ods_x_xls_and_x_xlsx_get_a_name_each(tmp_path, capsys):
    from outputs_support import SOFFICE

    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    inbox = tmp_path / "inbox"
    source = unit_file(tmp_path / "src", "X.xlsx", faulty=True)
    inbox.mkdir()
    for kind in ("ods", "xls"):
        subprocess.run(
            [SOFFICE, "--headless", "--convert-to", kind, "--outdir", str(inbox), str(source)],
            capture_output=True,
            timeout=240,
            check=True,
        )
    (inbox / "X.xlsx").write_bytes(source.read_bytes())
    out = tmp_path / "gửi lại"
    code, stdout, err = cli("annotate", inbox, "--out", out, "--period", PERIOD.label, capsys=capsys)
    written = sorted(p.name for p in out.iterdir())
    assert written == ["X (ods) - cần sửa.xlsx", "X (xls) - cần sửa.xlsx", "X - cần sửa.xlsx"], written
    assert "Đã tạo 3 bản cần sửa" in stdout


# --- concurrent and killed runs ------------------------------------------------------------------

_HOLDER = """
import sys, time
from desktop.io.atomic import hold
with hold(sys.argv[1]):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_second_run_on_the_same_target_is_refused_while_the_first_writes(tmp_path, capsys):
    inbox = tmp_path / "inbox"
    unit_file(inbox, "Xã An Bình.xlsx")
    output = tmp_path / "Tổng hợp.xlsx"
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(output)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        code, out, err = cli("consolidate", inbox, "-o", output, "--period", PERIOD.label, capsys=capsys)
        assert code == 2 and "đang được một lần chạy khác ghi" in err, err
        assert not output.exists()
    finally:
        holder.kill()
        holder.wait()
    # the holder died without cleaning up: its lock is free again, and the next run writes
    code, out, err = cli("consolidate", inbox, "-o", output, "--period", PERIOD.label, capsys=capsys)
    assert code == 0 and output.exists(), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Tổng hợp.xlsx", "inbox"]


def test_a_target_changed_by_someone_else_meanwhile_is_not_replaced(tmp_path):
    target = tmp_path / "Tổng hợp.xlsx"
    target.write_bytes(b"first")
    with pytest.raises(OutputError, match="vừa bị một chương trình khác ghi"), atomic_target(target) as temporary:
        temporary.write_bytes(b"ours")
        os.utime(target, ns=(1, 1))
        target.write_bytes(b"someone else's, written meanwhile")
    assert target.read_bytes() == b"someone else's, written meanwhile"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Tổng hợp.xlsx"]


def test_temporaries_a_killed_run_left_are_removed_by_the_next_run(tmp_path):
    target = tmp_path / "Tổng hợp.xlsx"
    stale = [tmp_path / ".~Tổng hợp-k1ll3d_x.xlsx", tmp_path / ".~Tổng hợp-abcdefgh.xlsx"]
    others = [tmp_path / ".~Khác-abcdefgh.xlsx", tmp_path / "Tổng hợp-abcdefgh.xlsx"]
    for path in stale + others:
        path.write_bytes(b"left over")
    with atomic_target(target) as temporary:
        temporary.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name] + [p.name for p in others])


@pytest.mark.parametrize("how", ["exception", "ctrl-c"])
def test_a_handled_exit_leaves_no_temporary(tmp_path, how):
    target = tmp_path / "Tổng hợp.xlsx"
    error = ValueError if how == "exception" else KeyboardInterrupt
    with pytest.raises(error), atomic_target(target) as temporary:
        temporary.write_bytes(b"half")
        raise error()
    assert list(tmp_path.iterdir()) == []


_TERMINATED = """
import os, signal, sys
from pathlib import Path
from desktop.cli import _exit_on_sigterm
from desktop.io.atomic import atomic_target
with _exit_on_sigterm():
    with atomic_target(Path(sys.argv[1])) as temporary:
        temporary.write_bytes(b"half")
        os.kill(os.getpid(), signal.SIGTERM)
        signal.pause()
"""


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name == "nt", reason="POSIX signals")
def test_sigterm_during_a_write_leaves_no_temporary(tmp_path):
    done = subprocess.run([sys.executable, "-c", _TERMINATED, str(tmp_path / "T.xlsx")], cwd=ROOT, timeout=60)
    assert done.returncode == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []


def test_the_lock_is_taken_again_by_the_same_process(tmp_path):
    target = tmp_path / "T.xlsx"
    with hold(target), atomic_target(target) as temporary:
        temporary.write_bytes(b"x")
    assert target.read_bytes() == b"x" and sorted(p.name for p in tmp_path.iterdir()) == ["T.xlsx"]


# --- hostile parts and merged ranges -------------------------------------------------------------


def _renamed_sheet_part(path: Path, member: str) -> Path:
    """The workbook with its one sheet part moved to `member`, its relationship pointing there."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    data = parts.pop("xl/worksheets/sheet1.xml")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"worksheets/sheet1.xml", member.removeprefix("xl/").encode()
    )
    parts[member] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return path


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.dat", "xl/data/s", "xl/worksheets/sheet1.xml.bak"])
def test_a_sheet_part_with_any_name_gets_the_extent_check(tmp_path, member):
    far = sheet_xml('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    path = _renamed_sheet_part(write_raw_xlsx(tmp_path / "a.xlsx", [far]), member)
    outcome = load_in_child(path)  # a 3 GB ceiling: without the check calamine takes 100+ GB
    assert outcome.get("check") == "too_large", outcome


def test_a_zip_bomb_behind_an_odd_part_name_is_refused(tmp_path):
    row = '<row r="{0}"><c r="A{0}"><v>1</v></c></row>'
    rows = "".join(row.format(r) for r in range(1, 40_000)) + "<!--" + " " * (60 << 20) + "-->"
    path = _renamed_sheet_part(write_raw_xlsx(tmp_path / "a.xlsx", [sheet_xml(rows)]), "xl/worksheets/sheet1.dat")
    outcome = load_in_child(path)
    assert outcome.get("check") in ("unsafe_file", "too_large"), outcome


_ANNOTATE_CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from desktop.io.annotate import annotate_workbook
from desktop.io.errors import WorkbookError
try:
    copy = annotate_workbook(sys.argv[1], [], sys.argv[2])
    print(json.dumps({"written": str(copy.target)}))
except WorkbookError as exc:
    print(json.dumps({"check": exc.check, "reason": exc.reason}))
"""


def _annotate_in_child(source: Path, out: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _ANNOTATE_CHILD, str(source), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-800:]
    return json.loads(done.stdout)


def test_annotate_of_one_huge_merged_range_is_bounded(tmp_path):
    body = '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    merged = '<mergeCells count="1"><mergeCell ref="A60:CV1048576"/></mergeCells>'
    xml = sheet_xml(body).replace("</sheetData>", f"</sheetData>{merged}")
    source = write_raw_xlsx(tmp_path / "a.xlsx", [xml])
    outcome = _annotate_in_child(source, tmp_path / "out")
    assert outcome["check"] == "too_large" and "A60:CV1048576" in outcome["reason"], outcome


def test_annotate_of_a_huge_ods_spanned_cell_is_bounded(tmp_path):
    spanned = (
        '<table:table-row><table:table-cell table:number-columns-spanned="100" '
        'table:number-rows-spanned="1048576" office:value-type="string"><text:p>x</text:p></table:table-cell>'
        "</table:table-row>"
    )
    source = write_raw_ods(tmp_path / "a.ods", {"S": spanned})
    outcome = _annotate_in_child(source, tmp_path / "out")
    assert outcome.get("check") == "too_large", outcome


def _ods_text(text: str) -> str:
    from xml.sax.saxutils import escape

    return f'<table:table-cell office:value-type="string"><text:p>{escape(text)}</text:p></table:table-cell>'


def test_text_a_unit_typed_in_an_ods_stays_text_in_the_copy(tmp_path):
    typed = ['=HYPERLINK("http://x","click")', "=cmd|'/c calc'!A0", "+1+1", "@SUM(1)"]
    rows = "".join(f"<table:table-row>{_ods_text(t)}</table:table-row>" for t in typed)
    source = write_raw_ods(tmp_path / "a.ods", {"S": rows})
    copy = annotate_workbook(source, [], tmp_path / "out")
    ws = openpyxl.load_workbook(copy.target)["S"]
    assert [ws.cell(r, 1).value for r in range(1, 5)] == typed
    assert all(ws.cell(r, 1).data_type == "s" for r in range(1, 5))
    with zipfile.ZipFile(copy.target) as archive:
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))


def test_an_ods_whose_xml_only_calamine_accepts_still_gets_its_copy(tmp_path):
    """Found by the fuzzer: a duplicate attribute calamine reads past, the standard XML parser refuses."""
    rows = '<table:table-row><table:table-cell office:value-type="float" office:value="5" office:value="5">'
    rows += "<text:p>5</text:p></table:table-cell></table:table-row>"
    source = write_raw_ods(tmp_path / "a.ods", {"S": rows})
    copy = annotate_workbook(source, [], tmp_path / "out")
    assert openpyxl.load_workbook(copy.target)["S"]["A1"].value == 5


# --- names and messages --------------------------------------------------------------------------


def test_cell_text_makes_anything_writable():
    assert cell_text("Xã\x07 An\x00Bình") == "Xã\ufffd An\ufffdBình"
    assert cell_text(os.fsdecode(b"b\xffad")) == "b\ufffdad"
    assert cell_text("Tab\tand\nnew line") == "Tab\tand\nnew line"
    assert len(cell_text("x" * 40_000)) == 32_767


def _names(tmp_path: Path) -> list[Path]:
    inbox = tmp_path / "inbox"
    names = [
        "Xã An\x07Bình.xlsx",
        os.fsdecode("Phường Đông Sơn ".encode() + b"\xff\xfe.xlsx"),
        "Xã Yên Định " + "d" * (236 - len("Xã Yên Định ".encode()) - len(".xlsx")) + ".xlsx",
    ]
    assert len(names[2].encode()) == 236
    return [unit_file(inbox, name, UNITS[i], seed=i + 2, faulty=True) for i, name in enumerate(names)]


@pytest.mark.skipif(sys.platform != "linux", reason="names any byte can be in")
def test_odd_file_names_get_their_copies_and_the_batch_goes_on(tmp_path, capsys):
    sources = _names(tmp_path)
    out = tmp_path / "gửi lại"
    code, stdout, err = cli("annotate", tmp_path / "inbox", "--out", out, "--period", PERIOD.label, capsys=capsys)
    assert code == 0, stdout + err
    written = list(out.iterdir())
    assert len(written) == len(sources) and "Đã tạo 3 bản cần sửa" in stdout
    assert all(len(os.fsencode(p.name)) <= 255 for p in written)
    for path in written:
        title = openpyxl.load_workbook(path)["Cần sửa"]["A1"].value
        assert "\x07" not in title and "\ufffd" in title or "Yên Định" in title


@pytest.mark.skipif(sys.platform != "linux", reason="names any byte can be in")
def test_odd_file_names_are_consolidated(tmp_path, capsys):
    _names(tmp_path)
    output = tmp_path / "Tổng hợp.xlsx"
    code, stdout, err = cli(
        "consolidate", tmp_path / "inbox", "-o", output, "--period", PERIOD.label, "--include", "*", capsys=capsys
    )
    assert code == 0 and output.exists(), err
    from desktop.io.workbook import load_sheets

    text = json.dumps([s.rows for s in load_sheets(output)], ensure_ascii=False, default=str)
    assert "Phường Đông Sơn \ufffd\ufffd.xlsx" in text and "An\ufffdBình.xlsx" in text


def test_english_messages_become_vietnamese_lines(tmp_path):
    from desktop.reading import process_file

    utf16 = tmp_path / "u16.xls"
    utf16.write_bytes(b"\xff\xfe" + "Mã số\tGiá trị\r\n01\t5\r\n".encode("utf-16-le"))
    message = process_file(utf16, FORM, None).issues[0].message
    assert "UTF-16" in message and "Unicode" in message

    source = unit_file(tmp_path / "in", "Xã An Bình.xlsx")
    bare = tmp_path / "bare.xlsx"
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(bare, "w") as copy:
        for info in archive.infolist():
            if info.filename != "[Content_Types].xml":
                copy.writestr(info, archive.read(info))
    with pytest.raises(WorkbookError) as caught:
        annotate_workbook(bare, [], tmp_path / "out")
    assert "[Content_Types].xml" in caught.value.reason and "KeyError" not in caught.value.reason
    assert "There is no item" not in caught.value.reason

    if sys.platform == "linux":
        odd = tmp_path / os.fsdecode(b"t\xffen.xlsx")
        odd.write_bytes(source.read_bytes())
        result = process_file(odd, FORM, None)
        assert result.submission is not None and result.submission.recognised
        assert not any("os error" in i.message for i in result.issues)


def test_deeply_nested_xml_is_a_vietnamese_line(tmp_path):
    """lxml refuses XML nested beyond 256 levels ("Excessive depth"); without lxml openpyxl reads it."""
    source = write_raw_xlsx(tmp_path / "deep.xlsx", [sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>')])
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    deep = "<x>" * 400 + "</x>" * 400
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</workbook>", f"<extLst>{deep}</extLst></workbook>".encode()
    )
    with zipfile.ZipFile(source, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    import openpyxl.xml

    if not openpyxl.xml.LXML:
        assert annotate_workbook(source, [], tmp_path / "out").target.exists()
        return
    with pytest.raises(WorkbookError) as caught:
        annotate_workbook(source, [], tmp_path / "out")
    assert caught.value.reason.startswith("nội dung XML của tệp lồng nhau quá sâu")
    assert "Excessive" in caught.value.reason_en  # the technical text is kept for the log, not shown


def test_a_template_and_a_consolidated_workbook_hold_no_unsafe_text(tmp_path):
    from desktop.io.formsheet import Header
    from desktop.io.template import write_unit_workbook

    target = tmp_path / "t.xlsx"
    write_unit_workbook(target, FORM, Header(os.fsdecode(b"X\xe3 A\x01n"), "1", PERIOD.label, "1/1", "2/1", ""))
    ws = openpyxl.load_workbook(target).worksheets[0]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("X\ufffd A\ufffdn" in t for t in texts)
