"""The command line: `tonghop [gui|demo|validate|consolidate|template|annotate|units]`.

Errors of use (a missing path, an unknown province) are one clear line and exit status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__
from desktop.clitext import VietnameseHelpFormatter, VietnameseParser, vietnamese_argparse
from desktop.forms import Form, FormError, load_form
from desktop.io.atomic import hold, refuse_inputs
from desktop.io.celltext import display_name
from desktop.io.errors import OutputError
from desktop.issues import Severity
from desktop.oserrors import describe_os_error, os_error_text
from desktop.report import BatchReport, FileStatus
from desktop.settings import load_settings, save_settings
from desktop.units import Registry, RegistryError, csv_registry, national_registry, province_registry

DEMO_PROVINCE = "Thanh Hóa"
DEMO_PERIOD = "Quý III/2026"


class UsageError(Exception):
    """A mistake in how the command was called: printed as one line, exit status 2."""


def _parser() -> argparse.ArgumentParser:
    """The command line; build it inside vietnamese_argparse() so argparse's own words are Vietnamese."""
    parser = VietnameseParser(
        prog="tonghop",
        description="Tổng hợp Báo cáo: nhập, kiểm tra và tổng hợp báo cáo TDBV-01 của các đơn vị.",
        epilog="Không có lệnh: mở cửa sổ ứng dụng. Hướng dẫn từng lệnh: tonghop LỆNH --help",
        formatter_class=VietnameseHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"tonghop {__version__}", help="in số phiên bản rồi thoát"
    )
    commands = parser.add_subparsers(
        dest="command", title="lệnh", metavar="LỆNH", help="một trong các lệnh sau", parser_class=VietnameseParser
    )

    def command(name: str, help_text: str, group=None) -> argparse.ArgumentParser:
        """A subcommand (of `group`, else of tonghop) whose help and description are the same text."""
        return (group or commands).add_parser(
            name, help=help_text, description=help_text, formatter_class=VietnameseHelpFormatter
        )

    def paths(command: argparse.ArgumentParser) -> None:
        command.add_argument("paths", nargs="+", metavar="ĐƯỜNG_DẪN", help="tệp báo cáo hoặc thư mục chứa báo cáo")

    def registry_options(command: argparse.ArgumentParser, *, several_forms: bool = False) -> None:
        group = command.add_mutually_exclusive_group()
        group.add_argument("--province", metavar="TÊN", help='tỉnh/thành phố: danh mục xã, phường (vd. "Thanh Hóa")')
        group.add_argument("--units", metavar="CSV", help="danh mục đơn vị dạng CSV (code,name,kind,aliases)")
        group.add_argument("--national", action="store_true", help="danh mục 34 tỉnh/thành phố (tổng hợp cấp trên)")
        if several_forms:
            command.add_argument(
                "--form",
                action="append",
                metavar="YAML|MÃ",
                help="biểu mẫu: tệp YAML hoặc mã biểu mẫu đã cài; dùng nhiều lần được; “all”: mọi biểu mẫu đã cài "
                "(mặc định: mọi biểu mẫu đã cài; khi có nhiều biểu mẫu, mỗi tệp được nhận dạng biểu mẫu của nó)",
            )
        else:
            command.add_argument(
                "--form", metavar="YAML|MÃ", help="tệp biểu mẫu hoặc mã biểu mẫu đã cài (mặc định TDBV-01)"
            )
        command.add_argument("--period", metavar="KỲ", help='kỳ báo cáo của đợt, vd. "Quý III/2026"')
        command.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
        command.add_argument(
            "--workers", type=int, metavar="SỐ", help="số tiến trình đọc song song (mặc định theo số lõi máy)"
        )
        command.add_argument(
            "--no-cache",
            action="store_true",
            help="đọc lại mọi tệp, không dùng kết quả đã lưu của các tệp chưa thay đổi (TONGHOP_CACHE_DIR: nơi lưu)",
        )

    def rounded_option(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--rounded",
            action="store_true",
            help="số trong câu làm tròn: “hơn 469.100”, “gần 2.500” (bảng phụ lục vẫn ghi đủ)",
        )

    gui = command("gui", "mở cửa sổ ứng dụng (mặc định)")
    gui.add_argument("--open", nargs="+", default=[], metavar="ĐƯỜNG_DẪN", help="mở sẵn các tệp hoặc thư mục này")
    gui.add_argument("--lang", choices=["vi", "en"], help="ngôn ngữ giao diện: vi (tiếng Việt) hoặc en (tiếng Anh)")
    gui.add_argument("--screenshot", metavar="PNG", help="lưu ảnh cửa sổ vào tệp PNG (sau khi kiểm tra xong)")
    gui.add_argument("--quit", action="store_true", help="đóng ứng dụng khi đã kiểm tra xong (dùng với --screenshot)")

    demo = command("demo", "tạo dữ liệu mẫu và tổng hợp thử")
    demo.add_argument(
        "--out", default="tonghop-demo", metavar="THƯ_MỤC", help="thư mục ghi dữ liệu mẫu (mặc định: tonghop-demo)"
    )
    demo.add_argument(
        "--province", default=DEMO_PROVINCE, metavar="TÊN", help=f"tỉnh/thành phố (mặc định: {DEMO_PROVINCE})"
    )
    demo.add_argument("--period", default=DEMO_PERIOD, metavar="KỲ", help=f"kỳ báo cáo (mặc định: {DEMO_PERIOD})")
    demo.add_argument(
        "--count",
        type=int,
        default=30,
        metavar="SỐ",
        help="số đơn vị có báo cáo (mặc định 30; tối đa số đơn vị của tỉnh)",
    )

    validate = command("validate", "kiểm tra các tệp báo cáo")
    paths(validate)
    registry_options(validate, several_forms=True)

    consolidate = command("consolidate", "kiểm tra và tổng hợp thành một tệp Excel")
    paths(consolidate)
    consolidate.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="TỆP.xlsx|THƯ_MỤC",
        help="tệp tổng hợp sẽ ghi (.xlsx); khi đợt có nhiều biểu mẫu: thư mục ghi một tệp cho mỗi biểu mẫu",
    )
    consolidate.add_argument(
        "--include", action="append", default=[], metavar="TỆP", help="vẫn đưa tệp có lỗi vào tổng hợp"
    )
    consolidate.add_argument(
        "--prefer", action="append", default=[], metavar="TỆP", help="tệp được tính khi một đơn vị có nhiều tệp"
    )
    consolidate.add_argument(
        "--previous", metavar="TỆP.xlsx", help="tệp tổng hợp cùng kỳ năm trước: lấy số liệu cột “Cùng kỳ năm trước”"
    )
    consolidate.add_argument("--issuer", metavar="TÊN", help="cơ quan chủ quản in ở góc trái (mặc định theo biểu mẫu)")
    consolidate.add_argument("--archive", action="store_true", help="lưu đợt này vào kho lưu trữ")
    consolidate.add_argument(
        "--history", action="store_true", help="thêm trang “Diễn biến”: các chỉ tiêu chính qua 8 kỳ đã lưu"
    )
    consolidate.add_argument("--report", metavar="TỆP.docx", help="soạn cả báo cáo Word từ tệp tổng hợp vừa ghi")
    rounded_option(consolidate)
    registry_options(consolidate, several_forms=True)

    report = command("report", "soạn báo cáo Word (Nghị định 30/2020/NĐ-CP) từ tệp tổng hợp")
    report.add_argument("workbook", metavar="TỆP_TỔNG_HỢP.xlsx", help="tệp tổng hợp công cụ này đã ghi")
    report.add_argument("-o", "--output", metavar="TỆP.docx", help="mặc định: cùng tên tệp tổng hợp, đuôi .docx")
    report.add_argument(
        "--form", metavar="YAML|MÃ", help="tệp biểu mẫu hoặc mã biểu mẫu đã cài (mặc định: biểu mẫu ghi trong tệp)"
    )
    rounded_option(report)

    template = command("template", "tạo biểu mẫu trống cho đơn vị")
    template.add_argument("--unit", metavar="TÊN|MÃ", help="đơn vị nhận biểu mẫu (tên hoặc mã trong danh mục)")
    template.add_argument("--all", action="store_true", help="một tệp cho mỗi đơn vị trong danh mục")
    template.add_argument("--period", required=True, metavar="KỲ", help='kỳ báo cáo, vd. "Quý III/2026"')
    template.add_argument("-o", "--output", metavar="TỆP.xlsx", help="tệp sẽ ghi (một đơn vị)")
    template.add_argument("--out", metavar="THƯ_MỤC", help="thư mục ghi các tệp (với --all)")
    template.add_argument("--province", metavar="TÊN", help='tỉnh/thành phố: danh mục xã, phường (vd. "Thanh Hóa")')
    template.add_argument("--units", metavar="CSV", help="danh mục đơn vị dạng CSV (code,name,kind,aliases)")
    template.add_argument("--form", metavar="YAML", help="tệp biểu mẫu khác (mặc định TDBV-01)")
    template.add_argument("--issuer", metavar="TÊN", help="cơ quan chủ quản in ở góc trái (mặc định theo biểu mẫu)")

    annotate = command("annotate", "tạo bản sao đánh dấu các ô cần sửa để gửi lại đơn vị")
    paths(annotate)
    annotate.add_argument("--out", required=True, metavar="THƯ_MỤC", help="thư mục ghi các bản “… - cần sửa.xlsx”")
    registry_options(annotate)

    form = command("form", "biểu mẫu: liệt kê, nhập, xuất, học biểu mẫu mới từ tệp Excel")
    form_commands = form.add_subparsers(dest="form_command", required=True)
    form_list = command("list", "liệt kê các biểu mẫu đã cài (có sẵn và của người dùng)", form_commands)
    form_list.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    form_import = command("import", "cài một tệp biểu mẫu (YAML) vào thư mục biểu mẫu của người dùng", form_commands)
    form_import.add_argument("file", metavar="TỆP.yaml", help="tệp biểu mẫu do cơ quan khác gửi hoặc đã học")
    form_export = command("export", "xuất một biểu mẫu đã cài ra tệp YAML để gửi cơ quan khác", form_commands)
    form_export.add_argument("id", metavar="MÃ", help="mã biểu mẫu, vd. TDBV-01 (xem: tonghop form list)")
    form_export.add_argument("-o", "--output", required=True, metavar="TỆP.yaml", help="tệp YAML sẽ ghi")
    learn = command("learn", "học biểu mẫu từ tệp Excel của cơ quan (biểu trống hoặc đã điền)", form_commands)
    learn.add_argument("workbook", metavar="TỆP.xlsx", help="tệp Excel (.xlsx, .xlsm, .xls, .ods) của biểu")
    learn.add_argument("-o", "--output", metavar="BIỂU_MẪU.yaml", help="ghi biểu mẫu học được ra tệp YAML")
    learn.add_argument("--id", metavar="MÃ", help="mã biểu mẫu (mặc định theo số biểu)")
    learn.add_argument("--name", metavar="TÊN", help="tên biểu mẫu")
    learn.add_argument("--sheet", metavar="TRANG", help="trang tính có bảng chỉ tiêu (khi tệp có nhiều bảng)")

    units = command("units", "liệt kê danh mục đơn vị (không có tùy chọn: các tỉnh/thành phố)")
    units.add_argument("--province", metavar="TÊN", help="các xã, phường của tỉnh/thành phố này")
    units.add_argument("--units", metavar="CSV", help="danh mục đơn vị dạng CSV (code,name,kind,aliases)")
    units.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    from desktop.cli_archive import add_commands

    add_commands(command, registry_options)
    return parser


