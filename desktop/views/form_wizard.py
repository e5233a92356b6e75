"""FormWizard ("Biểu mẫu mới từ tệp Excel…"): learn a form from the office's workbook and let the clerk
correct it before saving.

The workbook is shown in a grid with what was detected coloured; a right click on a cell changes the role
of its column or row, and the form is learned again. The clerk confirms flow/stock per indicator, edits
the rules (expression, severity, message) with a live check against the sample file, names the form and
saves it to the user's forms folder.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.forms import Form
from desktop.io.template_scan import ScannedBook, ScannedSheet, scan_workbook
from desktop.io.workbook import SPREADSHEET_SUFFIXES, SheetGrid, WorkbookError
from desktop.learn import Learned, LearnError, check_sample, form_yaml, learn, reclassify_rows, with_changes
from desktop.rules import RuleSyntaxError, parse_rule
from desktop.settings import data_dir
from desktop.views import texts
from desktop.views.messages import show_error
from desktop.views.sheet_grid import SheetModel, _style_table

log = logging.getLogger(__name__)

COLOURS = {
    "header": "#BDD7EE",
    "code": "#F8CBAD",
    "label": "#C6EFCE",
    "value": "#FFF2CC",
    "stt": "#E7E6E6",
    "unit": "#E7E6E6",
    "note": "#F2F2F2",
    "section": "#D9D2E9",
    "block": "#DDEBF7",
}
COLUMN_ROLES = ("stt", "code", "label", "unit", "value", "note", "skip")
ROW_ROLES = ("indicator", "section", "skip")
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
DISPLAY = int(Qt.ItemDataRole.DisplayRole)


def forms_folder() -> Path:
    """Where the user's own forms live (the forms library reads this folder)."""
    return data_dir() / "forms"


