"""Phrase templates and the office's way of writing numbers: parsed without eval, rendered from the facts."""

import textwrap

import pytest

from desktop.consolidate import Status
from desktop.drafting import (
    DraftOptions,
    ReportFacts,
    UnitFigures,
    draft_report,
    period_prose,
    render_sentence,
    unit_noun,
)
from desktop.forms import FormError, load_form
from desktop.phrases import TemplateError, format_count, format_figure, parse_template, rounded


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (469137, "hơn 469.100"),
        (2478, "gần 2.500"),
        (1883, "gần 1.900"),
        (97, "gần 100"),
        (2389, "gần 2.400"),  # from 1.000 to the nearest 50
        (2360, "hơn 2.350"),
        (2400, "2.400"),  # rounding changes nothing: the exact figure
        (10050, "gần 10.100"),
        (10049, "hơn 10.000"),
        (9990, "gần 10.000"),
        (1024, "hơn 1.000"),
        (50, "50"),
        (53, "hơn 50"),
        (55, "gần 60"),
        (49, "49"),  # under 50: always exact
        (12, "12"),
        (0, "0"),
    ],
)
def test_rounded_phrasing_of_the_provinces_reports(value, expected):
    assert format_figure(value, rounding=True) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(2389, "2.389"), (469100, "469.100"), (7, "7"), (1234567, "1.234.567")]
)
def test_exact_figures_are_grouped_with_dots(value, expected):
    assert format_figure(value) == expected == format_count(value)


def test_rounding_says_which_way():
    assert rounded(469137) == ("hơn", 469100) and rounded(2478) == ("gần", 2500) and rounded(40) == ("", 40)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{figur:01}", "figur"),
        ("{figure}", "figure"),
        ("{top:01:ba}", "số nguyên"),
        ("[thiếu đóng {figure:01}", "]"),
        ("thừa ] đóng", "]"),
        ("{count:status}", "cột=giá trị"),
        ("lẻ { ngoặc", "{"),
    ],
)
def test_a_bad_template_is_a_clear_error(text, words):
    with pytest.raises(TemplateError, match=None) as caught:
        parse_template(text)
    assert words in str(caught.value)


def test_braces_are_written_doubled():
    template = parse_template("{{chú thích}} {figure:01}")
    assert template.parts[0] == "{" and template.parts[2] == "}"


FORM = """
id: PCCC-02
version: "1"
name: Báo cáo công tác phòng cháy chữa cháy
title: BÁO CÁO CÔNG TÁC PHÒNG CHÁY CHỮA CHÁY
labels: {form_number: Mẫu số, unit_name: Tên đơn vị, unit_code: Mã, period: Kỳ, date_from: Từ, date_to: Đến}
indicator_sheet:
  name: Số liệu
  columns: {stt: TT, label: Nội dung, unit: ĐVT, code: Mã chỉ tiêu, current: Số kỳ này, previous: Cùng kỳ}
  value_columns: {current: Số kỳ này, previous: Cùng kỳ}
sections: [{number: A, title: CHÁY NỔ, first_code: A1}]
indicators:
  - {code: A1, label: Số vụ cháy, unit: vụ, kind: flow}
  - {code: A2, label: Số vụ được dập tắt kịp thời, unit: vụ, kind: flow}
"""


def write_form(tmp_path, extra=""):
    path = tmp_path / "pccc.yaml"
    path.write_text(textwrap.dedent(FORM) + textwrap.dedent(extra), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("phrases", "field", "words"),
    [
        ("phrases: {sections: {A: ['Có {figure:B9} vụ']}}", "phrases.sections.A.0", "mã số “B9”"),
        ("phrases: {intro: 'Kỳ {figur:A1}'}", "phrases.intro", "{figur:A1}"),
        ("phrases: {sections: {Z: ['Có {figure:A1} vụ']}}", "phrases.sections.Z", "mục “Z”"),
        ("phrases: {indicators: {A1: 'Có {count} mục'}}", "phrases.indicators.A1", "không có danh sách"),
        ("phrases: {indicators: {A7: 'Có {figure:A1} vụ'}}", "phrases.indicators.A7", "mã số “A7”"),
    ],
)
def test_a_bad_phrase_in_a_schema_names_the_field(tmp_path, phrases, field, words):
    with pytest.raises(FormError) as caught:
        load_form(write_form(tmp_path, phrases))
    assert f"“{field}”" in str(caught.value) and words in str(caught.value)


def facts(form, totals, previous=None, units=()):
    columns = {"current": totals}
    if previous is not None:
        columns["previous"] = previous
    return ReportFacts(
        form=form,
        area="Tỉnh Thanh Hóa",
        issuer="CÔNG AN TỈNH",
        period="Tháng 8/2026",
        columns=columns,
        units=[UnitFigures(name, values) for name, values in units],
        status=[("Xã Một", Status.SUBMITTED), ("Xã Hai", Status.SUBMITTED), ("Phường Ba", Status.MISSING)],
        registered=3,
    )


def body(content):
    return [p.text for p in content.body]


def test_templates_render_figures_changes_units_and_the_top_units(tmp_path):
    form = load_form(
        write_form(
            tmp_path,
            """
            phrases:
              sections:
                A:
                  - "Xảy ra {figure:A1} vụ cháy[ ({change:A1})] tại {units:A1}[, nhiều nhất là {top:A1:2}]."
                  - "Dập tắt kịp thời {figure:A2} vụ[, {diff:A2}]."
            """,
        )
    )
    units = [("Xã Một", {"A1": 5, "A2": 4}), ("Phường Ba", {"A1": 0, "A2": 0}), ("Xã Hai", {"A1": 7, "A2": 0})]
    content = draft_report(facts(form, {"A1": 12, "A2": 4}, {"A1": 16, "A2": 1}, units))
    assert "Xảy ra 12 vụ cháy (giảm 25% so với cùng kỳ) tại 2 xã, nhiều nhất là Xã Hai, Xã Một." in body(content)
    assert "Dập tắt kịp thời 4 vụ, tăng 3 vụ so với cùng kỳ." in body(content)