def _xlsx_output(path: str) -> Path:
    """The output path, refused unless it ends in .xlsx (the suggestion names the right one)."""
    target = Path(path)
    if target.is_dir():
        raise UsageError(
            f"Không ghi được “{path}”: đó là một thư mục; hãy ghi tên tệp, vd. “{target / 'Tổng hợp.xlsx'}”"
        )
    if target.suffix.lower() != ".xlsx":
        suggestion = (
            target.with_suffix(".xlsx") if target.suffix.lower() in _SPREADSHEET_SUFFIXES else Path(f"{path}.xlsx")
        )
        raise UsageError(f"Tệp ghi ra phải có đuôi .xlsx: “{path}” — hãy dùng “{suggestion}”")
    return target


_SPREADSHEET_SUFFIXES = {".xls", ".xlsm", ".xlsb", ".ods", ".csv", ".xltx", ".xlt"}


def _form(args: argparse.Namespace) -> Form:
    """The one form a command works on: a YAML file, or the id of an installed form; TDBV-01 by default."""
    value = getattr(args, "form", None)
    if isinstance(value, list):
        value = value[0] if value else None
    return _form_named(value) if value else _load(None)


def _load(path: str | None) -> Form:
    try:
        return load_form(path)
    except FormError as exc:
        raise UsageError(str(exc)) from exc


