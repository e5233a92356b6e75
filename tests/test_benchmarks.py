"""The benchmark scripts still run (on a handful of files; speed itself is measured in benchmarks/, never here)."""

from benchmarks.bench_consolidate import MEASURES, print_table
from benchmarks.generate import generate


def test_every_measurement_runs_on_the_same_generated_files(tmp_path, capsys):
    folder = generate(4, tmp_path, workers=1)
    assert len(list(folder.glob("*.xlsx"))) == 4
    assert generate(4, tmp_path, workers=1) == folder, "a second call reuses the cached files"
    result = {}
    for kind, measure in MEASURES.items():
        stages = measure(folder, tmp_path / f"{kind}.xlsx")
        assert stages["total"] > 0
        result[kind] = {**stages, "peak_rss_mb": 1.0, "cpu": 1.0}
    assert result["tonghop"]["counted"] == 4
    assert result["floor"]["cells"] > 4 * 28 * 2
    print_table(4, result)
    assert "(c)/(a) =" in capsys.readouterr().out
