"""Vietnamese text as it arrives in unit workbooks: normal forms, comparison keys, numbers typed as text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    """NFC, with every run of white space (non-breaking ones too) made one space, trimmed."""
    return _SPACES.sub(" ", nfc(text)).strip()


def fold(text: str) -> str:
    """A comparison key: no diacritics, đ as d, lower case, single spaces.

    "Phường  Hoà" and "phuong hòa" give the same key, so old and new tone placement match too.
    """
    decomposed = unicodedata.normalize("NFD", str(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", bare.lower()).strip()


@dataclass(frozen=True)
class CleanText:
    text: str
    check: str | None = None  # "legacy_text" or "decomposed_text" when the text was converted
    encoding: str | None = None


def clean_text(raw: object) -> CleanText:
    """Cell content as NFC Unicode text, converting legacy TCVN3/VNI text when detected."""
    from desktop.vnencodings import fix_legacy

    original = "" if raw is None else str(raw)
    text = squash(original)
    fixed, encoding = fix_legacy(text)
    if encoding:
        return CleanText(squash(fixed), "legacy_text", encoding)
    if text != _SPACES.sub(" ", original).strip():
        return CleanText(text, "decomposed_text")
    return CleanText(text)


# --- numbers ----------------------------------------------------------------------------------

ZERO_WORDS = {"-", "–", "—", "x", "không", "khong"}
_APPROXIMATE = re.compile(
    r"^(hơn|hon|gần|gan|khoảng|khoang|trên|tren|dưới|duoi|xấp xỉ|xap xi|ước|uoc|ít nhất|it nhat"
    r"|tối thiểu|toi thieu|tầm|tam|chừng|chung|~|≈|>|<|>=|<=|≥|≤|\+/-)\s*\d",
    re.IGNORECASE,
)
_PLAIN = re.compile(r"^\d+$")
_GROUPED = re.compile(r"^\d{1,3}(?:(?P<sep>[.,  \u202f])\d{3})(?:(?P=sep)\d{3})*$")
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
        if not raw.is_integer():
            return ParsedCount(None, "decimal_number", _format_float(raw))
        if raw < 0:
            return ParsedCount(None, "negative_number", str(int(raw)))
        return ParsedCount(int(raw))
    if not isinstance(raw, str):
        return ParsedCount(None, "not_whole_number", str(raw))
    return _parse_count_text(raw)


def _parse_count_text(raw: str) -> ParsedCount:
    text = squash(raw)
    shown = text[:60]
    if text == "":
        return ParsedCount(0, "blank_as_zero", "trống")
    if text.lower() in ZERO_WORDS:
        return ParsedCount(0, "blank_as_zero", f"“{shown}”")
    if _APPROXIMATE.match(text):
        return ParsedCount(None, "approximate_number", shown)
    if text.startswith("-") and _looks_numeric(text[1:].strip()):
        return ParsedCount(None, "negative_number", shown)
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
