"""A round (đợt tổng hợp): one period's collection of reports, remembered from one day to the next.

A round holds the form, the period, the registry, the files and folders the clerk added, and every
decision the clerk made about them (a file counted despite its errors, which of two duplicates counts,
a file removed), each with who made it and when. It is saved as JSON in the user's data folder as soon
as anything changes. These are the same data the CLI takes, so a round can be written out as the
command line that reproduces its consolidation.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import shlex
import subprocess
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.periods import Period, parse_period
from desktop.settings import data_dir

SCHEMA = 1
LOG_LIMIT = 2000  # the oldest entries of a very long round are dropped from its log


def current_user() -> str:
    """The operating system's user name: who made a decision."""
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (a service, an odd Windows setup)
        return os.environ.get("USERNAME") or os.environ.get("USER") or "?"


def now_text(timespec: str = "seconds") -> str:
    return datetime.now().astimezone().isoformat(timespec=timespec)


@dataclass(frozen=True)
class Stamp:
    """Who did something, and when (ISO 8601 local time)."""

    user: str
    at: str

    @classmethod
    def now(cls) -> Stamp:
        return cls(current_user(), now_text())


@dataclass(frozen=True)
class Choice:
    """A decision about one file; `group` holds the files a duplicate was chosen among."""

    path: str
    stamp: Stamp
    group: tuple[str, ...] = ()


def same_path(a: str | Path, b: str | Path) -> bool:
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def is_under(path: str | Path, folder: str | Path) -> bool:
    path, folder = os.path.normcase(os.path.abspath(path)), os.path.normcase(os.path.abspath(folder))
    return path.startswith(folder.rstrip(os.sep) + os.sep)


def _without(choices: Iterable[Choice], paths: Iterable[str]) -> tuple[Choice, ...]:
    paths = list(paths)
    return tuple(c for c in choices if not any(same_path(c.path, p) for p in paths))


@dataclass(frozen=True)
class Decisions:
    """What the clerk added and decided: immutable, so that undo keeps the state before and after."""

    inputs: tuple[str, ...] = ()  # files and folders, as added
    include: tuple[Choice, ...] = ()
    prefer: tuple[Choice, ...] = ()
    removed: tuple[Choice, ...] = ()

    @property
    def folders(self) -> list[str]:
        return [p for p in self.inputs if Path(p).is_dir()]

    def is_included(self, path: str) -> bool:
        return any(same_path(c.path, path) for c in self.include)

    def is_removed(self, path: str) -> bool:
        return any(same_path(c.path, path) for c in self.removed)

    def covered(self, path: str) -> bool:
        """Whether `path` is one of the inputs or lies in an input folder."""
        return any(same_path(path, p) or is_under(path, p) for p in self.inputs)

    def with_included(self, path: str, included: bool, stamp: Stamp) -> Decisions:
        include = _without(self.include, [path])
        return replace(self, include=include + ((Choice(path, stamp),) if included else ()))

    def with_preferred(self, path: str, group: Sequence[str], stamp: Stamp) -> Decisions:
        group = tuple(dict.fromkeys([path, *group]))
        prefer = tuple(c for c in self.prefer if not any(same_path(c.path, g) for g in group))
        return replace(self, prefer=prefer + (Choice(path, stamp, group),))

    def with_removed(self, paths: Sequence[str], stamp: Stamp) -> Decisions:
        """Leave files out of the round, even when they lie in a watched folder; their choices go with them."""
        inputs = tuple(p for p in self.inputs if not any(same_path(p, q) for q in paths))
        removed = _without(self.removed, paths) + tuple(Choice(p, stamp) for p in paths)
        return Decisions(inputs, _without(self.include, paths), _without(self.prefer, paths), removed)

    def with_added(self, paths: Sequence[str]) -> Decisions:
        """Add files and folders (a file removed before is added back)."""
        inputs = list(self.inputs)
        for path in paths:
            if not any(same_path(path, p) for p in inputs) and not (Path(path).is_file() and self.covered(path)):
                inputs.append(path)
        removed = tuple(c for c in self.removed if not any(same_path(c.path, p) or is_under(c.path, p) for p in paths))
        return replace(self, inputs=tuple(inputs), removed=removed)

    def cleared(self) -> Decisions:
        return Decisions()


