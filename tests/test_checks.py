"""Every check of FORM.md, violated at least once, seen through the issues a file gets."""

import os
import time

import pytest
from builders import build_workbook, valid_values

from desktop.pipeline import finish_batch, run_batch
from desktop.reading import process_file


def issues_of(tmp_path, form, registry, name="u.xlsx", **kwargs):
    path = build_workbook(tmp_path / name, form, **kwargs)
    return process_file(path, form, registry).issues


def checks(issues, severity=None):
    return {i.check for i in issues if severity is None or i.severity == severity}


def test_a_valid_file_has_no_issues(tmp_path, form, registry):
    assert issues_of(tmp_path, form, registry) == []


def violate(form, **changes):
    values = valid_values(form)
    values.update(changes)
    return values


RULE_VIOLATIONS = {
    "R01": {"01": 50, "02": 40},
    "R02": {"06": 50, "07": 40},
    "R03": {"08": 50, "09": 40},
    "R04": {"10": 50, "11": 40},
    "R05": {"12": 1, "13": 3},
    "R06": {"12": 12, "16": 10},
    "R07": {"19": 95, "20": 120},
    "R08": {"19": 95, "20": 90, "21": 96},
    "R09": {"24": 50, "25": 40},
    "R10": {"26": 9, "27": 12, "28": 20},
    "R11": {"12": 2, "13": 1, "16": 10},
    "R12": {"16": 12},
}


@pytest.mark.parametrize("rule", RULE_VIOLATIONS)
def test_each_schema_rule_fires_with_its_severity_and_cell(tmp_path, form, registry, rule):
    values = violate(form, **RULE_VIOLATIONS[rule])
    list_rows = [{"name": f"M{i}", "status": "Duy trì", "force": "MTTQ", "year": 2020} for i in range(10)]
    found = [i for i in issues_of(tmp_path, form, registry, current=values, list_rows=list_rows) if i.check == rule]
    expected = next(r for r in form.rules if r.id == rule)
    assert len(found) == 1
    assert found[0].severity == expected.severity
    assert found[0].cell and found[0].sheet == "Biểu 01"
    assert found[0].unit == "Phường Hạc Thành"
    other = {i.check for i in issues_of(tmp_path, form, registry, name="ok.xlsx", current=valid_values(form))}
    assert rule not in other


def test_r07_message_reads_like_a_clerk_would_say_it(tmp_path, form, registry):
    issue = next(
        i
        for i in issues_of(tmp_path, form, registry, current=violate(form, **{"19": 95, "20": 120}))
        if i.check == "R07"
    )
    assert issue.message == f"Ô {issue.cell}: số tin có giá trị (120) lớn hơn tổng số tin báo (95)"
    assert issue.message_en.startswith(f"Cell {issue.cell}: valuable tips (120)")


def test_r13_the_rules_also_run_on_last_years_column_when_it_is_filled(tmp_path, form, registry):
    previous = violate(form, **{"19": 10, "20": 30})
    found = [i for i in issues_of(tmp_path, form, registry, previous=previous) if i.check == "R07"]
    assert len(found) == 1 and "Cùng kỳ năm trước" in found[0].message
    assert found[0].cell.startswith("F")
    assert "R07" not in checks(issues_of(tmp_path, form, registry, name="empty-previous.xlsx", previous={}))


@pytest.mark.parametrize(
    ("cell_text", "check"),
    [
        ("12,5", "decimal_number"),
        ("1.5", "decimal_number"),
        (-3, "negative_number"),
        ("mười", "not_whole_number"),
        ("hơn 5.000", "approximate_number"),
        ("~2500", "approximate_number"),
        (2.5, "decimal_number"),
    ],
)
def test_values_must_be_whole_numbers_at_least_zero(tmp_path, form, registry, cell_text, check):
    issues = issues_of(tmp_path, form, registry, current=violate(form, **{"04": cell_text}))
    found = [i for i in issues if i.check == check]
    assert len(found) == 1 and found[0].severity == "error"
    assert found[0].value == cell_text


@pytest.mark.parametrize(
    ("cell_text", "read"),
    [
        ("1.855", 1855),
        ("469.100", 469100),
        ("1,855", 1855),
        ("1 855", 1855),
        ("1\u00a0855", 1855),
        ("-", 0),
        ("không", 0),
    ],
)
def test_numbers_typed_as_text_are_read_with_a_note(tmp_path, form, registry, cell_text, read):
    path = build_workbook(tmp_path / "u.xlsx", form, current=violate(form, **{"02": cell_text}))
    result = process_file(path, form, registry)
    assert result.submission.values("current")["02"] == read
    notes = [i for i in result.issues if i.severity == "info"]
    assert len(notes) == 1 and notes[0].check in ("number_text", "blank_as_zero")
    assert not result.has_errors


