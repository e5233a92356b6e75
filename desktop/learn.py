"""Learning a form from the office's own workbook: the table, its codes, labels and value columns, the
sections, the header block, the list sheet, and the rules its formulas and data validation imply.

Works on plain data (io/template_scan.py reads the file). Two steps, so the window can correct the
first: `detect` finds the layout (which rows and columns play which role), `build` turns a layout into
a `desktop.forms.Form` and says what it guessed and where it is unsure (`doubts`). Nothing here is
matched to one form: header words offices use, cell types, formulas, validation and bold decide.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from desktop.forms import Form
from desktop.io import ooxml
from desktop.io.template_scan import ScannedBook, ScannedSheet
from desktop.vntext import fold, squash

HEADER_SEARCH_ROWS = 80
MAX_HEADER_ROWS = 3
ROLES = ("stt", "code", "label", "unit", "value", "note", "skip")
ROLE_NAMES = {
    "stt": "STT",
    "code": "mã số",
    "label": "chỉ tiêu",
    "unit": "đơn vị tính",
    "value": "cột số liệu",
    "note": "ghi chú",
    "skip": "không đọc",
}
# header words (folded), whole header or its beginning
ROLE_WORDS = {
    "stt": ("stt", "tt", "so tt", "so thu tu", "thu tu"),
    "code": ("ma so", "ma", "ma chi tieu", "ma so chi tieu", "ma dong", "ma hang", "ma so dong", "code"),
    "label": (
        "chi tieu",
        "ten chi tieu",
        "noi dung",
        "danh muc",
        "hang muc",
        "linh vuc",
        "nhom chi tieu",
        "noi dung chi tieu",
        "cac chi tieu",
    ),
    "unit": ("don vi tinh", "dvt", "don vi", "don vi do"),
    "note": ("ghi chu",),
}
RATIO_WORDS = ("so sanh", "ty le", "ti le", "toc do")
PREVIOUS_WORDS = ("cung ky", "nam truoc", "ky truoc")
LABEL_WORDS = {
    "form_number": ("bieu so", "mau so", "bieu mau so", "mau bieu so", "ky hieu bieu", "so hieu bieu", "bieu"),
    "unit_name": ("don vi bao cao", "ten don vi", "don vi", "co quan bao cao", "ten co quan", "don vi gui bao cao"),
    "unit_code": ("ma don vi", "ma dvbc", "ma so don vi", "ma co quan", "ma dv", "ma don vi bao cao"),
    "period": ("ky bao cao", "ky", "thoi ky bao cao", "thoi gian bao cao", "nam bao cao"),
    "date_from": ("tu ngay",),
    "date_to": ("den ngay",),
}
DEFAULT_LABELS = {
    "form_number": "Biểu số",
    "unit_name": "Đơn vị báo cáo",
    "unit_code": "Mã đơn vị",
    "period": "Kỳ báo cáo",
    "date_from": "Từ ngày",
    "date_to": "Đến ngày",
}
ROLE_NAMES_EN = {
    "stt": "row number",
    "code": "code",
    "label": "indicator",
    "unit": "unit of measure",
    "value": "value column",
    "note": "note",
    "skip": "not read",
}
LABEL_NAMES_EN = {
    "form_number": "form number",
    "unit_name": "reporting unit",
    "unit_code": "unit code",
    "period": "period",
    "date_from": "from",
    "date_to": "to",
}
LABEL_NAMES = {
    "form_number": "số biểu",
    "unit_name": "đơn vị báo cáo",
    "unit_code": "mã đơn vị",
    "period": "kỳ báo cáo",
    "date_from": "từ ngày",
    "date_to": "đến ngày",
}
STOCK = re.compile(
    r"\b(den cuoi ky|cuoi ky|hien co|dang hoat dong|hien nay|tai thoi diem|den thoi diem|hien dang|con ton"
    r"|ton kho|ton dong|so du|luy ke|tinh den|den nay|dang quan ly|dang theo doi|dang duoc|dang giai quyet"
    r"|chua giai quyet|dang thu ly)\b"
)
END_WORDS = ("nguoi lap", "thu truong", "lanh dao don vi", "xac nhan", "noi nhan", "ky ten", "giam doc", "truong phong")
OF_WHICH = re.compile(r"^[-+*•(\s]*(trong do|trong so|tr\.\s?do)\b")
FORM_NUMBER = re.compile(r"^(?P<label>(?:biểu|mẫu|biểu mẫu|mẫu biểu)\s+số)\s+(?P<value>[0-9A-ZĐ][\w./\-]{0,20})$", re.I)
NOTE_LINE = re.compile(r"^[*\s]*(ghi chu|luu y|chu y|chu thich)\s*:")
DATE_LINE = re.compile(r"\bngay\b.*\bthang\b.*\bnam\b")
ROMAN = re.compile(r"^(?=[IVXLC])M{0,3}(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
NUMBERED_TITLE = re.compile(r"^\s*(?P<number>[IVXLC]+|[A-Z])\s*[.)/:-]\s*(?P<title>.+)$", re.S)
CODE_LIKE = re.compile(r"^[0-9A-Za-z]{1,4}(?:[.\-][0-9A-Za-z]{1,3}){0,3}[a-z)]?$")
# "(1)", "1", "A", and a column said to be computed from others: "3=1/2", "(4)=(2)+(3)", "5 = 3x4"
INDEX_CELL = re.compile(r"^\(?[0-9A-Za-z]{1,3}\)?(?:\s*=\s*[0-9()+\-*/x×:.,% ]+)?$")
DEFAULT_END_MARKERS = ["Tổng cộng", "Cộng", "Người lập biểu", "Thủ trưởng đơn vị", "Người lập"]


def header_key(text: Any) -> str:
    """A header as compared: folded, a trailing parenthesis `(1)`, `(người)` and end punctuation dropped."""
    key = fold(squash(str(text)))
    if not key.startswith("("):
        key = re.sub(r"\s*\(.*\)$", "", key)
    return key.strip(" :.*")


def role_of(text: Any) -> str | None:
    """The role a header's words give its column (stt, code, label, unit, note), or None."""
    key = header_key(text)
    for role, words in ROLE_WORDS.items():
        for word in words:
            if key == word:
                return role
            if role in ("label", "note") and key.startswith(word + " "):
                return role
            if role == "unit" and word == "don vi tinh" and key.startswith(word):
                return role
            if role == "code" and word in ("ma so", "ma chi tieu") and key.startswith(word + " "):
                return role
    return None


def _is_ratio(text: str) -> bool:
    key = header_key(text)
    return "%" in str(text) or any(key.startswith(w) for w in RATIO_WORDS)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return squash(str(value))


# ---------------------------------------------------------------------------------------------- layout


@dataclass
class TableLayout:
    """Roles of the rows and columns of one indicator table (0-based rows and columns)."""

    sheet: str
    header: tuple[int, int]  # first and last header row
    index_row: int | None
    columns: dict[int, str]  # column -> role (ROLES)
    headers: dict[int, list[str]]  # column -> header texts from the top row down (merged cells repeated)
    rows: dict[int, str]  # row -> "indicator" | "section"
    end: int  # last row of the table
    kinds: dict[int, str] = field(default_factory=dict)  # row -> "flow" | "stock" set by the user

    def col(self, role: str) -> int | None:
        return next((c for c, r in sorted(self.columns.items()) if r == role), None)

    def value_cols(self) -> list[int]:
        return [c for c, r in sorted(self.columns.items()) if r == "value"]


@dataclass
class ListLayout:
    sheet: str
    header: int
    columns: dict[int, str]  # column -> header text
    title: str = ""


@dataclass
class Layout:
    tables: list[TableLayout]
    lists: list[ListLayout]
    labels: dict[str, tuple[str, int, int, str]]  # key -> (sheet, row, col, label text as written)
    title: tuple[str, int, int, str] | None = None  # (sheet, row, col, text)
    issuer: str = ""
    form_number: str = ""
    one_sheet: bool = False  # the form of the first table only, though other sheets hold tables like it
    lists_under_tables: list[ListLayout] = field(default_factory=list)  # not read: said in the doubts

    @property
    def table(self) -> TableLayout | None:
        return self.tables[0] if self.tables else None


def _text_cells(sheet: ScannedSheet, row: int) -> list[tuple[int, str]]:
    if row >= len(sheet.rows):
        return []
    return [(c, _text(v)) for c, v in enumerate(sheet.rows[row]) if isinstance(v, str) and v.strip()]


def _merged_at(sheet: ScannedSheet, row: int, col: int) -> tuple[int, int, int, int] | None:
    for box in sheet.merged:
        if box[0] <= row <= box[2] and box[1] <= col <= box[3]:
            return box
    return None


