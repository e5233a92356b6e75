"""Task: runs one core call on Qt's thread pool and reports back only through queued signals.

The call site reads like Anki's background operations:

    Task(run_check, paths).on_progress(bar.update).on_result(panel.add).on_done(show).on_failed(warn).start()

The function receives a TaskState as its first argument: `state.progress(done, total, label)`,
`state.stream(item)` for partial results, and `state.cancelled()` for cancellation checks. It never
touches a widget; every signal is delivered on the GUI thread (Orange's TaskState, in short).
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal

from desktop.progress import Cancelled

log = logging.getLogger(__name__)
QUEUED = Qt.ConnectionType.QueuedConnection


class TaskState(QObject):
    """The worker's only channel to the GUI: signals, and a cancel flag the GUI sets."""

    progress_changed = Signal(int, int, str)
    result_streamed = Signal(object)
    finished = Signal(object)
    failed = Signal(object)  # the exception
    cancelled_done = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()
        self._last_progress: tuple[int, int, str] | None = None

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int, label: str = "") -> None:
        if (done, total, label) != self._last_progress:
            self._last_progress = (done, total, label)
            self.progress_changed.emit(done, total, label)

    def stream(self, item: Any) -> None:
        self.result_streamed.emit(item)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[..., Any], state: TaskState, args: tuple, kwargs: dict) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._state, self._args, self._kwargs = fn, state, args, kwargs

    def run(self) -> None:
        state = self._state
        try:
            value = self._fn(state, *self._args, **self._kwargs)
        except Cancelled:
            state.cancelled_done.emit()
        except Exception as exc:  # reported to the GUI, which shows it; the traceback goes to the log
            log.error("background task failed:\n%s", traceback.format_exc())
            state.failed.emit(exc)
        else:
            state.finished.emit(value)


_alive: set[Task] = set()  # tasks stay alive until their last signal has been delivered


class Task(QObject):
    """One background call; build it with the on_* methods, then start() it."""

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.state = TaskState()
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self.running = False
        self.state.finished.connect(self._ended, QUEUED)
        self.state.failed.connect(self._ended, QUEUED)
        self.state.cancelled_done.connect(self._ended, QUEUED)

    def _ended(self, *_: Any) -> None:
        self.running = False
        QTimer.singleShot(0, self._release)

    def _release(self) -> None:
        _alive.discard(self)

    def on_progress(self, slot: Callable[[int, int, str], None]) -> Task:
        self.state.progress_changed.connect(slot, QUEUED)
        return self

    def on_result(self, slot: Callable[[Any], None]) -> Task:
        self.state.result_streamed.connect(slot, QUEUED)
        return self

    def on_done(self, slot: Callable[[Any], None]) -> Task:
        self.state.finished.connect(slot, QUEUED)
        return self

    def on_failed(self, slot: Callable[[Exception], None]) -> Task:
        self.state.failed.connect(slot, QUEUED)
        return self

    def on_cancelled(self, slot: Callable[[], None]) -> Task:
        self.state.cancelled_done.connect(slot, QUEUED)
        return self

    def cancel(self) -> None:
        self.state.cancel()

    def start(self, pool: QThreadPool | None = None) -> Task:
        self.running = True
        _alive.add(self)
        (pool or QThreadPool.globalInstance()).start(_Runnable(self._fn, self.state, self._args, self._kwargs))
        return self