def test_form_not_recognised(tmp_path, form, registry):
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "Danh sách cán bộ"
    book.save(tmp_path / "other.xlsx")
    result = process_file(tmp_path / "other.xlsx", form, registry)
    assert [i.check for i in result.issues] == ["form_not_recognised"]
    assert result.status == "errors"


def test_every_code_must_be_present_exactly_once(tmp_path, form, registry):
    issues = issues_of(tmp_path, form, registry, omit_codes=("17",), extra_rows=[("05", 3), ("99", 1)])
    assert checks(issues, "error") == {"missing_code", "duplicate_code"}
    assert checks(issues, "warning") == {"unknown_code"}
    missing = next(i for i in issues if i.check == "missing_code")
    assert "17" in missing.message and "Số khu dân cư, cơ quan" in missing.message


def test_a_different_form_version_is_an_error(tmp_path, form, registry):
    issues = issues_of(tmp_path, form, registry, meta={"form_id": "TDBV-01", "schema_version": "2019.1"})
    assert "form_version" in checks(issues, "error")
    assert "form_version" not in checks(
        issues_of(tmp_path, form, registry, name="m.xlsx", meta={"form_id": "TDBV-01", "schema_version": "2026.1"})
    )


def test_unknown_units_get_suggestions(tmp_path, form, registry):
    issue = next(
        i
        for i in issues_of(tmp_path, form, registry, unit="Phường Hạc Thanh Mới", unit_code=None)
        if i.check == "unit_unknown"
    )
    assert issue.severity == "error" and "Có phải: Phường Hạc Thành" in issue.message
    assert issue.cell == "D6"


def test_a_missing_unit_name_is_an_error(tmp_path, form, registry):
    assert "unit_missing" in checks(issues_of(tmp_path, form, registry, unit=None, unit_code=None), "error")


def test_the_code_wins_over_the_name_with_a_warning(tmp_path, form, registry):
    path = build_workbook(tmp_path / "u.xlsx", form, unit="Xã Thọ Xuân", unit_code="14797")
    result = process_file(path, form, registry)
    assert result.unit.name == "Phường Hạc Thành"
    assert checks(result.issues) == {"unit_code_mismatch"}


@pytest.mark.parametrize(("period", "check"), [("Quý 5/2026", "period_unparsed"), (None, "period_missing")])
def test_the_period_must_parse(tmp_path, form, registry, period, check):
    assert check in checks(issues_of(tmp_path, form, registry, period=period), "error")


def test_dates_that_disagree_with_the_period_are_warnings(tmp_path, form, registry):
    issues = issues_of(tmp_path, form, registry, date_from="01/01/2026", date_to="30/10/2026")
    assert [i.check for i in issues] == ["date_mismatch"] * 2
    assert issues[0].severity == "warning" and "15/06/2026" in issues[0].message
    calendar = issues_of(tmp_path, form, registry, name="c.xlsx", date_from="01/07/2026", date_to="30/09/2026")
    assert calendar == []


def test_a_large_change_against_last_year_is_a_warning(tmp_path, form, registry):
    current, previous = valid_values(form), valid_values(form)
    current["18"], previous["18"] = 100, 20  # +400 %
    current["22"], previous["22"] = 4, 20  # -80 %
    current["23"], previous["23"] = 40, 4  # last year below 5: not judged
    issues = issues_of(tmp_path, form, registry, current=current, previous=previous)
    found = sorted(i.value for i in issues if i.check == "yoy_change")
    assert found == [4, 100]


def test_list_rows_are_checked(tmp_path, form, registry):
    rows = [
        {"name": None, "force": "Công an", "year": 2020, "status": "Duy trì"},
        {"name": "A", "force": "Bộ đội", "year": 2020, "status": "Duy trì"},
        {"name": "B", "force": "MTTQ", "year": 2031, "status": "Tạm dừng"},
    ]
    values = violate(form, **{"16": 3})
    issues = issues_of(tmp_path, form, registry, current=values, list_rows=rows)
    assert sorted(i.check for i in issues) == ["list_not_allowed", "list_not_allowed", "list_required", "list_year"]
    assert {i.cell for i in issues} == {"B4", "D5", "E6", "F6"}


def make_batch(folder, form, count, overrides=None):
    overrides = overrides or {}
    paths = []
    units = [
        "Phường Hạc Thành",
        "Phường Quảng Phú",
        "Phường Đông Quang",
        "Phường Đông Sơn",
        "Xã Thọ Xuân",
        "Phường Nguyệt Viên",
        "Phường Đông Tiến",
        "Phường Sầm Sơn",
        "Phường Nam Sầm Sơn",
        "Phường Bỉm Sơn",
    ]
    for index in range(count):
        values = valid_values(form, base=20 + index)
        values.update(overrides.get(index, {}))
        paths.append(
            build_workbook(folder / f"{index:02d}.xlsx", form, unit=units[index], unit_code=None, current=values)
        )
    return paths