def _cell_text(sheet: ScannedSheet, row: int, col: int) -> str:
    """A cell's text, or that of the merged range covering it."""
    text = _text(sheet.value(row, col))
    if text:
        return text
    box = _merged_at(sheet, row, col)
    return _text(sheet.value(box[0], box[1])) if box else ""


def _header_rows(sheet: ScannedSheet, top: int) -> int:
    """The last row of a header starting at `top`: vertical merges and sub-headers under merged cells."""
    bottom = top
    for _ in range(MAX_HEADER_ROWS):
        grown = bottom
        for r1, c1, r2, c2 in sheet.merged:
            if top <= r1 <= bottom:
                if r2 > grown and r2 - top < MAX_HEADER_ROWS:
                    grown = r2
                if c2 > c1 and r1 == r2 == bottom and bottom + 1 - top < MAX_HEADER_ROWS:
                    # text under a cell merged across columns: a sub-header row
                    under = [c for c, _ in _text_cells(sheet, bottom + 1) if c1 <= c <= c2]
                    if under and not _is_index_row(sheet, bottom + 1):
                        grown = max(grown, bottom + 1)
        if grown == bottom:
            break
        bottom = grown
    return bottom


def _is_index_row(sheet: ScannedSheet, row: int) -> bool:
    """The row under a header numbering its columns: `(1) (2) …`, `1 2 3`, `A B C 1 2`."""
    if row >= len(sheet.rows):
        return False
    cells = [_text(v) for v in sheet.rows[row] if v is not None and _text(v)]
    return (
        len(cells) >= 2
        and all(INDEX_CELL.match(c) for c in cells)
        and any(any(ch.isdigit() for ch in c) for c in cells)
    )


def _find_header(sheet: ScannedSheet) -> int | None:
    for r in range(min(len(sheet.rows), HEADER_SEARCH_ROWS)):
        cells = _text_cells(sheet, r)
        if len(cells) < 2:
            continue
        roles = {role_of(t) for _, t in cells} - {None}
        if "label" in roles and (len(roles) >= 2 or len(cells) >= 3) or len(roles & {"stt", "code", "unit"}) >= 2:
            return r
    return None


def _is_end(sheet: ScannedSheet, row: int) -> bool:
    for _, text in _text_cells(sheet, row):
        key = fold(text)
        if any(key.startswith(w) for w in END_WORDS) or DATE_LINE.search(key) and len(key) < 60:
            return True
        if NOTE_LINE.match(key):  # "Ghi chú: …", "Lưu ý: …" paragraphs under the table
            return True
    cells = _text_cells(sheet, row)
    # the header of another table under this one (a list: "STT | Họ và tên | …"): no row of figures says STT
    return len(cells) >= 3 and any(role_of(t) == "stt" for _, t in cells)


def _data_end(sheet: ScannedSheet, start: int) -> int:
    last, blanks = start - 1, 0
    for r in range(start, len(sheet.rows)):
        if _is_end(sheet, r):
            break
        if any(v is not None and _text(v) for v in sheet.rows[r]) or any((r, c) in sheet.formulas for c in range(60)):
            last, blanks = r, 0
        else:
            blanks += 1
            if blanks >= 3:
                break
    return last


def _is_numberish(value: Any) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    text = _text(value)
    return bool(text) and bool(re.fullmatch(r"[-+]?[\d.,\s]+|-|x", text))


def detect_table(sheet: ScannedSheet) -> TableLayout | None:
    """The indicator table of a sheet, or None when the sheet has no table of labelled rows."""
    top = _find_header(sheet)
    if top is None:
        return None
    bottom = _header_rows(sheet, top)
    index_row = bottom + 1 if _is_index_row(sheet, bottom + 1) else None
    start = (index_row if index_row is not None else bottom) + 1
    end = _data_end(sheet, start)
    if end < start:
        return None
    width = max((len(sheet.rows[r]) for r in range(top, end + 1)), default=0)
    headers: dict[int, list[str]] = {}
    for c in range(width):
        parts: list[str] = []
        for r in range(top, bottom + 1):
            text = _cell_text(sheet, r, c)
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        if parts:
            headers[c] = parts
    columns: dict[int, str] = {}
    for c, parts in headers.items():
        box = _merged_at(sheet, bottom, c)
        if box and box[1] < c:  # the right part of a header cell merged across columns (labels in B:C)
            columns[c] = "skip"
            continue
        role = role_of(parts[-1]) or role_of(parts[0])
        if role in columns.values() and role != "note":
            role = None  # a second "Chỉ tiêu" (a sub-header) is judged by its cells
        if role is None and any(_is_ratio(p) for p in parts):
            role = "skip"
        columns[c] = role or _judge_column(sheet, c, start, end)
    if "label" not in columns.values():
        texts = [c for c, r in columns.items() if r == "skip" and not any(_is_ratio(p) for p in headers[c])]
        if texts:
            best = max(texts, key=lambda c: sum(len(_text(sheet.value(r, c))) for r in range(start, end + 1)))
            columns[best] = "label"
    if "label" not in columns.values():
        return None
    if "code" not in columns.values():
        code = _code_column_by_cells(sheet, columns, start, end)
        if code is not None:
            columns[code] = "code"
    layout = TableLayout(sheet.name, (top, bottom), index_row, columns, headers, {}, end)
    layout.rows = _row_roles(sheet, layout, start)
    return layout if "indicator" in layout.rows.values() and layout.value_cols() else None


def _judge_column(sheet: ScannedSheet, col: int, start: int, end: int) -> str:
    """A column without header words: numbers, blanks and formulas make a value column; text does not."""
    texts = numbers = formulas = 0
    for r in range(start, end + 1):
        value = sheet.value(r, col)
        if (r, col) in sheet.formulas:
            if _formula_terms(sheet.formulas[(r, col)]) is None:
                texts += 1  # a ratio, an IF, a helper's ROW(): shown, never read
            else:
                formulas += 1
        elif _is_numberish(value):
            numbers += 1
        elif value is not None and _text(value):
            texts += 1
    return "skip" if texts > (numbers + formulas) else "value"


def _code_column_by_cells(sheet: ScannedSheet, columns: dict[int, str], start: int, end: int) -> int | None:
    """A column with no header words whose cells look like codes (short, unique) on most labelled rows."""
    label = next(c for c, r in columns.items() if r == "label")
    for c, role in sorted(columns.items()):
        if role not in ("skip",):
            continue
        cells = [_text(sheet.value(r, c)) for r in range(start, end + 1) if _text(sheet.value(r, label))]
        codes = [t for t in cells if t and CODE_LIKE.match(t)]
        if codes and len(codes) >= 0.6 * len(cells) and len(set(codes)) == len(codes):
            return c
    return None


def _row_roles(sheet: ScannedSheet, layout: TableLayout, start: int) -> dict[int, str]:
    code_col, label_col, stt_col = layout.col("code"), layout.col("label"), layout.col("stt")
    values = layout.value_cols()
    roles: dict[int, str] = {}
    for r in range(start, layout.end + 1):
        label = _text(sheet.value(r, label_col))
        code = _text(sheet.value(r, code_col)) if code_col is not None else ""
        stt = _text(sheet.value(r, stt_col)) if stt_col is not None else ""
        has_formula = any((r, c) in sheet.formulas for c in values)
        if not (label or code or stt):
            continue
        heading = ROMAN.match(code.rstrip(".")) or re.fullmatch(r"[A-Z]\.?", code)
        if code and not (heading and not has_formula and _looks_like_title(sheet, r, label)):
            roles[r] = "indicator"
            continue
        if code_col is not None and not code:
            if label or stt:
                roles[r] = "section"
            continue
        numbered = ROMAN.match(stt.rstrip(".")) or re.fullmatch(r"[A-Z]\.?", stt)
        in_label = NUMBERED_TITLE.match(label) if not stt else None
        if (
            numbered
            or in_label
            and (ROMAN.match(in_label["number"]) or in_label["number"].isupper())
            and _looks_like_title(sheet, r, label)
            or not stt
            and not has_formula
            and _looks_like_title(sheet, r, label)
            or _spans_values(sheet, r, label_col, values)
        ):
            roles[r] = "section"
        elif label:
            roles[r] = "indicator"
    return roles


def _looks_like_title(sheet: ScannedSheet, row: int, label: str) -> bool:
    """Bold, or written in capitals: a section heading rather than an indicator."""
    bold = any(cell[0] == row for cell in sheet.bold)
    letters = [ch for ch in label if ch.isalpha()]
    return bold or bool(letters) and sum(ch.isupper() for ch in letters) > 0.8 * len(letters)


