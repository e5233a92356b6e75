"""The window's reading pool: readers in processes, with the calling thread as the fallback."""

from __future__ import annotations

import time

from desktop.pipeline import Pipeline
from desktop.reading import process_file
from tests.gui_helpers import write_demo_batch


def hang(path: str, form, registry):  # a reader that never answers (what wine's pipes do with larger messages)
    time.sleep(3600)


def summary(results):
    return sorted((r.path, r.status, sorted(i.check for i in r.issues)) for r in results)


def demo_files(tmp_path, form, registry):
    return sorted(p for p in write_demo_batch(tmp_path / "don-vi", form, registry) if not p.name.startswith("~$"))


def warmed(pipeline):
    pipeline.warm()
    deadline = time.monotonic() + 60
    while not pipeline.warmed and time.monotonic() < deadline:
        time.sleep(0.05)
    return pipeline


def test_processes_give_the_results_the_core_gives(tmp_path, form, registry):
    files = demo_files(tmp_path, form, registry)[:6]
    with warmed(Pipeline(form, registry, workers=1, interactive=True)) as pipeline:
        results = list(pipeline.read(files, lambda: False))
    assert summary(results) == summary(process_file(f, form, registry) for f in files)


def test_one_worker_from_the_environment_means_no_processes(tmp_path, form, registry, monkeypatch):
    monkeypatch.setenv("TONGHOP_WORKERS", "1")
    files = demo_files(tmp_path, form, registry)[:3]
    pipeline = Pipeline(form, registry, interactive=True)
    results = list(pipeline.read(files, lambda: False))
    assert pipeline.pool._executor is None and not pipeline.pool.in_processes
    assert len(results) == 3


def test_readers_that_stop_answering_are_given_up_and_the_files_still_checked(tmp_path, form, registry):
    files = demo_files(tmp_path, form, registry)[:4]
    pipeline = warmed(Pipeline(form, registry, workers=1, interactive=True, job=hang))
    pipeline.pool.STUCK_AFTER = 1.0
    started = time.monotonic()
    results = list(pipeline.read(files, lambda: False))
    assert summary(results) == summary(process_file(f, form, registry) for f in files)
    assert not pipeline.pool.in_processes and time.monotonic() - started < 30
