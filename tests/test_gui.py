"""The desktop window driven as a user would, offscreen: load, jump to a cell, include, choose between
duplicates, cancel, export, switch language, and the screenshot hook through the CLI.
"""

from __future__ import annotations

import os
import shutil
import struct
from pathlib import Path

import openpyxl
import pytest

pytest.importorskip("PySide6.QtWidgets")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QThreadPool  # noqa: E402
from PySide6.QtWidgets import QFileDialog  # noqa: E402

from desktop.consolidate import Status  # noqa: E402
from desktop.issues import Severity  # noqa: E402
from desktop.settings import load_settings, save_settings  # noqa: E402
from desktop.views import messages  # noqa: E402
from desktop.views.language import install_language  # noqa: E402
from desktop.views.rows_model import OBJECT_ROLE  # noqa: E402
from desktop.views.sheet_grid import ISSUE_ROLE, parse_address  # noqa: E402
from tests.gui_helpers import DEMO_UNITS, visible_strings, write_demo_batch  # noqa: E402

BATCH_TIMEOUT = 60_000


@pytest.fixture(scope="module")
def demo_batch(tmp_path_factory, form, registry) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "don-vi"
    write_demo_batch(folder, form, registry)
    return folder


@pytest.fixture
def window(qtbot):
    from desktop.views.main_window import MainWindow

    save_settings(registry={"province": "Thanh Hóa"})
    install_language("vi")
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    yield window
    if window.task is not None:
        window.task.cancel()
    QThreadPool.globalInstance().waitForDone(20_000)
    install_language("vi")


def load(qtbot, window, paths) -> None:
    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT):
        window.add_paths([str(p) for p in paths])


def result_named(window, name: str):
    return next(r for r in window.session.report.files if Path(r.path).name == name)


def test_loading_a_folder_streams_results_into_every_panel(qtbot, window, demo_batch):
    inserted, finished = [], []
    window.batch_finished.connect(lambda: finished.append(True))
    window.files_panel.model.rowsInserted.connect(lambda *_: inserted.append(not finished))
    window._flush.setInterval(1)  # 11 demo files can be read within one 150 ms flush: stream every result
    load(qtbot, window, [demo_batch])

    files = window.files_panel.model.items
    assert len(files) == DEMO_UNITS + 1  # the lock file ~$… is skipped
    assert any(inserted) and inserted[0] is True  # rows arrived while the batch was still running
    assert {f.status for f in files} >= {"clean", "errors"}
    assert window.issues_panel.model.items, "issues are listed"
    statuses = window.status_panel.counts()
    assert statuses[Status.MISSING] == 166 - DEMO_UNITS + 1  # Thanh Hóa has 166 units; one demo unit is unknown
    assert statuses[Status.SUBMITTED] >= 1
    assert window.preview_panel.model.items, "the consolidated figures are previewed"
    assert "11 tệp" in window.message.text()
    assert window.progress.isHidden() and not window.cancel_action.isEnabled()


def test_double_clicking_an_issue_selects_its_file_and_outlines_the_cell(qtbot, window, demo_batch):
    load(qtbot, window, [demo_batch])
    panel = window.issues_panel
    rows = [panel.proxy.index(r, 0) for r in range(panel.proxy.rowCount())]
    index = next(i for i in rows if i.data(OBJECT_ROLE).check == "R07")
    issue = index.data(OBJECT_ROLE)
    panel.view.scrollTo(index)
    rect = panel.view.visualRect(index)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    qtbot.waitUntil(lambda: window.grid.current_cell() == issue.cell, timeout=10_000)
    assert window.files_panel.current_path() == issue.file
    assert window.grid.current_sheet() == issue.sheet
    assert window.grid.name_box.text() == issue.cell
    row, col = parse_address(issue.cell)
    cell = window.grid.model.index(row, col)
    assert cell.data(ISSUE_ROLE) == Severity.ERROR
    assert issue.message in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert window.grid.formula.text() == str(issue.value)