@dataclass(frozen=True)
class LogEntry:
    action: str  # include, exclude, prefer, remove, add, clear, undo, redo, period, registry, close, open
    text: str  # what was done, in Vietnamese
    stamp: Stamp


@dataclass
class Round:
    id: str
    form_ids: list[str]
    form_path: str = ""  # "" for the built-in form
    period: str | None = None  # as the clerk set it; None: the period most files state
    registry: dict[str, Any] = field(default_factory=dict)  # {"province": name} | {"units": csv} | {"national": True}
    decisions: Decisions = field(default_factory=Decisions)
    log: list[LogEntry] = field(default_factory=list)
    created: Stamp = field(default_factory=Stamp.now)
    updated: str = field(default_factory=lambda: now_text("microseconds"))
    closed: Stamp | None = None
    schema: int = SCHEMA

    @classmethod
    def new(
        cls,
        form_ids: Sequence[str],
        *,
        form_path: str = "",
        period: str | None = None,
        registry: dict[str, Any] | None = None,
        inputs: Sequence[str] = (),
    ) -> Round:
        identity = datetime.now().strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
        return cls(identity, list(form_ids), form_path, period, dict(registry or {}), Decisions(tuple(inputs)))

    @property
    def is_closed(self) -> bool:
        return self.closed is not None

    @property
    def period_value(self) -> Period | None:
        return parse_period(self.period) if self.period else None

    def note(self, action: str, text: str) -> None:
        self.log.append(LogEntry(action, text, Stamp.now()))
        del self.log[:-LOG_LIMIT]

    def title(self) -> str:
        """How menus name the round: its period and registry, else when it was started."""
        registry = self.registry.get("province") or (
            Path(self.registry["units"]).stem if self.registry.get("units") else ""
        )
        if self.registry.get("national"):
            registry = "Toàn quốc"
        started = _short_date(self.created.at)
        parts = [self.period or f"Đợt bắt đầu {started}", registry]
        return " — ".join(p for p in parts if p)

    def next_round(self, period: str | None = None) -> Round:
        """A new round for the following period, with the same form, folders and registry."""
        following = period
        if following is None and self.period_value is not None:
            following = next_period(self.period_value).label
        folders = [p for p in self.decisions.inputs if Path(p).is_dir() or not Path(p).suffix]
        return Round.new(
            self.form_ids, form_path=self.form_path, period=following, registry=self.registry, inputs=folders
        )


def _short_date(text: str) -> str:
    with contextlib.suppress(ValueError):
        return datetime.fromisoformat(text).strftime("%d/%m/%Y %H:%M")
    return text


def next_period(period: Period) -> Period:
    """The period after `period`, of the same kind (Quý III/2026 -> Quý IV/2026 -> Quý I/2027)."""
    count = {"month": 12, "quarter": 4, "half": 2}.get(period.kind)
    if count is None:
        return Period(period.year + 1, period.kind, period.index)
    if period.index == count:
        return Period(period.year + 1, period.kind, 1)
    return Period(period.year, period.kind, period.index + 1)


# -- files of a round


@dataclass(frozen=True)
class RoundFiles:
    files: list[str]  # what the round reads: the inputs' spreadsheets, less the removed ones
    skipped: list[str]  # lock, hidden and temporary files
    missing_folders: list[str]  # input folders that are not there (a USB stick pulled, a drive not mapped)


def round_files(decisions: Decisions) -> RoundFiles:
    """The files a round's decisions name, as the disk is now. A missing file given by name stays in the
    list (it is reported as gone); a missing folder is reported as such."""
    from desktop.files import discover_files

    files: list[str] = []
    skipped: list[str] = []
    missing: list[str] = []
    for given in decisions.inputs:
        path = Path(given)
        if path.is_dir():
            try:
                found, skip = discover_files([path])
            except (FileNotFoundError, OSError):
                missing.append(given)
                continue
            files += [str(f) for f in found]
            skipped += skip
        elif path.exists() or path.suffix:
            files.append(given)
        else:
            missing.append(given)
    files = [f for f in dict.fromkeys(files) if not decisions.is_removed(f)]
    return RoundFiles(files, skipped, missing)


