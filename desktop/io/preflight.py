"""Pre-flight: inspect a workbook's container before any parser inflates it.

calamine builds a dense grid from A1 to the last used cell and aborts the whole process when that grid
does not fit in memory, and a zip member may inflate to gigabytes. So before calamine sees a file we
check, with bounded memory and time: the file's kind (zip, OLE compound file, something else), the
zip's member count, sizes and compression ratios, the real inflated size of every part it will parse
(never trusting the declared one), XML entity declarations, the sheet count, and the extent of every
sheet (A1 to its last non-empty cell, the grid calamine will build). Anything beyond the limits raises
a WorkbookError with a stable check id (`too_large`, `unsafe_file`, ...) and a sentence for the user.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from desktop.io import ooxml
from desktop.io.errors import ZIP_ERRORS, WorkbookError, encrypted_error
from desktop.io.ooxml import column_letter
from desktop.vntext import format_number

MAX_FILE_BYTES = 100 << 20
MAX_MEMBERS = 5_000
MAX_PART_BYTES = 64 << 20  # one XML/binary part, inflated
MAX_PARTS_BYTES = 160 << 20  # all parts the reader parses, inflated
MAX_RATIO = 200  # deflate rarely beats 100:1 on real sheets; bombs sit near its 1032:1 ceiling
RATIO_FROM_BYTES = 1 << 20
MAX_SHEETS = 1_000
MAX_CELLS = 2_000_000  # cells of all sheets' grids (A1 to the last non-empty cell)
CHUNK = 1 << 20

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass(frozen=True)
class Extent:
    """A sheet's grid as calamine will build it: rows x columns from A1."""

    sheet: str
    rows: int
    cols: int

    @property
    def cells(self) -> int:
        return self.rows * self.cols

    @property
    def last_cell(self) -> str:
        return f"{column_letter(max(self.cols - 1, 0))}{self.rows}"


@dataclass
class LaterSheets:
    """Worksheet parts of an OOXML workbook left to be checked one by one, each just before it is loaded.

    A reader that needs only some sheets (a province workbook's form, not its 7.000-row source list)
    never inflates the others; the cells of the sheets checked so far count towards MAX_CELLS together.
    """

    path: Path
    parts: dict[str, zipfile.ZipInfo]  # sheet name, as calamine names it -> its worksheet part
    extents: list[Extent]
    keep_bytes: int = 16 << 20  # sheet XML up to this size is handed back for the formula scan

    def check(self, name: str) -> bytes | None:
        """Check one sheet's part (real size, CRC, entities, extent); its XML when small enough to keep."""
        info = self.parts.pop(name, None)
        if info is None:
            return None
        kept: list[bytes] | None = [] if info.file_size <= self.keep_bytes else None
        with self.path.open("rb") as handle:
            blocks = _xml_blocks(_inflate(handle, info), info.filename)
            self.extents.append(_sheet_xml_extent(name, _kept(blocks, kept)))
        _check_cells(self.extents)
        return b"".join(kept) if kept is not None else None

    def check_all(self) -> None:
        for name in list(self.parts):
            self.check(name)


def _kept(blocks: Iterator[bytes], kept: list[bytes] | None) -> Iterator[bytes]:
    for block in blocks:
        if kept is not None:
            kept.append(block)
        yield block


@dataclass
class Checked:
    """What the check leaves for the reader: the sheets still to check, the document properties it inflated."""

    later: LaterSheets | None = None
    properties: dict[str, bytes] | None = None  # docProps/core.xml, meta.xml (ODS): up to 1 MB


PROPERTY_PARTS = ("docProps/core.xml", "meta.xml")


def check_workbook(path: str | Path, *, later: bool = False) -> Checked:
    """Raise WorkbookError when the file is empty, not a spreadsheet, encrypted, too large or unsafe.

    With `later`, the worksheets of an OOXML workbook whose parts are named plainly are not scanned
    here: the LaterSheets returned checks each when the caller is about to load it.
    """
    path = Path(path)
    size = regular_file(path).st_size
    if size == 0:
        raise WorkbookError("tệp rỗng (0 byte)", "the file is empty (0 bytes)", check="file_empty")
    if size > MAX_FILE_BYTES:
        raise _too_large(f"tệp nặng {_mb(size)}", f"the file is {_mb(size)}")
    with path.open("rb") as handle:
        head = handle.read(512)
        handle.seek(0)
        if head.startswith(ZIP_MAGICS):
            return _check_zip(handle, path if later else None)
        if head.startswith(OLE_MAGIC):
            _check_ole(handle, size)
            return Checked()
        raise _not_spreadsheet(head)


