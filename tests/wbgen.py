"""Workbooks for tests, written the way units really send them, and hostile files.

`write_valid` writes a valid TDBV-01 unit workbook with random figures through tests/builders.py (which
has the layout variations of real files). The raw builders write containers by hand (zip parts, ODS
content, OLE compound files) for the hostile-file tests; `LibreOffice` saves files the way Calc does.
"""

from __future__ import annotations

import json
import random
import shutil
import struct
import subprocess
import sys
import unicodedata
import uuid
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

from desktop.forms import Form, load_form
from tests.builders import Layout, build_workbook


@cache
def _form() -> Form:
    return load_form()


def legacy_encoders() -> dict[str, Any]:
    """The Unicode -> legacy encoders of desktop.vnencodings that exist (none while it is a placeholder)."""
    from desktop import vnencodings

    names = {"TCVN3": "unicode_to_tcvn3", "VNI": "unicode_to_vni"}
    return {label: getattr(vnencodings, name) for label, name in names.items() if hasattr(vnencodings, name)}


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def valid_values(rng: random.Random) -> dict[str, int]:
    """Figures that pass every error rule (R07, R10) of the form."""
    values = {code: rng.choice([0, rng.randint(1, 60), rng.randint(100, 2_000_000)]) for code in _form().codes}
    values["20"] = min(values["20"], values["19"])
    values["28"] = values["26"] + values["27"]
    return values


def as_text(value: int, style: str) -> str:
    """A whole number typed as text the way clerks do: 1.855 / 1,855 / 1 855 / 1<nbsp>855 / 1855."""
    if style == "plain" or value < 1000:
        return str(value)
    sep = {"dot": ".", "comma": ",", "space": " ", "nbsp": "\u00a0"}[style]
    return f"{value:,}".replace(",", sep)


def random_list(rng: random.Random, count: int = 3, year_max: int = 2026) -> list[dict[str, Any]]:
    from desktop.demo import AREAS, FORCES, MODEL_NAMES

    return [
        {
            "name": rng.choice(MODEL_NAMES),
            "area": f"{rng.choice(AREAS)} {rng.randint(1, 15)}",
            "force": rng.choice(FORCES),
            "year": rng.randint(2000, year_max),
            "status": rng.choice(["Xây dựng mới", "Củng cố", "Nhân rộng", "Duy trì"]),
        }
        for _ in range(count)
    ]


def write_valid(
    path: Path,
    seed: int = 1,
    *,
    unit: str = "Xã Thọ Xuân",
    layout: Layout | None = None,
    list_rows: list[dict[str, Any]] | None = None,
    **kwargs: Any,
) -> dict[str, int]:
    """A valid unit workbook (openpyxl, via tests/builders.py) with random figures; returns the figures."""
    rng = random.Random(seed)
    values = valid_values(rng)
    rows = random_list(rng) if list_rows is None else list_rows
    kwargs.setdefault("unit_code", None)
    build_workbook(path, _form(), unit=unit, current=values, list_rows=rows, layout=layout, **kwargs)
    return values


# --- raw containers -----------------------------------------------------------------------------------

_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{}</Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def sheet_xml(body: str, dimension: str = "A1", prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{_MAIN}">'
        f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>'
    )


def inline_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def write_raw_xlsx(path: Path, sheets: list[str | bytes], extra: dict[str, str | bytes] | None = None) -> Path:
    """An .xlsx from hand-written sheet XML, one part per sheet, named S1, S2, ..."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    entries = "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, len(sheets) + 1))
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CT.format(overrides))
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr(
            "xl/workbook.xml", f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{entries}</sheets></workbook>'
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for i, xml in enumerate(sheets, 1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def write_raw_ods(path: Path, tables: dict[str, str]) -> Path:
    """An .ods from hand-written table bodies (table:table-row elements), one table per entry."""
    body = "".join(f'<table:table table:name="{name}">{rows}</table:table>' for name, rows in tables.items())
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} office:version="1.2">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def ods_cell(value: int) -> str:
    cell = f'<table:table-cell office:value-type="float" office:value="{value}">'
    return f"{cell}<text:p>{value}</text:p></table:table-cell>"


def write_ole(path: Path, streams: dict[str, bytes]) -> Path:
    """A minimal OLE compound file (CFB v3, 512-byte sectors) holding the given streams.

    Streams are padded to 4096 bytes so that none lives in the mini stream. Enough for an encrypted
    OOXML package (EncryptionInfo + EncryptedPackage), which is what Excel writes for a password.
    """
    sector = 512
    data = [content.ljust(max(4096, -(-len(content) // sector) * sector), b"\0") for content in streams.values()]
    counts = [len(d) // sector for d in data]
    total_data = sum(counts)
    entries = len(streams) + 1
    dir_sectors = -(-entries * 128 // sector)
    fat_sectors = 1
    while (fat_sectors + dir_sectors + total_data) > fat_sectors * (sector // 4):
        fat_sectors += 1
    fat = [0xFFFFFFFD] * fat_sectors  # FAT sectors themselves
    first_dir = len(fat)
    fat += [first_dir + i + 1 for i in range(dir_sectors - 1)] + [0xFFFFFFFE]
    starts = []
    for count in counts:
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (fat_sectors * (sector // 4) - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, right, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    names = list(streams)
    directory = entry("Root Entry", 5, 1, 0xFFFFFFFF, 0xFFFFFFFE, 0)
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else 0xFFFFFFFF
        directory += entry(name, 2, 0xFFFFFFFF, right, starts[i], len(streams[name]))
    directory = directory.ljust(dir_sectors * sector, b"\0")
    difat = list(range(fat_sectors)) + [0xFFFFFFFF] * (109 - fat_sectors)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, fat_sectors, first_dir, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
        + struct.pack("<109I", *difat)
    )
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    path.write_bytes(header + fat_bytes + directory + b"".join(data))
    return path


# --- measured loading ----------------------------------------------------------------------------------

MAX_SECONDS = 5.0
MAX_PEAK_MB = 300
ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from desktop.io.errors import WorkbookError
from desktop.io.workbook import load_sheets
start = time.perf_counter()
try:
    sheets = load_sheets(sys.argv[1])
    outcome = {"sheets": len(sheets)}
except WorkbookError as exc:
    outcome = {"check": exc.check, "reason": exc.reason}
outcome["seconds"] = time.perf_counter() - start
try:  # VmHWM belongs to this process image; ru_maxrss would include the parent's size at fork
    status = open("/proc/self/status").read()
    outcome["peak_mb"] = int(status.split("VmHWM:")[1].split()[0]) / 1024
except (OSError, IndexError):
    outcome["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(outcome))
"""


