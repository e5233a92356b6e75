"""Reading in processes: chunks keep the order, the pool starts only when there is enough to read, a file
saved while it is read is still caught, and formulas without a cached value are found in the sheet XML."""

import openpyxl
import pytest
from builders import build_workbook, valid_values

from desktop import pool, reading
from desktop.io.ooxml import formula_cells_without_value
from desktop.io.workbook import formulas_without_value
from desktop.pipeline import Pipeline, run_batch
from desktop.reading import process_file

NAMES = ["Phường Hạc Thành", "Phường Quảng Phú", "Phường Đông Quang", "Phường Đông Sơn", "Phường Sầm Sơn"]


def units(folder, form, count):
    paths = []
    for index in range(count):
        values = valid_values(form, base=10 + index)
        if index == 3:
            values["20"] = values["19"] + 1  # an error (R07): the file is left out of the total
        paths.append(
            build_workbook(folder / f"{index}.xlsx", form, unit=NAMES[index % 5], unit_code=None, current=values)
        )
    return paths


def test_files_sent_in_chunks_come_back_in_order_with_the_same_report(folder, form, registry, monkeypatch):
    paths = units(folder, form, 7)
    monkeypatch.setattr(pool, "chunk_size", lambda files, workers, most: 3)  # chunks of 3, 3 and 1
    with Pipeline(form, registry, workers=2) as pipeline:
        pooled = list(pipeline.read(paths, ordered=True))
    assert [r.path for r in pooled] == [str(p) for p in paths]
    one = run_batch([folder], form, registry, workers=1)
    two = run_batch([folder], form, registry, workers=2)
    assert two.to_json() == one.to_json()
    assert two.consolidation.totals == one.consolidation.totals
    assert [r.sha256 for r in two.files] == [r.sha256 for r in one.files]


@pytest.mark.parametrize(("files", "workers", "cores"), [(4000, 2, 16), (3, 1, 16), (20, 4, 4), (2, 2, 8)])
def test_chunks_are_small_enough_to_show_results_early(files, workers, cores):
    size = pool.chunk_size(files, workers)
    assert 1 <= size <= pool.MAX_CHUNK
    assert -(-files // size) >= min(files, workers * 2), "every process gets more than one task"


def test_reading_processes_start_only_when_there_is_enough_to_read(folder, form, monkeypatch):
    paths = units(folder, form, 3)
    monkeypatch.setattr(pool.os, "cpu_count", lambda: 8)
    assert pool.plan(paths, None).workers == 1, "three small files are read faster in this process"
    monkeypatch.setattr(pool, "PARALLEL_FROM_BYTES", sum(p.stat().st_size for p in paths))
    assert pool.plan(paths, None).workers == 3, "no more processes than files"
    assert pool.plan(paths[:1], None).workers == 1
    assert pool.plan(paths, 2).workers == 2, "the caller's choice wins"
    monkeypatch.setenv("TONGHOP_WORKERS", "1")  # as the Windows build sets it under wine
    assert pool.plan(paths, None).workers == 1
    assert pool.plan(paths, 2).workers == 2


def test_a_file_saved_while_it_is_read_is_an_error(tmp_path, form, registry, monkeypatch):
    path = build_workbook(tmp_path / "u.xlsx", form)
    original = reading.read_book

    def read_then_save_again(book, the_form):
        submission = original(book, the_form)
        build_workbook(path, form, current=valid_values(form, base=99))  # the clerk saves a new version
        return submission

    monkeypatch.setattr(reading, "read_book", read_then_save_again)
    assert "file_changed" in {i.check for i in process_file(path, form, registry).issues}


def test_a_file_left_alone_is_not_reported_as_changed(tmp_path, form, registry):
    path = build_workbook(tmp_path / "u.xlsx", form)
    assert "file_changed" not in {i.check for i in process_file(path, form, registry).issues}


@pytest.mark.parametrize(
    ("xml", "cells"),
    [
        (b'<c r="A1"><f>1+1</f><v>2</v></c>', set()),
        (b'<c r="A1"><f>1+1</f></c>', {"A1"}),
        (b'<c r="A1" t="str"><f>"a"</f><v></v></c>', {"A1"}),
        (b'<x:c r="B2" s="3"><x:f>SUM(A1:A3)</x:f></x:c>', {"B2"}),
        (b'<c r="C3"><f t="shared" ref="C3:C4" si="0">A3</f><v>4</v></c><c r="C4"><f t="shared" si="0"/></c>', {"C4"}),
        (b'<c r="D4"><f t="shared" si="0"/><v>7</v></c>', set()),
        (b'<c r="E5"><v>5</v></c><dataValidation><formula1>0</formula1></dataValidation>', set()),
        (b'<c r="F6"><f>A1&lt;B1</f>\n  <v>1</v></c><c r="F7"><f>A1&gt;B1</f></c>', {"F7"}),
    ],
)
def test_formula_cells_without_a_cached_value_are_found_in_the_sheet_xml(xml, cells):
    assert formula_cells_without_value(xml) == cells


def test_formulas_without_value_scans_every_sheet_or_just_the_one_asked_for(tmp_path):
    book = openpyxl.Workbook()  # openpyxl stores formulas without cached values
    book.active.title = "Biểu 01"
    book.active["A1"], book.active["A2"], book.active["B3"] = 1, "=A1*2", "=SUM(A1:A2)"
    other = book.create_sheet("A & B")
    other["C5"] = "=1+1"
    book.save(tmp_path / "f.xlsx")
    assert formulas_without_value(tmp_path / "f.xlsx") == {"Biểu 01": {"A2", "B3"}, "A & B": {"C5"}}
    assert formulas_without_value(tmp_path / "f.xlsx", "A & B") == {"A & B": {"C5"}}
    assert formulas_without_value(tmp_path / "f.xlsx", "Không có") == {}
