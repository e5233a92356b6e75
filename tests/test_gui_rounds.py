"""The round in the window: decisions survive closing it, a report arriving in a watched folder is read
once it is complete and announced, every decision undoes and redoes, damaged round files and missing
folders are said, and the round's command line gives the window's totals."""

from __future__ import annotations

import contextlib
import json
import shlex
import shutil
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt, QThreadPool  # noqa: E402

from desktop.rounds import Round, RoundStore  # noqa: E402
from desktop.settings import data_dir, save_settings  # noqa: E402
from desktop.views import messages  # noqa: E402
from desktop.views.language import install_language  # noqa: E402
from tests.gui_helpers import DEMO_UNITS, write_demo_batch  # noqa: E402

BATCH_TIMEOUT = 60_000


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory, form, registry) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "don-vi"
    write_demo_batch(folder, form, registry)
    return folder


@pytest.fixture
def inputs(demo_source, tmp_path) -> Path:
    folder = tmp_path / "Báo cáo đến"
    shutil.copytree(demo_source, folder)
    return folder


@pytest.fixture
def make_window(qtbot):
    from desktop.views.main_window import MainWindow

    save_settings(registry={"province": "Thanh Hóa"})
    install_language("vi")
    made = []

    def make():
        window = MainWindow()
        window.resize(1366, 768)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        try:
            if window.task is not None:
                window.task.cancel()
            window.close()
        except RuntimeError:  # already destroyed by the test
            pass
    QThreadPool.globalInstance().waitForDone(20_000)
    for window in made:
        with contextlib.suppress(RuntimeError):  # already destroyed by the test
            window.deleteLater()
    qtbot.wait(10)


def settle(qtbot, window) -> None:
    """Wait until the window has nothing left to read or consolidate."""
    qtbot.waitUntil(lambda: not window.busy and not window._resync, timeout=BATCH_TIMEOUT)
    qtbot.wait(50)
    qtbot.waitUntil(lambda: not window.busy, timeout=BATCH_TIMEOUT)


def load(qtbot, window, paths) -> None:
    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT):
        window.add_paths([str(p) for p in paths])
    settle(qtbot, window)


def named(window, name: str):
    return next(r for r in window.session.report.files if Path(r.path).name == name)


def counted(window) -> set[str]:
    return {Path(r.path).name for r in window.session.report.files if r.counted}


def decide(qtbot, window, act) -> None:
    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT):
        act()
    settle(qtbot, window)


def broken_file(window):
    return next(
        r for r in window.session.report.files if r.has_errors and r.unit and any(i.check == "R07" for i in r.issues)
    )


def test_a_round_with_decisions_is_found_again_in_a_new_window(qtbot, make_window, inputs, monkeypatch):
    window = make_window()
    load(qtbot, window, [inputs])
    monkeypatch.setattr(messages, "ask_include", lambda *a: True)
    broken = broken_file(window)
    decide(qtbot, window, lambda: window.toggle_include(broken.path))
    [group] = window.session.duplicate_groups()
    older = min(group, key=lambda r: r.modified)
    decide(qtbot, window, lambda: window.apply_duplicate_choices([(older.path, [g.path for g in group])]))
    gone = next(r for r in window.session.report.files if r.status == "clean" and r.path != older.path)
    decide(qtbot, window, lambda: window.remove_file(gone.path))
    state = (counted(window), window.session.report.consolidation.totals)
    assert Path(broken.path).name in state[0] and Path(older.path).name in state[0]
    assert Path(gone.path).name not in {Path(r.path).name for r in window.session.report.files}
    round_id = window.round.id
    window.close()
    window.deleteLater()
    qtbot.wait(50)

    again = make_window()
    settle(qtbot, again)
    assert again.round.id == round_id
    assert (counted(again), again.session.report.consolidation.totals) == state
    assert len(again.session.report.files) == DEMO_UNITS  # 11 files, one removed
    assert named(again, Path(broken.path).name).included_by_user
    assert again.round.decisions.include[0].stamp.user
    assert "Quý III/2026" in again.round_label.text()
    assert not again.undo_stack.can_undo, "the undo history is of one sitting; the decisions stay"


def write_slowly(source: Path, target: Path, seconds: float = 2.0, chunks: int = 10) -> threading.Thread:
    data = source.read_bytes()
    size = len(data) // chunks + 1

    def run() -> None:
        with open(target, "wb") as handle:
            for start in range(0, len(data), size):
                handle.write(data[start : start + size])
                handle.flush()
                time.sleep(seconds / chunks)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_report_copied_slowly_into_the_folder_is_read_once_when_complete(qtbot, make_window, inputs, tmp_path):
    arrival = next(inputs.glob("05 *.xlsx"))
    kept = tmp_path / arrival.name
    shutil.move(arrival, kept)
    window = make_window()
    load(qtbot, window, [inputs])
    assert len(window.session.report.files) == DEMO_UNITS
    reads = []
    real = window._announce
    window._announce = lambda results: reads.extend(r.path for r in results) or real(results)

    thread = write_slowly(kept, arrival)
    qtbot.waitUntil(lambda: str(arrival) in reads, timeout=20_000)
    thread.join()
    settle(qtbot, window)
    qtbot.wait(2500)  # two more polls: nothing read again
    assert reads == [str(arrival)]
    result = named(window, arrival.name)
    assert result.status != "unreadable" and result.unit is not None
    news = window.status_panel.news
    assert news.isVisibleTo(window.status_panel)
    assert f"{result.unit.name} vừa gửi báo cáo (" in news.text()
    assert "vừa gửi báo cáo" in window.statusBar().currentMessage()


