"""Hostile files: each is refused (or read) within seconds and a bounded amount of memory, with one issue.

Every file is first loaded in a child process with a memory ceiling, which reports its time and peak
memory: without the pre-flight checks calamine aborts the process (or takes gigabytes and minutes),
and the child's failure fails the test instead of the test run. Then the batch reads it in-process.
"""

from __future__ import annotations

import random
import re
import string
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from desktop.forms import load_form
from desktop.io.reader import read_workbook
from desktop.reading import process_file
from tests.builders import Layout
from tests.wbgen import (
    MAX_SECONDS,
    inline_cell,
    load_in_child,
    ods_cell,
    sheet_xml,
    write_ole,
    write_raw_ods,
    write_raw_xlsx,
    write_valid,
)


def refused(path: Path, check: str) -> str:
    """The file is refused with `check`, bounded in the child, and ends as one issue in the batch."""
    outcome = load_in_child(path)
    assert outcome.get("check") == check, outcome
    result = process_file(path, load_form(), None)
    assert result.submission is None
    assert [i.check for i in result.issues] == [check]
    assert result.issues[0].file == str(path)
    return result.issues[0].message


# --- raw zip writing, for members whose declared sizes we choose -----------------------------------------


def _raw_zip(path: Path, members: list[tuple[str, bytes, int, int, int]]) -> Path:
    """members: (name, stored bytes, crc, declared size, method); a zip written byte by byte."""
    local, central, offset = b"", b"", 0
    for name, data, crc, size, method in members:
        encoded = name.encode()
        header = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, method, 0, 0, crc, len(data), size, len(encoded), 0)
        central += (
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0,
                method,
                0,
                0,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
        piece = header + encoded + data
        local += piece
        offset += len(piece)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), offset, 0)
    path.write_bytes(local + central + end)
    return path


