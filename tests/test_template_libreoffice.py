"""The template in a real third-party client: filled in LibreOffice Calc, then imported and consolidated;
and printed to PDF."""

from __future__ import annotations

import openpyxl
from outputs_support import (  # noqa: F401
    FORM,
    PERIOD,
    UNITS,
    clean_figures,
    libreoffice,
    needs_soffice,
    pdf_pages,
    shows,
    small_registry,
    soffice_fixture,
    squeeze,
)
from test_template import blank_template, code_rows, fill_with_openpyxl, validations

from desktop.pipeline import run_batch

pytestmark = [libreoffice, needs_soffice]


def lo_cells(path, figures, previous, rows):
    """The cells a clerk types: every figure except the formula row 28, and the models."""
    ws = openpyxl.load_workbook(path)["Biểu 01"]
    cells = []
    for code, row in code_rows(ws).items():
        if code != "28":
            cells += [("Biểu 01", f"E{row}", figures[code]), ("Biểu 01", f"F{row}", previous[code])]
    for offset, item in enumerate(rows):
        r = 4 + offset
        cells.append(("Biểu 02", f"A{r}", offset + 1))
        cells += [
            ("Biểu 02", f"{col}{r}", item[key])
            for col, key in zip("BCDEF", ["name", "area", "force", "year", "status"], strict=True)
        ]
    return cells


def test_templates_filled_in_libreoffice_import_with_zero_issues_and_consolidate(tmp_path, soffice):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # unit 1: typed into the template by LibreOffice itself (a Basic macro), which computes and saves
    a_figures, a_previous, a_rows = clean_figures(11, UNITS[0])
    a_template = blank_template(tmp_path, UNITS[0])
    soffice.fill(a_template, inbox / "a.xlsx", lo_cells(a_template, a_figures, a_previous, a_rows))
    # unit 2: filled by a script with openpyxl, then opened and saved by LibreOffice (as the clerk would)
    b_figures, b_previous, b_rows = clean_figures(12, UNITS[1])
    b_template = blank_template(tmp_path, UNITS[1])
    scripted = fill_with_openpyxl(b_template, tmp_path / "b.xlsx", b_figures, b_previous, b_rows)
    soffice.convert([scripted], "xlsx", inbox)

    report = run_batch([inbox], FORM, small_registry(), period_text=PERIOD.label)
    assert [(f.unit.name, f.issues) for f in report.files] == [(UNITS[0].name, []), (UNITS[1].name, [])]
    for result, figures, rows in ((report.files[0], a_figures, a_rows), (report.files[1], b_figures, b_rows)):
        assert result.submission.values("current") == figures
        assert [r.values["name"] for r in result.submission.list_rows] == [r["name"] for r in rows]
    totals = report.consolidation.totals
    assert totals["current"] == {c: a_figures[c] + b_figures[c] for c in FORM.codes}
    assert totals["previous"] == {c: a_previous[c] + b_previous[c] for c in FORM.codes}

    # what LibreOffice saved still protects the form and validates the figures
    for path in sorted(inbox.iterdir()):
        wb = openpyxl.load_workbook(path)
        assert wb["Biểu 01"].protection.sheet and wb["_meta"].sheet_state == "hidden"
        assert len(validations(wb["Biểu 01"])) == 2 * 27


def test_template_prints_on_three_a4_pages_with_header_labels_and_page_numbers(tmp_path, soffice):
    (pdf,) = soffice.convert([blank_template(tmp_path)], "pdf", tmp_path / "pdf")
    pages = [squeeze(p) for p in pdf_pages(pdf)]
    assert len(pages) == 3  # Biểu 01 on two pages (broken between sections), Biểu 02 on one
    for number, page in enumerate(pages, 1):
        assert f"Trang{number}/3" in page
        assert "###" not in page
    first, second, third = pages
    for text in [
        "BAN CHỈ ĐẠO 138",
        "XÃ AN BÌNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        FORM.title,
        "Đơn vị báo cáo:",
        "Xã An Bình",
        "Kỳ báo cáo:",
        "Quý III/2026",
        "15/06/2026",
    ]:
        assert squeeze(text) in first, text
    labels = [i.label for i in FORM.indicators]
    missing = [label for label in labels if not shows(first + second, label)]
    assert not missing
    assert shows(second, "Cùng kỳ năm trước")  # the table header repeats
    assert squeeze("NGƯỜI LẬP BIỂU") in second and squeeze("THỦ TRƯỞNG ĐƠN VỊ") in second
    assert shows(third, FORM.list_sheet.title) and shows(third, "Lực lượng nòng cốt")
