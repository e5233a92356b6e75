"""The registry of reporting units: communes and wards of a province, the 34 provinces, or a CSV.

Names match after NFC, case, diacritics and organisation prefixes ("Công an xã", "UBND", a steering
committee with its number, "Ban Chỉ đạo 389") are folded away; a unit code, when given, wins over the name.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from desktop.vntext import fold, sort_key, squash

# a steering committee is named by its number (138, 389, 35 ...): "bcd138 xa ..." -> "bcd xa ..."
_COMMITTEE_NUMBER = re.compile(r"^(ban chi dao|bcd) ?\d+\b")
_ORG_PREFIXES = [
    "ban chi dao",
    "bcd",
    "cong an",
    "uy ban nhan dan",
    "ubnd",
    "dang uy",
    "mttq",
    "uy ban mttq",
    "bao cao cua",
]
_KIND_PREFIXES = [
    "thi tran",
    "phuong",
    "xa",
    "dac khu",
    "tinh",
    "thanh pho",
    "tp",
    "huyen",
    "quan",
    "thi xa",
    "p",
    "x",
    "tt",
]


class RegistryError(Exception):
    """The registry cannot be built (unknown province, unreadable CSV): an error of use."""


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnitMatch:
    unit: Unit | None
    by: str | None = None  # "code" or "name"
    name_disagrees: bool = False
    suggestions: tuple[str, ...] = ()
    place: str = ""  # the place written after the name and set aside ("tỉnh Thanh Hóa", "huyện Yên Định cũ")
    other_province: str = ""  # the province that place names, when it is not the registry's


# The 63 provinces before the 2025 reorganisation (Resolution 202/2025/QH15) and the one each is part of
# now; Hà Tây joined Hà Nội in 2008. A unit still writes its old province after its name.
FORMER_PROVINCES = {
    "Hà Giang": "Tuyên Quang",
    "Yên Bái": "Lào Cai",
    "Bắc Kạn": "Thái Nguyên",
    "Vĩnh Phúc": "Phú Thọ",
    "Hòa Bình": "Phú Thọ",
    "Bắc Giang": "Bắc Ninh",
    "Thái Bình": "Hưng Yên",
    "Hải Dương": "Hải Phòng",
    "Hà Nam": "Ninh Bình",
    "Nam Định": "Ninh Bình",
    "Quảng Bình": "Quảng Trị",
    "Quảng Nam": "Đà Nẵng",
    "Kon Tum": "Quảng Ngãi",
    "Bình Định": "Gia Lai",
    "Ninh Thuận": "Khánh Hòa",
    "Đắk Nông": "Lâm Đồng",
    "Bình Thuận": "Lâm Đồng",
    "Phú Yên": "Đắk Lắk",
    "Bình Dương": "Hồ Chí Minh",
    "Bà Rịa - Vũng Tàu": "Hồ Chí Minh",
    "Bình Phước": "Đồng Nai",
    "Long An": "Tây Ninh",
    "Sóc Trăng": "Cần Thơ",
    "Hậu Giang": "Cần Thơ",
    "Bến Tre": "Vĩnh Long",
    "Trà Vinh": "Vĩnh Long",
    "Tiền Giang": "Đồng Tháp",
    "Bạc Liêu": "Cà Mau",
    "Kiên Giang": "An Giang",
    "Hà Tây": "Hà Nội",
}
_PROVINCE_WORDS = ("tinh", "thanh pho", "tp")
# a place after the unit's name: ", tỉnh Thanh Hóa", " - huyện Yên Định cũ", " (thị xã Bỉm Sơn)"
_PLACE = re.compile(
    r"(?:\s*[,;(]\s*|\s+[-–]\s*|\s+)"
    r"(tinh|thanh pho|tp\.?|huyen|quan|thi xa)\s+([^,;()]+?)(?:\s*\(?\s*cu\s*\)?)?\s*\)?\s*[.,;]?$"
)


def split_place(name: str) -> tuple[str, list[tuple[str, str, str]]]:
    """The unit's own name and the places written after it, each (kind, place name folded, as written).

    "Xã Quý Lộc - huyện Yên Định cũ, tỉnh Thanh Hóa" -> ("Xã Quý Lộc", [("tinh", "thanh hoa", …),
    ("huyen", "yen dinh", …)]). A name that is nothing but a place is left whole.
    """
    text = squash(name)
    key = fold(text)
    if len(key) != len(text):  # a letter whose folding changes the length: no position to cut at
        return text, []
    places = []
    while (found := _PLACE.search(key)) and found.start() > 0:
        kind = found.group(1).rstrip(".")
        places.append((kind, found.group(2).strip(), text[found.start() :].strip(" ,;-–()")))
        text, key = text[: found.start()].rstrip(" ,;-–("), key[: found.start()].rstrip(" ,;-–(")
    return text, places


def current_province_key(name: str) -> str | None:
    """The bare key of the province a (current or former) province name is part of today, or None."""
    key = name_keys(name)[1]
    for former, current in FORMER_PROVINCES.items():
        if name_keys(former)[1] == key:
            return name_keys(current)[1]
    known = {name_keys(_bare_province_name(p))[1] for p in _provinces()}
    return key if key in known else None


def normalise_code(code: object) -> str:
    text = squash(str(code)) if code is not None else ""
    if isinstance(code, float) and code.is_integer():
        text = str(int(code))
    text = text.replace(" ", "")
    return str(int(text)) if text.isdigit() else text


def _strip_prefixes(key: str, prefixes: list[str]) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in prefixes:
            if key.startswith(prefix + " ") or key.startswith(prefix + "."):
                key = key[len(prefix) + 1 :].strip()
                changed = True
    return key


def name_keys(name: str) -> tuple[str, str]:
    """(key with the kind word, bare key): "Công an xã Thọ Xuân" -> ("xa tho xuan", "tho xuan")."""
    key = re.sub(r"[^\w\s.]", " ", fold(name)).strip()
    key = _COMMITTEE_NUMBER.sub(r"\1", re.sub(r"\s+", " ", key))
    with_kind = _strip_prefixes(key, _ORG_PREFIXES)
    bare = _strip_prefixes(with_kind, _KIND_PREFIXES)
    return with_kind.replace(".", " ").strip(), bare.replace(".", " ").strip()


@dataclass
class Registry:
    name: str
    units: list[Unit]
    level: str = "commune"  # commune | province
    _by_code: dict[str, Unit] = field(init=False, repr=False)
    _by_key: dict[str, list[Unit]] = field(init=False, repr=False)
    _by_bare: dict[str, list[Unit]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_code = {normalise_code(u.code): u for u in self.units}
        self._by_key = defaultdict(list)
        self._by_bare = defaultdict(list)
        for unit in self.units:
            for name in (unit.name, *unit.aliases):
                key, bare = name_keys(name)
                if unit not in self._by_key[key]:
                    self._by_key[key].append(unit)
                if unit not in self._by_bare[bare]:
                    self._by_bare[bare].append(unit)

    def by_code(self, code: object) -> Unit | None:
        return self._by_code.get(normalise_code(code)) if code not in (None, "") else None

    def by_name(self, name: str) -> Unit | None:
        key, bare = name_keys(name)
        for candidates in (self._by_key.get(key, []), self._by_bare.get(bare, [])):
            if len(candidates) == 1:
                return candidates[0]
        return None

    def suggest(self, name: str, count: int = 3) -> tuple[str, ...]:
        _, bare = name_keys(name)
        keys = difflib.get_close_matches(bare, list(self._by_bare), n=count, cutoff=0.6)
        return tuple(dict.fromkeys(u.name for key in keys for u in self._by_bare[key]))[:count]

    def match(self, name: str | None, code: object = None) -> UnitMatch:
        by_name = self.by_name(name) if name else None
        place, other = "", ""
        if name and by_name is None:
            own, places = split_place(name)
            if places and (by_name := self.by_name(own)) is not None:
                place = ", ".join(written for _, _, written in reversed(places))
                other = self._other_province(places)
        by_code = self.by_code(code)
        if by_code is not None:
            return UnitMatch(by_code, "code", bool(name) and by_name is not by_code, place=place, other_province=other)
        if by_name is not None:
            return UnitMatch(by_name, "name", place=place, other_province=other)
        return UnitMatch(None, suggestions=self.suggest(split_place(name)[0]) if name else ())

    def _other_province(self, places: list[tuple[str, str, str]]) -> str:
        """The place naming a province other than this registry's (as written), or ""."""
        if self.level != "commune":
            return ""
        own = current_province_key(self.name)
        if own is None:  # a CSV registry: its province is not known
            return ""
        for kind, place, written in places:
            if kind in _PROVINCE_WORDS and (named := current_province_key(place)) is not None and named != own:
                return written
        return ""


