"""The cache of read files: what it gives back, and when it must not; a re-run reads only new files."""

import os
import sqlite3
import time
from pathlib import Path

import pytest
from builders import build_workbook, valid_values

from desktop import cache as cache_module
from desktop import pool
from desktop.cache import ResultCache
from desktop.forms import Form
from desktop.pipeline import Pipeline, run_batch
from desktop.reading import process_file
from desktop.units import Registry


@pytest.fixture
def unit_file(folder, form):
    path = folder / "Quý Lộc.xlsx"
    build_workbook(path, form, unit="Xã Quý Lộc", current=valid_values(form, base=12))
    return path


@pytest.fixture
def where(tmp_path):
    return tmp_path / "cache" / "files.sqlite"


def fill(form, registry, where, *paths):
    results = [process_file(p, form, registry) for p in paths]
    store = ResultCache(form, registry, where)
    store.store(results)
    store.close()
    return results


def test_an_unchanged_file_comes_back_as_it_was_read(unit_file, form, registry, where):
    (read,) = fill(form, registry, where, unit_file)
    store = ResultCache(form, registry, where)
    cached = store.lookup(unit_file)
    assert cached is not None and store.hits == 1
    assert cached.sha256 == read.sha256
    assert cached.submission.values("current") == read.submission.values("current")
    assert [i.to_dict() for i in cached.issues] == [i.to_dict() for i in read.issues]
    assert cached.unit == read.unit and cached.period == read.period


def test_a_file_touched_but_not_changed_is_still_taken(unit_file, form, registry, where):
    fill(form, registry, where, unit_file)
    later = time.time() + 100
    os.utime(unit_file, (later, later))
    store = ResultCache(form, registry, where)
    assert store.lookup(unit_file) is not None


def test_a_changed_file_is_read_again(unit_file, form, registry, where):
    fill(form, registry, where, unit_file)
    build_workbook(unit_file, form, unit="Xã Quý Lộc", current=valid_values(form, base=13))
    assert ResultCache(form, registry, where).lookup(unit_file) is None


def test_a_file_never_read_is_not_found(unit_file, form, registry, where, folder):
    fill(form, registry, where, unit_file)
    other = folder / "khác.xlsx"
    build_workbook(other, form, unit="Xã Quý Lộc", current=valid_values(form, base=12))
    assert ResultCache(form, registry, where).lookup(other) is None


def test_another_form_or_registry_does_not_share_entries(unit_file, form, registry, where):
    fill(form, registry, where, unit_file)
    changed = form.model_copy(update={"name": form.name + " (sửa đổi)"})
    assert isinstance(changed, Form)
    assert ResultCache(changed, registry, where).lookup(unit_file) is None
    smaller = Registry(registry.name, registry.units[:-1], registry.level)
    assert ResultCache(form, smaller, where).lookup(unit_file) is None
    assert ResultCache(form, None, where).lookup(unit_file) is None
    assert ResultCache(form, registry, where).lookup(unit_file) is not None


def test_a_form_installed_since_invalidates_the_cache(unit_file, form, registry, where):
    from desktop.library import user_forms_dir

    fill(form, registry, where, unit_file)
    user_forms_dir().mkdir(parents=True, exist_ok=True)
    (user_forms_dir() / "khac.yaml").write_text("id: KHAC\n", encoding="utf-8")
    assert ResultCache(form, registry, where).lookup(unit_file) is None


def test_new_code_of_the_tool_invalidates_the_cache(unit_file, form, registry, where, monkeypatch):
    fill(form, registry, where, unit_file)
    monkeypatch.setattr(cache_module, "tool_identity", lambda: "another build")
    assert ResultCache(form, registry, where).lookup(unit_file) is None


def test_a_damaged_entry_is_dropped_not_trusted(unit_file, form, registry, where):
    fill(form, registry, where, unit_file)
    with sqlite3.connect(where) as db:
        (blob,) = db.execute("SELECT result FROM entry").fetchone()
        db.execute("UPDATE entry SET result = ?", (blob[:-9] + b"damaged!!",))
    store = ResultCache(form, registry, where)
    assert store.lookup(unit_file) is None
    with sqlite3.connect(where) as db:
        assert db.execute("SELECT count(*) FROM entry").fetchone()[0] == 0


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_damaged_cache_file_is_rebuilt(unit_file, form, registry, where, content):
    where.parent.mkdir(parents=True)
    where.write_bytes(content)
    fill(form, registry, where, unit_file)
    assert ResultCache(form, registry, where).lookup(unit_file) is not None


def test_a_foreign_database_is_not_read_as_a_cache(unit_file, form, registry, where):
    where.parent.mkdir(parents=True)
    with sqlite3.connect(where) as db:
        db.execute("CREATE TABLE entry (path TEXT, context TEXT, size, mtime_ns, sha256, used, digest, result)")
        db.execute("INSERT INTO entry VALUES (?, 'x', 1, 1, 'x', 1, 'x', x'00')", (str(unit_file),))
    fill(form, registry, where, unit_file)
    assert ResultCache(form, registry, where).lookup(unit_file) is not None


def test_entries_unused_for_long_are_evicted(unit_file, form, registry, where):
    fill(form, registry, where, unit_file)
    old = time.time() - (cache_module.KEEP_UNUSED_DAYS + 1) * 86400
    with sqlite3.connect(where) as db:
        db.execute("UPDATE entry SET used = ?", (old,))
    ResultCache(form, registry, where).close()
    with sqlite3.connect(where) as db:
        assert db.execute("SELECT count(*) FROM entry").fetchone()[0] == 0


