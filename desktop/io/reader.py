"""Reading a unit workbook into a Submission.

The form is found by its labels and codes, never by fixed addresses: sheets may be renamed,
reordered or hidden, rows and columns inserted, the header block moved, header cells merged.
"""

from __future__ import annotations

import re
from collections import ChainMap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from desktop.forms import Form
from desktop.io import marks
from desktop.io.ooxml import address, column_letter, formula_cells_without_value, parse_address
from desktop.io.workbook import Book, SheetGrid, formulas_without_value
from desktop.issues import make_issue, raises
from desktop.rules import Code, Rule, RuleSyntaxError, evaluate_sum, parse_rule, parse_sum
from desktop.submission import Figure, ListRow, Located, Submission
from desktop.vntext import (
    CleanText,
    clean_text,
    could_be_legacy,
    fold,
    format_number,
    legacy_context,
    parse_count,
    parse_signed_count,
    squash,
)

HEADER_SEARCH_ROWS = 200
HEADER_SEARCH_COLS = 200  # real forms keep their headers and labels within the first few dozen columns
MAX_LIST_ROWS = 20_000  # a commune lists dozens of models; a province workbook, read for the national total,
# lists every model of up to ~170 communes (5.000–7.000 rows)
META_SHEET = "_meta"


@dataclass(frozen=True)
class TableLocation:
    sheet: SheetGrid
    header_top: int
    header_bottom: int
    code_col: int
    value_cols: dict[str, int]


def text_keys(value: str, context: str | None = None) -> set[str]:
    """Text as compared: folded as it stands and, in a sheet typed in a legacy encoding (`context`),
    folded after decoding too (a sheet typed with .VnTime fonts may still hold Unicode headers)."""
    keys = {fold(value)}
    if context:
        keys.add(fold(clean_text(value, context).text))
    return keys


@lru_cache(maxsize=8192)
def header_keys(value: Any, context: str | None = None) -> frozenset[str]:
    if not isinstance(value, str):
        return set()
    return {
        re.sub(r"\s*\(.*\)$", "", key).strip() if not key.startswith("(") else key for key in text_keys(value, context)
    }


def normalise_code(raw: Any) -> str:
    if isinstance(raw, bool) or raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int):
        return f"{raw:02d}"
    text = squash(str(raw)).replace(" ", "").rstrip(".")
    return text.zfill(2) if text.isdigit() else text


RowTexts = list[tuple[int, str]]  # (column, text) of a row's non-empty text cells


def sheet_texts(sheet: SheetGrid) -> list[RowTexts]:
    """The text cells where headers and labels are looked for: the first rows and columns, once per sheet.

    Empty cells (most of a grid) are skipped by `compress` without a Python step each.
    """
    found = []
    for row in sheet.rows[: HEADER_SEARCH_ROWS + 3]:
        row = row[:HEADER_SEARCH_COLS]
        found.append([(c, row[c]) for c in compress(range(len(row)), row) if isinstance(row[c], str)])
    return found


def _find_table(
    sheet: SheetGrid, form: Form, context: str | None = None, texts: list[RowTexts] | None = None
) -> TableLocation | None:
    texts = sheet_texts(sheet) if texts is None else texts
    spec = form.indicator_sheet
    code_key = wanted_key(spec.columns[spec.match])
    paths = {key: text for key, text in spec.value_columns.items() if HEADER_PATH in text}
    wanted = {key: wanted_key(text.rsplit(HEADER_PATH, 1)[-1]) for key, text in spec.value_columns.items()}
    # per row, the first column where each wanted header (and the code header) stands: computed once, so a
    # sheet full of "Mã số" cells (a damaged or hostile file) costs no more than any other
    searched = {**wanted, _CODE: code_key}
    hits = [_header_hits(row, searched, context) if row else {} for row in texts[: HEADER_SEARCH_ROWS + 3]]
    first = next(iter(wanted))
    for r in range(min(len(hits), HEADER_SEARCH_ROWS)):
        code_col = hits[r].get(_CODE)
        if code_col is None:
            continue
        found: dict[str, tuple[int, int]] = {}
        for rr in range(max(0, r - 1), min(len(hits), r + 3)):
            for column, cc in hits[rr].items():
                if column is not _CODE and column not in paths:
                    found.setdefault(column, (rr, cc))
        if paths:
            found.update(_path_columns(sheet, texts, r, paths, context))
        if first in found:
            bottom = max([r] + [pos[0] for pos in found.values()])
            return TableLocation(sheet, r, bottom, code_col, {k: pos[1] for k, pos in found.items()})
    return None


_NUMBERED = re.compile(r"\d+(?:\.\d+)*")
_CODE = object()  # the code header's key among the value columns' (which are strings)
HEADER_PATH = " / "  # a value column's header under a merged parent: "Trong kỳ / Nam"