def _provinces():
    from vietnam_provinces import Province

    return list(Province.iter_all())


def province_display_name(province) -> str:
    kind = getattr(province.division_type, "value", "")
    return (
        province.name
        if province.name.lower().startswith(("thành phố", "tỉnh"))
        else (f"{'Tỉnh' if kind == 'tỉnh' else 'Thành phố'} {province.name}")
    )


def find_province(name: str):
    wanted = name_keys(name)[1]
    for province in _provinces():
        if name_keys(province.name)[1] == wanted or str(int(province.code)) == normalise_code(name):
            return province
    names = sorted((_bare_province_name(p) for p in _provinces()), key=sort_key)
    keys = {name_keys(n)[1]: n for n in names}
    near = [keys[k] for k in difflib.get_close_matches(wanted, list(keys), n=3, cutoff=0.6)]
    hint = f" Có phải: {', '.join(near)}?" if near else ""
    raise RegistryError(f"Không có tỉnh/thành phố “{name}”.{hint} Các tỉnh/thành phố: {', '.join(names)}")


def _bare_province_name(province) -> str:
    """ "Hà Nội" for "Thành phố Hà Nội": the name a clerk sorts and looks for."""
    return re.sub(r"^(thành phố|tỉnh)\s+", "", province.name, flags=re.IGNORECASE)


