"""Soạn báo cáo in the window: after a consolidation, the report is written off the GUI thread and opened."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")
pytest.importorskip("pytestqt")

import docx  # noqa: E402
from PySide6.QtCore import QThreadPool  # noqa: E402
from PySide6.QtGui import QDesktopServices  # noqa: E402
from PySide6.QtWidgets import QFileDialog  # noqa: E402

from desktop.phrases import format_figure  # noqa: E402
from desktop.settings import save_settings  # noqa: E402
from desktop.views.language import install_language  # noqa: E402
from tests.gui_helpers import write_demo_batch  # noqa: E402

TIMEOUT = 60_000


@pytest.fixture(scope="module")
def demo_batch(tmp_path_factory, form, registry):
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
    window.show()
    yield window
    QThreadPool.globalInstance().waitForDone(20_000)


@pytest.mark.parametrize("rounded", [False, True])
def test_the_report_is_written_in_the_background_and_opened(qtbot, window, demo_batch, tmp_path, monkeypatch, rounded):
    assert not window.report_action.isEnabled(), "nothing to report before a consolidation"
    with qtbot.waitSignal(window.batch_finished, timeout=TIMEOUT):
        window.add_paths([str(demo_batch)])
    assert window.report_action.isEnabled() and not window.rounded_action.isChecked()
    window.rounded_action.setChecked(rounded)
    target = tmp_path / "Báo cáo quý III"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))

    with qtbot.waitSignal(window.reported, timeout=TIMEOUT):
        window.report_action.trigger()
        assert window.busy, "written off the GUI thread"

    written = target.with_suffix(".docx")
    assert opened == [str(written)]
    texts = [p.text for p in docx.Document(str(written)).paragraphs]
    assert "BÁO CÁO" in texts and "Phụ lục" in texts
    total = window.session.report.consolidation.totals["current"]["02"]
    body = " ".join(texts)
    assert format_figure(total, rounding=rounded) in body
    assert ("hơn " in body or "gần " in body) is rounded
    assert window.report_action.isEnabled() and not window.busy
