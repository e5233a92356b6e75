"""How long one poll of a watched folder takes, by number of files (the window polls on its own thread).

python benchmarks/bench_watch.py [FILES...]      (default 100 1000 5000)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.watch import FolderWatch  # noqa: E402


def main(counts: list[int]) -> None:
    for count in counts:
        with tempfile.TemporaryDirectory() as folder:
            for number in range(count):
                (Path(folder) / f"{number:05d} Xã {number}.xlsx").write_bytes(b"PK" * 100)
            watch = FolderWatch([folder])
            rounds = 20
            started = time.perf_counter()
            for _ in range(rounds):
                watch.poll()
            each = (time.perf_counter() - started) / rounds * 1000
            print(f"{count:6d} files: {each:7.1f} ms per poll")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000, 5000])
