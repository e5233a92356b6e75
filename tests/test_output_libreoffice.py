"""The consolidated workbook checked by a real third-party client: LibreOffice recalculates every formula
and gets the values the tool cached; and it prints the workbook to PDF page by page."""

from __future__ import annotations

import openpyxl
import pytest
import xlsxwriter
from outputs_support import (  # noqa: F401
    FORM,
    PERIOD,
    UNITS,
    libreoffice,
    needs_soffice,
    pdf_pages,
    shows,
    small_registry,
    soffice_fixture,
    squeeze,
)
from test_output import make_inbox

from desktop.io.writer import CHARTS, COMPARISON, DETAIL, SUMMARY, write_consolidated
from desktop.pipeline import run_batch

pytestmark = [libreoffice, needs_soffice]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    root = tmp_path_factory.mktemp("lo-output")
    make_inbox(root / "inbox", seed=3)
    report = run_batch([root / "inbox"], FORM, small_registry(), period_text=PERIOD.label)
    return write_consolidated(report, root / "tong hop.xlsx")


def formula_cells(path) -> dict[tuple[str, str], object]:
    """(sheet, cell) -> the value cached with each formula."""
    formulas = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    found = {}
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found[(ws.title, cell.coordinate)] = cached[ws.title][cell.coordinate].value
    return found


def plain(value):
    """A cell value as compared across writers: "" and None alike, whole floats as ints."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def test_libreoffice_recalculates_every_formula_to_the_cached_value(workbook, tmp_path, soffice):
    # a control: a formula whose cached value is wrong must come back corrected, or nothing was recalculated
    control = tmp_path / "control.xlsx"
    book = xlsxwriter.Workbook(str(control))
    book.add_worksheet().write_formula("A1", "=1+1", None, 5)
    book.close()
    recalculated, checked = soffice.convert([workbook, control], "xlsx", tmp_path / "lo")
    assert openpyxl.load_workbook(checked, data_only=True).active["A1"].value == 2

    expected = formula_cells(workbook)
    assert len(expected) > 28 * 2 * 2 + 28 + 56  # summary, comparison, detail totals, charts
    assert {sheet for sheet, _ in expected} == {SUMMARY, COMPARISON, CHARTS, DETAIL}
    values = openpyxl.load_workbook(recalculated, data_only=True)
    differences = {
        key: (plain(cached), plain(values[key[0]][key[1]].value))
        for key, cached in expected.items()
        if plain(cached) != plain(values[key[0]][key[1]].value)
    }
    assert differences == {}


def test_a_correction_in_detail_flows_into_the_total_when_recalculated(workbook, tmp_path, soffice):
    book = openpyxl.load_workbook(workbook)
    detail = book[DETAIL]
    summary = book[SUMMARY]
    before = openpyxl.load_workbook(workbook, data_only=True)[SUMMARY]
    row = next(r for r in range(15, 50) if summary.cell(r, 4).value == "07")
    column = next(c for c in range(4, 60) if detail.cell(2, c).value == "07")
    detail.cell(4, column).value = (detail.cell(4, column).value or 0) + 1000  # the first unit, under 3 header rows
    edited = tmp_path / "sua.xlsx"
    book.save(edited)
    (recalculated,) = soffice.convert([edited], "xlsx", tmp_path / "lo")
    after = openpyxl.load_workbook(recalculated, data_only=True)[SUMMARY]
    assert after.cell(row, 5).value == before.cell(row, 5).value + 1000


def test_the_consolidated_workbook_prints_every_sheet_on_numbered_a4_pages(workbook, tmp_path, soffice):
    (pdf,) = soffice.convert([workbook], "pdf", tmp_path / "pdf")
    raw = pdf_pages(pdf)
    pages = [squeeze(p) for p in raw]
    count = len(pages)
    for number, page in enumerate(pages, 1):
        assert f"Trang{number}/{count}" in page
        assert "###" not in page  # a number too wide for its column

    def first_page(title: str) -> int:
        return next(i for i, page in enumerate(pages) if shows(page, title))

    starts = [
        first_page("BÁO CÁO KẾT QUẢ XÂY DỰNG PHONG TRÀO"),
        first_page("SO SÁNH VỚI CÙNG KỲ NĂM TRƯỚC"),
        first_page("BIỂU ĐỒ SỐ LIỆU TỔNG HỢP"),
        first_page("Kỳ báo cáo (mã 01–14)"),
        first_page("DANH SÁCH MÔ HÌNH TỰ PHÒNG, TỰ QUẢN CỦA CÁC ĐƠN VỊ"),
        first_page("TÌNH HÌNH NỘP BÁO CÁO"),
        first_page("KẾT QUẢ KIỂM TRA"),
        first_page("NGUỒN SỐ LIỆU"),
    ]
    # Tổng hợp on two pages, So sánh on one, five charts two to a page, Chi tiết four pages across
    assert starts[:5] == [0, 2, 3, 6, 10]
    assert starts == sorted(starts) and starts[-1] < count - 1

    summary = "".join(pages[0:2])
    for text in [
        "BAN CHỈ ĐẠO 138",
        "TỈNH THỬ NGHIỆM",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Đơn vị báo cáo:",
        "Quý III/2026",
        "NGƯỜI LẬP BIỂU",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "…, ngày … tháng … năm …",
    ]:
        assert shows(summary, text), text
    missing = [i.label for i in FORM.indicators if not shows(summary, i.label)]
    assert missing == []
    assert shows(pages[1], "Cùng kỳ năm trước")  # the table header repeated on page 2
    for page in pages[6:10]:  # each page across repeats the units and the header rows
        assert all(shows(page, u.name) for u in UNITS[:3]) and "STT" in page
    assert all(shows(page, "Đơn vị") for page in pages[starts[4] : starts[5]])
    # Nguồn số liệu pages like Chi tiết, plus a page across for the files; the title on every page
    sources = pages[starts[7] :]
    assert len(sources) == starts[4] - starts[3] + 1
    for page in sources:
        assert shows(page, "NGUỒN SỐ LIỆU") and all(shows(page, u.name) for u in UNITS[:3]) and "STT" in page
    assert "E16" in sources[0] and "(mã01–14)" in sources[0]
    assert all(shows(sources[-1], f"{u.name}.xlsx") for u in UNITS[:3]) and shows(sources[-1], "Trang tính")
    assert not any(shows(page, "SHA-256") for page in sources)
