"""Roll-ups from the archive: a year of quarterly batches, months into quarters, flows summed, stocks the
latest part's, a missing quarter listed, a late resubmission counted once, the result a workbook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.archive import Archive, Record
from desktop.io.reader import read_workbook
from desktop.io.workbook import load_sheets
from desktop.periods import Period, parse_period
from desktop.rollup import RollupError, parts_of, roll_up
from tests.archive_support import FORM, REGISTRY, UNITS, archive_batch, write_batch

QUARTERS = [parse_period(f"Quý {q}/2026") for q in ("I", "II", "III", "IV")]
FLOWS = [i.code for i in FORM.indicators if i.kind == "flow"]
STOCKS = [i.code for i in FORM.indicators if i.kind == "stock"]


@pytest.fixture
def year_of_quarters(tmp_path):
    """Q1-Q4 2026 archived quarter by quarter; Xã Yên Trường never sent Q2; Xã Quý Lộc resent Q1 late."""
    figures: dict[Period, dict[str, dict[str, int]]] = {}
    for quarter in QUARTERS:
        units = [u for u in UNITS if not (u.code == "20003" and quarter.index == 2)]
        figures[quarter] = write_batch(tmp_path / quarter.label.replace("/", "-"), quarter, units)
        archive_batch(tmp_path / quarter.label.replace("/", "-"), quarter)
    late = write_batch(tmp_path / "late", QUARTERS[0], units=[UNITS[0]], seed=7)
    archive_batch(tmp_path / "late", QUARTERS[0])
    figures[QUARTERS[0]]["20001"] = late["20001"]
    return figures


def expected(figures, quarters, unit):
    parts = [figures[q][unit] for q in quarters]
    values = {code: sum(p[code] for p in parts) for code in FLOWS}
    values.update({code: parts[-1][code] for code in STOCKS})
    return values


def test_nine_months_sum_flows_take_the_last_quarters_stocks_and_list_the_missing_quarter(year_of_quarters):
    nine = parse_period("9 tháng 2026")
    with Archive() as archive:
        rollup = roll_up(archive, FORM, nine, REGISTRY)
    by_code = {t.unit_code: t for t in rollup.units}
    assert set(by_code) == {"20001", "20002"}
    for code in ("20001", "20002"):
        assert by_code[code].values["current"] == expected(year_of_quarters, QUARTERS[:3], code)
        assert [p.period for p in by_code[code].parts] == QUARTERS[:3]
    assert by_code["20001"].parts[0].file_name == "Xã Quý Lộc Quý I-2026 v7.xlsx"  # the late one, once
    (gap,) = rollup.missing
    assert (gap.unit_name, gap.unit_code, gap.periods) == ("Xã Yên Trường", "20003", [QUARTERS[1]])
    assert gap.have == [QUARTERS[0], QUARTERS[2]]
    totals = rollup.totals["current"]
    assert totals["01"] == sum(expected(year_of_quarters, QUARTERS[:3], c)["01"] for c in ("20001", "20002"))
    assert totals["16"] == year_of_quarters[QUARTERS[2]]["20001"]["16"] + year_of_quarters[QUARTERS[2]]["20002"]["16"]


def test_the_year_is_the_four_quarters(year_of_quarters):
    with Archive() as archive:
        rollup = roll_up(archive, FORM, parse_period("Năm 2026"))
    by_code = {t.unit_code: t for t in rollup.units}
    assert by_code["20002"].values["current"] == expected(year_of_quarters, QUARTERS, "20002")
    assert [(m.unit_code, m.periods) for m in rollup.missing] == [("20003", [QUARTERS[1]])]


def test_rollup_command_writes_a_consolidated_workbook_and_json_names_the_missing(year_of_quarters, tmp_path, run_cli):
    out = tmp_path / "Tong hop 9 thang 2026.xlsx"
    result = run_cli("rollup", "--period", "9 tháng 2026", "--units", _registry_csv(tmp_path), "-o", out, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["missing"] == [{"unit": "Xã Yên Trường", "unit_code": "20003", "periods": ["Quý II/2026"]}]
    totals = {t["code"]: t["values"]["Kỳ báo cáo"] for t in data["totals"]}  # as consolidate --json prints them
    assert totals["07"] == sum(expected(year_of_quarters, QUARTERS[:3], c)["07"] for c in ("20001", "20002"))
    assert {u["unit_code"]: u["periods"] for u in data["units"]}["20002"] == [q.label for q in QUARTERS[:3]]
    summary = read_workbook(out, FORM)  # the roll-up is itself a submission of the form, one level up
    assert summary.label("period") == "9 tháng 2026"
    assert summary.values("current") == totals
    sheets = {s.name: s for s in load_sheets(out)}
    status = _texts(sheets["Tình hình nộp báo cáo"])
    assert any("cộng dồn từ Quý I/2026, Quý II/2026, Quý III/2026" in t for t in status)
    assert any("thiếu số liệu Quý II/2026 (có Quý I/2026, Quý III/2026)" in t for t in status)
    checks = _texts(sheets["Kết quả kiểm tra"])
    assert "Xã Yên Trường chưa có số liệu Quý II/2026 trong kho lưu trữ: không đưa vào tổng 9 tháng 2026" in checks
    sources = _texts(sheets["Nguồn số liệu"])
    files = "Quý I năm 2026: Xã Quý Lộc Quý I-2026 v7.xlsx; Quý II năm 2026: Xã Quý Lộc Quý II-2026.xlsx"
    assert any(files in t for t in sources)
    assert not any("Xã Quý Lộc Quý I-2026.xlsx" in t for t in sources)  # the replaced file is gone
    text = run_cli("rollup", "--period", "9 tháng 2026", "-o", tmp_path / "again.xlsx")
    assert "[thiếu] Xã Yên Trường: chưa có Quý II/2026, không đưa vào tổng" in text.stdout


def _registry_csv(tmp_path: Path) -> Path:
    path = tmp_path / "units.csv"
    path.write_text("code,name,kind\n" + "".join(f"{u.code},{u.name},{u.kind}\n" for u in UNITS), encoding="utf-8")
    return path


def _texts(sheet) -> list[str]:
    return [str(v) for row in sheet.rows for v in row if isinstance(v, str) and v]


def _record(period: Period, unit: int, values: dict[str, int | None], dates=("", "")) -> Record:
    return Record(
        "TDBV-01",
        "2026.1",
        period,
        f"3000{unit}",
        f"Xã Số {unit}",
        f"{unit} {period.label.replace('/', '-')}.xlsx",
        values={"current": values},
        cells={"current": {code: f"E{10 + int(code)}" for code in values}},
        date_from=dates[0],
        date_to=dates[1],
    )


def test_months_make_a_quarter_and_a_half_mixes_months_with_a_quarter():
    months = [Period(2026, "month", m) for m in range(1, 7)]
    with Archive() as archive:
        archive.add(_record(months[m], 1, {"01": m + 1, "05": 10 * (m + 1)}) for m in range(3))
        archive.add([_record(QUARTERS[1], 1, {"01": 100, "05": 70})])
        archive.add(_record(months[m], 2, {"01": 1, "05": 1}) for m in (0, 2))  # February never came
        quarter = roll_up(archive, FORM, QUARTERS[0])
        half = roll_up(archive, FORM, parse_period("6 tháng đầu năm 2026"))
    one = quarter.units[0]
    assert (one.unit_code, one.values["current"]["01"], one.values["current"]["05"]) == ("30001", 6, 30)
    assert one.cells["current"]["01"] == "E11" and one.cells["current"]["05"] == "E15 (Tháng 3)"
    assert [(m.unit_code, m.periods) for m in quarter.missing] == [("30002", [months[1]])]
    (first,) = half.units
    assert first.values["current"]["01"] == 1 + 2 + 3 + 100 and first.values["current"]["05"] == 70
    assert [p.period for p in first.parts] == [*months[:3], QUARTERS[1]]
    assert [(m.unit_code, m.periods) for m in half.missing] == [("30002", [months[1], QUARTERS[1]])]


def test_a_stock_left_empty_in_the_last_part_takes_the_last_value_reported_and_an_empty_flow_stays_empty():
    with Archive() as archive:
        archive.add(
            [_record(QUARTERS[0], 1, {"16": 12, "03": None}), _record(QUARTERS[1], 1, {"16": None, "03": None})]
        )
        (unit,) = roll_up(archive, FORM, parse_period("6 tháng đầu năm 2026")).units
    assert unit.values["current"]["16"] == 12
    assert unit.values["current"]["03"] is None


def test_parts_that_do_not_follow_one_another_are_warned_of():
    police = ("15/12/2025", "14/03/2026")
    calendar = ("01/04/2026", "30/06/2026")
    with Archive() as archive:
        archive.add([_record(QUARTERS[0], 1, {"01": 1}, police), _record(QUARTERS[1], 1, {"01": 2}, calendar)])
        archive.add(
            [
                _record(QUARTERS[0], 2, {"01": 1}, police),
                _record(QUARTERS[1], 2, {"01": 2}, ("15/03/2026", "14/06/2026")),
            ]
        )
        rollup = roll_up(archive, FORM, parse_period("6 tháng đầu năm 2026"))
    assert len(rollup.warnings) == 1
    (warning,) = rollup.warnings
    assert warning.unit == "Xã Số 1" and warning.severity.value == "warning"
    assert "“1 Quý I-2026.xlsx” (Quý I/2026) kết thúc 14/03/2026" in warning.message
    assert "“1 Quý II-2026.xlsx” (Quý II/2026) bắt đầu 01/04/2026" in warning.message
    assert rollup.totals["current"]["01"] == 6


@pytest.mark.parametrize(
    ("period", "parts"),
    [
        ("Quý III/2026", ["Tháng 7/2026", "Tháng 8/2026", "Tháng 9/2026"]),
        ("6 tháng cuối năm 2026", ["Quý III/2026", "Quý IV/2026"]),
        ("9 tháng 2026", ["Quý I/2026", "Quý II/2026", "Quý III/2026"]),
        ("Năm 2026", ["Quý I/2026", "Quý II/2026", "Quý III/2026", "Quý IV/2026"]),
    ],
)
def test_parts_of_a_period(period, parts):
    assert [p.label for p, _ in parts_of(parse_period(period))] == parts


def test_a_month_cannot_be_rolled_up(run_cli):
    with pytest.raises(RollupError):
        parts_of(parse_period("Tháng 8/2026"))
    result = run_cli("rollup", "--period", "Tháng 8/2026", "--json")
    assert result.returncode == 2 and "tháng là kỳ ngắn nhất" in result.stderr
