"""CheckerPool: reads and checks files in worker processes, so the window's process stays free to repaint.

Reading a workbook runs native code (calamine, zip, regular expressions) that holds Python's GIL for
milliseconds at a time; done on a thread of the GUI process it starves the event loop. The pool is
started ahead of time (warm()), gets the form and registry once per process, and hands results back
as they complete. Until its processes are up, files are checked on the calling thread, so the first
results show at once. Plain Python: no Qt here.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

from desktop.batch import process_file, workers_from_environment
from desktop.forms import Form
from desktop.progress import Cancelled
from desktop.report import FileResult
from desktop.units import Registry

log = logging.getLogger(__name__)

_form: Form | None = None
_registry: Registry | None = None


def _init(form: Form, registry: Registry | None) -> None:
    global _form, _registry
    _form, _registry = form, registry
    _lower_priority()
    threading.Thread(target=_exit_with_parent, daemon=True).start()


def _exit_with_parent() -> None:
    """A reader ends when the window's process ends, even when that one crashed."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()
        os._exit(0)


def _lower_priority() -> None:
    """Readers yield the CPU to the window (and to the user's other programs)."""
    try:
        if os.name == "nt":
            import ctypes

            below_normal = 0x4000
            ctypes.windll.kernel32.SetPriorityClass(ctypes.windll.kernel32.GetCurrentProcess(), below_normal)
        else:
            os.nice(5)
    except (OSError, AttributeError):
        pass


def _check(path: str) -> FileResult:
    return process_file(path, _form, _registry)


def _ready() -> bool:
    return _form is not None


def worker_count() -> int:
    """How many reader processes: TONGHOP_WORKERS when set (1 = read on the window's own worker thread,
    no processes: for support, and for wine, whose pipes hang on larger messages); else leave one core
    to the window, at most four."""
    return workers_from_environment() or max(1, min((os.cpu_count() or 2) - 1, 4))


class PoolStuck(Exception):
    """No reader process has answered for STUCK_AFTER seconds."""


class CheckerPool:
    STUCK_AFTER = 90.0  # seconds without any result before the processes are given up on

    def __init__(
        self,
        form: Form,
        registry: Registry | None,
        workers: int | None = None,
        *,
        in_processes: bool | None = None,
        job: Callable[[str], FileResult] = _check,
    ) -> None:
        self.form, self.registry = form, registry
        self.workers = workers or worker_count()
        self.in_processes = in_processes if in_processes is not None else workers_from_environment() != 1
        self._job = job
        self._executor: ProcessPoolExecutor | None = None
        self._warm: list[Future] = []

    def warm(self) -> None:
        """Start the processes now (they import the core, about a second), not when files arrive."""
        if self._executor is None and self.in_processes:
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=get_context("spawn"), initializer=_init, initargs=(self.form, self.registry)
            )
            self._warm = [self._executor.submit(_ready) for _ in range(self.workers)]

    @property
    def warmed(self) -> bool:
        return self._executor is not None and all(f.done() for f in self._warm)

    def shutdown(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def _give_up(self) -> None:
        """Stop processes that no longer answer (terminate: a hung reader would outlive the app)."""
        processes = list((getattr(self._executor, "_processes", None) or {}).values())
        self.in_processes = False
        self.shutdown()
        for process in processes:
            process.terminate()

    def check(self, files: Sequence[Path], cancelled: Callable[[], bool]) -> Iterator[FileResult]:
        """FileResults as they complete (not in order). Raises Cancelled once the work in hand is done."""
        pending = [str(f) for f in files]
        self.warm()
        done: set[str] = set()
        try:
            while pending and not (self.in_processes and self.warmed):  # while the processes start, or without
                if cancelled():
                    raise Cancelled()
                yield process_file(pending.pop(0), self.form, self.registry)
            for result in self._in_processes(pending, cancelled):
                done.add(result.path)
                yield result
        except (BrokenProcessPool, PoolStuck):
            log.exception("reader processes failed; checking on this thread")
            self._give_up()
            for path in pending:
                if path not in done:
                    if cancelled():
                        raise Cancelled() from None
                    yield process_file(path, self.form, self.registry)

    def _in_processes(self, pending: list[str], cancelled: Callable[[], bool]) -> Iterator[FileResult]:
        executor = self._executor
        queue = list(pending)
        running: dict[Future, str] = {}
        limit = self.workers * 3  # few in flight, so that cancelling is quick
        answered = time.monotonic()
        while queue or running:
            while queue and len(running) < limit and not cancelled():
                path = queue.pop(0)
                running[executor.submit(self._job, path)] = path
            if not running:
                break
            finished, _ = wait(running, timeout=0.25, return_when=FIRST_COMPLETED)
            if finished:
                answered = time.monotonic()
            elif time.monotonic() - answered > self.STUCK_AFTER:
                raise PoolStuck()
            for future in finished:
                running.pop(future)
                yield future.result()
        if cancelled():
            raise Cancelled()
