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


def check_cancel(cancel: CancelCheck | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled()
