"""Vietnamese text as it arrives in unit workbooks: normal forms, comparison keys, numbers typed as text."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007]+")
# zero-width spaces and joiners, word joiner, byte-order mark: pasted from web pages and Word.
# Not the soft hyphen U+00AD: in TCVN3 text that code is the letter "ư" ("Ph\xadêng" = "Phường").
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    """NFC, invisible characters removed, every run of white space (non-breaking too) one space, trimmed."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", nfc(text))).strip()


def fold(text: str) -> str:
    """A comparison key: no diacritics, đ as d, lower case, single spaces.

    "Phường  Hoà" and "phuong hòa" give the same key, so old and new tone placement match too.
    """
    return _fold(str(text))


@lru_cache(maxsize=65_536)  # the same headers, labels and list values come back in every file
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", _INVISIBLE.sub("", text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", bare.lower()).strip()


@dataclass(frozen=True)
class CleanText:
    text: str
    check: str | None = None  # "legacy_text" or "decomposed_text" when the text was converted
    encoding: str | None = None


# What Windows-1252 holds above Latin-1: with Latin-1, every character a legacy font's keyboard typed
_CP1252_EXTRAS = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))


# a character no legacy keyboard typed: beyond Latin-1 and not one of Windows-1252's extras
_NOT_LEGACY = re.compile("[^\\x00-\\xff" + re.escape("".join(sorted(_CP1252_EXTRAS))) + "]")


def could_be_legacy(text: str) -> bool:
    """Text a TCVN3/VNI keyboard could have typed: not plain ASCII, nothing outside Windows-1252."""
    return not text.isascii() and _NOT_LEGACY.search(text) is None


def legacy_context(texts: Iterable[object]) -> str | None:
    """The legacy encoding a sheet was typed in: the one its cells are detected in, cell by cell.

    One short cell ("Khu phè 3") is no evidence alone, but in a sheet where other cells ("M· sè",
    "§¬n vÞ b¸o c¸o") are clearly TCVN3 it is read as TCVN3 too. Two clear cells at least, and the
    other encoding (if any) far behind; cells that cannot be legacy text are not asked.
    """
    from desktop.vnencodings import detect_legacy

    votes = Counter(map(detect_legacy, (t for t in texts if isinstance(t, str) and could_be_legacy(t))))
    votes.pop(None, None)
    if not votes:
        return None
    (best, count), *others = votes.most_common()
    return best if count >= 2 and count > 2 * sum(n for _, n in others) else None


def clean_text(raw: object, context: str | None = None) -> CleanText:
    """Cell content as NFC Unicode text, converting legacy TCVN3/VNI text when detected.

    `context` is the encoding the cell's sheet was typed in (legacy_context): a cell that could be
    legacy text is then decoded with it even when the cell alone is no evidence.
    """
    return _clean_text("" if raw is None else str(raw), context)


@lru_cache(maxsize=16_384)
def _clean_text(original: str, context: str | None) -> CleanText:
    from desktop import vnencodings

    text = squash(original)
    fixed, encoding = vnencodings.fix_legacy(text)
    if encoding:
        return CleanText(squash(fixed), "legacy_text", encoding)
    decode = {"TCVN3": vnencodings.tcvn3_to_unicode, "VNI": vnencodings.vni_to_unicode}.get(context or "")
    if decode and could_be_legacy(text) and (decoded := squash(decode(text))) != text:
        return CleanText(decoded, "legacy_text", context)
    if text != _SPACES.sub(" ", _INVISIBLE.sub("", original)).strip():
        return CleanText(text, "decomposed_text")
    return CleanText(text)


# --- numbers ----------------------------------------------------------------------------------

ZERO_WORDS = {"-", "–", "—", "x", "không", "khong"}
_APPROXIMATE = re.compile(
    r"^(hơn|hon|gần|gan|khoảng|khoang|trên|tren|dưới|duoi|xấp xỉ|xap xi|ước tính|uoc tinh|ước|uoc|ít nhất|it nhat"
    r"|tối thiểu|toi thieu|tầm|tam|chừng|chung|~|≈|>|<|>=|<=|≥|≤|\+/-)\s*\d"
    r"|\d\s*(\+|trở lên|tro len)$"  # "5.000+", "20 trở lên"
    r"|^\d[\d., ]*\s*[-–—]\s*\d[\d., ]*$",  # a range: "5.000-6.000"
    re.IGNORECASE,
)
_MINUS = ("-", "\u2212", "–")
_PLAIN = re.compile(r"^\d+$")
# a thousands group never starts with 0: "0.500" and "0,500" are decimals
_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:(?P<sep>[., \u00a0\u202f])\d{3})(?:(?P=sep)\d{3})*$")
_DECIMAL = re.compile(r"^\d*[.,]\d+$|^\d+[.,]\d*$|^\d{1,3}(?:[., ]\d{3})+[.,]\d+$")