def regular_file(path: Path) -> os.stat_result:
    """The file's status; WorkbookError unless it is a regular file (a device, a FIFO or a socket would
    hang or never end a read: /dev/zero, a named pipe, or a link to one)."""
    status = path.stat()
    if not stat.S_ISREG(status.st_mode):
        kind = (
            "một thư mục"
            if stat.S_ISDIR(status.st_mode)
            else "một ống dẫn (FIFO)"
            if stat.S_ISFIFO(status.st_mode)
            else "một thiết bị"
            if stat.S_ISCHR(status.st_mode) or stat.S_ISBLK(status.st_mode)
            else "một socket"
            if stat.S_ISSOCK(status.st_mode)
            else "không phải tệp thường"
        )
        raise WorkbookError(
            f"đường dẫn này là {kind}, không phải một tệp bảng tính: chỉ đọc tệp thường",
            "not a regular file (a device, a FIFO, a socket or a folder)",
            check="not_regular_file",
        )
    return status


# --- errors ------------------------------------------------------------------------------------


def _n(count: int) -> str:
    return format_number(count)


def _mb(size: int) -> str:
    return f"{size / (1 << 20):.1f} MB".replace(".", ",")


def _too_large(reason: str, reason_en: str) -> WorkbookError:
    return WorkbookError(reason, reason_en, check="too_large")


def _unsafe(reason: str, reason_en: str) -> WorkbookError:
    return WorkbookError(reason, reason_en, check="unsafe_file")


def _corrupt(reason: str, reason_en: str) -> WorkbookError:
    return WorkbookError(reason, reason_en, check="file_corrupt")


_KINDS = [
    (b"%PDF", "tệp PDF", "a PDF file"),
    (b"{\\rtf", "văn bản RTF", "an RTF document"),
    (b"\x89PNG", "ảnh PNG", "a PNG image"),
    (b"\xff\xd8\xff", "ảnh JPEG", "a JPEG image"),
    (b"Rar!", "tệp nén RAR", "a RAR archive"),
    (b"7z\xbc\xaf", "tệp nén 7z", "a 7z archive"),
]


def _not_spreadsheet(head: bytes, kind: tuple[str, str] | None = None) -> WorkbookError:
    if kind is None:
        kind = next(((vi, en) for magic, vi, en in _KINDS if head.startswith(magic)), None)
    if kind is None:
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if text.startswith((b"<html", b"<!doctype html", b"<table", b"<meta")):
            kind = ("trang HTML (thường do phần mềm xuất ra); hãy mở bằng Excel rồi lưu thành .xlsx", "an HTML page")
        elif text.startswith(b"<?xml"):
            kind = ("tệp XML; hãy mở bằng Excel rồi lưu thành .xlsx", "an XML file")
        elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
            kind = (
                "tệp văn bản Unicode (UTF-16, như Excel ghi khi “Lưu thành Văn bản Unicode”); "
                "hãy mở bằng Excel rồi lưu thành .xlsx",
                "a UTF-16 text file",
            )
        elif _looks_like_text(head):
            kind = ("tệp văn bản (CSV/TXT)", "a text (CSV/TXT) file")
        else:
            kind = ("dữ liệu không rõ định dạng", "data of an unknown format")
    return WorkbookError(
        f"nội dung là {kind[0]}",
        f"its content is {kind[1]}",
        check="not_spreadsheet",
    )


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a multi-byte character cut at the end of the sample is fine
            return False
    return b"\x00" not in head


# --- zip containers: xlsx, xlsm, xlsb, ods -----------------------------------------------------------


