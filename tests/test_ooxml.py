"""The OOXML layer: addresses both ways, a workbook's sheet parts however they are spelled, and cached
values written back into sheet XML however openpyxl (with or without lxml) wrote the empty value."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.io import ooxml


@given(st.integers(0, ooxml.MAX_ROWS - 1), st.integers(0, ooxml.MAX_COLS - 1))
def test_an_address_reads_back_as_the_cell_it_names(row, col):
    text = ooxml.address(row, col)
    assert ooxml.parse_address(text) == (row, col)
    assert ooxml.parse_address(f" {text.lower()} ") == (row, col)
    assert ooxml.column_index(text.rstrip("0123456789").encode()) == col


@pytest.mark.parametrize("text", ["", "A0", "1A", "A1:B2", "XFE1", "A1048577", "Sheet1!A1", None])
def test_what_is_not_a_cell_on_a_sheet_is_refused(text):
    assert ooxml.parse_address(text) is None


def test_ranges_and_reading_order():
    assert ooxml.parse_range("$B$2:D4") == (1, 1, 3, 3)
    assert ooxml.parse_range("D4:B2") == (1, 1, 3, 3)
    assert ooxml.parse_range(b"C3") == (2, 2, 2, 2)
    assert ooxml.parse_range("A1:") is None
    assert sorted(["B10", "AA2", "B2", None, "A10"], key=ooxml.cell_sort_key) == [None, "B2", "AA2", "A10", "B10"]


BOOK = (
    b'<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    b'<sheet name="Bi&#7875;u 01" sheetId="1" r:id="rId1"/>'
    b"<sheet r:id='rId2' sheetId='2' name='List &amp; more'/>"
    b'<x:sheet xmlns:x="urn:x" name="Odd" sheetId="3" rel:id="rId3"/>'
    b'<sheet name="Nowhere" sheetId="4" r:id="rId9"/>'
    b"</sheets></workbook>"
)
RELS = (
    b"<Relationships>"
    b'<Relationship Id="rId1" Type="t/worksheet" Target="worksheets/sheet1.xml"/>'
    b'<Relationship Target="/xl/data/sheet2.dat" Type="t/worksheet" Id="rId2"/>'
    b'<Relationship Id="rId3" Type="t/worksheet" Target="../xl/worksheets/../odd.bin"/>'
    b'<Relationship Id="rId4" Type="t/hyperlink" Target="http://x" TargetMode="External"/>'
    b"</Relationships>"
)


def test_sheet_parts_follow_the_relationships_whatever_the_spelling():
    parts = ooxml.sheet_parts(BOOK, RELS)
    assert [(p.name, p.rel_id, p.member) for p in parts] == [
        ("Biểu 01", "rId1", "xl/worksheets/sheet1.xml"),
        ("List & more", "rId2", "xl/data/sheet2.dat"),
        ("Odd", "rId3", "xl/odd.bin"),
        ("Nowhere", "rId9", None),
    ]
    assert [r.external for r in ooxml.relationships(RELS)] == [False, False, False, True]


def test_the_parts_of_a_real_workbook(tmp_path):
    path = tmp_path / "b.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Một"
    wb.create_sheet("Hai")
    wb.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = ooxml.archive_sheet_parts(archive)
        assert list(parts) == ["Một", "Hai"] and all(member in archive.namelist() for member in parts.values())


@pytest.mark.parametrize(
    "empty",
    ["<v/>", "<v></v>", "<v />", ""],
    ids=["self-closing", "open-close", "spaced", "no-value"],
)
def test_cached_values_go_into_every_spelling_of_an_empty_value(empty):
    xml = (
        f'<worksheet><sheetData><row r="1"><c r="A1" s="2" t="n"><f>1+1</f>{empty}</c>'
        f'<c r="B1"><f t="shared" ref="B1:B2" si="0">A1&gt;0</f>{empty}</c>'
        f'<c r="C1"><f>"a"</f>{empty}</c><c r="D1"><v>5</v></c></row>'
        f'<row r="2"><c r="B2"><f t="shared" si="0"/>{empty}</c><c r="E2" t="s"><v>0</v></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    cells = {"A1": 2, "B1": True, "C1": "x < y", "B2": 1.5, "D1": 9, "E2": 7}
    out = ooxml.with_cached_values(xml, cells)
    assert b'<c r="A1" s="2"><f>1+1</f><v>2</v></c>' in out
    assert b'<c r="B1" t="b"><f t="shared" ref="B1:B2" si="0">A1&gt;0</f><v>1</v></c>' in out
    assert b'<c r="C1" t="str"><f>"a"</f><v>x &lt; y</v></c>' in out
    assert b'<c r="B2"><f t="shared" si="0"/><v>1.5</v></c>' in out
    assert b'<c r="D1"><v>5</v></c>' in out and b'<c r="E2" t="s"><v>0</v></c>' in out  # no formula: untouched


def test_prefixed_cells_keep_their_prefix():
    xml = b'<x:worksheet xmlns:x="urn:m"><x:c r="A1"><x:f>1</x:f><x:v></x:v></x:c></x:worksheet>'
    assert ooxml.with_cached_values(xml, {"A1": 1}) == (
        b'<x:worksheet xmlns:x="urn:m"><x:c r="A1"><x:f>1</x:f><x:v>1</x:v></x:c></x:worksheet>'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A1", (None, (0, 0, 0, 0))),
        ("=$B$3:B9", (None, (2, 1, 8, 1))),
        ("'Biểu 02'!B3:C4", ("Biểu 02", (2, 1, 3, 2))),
        ("'It''s'!c2", ("It's", (1, 2, 1, 2))),
        ("Data!A1:Data!B2", ("Data", (0, 0, 1, 1))),
        ("Data!", None),
        ("SUM(A1)", None),
        ("A1:B2:C3", None),
    ],
)
def test_references_in_formula_text_name_their_sheet_and_cells(text, expected):
    assert ooxml.parse_reference(text) == expected


def test_the_reference_pattern_finds_references_inside_a_formula():
    import re

    found = re.findall(ooxml.CELL_REFERENCE, "=E10+'Biểu 02'!$B$3-Data!c7*2+SUM(A1:A3)")
    assert found == ["E10", "'Biểu 02'!$B$3", "Data!c7", "A1", "A3"]