def test_including_a_file_with_errors_counts_it_only_after_confirmation(qtbot, window, demo_batch, monkeypatch):
    load(qtbot, window, [demo_batch])
    target = next(
        r for r in window.session.report.files if r.has_errors and r.unit and any(i.check == "R07" for i in r.issues)
    )
    assert not target.counted
    answers = iter([False, True])
    asked = []
    monkeypatch.setattr(messages, "ask_include", lambda parent, name, errors: asked.append(errors) or next(answers))
    window.files_panel.select(target.path)

    window.files_panel.include_action.trigger()  # the user says no: nothing changes
    assert not result_named(window, Path(target.path).name).counted
    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT):
        window.files_panel.include_action.trigger()

    assert asked == [target.count(Severity.ERROR)] * 2
    included = result_named(window, Path(target.path).name)
    assert included.counted and included.included_by_user
    assert any(i.check == "included_despite_errors" for i in included.issues)
    assert any("vẫn được đưa vào tổng hợp" in d for d in window.session.report.consolidation.decisions)


def test_choosing_the_older_duplicate_makes_it_the_one_that_counts(qtbot, window, demo_batch):
    load(qtbot, window, [demo_batch])
    groups = window.session.duplicate_groups()
    assert len(groups) == 1
    older = min(groups[0], key=lambda r: r.modified)
    newer = max(groups[0], key=lambda r: r.modified)
    assert window.session.chosen_in(groups[0]).path == newer.path

    def pick_older(dialog) -> bool:
        dialog.choose(older.path)
        return True

    window.exec_dialog = pick_older
    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT):
        window.duplicates_action.trigger()

    assert result_named(window, Path(older.path).name).counted
    not_chosen = result_named(window, Path(newer.path).name)
    assert not not_chosen.counted
    assert any(i.check == "duplicate_not_chosen" for i in not_chosen.issues)


def test_cancelling_stops_the_batch_and_keeps_the_files_already_checked(qtbot, window, demo_batch, tmp_path):
    many = tmp_path / "many"
    # enough files that the batch is still running when the first results show and the button is clicked
    many.mkdir()
    source = sorted(demo_batch.glob("0[2-4]*.xlsx"))
    for number in range(150):
        shutil.copy(source[number % len(source)], many / f"{number:02d} {source[number % len(source)].name}")
    window.add_paths([str(many)])
    qtbot.waitUntil(lambda: window.files_panel.model.rowCount() >= 1 or not window.busy, timeout=BATCH_TIMEOUT)
    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT):
        window.cancel_button.click()

    checked = len(window.session.results)
    assert 1 <= checked < 150
    assert window.files_panel.model.rowCount() == checked
    assert "Đã hủy" in window.message.text()
    assert not window.busy and window.recheck_action.isEnabled()


def test_export_writes_the_workbook_and_offers_to_open_it(qtbot, window, demo_batch, tmp_path, monkeypatch):
    load(qtbot, window, [demo_batch])
    target = tmp_path / "out" / "Tổng hợp quý III"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown = []
    monkeypatch.setattr(messages, "show_exported", lambda parent, path: shown.append(path))

    with qtbot.waitSignal(window.exported, timeout=BATCH_TIMEOUT):
        window.export_action.trigger()

    written = target.with_suffix(".xlsx")
    assert shown == [written]
    book = openpyxl.load_workbook(written)
    assert "Tổng hợp" in book.sheetnames and "Tình hình nộp báo cáo" in book.sheetnames
    counted = sum(r.counted for r in window.session.report.files)
    assert book["Chi tiết"].max_row >= counted


def test_export_to_a_locked_target_explains_and_retries(qtbot, window, demo_batch, tmp_path, monkeypatch):
    load(qtbot, window, [demo_batch])
    target = tmp_path / "tong-hop.xlsx"
    real_replace = os.replace
    calls = []

    def locked_once(source, destination):  # what Windows does while Excel has the file open
        calls.append(destination)
        if len(calls) == 1:
            raise PermissionError(13, "The process cannot access the file")
        return real_replace(source, destination)

    monkeypatch.setattr(os, "replace", locked_once)
    reasons = []
    monkeypatch.setattr(messages, "ask_export_retry", lambda parent, reason: reasons.append(reason) or "retry")
    monkeypatch.setattr(messages, "show_exported", lambda parent, path: None)

    with qtbot.waitSignal(window.exported, timeout=BATCH_TIMEOUT):
        window.export_to(target)

    assert len(reasons) == 1 and "đang mở trong Excel" in reasons[0]
    assert target.exists() and len(calls) == 2
    assert not list(tmp_path.glob(".~*")), "no temporary file is left behind"


