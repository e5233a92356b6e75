"""The written report (`tonghop report`, `consolidate --report`): read back with python-docx, every figure of
its body and appendix checked against the consolidated workbook it came from (read here with openpyxl)."""

from __future__ import annotations

import json
import re
import subprocess
import textwrap
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from outputs_support import SOFFICE, libreoffice, needs_soffice

from desktop.cli import main
from desktop.forms import load_form
from desktop.io.formsheet import Header
from desktop.io.template import write_unit_workbook
from desktop.io.template_scan import scan_workbook
from desktop.learn import form_yaml, learn
from tests.learn_forms import ALL as LEARNED
from tests.learn_forms import fill_units, write_form

NUMBER = re.compile(r"(?:(hơn|gần) )?(\d[\d.,]*\d|\d)(%?)")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo batch, consolidated; the report in exact and in rounded phrasing."""
    root = tmp_path_factory.mktemp("report-demo")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("CONFIG", "DATA", "CACHE"):
            patch.setenv(f"TONGHOP_{name}_DIR", str(root / name.lower()))
        patch.setenv("TONGHOP_ARCHIVE", str(root / "archive.sqlite"))
        assert main(["demo", "--out", str(root)]) == 0
        workbook = next(root.glob("*.xlsx"))
        exact, near = root / "Bao cao Quy III-2026.docx", root / "Bao cao (lam tron).docx"
        assert main(["report", str(workbook), "-o", str(exact)]) == 0
        assert main(["report", str(workbook), "-o", str(near), "--rounded"]) == 0
    return workbook, exact, near


# What the workbook says, read independently of the tool's own reader ---------------------------------


def percent(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):f}".replace(".", ",")
    return text.removesuffix(",0")


def dots(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Workbook:
    """The consolidated workbook as openpyxl reads it: `Tổng hợp`, `Chi tiết`, the list, the status, `_meta`."""

    def __init__(self, path: Path, form) -> None:
        book = openpyxl.load_workbook(path, data_only=True)
        self.form = form
        names = form.indicator_sheet.value_columns
        summary = list(book["Tổng hợp"].iter_rows(values_only=True))
        top = next(i for i, r in enumerate(summary) if names[next(iter(names))] in r)
        self.columns = {name: i for i, name in enumerate(summary[top]) if name}
        label = self.columns[form.indicator_sheet.columns["label"]]
        self.rows, pending = {}, list(form.indicators)  # code -> its row, rows found by their labels in order
        for row in summary[top + 1 :]:
            if pending and row[label] == pending[0].label:
                self.rows[pending.pop(0).code] = row
        detail = list(book["Chi tiết"].iter_rows(values_only=True))
        where, current = {}, None
        for col in range(3, len(detail[1])):
            title = detail[0][col]
            if title:
                current = next((k for k, n in names.items() if str(title).startswith(n)), None)
            if current and detail[1][col] in form.codes:
                where[col] = (current, detail[1][col])
        self.units = []  # (name, column -> code -> value)
        for row in detail[3:]:  # the value column titles, the codes, their short names
            if row[0] == "Cộng" or not row[2]:
                break
            values = {key: {} for key in names}
            for col, (key, code) in where.items():
                values[key][code] = row[col]
            self.units.append((row[2], values))
        self.values = {}  # column -> code -> total, None where nobody stated the column
        for key, name in names.items():
            stated = [u[key].get(c) for _, u in self.units for c in form.codes]
            printed = {c: r[self.columns[name]] for c, r in self.rows.items()} if name in self.columns else None
            if all(v is None for v in stated) and not any((printed or {}).values()):
                self.values[key] = dict.fromkeys(form.codes)
            else:
                sums = {c: sum(u[key].get(c) or 0 for _, u in self.units) for c in form.codes}
                self.values[key] = printed if printed is not None else sums
        self.current = {c: v or 0 for c, v in self.values["current"].items()}
        self.previous = {c: v for c, v in self.values.get("previous", {}).items() if v is not None}
        self.list_rows = []
        if form.list_sheet:
            listed = list(book[form.list_sheet.output_name].iter_rows(values_only=True))
            head = listed[2]
            self.list_rows = [dict(zip(head, r, strict=False)) for r in listed[3:] if any(r[1:])]
        status = list(book["Tình hình nộp báo cáo"].iter_rows(values_only=True))
        self.status = [(r[2], r[3]) for r in status[3:] if r[3]]
        meta = {r[0]: r[1] for r in book["_meta"].iter_rows(values_only=True)}
        self.registered = int(meta["units_registered"]) if meta.get("units_registered") else None

    def explained(self) -> set[str]:
        """Every number the body may state, as the office writes it."""
        ok = {"2026"}
        for code in self.form.codes:
            now, before = self.current[code] or 0, self.previous.get(code)
            ok |= {dots(now), dots(sum(1 for _, v in self.units if (v["current"].get(code) or 0) > 0))}
            if before is not None:
                ok |= {dots(before), dots(abs(now - before))}
                if before:
                    ok.add(percent(Decimal(abs(now - before)) * 100 / Decimal(before)) + "%")
        if self.list_rows:
            ok.add(dots(len(self.list_rows)))
            for header in (c.header for c in self.form.list_sheet.columns if c.allowed):
                for value, n in Counter(r[header] for r in self.list_rows).items():
                    ok.add(dots(n))
                    ok.add(dots(len({r["Đơn vị"] for r in self.list_rows if r[header] == value})))
        submitted = {u for u, s in self.status if s == "Đã nộp"}
        missing = [u for u, s in self.status if s == "Chưa nộp"]
        excluded = [u for u, s in self.status if s not in ("Đã nộp", "Chưa nộp", "Bỏ qua") and u not in submitted]
        ok |= {dots(len(submitted)), dots(len(missing)), dots(len(excluded))}
        if self.registered:
            ok.add(dots(self.registered))
        return ok

    def near(self, word: str, number: int) -> bool:
        """ "hơn N" / "gần N": N is a figure rounded down / up to its step."""
        figures = [v for v in [*self.current.values(), *self.previous.values()] if v]
        for value in figures:
            step = 100 if value >= 10_000 else 50 if value >= 1_000 else 10 if value >= 50 else None
            close = step and number % step == 0 and abs(value - number) <= step / 2
            if close and ((word == "hơn" and value > number) or (word == "gần" and value < number)):
                return True
        return False


def body_paragraphs(document) -> list[str]:
    texts = [p.text for p in document.paragraphs]
    start = texts.index("BÁO CÁO") + 1
    end = texts.index("Phụ lục")
    return [t for t in texts[start:end] if t.strip()]


def numbers_of(text: str) -> list[tuple[str | None, str]]:
    return [(m.group(1), m.group(2) + m.group(3)) for m in NUMBER.finditer(text)]


def check_document(path: Path, workbook: Path, form, *, rounded: bool) -> list[str]:
    document = docx.Document(str(path))
    book = Workbook(workbook, form)
    allowed = book.explained()
    body = body_paragraphs(document)
    for paragraph in body:
        for word, number in numbers_of(paragraph):
            if word and rounded:
                assert book.near(word, int(number.replace(".", ""))), f"{word} {number} in {paragraph!r}"
            else:
                assert number in allowed, f"{number} is not a figure of {workbook.name}: {paragraph!r}"
    # the appendix: the consolidated form, each figure as the workbook has it
    table = document.tables[-1]
    names = form.indicator_sheet.columns
    header = [c.text for c in table.rows[0].cells]
    ratio = names.get("ratio", "So sánh (%)")
    assert header[4:] == [*form.indicator_sheet.value_columns.values(), *([ratio] if book.previous else [])]
    rows = {}
    for row in table.rows[1:]:
        cells = [c.text for c in row.cells]
        if cells[3] in form.codes:
            rows[cells[3]] = dict(zip(header, cells, strict=True))
    assert list(rows) == form.codes
    for code, cells in rows.items():
        for key, title in form.indicator_sheet.value_columns.items():
            value = book.values[key][code]
            assert cells[title] == ("" if value is None else dots(value)), (code, key)
        if ratio in cells:
            now, before = book.current[code], book.previous.get(code)
            expected = f"{(Decimal(now) * 100 / before).quantize(Decimal('0.1'), ROUND_HALF_UP):f}" if before else ""
            assert cells[ratio] == expected.replace(".", ","), code
            if ratio in book.columns:  # as `Tổng hợp` shows it
                assert cells[ratio] == (book.rows[code][book.columns[ratio]] or "")
        assert cells[names["label"]] == form.by_code[code].label
    return body


def test_every_figure_of_the_demo_report_is_a_figure_of_the_workbook(demo, form):
    workbook, exact, near = demo
    body = check_document(exact, workbook, form, rounded=False)
    book = Workbook(workbook, form)
    text = " ".join(body)
    # the sentences state the figures themselves, not only numbers that happen to be allowed
    for code in ("01", "02", "07", "12", "19", "26", "27"):
        assert dots(book.current[code]) in text, code
    assert f"{len([1 for _, s in book.status if s == 'Đã nộp'])}/{book.registered} đơn vị" in text
    assert "hơn " not in text and "gần " not in text
    assert not re.search(r"\b0 (mô hình|vụ|tin|lượt|cuộc)", text), "a zero figure made it into a sentence"
    rounded_body = check_document(near, workbook, form, rounded=True)
    assert any("hơn " in p or "gần " in p for p in rounded_body)


def test_the_demo_report_is_in_the_administrative_format(demo):
    _, exact, _ = demo
    document = docx.Document(str(exact))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= section.top_margin.mm <= 25 and 20 <= section.bottom_margin.mm <= 25
    assert 30 <= section.left_margin.mm <= 35 and 15 <= section.right_margin.mm <= 20
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and 13 <= normal.font.size.pt <= 14
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(f"{{{fonts.nsmap['w']}}}{k}") for k in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    header = document.tables[0]
    left, right = (cell.text for cell in header.rows[0].cells)
    assert "BAN CHỈ ĐẠO 138" in left and "TỈNH THANH HÓA" in left and re.search(r"Số:\s+/BC-", left)
    assert right.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    place = next(p for p in header.rows[0].cells[1].paragraphs if p.text.startswith("Thanh Hóa, ngày"))
    assert all(run.italic for run in place.runs)
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts and any(t.startswith("Kết quả xây dựng phong trào") for t in texts)
    assert any(t.startswith("I. TUYÊN TRUYỀN") for t in texts)
    signature = document.tables[1].rows[0].cells
    first = signature[0].paragraphs[0]
    assert first.text == "Nơi nhận:" and first.runs[0].bold and first.runs[0].italic
    assert first.runs[0].font.size.pt == 12
    assert signature[1].paragraphs[0].text.startswith("TM. ") and signature[1].paragraphs[1].text == "TRƯỞNG BAN"
    assert len(document.tables) == 3 and len(document.tables[2].rows) > 28, "the appendix is a real table"


def test_consolidate_writes_the_report_from_the_workbook_it_wrote(tmp_path, form):
    root = tmp_path / "demo"
    assert main(["demo", "--out", str(root), "--count", "8"]) == 0
    out = tmp_path / "tong hop.xlsx"
    target = tmp_path / "bao cao.docx"
    code = main(["consolidate", str(root / "don-vi"), "-o", str(out), "--province", "Thanh Hóa",
                 "--period", "Quý III/2026", "--report", str(target)])  # fmt: skip
    assert code == 0 and target.exists()
    check_document(target, out, form, rounded=False)


def test_a_file_that_is_not_a_consolidated_workbook_is_one_clear_line(tmp_path, run_cli, form):
    unit = tmp_path / "don vi.xlsx"
    write_unit_workbook(unit, form, Header("Xã Một", "", "Quý III/2026", "15/06/2026", "14/09/2026"))
    done = run_cli("report", unit, "-o", tmp_path / "x.docx")
    assert done.returncode == 2 and "không phải tệp tổng hợp" in done.stderr
    assert not (tmp_path / "x.docx").exists()


SECOND_FORM = """
id: PCCC-02
version: "1"
name: Báo cáo công tác phòng cháy, chữa cháy
title: BÁO CÁO CÔNG TÁC PHÒNG CHÁY, CHỮA CHÁY
form_number: 02/PCCC
issuer: CÔNG AN TỈNH
labels: {form_number: Mẫu số, unit_name: Tên đơn vị, unit_code: Mã, period: Kỳ, date_from: Từ, date_to: Đến}
indicator_sheet:
  name: Số liệu
  columns: {stt: TT, label: Nội dung, unit: ĐVT, code: Mã chỉ tiêu, current: Số kỳ này, previous: Cùng kỳ năm trước}
  value_columns: {current: Số kỳ này, previous: Cùng kỳ năm trước}
