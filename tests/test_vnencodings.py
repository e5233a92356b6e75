"""Tests for desktop.vnencodings: TCVN3 / VNI tables, conversions and detection."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from desktop.vnencodings import (
    detect_legacy,
    fix_legacy,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)

TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # none, huyền, sắc, hỏi, ngã, nặng
VOWELS = "aăâeêioôơuưy"
LOWER = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]
UPPER = [ch.upper() for ch in LOWER]
LETTERS = LOWER + UPPER
NON_ASCII_LETTERS = [ch for ch in LETTERS if not ch.isascii()]
OWN_TCVN3_CAPITALS = set("ĂÂÊÔƠƯĐ")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- the published tables ---------------------------------------------------------

# TCVN 5712:1993 VN3 ("ABC"), byte -> letter, as in unikey's vnconv and X11's tcvn.h.
# Toned capitals have no byte of their own.
TCVN3_BYTES = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip

# VNI-Windows, by byte, as in unikey's vnconv: base letter + one mark byte.
VNI_TONE = {1: 0xF8, 2: 0xF9, 3: 0xFB, 4: 0xF5, 5: 0xEF}  # after a e o u y, ơ (0xF4), ư (0xF6)
VNI_CIRCUMFLEX = {0: 0xE2, 1: 0xE0, 2: 0xE1, 3: 0xE5, 4: 0xE3, 5: 0xE4}  # â ê ô
VNI_BREVE = {0: 0xEA, 1: 0xE8, 2: 0xE9, 3: 0xFA, 4: 0xFC, 5: 0xEB}  # ă
VNI_I = {1: 0xEC, 2: 0xED, 3: 0xE6, 4: 0xF3, 5: 0xF2}  # i with a tone: one byte
VNI_SINGLE = {"ơ": 0xF4, "ư": 0xF6, "đ": 0xF1, "ỵ": 0xEE}


def vni_published(vowel: str, tone: int) -> str:
    """The VNI bytes of a lower-case letter, from the byte tables above."""
    letter = nfc(vowel + TONES[tone])
    if letter in VNI_SINGLE:
        return chr(VNI_SINGLE[letter])
    if vowel == "i" and tone:
        return chr(VNI_I[tone])
    if vowel in "âêô":
        return {"â": "a", "ê": "e", "ô": "o"}[vowel] + chr(VNI_CIRCUMFLEX[tone])
    if vowel == "ă":
        return "a" + chr(VNI_BREVE[tone])
    base = {"ơ": chr(0xF4), "ư": chr(0xF6)}.get(vowel, vowel)
    return base + (chr(VNI_TONE[tone]) if tone else "")


VNI_PUBLISHED = {nfc(v + TONES[t]): vni_published(v, t) for v in VOWELS for t in range(6)}
VNI_PUBLISHED["đ"] = vni_published("đ", 0)
# Capitals are the same bytes upper-cased (each mark byte minus 0x20).
VNI_PUBLISHED.update({u.upper(): s.upper() for u, s in list(VNI_PUBLISHED.items())})


def test_tables_cover_every_letter() -> None:
    assert len(set(LETTERS)) == len(VNI_PUBLISHED) == 12 * 6 * 2 + 2
    assert len(NON_ASCII_LETTERS) == 134  # the Vietnamese letters beyond ASCII
    assert set(TCVN3_BYTES.values()) == set(LOWER) - set("aeiouy") | OWN_TCVN3_CAPITALS


@pytest.mark.parametrize("byte, letter", sorted(TCVN3_BYTES.items()))
def test_tcvn3_published_table(byte: int, letter: str) -> None:
    code = bytes([byte]).decode("cp1252")
    assert tcvn3_to_unicode(code) == letter
    assert unicode_to_tcvn3(letter) == code


@pytest.mark.parametrize("letter", LETTERS)
def test_vni_published_table(letter: str) -> None:
    assert unicode_to_vni(letter) == VNI_PUBLISHED[letter]
    assert vni_to_unicode(VNI_PUBLISHED[letter]) == letter


@pytest.mark.parametrize(
    "unicode, tcvn3",
    [
        ("Hà Nội", "Hµ Néi"),
        ("Phường Đông Sơn", "Ph\xadêng §«ng S¬n"),
        ("đường", "®\xadêng"),
        ("Ăn ở", "¡n ë"),
        ("ủy ban", "ñy ban"),
        ("Nguyễn", "NguyÔn"),
        ("Quỹ", "Quü"),
        ("tỵ nạn", "tþ n¹n"),
    ],
)
def test_tcvn3_known_pairs(unicode: str, tcvn3: str) -> None:
    assert unicode_to_tcvn3(unicode) == tcvn3
    assert tcvn3_to_unicode(tcvn3) == unicode


@pytest.mark.parametrize(
    "unicode, vni",
    [
        ("Hà Nội", "Haø Noäi"),
        ("Phường Đông Sơn", "Phöôøng Ñoâng Sôn"),
        ("Ủy ban", "UÛy ban"),
        ("Ắc quy", "AÉc quy"),
        ("khuỷu", "khuyûu"),
        ("chỉ", "chæ"),
        ("tỵ nạn", "tî naïn"),
        ("THƯỜNG", "THÖÔØNG"),
    ],
)
def test_vni_known_pairs(unicode: str, vni: str) -> None:
    assert unicode_to_vni(unicode) == vni
    assert vni_to_unicode(vni) == unicode


def test_vni_mark_case_follows_the_base_letter() -> None:
    assert vni_to_unicode("Aù aÙ OÂ Oâ oÂ") == "Á á Ô Ô ô"


# --- round trips over every letter ---------------------------------------------------


@pytest.mark.parametrize("letter", LETTERS)
def test_vni_round_trip_every_letter(letter: str) -> None:
    assert vni_to_unicode(unicode_to_vni(letter)) == letter
    assert vni_to_unicode(unicode_to_vni(nfd(letter))) == letter


@pytest.mark.parametrize("letter", LOWER + sorted(OWN_TCVN3_CAPITALS))
def test_tcvn3_round_trip_letters_with_own_code(letter: str) -> None:
    assert tcvn3_to_unicode(unicode_to_tcvn3(letter)) == letter
    assert tcvn3_to_unicode(unicode_to_tcvn3(nfd(letter))) == letter


@pytest.mark.parametrize("capital", [ch for ch in UPPER if not ch.isascii() and ch not in OWN_TCVN3_CAPITALS])
def test_tcvn3_toned_capitals_share_the_lower_case_code(capital: str) -> None:
    code = unicode_to_tcvn3(capital)
    assert code == unicode_to_tcvn3(capital.lower())
    assert tcvn3_to_unicode(code) == capital.lower()
    # in all-caps text (the ".VnTimeH" case) the shared code reads as the capital
    word = f"N{capital}NG"
    assert tcvn3_to_unicode(unicode_to_tcvn3(word)) == word


ALL_CAPS = ["HÀ NỘI", "BÁO CÁO", "ỦY BAN NHÂN DÂN", "PHƯỜNG ĐÔNG SƠN", "KỲ BÁO CÁO", "ĐÃ ĐẠT"]


@pytest.mark.parametrize("text", ALL_CAPS + ["TỔNG CỘNG", "XÃ AN"])
def test_tcvn3_all_caps_text_round_trips(text: str) -> None:
    assert tcvn3_to_unicode(unicode_to_tcvn3(text)) == text


@pytest.mark.parametrize("text", ALL_CAPS)
def test_tcvn3_all_caps_text_is_detected_and_fixed(text: str) -> None:
    assert fix_legacy(unicode_to_tcvn3(text)) == (text, "TCVN3")


def test_tcvn3_mixed_case_text_keeps_toned_letters_lower() -> None:
    assert tcvn3_to_unicode("UBND x· Yªn §Þnh") == "UBND xã Yên Định"
    assert tcvn3_to_unicode("T¹ B¸ Hµ") == "Tạ Bá Hà"
    # the limit of the rule: nothing here is visibly lower case
    assert tcvn3_to_unicode("X· UBND") == "XÃ UBND"


def test_outputs_are_nfc_and_other_characters_pass_through() -> None:
    text = "Tổng: 1.855 (100%) – “ok” @ 25°C"
    for encode, decode in ((unicode_to_tcvn3, tcvn3_to_unicode), (unicode_to_vni, vni_to_unicode)):
        assert decode(encode(nfd(text))) == text
    assert unicode_to_tcvn3("x – y … “z” €") == "x – y … “z” €"
    assert unicode_to_vni("25°C ±1") == "25°C ±1"


# --- real unit names --------------------------------------------------------------

UNIT_NAMES = [
    ("Phường Đông Sơn", "Ph\xadêng §«ng S¬n", "Phöôøng Ñoâng Sôn"),
    ("Công an xã Thọ Xuân", "C«ng an x· Thä Xu©n", "Coâng an xaõ Thoï Xuaân"),
    ("UBND xã Yên Định", "UBND x· Yªn §Þnh", "UBND xaõ Yeân Ñònh"),
    ("Xã Quảng Phú", "X· Qu¶ng Phó", "Xaõ Quaûng Phuù"),
    ("Thị trấn Bút Sơn", "ThÞ trÊn Bót S¬n", "Thò traán Buùt Sôn"),
    ("Hội Cựu chiến binh", "Héi Cùu chiÕn binh", "Hoäi Cöïu chieán binh"),
    (
        "Nhà trọ an toàn cho phụ nữ và trẻ em",
        "Nhµ trä an toµn cho phô n÷ vµ trÎ em",
        "Nhaø troï an toaøn cho phuï nöõ vaø treû em",
    ),
]


@pytest.mark.parametrize("unicode, tcvn3, vni", UNIT_NAMES)
def test_unit_names_convert_both_ways(unicode: str, tcvn3: str, vni: str) -> None:
    assert unicode_to_tcvn3(unicode) == tcvn3
    assert tcvn3_to_unicode(tcvn3) == unicode
    assert unicode_to_vni(unicode) == vni
    assert vni_to_unicode(vni) == unicode


@pytest.mark.parametrize("unicode, tcvn3, vni", UNIT_NAMES + [("Hà Nội", "Hµ Néi", "Haø Noäi")])
def test_unit_names_are_detected_and_fixed(unicode: str, tcvn3: str, vni: str) -> None:
    assert detect_legacy(tcvn3) == "TCVN3"
    assert detect_legacy(vni) == "VNI"
    assert fix_legacy(tcvn3) == (unicode, "TCVN3")
    assert fix_legacy(vni) == (unicode, "VNI")
    assert fix_legacy(unicode.upper()) == (unicode.upper(), None)
    assert fix_legacy(unicode_to_vni(unicode.upper())) == (unicode.upper(), "VNI")


# --- detection must not fire on ordinary content --------------------------------------

ORDINARY = [
    "",
    " ",
    "Tổng cộng",
    "Công an xã",
    "Cộng",
    "Bình Tân",
    "Cà Mau",
    "Thò",
    "(1)",
    "1.855",
    "1,855.50",
    "01/TDBV",
    "12/03/2024",
    "2024-03-12",
    "x",
    "X",
    "-",
    "—",
    "…",
    "STT",
    "TDBV-01",
    "Camera an ninh",
    "e-mail: a@b.vn",
    "100%",
    "Café",
    "café au lait à la crème",
    "Crème brûlée",
    "naïve façade",
    "Müller & Söhne GmbH",
    "Straße",
    "São Paulo",
    "España, señor, niño",
    "Ærø",
    "Noël",
    "Hôtel de Ville",
    "Ñandú",
    "Zürich",
    "10 µm",
    "3×4",
    "½",
    "© 2024",
    "® ™",
    "25°C",
    "Nº 5",
    "1ª",
    "«quoted»",
    "§ 3",
    "x · y",
    "Người lập biểu",
    "Thủ trưởng đơn vị",
    "Biểu số",
    "Kỳ báo cáo",
    "So sánh (%)",
    "BAN CHỈ ĐẠO 138",
    "BÁO CÁO KẾT QUẢ XÂY DỰNG PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC",
    "Số trang mạng xã hội, nhóm Zalo tuyên truyền về ANTT đang hoạt động",
    "Hà Nội – 2024",
    "Mô hình “Camera an ninh”",
    "Ðông",  # ETH used for Đ
    "Hµ Nội",  # legacy and Unicode mixed: leave alone
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_not_detected(text: str) -> None:
    for form in (text, nfd(text), text.upper(), text.lower()):
        assert detect_legacy(form) is None
        assert fix_legacy(form) == (nfc(form), None)


@pytest.mark.parametrize(
    "short, encoding",
    [("Tæng céng", "TCVN3"), ("Héi CCB", "TCVN3"), ("Khaùc", "VNI"), ("hoäi nghò", "VNI")],
)
def test_short_cells_need_company(short: str, encoding: str) -> None:
    """One letter of evidence is not enough alone, but scores add up over joined cells."""
    assert detect_legacy(short) is None
    sheet = [short, "STT", "1.855", unicode_to_tcvn3("Hà Nội") if encoding == "TCVN3" else "Haø Noäi"]
    assert detect_legacy("\n".join(sheet)) == encoding


def test_fix_legacy_returns_nfc_for_unicode_input() -> None:
    assert fix_legacy(nfd("Phường Đông Sơn")) == ("Phường Đông Sơn", None)


# --- property tests over real syllables -------------------------------------------

SYLLABLES = [
    syllable
    for line in (
        "hà nội phường đông sơn công an xã thọ xuân ủy ban nhân dân yên định quảng phú thị trấn",
        "bút hội cựu chiến binh nhà trọ toàn cho phụ nữ và trẻ em tổng cộng số lượng camera ninh",
        "đường phố người khu vực được trang bị hệ thống giám sát điểm kết nối tỉnh huyện thành",
        "năm tháng ngày quý báo cáo kỳ này đã thực hiện chỉ tiêu kế hoạch đạt yêu cầu mới ghi chú",
        "loại hình tổ chức nhiệm vụ bảo vệ trật tự gia đình văn hóa hoá khỏe mạnh tuổi ý kiến thủy",
        "lợi mỹ thuận kỹ thuật xoay ngoài khuya quyết nguyễn giường rượu muối khuấy ngoẹo thuở",
        "hoặc huế ở ấp ăn uống ỷ lại ỳ ạch ương gửi hưu giữa gìn quê khoảng cuộc việc tiếng",
        "lớp vụ mô tin bài phong trào tuyên truyền pháp luật phổ biến giáo dục sân khấu",
    )
    for syllable in line.split()
]

LEGACY = {"TCVN3": unicode_to_tcvn3, "VNI": unicode_to_vni}
EXTRAS = ["(1)", "1.855", "100%", "-", "–", "x", "UBND", "HĐND", "2024", "a@b.vn", "“", "”", ":"]


def capitalise(syllable: str, encoding: str | None) -> str:
    # TCVN3 has no code for a toned capital vowel, so only capitalise where it has one
    if encoding == "TCVN3" and unicode_to_tcvn3(syllable[0].upper()) == unicode_to_tcvn3(syllable[0]):
        return syllable
    return syllable[0].upper() + syllable[1:]


def detected_alone(syllable: str, encoding: str) -> bool:
    encode = LEGACY[encoding]
    return all(detect_legacy(encode(form)) == encoding for form in (syllable, syllable.upper()))


# Syllables whose legacy form is evidence enough on its own; the rest are ambiguous alone
# (e.g. TCVN3 "phæ" is "phổ", but read as VNI it is "phỉ") or too short to tell.
KEYS = {encoding: [s for s in SYLLABLES if detected_alone(s, encoding)] for encoding in LEGACY}


@st.composite
def sentences(draw: st.DrawFn, encoding: str | None = None) -> str:
    """Real syllables, some capitalised, with a few numbers and codes mixed in.

    With an encoding, the sentence holds at least one of its KEYS.
    """
    pick = st.tuples(st.sampled_from(SYLLABLES), st.booleans())
    words = draw(st.lists(pick, min_size=0 if encoding else 1, max_size=8))
    if encoding:
        words += draw(st.lists(st.tuples(st.sampled_from(KEYS[encoding]), st.booleans()), min_size=1, max_size=2))
    words = [capitalise(w, encoding) if up else w for w, up in words]
    words += draw(st.lists(st.sampled_from(EXTRAS), max_size=2))
    return " ".join(draw(st.permutations(words)))


def test_syllable_list_is_well_formed() -> None:
    assert all(s == nfc(s) and s.islower() for s in SYLLABLES)
    for encoding in LEGACY:
        assert len(KEYS[encoding]) >= 20


@given(sentences())
def test_unicode_vietnamese_is_never_detected(text: str) -> None:
    for form in (text, nfd(text), text.upper()):
        assert detect_legacy(form) is None
        assert fix_legacy(form) == (nfc(form), None)


# Two capitals in one word, counting only capitals that TCVN3 can write.
TWO_CAPITALS = re.compile(r"[A-ZĂÂÊÔƠƯĐ][^\sA-ZĂÂÊÔƠƯĐ]*[A-ZĂÂÊÔƠƯĐ]")


def looks_all_caps_in_tcvn3(text: str) -> bool:
    """The documented rule: no lower case letter TCVN3 can tell, and a word with two capitals."""
    return not re.search("[a-zăâêôơưđ]", text) and TWO_CAPITALS.search(text) is not None


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_legacy_sentences_are_detected_and_fixed(encoding: str) -> None:
    @given(sentences(encoding))
    def check(text: str) -> None:
        if encoding == "TCVN3":
            assume(not looks_all_caps_in_tcvn3(text))  # e.g. "Xã UBND" reads as "XÃ UBND"
        legacy = LEGACY[encoding](text)
        assert detect_legacy(legacy) == encoding
        assert fix_legacy(legacy) == (text, encoding)

    check()


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_all_caps_legacy_sentences_are_detected_and_fixed(encoding: str) -> None:
    @given(sentences(encoding))
    def check(text: str) -> None:
        upper = text.upper()
        legacy = LEGACY[encoding](upper)
        if encoding == "TCVN3":
            assume(looks_all_caps_in_tcvn3(upper))  # toned capitals share lower-case codes
        assert fix_legacy(legacy) == (upper, encoding)

    check()
