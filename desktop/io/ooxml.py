"""Cell addresses and the parts of an OOXML workbook: the one place that knows how either is spelled.

Addresses are Excel's A1 form; rows and columns are 0-based in code (`address(0, 0) == "A1"`). A
workbook's sheets are found the way Excel and calamine find them: `xl/workbook.xml` names each sheet and
its relationship id, `xl/_rels/workbook.xml.rels` maps the id to a part, whatever that part is called.
Sheet XML is scanned in blocks with byte patterns (bounded memory, no tree), except where a value is
written back (`with_cached_values`), which uses a real XML parser and splices bytes at its positions.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any, NamedTuple
from xml.parsers import expat

MAX_ROWS, MAX_COLS = 1_048_576, 16_384

# --- addresses ----------------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 12)
def column_letter(col: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 27 -> AB)."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str | bytes) -> int:
    """Column letters -> 0-based index ("A" -> 0, b"ab" -> 27)."""
    if isinstance(letters, str):
        letters = letters.encode("ascii", "replace")
    index = 0
    for letter in letters.upper():
        index = index * 26 + letter - 64
    return index - 1


def address(row: int, col: int) -> str:
    """0-based (row, column) -> "A1"."""
    return f"{column_letter(col)}{row + 1}"


_ADDRESS = re.compile(r"\s*([A-Za-z]{1,3})\s*([0-9]{1,7})\s*")
_RANGE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Za-z]{1,3})\$?([0-9]{1,7}))?")


def parse_address(text: str | None) -> tuple[int, int] | None:
    """ "E23" (any case, spaces around) -> 0-based (row, column); None when it is not an address on a sheet."""
    found = _ADDRESS.fullmatch(text or "")
    if not found:
        return None
    row, col = int(found.group(2)) - 1, column_index(found.group(1))
    return (row, col) if 0 <= row < MAX_ROWS and 0 <= col < MAX_COLS else None


def parse_range(text: str | bytes) -> tuple[int, int, int, int] | None:
    """ "B2:D4" or "B2" (with or without $) -> 0-based (first row, first col, last row, last col)."""
    if isinstance(text, bytes):
        text = text.decode("ascii", "replace")
    found = _RANGE.fullmatch(text.strip())
    if not found:
        return None
    c0, r0, c1, r1 = found.groups()
    first = (int(r0) - 1, column_index(c0))
    last = (int(r1) - 1, column_index(c1)) if c1 else first
    return (min(first[0], last[0]), min(first[1], last[1]), max(first[0], last[0]), max(first[1], last[1]))


# a cell in formula text, with its sheet when it names one: `E10`, `$E$10`, `Biểu_02!B3`, `'Biểu 02'!B3`
CELL_REFERENCE = r"(?:(?:'(?:[^']|'')+'|[^\W\d][\w.]*)!)?\$?[A-Za-z]{1,3}\$?\d+"
_SHEET_REFERENCE = re.compile(r"(?:(?P<sheet>'(?:[^']|'')+'|[^\W\d][\w.]*)!)?(?P<cells>[^!']+)")


def parse_reference(text: str) -> tuple[str | None, tuple[int, int, int, int]] | None:
    """ "'Biểu 02'!$B$3:B9" -> ("Biểu 02", (2, 1, 8, 1)); the sheet is None when the text names none."""
    first, _, second = text.strip().lstrip("=").partition(":")
    found = _SHEET_REFERENCE.fullmatch(first)
    if not found:
        return None
    sheet = found["sheet"]
    if sheet and sheet.startswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    if second:  # `A1:B2`, or Excel's `S!A1:S!B2`
        other = _SHEET_REFERENCE.fullmatch(second)
        if not other:
            return None
        second = other["cells"]
    box = parse_range(f"{found['cells']}:{second}" if second else found["cells"])
    return (sheet, box) if box is not None else None


def cell_sort_key(cell: str | None) -> tuple[int, int]:
    """Reading order of addresses (row, then column); anything else first."""
    place = parse_address(cell)
    return (place[0] + 1, place[1]) if place else (0, -1)


# --- the parts of a workbook --------------------------------------------------------------------------

BOOK_PARTS = ("xl/workbook.xml", "xl/workbook.bin")

_SHEET_TAG = re.compile(rb"<(?:[\w.-]+:)?sheet\b([^>]*)>")
_REL_TAG = re.compile(rb"<(?:[\w.-]+:)?Relationship\b([^>]*)>")
_ATTR = re.compile(rb"""\b([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@dataclass(frozen=True)
class SheetPart:
    """One sheet of workbook.xml: its name, relationship id and the zip member it points to (None: nowhere)."""

    name: str
    rel_id: str
    member: str | None


def _attributes(attrs: bytes) -> dict[str, str]:
    found = {}
    for key, double, single in _ATTR.findall(attrs):
        name = key.decode("ascii", "replace")
        found.setdefault(name, html.unescape((double if double or not single else single).decode("utf-8", "replace")))
    return found


def _local(attributes: dict[str, str], local: str, prefixed: bool) -> str | None:
    """An attribute by local name: `r:id` (any prefix) when prefixed, `Id` when not."""
    for key, value in attributes.items():
        prefix, _, name = key.rpartition(":")
        if name == local and bool(prefix) == prefixed and prefix != "xmlns":
            return value
    return None


def part_path(source: str, target: str) -> str:
    """The zip member a relationship of `source` (a member name) points at: relative to its folder, or absolute."""
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    folder = posixpath.dirname(source)
    return posixpath.normpath(posixpath.join(folder, target)).lstrip("/")


def rels_path(member: str) -> str:
    """The relationships part of a member: xl/workbook.xml -> xl/_rels/workbook.xml.rels."""
    folder, name = posixpath.split(member)
    return posixpath.join(folder, "_rels", f"{name}.rels")


class Relationship(NamedTuple):
    id: str
    target: str  # as written: relative to the source part's folder, or absolute from the package root
    type: str
    external: bool


def relationships(rels: bytes) -> list[Relationship]:
    """Every relationship of a .rels part, in order, duplicates kept."""
    found = []
    for attrs in _REL_TAG.findall(rels):
        values = _attributes(attrs)
        rel_id, target = values.get("Id"), values.get("Target")
        if rel_id is not None and target is not None:
            external = values.get("TargetMode", "").lower() == "external"
            found.append(Relationship(rel_id, target, values.get("Type", ""), external))
    return found


def sheet_entries(book: bytes) -> list[tuple[str, str | None]]:
    """(name, relationship id) of every `<sheet>` of workbook.xml, in the workbook's order."""
    found = []
    for attrs in _SHEET_TAG.findall(book):
        values = _attributes(attrs)
        found.append((values.get("name", "?"), _local(values, "id", prefixed=True)))
    return found


def sheet_parts(book: bytes, rels: bytes, book_member: str = "xl/workbook.xml") -> list[SheetPart]:
    """Every sheet of a workbook with the member its relationship points at (the first of duplicate ids)."""
    targets: dict[str, str] = {}
    for rel in relationships(rels):
        if not rel.external:
            targets.setdefault(rel.id, part_path(book_member, rel.target))
    return [SheetPart(name, rel_id or "", targets.get(rel_id or "")) for name, rel_id in sheet_entries(book)]


def archive_sheet_parts(archive: Any) -> dict[str, str]:
    """Sheet name -> worksheet member of an open OOXML zip (xml workbooks); KeyError when a part is missing."""
    book = archive.read("xl/workbook.xml")
    rels = archive.read(rels_path("xl/workbook.xml"))
    found: dict[str, str] = {}
    for part in sheet_parts(book, rels):
        if part.member is not None:
            found.setdefault(part.name, part.member)
    return found


# --- cells in sheet XML -------------------------------------------------------------------------------

_ROW_OR_CELL = re.compile(rb"<(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>")
_ATTR_R = re.compile(rb'\br="([A-Za-z]*)([0-9]*)"')
# a cell tag not in the plain form `<c r="A1"`; and a non-empty plain cell tag, its column and row
_ODD_CELL = re.compile(rb'<c(?:[\t\n\r/>]| (?!r="[A-Z]{1,3}[0-9]{1,7}"))')
_PREFIXED_CELL = re.compile(rb"<[\w.-]+:c[\s/>]")
_FILLED_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*+(?<!/)>')  # possessive: no backtracking
_MERGE_CELL = re.compile(rb'<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref="([^"]*)"')
# a formula tag (<f>text</f> or a shared formula's <f .../>), then the cached value when there is one
_FORMULA = re.compile(rb"<(?:\w+:)?f(?:\s[^>]*)?(?:/>|>[^<]*</(?:\w+:)?f>)\s*(<(?:\w+:)?v>[^<])?")
_CELL_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')

State = tuple[int, int, int, int]  # row, col, max_row, max_col (0-based, -1: none yet)


def cell_extent(blocks: Iterator[bytes], limit: int) -> tuple[int, int]:
    """(rows, columns) of a worksheet's grid from A1 to its last non-empty cell; stops once beyond `limit` cells.

    A block where every cell tag is `<c r="A1"...` (as Excel, LibreOffice and openpyxl write them) is
    measured by one regex pass and a set of its distinct rows and columns; any other block (cells
    without an address, a namespace prefix, odd spacing) by the tag-by-tag scan, which follows the
    position of address-less cells from the row tags. Blocks must not split a tag.
    """
    state = (-1, -1, -1, -1)
    for block in blocks:
        state = fast_extent(block, state, limit) or slow_extent(block, state, limit)
        if (state[2] + 1) * (state[3] + 1) > limit:
            break
    return state[2] + 1, state[3] + 1


def fast_extent(block: bytes, state: State, limit: int) -> State | None:
    """The scan of a block whose cell tags are all plain; None when one is not (or a prefix may hide one)."""
    if _ODD_CELL.search(block) or b":c" in block and _PREFIXED_CELL.search(block):
        return None
    row, col, max_row, max_col = state
    found = _FILLED_CELL.findall(block)
    if found:
        max_row = max(max_row, max(map(int, {digits for _, digits in found})) - 1)
        last_col = max({letters for letters, _ in found}, key=lambda letters: (len(letters), letters))
        max_col = max(max_col, column_index(last_col))
    # where the last cell stands (or the row tags move it), for a later block whose cells have no address
    last = block.rfind(b"<c ")
    return slow_extent(block[last:] if last >= 0 else block, (row, col, max_row, max_col), limit)


def slow_extent(block: bytes, state: State, limit: int) -> State:
    row, col, max_row, max_col = state
    for tag, attrs in _ROW_OR_CELL.findall(block):
        ref = _ATTR_R.search(attrs)
        if tag == b"row":
            row = int(ref.group(2)) - 1 if ref and ref.group(2) else row + 1
            col = -1
            continue
        if ref and ref.group(1):
            col = column_index(ref.group(1))
            if ref.group(2):
                row = int(ref.group(2)) - 1
        else:
            col += 1
        if not attrs.endswith(b"/"):
            max_row, max_col = max(max_row, row), max(max_col, col)
            if (max_row + 1) * (max_col + 1) > limit:
                break
    return row, col, max_row, max_col


def merged_ranges(xml: bytes) -> tuple[tuple[int, int, int, int], ...]:
    """The `<mergeCell ref=...>` ranges of a sheet part, 0-based (first row, first col, last row, last col)."""
    found = (parse_range(ref) for ref in _MERGE_CELL.findall(xml))
    return tuple(r for r in found if r is not None)


def formula_cells_without_value(xml: bytes) -> set[str]:
    """One pass over the formula tags; only a formula with no cached value after it is looked at further."""
    cells = set()
    for formula in _FORMULA.finditer(xml):
        if formula.group(1):
            continue
        near = max(0, formula.start() - 1024)  # <f> comes first inside <c>, right after its tag
        start = max(xml.rfind(b"<c ", near, formula.start()), xml.rfind(b":c ", near, formula.start()))
        ref = _CELL_REF.search(xml, start, formula.start()) if start >= 0 else None
        if ref:
            cells.add(ref.group(1).decode())
    return cells


# --- writing cached values back ---------------------------------------------------------------------


def _tag_end(xml: bytes, start: int) -> int:
    """The offset just past the `>` of the tag starting at `start` (quotes may hold a `>`)."""
    quote = 0
    for pos in range(start, len(xml)):
        byte = xml[pos]
        if quote:
            quote = 0 if byte == quote else quote
        elif byte in (0x22, 0x27):
            quote = byte
        elif byte == 0x3E:
            return pos + 1
    raise ValueError("unterminated tag")


def _cached(value: Any) -> tuple[str | None, str]:
    """The `t` attribute and `<v>` text of a cached value."""
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    if isinstance(value, datetime | date | time):
        from openpyxl.utils.datetime import to_excel

        return None, repr(float(to_excel(value)))
    if isinstance(value, int | float):
        return None, repr(value)
    return "str", html.escape(str(value), quote=False)


def with_cached_values(xml: bytes, cells: dict[str, Any]) -> bytes:
    """Sheet XML whose formula cells named in `cells` carry those values in `<v>` (and a matching `t`).

    openpyxl writes a formula cell as `<c r="E47"><f>E45+E46</f><v/></c>`, or `<v></v>` with lxml: an
    expat pass finds each cell, its formula and its value element however they are spelled, and only
    those bytes are replaced; the rest of the part is kept as written.
    """
    parser = expat.ParserCreate()
    edits: list[tuple[int, int, bytes]] = []
    cell: dict[str, Any] | None = None

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal cell
        tag, pos = name.rpartition(":")[2], parser.CurrentByteIndex
        if tag == "c" and attrs.get("r") in cells:
            cell = {"name": name, "attrs": attrs, "start": pos, "f": None}
        elif tag == "f" and cell is not None and cell["f"] is None:
            cell["f"] = pos

    def end(name: str) -> None:
        nonlocal cell
        tag, pos = name.rpartition(":")[2], parser.CurrentByteIndex
        if cell is None:
            return
        if tag == "f" and isinstance(cell["f"], int):
            opened = cell["f"]
            tag_end = _tag_end(xml, opened)
            # expat reports the end of `<f .../>` just past it, and of `<f>...</f>` at its `</f>`
            cell["f"] = (opened, tag_end if xml[tag_end - 2] == 0x2F else _tag_end(xml, pos))
        elif tag == "c" and name == cell["name"]:
            if isinstance(cell["f"], tuple):
                edits.append((cell["start"], _tag_end(xml, pos), _cell_xml(cell, cells, xml)))
            cell = None

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(xml, True)
    if not edits:
        return xml
    pieces, last = [], 0
    for begin, finish, text in edits:
        pieces += [xml[last:begin], text]
        last = finish
    pieces.append(xml[last:])
    return b"".join(pieces)


def _cell_xml(cell: dict[str, Any], cells: dict[str, Any], xml: bytes) -> bytes:
    name, attrs = cell["name"], dict(cell["attrs"])
    prefix = name[: -len("c")]
    kind, text = _cached(cells[attrs["r"]])
    attrs.pop("t", None)
    if kind:
        attrs["t"] = kind
    opening = "".join(f' {key}="{html.escape(value, quote=True)}"' for key, value in attrs.items())
    formula = xml[cell["f"][0] : cell["f"][1]]
    return f"<{name}{opening}>".encode() + formula + f"<{prefix}v>{text}</{prefix}v></{name}>".encode()
