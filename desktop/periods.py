"""Reporting periods ("Tháng 8/2026", "Quý III/2026", "6 tháng đầu năm 2026", "9 tháng 2026", "Năm 2026").

Police statistics run from the 15th of the month before the period to the 14th of its last month
(year 2026 = 15/12/2025-14/12/2026); calendar boundaries are accepted too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop.vntext import fold

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_ROMAN_VALUES = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str  # month | quarter | half | nine_months | year
    index: int = 1  # month 1-12, quarter 1-4, half 1-2; 1 otherwise

    @property
    def months(self) -> tuple[int, int]:
        """First and last calendar month covered."""
        match self.kind:
            case "month":
                return self.index, self.index
            case "quarter":
                return 3 * self.index - 2, 3 * self.index
            case "half":
                return (1, 6) if self.index == 1 else (7, 12)
            case "nine_months":
                return 1, 9
            case _:
                return 1, 12

    @property
    def label(self) -> str:
        match self.kind:
            case "month":
                return f"Tháng {self.index}/{self.year}"
            case "quarter":
                return f"Quý {ROMAN[self.index]}/{self.year}"
            case "half":
                return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
            case "nine_months":
                return f"9 tháng {self.year}"
            case _:
                return f"Năm {self.year}"

    @property
    def police_dates(self) -> tuple[date, date]:
        first, last = self.months
        start_year, start_month = (self.year - 1, 12) if first == 1 else (self.year, first - 1)
        return date(start_year, start_month, 15), date(self.year, last, 14)

    @property
    def calendar_dates(self) -> tuple[date, date]:
        first, last = self.months
        next_month = date(self.year + 1, 1, 1) if last == 12 else date(self.year, last + 1, 1)
        return date(self.year, first, 1), next_month - timedelta(days=1)

    def __str__(self) -> str:
        return self.label


# One grammar for every spelling: a kind word, its number, then the year after "/", "-", ".", ",",
# a space or "năm" ("Quý III/2026", "Quý III 2026", "Quý 3 năm 2026", "Q3-2026", "Tháng 9/2026",
# "6 tháng đầu năm 2026", "9 tháng 2026", "Năm 2026").
_YEAR = r"(?:\s*[/.,-]\s*|\s+)(?:nam\s*:?\s*)?(\d{4})$"
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^thang\s*(\d{1,2})" + _YEAR), "month"),
    (re.compile(r"^(?:quy|q\.?)\s*(iv|iii|ii|i|[1-4])" + _YEAR), "quarter"),
    (re.compile(r"^0?6\s*thang\s+(dau|cuoi)" + _YEAR), "half"),
    (re.compile(r"^0?6\s*thang" + _YEAR), "half1"),
    (re.compile(r"^0?9\s*thang(?:\s+dau)?" + _YEAR), "nine_months"),
    (re.compile(r"^(?:ca\s+)?nam\s*:?\s*(\d{4})$"), "year"),
]


def parse_period(text: object) -> Period | None:
    """The period a label states, or None when it cannot be understood."""
    if text is None:
        return None
    key = fold(str(text)).rstrip(".").strip()
    key = re.sub(r"^(ky bao cao|bao cao)\s*:?\s*", "", key)
    for pattern, kind in _PATTERNS:
        found = pattern.match(key)
        if not found:
            continue
        groups = found.groups()
        year = int(groups[-1])
        if not 1990 <= year <= 2100:
            return None
        match kind:
            case "month":
                month = int(groups[0])
                return Period(year, "month", month) if 1 <= month <= 12 else None
            case "quarter":
                return Period(year, "quarter", _ROMAN_VALUES[groups[0]])
            case "half":
                return Period(year, "half", 1 if groups[0] == "dau" else 2)
            case "half1":
                return Period(year, "half", 1)
            case "nine_months":
                return Period(year, "nine_months")
            case _:
                return Period(year, "year")
    return None


_DATE_TEXT = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_DATE_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(raw: object) -> date | None:
    """A date from a cell: a real date, an Excel serial number, or text dd/mm/yyyy."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 20000 < raw < 80000:
        return _EXCEL_EPOCH + timedelta(days=int(raw))
    if not isinstance(raw, str):
        return None
    text = fold(raw)
    found = _DATE_TEXT.search(text) or _DATE_WORDS.search(text)
    if not found:
        return None
    day, month, year = (int(g) for g in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def format_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")
