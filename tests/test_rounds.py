"""Rounds: saved and found again with every decision and who made it; damaged or newer files set aside;
undo and redo of each kind of decision; the command line that reproduces a round."""

from __future__ import annotations

import json

import pytest

from desktop import decisions
from desktop.periods import parse_period
from desktop.rounds import (
    SCHEMA,
    Round,
    RoundError,
    RoundStore,
    command_arguments,
    command_line,
    current_user,
    next_period,
    round_files,
)


@pytest.fixture
def store(tmp_path):
    return RoundStore(tmp_path / "rounds")


def files_in(folder, *names):
    paths = []
    for name in names:
        path = folder / name
        path.write_bytes(b"PK")
        paths.append(str(path))
    return paths


def test_a_round_with_decisions_is_saved_and_read_back_the_same(store, folder):
    a, b, c = files_in(folder, "a.xlsx", "b.xlsx", "c.xlsx")
    round_ = Round.new(["TDBV-01"], period="Quý III/2026", registry={"province": "Thanh Hóa"}, inputs=[str(folder)])
    stack = decisions.UndoStack()
    stack.push(decisions.include(round_, a))
    stack.push(decisions.prefer(round_, b, [b, c]))
    stack.push(decisions.remove(round_, [c]))
    store.save(round_)

    again = RoundStore(store.folder).rounds()
    assert len(again) == 1
    loaded = again[0]
    assert loaded.decisions == round_.decisions
    assert (loaded.period, loaded.registry, loaded.form_ids) == ("Quý III/2026", {"province": "Thanh Hóa"}, ["TDBV-01"])
    assert [c.path for c in loaded.decisions.include] == [a]
    assert loaded.decisions.prefer[0].group == (b, c)
    assert loaded.decisions.include[0].stamp.user == current_user()
    assert [e.action for e in loaded.log] == ["include", "prefer", "remove"]
    assert loaded.log[0].text == "Tính cả tệp a.xlsx"
    assert not list(store.folder.glob(".*.tmp")), "no temporary file left"


def test_the_last_open_round_is_the_one_reopened(store):
    first = Round.new(["TDBV-01"], period="Quý II/2026")
    store.save(first)
    second = Round.new(["TDBV-01"], period="Quý III/2026")
    store.save(second)
    assert store.last_open().id == second.id
    second.closed = second.created
    store.save(second)
    assert store.last_open().id == first.id


@pytest.mark.parametrize(
    "content",
    [
        "{ not json",
        "",
        json.dumps([1, 2]),
        json.dumps({"schema": 1, "id": "x", "forms": ["TDBV-01"], "inputs": "not a list"}),
        json.dumps({"schema": 1, "id": 3, "forms": [], "inputs": [], "created": {"user": "a", "at": "b"}}),
    ],
)
def test_a_damaged_round_file_is_set_aside_and_reported(store, content):
    good = Round.new(["TDBV-01"], period="Quý III/2026")
    store.save(good)
    bad = store.folder / "bad.json"
    bad.write_text(content, encoding="utf-8")

    rounds = store.rounds()
    assert [r.id for r in rounds] == [good.id]
    assert not bad.exists()
    [problem] = store.set_aside
    assert problem.aside.exists() and problem.aside.read_text(encoding="utf-8") == content
    assert problem.path == bad and "bad.json" in problem.message and "đã chuyển sang" in problem.message


def test_a_round_from_a_newer_version_is_set_aside_with_the_reason(store):
    newer = store.folder / "newer.json"
    store.folder.mkdir(parents=True)
    data = {"schema": SCHEMA + 1, "id": "newer", "forms": ["TDBV-01"], "inputs": []}
    newer.write_text(json.dumps(data), encoding="utf-8")
    assert store.rounds() == []
    with pytest.raises(RoundError):
        RoundStore(store.folder).load(store.set_aside[0].aside)  # still unreadable, still kept
    assert "phiên bản mới hơn" in store.set_aside[0].message
    assert list((store.folder / "aside").glob("newer.*"))


def test_a_round_that_cannot_be_written_says_where(tmp_path):
    blocker = tmp_path / "rounds"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(RoundError, match="Không lưu được"):
        RoundStore(blocker).save(Round.new(["TDBV-01"]))


def test_the_next_round_keeps_folders_and_registry_for_the_next_period(folder, tmp_path):
    single = files_in(tmp_path, "lẻ.xlsx")[0]
    round_ = Round.new(["TDBV-01"], period="Quý IV/2026", registry={"units": "dv.csv"}, inputs=[str(folder), single])
    decisions.UndoStack().push(decisions.include(round_, single))
    following = round_.next_round()
    assert following.period == "Quý I/2027"
    assert following.decisions.inputs == (str(folder),)
    assert following.registry == {"units": "dv.csv"} and following.id != round_.id
    assert not following.decisions.include


@pytest.mark.parametrize(
    ("period", "following"),
    [
        ("Tháng 12/2026", "Tháng 1/2027"),
        ("Tháng 8/2026", "Tháng 9/2026"),
        ("Quý III/2026", "Quý IV/2026"),
        ("6 tháng đầu năm 2026", "6 tháng cuối năm 2026"),
        ("Năm 2026", "Năm 2027"),
        ("9 tháng 2026", "9 tháng 2027"),
    ],
)
def test_next_period(period, following):
    assert next_period(parse_period(period)).label == following


