"""Writing output files atomically: a temporary file beside the target, renamed into place."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from desktop.io.errors import OutputError
from desktop.oserrors import os_error_text

__all__ = ["OutputError", "atomic_target"]


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# mkstemp makes a file only its owner can read; a written output gets the usual mode (read once, at
# import, before any thread could create files meanwhile)
_FILE_MODE = _default_mode()


@contextlib.contextmanager
def atomic_target(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces the target."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"Thư mục “{folder}” không tồn tại")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".~{target.stem}-", suffix=target.suffix, dir=folder)
    except OSError as exc:
        raise OutputError(f"Không ghi được vào thư mục “{folder}”: {os_error_text(exc)}") from exc
    os.close(handle)
    temporary_path = Path(temporary)
    try:
        yield temporary_path
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
        if temporary_path.exists():
            temporary_path.unlink()