def _form_named(value: str) -> Form:

    if Path(value).is_file() or value.lower().endswith((".yaml", ".yml")):
        return _load(value)
    library = _library()
    installed = library.get(value)
    if installed is None:
        raise UsageError(
            f"Không có biểu mẫu “{value}”: không phải tệp YAML, cũng không phải mã biểu mẫu đã cài "
            f"({', '.join(library.ids)})"
        )
    return installed.form


def _library():
    from desktop.library import load_library

    library = load_library()
    for problem in library.problems:
        print(f"[cảnh báo] {problem}", file=sys.stderr)
    return library


def _forms(args: argparse.Namespace) -> list[Form]:
    """The forms of a batch: those --form names, the whole library for none or “all”."""
    values = args.form or ["all"]
    forms: list[Form] = []
    for value in values:
        chosen = [f.form for f in _library().forms] if value.casefold() == "all" else [_form_named(value)]
        forms += [form for form in chosen if form.id not in {f.id for f in forms}]
    return forms


def _registry(args: argparse.Namespace, *, remember: bool = True) -> Registry | None:
    """The registry the options name; else the last one used; else none (the unit check is skipped)."""
    try:
        if getattr(args, "national", False):
            return national_registry()
        if getattr(args, "units", None):
            registry = csv_registry(args.units)
            if remember:
                save_settings(registry={"units": str(Path(args.units).resolve())})
            return registry
        if getattr(args, "province", None):
            registry = province_registry(args.province)
            if remember:
                save_settings(registry={"province": args.province})
            return registry
        saved = load_settings().get("registry") or {}
        if saved.get("province"):
            return province_registry(saved["province"])
        if saved.get("units") and Path(saved["units"]).exists():
            return csv_registry(saved["units"])
    except RegistryError as exc:
        raise UsageError(str(exc)) from exc
    return None


def _period_text(args: argparse.Namespace) -> str | None:
    from desktop.periods import parse_period

    if args.period and parse_period(args.period) is None:
        raise UsageError(f"Không hiểu kỳ báo cáo “{args.period}” (ví dụ: “Quý III/2026”, “Tháng 8/2026”, “Năm 2026”)")
    return args.period


def _run(args: argparse.Namespace, include=(), prefer=(), forms: list[Form] | None = None):
    """One form: its BatchReport. Several: a MixedReport, each file matched to its form first."""
    from desktop.mixed import run_mixed
    from desktop.pipeline import run_batch

    forms = forms or [_form(args)]
    registry = _registry(args)
    period = _period_text(args)
    options = {
        "period_text": period,
        "include": include,
        "prefer": prefer,
        "workers": args.workers,
        "progress": _stderr_progress if not args.json else None,
        "cache": not args.no_cache,
    }
    try:
        if len(forms) == 1:
            report = run_batch(args.paths, forms[0], registry, **options)
        else:
            report = run_mixed(args.paths, forms, registry, **options)
    except FileNotFoundError as exc:
        raise UsageError(f"Không tìm thấy “{exc.args[0]}”") from exc
    if not report.files:
        where = ", ".join(f"“{p}”" for p in args.paths)
        skipped = len(getattr(report, "skipped", []) or [])
        extra = f" (chỉ có {skipped} tệp khóa/ẩn/tạm, được bỏ qua)" if skipped else ""
        raise UsageError(f"Không có tệp báo cáo nào (.xlsx, .xlsm, .xls, .ods) trong {where}{extra}")
    return report