def test_switching_language_changes_every_visible_string(qtbot, window, demo_batch):
    load(qtbot, window, [demo_batch])
    window.files_panel.select(window.session.report.files[0].path)
    qtbot.waitUntil(lambda: bool(window.grid.sheets), timeout=10_000)
    vietnamese = visible_strings(window)

    install_language("en")
    qtbot.wait(50)
    english = visible_strings(window)
    assert len(english) == len(vietnamese)
    same = [(where, vi) for (where, vi), (_, en) in zip(vietnamese, english, strict=True) if vi == en]
    assert same == [], f"not translated: {same}"
    assert "Errors and warnings" in [text for _, text in english]

    install_language("vi")
    qtbot.wait(50)
    assert visible_strings(window) == vietnamese


def test_settings_are_kept_and_the_registry_is_shared_with_the_cli(qtbot, window, tmp_path):
    from desktop.views import preferences
    from desktop.views.settings_dialog import Choices

    units = tmp_path / "units.csv"
    units.write_text("code,name,kind\n1,Xã An Bình,xã\n2,Phường Tân Lập,phường\n", encoding="utf-8")
    window.apply_settings(Choices("en", {"units": str(units)}, ""))

    assert preferences.language() == "en"
    assert load_settings()["registry"] == {"units": str(units)}
    assert window.registry is not None and len(window.registry.units) == 2
    qtbot.waitUntil(lambda: window.windowTitle() == "Report Consolidation")


def test_the_grid_merges_cells_and_sums_the_selection_the_vietnamese_way(qtbot, window, tmp_path, form):
    path = tmp_path / "figures.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Số liệu"
    sheet["A1"] = "Tiêu đề gộp ô"
    sheet.merge_cells("A1:C1")
    sheet["A2"], sheet["B2"], sheet["C2"] = 1000, 855, "ghi chú"
    book.save(path)
    window.grid.show_file(str(path), [])
    qtbot.waitUntil(lambda: bool(window.grid.sheets), timeout=10_000)

    view = window.grid.view
    assert (view.rowSpan(0, 0), view.columnSpan(0, 0)) == (1, 3)
    model = window.grid.model
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
    view.selectionModel().select(QItemSelection(model.index(1, 0), model.index(1, 2)), flags)
    assert window.selection.text().split() == ["Trung", "bình:", "927,5", "Số", "ô:", "3", "Tổng:", "1.855"]
    assert model.index(1, 0).data() == "1.000"


def test_every_ribbon_command_has_a_shortcut_and_a_label(window):
    actions = [a for a in window.ribbon.actions() if not a.isSeparator()]
    assert [a.text() for a in actions] == [
        "Thêm tệp",
        "Thêm thư mục",
        "Kiểm tra lại",
        "Tổng hợp",
        "Xuất Excel",
        "Soạn báo cáo",
        "Tạo biểu mẫu",
        "Danh mục đơn vị",
        "Cài đặt",
    ]
    shortcuts = [a.shortcut().toString() for a in actions]
    assert all(shortcuts) and len(set(shortcuts)) == len(shortcuts)
    assert shortcuts[:3] == ["Ctrl+O", "Ctrl+Shift+O", "F5"] and "Ctrl+E" in shortcuts


def test_the_screenshot_hook_renders_the_window_with_the_first_error(run_cli, demo_batch, tmp_path):
    save_settings(registry={"province": "Thanh Hóa"})
    out = tmp_path / "shot.png"
    done = run_cli("gui", "--open", demo_batch, "--lang", "en", "--screenshot", out, "--quit", timeout=180)
    assert done.returncode == 0, done.stderr
    header = out.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1366, 768)


