"""Render every window and dialog in both languages to PNG files, for a person to look at.

python scripts/render_screens.py DEMO_FOLDER OUT_DIR      (offscreen unless QT_QPA_PLATFORM says otherwise)
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(demo: Path, out: Path) -> None:
    from PySide6.QtWidgets import QMenu

    from desktop.app import create_app
    from desktop.settings import save_settings
    from desktop.views import messages
    from desktop.views.duplicates_dialog import DuplicatesDialog
    from desktop.views.language import install_language
    from desktop.views.main_window import MainWindow
    from desktop.views.registry_dialog import RegistryDialog
    from desktop.views.settings_dialog import SettingsDialog
    from desktop.views.template_dialog import TemplateDialog

    out.mkdir(parents=True, exist_ok=True)
    save_settings(registry={"province": "Thanh Hóa"})
    app = create_app("vi")

    def settle(seconds: float = 0.2) -> None:
        end = time.time() + seconds
        while time.time() < end:
            app.processEvents()
            time.sleep(0.01)

    def save(widget, name: str) -> None:
        if not widget.isWindow() or isinstance(widget, QMenu):
            widget.adjustSize()
        settle(0.1)
        widget.grab().save(str(out / f"{name}.png"))

    for language in ("vi", "en"):
        install_language(language)
        window = MainWindow()
        window.resize(1366, 768)
        window.show()
        settle(0.5)
        save(window, f"{language}-01-empty")
        done = []
        window.batch_finished.connect(lambda done=done: done.append(1))
        window.add_paths([str(demo)])
        while not done:
            settle(0.1)
        window.select_first_error()
        settle(1.0)
        save(window, f"{language}-02-loaded")
        for index, name in ((1, "status"), (2, "preview")):
            window.bottom.setCurrentIndex(index)
            settle(0.2)
            save(window, f"{language}-0{index + 2}-{name}")
        window.bottom.setCurrentIndex(0)
        window.grid.view.verticalScrollBar().setValue(25)
        settle(0.3)
        save(window, f"{language}-05-scrolled-header")

        panel = window.files_panel
        menu = QMenu(window)
        panel.include_action.setText(panel.tr("Vẫn đưa vào tổng hợp…"))
        for action in (panel.open_action, panel.folder_action, None, panel.include_action, panel.duplicates_action):
            menu.addAction(action) if action else menu.addSeparator()
        menu.addAction(panel.remove_action)
        save(menu, f"{language}-06-context-menu")
        for number, menu_action in enumerate(window.menuBar().actions()):
            save(menu_action.menu(), f"{language}-07-menu-{number}")

        dialogs = {
            "settings": SettingsDialog(window, window.current_choices()),
            "duplicates": DuplicatesDialog(
                window, [(g, window.session.chosen_in(g)) for g in window.session.duplicate_groups()]
            ),
            "template": TemplateDialog(window, window.registry, "Quý III/2026"),
            "registry": RegistryDialog(window, window.registry),
            "about": messages.make_about_box(window, window.form, Path("/tmp/tonghop.log")),
            "include": messages.make_include_box(window, "30 Xã Mường Lý.xlsx", 2),
            "exported": messages.make_exported_box(
                window, Path("/home/user/Tong hop Tỉnh Thanh Hóa Quý III-2026.xlsx")
            ),
            "export-failed": messages.make_export_failed_box(
                window,
                window.tr(
                    "Không ghi được “%1”: tệp đang mở trong Excel hoặc chỉ đọc. Hãy đóng tệp rồi thử lại."
                ).replace("%1", "Tong hop.xlsx"),
            ),
            "error": messages.make_error_box(
                window,
                window.tr("Tệp trùng lặp"),
                window.tr("Không có đơn vị nào gửi nhiều tệp cho cùng một kỳ."),
            ),
        }
        for number, (name, dialog) in enumerate(dialogs.items()):
            dialog.show()
            settle(0.3)
            save(dialog, f"{language}-{10 + number}-{name}")
            dialog.close()
        render_wizard(window, next(demo.rglob("*.xlsx")), save, settle, language)
        window.close()
        window.deleteLater()
        settle(0.2)


def render_wizard(parent, workbook: Path, save, settle, language: str) -> None:
    """The wizard "Biểu mẫu mới từ tệp Excel…" on a unit's workbook: its grid, the rules, the context menu."""
    from desktop.views.form_wizard import FormWizard

    wizard = FormWizard(parent, str(workbook))
    wizard.resize(1366, 800)
    wizard.show()
    settle(0.5)
    table = wizard.learned.layout.table
    wizard.grid.scrollTo(wizard.model.index(max(0, table.header[0] - 3), 0))
    settle(0.2)
    save(wizard, f"{language}-30-form-wizard")
    wizard.tabs.setCurrentIndex(1)
    settle(0.6)
    save(wizard, f"{language}-31-form-wizard-indicators")
    wizard.tabs.setCurrentIndex(2)
    settle(0.6)
    save(wizard, f"{language}-32-form-wizard-rules")
    menu = wizard.role_menu(table.header[1] + 3, 4)
    save(menu.actions()[0].menu(), f"{language}-33-form-wizard-column-menu")
    wizard.close()
    wizard.deleteLater()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
