"""The archive: every accepted submission of every period, kept in one SQLite file.

One row per submission (form and version, period, unit, source file name and SHA-256, when added,
counted or excluded and why), its figures with the cell each came from, and its list rows. The file
is settings.data_dir()/archive.sqlite unless TONGHOP_ARCHIVE names another.

Safe by construction: WAL journal with full sync, every change one `BEGIN IMMEDIATE` transaction (a
crash loses nothing committed and leaves no half period), a busy timeout so two windows can write
in turn, the schema version in `PRAGMA user_version` with an upgrade step per version, and a damaged
file reported as ArchiveError (Vietnamese, naming the file) rather than a traceback.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.periods import Period
from desktop.vntext import fold

if TYPE_CHECKING:
    from desktop.report import BatchReport

SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 15_000

# The schema as release 1 made it: kept to create old files in the upgrade test, and as the record of
# what _upgrade_1_to_2 starts from.
SCHEMA_V1 = """
CREATE TABLE submissions (
    id INTEGER PRIMARY KEY,
    form_id TEXT NOT NULL,
    form_version TEXT NOT NULL,
    year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    idx INTEGER NOT NULL,
    unit_key TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    unit_name TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    added TEXT NOT NULL
);
CREATE INDEX submissions_period ON submissions (form_id, year, kind, idx, unit_key);
CREATE TABLE figures (
    submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    value_column TEXT NOT NULL,
    code TEXT NOT NULL,
    value INTEGER,
    PRIMARY KEY (submission_id, value_column, code)
) WITHOUT ROWID;
"""

_UPGRADE_1_TO_2 = """
ALTER TABLE submissions ADD COLUMN sheet TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN date_from TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN date_to TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN counted INTEGER NOT NULL DEFAULT 1;
ALTER TABLE submissions ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE figures ADD COLUMN cell TEXT NOT NULL DEFAULT '';
CREATE TABLE list_rows (
    submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    row INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (submission_id, row)
) WITHOUT ROWID;
"""

UPGRADES = {1: _UPGRADE_1_TO_2}  # from version N to N + 1


class ArchiveError(Exception):
    """The archive cannot be used; a Vietnamese sentence naming the file."""


def archive_path() -> Path:
    """TONGHOP_ARCHIVE, else the file chosen in Settings (`archive`), else the data folder's archive.sqlite."""
    override = os.environ.get("TONGHOP_ARCHIVE", "").strip()
    if override:
        return Path(override)
    from desktop.settings import data_dir, load_settings

    chosen = load_settings().get("archive")
    return Path(chosen) if isinstance(chosen, str) and chosen.strip() else data_dir() / "archive.sqlite"


def default_archive_path() -> Path:
    from desktop.settings import data_dir

    return data_dir() / "archive.sqlite"


@dataclass(frozen=True)
class Record:
    """One submission as the archive keeps it."""

    form_id: str
    form_version: str
    period: Period
    unit_code: str
    unit_name: str
    file_name: str
    sha256: str = ""
    sheet: str = ""
    values: dict[str, dict[str, int | None]] = field(default_factory=dict)  # column -> code -> value
    cells: dict[str, dict[str, str]] = field(default_factory=dict)  # column -> code -> cell
    list_rows: list[dict[str, Any]] = field(default_factory=list)
    counted: bool = True
    reason: str = ""  # why it was excluded (or included despite errors)
    date_from: str = ""
    date_to: str = ""
    origin: str = ""  # the consolidated workbook it was taken from, when not from a batch
    added: str = ""
    id: int = 0

    @property
    def unit_key(self) -> str:
        return unit_key(self.unit_code, self.unit_name)


def unit_key(code: str, name: str) -> str:
    return code.strip() if code and code.strip() else fold(name)


@dataclass(frozen=True)
class PeriodSummary:
    form_id: str
    period: Period
    units: int
    counted: int
    files: int
    added: str


@dataclass(frozen=True)
class Stored:
    """What one `add` did: per period, the units archived and those that replaced an earlier file."""

    periods: list[Period]
    added: int
    replaced: list[str]