def load_in_child(path: Path) -> dict:
    """load_sheets(path) in a child process with a 3 GB ceiling: its outcome, seconds and peak memory.

    Without the pre-flight checks calamine aborts the whole process (or takes gigabytes): the child's
    death then fails the calling test instead of the test run."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert done.returncode == 0, f"the reader died (status {done.returncode}): {done.stderr[-600:]}"
    outcome = json.loads(done.stdout)
    assert outcome["seconds"] < MAX_SECONDS, outcome
    assert outcome["peak_mb"] < MAX_PEAK_MB, outcome
    return outcome


# --- LibreOffice --------------------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
_PASSWORD_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Tests" script:language="StarBasic">
Sub SaveWithPassword(source As String, targets As String, password As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  Dim store(1) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot;
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(source), &quot;_blank&quot;, 0, load())
  store(1).Name = &quot;Password&quot;
  store(1).Value = password
  For Each pair In Split(targets, &quot;|&quot;)
    parts = Split(pair, &quot;*&quot;)
    store(0).Name = &quot;FilterName&quot;
    store(0).Value = parts(1)
    doc.storeToURL(ConvertToURL(parts(0)), store())
  Next
  doc.close(True)
End Sub
</script:module>
"""


class LibreOffice:
    """soffice run headless with a private profile (parallel runs never share one), every call bounded."""

    def __init__(self, folder: Path, timeout: float = 120) -> None:
        self.profile = folder / f"lo-profile-{uuid.uuid4().hex}"
        self.timeout = timeout

    def _run(self, *args: str) -> None:
        command = [SOFFICE, f"-env:UserInstallation={self.profile.as_uri()}", "--headless", "--norestore", *args]
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        try:
            process.wait(self.timeout)
        except subprocess.TimeoutExpired:
            import os
            import signal

            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise

    def convert(self, sources: list[Path], fmt: str, outdir: Path) -> list[Path]:
        """Open each source in LibreOffice Calc and save it as `fmt` (xls, ods, xlsx) in `outdir`."""
        outdir.mkdir(parents=True, exist_ok=True)
        self._run("--convert-to", fmt, "--outdir", str(outdir), *map(str, sources))
        targets = [outdir / f"{source.stem}.{fmt.split(':')[0]}" for source in sources]
        missing = [t for t in targets if not t.exists()]
        if missing:
            raise RuntimeError(f"LibreOffice did not write {missing}")
        return targets

    def save_with_password(self, source: Path, targets: dict[Path, str], password: str = "matkhau") -> None:
        """Save `source` with an opening password to each target with its filter ("MS Excel 97", "calc8")."""
        library = self.profile / "user" / "basic" / "Standard"
        if not library.exists():
            self._run("--terminate_after_init")  # creates the profile
        (library / "Tests.xba").write_text(_PASSWORD_MACRO, encoding="utf-8")
        script = library / "script.xlb"
        text = script.read_text(encoding="utf-8")
        if 'library:name="Tests"' not in text:
            script.write_text(
                text.replace("</library:library>", ' <library:element library:name="Tests"/>\n</library:library>'),
                encoding="utf-8",
            )
        pairs = "|".join(f"{target}*{filter_name}" for target, filter_name in targets.items())
        self._run(f'macro:///Standard.Tests.SaveWithPassword("{source}","{pairs}","{password}")')
        missing = [t for t in targets if not t.exists()]
        if missing:
            raise RuntimeError(f"LibreOffice did not write {missing}")