# -- the command line that reproduces a round


def command_arguments(round_: Round, output: str | Path) -> list[str]:
    """`tonghop` arguments that consolidate what the round does, into `output`.

    A folder with files removed from it is given as its remaining files (the CLI has no “leave out”).
    """
    decisions = round_.decisions
    paths: list[str] = []
    for given in decisions.inputs:
        removed_inside = [c for c in decisions.removed if is_under(c.path, given)]
        if Path(given).is_dir() and removed_inside:
            paths += [f for f in round_files(Decisions((given,), removed=decisions.removed)).files]
        elif not decisions.is_removed(given):
            paths.append(given)
    arguments = ["consolidate", *paths, "-o", str(output)]
    registry = round_.registry
    if registry.get("province"):
        arguments += ["--province", str(registry["province"])]
    elif registry.get("units"):
        arguments += ["--units", str(registry["units"])]
    elif registry.get("national"):
        arguments += ["--national"]
    if round_.form_path:
        arguments += ["--form", round_.form_path]
    if round_.period:
        arguments += ["--period", round_.period]
    for choice in decisions.include:
        arguments += ["--include", choice.path]
    for choice in decisions.prefer:
        arguments += ["--prefer", choice.path]
    return arguments


def command_line(arguments: Sequence[str], *, windows: bool | None = None) -> str:
    """The arguments as one line to paste into a terminal (cmd.exe quoting on Windows)."""
    windows = os.name == "nt" if windows is None else windows
    words = ["tonghop", *arguments]
    return subprocess.list2cmdline(words) if windows else shlex.join(words)


# -- saving and loading


class RoundError(Exception):
    """A round file that cannot be used (damaged, from a newer version) or written; a message for the user."""


@dataclass(frozen=True)
class SetAside:
    """A round file that could not be read, and where it was moved to."""

    path: Path
    aside: Path | None
    reason: str  # Vietnamese

    @property
    def message(self) -> str:
        where = f"; đã chuyển sang “{self.aside.name}”" if self.aside else ""
        return f"Không mở được tệp đợt “{self.path.name}”: {self.reason}{where}."


def _stamp_json(stamp: Stamp | None) -> dict[str, str] | None:
    return None if stamp is None else {"user": stamp.user, "at": stamp.at}


def _choice_json(choice: Choice) -> dict[str, Any]:
    data: dict[str, Any] = {"path": choice.path, **_stamp_json(choice.stamp)}
    if choice.group:
        data["group"] = list(choice.group)
    return data


def round_to_json(round_: Round) -> dict[str, Any]:
    decisions = round_.decisions
    return {
        "schema": SCHEMA,
        "id": round_.id,
        "forms": list(round_.form_ids),
        "form_path": round_.form_path,
        "period": round_.period,
        "registry": round_.registry,
        "inputs": list(decisions.inputs),
        "include": [_choice_json(c) for c in decisions.include],
        "prefer": [_choice_json(c) for c in decisions.prefer],
        "removed": [_choice_json(c) for c in decisions.removed],
        "created": _stamp_json(round_.created),
        "updated": round_.updated,
        "closed": _stamp_json(round_.closed),
        "log": [{"action": e.action, "text": e.text, **_stamp_json(e.stamp)} for e in round_.log],
    }


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"trường “{name}” không phải là chữ")
    return value


def _stamp_from(data: Any, name: str) -> Stamp:
    if not isinstance(data, dict):
        raise ValueError(f"trường “{name}” không đúng dạng")
    return Stamp(_text(data.get("user"), f"{name}.user"), _text(data.get("at"), f"{name}.at"))


def _choices_from(items: Any, name: str) -> tuple[Choice, ...]:
    if not isinstance(items, list):
        raise ValueError(f"trường “{name}” không phải là danh sách")
    choices = []
    for item in items:
        group = item.get("group", []) if isinstance(item, dict) else None
        if not isinstance(group, list):
            raise ValueError(f"trường “{name}.group” không phải là danh sách")
        path = _text(item.get("path"), f"{name}.path")
        choices.append(Choice(path, _stamp_from(item, name), tuple(_text(g, f"{name}.group") for g in group)))
    return tuple(choices)