def _connect(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise ArchiveError(f"Không mở được kho lưu trữ “{path}”: {exc}") from exc
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA user_version").fetchone()  # reads the header: a damaged file fails here
        return connection
    except sqlite3.DatabaseError as exc:
        connection.close()
        raise damaged(path, exc) from exc


def damaged(path: Path, exc: Exception) -> ArchiveError:
    return ArchiveError(
        f"Tệp kho lưu trữ “{path}” bị hỏng hoặc không phải kho lưu trữ ({exc}). "
        "Số liệu các kỳ trước không dùng được cho tới khi tệp được thay: hãy chép tệp này sang chỗ khác "
        "để bộ phận hỗ trợ xem, rồi chép bản sao lưu vào chỗ của nó (hoặc xóa để tạo kho mới); "
        "đặt TONGHOP_ARCHIVE để dùng một tệp khác."
    )


class Archive:
    """An open archive. Use as a context manager; every public change is one transaction."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else archive_path()
        self._db = _connect(self.path)
        try:
            self._ensure_schema()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise damaged(self.path, exc) from exc
        except ArchiveError:
            self._db.close()
            raise

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT: the write lock taken at once, so two writers queue, never mix."""
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise ArchiveError(f"Kho lưu trữ “{self.path}” đang bận (một cửa sổ khác đang ghi): {exc}") from exc
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        else:
            db.execute("COMMIT")

    # schema ------------------------------------------------------------------------------------------

    def _ensure_schema(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:  # refused before anything (even the journal mode) is written
            raise ArchiveError(
                f"Kho lưu trữ “{self.path}” được tạo bởi phiên bản mới hơn của ứng dụng "
                f"(lược đồ {version}, phiên bản này hiểu tới {SCHEMA_VERSION}): hãy cập nhật ứng dụng."
            )
        self._db.execute("PRAGMA journal_mode = WAL")  # kept in the file; a no-op once set
        self._db.execute("PRAGMA synchronous = FULL")
        if version == SCHEMA_VERSION:
            return
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]  # another process may have upgraded
            if version == 0:
                if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise ArchiveError(f"Tệp “{self.path}” là một cơ sở dữ liệu SQLite khác, không phải kho lưu trữ.")
                _run_script(db, SCHEMA_V1)
                version = 1
            while version < SCHEMA_VERSION:
                _run_script(db, UPGRADES[version])
                version += 1
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @property
    def schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    def check(self) -> str:
        """SQLite's own integrity check: "ok" when the file is sound."""
        try:
            return self._db.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise damaged(self.path, exc) from exc

    # writing -----------------------------------------------------------------------------------------

    def add(self, records: Iterable[Record], *, origin: str = "") -> Stored:
        """Store submissions in one transaction. A unit's earlier submissions of the same form and
        period are replaced (a late resubmission replaces the earlier file; nothing counts twice)."""
        records = list(records)
        added = datetime.now().isoformat(timespec="seconds")
        replaced: list[str] = []
        try:
            with self.transaction() as db:
                groups: dict[tuple, list[Record]] = {}
                for record in records:
                    groups.setdefault((record.form_id, *_period_key(record.period), record.unit_key), []).append(record)
                for key, group in groups.items():
                    # an excluded file never pushes out a counted one: the counted figures stay
                    only_excluded = "" if any(r.counted for r in group) else " AND counted = 0"
                    where = f"form_id=? AND year=? AND kind=? AND idx=? AND unit_key=?{only_excluded}"
                    old = db.execute(f"SELECT file_name FROM submissions WHERE {where}", key).fetchall()
                    if old:
                        names = ", ".join(sorted({r[0] for r in old}))
                        replaced.append(f"{group[0].unit_name} ({group[0].period.label}): thay “{names}”")
                        db.execute(f"DELETE FROM submissions WHERE {where}", key)
                    for record in group:
                        self._insert(db, record, added, record.origin or origin)
        except sqlite3.DatabaseError as exc:
            raise self._failure(exc) from exc
        periods = sorted({r.period for r in records})
        return Stored(periods, len(records), replaced)

    def _insert(self, db: sqlite3.Connection, record: Record, added: str, origin: str) -> None:
        cursor = db.execute(
            "INSERT INTO submissions (form_id, form_version, year, kind, idx, unit_key, unit_code, unit_name, "
            "file_name, sha256, added, sheet, date_from, date_to, counted, reason, origin) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.form_id,
                record.form_version,
                *_period_key(record.period),
                record.unit_key,
                record.unit_code or "",
                record.unit_name,
                record.file_name,
                record.sha256,
                added,
                record.sheet,
                record.date_from,
                record.date_to,
                int(record.counted),
                record.reason,
                origin,
            ),
        )
        sid = cursor.lastrowid
        db.executemany(
            "INSERT INTO figures (submission_id, value_column, code, value, cell) VALUES (?, ?, ?, ?, ?)",
            [
                (sid, column, code, value, record.cells.get(column, {}).get(code, ""))
                for column, values in record.values.items()
                for code, value in values.items()
            ],
        )
        db.executemany(
            "INSERT INTO list_rows (submission_id, row, data) VALUES (?, ?, ?)",
            [(sid, n, json.dumps(row, ensure_ascii=False, default=str)) for n, row in enumerate(record.list_rows)],
        )

    def remove(self, form_id: str | None, period: Period, unit: str | None = None) -> int:
        """Remove a period (or one unit's submissions of it); returns how many submissions went."""
        where, params = _where(form_id, period, self._unit_keys(unit))
        try:
            with self.transaction() as db:
                return db.execute(f"DELETE FROM submissions WHERE {where}", params).rowcount
        except sqlite3.DatabaseError as exc:
            raise self._failure(exc) from exc

    def _failure(self, exc: sqlite3.DatabaseError) -> ArchiveError:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            return ArchiveError(f"Kho lưu trữ “{self.path}” đang bận (một cửa sổ khác đang ghi); hãy thử lại.")
        if isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc).replace(" ", ""):
            return ArchiveError(f"Không ghi được vào kho lưu trữ “{self.path}” (tệp chỉ đọc).")
        return damaged(self.path, exc)

    # reading -----------------------------------------------------------------------------------------

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        try:
            cursor = self._db.execute(sql, tuple(params))
            return cursor.fetchall()
        except sqlite3.DatabaseError as exc:
            raise self._failure(exc) from exc

    def periods(self, form_id: str | None = None) -> list[PeriodSummary]:
        where = "WHERE form_id = ?" if form_id else ""
        rows = self._query(
            "SELECT form_id, year, kind, idx, count(DISTINCT unit_key), sum(counted), count(*), max(added) "
            f"FROM submissions {where} GROUP BY form_id, year, kind, idx",
            [form_id] if form_id else [],
        )
        summaries = [PeriodSummary(r[0], Period(r[1], r[2], r[3]), r[4], r[5], r[6], r[7]) for r in rows]
        return sorted(summaries, key=lambda s: (s.form_id, period_order(s.period)))

    def records(
        self,
        form_id: str | None = None,
        period: Period | None = None,
        unit: str | None = None,
        *,
        counted_only: bool = False,
        lists: bool = True,
    ) -> list[Record]:
        """Submissions with their figures and (with `lists`) their list rows, in period then unit order."""
        where, params = _where(form_id, period, self._unit_keys(unit))
        if counted_only:
            where += " AND counted = 1"
        rows = self._query(
            "SELECT id, form_id, form_version, year, kind, idx, unit_code, unit_name, file_name, sha256, added, "
            f"sheet, date_from, date_to, counted, reason, origin FROM submissions WHERE {where}",
            params,
        )
        if not rows:
            return []
        ids = [r[0] for r in rows]
        values: dict[int, dict[str, dict[str, int | None]]] = {i: {} for i in ids}
        cells: dict[int, dict[str, dict[str, str]]] = {i: {} for i in ids}
        listed_rows: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            figures = self._query(
                f"SELECT submission_id, value_column, code, value, cell FROM figures WHERE submission_id IN ({marks})",
                chunk,
            )
            for sid, column, code, value, cell in figures:
                values[sid].setdefault(column, {})[code] = value
                cells[sid].setdefault(column, {})[code] = cell
            if not lists:
                continue
            listed = self._query(
                f"SELECT submission_id, data FROM list_rows WHERE submission_id IN ({marks}) "
                "ORDER BY submission_id, row",
                chunk,
            )
            for sid, data in listed:
                listed_rows[sid].append(json.loads(data))
        records = [
            Record(
                form_id=r[1],
                form_version=r[2],
                period=Period(r[3], r[4], r[5]),
                unit_code=r[6],
                unit_name=r[7],
                file_name=r[8],
                sha256=r[9],
                added=r[10],
                sheet=r[11],
                date_from=r[12],
                date_to=r[13],
                counted=bool(r[14]),
                reason=r[15],
                origin=r[16],
                values=values[r[0]],
                cells=cells[r[0]],
                list_rows=listed_rows[r[0]],
                id=r[0],
            )
            for r in rows
        ]
        return sorted(records, key=lambda r: (r.form_id, period_order(r.period), fold(r.unit_name), r.id))

    def list_rows(self, submission_id: int) -> list[dict[str, Any]]:
        rows = self._query("SELECT data FROM list_rows WHERE submission_id = ? ORDER BY row", [submission_id])
        return [json.loads(data) for (data,) in rows]

    def _unit_keys(self, unit: str | None) -> list[str] | None:
        """The unit keys a code or a name (any case, with or without diacritics) stands for."""
        if unit is None:
            return None
        wanted = {unit.strip(), fold(unit)}
        rows = self._query("SELECT DISTINCT unit_key, unit_code, unit_name FROM submissions")
        return [key for key, code, name in rows if key in wanted or code == unit.strip() or fold(name) in wanted]

    def units(self, form_id: str | None = None) -> list[tuple[str, str]]:
        """(code, name) of every unit archived, by name."""
        where = "WHERE form_id = ?" if form_id else ""
        rows = self._query(
            f"SELECT unit_key, unit_code, unit_name, max(added) FROM submissions {where} GROUP BY unit_key",
            [form_id] if form_id else [],
        )
        return sorted(((r[1], r[2]) for r in rows), key=lambda u: fold(u[1]))

    def history(
        self, form_id: str, code: str, *, column: str = "current", unit: str | None = None, kind: str | None = None
    ) -> list[tuple[Period, int | None, int]]:
        """(period, total over counted units or the one unit's figure, units) per archived period."""
        where, params = _where(form_id, None, self._unit_keys(unit))
        if kind:
            where += " AND s.kind = ?"
            params.append(kind)
        rows = self._query(
            "SELECT s.year, s.kind, s.idx, sum(f.value), count(f.value) FROM submissions s "
            "JOIN figures f ON f.submission_id = s.id AND f.value_column = ? AND f.code = ? "
            f"WHERE s.counted = 1 AND {where.replace('form_id', 's.form_id').replace('unit_key', 's.unit_key')} "
            "GROUP BY s.year, s.kind, s.idx",
            [column, code, *params],
        )
        return sorted(((Period(r[0], r[1], r[2]), r[3], r[4]) for r in rows), key=lambda t: period_order(t[0]))

    def info(self) -> dict[str, Any]:
        size = self.path.stat().st_size if self.path.exists() else 0
        counts = self._query("SELECT count(*), count(DISTINCT unit_key), count(DISTINCT form_id) FROM submissions")[0]
        figures = self._query("SELECT count(*) FROM figures")[0][0]
        return {
            "path": str(self.path),
            "schema_version": self.schema_version,
            "bytes": size,
            "submissions": counts[0],
            "units": counts[1],
            "forms": counts[2],
            "figures": figures,
            "periods": len(self.periods()),
        }


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Statements one by one inside the caller's transaction (executescript would commit it)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _period_key(period: Period) -> tuple[int, str, int]:
    return period.year, period.kind, period.index


