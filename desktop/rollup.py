"""Roll-ups: a longer period built from the archived shorter ones (months -> quarter, quarters -> 6 or 9
months and the year).

Per unit, each quarter of the period comes from the unit's archived quarter, or else from its three
archived months; `flow` indicators are summed over the parts, `stock` indicators take the latest part's
value (DHIS2's "last value"). A unit missing a part is listed with the parts it lacks and left out of
the total, never counted as zero. Police months (15th to 14th) and calendar months both chain: a
quarter is its three months either way; parts whose stated dates leave a gap or overlap are warned of.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from desktop.archive import Archive, Record, unit_key
from desktop.issues import Issue, make_issue, raises
from desktop.periods import Period, parse_date
from desktop.vntext import fold

if TYPE_CHECKING:
    from desktop.forms import Form
    from desktop.report import BatchReport
    from desktop.units import Registry


class RollupError(Exception):
    """The period cannot be rolled up (a month has no shorter parts); a Vietnamese sentence."""


@dataclass(frozen=True)
class Part:
    period: Period
    file_name: str
    sha256: str


@dataclass(frozen=True)
class UnitTotal:
    unit_code: str
    unit_name: str
    values: dict[str, dict[str, int | None]]  # value column -> code -> rolled-up figure
    cells: dict[str, dict[str, str]]  # value column -> code -> where it was read in the parts
    parts: list[Part]
    list_rows: list[dict]
    sheet: str = ""

    @property
    def source(self) -> str:
        """The parts' files, each after its period ("Quý I năm 2026": the writer reads "/" as a folder)."""
        return "; ".join(f"{p.period.label.replace('/', ' năm ')}: {p.file_name}" for p in self.parts)


@dataclass(frozen=True)
class Missing:
    unit_name: str
    unit_code: str
    periods: list[Period]  # the parts the unit lacks
    have: list[Period] = field(default_factory=list)


@dataclass
class Rollup:
    form: Form
    period: Period
    units: list[UnitTotal]
    missing: list[Missing]
    warnings: list[Issue] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, dict[str, int]]:
        return {
            column: {code: sum(u.values.get(column, {}).get(code) or 0 for u in self.units) for code in self.form.codes}
            for column in self.form.value_columns
        }


