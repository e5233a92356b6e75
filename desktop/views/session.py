"""Session: the files the user is working on and the choices made about them (plain Python, no Qt).

Per-file results are kept as the core read them (the pipeline never changes them), so the batch-wide
checks (duplicates, outliers, periods) can run again after each choice without piling up.
The functions at the bottom are what the worker runs; they only call the core's pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop import consolidate
from desktop.consolidate import Consolidation
from desktop.files import discover_files
from desktop.forms import Form
from desktop.pipeline import Pipeline
from desktop.report import BatchReport, FileResult
from desktop.units import Registry


@dataclass(frozen=True)
class PreviewRow:
    code: str  # "" for a section title
    label: str
    label_en: str
    unit: str
    values: tuple[int | float | None, ...] = ()  # one per value column of the form, in its order
    change: float | None = None  # the period against last year, in percent, when the form compares them


def preview_rows(consolidation: Consolidation | None) -> list[PreviewRow]:
    """The consolidated figures by indicator, with section titles, as the preview shows them."""
    if consolidation is None or not consolidation.rows:
        return []
    form = consolidation.form
    totals = consolidation.totals
    rows = []
    for indicator in form.indicators:
        section = form.section_before(indicator.code)
        if section:
            rows.append(PreviewRow("", f"{section.number}. {section.title}", "", ""))
        code = indicator.code
        change = None
        if form.compared:
            current, previous = totals[form.main_column][code], totals["previous"][code]
            change = round(100 * current / previous, 1) if current is not None and previous else None
        values = tuple(totals[column][code] for column in form.value_columns)
        rows.append(PreviewRow(code, indicator.label, indicator.label_en, indicator.unit, values, change))
    return rows


@dataclass
class CheckOutcome:
    results: list[FileResult]  # pristine, in the order of the files checked
    skipped: list[str]
    report: BatchReport
    cancelled: bool = False
    total: int = 0
    preview: list[PreviewRow] = field(default_factory=list)


@dataclass
class Session:
    """The files read and the choices in force. The choices are the current round's (the window copies
    them here from desktop.rounds before each consolidation); this only holds what the core needs."""

    form: Form
    registry: Registry | None = None
    period_text: str | None = None
    results: dict[str, FileResult] = field(default_factory=dict)  # path -> pristine result, in order
    skipped: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    prefer: list[str] = field(default_factory=list)
    report: BatchReport | None = None

    @property
    def paths(self) -> list[str]:
        return list(self.results)

    def snapshot(self) -> list[FileResult]:
        return list(self.results.values())

    def apply(self, outcome: CheckOutcome) -> None:
        for result in outcome.results:
            self.results[result.path] = result
        self.skipped = list(dict.fromkeys(self.skipped + outcome.skipped))
        self.report = outcome.report

    def clear(self) -> None:
        self.results.clear()
        self.skipped.clear()
        self.include.clear()
        self.prefer.clear()
        self.report = None

    def duplicate_groups(self) -> list[list[FileResult]]:
        """Files of the current report that report the same unit and period (two or more each)."""
        return consolidate.duplicate_groups(self.report.files) if self.report is not None else []

    def chosen_in(self, group: list[FileResult]) -> FileResult:
        """The file that counts for a duplicate group: the user's choice, else the newer (as the core decides)."""
        return consolidate.chosen_duplicate(group, self.prefer)[0]


def run_check(
    state,
    paths: list[str],
    known: list[FileResult],
    pipeline: Pipeline,
    *,
    period_text: str | None,
    include: list[str],
    prefer: list[str],
) -> CheckOutcome:
    """Read and check the files under `paths`, streaming each result, then consolidate with `known`.

    A path that is gone (moved or deleted since it was added) is reported as an unreadable file.
    """
    files, skipped = discover_files([p for p in paths if Path(p).exists()])
    files += [Path(p) for p in paths if not Path(p).exists()]
    seen = {k.path for k in known}
    files = [f for f in files if str(f) not in seen]
    results: list[FileResult] = []

    def streamed(result: FileResult) -> None:
        results.append(result)
        state.stream(result)

    report = pipeline.run_files(
        files,
        skipped=skipped,
        known=known,
        period_text=period_text,
        include=include,
        prefer=prefer,
        progress=state.progress,
        cancel=state.cancelled,
        on_result=streamed,
        keep_on_cancel=True,
    )
    order = {str(path): number for number, path in enumerate(files)}
    results.sort(key=lambda r: order[r.path])
    return CheckOutcome(results, skipped, report, report.cancelled, len(files), preview_rows(report.consolidation))


def run_finish(
    state,
    known: list[FileResult],
    pipeline: Pipeline,
    *,
    period_text: str | None,
    include: list[str],
    prefer: list[str],
    skipped: list[str],
) -> CheckOutcome:
    """Consolidate again after a choice (include despite errors, which duplicate counts, a removal)."""
    report = pipeline.finish(known, period_text=period_text, include=include, prefer=prefer, skipped=skipped)
    return CheckOutcome([], [], report, preview=preview_rows(report.consolidation))