def _spans_values(sheet: ScannedSheet, row: int, col: int, values: list[int]) -> bool:
    box = _merged_at(sheet, row, col)
    return bool(box and values and box[3] >= values[0])


def detect_list(sheet: ScannedSheet, start: int = 0) -> ListLayout | None:
    """A list table: a header of short texts (STT, Tên …, Địa bàn …) and no codes, rows to fill below;
    looked for from row `start` (under the indicator table of the same sheet)."""
    for r in range(start, min(len(sheet.rows), start + HEADER_SEARCH_ROWS)):
        cells = _text_cells(sheet, r)
        if len(cells) < 3 or any(len(t) > 60 for _, t in cells):
            continue
        roles = {role_of(t) for _, t in cells}
        if "code" in roles or "label" in roles and "unit" in roles:
            return None
        if "stt" not in roles and not any(header_key(t).startswith(("ten", "ho va ten", "ho ten")) for _, t in cells):
            continue
        if _is_index_row(sheet, r):
            continue
        title = ""
        for above in range(r - 1, -1, -1):
            texts = _text_cells(sheet, above)
            if texts:
                title = max((t for _, t in texts), key=len)
                break
        header, columns = _list_header(sheet, r, dict(cells))
        return ListLayout(sheet.name, header, columns, title)
    return None


def _list_header(sheet: ScannedSheet, r: int, cells: dict[int, str]) -> tuple[int, dict[int, str]]:
    """A list's header of two rows, a group merged across columns (“Thông tin đối tượng”) over its own
    headers (“Họ và tên”, “Năm sinh”), the other cells merged down both rows: read as its lower row."""
    groups = [m for m in sheet.merged if m[0] == m[2] == r and m[3] > m[1] and m[1] in cells]
    below = dict(_text_cells(sheet, r + 1)) if r + 1 < len(sheet.rows) else {}
    if not groups or not all(any(c in below for c in range(m[1], m[3] + 1)) for m in groups):
        return r, cells
    spanned = {c for m in groups for c in range(m[1], m[3] + 1)}
    columns = {c: text for c, text in cells.items() if c not in spanned} | {
        c: text for c, text in below.items() if c in spanned
    }
    return r + 1, dict(sorted(columns.items()))


def detect(book: ScannedBook) -> Layout:
    """The layout the workbook suggests: indicator tables, list tables, header-block labels, title."""
    tables: list[TableLayout] = []
    lists: list[ListLayout] = []
    under: list[ListLayout] = []
    sheets = [s for s in book.sheets if s.name != "_meta"]
    for sheet in sorted(sheets, key=lambda s: not s.visible):
        table = detect_table(sheet)
        if table:
            tables.append(table)
            below = detect_list(sheet, table.end + 1)
            if below:
                under.append(below)
            continue
        found = detect_list(sheet)
        if found:
            lists.append(found)
    layout = Layout(tables, lists, {}, lists_under_tables=under)
    if tables:
        first = _sheet(book, tables[0].sheet)
        _header_block(first, tables[0].header[0], layout)
    elif lists:  # a form that is only a list: its labels and title stand above the list
        _header_block(_sheet(book, lists[0].sheet), lists[0].header, layout)
    return layout


def _sheet(book: ScannedBook, name: str) -> ScannedSheet:
    return next(s for s in book.sheets if s.name == name)


# a value column of changes, whose figures may be below zero: "Tăng/giảm", "Tăng (+), giảm (-)", "Chênh lệch"
SIGNED = re.compile(r"tang\s*(\(\+\))?\s*[/,;-]?\s*giam|chenh lech|bien dong|\+\s*/\s*-|\(\s*[+±]")
TITLE_WORDS = ("bao cao", "danh sach", "thong ke", "tong hop", "ket qua")
PREAMBLE_WORDS = ("can cu", "thuc hien", "kinh gui", "noi nhan")  # the sentences of a letter, not its title
_PLACE_DATE = re.compile(r"ngay\b.*\bthang\b.*\bnam\b")


def _header_block(sheet: ScannedSheet, header_top: int, layout: Layout) -> None:
    """Label/value pairs above the table (unit, unit code, period, dates, form number), title and issuer."""
    best_title: tuple[int, str, int, int] | None = None
    for r in range(header_top):
        for c, text in _text_cells(sheet, r):
            key = fold(text)
            if ":" in text:
                before, _, after = text.partition(":")
                label = header_key(before)
                for name, words in LABEL_WORDS.items():
                    if name not in layout.labels and label in words:
                        layout.labels[name] = (sheet.name, r, c, squash(before))
                        if name == "form_number":
                            layout.form_number = squash(after) or _text(_right_of(sheet, r, c))
                        break
                continue
            alone = header_key(text)  # the label alone in its cell, its value in a cell to the right
            name = next((n for n, words in LABEL_WORDS.items() if n not in layout.labels and alone in words), None)
            if name is not None and " " in alone:  # not a lone "Kỳ" or "Biểu"
                layout.labels[name] = (sheet.name, r, c, squash(text))
                if name == "form_number":
                    layout.form_number = _text(_right_of(sheet, r, c))
                continue
            if key.startswith("cong hoa") or key.startswith("doc lap"):
                continue
            number = FORM_NUMBER.match(text)
            if number and "form_number" not in layout.labels:  # "Mẫu số 03/TP" without a colon
                layout.labels["form_number"] = (sheet.name, r, c, squash(number["label"]))
                layout.form_number = squash(number["value"])
                continue
            if key in ("bao cao", "danh sach"):  # "BÁO CÁO" alone, what it reports on the line below
                below = next((t for rr in range(r + 1, min(r + 3, header_top)) for _, t in _text_cells(sheet, rr)), "")
                if below and ":" not in below:
                    text, key = f"{text} {below}", f"{key} {fold(below)}"
            if key.startswith(PREAMBLE_WORDS) or text.rstrip().endswith((";", ":")) or _PLACE_DATE.search(key):
                continue  # "Căn cứ Kế hoạch số …;", "Kính gửi: …", "Sầm Sơn, ngày … tháng … năm 2026"
            letters = [ch for ch in text if ch.isalpha()]
            upper = letters and sum(ch.isupper() for ch in letters) > 0.8 * len(letters)
            score = len(text) + (40 if key.startswith("bao cao") else 0) + (20 if upper else 0)
            # the first row is the issuer's, unless it says what a title says (a form with no issuer)
            titled = key.startswith(TITLE_WORDS)
            if len(letters) >= 8 and (best_title is None or score > best_title[0]) and (r > 0 or titled):
                best_title = (score, text, r, c)
            if r == 0 and c < 3 and upper and not titled and not layout.issuer:
                layout.issuer = text
    if best_title:
        layout.title = (sheet.name, best_title[2], best_title[3], best_title[1])


def _right_of(sheet: ScannedSheet, row: int, col: int) -> Any:
    for c in range(col + 1, len(sheet.rows[row])):
        if sheet.value(row, c) is not None:
            return sheet.value(row, c)
    return None


# --------------------------------------------------------------------------------------------- formulas

_REF = ooxml.CELL_REFERENCE
# SUM(…), and SUBTOTAL(9, …) / SUBTOTAL(109, …), the sum a filtered table keeps
_TERM = re.compile(
    rf"(?P<sign>[+-]?)\s*(?:(?:SUM\(|SUBTOTAL\(1?0?9[,;])(?P<args>[^()]*)\)|(?P<ref>{_REF})|(?P<num>\d+(?:\.\d+)?))",
    re.I,
)


def _top_level_args(text: str) -> list[str] | None:
    """The arguments of a call's text `a,b,c` split at the commas outside parentheses and quotes."""
    args, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return None
        elif ch in ",;" and depth == 0:
            args.append(text[start:i])
            start = i + 1
    return args + [text[start:]] if depth == 0 and not quoted else None


_BLANK = {'""', "0", ""}


def _unguarded(text: str) -> str:
    """The sum inside a guard offices put around totals so an empty form shows nothing:
    `IF(COUNT(E17,E18)=0,"",E17+E18)`, `IF(SUM(E5:E9)=0,"",SUM(E5:E9))`, `IFERROR(E5+E6,0)`."""
    for _ in range(3):
        upper = text.upper()
        if upper.startswith("IF(") and text.endswith(")"):
            args = _top_level_args(text[3:-1])
            if args and len(args) == 3:
                if args[1] in _BLANK and args[2] not in _BLANK:
                    text = args[2]
                    continue
                if args[2] in _BLANK and args[1] not in _BLANK:
                    text = args[1]
                    continue
        if upper.startswith("IFERROR(") and text.endswith(")"):
            args = _top_level_args(text[8:-1])
            if args and len(args) == 2 and args[1] in _BLANK:
                text = args[0]
                continue
        if text.startswith("(") and text.endswith(")") and _top_level_args(text[1:-1]) == [text[1:-1]]:
            text = text[1:-1]
            continue
        break
    return text