def _check_zip(handle: BinaryIO, later: Path | None = None) -> Checked:
    try:
        archive = zipfile.ZipFile(handle)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise _corrupt(
            "tệp bị hỏng hoặc bị cắt cụt (không đọc được cấu trúc ZIP)",
            f"the file is damaged or truncated (no readable ZIP structure: {exc})",
        ) from exc
    if len(infos) > MAX_MEMBERS:
        raise _too_large(f"tệp có {_n(len(infos))} thành phần (tối đa {_n(MAX_MEMBERS)})", f"{len(infos)} zip members")
    names = _Members((info.filename, info) for info in infos)
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        kind = "ooxml"
    elif "content.xml" in names and _mimetype(archive, names).startswith(
        "application/vnd.oasis.opendocument.spreadsheet"
    ):
        kind = "ods"
    else:
        raise _not_spreadsheet(b"", _zip_kind(names, archive))
    sheet_parts = _sheet_parts(archive, names, kind)
    reached = _reached_parts(archive, names) | set(sheet_parts) if kind == "ooxml" else set()
    parts = [info for info in infos if info.filename in reached or _parsed_part(info.filename, kind)]
    binary = kind == "ooxml" and _book_member(names).endswith(".bin")
    _check_sizes(parts)
    if kind == "ods" and b"encryption-data" in _small_part(archive, names, "META-INF/manifest.xml"):
        raise encrypted_error()
    if any(info.flag_bits & 0x1 for info in parts):
        raise encrypted_error()
    extents: list[Extent] = []
    sheets = len(_sheet_names(archive, names, kind))
    if sheets > MAX_SHEETS:
        raise _too_large(f"tệp có {_n(sheets)} trang tính (tối đa {_n(MAX_SHEETS)})", f"{sheets} sheets")
    deferred = _plain_sheet_parts(archive, names) if later is not None and kind == "ooxml" else None
    skipped = {info.filename for info in deferred.values()} if deferred else set()
    properties: dict[str, bytes] = {}
    for info in parts:
        name = info.filename
        if name in skipped:
            continue
        chunks = _inflate(handle, info)
        if name in sheet_parts and binary:
            extents.append(_biff12_extent(sheet_parts[name], chunks))
        elif name in sheet_parts:
            extents.append(_sheet_xml_extent(sheet_parts[name], _xml_blocks(chunks, name)))
        elif kind == "ooxml" and name.lower().endswith("sharedstrings.xml"):
            _check_string_count(name, info.file_size, _xml_blocks(chunks, name))
        elif kind == "ods" and name == "content.xml":
            extents.extend(_ods_extents(_xml_blocks(chunks, name)))
        elif name in PROPERTY_PARTS and info.file_size <= 1 << 20:
            properties[name] = b"".join(_xml_blocks(chunks, name))
        elif name.endswith((".xml", ".rels")):
            for _ in _xml_blocks(chunks, name):
                pass
        else:
            for _ in chunks:
                pass
        _check_cells(extents)
    return Checked(LaterSheets(later, deferred, extents) if deferred else None, properties)


