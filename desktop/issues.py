"""Issue: one problem the user can fix, with where it is and a message in Vietnamese and English.

Every check has a stable id. Messages come from templates filled with the issue's parameters; the
schema's own rules bring their templates from the form file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


# check id -> (Vietnamese template, English template)
MESSAGES: dict[str, tuple[str, str]] = {
    "unreadable": ("Không đọc được tệp: {reason}", "Cannot read the file: {reason}"),
    "file_empty": (
        "Tệp rỗng (0 byte): hãy đề nghị đơn vị gửi lại",
        "The file is empty (0 bytes): ask the unit to send it again",
    ),
    "file_corrupt": (
        "Không đọc được tệp: {reason}; hãy đề nghị đơn vị mở tệp bằng Excel, lưu lại rồi gửi lại",
        "Cannot read the file: {reason_en}; ask the unit to open it in Excel, save it and send it again",
    ),
    "file_encrypted": (
        "Tệp được đặt mật khẩu mở: hãy đề nghị đơn vị bỏ mật khẩu "
        "(Excel: Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu, xóa mật khẩu) rồi gửi lại",
        "The file is protected with a password: ask the unit to remove the password and send it again",
    ),
    "not_spreadsheet": (
        "Tệp không phải bảng tính Excel/LibreOffice: {reason}",
        "The file is not an Excel/LibreOffice spreadsheet: {reason_en}",
    ),
    "too_large": (
        "Tệp vượt giới hạn an toàn nên không được đọc: {reason}",
        "The file exceeds the safety limits and was not read: {reason_en}",
    ),
    "unsafe_file": (
        "Tệp có cấu trúc bất thường, có thể là tệp độc hại, nên không được đọc: {reason}",
        "The file has an abnormal structure, possibly malicious, and was not read: {reason_en}",
    ),
    "form_not_recognised": (
        "Không nhận ra biểu mẫu {form}: không tìm thấy bảng chỉ tiêu có cột “{code_header}” và “{value_header}”",
        "Form {form} not recognised: no indicator table with columns “{code_header}” and “{value_header}”",
    ),
    "form_unknown": (
        "Không nhận ra biểu mẫu: tệp không khớp biểu mẫu nào đã cài; gần nhất là {form} “{name}” ({differences})",
        "Form not recognised: the file matches none of the installed forms; the nearest is {form} “{name}” "
        "({differences_en})",
    ),
    "form_other": (
        "Tệp là biểu mẫu {found} “{name}”, không phải {form}: không tính vào tổng hợp {form}; "
        "dùng “Tổng hợp theo từng biểu mẫu…” để tổng hợp riêng từng biểu mẫu",
        "The file holds form {found} “{name}”, not {form}: it is not counted in the {form} total; "
        "use “Consolidate each form…” to consolidate each form apart",
    ),
    "form_version": (
        "Tệp là biểu mẫu {found}, không phải {form} phiên bản {version}",
        "The file holds form {found}, not {form} version {version}",
    ),
    "missing_code": (
        "Thiếu chỉ tiêu mã số {code} ({label})",
        "Indicator code {code} ({label}) is missing",
    ),
    "duplicate_code": (
        "Mã số {code} xuất hiện nhiều lần (lần đầu ở ô {first})",
        "Code {code} appears more than once (first at {first})",
    ),
    "unknown_code": (
        "Mã số “{code}” không có trong biểu mẫu {form}; dòng này bị bỏ qua",
        "Code “{code}” is not in form {form}; the row is ignored",
    ),
    "not_whole_number": (
        "chỉ tiêu {code}: “{text}” không phải là số nguyên",
        "code {code}: “{text}” is not a whole number",
    ),
    "negative_number": (
        "chỉ tiêu {code}: số âm ({text}); số liệu phải ≥ 0",
        "code {code}: negative number ({text}); figures must be ≥ 0",
    ),
    "decimal_number": (
        "chỉ tiêu {code}: “{text}” là số thập phân; chỉ tiêu đếm phải là số nguyên",
        "code {code}: “{text}” is a decimal; a count must be a whole number",
    ),
    "approximate_number": (
        "chỉ tiêu {code}: “{text}” là số ước lượng; hãy ghi con số chính xác",
        "code {code}: “{text}” is approximate; enter the exact figure",
    ),
    "number_text": (
        "chỉ tiêu {code}: số gõ dạng chữ “{text}”, đọc là {read}",
        "code {code}: number typed as text “{text}”, read as {read}",
    ),
    "blank_as_zero": (
        "chỉ tiêu {code}: ô {text} được tính là 0",
        "code {code}: {text} cell counted as 0",
    ),
    "formula_no_value": (
        "chỉ tiêu {code}: ô có công thức nhưng chưa có giá trị tính sẵn; hãy mở tệp bằng Excel, lưu lại rồi nhập lại",
        "code {code}: the cell has a formula with no cached value; open the file in Excel, save it and import it again",
    ),
    "formula_computed": (
        "chỉ tiêu {code}: ô có công thức nhưng chưa có giá trị tính sẵn (tệp không được lưu bằng Excel); "
        "đã tính theo biểu mẫu {formula} = {read}",
        "code {code}: the cell has a formula with no cached value (the file was not saved by Excel); "
        "computed by the form as {formula} = {read}",
    ),
    "several_units": (
        "Tệp có báo cáo của {count} đơn vị, mỗi đơn vị một trang: {sheets}. Chưa tính tệp này: "
        "hãy đề nghị gửi mỗi đơn vị một tệp (hoặc tách các trang thành tệp riêng)",
        "The file holds the reports of {count} units, one sheet each: {sheets}. Not counted: "
        "ask for one file per unit (or split the sheets into files of their own)",
    ),
    "unit_missing": (
        "Không có tên đơn vị báo cáo (nhãn “Đơn vị báo cáo:”)",
        "No reporting unit name (label “Đơn vị báo cáo:”)",
    ),
    "unit_unknown": (
        "Đơn vị “{name}” không có trong danh mục {registry}{suggestions}",
        "Unit “{name}” is not in the registry {registry}{suggestions_en}",
    ),
    "unit_code_mismatch": (
        "Tên đơn vị “{name}” không khớp mã đơn vị {code} ({code_name}); dùng theo mã",
        "Unit name “{name}” does not match unit code {code} ({code_name}); the code wins",
    ),
    "unit_place_elsewhere": (
        "Tên đơn vị ghi kèm “{place}”, khác {registry} của danh mục: đã nhận là {unit_name}; hãy xem lại tệp",
        "The unit name carries “{place}”, not {registry} of the registry: read as {unit_name}; check the file",
    ),
    "unit_check_skipped": (
        "Chưa chọn danh mục đơn vị (tỉnh hoặc tệp CSV): bỏ qua kiểm tra tên đơn vị",
        "No unit registry chosen (province or CSV): unit names are not checked",
    ),
    "period_missing": (
        "Không có kỳ báo cáo (nhãn “{label}:”)",
        "No reporting period (label “{label}:”)",
    ),
    "period_unparsed": (
        "Không hiểu kỳ báo cáo “{text}” (ví dụ đúng: “Tháng 8/2026”, “Quý III/2026”, “Năm 2026”)",
        "Cannot understand the period “{text}” (e.g. “Tháng 8/2026”, “Quý III/2026”, “Năm 2026”)",
    ),
    "period_mismatch": (
        "Kỳ báo cáo “{found}” khác kỳ của đợt tổng hợp “{expected}”",
        "Period “{found}” differs from the batch period “{expected}”",
    ),
    "date_mismatch": (
        "{label} “{found}” không khớp kỳ {period} (theo quy ước thống kê: {expected})",
        "{label} “{found}” does not match period {period} (statistical convention: {expected})",
    ),
    "date_unparsed": (
        "{label} “{found}” không phải là ngày (dd/mm/yyyy)",
        "{label} “{found}” is not a date (dd/mm/yyyy)",
    ),
    "duplicate_submission": (
        "Đơn vị {unit_name}, kỳ {period} có {count} tệp ({files}); đang tính tệp “{chosen}”, chọn lại nếu cần",
        "Unit {unit_name}, period {period} has {count} files ({files}); counting “{chosen}”, choose again if needed",
    ),
    "yoy_change": (
        "chỉ tiêu {code}: thay đổi {change} so với cùng kỳ năm trước ({previous} → {current})",
        "code {code}: changed {change} against last year ({previous} → {current})",
    ),
    "previous_mismatch": (
        "{unit_name} ghi cùng kỳ {stated} {measure} (chỉ tiêu {code}, tệp “{file_name}”), "
        "báo cáo {period} ghi {archived} (tệp “{archived_file}”)",
        "{unit_name} states {stated} {measure} for last year (code {code}, file “{file_name}”), "
        "the {period} report says {archived} (file “{archived_file}”)",
    ),
    "rollup_missing_part": (
        "{unit_name} chưa có số liệu {missing} trong kho lưu trữ: không đưa vào tổng {period}",
        "{unit_name} has no archived figures for {missing}: left out of the {period} total",
    ),
    "rollup_boundary": (
        "{unit_name}: “{before}” ({before_period}) kết thúc {end} nhưng “{after}” ({after_period}) bắt đầu {start}: "
        "các kỳ không nối tiếp nhau (ranh giới tháng công an 15-14 và tháng dương lịch lẫn lộn?)",
        "{unit_name}: “{before}” ({before_period}) ends {end} but “{after}” ({after_period}) starts {start}: "
        "the periods do not follow one another (police months 15-14 mixed with calendar months?)",
    ),
    "outlier": (
        "chỉ tiêu {code} = {found} cao bất thường so với các đơn vị khác (ngưỡng Q3 + 3·IQR = {limit})",
        "code {code} = {found} is unusually high against the other units (Q3 + 3·IQR = {limit})",
    ),
    "list_missing": (
        "Không tìm thấy {list_name} ({title}): không kiểm tra được các quy tắc về danh sách",
        "{list_name} ({title}) not found: list rules not checked",
    ),
    "list_required": (
        "{list_name} dòng {row}: thiếu “{column}”",
        "{list_name} row {row}: “{column}” is missing",
    ),
    "list_not_allowed": (
        "{list_name} dòng {row}: “{column}” = “{text}” không thuộc danh mục ({allowed})",
        "{list_name} row {row}: “{column}” = “{text}” is not one of ({allowed})",
    ),
    "list_too_long": (
        "{list_name} có hơn {max} dòng: chỉ đọc {max} dòng đầu, danh sách chưa được kiểm tra hết",
        "{list_name} has more than {max} rows: only the first {max} were read and checked",
    ),
    "list_year": (
        "{list_name} dòng {row}: {column} “{text}” phải là một năm từ {min} đến {max}",
        "{list_name} row {row}: {column} “{text}” must be a year from {min} to {max}",
    ),
    "legacy_text": (
        "văn bản mã {encoding} “{text}” được chuyển sang Unicode: “{converted}”",
        "{encoding}-encoded text “{text}” converted to Unicode: “{converted}”",
    ),
    "decomposed_text": (
        "văn bản Unicode tổ hợp (NFD) được chuẩn hóa: “{converted}”",
        "decomposed Unicode (NFD) text normalised: “{converted}”",
    ),
    "included_despite_errors": (
        "Tệp có lỗi nhưng vẫn được đưa vào tổng hợp theo lựa chọn của người dùng",
        "The file has errors but was included in the total by the user's choice",
    ),
    "file_changed": (
        "Tệp bị thay đổi trong lúc đang đọc; hãy đóng tệp (Excel) rồi kiểm tra lại",
        "The file changed while it was being read; close it (Excel) and check again",
    ),
    "duplicate_not_chosen": (
        "Không tính tệp này: đơn vị {unit_name}, kỳ {period} dùng tệp “{chosen}” theo lựa chọn của người dùng",
        "Not counted: for unit {unit_name}, period {period} the user chose “{chosen}”",
    ),
    "reader_crashed": (
        "Không đọc được tệp: chương trình đọc tệp bị dừng đột ngột khi mở tệp này (tệp có thể hỏng hoặc quá lớn "
        "so với bộ nhớ của máy); hãy đề nghị đơn vị mở tệp bằng Excel, lưu lại rồi gửi lại",
        "Cannot read the file: the reading process stopped abruptly on this file (it may be damaged or too large "
        "for this computer's memory); ask the unit to open it in Excel, save it and send it again",
    ),
    "internal": (
        "Lỗi nội bộ khi xử lý tệp ({reason}); hãy gửi tệp và nhật ký cho bộ phận hỗ trợ",
        "Internal error while processing the file ({reason}); please send the file and the log to support",
    ),
}


@dataclass(frozen=True)
class Issue:
    check: str
    severity: Severity
    message: str
    message_en: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    unit: str | None = None
    value: Any = None

    def text(self, lang: str = "vi") -> str:
        return self.message_en if lang == "en" else self.message

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["value"] = _jsonable(self.value)
        return data


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _located(cell: str | None, text: str, word: str) -> str:
    return f"{word} {cell}: {text}" if cell else text[:1].upper() + text[1:]


def make_issue(
    check: str,
    severity: Severity | str,
    *,
    file: str | None = None,
    sheet: str | None = None,
    cell: str | None = None,
    unit: str | None = None,
    value: Any = None,
    templates: tuple[str, str] | None = None,
    **params: Any,
) -> Issue:
    """Build an issue from its check's message templates (or the given ones) and parameters."""
    vi, en = templates or MESSAGES[check]
    return Issue(
        check=check,
        severity=Severity(severity),
        message=_located(cell, vi.format(**params), "Ô"),
        message_en=_located(cell, en.format(**params), "Cell"),
        file=file,
        sheet=sheet,
        cell=cell,
        unit=unit,
        value=value,
    )


def worst(issues: list[Issue]) -> Severity | None:
    return min((i.severity for i in issues), key=lambda s: s.rank, default=None)