def _formula_terms(formula: str) -> list[tuple[int, Any]] | None:
    """A formula of sums and differences of cells as (sign, (sheet, row, col) | number); None for any other."""
    text = _unguarded(formula.strip().lstrip("=").replace(" ", ""))
    if not text:
        return None
    terms: list[tuple[int, Any]] = []
    pos = 0
    while pos < len(text):
        found = _TERM.match(text, pos)
        if not found or found.end() == pos or (pos and not found["sign"]):
            return None
        sign = -1 if found["sign"] == "-" else 1
        if found["args"] is not None:
            for arg in re.split(r"[,;]", found["args"]):
                cells = _cells_of(arg)
                if cells is None:
                    return None
                terms += [(sign, cell) for cell in cells]
        elif found["ref"]:
            cells = _cells_of(found["ref"])
            if cells is None:
                return None
            terms += [(sign, cell) for cell in cells]
        else:
            number = float(found["num"])
            if not number.is_integer():
                return None
            terms.append((sign, int(number)))
        pos = found.end()
    return terms


def _cells_of(ref: str) -> list[tuple[str | None, int, int]] | None:
    found = ooxml.parse_reference(ref)
    if found is None:
        return None
    sheet, (r1, c1, r2, c2) = found
    return [(sheet, r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)][:5000]


# ------------------------------------------------------------------------------------------------ build


@dataclass
class Learned:
    form: Form
    layout: Layout
    found: list[str]  # what was found, one sentence each
    doubts: list[str]  # where the learner guessed or is unsure
    codes_by_row: dict[int, str] = field(default_factory=dict)
    stock_guesses: dict[str, str] = field(default_factory=dict)  # code -> the words that made it stock
    missing: list[str] = field(default_factory=list)
    found_en: list[str] = field(default_factory=list)  # the same sentences in English, for the window
    doubts_en: list[str] = field(default_factory=list)
    places: dict[str, tuple[str, int]] = field(default_factory=dict)  # code -> its sheet and row, every sheet

    def said(self, language: str = "vi") -> tuple[list[str], list[str]]:
        """(found, doubts) in the language asked for."""
        return (self.found_en, self.doubts_en) if language == "en" else (self.found, self.doubts)


def slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")[:24] or "cot"
    if base[0].isdigit():
        base = "c" + base
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    taken.add(key)
    return key


def _value_keys(layout: TableLayout) -> dict[int, tuple[str, str]]:
    """Column -> (key, header text) of each value column; the leaf header, or `Parent / Leaf` when the
    leaf repeats (Nam, Nữ under two periods)."""
    cols = layout.value_cols()
    leaves = [layout.headers.get(c, [f"Cột {c + 1}"])[-1] for c in cols]
    taken: set[str] = set()
    keys: dict[int, tuple[str, str]] = {}
    for c, leaf in zip(cols, leaves, strict=True):
        parts = layout.headers.get(c, [leaf])
        repeated = [header_key(x) for x in leaves].count(header_key(leaf)) > 1
        header = " / ".join(parts[-2:]) if repeated and len(parts) > 1 else leaf
        if any(header_key(header).startswith(w) for w in PREVIOUS_WORDS) and "previous" not in taken:
            taken.add("previous")
            keys[c] = ("previous", header)
        elif "current" not in taken:
            taken.add("current")
            keys[c] = ("current", header)
        else:
            keys[c] = (slug(header, taken), header)
    return keys


def learn(
    book: ScannedBook, *, form_id: str = "", name: str = "", layout: Layout | None = None, sheet: str = ""
) -> Learned:
    """Detect the layout (unless given, corrected by the user) and build the form from it; `sheet` picks
    the indicator table when the workbook has several (one form per sheet)."""
    layout = layout or detect(book)
    if not layout.tables and layout.lists and not sheet:
        return _built(lambda: _Builder(book, layout).build_list_only(form_id, name))
    if not layout.tables:
        lists = "; ".join(f"“{x.sheet}” ({', '.join(list(x.columns.values())[:6])})" for x in layout.lists)
        raise LearnError(
            "không tìm thấy bảng chỉ tiêu: cần một dòng tiêu đề bảng có cột “Chỉ tiêu”/“Nội dung” "
            "(và “Mã số”, “STT” hoặc “Đơn vị tính”) với các dòng chỉ tiêu bên dưới"
            + (f". Tệp chỉ có danh sách: {lists}; biểu mẫu của công cụ cần ít nhất một bảng chỉ tiêu" if lists else "")
        )
    if sheet:
        chosen = [t for t in layout.tables if t.sheet == sheet]
        if not chosen:
            names = ", ".join(f"“{t.sheet}”" for t in layout.tables)
            raise LearnError(f"trang “{sheet}” không có bảng chỉ tiêu (các trang có bảng: {names})")
        layout.tables = chosen + [t for t in layout.tables if t.sheet != sheet]
        layout.one_sheet = True
    return _built(lambda: _Builder(book, layout).build(form_id, name))


def _built(build: Callable[[], Learned]) -> Learned:
    """The learned form; a layout this learner turns into no valid form is a LearnError, never a crash."""
    try:
        return build()
    except ValidationError as exc:
        problems = "; ".join(str(e.get("msg", "")).removeprefix("Value error, ") for e in exc.errors()[:3])
        raise LearnError(f"không dựng được biểu mẫu từ bố cục này ({problems}); hãy sửa vai trò các cột, dòng") from exc


def _same_columns(first: TableLayout, other: TableLayout) -> bool:
    """Whether another sheet's table is laid out like the first (the same value columns, found the same
    way), so that it is a further sheet of the same form rather than a form of its own."""

    def shape(table: TableLayout) -> tuple:
        values = [header_key(h) for _, h in _value_keys(table).values()]
        return values, table.col("code") is None

    return shape(first) == shape(other)


class LearnError(Exception):
    """No form could be learned from the workbook; the message says why, in Vietnamese."""


