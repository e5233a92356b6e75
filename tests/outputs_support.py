"""Shared data and LibreOffice helpers for the template, output and annotate tests.

LibreOffice runs headless with a private profile per test session (never the user's), with
"recalculate on load" switched on and a small Basic module to fill workbooks the way a user would.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from desktop.demo import model_rows, previous_figures, unit_figures, write_unit
from desktop.forms import load_form
from desktop.periods import parse_period
from desktop.units import Registry, Unit

FORM = load_form()
PERIOD = parse_period("Quý III/2026")
UNITS = [
    Unit("10001", "Xã An Bình", "xã"),
    Unit("10002", "Phường Đông Sơn", "phường"),
    Unit("10003", "Xã Yên Định", "xã"),
    Unit("10004", "Xã Vạn Lộc", "xã"),
]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
TIMEOUT = 240

libreoffice = pytest.mark.libreoffice
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def small_registry(units: list[Unit] = UNITS) -> Registry:
    return Registry("Tỉnh Thử Nghiệm", list(units))


def clean_figures(seed: int, unit: Unit) -> tuple[dict[str, int], dict[str, int], list[dict[str, Any]]]:
    """Figures, last year's figures and a model list that pass every rule of the form."""
    rng = random.Random(seed)
    figures = unit_figures(rng, unit)
    previous = previous_figures(rng, figures)
    rows = model_rows(rng, figures["16"], figures["12"], PERIOD.year)
    return figures, previous, rows


def write_clean_unit(folder: Path, unit: Unit, seed: int) -> tuple[Path, dict[str, int], dict[str, int], list]:
    figures, previous, rows = clean_figures(seed, unit)
    folder.mkdir(parents=True, exist_ok=True)
    path = write_unit(folder / f"{unit.name}.xlsx", FORM, unit, PERIOD, figures, previous, rows)
    return path, figures, previous, rows


def squeeze(text: str) -> str:
    """Text as compared with pdftotext output: NFC, without any whitespace (pdftotext splits words)."""
    return "".join(unicodedata.normalize("NFC", text).split())


def shows(page: str, text: str) -> bool:
    """Whether a PDF page shows `text`: its words in order, each whole, with at most a few cells' text
    between two of them (a label wrapped onto two lines is read out around the cells beside it)."""
    words = [re.escape(squeeze(w)) for w in text.split()]
    return re.search(".{0,40}?".join(words), squeeze(page), re.S) is not None


class LibreOffice:
    """soffice with a private profile: recalculation on load always on, and a Basic module `Fill`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.profile = root / "profile"
        self.env = {**os.environ, "HOME": str(root), "SAL_USE_VCLPLUGIN": "svp"}
        self._run(["--terminate_after_init"])
        user = self.profile / "user"
        # add to what the first start wrote: without it, LibreOffice silently runs no macro
        settings = user / "registrymodifications.xcu"
        settings.write_text(settings.read_text(encoding="utf-8").replace("</oor:items>", _SETTINGS), encoding="utf-8")
        (user / "basic" / "Standard" / "Module1.xba").write_text(_BASIC, encoding="utf-8")

    def _run(self, arguments: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
        command = [SOFFICE, f"-env:UserInstallation={self.profile.as_uri()}", "--headless", "--norestore"]
        return subprocess.run(
            command + arguments,
            cwd=cwd or self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )

    def convert(self, sources: list[Path], target: str, out_dir: Path) -> list[Path]:
        """Convert with soffice --convert-to (target "pdf", "xlsx", "ods"); formulas are recalculated on load."""
        out_dir.mkdir(parents=True, exist_ok=True)
        filters = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "ods": "ods", "pdf": "pdf"}
        result = self._run(["--convert-to", filters[target], "--outdir", str(out_dir), *map(str, sources)])
        outputs = [out_dir / f"{Path(s).stem}.{target}" for s in sources]
        missing = [p for p in outputs if not p.exists()]
        assert not missing, f"soffice did not write {missing}: {result.stdout} {result.stderr}"
        return outputs

    def fill(self, source: Path, target: Path, cells: list[tuple[str, str, Any]]) -> Path:
        """Type values into cells (sheet, A1 address, value) in LibreOffice, recalculate, save as .xlsx."""
        data = self.root / "fill.tsv"
        lines = [f"{sheet}\t{cell}\t{'n' if isinstance(v, int) else 's'}\t{v}" for sheet, cell, v in cells]
        data.write_text("\n".join(lines) + "\n", encoding="utf-8")
        macro = f'macro:///Standard.Module1.Fill("{source}","{target}","{data}")'
        result = self._run([macro])
        assert target.exists(), f"the LibreOffice macro did not write {target}: {result.stdout} {result.stderr}"
        return target


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF (pdftotext)."""
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, timeout=120, check=True
    )
    pages = result.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


_SETTINGS = """
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""

_BASIC = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Fill(sSource As String, sTarget As String, sData As String)
  Dim aLoad(0) As New com.sun.star.beans.PropertyValue
  aLoad(0).Name = &quot;Hidden&quot;
  aLoad(0).Value = True
  oDoc = StarDesktop.loadComponentFromURL(ConvertToURL(sSource), &quot;_blank&quot;, 0, aLoad())
  oAccess = createUnoService(&quot;com.sun.star.ucb.SimpleFileAccess&quot;)
  oReader = createUnoService(&quot;com.sun.star.io.TextInputStream&quot;)
  oReader.setInputStream(oAccess.openFileRead(ConvertToURL(sData)))
  oReader.setEncoding(&quot;UTF-8&quot;)
  Do While Not oReader.isEOF()
    sRow = oReader.readLine()
    If Len(sRow) &gt; 0 Then
      aParts = Split(sRow, Chr(9))
      oCell = oDoc.Sheets.getByName(aParts(0)).getCellRangeByName(aParts(1))
      If aParts(2) = &quot;n&quot; Then
        oCell.setValue(Val(aParts(3)))
      Else
        oCell.setString(aParts(3))
      End If
    End If
  Loop
  oReader.closeInput()
  oDoc.calculateAll()
  Dim aStore(0) As New com.sun.star.beans.PropertyValue
  aStore(0).Name = &quot;FilterName&quot;
  aStore(0).Value = &quot;Calc MS Excel 2007 XML&quot;
  oDoc.storeToURL(ConvertToURL(sTarget), aStore())
  oDoc.close(True)
End Sub
</script:module>
"""


@pytest.fixture(scope="session", name="soffice")
def soffice_fixture(tmp_path_factory) -> LibreOffice:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return LibreOffice(tmp_path_factory.mktemp("libreoffice"))
