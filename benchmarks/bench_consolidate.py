"""Time tonghop's whole job against a naive pandas script and the python-calamine read floor.

In one run, on the same generated files (benchmarks/generate.py), each measurement in a fresh process:
  (a) naive: pandas.read_excel(engine="openpyxl") of every sheet of every file, concat, groupby-sum, to_excel
  (b) floor: python-calamine reading every sheet of every file, nothing else
  (c) tonghop: registry, discover, read and check, batch checks and consolidation, write the workbook
  (d) one more file: (c) run on N - 1 files filling the cache, one file added, then (c) again with the cache
      warm (what `tonghop consolidate` costs when the clerk re-runs it as reports trickle in)
It prints seconds per stage, files per second, peak RSS (the process and its children, sampled), and the
ratios (c)/(a) and (c)/(b), as medians over --repeat runs.

    python benchmarks/bench_consolidate.py --n 1000
    python benchmarks/bench_consolidate.py --curve 100,300,1000,3321
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import DEFAULT_ROOT, PERIOD, generate  # noqa: E402


class PeakRss:
    """Peak resident memory of this process and all its descendants, sampled every 10 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _tree_rss(os.getpid()))

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, _tree_rss(os.getpid()))


def _tree_rss(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError):
            continue
    return total


# --- the measurements, each run in its own process -------------------------------------------------


def measure_naive(folder: Path, out: Path) -> dict[str, float]:
    import pandas as pd

    stages: dict[str, float] = {}
    started = time.perf_counter()
    files = sorted(folder.glob("*.xlsx"))
    frames = []
    for path in files:
        sheets = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
        frames.append(_naive_table(sheets, path.name))
    stages["read"] = time.perf_counter() - started
    mark = time.perf_counter()
    table = pd.concat([f for f in frames if f is not None], ignore_index=True)
    totals = table.groupby("code")[["current", "previous"]].sum()
    stages["consolidate"] = time.perf_counter() - mark
    mark = time.perf_counter()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        totals.to_excel(writer, sheet_name="Tổng hợp")
        table.to_excel(writer, sheet_name="Chi tiết", index=False)
    stages["write"] = time.perf_counter() - mark
    stages["total"] = time.perf_counter() - started
    return stages


def _naive_table(sheets, name):
    """The rows under the `Mã số` header of the first sheet that has one: code, current, previous."""
    import pandas as pd

    for frame in sheets.values():
        hits = frame.isin(["Mã số"]).to_numpy().nonzero()
        if len(hits[0]):
            row, col = hits[0][0], hits[1][0]
            body = frame.iloc[row + 2 :, [col, col + 1, col + 2]]
            body.columns = ["code", "current", "previous"]
            body = body[body["code"].notna()].copy()
            body["code"] = body["code"].astype(str).str.zfill(2)
            for column in ("current", "previous"):
                body[column] = pd.to_numeric(body[column], errors="coerce")
            body["file"] = name
            return body
    return None


def measure_floor(folder: Path, out: Path) -> dict[str, float]:
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    cells = 0
    for path in sorted(folder.glob("*.xlsx")):
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            cells += sum(len(row) for row in workbook.get_sheet_by_name(name).to_python())
    elapsed = time.perf_counter() - started
    return {"read": elapsed, "total": elapsed, "cells": cells}


def measure_tonghop(folder: Path, out: Path, workers: int | None = None, cache: bool = False) -> dict[str, float]:
    """The job the `tonghop consolidate` command runs, stage by stage, after its imports."""
    from benchmarks.generate import national_communes
    from desktop.files import discover_files
    from desktop.forms import load_form
    from desktop.io.writer import write_consolidated
    from desktop.pipeline import Pipeline, finish_batch

    stages: dict[str, float] = {}
    started = time.perf_counter()
    form = load_form()
    registry = national_communes()
    stages["setup"] = time.perf_counter() - started
    mark = time.perf_counter()
    files, skipped = discover_files([folder])
    stages["discover"] = time.perf_counter() - mark
    mark = time.perf_counter()
    with Pipeline(form, registry, workers=workers, cache=cache) as pipeline:
        results = list(pipeline.read(files, ordered=True))
    stages["read+check"] = time.perf_counter() - mark
    mark = time.perf_counter()
    report = finish_batch(results, form, registry, period_text=PERIOD, skipped=skipped)
    stages["consolidate"] = time.perf_counter() - mark
    mark = time.perf_counter()
    write_consolidated(report, out)
    stages["write"] = time.perf_counter() - mark
    stages["total"] = time.perf_counter() - started
    stages["counted"] = sum(r.counted for r in report.files)
    return stages


