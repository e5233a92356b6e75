"""Checks over submissions: the schema's rules, the list sheet, units, periods, dates, and batch-wide
comparisons. Each check returns Issues; nothing here raises for a problem the user can fix.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from desktop.forms import Form
from desktop.issues import RULE, Issue, make_issue, raises
from desktop.periods import Period, format_date, parse_date, parse_period
from desktop.rules import Code
from desktop.submission import Submission
from desktop.units import Registry, Unit
from desktop.vntext import fold, format_number

YOY_MIN_PREVIOUS = 5
YOY_MAX_RISE = 3.0  # +300 %
YOY_MAX_FALL = -0.75  # -75 %
OUTLIER_MIN_UNITS = 8
OUTLIER_MIN_VALUE = 20


@raises(RULE, "text_not_summed")
def check_rules(sub: Submission, form: Form, unit: str | None = None) -> Iterator[Issue]:
    """The schema's rules on every value column the unit filled (R13: the previous-year column too)."""
    from desktop.rules import evaluate

    said: set[tuple[str, str]] = set()  # text cells already pointed at
    rows = [r.values for r in sub.list_rows] if sub.list_rows is not None else None
    yield from _check_column_rules(sub, form, unit)
    for column in form.value_columns:
        if column in form.indicator_sheet.optional and not sub.filled(column):
            continue
        values = sub.values(column)
        figures = sub.figures.get(column, {})
        for rule in form.rules:
            if rule.columns is not None and column not in rule.columns or rule.parsed.columns:
                continue
            outcome = evaluate(rule.parsed, values, rows)
            if outcome is None or outcome.passed:
                continue
            left_code = next(iter(sorted(rule.parsed.codes)), None)
            anchor = _anchor(rule.parsed, figures) or (figures.get(left_code) if left_code else None)
            column_name = form.indicator_sheet.value_columns[column]
            suffix = "" if column == form.main_column else f" (cột “{column_name}”)"
            suffix_en = "" if column == form.main_column else f" (column “{column_name}”)"
            yield make_issue(
                rule.id,
                rule.severity,
                file=sub.path,
                sheet=anchor.sheet if anchor else sub.sheet,
                cell=anchor.cell if anchor else None,
                unit=unit,
                value=outcome.left,
                templates=(rule.message + suffix, (rule.message_en or rule.message) + suffix_en),
                left=format_number(outcome.left),
                right=format_number(outcome.right),
            )
            # a part typed as text: the tool reads it, Excel's total formula leaves it out
            totals = [t.code for _, t in rule.parsed.left.terms if isinstance(t, Code) and t.code]
            parts = [t.code for _, t in rule.parsed.right.terms if isinstance(t, Code) and t.code]
            for code in parts if len(totals) == 1 else ():
                part = figures.get(code)
                if part is None or part.value is None or not isinstance(part.raw, str):
                    continue
                if (part.sheet, part.cell) in said:
                    continue
                said.add((part.sheet, part.cell))
                yield make_issue(
                    "text_not_summed",
                    "warning",
                    file=sub.path,
                    sheet=part.sheet,
                    cell=part.cell,
                    unit=unit,
                    value=part.raw,
                    code=code,
                    text=str(part.raw)[:60],
                    total=totals[0],
                )


@raises(RULE)
def _check_column_rules(sub: Submission, form: Form, unit: str | None) -> Iterator[Issue]:
    """Rules that name value columns themselves (`[05@nam]`), and row rules checked on each code
    (`[@tong] == [@nam] + [@nu]`); a column no value was entered in is not checked."""
    from desktop.rules import evaluate

    wanted = [rule for rule in form.rules if rule.parsed.columns]
    if not wanted:
        return
    values: dict[str, int | None] = {}
    figures = {}
    for column in form.value_columns:
        if column in form.indicator_sheet.optional and not sub.filled(column):
            continue
        for code, figure in sub.figures.get(column, {}).items():
            values[f"{code}@{column}"] = figure.value
            figures[f"{code}@{column}"] = figure
    for rule in wanted:
        parsed = rule.parsed
        for code in (rule.rows or form.codes) if parsed.per_row else [None]:
            checked = parsed.for_code(code) if code else parsed
            outcome = evaluate(checked, values)
            if outcome is None or outcome.passed:
                continue
            first = checked.left.terms[0][1]
            anchor = figures.get(f"{getattr(first, 'code', '')}@{getattr(first, 'column', '')}")
            yield make_issue(
                rule.id,
                rule.severity,
                file=sub.path,
                sheet=anchor.sheet if anchor else sub.sheet,
                cell=anchor.cell if anchor else None,
                unit=unit,
                value=outcome.left,
                templates=(rule.message, rule.message_en or rule.message),
                left=format_number(outcome.left),
                right=format_number(outcome.right),
                code=code or "",
            )


def _anchor(rule, figures):
    """The cell a rule's message points at: the first code on its left side."""
    for _, term in rule.left.terms:
        code = getattr(term, "code", None)
        if code and code in figures:
            return figures[code]
    for _, term in rule.right.terms:
        code = getattr(term, "code", None)
        if code and code in figures:
            return figures[code]
    return None


