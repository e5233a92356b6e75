"""The written report as a Word document (python-docx), in the administrative format of Nghị định 30/2020/NĐ-CP.

A4; margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman 14 (for Vietnamese text
too: the East-Asian and complex-script font names are set); the issuing body and the national motto
in a borderless two-column table with short rules under them; the body; "Nơi nhận" and the signature
block; the appendix table. Real paragraphs and real tables, so the clerk edits it like any document.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

from desktop.drafting import DraftOptions, ReportContent, draft_report
from desktop.forms import Form
from desktop.io.atomic import atomic_target
from desktop.io.facts import read_facts
from desktop.io.writer import write_consolidated
from desktop.report import BatchReport

FONT = "Times New Roman"
SIZE = 14
TEXT_WIDTH = 165  # mm: A4's 210 less the margins
LEFT_COLUMN = 65  # mm of the header and signature tables
INDENT = Mm(12.7)
APPENDIX_WIDTHS = {"stt": 12, "unit": 20, "code": 12}  # mm; the figures get 18 each, the label the rest
# what follows w:pBdr in a paragraph's properties, w:tblBorders in a table's (the schema's order)
AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr")
AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")


def write_document(content: ReportContent, path: str | Path, *, title: str = "") -> Path:
    """Write the report atomically; raises OutputError when the target can't be written."""
    path = Path(path)
    document = _new_document()
    props = document.core_properties
    props.title = title or " ".join(f"{content.title} {content.subject}".split())
    props.author = " ".join(content.office.split())
    props.language = "vi-VN"
    _header(document, content)
    _title(document, content)
    for paragraph in content.body:
        _body_paragraph(document, paragraph.text, paragraph.kind)
    _signature(document, content)
    _appendix(document, content)
    with atomic_target(path) as temporary:
        document.save(str(temporary))
    return path


def _new_document() -> Document:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    # Word keeps twips: round up, or 15 mm comes back as 14,99
    section.top_margin = section.bottom_margin = _at_least(20)
    section.left_margin, section.right_margin = _at_least(30), _at_least(15)
    section.header_distance = section.footer_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZE)
    _font_names(normal.element.get_or_add_rPr())
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    normal.element.get_or_add_rPr().append(lang)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for rpr in defaults.iter(qn("w:rPr")):
            _font_names(rpr)
    _page_numbers(section)
    return document


def _at_least(mm: float) -> Twips:
    return Twips(math.ceil(mm * 1440 / 25.4))


def _font_names(rpr) -> None:
    """Times New Roman for every script: Word picks the East-Asian or complex font for some Vietnamese letters."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), FONT)
    for key in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(key), None)


def _page_numbers(section) -> None:
    """The page number centred at the top, from the second page on (as the decree has it)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _run(paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None):
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if size:
        run.font.size = Pt(size)
    return run


def _line(container, text: str, *, bold=False, italic=False, size=None, align=WD_ALIGN_PARAGRAPH.CENTER):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    if text:
        _run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def _rule(container, width_mm: float, column_mm: float) -> None:
    """A short centred rule: an empty, 2-point paragraph with a bottom border, narrowed by its indents."""
    paragraph = container.add_paragraph()
    side = Mm(max(column_mm - width_mm, 0) / 2)
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.line_spacing = Pt(2)
    paragraph.paragraph_format.space_after = Pt(4)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(border, *AFTER_PBDR)


def _borderless_table(document, widths_mm: list[float]):
    table = document.add_table(rows=1, cols=len(widths_mm))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    table._tbl.tblPr.insert_element_before(borders, *AFTER_TBLBORDERS)
    _widths(table, widths_mm)
    return table


