"""ArchiveDialog: the archived periods (remove one, export one or all as a tidy table) and one unit's
figures for one indicator over the periods. A damaged or missing archive is said here, never raised."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.archive import Archive, ArchiveError, PeriodSummary, archive_path, period_order, tidy_rows
from desktop.consolidate import output_name
from desktop.forms import Form
from desktop.periods import Period
from desktop.units import Registry
from desktop.views import preferences, texts
from desktop.views.messages import show_error
from desktop.views.worker import Task


class ArchiveDialog(QDialog):
    def __init__(self, parent: QWidget | None, form: Form, registry: Registry | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("archive_dialog")
        self.form = form
        self.registry = registry
        self.summaries: list[PeriodSummary] = []
        self.task: Task | None = None
        self.location = QLabel()
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.location.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("archive_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #9C0006;")
        self.periods = QTableWidget(0, 4)
        self.periods.setObjectName("archive_periods")
        self.periods.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.periods.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.periods.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.periods.verticalHeader().hide()
        self.periods.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.periods.horizontalHeader().setStretchLastSection(True)
        self.periods.itemSelectionChanged.connect(self._update_enabled)
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("remove_period")
        self.remove_button.clicked.connect(self.ask_remove)
        self.export_button = QPushButton()
        self.export_button.setObjectName("export_period")
        self.export_button.clicked.connect(lambda: self.ask_export(selected=True))
        self.export_all_button = QPushButton()
        self.export_all_button.setObjectName("export_all")
        self.export_all_button.clicked.connect(lambda: self.ask_export(selected=False))
        row = QHBoxLayout()
        for button in (self.remove_button, self.export_button, self.export_all_button):
            row.addWidget(button)
        row.addStretch(1)
        self.rollup_label = QLabel()
        self.rollup_period = QComboBox()
        self.rollup_period.setObjectName("rollup_period")
        self.rollup_label.setBuddy(self.rollup_period)
        self.rollup_button = QPushButton()
        self.rollup_button.setObjectName("rollup")
        self.rollup_button.clicked.connect(self.ask_rollup)
        rollup_row = QHBoxLayout()
        rollup_row.addWidget(self.rollup_label)
        rollup_row.addWidget(self.rollup_period, 1)
        rollup_row.addWidget(self.rollup_button)

        self.history_box = QGroupBox()
        self.unit = QComboBox()
        self.unit.setObjectName("history_unit")
        self.indicator = QComboBox()
        self.indicator.setObjectName("history_indicator")
        for indicator in form.indicators:
            self.indicator.addItem(f"{indicator.code}. {indicator.label}", indicator.code)
        self.unit.currentIndexChanged.connect(self.show_history)
        self.indicator.currentIndexChanged.connect(self.show_history)
        self.history = QTableWidget(0, 3)
        self.history.setObjectName("history_table")
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().hide()
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.unit_label, self.indicator_label = QLabel(), QLabel()
        self.unit_label.setBuddy(self.unit)
        self.indicator_label.setBuddy(self.indicator)
        grid = QGridLayout(self.history_box)
        grid.addWidget(self.unit_label, 0, 0)
        grid.addWidget(self.unit, 0, 1)
        grid.addWidget(self.indicator_label, 1, 0)
        grid.addWidget(self.indicator, 1, 1)
        grid.addWidget(self.history, 2, 0, 1, 2)
        grid.setColumnStretch(1, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.location)
        layout.addWidget(self.problem)
        layout.addWidget(self.periods, 2)
        layout.addLayout(row)
        layout.addLayout(rollup_row)
        layout.addWidget(self.history_box, 3)
        layout.addWidget(self.buttons)
        self.resize(760, 640)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Kho lưu trữ"))
        self.location.setText(self.tr("Tệp kho lưu trữ: %1").replace("%1", str(archive_path())))
        self.periods.setHorizontalHeaderLabels(
            [self.tr("Biểu mẫu"), self.tr("Kỳ báo cáo"), self.tr("Đơn vị được tính / tệp"), self.tr("Lưu lúc")]
        )
        self.remove_button.setText(self.tr("&Xóa kỳ đã chọn…"))
        self.export_button.setText(self.tr("Xuất &kỳ đã chọn…"))
        self.export_all_button.setText(self.tr("Xuất &tất cả…"))
        self.rollup_label.setText(self.tr("&Cộng dồn kỳ:"))
        self.rollup_button.setText(self.tr("Cộng dồn và ghi tệp tổng hợp…"))
        self.history_box.setTitle(self.tr("Diễn biến của một đơn vị"))
        self.unit_label.setText(self.tr("Đơn &vị:"))
        self.indicator_label.setText(self.tr("Chỉ &tiêu:"))
        self.history.setHorizontalHeaderLabels([self.tr("Kỳ báo cáo"), self.tr("Giá trị"), self.tr("Tệp nguồn")])
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _open(self) -> Archive | None:
        """The archive, or None with the reason shown (a missing file is not a problem: nothing saved yet)."""
        if not archive_path().exists():
            self.problem.setText(self.tr("Chưa lưu kỳ nào vào kho lưu trữ."))
            return None
        try:
            return Archive()
        except ArchiveError as exc:
            self.problem.setText(str(exc))
            return None

    def refresh(self) -> None:
        archive = self._open()
        self.summaries, units = [], []
        if archive is not None:
            try:
                with archive:
                    self.summaries = archive.periods()
                    units = archive.units(self.form.id)
                self.problem.setText("")
            except ArchiveError as exc:
                self.problem.setText(str(exc))
        self.periods.setRowCount(len(self.summaries))
        for row, summary in enumerate(self.summaries):
            cells = [summary.form_id, summary.period.label, f"{summary.counted} / {summary.files}", summary.added]
            for col, text in enumerate(cells):
                self.periods.setItem(row, col, QTableWidgetItem(text.replace("T", " ") if col == 3 else text))
        longer = longer_periods([s.period for s in self.summaries if s.form_id == self.form.id])
        chosen = self.rollup_period.currentText()
        self.rollup_period.clear()
        self.rollup_period.addItems([p.label for p in longer])
        self.rollup_period.setCurrentIndex(max(0, self.rollup_period.findText(chosen)))
        current = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        for code, name in units:
            self.unit.addItem(f"{name} ({code})" if code else name, code or name)
        self.unit.setCurrentIndex(max(0, self.unit.findData(current)))
        self.unit.blockSignals(False)
        self._update_enabled()
        self.show_history()

    def _update_enabled(self) -> None:
        chosen = self.selected() is not None
        self.remove_button.setEnabled(chosen)
        self.export_button.setEnabled(chosen)
        self.export_all_button.setEnabled(bool(self.summaries))
        self.rollup_button.setEnabled(self.rollup_period.count() > 0)

    def selected(self) -> PeriodSummary | None:
        rows = {index.row() for index in self.periods.selectionModel().selectedRows()}
        return self.summaries[min(rows)] if rows else None

    def select_period(self, label: str) -> None:
        for row, summary in enumerate(self.summaries):
            if summary.period.label == label:
                self.periods.selectRow(row)

    def show_history(self) -> None:
        unit, code = self.unit.currentData(), self.indicator.currentData()
        rows = []
        archive = self._open() if unit else None
        if archive is not None:
            try:
                with archive:
                    records = archive.records(self.form.id, unit=unit, counted_only=True)
            except ArchiveError as exc:
                self.problem.setText(str(exc))
                records = []
            rows = [(r.period.label, r.values.get("current", {}).get(code), r.file_name) for r in records]
        self.history.setRowCount(len(rows))
        for row, (period, value, file_name) in enumerate(rows):
            self.history.setItem(row, 0, QTableWidgetItem(period))
            number = QTableWidgetItem(texts.number(value) if value is not None else "")
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.history.setItem(row, 1, number)
            self.history.setItem(row, 2, QTableWidgetItem(file_name))

    def ask_remove(self) -> None:
        summary = self.selected()
        if summary is None:
            return
        question = self.tr("Xóa kỳ %1 (%2 báo cáo) khỏi kho lưu trữ? Các tệp báo cáo gốc không bị xóa.")
        question = question.replace("%1", summary.period.label).replace("%2", str(summary.files))
        answer = QMessageBox.question(self, self.tr("Xóa kỳ"), question)
        if answer == QMessageBox.StandardButton.Yes:
            self.remove(summary)

    def remove(self, summary: PeriodSummary) -> int:
        archive = self._open()
        removed = 0
        if archive is not None:
            try:
                with archive:
                    removed = archive.remove(summary.form_id, summary.period)
            except ArchiveError as exc:
                show_error(self, self.tr("Không xóa được"), str(exc))
        self.refresh()
        return removed

    def ask_export(self, *, selected: bool) -> None:
        summary = self.selected() if selected else None
        name = f"Kho luu tru {summary.period.label.replace('/', '-')}" if summary else "Kho luu tru"
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Xuất số liệu kho lưu trữ"),
            str(Path(preferences.last_folder()) / f"{name}.xlsx"),
            self.tr("Sổ làm việc Excel (*.xlsx);;Tệp CSV (*.csv)"),
        )
        if path:
            if Path(path).suffix.lower() not in (".xlsx", ".csv"):
                path += ".xlsx"
            self.export_to(Path(path), summary)

    def export_to(self, path: Path, summary: PeriodSummary | None) -> Task:
        """Write the tidy table off the GUI thread; `exported` says when it is written."""

        def run(state) -> Path:
            from desktop.io.tidy import write_tidy

            with Archive() as archive:
                records = archive.records(
                    summary.form_id if summary else None, summary.period if summary else None, counted_only=True
                )
            return write_tidy(tidy_rows(records), path)

        self.export_button.setEnabled(False)
        self.export_all_button.setEnabled(False)
        self.task = Task(run).on_done(self._exported).on_failed(self._export_failed).start()
        return self.task

    def _exported(self, path: Path) -> None:
        self._update_enabled()
        self.problem.setText(self.tr("Đã xuất: %1").replace("%1", str(path)))

    def _export_failed(self, exc: Exception) -> None:
        self._update_enabled()
        show_error(self, self.tr("Không xuất được"), str(exc))

    def ask_rollup(self) -> None:
        label = self.rollup_period.currentText()
        if not label:
            return
        name = output_name(period=label)
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Ghi tệp tổng hợp cộng dồn"),
            str(Path(preferences.last_folder()) / name),
            self.tr("Sổ làm việc Excel (*.xlsx)"),
        )
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            self.rollup_to(Path(path), label)

    def rollup_to(self, path: Path, label: str) -> Task:
        """Build the longer period from the archive and write it, off the GUI thread."""
        from desktop.periods import parse_period

        period = parse_period(label)
        form, registry = self.form, self.registry

        def run(state):
            from desktop.io.writer import write_consolidated
            from desktop.lastyear import last_year_totals
            from desktop.rollup import roll_up, rollup_report

            with Archive() as archive:
                rollup = roll_up(archive, form, period, registry)
                report = rollup_report(rollup, registry)
                previous = last_year_totals(archive, report, check=False)
            write_consolidated(report, path, previous=previous)
            return path, rollup

        self.rollup_button.setEnabled(False)
        self.task = Task(run).on_done(self._rolled_up).on_failed(self._rollup_failed).start()
        return self.task

    def _rolled_up(self, outcome) -> None:
        path, rollup = outcome
        self._update_enabled()
        text = self.tr("Đã ghi %1: %2 đơn vị đủ kỳ; %3 đơn vị thiếu kỳ (không đưa vào tổng).")
        text = (
            text.replace("%1", str(path)).replace("%2", str(len(rollup.units))).replace("%3", str(len(rollup.missing)))
        )
        self.problem.setText(text)

    def _rollup_failed(self, exc: Exception) -> None:
        self._update_enabled()
        show_error(self, self.tr("Không cộng dồn được"), str(exc))


def longer_periods(archived: list[Period]) -> list[Period]:
    """The periods a roll-up can build from what is archived: quarters from months, and 6 months,
    9 months and the year of every year with a quarter or a month archived."""
    years = sorted({p.year for p in archived if p.kind in ("month", "quarter")})
    found = set()
    for year in years:
        for period in archived:
            if period.year == year and period.kind == "month":
                found.add(Period(year, "quarter", (period.index + 2) // 3))
        found.update(
            {Period(year, "half", 1), Period(year, "nine_months"), Period(year, "half", 2), Period(year, "year")}
        )
    return sorted(found, key=period_order, reverse=True)