sections:
  - {number: A, title: CHÁY NỔ, first_code: A1}
  - {number: B, title: TUYÊN TRUYỀN, first_code: B1}
indicators:
  - {code: A1, label: Số vụ cháy, unit: vụ, kind: flow}
  - {code: A2, label: Số vụ được dập tắt kịp thời, unit: vụ, kind: flow}
  - {code: A3, label: "Thiệt hại ước tính", unit: triệu đồng, kind: flow}
  - {code: B1, label: Số buổi tuyên truyền, unit: buổi, kind: flow}
  - {code: B2, label: Số lượt người tham dự, unit: lượt người, kind: flow}
"""
CODES = ["A1", "A2", "A3", "B1", "B2"]
SECOND_UNITS = {  # this month, the same month last year
    "Xã Thọ Xuân": (
        dict(zip(CODES, [3, 2, 120, 4, 1260], strict=True)),
        dict(zip(CODES, [2, 2, 80, 5, 990], strict=True)),
    ),
    "Phường Hạc Thành": (
        dict(zip(CODES, [0, 0, 0, 9, 4811], strict=True)),
        dict(zip(CODES, [1, 1, 15, 7, 3050], strict=True)),
    ),
    "Xã Yên Định": (
        dict(zip(CODES, [5, 5, 2400, 2, 97], strict=True)),
        dict(zip(CODES, [5, 4, 300, 0, 0], strict=True)),
    ),
}


@pytest.fixture
def second_form(tmp_path):
    path = tmp_path / "pccc.yaml"
    path.write_text(textwrap.dedent(SECOND_FORM), encoding="utf-8")
    form = load_form(path)
    folder = tmp_path / "pccc"
    folder.mkdir()
    for name, (current, previous) in SECOND_UNITS.items():
        header = Header(name, "", "Tháng 8/2026", "15/07/2026", "14/08/2026", "CÔNG AN TỈNH")
        write_unit_workbook(folder / f"{name}.xlsx", form, header, {"current": current, "previous": previous})
    return path, form, folder


@pytest.mark.parametrize("rounded", [False, True])
def test_a_second_form_without_phrases_gets_sentences_from_its_labels(tmp_path, second_form, rounded):
    path, form, folder = second_form
    out, target = tmp_path / "pccc.xlsx", tmp_path / "pccc.docx"
    args = ["consolidate", str(folder), "-o", str(out), "--form", str(path), "--province", "Thanh Hóa"]
    assert main([*args, "--period", "Tháng 8/2026", "--report", str(target), *(["--rounded"] * rounded)]) == 0
    body = check_document(target, out, form, rounded=rounded)
    if rounded:
        assert "- Thiệt hại ước tính: hơn 2.500 triệu đồng (tăng 538% so với cùng kỳ), tại 2 xã." in body
        assert "- Số lượt người tham dự: hơn 6.150 lượt người (tăng 52,7% so với cùng kỳ), tại 3 xã, phường." in body
    else:
        assert "- Số vụ cháy: 8 vụ (bằng cùng kỳ), tại 2 xã." in body
        assert "- Thiệt hại ước tính: 2.520 triệu đồng (tăng 538% so với cùng kỳ), tại 2 xã." in body
    assert "I. TUYÊN TRUYỀN" not in body and "B. TUYÊN TRUYỀN" in body
    assert any(p.startswith("Có 3/166 đơn vị đã gửi báo cáo") for p in body)
    document = docx.Document(str(target))
    assert "CÔNG AN TỈNH" in document.tables[0].rows[0].cells[0].text


# LibreOffice, a real client: it opens the document, the page is A4, the header reads right --------------


def pdf_of(docx_path: Path, out: Path) -> Path:
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{out / 'profile'}", "--convert-to", "pdf",
         "--outdir", str(out), str(docx_path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = out / (docx_path.stem + ".pdf")
    assert pdf.exists()
    return pdf


@libreoffice
@needs_soffice
def test_libreoffice_prints_the_report_on_a4_with_its_header(demo, tmp_path):
    _, exact, _ = demo
    pdf = pdf_of(exact, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595(\.\d+)? x 841(\.\d+)? pts \(A4\)", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 2 <= pages <= 8
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True).stdout
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO", "BAN CHỈ ĐẠO 138",
                 "Thanh Hóa, ngày", "I. TUYÊN TRUYỀN, PHỔ BIẾN, GIÁO DỤC PHÁP LUẬT"):  # fmt: skip
        assert text in first, text
    whole = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Nơi nhận:" in whole and "Phụ lục" in whole
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Times|LiberationSerif", fonts), fonts


@pytest.mark.parametrize("make", LEARNED, ids=lambda f: f.__name__)
def test_a_learned_form_gets_its_report_from_labels_and_units(make, tmp_path):
    spec = make()
    path = tmp_path / f"{spec.name}.xlsx"
    write_form(spec, path)
    schema = tmp_path / "form.yaml"
    schema.write_text(form_yaml(learn(scan_workbook(path)).form), encoding="utf-8")
    form = load_form(schema)
    fill_units(spec, tmp_path / "units")
    out, target = tmp_path / "th.xlsx", tmp_path / "bc.docx"
    args = ["consolidate", str(tmp_path / "units"), "-o", str(out), "--form", str(schema), "--period", "Quý III/2026"]
    assert main([*args, "--report", str(target)]) == 0
    body = check_document(target, out, form, rounded=False)
    book = Workbook(out, form)
    items = [p for p in body if p.startswith("- ")]
    stated = [c for c in form.codes if book.current[c]]
    assert len(items) == len(stated), "one sentence per indicator with a figure"
    for code in stated:
        label = form.by_code[code].label.replace(":", ",", 1)
        assert any(p.startswith(f"- {label}: {dots(book.current[code])}") for p in items), code
    assert not any("Tổng hợp" in p or "địa bàn tổng hợp" in p for p in body)


def test_the_report_finds_the_form_the_workbook_names(tmp_path, second_form, run_cli):
    from desktop.library import import_form

    path, form, folder = second_form
    out = tmp_path / "pccc.xlsx"
    assert main(["consolidate", str(folder), "-o", str(out), "--form", str(path), "--period", "Tháng 8/2026"]) == 0
    refused = run_cli("report", out, "-o", tmp_path / "a.docx")
    assert refused.returncode == 2 and "PCCC-02" in refused.stderr and "--form" in refused.stderr
    import_form(path)
    assert main(["report", str(out)]) == 0, "no --form: the installed form the workbook's _meta names"
    check_document(out.with_suffix(".docx"), out, form, rounded=False)


def test_a_report_target_that_is_not_a_docx_is_refused_before_anything_is_written(tmp_path, demo, run_cli):
    workbook, _, _ = demo
    before = workbook.read_bytes()
    done = run_cli("report", workbook, "-o", workbook)
    assert done.returncode == 2 and ".docx" in done.stderr
    assert workbook.read_bytes() == before
    done = run_cli(
        "consolidate", workbook.parent / "don-vi", "-o", tmp_path / "x.xlsx", "--report", tmp_path / "r.xlsx"
    )
    assert done.returncode == 2 and ".docx" in done.stderr and not (tmp_path / "x.xlsx").exists()


def test_consolidate_json_names_the_report(tmp_path, second_form, run_cli):
    path, form, folder = second_form
    out, target = tmp_path / "pccc.xlsx", tmp_path / "pccc.docx"
    done = run_cli("consolidate", folder, "-o", out, "--form", path, "--report", target, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["report"] == str(target) and target.exists()
