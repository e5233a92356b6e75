"""The form library (built-in and the user's own forms) and mixed batches: each file matched to its form."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from outputs_support import FORM, PERIOD, UNITS, write_clean_unit

from desktop.cli import main
from desktop.forms import load_form
from desktop.io.formsheet import Header
from desktop.io.template import write_unit_workbook
from desktop.io.writer import SUMMARY
from desktop.library import import_form, load_library, user_forms_dir
from desktop.mixed import match_file, run_mixed
from desktop.periods import format_date

OTHER_PATH = Path(__file__).parent / "forms" / "llcs-03.yaml"
OTHER = load_form(OTHER_PATH)


def run_json(capsys, *argv: str) -> tuple[int, dict]:
    code = main(list(argv))
    return code, json.loads(capsys.readouterr().out)


def test_the_library_lists_imports_and_exports_forms(tmp_path, capsys):
    code, listed = run_json(capsys, "form", "list", "--json")
    assert code == 0 and [(f["id"], f["builtin"]) for f in listed["forms"]] == [("TDBV-01", True)]
    assert main(["form", "import", str(OTHER_PATH)]) == 0
    assert "Đã cài biểu mẫu LLCS-03" in capsys.readouterr().out
    assert (user_forms_dir() / "LLCS-03.yaml").read_text(encoding="utf-8") == OTHER_PATH.read_text(encoding="utf-8")
    code, listed = run_json(capsys, "form", "list", "--json")
    assert [(f["id"], f["builtin"], f["indicators"]) for f in listed["forms"]] == [
        ("TDBV-01", True, 28),
        ("LLCS-03", False, 6),
    ]
    # importing it again replaces it; exporting gives the file back as it was, comments and all
    assert main(["form", "import", str(OTHER_PATH)]) == 0
    assert "Đã thay biểu mẫu LLCS-03" in capsys.readouterr().out
    out = tmp_path / "gui-tinh-ban.yaml"
    assert main(["form", "export", "llcs-03", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == OTHER_PATH.read_text(encoding="utf-8")
    assert main(["form", "export", "TDBV-01", "-o", str(tmp_path / "tdbv.yaml")]) == 0
    assert load_form(tmp_path / "tdbv.yaml") == FORM
    capsys.readouterr()
    assert main(["form", "export", "KHONG-CO", "-o", str(tmp_path / "x.yaml")]) == 2
    assert "Không có biểu mẫu “KHONG-CO”; các biểu mẫu đã cài: TDBV-01, LLCS-03" in capsys.readouterr().err


def test_a_broken_or_clashing_user_form_is_reported_and_skipped(tmp_path, capsys):
    folder = user_forms_dir()
    folder.mkdir(parents=True)
    (folder / "hong.yaml").write_text("id: X\nindicators: [\n", encoding="utf-8")
    (folder / "trung.yaml").write_text(Path(FORM_PATH()).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "LLCS-03.yaml").write_text(OTHER_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    library = load_library()
    assert library.ids == ["TDBV-01", "LLCS-03"]
    assert any("hong.yaml" in p and "YAML không hợp lệ" in p for p in library.problems)
    assert any("trung.yaml" in p and "trùng với biểu mẫu có sẵn" in p for p in library.problems)
    assert main(["form", "list"]) == 0
    captured = capsys.readouterr()
    assert "LLCS-03" in captured.out and "Bỏ qua tệp biểu mẫu “hong.yaml”" in captured.err
    # a built-in form is never replaced by an import
    assert main(["form", "import", str(folder / "trung.yaml")]) == 2
    assert "là biểu mẫu có sẵn" in capsys.readouterr().err
    with pytest.raises(Exception, match="có sẵn"):
        import_form(folder / "trung.yaml")


def FORM_PATH() -> Path:
    from desktop.paths import default_form_path

    return default_form_path()


def write_other_unit(folder: Path, unit, seed: int) -> tuple[Path, dict[str, dict[str, int]]]:
    """A unit's LLCS-03 workbook, written by the tool's template with its figures."""
    nam = {code: 2 + (seed * 5 + i * 3) % 9 for i, code in enumerate(OTHER.codes)}
    nu = {code: 1 + (seed + i * 2) % 5 for i, code in enumerate(OTHER.codes)}
    nam["2.1"], nu["2.1"] = min(nam["2.1"], nam["02"]), min(nu["2.1"], nu["02"])
    nam["03"], nu["03"] = 1, 0
    for column in (nam, nu):
        column["01"] = column["1.1"] + column["1.2"]
    values = {"nam": nam, "nu": nu, "tong": {c: nam[c] + nu[c] for c in OTHER.codes}}
    start, end = PERIOD.police_dates
    header = Header(unit.name, unit.code, PERIOD.label, format_date(start), format_date(end))
    path = write_unit_workbook(folder / f"LLCS {unit.name}.xlsx", OTHER, header, values)
    return path, values


def write_lookalike(path: Path) -> Path:
    """A hand-made workbook with TDBV-01's table headers but ten codes and a title of its own."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws["A1"] = "BÁO CÁO SƠ KẾT CÔNG TÁC DÂN VẬN"
    ws["A3"], ws["B3"] = "Đơn vị báo cáo:", "Xã An Bình"
    ws.append([])
    ws.append(["STT", "Chỉ tiêu", "Đơn vị tính", "Mã số", "Kỳ báo cáo"])
    for n in range(1, 11):
        ws.append([n, f"Chỉ tiêu {n}", "lượt", f"{n:02d}", n * 3])
    workbook.save(path)
    return path


