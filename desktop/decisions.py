"""The clerk's decisions as commands that can be undone and redone (Ctrl+Z / Ctrl+Y).

A command keeps the round's decisions before and after it (they are immutable), so undoing restores
exactly what was there, who decided it and when. The window wraps these; nothing here knows Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.rounds import Decisions, Round, Stamp


@dataclass
class Decision:
    """One step of the clerk's work on a round, with its description in Vietnamese and English.

    `change` turns the round's decisions into the new ones when the step is done; the states before
    and after are kept from then on.
    """

    round: Round
    action: str  # include, exclude, prefer, remove, add, clear
    change: Callable[[Decisions], Decisions]
    text_vi: str
    text_en: str
    before: Decisions | None = None
    after: Decisions | None = None

    def text(self, language: str = "vi") -> str:
        return self.text_en if language == "en" else self.text_vi

    def do(self) -> None:
        self.before = self.round.decisions
        self.after = self.change(self.before)
        self.round.decisions = self.after
        self.round.note(self.action, self.text_vi)

    def undo(self) -> None:
        self.round.decisions = self.before
        self.round.note("undo", f"Hoàn tác: {self.text_vi}")

    def redo(self) -> None:
        self.round.decisions = self.after
        self.round.note("redo", f"Làm lại: {self.text_vi}")


def _name(path: str) -> str:
    return Path(path).name or path


def _names(paths: Sequence[str], vi: str, en: str) -> tuple[str, str]:
    if len(paths) == 1:
        return _name(paths[0]), _name(paths[0])
    return f"{len(paths)} {vi}", f"{len(paths)} {en}"


def include(round_: Round, path: str, included: bool = True) -> Decision:
    """Count a file despite its errors (or stop counting it)."""
    name = _name(path)

    def change(d: Decisions) -> Decisions:
        return d.with_included(path, included, Stamp.now())

    if included:
        return Decision(round_, "include", change, f"Tính cả tệp {name}", f"Count {name} anyway")
    return Decision(round_, "exclude", change, f"Không tính tệp {name}", f"Stop counting {name}")


def prefer(round_: Round, path: str, group: Sequence[str]) -> Decision:
    """Count `path` for its unit and period instead of the other files of `group`."""
    return prefer_many(round_, [(path, group)])


def prefer_many(round_: Round, picked: Sequence[tuple[str, Sequence[str]]]) -> Decision:
    """Duplicate choices made at once in the dialog: one step to undo."""
    picked = [(path, list(group)) for path, group in picked]

    def change(d: Decisions) -> Decisions:
        stamp = Stamp.now()
        for path, group in picked:
            d = d.with_preferred(path, group, stamp)
        return d

    vi, en = _names([p for p, _ in picked], "tệp", "files")
    if len(picked) == 1:
        vi = f"tệp {vi}"
    return Decision(round_, "prefer", change, f"Chọn {vi} khi trùng", f"Count {en} among duplicates")


def remove(round_: Round, paths: Sequence[str]) -> Decision:
    paths = list(paths)
    vi, en = _names(paths, "tệp", "files")
    return Decision(
        round_,
        "remove",
        lambda d: d.with_removed(paths, Stamp.now()),
        f"Bỏ tệp {vi}" if len(paths) == 1 else f"Bỏ {vi}",
        f"Remove {en}",
    )


def add(round_: Round, paths: Sequence[str]) -> Decision:
    """Add files and folders; a file removed before comes back (re-add)."""
    paths = list(paths)
    back = [p for p in paths if round_.decisions.is_removed(p)]
    if back and len(back) == len(paths):
        vi, en = _names(back, "tệp", "files")
        vi = f"tệp {vi}" if len(back) == 1 else vi
        text_vi, text_en = f"Thêm lại {vi}", f"Add {en} back"
    elif len(paths) == 1:
        kind_vi, kind_en = ("thư mục", "folder") if Path(paths[0]).is_dir() else ("tệp", "file")
        text_vi, text_en = f"Thêm {kind_vi} {_name(paths[0])}", f"Add {kind_en} {_name(paths[0])}"
    else:
        vi, en = _names(paths, "tệp và thư mục", "files and folders")
        text_vi, text_en = f"Thêm {vi}", f"Add {en}"
    return Decision(round_, "add", lambda d: d.with_added(paths), text_vi, text_en)


def clear(round_: Round) -> Decision:
    return Decision(round_, "clear", lambda d: d.cleared(), "Xóa danh sách tệp", "Clear the list of files")


class UndoStack:
    """Decisions done, and those undone that can be redone (a new decision drops the latter)."""

    def __init__(self, limit: int = 500) -> None:
        self.limit = limit
        self._done: list[Decision] = []
        self._undone: list[Decision] = []

    def push(self, decision: Decision) -> Decision:
        decision.do()
        self._done.append(decision)
        del self._done[: -self.limit]
        self._undone.clear()
        return decision

    def undo(self) -> Decision | None:
        if not self._done:
            return None
        decision = self._done.pop()
        decision.undo()
        self._undone.append(decision)
        return decision

    def redo(self) -> Decision | None:
        if not self._undone:
            return None
        decision = self._undone.pop()
        decision.redo()
        self._done.append(decision)
        return decision

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def undo_text(self, language: str = "vi") -> str:
        return self._done[-1].text(language) if self._done else ""

    def redo_text(self, language: str = "vi") -> str:
        return self._undone[-1].text(language) if self._undone else ""

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()
