"""One batch job: discover files, read and check each, check across the batch, consolidate.

The CLI and the GUI both call this. Reading may run in a process pool; progress is reported per file
and the job can be cancelled between files.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from desktop import checks
from desktop.consolidate import consolidate
from desktop.forms import Form
from desktop.io.errors import WorkbookError
from desktop.io.preflight import regular_file
from desktop.io.reader import read_book
from desktop.io.workbook import SPREADSHEET_SUFFIXES, Book, stored_modified
from desktop.issues import make_issue
from desktop.oserrors import os_error_text
from desktop.own_outputs import set_aside
from desktop.periods import Period, parse_period
from desktop.progress import CancelCheck, ProgressCallback, check_cancel, no_progress
from desktop.report import BatchReport, FileResult
from desktop.submission import Submission
from desktop.units import Registry

log = logging.getLogger(__name__)

# Below this much to read, starting reading processes costs more than it saves: about 200 unit workbooks
# of 12 KB, or a dozen province workbooks (measured in benchmarks/bench_consolidate.py on 2 cores).
PARALLEL_FROM_BYTES = 2_500_000
MAX_WORKERS = 4
MAX_CHUNK = 32


def is_skipped_name(path: Path) -> bool:
    """Excel lock files (~$...), hidden files and temporary files."""
    name = path.name
    return name.startswith(("~$", ".", "~")) or name.lower().endswith((".tmp", ".bak")) or _hidden_on_windows(path)


def _hidden_on_windows(path: Path) -> bool:
    attributes = getattr(os.stat(path), "st_file_attributes", 0) if path.exists() else 0
    return bool(attributes & 0x2)


def discover_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Spreadsheet files under the given paths (folders recursively), and the skipped ones.

    A path that does not exist raises FileNotFoundError: an error of use, not of the data.
    """
    found: list[Path] = []
    skipped: list[str] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise FileNotFoundError(str(path))
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if not child.is_file() or child.suffix.lower() not in SPREADSHEET_SUFFIXES:
                    continue
                if any(is_skipped_name(Path(part)) for part in child.relative_to(path).parts):
                    skipped.append(str(child))
                else:
                    found.append(child)
        elif is_skipped_name(path):
            skipped.append(str(path))
        else:
            found.append(path)
    unique = list(dict.fromkeys(found))
    return unique, skipped


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _stamp(stat: os.stat_result) -> tuple[int, int]:
    """Size and modification time: a file saved while it was read shows a new stamp."""
    return stat.st_size, stat.st_mtime_ns


def process_file(path: str | Path, form: Form, registry: Registry | None) -> FileResult:
    """Read and check one file. Never raises: every problem ends as an Issue naming the file."""
    path = Path(path)
    result = FileResult(str(path))
    try:
        stat = regular_file(path)  # /dev/zero, a FIFO, a link to one: never hashed or read
        before = _stamp(stat)
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
        if _stamp(path.stat()) != before and file_sha256(path) != result.sha256:
            result.issues.append(make_issue("file_changed", "error", file=str(path)))
    except OSError:
        result.issues.append(make_issue("unreadable", "error", file=str(path), reason="tệp không còn ở đó"))
    except Exception as exc:
        log.exception("internal error checking %s", path)
        result.issues.append(make_issue("internal", "error", file=str(path), reason=f"{type(exc).__name__}: {exc}"))
    return result


def _read(path: Path, form: Form, result: FileResult, stat: os.stat_result) -> Submission:
    """read_workbook, and the workbook's stored "modified" time from the parts its check inflated."""
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
    issues.extend(sub.issues)
    if not sub.recognised:
        return
    unit, unit_issues = checks.resolve_unit(sub, registry)
    result.unit = unit
    issues.extend(unit_issues)
    name = unit.name if unit else None
    period, period_issues = checks.resolve_period(sub, name, label=form.labels.period)
    result.period = period
    issues.extend(period_issues)
    issues.extend(checks.check_rules(sub, form, name))
    issues.extend(checks.check_list(sub, form, period.year if period else None, name))
    issues.extend(checks.check_year_on_year(sub, form, name))
    if period:
        issues.extend(checks.check_dates(sub, form, period, name))
    result.issues = [_with_unit(i, name) for i in issues]


def _with_unit(issue, unit: str | None):
    if issue.unit or not unit:
        return issue
    from dataclasses import replace

    return replace(issue, unit=unit)


def workers_from_environment() -> int | None:
    """TONGHOP_WORKERS, when set: how many reading processes (1 = none; for support, and for wine, whose
    pipes hang on larger messages)."""
    override = os.environ.get("TONGHOP_WORKERS", "").strip()
    return max(1, int(override)) if override.isdigit() else None


def _worker_count(files: Sequence[Path], workers: int | None) -> int:
    """Reading processes: the caller's number, else TONGHOP_WORKERS, else two or more only when there is
    enough to read."""
    workers = workers if workers is not None else workers_from_environment()
    if workers is not None:
        return max(1, workers)
    if len(files) < 2 or _total_size(files) < PARALLEL_FROM_BYTES:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS, len(files)))