def wanted_key(text: str) -> str:
    """A form's header text as compared with a cell's (header_keys): folded, a trailing "(…)" dropped."""
    key = fold(text)
    return re.sub(r"\s*\(.*\)$", "", key).strip() if not key.startswith("(") else key


def _path_columns(
    sheet: SheetGrid, texts: list[RowTexts], top: int, paths: dict[str, str], context: str | None
) -> dict[str, tuple[int, int]]:
    """Columns of "Parent / Leaf" headers: the leaf's cell that stands under the parent's cell (or under the
    cells it is merged with), in the rows of the header that starts at `top`."""
    found: dict[str, tuple[int, int]] = {}
    rows = range(max(0, top - 1), min(len(texts), top + 3))
    for key, text in paths.items():
        whole = wanted_key(text)
        hit = next(((r, c) for r in rows for c, v in texts[r] if whole in header_keys(v, context)), None)
        if hit:  # the path written in one cell, as the tool's own template does
            found[key] = hit
            continue
        parent, leaf = (wanted_key(part) for part in text.rsplit(HEADER_PATH, 1))
        for pr in rows:
            for pc, value in texts[pr]:
                if parent not in header_keys(value, context):
                    continue
                last = next((b[3] for b in sheet.merged if b[0] == pr and b[1] == pc), pc)
                for lr in range(pr + 1, min(len(texts), top + 3)):
                    hit = next(
                        (lc for lc, v in texts[lr] if pc <= lc <= last and leaf in header_keys(v, context)), None
                    )
                    if hit is not None:
                        found.setdefault(key, (lr, hit))
                        break
    return found


def _header_hits(row: RowTexts, wanted: dict[str, str], context: str | None) -> dict[str, int]:
    """Column key -> the first column of the row whose header matches it."""
    hits: dict[str, int] = {}
    for c, value in row:
        keys = header_keys(value, context)
        for column, text in wanted.items():
            if text in keys and column not in hits:
                hits[column] = c
    return hits


def _label_value(
    sheet: SheetGrid, row: int, col: int, after_colon: str, labels: Iterable[str] = ()
) -> tuple[Any, str] | None:
    """The label's value: after its colon, else the next cell to its right, unless that cell is itself one
    of the form's `labels` (folded): "Mã đơn vị:" left empty, then "Kỳ báo cáo: …"."""
    if after_colon.strip():
        return after_colon.strip(), address(row, col)
    for cc in range(col + 1, len(sheet.rows[row])):
        value = sheet.value(row, cc)
        if value is not None and not (isinstance(value, str) and not value.strip()):
            if isinstance(value, str) and fold(value.partition(":")[0]) in labels:
                return None
            return value, address(row, cc)
    return None


def _find_labels(
    ordered: Iterable[SheetGrid],
    form: Form,
    table: TableLocation | None,
    contexts: dict[str, str | None],
    texts: dict[str, list[RowTexts]],
) -> dict[str, Located]:
    """The labels of the first sheet that has any, in `ordered` (the table's sheet first, then the others)."""
    wanted = {key: fold(text) for key, text in form.labels.model_dump().items() if text.strip()}
    found: dict[str, Located] = {}
    for sheet in ordered:
        if sheet.name == META_SHEET:
            continue
        limit = table.header_top if table and sheet is table.sheet else HEADER_SEARCH_ROWS
        for r, row in enumerate(texts[sheet.name][:limit]):
            for c, value in row:
                # "Đơn vị báo cáo: Xã A", or the label alone in its cell and the value in one to its right
                before, _, after = value.partition(":")
                keys = text_keys(before, contexts.get(sheet.name))
                for label, text in wanted.items():
                    if label in found or text not in keys:
                        continue
                    hit = _label_value(sheet, r, c, after, wanted.values())
                    if hit:
                        found[label] = Located(hit[0], sheet.name, hit[1])
        if found:
            break
    return found


def _read_meta(meta_sheet: SheetGrid | None) -> dict[str, str]:
    if meta_sheet is None:
        return {}
    return {
        squash(str(row[0])): squash(str(row[1]))
        for row in meta_sheet.rows[:50]
        if len(row) >= 2 and row[0] not in (None, "") and row[1] not in (None, "")
    }


def _find_list(
    sheets: Iterable[SheetGrid], form: Form, contexts: dict[str, str | None], texts: dict[str, list[RowTexts]]
) -> tuple[SheetGrid, int, dict[str, int]] | None:
    spec = form.list_sheet
    if spec is None:
        return None
    wanted = {c.key: fold(c.header) for c in spec.columns}
    required = {c.key for c in spec.columns if c.required} or {spec.columns[0].key}
    for sheet in sheets:
        rows = texts[sheet.name]
        down = _merged_down(sheet, rows)
        for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            if not row:
                continue
            cols = _header_hits(row + down.get(r, []), wanted, contexts.get(sheet.name))
            if required <= cols.keys() and len(cols) >= min(3, len(wanted)):
                return sheet, r, cols
    return None