@dataclass(frozen=True)
class ParsedCount:
    """A count read from a cell: the value, or None with the check that explains why not."""

    value: int | None
    check: str | None = None  # issue id: an error when value is None, a note otherwise
    text: str = ""


def parse_count(raw: object) -> ParsedCount:
    """Read a whole number >= 0 the way a Vietnamese clerk types it.

    `1.855`, `1,855` and `1 855` group thousands (a single separator followed by exactly three digits);
    `12,5` and `1.5` are decimals, an error for a count; `hơn 5.000` is approximate, an error, never
    a guess; blank, `-`, `x` and `không` mean 0, with a note.
    """
    if raw is None or raw == "":
        return ParsedCount(0, "blank_as_zero", "trống")
    if isinstance(raw, bool):
        return ParsedCount(None, "not_whole_number", str(raw))
    if isinstance(raw, int):
        return ParsedCount(raw) if raw >= 0 else ParsedCount(None, "negative_number", str(raw))
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return ParsedCount(None, "not_whole_number", str(raw))
        if abs(raw - round(raw)) <= 1e-9 * max(1.0, abs(raw)):
            raw = float(round(raw))  # a formula's rounding noise: Excel shows the whole number
        if not raw.is_integer():
            return ParsedCount(None, "decimal_number", _format_float(raw))
        if raw < 0:
            return ParsedCount(None, "negative_number", str(int(raw)))
        return ParsedCount(int(raw))
    if not isinstance(raw, str):
        return ParsedCount(None, "not_whole_number", str(raw))
    return _parse_count_text(raw)


def parse_signed_count(raw: object) -> ParsedCount:
    """parse_count for a column that may be below zero (a change): -12, "-12", "−1.234" read as such."""
    parsed = parse_count(raw)
    if parsed.check != "negative_number":
        return parsed
    magnitude = parse_count(-raw if isinstance(raw, int | float) else squash(str(raw))[1:].strip())
    if magnitude.value is None:
        return magnitude
    return ParsedCount(-magnitude.value, magnitude.check, squash(str(raw))[:60] if magnitude.check else "")


def _parse_count_text(raw: str) -> ParsedCount:
    text = squash(raw)
    shown = text[:60]
    if text == "":
        return ParsedCount(0, "blank_as_zero", "trống")
    if text.lower() in ZERO_WORDS:
        return ParsedCount(0, "blank_as_zero", f"“{shown}”")
    if text.startswith(_MINUS) and _looks_numeric(text[1:].strip()):
        return ParsedCount(None, "negative_number", shown)
    if _APPROXIMATE.search(text):
        return ParsedCount(None, "approximate_number", shown)
    if _PLAIN.match(text):
        return ParsedCount(int(text), "number_text", shown)
    if _GROUPED.match(text):
        return ParsedCount(int(re.sub(r"\D", "", text)), "number_text", shown)
    if _DECIMAL.match(text):
        return ParsedCount(None, "decimal_number", shown)
    return ParsedCount(None, "not_whole_number", shown)


def _looks_numeric(text: str) -> bool:
    return bool(_PLAIN.match(text) or _GROUPED.match(text) or _DECIMAL.match(text))


def _format_float(value: float) -> str:
    return f"{value:.6g}".replace(".", ",")


def format_number(value: int | float | None) -> str:
    """1855 -> "1.855", the Vietnamese way."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        whole, frac = f"{value:,.2f}".split(".")
        return whole.replace(",", ".") + "," + frac
    return f"{int(value):,}".replace(",", ".")


# Vietnamese alphabetical order: ă and â after a, đ after d, ê after e, ô and ơ after o, ư after u;
# tones sort after the letters, unmarked first (ngang, huyền, hỏi, ngã, sắc, nặng)
_ALPHABET = {letter: rank for rank, letter in enumerate("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def sort_key(text: str) -> tuple:
    """A key that sorts names as a Vietnamese dictionary does, word by word ("Cà Mau", "Cao Bằng", "Đắk Lắk")."""
    return tuple(_word_key(word) for word in squash(str(text)).lower().split(" "))


def _word_key(word: str) -> tuple:
    letters, tone = [], 0
    for char in word:
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize(
            "NFC", "".join(c for c in decomposed if c in _LETTER_MARKS or not unicodedata.combining(c))
        )
        tone = max(tone, next((_TONES[c] for c in decomposed if c in _TONES), 0))
        letters.append(_ALPHABET.get(base, 100 + ord(base[0])) if base else 0)
    return tuple(letters), tone
