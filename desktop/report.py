"""Results of a batch: one FileResult per file, and the BatchReport that flattens them for the CLI,
JSON, tests and the GUI's models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from desktop.issues import Issue, Severity, worst
from desktop.periods import Period
from desktop.submission import Submission
from desktop.units import Registry, Unit

if TYPE_CHECKING:
    from desktop.consolidate import Consolidation
    from desktop.forms import Form


class FileStatus(StrEnum):
    """What reading and checking made of one file (the value is the stable word the JSON output uses)."""

    CLEAN = "clean"
    WARNINGS = "warnings"
    ERRORS = "errors"
    UNREADABLE = "unreadable"
    SKIPPED = "skipped"

    @property
    def label(self) -> str:
        return _FILE_STATUS_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _FILE_STATUS_LABELS[self][1]


_FILE_STATUS_LABELS = {
    FileStatus.CLEAN: ("sạch", "clean"),
    FileStatus.WARNINGS: ("cảnh báo", "warnings"),
    FileStatus.ERRORS: ("lỗi", "errors"),
    FileStatus.UNREADABLE: ("không đọc được", "unreadable"),
    FileStatus.SKIPPED: ("bỏ qua", "skipped"),
}


@dataclass
class FileResult:
    path: str
    sha256: str = ""
    modified: float | None = None  # the workbook's stored "modified" time, else the file's
    file_modified: float | None = None  # the file system's time: breaks ties between stored times
    submission: Submission | None = None
    unit: Unit | None = None
    period: Period | None = None
    issues: list[Issue] = field(default_factory=list)
    counted: bool = False
    exclusion: str | None = None  # why the file is left out of the total
    exclusion_en: str | None = None
    included_by_user: bool = False
    form_id: str = ""  # the form the file is, when the window's reading job noted it (desktop.mixed)

    @property
    def status(self) -> FileStatus:
        if self.submission is None:
            return FileStatus.UNREADABLE
        severity = worst([i for i in self.issues if i.severity is not Severity.INFO])
        return {Severity.ERROR: FileStatus.ERRORS, Severity.WARNING: FileStatus.WARNINGS}.get(
            severity, FileStatus.CLEAN
        )

    @property
    def has_errors(self) -> bool:
        return any(i.severity is Severity.ERROR for i in self.issues)

    def count(self, severity: Severity) -> int:
        return sum(i.severity is severity for i in self.issues)

    @property
    def unit_name(self) -> str | None:
        if self.unit is not None:
            return self.unit.name
        if self.submission is not None:
            name = self.submission.label("unit_name")
            return str(name) if name else None
        return None

    def summary(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "unit": self.unit_name,
            "unit_code": self.unit.code if self.unit and self.unit.code else None,
            "period": self.period.label if self.period else None,
            "status": self.status,
        }


@dataclass
class BatchReport:
    form: Form
    registry: Registry | None
    period: Period | None
    files: list[FileResult]
    skipped: list[str] = field(default_factory=list)
    batch_issues: list[Issue] = field(default_factory=list)
    consolidation: Consolidation | None = None
    cancelled: bool = False  # the user stopped the job: the report covers the files read until then

    @property
    def issues(self) -> list[Issue]:
        return self.batch_issues + [i for f in self.files for i in f.issues]

    @property
    def valid(self) -> bool:
        return not any(i.severity is Severity.ERROR for i in self.issues)

    def by_status(self, status: FileStatus) -> list[FileResult]:
        return [f for f in self.files if f.status == status]

    def to_json(self) -> dict[str, Any]:
        files = [f.summary() for f in self.files] + [
            {"file": path, "unit": None, "unit_code": None, "period": None, "status": FileStatus.SKIPPED}
            for path in self.skipped
        ]
        issues = [
            {
                key: i.to_dict()[key]
                for key in ("severity", "check", "file", "sheet", "cell", "unit", "value", "message")
            }
            for i in self.issues
        ]
        return {"files": files, "issues": issues}