def _merged_down(sheet: SheetGrid, rows: list[RowTexts]) -> dict[int, RowTexts]:
    """Row -> the texts of cells merged down into it from above, in the rows a header is looked for: a
    list's header of two rows (“STT” over both rows, beside a group “Thông tin” over “Họ và tên | Năm
    sinh”) is read as its lower row."""
    down: dict[int, RowTexts] = {}
    for r1, c1, r2, _c2 in sheet.merged:
        if r1 < r2 and r1 < min(len(rows), HEADER_SEARCH_ROWS):
            text = next((t for c, t in rows[r1] if c == c1), None)
            if text is None:
                continue
            for r in range(r1 + 1, min(r2, HEADER_SEARCH_ROWS) + 1):
                down.setdefault(r, []).append((c1, text))
    return down


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@raises("list_too_long")
def _read_list(
    sheet: SheetGrid, header: int, cols: dict[str, int], form: Form, sub: Submission, context: str | None = None
) -> list[ListRow]:
    markers = tuple(fold(m) for m in form.list_sheet.end_markers)
    # values a validation list inserts are Unicode even in a sheet typed with a legacy font
    allowed = {c.key: {fold(a) for a in c.allowed} for c in form.list_sheet.columns if c.allowed}
    required = [cols[c.key] for c in form.list_sheet.columns if c.required and c.key in cols]
    marker_col = min(required) if required else min(cols.values())
    columns = [(key, column_letter(c), allowed.get(key, ())) for key, c in cols.items()]
    indexes = list(cols.values())
    last = max(indexes)
    pick = itemgetter(*indexes) if len(indexes) > 1 else lambda row: (row[indexes[0]],)
    cleaned_texts: dict[tuple[str, str | None], CleanText] = {}
    numbering = [i for i, key in enumerate(cols) if _is_numbering(form.list_sheet.column(key).header)]
    rows: list[ListRow] = []
    for r in range(header + 1, len(sheet.rows)):
        if len(rows) == MAX_LIST_ROWS:
            sub.issues.append(
                make_issue(
                    "list_too_long",
                    "error",
                    file=sub.path,
                    sheet=sheet.name,
                    cell=address(r, marker_col),
                    list_name=form.list_sheet.name,
                    max=format_number(MAX_LIST_ROWS),
                )
            )
            break
        row = sheet.rows[r]
        cells = pick(row) if len(row) > last else tuple(row[c] if c < len(row) else None for c in indexes)
        state = _row_state(cells)
        if not state:
            if rows or r > header + 2:
                break
            continue
        if _is_end_marker(row, marker_col, markers, context):
            break
        if state == _OPENS_WITH_PARENTHESIS and _is_column_index_row(cells):
            continue  # the column-index row "(1) (2) ..."
        if numbering and _only_numbered(cells, numbering):
            continue  # a template row numbered in advance and left empty
        number = str(r + 1)
        values: dict[str, Any] = {}
        where: dict[str, str] = {}
        for (key, letters, own_allowed), value in zip(columns, cells, strict=True):
            cell = where[key] = letters + number
            if isinstance(value, str):
                if value:
                    own = None if context is None or own_allowed and fold(value) in own_allowed else context
                    cleaned = cleaned_texts.get((value, own))
                    if cleaned is None:
                        cleaned = cleaned_texts[value, own] = clean_text(value, own)
                    if cleaned.check:
                        _note_cleaned(cleaned, value, sheet.name, cell, sub)
                    value = cleaned.text
                value = value or None
            elif isinstance(value, float) and value.is_integer():
                value = int(value)
            values[key] = value
        rows.append(ListRow(r + 1, values, where))
    return rows


_OPENS_WITH_PARENTHESIS = 2
_NUMBERING_HEADERS = {"stt", "tt", "so tt", "so thu tu", "thu tu"}
_ROW_NUMBER = re.compile(r"\d{1,5}\.?")


def _is_numbering(header: str) -> bool:
    """A column that numbers the rows ("STT", "TT", "Số thứ tự")."""
    return re.sub(r"[^a-z ]", "", fold(header)).strip() in _NUMBERING_HEADERS


def _only_numbered(cells: tuple[Any, ...], numbering: list[int]) -> bool:
    """A row holding nothing but its number in the numbering column: an empty row of a pre-numbered list."""
    for index, value in enumerate(cells):
        if _is_empty(value):
            continue
        if index not in numbering:
            return False
        if not (isinstance(value, int | float) and not isinstance(value, bool)) and not (
            isinstance(value, str) and _ROW_NUMBER.fullmatch(value.strip())
        ):
            return False
    return True


def _row_state(cells: tuple[Any, ...]) -> int:
    """0 when every cell is empty, else 1, or _OPENS_WITH_PARENTHESIS when a text starts with "(" (it may be
    the row numbering the columns)."""
    state = 0
    for value in cells:
        if isinstance(value, str):
            if value and not value.isspace():
                if "(" in value and value.lstrip()[0] == "(":
                    return _OPENS_WITH_PARENTHESIS
                state = 1
        elif value is not None:
            state = 1
    return state