def parts_of(period: Period) -> list[tuple[Period, list[Period]]]:
    """The quarters of a longer period (each with its months), or the months of a quarter."""
    first, last = period.months
    if period.kind == "month":
        raise RollupError(f"Không cộng dồn được kỳ {period.label}: tháng là kỳ ngắn nhất")
    if period.kind == "quarter":
        return [(Period(period.year, "month", m), []) for m in range(first, last + 1)]
    quarters = range((first + 2) // 3, last // 3 + 1)
    return [
        (Period(period.year, "quarter", q), [Period(period.year, "month", m) for m in range(3 * q - 2, 3 * q + 1)])
        for q in quarters
    ]


def roll_up(archive: Archive, form: Form, period: Period, registry: Registry | None = None) -> Rollup:
    """The period's figures per unit from the archive's counted submissions of its parts."""
    plan = parts_of(period)
    wanted = [p for main, alternatives in plan for p in (main, *alternatives)]
    by_unit: dict[str, dict[Period, Record]] = defaultdict(dict)
    names: dict[str, tuple[str, str]] = {}
    for part in wanted:
        for record in archive.records(form.id, part, counted_only=True, lists=False):
            by_unit[record.unit_key][part] = record
            names[record.unit_key] = (record.unit_code, record.unit_name)
    if registry is not None:
        for unit in registry.units:
            names.setdefault(unit_key(unit.code, unit.name), (unit.code, unit.name))
    order = {unit_key(u.code, u.name): i for i, u in enumerate(registry.units)} if registry else {}
    keys = sorted(names, key=lambda k: (order.get(k, len(order)), fold(names[k][1])))
    units, missing, warnings = [], [], []
    chosen: dict[str, list[Record]] = {}
    for key in keys:
        held = by_unit.get(key, {})
        used, lacking = [], []
        for main, alternatives in plan:
            if main in held:
                used.append(held[main])
            elif alternatives and all(m in held for m in alternatives):
                used.extend(held[m] for m in alternatives)
            elif alternatives and any(m in held for m in alternatives):
                lacking.extend(m for m in alternatives if m not in held)
            else:
                lacking.append(main)
        code, name = names[key]
        if lacking:
            missing.append(Missing(name, code, lacking, [r.period for r in used]))
            continue
        chosen[key] = used
        warnings.extend(_boundary_warnings(name, used))
    frame_totals = _aggregate(form, chosen)
    for key, used in chosen.items():
        code, name = names[key]
        latest = used[-1]
        units.append(
            UnitTotal(
                code,
                name,
                frame_totals.get(key, {}),
                _cells(form, used),
                [Part(r.period, r.file_name, r.sha256) for r in used],
                archive.list_rows(latest.id),  # the list is of what is active at the end: the latest part's
                latest.sheet,
            )
        )
    return Rollup(form, period, units, missing, warnings)


def _aggregate(form: Form, chosen: dict[str, list[Record]]) -> dict[str, dict[str, dict[str, int | None]]]:
    """unit -> column -> code -> figure: flows summed, stocks the latest part's (last value present)."""
    import pandas as pd

    rows = [
        (key, order, column, code, value)
        for key, used in chosen.items()
        for order, record in enumerate(used)
        for column, values in record.values.items()
        for code, value in values.items()
        if code in form.by_code and column in form.value_columns
    ]
    result: dict[str, dict[str, dict[str, int | None]]] = {
        key: {c: dict.fromkeys(form.codes) for c in form.value_columns} for key in chosen
    }
    if not rows:
        return result
    frame = pd.DataFrame(rows, columns=["unit", "order", "column", "code", "value"])
    frame["value"] = frame["value"].astype("Float64")
    kinds = {i.code: i.kind for i in form.indicators}
    frame["kind"] = frame["code"].map(kinds)
    groups = ["unit", "column", "code"]
    flows = frame[frame["kind"] == "flow"].groupby(groups)["value"].sum(min_count=1)
    stocks = frame[frame["kind"] == "stock"].sort_values("order").groupby(groups)["value"].last()
    for series in (flows, stocks):
        for (key, column, code), value in series.items():
            result[key][column][code] = None if pd.isna(value) else int(value)
    return result


def _cells(form: Form, used: list[Record]) -> dict[str, dict[str, str]]:
    """Where each figure was read: one cell when every part has it in the same cell, else per part."""
    cells: dict[str, dict[str, str]] = {}
    for column in form.value_columns:
        for code in form.codes:
            indicator = form.by_code[code]
            parts = used[-1:] if indicator.kind == "stock" else used
            found = [(r.period, r.cells.get(column, {}).get(code, "")) for r in parts]
            found = [(p, c) for p, c in found if c]
            if not found:
                continue
            same = {c for _, c in found}
            text = found[0][1] if len(same) == 1 else "; ".join(f"{_short(p)} {c}" for p, c in found)
            if indicator.kind == "stock" and len(used) > 1:
                text += f" ({_short(used[-1].period)})"
            cells.setdefault(column, {})[code] = text
    return cells


def _short(period: Period) -> str:
    return period.label.split("/")[0] if period.kind in ("month", "quarter") else period.label


@raises("rollup_boundary")
def _boundary_warnings(name: str, used: list[Record]) -> list[Issue]:
    """Parts whose stated dates do not follow one another (a gap or an overlap between two files)."""
    warnings = []
    for before, after in zip(used, used[1:], strict=False):
        end, start = parse_date(before.date_to), parse_date(after.date_from)
        if end is None or start is None or end + timedelta(days=1) == start:
            continue
        warnings.append(
            make_issue(
                "rollup_boundary",
                "warning",
                unit=name,
                unit_name=name,
                before=before.file_name,
                before_period=before.period.label,
                end=before.date_to,
                after=after.file_name,
                after_period=after.period.label,
                start=after.date_from,
            )
        )
    return warnings


# as a consolidated workbook ------------------------------------------------------------------------------


@raises("rollup_missing_part")
def rollup_report(rollup: Rollup, registry: Registry | None = None) -> BatchReport:
    """A BatchReport whose consolidation is the roll-up, for the consolidated-workbook writer."""
    from desktop.consolidate import Consolidation, Status, StatusRow, UnitRow
    from desktop.report import BatchReport, FileResult
    from desktop.units import Unit

    form = rollup.form
    rows, files, status = [], [], []
    for total in rollup.units:
        unit = Unit(total.unit_code, total.unit_name)
        rows.append(UnitRow(unit, total.source, total.sheet, total.values, total.cells))
        files.append(FileResult(total.source, sha256=" ".join(p.sha256 for p in total.parts if p.sha256)))
        parts = ", ".join(p.period.label for p in total.parts)
        status.append(
            StatusRow(total.unit_code, total.unit_name, Status.SUBMITTED, total.source, reason=f"cộng dồn từ {parts}")
        )
    for gap in rollup.missing:
        lacking = ", ".join(p.label for p in gap.periods)
        have = ", ".join(p.label for p in gap.have)
        reason = f"thiếu số liệu {lacking}" + (f" (có {have})" if have else "") + ": không đưa vào tổng"
        status.append(StatusRow(gap.unit_code, gap.unit_name, Status.EXCLUDED, reason=reason))
    decisions = [
        f"Số liệu {rollup.period.label} cộng dồn từ kho lưu trữ: chỉ tiêu phát sinh trong kỳ cộng các kỳ con, "
        "chỉ tiêu thời điểm (đến cuối kỳ) lấy số của kỳ con sau cùng.",
        *(f"{t.unit_name}: {t.source}" for t in rollup.units),
        *(w.message for w in rollup.warnings),
    ]
    list_rows = [{"unit": t.unit_name, **row} for t in rollup.units for row in t.list_rows]
    issues = [
        make_issue(
            "rollup_missing_part",
            "warning",
            unit=gap.unit_name,
            unit_name=gap.unit_name,
            missing=", ".join(p.label for p in gap.periods),
            period=rollup.period.label,
        )
        for gap in rollup.missing
    ]
    issues += rollup.warnings
    area_name, area_code = _area(registry)
    consolidation = Consolidation(form, rollup.period, area_name, area_code, rows, status, list_rows, decisions)
    return BatchReport(form, registry, rollup.period, files, batch_issues=issues, consolidation=consolidation)


def _area(registry: Registry | None) -> tuple[str, str]:
    """The area the total is for, as a batch's consolidation names it."""
    if registry is None:
        return "", ""
    if registry.level == "province":
        return "Toàn quốc", ""
    from desktop.units import find_province

    try:
        return registry.name, str(int(find_province(registry.name).code))
    except Exception:
        return registry.name, ""


def rollup_json(rollup: Rollup) -> dict:
    return {
        "period": rollup.period.label,
        "form": rollup.form.id,
        "totals": rollup.totals,
        "units": [
            {
                "unit": t.unit_name,
                "unit_code": t.unit_code or None,
                "periods": [p.period.label for p in t.parts],
                "files": [p.file_name for p in t.parts],
            }
            for t in rollup.units
        ],
        "missing": [
            {"unit": m.unit_name, "unit_code": m.unit_code or None, "periods": [p.label for p in m.periods]}
            for m in rollup.missing
        ],
        "warnings": [w.message for w in rollup.warnings],
    }
