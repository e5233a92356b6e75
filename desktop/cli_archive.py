"""The archive's commands: `tonghop archive info|list|show|add|remove|export` and `tonghop rollup`,
and what `consolidate` takes from the archive (last year's figures, the trend) and gives to it."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.archive import Archive, ArchiveError, archive_path, tidy_rows
from desktop.periods import Period, parse_period
from desktop.vntext import format_number

if TYPE_CHECKING:
    from desktop.forms import Form
    from desktop.report import BatchReport


class ArchiveUsage(Exception):
    """Printed by the CLI as one line, exit status 2 (the CLI's UsageError, without importing it)."""


def add_commands(
    command: Callable[[str, str], argparse.ArgumentParser],
    registry_options: Callable[[argparse.ArgumentParser], None],
) -> None:
    """`archive` with its actions, and `rollup`; `command(name, help)` makes a subcommand's parser."""
    archive = command("archive", "kho lưu trữ số liệu các kỳ")
    actions = archive.add_subparsers(
        dest="action", required=True, title="việc", metavar="VIỆC", parser_class=type(archive)
    )

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        return actions.add_parser(name, help=help_text, description=help_text, formatter_class=archive.formatter_class)

    def common(command: argparse.ArgumentParser, *, period: bool = False, unit: bool = False) -> None:
        command.add_argument("--form", metavar="YAML|MÃ", help="tệp biểu mẫu YAML hoặc mã biểu mẫu (mặc định TDBV-01)")
        command.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
        if period:
            command.add_argument("--period", metavar="KỲ", help='kỳ báo cáo, vd. "Quý III/2026"')
        if unit:
            command.add_argument("--unit", metavar="MÃ|TÊN", help="một đơn vị (mã hoặc tên)")

    common(action("info", "vị trí, phiên bản lược đồ và dung lượng kho"))
    common(action("list", "các kỳ đã lưu"))
    common(action("show", "số liệu một kỳ đã lưu"), period=True, unit=True)
    add = action("add", "lưu các tệp tổng hợp của các kỳ trước vào kho")
    add.add_argument("paths", nargs="+", metavar="TỆP.xlsx", help="tệp tổng hợp (có trang “Chi tiết”)")
    common(add)
    remove = action("remove", "xóa một kỳ (hoặc một đơn vị của kỳ) khỏi kho")
    common(remove, period=True, unit=True)
    export = action("export", "xuất bảng số liệu dạng dài (.xlsx hoặc .csv)")
    common(export, period=True, unit=True)
    export.add_argument("-o", "--output", required=True, metavar="TỆP.xlsx|.csv", help="tệp sẽ ghi")

    rollup = command("rollup", "cộng dồn kỳ dài từ các kỳ ngắn đã lưu (vd. 9 tháng từ các quý)")
    rollup.add_argument("-o", "--output", metavar="TỆP.xlsx", help="tệp tổng hợp sẽ ghi (.xlsx)")
    rollup.add_argument("--issuer", metavar="TÊN", help="cơ quan chủ quản in ở góc trái (mặc định theo biểu mẫu)")
    registry_options(rollup)
    rollup.set_defaults(workers=None)


def open_archive(*, create: bool = True) -> Archive:
    """The archive; without `create`, one that does not exist yet is an error of use (nothing to read)."""
    path = archive_path()
    if not create and not path.exists():
        raise ArchiveUsage(
            f"Kho lưu trữ “{path}” chưa có: chưa lưu kỳ nào (dùng “consolidate --archive” hoặc “archive add”)"
        )
    try:
        return Archive(path)
    except ArchiveError as exc:
        raise ArchiveUsage(str(exc)) from exc


def _period(text: str | None, *, required: bool = True) -> Period | None:
    if not text:
        if required:
            raise ArchiveUsage("Cần --period KỲ (ví dụ: “Quý III/2026”, “9 tháng 2026”)")
        return None
    period = parse_period(text)
    if period is None:
        raise ArchiveUsage(f"Không hiểu kỳ báo cáo “{text}” (ví dụ: “Quý III/2026”, “Tháng 8/2026”, “Năm 2026”)")
    return period


def cmd_archive(args: argparse.Namespace, form: Form) -> int:
    action = args.action
    path = archive_path()
    if action in ("info", "list") and not path.exists():
        if action == "list":
            print("[]" if args.json else f"Kho lưu trữ {path} chưa có kỳ nào.")
        else:
            data = {"path": str(path), "exists": False}
            print(json.dumps(data, ensure_ascii=False) if args.json else f"Kho lưu trữ: {path} (chưa có số liệu)")
        return 0
    with open_archive(create=action == "add") as archive:
        try:
            return _ACTIONS[action](args, form, archive)
        except ArchiveError as exc:
            raise ArchiveUsage(str(exc)) from exc


def _info(args: argparse.Namespace, form: Form, archive: Archive) -> int:
    info = archive.info()
    info["exists"] = True
    info["integrity"] = archive.check()
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=1))
        return 0
    print(f"Kho lưu trữ: {info['path']}")
    print(f"Phiên bản lược đồ: {info['schema_version']}; kiểm tra tệp: {info['integrity']}")
    print(
        f"{info['periods']} kỳ, {info['submissions']} báo cáo của {info['units']} đơn vị, "
        f"{format_number(info['figures'])} số liệu; {format_number(info['bytes'])} byte"
    )
    return 0


