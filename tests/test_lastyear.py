"""Last year from the archive: the consolidated "Cùng kỳ năm trước" comes from it, and each unit's own
column is checked against what it reported then, the warning on the very cell."""

from __future__ import annotations

import json

from desktop.archive import Archive
from desktop.io.reader import read_workbook
from desktop.io.workbook import load_sheets
from desktop.lastyear import check_previous_column, last_year
from desktop.periods import parse_period
from desktop.pipeline import run_batch
from tests.archive_support import FORM, REGISTRY, UNITS, archive_batch, write_batch

THEN = parse_period("Quý III/2025")
NOW = parse_period("Quý III/2026")


def test_a_unit_misreporting_last_year_is_warned_on_the_right_cell_naming_both_figures_and_files(tmp_path, run_cli):
    write_batch(tmp_path / "2025", THEN, UNITS[:2])
    archive_batch(tmp_path / "2025", THEN)
    with Archive() as archive:
        then = {r.unit_code: r for r in archive.records(FORM.id, THEN)}
    stated = {code: dict(r.values["current"]) for code, r in then.items()}
    stated["20001"]["01"] += 5  # Xã Quý Lộc misremembers code 01; Phường Ba Đình states last year exactly
    write_batch(tmp_path / "2026", NOW, UNITS[:2], previous=stated)
    out = tmp_path / "Tong hop Quy III-2026.xlsx"
    result = run_cli("consolidate", tmp_path / "2026", "-o", out, "--json")
    assert result.returncode == 0, result.stderr
    issues = [i for i in json.loads(result.stdout)["issues"] if i["check"] == "previous_mismatch"]
    assert len(issues) == 1
    (issue,) = issues
    unit_file = next((tmp_path / "2026").glob("Xã Quý Lộc*.xlsx"))
    row = read_workbook(unit_file, FORM).figures["previous"]["01"]
    assert (issue["file"], issue["sheet"], issue["cell"]) == (str(unit_file), row.sheet, row.cell)
    assert issue["severity"] == "warning" and issue["unit"] == "Xã Quý Lộc"
    archived = then["20001"].values["current"]["01"]
    assert f"Xã Quý Lộc ghi cùng kỳ {archived + 5} buổi" in issue["message"]
    assert f"báo cáo Quý III/2025 ghi {archived}" in issue["message"]
    assert unit_file.name in issue["message"] and then["20001"].file_name in issue["message"]
    summary = read_workbook(out, FORM)
    expected = {code: sum(r.values["current"][code] for r in then.values()) for code in FORM.codes}
    assert summary.values("previous") == expected
    assert "[thông tin] Cột “Cùng kỳ năm trước” lấy từ kho lưu trữ (Quý III/2025)" in result.stderr
    checks = {s.name: s for s in load_sheets(out)}["Kết quả kiểm tra"]
    assert any("Cùng kỳ khác kho lưu trữ" in row and issue["message"] in row for row in checks.rows)


def test_no_archive_no_check_and_the_units_own_previous_column_is_summed(tmp_path, run_cli):
    write_batch(tmp_path / "2026", NOW, UNITS[:2])
    out = tmp_path / "o.xlsx"
    result = run_cli("consolidate", tmp_path / "2026", "-o", out, "--json")
    assert result.returncode == 0
    assert not [i for i in json.loads(result.stdout)["issues"] if i["check"] == "previous_mismatch"]
    report = run_batch([tmp_path / "2026"], FORM, REGISTRY, workers=1)
    assert read_workbook(out, FORM).values("previous") == report.consolidation.totals["previous"]


def test_last_years_nine_months_are_rolled_up_from_its_quarters(tmp_path):
    for quarter in ("Quý I/2025", "Quý II/2025", "Quý III/2025"):
        folder = tmp_path / quarter.replace("/", "-")
        write_batch(folder, quarter, UNITS[:2])
        archive_batch(folder, quarter)
    write_batch(tmp_path / "now", "9 tháng 2026", UNITS[:2])
    report = run_batch([tmp_path / "now"], FORM, REGISTRY, workers=1)
    with Archive() as archive:
        year = last_year(archive, FORM, parse_period("9 tháng 2026"))
        q1 = archive.records(FORM.id, parse_period("Quý I/2025"), "20002")[0].values["current"]
    assert year.period == parse_period("9 tháng 2025") and year.complete
    assert year.how == "cộng dồn từ kho lưu trữ"
    assert year.units["20002"].values["01"] > q1["01"]
    issues = check_previous_column(report, year)
    assert issues and {i.unit for i in issues} <= {"Xã Quý Lộc", "Phường Ba Đình"}  # random figures differ
    assert all(i.cell and i.cell.startswith("F") for i in issues)