class RoleModel(SheetModel):
    """A sheet with the detected roles as cell colours."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.colours: dict[tuple[int, int], QBrush] = {}
        self.row_colours: dict[int, QBrush] = {}
        self.col_colours: dict[int, tuple[int, int, QBrush]] = {}  # col -> first row, last row, brush

    def set_roles(self, learned: Learned | None, sheet: ScannedSheet) -> None:
        self.beginResetModel()
        self.colours, self.row_colours, self.col_colours = {}, {}, {}
        layout = learned.layout if learned else None
        table = next((t for t in layout.tables if t.sheet == sheet.name), None) if layout else None
        if table:
            top, bottom = table.header
            if table.index_row is not None:
                bottom = table.index_row  # the row numbering the columns belongs to the header
            for r in range(top, bottom + 1):
                self.row_colours[r] = QBrush(QColor(COLOURS["header"]))
            first = bottom + 1
            for c, role in table.columns.items():
                if role in COLOURS:
                    self.col_colours[c] = (first, table.end, QBrush(QColor(COLOURS[role])))
            for r, role in table.rows.items():
                if role == "section":
                    self.row_colours[r] = QBrush(QColor(COLOURS["section"]))
        if layout:
            for name, r, c, _ in layout.labels.values():
                if name == sheet.name:
                    self.colours[(r, c)] = QBrush(QColor(COLOURS["block"]))
        for found in layout.lists if layout else []:
            if found.sheet == sheet.name:
                for c in found.columns:
                    self.colours[(found.header, c)] = QBrush(QColor(COLOURS["header"]))
        self.endResetModel()

    def data(self, index: QModelIndex, role: int = 0):
        if int(role) == BACKGROUND and index.isValid():
            row, col = index.row(), index.column()
            found = self.colours.get((row, col)) or self.row_colours.get(row)
            if found is not None:
                return found
            span = self.col_colours.get(col)
            if span and span[0] <= row <= span[1]:
                return span[2]
            return None
        if int(role) == DISPLAY and index.isValid():
            value = self.value(index.row(), index.column())
            if isinstance(value, int | float) and not isinstance(value, bool):
                # as the office's Excel shows it (General): a year stays 2021, a code 1001 is not 1.001
                return f"{value:.11g}".replace(".", texts.separators()[0])
        return super().data(index, role)


class FormWizard(QDialog):
    """Learn, correct, check and save a form."""

    saved = Signal(str)  # the path of the form file written

    def __init__(self, parent: QWidget | None = None, path: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("form_wizard")
        self.resize(1280, 760)
        self.book: ScannedBook | None = None
        self.learned: Learned | None = None
        self.form: Form | None = None
        self.sample = None  # the sample file read with the form, for the live check
        self.saved_path: Path | None = None
        self._filling = False

        self.path_label = QLabel()
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.ask_open)
        top = QHBoxLayout()
        top.addWidget(self.path_label, 1)
        top.addWidget(self.open_button)

        self.sheet_box = QComboBox()
        self.sheet_box.currentIndexChanged.connect(self._show_sheet)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.model = RoleModel(self)
        self.grid = QTableView()
        self.grid.setModel(self.model)
        _style_table(self.grid)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.grid.customContextMenuRequested.connect(self._grid_menu)
        self.grid.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.grid.horizontalHeader().customContextMenuRequested.connect(
            lambda pos: self._column_menu(
                self.grid.horizontalHeader().logicalIndexAt(pos), self.grid.horizontalHeader().mapToGlobal(pos)
            )
        )
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        sheet_row = QHBoxLayout()
        self.sheet_label = QLabel()
        sheet_row.addWidget(self.sheet_label)
        sheet_row.addWidget(self.sheet_box, 1)
        self.use_sheet = QPushButton()
        self.use_sheet.clicked.connect(self.learn_this_sheet)
        self.use_sheet.hide()
        sheet_row.addWidget(self.use_sheet)
        left_layout.addLayout(sheet_row)
        left_layout.addWidget(self.grid, 1)
        left_layout.addWidget(self.legend)
        left_layout.addWidget(self.hint)

        self.indicators = QTableWidget(0, 4)
        self.indicators.verticalHeader().hide()
        self.indicators.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.indicators.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rules = QTableWidget(0, 4)
        self.rules.verticalHeader().hide()
        self.rules.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.rules.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.rules.itemChanged.connect(self._rule_edited)
        self.add_rule = QPushButton()
        self.add_rule.clicked.connect(self._add_rule)
        self.remove_rule = QPushButton()
        self.remove_rule.clicked.connect(self._remove_rule)
        rules_tab = QWidget()
        rules_layout = QVBoxLayout(rules_tab)
        rules_layout.addWidget(self.rules, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_rule)
        buttons.addWidget(self.remove_rule)
        buttons.addStretch(1)
        rules_layout.addLayout(buttons)
        self.check_label = QLabel()
        self.check_label.setWordWrap(True)
        rules_layout.addWidget(self.check_label)
        self.doubts = QListWidget()
        self.doubts.setWordWrap(True)
        self.found = QListWidget()
        self.found.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.doubts, "")
        self.tabs.addTab(self.indicators, "")
        self.tabs.addTab(rules_tab, "")
        self.tabs.addTab(self.found, "")

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([800, 480])  # the workbook gets the room: its value columns in view

        self.id_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.id_edit.textEdited.connect(lambda _text: self._refresh_buttons())
        names = QFormLayout()
        self.id_label, self.name_label = QLabel(), QLabel()
        names.addRow(self.id_label, self.id_edit)
        names.addRow(self.name_label, self.name_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addLayout(names, 1)
        bottom.addWidget(self.buttons, 0, Qt.AlignmentFlag.AlignBottom)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        self.retranslate()
        if path:
            self.open_path(path)
        self._refresh_buttons()

    # -- texts

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Biểu mẫu mới từ tệp Excel"))
        self.open_button.setText(self.tr("Mở tệp Excel…"))
        self.sheet_label.setText(self.tr("Trang tính:"))
        self.use_sheet.setText(self.tr("Học bảng của trang này"))
        doubts = self.doubts.count()
        self.tabs.setTabText(0, self.tr("Cần xác nhận (%n)", "", doubts) if doubts else self.tr("Cần xác nhận"))
        self.tabs.setTabText(1, self.tr("Các chỉ tiêu"))
        self.tabs.setTabText(2, self.tr("Quy tắc"))
        self.tabs.setTabText(3, self.tr("Đã nhận ra"))
        self.indicators.setHorizontalHeaderLabels(
            [self.tr("Mã số"), self.tr("Chỉ tiêu"), self.tr("Đơn vị tính"), self.tr("Loại số liệu")]
        )
        self.rules.setHorizontalHeaderLabels(
            [self.tr("Mã"), self.tr("Mức độ"), self.tr("Biểu thức"), self.tr("Thông báo")]
        )
        self.add_rule.setText(self.tr("Thêm quy tắc"))
        self.remove_rule.setText(self.tr("Xóa quy tắc"))
        self.id_label.setText(self.tr("Mã biểu mẫu:"))
        self.name_label.setText(self.tr("Tên biểu mẫu:"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Lưu biểu mẫu"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        self.hint.setText(
            self.tr("Nhấn chuột phải vào một ô để đổi vai trò của cột hoặc dòng; biểu mẫu được học lại ngay.")
        )
        items = [
            ("header", self.tr("Tiêu đề bảng")),
            ("code", self.tr("Mã số")),
            ("label", self.tr("Chỉ tiêu")),
            ("value", self.tr("Cột số liệu")),
            ("stt", self.tr("STT, đơn vị tính")),
            ("section", self.tr("Đề mục")),
            ("block", self.tr("Nhãn đầu biểu")),
        ]
        self.legend.setText(
            "  ".join(
                f'<span style="background:{COLOURS[key]}">&nbsp;&nbsp;&nbsp;&nbsp;</span>&nbsp;{text}'
                for key, text in items
            )
        )
        self.path_label.setText(str(self.book.path) if self.book else self.tr("Chưa mở tệp nào"))
        if self.learned:
            self._fill_said()
            self._fill_indicators()
            self._fill_rules()
            self._live_check()

    def _fill_said(self) -> None:
        """What the learner found and doubts, in the window's language."""
        if not self.learned:
            return
        found, doubts = self.learned.said(texts.language())
        self.doubts.clear()
        self.doubts.addItems([f"? {d}" for d in doubts])
        self.found.clear()
        self.found.addItems(found)
        self.retranslate_tabs()

    def retranslate_tabs(self) -> None:
        doubts = self.doubts.count()
        self.tabs.setTabText(0, self.tr("Cần xác nhận (%n)", "", doubts) if doubts else self.tr("Cần xác nhận"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def column_role_name(self, role: str) -> str:
        return {
            "stt": self.tr("STT"),
            "code": self.tr("Mã số"),
            "label": self.tr("Chỉ tiêu"),
            "unit": self.tr("Đơn vị tính"),
            "value": self.tr("Cột số liệu"),
            "note": self.tr("Ghi chú"),
            "skip": self.tr("Không đọc"),
        }[role]

    def row_role_name(self, role: str) -> str:
        return {"indicator": self.tr("Chỉ tiêu"), "section": self.tr("Đề mục"), "skip": self.tr("Không đọc")}[role]

    # -- opening and learning

    def ask_open(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in sorted(SPREADSHEET_SUFFIXES))
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp Excel của biểu mẫu"), "", self.tr("Bảng tính (%1)").replace("%1", patterns)
        )
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> bool:
        try:
            book = scan_workbook(path)
            learned = learn(book)
        except (WorkbookError, LearnError) as exc:
            show_error(self, self.tr("Không học được biểu mẫu"), f"{Path(path).name}: {getattr(exc, 'reason', exc)}")
            return False
        self.book = book
        self.path_label.setText(str(book.path))
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        for sheet in book.sheets:
            self.sheet_box.addItem(sheet.name)
        self.sheet_box.blockSignals(False)
        self._set_learned(learned, keep_names=False)
        layout = learned.layout
        shown = layout.table.sheet if layout.table else layout.lists[0].sheet  # a form that is only a list
        self.sheet_box.setCurrentIndex(max(0, [s.name for s in book.sheets].index(shown)))
        self._show_sheet(self.sheet_box.currentIndex())
        return True

    def _set_learned(self, learned: Learned, *, keep_names: bool = True) -> None:
        self.learned = learned
        self.form = learned.form
        if not keep_names or not self.id_edit.text():
            self.id_edit.setText(learned.form.id)
            self.name_edit.setText(learned.form.name)
        self._fill_said()
        self._read_sample()
        self._fill_indicators()
        self._fill_rules()
        self._live_check()
        self._refresh_buttons()

    def _relearn(self) -> None:
        """Learn again from the corrected layout, keeping the clerk's kinds and names."""
        if not self.book or not self.learned:
            return
        try:
            learned = learn(self.book, layout=self.learned.layout)
        except (LearnError, ValueError) as exc:
            show_error(self, self.tr("Không học được biểu mẫu"), str(exc))
            return
        self._set_learned(learned)
        self._show_sheet(self.sheet_box.currentIndex())

    def _read_sample(self) -> None:
        from desktop.io.reader import read_workbook

        try:
            self.sample = read_workbook(self.book.path, self.form) if self.book and self.form else None
        except (WorkbookError, OSError) as exc:
            log.warning("sample not read: %s", exc)
            self.sample = None

    def _show_sheet(self, index: int) -> None:
        if not self.book or index < 0:
            return
        sheet = self.book.sheets[index]
        grid = SheetGrid(sheet.name, sheet.visible, sheet.rows, sheet.merged)
        self.model.set_sheet(grid, {})
        self.model.set_roles(self.learned, sheet)
        self.grid.clearSpans()
        for r1, c1, r2, c2 in sheet.merged:
            if (r2 - r1) or (c2 - c1):
                self.grid.setSpan(r1, c1, r2 - r1 + 1, c2 - c1 + 1)
        tables = [t.sheet for t in self.learned.layout.tables] if self.learned else []
        self.use_sheet.setVisible(sheet.name in tables[1:])
        self.grid.resizeColumnsToContents()
        for c in range(self.model.columnCount()):
            self.grid.setColumnWidth(c, min(max(self.grid.columnWidth(c), 40), 320))
        table = next((t for t in self.learned.layout.tables if t.sheet == sheet.name), None) if self.learned else None
        label = table.col("label") if table else None
        if label is not None:  # its text may sit in cells merged over several columns, which sizing ignores
            self.grid.setColumnWidth(label, max(self.grid.columnWidth(label), 280))

    def learn_this_sheet(self) -> None:
        """Learn the table of the sheet shown (a workbook with one form per sheet)."""
        if not self.book or not self.learned:
            return
        try:
            learned = learn(self.book, layout=self.learned.layout, sheet=self.sheet_box.currentText())
        except LearnError as exc:
            show_error(self, self.tr("Không học được biểu mẫu"), str(exc))
            return
        self.id_edit.clear()
        self._set_learned(learned)
        self._show_sheet(self.sheet_box.currentIndex())

    # -- correcting roles

    def _table_of_sheet(self):
        if not self.learned or not self.book:
            return None
        name = self.sheet_box.currentText()
        return next((t for t in self.learned.layout.tables if t.sheet == name), None)

    def _grid_menu(self, pos) -> None:
        index = self.grid.indexAt(pos)
        if not index.isValid():
            return
        menu = self.role_menu(index.row(), index.column())
        if menu:
            menu.exec(self.grid.viewport().mapToGlobal(pos))

    def role_menu(self, row: int, col: int) -> QMenu | None:
        """The context menu of a cell: its column's role, its row's role."""
        table = self._table_of_sheet()
        if table is None:
            return None
        menu = QMenu(self)
        # submenus made with their parent: PySide6 6.4.3 (the Windows bundle's) drops one made by addMenu(text)
        columns = QMenu(self.tr("Cột này là"), menu)
        menu.addMenu(columns)
        current = table.columns.get(col)
        for role in COLUMN_ROLES:
            action = columns.addAction(self.column_role_name(role))
            action.setCheckable(True)
            action.setChecked(role == current)
            action.triggered.connect(lambda _checked=False, c=col, r=role: self.set_column_role(c, r))
        if table.header[1] < row <= table.end:
            rows = QMenu(self.tr("Dòng này là"), menu)
            menu.addMenu(rows)
            current_row = table.rows.get(row, "skip")
            for role in ROW_ROLES:
                action = rows.addAction(self.row_role_name(role))
                action.setCheckable(True)
                action.setChecked(role == current_row)
                action.triggered.connect(lambda _checked=False, rr=row, r=role: self.set_row_role(rr, r))
        return menu

    def _column_menu(self, col: int, where) -> None:
        menu = self.role_menu(-1, col)
        if menu:
            menu.exec(where)

    def set_column_role(self, col: int, role: str) -> None:
        table = self._table_of_sheet()
        if table is None:
            return
        if role in ("code", "label", "stt", "unit"):
            for c, r in list(table.columns.items()):
                if r == role:
                    table.columns[c] = "skip"  # one column per role
        table.columns[col] = role
        if col not in table.headers:
            table.headers[col] = [f"Cột {col + 1}"]
        reclassify_rows(self.book, table)
        self._relearn()

    def set_row_role(self, row: int, role: str) -> None:
        table = self._table_of_sheet()
        if table is None:
            return
        if role == "skip":
            table.rows.pop(row, None)
        else:
            table.rows[row] = role
        self._relearn()

    # -- indicators: flow or stock

    def _fill_indicators(self) -> None:
        if not self.form:
            return
        guessed = self.learned.stock_guesses if self.learned else {}
        self.indicators.setRowCount(len(self.form.indicators))
        for r, indicator in enumerate(self.form.indicators):
            for c, text in enumerate((indicator.code, indicator.label, indicator.unit)):
                self.indicators.setItem(r, c, QTableWidgetItem(text))
            kind = QComboBox()
            kind.addItem(self.tr("Phát sinh trong kỳ (cộng dồn)"), "flow")
            kind.addItem(self.tr("Đến cuối kỳ (lấy kỳ cuối)"), "stock")
            kind.setCurrentIndex(1 if indicator.kind == "stock" else 0)
            if indicator.code in guessed:
                kind.setToolTip(self.tr("Đoán theo chữ “%1”: hãy xác nhận").replace("%1", guessed[indicator.code]))
            kind.currentIndexChanged.connect(
                lambda _i, code=indicator.code, box=kind: self.set_kind(code, box.currentData())
            )
            self.indicators.setCellWidget(r, 3, kind)
        self.indicators.resizeColumnToContents(0)
        self.indicators.resizeColumnToContents(3)

    def set_kind(self, code: str, kind: str) -> None:
        """The clerk's flow/stock for an indicator; kept when the form is learned again."""
        if not self.learned or not self.form:
            return
        sheet, row = self.learned.places.get(code, ("", None))
        table = next((t for t in self.learned.layout.tables if t.sheet == sheet), None)
        if table is not None:  # on any sheet of the form's table (a list-only form has none)
            table.kinds[row] = kind
        self.form = with_changes(self.form, kinds={code: kind})

    # -- rules

    def _fill_rules(self) -> None:
        if not self.form:
            return
        self._filling = True
        self.rules.setRowCount(len(self.form.rules))
        for r, rule in enumerate(self.form.rules):
            self.rules.setItem(r, 0, QTableWidgetItem(rule.id))
            severity = QComboBox()
            for value, text in (
                ("error", self.tr("Lỗi")),
                ("warning", self.tr("Cảnh báo")),
                ("info", self.tr("Thông tin")),
            ):
                severity.addItem(text, value)
            severity.setCurrentIndex(["error", "warning", "info"].index(rule.severity))
            severity.currentIndexChanged.connect(lambda _i: self._rules_changed())
            self.rules.setCellWidget(r, 1, severity)
            self.rules.setItem(r, 2, QTableWidgetItem(rule.expr))
            self.rules.setItem(r, 3, QTableWidgetItem(rule.message))
        self.rules.resizeColumnToContents(0)
        self.rules.resizeColumnToContents(1)
        self._filling = False

    def _add_rule(self) -> None:
        self._filling = True
        r = self.rules.rowCount()
        self.rules.insertRow(r)
        used = {self.rules.item(i, 0).text() for i in range(r) if self.rules.item(i, 0)}
        number = next(n for n in range(1, 1000) if f"Q{n:02d}" not in used)
        self.rules.setItem(r, 0, QTableWidgetItem(f"Q{number:02d}"))
        severity = QComboBox()
        for value, text in (
            ("error", self.tr("Lỗi")),
            ("warning", self.tr("Cảnh báo")),
            ("info", self.tr("Thông tin")),
        ):
            severity.addItem(text, value)
        severity.setCurrentIndex(1)
        severity.currentIndexChanged.connect(lambda _i: self._rules_changed())
        self.rules.setCellWidget(r, 1, severity)
        first = self.form.codes[0] if self.form else "01"
        self.rules.setItem(r, 2, QTableWidgetItem(f"[{first}] >= 0"))
        self.rules.setItem(r, 3, QTableWidgetItem(self.tr("quy tắc mới: {left} so với {right}")))
        self._filling = False
        self._rules_changed()
        self.rules.setCurrentCell(r, 2)

    def _remove_rule(self) -> None:
        row = self.rules.currentRow()
        if row >= 0:
            self.rules.removeRow(row)
            self._rules_changed()

    def _rule_edited(self, _item: QTableWidgetItem) -> None:
        if not self._filling:
            self._rules_changed()

    def rule_rows(self) -> tuple[list[dict], dict[int, str]]:
        """The rules as the table holds them, and the rows whose expression does not parse (row -> why)."""
        kept: list[dict] = []
        broken: dict[int, str] = {}
        old = {rule.id: rule for rule in self.form.rules} if self.form else {}
        known = set(self.form.codes) if self.form else set()
        columns = set(self.form.value_columns) if self.form else set()
        for r in range(self.rules.rowCount()):
            rule_id = (self.rules.item(r, 0).text() if self.rules.item(r, 0) else "").strip() or f"Q{r + 1:02d}"
            expr = self.rules.item(r, 2).text() if self.rules.item(r, 2) else ""
            message = self.rules.item(r, 3).text() if self.rules.item(r, 3) else ""
            severity = self.rules.cellWidget(r, 1).currentData() if self.rules.cellWidget(r, 1) else "error"
            try:
                parsed = parse_rule(expr)
            except RuleSyntaxError as exc:
                broken[r] = str(exc)
                continue
            unknown = sorted(parsed.codes - known) + sorted(parsed.columns - columns)
            if unknown:
                broken[r] = self.tr("không có mã số hoặc cột: %1").replace("%1", ", ".join(unknown))
                continue
            if parsed.uses_list and not (self.form and self.form.list_sheet):
                broken[r] = self.tr("count() cần một trang danh sách")
                continue
            rule = {"id": rule_id, "expr": expr, "severity": severity, "message": message}
            previous = old.get(rule_id)
            if previous is not None:
                rule.update({k: v for k, v in (("columns", previous.columns), ("rows", previous.rows)) if v})
                if previous.expr == expr and previous.message == message:
                    rule["message_en"] = previous.message_en
            kept.append(rule)
        return kept, broken

    def _rules_changed(self) -> None:
        if not self.form:
            return
        rules, _broken = self.rule_rows()
        try:
            self.form = with_changes(self.form, rules=rules)
        except ValueError as exc:
            log.info("rules not applied: %s", exc)
        self._live_check()

    def _live_check(self) -> None:
        """Colour each rule by what it says of the sample file: broken (red, with its cells), holding."""
        if not self.form:
            return
        _rules, broken = self.rule_rows()
        results = check_sample(self.form, self.sample) if self.sample and self.sample.recognised else {}
        self._filling = True
        failing = 0
        for r in range(self.rules.rowCount()):
            item = self.rules.item(r, 2)
            if item is None:
                continue
            rule_id = self.rules.item(r, 0).text() if self.rules.item(r, 0) else ""
            if r in broken:
                item.setBackground(QBrush(QColor("#F8CBAD")))
                item.setToolTip(self.tr("Biểu thức sai: %1").replace("%1", broken[r]))
            elif results.get(rule_id):
                failing += 1
                item.setBackground(QBrush(QColor("#FFE699")))
                item.setToolTip(
                    self.tr("Tệp mẫu sai quy tắc này ở ô: %1").replace("%1", ", ".join(results[rule_id][:12]))
                )
            else:
                item.setBackground(QBrush())
                item.setToolTip(self.tr("Tệp mẫu đạt quy tắc này (hoặc chưa có số liệu)"))
        self._filling = False
        if broken:
            self.check_label.setText(
                self.tr("%n quy tắc có biểu thức sai (tô đỏ): sửa trước khi lưu.", "", len(broken))
            )
        elif failing:
            self.check_label.setText(self.tr("Tệp mẫu sai %n quy tắc (tô vàng, di chuột để xem ô).", "", failing))
        else:
            self.check_label.setText(self.tr("Tệp mẫu không sai quy tắc nào."))
        self._refresh_buttons()

    # -- saving

    def _refresh_buttons(self) -> None:
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        ok = bool(self.form) and bool(re.fullmatch(r"[\w.\-]{1,40}", self.id_edit.text().strip()))
        if ok and self.rules.rowCount():
            ok = not self.rule_rows()[1]
        save.setEnabled(ok)

    def final_form(self) -> Form:
        rules, _ = self.rule_rows()
        name = self.name_edit.text().strip() or self.form.name
        return with_changes(self.form, id=self.id_edit.text().strip(), name=name, rules=rules)

    def save(self) -> None:
        if not self.form:
            return
        try:
            form = self.final_form()
        except ValueError as exc:
            show_error(self, self.tr("Không lưu được biểu mẫu"), str(exc))
            return
        folder = forms_folder()
        target = folder / f"{form.id}.yaml"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            from desktop.io.atomic import atomic_target

            with atomic_target(target) as temporary:
                temporary.write_text(form_yaml(form), encoding="utf-8")
        except Exception as exc:  # noqa: BLE001 (OSError, OutputError: one message either way)
            show_error(self, self.tr("Không lưu được biểu mẫu"), str(exc))
            return
        self.saved_path = target
        self.saved.emit(str(target))
        self.accept()
