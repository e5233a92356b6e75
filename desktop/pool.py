"""ReaderPool: reads and checks files in reading processes, or in this process when that is faster.

Reading a workbook runs native code (calamine, zip, regular expressions) that holds Python's GIL for
milliseconds at a time: in the window's process it would starve the event loop, and on many files the
cores are better used by several processes. `plan` is the one place that decides: processes or this
process, and how many. The form and the registry cross into each process once, not per file.

A reading process that dies (killed for memory, an abort in native code) costs only the file it was
reading: the files it had in hand are read again one at a time in fresh processes, the one that kills
its process again is reported as unreadable, and the batch goes on. Processes that stop answering
altogether (wine's pipes) are given up on and the rest is read in this process.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from desktop.forms import Form
from desktop.progress import CancelCheck, check_cancel
from desktop.reading import crashed_file, process_file
from desktop.report import FileResult
from desktop.units import Registry

log = logging.getLogger(__name__)

# Below this much to read, starting reading processes costs more than it saves: about 200 unit workbooks
# of 12 KB, or a dozen province workbooks (measured in benchmarks/bench_consolidate.py on 2 cores).
PARALLEL_FROM_BYTES = 2_500_000
MAX_WORKERS = 4
MAX_CHUNK = 32
MAX_CHUNK_INTERACTIVE = 4  # the window shows results as they come: small tasks, quick to cancel

Job = Callable[[str, Form, "Registry | None"], FileResult]


def workers_from_environment() -> int | None:
    """TONGHOP_WORKERS, when set: how many reading processes (1 = none; for support, and for wine, whose
    pipes hang on larger messages)."""
    override = os.environ.get("TONGHOP_WORKERS", "").strip()
    return max(1, int(override)) if override.isdigit() else None


@dataclass(frozen=True)
class Plan:
    workers: int
    in_processes: bool
    max_chunk: int = MAX_CHUNK
    interactive: bool = False


def plan(files: Sequence[Path] = (), workers: int | None = None, *, interactive: bool = False) -> Plan:
    """How to read: the caller's number of processes, else TONGHOP_WORKERS, else

    - for the window (interactive): always in processes, leaving one core to the window, at most four;
      TONGHOP_WORKERS=1 reads on the window's worker thread instead;
    - for a batch: two or more processes only when there is enough to read to pay for starting them.
    """
    from_environment = workers_from_environment()
    if interactive:
        if workers is None and from_environment == 1:
            return Plan(1, False, MAX_CHUNK_INTERACTIVE, True)
        count = workers or from_environment or max(1, min((os.cpu_count() or 2) - 1, MAX_WORKERS))
        return Plan(count, True, MAX_CHUNK_INTERACTIVE, True)
    count = workers if workers is not None else from_environment
    if count is None:
        if len(files) < 2 or _total_size(files) < PARALLEL_FROM_BYTES:
            count = 1
        else:
            count = min(os.cpu_count() or 1, MAX_WORKERS, len(files))
    count = max(1, count)
    return Plan(count, count > 1)


def _total_size(files: Sequence[Path]) -> int:
    total = 0
    for path in files:
        with contextlib.suppress(OSError):
            total += os.stat(path).st_size
    return total


def chunk_size(files: int, workers: int, most: int = MAX_CHUNK) -> int:
    """Enough files per task to hide the cost of a round trip, few enough to show results early."""
    return max(1, min(most, files // (workers * 8)))


# --- in each reading process

_job: tuple[Job, Form, Registry | None] | None = None


def _start_reader(job: Job, form: Form, registry: Registry | None, interactive: bool) -> None:
    global _job
    _job = (job, form, registry)
    from desktop.logfile import setup_logging

    setup_logging()  # a reader's technical complaints go to the log file, never to the user's terminal
    if interactive:
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


def _ready() -> bool:
    return _job is not None


def _read_chunk(paths: list[str]) -> list[FileResult]:
    job, form, registry = _job
    return [job(path, form, registry) for path in paths]


# --- in the calling process


class PoolFailed(Exception):
    """The reading processes stopped answering, or cannot be started at all."""


class ReaderPool:
    """Reads files with `plan`'s processes. `job` is what a reading process runs on a file (tests put a
    hanging or crashing reader there); `reader` what this process runs (process_file unless told)."""

    STUCK_AFTER = 90.0  # seconds without any answer before the processes are given up on

    def __init__(
        self,
        form: Form,
        registry: Registry | None,
        *,
        workers: int | None = None,
        interactive: bool = False,
        job: Job = process_file,
        reader: Job | None = None,
    ) -> None:
        self.form, self.registry = form, registry
        self._workers, self._job, self._reader = workers, job, reader
        self.plan: Plan | None = plan(workers=workers, interactive=True) if interactive else None
        self._executor: ProcessPoolExecutor | None = None
        self._warm: list[Future] = []

    @property
    def in_processes(self) -> bool:
        return self.plan is not None and self.plan.in_processes

    def __enter__(self) -> ReaderPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    def warm(self) -> None:
        """Start the processes now (they import the core, about a second), not when files arrive."""
        if self._executor is None and self.in_processes:
            self._executor = ProcessPoolExecutor(
                self.plan.workers,
                mp_context=get_context("spawn"),  # as on Windows; fork is unsafe under Qt's threads anyway
                initializer=_start_reader,
                initargs=(self._job, self.form, self.registry, self.plan.interactive),
            )
            self._warm = [self._executor.submit(_ready) for _ in range(self.plan.workers)]

    @property
    def warmed(self) -> bool:
        return self._executor is not None and all(f.done() for f in self._warm)

    def shutdown(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def _give_up(self) -> None:
        """Stop the processes for good (terminate: a hung reader would outlive the app)."""
        processes = list((getattr(self._executor, "_processes", None) or {}).values())
        self.plan = Plan(1, False, self.plan.max_chunk, self.plan.interactive)
        self.shutdown()
        for process in processes:
            process.terminate()

    def _restart(self) -> None:
        """Fresh processes after one died; raises PoolFailed when they do not come up at all."""
        self.shutdown()
        self.warm()
        finished, _ = wait(self._warm, timeout=self.STUCK_AFTER)
        if len(finished) < len(self._warm) or any(f.exception() is not None for f in finished):
            raise PoolFailed()

    def read(self, files: Sequence[str | Path], cancel: CancelCheck | None = None) -> Iterator[FileResult]:
        """FileResults as they complete (not in order). Raises Cancelled between results if `cancel` says so."""
        pending = deque(str(f) for f in files)
        if self.plan is None or not self.plan.interactive:
            self.plan = plan([Path(f) for f in pending], self._workers)
        self.warm()
        done: set[str] = set()
        try:
            # the window's first results at once, while the processes start
            while pending and (not self.in_processes or (self.plan.interactive and not self.warmed)):
                check_cancel(cancel)
                yield self._read_here(pending.popleft())
            for result in self._in_processes(list(pending), cancel):
                done.add(result.path)
                yield result
        except PoolFailed:
            log.exception("reading processes failed; reading in this process")
            self._give_up()
            for path in pending:
                if path not in done:
                    check_cancel(cancel)
                    yield self._read_here(path)

    def _read_here(self, path: str) -> FileResult:
        return (self._reader or process_file)(path, self.form, self.registry)

    def _in_processes(self, paths: list[str], cancel: CancelCheck | None) -> Iterator[FileResult]:
        size = chunk_size(len(paths), self.plan.workers, self.plan.max_chunk)
        queue = deque(paths[i : i + size] for i in range(0, len(paths), size))
        suspects: deque[str] = deque()  # files in hand when a process died: read one at a time, alone
        running: dict[Future, list[str]] = {}
        limit = self.plan.workers * 2  # few tasks in flight, so that cancelling is quick
        alone: Future | None = None
        answered = time.monotonic()
        while queue or suspects or running:
            stop = cancel is not None and cancel()
            if suspects and not running and not stop:
                path = suspects.popleft()
                alone = self._executor.submit(_read_chunk, [path])
                running[alone] = [path]
            while not suspects and queue and len(running) < limit and not stop:
                chunk = queue.popleft()
                running[self._executor.submit(_read_chunk, chunk)] = chunk
            if not running:
                break
            finished, _ = wait(running, timeout=0.25, return_when=FIRST_COMPLETED)
            if finished:
                answered = time.monotonic()
            elif time.monotonic() - answered > self.STUCK_AFTER:
                raise PoolFailed()
            if not all(f.exception() is None for f in finished):
                yield from self._after_death(running, suspects, alone, cancel)
                answered = time.monotonic()
                continue
            for future in finished:
                running.pop(future)
                for result in future.result():
                    check_cancel(cancel)
                    yield result
        check_cancel(cancel)

    def _after_death(
        self, running: dict[Future, list[str]], suspects: deque[str], alone: Future | None, cancel: CancelCheck | None
    ) -> Iterator[FileResult]:
        """A process died: keep what finished, suspect what was in hand, and start fresh processes.

        A file read alone that kills its process is the culprit: it alone is reported."""
        for future, chunk in list(running.items()):
            if not future.done():
                suspects.extend(chunk)
                continue
            error = future.exception()
            if error is None:
                for result in future.result():
                    check_cancel(cancel)
                    yield result
            elif not isinstance(error, BrokenProcessPool):
                raise error
            elif future is alone:
                log.error("a reading process died on %s", chunk[0])
                check_cancel(cancel)
                yield crashed_file(chunk[0])
            else:
                suspects.extend(chunk)
        running.clear()
        self._restart()