@pytest.fixture
def mixed_folder(tmp_path):
    folder = tmp_path / "hop-thu"
    folder.mkdir()
    tdbv = {}
    for seed, unit in enumerate(UNITS[:3]):
        _, figures, previous, rows = write_clean_unit(folder, unit, seed)
        tdbv[unit.name] = figures
    other = {unit.name: write_other_unit(folder, unit, seed)[1] for seed, unit in enumerate(UNITS[1:], 1)}
    write_lookalike(folder / "Báo cáo dân vận.xlsx")
    return folder, tdbv, other


def test_each_file_is_matched_to_its_form_by_what_it_shows(mixed_folder, tmp_path):
    folder, _, _ = mixed_folder
    forms = [FORM, OTHER]
    for path in sorted(folder.iterdir()):
        best = match_file(path, forms)[0]
        expected = "LLCS-03" if path.name.startswith("LLCS") else "TDBV-01"
        assert best.form.id == expected, path.name
        assert best.accepted == (path.name != "Báo cáo dân vận.xlsx"), (path.name, best)
    # a typed copy of the form without `_meta` (another tool's export) is still recognised
    source = openpyxl.load_workbook(next(folder.glob("LLCS *.xlsx")))
    del source["_meta"]
    source.save(tmp_path / "không meta.xlsx")
    best = match_file(tmp_path / "không meta.xlsx", forms)[0]
    assert best.form.id == "LLCS-03" and best.accepted and best.score > 0.9


def test_a_file_no_form_fits_names_the_nearest_and_what_differs(mixed_folder):
    folder, _, _ = mixed_folder
    mixed = run_mixed([folder], [FORM, OTHER])
    assert [Path(f.path).name for f in mixed.unmatched] == ["Báo cáo dân vận.xlsx"]
    issue = mixed.unmatched[0].issues[0]
    assert issue.check == "form_unknown" and issue.severity == "error"
    assert issue.message.startswith("Không nhận ra biểu mẫu: tệp không khớp biểu mẫu nào đã cài; gần nhất là TDBV-01")
    assert "thiếu 18/28 chỉ tiêu (11, 12, 13, 14, 15, 16, …)" in issue.message
    assert "không thấy số biểu “01/TDBV”" in issue.message and "tiêu đề khác" in issue.message
    assert "18/28 indicators missing" in issue.message_en
    assert not mixed.valid


