"""What a run must never do: turn a unit's text into a live formula, or touch a source file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl

from desktop.demo import make_demo_files
from desktop.io.writer import write_consolidated
from desktop.periods import parse_period
from desktop.pipeline import run_batch
from tests.wbgen import write_valid

INJECTED = [
    '=HYPERLINK("http://example.invalid/x","Bấm vào đây")',
    "=cmd|' /C calc'!A0",
    "+84 912 345 678",
    "-Tổ tự quản khu phố",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
]


def test_text_that_looks_like_a_formula_lands_in_the_output_as_text(tmp_path, form):
    folder = tmp_path / "don-vi"
    folder.mkdir()
    rows = [
        {"name": text, "area": INJECTED[(i + 1) % len(INJECTED)], "force": "Khác", "year": 2020, "status": "Duy trì"}
        for i, text in enumerate(INJECTED)
    ]
    write_valid(folder / "a.xlsx", unit=INJECTED[0], list_rows=rows)
    write_valid(folder / "b.xlsx", seed=2, unit="=2+3", list_rows=rows[:1])
    for path in folder.iterdir():
        _typed_as_text(path)
    report = run_batch([folder], form, None, workers=1, include=[folder / "b.xlsx"])
    assert {r.unit_name for r in report.files} == {INJECTED[0], "=2+3"}
    output = write_consolidated(report, tmp_path / "tong hop.xlsx")

    book = openpyxl.load_workbook(output)
    found: dict[str, set[str]] = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value in [*INJECTED, "=2+3"]:
                    found.setdefault(cell.value, set()).add(cell.data_type)
                if cell.data_type == "f":
                    assert "HYPERLINK" not in cell.value and "cmd|" not in cell.value, (ws.title, cell.coordinate)
    assert set(found) >= {*INJECTED, "=2+3"}, sorted(found)
    assert all(types == {"s"} for types in found.values()), found


def _typed_as_text(path: Path) -> None:
    """What a clerk gets by typing '=1+1 (or formatting the cell as Text first): text, not a formula."""
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    book.save(path)


def _state(paths: list[Path]) -> dict[str, tuple[str, int, int]]:
    return {str(p): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_size, p.stat().st_mtime_ns) for p in paths}


def test_a_full_run_leaves_every_source_byte_identical_with_its_time(tmp_path, form, registry):
    folder = tmp_path / "don-vi"
    make_demo_files(folder, form, registry, parse_period("Quý III/2026"), count=8)
    sources = sorted(p for p in folder.iterdir() if p.is_file())
    before = _state(sources)
    report = run_batch([folder], form, registry, workers=1)
    output = write_consolidated(report, tmp_path / "tong hop.xlsx")
    assert _state(sources) == before
    assert sorted(p for p in folder.iterdir() if p.is_file()) == sources  # nothing added beside them

    hashes = {r.path: r.sha256 for r in report.files}
    assert hashes == {path: digest for path, (digest, _, _) in before.items() if path in hashes}
    written = {
        value
        for ws in openpyxl.load_workbook(output, read_only=True).worksheets
        for row in ws.iter_rows(values_only=True)
        for value in row
        if isinstance(value, str) and len(value) == 64
    }
    assert set(hashes.values()) <= written
