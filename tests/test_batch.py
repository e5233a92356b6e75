import pytest
from builders import build_workbook, valid_values

from desktop.files import discover_files
from desktop.pipeline import run_batch
from desktop.progress import Cancelled

NAMES = ["Phường Hạc Thành", "Phường Quảng Phú", "Phường Đông Quang", "Phường Đông Sơn"]


def units(folder, form, count=4):
    for index in range(count):
        build_workbook(
            folder / f"{index}.xlsx",
            form,
            unit=NAMES[index],
            unit_code=None,
            current=valid_values(form, base=10 + index),
        )


def test_discovery_walks_folders_and_skips_lock_hidden_and_temporary_files(folder, form):
    units(folder, form, 2)
    nested = folder / "Đợt 2" / "xã"
    nested.mkdir(parents=True)
    build_workbook(nested / "c.xls", form)  # content does not matter for discovery
    for name in ["~$0.xlsx", ".an.xlsx", "bản lưu.tmp", "~tam.xlsx"]:
        (folder / name).write_bytes(b"x")
    (folder / "ghi chú.docx").write_bytes(b"x")
    found, skipped = discover_files([folder, folder / "0.xlsx"])
    assert [p.name for p in found] == ["0.xlsx", "1.xlsx", "c.xls"]
    assert sorted(p.rsplit("/", 1)[-1] for p in skipped) == [".an.xlsx", "~$0.xlsx", "~tam.xlsx"]
    with pytest.raises(FileNotFoundError):
        discover_files([folder / "không có"])


def test_progress_is_reported_per_file(folder, form):
    units(folder, form)
    seen = []
    run_batch([folder], form, None, progress=lambda done, total, label: seen.append((done, total, label)))
    assert seen == [(0, 4, ""), (1, 4, "0.xlsx"), (2, 4, "1.xlsx"), (3, 4, "2.xlsx"), (4, 4, "3.xlsx")]


@pytest.mark.parametrize("workers", [1, 2])
def test_the_job_can_be_cancelled_between_files(folder, form, workers):
    units(folder, form)
    done = []
    with pytest.raises(Cancelled):
        run_batch([folder], form, None, workers=workers, on_result=done.append, cancel=lambda: len(done) >= 2)
    assert len(done) == 2


def test_reading_in_a_process_pool_gives_the_same_report(folder, form, registry):
    units(folder, form)
    one = run_batch([folder], form, registry, workers=1)
    two = run_batch([folder], form, registry, workers=2)
    assert two.to_json() == one.to_json()
    assert two.consolidation.totals == one.consolidation.totals