def _mimetype(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> str:
    info = names.get("mimetype")
    if info is None or info.file_size > 200:
        return ""
    try:
        return archive.read(info).decode("ascii", "replace").strip()
    except ZIP_ERRORS as exc:
        raise _corrupt("tệp bị hỏng (phần mimetype)", "the file is damaged (mimetype part)") from exc


def _zip_kind(names: dict[str, zipfile.ZipInfo], archive: zipfile.ZipFile) -> tuple[str, str]:
    if "word/document.xml" in names:
        return "tài liệu Word (.docx)", "a Word document (.docx)"
    if "ppt/presentation.xml" in names:
        return "bản trình chiếu PowerPoint (.pptx)", "a PowerPoint presentation (.pptx)"
    if "content.xml" in names:
        return "tài liệu OpenDocument không phải bảng tính", "an OpenDocument file that is not a spreadsheet"
    return "tệp nén ZIP, không phải bảng tính", "a ZIP archive, not a spreadsheet"


def _parsed_part(name: str, kind: str) -> bool:
    """The parts calamine and the reader parse (pictures and macros are never opened)."""
    lower = name.lower()
    if lower.endswith("/") or "/media/" in lower or "/embeddings/" in lower or lower.endswith("vbaproject.bin"):
        return False
    if kind == "ods":
        return lower.endswith(".xml")
    return lower.endswith((".xml", ".rels", ".bin"))


def _check_sizes(parts: list[zipfile.ZipInfo]) -> None:
    total = 0
    for info in parts:
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _unsafe(
                f"phần “{info.filename}” nén với tỉ lệ bất thường "
                f"({_n(info.compress_size)} byte bung ra {_mb(info.file_size)}): dấu hiệu “bom nén”",
                f"part {info.filename} has an abnormal compression ratio (a zip bomb)",
            )
        if info.file_size > MAX_PART_BYTES:
            raise _too_large(
                f"phần “{info.filename}” bung ra {_mb(info.file_size)} (tối đa {_mb(MAX_PART_BYTES)})",
                f"part {info.filename} inflates to {_mb(info.file_size)}",
            )
        total += info.file_size
    if total > MAX_PARTS_BYTES:
        raise _too_large(
            f"nội dung bung ra {_mb(total)} (tối đa {_mb(MAX_PARTS_BYTES)})", f"contents inflate to {_mb(total)}"
        )


def _inflate(handle: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes in chunks, checked against its declared size and CRC as they come."""
    handle.seek(info.header_offset)
    local = handle.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise _corrupt(f"tệp bị hỏng (phần “{info.filename}”)", f"the file is damaged (part {info.filename})")
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    handle.seek(info.header_offset + 30 + name_length + extra_length)
    if info.compress_type == zipfile.ZIP_STORED:
        decompressor = None
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        decompressor = zlib.decompressobj(-15)
    else:
        raise _unsafe(
            f"phần “{info.filename}” dùng kiểu nén lạ ({info.compress_type})",
            f"part {info.filename} uses an unusual compression method",
        )
    if info.file_size == 0 and info.compress_size == 0:
        return
    remaining, produced, crc = info.compress_size, 0, 0
    try:
        while remaining > 0 or (decompressor is not None and decompressor.unconsumed_tail):
            if decompressor is not None and decompressor.unconsumed_tail:
                data = decompressor.decompress(decompressor.unconsumed_tail, CHUNK)
            else:
                raw = handle.read(min(CHUNK, remaining))
                if not raw:
                    raise _corrupt("tệp bị cắt cụt", f"the file is truncated (part {info.filename})")
                remaining -= len(raw)
                data = raw if decompressor is None else decompressor.decompress(raw, CHUNK)
            produced += len(data)
            if produced > info.file_size:
                raise _unsafe(
                    f"phần “{info.filename}” bung ra nhiều hơn kích thước khai báo ({_n(info.file_size)} byte)",
                    f"part {info.filename} inflates beyond its declared size",
                )
            crc = zlib.crc32(data, crc)
            if data:
                yield data
        if (decompressor is not None and not decompressor.eof) or produced != info.file_size or crc != info.CRC:
            raise _corrupt(
                f"tệp bị hỏng (phần “{info.filename}” sai kích thước hoặc mã kiểm tra)",
                f"the file is damaged (part {info.filename} has a wrong size or CRC)",
            )
    except zlib.error as exc:
        raise _corrupt(
            f"tệp bị hỏng (phần “{info.filename}” không giải nén được)", f"part {info.filename} cannot be inflated"
        ) from exc


def _xml_blocks(chunks: Iterator[bytes], name: str) -> Iterator[bytes]:
    """XML text in blocks that never split a tag; refuses entity declarations (billion laughs)."""
    pending = b""
    for chunk in chunks:
        block = pending + chunk
        cut = block.rfind(b"<")
        if cut <= 0:
            cut = len(block) if block.rfind(b">") > cut else 0
        if b"<!ENTITY" in block:
            raise _unsafe(
                f"phần “{name}” khai báo thực thể XML (<!ENTITY>): dấu hiệu tệp độc hại",
                f"part {name} declares XML entities (an entity-expansion attack)",
            )
        pending = block[cut:]
        if cut:
            yield block[:cut]
    if pending:
        yield pending


def _check_cells(extents: list[Extent]) -> None:
    total = sum(e.cells for e in extents)
    if total > MAX_CELLS:
        widest = max(extents, key=lambda e: e.cells)
        raise _too_large(
            f"trang tính “{widest.sheet}” trải tới ô {widest.last_cell} "
            f"({_n(widest.rows)} dòng × {_n(widest.cols)} cột; tối đa {_n(MAX_CELLS)} ô cả tệp)",
            f"sheet {widest.sheet} reaches cell {widest.last_cell} ({widest.rows} rows x {widest.cols} columns)",
        )


# --- OOXML workbooks ------------------------------------------------------------------------------


class _Members(dict):
    """Zip member name -> ZipInfo, remembering the small parts already read (workbook.xml is asked for thrice)."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.read: dict[str, bytes] = {}


def _small_part(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], name: str) -> bytes:
    cache = getattr(names, "read", None)
    if cache is not None and name in cache:
        return cache[name]
    data = _read_small_part(archive, names, name)
    if cache is not None:
        cache[name] = data
    return data


def _read_small_part(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], name: str) -> bytes:
    info = names.get(name)
    if info is None:
        return b""
    if info.file_size > MAX_PART_BYTES:
        raise _too_large(f"phần “{name}” quá lớn", f"part {name} is too large")
    try:
        data = archive.read(info)
    except ZIP_ERRORS as exc:
        raise _corrupt(f"tệp bị hỏng (phần “{name}”)", f"the file is damaged (part {name})") from exc
    if b"<!ENTITY" in data:
        raise _unsafe(f"phần “{name}” khai báo thực thể XML (<!ENTITY>)", f"part {name} declares XML entities")
    return data


