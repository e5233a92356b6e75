"""Consolidation: which files count, and the provincial figures they add up to.

Files with errors are left out unless the user includes them; of two files for one unit and period
the newer counts unless the user prefers the other. Every such decision is kept, to be written out.
`consolidate` is pure: it reads the FileResults it is given and returns its decisions beside the
figures; it never changes them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.files import is_among
from desktop.issues import Issue, Severity, make_issue, raises
from desktop.periods import Period
from desktop.units import Registry, Unit
from desktop.vntext import fold

if TYPE_CHECKING:
    from desktop.forms import Form
    from desktop.report import FileResult


class Status(Enum):
    """A unit's place in the submission table (`Tình hình nộp báo cáo`)."""

    SUBMITTED = ("Đã nộp", "Submitted")
    MISSING = ("Chưa nộp", "Missing")
    EXCLUDED = ("Bị loại", "Excluded")
    UNKNOWN = ("Không có trong danh mục", "Not in the registry")
    # a unit's other file when one of its files counts: the unit is counted once, under SUBMITTED
    SUPERSEDED = ("Trùng, không tính", "Duplicate, not counted")

    @property
    def label(self) -> str:
        return self.value[0]

    @property
    def label_en(self) -> str:
        return self.value[1]


class Outcome(Enum):
    """What the consolidation decided about one file."""

    COUNTED = "counted"
    COUNTED_DESPITE_ERRORS = "counted_despite_errors"
    UNREADABLE = "unreadable"
    NOT_RECOGNISED = "not_recognised"
    NO_UNIT = "no_unit"
    HAS_ERRORS = "has_errors"
    SUPERSEDED = "superseded"  # another file of the same unit and period counts
    BLANK = "blank"  # the template came back unfilled: counted only when the user includes it

    @property
    def counted(self) -> bool:
        return self in (Outcome.COUNTED, Outcome.COUNTED_DESPITE_ERRORS)


@dataclass(frozen=True)
class FileDecision:
    """Whether one file counts, why not, and what the consolidation has to say about it."""

    outcome: Outcome
    included_by_user: bool = False
    errors: int = 0  # for HAS_ERRORS
    chosen: str = ""  # for SUPERSEDED: the name of the file that counts instead
    issues: tuple[Issue, ...] = ()
    first_error: Issue | None = None  # why the file is left out, in the error's own words

    @property
    def counted(self) -> bool:
        return self.outcome.counted

    @property
    def reason(self) -> str | None:
        """Why the file is left out, in Vietnamese (None when it counts): the first error itself
        ("Ô C9: Kỳ báo cáo “Quý II/2026” khác kỳ của đợt …"), not "có 1 lỗi"."""
        return self._reason("vi")

    @property
    def reason_en(self) -> str | None:
        return self._reason("en")

    def _reason(self, language: str) -> str | None:
        if self.outcome is Outcome.SUPERSEDED:
            return (
                f"trùng lặp: tính tệp “{self.chosen}”"
                if language == "vi"
                else f"duplicate: “{self.chosen}” counts instead"
            )
        if self.counted:
            return None
        if self.first_error is not None:
            text = self.first_error.text(language)
            more = self.errors - 1
            if more > 0:
                text += f" (và {more} lỗi khác)" if language == "vi" else f" (and {more} more errors)"
            return text
        fixed = {
            Outcome.UNREADABLE: ("không đọc được tệp", "the file cannot be read"),
            Outcome.NOT_RECOGNISED: ("không nhận ra biểu mẫu", "the form is not recognised"),
            Outcome.NO_UNIT: ("không xác định được đơn vị", "the unit is unknown"),
            Outcome.HAS_ERRORS: (f"có {self.errors} lỗi", f"{self.errors} errors"),
            Outcome.BLANK: ("biểu chưa điền số liệu", "the form was returned blank"),
        }.get(self.outcome)
        return fixed[0 if language == "vi" else 1] if fixed else None


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
    status: Status
    file: str = ""
    modified: str = ""
    sha256: str = ""
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    reason: str = ""
    reason_en: str = ""

    @property
    def unit_key(self) -> tuple[str, str]:
        return (self.unit_code, fold(self.unit_name)) if not self.unit_code else (self.unit_code, "")


@dataclass(frozen=True)
class UnitCounts:
    """The registry's units by where they stand, each unit once: submitted + missing + excluded = registered.
    `superseded` and `unknown` count files (a unit's other files; files of units not in the registry)."""

    submitted: int
    missing: int
    excluded: int
    superseded: int
    unknown: int

    @property
    def units(self) -> int:
        return self.submitted + self.missing + self.excluded


