"""MainWindow: the ribbon, the files on the left, the workbook in the middle, issues / submission
status / consolidated figures below, and a status bar with progress and the selection's sum.

It keeps a Session (what the user imported and chose) and runs every core call through Task. The
files and the choices are those of the current Round, saved as the clerk works and reopened at start;
every choice goes through the undo stack, and the round's folders are watched for reports that arrive.
"""

from __future__ import annotations

import gc
import logging
from collections import Counter
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from desktop import decisions
from desktop.consolidate import output_name
from desktop.decisions import Decision, UndoStack
from desktop.forms import Form, FormError, load_form
from desktop.io.errors import OutputError
from desktop.io.workbook import SPREADSHEET_SUFFIXES
from desktop.issues import Issue, Severity
from desktop.pipeline import Pipeline
from desktop.report import FileResult, FileStatus
from desktop.rounds import Round, RoundError, RoundStore, command_arguments, command_line, is_under, round_files
from desktop.units import Registry, RegistryError, national_registry
from desktop.views import messages, preferences, texts
from desktop.views.duplicates_dialog import DuplicatesDialog
from desktop.views.files_panel import FilesPanel
from desktop.views.folder_watcher import FolderWatcher
from desktop.views.icons import icon
from desktop.views.issues_panel import IssuesPanel
from desktop.views.language import install_language
from desktop.views.preview_panel import ConsolidationPreviewPanel
from desktop.views.registry_dialog import RegistryDialog
from desktop.views.round_dialog import NewRoundDialog, ask_close_round
from desktop.views.rows_model import OBJECT_ROLE
from desktop.views.session import CheckOutcome, PreviewRow, Session, run_check, run_finish
from desktop.views.settings_dialog import Choices, SettingsDialog
from desktop.views.sheet_grid import SheetGridPanel
from desktop.views.status_panel import SubmissionStatusPanel
from desktop.views.template_dialog import TemplateDialog, write_templates
from desktop.views.worker import Task
from desktop.watch import WatchEvents

log = logging.getLogger(__name__)
STREAM_FLUSH_MS = 150  # streamed results and progress reach the panels at most this often
WARM_UP_MS = 300  # start the reader processes once the window is up
RECENT_ROUNDS = 10
NEWS_SHOWN = 3  # arrivals listed above the submission status
NEWS_MS = 20_000  # how long an arrival stays in the status bar