def _total_size(files: Sequence[Path]) -> int:
    total = 0
    for path in files:
        with contextlib.suppress(OSError):
            total += os.stat(path).st_size
    return total


def _chunk_size(files: int, workers: int) -> int:
    """Enough files per task to hide the cost of a round trip, few enough to show results early."""
    return max(1, min(MAX_CHUNK, files // (workers * 8)))


_worker_job: tuple[Form, Registry | None] | None = None


def _start_worker(form: Form, registry: Registry | None) -> None:
    """Runs once in each reading process: the form and the registry cross over once, not per file."""
    global _worker_job
    _worker_job = (form, registry)


def _process_chunk(paths: list[Path]) -> list[FileResult]:
    form, registry = _worker_job
    return [process_file(path, form, registry) for path in paths]


def iter_results(
    files: Sequence[Path],
    form: Form,
    registry: Registry | None,
    *,
    workers: int | None = None,
    cancel: CancelCheck | None = None,
) -> Iterator[FileResult]:
    """FileResults in the order of `files`, as soon as each is ready."""
    count = _worker_count(files, workers)
    if count == 1:
        for path in files:
            check_cancel(cancel)
            yield process_file(path, form, registry)
        return
    size = _chunk_size(len(files), count)
    context = get_context("spawn")  # as on Windows; fork is unsafe under Qt's threads anyway
    with ProcessPoolExecutor(count, mp_context=context, initializer=_start_worker, initargs=(form, registry)) as pool:
        futures = [pool.submit(_process_chunk, list(files[i : i + size])) for i in range(0, len(files), size)]
        try:
            for future in futures:
                for result in future.result():
                    check_cancel(cancel)
                    yield result
        finally:
            for future in futures:
                future.cancel()


def same_file(a: str | Path, b: str | Path) -> bool:
    a, b = Path(a), Path(b)
    try:
        return a.resolve() == b.resolve() or (a.name == b.name and len(b.parts) == 1)
    except OSError:
        return False


def batch_period(results: Sequence[FileResult], period_text: str | None) -> Period | None:
    if period_text:
        return parse_period(period_text)
    stated = Counter(r.period for r in results if r.period is not None)
    return stated.most_common(1)[0][0] if stated else None


def finish_batch(
    results: list[FileResult],
    form: Form,
    registry: Registry | None,
    *,
    period_text: str | None = None,
    include: Iterable[str | Path] = (),
    prefer: Iterable[str | Path] = (),
    skipped: Sequence[str] = (),
) -> BatchReport:
    """Checks across the batch (period agreement, outliers, duplicates) and the consolidation."""
    results, own = set_aside(results, registry)  # our own outputs are never a unit's report
    skipped = [*skipped, *(note.file for note in own)]
    period = batch_period(results, period_text)
    report = BatchReport(form, registry, period, results, list(skipped))
    report.batch_issues.extend(own)
    if registry is None:
        report.batch_issues.append(make_issue("unit_check_skipped", "info"))
    for result in results:
        if period and result.period and result.period != period:
            located = result.submission.labels.get("period")
            result.issues.append(
                make_issue(
                    "period_mismatch",
                    "error",
                    file=result.path,
                    sheet=located.sheet if located else None,
                    cell=located.cell if located else None,
                    unit=result.unit_name,
                    value=result.period.label,
                    found=result.period.label,
                    expected=period.label,
                )
            )
    recognised = [r for r in results if r.submission is not None and r.submission.recognised]
    main = form.main_column
    limits = checks.outlier_limits([r.submission.values(main) for r in recognised], form.codes)
    for result in recognised:
        result.issues.extend(checks.check_outlier(result.submission, limits, result.unit_name, column=main))
    include, prefer = list(include), list(prefer)
    for result in results:
        result.included_by_user = any(same_file(result.path, p) for p in include)
    report.consolidation = consolidate(report, prefer=prefer)
    return report


def run_batch(
    paths: Iterable[str | Path],
    form: Form,
    registry: Registry | None = None,
    *,
    period_text: str | None = None,
    include: Iterable[str | Path] = (),
    prefer: Iterable[str | Path] = (),
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
    workers: int | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> BatchReport:
    """The whole job on files and folders. Raises Cancelled if `cancel` says so between files."""
    progress = progress or no_progress
    files, skipped = discover_files(paths)
    results: list[FileResult] = []
    progress(0, len(files), "")
    for done, result in enumerate(iter_results(files, form, registry, workers=workers, cancel=cancel), 1):
        results.append(result)
        if on_result:
            on_result(result)
        progress(done, len(files), Path(result.path).name)
    check_cancel(cancel)
    return finish_batch(
        results, form, registry, period_text=period_text, include=include, prefer=prefer, skipped=skipped
    )