def unit_counts(status: Iterable[StatusRow]) -> UnitCounts:
    """Per unit, not per file: a unit whose newer file counts and whose older draft does not is submitted once."""
    best: dict[tuple[str, str], Status] = {}
    rank = {Status.SUBMITTED: 0, Status.EXCLUDED: 1, Status.MISSING: 2}
    superseded = unknown = 0
    for row in status:
        if row.status is Status.SUPERSEDED:
            superseded += 1
        elif row.status is Status.UNKNOWN or (
            row.status is Status.EXCLUDED and not row.unit_code and not row.unit_name
        ):
            unknown += 1
        else:
            key = row.unit_key
            if key not in best or rank[row.status] < rank[best[key]]:
                best[key] = row.status
    values = list(best.values())
    return UnitCounts(
        values.count(Status.SUBMITTED), values.count(Status.MISSING), values.count(Status.EXCLUDED), superseded, unknown
    )


@dataclass
class Consolidation:
    form: Form
    period: Period | None
    area_name: str  # the province (or "Toàn quốc") the total is for
    area_code: str
    rows: list[UnitRow]
    status: list[StatusRow]
    list_rows: list[dict[str, Any]]
    decisions: list[str] = field(default_factory=list)  # the choices made, in words, to be written out
    files: dict[str, FileDecision] = field(default_factory=dict)  # path -> decision

    @property
    def counts(self) -> UnitCounts:
        return unit_counts(self.status)

    @property
    def totals(self) -> dict[str, dict[str, int]]:
        """Column -> code -> the sum over the counted units (a figure left empty counts as 0)."""
        return {
            col: {code: sum(row.values.get(col, {}).get(code) or 0 for row in self.rows) for code in self.form.codes}
            for col in self.form.value_columns
        }


def output_name(area: str = "", period: str = "") -> str:
    """The consolidated workbook's default name, all in Vietnamese: "Tổng hợp Tỉnh Thanh Hóa Quý III-2026.xlsx"."""
    return " ".join(part for part in ("Tổng hợp", area, period.replace("/", "-")) if part) + ".xlsx"


def _key(result: FileResult) -> tuple[str, Any]:
    unit = result.unit
    return (unit.code or fold(unit.name), result.period)


def _time(stamp: float | None) -> str:
    return datetime.fromtimestamp(stamp).strftime("%d/%m/%Y %H:%M") if stamp else ""


def duplicate_groups(files: Iterable[FileResult]) -> list[list[FileResult]]:
    """Files that report the same unit and period (two or more each)."""
    groups: dict[Any, list[FileResult]] = defaultdict(list)
    for result in files:
        if result.submission is not None and result.submission.recognised and result.unit is not None:
            groups[_key(result)].append(result)
    return [members for members in groups.values() if len(members) > 1]


def chosen_duplicate(members: Sequence[FileResult], prefer: Iterable[str | Path]) -> tuple[FileResult, bool]:
    """The file that counts for its unit and period: the user's choice, else the newer; and whether the
    user chose it."""
    prefer = list(prefer)
    preferred = [m for m in members if is_among(m.path, prefer)]
    if preferred:
        return preferred[0], True
    return max(members, key=lambda m: (m.modified or 0, m.file_modified or 0)), False


@raises("duplicate_not_chosen", "duplicate_submission")
def _duplicates(
    files: Sequence[FileResult], prefer: list[str | Path], decisions: list[str]
) -> tuple[dict[str, str], dict[str, list[Issue]]]:
    """path -> the name of the file counted instead, and path -> the issues about its duplicates."""
    superseded: dict[str, str] = {}
    issues: dict[str, list[Issue]] = defaultdict(list)
    for members in duplicate_groups(files):
        chosen, by_user = chosen_duplicate(members, prefer)
        names = ", ".join(Path(m.path).name for m in members)
        period = chosen.period.label if chosen.period else ""
        about = {"unit": chosen.unit.name, "unit_name": chosen.unit.name, "period": period}
        about["chosen"] = Path(chosen.path).name
        for member in members:
            if not by_user:
                issue = make_issue(
                    "duplicate_submission", "error", file=member.path, **about, count=len(members), files=names
                )
                issues[member.path].append(issue)
            elif member is not chosen:
                issues[member.path].append(make_issue("duplicate_not_chosen", "warning", file=member.path, **about))
            if member is not chosen:
                superseded[member.path] = Path(chosen.path).name
        how = "theo lựa chọn của người dùng" if by_user else "mặc định tệp mới hơn"
        decisions.append(
            f"{chosen.unit.name} ({period}): {len(members)} tệp ({names}); tính “{Path(chosen.path).name}” {how}"
        )
    return superseded, issues


