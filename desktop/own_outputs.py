"""The tool's own outputs found among the inputs: never counted as a unit's report.

A consolidated workbook left in the input folder would count every unit twice, a marked-up copy its
unit twice. A consolidated workbook is the right input one level up (`--national`: the registry's
units are provinces), so only there it is read as a report; a marked-up copy never is. Without a
registry the batch says its level itself: consolidated workbooks alone are one level up, consolidated
workbooks among units' reports are outputs left in the input folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop.io import marks
from desktop.io.celltext import display_name
from desktop.issues import Issue, make_issue, raises
from desktop.report import FileResult
from desktop.units import Registry

_WHAT = {
    marks.CONSOLIDATED: ("tệp tổng hợp", "a consolidated workbook"),
    marks.ANNOTATED: ("bản “cần sửa” gửi lại đơn vị", "a marked-up copy for a unit"),
}


def _output(result: FileResult) -> str | None:
    return result.submission.output if result.submission is not None else None


def upper_level(results: Sequence[FileResult], registry: Registry | None) -> bool:
    """Whether the batch consolidates consolidated workbooks (provinces into the nation)."""
    if registry is not None:
        return registry.level == "province"
    read = [r for r in results if r.submission is not None and r.submission.recognised]
    return bool(read) and all(_output(r) == marks.CONSOLIDATED for r in read)


def counts_as_report(result: FileResult, upper: bool) -> bool:
    output = _output(result)
    if output == marks.CONSOLIDATED:
        return upper
    return output != marks.ANNOTATED


@raises("own_output")
def set_aside(results: Sequence[FileResult], registry: Registry | None) -> tuple[list[FileResult], list[Issue]]:
    """The results that are units' reports, and a note for each of our own outputs set aside."""
    kept, notes = [], []
    upper = upper_level(results, registry)
    for result in results:
        if counts_as_report(result, upper):
            kept.append(result)
            continue
        output = result.submission.output
        what, what_en = _WHAT[output]
        upper = output == marks.CONSOLIDATED
        notes.append(
            make_issue(
                "own_output",
                "info",
                file=result.path,
                name=display_name(Path(result.path).name),
                what=what,
                what_en=what_en,
                hint=" (tệp tổng hợp của tỉnh chỉ được đọc khi tổng hợp cấp trên, --national)" if upper else "",
                hint_en=" (a province's consolidated workbook is read one level up, --national)" if upper else "",
            )
        )
    return kept, notes
