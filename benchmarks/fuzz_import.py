"""Mutation fuzzer for the import: every damaged workbook must end as a Submission or a clear Issue.

Valid unit workbooks (the tool's own template; with --libreoffice also .xls/.ods/.xlsx saved by
LibreOffice) are mutated: bytes flipped, files truncated, and the XML inside the zip edited (slices
deleted or duplicated, numbers and addresses changed, far-away cells, entity declarations, invalid
bytes, parts removed, sizes in the zip headers falsified). Each mutated file goes through
`reading.process_file` in a worker process with a deadline; a worker that dies or overruns is killed,
recorded and replaced.

With --long (the long mode) the hostile families join the mutations, and every file that reads is
also given a marked-up copy (`annotate_workbook`), under a memory ceiling per worker:
  odd-part    a worksheet part moved to any name or extension the relationships point at (sheet1.dat,
              no extension, ../ paths, absolute targets), some holding a far cell or a zip bomb;
  merged      merged ranges added to a sheet: one huge (A60:CV1048576, the whole sheet), many, reversed,
              malformed; in an .ods, cells spanning a million rows;
  typed-text  text cells typed like formulas (=HYPERLINK, =cmd|, +, @) in .ods sources: the copy must
              keep them as text (a `<f>` in the copy is a finding);
  odd-name    the file saved under a hostile name (control characters, bytes that are not UTF-8,
              231-241 bytes, RTL marks, a name like our own copies);
  device      not a file at all: /dev/zero, /dev/null, a FIFO, links to them, a dangling link, a link
              loop, a folder named like a workbook.

Findings: an `internal` issue (an exception reached the batch's safety net), an exception escaping
process_file or annotate, a worker crash (e.g. an abort in native code, or the memory ceiling), a hang,
a formula in a copy, or a file over --slow seconds.

    python benchmarks/fuzz_import.py --count 2000 --seed 1 --out /tmp/fuzz [--libreoffice] [--workers 2]
    python benchmarks/fuzz_import.py --long --count 3000 --workers 1 --out /tmp/fuzz-long

Exit status 0 when there are no findings. Reproducers are kept in OUT/findings/.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import shutil
import struct
import sys
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SNIPPETS = [
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
    b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    b'<c r="A1" t="s"><v>99999999</v></c>',
    '<c r="B2" t="inlineStr"><is><t>hơn 5.000</t></is></c>'.encode(),
    b"<v>1e308</v>",
    b"<v>-0</v>",
    b"<v>NaN</v>",
    b'<c r="ZZZZ1"><v>1</v></c>',
    b'<row r="0">',
    b'<row r="-5"><c r="A-5"><v>1</v></c></row>',
    b"\xff\xfe\x00\x00",
    b"\x00" * 16,
    b"&#0;&#xFFFF;&#x1F600;",
    b"<![CDATA[<c r='XFD1'>]]>",
    b'<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
    b'table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>',
    b'<table:table-cell table:number-columns-repeated="99999999999" office:value-type="string"/>',
    b'<sheet name="X" sheetId="9" r:id="rId999"/>',
    b"<f>SUM(A1:A3)</f>",
    "Mã số".encode(),
    "Kỳ báo cáo".encode(),
]
NUMBER = re.compile(rb'(?<=")[0-9]+(?=")|(?<=>)[0-9.]+(?=<)')
REF = re.compile(rb'r="[A-Z]+[0-9]+"')


# --- seeds -------------------------------------------------------------------------------------------


def make_seeds(folder: Path, libreoffice: bool) -> list[Path]:
    """Valid workbooks to mutate: the template with figures (two units), and LibreOffice copies."""
    from desktop.demo import make_demo_files
    from desktop.forms import load_form
    from desktop.periods import parse_period
    from desktop.units import province_registry

    form = load_form()
    made = make_demo_files(folder, form, province_registry("Thanh Hóa"), parse_period("Quý III/2026"), count=3)
    seeds = [p for p in made if p.exists()][:3]
    if libreoffice and shutil.which("soffice"):
        sys.path.insert(0, str(ROOT))
        from tests.wbgen import LibreOffice

        office = LibreOffice(folder)
        for fmt in ("xls", "ods", "xlsx"):
            seeds += office.convert(seeds[:2], fmt, folder / fmt)
    return seeds


TYPED = ['=HYPERLINK("http://x","bấm")', "=cmd|'/c calc'!A0", "+1+2", "@SUM(1)", "-2+3", "=1/0"]


def raw_ods_seed(folder: Path) -> Path:
    """A small .ods written by hand: a few numbers, and text a unit typed that looks like formulas."""
    from xml.sax.saxutils import escape

    sys.path.insert(0, str(ROOT))
    from tests.wbgen import ods_cell, write_raw_ods

    text = "".join(
        f'<table:table-row><table:table-cell office:value-type="string"><text:p>{escape(t)}</text:p>'
        f"</table:table-cell>{ods_cell(i)}</table:table-row>"
        for i, t in enumerate(TYPED)
    )
    folder.mkdir(parents=True, exist_ok=True)
    return write_raw_ods(folder / "typed.ods", {"Biểu 01": text})


# --- mutations -----------------------------------------------------------------------------------------


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    head = rng.random() < 0.5  # headers and directories live near the start (OLE) or the end (zip)
    for _ in range(rng.randint(1, 24)):
        if head:
            i = rng.choice([rng.randrange(min(len(out), 4096)), len(out) - 1 - rng.randrange(min(len(out), 4096))])
        else:
            i = rng.randrange(len(out))
        out[i] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def edit_xml(xml: bytes, rng: random.Random) -> bytes:
    if not xml:
        return SNIPPETS[rng.randrange(len(SNIPPETS))]
    a = rng.randrange(len(xml))
    b = min(len(xml), a + rng.randint(1, 400))
    kind = rng.randrange(6)
    if kind == 0:  # delete a slice
        return xml[:a] + xml[b:]
    if kind == 1:  # duplicate a slice
        return xml[:b] + xml[a:b] * rng.randint(1, 50) + xml[b:]
    if kind == 2:  # change numbers

        def number(match: re.Match) -> bytes:
            if rng.random() < 0.3:
                return str(rng.choice([0, -1, 2**31, 2**63, 10**18, rng.randrange(10**7)])).encode()
            return match.group(0)

        return NUMBER.sub(number, xml)
    if kind == 3:  # move cells far away or onto each other

        def ref(match: re.Match) -> bytes:
            if rng.random() < 0.2:
                col = rng.choice(["A", "B", "IV", "XFD", "ZZZ"])
                return f'r="{col}{rng.choice([1, 2, 65536, 1048576, 9999999])}"'.encode()
            return match.group(0)

        return REF.sub(ref, xml)
    if kind == 4:  # insert a hostile or odd snippet where a tag begins
        starts = [m.start() for m in re.finditer(rb"<", xml[:200_000])] or [0]
        at = rng.choice(starts)
        return xml[:at] + rng.choice(SNIPPETS) + xml[at:]
    return xml[:a] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))) + xml[a:]


def mutate_zip(data: bytes, rng: random.Random) -> bytes:
    """Rewrite the zip with one part edited, removed or renamed, or with falsified sizes."""
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    xml_parts = [i for i, (info, _) in enumerate(parts) if info.filename.endswith((".xml", ".rels"))] or [0]
    target = rng.choice(xml_parts)
    action = rng.random()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for i, (info, content) in enumerate(parts):
            name = info.filename
            if i == target:
                if action < 0.08:
                    continue  # a part removed
                if action < 0.12:
                    name = name + ".old"
                else:
                    for _ in range(rng.randint(1, 3)):
                        content = edit_xml(content, rng)
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            out.writestr(name, content, method)
    result = buffer.getvalue()
    if rng.random() < 0.1:
        result = falsify_sizes(result, rng)
    return result


def falsify_sizes(data: bytes, rng: random.Random) -> bytes:
    """Change the declared uncompressed size of one entry in the central directory."""
    out = bytearray(data)
    entries = [m.start() for m in re.finditer(rb"PK\x01\x02", data)]
    if entries:
        at = rng.choice(entries) + 24
        out[at : at + 4] = struct.pack("<I", rng.choice([0, 1, 100, 2**31, 2**32 - 1]))
    return bytes(out)


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    is_zip = data[:2] == b"PK"
    choice = rng.random()
    if is_zip and choice < 0.6:
        return mutate_zip(data, rng), "zip-xml"
    if choice < 0.85:
        return flip_bytes(data, rng), "flip"
    return truncate(data, rng), "truncate"


# --- hostile families (--long) ------------------------------------------------------------------------

ODD_MEMBERS = [
    ("xl/worksheets/sheet1.dat", "worksheets/sheet1.dat"),
    ("xl/worksheets/sheet1", "worksheets/sheet1"),
    ("xl/worksheets/SHEET1.XML", "/xl/worksheets/SHEET1.XML"),
    ("xl/data/s.bin", "../xl/data/s.bin"),
    ("xl/worksheets/sheet1.xml.bak", "worksheets/sheet1.xml.bak"),
    ("xl/media/image1.png", "media/image1.png"),
    ("customXml/item9.xml", "/customXml/item9.xml"),
    ("xl/worksheets/a b/ổ.xml", "worksheets/a b/ổ.xml"),
]
FAR_CELL = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
BOMB = b"<!--" + b" " * (24 << 20) + b"-->"
MERGES = [
    b"A60:CV1048576",
    b"A1:XFD1048576",
    b"B2:A1",
    b"A0:B",
    b"ZZZZ1:A1",
    b"C3:C3",
    b"A1:IV65536",
]


def _zip_parts(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _zip_bytes(parts: list[tuple[str, bytes]]) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, content in parts:
            out.writestr(name, content, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def odd_part(data: bytes, rng: random.Random) -> bytes:
    """The first worksheet part moved where the relationships say, under an odd name; maybe made hostile."""
    parts = [(info.filename, content) for info, content in _zip_parts(data)]
    names = [name for name, _ in parts]
    sheets = [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    if not sheets or "xl/_rels/workbook.xml.rels" not in names:
        return mutate_zip(data, rng)
    old = rng.choice(sheets)
    member, target = rng.choice(ODD_MEMBERS)
    hostile = rng.random()
    out = []
    for name, content in parts:
        if name == old:
            if hostile < 0.25:
                content = content.replace(b"</sheetData>", FAR_CELL + b"</sheetData>", 1)
            elif hostile < 0.4:
                content = content.replace(b"<sheetData>", BOMB + b"<sheetData>", 1)
            name = member
        elif name == "xl/_rels/workbook.xml.rels":
            content = content.replace(old.removeprefix("xl/").encode(), target.encode())
        elif name == "[Content_Types].xml" and rng.random() < 0.5:
            content = content.replace(f"/{old}".encode(), f"/{member}".encode())
        out.append((name, content))
    return _zip_bytes(out)


def merged(data: bytes, rng: random.Random) -> bytes:
    """Merged ranges added to one sheet (.xlsx), or a spanned cell of a million rows (.ods)."""
    parts = [(info.filename, content) for info, content in _zip_parts(data)]
    out = []
    for name, content in parts:
        if name.startswith("xl/worksheets/") and name.endswith(".xml") and b"</sheetData>" in content:
            refs = [rng.choice(MERGES) for _ in range(rng.randint(1, 3))]
            refs += [f"D{r}:E{r}".encode() for r in range(1, rng.choice([1, 50, 5000]))]
            cells = b"".join(b'<mergeCell ref="' + ref + b'"/>' for ref in refs)
            block = b'<mergeCells count="%d">%s</mergeCells>' % (len(refs), cells)
            content = re.sub(rb"<mergeCells\b.*?</mergeCells>", b"", content, flags=re.S)
            content = content.replace(b"</sheetData>", b"</sheetData>" + block, 1)
        elif name == "content.xml":
            rows, cols = rng.choice([(1_048_576, 100), (1000, 16384), (2, 2), (99_999_999, 1)])
            span = f' table:number-rows-spanned="{rows}" table:number-columns-spanned="{cols}"'.encode()
            content = content.replace(b"<table:table-cell", b"<table:table-cell" + span, 1)
        out.append((name, content))
    return _zip_bytes(out)


HOSTILE_NAMES = [
    "Xã An\x07Bình",
    "Phường\x00Đông",  # a NUL cannot be in a name: replaced below by a tab
    "Tab\tvà\nxuống dòng",
    "\u202eslx.Bình",
    "-rf Xã",
    "Xã An Bình - cần sửa",
    "CON",
    "Xã ." + "ạ" * 70,  # 213 bytes, and more with the suffix
    "d" * 236,
    "Yên Định " + "đ" * 115,
]


def odd_name(folder: Path, number: int, data: bytes, suffix: str, rng: random.Random) -> Path:
    name = rng.choice(HOSTILE_NAMES).replace("\x00", "\t")
    raw = name.encode("utf-8")
    if rng.random() < 0.3:
        raw += rng.choice([b"\xff\xfe", b"\xc3", b"\xed\xa0\x80"])  # not UTF-8: kept by Python as surrogates
    raw = raw[: 255 - len(suffix) - 8]
    directory = folder / f"{number:05d}"
    directory.mkdir(exist_ok=True)
    path = directory / os.fsdecode(raw + suffix.encode())
    path.write_bytes(data)
    return path


def device(folder: Path, number: int, rng: random.Random) -> Path:
    """Something that is not a regular file, under a workbook's name."""
    directory = folder / f"{number:05d}"
    directory.mkdir(exist_ok=True)
    path = directory / "báo cáo.xlsx"
    kind = rng.randrange(8)
    if kind == 0:
        return Path("/dev/zero")
    if kind == 1:
        path.symlink_to("/dev/zero")
    elif kind == 2:
        path.symlink_to("/dev/null")
    elif kind == 3:
        os.mkfifo(path)
    elif kind == 4:
        os.mkfifo(directory / "ống")
        path.symlink_to(directory / "ống")
    elif kind == 5:
        path.symlink_to(directory / "không có")
    elif kind == 6:
        (directory / "a.xlsx").symlink_to(path)
        path.symlink_to(directory / "a.xlsx")
    else:
        path.mkdir()
    return path


