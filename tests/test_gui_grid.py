"""The grid looks like the workbook: fonts, fills, borders, alignment, wrapping, number formats, sizes,
hidden rows, columns and sheets, read from the file on screen; .xls/.ods show values only."""

from __future__ import annotations


import openpyxl
import pytest
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

pytest.importorskip("PySide6.QtWidgets")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from desktop.io.styles import format_number, read_styles  # noqa: E402
from outputs_support import soffice_fixture  # noqa: E402,F401
from desktop.views.sheet_grid import STYLE_ROLE, SheetGridPanel  # noqa: E402

NUMBER = r"[>=1000000]#\.###\.##0;[>=1000]#\.##0;0"


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (1855, NUMBER, "1.855"),
        (500, NUMBER, "500"),
        (1234567, NUMBER, "1.234.567"),
        (1855, "#,##0", "1.855"),
        (1855.5, "#,##0.00", "1.855,50"),
        (0.125, "0.0%", "12,5%"),
        (-5, "#,##0", "-5"),
        (12, "0", "12"),
        (3, "General", None),
        (3, "@", None),
        (46000, "dd/mm/yyyy", None),
    ],
)
def test_number_formats_show_as_excel_does(value, number_format, shown):
    assert format_number(value, number_format) == shown


@pytest.fixture
def styled(tmp_path):
    path = tmp_path / "bieu.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Biểu 01"
    ws["A1"] = "BAN CHỈ ĐẠO 138"
    ws["A1"].font = Font(name="Times New Roman", bold=True, size=14)
    ws.merge_cells("A1:C1")
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["A2"] = "ghi chú nghiêng"
    ws["A2"].font = Font(italic=True)
    ws["B3"] = 1855
    ws["B3"].number_format = NUMBER
    ws["B3"].fill = PatternFill("solid", fgColor="FFFDE7")
    thin = Side(style="thin")
    ws["B3"].border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws["C4"] = "một đoạn chữ dài được xuống dòng trong ô"
    ws["C4"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["D"].hidden = True
    ws.row_dimensions[4].height = 45
    ws.row_dimensions[5].hidden = True
    ws["A5"] = "dòng ẩn"
    meta = book.create_sheet("_meta")
    meta["A1"] = "form_id"
    meta.sheet_state = "hidden"
    book.save(path)
    return path


def shown(qtbot, path, issues=()):
    from desktop.views.language import install_language

    install_language("vi")
    panel = SheetGridPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    panel.show_file(str(path), list(issues))
    qtbot.waitUntil(lambda: bool(panel.sheets), timeout=10_000)
    return panel


def test_the_grid_shows_the_files_fonts_fills_borders_formats_and_sizes(qtbot, styled):
    panel = shown(qtbot, styled)
    qtbot.waitUntil(lambda: str(styled) in panel._styles, timeout=20_000)
    model, view = panel.model, panel.view
    title = model.index(0, 0)
    assert title.data(Qt.ItemDataRole.FontRole).bold() and title.data(Qt.ItemDataRole.FontRole).pointSizeF() == 14
    assert title.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignHCenter
    assert (view.rowSpan(0, 0), view.columnSpan(0, 0)) == (1, 3)
    assert model.index(1, 0).data(Qt.ItemDataRole.FontRole).italic()
    figure = model.index(2, 1)
    assert figure.data() == "1.855"
    assert figure.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#fffde7"
    assert figure.data(STYLE_ROLE).borders == (True, True, True, True)
    assert model.index(3, 2).data(STYLE_ROLE).wrap
    assert view.columnWidth(1) > 2.5 * view.columnWidth(0), "column B is 30 characters wide"
    assert view.isColumnHidden(3) and not view.isColumnHidden(2)
    assert view.rowHeight(3) == 60, "45 points"
    assert view.isRowHidden(4) and not view.isRowHidden(3)


def test_hidden_sheets_get_no_tab(qtbot, styled):
    panel = shown(qtbot, styled)
    assert [panel.tabs.tabText(i) for i in range(panel.tabs.count())] == ["Biểu 01"]
    assert not panel.values_only.isVisible()


def test_styles_are_plain_data_per_sheet(styled):
    styles = read_styles(styled)
    assert set(styles) == {"Biểu 01", "_meta"}
    cell = styles["Biểu 01"].cells[2, 1]
    assert (cell.fill, cell.number_format) == ("#FFFDE7", NUMBER)


@pytest.mark.libreoffice
def test_an_ods_file_shows_its_values_and_says_so(qtbot, styled, tmp_path, soffice):
    (ods,) = soffice.convert([styled], "ods", tmp_path / "ods")  # a private profile: safe beside other soffice runs
    assert ods.name == "bieu.ods"
    panel = shown(qtbot, ods)
    assert panel.values_only.isVisible() and panel.values_only.text() == "Chỉ hiển thị giá trị"
    assert panel.model.index(2, 1).data() == "1.855"
    assert panel.model.index(2, 1).data(STYLE_ROLE) is None