def _book_member(names: dict[str, zipfile.ZipInfo]) -> str:
    return next((name for name in ooxml.BOOK_PARTS if name in names), ooxml.BOOK_PARTS[0])


def _sheet_names(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], kind: str) -> list[str]:
    if kind == "ods":
        return []  # counted while the content is scanned
    book = _small_part(archive, names, "xl/workbook.xml")
    if not book:
        return [n for n in names if n.startswith("xl/worksheets/")]
    return [name for name, _ in ooxml.sheet_entries(book)]


def _sheet_parts(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], kind: str) -> dict[str, str]:
    """Zip member -> sheet name, for every worksheet part of an OOXML workbook (whatever the part is called)."""
    if kind != "ooxml":
        return {}
    parts = {n: n.rsplit("/", 1)[-1] for n in names if n.startswith("xl/worksheets/") and n.count("/") == 2}
    book_name = _book_member(names)
    rels = _small_part(archive, names, ooxml.rels_path(book_name))
    if book_name.endswith(".xml"):
        for part in ooxml.sheet_parts(_small_part(archive, names, book_name), rels, book_name):
            if part.member is not None:
                parts[part.member] = part.name
    else:  # .xlsb: the sheet names are in the binary workbook part; its worksheet relationships say which parts
        for rel in ooxml.relationships(rels):
            if not rel.external and rel.type.endswith("/worksheet"):
                member = ooxml.part_path(book_name, rel.target)
                parts.setdefault(member, member.rsplit("/", 1)[-1])
    return parts


def _reached_parts(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> set[str]:
    """Every member the package's and the workbook's relationships point at, whatever its name or extension."""
    reached = set()
    for source in ("", _book_member(names)):
        rels = _small_part(archive, names, ooxml.rels_path(source) if source else "_rels/.rels")
        for rel in ooxml.relationships(rels):
            member = ooxml.part_path(source or "/", rel.target)
            if not rel.external and member in names:
                reached.add(member)
    return reached


def _plain_sheet_parts(
    archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]
) -> dict[str, zipfile.ZipInfo] | None:
    """Sheet name -> part, when every sheet of workbook.xml points plainly at its own `xl/worksheets/*.xml`
    (the path every reader resolves alike); None otherwise, and every sheet is then checked at once."""
    if "xl/workbook.xml" not in names:
        return None
    rels = ooxml.relationships(_small_part(archive, names, ooxml.rels_path("xl/workbook.xml")))
    targets = {rel.id: rel.target for rel in rels}
    if len(targets) != len(rels):
        return None
    found: dict[str, zipfile.ZipInfo] = {}
    for sheet, rel_id in ooxml.sheet_entries(_small_part(archive, names, "xl/workbook.xml")):
        target = targets.get(rel_id or "", "")
        if not _PLAIN_TARGET.fullmatch(target):
            return None
        member = "xl/" + target.removeprefix("/xl/")
        if member not in names or sheet in found or member in {i.filename for i in found.values()}:
            return None
        found[sheet] = names[member]
    return found or None