HOSTILE = ("odd-part", "merged", "typed-text", "odd-name", "device")


# --- the worker ------------------------------------------------------------------------------------------


def _peak_mb() -> float:
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError, ValueError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(conn, memory_mb: int = 0) -> None:
    import logging

    logging.getLogger().addHandler(logging.NullHandler())  # the libraries' complaints are not findings
    if memory_mb:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
    from desktop.forms import load_form
    from desktop.issues import MESSAGES
    from desktop.reading import process_file

    form = load_form()
    while True:
        job = conn.recv()
        if job is None:
            return
        path, copy_to = (job, None) if isinstance(job, str) else job
        start = time.perf_counter()
        try:
            result = process_file(path, form, None)
            checks = [i.check for i in result.issues if i.severity == "error"]
            known = set(MESSAGES) | {rule.id for rule in form.rules}
            if "internal" in checks or any(i.check not in known for i in result.issues):
                outcome = "internal"
            else:
                outcome = "submission" if result.submission is not None else "issue"
            detail = [i.message for i in result.issues if i.check == "internal"][:1]
            if copy_to and result.submission is not None:
                outcome, detail = _annotate(path, result.issues, copy_to, outcome, detail)
        except BaseException as exc:  # noqa: BLE001 - exactly what the fuzzer is looking for
            outcome, checks, detail = "escaped", [], [f"{type(exc).__name__}: {exc}"]
        seconds = time.perf_counter() - start
        conn.send({"outcome": outcome, "checks": checks, "seconds": seconds, "peak_mb": _peak_mb(), "detail": detail})


