import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.forms import Form, load_form  # noqa: E402
from desktop.units import Registry, province_registry  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory, monkeypatch):
    """No test reads or writes the real user's settings, data (forms, rounds, archive) or cache."""
    monkeypatch.setenv("TONGHOP_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("TONGHOP_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("TONGHOP_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("TONGHOP_ARCHIVE", str(tmp_path_factory.mktemp("archive") / "archive.sqlite"))


@pytest.fixture(scope="session")
def form() -> Form:
    return load_form()


@pytest.fixture(scope="session")
def registry() -> Registry:
    return province_registry("Thanh Hóa")


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "inputs"
    path.mkdir()
    return path


REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def run_cli():
    """Run `python -m desktop ARGS` in a subprocess against this checkout's code."""
    import subprocess
    import sys

    def run(*args, timeout=240):
        env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
        return subprocess.run(
            [sys.executable, "-m", "desktop", *map(str, args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=timeout,
        )

    return run