_PLAIN_TARGET = re.compile(r"(?:/xl/)?worksheets/[\w.-]+\.xml")


_SST_TAG = re.compile(rb"<(?:[\w.-]+:)?sst\b[^>]*>")
_SST_COUNT = re.compile(rb'\buniqueCount="(-?[0-9]+)"')


def _check_string_count(name: str, size: int, blocks: Iterator[bytes]) -> None:
    """calamine reserves room for `uniqueCount` strings up front: a count the part can't hold is a lie."""
    for index, block in enumerate(blocks):
        if index == 0:
            tag = _SST_TAG.search(block[:4096])
            for count in _SST_COUNT.findall(tag.group(0) if tag else b""):
                if int(count) > size // 4 + 16:  # every string takes at least "<si/>"
                    raise _unsafe(
                        f"phần “{name}” khai báo {_n(int(count))} chuỗi, nhiều hơn nội dung có thể chứa",
                        f"part {name} declares {count} strings, more than it can hold",
                    )


def _sheet_xml_extent(sheet: str, blocks: Iterator[bytes]) -> Extent:
    """The grid of one worksheet part; a cell counts when it is not an empty `<c .../>` tag."""
    return Extent(sheet, *ooxml.cell_extent(blocks, MAX_CELLS))


def _varint(data: bytes, pos: int, limit: int) -> tuple[int, int]:
    value = shift = 0
    for _ in range(limit):
        if pos >= len(data):
            raise IndexError
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    return value, pos


def _biff12_extent(sheet: str, chunks: Iterator[bytes]) -> Extent:
    """The grid of one .xlsb sheet: BrtRowHdr (0) gives the row, cell records (1-13) the column."""
    data = b"".join(chunks)  # bounded by MAX_PART_BYTES
    pos, row, max_row, max_col = 0, 0, -1, -1
    try:
        while pos < len(data):
            record, pos = _varint(data, pos, 2)
            size, pos = _varint(data, pos, 4)
            if record == 0 and size >= 4:
                row = struct.unpack_from("<I", data, pos)[0]
            elif 2 <= record <= 13 and size >= 4:  # 1 is BrtCellBlank: not in calamine's grid
                max_row, max_col = max(max_row, row), max(max_col, struct.unpack_from("<I", data, pos)[0])
                if (max_row + 1) * (max_col + 1) > MAX_CELLS:
                    break
            pos += size
    except (IndexError, struct.error):
        pass  # a damaged record stream: calamine will say so
    return Extent(sheet, max_row + 1, max_col + 1)


# --- OpenDocument spreadsheets --------------------------------------------------------------------

_ODS_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*)>")
_ODS_NAME = re.compile(rb'\bname="([^"]*)"')
_ODS_ROWS = re.compile(rb'number-rows-repeated="([0-9]+)"')
_ODS_COLS = re.compile(rb'number-columns-repeated="([0-9]+)"')


def _ods_extents(blocks: Iterator[bytes]) -> Iterator[Extent]:
    """The grid of every table; repeated rows and cells count as often as they repeat."""
    name, row, col, repeat, used, max_row, max_col, count = "", 0, 0, 1, False, -1, -1, 0
    for block in blocks:
        for closing, tag, attrs in _ODS_TAG.findall(block):
            empty_tag = attrs.endswith(b"/")
            if tag == b"table" and closing:
                yield Extent(name, max_row + 1, max_col + 1)
            elif tag == b"table":
                count += 1
                if count > MAX_SHEETS:
                    raise _too_large(f"tệp có hơn {_n(MAX_SHEETS)} trang tính", f"more than {MAX_SHEETS} sheets")
                found = _ODS_NAME.search(attrs)
                name = found.group(1).decode("utf-8", "replace") if found else "?"
                row, max_row, max_col = 0, -1, -1
            elif tag == b"table-row" and closing:
                if used:
                    max_row = max(max_row, row + repeat - 1)
                row += repeat
            elif tag == b"table-row":
                found = _ODS_ROWS.search(attrs)
                repeat, col, used = (int(found.group(1)) if found else 1), 0, False
                if empty_tag:
                    row += repeat
            elif not closing:
                found = _ODS_COLS.search(attrs)
                span = int(found.group(1)) if found else 1
                if not empty_tag or b"value-type" in attrs:
                    max_col, used = max(max_col, col + span - 1), True
                    if (row + repeat) * (max_col + 1) > MAX_CELLS:
                        yield Extent(name, row + repeat, max_col + 1)
                        return
                col += span