def _stderr_progress(done: int, total: int, label: str) -> None:
    if sys.stderr.isatty() and total:
        sys.stderr.write(f"\r  đã đọc {done}/{total} tệp ")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _check(check: str) -> str:
    """A check as the CLI names it: its Vietnamese title, the stable id after it for scripts ("Trùng báo cáo
    (duplicate_submission)"); a form's rule id (R07) as it is."""
    from desktop.issues import CATALOGUE

    kind = CATALOGUE.get(check)
    return f"{kind.title} ({check})" if kind is not None else check


def _print_issues(report: BatchReport) -> None:
    said: set[str] = set()  # a duplicate pair's notice, printed in full once
    for issue in report.batch_issues:
        print(f"[{issue.severity.label}] {issue.message}")
    for result in report.files:
        status = result.status.label
        period = result.period.label if result.period else "?"
        parts = [display_name(result.path), result.unit_name or "?", period, status]
        print(" — ".join(parts))
        ordered = sorted(result.issues, key=lambda i: (i.severity.rank, i.sheet or "", i.cell or ""))
        for issue in ordered:
            if issue.check == "duplicate_submission":
                if issue.message in said:
                    print(f"    [{issue.severity.label}] {_check(issue.check)}: (xem tệp cùng đơn vị ở trên)")
                    continue
                said.add(issue.message)
            where = f"{issue.sheet}!{issue.cell}" if issue.sheet and issue.cell else (issue.sheet or "")
            print(f"    [{issue.severity.label}] {_check(issue.check)} {where}: {issue.message}".replace(" :", ":"))
    for path in report.skipped:
        ours = any(i.check == "own_output" and i.file == path for i in report.batch_issues)
        print(f"{display_name(path)} — bỏ qua ({'tệp do chính phần mềm này tạo' if ours else 'tệp khóa/ẩn/tạm'})")


def _summary(report: BatchReport) -> str:
    files = report.files
    counted = sum(f.counted for f in files)
    consolidation = report.consolidation
    lines = [
        f"Đã đọc {len(files)} tệp (bỏ qua {len(report.skipped)}): "
        f"{len(report.by_status(FileStatus.CLEAN))} sạch, {len(report.by_status(FileStatus.WARNINGS))} có cảnh báo, "
        f"{len(report.by_status(FileStatus.ERRORS))} có lỗi, "
        f"{len(report.by_status(FileStatus.UNREADABLE))} không đọc được.",
        f"Đưa vào tổng hợp: {counted} tệp; loại: {len(files) - counted}.",
    ]
    # a file whose only error is the duplicate notice still counts (the newer of the pair, or the user's pick)
    counted_with_errors = [f for f in files if f.counted and f.has_errors]
    if counted_with_errors:
        by_user = sum(f.included_by_user for f in counted_with_errors)
        duplicates = len(counted_with_errors) - by_user
        parts = []
        if duplicates:
            parts.append(f"{duplicates} tệp được tính vì là tệp được chọn trong cặp trùng báo cáo")
        if by_user:
            parts.append(f"{by_user} tệp được tính theo lựa chọn “vẫn tính dù có lỗi”")
        lines.append(f"Trong số tệp có lỗi: {'; '.join(parts)}.")
    if report.registry is not None and consolidation is not None:
        counts = consolidation.counts
        lines.append(
            f"Danh mục {report.registry.name}: {len(report.registry.units)} đơn vị = {counts.submitted} đã nộp "
            f"+ {counts.missing} chưa nộp + {counts.excluded} bị loại."
        )
    if report.period:
        lines.append(f"Kỳ báo cáo: {report.period.label}.")
    return "\n".join(lines)


def _print_unmatched(mixed) -> None:
    for result in mixed.unmatched:
        print(f"{result.path} — {result.status.label}")
        for issue in result.issues:
            print(f"    [{issue.severity.label}] {issue.check}: {issue.message}")


def _unmatched_json(mixed) -> list[dict]:
    return [
        {**f.summary(), "issues": [{k: i.to_dict()[k] for k in ("severity", "check", "message")} for i in f.issues]}
        for f in mixed.unmatched
    ]


def cmd_validate(args: argparse.Namespace) -> int:
    from desktop.mixed import MixedReport

    report = _run(args, forms=_forms(args))
    if isinstance(report, MixedReport):
        if args.json:
            data = {
                "forms": [{"form": r.form.id, **r.to_json()} for r in report.reports],
                "unmatched": _unmatched_json(report),
                "skipped": report.skipped,
            }
            print(json.dumps(data, ensure_ascii=False, indent=1))
        else:
            for part in report.reports:
                print(f"== Biểu mẫu {part.form.id}: {part.form.name}")
                _print_issues(part)
                print(_summary(part))
            if report.unmatched:
                print(f"== Không nhận ra biểu mẫu: {len(report.unmatched)} tệp")
                _print_unmatched(report)
        return 0 if report.valid else 1
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    else:
        _print_issues(report)
        print(_summary(report))
    return 0 if report.valid else 1


