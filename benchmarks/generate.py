"""Generate N realistic TDBV-01 unit workbooks for the benchmarks, cached under a folder.

Units are the 3,321 communes and wards of the whole country in a fixed shuffled order, so the set for
N = 100 is the first 100 files of the set for N = 3,321. Each file is written once into `ROOT/pool/`;
`ROOT/nN/` holds hard links to the first N. Files vary the way real ones do: rows inserted above or
inside the table, a note column inserted, renamed and extra sheets, codes typed as numbers, figures
typed as text ("1.855"), no `_meta` sheet, Biểu 02 with 5 to 40 rows, and a few rule violations.

    python benchmarks/generate.py --n 1000 --out /tmp/bench
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.demo import model_rows, previous_figures, unit_figures
from desktop.forms import Form, load_form
from desktop.io.formsheet import Header, Styles, write_form_sheet, write_list_sheet, write_meta_sheet
from desktop.periods import Period, format_date, parse_period
from desktop.units import Registry, Unit

SEED = 2026
PERIOD = "Quý III/2026"
DEFAULT_ROOT = Path("/tmp/bench")


def national_communes() -> Registry:
    """Every commune, ward and special zone of the country (3,321 since 7/2025) as one registry."""
    from vietnam_provinces import Ward

    units = [Unit(str(int(w.code)), w.name, getattr(w.division_type, "value", "")) for w in Ward.iter_all()]
    return Registry("Toàn quốc", units, "commune")


def province_of() -> dict[str, str]:
    """Unit code -> province code, for grouping the national set by province."""
    from vietnam_provinces import Ward

    return {str(int(w.code)): str(int(w.province_code)) for w in Ward.iter_all()}


def ordered_units(seed: int = SEED) -> list[Unit]:
    units = list(national_communes().units)
    random.Random(seed).shuffle(units)
    return units


class Shifted:
    """A worksheet seen through rows and a column inserted: every coordinate written is moved."""

    def __init__(self, ws: Any, inserts: list[tuple[int, int]], col_at: int | None) -> None:
        self.ws, self.inserts, self.col_at = ws, inserts, col_at  # inserts: (before row, how many rows)

    def r(self, row: int) -> int:
        return row + sum(count for at, count in self.inserts if row >= at)

    def c(self, col: int) -> int:
        return col + 1 if self.col_at is not None and col >= self.col_at else col

    def _ref(self, match: re.Match) -> str:
        from desktop.io.ooxml import column_letter

        col = 0
        for ch in match.group(1):
            col = col * 26 + ord(ch) - 64
        return f"{column_letter(self.c(col - 1))}{self.r(int(match.group(2)) - 1) + 1}"

    def __getattr__(self, name: str) -> Any:
        return getattr(self.ws, name)

    def write_string(self, row, col, *args):
        return self.ws.write_string(self.r(row), self.c(col), *args)

    def write_number(self, row, col, *args):
        return self.ws.write_number(self.r(row), self.c(col), *args)

    def write_blank(self, row, col, *args):
        return self.ws.write_blank(self.r(row), self.c(col), *args)

    def write_formula(self, row, col, formula, *args):
        formula = re.sub(r"(?<![A-Z'])([A-Z]{1,2})(\d+)\b", self._ref, formula)
        return self.ws.write_formula(self.r(row), self.c(col), formula, *args)

    def merge_range(self, r1, c1, r2, c2, *args):
        return self.ws.merge_range(self.r(r1), self.c(c1), self.r(r2), self.c(c2), *args)

    def data_validation(self, r1, c1, r2, c2, options):
        return self.ws.data_validation(self.r(r1), self.c(c1), self.r(r2), self.c(c2), options)

    def set_row(self, row, *args):
        return self.ws.set_row(self.r(row), *args)

    def set_column(self, first, last, *args):
        return self.ws.set_column(self.c(first), self.c(last), *args)

    def freeze_panes(self, row, col, *args):
        return self.ws.freeze_panes(self.r(row), self.c(col), *args)

    def repeat_rows(self, first, last=None):
        return self.ws.repeat_rows(self.r(first), self.r(last if last is not None else first))


def variant(rng: random.Random) -> dict[str, Any]:
    """How this file departs from the template, with roughly the frequencies seen in real batches."""
    return {
        "rows_above": rng.choice([0] * 6 + [1, 2, 3]),
        "row_inside": rng.randint(17, 45) if rng.random() < 0.1 else None,
        "note_column": rng.random() < 0.15,
        "sheet_name": rng.choice(["Biểu 01"] * 7 + ["Bieu01", "BC Quý III", "Sheet1"]),
        "list_name": rng.choice(["Biểu 02"] * 8 + ["DS mo hinh", "Sheet2"]),
        "extra_sheet": rng.random() < 0.15,
        "codes_as_numbers": rng.random() < 0.2,
        "text_numbers": rng.random() < 0.1,
        "meta": rng.random() < 0.85,
        "rule_error": rng.random() < 0.02,
    }


def unit_file(index: int, unit: Unit, form: Form, period: Period, seed: int = SEED) -> tuple[dict, dict, list, dict]:
    rng = random.Random(f"{seed}-{index}")
    figures: dict[str, Any] = unit_figures(rng, unit)
    previous = previous_figures(rng, figures)
    count = rng.randint(5, 40)
    figures["12"] = min(figures["12"], count)
    figures["13"] = min(figures["13"], figures["12"])
    figures["16"] = count
    rows = model_rows(rng, count, figures["12"], period.year)
    how = variant(rng)
    if how["rule_error"]:
        figures["20"] = figures["19"] + 3
    if how["text_numbers"]:
        for code in rng.sample([c for c in form.codes if c != "28"], 3):
            value = figures[code]
            figures[code] = f"{value:,}".replace(",", ".") if value >= 1000 else str(value)
    return figures, previous, rows, how


def write_unit_file(path: Path, index: int, unit: Unit, form: Form, period: Period, seed: int = SEED) -> Path:
    figures, previous, rows, how = unit_file(index, unit, form, period, seed)
    start, end = period.police_dates
    header = Header(unit.name, unit.code, period.label, format_date(start), format_date(end), "BAN CHỈ ĐẠO 138")
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"title": form.title, "author": unit.name})
    styles = Styles(workbook)
    sheets = []
    if how["extra_sheet"]:
        sheets.append(workbook.add_worksheet("Hướng dẫn"))
        sheets[-1].write_string(0, 0, "Điền số liệu vào các ô màu vàng; không sửa cột Mã số.")
    raw = workbook.add_worksheet(how["sheet_name"])
    inserts = [(5, how["rows_above"])] + ([(how["row_inside"], 1)] if how["row_inside"] else [])
    ws = Shifted(raw, inserts, 7 if how["note_column"] else None)
    from desktop.io.formsheet import FigureCell

    values = {
        "current": {code: FigureCell(v) for code, v in figures.items()},
        "previous": {code: FigureCell(v) for code, v in previous.items()},
    }
    layout = write_form_sheet(workbook, ws, form, styles, header, values, editable=True)
    if how["rows_above"]:
        raw.write_string(5, 1, "(Kèm theo Công văn số …/BCĐ ngày … của Ban Chỉ đạo)", styles.subtitle)
    if how["note_column"]:
        raw.write_string(ws.r(12), 7, "Ghi chú thêm", styles.th)
    if how["codes_as_numbers"]:
        for code, r in layout.code_rows.items():
            ws.write_number(r, 3, int(code), styles.cell_center)
    if how["row_inside"]:  # a row typed inside the table, without a code
        raw.write_string(
            ws.r(how["row_inside"]) - 1, 1, "Trong đó: số liệu tính đến ngày 14 của tháng cuối kỳ", styles.cell
        )
    raw.write_string(ws.r(layout.last_row) + 2, 1, "Ngày … tháng … năm 2026", styles.italic_center)
    list_ws = workbook.add_worksheet(how["list_name"])
    write_list_sheet(list_ws, form, styles, rows, editable_rows=max(40, len(rows)))
    if how["meta"]:
        write_meta_sheet(workbook, form, unit.code, period.label)
    workbook.close()
    return path


def _write_chunk(pool: str, items: list[tuple[int, Unit]], seed: int) -> int:
    form = load_form()
    period = parse_period(PERIOD)
    for index, unit in items:
        target = Path(pool) / _name(index, unit)
        temporary = target.with_name(f".tmp-{target.name}")
        write_unit_file(temporary, index, unit, form, period, seed)
        os.replace(temporary, target)
    return len(items)


def _name(index: int, unit: Unit) -> str:
    return f"{index:04d} {unit.code} {unit.name}.xlsx"


def generate(n: int, root: Path = DEFAULT_ROOT, *, seed: int = SEED, workers: int | None = None) -> Path:
    """The folder of the first n unit workbooks, generating the ones not yet in the pool."""
    units = ordered_units(seed)[:n]
    if len(units) < n:
        raise SystemExit(f"only {len(units)} units in the national registry")
    pool = root / f"pool-{seed}"
    pool.mkdir(parents=True, exist_ok=True)
    missing = [(i, u) for i, u in enumerate(units) if not (pool / _name(i, u)).exists()]
    if missing:
        started = time.perf_counter()
        workers = workers or os.cpu_count() or 1
        chunks = [missing[i : i + 50] for i in range(0, len(missing), 50)]
        with ProcessPoolExecutor(workers) as executor:
            for _ in executor.map(_write_chunk, [str(pool)] * len(chunks), chunks, [seed] * len(chunks)):
                pass
        print(f"generated {len(missing)} files in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    folder = root / f"n{n}-{seed}"
    folder.mkdir(exist_ok=True)
    wanted = {_name(i, u) for i, u in enumerate(units)}
    for old in folder.iterdir():
        if old.name not in wanted:
            old.unlink()
    for name in wanted:
        link = folder / name
        if not link.exists():
            os.link(pool / name, link)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--workers", type=int)
    args = parser.parse_args(argv)
    print(generate(args.n, args.out, seed=args.seed, workers=args.workers))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
