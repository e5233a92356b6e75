"""The wizard "Biểu mẫu mới từ tệp Excel…" driven as a clerk would: open the office's workbook, see what
was detected, correct a role, confirm flow/stock, edit a rule with the live check, name and save."""

from __future__ import annotations

import random

import pytest

pytest.importorskip("PySide6.QtWidgets")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from desktop.forms import load_form  # noqa: E402
from desktop.views.form_wizard import COLOURS, FormWizard, forms_folder  # noqa: E402
from desktop.views.language import install_language  # noqa: E402
from tests.gui_helpers import visible_strings  # noqa: E402
from tests.learn_forms import entered, matrix_form, security_form, write_form  # noqa: E402

BACKGROUND = Qt.ItemDataRole.BackgroundRole


@pytest.fixture
def wizard(qtbot, tmp_path):
    install_language("vi")
    spec = security_form()
    values = entered(spec, random.Random(5))
    path = tmp_path / "mau.xlsx"
    write_form(spec, path, "Xã Mẫu", values=values)  # a unit's filled copy: the live check has figures
    dialog = FormWizard(None, str(path))
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    install_language("vi")


def colour(dialog, row, col) -> str:
    brush = dialog.model.index(row, col).data(BACKGROUND)
    return brush.color().name().upper() if brush is not None else ""


def test_the_detected_roles_are_coloured(wizard):
    assert wizard.learned.form.codes[0] == "01" and wizard.sheet_box.currentText() == "Biểu 05"
    table = wizard.learned.layout.table
    first_data = table.header[1] + 2  # under the header and the column-index row
    assert colour(wizard, table.header[0], 1) == COLOURS["header"]
    assert colour(wizard, first_data + 1, 3) == COLOURS["code"]
    assert colour(wizard, first_data + 1, 1) == COLOURS["label"]
    assert colour(wizard, first_data + 1, 4) == COLOURS["value"]
    assert colour(wizard, first_data, 0) == COLOURS["section"]  # "I TUYÊN TRUYỀN"
    assert colour(wizard, 4, 1) == COLOURS["block"]  # "Biểu số: 05/ANTT"
    assert wizard.doubts.count() >= 2 and wizard.doubts.item(0).text().startswith("? ")


def test_a_role_corrected_from_the_context_menu_relearns_the_form(wizard):
    table = wizard.learned.layout.table
    menu = wizard.role_menu(table.header[1] + 3, 5)
    column_menu = menu.actions()[0].menu()
    assert [a.text() for a in column_menu.actions()][:3] == ["STT", "Mã số", "Chỉ tiêu"]
    skip = next(a for a in column_menu.actions() if a.text() == "Không đọc")
    skip.trigger()  # "Cùng kỳ năm trước" is not to be read
    assert list(wizard.form.indicator_sheet.value_columns) == ["current"]
    assert colour(wizard, table.header[1] + 3, 5) == ""
    # a row turned into a section heading
    row = next(r for r, c in wizard.learned.codes_by_row.items() if c == "03")
    wizard.set_row_role(row, "section")
    assert "03" not in wizard.form.codes


def test_flow_or_stock_is_confirmed_per_indicator(wizard):
    codes = [wizard.indicators.item(r, 0).text() for r in range(wizard.indicators.rowCount())]
    box = wizard.indicators.cellWidget(codes.index("07"), 3)
    assert box.currentData() == "stock" and "đang hoạt động" in box.toolTip().replace(
        "dang hoat dong", "đang hoạt động"
    )
    other = wizard.indicators.cellWidget(codes.index("01"), 3)
    other.setCurrentIndex(1)
    assert wizard.form.by_code["01"].kind == "stock"
    wizard.set_row_role(next(r for r, c in wizard.learned.codes_by_row.items() if c == "02"), "indicator")
    assert wizard.form.by_code["01"].kind == "stock"  # kept when learned again


def test_rules_are_checked_live_against_the_sample(wizard):
    ids = [wizard.rules.item(r, 0).text() for r in range(wizard.rules.rowCount())]
    total_rule = ids.index(next(r.id for r in wizard.form.rules if r.expr.startswith("[10]")))
    assert "không sai" in wizard.check_label.text()
    wizard.rules.item(total_rule, 2).setText("[10] == [08]")  # the sample's code 10 is 08 + 09
    assert "sai 1 quy tắc" in wizard.check_label.text()
    row10 = next(r for r, c in wizard.learned.codes_by_row.items() if c == "10")
    assert f"E{row10 + 1}" in wizard.rules.item(total_rule, 2).toolTip()
    wizard.rules.item(total_rule, 2).setText("[10] == [99]")
    assert "biểu thức sai" in wizard.check_label.text()
    assert not wizard.buttons.button(wizard.buttons.StandardButton.Save).isEnabled()
    wizard.rules.item(total_rule, 2).setText("[10] >= [08]")
    wizard._add_rule()
    assert wizard.rules.rowCount() == len(ids) + 1
    wizard.rules.item(wizard.rules.rowCount() - 1, 2).setText("[02] >= [01]")
    assert any(r.expr == "[02] >= [01]" for r in wizard.form.rules)