def test_a_file_that_changed_while_read_is_not_kept(unit_file, form, registry, where):
    (read,) = [process_file(unit_file, form, registry)]
    time.sleep(0.01)
    build_workbook(unit_file, form, unit="Xã Quý Lộc", current=valid_values(form, base=14))
    store = ResultCache(form, registry, where)
    store.store([read])
    assert store.lookup(unit_file) is None


def test_an_unwritable_cache_folder_only_means_reading_again(unit_file, form, registry, tmp_path):
    blocker = tmp_path / "a file, not a folder"
    blocker.write_bytes(b"x")
    store = ResultCache(form, registry, blocker / "files.sqlite")
    store.store([process_file(unit_file, form, registry)])
    assert store.lookup(unit_file) is None


NAMES = ["Xã Quý Lộc", "Xã Yên Trường", "Phường Hạc Thành", "Phường Quảng Phú"]


@pytest.fixture
def reads(monkeypatch):
    """The names of the files read in this process."""
    names = []

    def counted(path, form, registry):
        names.append(Path(path).name)
        return process_file(path, form, registry)

    monkeypatch.setattr(pool, "process_file", counted)
    return names


def summary(report):
    return (
        report.consolidation.totals,
        [(f.path, f.counted, f.exclusion, [i.to_dict() for i in f.issues]) for f in report.files],
    )


def test_a_rerun_reads_only_the_new_file_and_agrees_with_a_run_without_cache(folder, form, registry, reads):
    for index, name in enumerate(NAMES[:3]):
        build_workbook(folder / f"{index}.xlsx", form, unit=name, current=valid_values(form, base=10 + index))
    with Pipeline(form, registry, workers=1, cache=True) as pipeline:
        pipeline.run([folder])
    assert sorted(reads) == ["0.xlsx", "1.xlsx", "2.xlsx"]
    build_workbook(folder / "3.xlsx", form, unit=NAMES[3], current=valid_values(form, base=20))
    reads.clear()
    with Pipeline(form, registry, workers=1, cache=True) as pipeline:
        cached = pipeline.run([folder])
    assert reads == ["3.xlsx"]
    assert summary(cached) == summary(run_batch([folder], form, registry, workers=1))
    assert len(reads) == 5


def test_checks_across_the_batch_are_made_again_over_cached_files(folder, form, registry, reads):
    build_workbook(folder / "a.xlsx", form, unit=NAMES[0], current=valid_values(form, base=10))
    with Pipeline(form, registry, workers=1, cache=True) as pipeline:
        first = pipeline.run([folder])
    assert first.consolidation.totals == run_batch([folder], form, registry).consolidation.totals
    later = time.time() + 60
    build_workbook(folder / "b gửi lại.xlsx", form, unit=NAMES[0], current=valid_values(form, base=30))
    os.utime(folder / "b gửi lại.xlsx", (later, later))
    reads.clear()
    with Pipeline(form, registry, workers=1, cache=True) as pipeline:
        second = pipeline.run([folder])
    assert reads == ["b gửi lại.xlsx"]
    counted = [Path(f.path).name for f in second.files if f.counted]
    assert counted == ["b gửi lại.xlsx"]  # the duplicate pair is seen although one of them came from the cache
    assert any("duplicate" in i.check for f in second.files for i in f.issues)


def test_the_cli_keeps_a_cache_unless_told_not_to(folder, form, run_cli, tmp_path, monkeypatch):
    build_workbook(folder / "a.xlsx", form, unit=NAMES[0], current=valid_values(form, base=10))
    kept, none = tmp_path / "kept", tmp_path / "none"
    monkeypatch.setenv("TONGHOP_CACHE_DIR", str(kept))
    first = run_cli("validate", folder, "--province", "Thanh Hóa", "--json")
    again = run_cli("validate", folder, "--province", "Thanh Hóa", "--json")
    assert first.returncode == again.returncode == 0, first.stderr
    assert first.stdout == again.stdout
    with sqlite3.connect(kept / "files.sqlite") as db:
        assert db.execute("SELECT count(*) FROM entry").fetchone()[0] == 1
    monkeypatch.setenv("TONGHOP_CACHE_DIR", str(none))
    assert run_cli("validate", folder, "--province", "Thanh Hóa", "--json", "--no-cache").returncode == 0
    assert not (none / "files.sqlite").exists()


def test_a_cache_made_on_one_thread_serves_another(unit_file, form, registry, where):
    import threading

    fill(form, registry, where, unit_file)
    store = ResultCache(form, registry, where)
    found = []
    worker = threading.Thread(target=lambda: found.append(store.lookup(unit_file)))
    worker.start()
    worker.join()
    assert found[0] is not None
    store.close()


def test_a_name_that_is_not_utf8_is_cached_too(tmp_path, form, registry, where):
    import sys

    if sys.platform == "win32":
        pytest.skip("Windows names are always Unicode")
    odd = tmp_path / os.fsdecode(b"X\xe3 l\xff.xlsx")
    build_workbook(odd, form, unit="Xã Quý Lộc", current=valid_values(form, base=12))
    fill(form, registry, where, odd)
    assert ResultCache(form, registry, where).lookup(odd) is not None
