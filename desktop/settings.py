"""Settings shared by the CLI and the GUI (last registry, form), kept as JSON in the user config folder.

TONGHOP_CONFIG_DIR overrides the config folder, TONGHOP_DATA_DIR the data folder (forms, rounds,
archive) and TONGHOP_CACHE_DIR the cache folder (tests, support, portable installs).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def config_dir() -> Path:
    override = os.environ.get("TONGHOP_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("TongHop", appauthor=False))


def data_dir() -> Path:
    """The user's data folder: their own forms, saved rounds, the archive."""
    override = os.environ.get("TONGHOP_DATA_DIR") or os.environ.get("TONGHOP_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("TongHop", appauthor=False))


def cache_dir() -> Path:
    """The user's cache folder: what can be rebuilt at any time."""
    override = os.environ.get("TONGHOP_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("TongHop", appauthor=False))


def _file() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> dict[str, Any]:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def save_settings(**changes: Any) -> None:
    """Merge `changes` into the saved settings; a settings file that can't be written is not fatal."""
    data = load_settings()
    data.update(changes)
    try:
        _file().parent.mkdir(parents=True, exist_ok=True)
        _file().write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    except OSError:
        pass
