"""Names and version shared by build.py and tonghop.spec (no third-party imports)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "Tổng hợp Báo cáo"
APP_ID = "TongHop"  # folder, registry key and installer file name: ASCII on purpose
PUBLISHER = "Tổng hợp Báo cáo"
ICON = ROOT / "desktop" / "resources" / "icons" / "tonghop.ico"


def version() -> str:
    """The package version: [project] version in pyproject.toml, else desktop/__init__.py."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8")).get("project", {})
    if "version" in project:
        return project["version"]
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__\s*=\s*["\']([^"\']+)["\']', text).group(1)


def version_tuple(text: str | None = None) -> tuple[int, int, int, int]:
    """Four numbers for Windows version resources: '1.2.3rc1' -> (1, 2, 3, 0)."""
    nums = [int(n) for n in re.findall(r"\d+", re.match(r"[\d.]*", text or version()).group(0))][:4]
    return tuple(nums + [0] * (4 - len(nums)))