def _list(args: argparse.Namespace, form: Form, archive: Archive) -> int:
    periods = archive.periods()
    if args.json:
        data = [
            {
                "form": s.form_id,
                "period": s.period.label,
                "units": s.units,
                "counted": s.counted,
                "files": s.files,
                "added": s.added,
            }
            for s in periods
        ]
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    if not periods:
        print(f"Kho lưu trữ {archive.path} chưa có kỳ nào.")
    for s in periods:
        print(f"{s.form_id}\t{s.period.label}\t{s.counted} đơn vị được tính / {s.files} tệp\tlưu lúc {s.added}")
    return 0


def _show(args: argparse.Namespace, form: Form, archive: Archive) -> int:
    period = _period(args.period, required=not args.unit)  # a unit alone: its every period
    records = archive.records(form.id, period, args.unit)
    if not records:
        what = f" kỳ {period.label}" if period else ""
        raise ArchiveUsage(f"Kho lưu trữ không có {form.id}{what}" + (f" của “{args.unit}”" if args.unit else ""))
    if args.json:
        data = [
            {
                "period": r.period.label,
                "unit": r.unit_name,
                "unit_code": r.unit_code or None,
                "file": r.file_name,
                "sha256": r.sha256,
                "counted": r.counted,
                "reason": r.reason,
                "added": r.added,
                "values": r.values,
                "cells": r.cells,
                "list_rows": len(r.list_rows),
            }
            for r in records
        ]
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    print(f"{form.id} {period.label if period else args.unit}: {len(records)} báo cáo")
    for r in records:
        state = "được tính" if r.counted else f"bị loại ({r.reason})"
        current = r.values.get("current", {})
        filled = sum(v is not None for v in current.values())
        where = "" if period else f"{r.period.label}\t"
        print(f"  {where}{r.unit_code or '-'}\t{r.unit_name}\t{r.file_name}\t{state}\t{filled} chỉ tiêu\t{r.added}")
    return 0


def _add(args: argparse.Namespace, form: Form, archive: Archive) -> int:
    from desktop.io.consolidated import ConsolidatedError, read_consolidated

    failed = 0
    results = []
    for path in args.paths:
        try:
            period, records = read_consolidated(path, form)
        except ConsolidatedError as exc:
            print(f"tonghop: {exc}", file=sys.stderr)
            failed += 1
            continue
        stored = archive.add(records, origin=Path(path).name)
        results.append({"file": str(path), "period": period.label, "units": stored.added, "replaced": stored.replaced})
        if not args.json:
            print(f"Đã lưu {Path(path).name}: {period.label}, {stored.added} đơn vị")
            for line in stored.replaced:
                print(f"  {line}")
    if args.json:
        print(json.dumps({"added": results, "failed": failed}, ensure_ascii=False, indent=1))
    return 1 if failed else 0


def _remove(args: argparse.Namespace, form: Form, archive: Archive) -> int:
    period = _period(args.period)
    removed = archive.remove(form.id, period, args.unit)
    what = f"{form.id} {period.label}" + (f" của “{args.unit}”" if args.unit else "")
    if not removed:
        raise ArchiveUsage(f"Kho lưu trữ không có {what}")
    print(json.dumps({"removed": removed}) if args.json else f"Đã xóa {removed} báo cáo {what} khỏi kho lưu trữ")
    return 0