class MainWindow(QMainWindow):
    batch_finished = Signal()
    busy_changed = Signal(bool)
    exported = Signal(str)
    archived = Signal(str)  # what was stored, as the status bar says it
    reported = Signal(str)  # the written report's path
    each_form_written = Signal(list)  # the consolidated workbooks, one per form

    def __init__(self, log_file: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.rounds = RoundStore()
        self.undo_stack = UndoStack()
        self.round = self._round_at_start()
        self.form = self._load_form()
        self.registry = self._load_registry()
        self.session = Session(self.form, self.registry, self.round.period)
        self.missing_folders: list[str] = []
        self.news: list[tuple[str, str]] = []  # (path, "Xã Quý Lộc vừa gửi báo cáo (10:42)"), newest first
        self._arrivals: dict[str, tuple[str, bool]] = {}  # path -> (time, replaced), until its result is in
        self._resync = False
        self._round_problem = ""
        self.watcher = FolderWatcher(self)
        self.watcher.changed.connect(self._folders_changed)
        self.pipeline = self._pipeline()
        QTimer.singleShot(WARM_UP_MS, self.pipeline.warm)
        self.task: Task | None = None
        self.side_task: Task | None = None
        self._streamed: list[FileResult] = []
        self._progress_state: tuple[int, int, str] | None = None
        self.preview: list[PreviewRow] = []
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(STREAM_FLUSH_MS)
        self._flush.timeout.connect(self._flush_streamed)
        self._replaced_later: set[str] = set()
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self._build_panels()
        self._build_actions()
        self._build_status_bar()
        self.retranslate()
        self._set_busy(False)
        self._show_results()
        self._report_set_aside()
        self._sync()
        QTimer.singleShot(0, self._say_reopened)  # once the window is up: a status bar message shown earlier overlaps

    # -- building

    def _build_panels(self) -> None:
        self.files_panel = FilesPanel()
        self.grid = SheetGridPanel()
        self.issues_panel = IssuesPanel()
        self.status_panel = SubmissionStatusPanel()
        self.preview_panel = ConsolidationPreviewPanel()
        self.bottom = QTabWidget()
        self.bottom.addTab(self.issues_panel, icon("status-errors"), "")
        self.bottom.addTab(self.status_panel, icon("registry"), "")
        self.bottom.addTab(self.preview_panel, icon("consolidate"), "")
        self.centre = QSplitter(Qt.Orientation.Vertical)
        self.centre.addWidget(self.grid)
        self.centre.addWidget(self.bottom)
        self.centre.setStretchFactor(0, 3)
        self.centre.setStretchFactor(1, 2)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.files_panel)
        self.split.addWidget(self.centre)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 5)
        self.split.setSizes([470, 890])
        self.centre.setSizes([400, 260])
        self.setCentralWidget(self.split)

        self.files_panel.file_selected.connect(self._file_selected)
        self.files_panel.include_toggled.connect(self.toggle_include)
        self.files_panel.remove_requested.connect(self.remove_file)
        self.files_panel.duplicates_requested.connect(self.choose_duplicates)
        self.issues_panel.issue_activated.connect(self.jump_to_issue)
        self.grid.selection_summarised.connect(self._selection_summarised)

    def _action(
        self, name: str, slot, shortcut: QKeySequence | str | None = None, icon_name: str | None = None
    ) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.add_files_action = self._action("add_files", self.ask_add_files, "Ctrl+O", "add-file")
        self.add_folder_action = self._action("add_folder", self.ask_add_folder, "Ctrl+Shift+O", "add-folder")
        self.recheck_action = self._action("recheck", self.recheck, "F5", "recheck")
        self.consolidate_action = self._action("consolidate", self.consolidate, "F9", "consolidate")
        self.export_action = self._action("export", self.ask_export, "Ctrl+E", "export-excel")
        self.report_action = self._action("report", self.ask_report, "Ctrl+R", "report-word")
        self.rounded_action = self._action("report_rounded", lambda: None)
        self.rounded_action.setCheckable(True)  # off by default: the figures exactly as counted
        self.template_action = self._action("template", self.ask_template, "Ctrl+T", "template")
        self.learn_form_action = self._action("learn_form", self.ask_learn_form)
        self.forms_action = self._action("forms", self.show_forms)
        self.each_form_action = self._action("each_form", self.ask_consolidate_each_form)
        self.registry_action = self._action("registry", self.show_registry, "Ctrl+U", "registry")
        self.settings_action = self._action("settings", self.ask_settings, "Ctrl+,", "settings")
        self.duplicates_action = self._action("duplicates", self.choose_duplicates, "Ctrl+D")
        self.archive_batch_action = self._action("archive_batch", self.archive_batch, "Ctrl+Shift+S")
        self.archive_action = self._action("archive", self.show_archive)
        self.clear_action = self._action("clear", self.clear_files, "Ctrl+Shift+Del")
        self.quit_action = self._action("quit", self.close, "Ctrl+Q")
        self.log_action = self._action("log", self.open_log)
        self.log_folder_action = self._action("log_folder", self.open_log_folder)
        self.about_action = self._action("about", self.show_about, "F1")
        self.cancel_action = self._action("cancel", self.cancel, "Esc", "cancel")
        self.issues_tab_action = self._action("issues_tab", lambda: self._show_tab(0), "Ctrl+1")
        self.status_tab_action = self._action("status_tab", lambda: self._show_tab(1), "Ctrl+2")
        self.preview_tab_action = self._action("preview_tab", lambda: self._show_tab(2), "Ctrl+3")
        self.files_focus_action = self._action("files_focus", lambda: self.files_panel.view.setFocus(), "Ctrl+L")
        self.undo_action = self._action("undo", self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action("redo", self.redo, "Ctrl+Y")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.new_round_action = self._action("new_round", self.ask_new_round, "Ctrl+N")
        self.close_round_action = self._action("close_round", self.ask_close_round)
        self.command_action = self._action("round_command", self.copy_command_line)

        self.ribbon = QToolBar()
        self.ribbon.setObjectName("ribbon")
        self.ribbon.setMovable(False)
        self.ribbon.setIconSize(QSize(32, 32))
        self.ribbon.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.ribbon.setStyleSheet(
            "QToolBar#ribbon { spacing: 4px; padding: 2px 6px; } QToolButton { padding: 2px 6px; }"
        )
        groups = [
            [self.add_files_action, self.add_folder_action, self.recheck_action],
            [self.consolidate_action, self.export_action, self.report_action],
            [self.template_action, self.registry_action, self.settings_action],
        ]
        for number, group in enumerate(groups):
            if number:
                self.ribbon.addSeparator()
            for action in group:
                self.ribbon.addAction(action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.ribbon)

        bar = self.menuBar()
        self.file_menu = QMenu(self)
        bar.addMenu(self.file_menu)
        self.recent_menu = QMenu(self)
        self.recent_menu.setObjectName("recent_rounds")
        self.recent_menu.aboutToShow.connect(self._fill_recent_rounds)
        self.file_menu.addAction(self.new_round_action)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addAction(self.close_round_action)
        self.file_menu.addAction(self.command_action)
        self.file_menu.addSeparator()
        for action in (self.add_files_action, self.add_folder_action, self.recheck_action, self.clear_action):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.template_action)
        self.file_menu.addAction(self.learn_form_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = QMenu(self)
        bar.addMenu(self.edit_menu)
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.data_menu = QMenu(self)
        bar.addMenu(self.data_menu)
        for action in (self.consolidate_action, self.export_action, self.report_action, self.rounded_action):
            self.data_menu.addAction(action)
        self.data_menu.addAction(self.duplicates_action)
        self.data_menu.addSeparator()
        self.data_menu.addAction(self.archive_batch_action)
        self.data_menu.addAction(self.archive_action)
        self.data_menu.addSeparator()
        self.data_menu.addAction(self.registry_action)
        self.data_menu.addAction(self.forms_action)
        self.data_menu.addAction(self.each_form_action)
        self.data_menu.addAction(self.settings_action)
        self.view_menu = QMenu(self)
        bar.addMenu(self.view_menu)
        for action in (
            self.files_focus_action,
            self.issues_tab_action,
            self.status_tab_action,
            self.preview_tab_action,
        ):
            self.view_menu.addAction(action)
        self.help_menu = QMenu(self)
        bar.addMenu(self.help_menu)
        for action in (self.log_action, self.log_folder_action):
            self.help_menu.addAction(action)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.message = QLabel()
        self.selection = QLabel()
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(180)
        self.progress.setMaximumWidth(240)
        self.progress.setTextVisible(True)
        self.current_file = QLabel()
        self.current_file.setMaximumWidth(260)
        self.round_label = QLabel()
        self.round_label.setObjectName("round_label")
        self.cancel_button = QToolButton()
        self.cancel_button.setDefaultAction(self.cancel_action)
        self.cancel_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addWidget(self.message, 1)
        bar.addPermanentWidget(self.round_label)
        bar.addPermanentWidget(self.selection)
        bar.addPermanentWidget(self.current_file)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Tổng hợp Báo cáo"))
        labels = {
            self.add_files_action: (self.tr("Thêm tệp"), self.tr("Thêm các tệp báo cáo Excel của đơn vị")),
            self.add_folder_action: (self.tr("Thêm thư mục"), self.tr("Thêm mọi tệp báo cáo trong một thư mục")),
            self.recheck_action: (self.tr("Kiểm tra lại"), self.tr("Đọc và kiểm tra lại tất cả các tệp")),
            self.consolidate_action: (self.tr("Tổng hợp"), self.tr("Tổng hợp số liệu và xem trước kết quả")),
            self.export_action: (self.tr("Xuất Excel"), self.tr("Ghi tệp Excel tổng hợp")),
            self.report_action: (
                self.tr("Soạn báo cáo"),
                self.tr("Soạn báo cáo Word theo thể thức Nghị định 30/2020/NĐ-CP từ số liệu tổng hợp"),
            ),
            self.rounded_action: (
                self.tr("Báo cáo: số làm tròn"),
                self.tr("Trong câu văn của báo cáo ghi “hơn 469.100”, “gần 2.500”; bảng phụ lục vẫn ghi đủ số"),
            ),
            self.template_action: (self.tr("Tạo biểu mẫu"), self.tr("Tạo biểu mẫu trống để gửi cho đơn vị")),
            self.learn_form_action: (
                self.tr("Biểu mẫu mới từ tệp Excel…"),
                self.tr("Học một biểu mẫu mới từ tệp Excel cơ quan đang dùng"),
            ),
            self.registry_action: (self.tr("Danh mục đơn vị"), self.tr("Xem danh mục đơn vị báo cáo")),
            self.each_form_action: (
                self.tr("Tổng hợp theo từng biểu mẫu…"),
                self.tr("Nhận dạng biểu mẫu của từng tệp và ghi một tệp Excel tổng hợp cho mỗi biểu mẫu"),
            ),
            self.forms_action: (
                self.tr("Biểu mẫu…"),
                self.tr("Các biểu mẫu đã cài; nhập, xuất tệp biểu mẫu để trao đổi với cơ quan khác"),
            ),
            self.settings_action: (self.tr("Cài đặt"), self.tr("Ngôn ngữ, danh mục đơn vị, biểu mẫu")),
            self.duplicates_action: (self.tr("Chọn tệp được tính khi trùng…"), ""),
            self.archive_batch_action: (
                self.tr("Lưu vào kho lưu trữ"),
                self.tr("Lưu số liệu đợt này vào kho để so sánh cùng kỳ và cộng dồn các kỳ sau"),
            ),
            self.archive_action: (self.tr("Kho lưu trữ…"), self.tr("Các kỳ đã lưu, xóa, xuất, diễn biến một đơn vị")),
            self.clear_action: (self.tr("Xóa danh sách tệp"), ""),
            self.quit_action: (self.tr("Thoát"), ""),
            self.log_action: (self.tr("Mở tệp nhật ký"), ""),
            self.log_folder_action: (self.tr("Mở thư mục nhật ký"), ""),
            self.about_action: (self.tr("Giới thiệu"), ""),
            self.cancel_action: (self.tr("Hủy"), self.tr("Dừng việc đang làm")),
            self.issues_tab_action: (self.tr("Lỗi và cảnh báo"), ""),
            self.status_tab_action: (self.tr("Tình hình nộp"), ""),
            self.preview_tab_action: (self.tr("Xem trước tổng hợp"), ""),
            self.files_focus_action: (self.tr("Danh sách tệp"), ""),
            self.new_round_action: (self.tr("Đợt mới…"), self.tr("Bắt đầu đợt tổng hợp mới cho kỳ sau")),
            self.close_round_action: (
                self.tr("Kết thúc đợt"),
                self.tr("Lưu trữ số liệu của đợt này và bắt đầu đợt cho kỳ sau"),
            ),
            self.command_action: (
                self.tr("Chép dòng lệnh của đợt"),
                self.tr("Chép dòng lệnh tonghop tạo lại tệp tổng hợp của đợt này"),
            ),
        }
        for action, (text, tip) in labels.items():
            action.setText(text)
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            tip = tip or text
            action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
            action.setStatusTip(tip)
        self.recent_menu.setTitle(self.tr("Đợt &gần đây"))
        self.edit_menu.setTitle(self.tr("&Sửa"))
        self._update_undo_actions()
        self._show_round_label()
        self.file_menu.setTitle(self.tr("&Tệp"))
        self.data_menu.setTitle(self.tr("&Dữ liệu"))
        self.view_menu.setTitle(self.tr("&Xem"))
        self.help_menu.setTitle(self.tr("Trợ &giúp"))
        self.ribbon.setWindowTitle(self.tr("Thanh công cụ"))
        self.bottom.setTabText(0, self.tr("Lỗi và cảnh báo"))
        self.bottom.setTabText(1, self.tr("Tình hình nộp"))
        self.bottom.setTabText(2, self.tr("Xem trước tổng hợp"))
        self.progress.setFormat(self.tr("%v/%m tệp"))
        self.progress.setAccessibleName(self.tr("Tiến độ"))
        self.message.setText(self._summary_text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- loading settings

    def _pipeline(self) -> Pipeline:
        """The reading pool of the window's form; each file's own form is noted (a file of another form
        installed is kept out of this total and says which form it is)."""
        from desktop.mixed import process_noting_form

        return Pipeline(
            self.form, self.registry, interactive=True, cache=True, job=process_noting_form, reader=process_noting_form
        )

    def _load_form(self) -> Form:
        path = self.round.form_path
        try:
            return load_form(path or None)
        except FormError as exc:
            log.warning("form %s not usable: %s", path, exc)
            return load_form()

    def _load_registry(self) -> Registry | None:
        try:
            if self.round.registry.get("national"):
                return national_registry()
            return preferences.load_registry(self.round.registry)
        except RegistryError as exc:
            log.warning("registry not usable: %s", exc)
            self._round_problem = str(exc)
            return None

    # -- the round

    def _round_at_start(self) -> Round:
        """The last round still open, else a new one with the preferences' form and registry."""
        found = self.rounds.last_open()
        if found is not None:
            found.note("open", "Mở lại đợt")
            return found
        return self._fresh_round()

    def _fresh_round(self) -> Round:
        form_path = preferences.form_path()
        try:
            form_id = load_form(form_path or None).id
        except FormError:
            form_id, form_path = load_form().id, ""
        return Round.new([form_id], form_path=form_path, registry=preferences.registry_choice())

    def _report_set_aside(self) -> None:
        """Round files that could not be read were moved aside: say so once, without stopping the window."""
        problems, self.rounds.set_aside = self.rounds.set_aside, []
        for problem in problems:
            log.warning("%s", problem.message)
        if problems:
            text = self.tr(
                "Không mở được %n tệp đợt tổng hợp (hỏng hoặc của phiên bản mới hơn); đã để riêng trong “%1”.",
                "",
                len(problems),
            )
            self._round_problem = text.replace("%1", str(self.rounds.folder / "aside"))
            self.message.setText(self._summary_text())

    def _say_reopened(self) -> None:
        """At start, a round that had work in it: say which one, and that its choices are back."""
        chosen = self.round.decisions
        if not chosen.inputs:
            return
        choices = len(chosen.include) + len(chosen.prefer) + len(chosen.removed)
        text = self.tr("Đã mở lại đợt “%1” (lưu lần cuối %2). Tệp và thư mục: %3; lựa chọn của người dùng: %4.")
        for number, value in enumerate(
            (self._round_title(self.round), _local(self.round.updated), len(chosen.inputs), choices), 1
        ):
            text = text.replace(f"%{number}", str(value))
        self.statusBar().showMessage(text, NEWS_MS)

    def _save_round(self) -> None:
        try:
            self.rounds.save(self.round)
        except RoundError as exc:
            log.warning("%s", exc)
            self._round_problem = str(exc)

    def _decide(self, decision: Decision) -> None:
        """Do a decision of the clerk's: undoable, saved at once, then the files and totals follow."""
        self.undo_stack.push(decision)
        self._round_changed()

    def _round_changed(self) -> None:
        self._save_round()
        self._update_undo_actions()
        self._sync()

    def undo(self) -> None:
        decision = self.undo_stack.undo()
        if decision is not None:
            self._round_changed()
            self.statusBar().showMessage(
                self.tr("Đã hoàn tác: %1").replace("%1", decision.text(texts.language())), 5000
            )

    def redo(self) -> None:
        decision = self.undo_stack.redo()
        if decision is not None:
            self._round_changed()
            self.statusBar().showMessage(self.tr("Đã làm lại: %1").replace("%1", decision.text(texts.language())), 5000)

    def _update_undo_actions(self) -> None:
        language = texts.language()
        stack = self.undo_stack
        self.undo_action.setEnabled(stack.can_undo)
        self.redo_action.setEnabled(stack.can_redo)
        undo = (
            self.tr("Hoàn tác: %1").replace("%1", stack.undo_text(language)) if stack.can_undo else self.tr("Hoàn tác")
        )
        redo = self.tr("Làm lại: %1").replace("%1", stack.redo_text(language)) if stack.can_redo else self.tr("Làm lại")
        for action, text in ((self.undo_action, undo), (self.redo_action, redo)):
            action.setText(text)
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text} ({shortcut})")

    def _show_round_label(self) -> None:
        round_ = self.round
        report = self.session.report if hasattr(self, "session") else None
        period = round_.period or (report.period.label if report and report.period else self.tr("chưa rõ kỳ"))
        text = self.tr("Đợt: %1").replace("%1", period)
        if round_.is_closed:
            text += " " + self.tr("(đã kết thúc)")
        self.round_label.setText(text)
        self.round_label.setToolTip(
            self.tr("Đợt tổng hợp bắt đầu %1; các lựa chọn được lưu tự động.").replace("%1", _local(round_.created.at))
        )

    def _sync(self) -> None:
        """Bring the files and totals in line with the round: read what is new, drop what is gone.

        Files of a folder that is missing (a USB stick pulled) stay as they were read; the folder is
        shown as missing rather than every unit in it as not having reported.
        """
        if self.busy:
            self._resync = True
            return
        self._resync = False
        for path in self._replaced_later:
            self.session.results.pop(path, None)
        self._replaced_later.clear()
        chosen = self.round.decisions
        found = round_files(chosen)
        self.missing_folders = found.missing_folders
        self.watcher.set_folders([p for p in chosen.inputs if Path(p).is_dir() or p in found.missing_folders])
        session = self.session
        session.period_text = self.round.period
        session.include = [c.path for c in chosen.include]
        session.prefer = [c.path for c in chosen.prefer]
        session.skipped = [p for p in session.skipped if any(is_under(p, f) for f in chosen.inputs)]
        files = [f for f in found.files if self.watcher.watch.taken(f)]  # not one still being written
        wanted = set(files)
        for path in list(session.results):
            if path not in wanted and not any(is_under(path, f) for f in found.missing_folders):
                session.results.pop(path)
                self.grid.forget(path)
                if self.grid.path == path:
                    self.grid.clear()
        new = [p for p in files if p not in session.results]
        if new:
            self._start_check(new, session.snapshot())
        elif session.results:
            self._refinish()
        else:
            session.report = None
            self._show_results()

    def _after_task(self) -> None:
        if self._resync:
            QTimer.singleShot(0, self._sync)

    def open_round(self, round_: Round) -> None:
        """Leave the current round (saved already) for another one: its files, choices and settings."""
        if self.busy:
            self.task.cancel()
        self._save_round()
        self.round = round_
        round_.note("open", "Mở lại đợt")
        self.undo_stack.clear()
        self.news.clear()
        self._arrivals.clear()
        self.session.clear()
        self.grid.forget()
        self.grid.clear()
        old = (self.form, self.registry)
        self.form = self._load_form()
        self.registry = self._load_registry()
        self.session.form, self.session.registry = self.form, self.registry
        if (self.form, self.registry) != old:
            self.pipeline.shutdown()
            self.pipeline = self._pipeline()
        self._save_round()
        self._update_undo_actions()
        self._show_round_label()
        self._show_results()
        if self.busy:
            self._resync = True
        else:
            self._sync()

    def ask_new_round(self) -> None:
        following = self.round.next_round()
        registry = self.registry.name if self.registry else ""
        dialog = NewRoundDialog(self, following.period, list(following.decisions.inputs), registry)
        if self.exec_dialog(dialog):
            self.open_round(self.round.next_round(dialog.period()))

    def ask_close_round(self) -> None:
        following = self.round.next_round()
        title = self._round_title(self.round)
        if not ask_close_round(self, title, following.period or self.tr("kỳ sau")):
            return
        self.close_round()

    def close_round(self) -> Round | None:
        """Archive this round's consolidation, end the round and start the next period's with the same
        folders and registry. If the archive refuses, the round stays open (nothing is lost)."""
        from desktop.archive import Archive, ArchiveError, records_from_report
        from desktop.rounds import Stamp

        report = self.session.report
        records = records_from_report(report) if report is not None else []
        if records:
            try:
                with Archive() as archive:
                    archive.add(records, origin=f"Đợt {self.round.title()}")
            except (ArchiveError, OSError) as exc:
                messages.show_error(self, self.tr("Không lưu được vào kho lưu trữ"), str(exc))
                return None
        self.round.closed = Stamp.now()
        self.round.note("close", "Kết thúc đợt")
        self._save_round()
        following = self.round.next_round()
        self.open_round(following)
        return following

    def _round_title(self, round_: Round) -> str:
        """The round as menus name it, in the UI language (the core's title() is the Vietnamese one)."""
        if round_.period:
            return round_.title()
        started = self.tr("Đợt bắt đầu %1").replace("%1", _local(round_.created.at))
        registry = round_.title().split(" — ", 1)[1:]
        return " — ".join([started, *registry])

    def _fill_recent_rounds(self) -> None:
        menu = self.recent_menu
        menu.clear()
        rounds = [r for r in self.rounds.rounds() if r.id != self.round.id][:RECENT_ROUNDS]
        self._report_set_aside()
        for round_ in rounds:
            text = self._round_title(round_)
            if round_.is_closed:
                text += " " + self.tr("(đã kết thúc)")
            action = menu.addAction(text)
            action.setToolTip(self.tr("Lưu lần cuối %1").replace("%1", _local(round_.updated)))
            action.triggered.connect(lambda _=False, r=round_: self.open_round(r))
        if not rounds:
            menu.addAction(self.tr("(chưa có đợt nào khác)")).setEnabled(False)

    def copy_command_line(self) -> str:
        """The command line that reproduces this round's consolidation, copied to the clipboard."""
        report = self.session.report
        period = report.period.label if report and report.period else ""
        area = report.consolidation.area_name if report and report.consolidation else ""
        name = output_name(area, period)
        line = command_line(command_arguments(self.round, Path(preferences.last_folder()) / name))
        QGuiApplication.clipboard().setText(line)
        self.statusBar().showMessage(self.tr("Đã chép dòng lệnh vào bộ nhớ tạm: %1").replace("%1", line), 10_000)
        return line

    # -- the watched folders

    def _folders_changed(self, events: WatchEvents) -> None:
        when = datetime.now().strftime("%H:%M")
        for path in events.arrived:
            if not self.round.decisions.is_removed(path):
                self._arrivals[path] = (when, False)
        for path in events.replaced:
            if not self.round.decisions.is_removed(path):
                self._arrivals[path] = (when, True)
                if not self.busy:
                    self.session.results.pop(path, None)
                else:
                    self._replaced_later.add(path)
        if events.vanished:
            self.news = [n for n in self.news if n[0] not in events.vanished]
        if events.missing or events.back:
            self.missing_folders = self.watcher.missing
            self._show_results()
        self._sync()

    def _announce(self, results: list[FileResult]) -> None:
        """Reports read because they arrived in a watched folder: said in the status bar and the panel."""
        latest = ""
        for result in results:
            arrival = self._arrivals.pop(result.path, None)
            if arrival is None:
                continue
            when, replaced = arrival
            who = result.unit_name or Path(result.path).name
            text = self.tr("%1 vừa gửi lại báo cáo (%2)") if replaced else self.tr("%1 vừa gửi báo cáo (%2)")
            latest = text.replace("%1", who).replace("%2", when)
            self.news = [(result.path, latest)] + [n for n in self.news if n[0] != result.path]
        del self.news[NEWS_SHOWN:]
        if latest:
            self.statusBar().showMessage(latest, NEWS_MS)

    # -- adding and checking files

    def ask_add_files(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in sorted(SPREADSHEET_SUFFIXES))
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Thêm tệp báo cáo"),
            preferences.last_folder(),
            self.tr("Bảng tính Excel/LibreOffice (%1)").replace("%1", patterns),
        )
        if paths:
            preferences.set_last_folder(paths[0])
            self.add_paths(paths)

    def ask_add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Thêm thư mục báo cáo"), preferences.last_folder())
        if folder:
            preferences.set_last_folder(folder)
            self.add_paths([folder])

    def add_paths(self, paths: list[str]) -> None:
        """Add files (and folders) to the round and check them, alongside those already in the list."""
        paths = [str(Path(p).resolve()) for p in paths]
        if paths:
            self._decide(decisions.add(self.round, paths))

    def recheck(self) -> None:
        if self.busy or not self.session.results:
            return
        paths = self.session.paths
        self.session.results.clear()
        self.grid.forget()
        self.files_panel.set_results([])
        self.issues_panel.set_issues([])
        self._start_check(paths, [])

    def _start_check(self, paths: list[str], known: list[FileResult]) -> None:
        self._set_busy(True)
        self.progress.setRange(0, 0)
        self.message.setText(self.tr("Đang tìm tệp…"))
        self.task = (
            Task(
                run_check,
                paths,
                known,
                self.pipeline,
                period_text=self.session.period_text,
                include=list(self.session.include),
                prefer=list(self.session.prefer),
            )
            .on_progress(self._progressed)
            .on_result(self._result_streamed)
            .on_done(self._checked)
            .on_failed(self._task_failed)
            .on_cancelled(self._task_cancelled)
            .start()
        )

    def _progressed(self, done: int, total: int, label: str) -> None:
        self._progress_state = (done, total, label)
        if not self._flush.isActive():
            self._flush.start()

    def _show_progress(self) -> None:
        if self._progress_state is None:
            return
        done, total, label = self._progress_state
        self._progress_state = None
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.current_file.setText(label)
        self.current_file.setToolTip(label)
        if total:
            self.message.setText(self.tr("Đang kiểm tra %1/%2 tệp…").replace("%1", str(done)).replace("%2", str(total)))

    def _result_streamed(self, result: FileResult) -> None:
        self._streamed.append(result)
        if not self._flush.isActive():
            self._flush.start()

    def _flush_streamed(self) -> None:
        self._show_progress()
        streamed, self._streamed = self._streamed, []
        self.files_panel.add_results(streamed)
        self.issues_panel.add_issues([i for r in streamed for i in r.issues])

    def _checked(self, outcome: CheckOutcome) -> None:
        self._flush.stop()
        self._streamed.clear()
        self._progress_state = None
        self.session.apply(outcome)
        self.preview = outcome.preview
        self._set_busy(False)
        self._announce(outcome.results)
        self._show_results()
        if outcome.cancelled:
            self.message.setText(
                self.tr("Đã hủy: đã kiểm tra %1/%2 tệp mới.")
                .replace("%1", str(len(outcome.results)))
                .replace("%2", str(outcome.total))
            )
        self.batch_finished.emit()
        if outcome.cancelled:
            self._resync = False
        self._after_task()

    def _task_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self._resync = False
        if isinstance(exc, FileNotFoundError):
            text = self.tr("Không tìm thấy “%1”.").replace("%1", str(exc.args[0] if exc.args else exc))
        else:
            text = self.tr("Có lỗi không mong muốn: %1. Chi tiết đã ghi vào nhật ký.").replace("%1", str(exc))
        self._show_results()
        messages.show_error(self, self.tr("Không làm được"), text)
        self.batch_finished.emit()

    def _task_cancelled(self) -> None:
        self._set_busy(False)
        self._resync = False
        self._show_results()

    def cancel(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()
            self.cancel_action.setEnabled(False)
            self.message.setText(self.tr("Đang hủy…"))

    @property
    def busy(self) -> bool:
        return self.task is not None and self.task.running

    def _set_busy(self, busy: bool) -> None:
        self._pause_garbage_collector(busy)
        for action in (
            self.recheck_action,
            self.consolidate_action,
            self.export_action,
            self.report_action,
            self.duplicates_action,
            self.archive_batch_action,
            self.clear_action,
            self.settings_action,
        ):
            action.setEnabled(not busy)
        self.cancel_action.setEnabled(busy)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.current_file.setVisible(busy)
        if not busy:
            self.progress.setRange(0, 1)
            self.progress.reset()
        self.busy_changed.emit(busy)

    def _pause_garbage_collector(self, pause: bool) -> None:
        """No full collection while results stream in: it holds the GIL for 100+ ms with a thousand results
        in memory, and the window stalls. Results are acyclic (reference counting frees them); the
        collector resumes when the job ends."""
        if pause and gc.isenabled():
            gc.disable()
            self._collector_paused = True
        elif not pause and getattr(self, "_collector_paused", False):
            gc.enable()
            self._collector_paused = False

    # -- choices that only need the consolidation again

    def _refinish(self, then_show_preview: bool = False) -> None:
        if self.busy:
            return
        self._set_busy(True)
        self.progress.setRange(0, 0)
        self.message.setText(self.tr("Đang tổng hợp…"))
        self.task = (
            Task(
                run_finish,
                self.session.snapshot(),
                self.pipeline,
                period_text=self.session.period_text,
                include=list(self.session.include),
                prefer=list(self.session.prefer),
                skipped=list(self.session.skipped),
            )
            .on_done(self._finished_again if not then_show_preview else self._finished_with_preview)
            .on_failed(self._task_failed)
            .start()
        )

    def _finished_again(self, outcome: CheckOutcome) -> None:
        self.session.report = outcome.report
        self.preview = outcome.preview
        self._set_busy(False)
        self._show_results()
        self.batch_finished.emit()
        self._after_task()

    def _finished_with_preview(self, outcome: CheckOutcome) -> None:
        self._finished_again(outcome)
        self._show_tab(2)

    def consolidate(self) -> None:
        if self.session.results:
            self._refinish(then_show_preview=True)
        else:
            self._show_tab(2)

    def toggle_include(self, path: str) -> None:
        result = self._result(path)
        if result is None or self.busy:
            return
        if self.round.decisions.is_included(path):
            self._decide(decisions.include(self.round, path, False))
        else:
            if not messages.ask_include(self, Path(path).name, result.count(Severity.ERROR)):
                return
            self._decide(decisions.include(self.round, path, True))

    def remove_file(self, path: str) -> None:
        if self.busy:
            return
        self._decide(decisions.remove(self.round, [path]))

    def clear_files(self) -> None:
        if self.busy:
            return
        self._decide(decisions.clear(self.round))

    def choose_duplicates(self) -> None:
        groups = self.session.duplicate_groups()
        if not groups:
            messages.show_error(
                self, self.tr("Tệp trùng lặp"), self.tr("Không có đơn vị nào gửi nhiều tệp cho cùng một kỳ.")
            )
            return
        dialog = DuplicatesDialog(self, [(g, self.session.chosen_in(g)) for g in groups])
        if self.exec_dialog(dialog):
            self.apply_duplicate_choices(dialog.chosen())

    def apply_duplicate_choices(self, picked: list[tuple[str, list[str]]]) -> None:
        if picked:
            self._decide(decisions.prefer_many(self.round, picked))

    def exec_dialog(self, dialog) -> bool:
        """Run a dialog modally (tests replace this to drive dialogs without a nested loop)."""
        return bool(dialog.exec())

    # -- showing results

    def _result(self, path: str) -> FileResult | None:
        report = self.session.report
        if report is None:
            return None
        return next((r for r in report.files if r.path == path), None)

    def _show_results(self) -> None:
        report = self.session.report
        files = report.files if report else []
        self.files_panel.set_results(files)
        self.issues_panel.set_issues(report.issues if report else [])
        consolidation = report.consolidation if report else None
        self.status_panel.set_rows(
            consolidation.status if consolidation else [], self.registry.name if self.registry else ""
        )
        self.preview_panel.set_consolidation(consolidation, self.preview if consolidation else [])
        if self.grid.path and self._result(self.grid.path):
            self.grid.show_file(self.grid.path, report.issues)
        self.status_panel.set_notices(self._missing_text(), [text for _, text in self.news])
        self._show_round_label()
        self.message.setText(self._summary_text())
        has_data = bool(consolidation and consolidation.rows)
        self.export_action.setEnabled(has_data and not self.busy)
        self.report_action.setEnabled(has_data and not self.busy)
        self.archive_batch_action.setEnabled(has_data and not self.busy)

    def _missing_text(self) -> str:
        folders = getattr(self, "missing_folders", [])
        if not folders:
            return ""
        names = ", ".join(f"“{f}”" for f in folders)
        text = self.tr(
            "Không tìm thấy thư mục %1 (ổ USB đã rút hoặc ổ mạng chưa kết nối?): báo cáo trong đó chưa "
            "được đọc, các đơn vị của nó có thể hiện “Chưa nộp”."
        )
        return text.replace("%1", names)

    def _summary_text(self) -> str:
        warning = " ".join(t for t in (getattr(self, "_round_problem", ""), self._missing_text()) if t)
        text = self._files_summary()
        return f"{warning} {text}" if warning else text

    def _files_summary(self) -> str:
        report = self.session.report if hasattr(self, "session") else None
        if report is None or not report.files:
            return self.tr("Kéo thả tệp hoặc thư mục báo cáo vào đây, hoặc bấm Thêm tệp (Ctrl+O).")
        counts = Counter(f.status for f in report.files)
        counted = sum(f.counted for f in report.files)
        text = self.tr("%1 tệp: %2 sạch, %3 có cảnh báo, %4 có lỗi, %5 không đọc được; %6 tệp được tính vào tổng hợp.")
        for number, value in enumerate(
            (
                len(report.files),
                counts[FileStatus.CLEAN],
                counts[FileStatus.WARNINGS],
                counts[FileStatus.ERRORS],
                counts[FileStatus.UNREADABLE],
                counted,
            ),
            1,
        ):
            text = text.replace(f"%{number}", str(value))
        if report.skipped:
            text += " " + self.tr("Bỏ qua %1 tệp khóa/ẩn/tạm.").replace("%1", str(len(report.skipped)))
        return text

    def _file_selected(self, path: str) -> None:
        report = self.session.report
        self.grid.show_file(path, report.issues if report else [])

    def jump_to_issue(self, issue: Issue) -> None:
        """Select the issue's file and show its cell."""
        if not issue.file:
            return
        self.files_panel.select(issue.file)
        report = self.session.report
        self.grid.show_file(issue.file, report.issues if report else [], issue.sheet, issue.cell)

    def select_first_error(self) -> Issue | None:
        """Select the first file with errors (one whose errors point at cells, when there is one) and its
        first issue; used by the screenshot hook."""
        report = self.session.report
        if report is None:
            return None
        order = self.files_panel.proxy
        files = [order.index(row, 0).data(OBJECT_ROLE) for row in range(order.rowCount())]
        with_errors = [f for f in files if f.has_errors]
        located = [f for f in with_errors if any(i.cell and i.severity is Severity.ERROR for i in f.issues)]
        chosen = (located or with_errors or [None])[0]
        if chosen is None:
            return None
        self.files_panel.select(chosen.path)
        self._show_tab(0)
        listed = self.issues_panel.issues_in_order(chosen.path)
        first = next((i for i in listed if i.cell and i.severity is Severity.ERROR), listed[0] if listed else None)
        if first is not None:
            self.issues_panel.select(first)
            self.jump_to_issue(first)
        return first

    def _show_tab(self, index: int) -> None:
        self.bottom.setCurrentIndex(index)
        self.bottom.currentWidget().setFocus()

    def _selection_summarised(self, text: str) -> None:
        self.selection.setText(text)

    # -- export

    def ask_export(self) -> None:
        report = self.session.report
        if report is None or report.consolidation is None or not report.consolidation.rows or self.busy:
            return
        consolidation = report.consolidation
        name = output_name(consolidation.area_name, consolidation.period.label if consolidation.period else "")
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Xuất tệp tổng hợp"),
            str(Path(preferences.last_folder()) / name),
            self.tr("Sổ làm việc Excel (*.xlsx)"),
        )
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            preferences.set_last_folder(path)
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        from desktop.io.writer import write_consolidated

        self._set_busy(True)
        self.progress.setRange(0, 0)
        self.message.setText(self.tr("Đang ghi “%1”…").replace("%1", path.name))
        report = self.session.report

        def write(state) -> Path:
            from desktop.lastyear import from_archive

            previous, trend, _ = from_archive(report, want_trend=True)  # never fatal
            trend = trend if trend is not None and len(trend.periods) > 1 else None
            return write_consolidated(report, path, previous=previous, trend=trend)

        self.task = Task(write).on_done(self._exported).on_failed(lambda exc: self._export_failed(exc, path)).start()

    def _exported(self, path: Path) -> None:
        self._set_busy(False)
        self._show_results()
        self.message.setText(self.tr("Đã ghi “%1”.").replace("%1", str(path)))
        self.exported.emit(str(path))
        if messages.show_exported(self, Path(path)) == "archive":
            self.archive_batch()

    def _export_failed(self, exc: Exception, path: Path) -> None:
        self._set_busy(False)
        self._show_results()
        if not isinstance(exc, OutputError):
            messages.show_error(self, self.tr("Không ghi được tệp tổng hợp"), str(exc))
            return
        reason = str(exc)
        if isinstance(exc.__cause__, PermissionError):  # the core says it in Vietnamese only
            reason = self.tr("Không ghi được “%1”: tệp đang mở trong Excel hoặc chỉ đọc. Hãy đóng tệp rồi thử lại.")
            reason = reason.replace("%1", path.name)
        self.message.setText(reason)
        choice = messages.ask_export_retry(self, reason)
        if choice == "retry":
            self.export_to(path)
        elif choice == "elsewhere":
            self.ask_export()

    # -- the archive

    def archive_batch(self) -> None:
        """Store the consolidated batch in the archive (a unit's earlier file of the period is replaced)."""
        report = self.session.report
        if report is None or report.consolidation is None or not report.consolidation.rows or self.busy:
            return
        if report.period is None:
            messages.show_error(self, self.tr("Chưa lưu được"), self.tr("Không xác định được kỳ báo cáo của đợt này."))
            return

        def store(state):
            from desktop.archive import Archive, records_from_report

            records = records_from_report(report)
            with Archive() as archive:
                return archive.add(records), sum(r.counted for r in records)

        self._set_busy(True)
        self.message.setText(self.tr("Đang lưu vào kho lưu trữ…"))
        self.task = Task(store).on_done(self._archived).on_failed(self._archive_failed).start()

    def _archived(self, outcome) -> None:
        stored, counted = outcome
        self._set_busy(False)
        self._show_results()
        text = self.tr("Đã lưu %1 vào kho lưu trữ: %2 đơn vị được tính.")
        text = text.replace("%1", ", ".join(p.label for p in stored.periods)).replace("%2", str(counted))
        if stored.replaced:
            text += " " + self.tr("Thay tệp cũ của %1 đơn vị.").replace("%1", str(len(stored.replaced)))
        self.message.setText(text)
        self.archived.emit(text)

    def _archive_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self._show_results()
        messages.show_error(self, self.tr("Không lưu được vào kho lưu trữ"), str(exc))

    def show_archive(self) -> None:
        from desktop.views.archive_dialog import ArchiveDialog

        dialog = ArchiveDialog(self, self.form, self.registry)
        report = self.session.report
        if report is not None and report.period is not None:
            dialog.select_period(report.period.label)
        self.exec_dialog(dialog)

    # -- the written report

    def ask_report(self) -> None:
        report = self.session.report
        if report is None or report.consolidation is None or not report.consolidation.rows or self.busy:
            return
        consolidation = report.consolidation
        period = consolidation.period.label.replace("/", "-") if consolidation.period else ""
        name = " ".join(part for part in ("Bao cao", consolidation.area_name, period) if part) + ".docx"
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Soạn báo cáo"),
            str(Path(preferences.last_folder()) / name),
            self.tr("Văn bản Word (*.docx)"),
        )
        if path:
            if not path.lower().endswith(".docx"):
                path += ".docx"
            preferences.set_last_folder(path)
            self.report_to(Path(path))

    def report_to(self, path: Path) -> None:
        """Draft the report off the GUI thread; open it when it is written."""
        from datetime import date

        from desktop.drafting import DraftOptions
        from desktop.io.document import write_batch_report

        self._set_busy(True)
        self.progress.setRange(0, 0)
        self.message.setText(self.tr("Đang soạn “%1”…").replace("%1", path.name))
        report = self.session.report
        options = DraftOptions(rounded=self.rounded_action.isChecked(), year=date.today().year)
        self.task = (
            Task(lambda state: write_batch_report(report, path, options))
            .on_done(self._reported)
            .on_failed(self._report_failed)
            .start()
        )

    def _reported(self, path: Path) -> None:
        self._set_busy(False)
        self._show_results()
        self.message.setText(self.tr("Đã ghi báo cáo “%1”.").replace("%1", str(path)))
        self.reported.emit(str(path))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _report_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self._show_results()
        messages.show_error(self, self.tr("Không soạn được báo cáo"), str(exc))

    # -- other actions

    def ask_template(self) -> None:
        period = self.session.report.period.label if self.session.report and self.session.report.period else None
        dialog = TemplateDialog(self, self.registry, period)
        if not self.exec_dialog(dialog) or dialog.request is None:
            return
        request = dialog.request
        preferences.set_last_folder(request.folder)
        self.message.setText(self.tr("Đang tạo biểu mẫu…"))
        self.side_task = (
            Task(write_templates, request, self.form)
            .on_done(self._templates_written)
            .on_failed(lambda exc: messages.show_error(self, self.tr("Không tạo được biểu mẫu"), str(exc)))
            .start()
        )

    def ask_learn_form(self) -> None:
        from desktop.views.form_wizard import FormWizard

        patterns = " ".join(f"*{suffix}" for suffix in sorted(SPREADSHEET_SUFFIXES))
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Chọn tệp Excel của biểu mẫu"),
            preferences.last_folder(),
            self.tr("Bảng tính Excel/LibreOffice (%1)").replace("%1", patterns),
        )
        if not path:
            return
        wizard = FormWizard(self, path)
        if wizard.learned is None:
            return
        if self.exec_dialog(wizard) and wizard.saved_path:
            self.message.setText(self.tr("Đã lưu biểu mẫu “%1”.").replace("%1", str(wizard.saved_path)))

    def _templates_written(self, written: list[Path]) -> None:
        if not written:
            return
        target = written[0] if len(written) == 1 else written[0].parent
        self.message.setText(self.tr("Đã tạo %n biểu mẫu trong “%1”.", "", len(written)).replace("%1", str(target)))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(written[0].parent)))

    def ask_consolidate_each_form(self) -> None:
        from desktop.mixed import consolidate_each_form

        if self.busy or not self.session.results:
            return
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Chọn thư mục ghi các tệp tổng hợp"), preferences.last_folder()
        )
        if folder:
            self.consolidate_each_form(Path(folder), consolidate_each_form)

    def consolidate_each_form(self, folder: Path, job) -> None:
        session = self.session
        self.message.setText(self.tr("Đang tổng hợp theo từng biểu mẫu…"))
        self.side_task = (
            Task(
                job,
                session.paths,
                self.registry,
                folder,
                period_text=session.period_text,
                include=list(session.include),
                prefer=list(session.prefer),
            )
            .on_done(lambda outcome: self._each_form_written(folder, *outcome))
            .on_failed(lambda exc: messages.show_error(self, self.tr("Không tổng hợp được"), str(exc)))
            .start()
        )

    def _each_form_written(self, folder: Path, written: list[Path], unmatched: int) -> None:
        text = self.tr("Đã ghi %n tệp tổng hợp (một tệp cho mỗi biểu mẫu) vào “%1”.", "", len(written))
        text = text.replace("%1", str(folder))
        if unmatched:
            text += " " + self.tr("%n tệp không khớp biểu mẫu nào đã cài.", "", unmatched)
        self.message.setText(text)
        self.each_form_written.emit([str(p) for p in written])
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def show_forms(self) -> None:
        from desktop.views.forms_dialog import FormsDialog

        dialog = FormsDialog(self)
        # the learning wizard opens from here too (its own action stays in the File menu)
        dialog.learn_requested.connect(lambda: QTimer.singleShot(0, self.ask_learn_form))
        self.exec_dialog(dialog)

    def show_registry(self) -> None:
        dialog = RegistryDialog(self, self.registry)
        dialog.change_requested.connect(lambda: QTimer.singleShot(0, self.ask_settings))
        self.exec_dialog(dialog)

    def current_choices(self) -> Choices:
        from desktop.settings import load_settings

        archive = load_settings().get("archive")
        return Choices(
            texts.language(),
            dict(self.round.registry),
            self.round.form_path,
            archive if isinstance(archive, str) else "",
        )

    def ask_settings(self) -> None:
        dialog = SettingsDialog(self, self.current_choices())
        if self.exec_dialog(dialog):
            self.apply_settings(dialog.choices())

    def apply_settings(self, choices: Choices) -> None:
        old = self.current_choices()
        preferences.set_language(choices.language)
        preferences.set_registry_choice(choices.registry)
        preferences.set_form_path(choices.form)
        if choices.archive != old.archive:
            from desktop.settings import save_settings

            save_settings(archive=choices.archive)
        if choices.language != texts.language():
            install_language(choices.language)
        if (choices.registry, choices.form) != (old.registry, old.form):
            self.round.registry = dict(choices.registry)
            self.round.form_path = choices.form
            self._round_problem = ""
            self.form = self._load_form()
            self.round.form_ids = [self.form.id]
            self.round.note("registry", "Đổi danh mục đơn vị hoặc biểu mẫu")
            self._save_round()
            self.registry = self._load_registry()
            self.session.form, self.session.registry = self.form, self.registry
            self.pipeline.shutdown()
            self.pipeline = self._pipeline()
            if self.session.results:
                self.recheck()
            else:
                self._show_results()

    def show_about(self) -> None:
        self.exec_dialog(messages.make_about_box(self, self.form, self.log_file))

    def open_log(self) -> None:
        if self.log_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_file)))

    def open_log_folder(self) -> None:
        if self.log_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_file.parent)))

    # -- drag and drop

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    def closeEvent(self, event) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()
        preferences.set_window_state(self.saveGeometry(), self.saveState())
        self._save_round()
        self.watcher.stop()
        self.pipeline.shutdown()
        super().closeEvent(event)


def _local(text: str) -> str:
    """An ISO time as the clerk reads it: 04/12/2026 10:42."""
    try:
        return datetime.fromisoformat(text).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return text