def measure_reader(folder: Path, out: Path) -> dict[str, float]:
    """tonghop's reader alone (read_workbook, no checks), sequential: the reader's own overhead."""
    from desktop.forms import load_form
    from desktop.io.reader import read_workbook

    form = load_form()
    started = time.perf_counter()
    for path in sorted(folder.glob("*.xlsx")):
        read_workbook(path, form)
    elapsed = time.perf_counter() - started
    return {"read": elapsed, "total": elapsed}


def measure_tonghop_one_process(folder: Path, out: Path) -> dict[str, float]:
    """The same job read in this process only: shows what the reading processes bring on this machine."""
    return measure_tonghop(folder, out, workers=1)


def measure_cached(folder: Path, out: Path, workers: int | None = None) -> dict[str, float]:
    """(c) with the cache of TONGHOP_CACHE_DIR, as `tonghop consolidate` runs it."""
    return measure_tonghop(folder, out, workers, cache=True)


def measure_one_more(folder: Path, out: Path, workers: int | None = None) -> dict[str, float]:
    """(c) on all files but one, filling an empty cache; one file added; (c) again, each run a process of its
    own as the clerk's two commands are: the second run is the figure."""
    files = sorted(folder.glob("*.xlsx"))
    with tempfile.TemporaryDirectory(prefix="bench-one-more-") as temporary:
        inputs = Path(temporary) / "inputs"
        inputs.mkdir()
        for path in files[:-1]:
            shutil.copy2(path, inputs / path.name)
        environment = {"TONGHOP_CACHE_DIR": str(Path(temporary) / "cache")}
        first = run("cached", inputs, workers, environment)
        shutil.copy2(files[-1], inputs / files[-1].name)
        again = run("cached", inputs, workers, environment)
    return {**again, "cold+cache fill": first["total"]}


MEASURES = {
    "naive": measure_naive,
    "floor": measure_floor,
    "reader": measure_reader,
    "tonghop1": measure_tonghop_one_process,
    "tonghop": measure_tonghop,
    "onemore": measure_one_more,
    "cached": measure_cached,
}


def _child(kind: str, folder: str, workers: int | None) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-out-") as temporary:
        out = Path(temporary) / "out.xlsx"
        with PeakRss() as rss:
            extra = {"workers": workers} if kind in ("tonghop", "onemore", "cached") else {}
            stages = MEASURES[kind](Path(folder), out, **extra)
        stages["peak_rss_mb"] = rss.peak / 2**20
        stages["cpu"] = sum(
            usage.ru_utime + usage.ru_stime
            for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
        )
        stages["output_kb"] = out.stat().st_size / 1024 if out.exists() else 0
    print(json.dumps(stages))


