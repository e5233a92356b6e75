"""Reading one file: the workbook read into a Submission and the checks that need only that file.

`process_file` never raises: every problem ends as an Issue naming the file, so one bad file never
stops a batch. It is what every reader runs, in this process or in a reading process (desktop.pool).
"""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from pathlib import Path

from desktop import checks
from desktop.files import file_sha256, stamp
from desktop.forms import Form
from desktop.io.errors import WorkbookError
from desktop.io.preflight import regular_file
from desktop.io.reader import read_book
from desktop.io.workbook import Book, stored_modified
from desktop.issues import Issue, make_issue, raises
from desktop.oserrors import os_error_text
from desktop.report import FileResult
from desktop.submission import Submission
from desktop.units import Registry

log = logging.getLogger(__name__)


@raises(
    "file_empty",
    "file_corrupt",
    "file_encrypted",
    "not_spreadsheet",
    "too_large",
    "unsafe_file",
    "not_regular_file",
    "unreadable",
    "file_changed",
    "internal",
)
def process_file(path: str | Path, form: Form, registry: Registry | None) -> FileResult:
    """Read and check one file. Never raises: every problem ends as an Issue naming the file."""
    path = Path(path)
    result = FileResult(str(path))
    try:
        stat = regular_file(path)  # /dev/zero, a FIFO, a link to one: never hashed or read
        before = stamp(stat)
        result.sha256 = file_sha256(path)
        result.file_modified = stat.st_mtime
        submission = _read(path, form, result, stat)
    except WorkbookError as exc:
        result.issues.append(make_issue(exc.check, "error", file=str(path), reason=exc.reason, reason_en=exc.reason_en))
        return result
    except OSError as exc:
        reason = "tệp không còn ở đó" if isinstance(exc, FileNotFoundError) else os_error_text(exc)
        result.issues.append(make_issue("unreadable", "error", file=str(path), reason=reason))
        return result
    except Exception as exc:  # a bug: report it against the file and go on with the batch
        log.exception("internal error reading %s", path)
        result.issues.append(make_issue("internal", "error", file=str(path), reason=f"{type(exc).__name__}: {exc}"))
        return result
    result.submission = submission
    try:
        _check_file(result, form, registry)
        if stamp(path.stat()) != before and file_sha256(path) != result.sha256:
            result.issues.append(make_issue("file_changed", "error", file=str(path)))
    except OSError:
        result.issues.append(make_issue("unreadable", "error", file=str(path), reason="tệp không còn ở đó"))
    except Exception as exc:
        log.exception("internal error checking %s", path)
        result.issues.append(make_issue("internal", "error", file=str(path), reason=f"{type(exc).__name__}: {exc}"))
    return result


@raises("reader_crashed")
def crashed_file(path: str | Path) -> FileResult:
    """The result for a file whose reading process died (killed for memory, or an abort in native code)."""
    result = FileResult(str(path))
    try:
        result.sha256 = file_sha256(path)
        result.file_modified = os.stat(path).st_mtime
    except OSError:
        pass
    result.issues.append(make_issue("reader_crashed", "error", file=str(path)))
    return result


def _read(path: Path, form: Form, result: FileResult, stat: os.stat_result) -> Submission:
    """read_book, and the workbook's stored "modified" time from the parts its check inflated."""
    book = None
    try:
        book = Book(path)
        return read_book(book, form)
    finally:
        result.modified = (book.modified if book is not None else stored_modified(path)) or stat.st_mtime
        if book is not None:
            book.close()


def _check_file(result: FileResult, form: Form, registry: Registry | None) -> None:
    sub = result.submission
    issues = result.issues
    blank = sub.recognised and checks.is_blank_form(sub, form)
    # a blank form: one warning, not a note for every empty cell
    issues.extend(i for i in sub.issues if not (blank and i.check in checks.BLANK_NOTES))
    if not sub.recognised:
        return
    unit, unit_issues = checks.resolve_unit(sub, registry)
    result.unit = unit
    issues.extend(unit_issues)
    name = unit.name if unit else None
    period, period_issues = checks.resolve_period(sub, name, label=form.labels.period)
    result.period = period
    issues.extend(period_issues)
    issues.extend(checks.check_blank_form(sub, form, name))
    issues.extend(checks.check_rules(sub, form, name))
    issues.extend(checks.check_list(sub, form, period.year if period else None, name))
    issues.extend(checks.check_year_on_year(sub, form, name))
    if period:
        issues.extend(checks.check_dates(sub, form, period, name))
    result.issues = [_with_unit(i, name) for i in issues]


def _with_unit(issue: Issue, unit: str | None) -> Issue:
    return issue if issue.unit or not unit else replace(issue, unit=unit)