def round_from_json(data: Any) -> Round:
    """A Round from its saved form; ValueError (in Vietnamese) when a field is missing or of the wrong kind."""
    if not isinstance(data, dict):
        raise ValueError("nội dung không phải là một đợt tổng hợp")
    schema = data.get("schema")
    if not isinstance(schema, int):
        raise ValueError("thiếu số phiên bản (schema)")
    if schema > SCHEMA:
        raise ValueError(f"tệp do phiên bản mới hơn của chương trình ghi (lược đồ {schema}, bản này đọc được {SCHEMA})")
    inputs = data.get("inputs")
    forms = data.get("forms")
    registry = data.get("registry") or {}
    period = data.get("period")
    if not isinstance(inputs, list) or not isinstance(forms, list) or not isinstance(registry, dict):
        raise ValueError("thiếu danh sách tệp, biểu mẫu hoặc danh mục")
    if period is not None:
        _text(period, "period")
    log = data.get("log") or []
    if not isinstance(log, list):
        raise ValueError("trường “log” không phải là danh sách")
    decisions = Decisions(
        tuple(_text(p, "inputs") for p in inputs),
        _choices_from(data.get("include", []), "include"),
        _choices_from(data.get("prefer", []), "prefer"),
        _choices_from(data.get("removed", []), "removed"),
    )
    return Round(
        _text(data.get("id"), "id"),
        [_text(f, "forms") for f in forms],
        _text(data.get("form_path", ""), "form_path"),
        period,
        registry,
        decisions,
        [LogEntry(_text(e.get("action"), "log"), _text(e.get("text"), "log"), _stamp_from(e, "log")) for e in log],
        _stamp_from(data.get("created"), "created"),
        _text(data.get("updated", ""), "updated"),
        _stamp_from(data["closed"], "closed") if data.get("closed") else None,
    )


class RoundStore:
    """The saved rounds: one JSON file each in the data folder's rounds/.

    A file that cannot be read is moved into rounds/aside/ (never deleted) and reported in `set_aside`.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or data_dir() / "rounds"
        self.set_aside: list[SetAside] = []

    def path(self, round_id: str) -> Path:
        return self.folder / f"{round_id}.json"

    def save(self, round_: Round) -> None:
        """Write the round atomically (a temporary file renamed over the old one); RoundError if it can't."""
        round_.updated = now_text("microseconds")  # orders rounds saved within the same second
        target = self.path(round_.id)
        temporary = target.with_name(f".{target.stem}.{os.getpid()}.tmp")
        text = json.dumps(round_to_json(round_), ensure_ascii=False, indent=1)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(temporary, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise RoundError(f"Không lưu được đợt tổng hợp vào “{target}”: {exc.strerror or exc}") from exc

    def load(self, path: Path) -> Round:
        """The round saved in `path`; a damaged or newer file is set aside and RoundError raised."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return round_from_json(data)
        except OSError as exc:
            raise RoundError(f"Không đọc được tệp đợt “{path.name}”: {exc.strerror or exc}") from exc
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            reason = str(exc) if isinstance(exc, ValueError) and not isinstance(exc, json.JSONDecodeError) else ""
            aside = self._move_aside(path)
            problem = SetAside(path, aside, reason or "tệp bị hỏng (không phải JSON hợp lệ)")
            self.set_aside.append(problem)
            raise RoundError(problem.message) from exc

    def _move_aside(self, path: Path) -> Path | None:
        folder = self.folder / "aside"
        target = folder / f"{path.stem}.{datetime.now():%Y%m%d-%H%M%S}{path.suffix}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            return target
        except OSError:
            return None

    def rounds(self) -> list[Round]:
        """Every readable round, the most recently saved first (unreadable ones are set aside)."""
        found = []
        for path in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            with contextlib.suppress(RoundError):
                found.append(self.load(path))
        return sorted(found, key=lambda r: r.updated, reverse=True)

    def last_open(self) -> Round | None:
        """The round to reopen at start: the most recently saved one that is not closed."""
        return next((r for r in self.rounds() if not r.is_closed), None)