def test_a_sentence_of_zeros_is_left_out_and_an_optional_part_of_zero_too(tmp_path):
    form = load_form(
        write_form(
            tmp_path,
            """
            phrases:
              sections:
                A:
                  - "Xảy ra {figure:A1} vụ cháy[; dập tắt kịp thời {figure:A2} vụ]."
                  - "Dập tắt {figure:A2} vụ."
            """,
        )
    )
    content = draft_report(facts(form, {"A1": 3, "A2": 0}))
    assert "Xảy ra 3 vụ cháy." in body(content)
    assert not any("Dập tắt" in text or "0 vụ" in text for text in body(content))
    nothing = draft_report(facts(form, {"A1": 0, "A2": 0}))
    assert "Trong kỳ chưa phát sinh số liệu về nội dung này." in body(nothing)


def test_without_phrases_sentences_come_from_labels_and_units(tmp_path):
    form = load_form(write_form(tmp_path))
    units = [("Xã Một", {"A1": 5, "A2": 4}), ("Phường Ba", {"A1": 7, "A2": 0})]
    content = draft_report(facts(form, {"A1": 12, "A2": 4}, {"A1": 12, "A2": 5}, units), DraftOptions(year=2026))
    assert "- Số vụ cháy: 12 vụ (bằng cùng kỳ), tại 2 xã, phường." in body(content)
    assert "- Số vụ được dập tắt kịp thời: 4 vụ (giảm 20% so với cùng kỳ), tại 1 xã." in body(content)
    assert "Có 2/3 đơn vị đã gửi báo cáo và được tổng hợp; chưa gửi báo cáo: Phường Ba." in body(content)
    assert content.place_date.startswith("Thanh Hóa, ngày") and content.place_date.endswith("năm 2026")
    assert content.number_line.endswith("/BC-CAT") and content.subject.endswith("tháng 8 năm 2026")


def test_rounded_phrasing_is_an_option(tmp_path):
    form = load_form(write_form(tmp_path, "phrases: {sections: {A: ['Có {figure:A1} lượt, đúng là {exact:A1}.']}}"))
    exact = draft_report(facts(form, {"A1": 469137, "A2": 0}))
    near = draft_report(facts(form, {"A1": 469137, "A2": 0}), DraftOptions(rounded=True))
    assert "Có 469.137 lượt, đúng là 469.137." in body(exact)
    assert "Có hơn 469.100 lượt, đúng là 469.137." in body(near)
    assert [row.cells[4] for row in near.appendix_rows if not row.section and row.cells[3] == "A1"] == ["469.137"], (
        "appendix: exact"
    )


@pytest.mark.parametrize(
    ("names", "noun"),
    [
        (["Xã Một", "Phường Hai"], "xã, phường"),
        (["Xã Một"], "xã"),
        (["Phường Hai", "Đặc khu Cồn Cỏ"], "phường, đặc khu"),
        (["Tỉnh Thanh Hóa", "Thành phố Hà Nội"], "tỉnh, thành phố"),
        (["Xã Một", "Công an xã Thọ Xuân"], "đơn vị"),
    ],
)
def test_units_are_counted_by_what_they_are(names, noun):
    assert unit_noun(names) == noun


@pytest.mark.parametrize(
    ("label", "prose"),
    [
        ("Quý III/2026", "quý III năm 2026"),
        ("Tháng 8/2026", "tháng 8 năm 2026"),
        ("6 tháng đầu năm 2026", "6 tháng đầu năm 2026"),
        ("9 tháng 2026", "9 tháng năm 2026"),
        ("Năm 2026", "năm 2026"),
    ],
)
def test_periods_as_a_sentence_says_them(label, prose):
    assert period_prose(label) == prose


def test_list_facts_count_rows_group_them_and_say_other_last(form):
    rows = [
        {"unit": "Xã Một", "force": "Công an", "status": "Xây dựng mới"},
        {"unit": "Xã Một", "force": "Khác", "status": "Duy trì"},
        {"unit": "Xã Hai", "force": "MTTQ", "status": "Xây dựng mới"},
        {"unit": "Xã Hai", "force": "công an", "status": "Củng cố"},  # spelt as typed: counted as Công an
        {"unit": "Xã Hai", "force": "Khác", "status": "Duy trì"},
        {"unit": "Xã Hai", "force": "Khác", "status": "Duy trì"},
    ]
    facts = ReportFacts(
        form=form, area="Tỉnh Thanh Hóa", issuer="", period="Quý III/2026",
        columns={"current": {c: 1 for c in form.codes}}, units=[], list_rows=rows,
    )  # fmt: skip
    template = "Có {count} mô hình[, {count:status=Xây dựng mới} mới tại {list_units:status=Xây dựng mới}]"
    template += ": {by:force:mô hình}."
    assert render_sentence(facts, template) == (
        "Có 6 mô hình, 2 mới tại 2 xã: Công an 2 mô hình, MTTQ 1 mô hình và 3 mô hình khác."
    )
    assert render_sentence(facts, "[Củng cố {count:status=Nhân rộng} mô hình; ]có {count} mô hình.") == "Có 6 mô hình."
