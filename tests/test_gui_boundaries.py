"""The shape of the GUI code: Qt stays in app.py and views/, and every UI string is translated."""

from __future__ import annotations

import ast
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "desktop"
TRANSLATIONS = PACKAGE / "resources" / "translations"
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "PySide2", "shiboken6", "pytestqt", "qtpy")


def qt_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        found.extend(n for n in names if n.split(".")[0] in QT_MODULES)
    return found


def test_qt_is_imported_only_by_the_app_and_the_views():
    offenders = {}
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative == "app.py" or relative.startswith("views/"):
            continue
        if imports := qt_imports(path):
            offenders[relative] = imports
    assert offenders == {}


def test_the_boundary_check_sees_a_qt_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from PySide6.QtCore import QObject\n", encoding="utf-8")
    assert qt_imports(sample) == ["PySide6.QtCore"]


def messages(ts: Path) -> list[ET.Element]:
    return list(ET.parse(ts).getroot().iter("message"))


@pytest.mark.parametrize("name", ["tonghop_en.ts", "qt_vi.ts"])
def test_every_translation_is_finished_and_compiled(name):
    ts = TRANSLATIONS / name
    unfinished = [m.findtext("source") for m in messages(ts) if m.find("translation").get("type") == "unfinished"]
    assert unfinished == []
    assert ts.with_suffix(".qm").stat().st_size > 0


@pytest.mark.skipif(shutil.which("pyside6-lupdate") is None, reason="pyside6-lupdate is not installed")
def test_every_string_in_the_code_is_in_the_english_translation(tmp_path):
    copy = tmp_path / "tonghop_en.ts"
    shutil.copy(TRANSLATIONS / "tonghop_en.ts", copy)
    sources = [str(PACKAGE / "app.py"), *map(str, sorted((PACKAGE / "views").glob("*.py")))]
    subprocess.run(["pyside6-lupdate", *sources, "-ts", str(copy)], check=True, capture_output=True)
    new = [m.findtext("source") for m in messages(copy) if m.find("translation").get("type") == "unfinished"]
    assert new == [], "run scripts/translations.sh and translate the new strings"
