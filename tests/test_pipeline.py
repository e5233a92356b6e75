"""The pipeline: one job for the CLI and the window, whatever reads the files; a consolidation that
changes nothing it is given; a reading process that dies costs only its file."""

from __future__ import annotations

import copy
import os
import time
from pathlib import Path

import pytest
from builders import build_workbook, valid_values

from desktop import pool
from desktop.consolidate import Outcome, consolidate
from desktop.pipeline import Pipeline, batch_period, finish_batch, run_batch
from desktop.reading import process_file

NAMES = [
    "Phường Hạc Thành",
    "Phường Quảng Phú",
    "Phường Đông Quang",
    "Phường Đông Sơn",
    "Xã Thọ Xuân",
    "Phường Sầm Sơn",
]


def batch(folder, form, count=6):
    """Unit files, one with a rule error (R07), and two files for the first unit (the older one first)."""
    paths = []
    for index in range(count):
        values = valid_values(form, base=10 + index)
        if index == 2:
            values["20"] = values["19"] + 1
        paths.append(
            build_workbook(folder / f"{index:02}.xlsx", form, unit=NAMES[index], unit_code=None, current=values)
        )
    again = build_workbook(
        folder / "00 gửi lại.xlsx", form, unit=NAMES[0], unit_code=None, current=valid_values(form, 40)
    )
    os.utime(paths[0], (time.time() - 86400, time.time() - 86400))
    return [*paths, again]


def summary(report):
    return (
        report.to_json(),
        report.consolidation.totals,
        report.consolidation.decisions,
        [(s.unit_name, s.status, s.reason, s.errors, s.warnings) for s in report.consolidation.status],
        [(f.path, f.counted, f.exclusion, f.included_by_user) for f in report.files],
    )


def test_in_this_process_in_processes_and_in_the_window_the_report_is_the_same(folder, form, registry):
    batch(folder, form)
    one = run_batch([folder], form, registry, workers=1, include=[folder / "02.xlsx"])
    two = run_batch([folder], form, registry, workers=2, include=[folder / "02.xlsx"])
    streamed = []
    with Pipeline(form, registry, workers=2, interactive=True) as window:
        window.warm()
        shown = window.run([folder], include=[folder / "02.xlsx"], on_result=streamed.append)
    assert summary(two) == summary(one)
    assert summary(shown) == summary(one)
    assert sorted(r.path for r in streamed) == sorted(f.path for f in one.files)
    assert one.consolidation.files[str(folder / "02.xlsx")].outcome is Outcome.COUNTED_DESPITE_ERRORS
    assert one.consolidation.files[str(folder / "00.xlsx")].outcome is Outcome.SUPERSEDED


def test_consolidating_changes_none_of_the_results_it_is_given(folder, form, registry):
    paths = batch(folder, form)
    results = [process_file(p, form, registry) for p in paths]
    before = copy.deepcopy(results)
    include, prefer = [paths[2]], [paths[0]]
    consolidation = consolidate(results, form, registry, batch_period(results, None), include=include, prefer=prefer)
    assert results == before
    report = finish_batch(results, form, registry, include=include, prefer=prefer)
    assert results == before
    assert all(a is not b for a, b in zip(report.files, results, strict=True))
    assert consolidation.totals == report.consolidation.totals
    again = finish_batch(results, form, registry, include=include, prefer=prefer)
    assert summary(again) == summary(report), "a second consolidation does not pile issues up"
    by_name = {Path(f.path).name: f for f in report.files}
    assert by_name["00.xlsx"].counted and not by_name["00 gửi lại.xlsx"].counted
    assert by_name["00 gửi lại.xlsx"].exclusion == "trùng lặp: tính tệp “00.xlsx”"
    assert by_name["02.xlsx"].counted and by_name["02.xlsx"].included_by_user


KILLER = "chết"


def die_on_killer(path: str, form, registry):
    """A reader whose process dies on one file, as when the system kills it for memory."""
    if KILLER in Path(path).name:
        os.abort()
    return process_file(path, form, registry)


def status(result):
    return (result.path, result.status, sorted(i.check for i in result.issues))


@pytest.mark.parametrize("interactive", [False, True])
def test_a_reading_process_that_dies_costs_only_its_file(folder, form, registry, monkeypatch, interactive):
    paths = batch(folder, form)
    killer = build_workbook(folder / f"03 {KILLER}.xlsx", form, unit=NAMES[3], unit_code=None)
    monkeypatch.setattr(pool, "chunk_size", lambda files, workers, most: 3)  # the killer takes others down
    with Pipeline(form, registry, workers=2, interactive=interactive, job=die_on_killer) as pipeline:
        if interactive:  # the window's first files are read at once, in its own process, until the pool is up
            pipeline.warm()
            while not pipeline.warmed:
                time.sleep(0.05)
        report = pipeline.run([folder])
    by_path = {f.path: f for f in report.files}
    assert len(by_path) == len(paths) + 1
    dead = by_path[str(killer)]
    assert dead.status == "unreadable" and not dead.counted
    assert [i.check for i in dead.issues] == ["reader_crashed"]
    assert dead.issues[0].message.startswith("Không đọc được tệp: chương trình đọc tệp bị dừng đột ngột")
    assert dead.sha256, "the file is still identified in the submission table"
    expected = finish_batch([process_file(p, form, registry) for p in sorted(paths)], form, registry)
    assert sorted(status(f) for f in report.files if f.path != str(killer)) == sorted(
        status(f) for f in expected.files
    ), "every other file is read as if nothing happened"
    assert report.consolidation.totals == expected.consolidation.totals


def test_a_file_that_kills_every_process_it_meets_is_reported_once_and_the_batch_ends(folder, form, registry):
    paths = [build_workbook(folder / f"{i} {KILLER}.xlsx", form, unit=NAMES[i], unit_code=None) for i in range(2)]
    with Pipeline(form, registry, workers=2, job=die_on_killer) as pipeline:
        results = list(pipeline.read(paths))
    assert sorted(r.path for r in results) == sorted(map(str, paths))
    assert all([i.check for i in r.issues] == ["reader_crashed"] for r in results)