def test_a_corrected_report_replacing_one_is_read_again(qtbot, make_window, inputs):
    window = make_window()
    load(qtbot, window, [inputs])
    broken = broken_file(window)
    clean = next(r for r in window.session.report.files if r.status == "clean")
    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT):
        shutil.copy(clean.path, broken.path + ".part")
        Path(broken.path + ".part").replace(broken.path)
        window.watcher.poll_soon()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: "vừa gửi lại báo cáo" in window.status_panel.news.text(), timeout=10_000)
    assert not any(i.check == "R07" for i in named(window, Path(broken.path).name).issues)


def test_undo_and_redo_restore_each_kind_of_decision(qtbot, make_window, inputs, monkeypatch):
    window = make_window()
    load(qtbot, window, [inputs])
    monkeypatch.setattr(messages, "ask_include", lambda *a: True)
    broken = broken_file(window)
    [group] = window.session.duplicate_groups()
    older = min(group, key=lambda r: r.modified)
    clean = next(r for r in window.session.report.files if r.status == "clean" and r.path != older.path)
    name = Path(broken.path).name
    states = [counted(window)]
    steps = [
        (lambda: window.toggle_include(broken.path), f"Tính cả tệp {name}"),
        (lambda: window.apply_duplicate_choices([(older.path, [g.path for g in group])]), "khi trùng"),
        (lambda: window.remove_file(clean.path), f"Bỏ tệp {Path(clean.path).name}"),
        (lambda: window.add_paths([clean.path]), f"Thêm lại tệp {Path(clean.path).name}"),
    ]
    for act, text in steps:
        decide(qtbot, window, act)
        states.append(counted(window))
        assert window.undo_action.text().startswith("Hoàn tác: ") and text in window.undo_action.text()
    assert len({frozenset(s) for s in states}) == 4  # re-adding gives back the state before the removal
    assert window.edit_menu.actions()[0] is window.undo_action

    for expected in reversed(states[:-1]):
        decide(qtbot, window, window.undo_action.trigger)
        assert counted(window) == expected
    assert window.undo_action.text() == f"Hoàn tác: Thêm thư mục {inputs.name}"  # adding the folder is one too
    assert window.redo_action.text() == f"Làm lại: Tính cả tệp {name}"
    for expected in states[1:]:
        decide(qtbot, window, window.redo_action.trigger)
        assert counted(window) == expected

    window.activateWindow()
    decide(qtbot, window, lambda: qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier))
    assert counted(window) == states[-2]
    decide(qtbot, window, lambda: qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier))
    assert counted(window) == states[-1]
    saved = RoundStore().rounds()[0]
    assert [e.action for e in saved.log][-2:] == ["undo", "redo"]
    install_language("en")
    qtbot.wait(50)
    assert window.undo_action.text() == f"Undo: Add {Path(clean.path).name} back"
    install_language("vi")


@pytest.mark.parametrize("content", ["{ damaged", json.dumps({"schema": 99, "id": "x", "forms": [], "inputs": []})])
def test_a_damaged_or_newer_round_file_is_set_aside_and_said(qtbot, make_window, content):
    folder = data_dir() / "rounds"
    folder.mkdir(parents=True)
    (folder / "20260101-000000-abcdef.json").write_text(content, encoding="utf-8")
    window = make_window()
    assert "đã để riêng" in window.message.text()
    assert not (folder / "20260101-000000-abcdef.json").exists()
    [aside] = (folder / "aside").iterdir()
    assert aside.read_text(encoding="utf-8") == content
    assert window.round.id != "x"


def test_a_folder_that_disappears_is_shown_missing(qtbot, make_window, inputs, tmp_path):
    window = make_window()
    load(qtbot, window, [inputs])
    read = len(window.session.report.files)
    pulled = tmp_path / "pulled"
    inputs.rename(pulled)
    window.watcher.poll()
    settle(qtbot, window)
    alert = window.status_panel.alert
    assert alert.isVisibleTo(window.status_panel) and "Không tìm thấy thư mục" in alert.text()
    assert str(inputs) in alert.text() and "Không tìm thấy thư mục" in window.message.text()
    assert len(window.session.report.files) == read, "what was read stays"
    pulled.rename(inputs)
    window.watcher.poll()
    settle(qtbot, window)
    assert not alert.isVisibleTo(window.status_panel)