def _annotate(path: str, issues, out: str, outcome: str, detail: list) -> tuple[str, list]:
    """A marked-up copy of a file that read: it is written or refused with a reason, and holds no formula
    the source did not (text typed like a formula stays text)."""
    from desktop.io.annotate import annotate_workbook
    from desktop.io.errors import OutputError, WorkbookError

    try:
        copy = annotate_workbook(path, issues, out)
    except (WorkbookError, OutputError):
        return outcome, detail
    except BaseException as exc:  # noqa: BLE001
        return "annotate-escaped", [f"{type(exc).__name__}: {str(exc)[:300]}"]
    try:
        if copy.converted:
            with zipfile.ZipFile(copy.target) as archive:
                for name in archive.namelist():
                    if name.startswith("xl/worksheets/") and re.search(rb"<(?:\w+:)?f[ >]", archive.read(name)):
                        return "formula-in-copy", [name]
    finally:
        copy.target.unlink(missing_ok=True)
    return outcome, detail


class Runner:
    """One worker process at a time per slot; killed and replaced when it dies or overruns."""

    def __init__(self, deadline: float, memory_mb: int = 0) -> None:
        self.deadline = deadline
        self.memory_mb = memory_mb
        self.context = multiprocessing.get_context("spawn")
        self.process = None
        self.conn = None

    def _start(self) -> None:
        self.conn, child = self.context.Pipe()
        self.process = self.context.Process(target=worker, args=(child, self.memory_mb), daemon=True)
        self.process.start()

    def run(self, path: Path, copy_to: Path | None = None) -> dict:
        if self.process is None or not self.process.is_alive():
            self._start()
            self.conn.send(str(ROOT / "benchmarks" / "__warmup__.xlsx"))  # import everything before timing
            if self.conn.poll(120):
                self.conn.recv()
        self.conn.send((str(path), str(copy_to)) if copy_to else str(path))
        if self.conn.poll(self.deadline):
            try:
                return self.conn.recv()
            except EOFError:
                pass
        code = self.process.exitcode
        self.stop(kill=True)
        if code is None:
            return {"outcome": "hang", "checks": [], "seconds": self.deadline, "peak_mb": 0, "detail": []}
        return {"outcome": "crash", "checks": [], "seconds": 0, "peak_mb": 0, "detail": [f"exit code {code}"]}

    def stop(self, kill: bool = False) -> None:
        if self.process is None:
            return
        if kill:
            self.process.kill()
        else:
            self.conn.send(None)
        self.process.join(10)
        self.process = None


