"""Counts typed the way Vietnamese clerks type them (FORM.md, "What real files look like")."""

from __future__ import annotations

import unicodedata

import pytest

from desktop.vntext import fold, parse_count, squash

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (0, 0),
        (12, 12),
        (12.0, 12),
        (469100.0, 469100),
        (3.0000000000000004, 3),  # =0.1*30 in Excel shows 3
        (1855.0, 1855),
    ],
)
def test_numbers_in_number_cells_are_read_silently(raw, value):
    assert parse_count(raw) == parse_count(raw).__class__(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("0", 0),
        ("007", 7),
        ("1.855", 1855),
        ("469.100", 469100),
        ("2.389", 2389),
        ("1,855", 1855),
        ("1 855", 1855),
        (f"1{NBSP}855", 1855),
        (f"1{NNBSP}855", 1855),
        ("1.855.000", 1855000),
        ("1,855,000", 1855000),
        ("1 855 000", 1855000),
        ("  1.855  ", 1855),
        ("\u200b1.855", 1855),  # a zero-width space pasted from a web page or Word
        ("\ufeff469.100", 469100),
        ("１２３", 123),  # full-width digits from a Vietnamese IME
    ],
)
def test_whole_numbers_typed_as_text_are_read_with_a_note(text, value):
    parsed = parse_count(text)
    assert parsed.value == value
    assert parsed.check == "number_text"


@pytest.mark.parametrize(
    "text",
    ["12,5", "1.5", "0,5", "1.85", "1.8555", "12.34", "1.855,5", "1,855.5", "0.500", "0,500", "1.855,00", ",5", "5."],
)
def test_a_decimal_is_an_error_never_rounded(text):
    parsed = parse_count(text)
    assert parsed.value is None
    assert parsed.check == "decimal_number"
    assert parsed.text == text


@pytest.mark.parametrize("raw", [12.5, 0.1, 1.855])
def test_a_decimal_number_cell_is_an_error(raw):
    parsed = parse_count(raw)
    assert (parsed.value, parsed.check) == (None, "decimal_number")


@pytest.mark.parametrize(
    "text",
    [
        "hơn 5.000",
        "Hơn 5.000",
        "HƠN 5.000",
        "gần 100",
        "Gần 2.500",
        "~2500",
        "~ 2500",
        "≈300",
        "khoảng 300",
        "Khoảng 1.000",
        "trên 20",
        "dưới 10",
        "xấp xỉ 400",
        "ước tính 300",
        "ít nhất 12",
        "tầm 50",
        "chừng 40",
        ">20",
        ">= 20",
        "5.000+",
        "20 trở lên",
        "5.000-6.000",
        "100 – 120",
        "hon 5000",
        "khoang 300",
    ],
)
def test_approximate_text_is_an_error_quoting_it(text):
    parsed = parse_count(text)
    assert parsed.value is None
    assert parsed.check == "approximate_number"
    assert parsed.text == text


def test_approximate_text_in_decomposed_unicode_is_recognised():
    text = unicodedata.normalize("NFD", "khoảng 300")
    parsed = parse_count(text)
    assert (parsed.value, parsed.check) == (None, "approximate_number")
    assert parsed.text == "khoảng 300"  # quoted in NFC


@pytest.mark.parametrize("raw", [None, "", "   ", NBSP, "-", "–", "—", "x", "X", "không", "Không", "KHÔNG", "khong"])
def test_blank_dash_x_and_khong_mean_zero_with_a_note(raw):
    parsed = parse_count(raw)
    assert (parsed.value, parsed.check) == (0, "blank_as_zero")


def test_khong_in_decomposed_unicode_means_zero():
    assert parse_count(unicodedata.normalize("NFD", "Không")).value == 0


@pytest.mark.parametrize("raw", [-5, -5.0, "-5", "- 5", "-1.855", "\u22125"])
def test_a_negative_count_is_an_error(raw):
    parsed = parse_count(raw)
    assert (parsed.value, parsed.check) == (None, "negative_number")


@pytest.mark.parametrize(
    "raw",
    [
        "abc",
        "12 người",
        "1.855 lượt",
        "12a",
        "1.2.3",
        "1.85.000",
        "12.34.567",
        "#N/A",
        "#DIV/0!",
        "+5",
        "=A1",
        True,
        False,
    ],
)
def test_other_text_is_not_a_whole_number(raw):
    parsed = parse_count(raw)
    assert parsed.value is None
    assert parsed.check == "not_whole_number"


@pytest.mark.parametrize("raw", [float("nan"), float("inf"), float("-inf")])
def test_not_a_number_is_not_a_whole_number(raw):
    assert parse_count(raw).check == "not_whole_number"


def test_the_quoted_text_is_cut_to_a_readable_length():
    parsed = parse_count("hơn " + "9" * 500)
    assert parsed.check == "approximate_number"
    assert len(parsed.text) <= 60


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Đơn vị báo cáo", "don vi bao cao"),
        (unicodedata.normalize("NFD", "Đơn vị báo cáo"), "don vi bao cao"),
        ("ĐƠN  VỊ\u00a0BÁO CÁO", "don vi bao cao"),
        ("Đơn vị\u200b báo cáo", "don vi bao cao"),
        ("Phường Hoà", "phuong hoa"),
        ("Phường Hòa", "phuong hoa"),
        ("Thuỷ", "thuy"),
        ("Thủy", "thuy"),
    ],
)
def test_fold_makes_one_key_of_every_spelling(text, key):
    assert fold(text) == key


def test_squash_gives_nfc_without_invisible_characters():
    assert squash(unicodedata.normalize("NFD", " Xã\u200b  Thọ\u00a0Xuân\ufeff ")) == "Xã Thọ Xuân"
