"""Forms of the kind provinces send out, written with xlsxwriter as an office would lay them out: for
learning a form from its blank template, then filling unit copies to consolidate.

A spec describes one form; `write_form` writes its blank template (values None) or a unit's filled copy.
The learner never sees the spec: tests compare what it learned with the spec's expectations.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell


@dataclass
class Line:
    """One row of the table: a section heading (code None and `section`) or an indicator."""

    label: str
    code: str | None = None
    stt: str = ""
    unit: str = ""
    section: bool = False
    sum_of: list[str] | None = None  # a total down the column: the codes it adds up
    bold: bool = False


@dataclass
class Spec:
    name: str
    sheet: str
    title: str
    issuer: str
    block: list[tuple[str, str]]  # header-block label and value; "{unit}" and "{period}" are filled in
    header: list[tuple[int, int, int, int, str]]  # (row, first col, last row, last col, text) from the header top
    columns: dict[str, int]  # role or value key -> column: stt, label, unit, code, note, and the value keys
    value_keys: list[str]
    lines: list[Line]
    index_row: list[str] | None = None
    across: dict[str, list[str]] = field(default_factory=dict)  # value key -> keys it adds up on every row
    validation: bool = True  # whole number >= 0 on the value cells
    list_sheet: dict[str, Any] | None = None  # name, title, headers, allowed {col: [..]}, year col
    second_sheet: bool = False  # the form has a second, similar indicator sheet
    label_colon_cell: bool = True  # "Label: value" in one cell, else label cell and value cell

    @property
    def codes(self) -> list[str]:
        return [line.code for line in self.lines if not line.section]


HEADER_TOP = 8


def write_form(
    spec: Spec,
    path: Path,
    unit: str = "",
    period: str = "Quý III/2026",
    values: dict | None = None,
    typed: dict | None = None,
) -> None:
    """The workbook: blank when `values` is None, else a unit's figures ({code: {key: number}}); `typed`
    {(code, key): number} are typed over the template's formulas by the clerk."""
    book = xlsxwriter.Workbook(str(path))
    _write_sheet(book, spec, spec.sheet, unit, period, values, typed or {})
    if spec.second_sheet:
        _write_sheet(book, spec, spec.sheet + " (tiếp)", unit, period, values, typed or {})
    if spec.list_sheet:
        _write_list(book, spec.list_sheet, values)
    book.close()


