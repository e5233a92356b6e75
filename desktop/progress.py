"""Progress reporting and cancellation for long core jobs, free of any GUI toolkit.

A progress callback takes (done, total, label). Cancellation is a callable returning True when the
user asked to stop; long loops call `check_cancel` between units of work.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]


class Cancelled(Exception):
    """The user cancelled the job; nothing half-done is kept."""


def no_progress(done: int, total: int, label: str) -> None:
    return None


def never_cancel() -> bool:
    return False


def check_cancel(cancel: CancelCheck | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled()


def scaled(progress: ProgressCallback, start: int, span: int, total: int) -> ProgressCallback:
    """Map a sub-step's own (done, total) onto [start, start + span] of an outer range of `total`."""

    def report(done: int, sub_total: int, label: str) -> None:
        fraction = done / sub_total if sub_total else 1.0
        progress(start + round(span * fraction), total, label)

    return report
