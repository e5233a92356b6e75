"""The pre-flight OLE walk (desktop/io/preflight.py) against the olefile package, on real and hostile .xls.

    pip install olefile   # only for this measurement; the product does not depend on it
    python -m benchmarks.ole_walk FILE.xls [FILE.xls ...]

For each file (and for hostile files it builds: a looping sector chain, a truncated file, a directory
claiming a 4 GB stream): time and peak Python memory to list the streams and read the Workbook stream,
and what each side does with it (the stream length read, or the exception it raises).
"""

from __future__ import annotations

import argparse
import struct
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from desktop.io.preflight import _ole_streams


def ours(path: Path) -> int:
    with path.open("rb") as handle:
        streams = _ole_streams(handle, path.stat().st_size)
        return len(streams["Workbook"]())


def theirs(path: Path) -> int:
    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        ole.listdir()
        return len(ole.openstream("Workbook").read())


def measure(fn: Callable[[Path], int], path: Path, repeat: int) -> str:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        for _ in range(repeat):
            outcome = f"{fn(path):,} bytes"
    except Exception as exc:  # what each side does with a hostile file is the point
        outcome = f"{type(exc).__name__}: {str(exc)[:60]}"
    elapsed = (time.perf_counter() - start) / repeat * 1000
    peak = tracemalloc.get_traced_memory()[1] / (1 << 20)
    tracemalloc.stop()
    return f"{elapsed:8.2f} ms  {peak:7.1f} MB  {outcome}"


def hostile(folder: Path, source: Path) -> list[Path]:
    data = bytearray(source.read_bytes())
    sector = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    first_dir = struct.unpack_from("<I", data, 0x30)[0]
    first_fat = struct.unpack_from("<I", data, 0x4C)[0]
    made = []
    directory = (first_dir + 1) * sector
    entry = data.find("Workbook".encode("utf-16-le"), directory, directory + sector)
    start = struct.unpack_from("<I", data, entry + 116)[0]
    looped = bytearray(data)  # the Workbook stream's first sector points back at itself
    struct.pack_into("<I", looped, (first_fat + 1) * sector + start * 4, start)
    made.append(folder / "loop.xls")
    made[-1].write_bytes(looped)
    made.append(folder / "truncated.xls")
    made[-1].write_bytes(data[: len(data) // 3])
    huge = bytearray(data)  # every directory entry claims a 4 GB stream
    for offset in range(directory, directory + sector, 128):
        struct.pack_into("<Q", huge, offset + 120, 0xFFFFFFFF)
    made.append(folder / "huge-size.xls")
    made[-1].write_bytes(huge)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        paths = list(args.files) + hostile(Path(folder), args.files[0])
        for path in paths:
            print(f"{path.name} ({path.stat().st_size:,} bytes)")
            print(f"  preflight {measure(ours, path, args.repeat)}")
            print(f"  olefile   {measure(theirs, path, args.repeat)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
