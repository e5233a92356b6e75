"""Consolidation: which files count, and the provincial figures they add up to.

Files with errors are left out unless the user includes them; of two files for one unit and period
the newer counts unless the user prefers the other. Every such decision is kept, to be written out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.issues import Severity, make_issue
from desktop.periods import Period
from desktop.units import Unit
from desktop.vntext import fold

if TYPE_CHECKING:
    from desktop.forms import Form
    from desktop.report import BatchReport, FileResult

STATUS_SUBMITTED = "Đã nộp"
STATUS_MISSING = "Chưa nộp"
STATUS_EXCLUDED = "Bị loại"
STATUS_UNKNOWN = "Không có trong danh mục"


@dataclass(frozen=True)
class UnitRow:
    """One counted unit: its figures by column and code, and the cells they came from."""

    unit: Unit
    file: str
    sheet: str
    values: dict[str, dict[str, int | None]]
    cells: dict[str, dict[str, str]]


@dataclass(frozen=True)
class StatusRow:
    unit_code: str
    unit_name: str
    status: str
    file: str = ""
    modified: str = ""
    sha256: str = ""
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    reason: str = ""


@dataclass
class Consolidation:
    form: Form
    period: Period | None
    area_name: str  # the province (or "Toàn quốc") the total is for
    area_code: str
    rows: list[UnitRow]
    status: list[StatusRow]
    list_rows: list[dict[str, Any]]
    decisions: list[str] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, dict[str, int]]:
        """Column -> code -> the sum over the counted units (a figure left empty counts as 0)."""
        return {
            col: {code: sum(row.values.get(col, {}).get(code) or 0 for row in self.rows) for code in self.form.codes}
            for col in self.form.value_columns
        }


def _key(result: FileResult) -> tuple[str, Any]:
    unit = result.unit
    return (unit.code or fold(unit.name), result.period)


def _time(stamp: float | None) -> str:
    return datetime.fromtimestamp(stamp).strftime("%d/%m/%Y %H:%M") if stamp else ""


def _choose_duplicates(groups: dict[Any, list[FileResult]], prefer: list[str | Path], decisions: list[str]) -> None:
    from desktop.batch import same_file

    for members in groups.values():
        if len(members) < 2:
            continue
        preferred = [m for m in members if any(same_file(m.path, p) for p in prefer)]
        chosen = preferred[0] if preferred else max(members, key=lambda m: (m.modified or 0, m.file_modified or 0))
        names = ", ".join(Path(m.path).name for m in members)
        period = chosen.period.label if chosen.period else ""
        about = {"unit": chosen.unit.name, "unit_name": chosen.unit.name, "period": period}
        about["chosen"] = Path(chosen.path).name
        for member in members:
            if not preferred:
                issue = make_issue(
                    "duplicate_submission", "error", file=member.path, **about, count=len(members), files=names
                )
                member.issues.append(issue)
            elif member is not chosen:
                member.issues.append(make_issue("duplicate_not_chosen", "warning", file=member.path, **about))
            if member is not chosen:
                member.exclusion = f"trùng lặp: tính tệp “{Path(chosen.path).name}”"
        how = "theo lựa chọn của người dùng" if preferred else "mặc định tệp mới hơn"
        decisions.append(
            f"{chosen.unit.name} ({period}): {len(members)} tệp ({names}); tính “{Path(chosen.path).name}” {how}"
        )


def consolidate(report: BatchReport, prefer: list[str | Path] = ()) -> Consolidation:
    """Decide which files count (marking each FileResult) and gather their figures."""
    form = report.form
    decisions: list[str] = []
    placed = [r for r in report.files if r.submission is not None and r.submission.recognised and r.unit]
    for result in report.files:
        result.counted, result.exclusion = False, None
        if result.submission is None:
            result.exclusion = "không đọc được tệp"
        elif not result.submission.recognised:
            result.exclusion = "không nhận ra biểu mẫu"
        elif result.unit is None:
            result.exclusion = "không xác định được đơn vị"
    groups: dict[Any, list[FileResult]] = defaultdict(list)
    for result in placed:
        groups[_key(result)].append(result)
    _choose_duplicates(groups, list(prefer), decisions)
    for result in placed:
        if result.exclusion:
            continue
        errors = [i for i in result.issues if i.severity is Severity.ERROR and i.check != "duplicate_submission"]
        if errors and not result.included_by_user:
            result.exclusion = f"có {len(errors)} lỗi"
            continue
        if errors:
            result.issues.append(make_issue("included_despite_errors", "info", file=result.path, unit=result.unit.name))
            decisions.append(
                f"{result.unit.name}: tệp “{Path(result.path).name}” có {len(errors)} lỗi "
                "nhưng vẫn được đưa vào tổng hợp theo lựa chọn của người dùng"
            )
        result.counted = True

    counted = [r for r in report.files if r.counted]
    order = {u.code: i for i, u in enumerate(report.registry.units)} if report.registry else {}
    counted.sort(key=lambda r: (order.get(r.unit.code, len(order)), fold(r.unit.name)))
    rows = [
        UnitRow(
            r.unit,
            r.path,
            r.submission.sheet or "",
            {col: r.submission.values(col) for col in form.value_columns},
            {
                col: {code: f.cell for code, f in r.submission.figures.get(col, {}).items()}
                for col in form.value_columns
            },
        )
        for r in counted
    ]
    list_rows = [{"unit": r.unit.name, **row.values} for r in counted for row in (r.submission.list_rows or [])]
    area_name, area_code = _area(report)
    return Consolidation(form, report.period, area_name, area_code, rows, _status_rows(report), list_rows, decisions)


def _area(report: BatchReport) -> tuple[str, str]:
    registry = report.registry
    if registry is None:
        return "", ""
    if registry.level == "province":
        return "Toàn quốc", ""
    from desktop.units import find_province

    try:
        province = find_province(registry.name)
        return registry.name, str(int(province.code))
    except Exception:
        return registry.name, ""


def _status_row(unit_code: str, unit_name: str, status: str, result: FileResult | None, reason: str = "") -> StatusRow:
    if result is None:
        return StatusRow(unit_code, unit_name, status, reason=reason)
    return StatusRow(
        unit_code,
        unit_name,
        status,
        Path(result.path).name,
        _time(result.modified),
        result.sha256,
        result.count(Severity.ERROR),
        result.count(Severity.WARNING),
        result.count(Severity.INFO),
        reason,
    )


def _status_rows(report: BatchReport) -> list[StatusRow]:
    by_unit: dict[str, list[FileResult]] = defaultdict(list)
    unplaced = []
    for result in report.files:
        if result.unit is not None:
            by_unit[result.unit.code or fold(result.unit.name)].append(result)
        else:
            unplaced.append(result)
    units = list(report.registry.units) if report.registry else [r.unit for r in report.files if r.unit]
    rows: list[StatusRow] = []
    seen = set()
    for unit in units:
        key = unit.code or fold(unit.name)
        if key in seen:
            continue
        seen.add(key)
        results = by_unit.get(key, [])
        if not results:
            rows.append(_status_row(unit.code, unit.name, STATUS_MISSING, None))
        for result in results:
            if result.counted:
                rows.append(
                    _status_row(
                        unit.code,
                        unit.name,
                        STATUS_SUBMITTED,
                        result,
                        "vẫn tính dù có lỗi" if result.has_errors else "",
                    )
                )
            else:
                rows.append(_status_row(unit.code, unit.name, STATUS_EXCLUDED, result, result.exclusion or ""))
    for result in unplaced:
        rows.append(
            _status_row(
                "",
                result.unit_name or "",
                STATUS_UNKNOWN if result.submission else STATUS_EXCLUDED,
                result,
                result.exclusion or "",
            )
        )
    return rows
