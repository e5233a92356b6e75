"""Writing output files atomically: a temporary file beside the target, renamed into place.

While a target is being produced its folder holds a lock file `.~NAME.lock`, locked by the operating
system (so a killed run leaves it unlocked): a second run on the same target is refused with a message
instead of silently replacing the first one's work. Whoever takes the lock removes the temporaries
(`.~NAME-XXXXXXXX.xlsx`) a killed run left; a handled exit (an exception, Ctrl+C, SIGTERM through the
CLI's handler) removes its own.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from desktop.io.errors import OutputError
from desktop.oserrors import os_error_text

__all__ = ["OutputError", "atomic_target", "hold", "refuse_inputs"]

NAME_BYTES = 255  # the longest file name most file systems take
_STEM_BYTES = 120  # of the target's name in its temporaries and lock: room for the rest of the name


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# mkstemp makes a file only its owner can read; a written output gets the usual mode (read once, at
# import, before any thread could create files meanwhile)
_FILE_MODE = _default_mode()

_held: dict[str, int] = {}  # target (resolved) -> how many times this process holds it
_held_lock = threading.Lock()


def _short(stem: str, limit: int = _STEM_BYTES) -> str:
    return stem.encode("utf-8", "surrogateescape")[:limit].decode("utf-8", "ignore") or "_"


def _lock_path(target: Path) -> Path:
    return target.parent / f".~{_short(target.stem)}.lock"


def _temporaries(target: Path) -> Iterator[Path]:
    pattern = re.compile(rf"\.~{re.escape(_short(target.stem))}-[a-z0-9_]{{8}}{re.escape(target.suffix)}")
    with contextlib.suppress(OSError):
        for child in target.parent.iterdir():
            if pattern.fullmatch(child.name):
                yield child


def _try_lock(fd: int) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _open_locked(path: Path) -> int | None:
    """A descriptor of the lock file, locked by us; None when another process holds it."""
    for _ in range(5):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        if not _try_lock(fd):
            os.close(fd)
            return None
        try:  # the holder before us may have removed the file we locked: then lock the new one
            if os.path.samestat(os.fstat(fd), os.stat(path)):
                return fd
        except OSError:
            pass
        os.close(fd)
    return None


def _release(fd: int, lock: Path) -> None:
    """Remove the lock file and let it go: on POSIX before closing (nobody can take the old file meanwhile);
    Windows cannot remove an open file, and its lock goes with the handle."""
    if os.name == "nt":
        os.close(fd)
    with contextlib.suppress(OSError):
        lock.unlink()
    if os.name != "nt":
        os.close(fd)


def _busy(target: Path) -> OutputError:
    return OutputError(
        f"Tệp “{target.name}” đang được một lần chạy khác ghi (cửa sổ hay lệnh khác đang tổng hợp vào đúng tệp này). "
        "Hãy đợi lần đó xong rồi thử lại, hoặc chọn tên tệp khác."
    )


@contextlib.contextmanager
def hold(path: str | Path) -> Iterator[None]:
    """Hold the target's lock (again, if this process holds it already); removes stale temporaries.

    Raises OutputError when another run holds it, or when the folder cannot take a file.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"Thư mục “{folder}” không tồn tại")
    key = os.path.normcase(os.path.realpath(target))
    with _held_lock:
        if key in _held:
            _held[key] += 1
            fd = None
        else:
            lock = _lock_path(target)
            try:
                fd = _open_locked(lock)
            except OSError as exc:
                raise OutputError(f"Không ghi được vào thư mục “{folder}”: {os_error_text(exc)}") from exc
            if fd is None:
                raise _busy(target)
            _held[key] = 1
            for stale in _temporaries(target):
                with contextlib.suppress(OSError):
                    stale.unlink()
    try:
        yield
    finally:
        with _held_lock:
            _held[key] -= 1
            if _held[key] == 0:
                del _held[key]
                if fd is not None:
                    _release(fd, _lock_path(target))


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


@contextlib.contextmanager
def atomic_target(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces the target.

    The target's lock is held meanwhile, and the target must still be what it was when we began: a
    file written there by some other program in the meantime is not silently replaced.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if len(target.name.encode("utf-8", "surrogateescape")) > NAME_BYTES:
        raise OutputError(f"Tên tệp “{_short(target.name, 60)}…” quá dài (tối đa {NAME_BYTES} byte)")
    with hold(target):
        before = _identity(target)
        try:
            handle, temporary = tempfile.mkstemp(prefix=f".~{_short(target.stem)}-", suffix=target.suffix, dir=folder)
        except OSError as exc:
            raise OutputError(f"Không ghi được vào thư mục “{folder}”: {os_error_text(exc)}") from exc
        os.close(handle)
        temporary_path = Path(temporary)
        try:
            yield temporary_path
            if _identity(target) != before:
                raise OutputError(
                    f"Tệp “{target.name}” vừa bị một chương trình khác ghi trong lúc đang tạo; "
                    "không ghi đè lên. Hãy kiểm tra tệp đó rồi thử lại."
                )
            try:
                os.chmod(temporary_path, target.stat().st_mode & 0o777 if target.exists() else _FILE_MODE)
                os.replace(temporary_path, target)
            except PermissionError as exc:
                raise OutputError(
                    f"Không ghi được “{target.name}”: tệp đang mở trong Excel hoặc chỉ đọc. Hãy đóng tệp rồi thử lại."
                ) from exc
            except OSError as exc:
                raise OutputError(f"Không ghi được “{target}”: {os_error_text(exc)}") from exc
        finally:
            with contextlib.suppress(OSError):
                temporary_path.unlink()


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def refuse_inputs(target: str | Path, inputs: Iterable[str | Path]) -> None:
    """Raise OutputError when `target` is one of the input files, however either is spelled (../, links)."""
    target = Path(target)
    if not target.exists():
        return
    for given in inputs:
        if _same(target, Path(given)):
            raise OutputError(
                f"Tệp ra “{target}” chính là tệp báo cáo đầu vào “{given}”: không ghi đè lên tệp của đơn vị. "
                "Hãy chọn tên hoặc thư mục khác cho tệp ra."
            )
