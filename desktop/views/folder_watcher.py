"""FolderWatcher: the round's input folders watched from the window (Qt side of desktop.watch).

QFileSystemWatcher says at once when a local folder changes; a timer polls as well, because network
drives and USB sticks often say nothing. Polls come every second while a file is still being written,
every few seconds otherwise. What is complete and new is emitted; the core decides what that is.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from desktop.watch import FolderWatch, WatchEvents

SETTLING_POLL_MS = 1000
IDLE_POLL_MS = 3000
SOON_MS = 200  # after the system says a folder changed: let the writer get going first
SHARE_OF_TIME = 20  # a slow folder (a network share) is polled at most 1/20 of the time


class FolderWatcher(QObject):
    changed = Signal(object)  # WatchEvents

    def __init__(self, parent: QObject | None = None, *, watch: FolderWatch | None = None) -> None:
        super().__init__(parent)
        self.watch = watch or FolderWatch()
        self.system = QFileSystemWatcher(self)
        self.system.directoryChanged.connect(lambda _folder: self.poll_soon())
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.poll)
        self.settling_ms = SETTLING_POLL_MS
        self.idle_ms = IDLE_POLL_MS
        self._last_poll_ms = 0.0

    @property
    def folders(self) -> list[str]:
        return list(self.watch.folders)

    @property
    def missing(self) -> list[str]:
        return [f for f in self.watch.folders if f in self.watch.missing]

    def set_folders(self, folders: Iterable[str]) -> None:
        folders = list(folders)
        if folders == self.watch.folders:
            return
        self.watch.set_folders(folders)
        self._watch_system(folders)
        self._schedule()

    def _watch_system(self, folders: list[str]) -> None:
        watched = self.system.directories()
        if watched:
            self.system.removePaths(watched)
        present = [f for f in folders if Path(f).is_dir()]
        if present:
            self.system.addPaths(present)

    def know(self, path: str) -> None:
        self.watch.know(path)

    def forget(self, path: str) -> None:
        self.watch.forget(path)

    def poll_soon(self) -> None:
        if self.watch.folders:
            self.timer.start(SOON_MS)

    def poll(self) -> WatchEvents:
        started = time.monotonic()
        events = self.watch.poll()
        self._last_poll_ms = (time.monotonic() - started) * 1000
        if events.missing or events.back:
            self._watch_system(self.watch.folders)
        self._schedule()
        if events:
            self.changed.emit(events)
        return events

    def _schedule(self) -> None:
        if not self.watch.folders:
            self.timer.stop()
            return
        interval = self.settling_ms if self.watch.settling else self.idle_ms
        self.timer.start(max(interval, int(self._last_poll_ms * SHARE_OF_TIME)))

    def stop(self) -> None:
        self.timer.stop()
        self.set_folders([])
