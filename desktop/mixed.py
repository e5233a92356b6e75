"""A batch of several forms: each file matched to its form from the library, then one batch, with its own
checks across units and its own consolidation, per form. A file no form fits gets an error naming the
nearest form and what differs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from desktop.files import discover_files
from desktop.forms import Form
from desktop.io.errors import WorkbookError
from desktop.io.reader import workbook_traces
from desktop.io.workbook import Book
from desktop.issues import Severity, make_issue, raises
from desktop.library import Match, identify, load_library, user_forms_dir
from desktop.pipeline import run_batch
from desktop.progress import CancelCheck, ProgressCallback, check_cancel, no_progress
from desktop.reading import process_file
from desktop.report import BatchReport, FileResult
from desktop.units import Registry


@dataclass
class MixedReport:
    reports: list[BatchReport]  # one per form the batch holds, in the order the forms were given
    unmatched: list[FileResult] = field(default_factory=list)  # files no form fits, or that cannot be opened
    skipped: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        unmatched = any(i.severity is Severity.ERROR for f in self.unmatched for i in f.issues)
        return not unmatched and all(r.valid for r in self.reports)

    @property
    def files(self) -> list[FileResult]:
        return [f for r in self.reports for f in r.files] + self.unmatched


@raises("form_unknown")
def unknown_form_issue(path: str | Path, nearest: Match):
    return make_issue(
        "form_unknown",
        "error",
        file=str(path),
        form=nearest.form.id,
        name=nearest.form.name,
        differences="; ".join(nearest.differences) or "điểm khớp thấp",
        differences_en="; ".join(nearest.differences_en) or "a low score",
    )


def match_file(path: Path, forms: Sequence[Form]) -> list[Match]:
    """Every form's match for one file, the best first; raises WorkbookError when it cannot be opened."""
    with Book(path) as book:
        return identify(workbook_traces(book, forms), forms)


def split_by_form(
    files: Sequence[Path],
    forms: Sequence[Form],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> tuple[dict[str, list[Path]], list[FileResult]]:
    """form id -> its files; and a result for each file no form fits (or that does not open)."""
    progress = progress or no_progress
    groups: dict[str, list[Path]] = {form.id: [] for form in forms}
    unmatched = []
    for done, path in enumerate(files):
        check_cancel(cancel)
        progress(done, len(files), "Nhận dạng biểu mẫu")
        try:
            matches = match_file(path, forms)
        except (WorkbookError, OSError):
            unmatched.append(process_file(path, forms[0], None))  # it reports why the file does not open
            continue
        best = matches[0]
        if best.accepted:
            groups[best.form.id].append(path)
        else:
            unmatched.append(FileResult(str(path), issues=[unknown_form_issue(path, best)]))
    progress(len(files), len(files), "Nhận dạng biểu mẫu")
    return groups, unmatched


def run_mixed(
    paths: Iterable[str | Path],
    forms: Sequence[Form],
    registry: Registry | None = None,
    *,
    period_text: str | None = None,
    include: Iterable[str | Path] = (),
    prefer: Iterable[str | Path] = (),
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
    cache: bool = False,
) -> MixedReport:
    """run_batch for each form the files belong to; one period for the whole batch."""
    files, skipped = discover_files(paths)
    groups, unmatched = split_by_form(files, forms, progress=progress, cancel=cancel)
    include, prefer = list(include), list(prefer)
    reports = [
        run_batch(
            groups[form.id],
            form,
            registry,
            period_text=period_text,
            include=include,
            prefer=prefer,
            workers=workers,
            progress=progress,
            cancel=cancel,
            cache=cache,
        )
        for form in forms
        if groups[form.id]
    ]
    return MixedReport(reports, unmatched, skipped)


def _user_forms_stamp() -> tuple:
    folder = user_forms_dir()
    try:
        return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir()))
    except OSError:
        return ()


@lru_cache(maxsize=2)
def _installed(stamp: tuple, folder: str) -> tuple[Form, ...]:
    return tuple(f.form for f in load_library(Path(folder)).forms)


def installed_forms() -> tuple[Form, ...]:
    """The library's forms, loaded again only when the user's forms folder changed."""
    return _installed(_user_forms_stamp(), str(user_forms_dir()))


@raises("form_other")
def process_noting_form(path: str | Path, form: Form, registry: Registry | None) -> FileResult:
    """The window's reading job: process_file with the batch's form, and the form the file is noted.

    With other forms installed, a file of another form gets an error that says which (it is kept out of
    this form's total); a file no form fits keeps the reader's own error."""
    result = process_file(path, form, registry)
    if result.submission is None:
        return result
    others = [f for f in installed_forms() if f.id != form.id]
    if not others:
        result.form_id = form.id if result.submission.recognised else ""
        return result
    try:
        best = match_file(Path(path), [form, *others])[0]
    except (WorkbookError, OSError):
        return result
    if not best.accepted:
        return result
    result.form_id = best.form.id
    if best.form.id != form.id:
        # one sentence that names the file's form, in place of "not recognised" and "another version"
        kept = [i for i in result.issues if i.check not in ("form_not_recognised", "form_version")]
        other = make_issue("form_other", "error", file=str(path), found=best.form.id, name=best.form.name, form=form.id)
        result.issues = [other, *kept]
    return result


def consolidate_each_form(
    state,
    paths: Sequence[str],
    registry: Registry | None,
    folder: Path,
    *,
    period_text: str | None = None,
    include: Iterable[str] = (),
    prefer: Iterable[str] = (),
) -> tuple[list[Path], int]:
    """What the window's worker runs: the files matched to the installed forms, one consolidated workbook
    per form written into `folder`; returns the workbooks and how many files matched no form."""
    from desktop.io.writer import write_consolidated

    forms = installed_forms()
    mixed = run_mixed(
        [p for p in paths if Path(p).exists()],
        forms,
        registry,
        period_text=period_text,
        include=include,
        prefer=prefer,
        progress=state.progress,
        cancel=state.cancelled,
    )
    written = [write_consolidated(report, folder / output_name(report)) for report in mixed.reports]
    return written, len(mixed.unmatched)


def output_name(report: BatchReport) -> str:
    """A form's consolidated workbook in a folder of several: "Tổng hợp LLCS-03 Quý III-2026.xlsx"."""
    period = f" {report.period.label.replace('/', '-')}" if report.period else ""
    return f"Tổng hợp {report.form.id}{period}.xlsx"