_KIND_ORDER = {"month": 0, "quarter": 1, "half": 2, "nine_months": 3, "year": 4}


def period_order(period: Period) -> tuple[int, int, int, int]:
    """Chronological by the period's last month; a longer period after the shorter ones it ends with."""
    first, last = period.months
    return period.year, last, _KIND_ORDER.get(period.kind, 9), first


def _where(form_id: str | None, period: Period | None, unit: str | list[str] | None) -> tuple[str, list[Any]]:
    clauses, params = ["1 = 1"], []
    if form_id:
        clauses.append("form_id = ?")
        params.append(form_id)
    if period is not None:
        clauses.append("year = ? AND kind = ? AND idx = ?")
        params.extend(_period_key(period))
    if unit is not None:
        keys = list(unit) if not isinstance(unit, str) else [unit.strip(), fold(unit)]
        clauses.append(f"unit_key IN ({','.join('?' * len(keys)) or 'NULL'})")
        params.extend(keys)
    return " AND ".join(clauses), params


# a batch -> records -------------------------------------------------------------------------------------


def records_from_report(report: BatchReport) -> list[Record]:
    """The counted and the excluded submissions of a consolidated batch, as the archive keeps them.

    Files whose unit or period is unknown are not archived: they belong to no period of any unit.
    """
    from desktop.consolidate import Status

    consolidation = report.consolidation
    if consolidation is None or report.period is None:
        return []
    by_path = {f.path: f for f in report.files}
    records = []
    for row in consolidation.rows:
        result = by_path.get(row.file)
        records.append(_record(report, row.unit.code, row.unit.name, result, row.file, row.sheet))
        if result is not None and result.included_by_user and result.has_errors:
            records[-1] = _with(records[-1], reason="vẫn tính dù có lỗi")
    counted_paths = {row.file for row in consolidation.rows}
    by_name_hash = {(Path(f.path).name, f.sha256): f for f in report.files}
    for status in consolidation.status:
        if status.status not in (Status.EXCLUDED, Status.SUPERSEDED) or not status.file:
            continue
        result = by_name_hash.get((status.file, status.sha256))
        if result is None or result.path in counted_paths or result.unit is None or result.submission is None:
            continue
        if result.period is not None and result.period != report.period:
            continue
        record = _record(report, result.unit.code, result.unit.name, result, result.path, result.submission.sheet)
        records.append(_with(record, counted=False, reason=status.reason))
    return records