class _Builder:
    def __init__(self, book: ScannedBook, layout: Layout) -> None:
        self.book = book
        self.layout = layout
        self.table = layout.tables[0] if layout.tables else None  # None: a form that is only a list
        self.sheet = _sheet(book, self.table.sheet if self.table else layout.lists[0].sheet)
        self.found: list[str] = []
        self.doubts: list[str] = []
        self.found_en: list[str] = []
        self.doubts_en: list[str] = []
        self.stock: dict[str, str] = {}
        self.places: dict[str, tuple[str, int]] = {}

    def doubt(self, vi: str, en: str) -> None:
        self.doubts.append(vi)
        self.doubts_en.append(en)

    def note(self, vi: str, en: str, at: int | None = None) -> None:
        if at is None:
            self.found.append(vi)
            self.found_en.append(en)
        else:
            self.found.insert(at, vi)
            self.found_en.insert(at, en)

    def build(self, form_id: str, name: str) -> Learned:
        table = self.table
        for below in self.layout.lists_under_tables:
            headers = ", ".join(f"“{h}”" for h in list(below.columns.values())[:4])
            self.doubt(
                f"trang “{below.sheet}” có một danh sách dưới bảng chỉ tiêu (dòng {below.header + 1}: {headers}): "
                "công cụ không đọc danh sách chung trang với bảng chỉ tiêu; để kiểm tra và tổng hợp danh sách, "
                "hãy đặt nó ở một trang riêng của biểu mẫu rồi học lại",
                f"sheet “{below.sheet}” holds a list under the indicator table (row {below.header + 1}: {headers}): "
                "a list on the table's own sheet is not read; to check and consolidate it, put it on a sheet of "
                "its own and learn the form again",
            )
        value_keys = _value_keys(table)
        code_col = table.col("code")
        codes_by_row, indicators, sections = self._indicators(value_keys)
        self.places = {code: (table.sheet, r) for r, code in codes_by_row.items()}
        columns: dict[str, str] = {}
        for role in ("stt", "label", "unit", "code"):
            col = table.col(role)
            if col is not None:
                columns[role] = table.headers[col][-1]
        for _c, (key, header) in value_keys.items():
            columns[key] = header
        note = table.col("note")
        if note is not None:
            columns["note"] = table.headers[note][-1]
        match = "code" if code_col is not None else "label"
        indicator_sheet = {
            "name": table.sheet,
            "columns": columns,
            "value_columns": {key: header for key, header in value_keys.values()},
        }
        if match == "label":
            indicator_sheet["match"] = "label"
        signed = [(c, key, header) for c, (key, header) in value_keys.items() if SIGNED.search(fold(header))]
        if signed:
            indicator_sheet["signed_columns"] = [key for _, key, _ in signed]
            for c, _, header in signed:
                self.doubt(
                    f"cột {_col(c)} “{header}”: nhận cả số âm (tăng, giảm), theo tiêu đề cột",
                    f"column {_col(c)} “{header}”: takes figures below zero too (a change), by its header",
                )
        rules = self._table_rules(codes_by_row, indicators, value_keys)
        labels = self._labels()
        title = self.layout.title[3] if self.layout.title else ""
        form_number = self.layout.form_number
        form_id = form_id or _id_from(form_number, title, self.book.path.stem)
        data = {
            "id": form_id,
            "version": "1",
            "name": name or (title[:1] + title[1:].lower() if title else form_id),
            "title": title or name or form_id,
            "form_number": form_number,
            "issuer": self.layout.issuer,
            "labels": labels,
            "indicator_sheet": indicator_sheet,
            "sections": sections,
            "indicators": indicators,
            "rules": rules,
        }
        list_sheet = self._list_sheet()
        if list_sheet:
            data["list_sheet"] = list_sheet
        more = [] if self.layout.one_sheet else [t for t in self.layout.tables[1:] if _same_columns(table, t)]
        for extra in more:
            self._add_sheet(data, extra, value_keys)
        self._describe(data, value_keys, match, more)
        form = Form.model_validate(data)
        return Learned(
            form,
            self.layout,
            self.found,
            self.doubts,
            codes_by_row,
            self.stock,
            list(self.book.missing),
            self.found_en,
            self.doubts_en,
            self.places,
        )

    def build_list_only(self, form_id: str, name: str) -> Learned:
        """A workbook that is only a list: the units send their rows, and the form's indicators are counted
        from them (all rows, and the rows of each value of a column with a drop-down list)."""
        list_sheet = self._list_sheet()
        found = self.layout.lists[0]
        if not self.layout.title and found.title:  # the list's own title, above its header
            row = next(r for r in range(found.header - 1, -1, -1) if _text_cells(self.sheet, r))
            self.layout.title = (found.sheet, row, _text_cells(self.sheet, row)[0][0], found.title)
        title = self.layout.title[3] if self.layout.title else ""
        list_sheet["title"] = title
        indicators = [
            {"code": "01", "label": "Tổng số dòng trong danh sách", "unit": "dòng", "kind": "flow", "count": "count()"}
        ]
        for column in list_sheet["columns"]:
            for value in column.get("allowed") or []:
                text = value.replace('"', "'")
                indicators.append(
                    {
                        "code": f"{len(indicators) + 1:02d}",
                        "label": f"{column['header']}: {value}",
                        "unit": "dòng",
                        "kind": "flow",
                        "count": f'count({column["key"]} == "{text}")',
                    }
                )
        form_number = self.layout.form_number
        form_id = form_id or _id_from(form_number, title, self.book.path.stem)
        data = {
            "id": form_id,
            "version": "1",
            "name": name or (title[:1] + title[1:].lower() if title else form_id),
            "title": title or name or form_id,
            "form_number": form_number,
            "issuer": self.layout.issuer,
            "labels": self._labels(),
            "indicator_sheet": {
                "name": "Số liệu" if found.sheet != "Số liệu" else "Số liệu đếm",
                "columns": {"stt": "STT", "label": "Chỉ tiêu", "unit": "Đơn vị tính", "code": "Mã số"},
                "value_columns": {"current": "Số lượng"},
            },
            "indicators": indicators,
            "list_sheet": list_sheet,
        }
        headers = ", ".join(f"“{h}”" for h in found.columns.values())
        self.note(
            f"biểu mẫu chỉ có danh sách, ở trang “{found.sheet}”, tiêu đề danh sách dòng {found.header + 1}: {headers}",
            f"a form that is only a list, on sheet “{found.sheet}”, list header row {found.header + 1}: {headers}",
            at=0,
        )
        for indicator in indicators:
            self.note(
                f"chỉ tiêu {indicator['code']} “{indicator['label']}”: đếm từ danh sách, {indicator['count']}",
                f"indicator {indicator['code']} “{indicator['label']}”: counted from the list, {indicator['count']}",
            )
        self.doubt(
            "các chỉ tiêu là số dòng đếm từ danh sách (tổng số, và theo từng giá trị của cột có danh sách chọn): "
            "đặt lại tên chỉ tiêu và đơn vị tính (“hộ”, “người”…) cho đúng",
            "the indicators are rows counted from the list (all of them, and by each value of a drop-down "
            "column): rename them and their unit (households, people…) as they should read",
        )
        self._describe_header(data)
        form = Form.model_validate(data)
        return Learned(
            form, self.layout, self.found, self.doubts, {}, {}, list(self.book.missing), self.found_en, self.doubts_en
        )

    def _add_sheet(self, data: dict, extra: TableLayout, value_keys: dict[int, tuple[str, str]]) -> None:
        """A further sheet whose table has the same columns, as a sheet of the same form: its indicators,
        sections and rules; its codes prefixed (B.01) when they repeat the codes already taken."""
        other = _Builder(self.book, Layout([extra], [], {}))
        keys = _value_keys(extra)
        codes_by_row, indicators, sections = other._indicators(keys)
        taken = {i["code"] for i in data["indicators"]}
        letter = chr(ord("A") + len(data.get("more_sheets", [])) + 1)
        prefix = f"{letter}." if taken & {i["code"] for i in indicators} else ""
        # the form's codes from here on, so that rules, their messages and formulas name B.05, not 05
        codes_by_row = {r: prefix + code for r, code in codes_by_row.items()}
        for indicator in indicators:
            indicator["code"] = prefix + indicator["code"]
            indicator["sheet"] = extra.sheet
        for section in sections:
            section["first_code"] = prefix + section["first_code"]
        rules = other._table_rules(codes_by_row, indicators, keys)
        mine = [i["code"] for i in data["indicators"]]
        for rule in data["rules"]:  # a row rule of the first sheet is checked on its rows only now
            if "[@" in rule["expr"] and not rule.get("rows"):
                rule["rows"] = mine
        local = [i["code"] for i in indicators]
        for rule in rules:
            rule["id"] = f"{letter}{rule['id']}"
            rule["rows"] = rule.get("rows") or (local if "[@" in rule["expr"] else [])
            if not rule["rows"]:
                del rule["rows"]
        data["indicators"] += indicators
        data["sections"] += sections
        data["rules"] += rules
        above = Layout([], [], {})
        _header_block(_sheet(self.book, extra.sheet), extra.header[0], above)
        more = {"name": extra.sheet, "prefix": prefix, "title": above.title[3] if above.title else ""}
        if more["title"] == data["title"]:
            more["title"] = ""
        data.setdefault("more_sheets", []).append({key: value for key, value in more.items() if value})
        self.stock |= {prefix + code: words for code, words in other.stock.items()}
        self.places |= {code: (extra.sheet, r) for r, code in codes_by_row.items()}
        for vi, en in zip(other.doubts, other.doubts_en, strict=True):
            if not vi.startswith("các chỉ tiêu còn lại"):
                self.doubt(f"trang “{extra.sheet}”: {vi}", f"sheet “{extra.sheet}”: {en}")

    def _table_rules(
        self, codes_by_row: dict[int, str], indicators: list[dict], value_keys: dict[int, tuple[str, str]]
    ) -> list[dict]:
        """The table's rules: its formulas (each total's `formula` set on its indicator), "Trong đó" and
        Excel's data validation."""
        rules, formulas = self._rules(codes_by_row, value_keys)
        for indicator in indicators:
            if indicator["code"] in formulas:
                indicator["formula"] = formulas[indicator["code"]]
        rules += self._of_which_rules(indicators, rules)
        return rules + self._validation_rules(codes_by_row, value_keys)

    def _indicators(self, value_keys: dict[int, tuple[str, str]]) -> tuple[dict[int, str], list[dict], list[dict]]:
        table, sheet = self.table, self.sheet
        code_col, label_col, stt_col, unit_col = (table.col(r) for r in ("code", "label", "stt", "unit"))
        rows = [r for r, role in sorted(table.rows.items()) if role == "indicator"]
        codes: dict[int, str] = {}
        if code_col is not None:
            for r in rows:
                code = _normalise_code(sheet.value(r, code_col))
                if not code:
                    code = f"R{r + 1}"
                    self.doubt(
                        f"dòng {r + 1}: chỉ tiêu không có mã số, đặt tạm mã {code}",
                        f"row {r + 1}: an indicator without a code, given {code} for now",
                    )
                if code in codes.values():
                    self.doubt(
                        f"dòng {r + 1}: mã số {code} trùng với một dòng trước, dòng này bị bỏ qua",
                        f"row {r + 1}: code {code} repeats an earlier row; this row is left out",
                    )
                    continue
                codes[r] = code
        else:
            stts = [_normalise_code(sheet.value(r, stt_col)) if stt_col is not None else "" for r in rows]
            if all(stts) and len(set(stts)) == len(stts):
                codes = dict(zip(rows, stts, strict=True))
                self.doubt(
                    "biểu không có cột mã số: mã chỉ tiêu lấy theo STT, các dòng được nhận theo tên chỉ tiêu",
                    "no code column: codes taken from the row numbers (STT), rows found by their labels",
                )
            else:
                codes = {r: f"{i:02d}" for i, r in enumerate(rows, 1)}
                self.doubt(
                    "biểu không có cột mã số (và STT không dùng được làm mã): mã chỉ tiêu đánh theo thứ tự dòng, "
                    "các dòng được nhận theo tên chỉ tiêu",
                    "no code column (and the row numbers repeat): codes follow the row order, "
                    "rows found by their labels",
                )
        indicators, sections = [], []
        pending: dict | None = None
        for r in range(table.header[1] + 1, table.end + 1):
            role = table.rows.get(r)
            if role == "section":
                label = _text(sheet.value(r, label_col)) if label_col is not None else ""
                stt = _text(sheet.value(r, stt_col)) if stt_col is not None else ""
                if not label:
                    label = next((t for _, t in _text_cells(sheet, r)), "")
                if not stt and code_col is not None:  # the heading's letter stands in the code column
                    stt = _text(sheet.value(r, code_col))
                number, title = stt.rstrip("."), label
                numbered = NUMBERED_TITLE.match(label)
                if numbered and not number:
                    number, title = numbered["number"], numbered["title"].strip()
                if pending:
                    self.doubt(
                        f"dòng {pending['row']}: đề mục “{pending['title']}” không có chỉ tiêu nào, bị bỏ qua",
                        f"row {pending['row']}: heading “{pending['title']}” has no indicator under it; left out",
                    )
                pending = {"number": number, "title": title, "row": r + 1}
            elif r in codes:
                code = codes[r]
                label = _text(sheet.value(r, label_col))
                if not label:
                    label = f"Chỉ tiêu {code}"
                    self.doubt(
                        f"dòng {r + 1}: chỉ tiêu {code} không có tên", f"row {r + 1}: indicator {code} has no label"
                    )
                unit = _text(sheet.value(r, unit_col)) if unit_col is not None else ""
                kind = table.kinds.get(r)
                if kind is None:
                    folded = fold(label)
                    hit = STOCK.search(folded)
                    kind = "stock" if hit else "flow"
                    if hit:  # the words as written when folding kept the length (it does for NFC text)
                        same = len(folded) == len(label)
                        self.stock[code] = label[hit.start() : hit.end()] if same else hit.group(1)
                indicators.append({"code": code, "label": label, "unit": unit, "kind": kind})
                if pending:
                    sections.append({"number": pending["number"], "title": pending["title"], "first_code": code})
                    pending = None
        return codes, indicators, sections

    def _rules(
        self, codes: dict[int, str], value_keys: dict[int, tuple[str, str]]
    ) -> tuple[list[dict], dict[str, str]]:
        """The template's formulas as rules: sums down a column (`[28] == [26] + [27]`) and across a row
        (`[@tong] == [@nam] + [@nu]`); a total unequal to its parts is an error."""
        sheet = self.sheet
        down: dict[tuple[str, str], list[str]] = {}  # (code, right side) -> value columns
        across: dict[tuple[str, str], list[str]] = {}  # (left, right) -> codes
        labels = {}
        for r, code in codes.items():
            labels[code] = _text(sheet.value(r, self.table.col("label")))
            for c, (key, _header) in value_keys.items():
                formula = sheet.formulas.get((r, c))
                if formula is None:
                    continue
                where = f"ô {_a1(r, c)} (=" + formula[:60] + ")"
                where_en = f"cell {_a1(r, c)} (=" + formula[:60] + ")"
                terms = _formula_terms(formula)
                if terms is None:
                    self.doubt(
                        f"{where}: công thức không phải tổng/hiệu các ô, không chuyển thành quy tắc",
                        f"{where_en}: not a sum or difference of cells; no rule made of it",
                    )
                    continue
                right = self._down(terms, r, c, codes)
                if right is not None:
                    if right:
                        down.setdefault((code, right), []).append(key)
                    continue
                right = self._across(terms, r, value_keys)
                if right:
                    across.setdefault((f"[@{key}]", right), []).append(code)
                    continue
                self.doubt(
                    f"{where}: công thức dùng ô ngoài bảng hoặc trộn hàng và cột, không chuyển thành quy tắc",
                    f"{where_en}: uses cells outside the table or mixes rows and columns; no rule made of it",
                )
        rules: list[dict] = []
        formulas: dict[str, str] = {}
        all_keys = [k for k, _ in value_keys.values()]
        headers = {k: h for k, h in value_keys.values()}
        for (code, right), keys in down.items():
            parts = re.findall(r"\[([^\]]+)\]", right)
            rule = {
                "id": f"C{len(rules) + 1:02d}",
                "expr": f"[{code}] == {right}",
                "severity": "error",
                "message": f"chỉ tiêu {code} ({{left}}) khác tổng các chỉ tiêu {', '.join(parts)} ({{right}})",
                "message_en": f"code {code} ({{left}}) differs from the sum of codes {', '.join(parts)} ({{right}})",
            }
            if sorted(keys) != sorted(all_keys):
                rule["columns"] = keys
            else:
                formulas[code] = right
            rules.append(rule)
        every = list(codes.values())
        for (left, right), rows in across.items():
            names = " ".join(
                ("- " if sign == "-" else "+ " if i else "") + f"“{headers[k]}”"
                for i, (sign, k) in enumerate(re.findall(r"([+-]?)\s*\[@(\w+)\]", right))
            )
            total = headers[left[2:-1]]
            rule = {
                "id": f"C{len(rules) + 1:02d}",
                "expr": f"{left} == {right}",
                "severity": "error",
                "message": f"chỉ tiêu {{code}}: “{total}” ({{left}}) khác {names} ({{right}})",
                "message_en": f"code {{code}}: “{total}” ({{left}}) differs from {names} ({{right}})",
            }
            if sorted(rows) != sorted(every):
                rule["rows"] = rows
            rules.append(rule)
        return rules, formulas

    def _of_which_rules(self, indicators: list[dict], rules: list[dict]) -> list[dict]:
        """A row "Trong đó: …" (of which) is part of the row it details: `[20] <= [19]`. Its parent is the
        code above it in a hierarchy (2.1 under 2), else the nearest row above that is not itself a part."""
        codes = [i["code"] for i in indicators]
        summed = {r["expr"].split(" == ")[0] for r in rules if " == " in r["expr"]}
        found, parent = [], None
        for indicator in indicators:
            code, label = indicator["code"], indicator["label"]
            if not OF_WHICH.match(fold(label)):
                parent = code
                continue
            above = code.rsplit(".", 1)[0] if "." in code else None
            whole = above if above in codes else parent
            if whole is None or f"[{whole}]" in summed:
                continue
            short = label.split(":", 1)[-1].strip() or label
            found.append(
                {
                    "id": f"D{len(found) + 1:02d}",
                    "expr": f"[{code}] <= [{whole}]",
                    "severity": "error",
                    "message": f"“{short[:50]}” ({{left}}) nhiều hơn chỉ tiêu {whole} mà nó thuộc về ({{right}})",
                    "message_en": f"code {code} ({{left}}) exceeds code {whole} it is part of ({{right}})",
                }
            )
        if found:
            exprs = ", ".join(r["expr"] for r in found)
            self.doubt(
                f"đoán từ chữ “Trong đó”: {exprs} (số “trong đó” không lớn hơn số của dòng trên)",
                f"guessed from the words “Trong đó” (of which): {exprs} (a part is not more than its whole)",
            )
        return found

    def _down(self, terms: list, row: int, col: int, codes: dict[int, str]) -> str | None:
        """The right side `[26] + [27]` when every cell is in the same column; "" when it names no code."""
        parts = []
        for sign, term in terms:
            if isinstance(term, int):
                return None
            sheet_name, r, c = term
            if sheet_name and sheet_name != self.sheet.name or c != col or r == row:
                return None
            if r in codes:
                parts.append(("-" if sign < 0 else "+", f"[{codes[r]}]"))
            elif self.table.rows.get(r) == "indicator" or not (self.table.header[1] < r <= self.table.end):
                return None
        return _join(parts)

    def _across(self, terms: list, row: int, value_keys: dict[int, tuple[str, str]]) -> str | None:
        parts = []
        for sign, term in terms:
            if isinstance(term, int):
                return None
            sheet_name, r, c = term
            if sheet_name and sheet_name != self.sheet.name or r != row or c not in value_keys:
                return None
            parts.append(("-" if sign < 0 else "+", f"[@{value_keys[c][0]}]"))
        return _join(parts)

    def _validation_rules(self, codes: dict[int, str], value_keys: dict[int, tuple[str, str]]) -> list[dict]:
        """Excel data validation on the value cells: whole ≥ 0 is what the tool checks anyway; bounds become
        rules; decimals and lists are said in the doubts."""
        found: dict[tuple[str, str], list[str]] = {}
        seen_whole = False
        for validation in self.sheet.validations:
            cells = [(r, c) for r in codes for c in value_keys if validation.covers(r, c)]
            if not cells:
                continue
            kind = validation.kind
            if kind == "whole":
                seen_whole = True
                low, high = _bounds(validation)
                for r, c in cells:
                    key = value_keys[c][0]
                    if high is not None and high < 10**9:
                        found.setdefault((f"[@{key}] <= {high}", key), []).append(codes[r])
                    if low is not None and low > 0:
                        found.setdefault((f"[@{key}] >= {low}", key), []).append(codes[r])
                    if low is not None and low < 0:
                        self.doubt(
                            f"ô {_a1(r, c)}: Excel cho phép số âm, công cụ chỉ nhận số nguyên ≥ 0",
                            f"cell {_a1(r, c)}: Excel allows negative numbers; the tool takes whole numbers ≥ 0 only",
                        )
                        break
            elif kind == "decimal":
                where = _a1(*cells[0])
                self.doubt(
                    f"ô {where} …: Excel cho phép số thập phân; công cụ đếm số nguyên, số lẻ bị báo lỗi",
                    f"cell {where} …: Excel allows decimals; the tool counts whole numbers, decimals are errors",
                )
            elif kind == "list":
                allowed = ", ".join(validation.allowed[:5])
                self.doubt(
                    f"ô {_a1(*cells[0])} …: ô số liệu có danh sách chọn ({allowed}), không dùng",
                    f"cell {_a1(*cells[0])} …: a value cell with a drop-down list ({allowed}); not used",
                )
        if seen_whole:
            self.note(
                "ô số liệu có kiểm tra dữ liệu của Excel: số nguyên ≥ 0 (công cụ luôn kiểm tra điều này)",
                "value cells carry Excel data validation: whole numbers ≥ 0 (the tool always checks this)",
            )
        rules = []
        every = list(codes.values())
        for index, ((expr, _key), rows) in enumerate(found.items(), 1):
            op, bound = expr.split()[1], expr.split()[2]
            above = op == "<="
            rule = {
                "id": f"V{index:02d}",
                "expr": expr,
                "severity": "error",
                "message": f"chỉ tiêu {{code}}: giá trị {{left}} {'lớn hơn' if above else 'nhỏ hơn'} {bound}"
                " (kiểm tra dữ liệu của biểu)",
                "message_en": f"code {{code}}: value {{left}} {'above' if above else 'below'} {bound}"
                " (the form's data validation)",
            }
            if sorted(set(rows)) != sorted(every):
                rule["rows"] = sorted(set(rows), key=every.index)
            rules.append(rule)
        return rules

    def _labels(self) -> dict[str, str]:
        labels = {}
        missing = []
        missing_en: list[str] = []
        for key, default in DEFAULT_LABELS.items():
            hit = self.layout.labels.get(key)
            if hit:
                labels[key] = hit[3]
            elif key == "period":  # the units' files cannot state it: the batch's period is theirs
                labels[key] = ""
                self.doubt(
                    "phần đầu biểu không có dòng kỳ báo cáo: kỳ của mỗi tệp là kỳ của đợt tổng hợp "
                    "(không phát hiện được tệp gửi nhầm kỳ)",
                    "the header block has no period line: each file's period is the batch's "
                    "(a file sent for another period cannot be told)",
                )
            else:
                labels[key] = default
                missing.append(LABEL_NAMES[key])
                missing_en.append(LABEL_NAMES_EN[key])
        if missing:
            self.doubt(
                "phần đầu biểu không có nhãn "
                + ", ".join(missing)
                + ": dùng nhãn mặc định (biểu mẫu trống của công cụ sẽ có)",
                "the header block has no label for "
                + ", ".join(missing_en)
                + ": default labels used (the tool's templates have them)",
            )
        return labels

    def _list_sheet(self) -> dict | None:
        if not self.layout.lists:
            return None
        found = self.layout.lists[0]
        sheet = _sheet(self.book, found.sheet)
        taken: set[str] = set()
        columns = []
        for c, header in sorted(found.columns.items()):
            role = role_of(header)
            key = "stt" if role == "stt" and "stt" not in taken else slug(header, taken)
            taken.add(key)
            column: dict[str, Any] = {"key": key, "header": header}
            below = [v for v in sheet.validations if any(b[1] <= c <= b[3] and b[2] > found.header for b in v.boxes)]
            for validation in below:
                if validation.kind == "list" and validation.allowed:
                    column["allowed"] = list(validation.allowed)
                elif validation.kind == "whole":
                    low, _high = _bounds(validation)
                    if low and 1800 <= low <= 2100:
                        column["kind"], column["min"] = "year", low
            if "kind" not in column and re.match(r"^nam\b", header_key(header)) and key != "stt":
                column["kind"] = "year"
                self.doubt(
                    f"danh sách: cột “{header}” đoán là năm (chữ “Năm”), không có giới hạn năm nhỏ nhất",
                    f"list: column “{header}” guessed to hold years (the word “Năm”), with no earliest year",
                )
            columns.append(column)
        names = [c for c in columns if c["key"] != "stt" and "allowed" not in c and c.get("kind") != "year"]
        if names:
            names[0]["required"] = True
            self.doubt(
                f"danh sách: cột “{names[0]['header']}” đoán là bắt buộc (cột chữ đầu tiên)",
                f"list: column “{names[0]['header']}” guessed to be required (the first text column)",
            )
        for c in columns:
            if c.get("allowed"):
                self.note(
                    f"danh sách: cột “{c['header']}” chỉ nhận: {', '.join(c['allowed'])}",
                    f"list: column “{c['header']}” takes only: {', '.join(c['allowed'])}",
                )
        extra = self.layout.lists[1:]
        if extra:
            self.doubt(
                "chỉ dùng danh sách đầu tiên; bỏ qua: " + ", ".join(x.sheet for x in extra),
                "only the first list is used; left out: " + ", ".join(x.sheet for x in extra),
            )
        return {"name": found.sheet, "title": found.title, "end_markers": DEFAULT_END_MARKERS, "columns": columns}

    def _describe_header(self, data: dict) -> None:
        """What was found above the table: the labels, the form number, the title."""
        for key, hit in self.layout.labels.items():
            written = _text(_sheet(self.book, hit[0]).value(hit[1], hit[2]))
            self.note(
                f"nhãn “{hit[3]}:” ({LABEL_NAMES[key]}) ở ô {_a1(hit[1], hit[2])}",
                f"label “{hit[3]}:” ({LABEL_NAMES_EN[key]}) in cell {_a1(hit[1], hit[2])}",
            )
            if ":" not in written and header_key(written) != header_key(hit[3]):  # "Mẫu số 03/TP", one cell
                self.doubt(
                    f"ô {_a1(hit[1], hit[2])} “{written}” không có dấu hai chấm: tệp của đơn vị chỉ được đọc nhãn "
                    f"“{hit[3]}:” khi có dấu “:”",
                    f"cell {_a1(hit[1], hit[2])} “{written}” has no colon: units' files are read for "
                    f"“{hit[3]}:” only with one",
                )
        if data["form_number"]:
            self.note(f"số biểu: {data['form_number']}", f"form number: {data['form_number']}")
        if self.layout.title:
            self.note(f"tên biểu: {self.layout.title[3]}", f"title: {self.layout.title[3]}")
        else:
            self.doubt(
                "không thấy tên biểu phía trên bảng: dùng mã biểu làm tên",
                "no title above the table: the form id is used as its name",
            )
        if not data["form_number"]:
            self.doubt(
                "không thấy số biểu (“Biểu số:”/“Mẫu số:”): tệp của đơn vị sẽ không được đối chiếu số biểu",
                "no form number (“Biểu số:”/“Mẫu số:”): units' files will not be checked against it",
            )

    def _describe(
        self, data: dict, value_keys: dict[int, tuple[str, str]], match: str, more: list[TableLayout]
    ) -> None:
        table = self.table
        top, bottom = table.header
        header = f"dòng {top + 1}" if top == bottom else f"dòng {top + 1}–{bottom + 1}"
        header_en = f"row {top + 1}" if top == bottom else f"rows {top + 1}–{bottom + 1}"
        self.note(
            f"bảng chỉ tiêu ở trang “{table.sheet}”, tiêu đề bảng {header}",
            f"indicator table on sheet “{table.sheet}”, header {header_en}",
            at=0,
        )
        if table.index_row is not None:
            self.note(
                f"dòng đánh số cột (1), (2)… ở dòng {table.index_row + 1}: bỏ qua khi đọc",
                f"the row numbering the columns (1), (2)… is row {table.index_row + 1}: skipped when reading",
                at=1,
            )
        for role in ("stt", "code", "label", "unit"):
            col = table.col(role)
            if col is not None:
                self.note(
                    f"cột {_col(col)} “{table.headers[col][-1]}”: {ROLE_NAMES[role]}",
                    f"column {_col(col)} “{table.headers[col][-1]}”: {ROLE_NAMES_EN[role]}",
                )
        for c, (key, header) in value_keys.items():
            self.note(
                f"cột {_col(c)} “{header}”: cột số liệu ({key})", f"column {_col(c)} “{header}”: value column ({key})"
            )
        for c, role in sorted(table.columns.items()):
            if role == "skip":
                named = " / ".join(table.headers.get(c, [""]))
                self.note(
                    f"cột {_col(c)} “{named}”: không đọc (công thức hoặc chữ)",
                    f"column {_col(c)} “{named}”: not read (formulas or text)",
                )
        if match == "label":
            self.note(
                "các dòng được nhận theo tên chỉ tiêu (biểu không có mã số)",
                "rows are found by their labels (the form has no codes)",
            )
        for extra, sheet in zip(more, data.get("more_sheets", []), strict=True):
            codes = [i["code"] for i in data["indicators"] if i.get("sheet") == extra.sheet]
            prefix, title = sheet.get("prefix", ""), sheet.get("title", "")
            shown = f"; tiêu đề “{title}”" if title else ""
            shown_en = f"; titled “{title}”" if title else ""
            if prefix:
                shown += f"; trong trang mã số ghi như trang đầu, biểu mẫu thêm “{prefix}” phía trước"
                shown_en += f"; its codes are written as on the first sheet, the form puts “{prefix}” before them"
            self.note(
                f"trang “{extra.sheet}”: bảng chỉ tiêu cùng các cột, thuộc cùng biểu mẫu "
                f"({len(codes)} chỉ tiêu {_span(codes)}{shown})",
                f"sheet “{extra.sheet}”: an indicator table with the same columns, part of the same form "
                f"({len(codes)} indicators {_span(codes)}{shown_en})",
            )
        codes = [i["code"] for i in data["indicators"]]
        self.note(
            f"{len(codes)} chỉ tiêu: {_span(codes)}; {len(data['sections'])} đề mục",
            f"{len(codes)} indicators: {_span(codes)}; {len(data['sections'])} headings",
        )
        self._describe_header(data)
        for rule in data["rules"]:
            some = bool(rule.get("rows"))
            self.note(
                f"quy tắc {rule['id']}: {rule['expr']}" + (" (chỉ một số dòng)" if some else ""),
                f"rule {rule['id']}: {rule['expr']}" + (" (some rows only)" if some else ""),
            )
        if self.stock:
            guessed = "; ".join(f"{code} (“{words}”)" for code, words in self.stock.items())
            self.doubt(
                f"đoán là số đến cuối kỳ (stock), cần xác nhận: {guessed}",
                f"guessed to be end-of-period counts (stock), to confirm: {guessed}",
            )
        self.doubt(
            "các chỉ tiêu còn lại đoán là số phát sinh trong kỳ (flow), cộng dồn khi gộp kỳ",
            "the other indicators are guessed to arise in the period (flow), added up when periods are combined",
        )
        if "formulas" in self.book.missing:
            self.doubt(
                f"định dạng {self.book.path.suffix} không cho đọc công thức: không có quy tắc nào từ công thức",
                f"the {self.book.path.suffix} format gives no formulas: no rule comes from formulas",
            )
        if "validation" in self.book.missing:
            self.doubt(
                f"định dạng {self.book.path.suffix} không cho đọc kiểm tra dữ liệu (danh sách chọn, giới hạn)",
                f"the {self.book.path.suffix} format gives no data validation (drop-down lists, bounds)",
            )
        if "bold" in self.book.missing:
            self.doubt(
                "không đọc được chữ đậm: đề mục chỉ nhận theo số La Mã, chữ hoa hoặc ô gộp",
                "bold cannot be read: headings are found by roman numbers, capitals or merged cells only",
            )
        for extra in self.layout.tables[1:]:
            if extra in more:
                continue
            self.doubt(
                f"trang “{extra.sheet}” cũng có bảng chỉ tiêu; biểu mẫu này chỉ dùng bảng của trang “{table.sheet}”"
                f" (học trang kia thành biểu mẫu riêng: tonghop form learn … --sheet “{extra.sheet}”)",
                f"sheet “{extra.sheet}” has an indicator table too; this form uses the table of “{table.sheet}” only"
                f" (learn the other as a form of its own: tonghop form learn … --sheet “{extra.sheet}”)",
            )


