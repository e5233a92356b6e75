"""Preferences: what the app remembers (language, registry, form, folders, window layout).

Kept with QSettings in an INI file beside the CLI's settings (TONGHOP_CONFIG_DIR moves both); the
registry is also written to desktop.settings so that `tonghop validate` uses the same one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from desktop.settings import config_dir, load_settings, save_settings
from desktop.units import Registry, RegistryError, csv_registry, province_registry  # noqa: F401 (re-exported)

LANGUAGES = ("vi", "en")


def qsettings() -> QSettings:
    return QSettings(str(config_dir() / "tonghop-gui.ini"), QSettings.Format.IniFormat)


def _get(key: str, default: Any = None) -> Any:
    value = qsettings().value(key, default)
    return default if value in (None, "") else value


def _set(key: str, value: Any) -> None:
    settings = qsettings()
    if value in (None, ""):
        settings.remove(key)
    else:
        settings.setValue(key, value)
    settings.sync()


def language() -> str:
    value = str(_get("language", "vi"))
    return value if value in LANGUAGES else "vi"


def set_language(value: str) -> None:
    _set("language", value if value in LANGUAGES else "vi")


def registry_choice() -> dict[str, str]:
    """{"province": name} or {"units": csv path} or {} (no registry): the CLI's choice wins."""
    shared = load_settings().get("registry")
    if isinstance(shared, dict) and (shared.get("province") or shared.get("units")):
        return {k: str(v) for k, v in shared.items() if k in ("province", "units") and v}
    province, units = _get("registry/province"), _get("registry/units")
    return {"province": str(province)} if province else {"units": str(units)} if units else {}


def set_registry_choice(choice: dict[str, str]) -> None:
    _set("registry/province", choice.get("province"))
    _set("registry/units", choice.get("units"))
    save_settings(registry=choice or None)


def load_registry(choice: dict[str, str]) -> Registry | None:
    """The registry a choice names; raises RegistryError with a message for the user."""
    if choice.get("province"):
        return province_registry(choice["province"])
    if choice.get("units"):
        if not Path(choice["units"]).exists():
            raise RegistryError(f"Không tìm thấy tệp danh mục “{choice['units']}”")
        return csv_registry(choice["units"])
    return None


def form_path() -> str:
    return str(_get("form", ""))


def set_form_path(path: str) -> None:
    _set("form", path)


def last_folder() -> str:
    return str(_get("last_folder", str(Path.home())))


def set_last_folder(path: str | Path) -> None:
    folder = Path(path)
    _set("last_folder", str(folder if folder.is_dir() else folder.parent))


def window_state() -> tuple[Any, Any]:
    return _get("window/geometry"), _get("window/state")


def set_window_state(geometry: Any, state: Any) -> None:
    _set("window/geometry", geometry)
    _set("window/state", state)
