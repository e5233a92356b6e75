"""The log file: where the technical text of a problem goes (the user sees a Vietnamese line instead).

The window and the command line write to the same rotating file (1 MB x 3), which the Help menu opens.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path


def log_dir() -> Path:
    override = os.environ.get("TONGHOP_CONFIG_DIR")
    if override:
        return Path(override) / "logs"
    from platformdirs import user_log_dir

    return Path(user_log_dir("TongHop", appauthor=False))


def setup_logging() -> Path | None:
    """A rotating log file (1 MB x 3); None when the folder can't be written (nothing is then printed either)."""
    root = logging.getLogger()
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "tonghop.log"
        handler = RotatingFileHandler(path, maxBytes=1 << 20, backupCount=3, encoding="utf-8")
    except OSError:
        if not root.handlers:
            root.addHandler(logging.NullHandler())  # never Python's last resort: English on the user's screen
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    if not any(isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path for h in root.handlers):
        root.addHandler(handler)
    else:
        handler.close()
    root.setLevel(logging.INFO)
    return path
