"""Realistic demo data: unit workbooks for real communes of a real province, a few with the problems
clerks really make, so that a first run shows what the tool does.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from desktop.forms import Form
from desktop.io.formsheet import Header
from desktop.io.template import write_unit_workbook
from desktop.periods import Period, format_date
from desktop.units import Registry, Unit
from desktop.vntext import format_number

MODEL_NAMES = [
    "Camera an ninh",
    "Kết nối Zalo - Bình yên cuộc sống",
    "Con đường CCB tự quản",
    "Nhà trọ an toàn cho phụ nữ và trẻ em",
    "Tổ tự quản an ninh trật tự",
    "Khu dân cư an toàn về ANTT",
    "Dòng họ không có người vi phạm pháp luật",
    "Tổ hòa giải ở cơ sở",
    "Chợ an toàn về ANTT",
    "Trường học an toàn về ANTT",
    "Đường sáng - Ngõ an toàn",
    "Tiếng kẻng an ninh",
    "Phụ nữ tham gia giữ gìn ANTT",
    "Thanh niên xung kích tuần tra",
]
FORCES = ["Công an", "MTTQ", "Hội CCB", "Hội LHPN", "Hội Nông dân", "Đoàn Thanh niên", "Khác"]
AREAS = ["Thôn", "Khu phố", "Tổ dân phố", "Bản"]


def unit_figures(rng: random.Random, unit: Unit) -> dict[str, int]:
    """Plausible figures for one unit for one quarter; wards are a little busier than communes."""
    scale = 1.4 if unit.kind == "phường" else 1.0

    def n(low: int, high: int) -> int:
        return int(rng.randint(low, high) * scale)

    v: dict[str, int] = {}
    v["01"] = n(5, 40)
    v["02"] = v["01"] * rng.randint(40, 150)
    v["03"] = n(0, 4)
    v["04"] = n(2, 30)
    v["05"] = n(1, 10)
    v["06"] = n(1, 6)
    v["07"] = v["06"] * rng.randint(100, 400)
    v["08"] = n(1, 5)
    v["09"] = v["08"] * rng.randint(150, 600)
    v["10"] = n(1, 8)
    v["11"] = v["10"] * rng.randint(40, 120)
    v["12"] = n(0, 4)
    v["13"] = rng.randint(0, v["12"])
    v["14"] = n(0, 5)
    v["15"] = n(0, 3)
    v["16"] = v["12"] + rng.randint(4, 30)
    v["17"] = n(3, 20)
    v["18"] = n(10, 200)
    v["19"] = n(10, 120)
    v["20"] = int(v["19"] * rng.uniform(0.3, 0.7))
    v["21"] = int(v["19"] * rng.uniform(0.1, 0.4))
    v["22"] = n(2, 30)
    v["23"] = n(0, 10)
    v["24"] = n(1, 6)
    v["25"] = v["24"] * rng.randint(20, 60)
    v["26"] = n(0, 5)
    v["27"] = n(0, 12)
    v["28"] = v["26"] + v["27"]
    return v


def previous_figures(rng: random.Random, current: dict[str, int]) -> dict[str, int]:
    previous = {code: int(value * rng.uniform(0.75, 1.25)) for code, value in current.items()}
    previous["13"] = min(previous["13"], previous["12"])
    previous["16"] = max(previous["16"], previous["12"])
    previous["20"] = min(previous["20"], previous["19"])
    previous["21"] = min(previous["21"], previous["19"])
    previous["28"] = previous["26"] + previous["27"]
    return previous


def model_rows(rng: random.Random, count: int, new: int, year: int) -> list[dict[str, Any]]:
    rows = []
    for index in range(count):
        status = "Xây dựng mới" if index < new else rng.choice(["Củng cố", "Nhân rộng", "Duy trì"])
        rows.append(
            {
                "name": rng.choice(MODEL_NAMES),
                "area": f"{rng.choice(AREAS)} {rng.randint(1, 15)}",
                "force": rng.choice(FORCES),
                "year": year if status == "Xây dựng mới" else rng.randint(2015, year - 1),
                "status": status,
            }
        )
    return rows


def write_unit(
    path: Path,
    form: Form,
    unit: Unit,
    period: Period,
    figures: dict[str, Any],
    previous: dict[str, Any] | None,
    rows: list[dict[str, Any]],
    *,
    name: str | None = None,
    issuer: str = "BAN CHỈ ĐẠO 138",
    created: datetime | None = None,
) -> Path:
    start, end = period.police_dates
    header = Header(name or unit.name, unit.code, period.label, format_date(start), format_date(end), issuer)
    values = {"current": figures, "previous": previous or {}}
    return write_unit_workbook(path, form, header, values, rows, created=created)


def make_demo_files(
    out: Path, form: Form, registry: Registry, period: Period, *, count: int = 30, seed: int = 2026
) -> list[Path]:
    """About `count` unit workbooks in `out`; the last few carry deliberate problems."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    units = rng.sample(registry.units, min(count, len(registry.units)))
    paths = []
    for index, unit in enumerate(units):
        figures = unit_figures(rng, unit)
        previous = previous_figures(rng, figures)
        rows = model_rows(rng, figures["16"], figures["12"], period.year)
        name, stem = unit.name, f"{index + 1:02d} {unit.name}"
        problem = count - index  # the last units get the problems
        if problem == 1:  # valuable tips exceed all tips: an error (R07)
            figures["20"] = figures["19"] + 25
        elif problem == 2:  # approximate text typed instead of a figure: an error naming the cell
            figures["07"] = "hơn 5.000"
        elif problem == 3:  # a name the registry doesn't know, and no unit code to go by
            name, unit = unit.name + " mới", Unit("", unit.name + " mới", unit.kind)
        elif problem == 4:  # a number typed as text with dot thousands: read, with a note
            figures["02"] = format_number(figures["02"])
        elif problem == 5:  # the list doesn't match code 16: a warning (R12)
            rows = rows[:-2]
        elif problem == 6:  # a wrong period
            stem += " (quý trước)"
        elif problem == 7:  # an implausible jump against last year: a warning
            figures["18"] = previous["18"] * 6 + 30
        path = out / f"{stem}.xlsx"
        unit_period = Period(period.year, period.kind, max(1, period.index - 1)) if problem == 6 else period
        write_unit(path, form, unit, unit_period, figures, previous, rows, name=name)
        paths.append(path)
        if index == 0:
            first_figures, first_previous, first_rows = figures, previous, rows
    # the same unit sent twice: an older draft and the corrected newer file, which counts by default
    draft = dict(first_figures)
    draft["01"] += 3
    older = out / f"01 {units[0].name} (bản nháp cũ).xlsx"
    write_unit(
        older, form, units[0], period, draft, first_previous, first_rows, created=datetime.now() - timedelta(days=7)
    )
    paths.append(older)
    (out / f"~$01 {units[0].name}.xlsx").write_bytes(b"Excel lock file")
    return paths