@raises("list_missing", "list_not_allowed", "list_required", "list_year")
def check_list(sub: Submission, form: Form, year: int | None, unit: str | None = None) -> Iterator[Issue]:
    """The list sheet's rows: required cells, values from the allowed lists, plausible years."""
    spec = form.list_sheet
    if spec is None or not sub.recognised:
        return
    if sub.list_rows is None:
        yield make_issue(
            "list_missing", "warning", file=sub.path, unit=unit, list_name=spec.name, title=spec.title or spec.item
        )
        return
    allowed = {c.key: {fold(a) for a in c.allowed} for c in spec.columns if c.allowed}
    high = year or date.today().year

    def where(row, column, value) -> dict:  # built only for a row that has a problem: lists run to 100,000 rows
        return {
            "file": sub.path,
            "sheet": sub.list_sheet,
            "cell": row.cells.get(column.key),
            "unit": unit,
            "value": value,
            "list_name": spec.name,
            "row": row.row,
            "column": column.header,
        }

    for row in sub.list_rows:
        for column in spec.columns:
            value = row.values.get(column.key)
            if value is None or value == "":
                if column.required:
                    yield make_issue("list_required", "warning", **where(row, column, value))
                continue
            if column.key in allowed and fold(str(value)) not in allowed[column.key]:
                yield make_issue(
                    "list_not_allowed",
                    "warning",
                    **where(row, column, value),
                    text=value,
                    allowed=", ".join(column.allowed),
                )
            if column.kind == "year":
                low = column.min or 1900
                number = _int_or_none(value)
                if number is None or not low <= number <= high:
                    yield make_issue("list_year", "warning", **where(row, column, value), text=value, min=low, max=high)


