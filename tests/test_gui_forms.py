"""The Biểu mẫu dialog: installed forms, import and export of a form file, the learning wizard's hook."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.forms import load_form  # noqa: E402
from desktop.library import user_forms_dir  # noqa: E402
from desktop.views import messages  # noqa: E402
from desktop.views.language import install_language  # noqa: E402
from tests.gui_helpers import visible_strings  # noqa: E402

OTHER_PATH = Path(__file__).parent / "forms" / "llcs-03.yaml"


def test_the_dialog_lists_imports_and_exports_forms(qtbot, tmp_path):
    from desktop.views.forms_dialog import FormsDialog

    install_language("vi")
    dialog = FormsDialog(None)
    qtbot.addWidget(dialog)
    assert [dialog.model.display(f, 0) for f in dialog.model.items] == ["TDBV-01"]
    assert dialog.model.display(dialog.model.items[0], 4) == "Có sẵn"
    with qtbot.waitSignal(dialog.library_changed):
        installed = dialog.import_file(OTHER_PATH)
    assert installed.path.parent == user_forms_dir()
    assert [dialog.model.display(f, 0) for f in dialog.model.items] == ["TDBV-01", "LLCS-03"]
    assert dialog.selected().form.id == "LLCS-03"  # the new form is the one selected
    assert dialog.model.display(dialog.selected(), 4) == "Của người dùng"
    assert "2 biểu mẫu đã cài: 1 có sẵn, 1 của người dùng" in dialog.summary.text()
    target = dialog.export_to("LLCS-03", tmp_path / "gui-di.yaml")
    assert load_form(target) == load_form(OTHER_PATH)


def test_a_broken_form_file_is_refused_with_its_reason_and_nothing_changes(qtbot, tmp_path, monkeypatch):
    from desktop.views.forms_dialog import FormsDialog

    shown = []
    monkeypatch.setattr(messages, "show_error", lambda parent, title, text: shown.append((title, text)))
    broken = tmp_path / "hong.yaml"
    broken.write_text("id: X\nindicators: [\n", encoding="utf-8")
    dialog = FormsDialog(None)
    qtbot.addWidget(dialog)
    assert dialog.import_file(broken) is None
    assert shown and shown[0][0] == "Không nhập được biểu mẫu" and "hong.yaml dòng" in shown[0][1]
    assert len(dialog.model.items) == 1 and not user_forms_dir().exists()


def test_a_broken_user_form_is_shown_as_skipped(qtbot):
    from desktop.views.forms_dialog import FormsDialog

    user_forms_dir().mkdir(parents=True)
    (user_forms_dir() / "hong.yaml").write_text("id: [\n", encoding="utf-8")
    dialog = FormsDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.problems.isVisible() and "Bỏ qua tệp biểu mẫu “hong.yaml”" in dialog.problems.text()


def test_the_dialog_speaks_english_too_and_asks_for_the_wizard(qtbot):
    from desktop.views.forms_dialog import FormsDialog

    dialog = FormsDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    vietnamese = visible_strings(dialog)
    install_language("en")
    qtbot.wait(20)
    try:
        english = visible_strings(dialog)
        same = [(where, vi) for (where, vi), (_, en) in zip(vietnamese, english, strict=True) if vi == en]
        assert same == [], f"not translated: {same}"
        assert "Import a form file…" in [text for _, text in english]
    finally:
        install_language("vi")
    with qtbot.waitSignal(dialog.learn_requested):
        dialog.learn_button.click()


def test_the_window_shows_each_files_form_and_consolidates_each_form_apart(qtbot, tmp_path, monkeypatch):
    import openpyxl
    from outputs_support import FORM, UNITS, write_clean_unit
    from PySide6.QtCore import QThreadPool
    from PySide6.QtGui import QDesktopServices
    from test_library import write_other_unit

    from desktop.io.writer import SUMMARY
    from desktop.library import import_form
    from desktop.mixed import consolidate_each_form
    from desktop.settings import save_settings
    from desktop.views.files_panel import FilesModel
    from desktop.views.main_window import MainWindow

    import_form(OTHER_PATH)
    folder = tmp_path / "hop-thu"
    folder.mkdir()
    for seed, unit in enumerate(UNITS[:2]):
        write_clean_unit(folder, unit, seed)
    other = {unit.name: write_other_unit(folder, unit, seed)[1] for seed, unit in enumerate(UNITS[2:], 2)}
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url))
    save_settings(registry={"province": "Thanh Hóa"})
    install_language("vi")
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    try:
        with qtbot.waitSignal(window.batch_finished, timeout=60_000):
            window.add_paths([str(folder)])
        files = {Path(f.path).name: f for f in window.session.report.files}
        assert {name: f.form_id for name, f in files.items()} == {
            "Xã An Bình.xlsx": "TDBV-01",
            "Phường Đông Sơn.xlsx": "TDBV-01",
            "LLCS Xã Yên Định.xlsx": "LLCS-03",
            "LLCS Xã Vạn Lộc.xlsx": "LLCS-03",
        }
        other_file = files["LLCS Xã Yên Định.xlsx"]
        assert not other_file.counted
        assert any(i.check == "form_other" and "Tệp là biểu mẫu LLCS-03" in i.message for i in other_file.issues)
        panel = window.files_panel
        qtbot.waitUntil(lambda: not panel.view.isColumnHidden(FilesModel.FORM), timeout=5_000)
        assert window.each_form_action.text() == "Tổng hợp theo từng biểu mẫu…"
        out = tmp_path / "tong-hop"
        out.mkdir()
        with qtbot.waitSignal(window.each_form_written, timeout=60_000) as written:
            window.consolidate_each_form(out, consolidate_each_form)
        names = sorted(Path(p).name for p in written.args[0])
        assert names == ["Tổng hợp LLCS-03 Quý III-2026.xlsx", "Tổng hợp TDBV-01 Quý III-2026.xlsx"]
        ws = openpyxl.load_workbook(out / names[0], data_only=True)[SUMMARY]
        rows = {ws.cell(r, 2).value: r for r in range(1, ws.max_row + 1)}
        assert ws.cell(rows["1.2"], 7).value == sum(v["tong"]["1.2"] for v in other.values())
        assert "Đã ghi 2 tệp tổng hợp" in window.message.text() and opened
        assert FORM.id in names[1]
    finally:
        if window.task is not None:
            window.task.cancel()
        QThreadPool.globalInstance().waitForDone(20_000)


def test_the_preview_shows_a_learned_forms_own_columns(qtbot, tmp_path):
    """A form learned with Nam / Nữ / Tổng số, chosen in the settings: the preview's figure columns are the
    form's own, with its totals, and no comparison with last year (the form has no such column)."""
    from PySide6.QtCore import Qt, QThreadPool

    from desktop.io.template_scan import scan_workbook
    from desktop.learn import form_yaml, learn
    from desktop.views.main_window import MainWindow
    from desktop.views.settings_dialog import Choices
    from tests.learn_forms import fill_units, matrix_form, write_form

    spec = matrix_form()
    write_form(spec, tmp_path / "mau.xlsx")
    form = learn(scan_workbook(tmp_path / "mau.xlsx")).form
    schema = tmp_path / "ma-tran.yaml"
    schema.write_text(form_yaml(form), encoding="utf-8")
    totals = fill_units(spec, tmp_path / "units", count=3)
    install_language("vi")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    try:
        old = window.current_choices()
        window.apply_settings(Choices(old.language, old.registry, str(schema), old.archive))
        with qtbot.waitSignal(window.batch_finished, timeout=60_000):
            window.add_paths([str(tmp_path / "units")])
        with qtbot.waitSignal(window.batch_finished, timeout=60_000):
            qtbot.keyClick(window, Qt.Key.Key_F9)
        model = window.preview_panel.model
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        assert headers == ["Mã số", "Chỉ tiêu", "Đơn vị tính", *form.indicator_sheet.value_columns.values()]
        codes = dict(zip(spec.codes, form.codes, strict=True))
        row = next(i for i, item in enumerate(model.items) if item.code == codes[spec.codes[0]])
        shown = [model.index(row, c).data() for c in range(3, model.columnCount())]
        want = [totals[key][spec.codes[0]] for key in spec.value_keys]
        assert shown == [f"{v:,}".replace(",", ".") for v in want]
    finally:
        if window.task is not None:
            window.task.cancel()
        QThreadPool.globalInstance().waitForDone(20_000)