def test_a_mixed_folder_consolidates_into_one_correct_workbook_per_form(mixed_folder, tmp_path, capsys):
    folder, tdbv, other = mixed_folder
    assert main(["form", "import", str(OTHER_PATH)]) == 0
    capsys.readouterr()
    out = tmp_path / "tong-hop"
    code, data = run_json(capsys, "consolidate", str(folder), "-o", str(out), "--period", PERIOD.label, "--json")
    assert code == 0
    by_form = {part["form"]: part for part in data["forms"]}
    assert set(by_form) == {"TDBV-01", "LLCS-03"}
    assert [Path(f["file"]).name for f in data["unmatched"]] == ["Báo cáo dân vận.xlsx"]
    assert data["unmatched"][0]["issues"][0]["check"] == "form_unknown"
    expected = {
        "TDBV-01": (FORM, {"Kỳ báo cáo": {c: sum(f[c] for f in tdbv.values()) for c in FORM.codes}}),
        "LLCS-03": (
            OTHER,
            {
                header: {c: sum(v[key][c] for v in other.values()) for c in OTHER.codes}
                for key, header in OTHER.indicator_sheet.value_columns.items()
            },
        ),
    }
    for form_id, (form, sums) in expected.items():
        part = by_form[form_id]
        assert len(part["counted"]) == 3
        assert [t["code"] for t in part["totals"]] == form.codes
        assert [t["label"] for t in part["totals"]] == [i.label for i in form.indicators]
        for entry in part["totals"]:
            for header, values in sums.items():
                assert entry["values"][header] == values[entry["code"]], (form_id, entry["code"], header)
        # the workbook itself holds the same totals as cached values of its formulas
        path = Path(part["output"])
        assert path.parent == out and path.name == f"Tổng hợp {form_id} Quý III-2026.xlsx"
        ws = openpyxl.load_workbook(path, data_only=True)[SUMMARY]
        code_col = form.indicator_sheet.layout.index("code") + 1
        rows = {ws.cell(r, code_col).value: r for r in range(1, ws.max_row + 1)}
        for key, header in form.indicator_sheet.value_columns.items():
            if header not in sums:
                continue
            col = form.indicator_sheet.layout.index(key) + 1
            assert {c: ws.cell(rows[c], col).value for c in form.codes} == sums[header]


def test_one_form_named_keeps_the_single_workbook_output(mixed_folder, tmp_path, capsys):
    folder, tdbv, _ = mixed_folder
    target = tmp_path / "tdbv.xlsx"
    code, data = run_json(capsys, "consolidate", str(folder), "--form", "TDBV-01", "-o", str(target), "--json")
    assert code == 0 and target.is_file() and data["form"] == "TDBV-01"
    assert {t["code"]: t["values"]["Kỳ báo cáo"] for t in data["totals"]} == {
        c: sum(f[c] for f in tdbv.values()) for c in FORM.codes
    }
    # several forms and an .xlsx target: a clear message, nothing written
    capsys.readouterr()
    code = main(
        ["consolidate", str(folder), "--form", "TDBV-01", "--form", str(OTHER_PATH), "-o", str(tmp_path / "a.xlsx")]
    )
    assert code == 2 and not (tmp_path / "a.xlsx").exists()
    assert "Đợt có 2 biểu mẫu (TDBV-01, LLCS-03): -o phải là một thư mục" in capsys.readouterr().err


def test_validate_takes_several_forms_and_reports_each_apart(mixed_folder, capsys):
    folder, _, _ = mixed_folder
    code, data = run_json(capsys, "validate", str(folder), "--form", "TDBV-01", "--form", str(OTHER_PATH), "--json")
    assert code == 1  # the look-alike matches no form
    assert [(p["form"], len(p["files"])) for p in data["forms"]] == [("TDBV-01", 3), ("LLCS-03", 3)]
    assert all(f["status"] == "clean" for p in data["forms"] for f in p["files"])
    code = main(["validate", str(folder), "--form", "KHONG-CO"])
    assert code == 2 and "Không có biểu mẫu “KHONG-CO”" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("meta", "texts", "codes", "foreign", "accepted"),
    [
        ({}, [], OTHER.codes, 0, True),  # codes alone, all of them: enough
        ({}, ["03/LLCS", OTHER.title], OTHER.codes[:2], 0, True),  # few codes, but the number and the title
        ({}, [], OTHER.codes[:3], 4, False),  # half the codes and rows of another table
        ({"form_id": "TDBV-01"}, [], OTHER.codes, 0, False),  # its `_meta` says it is another form
        ({"form_id": "LLCS-03"}, [], OTHER.codes[:1], 0, True),  # its own template, whatever it holds
    ],
)
def test_the_score_weighs_each_signal(meta, texts, codes, foreign, accepted):
    from desktop.io.reader import TableTraces, Traces
    from desktop.library import score_form

    traces = Traces(meta, texts, {OTHER.id: TableTraces("Lực lượng", frozenset(codes), foreign)})
    assert score_form(OTHER, traces).accepted is accepted


def test_a_form_without_number_or_title_is_judged_on_its_table():
    from desktop.io.reader import TableTraces, Traces
    from desktop.library import score_form

    bare = OTHER.model_copy(update={"form_number": "", "title": ""})
    match = score_form(bare, Traces({}, ["BÁO CÁO GÌ ĐÓ"], {bare.id: TableTraces("S", frozenset(bare.codes), 0)}))
    assert match.score == 1.0 and match.differences == ()