def totals_json(report: BatchReport) -> list[dict]:
    """The consolidated totals, one entry per code: {"code", "label", "values": {value column header: n}}."""
    form, consolidation = report.form, report.consolidation
    headers = form.indicator_sheet.value_columns
    totals = consolidation.totals if consolidation else {}
    return [
        {
            "code": i.code,
            "label": i.label,
            "values": {headers[c]: totals.get(c, {}).get(i.code) for c in form.value_columns},
        }
        for i in form.indicators
    ]


def _mixed_outputs(args: argparse.Namespace, mixed) -> list[tuple[BatchReport, Path]]:
    """-o: a file when the batch holds one form, else a folder (made if need be) with one file per form."""
    if len(mixed.reports) <= 1:
        return [(r, _xlsx_output(args.output)) for r in mixed.reports]
    folder = Path(args.output)
    if folder.suffix.lower() == ".xlsx":
        names = ", ".join(r.form.id for r in mixed.reports)
        raise UsageError(
            f"Đợt có {len(mixed.reports)} biểu mẫu ({names}): -o phải là một thư mục (mỗi biểu mẫu một tệp tổng hợp), "
            f"vd. “{folder.with_suffix('')}”"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"Không tạo được thư mục “{folder}”: {os_error_text(exc)}") from exc
    from desktop.mixed import output_name

    return [(r, folder / output_name(r)) for r in mixed.reports]


def _inputs(files, skipped, notes) -> list[str]:
    """The batch's files an output must never replace: all of them but our own earlier outputs."""
    ours = {i.file for i in notes if i.check == "own_output"}
    return [f.path for f in files] + [path for path in skipped if path not in ours]


def _archive(report) -> str:
    """Keep the batch's consolidation in the archive; what was stored, as one line for the clerk."""
    from desktop.cli_archive import ArchiveUsage, archive_batch

    try:
        return archive_batch(report)
    except ArchiveUsage as exc:
        raise UsageError(str(exc)) from exc


def cmd_consolidate(args: argparse.Namespace) -> int:
    from desktop.io.writer import write_consolidated
    from desktop.lastyear import from_archive

    if args.report:
        _docx_output(Path(args.report))  # before the batch runs, not after
    forms = _forms(args)
    if len(forms) > 1:
        report = _run(args, include=args.include, prefer=args.prefer, forms=forms)
        return _consolidate_mixed(args, report)
    output = _xlsx_output(args.output)
    try:
        with hold(output):  # a second run on the same target is refused while this one works
            report = _run(args, include=args.include, prefer=args.prefer, forms=forms)
            refuse_inputs(output, _inputs(report.files, report.skipped, report.batch_issues))
            previous = None
            if args.previous:
                from desktop.io.previous import PreviousError, read_previous

                try:
                    previous = read_previous(args.previous, report.form, report.period)
                except PreviousError as exc:
                    raise UsageError(str(exc)) from exc
            archived, trend, notes = from_archive(report, want_trend=args.history)
            previous = previous or archived
            write_consolidated(report, output, issuer=args.issuer or "", previous=previous, trend=trend)
    except OutputError as exc:
        raise UsageError(str(exc)) from exc
    for warning in previous.warnings if previous else []:
        print(f"[cảnh báo] {warning}", file=sys.stderr)
    for note in notes:
        print(f"[thông tin] {note}", file=sys.stderr)
    stored = _archive(report) if args.archive else None
    if args.report:
        _write_report(output, Path(args.report), report.form, args.rounded)
    if args.json:
        data = report.to_json()
        data["output"] = str(output)
        data["counted"] = [f.path for f in report.files if f.counted]
        data["previous_from"] = previous.source if previous else None
        data["form"] = report.form.id
        data["totals"] = totals_json(report)
        data["report"] = args.report or None
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        print(_summary(report))
        print(f"Đã ghi: {output}")
        if stored:
            print(stored)
        if args.report:
            print(f"Đã ghi báo cáo: {args.report}")
    return 0


def _consolidate_mixed(args: argparse.Namespace, mixed) -> int:
    """One consolidated workbook per form of the batch; --previous and --report need a single form."""
    from desktop.io.writer import write_consolidated
    from desktop.lastyear import from_archive

    if len(mixed.reports) > 1 and (args.previous or args.report):
        raise UsageError("--previous và --report chỉ dùng khi đợt có một biểu mẫu; hãy chọn biểu mẫu bằng --form")
    written = []
    for report, output in _mixed_outputs(args, mixed):
        archived, trend, notes = from_archive(report, want_trend=args.history)
        try:
            with hold(output):  # a second run on the same target is refused while this one works
                own = [i for r in mixed.reports for i in r.batch_issues]
                refuse_inputs(output, _inputs(mixed.files, mixed.skipped, own))
                write_consolidated(report, output, issuer=args.issuer or "", previous=archived, trend=trend)
        except OutputError as exc:
            raise UsageError(str(exc)) from exc
        for note in notes:
            print(f"[thông tin] {note}", file=sys.stderr)
        stored = _archive(report) if args.archive else None
        written.append((report, output, stored))
    if args.report and written:
        report, output, _ = written[0]
        _write_report(output, Path(args.report), report.form, args.rounded)
    if args.json:
        data = {
            "forms": [
                {
                    "form": r.form.id,
                    **r.to_json(),
                    "output": str(output),
                    "counted": [f.path for f in r.files if f.counted],
                    "totals": totals_json(r),
                }
                for r, output, _ in written
            ],
            "unmatched": _unmatched_json(mixed),
            "skipped": mixed.skipped,
        }
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        for report, output, stored in written:
            print(f"== Biểu mẫu {report.form.id}: {report.form.name}")
            print(_summary(report))
            print(f"Đã ghi: {output}")
            if stored:
                print(stored)
        if args.report and written:
            print(f"Đã ghi báo cáo: {args.report}")
        if mixed.unmatched:
            print(f"== Không nhận ra biểu mẫu: {len(mixed.unmatched)} tệp (không đưa vào tổng hợp)")
            _print_unmatched(mixed)
    return 0