def test_an_outlier_in_a_batch_of_eight_or_more_is_noted(folder, form, registry):
    make_batch(folder, form, 9, {8: {"18": 5000}})
    report = run_batch([folder], form, registry)
    found = [i for i in report.issues if i.check == "outlier"]
    assert [(i.unit, i.value, i.severity) for i in found] == [("Phường Nam Sầm Sơn", 5000, "info")]
    message = found[0].message  # in words a clerk reads, no statistics
    assert "cao bất thường so với các đơn vị khác: 5.000, trong khi phần lớn từ " in message
    assert "IQR" not in message and "Q3" not in message
    small = folder.parent / "small"
    small.mkdir()
    make_batch(small, form, 7, {6: {"18": 5000}})
    assert "outlier" not in checks(run_batch([small], form, registry).issues)


def test_files_from_another_period_are_errors_in_the_batch(folder, form, registry):
    make_batch(folder, form, 3)
    build_workbook(folder / "late.xlsx", form, unit="Phường Sầm Sơn", unit_code=None, period="Quý II/2026")
    report = run_batch([folder], form, registry)
    assert report.period.label == "Quý III/2026"
    late = next(f for f in report.files if f.path.endswith("late.xlsx"))
    assert "period_mismatch" in checks(late.issues, "error") and not late.counted
    forced = run_batch([folder], form, registry, period_text="Quý II/2026")
    assert sum("period_mismatch" in checks(f.issues) for f in forced.files) == 3


def test_two_files_for_one_unit_are_errors_and_the_newer_counts(folder, form, registry):
    old = build_workbook(folder / "old.xlsx", form, current=valid_values(form, base=10))
    build_workbook(folder / "new.xlsx", form, current=valid_values(form, base=50))
    os.utime(old, (time.time() - 86400, time.time() - 86400))
    report = run_batch([folder], form, registry)
    by_name = {f.path.rsplit("/", 1)[-1]: f for f in report.files}
    assert all("duplicate_submission" in checks(f.issues, "error") for f in by_name.values())
    assert by_name["new.xlsx"].counted and not by_name["old.xlsx"].counted
    assert report.consolidation.totals["current"]["01"] == 50
    chosen = run_batch([folder], form, registry, prefer=[old])
    by_name = {f.path.rsplit("/", 1)[-1]: f for f in chosen.files}
    assert by_name["old.xlsx"].counted and not by_name["new.xlsx"].counted
    assert "duplicate_submission" not in checks(chosen.issues)
    assert "duplicate_not_chosen" in checks(by_name["new.xlsx"].issues, "warning")
    assert chosen.consolidation.totals["current"]["01"] == 10
    assert any("lựa chọn của người dùng" in d for d in chosen.consolidation.decisions)


def test_files_with_errors_are_left_out_unless_included(folder, form, registry):
    make_batch(folder, form, 2, {1: {"19": 10, "20": 30}})
    report = run_batch([folder], form, registry)
    assert [f.counted for f in report.files] == [True, False]
    assert report.files[1].exclusion == "Ô E37: số tin có giá trị (30) lớn hơn tổng số tin báo (10)"  # the error itself
    included = run_batch([folder], form, registry, include=[report.files[1].path])
    assert [f.counted for f in included.files] == [True, True]
    assert "included_despite_errors" in checks(included.files[1].issues, "info")
    assert included.consolidation.totals["current"]["20"] == valid_values(form, base=20)["20"] + 30


def test_without_a_registry_the_unit_check_is_skipped_once(folder, form):
    make_batch(folder, form, 2)
    report = run_batch([folder], form, None)
    assert [i.check for i in report.batch_issues] == ["unit_check_skipped"]
    assert all(f.counted for f in report.files)


def test_finish_batch_is_what_run_batch_does(folder, form, registry):
    paths = make_batch(folder, form, 3)
    results = [process_file(p, form, registry) for p in paths]
    report = finish_batch(results, form, registry)
    assert report.consolidation.totals == run_batch([folder], form, registry).consolidation.totals


@pytest.mark.parametrize(
    ("column", "limit"),
    [
        ([1, 2, 3, 4, 5, 6, 7, 8], 6.25 + 3 * (6.25 - 2.75)),  # quartiles between ranks, linearly (numpy's way)
        ([10] * 6 + [11, 12], 10.25 + 3 * 0.25),
        ([0, 0, 0, 0, 0, 0, 0, 0], 0.0),
    ],
)
def test_outlier_limits_are_q3_plus_three_interquartile_ranges(column, limit):
    from desktop.checks import outlier_limits

    units = [{"01": value, "02": None} for value in column]
    assert {code: spread.limit for code, spread in outlier_limits(units, ["01", "02"]).items()} == {
        "01": pytest.approx(limit)
    }
    assert outlier_limits(units[:7], ["01"]) == {}, "too few units to say what is unusual"
