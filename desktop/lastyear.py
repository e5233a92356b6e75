"""Last year, from the archive: the same period a year earlier as the archive holds it.

Its totals fill the consolidated workbook's "Cùng kỳ năm trước" (instead of the sum of what the units
typed), and each unit's own "Cùng kỳ năm trước" column is checked against what that unit reported then.
A period not archived as such is rolled up from its archived parts when every unit has them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.archive import Archive, unit_key
from desktop.io.previous import PreviousTotals, same_period_last_year
from desktop.issues import Issue, make_issue
from desktop.periods import Period

if TYPE_CHECKING:
    from desktop.forms import Form
    from desktop.report import BatchReport


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
            if result is not None:
                result.issues.append(issue)
    return found


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")
