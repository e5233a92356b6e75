from pathlib import Path

import pytest
import yaml

from desktop.forms import FormError, load_form
from desktop.paths import default_form_path


def test_the_default_form_describes_tdbv01(form):
    assert form.id == "TDBV-01" and form.version == "2026.1"
    assert form.codes == [f"{n:02d}" for n in range(1, 29)]
    assert [r.id for r in form.rules] == [f"R{n:02d}" for n in range(1, 13)]
    assert {i.code for i in form.indicators if i.kind == "stock"} == {"05", "16", "17", "18"}
    assert form.by_code["28"].formula == "[26] + [27]"
    assert form.list_sheet.column("status").allowed == ["Xây dựng mới", "Củng cố", "Nhân rộng", "Duy trì"]
    severities = {r.id: r.severity for r in form.rules}
    assert severities["R07"] == severities["R10"] == "error"
    assert all(severities[r] == "warning" for r in severities if r not in ("R07", "R10"))


def _broken(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(default_form_path().read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _set_rule(data, index, **changes):
    data["rules"][index].update(changes)


@pytest.mark.parametrize(
    ("edit", "field", "words"),
    [
        (lambda d: _set_rule(d, 6, expr="[20] <= [99]"), "rules.6.expr", "99"),
        (lambda d: _set_rule(d, 0, expr="[02] >= open('x')"), "rules.0.expr", "R01"),
        (lambda d: _set_rule(d, 10, expr='count(khong_co == "x") == [12]'), "rules.10.expr", "khong_co"),
        (lambda d: _set_rule(d, 2, severity="fatal"), "rules.2.severity", "error"),
        (lambda d: d["indicators"][4].update(kind="stok"), "indicators.4.kind", "flow"),
        (lambda d: d["indicators"][5].update(code="05"), "indicators.5.code", "05"),
        (lambda d: d["indicators"][27].update(formula="[26] + [40]"), "indicators.27.formula", "mã số"),
        (lambda d: d["sections"][1].update(first_code="77"), "sections.1.first_code", "77"),
        (lambda d: d.pop("labels"), "labels", "Field required"),
        (lambda d: d.update(colour="red"), "colour", "Extra"),
        (lambda d: d["charts"][1].update(code="99"), "charts.1.code", "99"),
        (lambda d: d["charts"][4].update(list_column="area"), "charts.4.list_column", "allowed"),
        (lambda d: d["charts"][0].update(list_column="force"), "charts.0", "code"),
        (lambda d: d["indicator_sheet"].update(main_column="ratio"), "indicator_sheet.main_column", "ratio"),
    ],
)
def test_a_broken_schema_names_the_line_and_field(tmp_path, edit, field, words):
    path = _broken(tmp_path, edit)
    with pytest.raises(FormError) as caught:
        load_form(path)
    message = str(caught.value)
    assert f"trường “{field}”" in message
    assert words in message
    if field != "labels":
        line = int(message.split("dòng ")[1].split(",")[0])
        assert field.split(".")[-1].split("_")[0] in path.read_text(encoding="utf-8").splitlines()[line - 1]


def test_yaml_syntax_errors_and_missing_files_are_form_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: X\nindicators: [\n", encoding="utf-8")
    with pytest.raises(FormError, match="bad.yaml dòng"):
        load_form(bad)
    with pytest.raises(FormError, match="Không đọc được"):
        load_form(tmp_path / "none.yaml")


def test_a_form_without_the_new_fields_takes_their_defaults(tmp_path):
    data = yaml.safe_load(default_form_path().read_text(encoding="utf-8"))
    for key in ("main_column", "optional_columns", "ratios", "widths"):
        data["indicator_sheet"].pop(key)
    for key in ("item", "output_name", "output_title"):
        data["list_sheet"].pop(key)
    for column in data["list_sheet"]["columns"]:
        column.pop("width")
    data.pop("charts")
    path = tmp_path / "plain.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    form = load_form(path)
    sheet = form.indicator_sheet
    assert form.main_column == "current" and sheet.optional == {"previous"}
    assert sheet.ratio_columns == {"ratio": ("current", "previous")}
    assert form.charts == [] and form.list_sheet.output_name == "Danh sách" and form.list_sheet.item == "dòng"
    data["indicator_sheet"]["ratios"] = {"ratio": ["current", "note"]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(FormError, match="indicator_sheet.ratios.*tỉ lệ phải giữa hai cột giá trị"):
        load_form(path)


def test_codes_may_be_hierarchical_and_plain_numbers_are_two_digits(tmp_path):
    from desktop.forms import Chart, Section

    assert Section(number="A", title="x", first_code=1).first_code == "01"
    assert Section(number="A", title="x", first_code="1.2").first_code == "1.2"
    assert Chart(code="3").code == "03"
