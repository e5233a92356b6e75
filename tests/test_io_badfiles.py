"""Files that cannot be imported as they are: each ends as one clear issue naming the file, the batch goes on."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from desktop import reading
from desktop.forms import load_form
from desktop.issues import MESSAGES
from desktop.pipeline import run_batch
from desktop.reading import process_file
from tests.wbgen import write_ole, write_valid


def only_issue(path: Path):
    result = process_file(path, load_form(), None)
    assert result.submission is None
    assert len(result.issues) == 1, [i.message for i in result.issues]
    issue = result.issues[0]
    assert issue.severity == "error"
    assert issue.file == str(path)
    assert issue.check in MESSAGES
    return issue


def test_an_empty_file_is_reported_as_empty(tmp_path):
    path = tmp_path / "Xã A.xlsx"
    path.write_bytes(b"")
    issue = only_issue(path)
    assert issue.check == "file_empty"
    assert "rỗng" in issue.message


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_a_truncated_workbook_is_reported_as_damaged(tmp_path, keep):
    good = tmp_path / "good.xlsx"
    write_valid(good)
    data = good.read_bytes()
    path = tmp_path / "Xã A.xlsx"
    path.write_bytes(data[: int(len(data) * keep)])
    issue = only_issue(path)
    assert issue.check == "file_corrupt"
    assert "hỏng" in issue.message or "cắt cụt" in issue.message


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"<html><head><meta charset='utf-8'></head><body><table><tr><td>1</td></tr></table>", "HTML"),
        ("STT;Chỉ tiêu;Mã số;Kỳ báo cáo\n1;Số buổi;01;12\n".encode(), "văn bản"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG"),
        (bytes(range(256)) * 4, "không rõ"),
    ],
    ids=["pdf", "html", "csv", "png", "binary"],
)
def test_a_file_that_is_not_a_spreadsheet_says_what_it_is(tmp_path, content, says):
    path = tmp_path / "bao cao.xlsx"
    path.write_bytes(content)
    issue = only_issue(path)
    assert issue.check == "not_spreadsheet"
    assert says in issue.message


def test_a_word_document_renamed_xlsx_is_not_a_spreadsheet(tmp_path):
    path = tmp_path / "bao cao.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    issue = only_issue(path)
    assert issue.check == "not_spreadsheet"
    assert "Word" in issue.message


def test_an_encrypted_ooxml_package_is_reported_as_password_protected(tmp_path):
    # What Excel writes for "Encrypt with password": an OLE file with these two streams, named .xlsx.
    path = tmp_path / "Xã A.xlsx"
    write_ole(
        path,
        {"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00" + b"<encryption/>", "EncryptedPackage": bytes(9000)},
    )
    issue = only_issue(path)
    assert issue.check == "file_encrypted"
    assert "mật khẩu" in issue.message


def test_an_ole_file_without_a_workbook_stream_is_not_a_spreadsheet(tmp_path):
    path = tmp_path / "Xã A.xls"
    write_ole(path, {"WordDocument": bytes(5000)})
    issue = only_issue(path)
    assert issue.check == "not_spreadsheet"
    assert "Word" in issue.message


def test_a_workbook_without_the_form_is_not_recognised(tmp_path, form):
    path = tmp_path / "Xã A.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Danh sách cán bộ"
    wb.active["B2"] = 42
    wb.save(path)
    result = process_file(path, form, None)
    assert result.submission is not None and not result.submission.recognised
    assert [i.check for i in result.issues] == ["form_not_recognised"]
    assert result.status == "errors"


def test_another_version_of_the_form_is_an_error_naming_both(tmp_path, form):
    path = tmp_path / "Xã A.xlsx"
    write_valid(path, meta={"form_id": form.id, "schema_version": "2024.3"})
    result = process_file(path, form, None)
    found = [i for i in result.issues if i.check == "form_version"]
    assert len(found) == 1
    assert "2024.3" in found[0].message and form.version in found[0].message
    assert found[0].severity == "error"


def test_another_form_number_is_an_error_at_its_cell(tmp_path, form):
    path = tmp_path / "Xã A.xlsx"
    write_valid(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Biểu 01"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == form.form_number)
    cell.value = "02/TDBV"
    wb.save(path)
    result = process_file(path, form, None)
    found = [i for i in result.issues if i.check == "form_version"]
    assert len(found) == 1
    assert found[0].cell == cell.coordinate and "02/TDBV" in found[0].message


def test_a_formula_without_a_cached_value_tells_the_user_to_save_in_excel(tmp_path, form):
    path = tmp_path / "Xã A.xlsx"
    write_valid(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Biểu 01"]
    rows = {c.value: c.row for row in ws.iter_rows() for c in row if c.value in ("01", "02", "26", "27", "28")}
    ws[f"E{rows['01']}"] = f"=E{rows['02']}*2"  # openpyxl writes no cached value; 01 has no formula in the form
    ws[f"E{rows['28']}"] = f"=E{rows['26']}+E{rows['27']}"  # a total: computed by the form instead
    wb.save(path)
    result = process_file(path, form, None)
    found = [i for i in result.issues if i.check == "formula_no_value"]
    assert len(found) == 1
    assert found[0].cell == f"E{rows['01']}"
    assert "Excel" in found[0].message and "lưu" in found[0].message
    assert [i.cell for i in result.issues if i.check == "formula_computed"] == [f"E{rows['28']}"]


def test_the_batch_goes_on_past_every_bad_file(tmp_path, form):
    folder = tmp_path / "don-vi"
    folder.mkdir()
    write_valid(folder / "01 tốt.xlsx")
    (folder / "02 rỗng.xlsx").write_bytes(b"")
    (folder / "03 pdf.xlsx").write_bytes(b"%PDF-1.4 ...")
    (folder / "04 cụt.xlsx").write_bytes((folder / "01 tốt.xlsx").read_bytes()[:900])
    write_ole(folder / "05 mật khẩu.xlsx", {"EncryptionInfo": bytes(200), "EncryptedPackage": bytes(5000)})
    write_valid(folder / "06 tốt.xlsx", seed=2, unit="Phường Hạc Thành")
    report = run_batch([folder], form, None, workers=1)
    by_name = {Path(r.path).name: r for r in report.files}
    assert len(by_name) == 6
    assert {n: r.issues[0].check for n, r in by_name.items() if r.submission is None} == {
        "02 rỗng.xlsx": "file_empty",
        "03 pdf.xlsx": "not_spreadsheet",
        "04 cụt.xlsx": "file_corrupt",
        "05 mật khẩu.xlsx": "file_encrypted",
    }
    for name in ("01 tốt.xlsx", "06 tốt.xlsx"):
        assert by_name[name].submission.recognised
        assert not by_name[name].has_errors, [i.message for i in by_name[name].issues]
    assert report.consolidation is not None


def test_a_file_that_disappears_during_the_batch_is_reported_and_the_batch_goes_on(tmp_path, form):
    paths = [tmp_path / f"{n} Xã.xlsx" for n in (1, 2, 3)]
    for seed, path in enumerate(paths, 1):
        write_valid(path, seed=seed, unit=f"Xã Số {seed}")

    def on_result(result):
        if result.path == str(paths[0]):
            paths[1].unlink()

    report = run_batch(paths, form, None, workers=1, on_result=on_result)
    second = report.files[1]
    assert second.submission is None
    assert [i.check for i in second.issues] == ["unreadable"]
    assert "không còn" in second.issues[0].message
    assert report.files[2].submission.recognised


def test_a_file_changed_while_it_is_read_is_reported(tmp_path, monkeypatch, form):
    path = tmp_path / "Xã A.xlsx"
    write_valid(path)
    real_read = reading.read_book

    def read_then_someone_saves(book, f):
        submission = real_read(book, f)
        write_valid(Path(book.path), seed=9)  # the unit's clerk saves the file again meanwhile
        return submission

    monkeypatch.setattr(reading, "read_book", read_then_someone_saves)
    result = process_file(path, form, None)
    assert [i.check for i in result.issues if i.severity == "error"] == ["file_changed"]


def test_a_file_removed_while_it_is_read_is_reported(tmp_path, monkeypatch, form):
    path = tmp_path / "Xã A.xlsx"
    write_valid(path)
    real_read = reading.read_book

    def read_then_delete(book, f):
        submission = real_read(book, f)
        Path(book.path).unlink()
        return submission

    monkeypatch.setattr(reading, "read_book", read_then_delete)
    result = process_file(path, form, None)
    assert [i.check for i in result.issues if i.severity == "error"] == ["unreadable"]