@raises("included_despite_errors")
def _decide(
    result: FileResult, included: bool, superseded: dict[str, str], issues: list[Issue], decisions: list[str]
) -> FileDecision:
    errors = [i for i in result.issues if i.severity is Severity.ERROR]
    first = errors[0] if errors else None
    if result.submission is None:
        return FileDecision(Outcome.UNREADABLE, included, len(errors), issues=tuple(issues), first_error=first)
    if not result.submission.recognised:
        return FileDecision(Outcome.NOT_RECOGNISED, included, len(errors), issues=tuple(issues), first_error=first)
    if result.unit is None:
        return FileDecision(Outcome.NO_UNIT, included, len(errors), issues=tuple(issues), first_error=first)
    if result.path in superseded:
        return FileDecision(Outcome.SUPERSEDED, included, chosen=superseded[result.path], issues=tuple(issues))
    if errors and not included:
        return FileDecision(Outcome.HAS_ERRORS, included, len(errors), issues=tuple(issues), first_error=first)
    if not included and any(i.check == "blank_form" for i in result.issues):
        return FileDecision(Outcome.BLANK, included, issues=tuple(issues))
    if not errors:
        return FileDecision(Outcome.COUNTED, included, issues=tuple(issues))
    issues = [*issues, make_issue("included_despite_errors", "info", file=result.path, unit=result.unit.name)]
    decisions.append(
        f"{result.unit.name}: tệp “{Path(result.path).name}” có {len(errors)} lỗi "
        "nhưng vẫn được đưa vào tổng hợp theo lựa chọn của người dùng"
    )
    return FileDecision(Outcome.COUNTED_DESPITE_ERRORS, included, errors=len(errors), issues=tuple(issues))


def consolidate(
    files: Sequence[FileResult],
    form: Form,
    registry: Registry | None,
    period: Period | None,
    *,
    include: Iterable[str | Path] = (),
    prefer: Iterable[str | Path] = (),
) -> Consolidation:
    """Decide which files count and gather their figures; the FileResults are left as they are."""
    decisions: list[str] = []
    include = list(include)
    superseded, duplicate_issues = _duplicates(files, list(prefer), decisions)
    decided = {
        r.path: _decide(r, is_among(r.path, include), superseded, duplicate_issues.get(r.path, []), decisions)
        for r in files
    }
    counted = [r for r in files if decided[r.path].counted]
    order = {u.code: i for i, u in enumerate(registry.units)} if registry else {}
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
    area_name, area_code = _area(registry)
    status = _status_rows(files, registry, decided)
    return Consolidation(form, period, area_name, area_code, rows, status, list_rows, decisions, decided)


def _area(registry: Registry | None) -> tuple[str, str]:
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


def _status_row(
    unit_code: str, unit_name: str, status: Status, result: FileResult | None, decision: FileDecision | None = None
) -> StatusRow:
    if result is None:
        return StatusRow(unit_code, unit_name, status)
    issues = [*result.issues, *decision.issues]
    if decision.counted:
        despite = any(i.severity is Severity.ERROR for i in issues)
        reason, reason_en = ("vẫn tính dù có lỗi", "counted despite errors") if despite else ("", "")
    else:
        reason, reason_en = decision.reason or "", decision.reason_en or ""
    return StatusRow(
        unit_code,
        unit_name,
        status,
        Path(result.path).name,
        _time(result.modified),
        result.sha256,
        sum(i.severity is Severity.ERROR for i in issues),
        sum(i.severity is Severity.WARNING for i in issues),
        sum(i.severity is Severity.INFO for i in issues),
        reason,
        reason_en,
    )


def _status_rows(
    files: Sequence[FileResult], registry: Registry | None, decided: dict[str, FileDecision]
) -> list[StatusRow]:
    by_unit: dict[str, list[FileResult]] = defaultdict(list)
    unplaced = []
    for result in files:
        if result.unit is not None:
            by_unit[result.unit.code or fold(result.unit.name)].append(result)
        else:
            unplaced.append(result)
    units = list(registry.units) if registry else [r.unit for r in files if r.unit]
    rows: list[StatusRow] = []
    seen = set()
    for unit in units:
        key = unit.code or fold(unit.name)
        if key in seen:
            continue
        seen.add(key)
        results = by_unit.get(key, [])
        if not results:
            rows.append(_status_row(unit.code, unit.name, Status.MISSING, None))
        for result in results:
            decision = decided[result.path]
            if decision.counted:
                status = Status.SUBMITTED
            elif decision.outcome is Outcome.SUPERSEDED:
                status = Status.SUPERSEDED
            else:
                status = Status.EXCLUDED
            rows.append(_status_row(unit.code, unit.name, status, result, decision))
    for result in unplaced:
        status = Status.UNKNOWN if result.submission else Status.EXCLUDED
        rows.append(_status_row("", result.unit_name or "", status, result, decided[result.path]))
    return rows
