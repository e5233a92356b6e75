"""Trend: key indicators over the last archived periods of the same kind (the `Diễn biến` sheet).

The batch being consolidated is the last point; the archive gives the ones before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.archive import Archive, period_order
from desktop.periods import Period

if TYPE_CHECKING:
    from desktop.forms import Form

POINTS = 8


@dataclass(frozen=True)
class Trend:
    periods: list[Period]
    codes: list[str]
    values: dict[str, list[int | None]]  # code -> one value per period
    units: list[int]  # units counted per period


def key_codes(form: Form) -> list[str]:
    """The codes the form charts (its `charts`), else its first four."""
    codes = list(dict.fromkeys(c.code for c in form.charts if c.code))
    return codes or form.codes[:4]


def trend(
    archive: Archive,
    form: Form,
    period: Period,
    current: dict[str, int] | None = None,
    units_now: int = 0,
    *,
    codes: list[str] | None = None,
    points: int = POINTS,
) -> Trend:
    """The last `points` periods of `period`'s kind up to `period` (this batch's totals as the last)."""
    codes = codes or key_codes(form)
    by_code = {code: {p: (v, n) for p, v, n in archive.history(form.id, code, kind=period.kind)} for code in codes}
    periods = {p for history in by_code.values() for p in history if period_order(p) < period_order(period)}
    chosen = sorted(periods, key=period_order)[-(points - 1 if current is not None else points) :]
    if current is not None:
        chosen.append(period)
    values = {}
    for code in codes:
        row = [by_code[code].get(p, (None, 0))[0] for p in chosen]
        if current is not None:
            row[-1] = current.get(code)
        values[code] = row
    units = [max((by_code[c].get(p, (None, 0))[1] for c in codes), default=0) for p in chosen]
    if current is not None:
        units[-1] = units_now
    return Trend(chosen, codes, values, units)
