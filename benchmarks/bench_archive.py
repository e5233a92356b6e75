"""How long the archive takes: storing a province's period, a year's roll-up, last year's lookup, the trend.

python benchmarks/bench_archive.py [UNITS]      (default 166, Thanh Hóa's communes and wards)

Twelve monthly periods of UNITS units (28 codes x 2 value columns and 20 list rows each) are stored one
period a transaction, then "Năm 2026" is rolled up from the months (no quarters archived: the slowest path).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.archive import Archive, Record  # noqa: E402
from desktop.forms import load_form  # noqa: E402
from desktop.lastyear import last_year  # noqa: E402
from desktop.periods import Period  # noqa: E402
from desktop.rollup import roll_up  # noqa: E402
from desktop.trend import trend  # noqa: E402


def records(form, period: Period, units: int, rng: random.Random) -> list[Record]:
    return [
        Record(
            form.id,
            form.version,
            period,
            f"{10000 + u}",
            f"Xã {u}",
            f"Xã {u} {period.label.replace('/', '-')}.xlsx",
            "0" * 64,
            "Biểu 01",
            values={col: {code: rng.randint(0, 500) for code in form.codes} for col in form.value_columns},
            cells={col: {code: f"E{16 + i}" for i, code in enumerate(form.codes)} for col in form.value_columns},
            list_rows=[{"name": f"Mô hình {n}", "area": "Thôn 1"} for n in range(20)],
        )
        for u in range(units)
    ]


def timed(label: str, fn):
    started = time.perf_counter()
    result = fn()
    print(f"{label:52s} {(time.perf_counter() - started) * 1000:8.0f} ms")
    return result


def main(units: int) -> None:
    form = load_form()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "archive.sqlite"
        with Archive(path) as archive:
            for year in (2025, 2026):
                batches = [records(form, Period(year, "month", m), units, rng) for m in range(1, 13)]
                started = time.perf_counter()
                for batch in batches:
                    archive.add(batch)
                each = (time.perf_counter() - started) / 12 * 1000
                print(f"store one month of {units} units ({year}), one transaction each   {each:8.0f} ms")
            timed(f"store the same month again (replaces {units} units)", lambda: archive.add(batches[0]))
            rollup = timed("roll up Năm 2026 from 12 months", lambda: roll_up(archive, form, Period(2026, "year")))
            assert len(rollup.units) == units and not rollup.missing
            timed("the same again (pandas already imported)", lambda: roll_up(archive, form, Period(2026, "year")))
            timed("last year (Năm 2025, rolled up)", lambda: last_year(archive, form, Period(2026, "year")))
            timed("trend of 4 indicators", lambda: trend(archive, form, Period(2026, "month", 12)))
            timed(f"read one month back ({units} records)", lambda: archive.records(form.id, Period(2026, "month", 6)))
        print(f"archive file: {path.stat().st_size / 1e6:.1f} MB for {24 * units} submissions")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 166)