def _is_column_index_row(cells: list[Any]) -> bool:
    """The row under a header that numbers its columns: "(1)", "(2)", ..."""
    for value in cells:  # noqa: SIM110 (a loop: no generator to build, once per list row)
        if isinstance(value, str) and value.strip().startswith("("):
            return all(_COLUMN_INDEX.fullmatch(squash(str(v))) for v in cells if not _is_empty(v))
    return False


_COLUMN_INDEX = re.compile(r"\(?\d+\)?")


def _is_end_marker(row: list[Any], last: int, markers: tuple[str, ...], context: str | None = None) -> bool:
    """A total row or the signature block: its marker stands in or left of the list's first required column."""
    for v in row[: last + 1]:  # noqa: SIM110 (a loop: no generator to build, once per list row)
        if isinstance(v, str) and v and _starts_with_marker(v, context, markers):
            return True
    return False


@lru_cache(maxsize=8192)
def _starts_with_marker(value: str, context: str | None, markers: tuple[str, ...]) -> bool:
    if not value.strip():
        return False
    texts = text_keys(value, context)
    return any(text == m or text.startswith(m + " ") or text.startswith(m + ":") for text in texts for m in markers)


def _clean(value: str, sheet: str, cell: str, sub: Submission, context: str | None = None) -> str:
    """NFC text, legacy encodings converted, with a note naming the cell when it changed."""
    cleaned = clean_text(value, context)
    if cleaned.check:
        _note_cleaned(cleaned, value, sheet, cell, sub)
    return cleaned.text


@raises("legacy_text", "decomposed_text")
def _note_cleaned(cleaned: CleanText, value: str, sheet: str, cell: str, sub: Submission) -> None:
    """The note that a cell's text was converted (legacy encoding, decomposed marks), naming the cell."""
    sub.issues.append(
        make_issue(
            cleaned.check,
            "info",
            file=sub.path,
            sheet=sheet,
            cell=cell,
            value=value,
            encoding=cleaned.encoding or "",
            text=value[:60],
            converted=cleaned.text[:60],
        )
    )


@raises("column_missing")
def _check_columns(table: TableLocation, form: Form, sub: Submission) -> None:
    """A value column of the form the table lacks (deleted, renamed, its merged header undone) is said: its
    figures are not read, never taken as zeros."""
    optional = form.indicator_sheet.optional
    for key, header in form.indicator_sheet.value_columns.items():
        if key not in table.value_cols:
            sub.issues.append(
                make_issue(
                    "column_missing",
                    "warning" if key in optional else "error",
                    file=sub.path,
                    sheet=table.sheet.name,
                    cell=address(table.header_top, table.code_col),
                    header=header,
                )
            )


@raises("duplicate_code", "missing_code", "unknown_code")
def _read_figures(table: TableLocation, form: Form, sub: Submission, no_value: set[str]) -> list[Pending]:
    """The figures of the table into `sub.figures`; returns the cells whose formula has no cached value,
    to compute once every sheet of the form is read (`_compute_pending`), held meanwhile as empty."""
    sheet = table.sheet
    _check_columns(table, form, sub)
    known = set(form.codes)
    first_seen: dict[str, str] = {}
    rows: dict[str, int] = {}
    by_label = _codes_by_label(form) if form.indicator_sheet.match == "label" else None
    seen_labels: dict[str, int] = {}
    for r in range(table.header_bottom + 1, len(sheet.rows)):
        raw_code = sheet.value(r, table.code_col)
        if by_label is not None:
            code = _code_of_label(raw_code, by_label, seen_labels)
            if not code:
                continue
        else:
            code = normalise_code(raw_code)
        if not code:
            continue
        cell = address(r, table.code_col)
        where = {"file": sub.path, "sheet": sheet.name, "cell": cell, "value": raw_code, "code": code}
        if code not in known:
            if _NUMBERED.fullmatch(code):  # 29, 1.4, 2.1.3: a code the form lacks, not a note typed there
                sub.issues.append(make_issue("unknown_code", "warning", **where, form=form.id))
            continue
        if code in first_seen:
            sub.issues.append(make_issue("duplicate_code", "error", **where, first=first_seen[code]))
            continue
        first_seen[code] = cell
        rows[code] = r
    optional = form.indicator_sheet.optional
    signed = set(form.indicator_sheet.signed_columns)
    pending: list[Pending] = []
    for column, col in table.value_cols.items():
        entered = [r for code, r in rows.items() if not form.by_code[code].formula]
        # a column the unit must fill counts as filled: its empty cells are reported
        filled = column not in optional or any(sheet.value(r, col) is not None for r in entered)
        figures = sub.figures[column] = {}
        for code, r in rows.items():
            cell = address(r, col)
            if cell in no_value:
                figures[code] = Figure(None, sheet.name, cell, None)  # an optional column left empty, or pending
                if filled or not form.by_code[code].formula:
                    pending.append(Pending(column, code, sheet.name, cell))
                continue
            figures[code] = _figure(sheet.value(r, col), code, sheet.name, cell, filled, sub, column in signed)
    for code in form.codes:
        if code not in rows:
            sub.issues.append(
                make_issue(
                    "missing_code",
                    "error",
                    file=sub.path,
                    sheet=sheet.name,
                    code=code,
                    label=form.by_code[code].label,
                )
            )
    return pending


