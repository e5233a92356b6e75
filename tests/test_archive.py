"""The archive: what it keeps, replacing a resubmission, surviving a kill and a second writer, upgrading
an old file, reading back consolidated workbooks, and saying clearly when its file is damaged."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from desktop.archive import SCHEMA_V1, SCHEMA_VERSION, Archive, ArchiveError, Record, archive_path, tidy_rows
from desktop.io.writer import write_consolidated
from desktop.periods import Period, parse_period
from desktop.pipeline import run_batch
from tests.archive_support import FORM, REGISTRY, UNITS, archive_batch, write_batch

REPO = Path(__file__).resolve().parent.parent
Q1 = parse_period("Quý I/2026")


def test_the_archive_file_is_the_one_tonghop_archive_names(tmp_path, monkeypatch):
    monkeypatch.setenv("TONGHOP_ARCHIVE", str(tmp_path / "elsewhere.sqlite"))
    assert archive_path() == tmp_path / "elsewhere.sqlite"
    monkeypatch.delenv("TONGHOP_ARCHIVE")
    monkeypatch.setenv("TONGHOP_DATA_DIR", str(tmp_path / "data"))
    assert archive_path() == tmp_path / "data" / "archive.sqlite"


def test_a_batch_is_archived_with_its_figures_cells_files_and_exclusions(tmp_path):
    written = write_batch(tmp_path / "q1", Q1)
    broken = dict(written["20003"], **{"28": written["20003"]["28"] + 5})  # breaks the rule 28 = 26 + 27
    from desktop.demo import write_unit

    write_unit(tmp_path / "q1" / "Xã Yên Trường Quý I-2026.xlsx", FORM, UNITS[2], Q1, broken, {}, [])
    report, stored = archive_batch(tmp_path / "q1", Q1)
    with Archive() as archive:
        assert archive.path == archive_path()
        assert archive.schema_version == SCHEMA_VERSION
        records = {r.unit_code: r for r in archive.records(FORM.id, Q1)}
        journal = archive._db.execute("PRAGMA journal_mode").fetchone()[0]
    assert journal == "wal"
    assert stored.added == 3
    counted = {code for code, r in records.items() if r.counted}
    assert counted == {"20001", "20002"}
    excluded = records["20003"]
    assert not excluded.counted and "khác số tập thể cộng số cá nhân" in excluded.reason  # the error itself
    assert excluded.values["current"]["28"] == broken["28"]
    first = records["20001"]
    assert first.values["current"] == written["20001"]
    by_path = {Path(f.path).name: f for f in report.files}
    result = by_path[first.file_name]
    assert first.sha256 == result.sha256 and len(first.sha256) == 64
    assert first.cells["current"]["01"] == result.submission.figures["current"]["01"].cell
    assert first.sheet == "Biểu 01" and first.date_from == "15/12/2025" and first.date_to == "14/03/2026"
    assert len(first.list_rows) == written["20001"]["16"]
    assert first.form_version == FORM.version and first.added


def test_a_late_resubmission_replaces_the_earlier_file_and_is_never_counted_twice(tmp_path):
    write_batch(tmp_path / "q1", Q1)
    archive_batch(tmp_path / "q1", Q1)
    late = write_batch(tmp_path / "late", Q1, units=[UNITS[0]], seed=7)
    _, stored = archive_batch(tmp_path / "late", Q1)
    with Archive() as archive:
        records = archive.records(FORM.id, Q1, "20001")
        summary = archive.periods(FORM.id)
    assert len(records) == 1
    assert records[0].values["current"] == late["20001"]
    assert records[0].file_name.endswith("v7.xlsx")
    assert stored.replaced == ["Xã Quý Lộc (Quý I/2026): thay “Xã Quý Lộc Quý I-2026.xlsx”"]
    assert [(s.period, s.units, s.counted) for s in summary] == [(Q1, 3, 3)]


def test_an_excluded_resubmission_does_not_push_out_the_counted_file(tmp_path):
    written = write_batch(tmp_path / "q1", Q1, units=[UNITS[0]])
    archive_batch(tmp_path / "q1", Q1)
    from desktop.demo import write_unit

    bad = dict(written["20001"], **{"28": 999})
    (tmp_path / "bad").mkdir()
    write_unit(tmp_path / "bad" / "x.xlsx", FORM, UNITS[0], Q1, bad, {}, [])
    archive_batch(tmp_path / "bad", Q1)
    with Archive() as archive:
        records = archive.records(FORM.id, Q1, "20001")
    assert sorted((r.counted, r.file_name) for r in records) == [
        (False, "x.xlsx"),
        (True, "Xã Quý Lộc Quý I-2026.xlsx"),
    ]


def test_remove_a_unit_then_a_period(tmp_path):
    write_batch(tmp_path / "q1", Q1)
    archive_batch(tmp_path / "q1", Q1)
    with Archive() as archive:
        assert archive.remove(FORM.id, Q1, "Xã Quý Lộc") == 1
        assert {r.unit_code for r in archive.records(FORM.id, Q1)} == {"20002", "20003"}
        assert archive.remove(FORM.id, Q1) == 2
        assert archive.periods() == []
        figures = archive._db.execute("SELECT count(*) FROM figures").fetchone()[0]
    assert figures == 0


# safety ----------------------------------------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import sys, time
    from desktop.archive import Archive, Record
    from desktop.periods import Period

    def record(period, unit):
        values = {"current": {f"{c:02d}": c * 10 + unit for c in range(1, 29)}}
        return Record("TDBV-01", "2026.1", period, f"{unit:05d}", f"Đơn vị {unit}", f"{unit}.xlsx", values=values)

    mode = sys.argv[1]
    archive = Archive()
    if mode == "kill":
        archive.add(record(Period(2026, "quarter", 1), u) for u in range(1, 6))
        inserted = 0
        original = Archive._insert

        def slow(self, db, rec, added, origin):
            global inserted
            original(self, db, rec, added, origin)
            inserted += 1
            if inserted == 40:
                print("MID", flush=True)
                time.sleep(120)

        Archive._insert = slow
        archive.add(record(Period(2026, "quarter", 2), u) for u in range(1, 200))
    else:
        start = float(sys.argv[3])
        while time.time() < start:
            time.sleep(0.005)
        for n in range(15):
            archive.add([record(Period(2026, "month", n % 12 + 1), int(sys.argv[2]) * 100 + n)])
        print("DONE", flush=True)
    """
)