def test_checking_again_reads_the_files_as_they_are_now(qtbot, window, demo_batch, tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(demo_batch, folder)
    load(qtbot, window, [folder])
    broken = next(r for r in window.session.report.files if any(i.check == "R07" for i in r.issues))
    clean = next(r for r in window.session.report.files if r.status == "clean")
    gone = next(r for r in window.session.report.files if r.status == "clean" and r is not clean)
    shutil.copy(clean.path, broken.path)  # the unit sent a corrected file under the same name
    Path(gone.path).unlink()

    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT):
        qtbot.keyClick(window, Qt.Key.Key_F5)

    corrected = result_named(window, Path(broken.path).name)
    assert not any(i.check == "R07" for i in corrected.issues)
    assert corrected.sha256 != broken.sha256
    vanished = result_named(window, Path(gone.path).name)
    assert vanished.status == "unreadable"
    assert any("không còn" in i.message for i in vanished.issues)


def test_dropping_a_folder_on_the_window_adds_its_files(qtbot, window, demo_batch):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(demo_batch))])
    drop = QDropEvent(
        QPointF(400, 300), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT):
        window.dropEvent(drop)
    assert len(window.session.results) == DEMO_UNITS + 1


def test_the_settings_dialog_is_driven_from_the_keyboard_and_kept(qtbot, window, tmp_path):
    from desktop.views import preferences
    from desktop.views.settings_dialog import SettingsDialog

    units = tmp_path / "don-vi.csv"  # QTest types Latin-1 only
    units.write_text("code,name,kind\n1,Xã An Bình,xã\n", encoding="utf-8")
    dialog = SettingsDialog(window, window.current_choices())
    qtbot.addWidget(dialog)
    dialog.by_csv.click()
    qtbot.keyClicks(dialog.csv_path, str(units))
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.accept()
    window.apply_settings(dialog.choices())

    assert preferences.registry_choice() == {"units": str(units)}
    assert [u.name for u in window.registry.units] == ["Xã An Bình"]
    qtbot.waitUntil(lambda: window.add_files_action.text() == "Add files")


def test_the_log_file_is_written_where_the_help_menu_opens_it(tmp_path, monkeypatch):
    import logging

    from desktop.app import setup_logging

    monkeypatch.setenv("TONGHOP_CONFIG_DIR", str(tmp_path))
    path = setup_logging()
    try:
        logging.getLogger("desktop.test").warning("ghi nhật ký: Xã Vạn Lộc")
        for handler in logging.getLogger().handlers:
            handler.flush()
        assert path == tmp_path / "logs" / "tonghop.log"
        assert "ghi nhật ký: Xã Vạn Lộc" in path.read_text(encoding="utf-8")
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "baseFilename", "") == str(path)]:
            root.removeHandler(handler)
            handler.close()


def test_the_hook_selects_the_first_file_whose_errors_point_at_cells(qtbot, window, demo_batch):
    load(qtbot, window, [demo_batch])
    issue = window.select_first_error()

    assert issue.severity is Severity.ERROR and issue.cell
    order = window.files_panel.proxy
    listed = [order.index(row, 0).data(OBJECT_ROLE) for row in range(order.rowCount())]
    located = [f for f in listed if any(i.cell and i.severity is Severity.ERROR for i in f.issues)]
    assert window.files_panel.current_path() == located[0].path == issue.file
    assert window.issues_panel.view.currentIndex().data(OBJECT_ROLE) is issue
    qtbot.waitUntil(lambda: window.grid.current_cell() == issue.cell, timeout=10_000)


def test_consolidating_shows_the_provincial_figures_before_export(qtbot, window, demo_batch, form):
    load(qtbot, window, [demo_batch])
    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT):
        qtbot.keyClick(window, Qt.Key.Key_F9)

    assert window.bottom.currentWidget() is window.preview_panel
    rows = window.preview_panel.model.items
    assert [r.code for r in rows if r.code] == form.codes
    totals = window.session.report.consolidation.totals
    figure = next(r for r in rows if r.code == "02")
    assert figure.values == tuple(totals[column]["02"] for column in form.value_columns)
    shown = window.preview_panel.model.index(rows.index(figure), 3).data()
    assert shown == f"{figure.values[0]:,}".replace(",", ".")  # 1.855, the Vietnamese way