def _widths(table, widths_mm: list[float]) -> None:
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
        column.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _first(cell, text: str, **style):
    """The cell's first paragraph (a new cell has one, empty) with this text."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = style.pop("align", WD_ALIGN_PARAGRAPH.CENTER)
    _run(paragraph, text, **style)
    return paragraph


def _header(document, content: ReportContent) -> None:
    right_width = TEXT_WIDTH - LEFT_COLUMN
    table = _borderless_table(document, [LEFT_COLUMN, right_width])
    left, right = table.rows[0].cells
    for index, line in enumerate(content.office.split("\n")):
        (_first if index == 0 else _line)(left, line, bold=True, size=13)
    _rule(left, 25, LEFT_COLUMN)
    _line(left, content.number_line, size=13)
    _first(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    _line(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13)
    _rule(right, 60, right_width)
    _line(right, content.place_date, italic=True, size=14)


def _title(document, content: ReportContent) -> None:
    heading = _line(document, content.title, bold=True, size=14)
    heading.paragraph_format.space_before = Pt(18)
    heading.paragraph_format.keep_with_next = True
    for line in content.subject.split("\n"):
        _line(document, line, bold=True, size=14).paragraph_format.keep_with_next = True
    _rule(document, 35, TEXT_WIDTH)
    document.paragraphs[-1].paragraph_format.space_after = Pt(12)


def _body_paragraph(document, text: str, kind: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = INDENT
    fmt.space_before = Pt(6 if kind == "heading" else 0)
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.15
    fmt.widow_control = True
    if kind == "heading":
        fmt.keep_with_next = True
    _run(paragraph, text, bold=kind == "heading")


def _signature(document, content: ReportContent) -> None:
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_after = Pt(6)
    spacer.paragraph_format.keep_with_next = True
    table = _borderless_table(document, [LEFT_COLUMN + 15, TEXT_WIDTH - LEFT_COLUMN - 15])
    _row_flags(table.rows[0])  # "Nơi nhận" and the signature stay on one page
    left, right = table.rows[0].cells
    _first(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    for index, recipient in enumerate(content.recipients):
        end = "." if index == len(content.recipients) - 1 else ";"
        _line(left, f"- {recipient.rstrip(';.')}{end}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    signer = [line for line in (content.signer, content.signer_title) if line]
    for index, line in enumerate(signer):
        (_first if index == 0 else _line)(right, line, bold=True, size=14)
    for _ in range(4):  # room for the signature and the seal
        _line(right, "")
    _line(right, "", bold=True)  # the signer's name, typed by the clerk


def _appendix(document, content: ReportContent) -> None:
    _line(document, content.appendix_title, bold=True, size=14).paragraph_format.page_break_before = True
    _line(document, content.appendix_subtitle, bold=True, size=13)
    note = _line(document, content.appendix_note, italic=True, size=13)
    note.paragraph_format.space_after = Pt(8)
    header = content.appendix_header
    widths = _appendix_widths(len(header))
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _first(cell, text, bold=True, size=12)
    _row_flags(table.rows[0], header=True)
    for row in content.appendix_rows:
        added = table.add_row()
        _row_flags(added)
        cells = added.cells
        if row.section:
            number, title = row.cells
            _first(cells[0], number, bold=True, size=12)
            merged = cells[1].merge(cells[-1])
            _first(merged, title, bold=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
            continue
        for index, (cell, text) in enumerate(zip(cells, row.cells, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if index == 1 else WD_ALIGN_PARAGRAPH.CENTER
            if index >= 4:
                align = WD_ALIGN_PARAGRAPH.RIGHT
            _first(cell, text, size=12, align=align)
    _widths(table, widths)
    for row in table.rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _row_flags(row, *, header: bool = False) -> None:
    """A row never split across pages; the header row repeated on every page."""
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


def _appendix_widths(columns: int) -> list[float]:
    """STT, label, unit, code, then the value columns (and the ratio) share what is left."""
    w = APPENDIX_WIDTHS
    rest = columns - 4
    each = min((TEXT_WIDTH - 50 - sum(w.values())) / rest, 18) if rest > 0 else 0
    label = TEXT_WIDTH - sum(w.values()) - each * rest
    return [w["stt"], label, w["unit"], w["code"]] + [each] * rest


def write_report(workbook: str | Path, target: str | Path, form: Form, options: DraftOptions | None = None) -> Path:
    """The report drafted from a consolidated workbook the tool wrote, written to `target`.

    The one way a report is made (the `report` command, `consolidate --report`, the window): from the
    workbook as written, so a report of last quarter's file reads the same as one made today.
    Raises ConsolidatedError for a workbook that is not one, OutputError when the target can't be written.
    """
    facts = read_facts(workbook, form)
    content = draft_report(facts, options or DraftOptions())
    return write_document(content, target)


def write_batch_report(report: BatchReport, target: str | Path, options: DraftOptions | None = None) -> Path:
    """The report of a batch whose workbook is not written yet (the window): written to a temporary folder
    first, then read back like any consolidated workbook, so there is one way a report is made."""
    with tempfile.TemporaryDirectory(prefix="tonghop-report-") as folder:
        workbook = write_consolidated(report, Path(folder) / "tong-hop.xlsx")
        return write_report(workbook, target, report.form, options)