def _codes_by_label(form: Form) -> dict[str, list[str]]:
    """Folded label -> the codes of the indicators with that label, in the form's order."""
    found: dict[str, list[str]] = {}
    for indicator in form.indicators:
        found.setdefault(_label_key(indicator.label), []).append(indicator.code)
    return found


def _label_key(text: Any) -> str:
    """A label as matched: folded, without the numbering typed before it ("1.", "a)", "-")."""
    key = fold(squash(str(text)))
    return re.sub(r"^(?:[0-9ivxlc]+(?:\.[0-9]+)*[.)]|[a-z][.)]|[-+*•])\s*", "", key)


def _code_of_label(raw: Any, by_label: dict[str, list[str]], seen: dict[str, int]) -> str:
    """The code of a row found by its label: the n-th row of a label is the n-th indicator of that label."""
    if not isinstance(raw, str) or not raw.strip():
        return ""
    key = _label_key(raw)
    codes = by_label.get(key)
    if not codes:
        return ""
    index = seen.get(key, 0)
    seen[key] = index + 1
    return codes[index] if index < len(codes) else codes[-1]  # the extra row is reported as a duplicate


class Pending(NamedTuple):
    """A cell whose formula has no cached value, waiting to be computed by the form."""

    column: str
    code: str
    sheet: str
    cell: str


@raises("formula_computed", "formula_no_value")
def _compute_pending(pending: list[Pending], form: Form, sub: Submission) -> None:
    """Cells whose formula has no cached value (the file was saved by a program that does not calculate, such
    as openpyxl): each is the form's own sum over the figures read, said in an info note: the indicator's
    `formula`, or a rule `[04] == [01] + [02]` down every column, or `[@tong] == [@nam] + [@nu]` along
    its rows; a total of totals once its parts are known; what the form cannot compute is an error."""
    if not pending:  # every file Excel or LibreOffice saved
        return
    down: dict[str, list[tuple[str | None, Rule, str]]] = {}  # code -> (its column or any, rule, the sum's text)
    along: dict[str, list[tuple[set[str], Rule, str]]] = {}  # column -> (the codes it holds on: all when empty, …)
    for rule in form.rules:
        _, op, right = rule.expr.partition("==")
        try:
            parsed = parse_rule(rule.expr)
        except RuleSyntaxError:
            continue
        terms = parsed.left.terms
        if op and parsed.op == "==" and len(terms) == 1 and terms[0][0] == 1 and isinstance(terms[0][1], Code):
            left = terms[0][1]
            if left.code:
                down.setdefault(left.code, []).append((left.column, parsed, right.strip()))
            elif left.column:
                along.setdefault(left.column, []).append((set(rule.rows or ()), parsed, right.strip()))
    plain = {column: {c: f.value for c, f in figures.items()} for column, figures in sub.figures.items()}
    at = {f"{c}@{column}": value for column, values in plain.items() for c, value in values.items()}
    while pending:
        waiting = []
        for item in pending:
            column, code, sheet, cell = item
            values = ChainMap(plain[column], at)
            value, formula = None, form.by_code[code].formula
            if formula:
                value = evaluate_sum(form.formula_of(code), values, None)
            candidates = [(r, t) for c, r, t in down.get(code, []) if c in (None, column)]
            candidates += [(r.for_code(code), t) for held, r, t in along.get(column, []) if not held or code in held]
            for rule, text in candidates if value is None else ():
                value, formula = evaluate_sum(rule.right, values, None), text
                if value is not None:
                    break
            if value is None:
                waiting.append(item)
                continue
            where = {"file": sub.path, "sheet": sheet, "cell": cell, "value": None, "code": code}
            sub.issues.append(make_issue("formula_computed", "info", **where, formula=formula, read=value))
            sub.figures[column][code] = Figure(value, sheet, cell, None)
            plain[column][code] = at[f"{code}@{column}"] = value
        if len(waiting) == len(pending):  # nothing more the form can compute
            break
        pending = waiting
    for _column, code, sheet, cell in pending:
        where = {"file": sub.path, "sheet": sheet, "cell": cell, "value": None, "code": code}
        sub.issues.append(make_issue("formula_no_value", "error", **where))


