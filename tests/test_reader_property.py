"""Property: any valid submission, with any mix of the variations real files have, reads back to exactly
the figures, unit and list it was written with (and the unit is found in the registry)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.checks import resolve_unit
from desktop.forms import load_form
from desktop.io.reader import read_workbook
from desktop.units import province_registry
from tests.builders import Layout, build_workbook
from tests.wbgen import as_text, legacy_encoders, nfd

FORM = load_form()
REGISTRY = province_registry("Thanh Hóa")
UNITS = sorted(u.name for u in REGISTRY.units)
ENCODERS = legacy_encoders()
SHEET_NAMES = ["Biểu 01", "BC quý III", "Sheet1", "Báo cáo", "bieu01", "Biểu 01 (2)"]
LIST_NAMES = ["Biểu 02", "DS mô hình", "Sheet2", "Danh sách"]
EXTRA_NAMES = ["Ghi chú", "Hướng dẫn", "Sheet3", "Tổng hợp xã", "Data"]
NUMBER_STYLES = [None, None, None, "plain", "dot", "comma", "space", "nbsp"]
MODEL_NAMES = [
    "Camera an ninh",
    "Con đường CCB tự quản",
    "Tổ hòa giải ở cơ sở",
    "Nhà trọ an toàn",
    "Tiếng kẻng an ninh",
]
FORCES = ["Công an", "MTTQ", "Hội CCB", "Hội LHPN", "Hội Nông dân", "Đoàn Thanh niên", "Khác"]
STATUSES = ["Xây dựng mới", "Củng cố", "Nhân rộng", "Duy trì"]


@st.composite
def layouts(draw) -> Layout:
    sheet = draw(st.sampled_from(SHEET_NAMES))
    extras = draw(st.lists(st.sampled_from(EXTRA_NAMES), max_size=3, unique=True))
    marks = draw(st.sampled_from(["as typed", "without marks", "decomposed"]))
    return Layout(
        sheet_name=sheet,
        list_sheet_name=draw(st.sampled_from([n for n in LIST_NAMES if n != sheet])),
        top=draw(st.integers(12, 30)),
        left=draw(st.integers(1, 4)),
        codes_as_numbers=draw(st.booleans()),
        labels_without_marks=marks == "without marks",
        decompose_labels=marks == "decomposed",
        upper_case_headers=draw(st.booleans()),
        label_value_in_same_cell=draw(st.booleans()),
        two_row_header=draw(st.booleans()),
        index_row=draw(st.booleans()),
        extra_sheets_before=extras,
        hidden_sheets=draw(st.lists(st.sampled_from(extras), unique=True)) if extras else [],
        note_column=draw(st.booleans()),
        list_first=draw(st.booleans()),
        blank_rows_after=tuple(draw(st.lists(st.sampled_from(FORM.codes[:-1]), max_size=3, unique=True))),
    )


@st.composite
def figures(draw) -> tuple[dict[str, int], dict[str, object]]:
    """The figures, and what the clerk typed: a number, or the number as text in one of the usual ways."""
    values = {code: draw(st.integers(0, 9_999_999)) for code in FORM.codes}
    typed = {
        code: (v if (style := draw(st.sampled_from(NUMBER_STYLES))) is None else as_text(v, style))
        for code, v in values.items()
    }
    return values, typed


# VNI is left out: a short VNI name alone ("Xaõ Trung Sôn") is too little evidence for the conservative
# detector; tests/test_reader_vntext.py covers VNI where it can be told.
spellings = st.sampled_from(["nfc", "nfd", "upper-prefixed", *(["TCVN3"] if "TCVN3" in ENCODERS else [])])


def written_name(name: str, spelling: str) -> tuple[str, str]:
    """(what the file holds, what the reader must give back)."""
    if spelling == "nfd":
        return nfd(name), name
    if spelling == "upper-prefixed":
        return f"CÔNG AN {name.upper()}", f"CÔNG AN {name.upper()}"
    if spelling in ENCODERS:
        return ENCODERS[spelling](name), name
    return name, name


def same_name(read: str, expected: str, spelling: str) -> bool:
    # TCVN3 has no codes for toned capitals (Ố, Ấ): a .VnTime font drew them from the small letters
    return read.lower() == expected.lower() if spelling == "TCVN3" else read == expected


list_rows = st.lists(
    st.fixed_dictionaries(
        {
            "name": st.sampled_from(MODEL_NAMES),
            "area": st.builds(
                lambda kind, n: f"{kind} {n}", st.sampled_from(["Thôn", "Khu phố", "Bản"]), st.integers(1, 30)
            ),
            "force": st.sampled_from(FORCES),
            "year": st.integers(1990, 2026),
            "status": st.sampled_from(STATUSES),
        }
    ),
    max_size=5,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    layout=layouts(),
    numbers=figures(),
    unit=st.sampled_from(UNITS),
    spelling=spellings,
    rows=list_rows,
    decompose_list=st.booleans(),
)
def test_a_valid_submission_reads_back_exactly(layout, numbers, unit, spelling, rows, decompose_list):
    values, typed = numbers
    holds, expected_name = written_name(unit, spelling)
    written_rows = [{k: nfd(v) if decompose_list and isinstance(v, str) else v for k, v in r.items()} for r in rows]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "don vi.xlsx"
        build_workbook(path, FORM, unit=holds, unit_code=None, current=typed, list_rows=written_rows, layout=layout)
        sub = read_workbook(path, FORM)

    assert sub.recognised and sub.sheet == layout.sheet_name
    assert sub.values("current") == values
    assert same_name(sub.label("unit_name"), expected_name, spelling), sub.label("unit_name")
    assert sub.label("period") == "Quý III/2026"
    assert not [i for i in sub.issues if i.severity == "error"], [i.message for i in sub.issues]
    assert sub.list_sheet == layout.list_sheet_name
    assert [{k: r.values[k] for k in ("name", "area", "force", "year", "status")} for r in sub.list_rows] == rows
    unit_found, unit_issues = resolve_unit(sub, REGISTRY)
    assert unit_found is not None and unit_found.name == unit, [i.message for i in unit_issues]
