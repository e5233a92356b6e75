"""Watching a round's input folders: which reports arrived or were replaced, once they are complete.

A report lands in a download folder over seconds (a browser writes `.crdownload` or `.part` and renames
it; a copy over the network grows in chunks; Excel keeps a `~$` lock file while the file is open). A
file is taken only once it is stable: the same size and modification time over two polls at least
`settle` seconds apart, openable, and with no partial download of the same name beside it. The clock
is a parameter, so the tests drive time by hand. Plain Python: the window polls it from a timer.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from desktop.io.workbook import SPREADSHEET_SUFFIXES
from desktop.rounds import is_under, same_path

# names browsers, download managers and copy tools give a file while it is still being written
PARTIAL_SUFFIXES = (".crdownload", ".part", ".partial", ".download", ".opdownload", ".tmp", ".filepart")
SETTLE_SECONDS = 1.0

Stamp = tuple[int, int]  # size, modification time in nanoseconds


@dataclass
class _Seen:
    stamp: Stamp
    since: float  # when this stamp was first seen
    reported: Stamp | None = None  # the stamp last handed out (or already known to the caller)


@dataclass(frozen=True)
class WatchEvents:
    arrived: list[str] = field(default_factory=list)  # new files, complete
    replaced: list[str] = field(default_factory=list)  # known files, now a different complete version
    vanished: list[str] = field(default_factory=list)  # known files gone from a folder that is still there
    missing: list[str] = field(default_factory=list)  # folders that went missing since the last poll
    back: list[str] = field(default_factory=list)  # folders that are there again

    def __bool__(self) -> bool:
        return bool(self.arrived or self.replaced or self.vanished or self.missing or self.back)


def is_partial_name(name: str) -> bool:
    """A file still being written by a browser or a copy tool, or a lock/temporary file."""
    lower = name.lower()
    return lower.endswith(PARTIAL_SUFFIXES) or lower.startswith(("~$", ".~lock", "unconfirmed "))


def _skipped(entry: os.DirEntry) -> bool:
    """The batch's rule for lock, hidden and temporary files (files.is_skipped_name), read from the
    directory entry without another stat, plus the names of files still being written."""
    name = entry.name
    if name.startswith(("~$", ".", "~")) or name.lower().endswith((".tmp", ".bak")) or is_partial_name(name):
        return True
    try:
        return bool(getattr(entry.stat(), "st_file_attributes", 0) & 0x2)  # hidden, on Windows
    except OSError:
        return True


def _candidates(folder: str) -> Iterator[tuple[str, os.stat_result]]:
    """Spreadsheets under `folder` (recursively) with their stat, skipping lock, hidden and partial files."""
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            if _skipped(entry):
                continue
            try:
                if entry.is_dir():
                    stack.append(entry.path)
                elif os.path.splitext(entry.name)[1].lower() in SPREADSHEET_SUFFIXES:
                    yield entry.path, entry.stat()
            except OSError:
                continue


def _partial_beside(path: str) -> bool:
    return any(os.path.exists(path + suffix) for suffix in (".part", ".crdownload", ".download", ".partial"))


def _openable(path: str) -> bool:
    """False while another program holds the file for writing (Windows refuses to share it)."""
    try:
        with open(path, "rb") as handle:
            handle.read(1)
        return True
    except OSError:
        return False


class FolderWatch:
    """Polls folders for complete reports. Call `know()` with what the caller has already read."""

    def __init__(
        self,
        folders: Iterable[str] = (),
        *,
        clock: Callable[[], float] = time.monotonic,
        settle: float = SETTLE_SECONDS,
    ) -> None:
        self.clock = clock
        self.settle = settle
        self.folders: list[str] = []
        self.missing: set[str] = set()
        self._seen: dict[str, _Seen] = {}
        self.set_folders(folders)

    def set_folders(self, folders: Iterable[str]) -> None:
        """Watch these folders; files already in a newly watched folder count as known."""
        folders = list(dict.fromkeys(str(f) for f in folders))
        added = [f for f in folders if f not in self.folders]
        self.folders = folders
        self.missing &= set(folders)
        self._seen = {p: s for p, s in self._seen.items() if any(is_under(p, f) for f in folders)}
        for folder in added:
            if not Path(folder).is_dir():
                self.missing.add(folder)
                continue
            now = self.clock()
            for path, stat in _candidates(folder):
                stamp = (stat.st_size, stat.st_mtime_ns)
                self._seen[path] = _Seen(stamp, now, stamp)

    def know(self, path: str) -> None:
        """The caller has read `path` as it is now: report it again only when it changes."""
        try:
            stat = os.stat(path)
        except OSError:
            return
        stamp = (stat.st_size, stat.st_mtime_ns)
        self._seen[path] = _Seen(stamp, self.clock(), stamp)

    def forget(self, path: str) -> None:
        """Report `path` as new the next time it is seen complete (a file added back)."""
        for known in [p for p in self._seen if same_path(p, path)]:
            del self._seen[known]

    def taken(self, path: str) -> bool:
        """Whether `path` may be read now: complete when last seen, or not in a watched folder at all.

        A file that appeared since the last poll, or is still being written, waits to be reported."""
        seen = self._seen.get(path)
        if seen is not None:
            return seen.reported is not None
        return not any(is_under(path, f) for f in self.folders)

    @property
    def settling(self) -> bool:
        """Whether a file is waiting to become stable (poll again soon)."""
        return any(s.reported != s.stamp for s in self._seen.values())

    def poll(self) -> WatchEvents:
        events = WatchEvents()
        now = self.clock()
        for folder in self.folders:
            if not Path(folder).is_dir():
                if folder not in self.missing:
                    self.missing.add(folder)
                    events.missing.append(folder)
                continue
            if folder in self.missing:
                self.missing.discard(folder)
                events.back.append(folder)
            self._poll_folder(folder, now, events)
        return events

    def _poll_folder(self, folder: str, now: float, events: WatchEvents) -> None:
        present = set()
        for path, stat in _candidates(folder):
            present.add(path)
            stamp = (stat.st_size, stat.st_mtime_ns)
            seen = self._seen.get(path)
            if seen is None:
                self._seen[path] = _Seen(stamp, now)
                continue
            if seen.stamp != stamp:
                seen.stamp, seen.since = stamp, now
                continue
            if seen.reported == stamp or now - seen.since < self.settle or stat.st_size == 0:
                continue
            if _partial_beside(path) or not _openable(path):
                seen.since = now
                continue
            (events.replaced if seen.reported is not None else events.arrived).append(path)
            seen.reported = stamp
        for path in [p for p in self._seen if p not in present and is_under(p, folder)]:
            if self._seen.pop(path).reported is not None:
                events.vanished.append(path)
