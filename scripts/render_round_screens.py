"""Render the round's screens in both languages: a reopened round, a report arriving in the watched
folder, the Edit and File menus, a missing folder, the new-round dialog.

python scripts/render_round_screens.py OUT_DIR      (offscreen; uses a temporary data folder)
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(out: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="tonghop-round-"))
    for name in ("CONFIG", "DATA", "CACHE"):
        os.environ[f"TONGHOP_{name}_DIR"] = str(work / name.lower())
    os.environ["TONGHOP_ARCHIVE"] = str(work / "archive.sqlite")
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QMenu

    from desktop.app import create_app
    from desktop.forms import load_form
    from desktop.settings import save_settings
    from desktop.units import province_registry
    from desktop.views import messages
    from desktop.views.language import install_language
    from desktop.views.main_window import MainWindow
    from desktop.views.round_dialog import NewRoundDialog
    from tests.gui_helpers import write_demo_batch

    out.mkdir(parents=True, exist_ok=True)
    save_settings(registry={"province": "Thanh Hóa"})
    app = create_app("vi")
    demo = work / "Tải về" / "Báo cáo quý III"
    write_demo_batch(demo, load_form(), province_registry("Thanh Hóa"))
    late = sorted(demo.glob("05 *.xlsx"))[0]
    held = work / late.name
    shutil.move(late, held)

    def settle(seconds: float = 0.2) -> None:
        end = time.time() + seconds
        while time.time() < end:
            app.processEvents()
            time.sleep(0.01)

    def idle(window) -> None:
        settle(0.3)
        while window.busy or window._resync:
            settle(0.1)
        settle(0.3)

    def save(widget, name: str) -> None:
        if isinstance(widget, QMenu):
            widget.adjustSize()
        settle(0.1)
        widget.grab().save(str(out / f"{name}.png"))

    from desktop.rounds import Round, RoundStore, Stamp

    earlier = Round.new(["TDBV-01"], period="Quý II/2026", registry={"province": "Thanh Hóa"}, inputs=[str(demo)])
    earlier.closed = Stamp.now()
    RoundStore().save(earlier)
    messages.ask_include = lambda *a: True
    first = MainWindow()
    first.show()
    first.add_paths([str(demo)])
    idle(first)
    broken = next(
        r for r in first.session.report.files if r.has_errors and r.unit and any(i.check == "R07" for i in r.issues)
    )
    first.toggle_include(broken.path)
    idle(first)
    first.round.period = "Quý III/2026"
    first.close()
    first.deleteLater()
    settle(0.2)

    for language in ("vi", "en"):
        install_language(language)
        window = MainWindow()
        window.resize(1366, 768)
        window.show()
        idle(window)
        window.files_panel.select(broken.path)
        settle(0.5)
        save(window, f"{language}-round-01-reopened")
        window.toggle_include(broken.path)
        idle(window)
        for number, action in enumerate(window.menuBar().actions()[:2]):
            save(action.menu(), f"{language}-round-02-menu-{number}")
        window._fill_recent_rounds()
        save(window.recent_menu, f"{language}-round-03-recent")

        shutil.copy(held, late)
        while not window.news:
            settle(0.2)
        idle(window)
        window.bottom.setCurrentIndex(1)
        settle(0.3)
        save(window, f"{language}-round-04-arrived")
        late.unlink()
        idle(window)

        window.undo()
        idle(window)
        moved = demo.parent / "rút ra"
        demo.rename(moved)
        window.watcher.poll()
        idle(window)
        save(window, f"{language}-round-05-missing-folder")
        moved.rename(demo)
        window.watcher.poll()
        idle(window)

        following = window.round.next_round()
        dialog = NewRoundDialog(window, following.period, list(following.decisions.inputs), window.registry.name)
        dialog.show()
        settle(0.3)
        save(dialog, f"{language}-round-06-new-round")
        dialog.close()
        window.news.clear()
        window.close()
        window.deleteLater()
        settle(0.2)
    QThreadPool.globalInstance().waitForDone(30_000)  # no core call left running while Python shuts down
    print(f"written to {out}; data in {work}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