def province_names() -> list[str]:
    """Display names in Vietnamese alphabetical order of the name itself ("Tỉnh An Giang" first)."""
    return [province_display_name(p) for p in sorted(_provinces(), key=lambda p: sort_key(_bare_province_name(p)))]


def province_registry(name: str) -> Registry:
    """The communes, wards and special zones of one province (after the 7/2025 reorganisation)."""
    from vietnam_provinces import Ward

    province = find_province(name)
    units = [
        Unit(str(int(w.code)), w.name, getattr(w.division_type, "value", ""))
        for w in Ward.iter_all()
        if w.province_code == province.code
    ]
    return Registry(province_display_name(province), units, "commune")


def national_registry() -> Registry:
    units = [
        Unit(str(int(p.code)), province_display_name(p), getattr(p.division_type, "value", ""), (p.name,))
        for p in _provinces()
    ]
    return Registry("Toàn quốc", units, "province")


def csv_registry(path: str | Path) -> Registry:
    """A CSV with columns code, name, kind and optional aliases (separated by ';')."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise RegistryError(f"Không đọc được danh mục đơn vị {path}: {exc}") from exc
    units = []
    for number, row in enumerate(rows, start=2):
        row = {fold(k or ""): (v or "") for k, v in row.items()}
        code, name = squash(row.get("code", row.get("ma", ""))), squash(row.get("name", row.get("ten", "")))
        if not code or not name:
            raise RegistryError(f"{path.name} dòng {number}: thiếu cột code hoặc name")
        aliases = tuple(squash(a) for a in row.get("aliases", "").split(";") if a.strip())
        units.append(Unit(code, name, squash(row.get("kind", "")), aliases))
    if not units:
        raise RegistryError(f"Danh mục đơn vị {path.name} không có dòng nào")
    return Registry(path.stem, units, "commune")
