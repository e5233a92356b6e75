"""Workbooks really saved by LibreOffice Calc (.xls, .ods, .xlsx) read exactly like the originals.

The files are made during the run: the tool's own template and a clerk-style workbook are opened in
LibreOffice headless and saved in each format; cell addresses, hidden sheets, dates, numbers typed
as text and formulas (whose values LibreOffice computes and caches) must all come through.
"""

from __future__ import annotations

import datetime
import random

import openpyxl
import pytest

from desktop.demo import write_unit
from desktop.io.reader import read_workbook
from desktop.io.workbook import load_sheets
from desktop.periods import parse_period
from desktop.reading import process_file
from tests.builders import Layout, build_workbook
from tests.wbgen import SOFFICE, LibreOffice, load_in_child, random_list, valid_values

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]
FORMATS = ["xls", "ods", "xlsx"]
UNIT = "Xã Thọ Xuân"


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    return LibreOffice(tmp_path_factory.mktemp("profile"))


@pytest.fixture(scope="module")
def saved(tmp_path_factory, office, form, registry):
    """{(name, format): path} for the originals and their LibreOffice copies, and the expected figures."""
    folder = tmp_path_factory.mktemp("libreoffice")
    rng = random.Random(11)
    unit = registry.by_name(UNIT)
    template_values, previous = valid_values(rng), valid_values(rng)
    rows = random_list(rng, template_values["16"] % 7)
    template_values["16"] = len(rows)
    template_values["12"] = template_values["13"] = sum(r["status"] == "Xây dựng mới" for r in rows)
    template = folder / "template.xlsx"
    write_unit(template, form, unit, parse_period("Quý III/2026"), template_values, previous, rows)

    clerk_values = valid_values(rng)
    clerk_values.update({"16": 3, "12": 0, "13": 0})
    typed = dict(clerk_values)
    typed["02"] = f"{clerk_values['02']:,}".replace(",", ".")  # a number typed as text, Vietnamese style
    clerk = folder / "clerk.xlsx"
    layout = Layout(top=14, left=2, extra_sheets_before=["Ghi chú"], hidden_sheets=["Ghi chú"], codes_as_numbers=True)
    build_workbook(
        clerk,
        form,
        unit=UNIT,
        unit_code=None,
        current=typed,
        list_rows=random_list(rng, 3),
        layout=layout,
        date_from=datetime.datetime(2026, 6, 15),
        date_to=datetime.datetime(2026, 9, 14),
    )
    book = openpyxl.load_workbook(clerk)  # code 28 as a formula, saved by openpyxl without a value
    sheet = book["Biểu 01"]
    code_col, value_col = layout.left + 3, layout.left + 4
    rows_of = {str(sheet.cell(r, code_col).value).zfill(2): r for r in range(1, sheet.max_row + 1)}
    letter = openpyxl.utils.get_column_letter(value_col)
    sheet.cell(rows_of["28"], value_col).value = f"={letter}{rows_of['26']}+{letter}{rows_of['27']}"
    book.save(clerk)

    paths = {("template", "original"): template, ("clerk", "original"): clerk}
    for fmt in FORMATS:
        for source, target in zip([template, clerk], office.convert([template, clerk], fmt, folder / fmt), strict=True):
            paths[(source.stem, fmt)] = target
    return paths, {"template": (template_values, previous), "clerk": (clerk_values, None)}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["template", "clerk"])
def test_a_workbook_saved_by_libreoffice_reads_like_the_original(saved, form, name, fmt):
    paths, expected = saved
    original = read_workbook(paths[(name, "original")], form)
    copy = read_workbook(paths[(name, fmt)], form)
    values, previous = expected[name]
    assert copy.recognised and copy.sheet == "Biểu 01"
    assert copy.values("current") == values
    if previous:
        assert copy.values("previous") == previous
    cells = {code: f.cell for code, f in copy.figures["current"].items()}
    assert cells == {code: f.cell for code, f in original.figures["current"].items()}
    assert copy.label("unit_name") == UNIT
    assert copy.label("period") == "Quý III/2026"
    assert {k: v.cell for k, v in copy.labels.items()} == {k: v.cell for k, v in original.labels.items()}
    assert [r.values for r in copy.list_rows] == [r.values for r in original.list_rows]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["template", "clerk"])
