"""Learning a form from an office's blank workbook: the roles found are the form's own, and the learned
form reads and consolidates ten filled unit files to the right totals."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from outputs_support import soffice_fixture  # noqa: F401

from desktop.cli import main
from desktop.forms import load_form
from desktop.io.reader import normalise_code, read_workbook
from desktop.io.template_scan import scan_workbook
from desktop.learn import LearnError, form_yaml, learn, summary
from desktop.pipeline import run_batch
from desktop.rules import evaluate, parse_rule
from tests.learn_forms import (
    ALL,
    compute,
    entered,
    fill_units,
    hierarchical_form,
    matrix_form,
    no_code_form,
    security_form,
    three_row_form,
    write_form,
)

PERIOD = "Quý III/2026"


def expected_codes(spec) -> list[str]:
    if "code" in spec.columns:
        return [normalise_code(c) for c in spec.codes]
    stts = [line.stt for line in spec.lines if not line.section]
    if all(s.isdigit() for s in stts) and len(set(stts)) == len(stts):
        return [normalise_code(s) for s in stts]
    return [f"{n:02d}" for n in range(1, len(stts) + 1)]


def expected_headers(spec) -> list[str]:
    """The header text of each value column: its own cell, with its parent when the text repeats."""
    cells = {}
    for r1, c1, _r2, c2, text in spec.header:
        for c in range(c1, c2 + 1):
            cells.setdefault(c, []).append((r1, text))
    leaves = [sorted(cells[spec.columns[k]])[-1][1] for k in spec.value_keys]
    headers = []
    for key, leaf in zip(spec.value_keys, leaves, strict=True):
        parts = [t for _, t in sorted(cells[spec.columns[key]])]
        headers.append(" / ".join(parts[-2:]) if leaves.count(leaf) > 1 else leaf)
    return headers


def expected_rules(spec, codes: dict[str, str]) -> set[str]:
    rules = {
        f"[{codes[line.code]}] == " + " + ".join(f"[{codes[c]}]" for c in line.sum_of)
        for line in spec.lines
        if line.sum_of
    }
    return rules


def learned_of(spec, tmp_path: Path):
    path = tmp_path / f"{spec.name}.xlsx"
    write_form(spec, path)
    return learn(scan_workbook(path)), path


@pytest.mark.parametrize("make", ALL, ids=lambda f: f.__name__)
def test_the_learned_roles_are_the_forms_own(make, tmp_path):
    spec = make()
    learned, _ = learned_of(spec, tmp_path)
    form = learned.form
    codes = expected_codes(spec)
    by_spec = dict(zip(spec.codes, codes, strict=True))
    assert form.codes == codes
    assert [i.label for i in form.indicators] == [line.label for line in spec.lines if not line.section]
    units = [line.unit for line in spec.lines if not line.section]
    assert [i.unit for i in form.indicators] == (units if "unit" in spec.columns else [""] * len(units))
    assert list(form.indicator_sheet.value_columns.values()) == expected_headers(spec)
    assert form.indicator_sheet.name == spec.sheet
    assert form.indicator_sheet.match == ("code" if "code" in spec.columns else "label")
    down = {r.expr for r in form.rules if not r.parsed.per_row and r.parsed.op == "=="}
    assert down == expected_rules(spec, by_spec)
    parts, parent = set(), None  # "Trong đó: …" rows are parts of the row above
    for line in (x for x in spec.lines if not x.section):
        if line.label.startswith("Trong đó"):
            parts.add(f"[{by_spec[line.code]}] <= [{by_spec[parent]}]")
        else:
            parent = line.code
    assert {r.expr for r in form.rules if r.id.startswith("D")} == parts
    assert all(r.severity == "error" for r in form.rules)
    sections, pending = [], None
    for line in spec.lines:
        if line.section:
            number, _, title = line.label.partition(". ") if not line.stt else (line.stt, "", line.label)
            pending = (number, title)
        elif pending:
            sections.append((*pending, by_spec[line.code]))
            pending = None
    assert [(s.number, s.title, s.first_code) for s in form.sections] == sections
    stock = {
        by_spec[line.code]
        for line in spec.lines
        if not line.section and any(w in line.label.lower() for w in ("đến cuối kỳ", "hiện có", "đang hoạt động"))
    }
    assert {i.code for i in form.indicators if i.kind == "stock"} == stock == set(learned.stock_guesses)
    text = summary(learned)
    assert "đoán" in text and spec.sheet in text
    assert form.form_number == dict(spec.block)[next(k for k, _ in spec.block if "số" in k.lower())]
    assert form.title == spec.title


def test_totals_across_the_row_become_a_row_rule(tmp_path):
    spec = matrix_form()
    learned, _ = learned_of(spec, tmp_path)
    row_rules = [r for r in learned.form.rules if r.parsed.per_row]
    assert [r.expr for r in row_rules] == ["[@current] == [@nam] + [@nu]"] and row_rules[0].rows is None
    headers = learned.form.indicator_sheet.value_columns
    assert (headers["current"], headers["nam"], headers["nu"]) == ("Tổng số", "Nam", "Nữ")


def test_the_header_block_labels_are_found_by_their_words(tmp_path):
    learned, _ = learned_of(hierarchical_form(), tmp_path)
    labels = learned.form.labels
    assert (labels.form_number, labels.unit_name, labels.period, labels.date_from, labels.date_to) == (
        "Biểu số",
        "Đơn vị",
        "Kỳ",
        "Từ ngày",
        "Đến ngày",
    )
    assert any("mã đơn vị" in d for d in learned.doubts)  # not in the workbook: said, not guessed silently


def test_the_list_sheet_keeps_its_allowed_values_and_year(tmp_path):
    learned, _ = learned_of(security_form(), tmp_path)
    spec = learned.form.list_sheet
    assert spec.name == "Danh sách tổ" and spec.title == "DANH SÁCH TỔ AN NINH ĐANG HOẠT ĐỘNG"
    assert [c.header for c in spec.columns] == ["STT", "Tên tổ", "Địa bàn", "Loại hình", "Năm thành lập"]
    kind = {c.header: c for c in spec.columns}
    assert kind["Loại hình"].allowed == ["Tổ tự quản", "Tổ liên gia", "Khác"]
    assert (kind["Năm thành lập"].kind, kind["Năm thành lập"].min) == ("year", 1990)
    assert kind["Tên tổ"].required and any("bắt buộc" in d for d in learned.doubts)


@pytest.mark.parametrize("make", ALL, ids=lambda f: f.__name__)
def test_ten_units_consolidate_to_the_right_totals(make, tmp_path):
    spec = make()
    learned, _ = learned_of(spec, tmp_path)
    schema = tmp_path / "form.yaml"
    schema.write_text(form_yaml(learned.form), encoding="utf-8")
    form = load_form(schema)
    assert form == learned.form
    totals = fill_units(spec, tmp_path / "units")
    report = run_batch([tmp_path / "units"], form, None, period_text=PERIOD)
    for result in report.files:
        assert not [i for i in result.issues if i.severity.value == "error"], result.path
    keys = list(form.indicator_sheet.value_columns)
    codes = dict(zip(spec.codes, form.codes, strict=True))
    want = {
        key: {codes[c]: v for c, v in totals[spec_key].items()}
        for spec_key, key in zip(spec.value_keys, keys, strict=True)
    }
    assert report.consolidation.totals == want
    assert all(f.counted for f in report.files) and len(report.files) == 10


@pytest.mark.parametrize("make", [security_form, matrix_form, hierarchical_form], ids=lambda f: f.__name__)
def test_a_total_unequal_to_its_parts_keeps_the_file_out(make, tmp_path):
    spec = make()
    learned, _ = learned_of(spec, tmp_path)
    folder = tmp_path / "units"
    fill_units(spec, folder, count=3)
    values = entered(spec, random.Random(3))
    good = compute(spec, values)
    path = folder / "Xã Sai.xlsx"
    total = next((line for line in spec.lines if line.sum_of), None)
    code, key = (total.code, spec.value_keys[0]) if total else (spec.codes[0], next(iter(spec.across)))
    write_form(spec, path, "Xã Sai", values=values, typed={(code, key): good[code][key] + 5})  # typed over the total
    report = run_batch([folder], learned.form, None, period_text=PERIOD)
    bad = next(f for f in report.files if f.path.endswith("Xã Sai.xlsx"))
    errors = [i for i in bad.issues if i.severity.value == "error"]
    assert errors and errors[0].check.startswith("C"), [i.message for i in bad.issues]
    assert "khác" in errors[0].message
    totals = report.consolidation.totals
    assert totals[next(iter(learned.form.indicator_sheet.value_columns))] != {}
    others = [f for f in report.files if f is not bad]
    assert all(not [i for i in f.issues if i.severity.value == "error"] for f in others)
    assert not bad.counted and all(f.counted for f in others)


def test_rows_without_codes_are_matched_by_label_and_order(tmp_path):
    spec = no_code_form()
    learned, _ = learned_of(spec, tmp_path)
    form = learned.form
    assert form.indicator_sheet.match == "label"
    values = entered(spec, random.Random(1))
    path = tmp_path / "unit.xlsx"
    write_form(spec, path, "Xã Một", values=values)
    sub = read_workbook(path, form)
    expected = {
        code: values[line.code]["current"]
        for code, line in zip(form.codes, [x for x in spec.lines if not x.section], strict=True)
    }
    assert sub.values("current") == expected
    # the repeated label "Trong đó: trẻ em gái" is told apart by its order
    assert sub.figures["current"]["02"].cell != sub.figures["current"]["05"].cell


def test_cli_learns_writes_yaml_and_consolidates(tmp_path, capsys):
    spec = three_row_form()
    path = tmp_path / "bieu.xlsx"
    write_form(spec, path)
    schema = tmp_path / "hs.yaml"
    assert main(["form", "learn", str(path), "-o", str(schema), "--id", "HS-03", "--name", "Thống kê hình sự"]) == 0
    out = capsys.readouterr().out
    assert "Đã nhận ra" in out and "Cần xác nhận" in out and "Trong kỳ / Số vụ" in out
    form = load_form(schema)
    assert (form.id, form.name) == ("HS-03", "Thống kê hình sự")
    totals = fill_units(spec, tmp_path / "units")
    assert main(["validate", str(tmp_path / "units"), "--form", str(schema), "--period", PERIOD, "--json"]) in (0, 1)
    data = json.loads(capsys.readouterr().out)
    assert len(data["files"]) == 10
    report = run_batch([tmp_path / "units"], form, None, period_text=PERIOD)
    keys = list(form.indicator_sheet.value_columns)
    assert report.consolidation.totals[keys[3]] == {normalise_code(c): v for c, v in totals["lk_dt"].items()}


def test_a_workbook_without_a_table_is_refused_clearly(tmp_path):
    path = tmp_path / "notes.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Ghi chép"
    wb.save(path)
    with pytest.raises(LearnError, match="không tìm thấy bảng chỉ tiêu"):
        learn(scan_workbook(path))
    assert main(["form", "learn", str(path)]) == 2


def test_formulas_that_are_not_sums_are_said_not_guessed(tmp_path):
    spec = security_form()
    path = tmp_path / "f.xlsx"
    write_form(spec, path)
    wb = openpyxl.load_workbook(path)
    ws = wb[spec.sheet]
    ws["E12"] = "=E11*2"
    wb.save(path)
    learned = learn(scan_workbook(path))
    assert any("E12" in d and "không chuyển" in d for d in learned.doubts)
    assert not any("E11" in r.expr for r in learned.form.rules)


def test_row_rules_and_dotted_codes_in_the_grammar():
    rule = parse_rule("[@tong] == [@nam] + [@nu]")
    assert rule.per_row and rule.columns == {"tong", "nam", "nu"} and not rule.codes
    outcome = evaluate(rule.for_code("1.2"), {"1.2@tong": 9, "1.2@nam": 4, "1.2@nu": 5})
    assert outcome.passed
    assert not evaluate(rule.for_code("1.2"), {"1.2@tong": 9, "1.2@nam": 4, "1.2@nu": 4}).passed
    assert parse_rule("[1.2.3] <= [I.1] + [A1@nam]").codes == {"1.2.3", "I.1", "A1"}


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice not installed")
@pytest.mark.parametrize("target", ["ods", "xlsx", "xls"])
def test_a_form_saved_by_libreoffice_is_learned_equally(target, tmp_path):
    spec = security_form()
    original, path = learned_of(spec, tmp_path)
    out = tmp_path / "lo"
    out.mkdir()
    source = tmp_path / "lo-source.xlsx"
    shutil.copy(path, source)
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    saved = out / f"lo-source.{target}"
    learned = learn(scan_workbook(saved))
    a, b = original.form, learned.form
    assert b.codes == a.codes and [i.label for i in b.indicators] == [i.label for i in a.indicators]
    assert b.indicator_sheet.value_columns == a.indicator_sheet.value_columns
    if target == "xls":  # Excel 97-2003: values only, and the summary says what could not be read
        assert b.rules == [] and any("công thức" in d for d in learned.doubts)
        assert any("kiểm tra dữ liệu" in d for d in learned.doubts)
    else:
        assert {r.expr for r in b.rules} == {r.expr for r in a.rules}
    assert b.sections == a.sections and b.labels == a.labels
    assert [i.kind for i in b.indicators] == [i.kind for i in a.indicators]
    if target in ("ods", "xls"):
        assert any("kiểm tra dữ liệu" in d for d in learned.doubts)  # .ods validation is not read: said so
    else:
        assert b.list_sheet == a.list_sheet


@pytest.mark.parametrize("make", ALL, ids=lambda f: f.__name__)
def test_the_learned_form_goes_through_template_consolidation_and_markup(make, tmp_path, capsys):
    """The tool's own templates of a learned form, filled by ten units, consolidated by the CLI into a
    workbook that is itself a valid submission of the form; a unit breaking a total gets a marked-up copy."""
    from desktop.io.formsheet import Header
    from desktop.io.template import write_unit_workbook

    spec = make()
    learned, _ = learned_of(spec, tmp_path)
    form = learned.form
    schema = tmp_path / "form.yaml"
    schema.write_text(form_yaml(form), encoding="utf-8")
    units = tmp_path / "units"
    units.mkdir()
    rng = random.Random(11)
    totals = {key: dict.fromkeys(form.codes, 0) for key in form.value_columns}
    spec_codes = dict(zip(spec.codes, form.codes, strict=True))
    keys = dict(zip(spec.value_keys, form.value_columns, strict=True))
    for n in range(10):
        figures = compute(spec, entered(spec, rng))
        total = next((line for line in spec.lines if line.sum_of or spec.across and not line.section), None)
        breaks = n == 9 and total is not None
        if breaks:  # the last unit breaks the first total rule by typing over it
            key = spec.value_keys[0] if total.sum_of else next(iter(spec.across))
            figures[total.code][key] += 4
        values = {keys[k]: {spec_codes[c]: figures[c][k] for c in spec.codes} for k in spec.value_keys}
        header = Header(f"Xã Số {n + 1}", "", PERIOD, "15/06/2026", "14/09/2026")
        write_unit_workbook(units / f"Xã Số {n + 1}.xlsx", form, header, values)
        if not breaks:
            for key, by_code in values.items():
                for code, value in by_code.items():
                    totals[key][code] += value
    out = tmp_path / "tong-hop.xlsx"
    assert main(["consolidate", str(units), "--form", str(schema), "--period", PERIOD, "-o", str(out)]) in (0, 1)
    capsys.readouterr()
    back = read_workbook(out, form)
    assert {key: back.values(key) for key in form.value_columns} == totals
    marked = tmp_path / "can-sua"
    assert main(["annotate", str(units), "--form", str(schema), "--period", PERIOD, "--out", str(marked)]) in (0, 1)
    copies = [p.name for p in marked.glob("*.xlsx")]
    assert ("Xã Số 10 - cần sửa.xlsx" in copies) == (total is not None), copies


@pytest.mark.parametrize("schema", ["desktop/resources/forms/tdbv-01.yaml", "tests/forms/llcs-03.yaml"])
def test_forms_written_by_hand_are_learned_back_from_their_templates(schema, tmp_path):
    """Forms this learner was not written against (the built-in TDBV-01, the second form of the schema
    tests): the tool's blank template of each is learned back to the same roles."""
    from desktop.io.formsheet import Header
    from desktop.io.template import write_unit_workbook

    root = Path(__file__).resolve().parent.parent
    original = load_form(root / schema)
    path = tmp_path / "mau.xlsx"
    write_unit_workbook(path, original, Header("Xã A", "", PERIOD, "15/06/2026", "14/09/2026", original.issuer))
    learned = learn(scan_workbook(path))
    form = learned.form
    assert form.codes == original.codes
    assert [(i.label, i.unit) for i in form.indicators] == [(i.label, i.unit) for i in original.indicators]
    assert list(form.indicator_sheet.value_columns.values()) == list(original.indicator_sheet.value_columns.values())
    assert [(s.number, s.title, s.first_code) for s in form.sections] == [
        (s.number, s.title, s.first_code) for s in original.sections
    ]
    assert form.labels == original.labels and form.form_number == original.form_number
    assert (form.title, form.issuer) == (original.title, original.issuer)
    assert {i.code: i.formula for i in form.indicators if i.formula} == {
        i.code: i.formula for i in original.indicators if i.formula
    }
    # every "== total" and "Trong đó" rule of the hand-written form is found (its other rules are judgement)
    exprs = {r.parsed for r in form.rules}
    for rule in original.rules:
        totals = " == " in rule.expr and "count" not in rule.expr
        part = any(i.label.startswith("Trong đó") and f"[{i.code}] <=" in rule.expr for i in original.indicators)
        if totals or part:
            assert rule.parsed in exprs, rule.expr
    stock = {i.code for i in form.indicators if i.kind == "stock"}
    assert stock <= {i.code for i in original.indicators if i.kind == "stock"}  # a stock guess is never wrong here
    if original.list_sheet:
        ours, theirs = form.list_sheet, original.list_sheet
        assert [c.header for c in ours.columns] == [c.header for c in theirs.columns]
        assert [c.allowed for c in ours.columns] == [c.allowed for c in theirs.columns]


