"""Last year, from the archive: the same period a year earlier as the archive holds it.

Its totals fill the consolidated workbook's "Cùng kỳ năm trước" (instead of the sum of what the units
typed), and each unit's own "Cùng kỳ năm trước" column is checked against what that unit reported then.
A period not archived as such is rolled up from its archived parts when every unit has them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.archive import Archive, ArchiveError, archive_path, unit_key
from desktop.io.previous import PreviousTotals, same_period_last_year
from desktop.issues import Issue, make_issue, raises
from desktop.periods import Period
from desktop.vntext import format_number

if TYPE_CHECKING:
    from desktop.forms import Form
    from desktop.report import BatchReport
    from desktop.trend import Trend


@dataclass(frozen=True)
class UnitYear:
    name: str
    values: dict[str, int | None]  # code -> what the unit reported for the period then
    file_name: str


@dataclass(frozen=True)
class LastYear:
    period: Period
    units: dict[str, UnitYear]  # unit key -> its report then
    complete: bool  # every unit the archive knows for it had the whole period
    how: str  # "trong kho lưu trữ" or "cộng dồn từ kho lưu trữ"

    @property
    def totals(self) -> dict[str, int]:
        codes = {code for u in self.units.values() for code in u.values}
        return {code: sum(u.values.get(code) or 0 for u in self.units.values()) for code in sorted(codes)}

    def previous_totals(self) -> PreviousTotals:
        origin = f"số liệu {len(self.units)} đơn vị {self.how}"
        return PreviousTotals(self.totals, "kho lưu trữ", self.period.label, origin=origin)


def last_year(archive: Archive, form: Form, period: Period) -> LastYear | None:
    """The same period a year earlier from the archive, or None when it holds nothing of it."""
    before = same_period_last_year(period)
    records = archive.records(form.id, before, counted_only=True)
    if records:
        units = {r.unit_key: UnitYear(r.unit_name, r.values.get("current", {}), r.file_name) for r in records}
        return LastYear(before, units, True, "trong kho lưu trữ")
    if before.kind == "month":
        return None
    from desktop.rollup import roll_up

    rollup = roll_up(archive, form, before)
    if not rollup.units:
        return None
    units = {
        unit_key(t.unit_code, t.unit_name): UnitYear(
            t.unit_name, t.values.get("current", {}), ", ".join(p.file_name for p in t.parts)
        )
        for t in rollup.units
    }
    return LastYear(before, units, not rollup.missing, "cộng dồn từ kho lưu trữ")


@raises("previous_mismatch")
def check_previous_column(report: BatchReport, year: LastYear) -> list[Issue]:
    """A warning on each cell of a unit's "Cùng kỳ năm trước" that differs from what it reported then.

    The issues are also added to the files' own lists, so every output shows them.
    """
    consolidation = report.consolidation
    if consolidation is None or "previous" not in consolidation.form.value_columns:
        return []
    form = consolidation.form
    by_path = {f.path: f for f in report.files}
    found = []
    for row in consolidation.rows:
        then = year.units.get(unit_key(row.unit.code, row.unit.name))
        if then is None:
            continue
        stated = row.values.get("previous", {})
        cells = row.cells.get("previous", {})
        for code in form.codes:
            value, archived = stated.get(code), then.values.get(code)
            if value is None or archived is None or value == archived or form.by_code[code].formula:
                continue
            issue = make_issue(
                "previous_mismatch",
                "warning",
                file=row.file,
                sheet=row.sheet or None,
                cell=cells.get(code),
                unit=row.unit.name,
                value=value,
                code=code,
                unit_name=row.unit.name,
                stated=_number(value),
                archived=_number(archived),
                measure=form.by_code[code].unit,
                period=year.period.label,
                file_name=Path(row.file).name,
                archived_file=then.file_name,
            )
            found.append(issue)
            result = by_path.get(row.file)
            if result is not None and issue not in result.issues:  # a second export adds nothing twice
                result.issues.append(issue)
    return found


def _number(value: int) -> str:
    return format_number(value)


def last_year_totals(archive: Archive, report: BatchReport, *, check: bool = True) -> PreviousTotals | None:
    """Last year's totals from the archive (None unless every unit had the whole period); with `check`,
    each unit's own column checked against what it reported then (not for a roll-up: its parts were
    checked when each was consolidated)."""
    if report.period is None:
        return None
    year = last_year(archive, report.form, report.period)
    if year is None:
        return None
    if check:
        check_previous_column(report, year)
    return year.previous_totals() if year.complete else None


def from_archive(report: BatchReport, *, want_trend: bool) -> tuple[PreviousTotals | None, Trend | None, list[str]]:
    """What a consolidation takes from the archive when there is one: last year's totals (and the check of
    each unit's own column against them) and the trend. Never fatal: a problem is one line to show."""
    path = archive_path()
    if not path.exists() or report.period is None or report.consolidation is None:
        return None, None, ([f"Kho lưu trữ {path} chưa có: không có trang “Diễn biến”"] if want_trend else [])
    try:
        with Archive(path) as archive:
            previous = last_year_totals(archive, report)
            trend = None
            if want_trend:
                from desktop.trend import trend as make_trend

                consolidation = report.consolidation
                current = consolidation.totals.get("current", {})
                trend = make_trend(archive, report.form, report.period, current, len(consolidation.rows))
    except ArchiveError as exc:
        return None, None, [f"không dùng được kho lưu trữ: {exc}"]
    notes = [f"Cột “Cùng kỳ năm trước” lấy từ kho lưu trữ ({previous.period})"] if previous else []
    return previous, trend, notes