def _docx_output(target: Path) -> Path:
    """The report's path, refused unless it is a file name ending in .docx."""
    if target.is_dir():
        raise UsageError(f"Không ghi được “{target}”: đó là một thư mục; hãy ghi tên tệp .docx")
    if target.suffix.lower() != ".docx":
        raise UsageError(f"Tệp báo cáo phải có đuôi .docx: “{target}” — hãy dùng “{target.with_suffix('.docx')}”")
    return target


def _write_report(workbook: Path, target: Path, form: Form, rounded: bool) -> None:
    from datetime import date

    from desktop.drafting import DraftOptions
    from desktop.io.consolidated import ConsolidatedError
    from desktop.io.document import write_report

    _docx_output(target)
    try:
        write_report(workbook, target, form, DraftOptions(rounded=rounded, year=date.today().year))
    except (ConsolidatedError, OutputError) as exc:
        raise UsageError(str(exc)) from exc


def _workbook_form(workbook: Path) -> Form:
    """The installed form a consolidated workbook names in its `_meta`; TDBV-01 when it names none."""
    from desktop.io.facts import form_id_of

    form_id = form_id_of(workbook) if workbook.is_file() else None
    if not form_id:
        return _load(None)
    installed = _library().get(form_id)
    if installed is None:
        raise UsageError(f"Tệp “{workbook.name}” là tổng hợp biểu mẫu {form_id}, chưa cài; hãy ghi --form TỆP.yaml")
    return installed.form


