"""The desktop application: QApplication, language, fonts, the log file, the main window, and the
headless screenshot hook (`tonghop gui --open ... --screenshot out.png --quit`).
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop import __version__
from desktop.logfile import log_dir, setup_logging  # noqa: F401 (log_dir: where the Help menu looks)

log = logging.getLogger("desktop")
APP_NAME = "Tổng hợp Báo cáo"
SCREENSHOT_SIZE = (1366, 768)
HOOK_TIMEOUT_MS = 180_000
UI_FONTS = ("Segoe UI", "Noto Sans", "DejaVu Sans", "Liberation Sans")  # all carry Vietnamese letters


def _log_unhandled(kind, value, trace) -> None:
    log.error("unhandled exception", exc_info=(kind, value, trace))
    sys.__excepthook__(kind, value, trace)


def choose_font(app: QApplication) -> QFont:
    """The first UI font present that renders Vietnamese; the platform default otherwise."""
    families = set(QFontDatabase.families())
    font = QFont(app.font())
    for family in UI_FONTS:
        if family in families:
            font.setFamily(family)
            break
    if font.pointSizeF() < 9:
        font.setPointSizeF(9)
    app.setFont(font)
    return font


_NONE_RESERVE: list[list[None]] = []
NONE_RESERVE_STEP = 1_000_000  # references (8 MB): a million calls of margin, topped up as they are used


def none_leaks() -> bool:
    """Whether this PySide6 takes a reference from None at each call of a method returning void (6.12.0 does:
    the interpreter aborts with "deallocating None" once they are used up, after enough grid work)."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(50):
        probe.setObjectName("probe")
    return before - sys.getrefcount(None) >= 50


def top_up_none() -> None:
    """Keep None's reference count far from zero on a PySide6 that leaks it (see none_leaks). Each reserve is
    itself leaked on purpose: freed at exit, it would give back references the leaking calls never took."""
    if sys.getrefcount(None) < NONE_RESERVE_STEP:
        import ctypes

        reserve = [None] * NONE_RESERVE_STEP
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(reserve))
        _NONE_RESERVE.append(reserve)


def guard_none(app: QApplication) -> None:
    if none_leaks():
        import PySide6

        log.warning("PySide6 %s leaks references to None: topping them up", PySide6.__version__)
        top_up_none()
        timer = QTimer(app)
        timer.timeout.connect(top_up_none)
        timer.start(5_000)
        app._none_timer = timer


def freeze_startup_objects() -> None:
    """Keep the objects made at start-up (modules, Qt wrappers, pandas) out of the garbage collector's
    full passes: scanning them took 200+ ms with the GIL held, a visible stall while files stream in."""
    gc.collect()
    gc.freeze()


def create_app(language: str | None = None) -> QApplication:
    from desktop.views import preferences
    from desktop.views.icons import icon
    from desktop.views.language import install_language

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "tonghop"])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("TongHop")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(icon("app"))
    choose_font(app)
    install_language(language or preferences.language())
    if not hasattr(app, "_none_timer"):
        guard_none(app)
    return app


class ScreenshotHook(QObject):
    """Waits for the batch and the workbook grid, selects the first error, saves the window as PNG."""

    def __init__(self, window, out: Path, quit_after: bool, waiting_for_batch: bool) -> None:
        super().__init__(window)
        self.window, self.out, self.quit_after = window, out, quit_after
        self.status = 0
        if waiting_for_batch:
            window.batch_finished.connect(self._batch_done)
        else:
            QTimer.singleShot(300, self._shoot)
        QTimer.singleShot(HOOK_TIMEOUT_MS, self._timed_out)

    def _batch_done(self) -> None:
        self.window.batch_finished.disconnect(self._batch_done)
        self.window.grid.loaded.connect(lambda _path: self._grid_shown())
        self.window.select_first_error()
        if not self.window.grid.loading:
            QTimer.singleShot(200, self._shoot)
        else:
            QTimer.singleShot(10_000, self._shoot)  # the workbook could not be shown: shoot anyway

    def _grid_shown(self) -> None:
        grid = self.window.grid
        if grid.styling:  # the workbook's look is on its way: shoot once it is applied
            grid.styled.connect(lambda _path: QTimer.singleShot(200, self._shoot))
            QTimer.singleShot(10_000, self._shoot)
        else:
            QTimer.singleShot(200, self._shoot)

    def _shoot(self) -> None:
        if getattr(self, "_done", False):
            return
        self._done = True
        QApplication.processEvents()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        if not self.window.grab().save(str(self.out)):
            print(f"tonghop: không lưu được ảnh “{self.out}”", file=sys.stderr)
            self.status = 1
        if self.quit_after:
            QApplication.instance().exit(self.status)

    def _timed_out(self) -> None:
        if not getattr(self, "_done", False):
            print("tonghop: quá thời gian chờ kiểm tra tệp", file=sys.stderr)
            self._done = True
            QApplication.instance().exit(1)


def run_app(args: argparse.Namespace) -> int:
    headless = bool(args.screenshot and args.quit)
    if headless and sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM"):
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
    missing = [p for p in args.open if not Path(p).exists()]
    if missing:
        print(f"tonghop: không tìm thấy “{missing[0]}”", file=sys.stderr)
        return 2
    log_file = setup_logging()
    sys.excepthook = _log_unhandled
    log.info("tonghop %s starting", __version__)
    app = create_app(args.lang)

    from desktop.views import preferences
    from desktop.views.main_window import MainWindow

    window = MainWindow(log_file)
    freeze_startup_objects()
    if args.screenshot:
        window.resize(*SCREENSHOT_SIZE)
    else:
        geometry, state = preferences.window_state()
        if geometry is None or not window.restoreGeometry(geometry):
            window.resize(*SCREENSHOT_SIZE)
        if state is not None:
            window.restoreState(state)
    window.show()
    if args.open:
        window.add_paths(args.open)
    hook = None
    if args.screenshot:
        hook = ScreenshotHook(window, Path(args.screenshot), args.quit, bool(args.open))
    elif args.quit:
        if args.open:
            window.batch_finished.connect(lambda: app.exit(0))
        else:
            QTimer.singleShot(0, lambda: app.exit(0))
    status = app.exec()
    del hook
    return status