def _with(record: Record, **changes: Any) -> Record:
    from dataclasses import replace

    return replace(record, **changes)


def _record(report: BatchReport, code: str, name: str, result: Any, path: str, sheet: str | None) -> Record:
    form = report.form
    sub = result.submission if result is not None else None
    values = {col: dict(sub.values(col)) for col in form.value_columns} if sub else {}
    cells = (
        {col: {code: f.cell for code, f in sub.figures.get(col, {}).items()} for col in form.value_columns}
        if sub
        else {}
    )
    list_rows = [dict(row.values) for row in (sub.list_rows or [])] if sub else []
    return Record(
        form_id=form.id,
        form_version=form.version,
        period=report.period,
        unit_code=code or "",
        unit_name=name,
        file_name=Path(path).name,
        sha256=result.sha256 if result is not None else "",
        sheet=sheet or "",
        values=values,
        cells=cells,
        list_rows=list_rows,
        date_from=_text(sub.label("date_from")) if sub else "",
        date_to=_text(sub.label("date_to")) if sub else "",
    )


def _text(value: Any) -> str:
    from desktop.periods import format_date, parse_date

    if value is None:
        return ""
    parsed = parse_date(value)
    return format_date(parsed) if parsed else str(value)


def tidy_rows(records: Iterable[Record]) -> list[dict[str, Any]]:
    """One row per figure: form, period, unit, code, value column, value, source file and cell."""
    rows = []
    for record in records:
        for column, values in record.values.items():
            for code, value in values.items():
                rows.append(
                    {
                        "form": record.form_id,
                        "period": record.period.label,
                        "unit_code": record.unit_code,
                        "unit": record.unit_name,
                        "code": code,
                        "column": column,
                        "value": value,
                        "source": record.file_name,
                        "cell": record.cells.get(column, {}).get(code, ""),
                        "sha256": record.sha256,
                    }
                )
    return rows