def test_two_indicator_sheets_are_one_form_of_two_sheets(tmp_path, capsys):
    """Biểu 05 and Biểu 05B both number their rows from 01: one form, the second sheet's codes B.01…,
    each sheet read where it is; the units' totals, the tool's own template and one level up all hold."""
    from tests.learn_forms import second_sheet_form, write_two_sheets

    first, second = security_form(), second_sheet_form()
    first.list_sheet = None
    path = tmp_path / "hai-bieu.xlsx"
    write_two_sheets(first, second, path)
    learned = learn(scan_workbook(path))
    form = learned.form
    second_codes = ["B." + c for c in second.codes]
    assert form.codes == first.codes + second_codes
    assert [m.name for m in form.more_sheets] == [second.sheet] and form.more_sheets[0].prefix == "B."
    assert form.more_sheets[0].title == second.title and form.parts[1].form.title == second.title
    # the second sheet's rules name the form's codes, as every other message about its rows does
    assert next(r for r in form.rules if r.expr == "[B.05] == [B.02] + [B.04]").message.startswith("chỉ tiêu B.05 (")
    assert {form.sheet_of(c) for c in second_codes} == {second.sheet}
    assert {form.sheet_of(c) for c in first.codes} == {first.sheet}
    assert [i.label for i in form.indicators[len(first.codes) :]] == [x.label for x in second.lines if not x.section]
    exprs = {r.expr for r in form.rules}
    assert "[B.05] == [B.02] + [B.04]" in exprs and "[07] == [04] + [05] + [06]" in exprs
    assert form.by_code["B.05"].formula == "[B.02] + [B.04]"
    assert [(s.number, s.first_code) for s in form.sections][-1] == ("I", "B.01")
    said = summary(learned)
    assert f"trang “{second.sheet}”: bảng chỉ tiêu cùng các cột, thuộc cùng biểu mẫu" in said
    assert "--sheet" not in said  # nothing left out
    schema = tmp_path / "hai.yaml"
    schema.write_text(form_yaml(form), encoding="utf-8")
    assert load_form(schema) == form
    # one sheet alone is still a form of its own when asked for
    schema_b = tmp_path / "b.yaml"
    assert main(["form", "learn", str(path), "--sheet", second.sheet, "-o", str(schema_b)]) == 0
    capsys.readouterr()
    assert load_form(schema_b).codes == second.codes and not load_form(schema_b).more_sheets
    assert main(["form", "learn", str(path), "--sheet", "Không có"]) == 2
    units = tmp_path / "units"
    units.mkdir()
    rng = random.Random(2)
    want = dict.fromkeys(form.codes, 0)
    for n in range(10):
        values = (entered(first, rng), entered(second, rng))
        write_two_sheets(first, second, units / f"Xã {n + 1}.xlsx", f"Xã {n + 1}", values)
        for code, by_key in compute(first, values[0]).items():
            want[code] += by_key["current"]
        for code, by_key in compute(second, values[1]).items():
            want["B." + code] += by_key["current"]
    report = run_batch([units], form, None, period_text=PERIOD)
    assert report.consolidation.totals["current"] == want
    assert all(f.counted for f in report.files)
    sub = read_workbook(units / "Xã 1.xlsx", form)
    assert sub.figures["current"]["B.01"].sheet == second.sheet and sub.figures["current"]["01"].sheet == first.sheet
    # a unit that sent the first sheet only is told which sheet is missing, and left out of the total
    lone = tmp_path / "lone"
    lone.mkdir()
    shutil.copy(units / "Xã 1.xlsx", lone / "Xã 1.xlsx")
    book = openpyxl.load_workbook(lone / "Xã 1.xlsx")
    del book[second.sheet]
    book.save(lone / "Xã 1.xlsx")
    sub = read_workbook(lone / "Xã 1.xlsx", form)
    missing = [i for i in sub.issues if i.check == "sheet_missing"]
    assert len(missing) == 1 and second.sheet in missing[0].message and "5 chỉ tiêu" in missing[0].message
    assert not run_batch([lone], form, None, period_text=PERIOD).files[0].counted
    # the tool's own template: both sheets; ten units consolidated by the CLI into a workbook that is
    # itself a submission of the form (both sheets), the unit that broke the second sheet's total marked
    from desktop.io.formsheet import Header
    from desktop.io.template import write_unit_workbook

    own = tmp_path / "own"
    own.mkdir()
    totals = dict.fromkeys(form.codes, 0)
    for n in range(10):
        figures = {
            **compute(first, entered(first, rng)),
            **{"B." + code: by_key for code, by_key in compute(second, entered(second, rng)).items()},
        }
        if n == 9:
            figures["B.05"]["current"] += 3
        values = {"current": {code: figures[code]["current"] for code in form.codes}}
        values["previous"] = {code: figures[code]["previous"] for code in form.codes}
        write_unit_workbook(own / f"Xã {n + 1}.xlsx", form, Header(f"Xã {n + 1}", "", PERIOD), values)
        if n < 9:
            for code in form.codes:
                totals[code] += values["current"][code]
    assert openpyxl.load_workbook(own / "Xã 1.xlsx").sheetnames[:2] == [first.sheet, second.sheet]
    again = learn(scan_workbook(own / "Xã 1.xlsx")).form  # the tool's template is learned back the same
    assert again.codes == form.codes and again.more_sheets == form.more_sheets
    out = tmp_path / "tong-hop.xlsx"
    assert main(["consolidate", str(own), "--form", str(schema), "--period", PERIOD, "-o", str(out)]) == 0
    capsys.readouterr()
    assert openpyxl.load_workbook(out).sheetnames[:2] == ["Tổng hợp", f"Tổng hợp {second.sheet}"]
    titles = [c.value for c in openpyxl.load_workbook(out)[f"Tổng hợp {second.sheet}"]["A"][:8]]
    assert second.title in titles and first.title not in titles
    back = read_workbook(out, form)
    assert back.values("current") == totals and not [i for i in back.issues if i.severity.name == "ERROR"]
    marked = tmp_path / "can-sua"
    assert main(["annotate", str(own), "--form", str(schema), "--period", PERIOD, "--out", str(marked)]) in (0, 1)
    capsys.readouterr()
    copy = openpyxl.load_workbook(marked / "Xã 10 - cần sửa.xlsx")
    row = next(r for r in range(1, 60) if copy[second.sheet].cell(r, 4).value == "05")
    assert copy[second.sheet].cell(row, 5).comment is not None