# --- OLE compound files: xls, and encrypted OOXML -----------------------------------------------------

_FREE, _END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE
# number, rk, shared text, text, formula, bool/error, rich text, BIFF4 formula; blanks are not in the grid
_CELL_RECORDS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x0006, 0x0205, 0x00D6, 0x0406}
_MULRK = 0x00BD
_FILEPASS = 0x002F
_BOUNDSHEET = 0x0085
_BOF = 0x0809
_SST = 0x00FC
_DIMENSIONS = 0x0200


def _check_ole(handle: BinaryIO, size: int) -> None:
    try:
        streams = _ole_streams(handle, size)
    except (struct.error, IndexError, ValueError) as exc:
        raise _corrupt("tệp .xls bị hỏng (cấu trúc OLE)", "the .xls file is damaged (OLE structure)") from exc
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        raise encrypted_error()
    name = "Workbook" if "Workbook" in streams else "Book" if "Book" in streams else None
    if name is None:
        kind = ("tài liệu Word (.doc)", "a Word document (.doc)") if "WordDocument" in streams else None
        raise _not_spreadsheet(
            b"", kind or ("tệp OLE không phải bảng tính Excel", "an OLE file, not an Excel workbook")
        )
    try:
        data = streams[name]()
    except (struct.error, IndexError, ValueError) as exc:
        raise _corrupt("tệp .xls bị hỏng (cấu trúc OLE)", "the .xls file is damaged (OLE structure)") from exc
    _check_biff(data)


