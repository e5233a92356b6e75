from datetime import date, datetime

import pytest

from desktop.periods import Period, parse_date, parse_period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Tháng 8/2026", Period(2026, "month", 8)),
        ("tháng 08 năm 2026", Period(2026, "month", 8)),
        ("Thang 12 - 2025", Period(2025, "month", 12)),
        ("Quý III/2026", Period(2026, "quarter", 3)),
        ("QUÝ 3 năm 2026", Period(2026, "quarter", 3)),
        ("Quy IV/2026", Period(2026, "quarter", 4)),
        ("6 tháng đầu năm 2026", Period(2026, "half", 1)),
        ("06 tháng 2026", Period(2026, "half", 1)),
        ("6 tháng cuối năm 2026", Period(2026, "half", 2)),
        ("9 tháng 2026", Period(2026, "nine_months")),
        ("9 tháng đầu năm 2026", Period(2026, "nine_months")),
        ("Năm 2026", Period(2026, "year")),
        ("Cả năm 2026.", Period(2026, "year")),
        ("Kỳ báo cáo: Quý I/2026", Period(2026, "quarter", 1)),
        # one grammar: the year after "/", "-", ".", a space or "năm", numbers Roman or Arabic
        ("Quý III 2026", Period(2026, "quarter", 3)),
        ("Quý III năm 2026", Period(2026, "quarter", 3)),
        ("Quý III - 2026", Period(2026, "quarter", 3)),
        ("quý 3/2026", Period(2026, "quarter", 3)),
        ("Quý 3 2026", Period(2026, "quarter", 3)),
        ("Quý I 2026", Period(2026, "quarter", 1)),
        ("Quý II năm 2026", Period(2026, "quarter", 2)),
        ("Quý 2-2026", Period(2026, "quarter", 2)),
        ("QUÝ IV NĂM 2026", Period(2026, "quarter", 4)),
        ("Quý 4 / 2026", Period(2026, "quarter", 4)),
        ("Q3/2026", Period(2026, "quarter", 3)),
        ("Tháng 9/2026", Period(2026, "month", 9)),
        ("Tháng 9 2026", Period(2026, "month", 9)),
        ("Tháng 09.2026", Period(2026, "month", 9)),
        ("tháng 9 - năm 2026", Period(2026, "month", 9)),
        ("6 tháng đầu 2026", Period(2026, "half", 1)),
        ("6 tháng/2026", Period(2026, "half", 1)),
        ("6 tháng cuối 2026", Period(2026, "half", 2)),
        ("9 tháng năm 2026", Period(2026, "nine_months")),
        ("09 tháng/2026", Period(2026, "nine_months")),
        ("năm 2026", Period(2026, "year")),
        ("Năm: 2026", Period(2026, "year")),
    ],
)
def test_periods_parse_the_ways_clerks_write_them(text, period):
    assert parse_period(text) == period


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Quý V/2026",
        "Quý 5 2026",
        "Tháng 13/2026",
        "Tháng 0/2026",
        "tuần 3",
        "2026",
        "Năm 26",
        "Quý III",
        "Quý III 26",
        None,
    ],
)
def test_unparseable_periods_are_none(text):
    assert parse_period(text) is None


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Period(2026, "year"), date(2025, 12, 15), date(2026, 12, 14)),
        (Period(2026, "month", 1), date(2025, 12, 15), date(2026, 1, 14)),
        (Period(2026, "month", 8), date(2026, 7, 15), date(2026, 8, 14)),
        (Period(2026, "quarter", 3), date(2026, 6, 15), date(2026, 9, 14)),
        (Period(2026, "half", 1), date(2025, 12, 15), date(2026, 6, 14)),
        (Period(2026, "nine_months"), date(2025, 12, 15), date(2026, 9, 14)),
    ],
)
def test_police_dates_run_from_the_15th_to_the_14th(period, start, end):
    assert period.police_dates == (start, end)


def test_labels_round_trip():
    for period in [
        Period(2026, "month", 8),
        Period(2026, "quarter", 2),
        Period(2026, "half", 1),
        Period(2026, "nine_months"),
        Period(2026, "year"),
    ]:
        assert parse_period(period.label) == period


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("15/06/2026", date(2026, 6, 15)),
        ("15-6-2026", date(2026, 6, 15)),
        ("ngày 14 tháng 9 năm 2026", date(2026, 9, 14)),
        (datetime(2026, 9, 14, 0, 0), date(2026, 9, 14)),
        (46279.0, date(2026, 9, 14)),
        ("31/02/2026", None),
        ("sắp tới", None),
    ],
)
def test_dates_from_cells(raw, expected):
    assert parse_date(raw) == expected
