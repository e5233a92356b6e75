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

from desktop.vntext import fold, squash

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
        by_code = self.by_code(code)
        if by_code is not None:
            return UnitMatch(by_code, "code", bool(name) and by_name is not by_code)
        if by_name is not None:
            return UnitMatch(by_name, "name")
        return UnitMatch(None, suggestions=self.suggest(name) if name else ())


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
    known = ", ".join(sorted(p.name for p in _provinces()))
    raise RegistryError(f"Không có tỉnh/thành phố “{name}”. Các tỉnh/thành phố: {known}")


def province_names() -> list[str]:
    return sorted((province_display_name(p) for p in _provinces()), key=fold)


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