@dataclass
class Summary:
    files: int = 0
    outcomes: Counter = field(default_factory=Counter)
    checks: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    max_seconds: float = 0.0
    slowest: str = ""
    peak_mb: float = 0.0
    findings: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "files": self.files,
            "outcomes": dict(self.outcomes),
            "checks": dict(self.checks.most_common()),
            "mutations": dict(self.kinds),
            "max_seconds": round(self.max_seconds, 3),
            "slowest": self.slowest,
            "peak_mb": round(self.peak_mb, 1),
            "findings": self.findings,
        }


def fuzz(
    count: int,
    seed: int,
    out: Path,
    *,
    seeds: list[Path] | None = None,
    libreoffice: bool = False,
    workers: int = 1,
    deadline: float = 20.0,
    slow: float = 5.0,
    progress: bool = False,
    long: bool = False,
    memory_mb: int = 0,
) -> Summary:
    """`count` files through process_file (and, with `long`, the hostile families and annotate)."""
    out.mkdir(parents=True, exist_ok=True)
    seeds = seeds or make_seeds(out / "seeds", libreoffice)
    if long and not any(p.suffix == ".ods" for p in seeds):
        seeds = [*seeds, raw_ods_seed(out / "seeds")]
    originals = [(p, p.read_bytes()) for p in seeds]
    rng = random.Random(seed)
    runners = [Runner(deadline, memory_mb) for _ in range(workers)]
    summary = Summary()
    work = out / "work"
    work.mkdir(exist_ok=True)
    copies = out / "copies" if long else None
    if copies:
        copies.mkdir(exist_ok=True)
    try:
        for number in range(count):
            source, data = originals[number % len(originals)]
            path, kind = _make(work, number, source, data, rng, long)
            result = runners[number % workers].run(path, copies)
            summary.files += 1
            summary.outcomes[result["outcome"]] += 1
            summary.kinds[kind] += 1
            summary.checks.update(result["checks"])
            summary.peak_mb = max(summary.peak_mb, result["peak_mb"])
            if result["seconds"] > summary.max_seconds:
                summary.max_seconds, summary.slowest = result["seconds"], path.name
            bad = ("internal", "escaped", "crash", "hang", "annotate-escaped", "formula-in-copy")
            if result["outcome"] in bad or result["seconds"] > slow:
                kept = out / "findings" / f"{number:05d}-{kind}{source.suffix}"
                kept.parent.mkdir(exist_ok=True)
                if path.is_file() and not path.is_symlink():
                    shutil.copy(path, kept)
                summary.findings.append({"file": str(kept), "name": repr(path.name), **result})
            _remove(path, work)
            if progress and (number + 1) % 100 == 0:
                print(f"{number + 1} files, {len(summary.findings)} findings", file=sys.stderr, flush=True)
    finally:
        for runner in runners:
            runner.stop()
    return summary