def _bounds(validation) -> tuple[int | None, int | None]:
    def number(text: str) -> int | None:
        try:
            return int(float(text))
        except ValueError:
            return None

    first, second = number(validation.first), number(validation.second)
    op = validation.operator
    if op == "between":
        return first, second
    if op in ("greaterThanOrEqual", "greaterThan"):
        return (first + (op == "greaterThan")) if first is not None else None, None
    if op in ("lessThanOrEqual", "lessThan"):
        return None, (first - (op == "lessThan")) if first is not None else None
    return None, None


def _join(parts: list[tuple[str, str]]) -> str:
    return " ".join((("+ " if i else "") if sign == "+" else "- ") + text for i, (sign, text) in enumerate(parts))


def _normalise_code(raw: Any) -> str:
    from desktop.io.reader import normalise_code

    return normalise_code(raw)


def _id_from(form_number: str, title: str, stem: str) -> str:
    source = form_number or stem or title
    text = re.sub(r"[^A-Z0-9]+", "-", fold(source).upper()).strip("-")
    return text[:40] or "BIEU-MOI"


def _col(col: int) -> str:
    from desktop.io.workbook import column_letter

    return column_letter(col)


def _a1(row: int, col: int) -> str:
    return f"{_col(col)}{row + 1}"


def _span(codes: list[str]) -> str:
    return ", ".join(codes) if len(codes) <= 8 else f"{', '.join(codes[:4])} … {', '.join(codes[-2:])}"