def _write_sheet(book: Any, spec: Spec, name: str, unit: str, period: str, values: dict | None, typed: dict) -> None:
    ws = book.add_worksheet(name)
    bold = book.add_format({"bold": True})
    center_bold = book.add_format({"bold": True, "align": "center", "text_wrap": True, "border": 1})
    th = book.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1})
    index = book.add_format({"italic": True, "align": "center", "border": 1})
    cell = book.add_format({"border": 1, "text_wrap": True})
    cell_bold = book.add_format({"border": 1, "bold": True, "text_wrap": True})
    number = book.add_format({"border": 1})
    ws.set_column(0, 0, 6)
    ws.set_column(spec.columns["label"], spec.columns["label"], 45)
    ws.write(0, 0, spec.issuer, bold)
    ws.write(0, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold)
    ws.write(1, 5, "Độc lập - Tự do - Hạnh phúc", bold)
    last = max(spec.columns.values())
    ws.merge_range(3, 0, 3, last, spec.title, center_bold)
    for offset, (label, value) in enumerate(spec.block):
        text = value.format(unit=unit, period=period)
        if spec.label_colon_cell:
            ws.write(4 + offset // 2, 1 + (offset % 2) * 3, f"{label}: {text}")
        else:
            ws.write(4 + offset // 2, 1 + (offset % 2) * 3, f"{label}:", bold)
            ws.write(4 + offset // 2, 2 + (offset % 2) * 3, text)
    top = HEADER_TOP
    for r1, c1, r2, c2, text in spec.header:
        if (r1, c1) == (r2, c2):
            ws.write(top + r1, c1, text, th)
        else:
            ws.merge_range(top + r1, c1, top + r2, c2, text, th)
    rows = 1 + max(r2 for _, _, r2, _, _ in spec.header)
    row = top + rows
    if spec.index_row:
        for c, text in enumerate(spec.index_row):
            ws.write(row, c, text, index)
        row += 1
    first = row
    code_rows: dict[str, int] = {}
    for line in spec.lines:
        if line.code:
            code_rows[line.code] = row
        row += 1
    cols = spec.columns
    computed = compute(spec, values) if values is not None else None
    row = first
    for line in spec.lines:
        style = cell_bold if line.section or line.bold else cell
        if "stt" in cols:
            ws.write(row, cols["stt"], line.stt, style)
        ws.write(row, cols["label"], line.label, style)
        if line.section:
            row += 1
            continue
        if "unit" in cols:
            ws.write(row, cols["unit"], line.unit, cell)
        if "code" in cols:
            ws.write_string(row, cols["code"], line.code, cell)
        for key in spec.value_keys:
            col = cols[key]
            value = computed[line.code][key] if computed else None
            if (line.code, key) in typed:
                ws.write_number(row, col, typed[(line.code, key)], number)
            elif line.sum_of:
                refs = [xl_rowcol_to_cell(code_rows[c], col) for c in line.sum_of]
                consecutive = [code_rows[c] for c in line.sum_of] == list(
                    range(code_rows[line.sum_of[0]], code_rows[line.sum_of[0]] + len(line.sum_of))
                )
                formula = f"=SUM({refs[0]}:{refs[-1]})" if consecutive and len(refs) > 2 else "=" + "+".join(refs)
                ws.write_formula(row, col, formula, number, value if value is not None else 0)
            elif key in spec.across:
                refs = [xl_rowcol_to_cell(row, cols[k]) for k in spec.across[key]]
                ws.write_formula(row, col, "=" + "+".join(refs), number, value if value is not None else 0)
            elif value is None:
                ws.write_blank(row, col, None, number)
            else:
                ws.write_number(row, col, value, number)
        if "note" in cols:
            ws.write_blank(row, cols["note"], None, cell)
        row += 1
    if spec.validation:
        for key in spec.value_keys:
            col = cols[key]
            ws.data_validation(
                first,
                col,
                row - 1,
                col,
                {"validate": "integer", "criteria": ">=", "value": 0, "input_message": "Số nguyên ≥ 0"},
            )
    ws.write(row + 2, cols["label"], "Người lập biểu", bold)
    ws.write(row + 2, last, "Thủ trưởng đơn vị", bold)


def _write_list(book: Any, spec: dict, values: dict | None) -> None:
    ws = book.add_worksheet(spec["name"])
    th = book.add_format({"bold": True, "border": 1, "align": "center"})
    ws.merge_range(0, 0, 0, len(spec["headers"]) - 1, spec["title"], book.add_format({"bold": True, "align": "center"}))
    for c, header in enumerate(spec["headers"]):
        ws.write(2, c, header, th)
    for c, allowed in spec.get("allowed", {}).items():
        ws.data_validation(3, c, 200, c, {"validate": "list", "source": allowed})
    if "year" in spec:
        ws.data_validation(
            3,
            spec["year"],
            200,
            spec["year"],
            {"validate": "integer", "criteria": "between", "minimum": 1990, "maximum": 2100},
        )
    for r, item in enumerate((values or {}).get("_list", []), 3):
        for c, value in enumerate(item):
            ws.write(r, c, value)


def compute(spec: Spec, values: dict) -> dict[str, dict[str, int]]:
    """Every cell's value: entered figures, totals down columns and across rows computed as Excel would."""
    out = {code: dict(values.get(code, {})) for code in spec.codes}
    for line in reversed(spec.lines):  # children before parents in hierarchical forms
        if line.section:
            continue
        for key in spec.value_keys:
            if key in spec.across and not line.sum_of:
                out[line.code][key] = sum(out[line.code][k] for k in spec.across[key])
    for line in reversed(spec.lines):
        if line.sum_of:
            for key in spec.value_keys:
                out[line.code][key] = sum(out[c][key] for c in line.sum_of)
    return out


def entered(spec: Spec, rng: random.Random) -> dict:
    """A unit's typed figures: every cell without a formula."""
    values: dict[str, dict[str, int]] = {}
    parent = None
    for line in spec.lines:
        if line.section or line.sum_of:
            continue
        if line.label.startswith("Trong đó") and parent:  # a part is never more than its whole
            values[line.code] = {k: rng.randint(0, v) for k, v in values[parent].items()}
            continue
        parent = line.code
        values[line.code] = {k: rng.randint(0, 40) for k in spec.value_keys if k not in spec.across}
    return values


def fill_units(spec: Spec, folder: Path, count: int = 10, seed: int = 7) -> dict[str, dict[str, int]]:
    """`count` unit files; returns the expected totals {key: {code: total}}."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    totals = {k: dict.fromkeys(spec.codes, 0) for k in spec.value_keys}
    for n in range(count):
        values = entered(spec, rng)
        if spec.list_sheet:
            values["_list"] = spec.list_sheet["rows"](rng)
        unit = f"Xã Thử Nghiệm {n + 1}"
        write_form(spec, folder / f"{unit}.xlsx", unit, values=values)
        for code, by_key in compute(spec, values).items():
            for key, value in by_key.items():
                totals[key][code] += value
    return totals


def _rows(labels: list[tuple]) -> list[Line]:
    return [Line(*item) if isinstance(item, tuple) else item for item in labels]


# ---------------------------------------------------------------------------------------------- the forms

BLOCK = [("Biểu số", "{number}"), ("Đơn vị báo cáo", "{unit}"), ("Kỳ báo cáo", "{period}"), ("Mã đơn vị", "")]


def security_form() -> Spec:
    """Codes 01…, two value columns, roman sections, SUM and + totals, a list sheet with drop-downs."""
    block = [(a, b.replace("{number}", "05/ANTT")) for a, b in BLOCK]
    lines = [
        Line("TUYÊN TRUYỀN", stt="I", section=True),
        Line("Số buổi tuyên truyền", "01", "1", "buổi"),
        Line("Số lượt người tham dự", "02", "2", "lượt"),
        Line("Số tin, bài đã đăng", "03", "3", "tin"),
        Line("XÂY DỰNG LỰC LƯỢNG", stt="II", section=True),
        Line("Số tổ an ninh xây dựng mới", "04", "4", "tổ"),
        Line("Số tổ an ninh được củng cố", "05", "5", "tổ"),
        Line("Số tổ an ninh bị giải thể", "06", "6", "tổ"),
        Line("Tổng số tổ an ninh đang hoạt động (đến cuối kỳ)", "07", "7", "tổ", sum_of=["04", "05", "06"], bold=True),
        Line("KHEN THƯỞNG", stt="III", section=True),
        Line("Số tập thể được khen", "08", "8", "tập thể"),
        Line("Số cá nhân được khen", "09", "9", "người"),
        Line("Tổng số được khen thưởng", "10", "10", "lượt", sum_of=["08", "09"]),
    ]
    headers = ["STT", "Chỉ tiêu", "Đơn vị tính", "Mã số", "Kỳ báo cáo", "Cùng kỳ năm trước", "So sánh (%)", "Ghi chú"]
    return Spec(
        name="an-ninh",
        sheet="Biểu 05",
        title="BÁO CÁO KẾT QUẢ CÔNG TÁC BẢO ĐẢM AN NINH TRẬT TỰ",
        issuer="CÔNG AN TỈNH THANH HÓA",
        block=block,
        header=[(0, c, 0, c, h) for c, h in enumerate(headers)],
        columns={"stt": 0, "label": 1, "unit": 2, "code": 3, "current": 4, "previous": 5, "note": 7},
        value_keys=["current", "previous"],
        lines=lines,
        index_row=[f"({i})" for i in range(1, 9)],
        list_sheet={
            "name": "Danh sách tổ",
            "title": "DANH SÁCH TỔ AN NINH ĐANG HOẠT ĐỘNG",
            "headers": ["STT", "Tên tổ", "Địa bàn", "Loại hình", "Năm thành lập"],
            "allowed": {3: ["Tổ tự quản", "Tổ liên gia", "Khác"]},
            "year": 4,
            "rows": lambda rng: [
                [i + 1, f"Tổ {i + 1}", "Thôn Đông", rng.choice(["Tổ tự quản", "Khác"]), 2020]
                for i in range(rng.randint(1, 4))
            ],
        },
    )


def no_code_form() -> Spec:
    """No code column: STT restarting in each section, labels repeated under two parents."""
    lines = [
        Line("A. TRẺ EM", section=True),
        Line("Số trẻ em được tiêm chủng", stt="1", unit="trẻ"),
        Line("Trong đó: trẻ em gái", stt="-", unit="trẻ"),
        Line("Số trẻ em suy dinh dưỡng", stt="2", unit="trẻ"),
        Line("B. NGƯỜI CAO TUỔI", section=True),
        Line("Số người cao tuổi được khám sức khỏe", stt="1", unit="người"),
        Line("Trong đó: trẻ em gái", stt="-", unit="người"),  # a repeated label, matched by its order
        Line("Số người cao tuổi hiện có trên địa bàn", stt="2", unit="người"),
    ]
    for n, line in enumerate([ln for ln in lines if not ln.section], 1):
        line.code = f"{n:02d}"
    return Spec(
        name="y-te",
        sheet="Sheet1",
        title="BÁO CÁO TÌNH HÌNH Y TẾ CƠ SỞ",
        issuer="TRẠM Y TẾ",
        block=[("Mẫu số", "02/YT"), ("Tên đơn vị", "{unit}"), ("Kỳ báo cáo", "{period}")],
        header=[
            (0, 0, 0, 0, "TT"),
            (0, 1, 0, 1, "Nội dung"),
            (0, 2, 0, 2, "ĐVT"),
            (0, 3, 0, 3, "Số lượng"),
            (0, 4, 0, 4, "Ghi chú"),
        ],
        columns={"stt": 0, "label": 1, "unit": 2, "current": 3, "note": 4},
        value_keys=["current"],
        lines=lines,
        validation=False,
    )


def hierarchical_form() -> Spec:
    """Codes 1, 1.1, 1.2, 1.2.1 …; parents are sums of their children; a dated header block."""
    lines = [
        Line("Số vụ tai nạn giao thông", "1", unit="vụ", sum_of=["1.1", "1.2"], bold=True),
        Line("Đường bộ", "1.1", unit="vụ"),
        Line("Đường thủy", "1.2", unit="vụ", sum_of=["1.2.1", "1.2.2"]),
        Line("Đường thủy nội địa", "1.2.1", unit="vụ"),
        Line("Đường biển", "1.2.2", unit="vụ"),
        Line("Số người chết", "2", unit="người"),
        Line("Số người bị thương", "3", unit="người"),
        Line("Số phương tiện đang bị tạm giữ", "4", unit="chiếc"),
    ]
    return Spec(
        name="giao-thong",
        sheet="TNGT",
        title="BÁO CÁO TÌNH HÌNH TAI NẠN GIAO THÔNG",
        issuer="BAN AN TOÀN GIAO THÔNG",
        block=[
            ("Biểu số", "TNGT-3"),
            ("Đơn vị", "{unit}"),
            ("Kỳ", "{period}"),
            ("Từ ngày", "15/06/2026"),
            ("Đến ngày", "14/09/2026"),
        ],
        header=[
            (0, 0, 0, 0, "Mã số"),
            (0, 1, 0, 1, "Chỉ tiêu"),
            (0, 2, 0, 2, "Đơn vị tính"),
            (0, 3, 0, 3, "Thực hiện"),
        ],
        columns={"code": 0, "label": 1, "unit": 2, "current": 3},
        value_keys=["current"],
        lines=lines,
        label_colon_cell=False,
    )


def matrix_form() -> Spec:
    """Tổng số / Nam / Nữ under a merged "Số người", codes A1, A2, B1, totals across the row."""
    lines = [
        Line("LAO ĐỘNG", stt="I", section=True),
        Line("Số lao động có việc làm mới", "A1", "1", "người"),
        Line("Số lao động đi làm việc ở nước ngoài", "A2", "2", "người"),
        Line("BẢO TRỢ XÃ HỘI", stt="II", section=True),
        Line("Số người hưởng trợ cấp hằng tháng hiện có", "B1", "1", "người"),
        Line("Số người được hỗ trợ đột xuất", "B2", "2", "người"),
    ]
    return Spec(
        name="lao-dong",
        sheet="Biểu LĐ",
        title="BÁO CÁO LAO ĐỘNG VÀ BẢO TRỢ XÃ HỘI",
        issuer="UBND XÃ",
        block=[("Biểu số", "07/LĐXH"), ("Đơn vị báo cáo", "{unit}"), ("Kỳ báo cáo", "{period}")],
        header=[
            (0, 0, 1, 0, "STT"),
            (0, 1, 1, 1, "Chỉ tiêu"),
            (0, 2, 1, 2, "Mã số"),
            (0, 3, 1, 3, "Đơn vị tính"),
            (0, 4, 0, 6, "Số người"),
            (1, 4, 1, 4, "Tổng số"),
            (1, 5, 1, 5, "Nam"),
            (1, 6, 1, 6, "Nữ"),
        ],
        columns={"stt": 0, "label": 1, "code": 2, "unit": 3, "tong_so": 4, "nam": 5, "nu": 6},
        value_keys=["tong_so", "nam", "nu"],
        lines=lines,
        index_row=["A", "B", "C", "D", "1", "2", "3"],
        across={"tong_so": ["nam", "nu"]},
    )


def three_row_form() -> Spec:
    """A three-row merged header: Số liệu > Trong kỳ / Lũy kế > Số vụ / Số người (repeated leaves)."""
    lines = [
        Line("PHẠM PHÁP HÌNH SỰ", stt="I", section=True),
        Line("Giết người", "I.1", "1", "vụ"),
        Line("Cướp tài sản", "I.2", "2", "vụ"),
        Line("Trộm cắp tài sản", "I.3", "3", "vụ"),
        Line("MA TÚY", stt="II", section=True),
        Line("Mua bán trái phép chất ma túy", "II.1", "1", "vụ"),
        Line("Tàng trữ trái phép chất ma túy", "II.2", "2", "vụ"),
    ]
    return Spec(
        name="hinh-su",
        sheet="Biểu 3",
        title="THỐNG KÊ TỘI PHẠM VÀ VI PHẠM PHÁP LUẬT",
        issuer="CÔNG AN XÃ",
        block=[("Biểu số", "03/TK"), ("Đơn vị báo cáo", "{unit}"), ("Kỳ báo cáo", "{period}"), ("Mã đơn vị", "")],
        header=[
            (0, 0, 2, 0, "STT"),
            (0, 1, 2, 1, "Loại tội phạm"),
            (0, 2, 2, 2, "Mã số"),
            (0, 3, 0, 6, "Số liệu"),
            (1, 3, 1, 4, "Trong kỳ"),
            (1, 5, 1, 6, "Lũy kế từ đầu năm"),
            (2, 3, 2, 3, "Số vụ"),
            (2, 4, 2, 4, "Số đối tượng"),
            (2, 5, 2, 5, "Số vụ"),
            (2, 6, 2, 6, "Số đối tượng"),
        ],
        columns={"stt": 0, "label": 1, "code": 2, "ky_vu": 3, "ky_dt": 4, "lk_vu": 5, "lk_dt": 6},
        value_keys=["ky_vu", "ky_dt", "lk_vu", "lk_dt"],
        lines=lines,
        index_row=["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
    )


def months_form() -> Spec:
    """Value columns per month, a total as SUM over a block of rows, no unit and no code column (STT only)."""
    lines = [
        Line("Số hộ gia đình đăng ký", "1", "1"),
        Line("Số hộ nghèo", "2", "2"),
        Line("Số hộ cận nghèo", "3", "3"),
        Line("Số hộ thoát nghèo", "4", "4"),
        Line("Tổng số hộ được hỗ trợ", "5", "5", sum_of=["2", "3", "4"]),
    ]
    return Spec(
        name="ho-ngheo",
        sheet="Data",
        title="BÁO CÁO KẾT QUẢ GIẢM NGHÈO",
        issuer="UBND XÃ",
        block=[("Biểu mẫu số", "GN-01"), ("Đơn vị báo cáo", "{unit}"), ("Kỳ báo cáo", "{period}")],
        header=[
            (0, 0, 0, 0, "STT"),
            (0, 1, 0, 1, "Chỉ tiêu"),
            (0, 2, 0, 2, "Tháng 7"),
            (0, 3, 0, 3, "Tháng 8"),
            (0, 4, 0, 4, "Tháng 9"),
            (0, 5, 0, 5, "Ghi chú"),
        ],
        columns={"stt": 0, "label": 1, "t7": 2, "t8": 3, "t9": 4, "note": 5},
        value_keys=["t7", "t8", "t9"],
        lines=lines,
    )


def second_sheet_form() -> Spec:
    """The second indicator sheet of a two-sheet workbook: same headers as the first, other indicators."""
    spec = security_form()
    spec.name, spec.sheet, spec.list_sheet = "an-ninh-2", "Biểu 05B", None
    spec.title = "KẾT QUẢ XỬ LÝ VI PHẠM"
    spec.lines = [
        Line("XỬ LÝ VI PHẠM", stt="I", section=True),
        Line("Số vụ vi phạm hành chính", "01", "1", "vụ"),
        Line("Số vụ đã xử lý", "02", "2", "vụ"),
        Line("Số tiền phạt đã thu", "03", "3", "triệu đồng"),
        Line("Số vụ chuyển cơ quan điều tra", "04", "4", "vụ"),
        Line("Cộng số vụ đã xử lý và đã chuyển", "05", "5", "vụ", sum_of=["02", "04"], bold=True),
    ]
    return spec


def write_two_sheets(first: Spec, second: Spec, path: Path, unit: str = "", values: tuple | None = None) -> None:
    """A workbook of two indicator sheets (one form of two sheets), blank or with each sheet's figures."""
    book = xlsxwriter.Workbook(str(path))
    _write_sheet(book, first, first.sheet, unit, "Quý III/2026", values[0] if values else None, {})
    _write_sheet(book, second, second.sheet, unit, "Quý III/2026", values[1] if values else None, {})
    book.close()


LIST_ONLY_HEADERS = ["STT", "Họ và tên chủ hộ", "Địa chỉ", "Loại cư trú", "Năm đăng ký"]
LIST_ONLY_KINDS = ["Tạm trú", "Thường trú"]


def write_list_only(path: Path, unit: str = "", rows: list[tuple] = ()) -> None:
    """A form that is only a list (registered households): the issuer, a title, the unit and period
    labels, a drop-down and a year validation, no indicator table; blank or with a unit's rows."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Danh sách")
    bold = book.add_format({"bold": True})
    th = book.add_format({"bold": True, "border": 1, "align": "center", "text_wrap": True})
    last = len(LIST_ONLY_HEADERS) - 1
    ws.write(0, 0, "CÔNG AN XÃ", bold)
    ws.merge_range(
        2, 0, 2, last, "DANH SÁCH HỘ GIA ĐÌNH ĐĂNG KÝ TẠM TRÚ", book.add_format({"bold": True, "align": "center"})
    )
    ws.write(3, 1, "Mẫu số: DS-03/CT")
    ws.write(4, 1, f"Đơn vị báo cáo: {unit}")
    ws.write(4, 3, "Kỳ báo cáo: Quý III/2026")
    ws.set_column(1, 2, 28)
    for c, header in enumerate(LIST_ONLY_HEADERS):
        ws.write(6, c, header, th)
    ws.data_validation(7, 3, 300, 3, {"validate": "list", "source": LIST_ONLY_KINDS})
    ws.data_validation(7, 4, 300, 4, {"validate": "integer", "criteria": "between", "minimum": 1990, "maximum": 2100})
    for r, item in enumerate(rows, 7):
        ws.write_row(r, 0, [r - 6, *item])
    book.close()


ALL = [security_form, no_code_form, hierarchical_form, matrix_form, three_row_form, months_form]


def write_merged_label_form(path: Path) -> None:
    """Labels merged over B:C, Tổng số with a merged "Trong đó" over Nam | Nữ, a plan column, a % column,
    STT a/1/I, a "Tổng cộng" SUM row without STT; header-block labels with colons."""
    b = xlsxwriter.Workbook(str(path))
    ws = b.add_worksheet("BC")
    bold = b.add_format({"bold": True, "border": 1})
    c = b.add_format({"border": 1})
    ws.write("A1", "UBND HUYỆN X", bold)
    ws.write("F1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    ws.merge_range("A3:H3", "BÁO CÁO THỐNG KÊ DÂN SỐ VÀ LAO ĐỘNG", bold)
    ws.write("A4", "Đơn vị báo cáo: ...")
    ws.write("E4", "Biểu số: DS-02")
    ws.write("A5", "Kỳ báo cáo: ...")
    ws.merge_range("A7:A8", "STT", bold)
    ws.merge_range("B7:C8", "Tên chỉ tiêu", bold)
    ws.merge_range("D7:D8", "ĐVT", bold)
    ws.merge_range("E7:E8", "Kế hoạch năm", bold)
    ws.merge_range("F7:F8", "Tổng số", bold)
    ws.merge_range("G7:H7", "Trong đó", bold)
    ws.write("G8", "Nam", bold)
    ws.write("H8", "Nữ", bold)
    ws.merge_range("I7:I8", "% so kế hoạch", bold)
    rows = [
        ("I", "DÂN SỐ", None),
        ("1", "Số hộ gia đình", "hộ"),
        ("2", "Số nhân khẩu hiện có", "người"),
        ("a", "Trong đó: trẻ em dưới 6 tuổi", "người"),
        ("II", "LAO ĐỘNG", None),
        ("1", "Số người trong độ tuổi lao động", "người"),
        ("2", "Số người có việc làm", "người"),
    ]
    r = 8
    for stt, label, unit in rows:
        ws.write(r, 0, stt, bold if unit is None else c)
        ws.merge_range(r, 1, r, 2, label, bold if unit is None else c)
        if unit:
            ws.write(r, 3, unit, c)
            ws.write_formula(r, 5, f"=G{r + 1}+H{r + 1}", c, 0)
            ws.write_formula(r, 8, f'=IF(E{r + 1}>0,F{r + 1}/E{r + 1}*100,"")', c, "")
        r += 1
    ws.merge_range(r, 1, r, 2, "Tổng cộng", bold)
    ws.write_formula(r, 5, f"=SUM(F10:F{r})", c, 0)
    ws.write(r + 2, 6, "Người lập biểu")
    b.close()


def write_letter_sections_form(path: Path) -> None:
    """Written by openpyxl: codes in a column headed "Mã" with bold letter rows A, B as sections, the form
    number without a colon in a corner, label and value in two cells, a bounded whole-number validation."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Mẫu 3"
    ws["A1"] = "SỞ TƯ PHÁP"
    ws["C2"] = "Mẫu số 03/TP"
    ws.merge_cells("A4:E4")
    ws["A4"] = "KẾT QUẢ HÒA GIẢI Ở CƠ SỞ"
    ws["A4"].font = Font(bold=True)
    ws["A5"], ws["B5"] = "Tên đơn vị:", "UBND xã"
    ws["A6"], ws["B6"] = "Thời gian báo cáo:", "6 tháng đầu năm 2026"
    for i, h in enumerate(["Mã", "Nội dung", "Đơn vị", "Số liệu", "Ghi chú"], 1):
        ws.cell(8, i, h).font = Font(bold=True)
    data = [
        ("A", "TỔ HÒA GIẢI", None),
        ("1", "Số tổ hòa giải hiện có", "tổ"),
        ("2", "Số hòa giải viên", "người"),
        ("B", "KẾT QUẢ", None),
        ("3", "Số vụ việc tiếp nhận", "vụ"),
        ("4", "Số vụ hòa giải thành", "vụ"),
        ("5", "Số vụ hòa giải không thành", "vụ"),
        ("6", "Số vụ đang giải quyết", "vụ"),
    ]
    for r, (code, label, unit) in enumerate(data, 9):
        ws.cell(r, 1, code)
        ws.cell(r, 2, label)
        if unit is None:
            ws.cell(r, 1).font = ws.cell(r, 2).font = Font(bold=True)
        else:
            ws.cell(r, 3, unit)
    ws["D13"] = "=D14+D15+D16"
    dv = DataValidation(type="whole", operator="between", formula1="0", formula2="100000")
    ws.add_data_validation(dv)
    dv.add("D10:D16")
    ws["B19"] = "Thủ trưởng đơn vị"
    wb.save(path)
