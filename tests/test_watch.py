"""Folder watching: a report is taken once, when complete; partial downloads and lock files never; a
folder that goes away is reported as missing. Time is a fake clock moved by hand."""

from __future__ import annotations

import os
import shutil

import pytest

from desktop.watch import FolderWatch, is_partial_name


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds


def write(path, data: bytes, mtime_ns: int | None = None) -> None:
    path.write_bytes(data)
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))


@pytest.fixture
def clock():
    return Clock()


def test_a_file_is_taken_once_after_two_polls_with_the_same_size_and_time(folder, clock):
    watch = FolderWatch([str(folder)], clock=clock)
    report = folder / "Xã Quý Lộc.xlsx"
    write(report, b"PK" + b"x" * 100, 1_000)
    assert not watch.poll()  # first seen
    clock.tick(0.5)
    assert not watch.poll()  # unchanged, but not for long enough
    clock.tick(0.6)
    events = watch.poll()
    assert events.arrived == [str(report)] and not events.replaced
    clock.tick(5)
    assert not watch.poll() and not watch.settling


def test_a_file_still_growing_waits_until_it_stops(folder, clock):
    watch = FolderWatch([str(folder)], clock=clock)
    report = folder / "bao cao.xlsx"
    for step in range(6):
        write(report, b"x" * (100 * (step + 1)), 1_000 + step)
        assert not watch.poll().arrived
        assert watch.settling
        clock.tick(0.4)
    clock.tick(0.7)
    assert watch.poll().arrived == [str(report)]


def test_partial_downloads_and_lock_files_are_never_taken(folder, clock):
    watch = FolderWatch([str(folder)], clock=clock)
    for name in (
        "bao cao.xlsx.crdownload",
        "bao cao.xlsx.part",
        "~$bao cao.xlsx",
        "tam.tmp",
        "Unconfirmed 1.crdownload",
    ):
        write(folder / name, b"x" * 50)
    placeholder = folder / "bao cao.xlsx"  # Firefox: an empty placeholder, then the .part moved over it
    write(placeholder, b"")
    for _ in range(4):
        assert not watch.poll()
        clock.tick(1)
    write(placeholder, b"x" * 50)
    assert not watch.poll()
    clock.tick(1)
    assert not watch.poll(), "a .part of the same name is still beside it"
    (folder / "bao cao.xlsx.part").unlink()
    (folder / "bao cao.xlsx.crdownload").unlink()
    clock.tick(1)
    assert watch.poll().arrived == [str(placeholder)]


def test_a_browser_renaming_its_download_gives_one_arrival(folder, clock):
    watch = FolderWatch([str(folder)], clock=clock)
    partial = folder / "Xã Quý Lộc.xlsx.crdownload"
    write(partial, b"x" * 500)
    watch.poll()
    clock.tick(1)
    watch.poll()
    partial.rename(folder / "Xã Quý Lộc.xlsx")
    arrived = []
    for _ in range(4):
        arrived += watch.poll().arrived
        clock.tick(0.6)
    assert arrived == [str(folder / "Xã Quý Lộc.xlsx")]


def test_a_corrected_version_under_the_same_name_is_a_replacement(folder, clock):
    report = folder / "don vi.xlsx"
    write(report, b"first", 1_000)
    watch = FolderWatch([str(folder)], clock=clock)  # already there: known, not an arrival
    clock.tick(2)
    assert not watch.poll()
    write(report, b"second version", 2_000)
    watch.poll()
    clock.tick(1.1)
    events = watch.poll()
    assert events.replaced == [str(report)] and not events.arrived


def test_files_the_caller_read_are_reported_only_when_they_change(folder, clock):
    watch = FolderWatch([str(folder)], clock=clock)
    report = folder / "a.xlsx"
    write(report, b"abc", 1_000)
    watch.know(str(report))
    clock.tick(3)
    assert not watch.poll()
    watch.forget(str(report))  # removed, then added back: new again
    watch.poll()
    clock.tick(1)
    assert watch.poll().arrived == [str(report)]


def test_a_file_deleted_from_the_folder_is_reported_gone(folder, clock):
    report = folder / "a.xlsx"
    write(report, b"abc")
    watch = FolderWatch([str(folder)], clock=clock)
    report.unlink()
    assert watch.poll().vanished == [str(report)]
    assert not watch.poll()


def test_a_folder_that_disappears_is_missing_and_its_files_are_not_gone(tmp_path, clock):
    stick = tmp_path / "usb"
    stick.mkdir()
    write(stick / "a.xlsx", b"abc", 1_000)
    watch = FolderWatch([str(stick)], clock=clock)
    moved = tmp_path / "pulled"
    stick.rename(moved)
    events = watch.poll()
    assert events.missing == [str(stick)] and not events.vanished
    assert watch.missing == {str(stick)}
    assert not watch.poll(), "said once"
    moved.rename(stick)
    write(stick / "b.xlsx", b"new", 2_000)
    events = watch.poll()
    assert events.back == [str(stick)] and not events.arrived
    clock.tick(1.2)
    assert watch.poll().arrived == [str(stick / "b.xlsx")], "a.xlsx was known before the stick was pulled"


def test_a_folder_missing_from_the_start_is_missing(tmp_path, clock):
    watch = FolderWatch([str(tmp_path / "E-drive")], clock=clock)
    assert watch.missing == {str(tmp_path / "E-drive")}
    (tmp_path / "E-drive").mkdir()
    assert watch.poll().back == [str(tmp_path / "E-drive")]


def test_subfolders_are_watched_like_the_batch_reads_them(folder, clock):
    sub = folder / "Tháng 8"
    sub.mkdir()
    watch = FolderWatch([str(folder)], clock=clock)
    shutil.copy(__file__, sub / "x.xlsx")
    watch.poll()
    clock.tick(1)
    assert watch.poll().arrived == [str(sub / "x.xlsx")]


@pytest.mark.parametrize(
    ("name", "partial"),
    [("a.xlsx", False), ("a.xlsx.crdownload", True), ("A.XLSX.PART", True), ("~$a.xlsx", True), ("a.tmp", True)],
)
def test_partial_names(name, partial):
    assert is_partial_name(name) is partial


def test_a_file_may_be_read_only_once_the_watch_has_seen_it_complete(folder, tmp_path, clock):
    old = folder / "old.xlsx"
    write(old, b"abc")
    elsewhere = tmp_path / "le.xlsx"
    watch = FolderWatch([str(folder)], clock=clock)
    new = folder / "new.xlsx"
    write(new, b"partial")
    assert watch.taken(str(old)) and watch.taken(str(elsewhere))
    assert not watch.taken(str(new)), "not polled yet"
    watch.poll()
    assert not watch.taken(str(new)), "seen once: maybe still growing"
    clock.tick(1)
    watch.poll()
    assert watch.taken(str(new))