def summary(learned: Learned) -> str:
    """What the learner found and guessed, in Vietnamese, for the terminal."""
    form = learned.form
    lines = [f"Biểu mẫu {form.id}: {form.title}", "", "Đã nhận ra:"]
    lines += [f"  - {line}" for line in learned.found]
    lines += ["", "Cần xác nhận (đoán hoặc chưa chắc):"]
    lines += [f"  ? {line}" for line in learned.doubts] or ["  (không có)"]
    return "\n".join(lines)


def form_yaml(form: Form) -> str:
    """The form as a schema file `--form` loads, its fields in the built-in form's order."""
    import yaml

    data = form.model_dump(exclude_defaults=True)
    data["version"] = form.version
    head = (
        f"# Biểu mẫu {form.id}, học từ tệp Excel của cơ quan (tonghop form learn).\n"
        "# Kiểm tra các chỗ đoán (kind: flow/stock, quy tắc) trước khi dùng.\n"
    )
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


def check_sample(form: Form, sub: Any) -> dict[str, list[str]]:
    """Rule id -> the cells of the sample file where it breaks ("E14"), for the window's live check."""
    from desktop.checks import check_rules

    found: dict[str, list[str]] = {rule.id: [] for rule in form.rules}
    for issue in check_rules(sub, form):
        found.setdefault(issue.check, []).append(issue.cell or "?")
    return found


def with_changes(form: Form, **changes: Any) -> Form:
    """The form with some fields replaced (rules, kinds, id, name), validated again."""
    data = form.model_dump()
    kinds = changes.pop("kinds", None)
    if kinds:
        data["indicators"] = [{**i, "kind": kinds.get(i["code"], i["kind"])} for i in data["indicators"]]
    data.update(changes)
    return Form.model_validate(data)


def reclassify_rows(book: ScannedBook, table: TableLayout) -> None:
    """Judge the rows again after the user changed a column's role (a new code or label column)."""
    start = (table.index_row if table.index_row is not None else table.header[1]) + 1
    table.rows = _row_roles(_sheet(book, table.sheet), table, start)