def test_a_libreoffice_copy_gets_the_same_verdict_as_the_original(saved, form, registry, name, fmt):
    paths, _ = saved
    original = process_file(paths[(name, "original")], form, registry)
    copy = process_file(paths[(name, fmt)], form, registry)
    verdict = sorted((i.check, i.cell) for i in copy.issues)
    if name == "clerk":  # openpyxl saved the formula without a value; LibreOffice computed and stored it
        assert ("formula_computed", original.submission.figures["current"]["28"].cell) in {
            (i.check, i.cell) for i in original.issues
        }
        assert not {"formula_computed", "formula_no_value"} & {c for c, _ in verdict}
        assert copy.submission.values("current")["28"] == original.submission.values("current")["28"]
    else:
        assert verdict == sorted((i.check, i.cell) for i in original.issues)
    assert copy.unit is not None and copy.unit.name == UNIT
    assert not [i for i in copy.issues if i.check.startswith(("date_", "unit_", "period_"))]


@pytest.mark.parametrize("fmt", FORMATS)
def test_hidden_sheets_stay_hidden_and_dates_stay_dates(saved, fmt):
    paths, _ = saved
    sheets = {s.name: s for s in load_sheets(paths[("clerk", fmt)])}
    assert not sheets["Ghi chú"].visible and sheets["Biểu 01"].visible
    template = {s.name: s for s in load_sheets(paths[("template", fmt)])}
    assert not template["_meta"].visible
    dates = [v for row in sheets["Biểu 01"].rows[:14] for v in row if isinstance(v, datetime.date)]
    assert [d.date() if isinstance(d, datetime.datetime) else d for d in dates] == [
        datetime.date(2026, 6, 15),
        datetime.date(2026, 9, 14),
    ]


def test_workbooks_saved_with_a_password_are_reported_as_such(saved, office, tmp_path, form):
    paths, _ = saved
    targets = {tmp_path / "pw.xls": "MS Excel 97", tmp_path / "pw.ods": "calc8"}
    office.save_with_password(paths[("template", "original")], targets)
    for target in targets:
        result = process_file(target, form, None)
        assert [i.check for i in result.issues] == ["file_encrypted"], target
        assert "mật khẩu" in result.issues[0].message


def test_an_xls_reaching_the_last_row_is_refused_before_it_is_loaded(office, tmp_path, form):
    source = tmp_path / "far.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Biểu 01"
    book.active["A1"] = "Mã số"
    book.active["IV65536"] = 1
    book.save(source)
    (target,) = office.convert([source], "xls", tmp_path / "xls")
    result = process_file(target, form, None)
    assert [i.check for i in result.issues] == ["too_large"]
    assert "IV65536" in result.issues[0].message


@pytest.mark.parametrize(
    ("rows", "columns", "check"),
    [
        ((0xCB000000, 43), (0, 7), "unsafe_file"),
        ((0, 0xFFFFFFFF), (0, 7), "unsafe_file"),
        ((0, 60), (0, 0xFFFF), "unsafe_file"),
        ((0, 65_536), (0, 256), "too_large"),
    ],
    ids=["first-after-last", "rows-beyond-format", "columns-beyond-format", "whole-sheet"],
)
def test_an_xls_declaring_impossible_dimensions_is_refused(saved, tmp_path, form, rows, columns, check):
    """calamine reserves memory for the dimensions an .xls declares (the fuzzer found a 249 GB one)."""
    import struct

    paths, _ = saved
    raw = bytearray(paths[("template", "xls")].read_bytes())
    found = [m for m in range(len(raw) - 18) if raw[m : m + 4] == b"\x00\x02\x0e\x00"]  # DIMENSIONS, BIFF8
    assert found
    for at in found:
        raw[at + 4 : at + 16] = struct.pack("<IIHH", rows[0], rows[1], columns[0], columns[1])
    path = tmp_path / "dim.xls"
    path.write_bytes(bytes(raw))
    assert load_in_child(path).get("check") == check
    result = process_file(path, form, None)
    assert [i.check for i in result.issues] == [check]