def _int_or_none(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    return int(text) if text.isdigit() else None


@raises("unit_code_mismatch", "unit_missing", "unit_place_elsewhere", "unit_unknown")
def resolve_unit(sub: Submission, registry: Registry | None) -> tuple[Unit | None, list[Issue]]:
    """The registry unit a submission reports for: by code when given, else by name."""
    name_cell = sub.labels.get("unit_name")
    code_cell = sub.labels.get("unit_code")
    name = str(name_cell.value).strip() if name_cell and name_cell.value is not None else ""
    code = code_cell.value if code_cell and code_cell.value not in (None, "") else sub.meta.get("unit_code")
    where = {
        "file": sub.path,
        "sheet": name_cell.sheet if name_cell else sub.sheet,
        "cell": name_cell.cell if name_cell else None,
    }
    if not name and not code:  # with or without a registry: a file of no unit is never counted unsaid
        return None, [make_issue("unit_missing", "error", **where)]
    if registry is None:
        return (Unit(str(code or ""), name) if name else None), []
    found = registry.match(name or None, code)
    if found.unit is None:
        suggestions = ", ".join(found.suggestions)
        return None, [
            make_issue(
                "unit_unknown",
                "error",
                **where,
                unit=name or None,
                value=name or code,
                name=name or code,
                registry=registry.name,
                suggestions=f". Có phải: {suggestions}?" if suggestions else "",
                suggestions_en=f". Did you mean: {suggestions}?" if suggestions else "",
            )
        ]
    issues = []
    if found.name_disagrees:
        issues.append(
            make_issue(
                "unit_code_mismatch",
                "warning",
                **where,
                unit=found.unit.name,
                value=name,
                name=name,
                code=code,
                code_name=found.unit.name,
            )
        )
    if found.other_province:
        issues.append(
            make_issue(
                "unit_place_elsewhere",
                "warning",
                **where,
                unit=found.unit.name,
                value=name,
                place=found.other_province,
                registry=registry.name,
                unit_name=found.unit.name,
            )
        )
    return found.unit, issues


@raises("period_missing", "period_unparsed")
def resolve_period(sub: Submission, unit: str | None = None, *, label: str) -> tuple[Period | None, list[Issue]]:
    """The period the file states (label, else `_meta`); `label` is the form's period label, for the message."""
    located = sub.labels.get("period")
    text = located.value if located else sub.meta.get("period")
    if text in (None, "") and not label.strip():  # a form with no period line: the batch's period applies
        return None, []
    if text in (None, ""):
        return None, [make_issue("period_missing", "error", file=sub.path, sheet=sub.sheet, unit=unit, label=label)]
    period = parse_period(text)
    if period is None and fold(label).startswith("nam"):  # "Năm báo cáo: 2026": the label names the year
        period = parse_period(f"Năm {int(text) if isinstance(text, float) and text.is_integer() else text}")
    if period is None:
        return None, [
            make_issue(
                "period_unparsed",
                "error",
                file=sub.path,
                sheet=located.sheet if located else None,
                cell=located.cell if located else None,
                unit=unit,
                value=text,
                text=text,
            )
        ]
    return period, []


@raises("date_mismatch", "date_unparsed")
def check_dates(sub: Submission, form: Form, period: Period, unit: str | None = None) -> Iterator[Issue]:
    """`Từ ngày`/`Đến ngày` should match the period (police or calendar convention): a warning if not."""
    accepted = [period.police_dates, period.calendar_dates]
    for index, key in enumerate(("date_from", "date_to")):
        located = sub.labels.get(key)
        if located is None or located.value in (None, ""):
            continue
        label = getattr(form.labels, key)
        where = {
            "file": sub.path,
            "sheet": located.sheet,
            "cell": located.cell,
            "unit": unit,
            "value": located.value,
            "label": label,
        }
        found = parse_date(located.value)
        if found is None:
            yield make_issue("date_unparsed", "warning", **where, found=located.value)
        elif found not in {pair[index] for pair in accepted}:
            yield make_issue(
                "date_mismatch",
                "warning",
                **where,
                found=format_date(found),
                period=period.label,
                expected=format_date(period.police_dates[index]),
            )


@raises("yoy_change")
def check_year_on_year(sub: Submission, form: Form, unit: str | None = None) -> Iterator[Issue]:
    """A change beyond +300 % or -75 % against last year, where last year's figure is at least 5."""
    if "previous" not in sub.figures or not sub.filled("previous"):
        return
    if form.main_column == "previous":
        return
    for code, current in sub.figures.get(form.main_column, {}).items():
        previous = sub.figures["previous"].get(code)
        if current.value is None or previous is None or previous.value is None:
            continue
        if previous.value < YOY_MIN_PREVIOUS:
            continue
        change = (current.value - previous.value) / previous.value
        if change > YOY_MAX_RISE or change < YOY_MAX_FALL:
            yield make_issue(
                "yoy_change",
                "warning",
                file=sub.path,
                sheet=current.sheet,
                cell=current.cell,
                unit=unit,
                value=current.value,
                code=code,
                change=f"{change * 100:+.0f}%".replace(".", ","),
                previous=format_number(previous.value),
                current=format_number(current.value),
            )


@dataclass(frozen=True)
class Spread:
    """A code's figures over the batch: above `limit` (Q3 + 3·IQR) is unusual; most units lie from `low`
    to `high` (the 10th to the 90th percentile), which is what the message tells the clerk."""

    limit: float
    low: float
    high: float


def outlier_limits(values_by_unit: Sequence[dict[str, int | None]], codes: Sequence[str]) -> dict[str, Spread]:
    """Per code, the spread of the batch's units (only with enough units to mean something).

    Quartiles by linear interpolation between the closest ranks ("inclusive", as numpy's default)."""
    if len(values_by_unit) < OUTLIER_MIN_UNITS:
        return {}
    limits = {}
    for code in codes:
        column = [v[code] for v in values_by_unit if v.get(code) is not None]
        if len(column) < OUTLIER_MIN_UNITS:
            continue
        cuts = statistics.quantiles(column, n=20, method="inclusive")  # every 5 %
        low, q1, q3, high = cuts[1], cuts[4], cuts[14], cuts[17]
        limits[code] = Spread(float(q3 + 3 * (q3 - q1)), float(low), float(high))
    return limits


BLANK_NOTES = frozenset({"blank_as_zero", "formula_computed", "formula_no_value"})  # said once by blank_form


def is_blank_form(sub: Submission, form: Form) -> bool:
    """A template sent back as it went out: no figure typed in the main column, no list row."""
    figures = sub.figures.get(form.main_column, {})
    # a cell holding a formula without a cached value (computed by the form or not) is not one left empty
    computed = {(i.sheet, i.cell) for i in sub.issues if i.check in ("formula_computed", "formula_no_value")}
    entries = [
        f
        for code, f in figures.items()
        if code in form.by_code and not form.by_code[code].formula and (f.sheet, f.cell) not in computed
    ]
    return bool(entries) and all(f.raw in (None, "") for f in entries) and not sub.list_rows


@raises("blank_form")
def check_blank_form(sub: Submission, form: Form, unit: str | None = None) -> Iterator[Issue]:
    if is_blank_form(sub, form):
        column = form.indicator_sheet.value_columns[form.main_column]
        yield make_issue("blank_form", "warning", file=sub.path, sheet=sub.sheet, unit=unit, column=column)


@raises("outlier")
def check_outlier(
    sub: Submission, limits: dict[str, Spread], unit: str | None = None, *, column: str
) -> Iterator[Issue]:
    """Figures of the value column `column` (the form's main one) beyond the batch's limits."""
    for code, figure in sub.figures.get(column, {}).items():
        spread = limits.get(code)
        if spread is None or figure.value is None:
            continue
        if figure.value >= OUTLIER_MIN_VALUE and figure.value > spread.limit:
            yield make_issue(
                "outlier",
                "info",
                file=sub.path,
                sheet=figure.sheet,
                cell=figure.cell,
                unit=unit,
                value=figure.value,
                code=code,
                found=format_number(figure.value),
                low=format_number(round(spread.low)),
                high=format_number(round(spread.high)),
                limit=format_number(round(spread.limit)),
            )