def _export(args: argparse.Namespace, form: Form, archive: Archive) -> int:
    from desktop.io.atomic import OutputError
    from desktop.io.tidy import write_tidy

    period = _period(args.period, required=False)
    records = archive.records(form.id, period, args.unit, counted_only=True)
    rows = tidy_rows(records)
    try:
        write_tidy(rows, args.output)
    except OutputError as exc:
        raise ArchiveUsage(str(exc)) from exc
    if args.json:
        print(json.dumps({"output": str(args.output), "rows": len(rows), "submissions": len(records)}))
    else:
        print(f"Đã xuất {format_number(len(rows))} số liệu của {len(records)} báo cáo: {args.output}")
    return 0


_ACTIONS = {"info": _info, "list": _list, "show": _show, "add": _add, "remove": _remove, "export": _export}


def cmd_rollup(
    args: argparse.Namespace, form: Form, registry: Any, totals: Callable[[BatchReport], Any] | None = None
) -> int:
    """`totals(report)`: the totals as `consolidate --json` prints them (the CLI passes its own)."""
    from desktop.io.atomic import OutputError
    from desktop.io.writer import write_consolidated
    from desktop.lastyear import last_year_totals
    from desktop.rollup import RollupError, parts_of, roll_up, rollup_json, rollup_report

    period = _period(args.period)
    try:
        parts_of(period)
    except RollupError as exc:
        raise ArchiveUsage(str(exc)) from exc
    if not args.output and not args.json:
        raise ArchiveUsage("Cần -o TỆP.xlsx (hoặc --json)")
    with open_archive(create=False) as archive:
        try:
            rollup = roll_up(archive, form, period, registry)
            report = rollup_report(rollup, registry)
            previous = last_year_totals(archive, report, check=False)
        except (RollupError, ArchiveError) as exc:
            raise ArchiveUsage(str(exc)) from exc
    if not rollup.units and not rollup.missing:
        raise ArchiveUsage(f"Kho lưu trữ không có kỳ nào của {period.label} để cộng dồn ({archive.path})")
    if args.output:
        try:
            write_consolidated(report, args.output, issuer=args.issuer or "", previous=previous)
        except OutputError as exc:
            raise ArchiveUsage(str(exc)) from exc
    if args.json:
        data = rollup_json(rollup)
        if totals is not None:
            data["totals"] = totals(report)
        data["output"] = str(args.output) if args.output else None
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    print(f"{period.label}: cộng dồn {len(rollup.units)} đơn vị từ kho lưu trữ {archive.path}")
    for total in rollup.units:
        print(f"  {total.unit_name}: {', '.join(p.period.label for p in total.parts)}")
    nothing = [g for g in rollup.missing if not g.have]
    for gap in rollup.missing:
        if gap.have:
            print(f"  [thiếu] {gap.unit_name}: chưa có {', '.join(p.label for p in gap.periods)}, không đưa vào tổng")
    if nothing:
        names = ", ".join(g.unit_name for g in nothing[:8]) + (", …" if len(nothing) > 8 else "")
        print(f"  [thiếu] {len(nothing)} đơn vị không có kỳ nào của {period.label} trong kho: {names}")
    for warning in rollup.warnings:
        print(f"  [cảnh báo] {warning.message}")
    if args.output:
        print(f"Đã ghi: {args.output}")
    return 0


def archive_batch(report: BatchReport) -> str:
    """Store a consolidated batch; returns the line to print. Raises ArchiveUsage when it cannot."""
    from desktop.archive import records_from_report

    if report.period is None:
        raise ArchiveUsage("Không lưu được vào kho: không xác định được kỳ báo cáo của đợt (dùng --period)")
    records = records_from_report(report)
    with open_archive() as archive:
        try:
            stored = archive.add(records)
        except ArchiveError as exc:
            raise ArchiveUsage(f"Tệp tổng hợp đã ghi nhưng chưa lưu vào kho: {exc}") from exc
    counted = sum(r.counted for r in records)
    line = f"Đã lưu vào kho lưu trữ {archive.path}: {report.period.label}, {counted} đơn vị được tính"
    if len(records) > counted:
        line += f", {len(records) - counted} tệp bị loại (kèm lý do)"
    return "\n".join([line, *(f"  {r}" for r in stored.replaced)])
