"""The archive in the window: stored after an export, the dialog's periods, removal, export and a unit's
history, its location in Settings, and a damaged archive that never stops the window."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QThreadPool  # noqa: E402
from PySide6.QtWidgets import QFileDialog  # noqa: E402

from desktop.archive import Archive, archive_path  # noqa: E402
from desktop.periods import parse_period  # noqa: E402
from desktop.settings import save_settings  # noqa: E402
from desktop.views import messages  # noqa: E402
from desktop.views.language import install_language  # noqa: E402
from tests.archive_support import FORM, UNITS, archive_batch, write_batch  # noqa: E402

TIMEOUT = 60_000
Q1 = parse_period("Quý I/2026")


@pytest.fixture
def window(qtbot, tmp_path):
    from desktop.views.main_window import MainWindow

    units = tmp_path / "units.csv"
    units.write_text("code,name,kind\n" + "".join(f"{u.code},{u.name},{u.kind}\n" for u in UNITS), encoding="utf-8")
    save_settings(registry={"units": str(units)})
    install_language("vi")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    yield window
    if window.task is not None:
        window.task.cancel()
    QThreadPool.globalInstance().waitForDone(20_000)


def test_export_offers_the_archive_and_storing_it_fills_the_dialog(qtbot, window, tmp_path, monkeypatch):
    written = write_batch(tmp_path / "q1", Q1)
    with qtbot.waitSignal(window.batch_finished, timeout=TIMEOUT):
        window.add_paths([str(tmp_path / "q1")])
    monkeypatch.setattr(messages, "show_exported", lambda parent, path: "archive")  # the user clicks it
    with qtbot.waitSignal(window.archived, timeout=TIMEOUT) as stored:
        window.export_to(tmp_path / "out.xlsx")
    assert stored.args[0] == "Đã lưu Quý I/2026 vào kho lưu trữ: 3 đơn vị được tính."
    with Archive() as archive:
        assert {r.unit_code for r in archive.records(FORM.id, Q1)} == {u.code for u in UNITS}

    from desktop.views.archive_dialog import ArchiveDialog

    dialog = ArchiveDialog(window, FORM)
    qtbot.addWidget(dialog)
    assert dialog.periods.rowCount() == 1 and dialog.periods.item(0, 1).text() == "Quý I/2026"
    assert str(archive_path()) in dialog.location.text() and dialog.problem.text() == ""
    dialog.unit.setCurrentIndex(dialog.unit.findData("20002"))
    dialog.indicator.setCurrentIndex(dialog.indicator.findData("07"))
    assert dialog.history.rowCount() == 1
    assert dialog.history.item(0, 0).text() == "Quý I/2026"
    assert dialog.history.item(0, 1).text().replace(".", "") == str(written["20002"]["07"])
    dialog.select_period("Quý I/2026")
    with qtbot.waitSignal(dialog.export_to(tmp_path / "q1.csv", dialog.selected()).state.finished, timeout=TIMEOUT):
        pass
    with (tmp_path / "q1.csv").open(encoding="utf-8-sig") as handle:
        assert len(list(csv.DictReader(handle))) == 3 * 28 * 2
    assert dialog.remove(dialog.selected()) == 3
    assert dialog.periods.rowCount() == 0 and dialog.history.rowCount() == 0


def test_a_later_period_shows_last_years_history_and_the_units_one(qtbot, window, tmp_path):
    for label in ("Quý I/2025", "Quý I/2026"):
        write_batch(tmp_path / label.replace("/", "-"), label)
        archive_batch(tmp_path / label.replace("/", "-"), label)
    from desktop.views.archive_dialog import ArchiveDialog

    dialog = ArchiveDialog(window, FORM)
    qtbot.addWidget(dialog)
    dialog.unit.setCurrentIndex(dialog.unit.findData("20001"))
    periods = [dialog.history.item(r, 0).text() for r in range(dialog.history.rowCount())]
    assert periods == ["Quý I/2025", "Quý I/2026"]


def test_a_damaged_archive_is_said_in_the_dialog_and_the_window_still_works(qtbot, window, tmp_path, monkeypatch):
    archive_path().write_bytes(b"not a database" * 500)
    from desktop.views.archive_dialog import ArchiveDialog

    dialog = ArchiveDialog(window, FORM)
    qtbot.addWidget(dialog)
    assert "bị hỏng" in dialog.problem.text() and str(archive_path()) in dialog.problem.text()
    assert dialog.periods.rowCount() == 0 and not dialog.export_all_button.isEnabled()
    write_batch(tmp_path / "q1", Q1)
    with qtbot.waitSignal(window.batch_finished, timeout=TIMEOUT):
        window.add_paths([str(tmp_path / "q1")])
    monkeypatch.setattr(messages, "show_exported", lambda parent, path: "")
    with qtbot.waitSignal(window.exported, timeout=TIMEOUT):
        window.export_to(tmp_path / "out.xlsx")
    assert (tmp_path / "out.xlsx").exists()
    errors = []
    monkeypatch.setattr(messages, "show_error", lambda parent, title, text: errors.append(text))
    window.archive_batch()
    qtbot.waitUntil(lambda: not window.busy, timeout=TIMEOUT)
    assert errors and "bị hỏng" in errors[0]


def test_settings_choose_where_the_archive_is(qtbot, window, tmp_path, monkeypatch):
    from desktop.views.settings_dialog import SettingsDialog

    monkeypatch.delenv("TONGHOP_ARCHIVE")
    chosen = tmp_path / "shared" / "kho.sqlite"
    dialog = SettingsDialog(window, window.current_choices())
    qtbot.addWidget(dialog)
    assert dialog.archive_path.text() == "" and dialog.archive_path.placeholderText().endswith("archive.sqlite")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), ""))
    dialog.archive_browse.click()
    window.apply_settings(dialog.choices())
    assert archive_path() == chosen
    assert window.current_choices().archive == str(chosen)
    window.apply_settings(window.current_choices().__class__(**{**window.current_choices().__dict__, "archive": ""}))
    assert archive_path() == Path(dialog.archive_path.placeholderText())


def test_the_window_starts_over_a_damaged_archive(qtbot, tmp_path):
    from desktop.views.main_window import MainWindow

    archive_path().write_bytes(b"\x00garbage" * 800)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.archive_action.isEnabled() and not window.archive_batch_action.isEnabled()
    from desktop.views.archive_dialog import ArchiveDialog

    dialog = ArchiveDialog(window, window.form)
    qtbot.addWidget(dialog)
    assert "bị hỏng" in dialog.problem.text()


def test_the_dialog_rolls_up_nine_months_into_a_workbook(qtbot, window, tmp_path):
    from desktop.io.reader import read_workbook
    from desktop.rollup import roll_up
    from desktop.views.archive_dialog import ArchiveDialog

    for label in ("Quý I/2026", "Quý II/2026", "Quý III/2026"):
        write_batch(tmp_path / label.replace("/", "-"), label)
        archive_batch(tmp_path / label.replace("/", "-"), label)
    dialog = ArchiveDialog(window, FORM, window.registry)
    qtbot.addWidget(dialog)
    choices = [dialog.rollup_period.itemText(i) for i in range(dialog.rollup_period.count())]
    assert choices == ["Năm 2026", "6 tháng cuối năm 2026", "9 tháng 2026", "6 tháng đầu năm 2026"]  # latest end first
    out = tmp_path / "9 thang.xlsx"
    with qtbot.waitSignal(dialog.rollup_to(out, "9 tháng 2026").state.finished, timeout=TIMEOUT):
        pass
    qtbot.waitUntil(lambda: "đủ kỳ" in dialog.problem.text(), timeout=TIMEOUT)
    assert "3 đơn vị đủ kỳ; 0 đơn vị thiếu kỳ" in dialog.problem.text()
    with Archive() as archive:
        expected = roll_up(archive, FORM, parse_period("9 tháng 2026")).totals["current"]
    assert read_workbook(out, FORM).values("current") == expected