def _make(work: Path, number: int, source: Path, data: bytes, rng: random.Random, long: bool) -> tuple[Path, str]:
    """The next file: a mutation, or (long mode, one file in three) one of the hostile families."""
    is_zip = data[:2] == b"PK"
    family = rng.choice(HOSTILE) if long and rng.random() < 1 / 3 else None
    if family == "device" and hasattr(os, "mkfifo"):
        return device(work, number, rng), family
    if family == "odd-part" and is_zip and source.suffix != ".ods":
        data, kind = odd_part(data, rng), family
    elif family in ("merged", "typed-text") and is_zip:
        data, kind = (merged(data, rng) if family == "merged" else data), family
    elif family == "odd-name":
        mutated, _ = mutate(data, rng) if rng.random() < 0.3 else (data, "")
        return odd_name(work, number, mutated, source.suffix, rng), family
    else:
        data, kind = mutate(data, rng)
    path = work / f"{number:05d}-{kind}{source.suffix}"
    path.write_bytes(data)
    return path, kind


def _remove(path: Path, work: Path) -> None:
    if path == Path("/dev/zero"):
        return
    if path.is_symlink() or path.is_file() or path.exists() and not path.is_dir():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
    if path.parent != work and path.parent.parent == work:
        shutil.rmtree(path.parent, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--deadline", type=float, default=20.0, help="seconds before a file counts as a hang")
    parser.add_argument("--slow", type=float, default=5.0, help="seconds above which a file is a finding")
    parser.add_argument("--libreoffice", action="store_true", help="also mutate .xls/.ods/.xlsx saved by LibreOffice")
    parser.add_argument(
        "--long",
        action="store_true",
        help="the long mode: also the hostile families (odd parts, merged ranges, typed formulas, odd names, "
        "devices) and a marked-up copy of every file that reads, each worker under --memory-mb",
    )
    parser.add_argument("--memory-mb", type=int, default=None, help="address-space ceiling per worker (long: 3000)")
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="fuzz-"))
    start = time.perf_counter()
    summary = fuzz(
        args.count,
        args.seed,
        out,
        libreoffice=args.libreoffice,
        workers=args.workers,
        deadline=args.deadline,
        slow=args.slow,
        progress=True,
        long=args.long,
        memory_mb=args.memory_mb if args.memory_mb is not None else (3000 if args.long else 0),
    )
    report = {**summary.to_dict(), "wall_seconds": round(time.perf_counter() - start, 1), "out": str(out)}
    (out / "summary.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 1 if summary.findings else 0


if __name__ == "__main__":
    sys.exit(main())
