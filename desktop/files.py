"""Input files: which files under the user's folders are workbooks to read, which are skipped, when two
names are the same file, and a file's SHA-256 (written into the output, so a figure can be traced to
the exact file it came from).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from desktop.io.workbook import SPREADSHEET_SUFFIXES


def is_skipped_name(path: Path) -> bool:
    """Excel lock files (~$...), hidden files and temporary files."""
    name = path.name
    return name.startswith(("~$", ".", "~")) or name.lower().endswith((".tmp", ".bak")) or _hidden_on_windows(path)


def _hidden_on_windows(path: Path) -> bool:
    attributes = getattr(os.stat(path), "st_file_attributes", 0) if path.exists() else 0
    return bool(attributes & 0x2)


def discover_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Spreadsheet files under the given paths (folders recursively), and the skipped ones.

    A path that does not exist raises FileNotFoundError: an error of use, not of the data.
    """
    found: list[Path] = []
    skipped: list[str] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise FileNotFoundError(str(path))
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if not child.is_file() or child.suffix.lower() not in SPREADSHEET_SUFFIXES:
                    continue
                if any(is_skipped_name(Path(part)) for part in child.relative_to(path).parts):
                    skipped.append(str(child))
                else:
                    found.append(child)
        elif is_skipped_name(path):
            skipped.append(str(path))
        else:
            found.append(path)
    return list(dict.fromkeys(found)), skipped


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def stamp(stat: os.stat_result) -> tuple[int, int]:
    """Size and modification time: a file saved while it was read shows a new stamp."""
    return stat.st_size, stat.st_mtime_ns


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two names are one file; a bare name (as the user gives it to --include) matches by name."""
    a, b = Path(a), Path(b)
    try:
        return a.resolve() == b.resolve() or (a.name == b.name and len(b.parts) == 1)
    except OSError:
        return False


def is_among(path: str | Path, names: Iterable[str | Path]) -> bool:
    return any(same_file(path, name) for name in names)