def _ole_streams(handle: BinaryIO, size: int) -> dict[str, Callable[[], bytes]]:
    """Stream name -> a function reading it, for the streams of an OLE compound file (bounded reads)."""
    handle.seek(0)
    header = handle.read(512)
    sector = 1 << struct.unpack_from("<H", header, 0x1E)[0]
    mini_sector = 1 << struct.unpack_from("<H", header, 0x20)[0]
    if sector not in (512, 4096) or mini_sector != 64:
        raise ValueError("sector size")
    first_dir, mini_cutoff, first_minifat = struct.unpack_from("<I4xII", header, 0x30)
    first_difat, difat_count = struct.unpack_from("<II", header, 0x44)
    sectors = (size + sector - 1) // sector

    def read_sector(number: int) -> bytes:
        if number >= sectors:
            raise ValueError("sector out of range")
        handle.seek((number + 1) * sector)
        return handle.read(sector)

    fat_sectors = [n for n in struct.unpack_from("<109I", header, 0x4C) if n < sectors]
    number, seen = first_difat, 0
    while number < sectors and seen < difat_count and seen <= sectors:
        block = struct.unpack(f"<{sector // 4}I", read_sector(number))
        fat_sectors.extend(n for n in block[:-1] if n < sectors)
        number, seen = block[-1], seen + 1
    fat: list[int] = []
    for number in fat_sectors[: sectors // (sector // 4) + 1]:
        fat.extend(struct.unpack(f"<{sector // 4}I", read_sector(number).ljust(sector, b"\xff")))

    def chain(start: int, table: list[int], limit: int) -> list[int]:
        found, number = [], start
        while number < len(table) and len(found) <= limit:
            found.append(number)
            number = table[number]
        if len(found) > limit:
            raise ValueError("sector chain loops")
        return found

    directory = b"".join(read_sector(n) for n in chain(first_dir, fat, sectors))
    entries = {}
    root = None
    for offset in range(0, len(directory) - 127, 128):
        entry = directory[offset : offset + 128]
        name_length = min(struct.unpack_from("<H", entry, 64)[0], 64)
        kind = entry[66]
        start, length = struct.unpack_from("<IQ", entry, 116)
        name = entry[: max(name_length - 2, 0)].decode("utf-16-le", "replace")
        if kind == 5:
            root = (start, length)
        elif kind == 2:
            entries[name] = (start, min(length, size))

    def reader(start: int, length: int) -> Callable[[], bytes]:
        def read() -> bytes:
            if length >= mini_cutoff or root is None:
                data = b"".join(read_sector(n) for n in chain(start, fat, sectors))
                return data[:length]
            minifat_bytes = b"".join(read_sector(n) for n in chain(first_minifat, fat, sectors))
            minifat = list(struct.unpack(f"<{len(minifat_bytes) // 4}I", minifat_bytes))
            ministream = b"".join(read_sector(n) for n in chain(root[0], fat, sectors))
            pieces = [ministream[n * 64 : n * 64 + 64] for n in chain(start, minifat, len(minifat))]
            return b"".join(pieces)[:length]

        return read

    return {name: reader(start, length) for name, (start, length) in entries.items()}


def _check_biff(data: bytes) -> None:
    """Sheet count, encryption and the extent of every sheet from the BIFF record stream."""
    names: dict[int, str] = {}  # stream offset of a sheet's BOF -> sheet name
    pos, done, current, max_row, max_col = 0, 0, None, -1, -1
    extents: list[Extent] = []
    while pos + 4 <= len(data):
        record, length = struct.unpack_from("<HH", data, pos)
        body = data[pos + 4 : pos + 4 + length]
        if len(body) < length:
            break  # a record cut off by the end of the stream: calamine will call the file damaged
        if record == _FILEPASS:
            raise encrypted_error()
        if record == _SST and length >= 8 and struct.unpack_from("<I", body, 4)[0] > len(data) // 3:
            raise _unsafe(
                "bảng chuỗi (SST) khai báo nhiều chuỗi hơn tệp có thể chứa",
                "the string table declares too many strings",
            )
        if record == _BOUNDSHEET and length >= 8:
            names[struct.unpack_from("<I", body)[0]] = _biff_sheet_name(body)
            if len(names) > MAX_SHEETS:
                raise _too_large(f"tệp có hơn {_n(MAX_SHEETS)} trang tính", f"more than {MAX_SHEETS} sheets")
        elif record == _DIMENSIONS and current is not None:
            _check_dimensions(current, body)
        elif record == _BOF and pos in names:
            if current is not None:
                extents.append(Extent(current, max_row + 1, max_col + 1))
                done += extents[-1].cells
            current, max_row, max_col = names[pos], -1, -1
        elif current is not None and (record in _CELL_RECORDS and length >= 4 or record == _MULRK and length >= 6):
            row, col = struct.unpack_from("<HH", body)
            if record == _MULRK:
                col = struct.unpack_from("<H", body, length - 2)[0]
            max_row, max_col = max(max_row, row), max(max_col, col)
            if done + (max_row + 1) * (max_col + 1) > MAX_CELLS:
                break
        pos += 4 + length
    if current is not None:
        extents.append(Extent(current, max_row + 1, max_col + 1))
    _check_cells(extents)


def _check_dimensions(sheet: str, body: bytes) -> None:
    """calamine reserves room for the DIMENSIONS a sheet declares: they must be a possible .xls grid."""
    if len(body) >= 14:
        first_row, end_row, first_col, end_col = struct.unpack_from("<IIHH", body)
    elif len(body) >= 8:
        first_row, end_row, first_col, end_col = struct.unpack_from("<HHHH", body)
    else:
        return
    rows, cols = end_row - first_row, end_col - first_col
    if rows < 0 or cols < 0 or end_row > 65_536 or end_col > 256:
        raise _unsafe(
            f"trang tính “{sheet}” khai báo kích thước không thể có "
            f"(dòng {first_row}-{end_row}, cột {first_col}-{end_col})",
            f"sheet {sheet} declares impossible dimensions (rows {first_row}-{end_row}, columns {first_col}-{end_col})",
        )
    _check_cells([Extent(sheet, end_row, end_col)])


def _biff_sheet_name(body: bytes) -> str:
    count, flags = body[6], body[7] if len(body) > 7 else 0
    raw = body[8:]
    return raw[: count * 2].decode("utf-16-le", "replace") if flags & 1 else raw[:count].decode("latin-1")
