"""Last year's figures for the same period, read from a previous consolidated workbook (`--previous`).

A consolidated workbook is itself a submission of the form, so it is read like any unit file; its
`Kỳ báo cáo` column holds last year's totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop.forms import Form
from desktop.io.errors import WorkbookError
from desktop.io.reader import read_workbook
from desktop.issues import Severity
from desktop.periods import Period, parse_period


class PreviousError(Exception):
    """The previous file cannot be used; a Vietnamese sentence for the user."""


@dataclass(frozen=True)
class PreviousTotals:
    values: dict[str, int | None]
    source: str  # the file's name
    period: str = ""  # the period the file states
    warnings: list[str] = field(default_factory=list)
    origin: str = ""  # where the figures come from when not a file ("kho lưu trữ (3 đơn vị)")

    @property
    def described(self) -> str:
        return self.origin or f"tệp tổng hợp “{self.source}”"


def same_period_last_year(period: Period) -> Period:
    return Period(period.year - 1, period.kind, period.index)


def read_previous(path: str | Path, form: Form, period: Period | None = None) -> PreviousTotals:
    """The totals of a previous consolidated file; raises PreviousError when it is not a usable one."""
    path = Path(path)
    if not path.is_file():
        raise PreviousError(f"Không tìm thấy tệp tổng hợp kỳ trước “{path}”")
    try:
        sub = read_workbook(path, form)
    except WorkbookError as exc:
        raise PreviousError(f"Không đọc được tệp tổng hợp kỳ trước “{path.name}”: {exc.reason}") from exc
    if not sub.recognised:
        raise PreviousError(f"Tệp “{path.name}” không phải là báo cáo {form.id} (không tìm thấy bảng chỉ tiêu)")
    errors = [i for i in sub.issues if i.severity is Severity.ERROR]
    if errors:
        raise PreviousError(f"Tệp tổng hợp kỳ trước “{path.name}” có lỗi: {errors[0].message}")
    stated = parse_period(sub.label("period"))
    warnings = []
    if period is not None and stated is not None and stated != same_period_last_year(period):
        expected = same_period_last_year(period).label
        warnings.append(
            f"Tệp “{path.name}” là kỳ {stated.label}, không phải cùng kỳ năm trước ({expected}); vẫn dùng để so sánh"
        )
    return PreviousTotals(sub.values(form.main_column), path.name, stated.label if stated else "", warnings)