def test_a_round_whose_folder_is_missing_at_start_says_so(qtbot, make_window, tmp_path):
    round_ = Round.new(["TDBV-01"], registry={"province": "Thanh Hóa"}, inputs=[str(tmp_path / "E-USB" / "Báo cáo")])
    RoundStore().save(round_)
    window = make_window()
    settle(qtbot, window)
    assert window.round.id == round_.id
    assert "Không tìm thấy thư mục" in window.status_panel.alert.text()
    assert window.status_panel.alert.isVisibleTo(window.status_panel)


def test_ending_a_round_starts_the_next_period_with_the_same_folders(qtbot, make_window, inputs, monkeypatch):
    from desktop.views import round_dialog

    window = make_window()
    load(qtbot, window, [inputs])
    window.round.period = "Quý III/2026"
    first = window.round
    monkeypatch.setattr(round_dialog, "ask_close_round", lambda *a: True)
    monkeypatch.setattr("desktop.views.main_window.ask_close_round", lambda *a: True)
    decide(qtbot, window, window.close_round_action.trigger)
    assert window.round.id != first.id and window.round.period == "Quý IV/2026"
    from desktop.archive import Archive

    with Archive() as archive:  # the ended round's consolidation is archived
        assert [p.period.label for p in archive.periods()] == ["Quý III/2026"]
    assert window.round.decisions.inputs == (str(inputs),)
    window._fill_recent_rounds()
    [entry] = window.recent_menu.actions()
    assert "Quý III/2026" in entry.text() and "(đã kết thúc)" in entry.text()
    decide(qtbot, window, entry.trigger)
    assert window.round.id == first.id and window.round.is_closed


def test_the_rounds_command_line_gives_the_windows_totals(qtbot, make_window, inputs, monkeypatch, run_cli, form):
    from desktop.reading import process_file

    window = make_window()
    load(qtbot, window, [inputs])
    monkeypatch.setattr(messages, "ask_include", lambda *a: True)
    decide(qtbot, window, lambda: window.toggle_include(broken_file(window).path))
    [group] = window.session.duplicate_groups()
    older = min(group, key=lambda r: r.modified)
    decide(qtbot, window, lambda: window.apply_duplicate_choices([(older.path, [g.path for g in group])]))
    spare = next(
        r.path
        for r in window.session.report.files
        if r.counted and not r.included_by_user and r.path not in {g.path for g in group}
    )
    decide(qtbot, window, lambda: window.remove_file(spare))
    line = window.copy_command_line()
    words = shlex.split(line)
    assert words[0] == "tonghop" and "--include" in words and "--prefer" in words
    output = Path(words[words.index("-o") + 1])
    target = Path(str(inputs) + " ra") / output.name  # not the user's last folder
    target.parent.mkdir()
    words[words.index("-o") + 1] = str(target)
    done = run_cli(*words[1:], "--json")
    assert done.returncode == 0, done.stderr
    assert sorted(json.loads(done.stdout)["counted"]) == sorted(
        r.path for r in window.session.report.files if r.counted
    )
    total = process_file(target, form, None).submission  # the consolidated sheet is itself a form
    current = form.value_columns[0]
    window_totals = window.session.report.consolidation.totals[current]
    assert {c: v or 0 for c, v in total.values(current).items()} == window_totals


def test_the_missing_status_is_explained_when_nothing_could_be_read(qtbot, make_window, tmp_path):
    window = make_window()
    absent = tmp_path / "Ổ mạng" / "Báo cáo"
    absent.mkdir(parents=True)
    window.add_paths([str(absent)])  # an empty folder: nothing to read
    assert window.watcher.folders == [str(absent)]
    absent.rmdir()
    window.watcher.poll()
    settle(qtbot, window)
    assert "Không tìm thấy thư mục" in window.status_panel.alert.text()
    assert "Không tìm thấy thư mục" in window.message.text()


def test_a_new_round_takes_the_period_typed_and_keeps_the_old_one_in_recent_rounds(qtbot, make_window, inputs):
    window = make_window()
    load(qtbot, window, [inputs])
    first = window.round

    def type_period(dialog) -> bool:
        assert dialog.period_edit.text() == ""  # the files' period is not the round's: nothing to follow
        dialog.period_edit.setText("tháng 13/2026")
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        assert dialog.hint.isVisibleTo(dialog)
        dialog.period_edit.setText("tháng 1/2027")
        return True

    window.exec_dialog = type_period
    decide(qtbot, window, window.new_round_action.trigger)
    assert window.round.id != first.id and window.round.period == "Tháng 1/2027"
    assert window.round.decisions.inputs == (str(inputs),) and not first.is_closed
    assert "Tháng 1/2027" in window.round_label.text()
    mismatched = [i for i in window.session.report.issues if i.check == "period_mismatch"]
    assert mismatched, "the files of Quý III are not this round's period"
    window._fill_recent_rounds()
    [entry] = window.recent_menu.actions()
    assert entry.text().startswith("Đợt bắt đầu ") and "Thanh Hóa" in entry.text()
