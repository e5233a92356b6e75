"""CheckerPool: the GUI's readers in processes, with the window's thread as the fallback."""

from __future__ import annotations

import time

from desktop.batch import process_file
from desktop.views.checker import CheckerPool
from tests.gui_helpers import write_demo_batch


def hang(path: str):  # a reader that never answers (what wine's pipes do with larger messages)
    time.sleep(3600)


def summary(results):
    return sorted((r.path, r.status, sorted(i.check for i in r.issues)) for r in results)


def demo_files(tmp_path, form, registry):
    return sorted(p for p in write_demo_batch(tmp_path / "don-vi", form, registry) if not p.name.startswith("~$"))


def test_processes_give_the_results_the_core_gives(tmp_path, form, registry):
    files = demo_files(tmp_path, form, registry)[:6]
    pool = CheckerPool(form, registry, workers=1)
    try:
        pool.warm()
        deadline = time.monotonic() + 60
        while not pool.warmed and time.monotonic() < deadline:
            time.sleep(0.05)
        results = list(pool.check(files, lambda: False))
    finally:
        pool.shutdown()
    assert summary(results) == summary(process_file(f, form, registry) for f in files)


def test_one_worker_from_the_environment_means_no_processes(tmp_path, form, registry, monkeypatch):
    monkeypatch.setenv("TONGHOP_WORKERS", "1")
    files = demo_files(tmp_path, form, registry)[:3]
    pool = CheckerPool(form, registry)
    results = list(pool.check(files, lambda: False))
    assert pool._executor is None and not pool.in_processes
    assert len(results) == 3


def test_readers_that_stop_answering_are_given_up_and_the_files_still_checked(tmp_path, form, registry):
    files = demo_files(tmp_path, form, registry)[:4]
    pool = CheckerPool(form, registry, workers=1, job=hang)
    pool.STUCK_AFTER = 1.0
    pool.warm()
    deadline = time.monotonic() + 60
    while not pool.warmed and time.monotonic() < deadline:
        time.sleep(0.05)
    started = time.monotonic()
    results = list(pool.check(files, lambda: False))
    assert summary(results) == summary(process_file(f, form, registry) for f in files)
    assert not pool.in_processes and time.monotonic() - started < 30
