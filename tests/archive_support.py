"""Unit workbooks of several periods, consolidated and archived as an office would over a year."""

from __future__ import annotations

import random
from pathlib import Path

from desktop.archive import Archive, records_from_report
from desktop.demo import model_rows, previous_figures, unit_figures, write_unit
from desktop.forms import load_form
from desktop.periods import Period, parse_period
from desktop.pipeline import run_batch
from desktop.units import Registry, Unit

FORM = load_form()
UNITS = [
    Unit("20001", "Xã Quý Lộc", "xã"),
    Unit("20002", "Phường Ba Đình", "phường"),
    Unit("20003", "Xã Yên Trường", "xã"),
]
REGISTRY = Registry("Tỉnh Thử Nghiệm", list(UNITS))


def figures_for(unit: Unit, period: Period, seed: int = 0) -> tuple[dict[str, int], dict[str, int], list]:
    """Figures passing every rule of the form, different for each unit, period and seed."""
    rng = random.Random(f"{unit.code}-{period.label}-{seed}")
    figures = unit_figures(rng, unit)
    previous = previous_figures(rng, figures)
    rows = model_rows(rng, figures["16"], figures["12"], period.year)
    return figures, previous, rows


def write_batch(
    folder: Path, period: Period | str, units=UNITS, seed: int = 0, previous: dict | None = None
) -> dict[str, dict[str, int]]:
    """One workbook per unit in `folder`; returns each unit's current figures by unit code."""
    period = parse_period(period) if isinstance(period, str) else period
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for unit in units:
        figures, last_year, rows = figures_for(unit, period, seed)
        if previous and unit.code in previous:
            last_year = previous[unit.code]
        name = f"{unit.name} {period.label.replace('/', '-')}{' v' + str(seed) if seed else ''}.xlsx"
        write_unit(folder / name, FORM, unit, period, figures, last_year, rows)
        written[unit.code] = figures
    return written


def archive_batch(folder: Path, period: Period | str, archive_file: Path | None = None):
    """Consolidate a folder and store it, as `consolidate --archive` does."""
    period = parse_period(period) if isinstance(period, str) else period
    report = run_batch([folder], FORM, REGISTRY, period_text=period.label, workers=1)
    with Archive(archive_file) as archive:
        stored = archive.add(records_from_report(report))
    return report, stored