@raises(
    "not_whole_number",
    "negative_number",
    "decimal_number",
    "approximate_number",
    "number_text",
    "blank_as_zero",
)
def _figure(
    raw: Any,
    code: str,
    sheet: str,
    cell: str,
    column_filled: bool,
    sub: Submission,
    signed: bool = False,
) -> Figure:
    where = {"file": sub.path, "sheet": sheet, "cell": cell, "value": raw}
    if raw is None and not column_filled:
        return Figure(None, sheet, cell, raw)  # an optional column left empty: not reported at all
    parsed = parse_signed_count(raw) if signed else parse_count(raw)
    if parsed.check:
        severity = "info" if parsed.value is not None else "error"
        sub.issues.append(
            make_issue(
                parsed.check,
                severity,
                **where,
                code=code,
                text=parsed.text,
                read=parsed.value,
            )
        )
    return Figure(parsed.value, sheet, cell, raw)


class _Sheets:
    """A workbook's sheets as the search reaches them: each loaded (and checked) on first use, with the
    text cells of its first rows and the legacy encoding it was typed in. Sheets the search never
    reaches (a province workbook's source list, say) are never inflated."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.texts: dict[str, list[RowTexts]] = {}
        self.contexts: dict[str, str | None] = {}

    def get(self, name: str) -> SheetGrid:
        sheet = self.book.sheet(name)
        if name not in self.texts and name != META_SHEET:
            self.texts[name] = sheet_texts(sheet)
            self.contexts[name] = _legacy_context(self.texts[name])
        return sheet

    def each(self, skip: str | None = None) -> Iterator[SheetGrid]:
        """The sheets other than _meta (and `skip`), in the workbook's order."""
        for name in self.book.names:
            if name not in (META_SHEET, skip):
                yield self.get(name)


def read_workbook(path: str | Path, form: Form) -> Submission:
    """Read one unit workbook; raises WorkbookError only when the file cannot be opened at all."""
    with Book(path) as book:
        return read_book(book, form)


@raises("form_not_recognised", "form_version")
def read_book(book: Book, form: Form) -> Submission:
    """read_workbook on a workbook already open."""
    path = book.path
    sub = Submission(str(path))
    sheets = _Sheets(book)
    sub.meta = _read_meta(book.sheet(META_SHEET) if META_SHEET in book.names else None)
    sub.output = book.role or (marks.CONSOLIDATED if sub.meta.get("generator") == marks.GENERATOR else None)
    if form.list_only:
        return _read_list_only(book, form, sub, sheets)
    candidates = []
    own = form.indicator_sheet.name
    # the sheet named as the form names it first: a workbook may hold two tables with the same headers
    # (one form per sheet); renamed sheets are still found by their headers
    order = (
        chain([sheets.get(own)], sheets.each(skip=own)) if own in book.names and own != META_SHEET else sheets.each()
    )
    for sheet in order:
        found = _find_table(sheet, form, sheets.contexts[sheet.name], sheets.texts[sheet.name])
        if found:
            candidates.append(found)
            if sheet.visible:
                break  # the first visible sheet with the table wins: later sheets cannot change that
    candidates.sort(key=lambda t: not t.sheet.visible)
    table = candidates[0] if candidates else None
    if table is not None and table.sheet.visible and not sub.meta:
        _refuse_several_units(sub, table, form, sheets)
    _check_meta_form(sub, form)
    if table is None:
        sheet = form.indicator_sheet
        sub.issues.append(
            make_issue(
                "form_not_recognised",
                "error",
                file=sub.path,
                form=form.id,
                code_header=sheet.columns[sheet.match],
                value_header=sheet.value_columns[next(iter(sheet.value_columns))],
            )
        )
        return sub
    sub.sheet = table.sheet.name
    ordered = chain([table.sheet], sheets.each(skip=table.sheet.name))
    sub.labels = {
        key: Located(
            _clean(v.value, v.sheet, v.cell, sub, sheets.contexts.get(v.sheet))
            if isinstance(v.value, str)
            else v.value,
            v.sheet,
            v.cell,
        )
        for key, v in _find_labels(ordered, form, table, sheets.contexts, sheets.texts).items()
    }
    _check_form_number(sub, form)
    xml = book.sheet_xml.get(table.sheet.name)
    if xml is not None:  # inflated already when the sheet was checked
        no_value = formula_cells_without_value(xml)
    else:
        no_value = formulas_without_value(path, table.sheet.name).get(table.sheet.name, set())
    pending = _read_figures(table, form.parts[0].form, sub, no_value)
    pending += _read_more_sheets(book, form, sheets, sub, table)
    _compute_pending(pending, form, sub)
    found_list = _find_list(sheets.each(), form, sheets.contexts, sheets.texts)
    if found_list:
        list_sheet, header, cols = found_list
        sub.list_sheet = list_sheet.name
        sub.list_rows = _read_list(list_sheet, header, cols, form, sub, sheets.contexts[list_sheet.name])
    return sub


@raises("form_version")
def _check_meta_form(sub: Submission, form: Form) -> None:
    """A workbook this tool wrote for another form, or another version of this one, is refused."""
    meta_form = sub.meta.get("form_id")
    if (
        meta_form
        and meta_form != form.id
        or meta_form == form.id
        and sub.meta.get("schema_version") not in (None, form.version)
    ):
        sub.issues.append(
            make_issue(
                "form_version",
                "error",
                file=sub.path,
                sheet=META_SHEET,
                found=f"{meta_form} {sub.meta.get('schema_version', '')}".strip(),
                form=form.id,
                version=form.version,
            )
        )


