"""The batch job the CLI and the GUI both run: discover files -> read and check each -> check across the
batch -> consolidate.

`Pipeline` holds the reading pool (desktop.pool decides processes or not); `run` does the whole job
with a progress callback, a cancel check and a stream of FileResults as each is ready; `finish` does
only the batch-wide part again, after a choice of the user. FileResults are never changed once read:
the report holds copies carrying the batch's issues and the consolidation's decisions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from desktop import checks
from desktop.cache import ResultCache
from desktop.consolidate import consolidate
from desktop.files import discover_files
from desktop.forms import Form
from desktop.issues import Issue, make_issue, raises
from desktop.own_outputs import set_aside
from desktop.periods import Period, parse_period
from desktop.pool import Job, ReaderPool
from desktop.progress import CancelCheck, Cancelled, ProgressCallback, check_cancel, no_progress
from desktop.reading import process_file
from desktop.report import BatchReport, FileResult
from desktop.units import Registry


def batch_period(results: Sequence[FileResult], period_text: str | None) -> Period | None:
    """The period asked for, else the one most files state."""
    if period_text:
        return parse_period(period_text)
    stated = Counter(r.period for r in results if r.period is not None)
    return stated.most_common(1)[0][0] if stated else None


@raises("period_mismatch", "outlier")
def batch_issues(results: Sequence[FileResult], form: Form, period: Period | None) -> dict[str, list[Issue]]:
    """path -> what only the whole batch shows about a file: a period other than the batch's, outliers."""
    found: dict[str, list[Issue]] = defaultdict(list)
    for result in results:
        if period and result.period and result.period != period:
            located = result.submission.labels.get("period")
            found[result.path].append(
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
        found[result.path].extend(checks.check_outlier(result.submission, limits, result.unit_name, column=main))
    return found


@raises("unit_check_skipped")
def finish_batch(
    results: Sequence[FileResult],
    form: Form,
    registry: Registry | None,
    *,
    period_text: str | None = None,
    include: Iterable[str | Path] = (),
    prefer: Iterable[str | Path] = (),
    skipped: Sequence[str] = (),
) -> BatchReport:
    """Checks across the batch (period agreement, outliers, duplicates) and the consolidation.

    `results` are left as they are: the report's files are copies with what the batch adds."""
    results, own = set_aside(results, registry)  # our own outputs are never a unit's report
    skipped = [*skipped, *(note.file for note in own)]
    period = batch_period(results, period_text)
    found = batch_issues(results, form, period)
    checked = [replace(r, issues=[*r.issues, *found.get(r.path, [])]) for r in results]
    consolidation = consolidate(checked, form, registry, period, include=include, prefer=prefer)
    files = []
    for result in checked:
        decision = consolidation.files[result.path]
        files.append(
            replace(
                result,
                issues=[*result.issues, *decision.issues],
                counted=decision.counted,
                exclusion=decision.reason,
                exclusion_en=decision.reason_en,
                included_by_user=decision.included_by_user,
            )
        )
    report = BatchReport(form, registry, period, files, list(skipped), consolidation=consolidation)
    if registry is None:
        report.batch_issues.append(make_issue("unit_check_skipped", "info"))
    report.batch_issues.extend(own)
    return report


CACHE_WRITE_EVERY = 64  # results kept per transaction: a cancelled or killed run keeps most of its work


class Pipeline:
    """One form and registry's reading pool, and the job run with it.

    `interactive`: the window's pool (processes started ahead with warm(), so the window stays free to
    repaint, and first results read at once while they start)."""

    def __init__(
        self,
        form: Form,
        registry: Registry | None = None,
        *,
        workers: int | None = None,
        interactive: bool = False,
        job: Job = process_file,
        reader: Job | None = None,
        cache: bool = False,
    ) -> None:
        """`cache`: take the results of files read before, unchanged, from the cache (desktop.cache)."""
        self.form, self.registry = form, registry
        self.pool = ReaderPool(form, registry, workers=workers, interactive=interactive, job=job, reader=reader)
        self.cache = ResultCache(form, registry) if cache else None

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    def warm(self) -> None:
        self.pool.warm()

    @property
    def warmed(self) -> bool:
        return self.pool.warmed

    def shutdown(self) -> None:
        self.pool.shutdown()
        if self.cache is not None:
            self.cache.close()

    def read(
        self, files: Sequence[str | Path], cancel: CancelCheck | None = None, *, ordered: bool = False
    ) -> Iterator[FileResult]:
        """FileResults as each is ready, or in the order of `files`. Raises Cancelled if `cancel` says so."""
        results = self._cached_then_read(files, cancel) if self.cache is not None else self.pool.read(files, cancel)
        if not ordered:
            yield from results
            return
        waiting: dict[str, FileResult] = {}
        order = iter(str(f) for f in files)
        following = next(order, None)
        for result in results:
            waiting[result.path] = result
            while following is not None and following in waiting:
                yield waiting.pop(following)
                following = next(order, None)

    def _cached_then_read(self, files: Sequence[str | Path], cancel: CancelCheck | None) -> Iterator[FileResult]:
        """The cached results first, then the files read, kept in the cache a few at a time."""
        unread = []
        for path in files:
            cached = self.cache.lookup(path)
            if cached is None:
                unread.append(path)
            else:
                check_cancel(cancel)
                yield cached
        fresh: list[FileResult] = []
        try:
            for result in self.pool.read(unread, cancel):
                fresh.append(result)
                if len(fresh) >= CACHE_WRITE_EVERY:
                    self.cache.store(fresh)
                    fresh = []
                yield result
        finally:
            self.cache.store(fresh)

    def run(self, paths: Iterable[str | Path], **options: Any) -> BatchReport:
        """`run_files` on files and folders: the files are discovered first (what was skipped is reported).
        A path that does not exist raises FileNotFoundError."""
        files, skipped = discover_files(paths)
        return self.run_files(files, skipped=skipped, **options)

    def run_files(
        self,
        files: Sequence[Path],
        *,
        skipped: Sequence[str] = (),
        known: Sequence[FileResult] = (),
        period_text: str | None = None,
        include: Iterable[str | Path] = (),
        prefer: Iterable[str | Path] = (),
        progress: ProgressCallback | None = None,
        cancel: CancelCheck | None = None,
        on_result: Callable[[FileResult], None] | None = None,
        keep_on_cancel: bool = False,
    ) -> BatchReport:
        """The whole job on files already discovered, after the `known` results of files already read.

        Cancelling raises Cancelled, or with `keep_on_cancel` finishes with the files read so far (the
        report says `cancelled`)."""
        progress = progress or no_progress
        results: list[FileResult] = []
        progress(0, len(files), "")
        cancelled = False
        try:
            for result in self.read(files, cancel):
                results.append(result)
                if on_result:
                    on_result(result)
                progress(len(results), len(files), Path(result.path).name)
            check_cancel(cancel)
        except Cancelled:
            if not keep_on_cancel:
                raise
            cancelled = True
        order = {str(path): number for number, path in enumerate(files)}
        results.sort(key=lambda r: order[r.path])
        report = self.finish(
            [*known, *results], period_text=period_text, include=include, prefer=prefer, skipped=skipped
        )
        report.cancelled = cancelled
        return report

    def finish(
        self,
        results: Sequence[FileResult],
        *,
        period_text: str | None = None,
        include: Iterable[str | Path] = (),
        prefer: Iterable[str | Path] = (),
        skipped: Sequence[str] = (),
    ) -> BatchReport:
        return finish_batch(
            results, self.form, self.registry, period_text=period_text, include=include, prefer=prefer, skipped=skipped
        )


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
    cache: bool = False,
) -> BatchReport:
    """The whole job once, with a pool of its own. Raises Cancelled if `cancel` says so between files."""
    with Pipeline(form, registry, workers=workers, cache=cache) as pipeline:
        return pipeline.run(
            paths,
            period_text=period_text,
            include=include,
            prefer=prefer,
            progress=progress,
            cancel=cancel,
            on_result=on_result,
        )
