"""The cache of read-and-checked files: a re-run reads only the files that are new or changed.

An entry is one file's FileResult as reading and the per-file checks left it (before the checks across
the batch, which are always recomputed over all files). It is found by the file's path and the job's
context (the form's whole schema, the registry and the tool's own code): a file whose size and modified
time are those stored is taken without being opened; one whose time changed but whose SHA-256 is the same
is taken after hashing. Anything else is read again.

One SQLite file in the user's cache folder (`TONGHOP_CACHE_DIR`). A cache is never trusted: every entry
carries the digest of its bytes, a damaged entry is dropped, a damaged or foreign file is replaced, and any
failure of the cache itself only means reading the files again.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import sqlite3
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import desktop
from desktop.files import file_sha256
from desktop.forms import Form
from desktop.library import user_forms_dir
from desktop.report import FileResult
from desktop.settings import cache_dir
from desktop.units import Registry

log = logging.getLogger(__name__)

SCHEMA = 2  # 2: paths stored as the file system's bytes (names that are not UTF-8)
KEEP_UNUSED_DAYS = 60
MAX_ENTRIES = 50_000
_APPLICATION_ID = 0x54484331  # "THC1": this file is ours
# What may be different next time although the file is the same: such results are never kept.
PASSING_TROUBLE = frozenset({"unreadable", "file_changed", "internal", "reader_crashed"})

_CREATE = """
CREATE TABLE IF NOT EXISTS entry (
    path BLOB NOT NULL,
    context TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    used REAL NOT NULL,
    digest TEXT NOT NULL,
    result BLOB NOT NULL,
    PRIMARY KEY (path, context)
)
"""


def default_path() -> Path:
    return cache_dir() / "files.sqlite"


def tool_identity() -> str:
    """The tool's version and, from source, the size and time of each of its modules: code changed
    between two releases still invalidates what it read."""
    root = Path(desktop.__file__).resolve().parent
    parts = [desktop.__version__, getattr(sys, "frozen", False) and str(Path(sys.executable).stat().st_mtime_ns)]
    if not getattr(sys, "frozen", False):
        for path in sorted(root.rglob("*.py")):
            with contextlib.suppress(OSError):
                stat = path.stat()
                parts.append(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()


def _user_forms_stamp() -> str:
    """The user's installed forms (a file of another installed form is told so when read in the window)."""
    try:
        return "|".join(
            sorted(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in user_forms_dir().iterdir())
        )
    except OSError:
        return ""


def job_context(form: Form, registry: Registry | None) -> str:
    """What a file's result depends on besides the file: the form's whole schema, the other installed
    forms, the registry, the code."""
    digest = hashlib.sha256()
    digest.update(form.model_dump_json().encode())
    digest.update(_user_forms_stamp().encode())
    if registry is not None:
        digest.update(f"{registry.name}|{registry.level}".encode())
        for unit in registry.units:
            digest.update(f"|{unit.code}|{unit.name}|{unit.kind}|{'/'.join(unit.aliases)}".encode())
    digest.update(tool_identity().encode())
    return digest.hexdigest()


def _locked(method):
    """One thread at a time on the connection (the window's worker threads share the pipeline)."""

    def run(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)

    run.__doc__ = method.__doc__
    return run