def cmd_report(args: argparse.Namespace) -> int:
    workbook = Path(args.workbook)
    target = Path(args.output) if args.output else workbook.with_suffix(".docx")
    form = _form(args) if args.form else _workbook_form(workbook)
    _write_report(workbook, target, form, args.rounded)
    print(f"Đã ghi báo cáo: {target}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.consolidate import output_name as consolidate_output_name
    from desktop.demo import make_demo_files
    from desktop.io.writer import write_consolidated
    from desktop.periods import parse_period
    from desktop.pipeline import run_batch

    form = load_form()
    try:
        registry = province_registry(args.province)
    except RegistryError as exc:
        raise UsageError(str(exc)) from exc
    period = parse_period(args.period)
    if period is None:
        raise UsageError(f"Không hiểu kỳ báo cáo “{args.period}”")
    if args.count < 1:
        raise UsageError(f"--count phải từ 1 trở lên (đã ghi {args.count})")
    count = min(args.count, len(registry.units))
    if count < args.count:
        print(f"{registry.name} có {len(registry.units)} đơn vị: tạo {count} tệp thay vì {args.count}.")
    out = Path(args.out)
    inputs = out / "don-vi"
    make_demo_files(inputs, form, registry, period, count=count)
    report = run_batch([inputs], form, registry, period_text=period.label)
    output = out / consolidate_output_name(registry.name, period.label)
    try:
        write_consolidated(report, output)
    except OutputError as exc:
        raise UsageError(str(exc)) from exc
    print(f"Dữ liệu mẫu: {len(report.files)} tệp của {registry.name} trong {inputs}")
    print(_summary(report))
    errors = list({i.message: i for i in report.issues if i.severity is Severity.ERROR}.values())  # a pair once
    if errors:
        print("Một số lỗi tìm thấy (cố ý trong dữ liệu mẫu):")
        for issue in errors[:6]:
            print(f"  - {Path(issue.file).name if issue.file else ''}: {issue.message}")
    print(f"Tệp tổng hợp: {output.resolve()}")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from desktop.io.formsheet import Header
    from desktop.io.template import refuse_filled, write_unit_workbook
    from desktop.periods import format_date, parse_period

    form = _form(args)
    registry = _registry(args, remember=False)
    period = parse_period(args.period)
    if period is None:
        raise UsageError(f"Không hiểu kỳ báo cáo “{args.period}”")
    if args.all:
        if registry is None or not args.out:
            raise UsageError("--all cần --province hoặc --units và --out THƯ_MỤC")
        units = registry.units
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        targets = [out / f"{u.name} - {period.label.replace('/', '-')}.xlsx" for u in units]
    else:
        if not args.unit:
            raise UsageError("Cần --unit TÊN|MÃ hoặc --all")
        from desktop.units import Unit

        unit = None
        if registry is not None:
            unit = registry.by_code(args.unit) or registry.by_name(args.unit)
            if unit is None:
                raise UsageError(f"Đơn vị “{args.unit}” không có trong danh mục {registry.name}")
        unit = unit or Unit("", args.unit)
        units = [unit]
        targets = [
            _xlsx_output(args.output) if args.output else Path(f"{unit.name} - {period.label.replace('/', '-')}.xlsx")
        ]
    start, end = period.police_dates
    issuer = args.issuer or form.issuer
    try:
        for target in targets:
            refuse_filled(target, form)
        for unit, target in zip(units, targets, strict=True):
            header = Header(unit.name, unit.code, period.label, format_date(start), format_date(end), issuer)
            write_unit_workbook(target, form, header)
    except OutputError as exc:
        raise UsageError(str(exc)) from exc
    print(f"Đã tạo {len(targets)} biểu mẫu {form.id}, kỳ {period.label}:")
    for target in targets[:5]:
        print(f"  {target}")
    if len(targets) > 5:
        print(f"  … và {len(targets) - 5} tệp khác trong {targets[0].parent}")
    return 0


def cmd_annotate(args: argparse.Namespace) -> int:
    from desktop.io.annotate import annotate_report

    out = Path(args.out)
    sources = {Path(p).resolve() if Path(p).is_dir() else Path(p).resolve().parent for p in args.paths}
    if out.resolve() in sources:
        raise UsageError(
            f"Hãy chọn thư mục ra khác thư mục chứa báo cáo (“{out}”): "
            "bản “… - cần sửa” để trong đó sẽ bị đọc như một báo cáo ở lần kiểm tra sau"
        )
    report = _run(args)
    try:
        out.mkdir(parents=True, exist_ok=True)
        copies, failed = annotate_report(report, out)
    except OSError as exc:
        raise UsageError(f"Không ghi được vào thư mục “{out}”: {os_error_text(exc)}") from exc
    except OutputError as exc:
        raise UsageError(str(exc)) from exc
    if args.json:
        data = {
            "copies": [
                {
                    "source": str(c.source),
                    "target": str(c.target),
                    "issues": c.issues,
                    "cells": c.cells,
                    "converted": c.converted,
                }
                for c in copies
            ],
            "failed": failed,
        }
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 1 if failed else 0
    for copy in copies:
        names = f"{display_name(copy.source.name)} → {display_name(copy.target.name)}"
        line = f"{names}: {copy.issues} điểm cần sửa, {copy.cells} ô được tô màu"
        if copy.converted:
            line += f" (tệp {copy.source.suffix.lower()} được ghi thành .xlsx, chỉ giữ giá trị các ô)"
        print(line)
    for line in failed:
        print(f"{line} — không tạo được bản cần sửa")
    unreadable = [f for f in report.files if f.submission is None]
    for result in unreadable:
        name = display_name(Path(result.path).name)
        print(f"{name} — không đọc được, không tạo bản cần sửa: {result.issues[0].message}")
    clean = len(report.files) - len(copies) - len(failed) - len(unreadable)
    print(f"Đã tạo {len(copies)} bản cần sửa trong {out}; {clean} tệp không có lỗi hay cảnh báo.")
    return 1 if failed else 0


def cmd_form(args: argparse.Namespace) -> int:
    return FORM_COMMANDS[args.form_command](args)


def cmd_form_learn(args: argparse.Namespace) -> int:
    from desktop.io.atomic import atomic_target
    from desktop.io.template_scan import scan_workbook
    from desktop.io.workbook import WorkbookError
    from desktop.learn import LearnError, form_yaml, learn, summary

    path = Path(args.workbook)
    if path.is_dir():
        raise UsageError(f"“{path}” là thư mục; hãy chọn tệp Excel của biểu mẫu")
    if not path.is_file():
        raise UsageError(f"không tìm thấy “{path}”")
    try:
        learned = learn(scan_workbook(path), form_id=args.id or "", name=args.name or "", sheet=args.sheet or "")
    except WorkbookError as exc:
        raise UsageError(f"{path.name}: {exc.reason}") from exc
    except LearnError as exc:
        raise UsageError(f"{path.name}: {exc}") from exc
    print(summary(learned))
    if args.output:
        try:
            with atomic_target(args.output) as target:
                target.write_text(form_yaml(learned.form), encoding="utf-8")
        except (OutputError, OSError) as exc:
            raise UsageError(str(exc)) from exc
        print(f"\nĐã ghi biểu mẫu {learned.form.id} vào {args.output} (dùng với --form {args.output})")
    return 0


def cmd_form_list(args: argparse.Namespace) -> int:
    from desktop.library import user_forms_dir

    library = _library()
    if args.json:
        data = [
            {
                "id": f.form.id,
                "version": f.form.version,
                "name": f.form.name,
                "builtin": f.builtin,
                "path": str(f.path),
                "indicators": len(f.form.indicators),
            }
            for f in library.forms
        ]
        print(json.dumps({"forms": data, "problems": list(library.problems)}, ensure_ascii=False, indent=1))
        return 0
    for installed in library.forms:
        kind = "có sẵn" if installed.builtin else "của người dùng"
        form = installed.form
        print(f"{form.id}\t{form.version}\t{form.name} ({len(form.indicators)} chỉ tiêu, {kind})")
    print(f"{len(library.forms)} biểu mẫu; thư mục biểu mẫu của người dùng: {user_forms_dir()}")
    return 0


def cmd_form_import(args: argparse.Namespace) -> int:
    from desktop.library import LibraryError, import_form

    if not Path(args.file).is_file():
        raise UsageError(f"Không có tệp {args.file}")
    try:
        installed, replaced = import_form(args.file)
    except (FormError, LibraryError, OutputError) as exc:
        raise UsageError(str(exc)) from exc
    form = installed.form
    verb = "Đã thay" if replaced else "Đã cài"
    print(f"{verb} biểu mẫu {form.id} ({form.name}, phiên bản {form.version}): {installed.path}")
    return 0


def cmd_form_export(args: argparse.Namespace) -> int:
    from desktop.library import LibraryError, export_form

    try:
        target = export_form(args.id, args.output, _library())
    except (LibraryError, OutputError) as exc:
        raise UsageError(str(exc)) from exc
    print(f"Đã xuất biểu mẫu {args.id} ra {target}")
    return 0


FORM_COMMANDS = {"learn": cmd_form_learn, "list": cmd_form_list, "import": cmd_form_import, "export": cmd_form_export}


def cmd_units(args: argparse.Namespace) -> int:
    from desktop.units import province_names

    registry = _registry(args, remember=False) if (args.province or args.units) else None
    if registry is None:
        names = province_names()
        print(json.dumps(names, ensure_ascii=False) if args.json else "\n".join(names))
        return 0
    if args.json:
        print(
            json.dumps([{"code": u.code, "name": u.name, "kind": u.kind} for u in registry.units], ensure_ascii=False)
        )
    else:
        for unit in registry.units:
            print(f"{unit.code}\t{unit.name}")
        print(f"{registry.name}: {len(registry.units)} đơn vị")
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    from desktop.cli_archive import ArchiveUsage
    from desktop.cli_archive import cmd_archive as run

    try:
        return run(args, _form(args))
    except ArchiveUsage as exc:
        raise UsageError(str(exc)) from exc


def cmd_rollup(args: argparse.Namespace) -> int:
    from desktop.cli_archive import ArchiveUsage
    from desktop.cli_archive import cmd_rollup as run

    try:
        return run(args, _form(args), _registry(args, remember=False), totals=totals_json)
    except ArchiveUsage as exc:
        raise UsageError(str(exc)) from exc


def _no_display() -> str | None:
    """Why no window can open here (no X server or Wayland, no interactive Windows desktop), or None."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return None  # offscreen, minimal, vnc, windows …: Qt was told where to draw
    if sys.platform.startswith("linux"):
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            return "không có màn hình (DISPLAY, WAYLAND_DISPLAY chưa đặt)"
    elif sys.platform == "win32":
        import ctypes

        # session 0 has no desktop: services, scheduled tasks run without logon, OpenSSH sessions
        # (a locked screen is still the user's session: the window opens behind the lock)
        session = ctypes.c_ulong()
        kernel32 = ctypes.windll.kernel32
        if kernel32.ProcessIdToSessionId(kernel32.GetCurrentProcessId(), ctypes.byref(session)) and not session.value:
            return "không có màn hình Windows cho phiên này (dịch vụ hoặc SSH)"
    return None


def cmd_gui(args: argparse.Namespace) -> int:
    headless = bool(args.screenshot and args.quit)
    problem = None if headless else _no_display()
    if problem:
        raise UsageError(
            f"Không mở được cửa sổ ứng dụng: {problem}. Dùng dòng lệnh, vd. “tonghop consolidate THƯ_MỤC -o TỆP.xlsx”"
            " (xem “tonghop --help”)"
        )
    try:
        from desktop.app import run_app
    except ImportError as exc:
        raise UsageError(f"Không mở được giao diện: {exc}") from exc
    return run_app(args)


COMMANDS = {
    "validate": cmd_validate,
    "consolidate": cmd_consolidate,
    "demo": cmd_demo,
    "template": cmd_template,
    "annotate": cmd_annotate,
    "report": cmd_report,
    "units": cmd_units,
    "form": cmd_form,
    "gui": cmd_gui,
    "archive": cmd_archive,
    "rollup": cmd_rollup,
}


@contextlib.contextmanager
def _exit_on_sigterm():
    """SIGTERM (a service stop, `kill`) unwinds like Ctrl+C, so no temporary is left beside a target."""

    def terminated(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, terminated)
    except (ValueError, AttributeError, OSError):  # not the main thread; no SIGTERM here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(encoding="utf-8", errors="replace")
    with vietnamese_argparse():
        args = _parser().parse_args(argv)
        command = args.command or "gui"
        if args.command is None:
            args = _parser().parse_args(["gui", *(argv or [])])
    if command != "gui":  # the window sets up its own log; technical text never goes to the terminal
        from desktop.logfile import setup_logging

        setup_logging()
    try:
        with _exit_on_sigterm() if command != "gui" else contextlib.nullcontext():
            return COMMANDS[command](args)
    except SystemExit as exc:  # SIGTERM: the `finally` of every output being written has removed its temporary
        return exc.code if isinstance(exc.code, int) else 1
    except UsageError as exc:
        print(f"tonghop: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like (an OSError: caught first)
        # the interpreter flushes stdout again at exit: point it at /dev/null (the Python docs' recipe)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # a file that vanished or can't be read mid-way: one line, in Vietnamese
        print(f"tonghop: {describe_os_error(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
