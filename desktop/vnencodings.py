"""Legacy Vietnamese font encodings (TCVN3 and VNI) and their conversion to Unicode.

Before Unicode was common, Vietnamese text was typed with 8-bit *font* encodings:

* TCVN3 (TCVN 5712:1993 "VN3", the "ABC" charset, fonts ".VnTime", ".VnArial", ...).
  One byte per letter.  Toned capitals have no codes of their own: they share the
  lower-case codes and are drawn as capitals by the all-caps ".VnTimeH" fonts.  Only
  Ă Â Ê Ô Ơ Ư Đ have separate capital codes.
* VNI (VNI-Windows, fonts "VNI-Times", ...).  A base letter followed by one mark
  character (tone, or diacritic+tone), e.g. "aø" = à, "oä" = ộ, "ñ" = đ.

The keyboard driver typed ordinary Windows-1252 characters and the font drew them as
Vietnamese, so a workbook cell holds the Windows-1252 *characters* of the legacy bytes:
"Hà Nội" reads in Python as "Hµ Néi" (TCVN3) or "Haø Noäi" (VNI).  All codes used here
lie in 0xA1-0xFF, where Windows-1252 and Latin-1 agree.

Tables follow the unikey converter (vnconv) and were cross-checked against the TCVN 5712
table of X11/glibc and an independent PHP converter.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "TCVN3",
    "VNI",
    "detect_legacy",
    "fix_legacy",
    "tcvn3_to_unicode",
    "unicode_to_tcvn3",
    "unicode_to_vni",
    "vni_to_unicode",
]

TCVN3 = "TCVN3"
VNI = "VNI"

# Tone marks in the column order of every table below:
# none, huyền (grave), sắc (acute), hỏi (hook), ngã (tilde), nặng (dot below).
_TONE_MARKS = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_VOWELS = "aăâeêioôơuưy"

# --- TCVN3 -------------------------------------------------------------------------
# Lower-case vowel rows; "\xad" (soft hyphen) is ư.
_TCVN3_ROWS = {
    "a": "aµ¸¶·¹",
    "ă": "¨»¾¼½Æ",
    "â": "©ÇÊÈÉË",
    "e": "eÌÐÎÏÑ",
    "ê": "ªÒÕÓÔÖ",
    "i": "i×ÝØÜÞ",
    "o": "oßãáâä",
    "ô": "«åèæçé",
    "ơ": "¬êíëìî",
    "u": "uïóñòô",
    "ư": "\xadõøö÷ù",
    "y": "yúýûüþ",
}
_TCVN3_OWN_CAPITALS = {"Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§"}

# --- VNI ---------------------------------------------------------------------------
# Lower-case vowel rows; capitals are the same sequences upper-cased ("aø" -> "AØ").
_VNI_ROWS = {
    "a": ("a", "aø", "aù", "aû", "aõ", "aï"),
    "ă": ("aê", "aè", "aé", "aú", "aü", "aë"),
    "â": ("aâ", "aà", "aá", "aå", "aã", "aä"),
    "e": ("e", "eø", "eù", "eû", "eõ", "eï"),
    "ê": ("eâ", "eà", "eá", "eå", "eã", "eä"),
    "i": ("i", "ì", "í", "æ", "ó", "ò"),
    "o": ("o", "oø", "où", "oû", "oõ", "oï"),
    "ô": ("oâ", "oà", "oá", "oå", "oã", "oä"),
    "ơ": ("ô", "ôø", "ôù", "ôû", "ôõ", "ôï"),
    "u": ("u", "uø", "uù", "uû", "uõ", "uï"),
    "ư": ("ö", "öø", "öù", "öû", "öõ", "öï"),
    "y": ("y", "yø", "yù", "yû", "yõ", "î"),
}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _letter(vowel: str, tone: int) -> str:
    return _nfc(vowel + _TONE_MARKS[tone])


def _build_tcvn3() -> tuple[dict[str, str], dict[str, str]]:
    encode: dict[str, str] = {"đ": "®", **_TCVN3_OWN_CAPITALS}
    for vowel, row in _TCVN3_ROWS.items():
        for tone, code in enumerate(row):
            lower = _letter(vowel, tone)
            if lower != code:  # skip the plain ASCII vowels
                encode[lower] = code
                encode.setdefault(lower.upper(), code)  # toned capitals share the lower-case code
            elif not lower.isascii():  # ý is coded as itself
                encode[lower] = encode[lower.upper()] = code
    decode = {c: u for u, c in encode.items() if u.islower() or u in _TCVN3_OWN_CAPITALS}
    return encode, decode


def _build_vni() -> tuple[dict[str, str], dict[str, str]]:
    encode: dict[str, str] = {"đ": "ñ", "Đ": "Ñ"}
    for vowel, row in _VNI_ROWS.items():
        for tone, seq in enumerate(row):
            lower = _letter(vowel, tone)
            if not lower.isascii():
                encode[lower] = seq
                encode[lower.upper()] = seq.upper()
    decode = {s: u for u, s in encode.items()}
    # Tolerate a mark whose case does not match its base letter; the base decides.
    for seq, uni in list(decode.items()):
        if len(seq) == 2:
            decode.setdefault(seq[0] + seq[1].swapcase(), uni)
    return encode, decode


_TCVN3_ENCODE, _TCVN3_DECODE = _build_tcvn3()
_VNI_ENCODE, _VNI_DECODE = _build_vni()
_TCVN3_DECODE_TABLE = str.maketrans(_TCVN3_DECODE)
_TCVN3_ENCODE_TABLE = str.maketrans(_TCVN3_ENCODE)
_VNI_ENCODE_TABLE = str.maketrans(_VNI_ENCODE)
_VNI_PATTERN = re.compile("|".join(re.escape(s) for s in sorted(_VNI_DECODE, key=len, reverse=True)))

_TCVN3_LOWER_ONLY = frozenset("¨©ª«¬\xad®")  # ă â ê ô ơ ư đ: their capitals have codes of their own
_TCVN3_DECODE_CAPS_TABLE = str.maketrans(
    {c: u if c in _TCVN3_LOWER_ONLY else u.upper() for c, u in _TCVN3_DECODE.items()}
)
_TWO_CAPITALS = re.compile(r"[A-Z¡-§][^\sA-Z¡-§]*[A-Z¡-§]")  # in one word


def tcvn3_to_unicode(text: str) -> str:
    """Decode TCVN3 text (as Windows-1252 characters) to NFC Unicode.

    A toned capital shares its code with its lower-case letter, so toned letters decode
    as lower case, unless the text is visibly all-caps: no lower-case letter anywhere and
    a word with two capitals, e.g. "Hµ NéI" -> "HÀ NỘI".  A caller that knows the cell
    font is a ".Vn...H" (all-caps) font can upper-case the result itself.
    """
    if _looks_all_caps(text):
        return _nfc(text.translate(_TCVN3_DECODE_CAPS_TABLE))
    return _nfc(text.translate(_TCVN3_DECODE_TABLE))


def _looks_all_caps(text: str) -> bool:
    if any("a" <= ch <= "z" or ch in _TCVN3_LOWER_ONLY for ch in text):
        return False
    return _TWO_CAPITALS.search(text) is not None


def unicode_to_tcvn3(text: str) -> str:
    """Encode Unicode text as TCVN3 characters; toned capitals get the lower-case code."""
    return _nfc(text).translate(_TCVN3_ENCODE_TABLE)


def vni_to_unicode(text: str) -> str:
    """Decode VNI text (as Windows-1252 characters) to NFC Unicode."""
    return _nfc(_VNI_PATTERN.sub(lambda m: _VNI_DECODE[m.group()], text))


def unicode_to_vni(text: str) -> str:
    """Encode Unicode text as VNI character sequences."""
    return _nfc(text).translate(_VNI_ENCODE_TABLE)


# --- detection ---------------------------------------------------------------------

# The shape of a Vietnamese syllable: initial consonant, vowel nucleus, final consonant.
_INITIALS = "ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx]"
_OPEN = "iêu yêu oai oao oay oeo uây uôi uya uyu ươi ươu ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưi ưu ưa uơ"
_CLOSED = "uyê iê yê uô ươ oă uâ ă â"  # these need a final consonant
_FREE = "oa oe uê uy a e ê i o ô ơ u ư y"  # these may have one
_BEFORE_NH_CH = "oa uê uy a ê i"
_BEFORE_NG_C = "uyê iê yê uô ươ oă uâ ă â oa oe a e o ô ơ u ư"


def _alt(*groups: str) -> str:
    return "|".join(sorted({n for g in groups for n in g.split()}, key=len, reverse=True))


_SYLLABLE = re.compile(
    f"(?:{_INITIALS})?(?P<rhyme>{_alt(_OPEN, _FREE)}|(?:{_alt(_CLOSED, _FREE)})[mnpt]"
    f"|(?:{_alt(_BEFORE_NH_CH)})(?:nh|ch)|(?:{_alt(_BEFORE_NG_C)})(?:ng|c))"
)
_TONE_SET = frozenset(_TONE_MARKS[1:])
_STOP_TONES = frozenset(("\u0301", "\u0323"))  # only sắc/nặng go with a final p, t, c, ch

# What Windows-1252 holds above Latin-1.  Any other character (every Vietnamese letter
# outside Latin-1, NFD combining marks, other scripts) means the text is already Unicode.
_CP1252_EXTRAS = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))
# A word, for detection: ASCII letters and anything from the upper half of Latin-1, so
# that a character the encoding does not decode spoils the word instead of splitting it.
_WORD = re.compile("[A-Za-z\xa1-\xff]+")
_DECODERS = {TCVN3: tcvn3_to_unicode, VNI: vni_to_unicode}


def _is_syllable(word: str) -> bool:
    """True if `word` has the shape of one Vietnamese syllable, tone mark in its place."""
    bare, tone, where = [], "", -1
    for i, ch in enumerate(_nfc(word.lower())):
        parts = unicodedata.normalize("NFD", ch)
        for mark in (m for m in parts if m in _TONE_SET):
            if tone:
                return False
            tone, where = mark, i
        bare.append(_nfc("".join(m for m in parts if m not in _TONE_SET)))
    match = _SYLLABLE.fullmatch("".join(bare))
    if match is None:
        return False
    if not tone:
        return True
    rhyme = match.group("rhyme")
    final = rhyme.lstrip(_VOWELS)
    if final in ("c", "ch", "p", "t") and tone not in _STOP_TONES:
        return False
    nucleus = rhyme[: len(rhyme) - len(final)]
    return where - match.start("rhyme") in _tone_places(nucleus, bool(final))


def _tone_places(nucleus: str, closed: bool) -> tuple[int, ...]:
    """Where in its nucleus a syllable carries the tone mark (old and new style)."""
    marked = [i for i, v in enumerate(nucleus) if v in "ăâêôơư"]
    if marked:
        return (marked[-1],)
    if closed or len(nucleus) == 1:
        return (len(nucleus) - 1,)
    if len(nucleus) == 3:
        return (1,)
    return (0, 1) if nucleus in ("oa", "oe", "uy") else (0,)


def _has_vowel(word: str) -> bool:
    return any(ch in "aeiouy" for ch in unicodedata.normalize("NFD", word.lower()))


def _score(text: str, encoding: str) -> tuple[int, int]:
    """(points, misfits) of reading `text` in `encoding`.

    A word of two or more letters that is not Vietnamese as it stands but decodes to one
    Vietnamese syllable scores for each legacy character in it: 1 for a Latin-1 letter
    (other languages use those too), 2 for a symbol (no language writes "Kh¸c").  A word
    that decodes to something else is a misfit.  Words without a vowel (HĐND) are neutral.
    """
    decode = _DECODERS[encoding]
    points = misfits = 0
    for token in _WORD.findall(text):
        word = decode(token)
        if word == token or not _has_vowel(word):
            continue
        if not _is_syllable(word):
            misfits += 1
        elif len(word) >= 2 and not _is_syllable(token):
            points += sum(1 if ch.isalpha() else 2 for ch in token if not ch.isascii())
    return points, misfits


@lru_cache(maxsize=1 << 14)  # a batch asks about the same place and model names in every file
def detect_legacy(text: str) -> str | None:
    """Return "TCVN3" or "VNI" if `text` is legacy-encoded Vietnamese, else None.

    Conservative, because converting good text corrupts it.  Text holding any character
    a legacy font could not have produced (every Vietnamese letter outside Latin-1, NFD
    combining marks, other scripts) is Unicode.  Otherwise an encoding needs 2 points
    and at most one misfit per 6 points (see `_score`); when both qualify, fewer misfits
    and then more points win, and a tie is None.

    Points add up over words, so a short cell that is no evidence alone ("Tæng céng")
    can be judged with its sheet: detect_legacy("\\n".join(cells)).
    """
    if text.isascii() or any(ord(ch) > 0xFF and ch not in _CP1252_EXTRAS for ch in text):
        return None
    ranked = sorted(
        ((misfits, -points), encoding)
        for encoding in (TCVN3, VNI)
        for points, misfits in [_score(text, encoding)]
        if points >= 2 and points >= 6 * misfits
    )
    if not ranked or (len(ranked) == 2 and ranked[0][0] == ranked[1][0]):
        return None
    return ranked[0][1]


def fix_legacy(text: str) -> tuple[str, str | None]:
    """Return (NFC text, encoding) with legacy text decoded; encoding is None if not legacy."""
    encoding = detect_legacy(text)
    if encoding == TCVN3:
        return tcvn3_to_unicode(text), encoding
    if encoding == VNI:
        return vni_to_unicode(text), encoding
    return _nfc(text), None