class ResultCache:
    """Lookups and stores for one job (one form, one registry). Every method fails quietly."""

    def __init__(self, form: Form, registry: Registry | None, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.context = job_context(form, registry)
        self.hits = 0
        self._lock = threading.RLock()
        self._known: dict[str, tuple[int, int, str]] = {}
        self._touched: list[tuple[float, int, int, str, str]] = []
        self._db = self._open()
        if self._db is not None:
            self._load_index()

    def _open(self) -> sqlite3.Connection | None:
        for attempt in range(2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                # the window makes its pipeline on its own thread and reads on a worker's
                db = sqlite3.connect(self.path, timeout=5, isolation_level=None, check_same_thread=False)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")  # a cache: losing the last writes only means reading again
                application_id, version = (
                    db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("application_id", "user_version")
                )
                if (application_id, version) != (_APPLICATION_ID, SCHEMA) and self._has_tables(db):
                    raise sqlite3.DatabaseError(f"not this cache's file (id {application_id}, schema {version})")
                db.execute(_CREATE)
                db.execute(f"PRAGMA application_id={_APPLICATION_ID}")
                db.execute(f"PRAGMA user_version={SCHEMA}")
                self._evict(db)
                return db
            except (sqlite3.Error, OSError) as exc:
                log.warning("cache %s unusable (%s)%s", self.path, exc, ", rebuilt" if attempt == 0 else "")
                with contextlib.suppress(Exception):
                    db.close()
                if attempt == 0:
                    self._discard_file()
        return None

    @staticmethod
    def _has_tables(db: sqlite3.Connection) -> bool:
        return db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0

    def _discard_file(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.remove(f"{self.path}{suffix}")

    @staticmethod
    def _evict(db: sqlite3.Connection) -> None:
        db.execute("DELETE FROM entry WHERE used < ?", (time.time() - KEEP_UNUSED_DAYS * 86400,))
        db.execute(
            "DELETE FROM entry WHERE rowid IN (SELECT rowid FROM entry ORDER BY used DESC LIMIT -1 OFFSET ?)",
            (MAX_ENTRIES,),
        )

    def _load_index(self) -> None:
        try:
            rows = self._db.execute("SELECT path, size, mtime_ns, sha256 FROM entry WHERE context = ?", (self.context,))
            self._known = {os.fsdecode(path): (size, mtime, sha) for path, size, mtime, sha in rows}
        except sqlite3.Error as exc:
            log.warning("cache %s unreadable (%s)", self.path, exc)
            self._known = {}

    @_locked
    def lookup(self, path: str | Path) -> FileResult | None:
        """The stored result of `path`, when the file is the one that was read; else None."""
        key = str(path)
        known = self._known.get(key)
        if known is None or self._db is None:
            return None
        try:
            stat = os.stat(key)
            if (stat.st_size, stat.st_mtime_ns) != known[:2] and (
                stat.st_size != known[0] or file_sha256(Path(key)) != known[2]
            ):
                return None
            row = self._db.execute(
                "SELECT digest, result FROM entry WHERE path = ? AND context = ?", (os.fsencode(key), self.context)
            ).fetchone()
        except (OSError, sqlite3.Error):
            return None
        result = self._unpack(row)
        if result is None or result.sha256 != known[2]:
            self._forget(key)
            return None
        self._touch(key, stat)
        self.hits += 1
        return result

    @staticmethod
    def _unpack(row: tuple[str, bytes] | None) -> FileResult | None:
        if row is None or hashlib.sha256(row[1]).hexdigest() != row[0]:
            return None
        try:
            result = pickle.loads(row[1])
        except Exception:  # a damaged entry of any kind: read the file again
            return None
        return result if isinstance(result, FileResult) else None

    def _touch(self, key: str, stat: os.stat_result) -> None:
        """Note the use (written with the next store, or at close: one transaction, not one a file)."""
        self._touched.append((time.time(), stat.st_size, stat.st_mtime_ns, os.fsencode(key), self.context))
        if len(self._touched) >= 512:
            self._write_touches()

    def _write_touches(self) -> None:
        touched, self._touched = self._touched, []
        if not touched or self._db is None:
            return
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany(
                    "UPDATE entry SET used = ?, size = ?, mtime_ns = ? WHERE path = ? AND context = ?", touched
                )
        except sqlite3.Error as exc:
            log.warning("cache %s not updated (%s)", self.path, exc)

    def _forget(self, key: str) -> None:
        self._known.pop(key, None)
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("DELETE FROM entry WHERE path = ? AND context = ?", (os.fsencode(key), self.context))

    @_locked
    def store(self, results: Iterable[FileResult]) -> None:
        """Keep the results just read (a file that changed while it was read, or could not be hashed, is not
        kept: it must be read again)."""
        if self._db is None:
            return
        rows = []
        for result in results:
            if not result.sha256 or any(i.check in PASSING_TROUBLE for i in result.issues):
                continue
            try:
                stat = os.stat(result.path)
                if result.file_modified is not None and stat.st_mtime != result.file_modified:
                    continue  # changed since it was read
                blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            except (OSError, pickle.PicklingError, TypeError, AttributeError):
                continue
            digest = hashlib.sha256(blob).hexdigest()
            rows.append(
                (
                    os.fsencode(result.path),
                    self.context,
                    stat.st_size,
                    stat.st_mtime_ns,
                    result.sha256,
                    time.time(),
                    digest,
                    blob,
                )
            )
            self._known[result.path] = (stat.st_size, stat.st_mtime_ns, result.sha256)
        if not rows:
            return
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO entry VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.Error as exc:
            log.warning("cache %s not written (%s)", self.path, exc)

    @_locked
    def close(self) -> None:
        self._write_touches()
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
