"""A short, bounded run of the mutation fuzzer (the long run: `python benchmarks/fuzz_import.py`)."""

from __future__ import annotations

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def test_mutated_workbooks_all_end_as_a_submission_or_a_clear_issue(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import fuzz_import

    summary = fuzz_import.fuzz(60, seed=20261123, out=tmp_path, workers=1, deadline=30.0, slow=5.0)
    assert summary.files == 60
    assert summary.findings == []
    assert set(summary.outcomes) <= {"submission", "issue"}
    assert summary.outcomes["issue"] > 0  # the mutations did damage files
    assert summary.max_seconds < 5.0
    assert "fuzz_import" in sys.modules


def test_the_long_mode_covers_the_hostile_families_without_findings(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import fuzz_import

    summary = fuzz_import.fuzz(
        90, seed=17, out=tmp_path, workers=1, deadline=30.0, slow=10.0, long=True, memory_mb=3000
    )
    assert summary.files == 90
    assert summary.findings == []
    assert set(fuzz_import.HOSTILE) <= set(summary.kinds), summary.kinds
    assert summary.checks["not_regular_file"] > 0  # devices were tried, and refused in one line