def _child(*args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_a_process_killed_mid_write_loses_nothing_committed_and_leaves_no_half_period():
    child = _child("kill")
    try:
        line = child.stdout.readline()
        assert line.strip() == "MID", child.stderr.read()
        wal = archive_path().with_name(archive_path().name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0  # the half period really reached the disk
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    with Archive() as archive:
        assert archive.check() == "ok"
        periods = [(s.period, s.units) for s in archive.periods()]
        units = archive.records("TDBV-01", Period(2026, "quarter", 1))
    assert periods == [(Period(2026, "quarter", 1), 5)]
    assert sorted(r.values["current"]["03"] for r in units) == [31, 32, 33, 34, 35]


def test_two_processes_writing_at_once_both_land_whole():
    start = time.time() + 1.5
    children = [_child("concurrent", str(n), str(start)) for n in (1, 2)]
    outputs = [c.communicate(timeout=120) for c in children]
    for child, (out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
        assert out.strip() == "DONE"
    with Archive() as archive:
        assert archive.check() == "ok"
        records = archive.records("TDBV-01")
    assert len(records) == 30
    assert {r.unit_code[:3] for r in records} == {"001", "002"}
    assert all(len(r.values["current"]) == 28 for r in records)


def test_a_file_made_by_the_previous_schema_upgrades_itself_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript(SCHEMA_V1)
    db.execute(
        "INSERT INTO submissions (form_id, form_version, year, kind, idx, unit_key, unit_code, unit_name, file_name, "
        "sha256, added) VALUES ('TDBV-01', '2025.1', 2025, 'quarter', 3, '20001', '20001', 'Xã Quý Lộc', "
        "'Quy Loc Q3.xlsx', 'ab' , '2025-10-20T08:00:00')"
    )
    db.executemany(
        "INSERT INTO figures (submission_id, value_column, code, value) VALUES (1, 'current', ?, ?)",
        [("01", 31), ("02", 1500)],
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with Archive(path) as archive:
        assert archive.schema_version == SCHEMA_VERSION == 2
        (old,) = archive.records("TDBV-01", Period(2025, "quarter", 3))
        assert old.values == {"current": {"01": 31, "02": 1500}}
        assert old.counted and old.cells == {"current": {"01": "", "02": ""}} and old.list_rows == []
        assert old.form_version == "2025.1" and old.file_name == "Quy Loc Q3.xlsx"
        new = Record(
            "TDBV-01",
            "2026.1",
            Q1,
            "20001",
            "Xã Quý Lộc",
            "new.xlsx",
            values={"current": {"01": 5}},
            cells={"current": {"01": "E16"}},
            list_rows=[{"name": "Mô hình A"}],
        )
        archive.add([new])
        assert archive.records("TDBV-01", Q1)[0].list_rows == [{"name": "Mô hình A"}]
    with Archive(path) as archive:  # opened again: nothing to upgrade
        assert len(archive.records()) == 2


def test_a_file_from_a_newer_release_is_refused_without_touching_it(tmp_path):
    path = tmp_path / "newer.sqlite"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = path.read_bytes()
    with pytest.raises(ArchiveError, match="phiên bản mới hơn"):
        Archive(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", [b"this is not a database at all " * 200, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_damaged_file_is_reported_in_vietnamese_with_its_path(tmp_path, content):
    path = tmp_path / "archive.sqlite"
    path.write_bytes(content)
    with pytest.raises(ArchiveError) as caught, Archive(path) as archive:
        archive.records()
    message = str(caught.value)
    assert str(path) in message and "bị hỏng" in message


def test_commands_that_need_a_damaged_archive_say_so_and_consolidate_still_works(tmp_path, run_cli):
    archive_path().write_bytes(b"garbage" * 1000)
    result = run_cli("archive", "list")
    assert result.returncode == 2
    assert "bị hỏng" in result.stderr and str(archive_path()) in result.stderr
    assert "Traceback" not in result.stderr
    write_batch(tmp_path / "q1", Q1)
    out = tmp_path / "out.xlsx"
    result = run_cli("consolidate", tmp_path / "q1", "-o", out, "--period", Q1.label)
    assert result.returncode == 0, result.stderr
    assert out.exists() and "không dùng được kho lưu trữ" in result.stderr
    result = run_cli("consolidate", tmp_path / "q1", "-o", out, "--period", Q1.label, "--archive")
    assert result.returncode == 2 and "bị hỏng" in result.stderr


# consolidated workbooks in, tidy tables out ----------------------------------------------------------


def test_archive_add_of_a_consolidated_workbook_reproduces_the_figures(tmp_path, run_cli):
    write_batch(tmp_path / "q2", "Quý II/2026")
    report = run_batch([tmp_path / "q2"], FORM, REGISTRY, workers=1)
    book = tmp_path / "Tong hop Quy II-2026.xlsx"
    write_consolidated(report, book)
    result = run_cli("archive", "add", book, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["added"][0]["units"] == 3
    with Archive() as archive:
        records = {r.unit_code: r for r in archive.records(FORM.id, parse_period("Quý II/2026"))}
    for row in report.consolidation.rows:
        record = records[row.unit.code]
        result = next(f for f in report.files if f.path == row.file)
        assert record.values == row.values
        assert record.cells == {
            c: {k: v for k, v in cells.items() if row.values[c].get(k) is not None} for c, cells in row.cells.items()
        }
        assert (record.file_name, record.sha256, record.sheet) == (Path(row.file).name, result.sha256, row.sheet)
        assert record.origin == book.name and record.counted
        assert [r["name"] for r in record.list_rows] == [r.values["name"] for r in result.submission.list_rows]
    again = json.loads(run_cli("archive", "add", book, "--json").stdout)["added"][0]
    assert len(again["replaced"]) == 3  # the same workbook twice: replaced, never counted twice
    with Archive() as archive:
        assert [(s.units, s.files) for s in archive.periods()] == [(3, 3)]


def test_archive_add_refuses_a_unit_workbook_and_goes_on_with_the_others(tmp_path, run_cli):
    write_batch(tmp_path / "q2", "Quý II/2026")
    report = run_batch([tmp_path / "q2"], FORM, REGISTRY, workers=1)
    book = tmp_path / "tong hop.xlsx"
    write_consolidated(report, book)
    unit_file = next((tmp_path / "q2").glob("*.xlsx"))
    result = run_cli("archive", "add", unit_file, book)
    assert result.returncode == 1
    assert f"“{unit_file.name}” không phải tệp tổng hợp" in result.stderr
    assert "Đã lưu tong hop.xlsx: Quý II/2026, 3 đơn vị" in result.stdout


def test_export_writes_a_tidy_long_table_as_csv_and_xlsx(tmp_path, run_cli):
    written = write_batch(tmp_path / "q1", Q1)
    archive_batch(tmp_path / "q1", Q1)
    csv_path, xlsx_path = tmp_path / "q1.csv", tmp_path / "unit.xlsx"
    assert run_cli("archive", "export", "--period", Q1.label, "-o", csv_path).returncode == 0
    import csv

    with csv_path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3 * 28 * 2
    row = next(r for r in rows if r["unit_code"] == "20002" and r["code"] == "07" and r["column"] == "current")
    assert int(row["value"]) == written["20002"]["07"]
    assert row["period"] == "Quý I/2026" and row["unit"] == "Phường Ba Đình" and row["source"].endswith(".xlsx")
    result = run_cli("archive", "export", "--unit", "20001", "-o", xlsx_path)
    assert result.returncode == 0, result.stderr
    import openpyxl

    sheet = openpyxl.load_workbook(xlsx_path).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:7] == ("Biểu mẫu", "Kỳ báo cáo", "Mã đơn vị", "Đơn vị", "Mã số", "Cột", "Giá trị")
    assert {v[3] for v in values[1:]} == {"Xã Quý Lộc"} and len(values) == 1 + 56


def test_info_list_and_show(tmp_path, run_cli):
    write_batch(tmp_path / "q1", Q1)
    assert run_cli("consolidate", tmp_path / "q1", "-o", tmp_path / "o.xlsx", "--archive").returncode == 0
    info = json.loads(run_cli("archive", "info", "--json").stdout)
    assert info["path"] == str(archive_path()) and info["schema_version"] == SCHEMA_VERSION
    assert info["integrity"] == "ok" and info["submissions"] == 3 and info["figures"] == 3 * 56
    listed = json.loads(run_cli("archive", "list", "--json").stdout)
    assert [(p["period"], p["counted"]) for p in listed] == [("Quý I/2026", 3)]
    shown = run_cli("archive", "show", "--period", "Quý I/2026")
    assert shown.returncode == 0 and "Phường Ba Đình" in shown.stdout and "được tính" in shown.stdout
    unit = json.loads(run_cli("archive", "show", "--unit", "xa quy loc", "--json").stdout)  # any spelling
    assert [(r["period"], r["unit_code"], r["counted"]) for r in unit] == [("Quý I/2026", "20001", True)]
    missing = run_cli("archive", "show", "--period", "Quý IV/2026")
    assert missing.returncode == 2 and "không có TDBV-01 kỳ Quý IV/2026" in missing.stderr


def test_tidy_rows_name_the_source_of_every_figure():
    record = Record(
        "F", "1", Q1, "1", "A", "a.xlsx", "h", values={"current": {"01": 3}}, cells={"current": {"01": "E9"}}
    )
    assert tidy_rows([record]) == [
        {
            "form": "F",
            "period": "Quý I/2026",
            "unit_code": "1",
            "unit": "A",
            "code": "01",
            "column": "current",
            "value": 3,
            "source": "a.xlsx",
            "cell": "E9",
            "sha256": "h",
        }
    ]


def test_the_trend_sheet_has_a_line_chart_over_the_archived_periods(tmp_path, run_cli):
    for n, label in enumerate(["Quý III/2025", "Quý IV/2025", "Quý I/2026"]):
        write_batch(tmp_path / str(n), label)
        archive_batch(tmp_path / str(n), label)
    write_batch(tmp_path / "now", "Quý II/2026")
    out = tmp_path / "q2.xlsx"
    result = run_cli("consolidate", tmp_path / "now", "-o", out, "--history")
    assert result.returncode == 0, result.stderr
    import openpyxl

    book = openpyxl.load_workbook(out)
    assert "Diễn biến" in book.sheetnames
    sheet = book["Diễn biến"]
    labels = [row[0] for row in sheet.iter_rows(min_row=6, max_row=9, max_col=1, values_only=True)]
    assert labels == ["Quý III/2025", "Quý IV/2025", "Quý I/2026", "Quý II/2026"]
    with Archive() as archive:
        q3 = sum(r.values["current"]["06"] for r in archive.records(FORM.id, parse_period("Quý III/2025")))
    assert sheet.cell(6, 2).value == q3
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert sum(b"<c:lineChart>" in z.read(n) for n in charts) == 4


def test_reading_commands_never_create_an_archive(run_cli):
    assert run_cli("archive", "list").stdout.strip().endswith("chưa có kỳ nào.")
    assert json.loads(run_cli("archive", "info", "--json").stdout)["exists"] is False
    result = run_cli("rollup", "--period", "9 tháng 2026", "--json")
    assert result.returncode == 2 and "chưa có" in result.stderr
    assert run_cli("archive", "export", "-o", archive_path().with_name("x.csv")).returncode == 2
    assert not archive_path().exists()
