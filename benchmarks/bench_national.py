"""Hierarchical scale: 34 province workbooks consolidated into one national workbook.

The 3,321 generated unit workbooks (benchmarks/generate.py) are consolidated province by province, each
into its own consolidated workbook (cached under --root); then the 34 province workbooks are read,
checked and consolidated with the national registry, and the national workbook is written: that last
step is timed. The national totals must equal the sum over every unit counted in a province.

    python benchmarks/bench_national.py
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import DEFAULT_ROOT, PERIOD, SEED, generate, province_of  # noqa: E402

ALL_UNITS = 3321


def consolidate_province(province_code: str, files: list[str], out: str) -> dict[str, dict[str, int]]:
    """One province's job, as its office runs it; returns the totals it wrote."""
    from desktop.forms import load_form
    from desktop.io.writer import write_consolidated
    from desktop.pipeline import run_batch
    from desktop.units import province_registry

    report = run_batch(files, load_form(), province_registry(province_code), period_text=PERIOD, workers=1)
    write_consolidated(report, out)
    return report.consolidation.totals


def build_provinces(root: Path, workers: int | None = None) -> tuple[list[Path], dict[str, dict[str, int]]]:
    """The 34 province workbooks for the whole generated country, and the sum of their totals."""
    units = generate(ALL_UNITS, root)
    by_province: dict[str, list[str]] = defaultdict(list)
    province = province_of()
    for path in sorted(units.iterdir()):
        by_province[province[path.name.split()[1]]].append(str(path))
    folder = root / f"provinces-{SEED}"
    folder.mkdir(exist_ok=True)
    codes = sorted(by_province)
    outputs = [folder / f"Tong hop {code}.xlsx" for code in codes]
    cached = folder / "totals.json"
    if cached.exists() and all(o.exists() for o in outputs):
        return outputs, json.loads(cached.read_text())
    started = time.perf_counter()
    with ProcessPoolExecutor(workers or os.cpu_count()) as pool:
        totals = list(pool.map(consolidate_province, codes, [by_province[c] for c in codes], [str(o) for o in outputs]))
    print(f"34 province workbooks written in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    expected = {
        column: {code: sum(t[column][code] for t in totals) for code in totals[0][column]} for column in totals[0]
    }
    cached.write_text(json.dumps(expected))
    return outputs, expected


def consolidate_national(outputs: list[Path], out: Path) -> tuple[dict[str, float], dict[str, dict[str, int]], int]:
    from desktop.forms import load_form
    from desktop.io.writer import write_consolidated
    from desktop.pipeline import run_batch
    from desktop.units import national_registry

    stages = {}
    started = time.perf_counter()
    report = run_batch(outputs, load_form(), national_registry(), period_text=PERIOD)
    stages["read+check+consolidate"] = time.perf_counter() - started
    mark = time.perf_counter()
    write_consolidated(report, out)
    stages["write"] = time.perf_counter() - mark
    stages["total"] = time.perf_counter() - started
    counted = sum(r.counted for r in report.files)
    return stages, report.consolidation.totals, counted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    outputs, expected = build_provinces(args.root)
    runs = []
    for _ in range(args.repeat):
        stages, totals, counted = consolidate_national(outputs, args.root / "Tong hop toan quoc.xlsx")
        runs.append(stages)
        if totals != expected:
            wrong = [
                (col, code) for col in expected for code in expected[col] if totals[col][code] != expected[col][code]
            ]
            raise SystemExit(f"national totals differ from the sum over units at {wrong[:5]}")
    median = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    print(f"34 province workbooks -> national workbook ({counted} provinces counted), medians of {args.repeat} runs:")
    print("  " + ", ".join(f"{k} {v:.2f} s" for k, v in median.items()))
    print(f"  national totals equal the sum over all counted units: [01] = {totals['current']['01']:,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