def run(kind: str, folder: Path, workers: int | None = None, environment: dict | None = None) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", kind, "--folder", str(folder)]
    if workers:
        command += ["--workers", str(workers)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env={**os.environ, **(environment or {})})
    if done.returncode:
        raise SystemExit(f"{kind} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


SKIP = ("total", "peak_rss_mb", "output_kb", "cells", "counted", "cpu")

# --- reporting ------------------------------------------------------------------------------------


def _warm(folder: Path) -> None:
    for path in folder.iterdir():
        path.read_bytes()


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def compare(n: int, root: Path, repeat: int, kinds: list[str], workers: int | None) -> dict[str, dict[str, float]]:
    folder = generate(n, root)
    _warm(folder)
    runs: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
    for index in range(repeat):
        for kind in kinds:  # interleaved, so that the machine's noise hits every kind alike
            runs[kind].append(run(kind, folder, workers))
            print(f"  run {index + 1}/{repeat} {kind}: {runs[kind][-1]['total']:.2f} s", file=sys.stderr)
    return {kind: medians(r) for kind, r in runs.items()}


def print_table(n: int, result: dict[str, dict[str, float]]) -> None:
    names = {
        "naive": "(a) naive pandas+openpyxl",
        "floor": "(b) calamine read floor",
        "reader": "    tonghop reader alone, 1 process",
        "tonghop1": "    tonghop whole job, 1 process",
        "tonghop": "(c) tonghop whole job",
        "onemore": "(d) one more file, cache warm",
        "cached": "    tonghop whole job, cache on",
    }
    print(f"\nN = {n} files (medians)")
    print(f"{'':38} {'seconds':>8} {'files/s':>8} {'peak RSS':>9} {'CPU s':>7}  stages (s)")
    for kind, stages in result.items():
        detail = ", ".join(f"{k} {v:.2f}" for k, v in stages.items() if k not in SKIP)
        total = stages["total"]
        print(
            f"{names[kind]:38} {total:8.2f} {n / total:8.0f} {stages['peak_rss_mb']:7.0f} MB {stages['cpu']:7.2f}"
            f"  {detail}"
        )
    c = result["tonghop"]["total"]
    if "naive" in result:
        a = result["naive"]["total"]
        print(f"(c)/(a) = {c / a:.3f}   tonghop is {a / c:.1f}x faster than the naive script")
    if "floor" in result:
        b = result["floor"]["total"]
        print(f"(c)/(b) = {c / b:.2f}    tonghop takes {c / b:.2f}x the calamine read floor")
        if "read+check" in result["tonghop"]:
            r = result["tonghop"]["read+check"]
            print(f"read+check/(b) = {r / b:.2f}   reading and checking take {r / b:.2f}x the floor (goal <= 2)")
    if "onemore" in result:
        d = result["onemore"]["total"]
        print(f"(d)/(c) = {d / c:.2f}    a re-run with one more file takes {d / c:.2f} of the cold run (goal <= 0.33)")


def curve(ns: list[int], root: Path, repeat: int, workers: int | None) -> None:
    rows = []
    for n in ns:
        result = compare(n, root, repeat, ["floor", "tonghop"], workers)
        rows.append((n, result))
        print_table(n, result)
    print("\nLinearity: whole job, milliseconds per file")
    print(f"{'N':>6} {'tonghop s':>10} {'ms/file':>8} {'floor ms/file':>14} {'peak RSS':>9}")
    for n, result in rows:
        t, b = result["tonghop"], result["floor"]
        print(
            f"{n:6d} {t['total']:10.2f} {1000 * t['total'] / n:8.2f} {1000 * b['total'] / n:14.2f}"
            f" {t['peak_rss_mb']:7.0f} MB"
        )
    first, last = rows[0], rows[-1]
    slope = (last[1]["tonghop"]["total"] - first[1]["tonghop"]["total"]) / (last[0] - first[0])
    print(f"marginal cost {1000 * slope:.2f} ms/file from N={first[0]} to N={last[0]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--curve", help="comma-separated N values, e.g. 100,300,1000,3321")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="where generated files are cached")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, help="tonghop's reading processes (default: its own choice)")
    parser.add_argument("--kinds", default="naive,floor,reader,tonghop1,tonghop,onemore")
    parser.add_argument("--child", choices=sorted(MEASURES), help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, args.folder, args.workers)
        return 0
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}", file=sys.stderr)
    if args.curve:
        curve([int(n) for n in args.curve.split(",")], args.root, args.repeat, args.workers)
    else:
        print_table(args.n, compare(args.n, args.root, args.repeat, args.kinds.split(","), args.workers))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