def _deflate_repeated(head: bytes, block: bytes, times: int, tail: bytes) -> tuple[bytes, int, int]:
    """head + block*times + tail, deflated without inflating it here: after a full flush every block
    compresses to the same bytes, so one compressed block is repeated. Returns (data, crc, size)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    compressor.compress(block)
    compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    last = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    crc_block = block
    for _ in range(times):
        crc = zlib.crc32(crc_block, crc)
    crc = zlib.crc32(tail, crc)
    return first + repeated * times + last, crc, len(head) + len(block) * times + len(tail)


def _bomb_members(sheet: tuple[bytes, int, int], declared: int | None = None) -> list[tuple[str, bytes, int, int, int]]:
    book = (
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<sheets><sheet name="S1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    data, crc, size = sheet
    return [
        ("xl/workbook.xml", book, zlib.crc32(book), len(book), 0),
        ("xl/_rels/workbook.xml.rels", rels, zlib.crc32(rels), len(rels), 0),
        ("xl/worksheets/sheet1.xml", data, crc, declared if declared is not None else size, 8),
    ]


_ROWS = b"<row><c><v>1</v></c><c><v>2</v></c></row>" * 25_000  # ~1 MB of cells without addresses
_HEAD = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_TAIL = b"</sheetData></worksheet>"


def test_a_zip_bomb_sheet_is_refused_before_it_is_inflated(tmp_path):
    sheet = _deflate_repeated(_HEAD, _ROWS, 2048, _TAIL)  # 2 GB of rows, about 2 MB on disk
    path = _raw_zip(tmp_path / "bom.xlsx", _bomb_members(sheet))
    assert path.stat().st_size < 8 << 20
    message = refused(path, "unsafe_file")
    assert "bom nén" in message


def test_a_zip_bomb_that_lies_about_its_size_is_refused(tmp_path):
    sheet = _deflate_repeated(_HEAD, _ROWS, 2048, _TAIL)
    path = _raw_zip(tmp_path / "bom.xlsx", _bomb_members(sheet, declared=40_000))
    message = refused(path, "unsafe_file")
    assert "kích thước khai báo" in message


def test_a_part_too_large_to_parse_is_refused(tmp_path):
    strings = b"<sst>" + b"x" * (70 << 20) + b"</sst>"  # stored, so the ratio is normal
    members = _bomb_members((b"<worksheet/>", zlib.crc32(b"<worksheet/>"), 12))
    members[2] = (members[2][0], b"<worksheet/>", zlib.crc32(b"<worksheet/>"), 12, 0)
    members.append(("xl/sharedStrings.xml", strings, zlib.crc32(strings), len(strings), 0))
    message = refused(_raw_zip(tmp_path / "lon.xlsx", members), "too_large")
    assert "sharedStrings" in message


_LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "lol"}">' for i in range(10))


@pytest.mark.parametrize("part", ["sheet", "shared strings"])
def test_xml_entity_expansion_is_refused(tmp_path, part):
    prolog = f"<!DOCTYPE worksheet [{_LAUGHS}]>"
    if part == "sheet":
        path = write_raw_xlsx(tmp_path / "lol.xlsx", [sheet_xml(inline_cell("A1", "&lol9;"), prolog=prolog)])
    else:
        sst = f'<?xml version="1.0"?><!DOCTYPE sst [{_LAUGHS}]><sst><si><t>&lol9;</t></si></sst>'
        path = write_raw_xlsx(
            tmp_path / "lol.xlsx",
            [sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')],
            {"xl/sharedStrings.xml": sst},
        )
    assert "ENTITY" in refused(path, "unsafe_file")


def test_entity_expansion_in_an_ods_is_refused(tmp_path):
    path = write_raw_ods(tmp_path / "lol.ods", {"S1": f"<table:table-row>{ods_cell(1)}</table:table-row>"})
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["content.xml"] = parts["content.xml"].replace(
        b"?><office:document-content", f"?><!DOCTYPE x [{_LAUGHS}]><office:document-content".encode()
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    refused(path, "unsafe_file")


def _edit_sheet(path: Path, edit) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = edit(parts["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_an_enormous_declared_dimension_is_ignored_and_the_form_reads_normally(tmp_path):
    path = tmp_path / "Xã A.xlsx"
    values = write_valid(path)
    _edit_sheet(path, lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml))
    assert b"XFD1048576" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    outcome = load_in_child(path)
    assert outcome.get("sheets") == 2
    assert read_workbook(path, load_form()).values("current") == values


@pytest.mark.parametrize("far", ["XFD1048576", "IV65536", "A1048576", "ZZ99999"])
def test_a_far_away_cell_is_refused_naming_the_sheet_and_cell(tmp_path, far):
    path = tmp_path / "Xã A.xlsx"
    write_valid(path)
    row = far.lstrip(string.ascii_uppercase)
    cell = f'<row r="{row}"><c r="{far}"><v>1</v></c></row></sheetData>'.encode()
    _edit_sheet(path, lambda xml: xml.replace(b"</sheetData>", cell))
    message = refused(path, "too_large")
    assert "Biểu 01" in message and f"{int(row):,} dòng".replace(",", ".") in message


def test_cells_without_addresses_still_count_towards_the_grid(tmp_path):
    body = '<row r="1048576">' + "<c><v>1</v></c>" * 30 + "</row>"
    refused(write_raw_xlsx(tmp_path / "a.xlsx", [sheet_xml(body)]), "too_large")


@pytest.mark.parametrize(
    "rows",
    [
        # one filled cell repeated over the whole sheet: 17 billion cells from a few bytes
        '<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
        'table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>',
        # 80 million cells: under calamine's own limit, more memory than the machine has
        '<table:table-row table:number-rows-repeated="20000"><table:table-cell '
        'table:number-columns-repeated="4000" office:value-type="float" office:value="1"/></table:table-row>',
        # a filled cell at the far corner after a million empty rows
        f"<table:table-row>{ods_cell(1)}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048574"><table:table-cell '
        'table:number-columns-repeated="16384"/></table:table-row>'
        f'<table:table-row><table:table-cell table:number-columns-repeated="16383"/>{ods_cell(2)}</table:table-row>',
    ],
    ids=["whole-sheet", "80-million", "far-corner"],
)
def test_repeated_ods_cells_are_counted_before_they_are_expanded(tmp_path, rows):
    refused(write_raw_ods(tmp_path / "a.ods", {"Trang 1": rows}), "too_large")


def test_empty_repeated_ods_rows_as_libreoffice_writes_them_are_fine(tmp_path):
    rows = (
        f"<table:table-row>{ods_cell(7)}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
    )
    assert load_in_child(write_raw_ods(tmp_path / "a.ods", {"Trang 1": rows}))["sheets"] == 1


def test_a_string_beyond_excels_limit_is_refused_naming_its_cell(tmp_path):
    text = "".join(random.Random(1).choices(string.ascii_letters, k=3_000_000))
    path = write_raw_xlsx(tmp_path / "a.xlsx", [sheet_xml(inline_cell("A1", "ok") + inline_cell("C7", text))])
    message = refused(path, "too_large")
    assert "S1!C7" in message and "32.767" in message


def test_long_strings_within_excels_limit_are_read(tmp_path):
    text = "Tổ tự quản " * 2900  # 31.900 characters
    path = write_raw_xlsx(tmp_path / "a.xlsx", [sheet_xml(f'<row r="1">{inline_cell("A1", text)}</row>')])
    assert load_in_child(path)["sheets"] == 1


def test_thousands_of_sheets_are_refused(tmp_path):
    path = write_raw_xlsx(tmp_path / "a.xlsx", [sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>')] * 1500)
    assert "1.500 trang tính" in refused(path, "too_large")


def test_hundreds_of_sheets_are_read_within_the_time_limit(tmp_path):
    path = tmp_path / "Xã A.xlsx"
    write_valid(path, layout=Layout(extra_sheets_before=[f"Phụ lục {i}" for i in range(400)]))
    assert load_in_child(path)["sheets"] == 402
    result = process_file(path, load_form(), None)
    assert result.submission.recognised and not result.has_errors


def test_thousands_of_zip_members_are_refused(tmp_path):
    extra = {f"customXml/item{i}.xml": "<a/>" for i in range(6000)}
    path = write_raw_xlsx(tmp_path / "a.xlsx", [sheet_xml("")], extra)
    assert "thành phần" in refused(path, "too_large")


# --- what the mutation fuzzer found (benchmarks/fuzz_import.py) -----------------------------------------


def test_a_damaged_document_properties_part_is_an_issue_not_a_crash(tmp_path):
    path = tmp_path / "Xã A.xlsx"
    write_valid(path)
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    raw = bytearray(path.read_bytes())
    at = raw.index(b"docProps/core.xml") + len("docProps/core.xml")  # the local header's name, then data
    raw[at + 5 : at + 25] = bytes(20)
    path.write_bytes(bytes(raw))
    result = process_file(path, load_form(), None)
    assert [i.check for i in result.issues] == ["file_corrupt"]


def test_a_string_table_declaring_more_strings_than_it_holds_is_refused(tmp_path):
    sst = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        'uniqueCount="9223372036854775807"><si><t>a</t></si></sst>'
    )
    path = write_raw_xlsx(
        tmp_path / "a.xlsx", [sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')], {"xl/sharedStrings.xml": sst}
    )
    assert "chuỗi" in refused(path, "unsafe_file")


def test_an_ole_file_whose_sector_chain_loops_is_damaged(tmp_path):
    path = write_ole(tmp_path / "a.xls", {"Workbook": bytes(5000)})
    raw = bytearray(path.read_bytes())
    fat = 512  # sector 0 holds the FAT; the Workbook stream starts at sector 2
    raw[fat + 2 * 4 : fat + 3 * 4] = struct.pack("<I", 2)  # sector 2 -> sector 2 -> ...
    path.write_bytes(bytes(raw))
    assert "OLE" in refused(path, "file_corrupt")


def test_a_sheet_full_of_header_cells_is_searched_in_bounded_time(tmp_path):
    rows = "".join(
        f'<row r="{r}">' + "".join(inline_cell(f"{_letters(c)}{r}", "Mã số") for c in range(250)) + "</row>"
        for r in range(1, 201)
    )
    path = write_raw_xlsx(tmp_path / "a.xlsx", [sheet_xml(rows)])
    start = time.perf_counter()
    result = process_file(path, load_form(), None)
    assert time.perf_counter() - start < MAX_SECONDS
    assert [i.check for i in result.issues] == ["form_not_recognised"]


def _letters(col: int) -> str:
    from desktop.io.ooxml import column_letter

    return column_letter(col)


def test_an_xls_record_cut_off_by_the_end_of_the_stream_is_an_issue(tmp_path):
    def record(kind: int, body: bytes, length: int | None = None) -> bytes:
        return struct.pack("<HH", kind, len(body) if length is None else length) + body

    bof = record(0x0809, struct.pack("<HHHH", 0x0600, 0x0005, 0, 0) + bytes(8))
    sheet_at = len(bof) + 4 + 9 + 4
    globals_ = bof + record(0x0085, struct.pack("<IBBBB", sheet_at, 0, 0, 1, 0) + b"S") + record(0x000A, b"")
    assert len(globals_) == sheet_at
    sheet = record(0x0809, struct.pack("<HHHH", 0x0600, 0x0010, 0, 0) + bytes(8))
    sheet += record(0x0099, bytes(4200))  # a record calamine skips; keeps the stream out of the mini stream
    sheet += record(0x00BD, bytes(10), 100)  # MULRK, cut off: 10 of its 100 bytes
    path = write_ole(tmp_path / "a.xls", {"Workbook": globals_ + sheet})
    result = process_file(path, load_form(), None)
    assert [i.check for i in result.issues] == ["file_corrupt"]


def test_an_xlsb_sheet_reaching_far_away_is_refused(tmp_path):
    def record(kind: int, body: bytes) -> bytes:  # BIFF12: type and size as 7-bit varints
        return bytes([kind]) + bytes([len(body)]) + body

    sheet = record(0, struct.pack("<I", 0) + bytes(8)) + record(5, struct.pack("<II", 0, 0) + struct.pack("<d", 1))
    sheet += record(0, struct.pack("<I", 1_048_575) + bytes(8)) + record(5, struct.pack("<II", 16_383, 0) + bytes(8))
    path = tmp_path / "a.xlsb"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
        archive.writestr("xl/worksheets/sheet1.bin", sheet)
    assert "XFD1048576" in refused(path, "too_large")


def test_a_list_longer_than_any_real_one_is_read_up_to_the_limit_and_reported(tmp_path):
    from desktop.io.reader import MAX_LIST_ROWS

    row = {"name": "Tổ tự quản", "area": "Thôn 1", "force": "Công an", "year": 2020, "status": "Duy trì"}
    path = tmp_path / "Xã A.xlsx"
    write_valid(path, list_rows=[row] * (MAX_LIST_ROWS + 1))
    start = time.perf_counter()
    result = process_file(path, load_form(), None)
    assert time.perf_counter() - start < MAX_SECONDS
    assert len(result.submission.list_rows) == MAX_LIST_ROWS
    (issue,) = [i for i in result.issues if i.check == "list_too_long"]
    assert issue.severity == "error" and issue.cell == f"B{3 + MAX_LIST_ROWS + 1}"


def test_a_province_size_list_is_read_whole(tmp_path):
    # a province workbook, read for the national total, lists every model of ~170 communes
    row = {"name": "Tổ tự quản", "area": "Thôn 1", "force": "Công an", "year": 2020, "status": "Duy trì"}
    path = tmp_path / "Tỉnh A.xlsx"
    write_valid(path, list_rows=[row] * 7_000)
    result = process_file(path, load_form(), None)
    assert len(result.submission.list_rows) == 7_000
    assert "list_too_long" not in {i.check for i in result.issues}


@pytest.mark.parametrize(
    "body",
    [
        '<row r="3"><c r="B3"><v>1</v></c><c r="AB3" s="1"/></row><row r="9"><c r="C9" t="s"><v>0</v></c></row>',
        '<row r="2"><c><v>1</v></c><c><v>1</v></c></row><row><c r="D7"/><c><v>1</v></c></row>',
        '<x:row r="4"><x:c r="E4"><x:v>1</x:v></x:c></x:row><row r="5"><c r="A5"><v>1</v></c></row>',
        '<row r="1"><c\nr="Z1"><v>1</v></c><c s="1" r="AA2"><v>1</v></c><c r="b3"><v>1</v></c></row>',
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="20"><c r="C"><v>1</v></c><c><v>1</v></c></row>',
        '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576"/></row><row r="30"/><row><c><v>1</v></c></row>',
    ],
    ids=["plain", "no-addresses", "prefixed", "odd-tags", "column-only", "empty-far-cell"],
)
def test_the_quick_extent_scan_agrees_with_the_tag_by_tag_scan(body):
    """Blocks of plain `<c r="A1"` cells are measured in one pass: any other block falls back, and a later
    block of cells without addresses continues from where the quick scan left off."""
    from desktop.io.ooxml import slow_extent
    from desktop.io.preflight import MAX_CELLS, _sheet_xml_extent, _xml_blocks

    xml = sheet_xml(body).encode()
    state = slow_extent(xml, (-1, -1, -1, -1), MAX_CELLS)
    expected = (state[2] + 1, state[3] + 1)
    for size in (len(xml), 40, 7):
        pieces = [xml[i : i + size] for i in range(0, len(xml), size)]
        extent = _sheet_xml_extent("S", _xml_blocks(iter(pieces), "S"))
        assert (extent.rows, extent.cols) == expected