def test_the_form_is_named_and_saved_to_the_users_forms(wizard, qtbot):
    wizard.id_edit.setText("ANTT-05")
    wizard.name_edit.setText("Báo cáo an ninh trật tự")
    with qtbot.waitSignal(wizard.saved, timeout=5000) as signal:
        wizard.save()
    path = forms_folder() / "ANTT-05.yaml"
    assert signal.args == [str(path)] and path.exists()
    form = load_form(path)
    assert (form.id, form.name) == ("ANTT-05", "Báo cáo an ninh trật tự")
    assert form.codes == wizard.learned.form.codes and form.list_sheet is not None


def test_every_string_of_the_wizard_has_its_english(wizard, qtbot):
    vietnamese = visible_strings(wizard)
    install_language("en")
    qtbot.wait(50)
    english = visible_strings(wizard)
    assert len(english) == len(vietnamese)
    same = [(where, vi) for (where, vi), (_, en) in zip(vietnamese, english, strict=True) if vi == en and vi.strip()]
    data = {str(wizard.book.path)} | {sheet.name for sheet in wizard.book.sheets}  # the file's own, not chrome
    assert [s for s in same if s[1] not in data] == []
    assert "New form from an Excel file" in [t for _, t in english]


def test_a_matrix_form_shows_its_row_rule(qtbot, tmp_path):
    spec = matrix_form()
    path = tmp_path / "ld.xlsx"
    write_form(spec, path)
    dialog = FormWizard(None, str(path))
    qtbot.addWidget(dialog)
    exprs = [dialog.rules.item(r, 2).text() for r in range(dialog.rules.rowCount())]
    assert exprs == ["[@current] == [@nam] + [@nu]"]
    assert "không sai" in dialog.check_label.text()  # a blank template breaks nothing


def test_a_form_of_two_sheets_and_the_table_of_one_sheet_alone(qtbot, tmp_path):
    from tests.learn_forms import second_sheet_form, write_two_sheets

    first, second = security_form(), second_sheet_form()
    path = tmp_path / "hai.xlsx"
    write_two_sheets(first, second, path)
    dialog = FormWizard(None, str(path))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.form.indicator_sheet.name == first.sheet and [m.name for m in dialog.form.more_sheets] == [
        second.sheet
    ]
    codes = [dialog.indicators.item(r, 0).text() for r in range(dialog.indicators.rowCount())]
    assert "B.01" in codes and "B.05" in codes
    dialog.indicators.cellWidget(codes.index("B.01"), 3).setCurrentIndex(1)
    assert dialog.form.by_code["B.01"].kind == "stock"
    dialog.set_row_role(dialog.learned.places["02"][1], "indicator")  # learned again
    assert dialog.form.by_code["B.01"].kind == "stock"  # the second sheet's kind is kept too
    dialog.sheet_box.setCurrentText(second.sheet)
    assert colour(dialog, dialog.learned.places["B.01"][1], 1) == COLOURS["label"]
    dialog.use_sheet.click()  # the second sheet's table alone, as a form of its own
    assert dialog.form.indicator_sheet.name == second.sheet and not dialog.form.more_sheets
    assert [i.label for i in dialog.form.indicators][0] == "Số vụ vi phạm hành chính"


def test_a_form_that_is_only_a_list(qtbot, tmp_path):
    from tests.learn_forms import LIST_ONLY_HEADERS, write_list_only

    path = tmp_path / "ds.xlsx"
    write_list_only(path, "Xã Mẫu", [("Hộ A", "Thôn 1", "Tạm trú", 2020), ("Hộ B", "Thôn 2", "Thường trú", 2019)])
    dialog = FormWizard(None, str(path))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.form.list_only and dialog.sheet_box.currentText() == "Danh sách"
    assert [colour(dialog, 6, c) for c in range(len(LIST_ONLY_HEADERS))] == [COLOURS["header"]] * len(LIST_ONLY_HEADERS)
    assert dialog.indicators.rowCount() == 3 and dialog.sample.values("current") == {"01": 2, "02": 1, "03": 1}
    assert dialog.model.index(7, 4).data() == "2020"  # a year as the office's Excel shows it, not 2.020
    dialog.id_edit.setText("DS-03")
    dialog.save()
    assert load_form(forms_folder() / "DS-03.yaml").list_only


def test_what_was_found_and_doubted_follows_the_language(wizard, qtbot):
    vietnamese = [wizard.doubts.item(i).text() for i in range(wizard.doubts.count())]
    install_language("en")
    qtbot.wait(50)
    english = [wizard.doubts.item(i).text() for i in range(wizard.doubts.count())]
    assert len(english) == len(vietnamese) and english != vietnamese
    assert any("guessed to be end-of-period counts" in line for line in english)
    assert wizard.found.item(0).text().startswith("indicator table on sheet")
