"""Another form is another YAML file: nothing about TDBV-01 is hard-coded outside its schema."""

import textwrap

from desktop.forms import load_form
from desktop.io.formsheet import Header
from desktop.io.reader import read_workbook
from desktop.io.template import write_unit_workbook
from desktop.pipeline import run_batch

FORM = """
id: PCCC-02
version: "1"
name: Báo cáo phòng cháy
title: BÁO CÁO CÔNG TÁC PHÒNG CHÁY CHỮA CHÁY
form_number: 02/PCCC
labels: {form_number: Mẫu số, unit_name: Tên đơn vị, unit_code: Mã, period: Kỳ, date_from: Từ, date_to: Đến}
indicator_sheet:
  name: Số liệu
  columns: {stt: TT, label: Nội dung, unit: ĐVT, code: Mã chỉ tiêu, current: Số kỳ này}
  value_columns: {current: Số kỳ này}
sections: [{number: A, title: CHÁY NỔ, first_code: A1}]
indicators:
  - {code: A1, label: Số vụ cháy, unit: vụ, kind: flow}
  - {code: A2, label: Số vụ được dập tắt kịp thời, unit: vụ, kind: flow}
  - {code: A3, label: Tổng số, unit: vụ, kind: flow, formula: "[A1] + [A2]"}
rules:
  - {id: P1, expr: "[A2] <= [A1]", severity: error, message: "số vụ dập tắt ({left}) nhiều hơn số vụ cháy ({right})"}
"""


def test_a_province_can_load_another_form(tmp_path):
    path = tmp_path / "pccc.yaml"
    path.write_text(textwrap.dedent(FORM), encoding="utf-8")
    form = load_form(path)
    assert form.codes == ["A1", "A2", "A3"] and form.list_sheet is None
    folder = tmp_path / "in"
    folder.mkdir()
    for name, a1, a2 in [("Xã Một", 5, 4), ("Xã Hai", 3, 7)]:
        header = Header(name, "", "Tháng 8/2026", "15/07/2026", "14/08/2026")
        write_unit_workbook(folder / f"{name}.xlsx", form, header, {"current": {"A1": a1, "A2": a2, "A3": a1 + a2}})
    sub = read_workbook(folder / "Xã Một.xlsx", form)
    assert sub.sheet == "Số liệu" and sub.values("current") == {"A1": 5, "A2": 4, "A3": 9}
    report = run_batch([folder], form, None)
    bad = next(f for f in report.files if f.path.endswith("Xã Hai.xlsx"))
    assert [(i.check, i.severity) for i in bad.issues] == [("P1", "error")]
    assert "số vụ dập tắt (7) nhiều hơn số vụ cháy (3)" in bad.issues[0].message
    assert report.consolidation.totals["current"] == {"A1": 5, "A2": 4, "A3": 9}
