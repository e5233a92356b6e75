"""One level up: province workbooks made from varied unit files add up, nationally, to the units' own figures.

The unit files come from the benchmark generator (rows and columns inserted, sheets renamed, codes as
numbers, figures as text); the expected sums come from the figures the generator wrote, not from reading.
"""

from collections import defaultdict

import pytest

from benchmarks.generate import ordered_units, province_of, unit_file, write_unit_file
from desktop.io.reader import read_workbook
from desktop.io.writer import write_consolidated
from desktop.periods import parse_period
from desktop.pipeline import run_batch
from desktop.units import national_registry, province_registry
from desktop.vntext import parse_count

PROVINCES = 3
UNITS_PER_PROVINCE = 5


@pytest.fixture(scope="module")
def unit_files(tmp_path_factory, form):
    """Varied unit workbooks for a few units in each of a few provinces: {province code: [(index, unit, path)]}."""
    folder = tmp_path_factory.mktemp("units")
    period = parse_period("Quý III/2026")
    where = province_of()
    chosen: dict[str, list] = defaultdict(list)
    for index, unit in enumerate(ordered_units()):
        province = where[unit.code]
        if (len(chosen) < PROVINCES or province in chosen) and len(chosen[province]) < UNITS_PER_PROVINCE:
            path = write_unit_file(folder / f"{index}.xlsx", index, unit, form, period)
            chosen[province].append((index, unit, path))
        if len(chosen) == PROVINCES and all(len(v) == UNITS_PER_PROVINCE for v in chosen.values()):
            return chosen
    raise AssertionError("not enough units")


def written(index, unit, form):
    """What the generator put in the unit's cells, as numbers."""
    figures, previous, _, _ = unit_file(index, unit, form, parse_period("Quý III/2026"))
    return {"current": figures, "previous": previous}


def test_the_generator_writes_files_the_reader_reads_back_exactly(unit_files, form):
    for members in unit_files.values():
        for index, unit, path in members:
            sub = read_workbook(path, form)
            assert sub.recognised, path.name
            for column, figures in written(index, unit, form).items():
                assert sub.values(column) == {code: parse_count(v).value for code, v in figures.items()}, path.name


def test_national_totals_equal_the_sum_over_every_counted_unit(unit_files, form, tmp_path):
    expected = {"current": defaultdict(int), "previous": defaultdict(int)}
    outputs = []
    for province, members in unit_files.items():
        report = run_batch([path for _, _, path in members], form, province_registry(province), workers=1)
        counted = {r.path for r in report.files if r.counted}
        assert len(counted) >= UNITS_PER_PROVINCE - 1, [i.message for i in report.issues if i.severity == "error"]
        for index, unit, path in members:
            if str(path) in counted:
                for column, figures in written(index, unit, form).items():
                    for code, value in figures.items():
                        expected[column][code] += parse_count(value).value
        outputs.append(write_consolidated(report, tmp_path / f"{province}.xlsx"))
    national = run_batch(outputs, form, national_registry(), workers=2)
    assert [r.counted for r in national.files] == [True] * PROVINCES, [i.message for i in national.issues]
    assert national.consolidation.totals == {column: dict(values) for column, values in expected.items()}
    out = write_consolidated(national, tmp_path / "toan-quoc.xlsx")
    assert read_workbook(out, form).values("current") == dict(expected["current"])