@raises("list_form_not_recognised", "form_version")
def _read_list_only(book: Book, form: Form, sub: Submission, sheets: _Sheets) -> Submission:
    """A form that is only a list: the list found by its headers, the labels above it, and every
    indicator counted from its rows (the figure points at the header of the column it counts)."""
    _check_meta_form(sub, form)
    found_list = _find_list(sheets.each(), form, sheets.contexts, sheets.texts)
    if found_list is None:
        headers = ", ".join(f"“{c.header}”" for c in form.list_sheet.columns[:4])
        sub.issues.append(make_issue("list_form_not_recognised", "error", file=sub.path, form=form.id, headers=headers))
        return sub
    list_sheet, header, cols = found_list
    sub.sheet = sub.list_sheet = list_sheet.name
    ordered = chain([list_sheet], sheets.each(skip=list_sheet.name))
    sub.labels = {
        key: Located(
            _clean(v.value, v.sheet, v.cell, sub, sheets.contexts.get(v.sheet))
            if isinstance(v.value, str)
            else v.value,
            v.sheet,
            v.cell,
        )
        for key, v in _find_labels(ordered, form, None, sheets.contexts, sheets.texts).items()
        if v.sheet != list_sheet.name or parse_address(v.cell)[0] < header
    }
    _check_form_number(sub, form)
    sub.list_rows = _read_list(list_sheet, header, cols, form, sub, sheets.contexts[list_sheet.name])
    rows = [row.values for row in sub.list_rows]
    first = min(cols.values())
    for indicator in form.indicators:
        counted = parse_sum(indicator.count)
        keys = [term.key for _, term in counted.terms if term.key in cols]
        cell = address(header, cols[keys[0]] if keys else first)
        value = evaluate_sum(counted, {}, rows)
        sub.figures.setdefault(form.main_column, {})[indicator.code] = Figure(value, list_sheet.name, cell, value)
    return sub


@raises("sheet_missing")
def _read_more_sheets(book: Book, form: Form, sheets: _Sheets, sub: Submission, first: TableLocation) -> list[Pending]:
    """The further sheets of a form whose table spans several (`more_sheets`): each found by its name, or
    by its headers among the sheets not read yet; its codes become the form's."""
    taken = {first.sheet.name}
    pending: list[Pending] = []
    for part in form.parts[1:]:
        spec = part.form.indicator_sheet
        order = [sheets.get(spec.name)] if spec.name in book.names and spec.name not in taken else []
        order += [s for s in sheets.each() if s.name not in taken and s.name != spec.name]
        found = [
            t for t in (_find_table(s, part.form, sheets.contexts[s.name], sheets.texts[s.name]) for s in order) if t
        ]
        table = next((t for t in found if t.sheet.visible), found[0] if found else None)
        if table is None:
            sub.issues.append(
                make_issue(
                    "sheet_missing",
                    "error",
                    file=sub.path,
                    sheet=spec.name,
                    table_sheet=spec.name,
                    form=form.id,
                    code_header=spec.columns[spec.match],
                    value_header=next(iter(spec.value_columns.values())),
                    count=len(part.codes),
                )
            )
            continue
        taken.add(table.sheet.name)
        xml = book.sheet_xml.get(table.sheet.name)
        if xml is not None:
            no_value = formula_cells_without_value(xml)
        else:
            no_value = formulas_without_value(book.path, table.sheet.name).get(table.sheet.name, set())
        read = Submission(sub.path)
        pending += [p._replace(code=part.codes[p.code]) for p in _read_figures(table, part.form, read, no_value)]
        for column, figures in read.figures.items():
            sub.figures.setdefault(column, {}).update({part.codes[code]: f for code, f in figures.items()})
        sub.issues += read.issues
    return pending


@raises("several_units")
def _refuse_several_units(sub: Submission, first: TableLocation, form: Form, sheets: _Sheets) -> None:
    """A workbook holding the reports of several units (one form sheet per commune) is refused with an error
    naming the sheets: reading the first only would drop the others' figures without a word.

    Workbooks this program wrote (with a `_meta` sheet) hold one unit and are not searched further.
    """
    units: dict[str, tuple[str, str]] = {}  # folded unit name -> (sheet, name as written)
    for sheet in chain([first.sheet], sheets.each(skip=first.sheet.name)):
        if not sheet.visible:
            continue
        table = (
            first
            if sheet is first.sheet
            else _find_table(sheet, form, sheets.contexts[sheet.name], sheets.texts[sheet.name])
        )
        if table is None:
            continue
        labels = _find_labels([sheet], form, table, sheets.contexts, sheets.texts)
        name = labels.get("unit_name")
        if name is not None and not _is_empty(name.value):
            units.setdefault(fold(str(name.value)), (sheet.name, squash(str(name.value))))
    if len(units) > 1:
        sub.issues.append(
            make_issue(
                "several_units",
                "error",
                file=sub.path,
                sheet=first.sheet.name,
                count=len(units),
                sheets=", ".join(f"“{s}” ({n})" for s, n in units.values()),
            )
        )