def test_undo_and_redo_restore_each_kind_of_decision(folder):
    a, b, c = files_in(folder, "a.xlsx", "b.xlsx", "c.xlsx")
    round_ = Round.new(["TDBV-01"], inputs=[str(folder)])
    stack = decisions.UndoStack()
    states = [round_.decisions]
    for decision in (
        decisions.include(round_, a),
        decisions.prefer(round_, b, [b, c]),
        decisions.remove(round_, [b]),
        decisions.add(round_, [b]),
        decisions.include(round_, a, False),
        decisions.clear(round_),
    ):
        stack.push(decision)
        states.append(round_.decisions)
    assert stack.undo_text() == "Xóa danh sách tệp"
    for expected in reversed(states[:-1]):
        stack.undo()
        assert round_.decisions == expected
    assert not stack.can_undo and stack.undo() is None
    assert stack.redo_text() == "Tính cả tệp a.xlsx" and stack.redo_text("en") == "Count a.xlsx anyway"
    for expected in states[1:]:
        stack.redo()
        assert round_.decisions == expected
    assert not stack.can_redo


def test_what_each_decision_does_to_the_files(folder):
    a, b, c = files_in(folder, "a.xlsx", "b.xlsx", "c.xlsx")
    round_ = Round.new(["TDBV-01"], inputs=[str(folder)])
    stack = decisions.UndoStack()
    stack.push(decisions.include(round_, b))
    stack.push(decisions.prefer(round_, b, [b, c]))
    removal = stack.push(decisions.remove(round_, [b]))
    assert removal.text() == "Bỏ tệp b.xlsx"
    assert round_files(round_.decisions).files == [a, c]
    assert not round_.decisions.include and not round_.decisions.prefer, "a removed file's choices go with it"
    back = stack.push(decisions.add(round_, [b]))
    assert back.text() == "Thêm lại tệp b.xlsx"
    assert round_files(round_.decisions).files == [a, b, c]
    assert round_.decisions.inputs == (str(folder),), "a file in an input folder is not added twice"
    stack.undo()
    stack.undo()
    assert round_.decisions.is_included(b) and round_.decisions.prefer[0].path == b


def test_a_new_decision_drops_what_could_be_redone(folder):
    (a,) = files_in(folder, "a.xlsx")
    round_ = Round.new(["TDBV-01"], inputs=[str(folder)])
    stack = decisions.UndoStack()
    stack.push(decisions.include(round_, a))
    stack.undo()
    stack.push(decisions.remove(round_, [a]))
    assert not stack.can_redo and stack.undo_text() == "Bỏ tệp a.xlsx"


def test_a_missing_input_folder_is_reported_not_silently_empty(tmp_path, folder):
    files_in(folder, "a.xlsx")
    gone = tmp_path / "E-usb"
    round_ = Round.new(["TDBV-01"], inputs=[str(folder), str(gone), str(tmp_path / "gone.xlsx")])
    found = round_files(round_.decisions)
    assert found.missing_folders == [str(gone)]
    assert found.files == [str(folder / "a.xlsx"), str(tmp_path / "gone.xlsx")]


def test_the_command_line_names_the_inputs_and_every_decision(folder, tmp_path):
    a, b, c = files_in(folder, "a.xlsx", "b.xlsx", "c.xlsx")
    round_ = Round.new(["TDBV-01"], period="Quý III/2026", registry={"province": "Thanh Hóa"}, inputs=[str(folder)])
    stack = decisions.UndoStack()
    stack.push(decisions.include(round_, a))
    stack.push(decisions.prefer(round_, b, [a, b]))
    out = tmp_path / "tong hop.xlsx"
    assert command_arguments(round_, out) == [
        "consolidate",
        str(folder),
        "-o",
        str(out),
        "--province",
        "Thanh Hóa",
        "--period",
        "Quý III/2026",
        "--include",
        a,
        "--prefer",
        b,
    ]
    stack.push(decisions.remove(round_, [c]))
    arguments = command_arguments(round_, out)
    assert arguments[1:3] == [a, b] and str(folder) not in arguments and c not in arguments
    assert command_line(["consolidate", "Quý III"], windows=True) == 'tonghop consolidate "Quý III"'
    assert command_line(["consolidate", "Quý III"], windows=False) == "tonghop consolidate 'Quý III'"


def test_the_command_line_reproduces_the_rounds_consolidation(run_cli, tmp_path, form, registry):
    from desktop.pipeline import run_batch
    from tests.gui_helpers import write_demo_batch

    folder = tmp_path / "don vi"
    write_demo_batch(folder, form, registry)
    first = run_batch([folder], form, registry)
    broken = next(f.path for f in first.files if f.has_errors and f.unit and not f.submission.issues)
    group = next(g for g in _duplicates(first))
    older = min(group, key=lambda r: r.modified).path
    removed = next(f.path for f in first.files if f.counted and f.path not in (broken, older))
    round_ = Round.new([form.id], registry={"province": "Thanh Hóa"}, inputs=[str(folder)])
    stack = decisions.UndoStack()
    for decision in (
        decisions.include(round_, broken),
        decisions.prefer(round_, older, [g.path for g in group]),
        decisions.remove(round_, [removed]),
    ):
        stack.push(decision)
    d = round_.decisions
    expected = run_batch(
        round_files(d).files, form, registry, include=[c.path for c in d.include], prefer=[c.path for c in d.prefer]
    )
    out = tmp_path / "out.xlsx"
    done = run_cli(*command_arguments(round_, out), "--json")
    assert done.returncode == 0, done.stderr
    counted = json.loads(done.stdout)["counted"]
    assert sorted(counted) == sorted(f.path for f in expected.files if f.counted)
    assert broken in counted and older in counted and removed not in counted
    import openpyxl

    sheet = openpyxl.load_workbook(out)["Chi tiết"]
    assert sheet.max_row - 1 >= len(expected.consolidation.rows) > 0


def _duplicates(report):
    from collections import defaultdict

    groups = defaultdict(list)
    for f in report.files:
        if f.unit is not None:
            groups[(f.unit.name, f.period)].append(f)
    return [g for g in groups.values() if len(g) > 1]