def test_a_list_only_form_is_counted_from_the_units_lists(tmp_path, capsys):
    """A workbook that is only a list: the form counts its rows (all, and by each drop-down value); ten
    units' lists consolidate to those counts, through the office's layout and the tool's own template,
    and the consolidated workbook is itself a submission of the form one level up."""
    from desktop.io.formsheet import Header
    from desktop.io.template import write_unit_workbook
    from tests.learn_forms import LIST_ONLY_HEADERS, LIST_ONLY_KINDS, write_list_only

    path = tmp_path / "danh-sach.xlsx"
    write_list_only(path)
    learned = learn(scan_workbook(path))
    form = learned.form
    assert form.list_only and form.form_number == "DS-03/CT"
    assert form.title == "DANH SÁCH HỘ GIA ĐÌNH ĐĂNG KÝ TẠM TRÚ"
    assert [c.header for c in form.list_sheet.columns] == LIST_ONLY_HEADERS
    kinds = form.list_sheet.columns[3]
    assert kinds.allowed == LIST_ONLY_KINDS and form.list_sheet.columns[4].kind == "year"
    assert [i.count for i in form.indicators] == ["count()"] + [f'count({kinds.key} == "{k}")' for k in LIST_ONLY_KINDS]
    assert {"unit_name", "period", "form_number"} <= set(learned.layout.labels)
    said = summary(learned)
    assert "biểu mẫu chỉ có danh sách" in said and "đặt lại tên chỉ tiêu" in said
    schema = tmp_path / "ds.yaml"
    schema.write_text(form_yaml(form), encoding="utf-8")
    assert load_form(schema) == form
    rng = random.Random(5)
    office, own = tmp_path / "office", tmp_path / "own"
    office.mkdir()
    own.mkdir()
    want = dict.fromkeys(form.codes, 0)
    for n in range(10):
        rows = [
            (f"Hộ {n}-{i}", f"Thôn {i}", rng.choice(LIST_ONLY_KINDS), rng.randint(1995, 2026))
            for i in range(rng.randint(0, 9))
        ]
        write_list_only(office / f"Xã {n + 1}.xlsx", f"Xã {n + 1}", rows)
        listed = [dict(zip([c.key for c in form.list_sheet.columns[1:]], row, strict=True)) for row in rows]
        write_unit_workbook(own / f"Xã {n + 1}.xlsx", form, Header(f"Xã {n + 1}", "", PERIOD), list_rows=listed)
        want["01"] += len(rows)
        for code, kind in zip(form.codes[1:], LIST_ONLY_KINDS, strict=True):
            want[code] += sum(row[2] == kind for row in rows)
    report = run_batch([office], form, None, period_text=PERIOD)
    assert report.consolidation.totals["current"] == want and all(f.counted for f in report.files)
    sub = read_workbook(office / "Xã 2.xlsx", form)
    assert sub.label("unit_name") == "Xã 2" and sub.figures["current"]["02"].cell == "D7"
    assert openpyxl.load_workbook(own / "Xã 1.xlsx").sheetnames == [form.list_sheet.name, "_meta"]
    out = tmp_path / "tong-hop.xlsx"
    assert main(["consolidate", str(own), "--form", str(schema), "--period", PERIOD, "-o", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {t["code"]: t["values"]["Số lượng"] for t in data["totals"]} == want
    back = read_workbook(out, form)
    assert back.values("current") == want and not [i for i in back.issues if i.severity.name == "ERROR"]
    # a file of another layout is told what list was looked for
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    lost = read_workbook(other, form)
    assert not lost.recognised and "Họ và tên chủ hộ" in lost.issues[0].message
    # and in a mixed batch, the nearest form says the same: no list with its columns
    from desktop.mixed import match_file

    nearest = match_file(other, [form])[0]
    assert not nearest.accepted and nearest.differences[0].startswith("không có danh sách với các cột “STT”")
    assert match_file(office / "Xã 1.xlsx", [form])[0].accepted


def test_labels_merged_over_two_columns_and_a_parent_over_nam_nu(tmp_path):
    from tests.learn_forms import write_merged_label_form

    path = tmp_path / "ds.xlsx"
    write_merged_label_form(path)
    learned = learn(scan_workbook(path))
    form = learned.form
    assert list(form.indicator_sheet.value_columns.values()) == ["Kế hoạch năm", "Tổng số", "Nam", "Nữ"]
    assert form.indicator_sheet.columns["label"] == "Tên chỉ tiêu" and form.indicator_sheet.match == "label"
    assert [i.label for i in form.indicators] == [
        "Số hộ gia đình",
        "Số nhân khẩu hiện có",
        "Trong đó: trẻ em dưới 6 tuổi",
        "Số người trong độ tuổi lao động",
        "Số người có việc làm",
        "Tổng cộng",
    ]
    assert [(s.number, s.title, s.first_code) for s in form.sections] == [
        ("I", "DÂN SỐ", "01"),
        ("II", "LAO ĐỘNG", "04"),
    ]
    row_rule = next(r for r in form.rules if r.parsed.per_row)
    assert row_rule.expr == "[@tong_so] == [@nam] + [@nu]" and row_rule.rows == ["01", "02", "03", "04", "05"]
    assert any(r.expr == "[03] <= [02]" for r in form.rules)  # "Trong đó"
    assert (form.form_number, form.labels.unit_name, form.labels.period) == ("DS-02", "Đơn vị báo cáo", "Kỳ báo cáo")
    assert form.by_code["02"].kind == "stock"
    assert any("% so kế hoạch" in line and "không đọc" in line for line in learned.found)


def test_letter_sections_in_the_code_column_and_a_form_number_without_colon(tmp_path):
    from tests.learn_forms import write_letter_sections_form

    path = tmp_path / "tp.xlsx"
    write_letter_sections_form(path)
    learned = learn(scan_workbook(path))
    form = learned.form
    assert form.codes == ["01", "02", "03", "04", "05", "06"]
    assert [(s.number, s.title, s.first_code) for s in form.sections] == [
        ("A", "TỔ HÒA GIẢI", "01"),
        ("B", "KẾT QUẢ", "03"),
    ]
    assert form.form_number == "03/TP" and any("dấu hai chấm" in d for d in learned.doubts)
    assert (form.labels.unit_name, form.labels.period) == ("Tên đơn vị", "Thời gian báo cáo")
    assert {r.expr for r in form.rules} == {"[03] == [04] + [05] + [06]", "[@current] <= 100000"}
    assert {i.code for i in form.indicators if i.kind == "stock"} == {"01", "06"}
    # a unit's figure above the validation's bound is an error naming the code
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for r, value in {10: 5, 11: 300000, 13: 9, 14: 4, 15: 3, 16: 2}.items():
        ws.cell(r, 4, value)
    wb.save(tmp_path / "unit.xlsx")
    from desktop.checks import check_rules

    sub = read_workbook(tmp_path / "unit.xlsx", form)
    messages = [i.message for i in check_rules(sub, form)]
    assert messages == ["Ô D11: chỉ tiêu 02: giá trị 300.000 lớn hơn 100000 (kiểm tra dữ liệu của biểu)"], messages


def test_notes_under_the_table_are_not_indicators(tmp_path):
    spec = no_code_form()
    path = tmp_path / "yt.xlsx"
    write_form(spec, path)
    wb = openpyxl.load_workbook(path)
    ws = wb[spec.sheet]
    last = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == spec.lines[-1].label)
    ws.cell(last + 1, 2, "Ghi chú: số liệu tính đến ngày 14 của tháng cuối kỳ")
    ws.cell(last + 2, 2, "Số trẻ em tính theo nơi cư trú")
    wb.save(path)
    form = learn(scan_workbook(path)).form
    assert [i.label for i in form.indicators] == [x.label for x in spec.lines if not x.section]


def test_a_mixed_folder_of_learned_forms_consolidates_per_form(tmp_path, capsys):
    """Four forms learned by the CLI from their blank workbooks (a matrix, hierarchical codes, two indicator
    sheets, a list only) and installed; one folder of their units' files and a lookalike: each file goes
    to its form, one workbook per form with the right totals, and the lookalike is named as no form's."""
    from tests.learn_forms import LIST_ONLY_KINDS, second_sheet_form, write_list_only, write_two_sheets

    blanks, folder = tmp_path / "blanks", tmp_path / "hop-thu"
    blanks.mkdir()
    specs = {"matrix": matrix_form(), "hierarchical": hierarchical_form()}
    for name, spec in specs.items():
        write_form(spec, blanks / f"{name}.xlsx")
    first, second = security_form(), second_sheet_form()
    first.list_sheet = None
    write_two_sheets(first, second, blanks / "two.xlsx")
    write_list_only(blanks / "list.xlsx")
    forms = {}
    for name in ["matrix", "hierarchical", "two", "list"]:
        schema = tmp_path / f"{name}.yaml"
        assert main(["form", "learn", str(blanks / f"{name}.xlsx"), "-o", str(schema)]) == 0
        assert main(["form", "import", str(schema)]) == 0
        forms[name] = load_form(schema)
    capsys.readouterr()
    assert len({f.id for f in forms.values()}) == 4
    # the units: each form's totals by the learned form's codes and value headers
    want: dict[str, dict[str, dict[str, int]]] = {}
    for name, spec in specs.items():
        form = forms[name]
        totals = fill_units(spec, folder / name, count=4, seed=len(name))
        codes = dict(zip(spec.codes, form.codes, strict=True))
        headers = list(form.indicator_sheet.value_columns.values())
        want[form.id] = {
            header: {codes[c]: v for c, v in totals[key].items()}
            for key, header in zip(spec.value_keys, headers, strict=True)
        }
    rng = random.Random(9)
    two, listed = forms["two"], forms["list"]
    two_current = dict.fromkeys(two.codes, 0)
    two_previous = dict.fromkeys(two.codes, 0)
    counts = dict.fromkeys(listed.codes, 0)
    (folder / "list").mkdir()
    (folder / "two").mkdir()
    for n in range(4):
        values = (entered(first, rng), entered(second, rng))
        write_two_sheets(first, second, folder / "two" / f"Phường {n + 1}.xlsx", f"Phường {n + 1}", values)
        for prefix, spec, entered_values in (("", first, values[0]), ("B.", second, values[1])):
            for code, by_key in compute(spec, entered_values).items():
                two_current[prefix + code] += by_key["current"]
                two_previous[prefix + code] += by_key["previous"]
        rows = [(f"Hộ {i}", "Thôn 1", rng.choice(LIST_ONLY_KINDS), 2020) for i in range(rng.randint(1, 6))]
        write_list_only(folder / "list" / f"Thị trấn {n + 1}.xlsx", f"Thị trấn {n + 1}", rows)
        counts["01"] += len(rows)
        for code, kind in zip(listed.codes[1:], LIST_ONLY_KINDS, strict=True):
            counts[code] += sum(row[2] == kind for row in rows)
    headers = list(two.indicator_sheet.value_columns.values())
    want[two.id] = {headers[0]: two_current, headers[1]: two_previous}
    want[listed.id] = {"Số lượng": counts}
    lookalike = openpyxl.Workbook()
    lookalike.active.append(["BÁO CÁO CÔNG TÁC DÂN VẬN"])
    lookalike.active.append(["STT", "Nội dung", "Số liệu"])
    lookalike.active.append([1, "Số buổi gặp dân", 4])
    lookalike.save(folder / "Báo cáo khác.xlsx")
    out = tmp_path / "tong-hop"
    assert main(["consolidate", str(folder), "-o", str(out), "--period", PERIOD, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_form = {part["form"]: part for part in data["forms"]}
    assert set(by_form) == set(want)
    assert [Path(f["file"]).name for f in data["unmatched"]] == ["Báo cáo khác.xlsx"]
    for form in forms.values():
        part = by_form[form.id]
        assert len(part["counted"]) == 4, form.id
        assert [t["code"] for t in part["totals"]] == form.codes
        for header, values in want[form.id].items():
            assert {t["code"]: t["values"][header] for t in part["totals"]} == values, (form.id, header)
        # each workbook is itself a submission of its form, one level up, with the same totals
        back = read_workbook(part["output"], form)
        assert not [i for i in back.issues if i.severity.name == "ERROR"], form.id
        main_header = form.indicator_sheet.value_columns[form.main_column]
        assert back.values(form.main_column) == want[form.id][main_header]


def test_a_list_whose_header_spans_two_rows_under_a_group(tmp_path):
    """“Thông tin đối tượng” merged over Họ và tên | Năm sinh | Giới tính, the other headers merged down both
    rows: the list's columns are the lower row's, its drop-downs counted, and a unit's list is read."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "DS"
    ws["A1"], ws["A3"] = "CÔNG AN XÃ", "DANH SÁCH ĐỐI TƯỢNG ĐƯỢC GIÁO DỤC TẠI XÃ"
    ws["A4"], ws["D4"] = "Đơn vị báo cáo: Xã Mẫu", "Kỳ báo cáo: Quý III/2026"
    for cell, text in {"A6": "STT", "B6": "Thông tin đối tượng", "E6": "Ngày quyết định", "F6": "Hình thức"}.items():
        ws[cell] = text
    ws["B7"], ws["C7"], ws["D7"] = "Họ và tên", "Năm sinh", "Giới tính"
    for merged in ("A6:A7", "B6:D6", "E6:E7", "F6:F7"):
        ws.merge_cells(merged)
    for row in ws["A6:F7"]:
        for cell in row:
            cell.font = Font(bold=True)
    for values, cells in (('"Nam,Nữ"', "D8:D200"), ('"Giáo dục tại xã,Quản lý tại gia đình"', "F8:F200")):
        validation = DataValidation(type="list", formula1=values)
        ws.add_data_validation(validation)
        validation.add(cells)
    blank = tmp_path / "ds.xlsx"
    book.save(blank)
    form = learn(scan_workbook(blank)).form
    assert form.list_only
    assert [c.header for c in form.list_sheet.columns] == [
        "STT", "Họ và tên", "Năm sinh", "Giới tính", "Ngày quyết định", "Hình thức"
    ]  # fmt: skip
    assert [c.allowed for c in form.list_sheet.columns if c.allowed] == [
        ["Nam", "Nữ"], ["Giáo dục tại xã", "Quản lý tại gia đình"]
    ]  # fmt: skip
    people = [("Nguyễn Văn A", 1990, "Nam", "Giáo dục tại xã"), ("Lê Thị B", 1995, "Nữ", "Quản lý tại gia đình")]
    people.append(("Trần Văn C", 1988, "Nam", "Giáo dục tại xã"))
    for r, (name, born, sex, kind) in enumerate(people, 8):
        ws.cell(r, 1, r - 7)
        ws.cell(r, 2, name)
        ws.cell(r, 3, born)
        ws.cell(r, 4, sex)
        ws.cell(r, 6, kind)
    book.save(tmp_path / "Xã Mẫu.xlsx")
    sub = read_workbook(tmp_path / "Xã Mẫu.xlsx", form)
    by_label = {i.label: sub.figures["current"][i.code].value for i in form.indicators}
    assert by_label["Tổng số dòng trong danh sách"] == 3
    assert by_label["Giới tính: Nam"] == 2 and by_label["Giới tính: Nữ"] == 1
    assert by_label["Hình thức: Giáo dục tại xã"] == 2


def test_a_title_on_the_first_row_is_the_title_not_the_issuer(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws["A1"], ws["A2"] = "BÁO CÁO SỐ LIỆU HÒA GIẢI Ở CƠ SỞ", "Đơn vị: Xã Mẫu"
    ws.append([])
    ws.append(["Nội dung", "Số vụ việc", "Thành công", "Không thành"])
    for label in ["Vụ việc dân sự", "Vụ việc hôn nhân gia đình", "Vụ việc khác"]:
        ws.append([label, 1, 1, 0])
    book.save(tmp_path / "hoa-giai.xlsx")
    form = learn(scan_workbook(tmp_path / "hoa-giai.xlsx")).form
    assert form.title == "BÁO CÁO SỐ LIỆU HÒA GIẢI Ở CƠ SỞ" and form.issuer == ""


@pytest.mark.parametrize(
    "formula",
    ["=SUBTOTAL(9,D6:D8)", "=SUBTOTAL(109,D6:D8)", "=$D$6+$D$7+$D$8", '=IF(SUM(D6:D8)=0,"",SUM(D6:D8))'],
)
def test_the_ways_offices_write_a_total_are_one_rule(formula, tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws["A2"], ws["A3"] = "BÁO CÁO SỐ LIỆU", "Biểu số: T-01"
    ws.append([])
    ws.append(["STT", "Chỉ tiêu", "Mã số", "Số lượng"])
    for n, label in enumerate(["Số hộ dân", "Số người", "Số tổ"], 1):
        ws.append([n, label, f"0{n}", None])
    ws.append([4, "Tổng cộng", "04", formula])
    book.save(tmp_path / "f.xlsx")
    learned = learn(scan_workbook(tmp_path / "f.xlsx"))
    assert [r.expr for r in learned.form.rules] == ["[04] == [01] + [02] + [03]"]


def write_letter_form(path, *, unit: str = "", figures: tuple = (), period_line: bool = True) -> None:
    """A report laid out as a letter: "BÁO CÁO" alone over what it reports, a preamble sentence, labels
    without a colon with their values two cells to the right, a header of two rows (Trong kỳ / Lũy kế
    over Số vụ | Số đối tượng), and the totals as SUM."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Báo cáo"
    ws["A1"], ws["E1"] = "CÔNG AN XÃ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A3"], ws["A4"] = "BÁO CÁO", "Kết quả phòng, chống tội phạm"
    ws["A6"] = "Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2026 của Ủy ban nhân dân xã về công tác năm 2026;"
    ws["A7"], ws["C7"] = "Đơn vị báo cáo", unit
    if period_line:
        ws["A8"], ws["C8"] = "Kỳ báo cáo", "Quý III/2026"
    ws["A10"], ws["B10"], ws["C10"], ws["D10"], ws["F10"] = "STT", "Nội dung", "ĐVT", "Trong kỳ", "Lũy kế"
    ws["D11"], ws["E11"], ws["F11"], ws["G11"] = "Số vụ", "Số đối tượng", "Số vụ", "Số đối tượng"
    for merged in ("A10:A11", "B10:B11", "C10:C11", "D10:E10", "F10:G10"):
        ws.merge_cells(merged)
    labels = ["Số vụ trộm cắp tài sản", "Số vụ cố ý gây thương tích", "Số vụ lừa đảo"]
    for n, label in enumerate(labels, 1):
        ws.append([n, label, "vụ", *(figures[n - 1] if figures else [None] * 4)])
    ws.append([4, "Tổng cộng", "vụ", *[f"=SUM({c}12:{c}14)" for c in "DEFG"]])
    book.save(path)


@pytest.mark.libreoffice
def test_a_report_laid_out_as_a_letter_is_learned_and_read(tmp_path, soffice):
    """Its title is "BÁO CÁO" and what follows, not the preamble; labels without a colon are found, in the
    blank and in the units' files; the two-row header keeps its four columns, from .xlsx and from .ods."""
    write_letter_form(tmp_path / "mau.xlsx")
    learned = learn(scan_workbook(tmp_path / "mau.xlsx"))
    form = learned.form
    assert form.title == "BÁO CÁO Kết quả phòng, chống tội phạm" and form.issuer == "CÔNG AN XÃ"
    assert (form.labels.unit_name, form.labels.period) == ("Đơn vị báo cáo", "Kỳ báo cáo")
    assert not any("dấu hai chấm" in d for d in learned.doubts)
    headers = ["Trong kỳ / Số vụ", "Trong kỳ / Số đối tượng", "Lũy kế / Số vụ", "Lũy kế / Số đối tượng"]
    assert list(form.indicator_sheet.value_columns.values()) == headers
    assert {r.expr for r in form.rules} == {"[04] == [01] + [02] + [03]"}
    units = tmp_path / "units"
    units.mkdir()
    rng = random.Random(3)
    want = [0, 0, 0, 0]
    for n in range(3):
        figures = [[rng.randint(0, 30) for _ in range(4)] for _ in range(3)]
        write_letter_form(units / f"Xã {n + 1}.xlsx", unit=f"Xã {n + 1}", figures=tuple(figures))
        want = [w + sum(row[k] for row in figures) for k, w in enumerate(want)]
    # a LibreOffice copy of each, as .xlsx (its totals then have values) and as .ods (merges only in its XML)
    for target in ("xlsx", "ods"):
        saved = soffice.convert(sorted(units.glob("*.xlsx")), target, tmp_path / target)
        report = run_batch(saved, form, None, period_text=PERIOD)
        assert [f.unit.name for f in report.files] == ["Xã 1", "Xã 2", "Xã 3"], target
        assert all(f.counted for f in report.files), [(f.path, f.issues) for f in report.files]
        totals = report.consolidation.totals
        assert [totals[key]["04"] for key in form.indicator_sheet.value_columns] == want, target
    # the same two rows learned from an .ods blank
    (blank,) = soffice.convert([tmp_path / "mau.xlsx"], "ods", tmp_path / "blank-ods")
    again = learn(scan_workbook(blank)).form
    assert list(again.indicator_sheet.value_columns.values()) == headers


def test_a_column_a_unit_broke_is_said_not_read_as_zeros(tmp_path):
    write_letter_form(tmp_path / "mau.xlsx")
    form = learn(scan_workbook(tmp_path / "mau.xlsx")).form
    write_letter_form(tmp_path / "Xã 1.xlsx", unit="Xã 1", figures=((1, 2, 3, 4), (1, 2, 3, 4), (1, 2, 3, 4)))
    book = openpyxl.load_workbook(tmp_path / "Xã 1.xlsx")
    book.active.unmerge_cells("D10:E10")  # “Trong kỳ” now over Số vụ only: its Số đối tượng has no parent
    book.save(tmp_path / "Xã 1.xlsx")
    sub = read_workbook(tmp_path / "Xã 1.xlsx", form)
    missing = [i for i in sub.issues if i.check == "column_missing"]
    assert len(missing) == 1 and "“Trong kỳ / Số đối tượng”" in missing[0].message
    assert "trong_ky_so_doi_tuong" not in sub.figures


def test_a_form_without_a_period_line_takes_the_batchs_period(tmp_path):
    write_letter_form(tmp_path / "mau.xlsx", period_line=False)
    learned = learn(scan_workbook(tmp_path / "mau.xlsx"))
    assert learned.form.labels.period == "" and any("không có dòng kỳ báo cáo" in d for d in learned.doubts)
    units = tmp_path / "units"
    units.mkdir()
    for n in range(2):
        figures = ((n, 1, 2, 3), (4, 5, 6, 7), (1, 1, 1, 1))
        write_letter_form(units / f"Xã {n + 1}.xlsx", unit=f"Xã {n + 1}", figures=figures, period_line=False)
    report = run_batch([units], learned.form, None, period_text=PERIOD)
    assert all(f.counted for f in report.files) and report.consolidation.totals["current"]["01"] == 1
    # a file of no unit is an error, with or without a registry, never left out unsaid
    write_letter_form(units / "Không tên.xlsx", figures=((1, 1, 1, 1),) * 3, period_line=False)
    nameless = next(f for f in run_batch([units], learned.form, None, period_text=PERIOD).files if not f.unit)
    assert [i.check for i in nameless.issues if i.severity.name == "ERROR"] == ["unit_missing"]


def test_a_year_alone_under_a_label_that_names_the_year(tmp_path):
    from desktop.checks import resolve_period
    from desktop.submission import Located, Submission

    sub = Submission("a.xlsx")
    sub.labels["period"] = Located(2026.0, "Biểu", "C6")
    assert str(resolve_period(sub, label="Năm báo cáo")[0]) == "Năm 2026"
    assert resolve_period(sub, label="Kỳ báo cáo")[1][0].check == "period_unparsed"  # a quarter's form wants more


def test_formulas_a_program_saved_without_values_are_computed_by_the_form(tmp_path):
    """A unit's file written by a script (openpyxl keeps formulas, no results): Tổng số = Nam + Nữ along
    every row and the SUM down the total row are computed from the form's own rules, each said in a note;
    the file is not taken for a blank one and counts with the right totals."""

    def write(path, figures=None):
        book = openpyxl.Workbook()
        ws = book.active
        ws["A1"], ws["A2"] = "BÁO CÁO LAO ĐỘNG", "Đơn vị báo cáo: Xã 1"
        ws["A3"] = "Kỳ báo cáo: Quý III/2026"
        ws.append(["Mã số", "Chỉ tiêu", "Tổng số", "Nam", "Nữ"])  # row 4
        for n, label in enumerate(["Số người có việc làm", "Số người học nghề"], 1):
            nam, nu = figures[n - 1] if figures else (None, None)
            ws.append([f"0{n}", label, f"=D{n + 4}+E{n + 4}", nam, nu])
        ws.append(["03", "Cộng", "=D7+E7", "=SUM(D5:D6)", "=SUM(E5:E6)"])
        book.save(path)

    write(tmp_path / "mau.xlsx")
    form = learn(scan_workbook(tmp_path / "mau.xlsx")).form
    assert form.main_column == "current" and form.indicator_sheet.value_columns["current"] == "Tổng số"
    units = tmp_path / "units"
    units.mkdir()
    write(units / "Xã 1.xlsx", ((3, 4), (5, 6)))
    report = run_batch([units], form, None, period_text=PERIOD)
    (result,) = report.files
    assert result.counted, result.issues
    assert report.consolidation.totals["current"] == {"01": 7, "02": 11, "03": 18}
    assert report.consolidation.totals["nam"]["03"] == 8
    computed = [i for i in result.issues if i.check == "formula_computed"]
    assert {i.cell for i in computed} == {"C5", "C6", "C7", "D7", "E7"}
    # what the form cannot compute (a part that is not a number) stays an error naming the cell
    write(units / "Xã 1.xlsx", ((3, "ba"), (5, 6)))
    (result,) = run_batch([units], form, None, period_text=PERIOD).files
    assert not result.counted and {i.cell for i in result.issues if i.check == "formula_no_value"} >= {"C5", "E7"}


def test_a_column_index_row_that_says_how_a_column_is_computed(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws["A1"] = "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH"
    ws.append(["STT", "Chỉ tiêu", "Mã số", "Kế hoạch", "Thực hiện", "Tỷ lệ (%)"])
    ws.append(["A", "B", "C", "1", "2", "3=2/1"])
    ws.append([1, "Số hộ được hỗ trợ", "01", None, None, None])
    ws.append([2, "Số người được đào tạo", "02", None, None, None])
    book.save(tmp_path / "kh.xlsx")
    learned = learn(scan_workbook(tmp_path / "kh.xlsx"))
    assert learned.layout.tables[0].index_row == 2 and learned.form.codes == ["01", "02"]
    assert not learned.form.sections and not any("đề mục" in d for d in learned.doubts)


def test_an_empty_label_does_not_take_the_next_label_for_its_value(tmp_path):
    write_letter_form(tmp_path / "mau.xlsx")
    form = learn(scan_workbook(tmp_path / "mau.xlsx")).form
    write_letter_form(tmp_path / "x.xlsx", figures=((1, 1, 1, 1),) * 3, period_line=False)
    book = openpyxl.load_workbook(tmp_path / "x.xlsx")
    book.active["E7"] = "Kỳ báo cáo: Quý III/2026"  # beside the unit's label, whose value was left empty
    book.save(tmp_path / "x.xlsx")
    sub = read_workbook(tmp_path / "x.xlsx", form)
    assert sub.label("unit_name") is None and sub.labels["period"].cell == "E7"


def test_a_helper_column_of_row_numbers_is_not_a_value_column(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws["A1"] = "BÁO CÁO THU NGÂN SÁCH"
    ws.append(["STT", "Chỉ tiêu", "Mã số", "KEY", "Dự toán năm", "Thực hiện"])
    for n, label in enumerate(["Thu thuế", "Thu phí"], 1):
        ws.append([n, label, f"0{n}", f'=IF(B{n + 2}="","",ROW())', None, None])
    ws.column_dimensions["D"].hidden = True
    book.save(tmp_path / "ns.xlsx")
    form = learn(scan_workbook(tmp_path / "ns.xlsx")).form
    assert list(form.indicator_sheet.value_columns.values()) == ["Dự toán năm", "Thực hiện"]


def test_a_template_typed_with_vntime_fonts_is_learned_in_unicode(tmp_path):
    from desktop.vnencodings import unicode_to_tcvn3

    book = openpyxl.Workbook()
    ws = book.active
    ws["A1"] = unicode_to_tcvn3("BÁO CÁO TÌNH HÌNH AN NINH TRẬT TỰ")
    ws["A2"] = unicode_to_tcvn3("Biểu số: 01/ANTT")
    ws["A3"] = unicode_to_tcvn3("Đơn vị báo cáo:")
    ws.append([unicode_to_tcvn3(h) for h in ["STT", "Mã số", "Nội dung", "Đơn vị tính", "Kỳ này"]])
    for n, label in enumerate(["Số vụ trộm cắp", "Số vụ đánh bạc"], 1):
        ws.append([n, f"0{n}", unicode_to_tcvn3(label), unicode_to_tcvn3("vụ"), None])
    book.save(tmp_path / "tcvn3.xlsx")
    form = learn(scan_workbook(tmp_path / "tcvn3.xlsx")).form
    assert form.title == "BÁO CÁO TÌNH HÌNH AN NINH TRẬT TỰ" and form.codes == ["01", "02"]
    assert [i.label for i in form.indicators] == ["Số vụ trộm cắp", "Số vụ đánh bạc"]
    assert form.indicator_sheet.value_columns == {"current": "Kỳ này"}
    ws["A3"] = unicode_to_tcvn3("Đơn vị báo cáo: Xã Yên Định")
    ws["E5"], ws["E6"] = 3, 4
    book.save(tmp_path / "Xã Yên Định.xlsx")
    sub = read_workbook(tmp_path / "Xã Yên Định.xlsx", form)
    assert sub.values("current") == {"01": 3, "02": 4} and sub.label("unit_name") == "Xã Yên Định"


def test_a_list_under_the_table_on_its_sheet_is_said_not_dropped_unsaid(tmp_path):
    write_letter_form(tmp_path / "mau.xlsx")
    book = openpyxl.load_workbook(tmp_path / "mau.xlsx")
    ws = book.active
    ws["A18"] = "DANH SÁCH ĐỐI TƯỢNG"
    for c, header in enumerate(["STT", "Họ và tên", "Năm sinh", "Nơi cư trú"], 1):
        ws.cell(19, c, header)
    book.save(tmp_path / "mau.xlsx")
    learned = learn(scan_workbook(tmp_path / "mau.xlsx"))
    assert learned.form.list_sheet is None and learned.form.codes == ["01", "02", "03", "04"]
    assert any("danh sách dưới bảng chỉ tiêu (dòng 19" in d for d in learned.doubts)


def test_a_column_of_changes_takes_figures_below_zero(tmp_path):
    """“Tăng/giảm trong kỳ”: learned as a signed column (said in the doubts); units' −3 and "-12" are read
    and summed, the tool's own template lets the unit type them, and every other column still counts."""
    from desktop.io.formsheet import Header
    from desktop.io.template import write_unit_workbook

    def write(path, unit="", rows=((None, None), (None, None))):
        book = openpyxl.Workbook()
        ws = book.active
        ws["A1"], ws["A2"] = "BÁO CÁO GIẢM NGHÈO", f"Đơn vị báo cáo: {unit}"
        ws["A3"] = "Kỳ báo cáo: Quý III/2026"
        ws.append(["STT", "Chỉ tiêu", "Mã số", "Số hộ nghèo đầu kỳ", "Tăng/giảm trong kỳ"])
        for n, (label, (start, change)) in enumerate(zip(["Hộ nghèo", "Hộ cận nghèo"], rows, strict=True), 1):
            ws.append([n, label, f"0{n}", start, change])
        book.save(path)

    write(tmp_path / "mau.xlsx")
    learned = learn(scan_workbook(tmp_path / "mau.xlsx"))
    form = learned.form
    changes = next(k for k, h in form.indicator_sheet.value_columns.items() if h == "Tăng/giảm trong kỳ")
    assert form.indicator_sheet.signed_columns == [changes]
    assert any("nhận cả số âm" in d for d in learned.doubts)
    units = tmp_path / "units"
    units.mkdir()
    write(units / "Xã 1.xlsx", "Xã 1", ((40, -3), (12, "-12")))
    write(units / "Xã 2.xlsx", "Xã 2", ((10, 2), (-1, 0)))  # a count below zero is still an error
    report = run_batch([units], form, None, period_text=PERIOD)
    first, second = sorted(report.files, key=lambda f: f.path)
    assert first.counted and not second.counted
    assert [i.check for i in second.issues if i.severity.name == "ERROR"] == ["negative_number"]
    assert report.consolidation.totals[changes] == {"01": -3, "02": -12}
    template = write_unit_workbook(tmp_path / "t.xlsx", form, Header("Xã 1", "", PERIOD))
    rules = {
        next(iter(dv.sqref.ranges)).coord: dv
        for dv in openpyxl.load_workbook(template).worksheets[0].data_validations.dataValidation
    }
    col = 1 + form.indicator_sheet.layout.index(changes)
    signed_cells = [dv for cell, dv in rules.items() if openpyxl.utils.cell.coordinate_to_tuple(cell)[1] == col]
    assert signed_cells and all(dv.operator in (None, "between") and int(dv.formula1) < 0 for dv in signed_cells)


def test_parts_typed_as_text_are_pointed_at_when_excels_total_leaves_them_out(tmp_path):
    """A unit typed “15.931” as text: Excel's SUM skipped it (its cached total is 0). The tool reads the
    text, the total's rule fails at the total, and each text part gets a warning at its own cell."""
    import xlsxwriter

    def write(path, parts):
        book = xlsxwriter.Workbook(str(path))
        ws = book.add_worksheet("Biểu")
        ws.write(0, 0, "BÁO CÁO THU CHI")
        ws.write(1, 0, "Đơn vị báo cáo: Xã 1")
        ws.write(2, 0, "Kỳ báo cáo: Quý III/2026")
        ws.write_row(3, 0, ["STT", "Chỉ tiêu", "Mã số", "Số tiền"])
        for n, value in enumerate(parts, 1):
            ws.write_row(3 + n, 0, [n, f"Khoản {n}", f"0{n}"])
            if value is not None:
                ws.write(3 + n, 3, value)
        ws.write_row(6, 0, [3, "Tổng cộng", "03"])
        ws.write_formula(6, 3, "=SUM(D5:D6)", None, 0)
        book.close()

    write(tmp_path / "mau.xlsx", (None, None))
    form = learn(scan_workbook(tmp_path / "mau.xlsx")).form
    write(tmp_path / "Xã 1.xlsx", ("15.931", 12))
    (result,) = run_batch([tmp_path / "Xã 1.xlsx"], form, None, period_text=PERIOD).files
    warned = [i for i in result.issues if i.check == "text_not_summed"]
    assert [(i.cell, i.severity.name) for i in warned] == [("D5", "WARNING")]
    assert "“15.931” gõ dạng chữ" in warned[0].message and "tổng chỉ tiêu 03" in warned[0].message
    assert any(i.cell == "D7" and i.severity.name == "ERROR" for i in result.issues)