def _legacy_context(texts: list[RowTexts]) -> str | None:
    """The legacy encoding (TCVN3, VNI) the sheet was typed in, judged on its first rows together."""
    cells = [t for row in texts[:HEADER_SEARCH_ROWS] for _, v in row if could_be_legacy(t := v[:200])]
    return legacy_context(cells[:2_000])


@raises("form_version")
def _check_form_number(sub: Submission, form: Form) -> None:
    stated = sub.labels.get("form_number")
    if stated is None or not form.form_number:
        return
    compact = re.sub(r"[^a-z0-9]", "", fold(str(stated.value)))
    expected = re.sub(r"[^a-z0-9]", "", fold(form.form_number))
    if expected not in compact:
        sub.issues.append(
            make_issue(
                "form_version",
                "error",
                file=sub.path,
                sheet=stated.sheet,
                cell=stated.cell,
                value=stated.value,
                found=stated.value,
                form=form.form_number,
                version=form.version,
            )
        )


@dataclass(frozen=True)
class TableTraces:
    """A form's indicator table as found in a workbook: its sheet, the form's codes its rows hold, and how
    many of its rows hold a code (or, for a form matched by labels, a label) the form does not have."""

    sheet: str
    codes: frozenset[str]
    foreign: int


@dataclass(frozen=True)
class Traces:
    """What a workbook shows that tells which form it is (desktop.library scores them)."""

    meta: dict[str, str]
    texts: list[str]  # the text cells of the first rows of every sheet: title, form number
    tables: dict[str, TableTraces | None]  # form id -> its table in this workbook, if any

    TEXT_ROWS = 25


def workbook_traces(book: Book, forms: Iterable[Form]) -> Traces:
    """Each form's table, codes and the workbook's header texts and `_meta`, reading every sheet once."""
    sheets = _Sheets(book)
    meta = _read_meta(book.sheet(META_SHEET) if META_SHEET in book.names else None)
    grids = list(sheets.each())
    texts = [text for sheet in grids for row in sheets.texts[sheet.name][: Traces.TEXT_ROWS] for _, text in row]
    tables = {form.id: _form_traces(form, grids, sheets) for form in forms}
    return Traces(meta, texts, tables)


def _form_traces(form: Form, grids: list[SheetGrid], sheets: _Sheets) -> TableTraces | None:
    """The form's table in the workbook, sheet by sheet of it: a visible sheet, and one of the name the form
    gives it, first; the sheet is the first one's, the codes all sheets'. A form that is only a list has
    its list for a table: its indicators are there when the columns they count are."""
    if form.list_only:
        found_list = _find_list(grids, form, sheets.contexts, sheets.texts)
        if found_list is None:
            return None
        list_sheet, _, cols = found_list
        counted = {i.code for i in form.indicators if all(t.key in cols for _, t in parse_sum(i.count).terms)}
        return TableTraces(list_sheet.name, frozenset(counted), 0)
    taken: list[str] = []
    codes: set[str] = set()
    foreign = 0
    for part in form.parts:
        name = part.form.indicator_sheet.name
        found = [_find_table(s, part.form, sheets.contexts[s.name], sheets.texts[s.name]) for s in grids]
        found = sorted(
            (t for t in found if t and t.sheet.name not in taken),
            key=lambda t: (not t.sheet.visible, t.sheet.name != name),
        )
        if found:
            traces = _table_traces(found[0], part.form)
            taken.append(traces.sheet)
            codes |= {part.codes[code] for code in traces.codes}
            foreign += traces.foreign
    return TableTraces(taken[0], frozenset(codes), foreign) if taken else None


def _table_traces(table: TableLocation, form: Form) -> TableTraces:
    sheet, known = table.sheet, set(form.codes)
    by_label = _codes_by_label(form) if form.indicator_sheet.match == "label" else None
    seen: dict[str, int] = {}
    codes, foreign = set(), 0
    for r in range(table.header_bottom + 1, len(sheet.rows)):
        raw = sheet.value(r, table.code_col)
        if by_label is not None:
            code = _code_of_label(raw, by_label, seen)
            looks_like_one = isinstance(raw, str) and bool(raw.strip())
        else:
            code = normalise_code(raw)
            # a code is short and has a digit; "(4)" is the column-index row under the header
            looks_like_one = 0 < len(code) <= 10 and any(ch.isdigit() for ch in code) and code[0] != "("
        if code in known:
            codes.add(code)
        elif looks_like_one:
            foreign += 1
    return TableTraces(sheet.name, frozenset(codes), foreign)
