"""Issues: the catalogue of the problems a user can fix, and the Issue that names one in a file.

Each kind in the catalogue (frictionless-py's error catalogue is the model) has a stable code, a
default severity, a Vietnamese and an English title and message template (MESSAGES holds the
templates, KINDS the rest; CATALOGUE joins them). An Issue stores its kind's code and parameters and
renders its message in the language asked for. The schema's own rules bring their templates from the
form file (kind "rule"). Each check declares the kinds it can raise with @raises.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any, TypeVar


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
    "not_regular_file": (
        "Không đọc tệp: {reason}",
        "File not read: {reason_en}",
    ),
    "own_output": (
        "Bỏ qua “{name}”: đây là {what} do chính phần mềm này tạo ra, không phải báo cáo của đơn vị{hint}",
        "Skipped “{name}”: this is {what_en} written by this program, not a unit's report{hint_en}",
    ),
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
    "list_form_not_recognised": (
        "Không nhận ra biểu mẫu {form}: không tìm thấy danh sách có các cột {headers}",
        "Form {form} not recognised: no list with the columns {headers}",
    ),
    "sheet_missing": (
        "Không thấy trang “{table_sheet}” của biểu mẫu {form} (bảng có cột “{code_header}” và “{value_header}”): "
        "thiếu {count} chỉ tiêu của trang này",
        "Sheet “{table_sheet}” of form {form} not found (a table with columns “{code_header}” and “{value_header}”): "
        "its {count} indicators are missing",
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
    "column_missing": (
        "Bảng chỉ tiêu không có cột “{header}” của biểu mẫu (bị xóa, đổi tên hoặc bỏ gộp ô tiêu đề): "
        "số liệu cột này không đọc được",
        "The indicator table has no column “{header}” of the form (deleted, renamed or its merged header "
        "undone): its figures cannot be read",
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
    "text_not_summed": (
        "chỉ tiêu {code}: “{text}” gõ dạng chữ nên công thức tổng của Excel không cộng ô này (tổng chỉ tiêu "
        "{total} vì thế sai); hãy gõ lại dạng số",
        "code {code}: “{text}” is typed as text, so Excel's total formula leaves this cell out (hence the wrong "
        "total of code {total}); type it again as a number",
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
    "blank_form": (
        "Biểu chưa điền số liệu: không ô nào của cột “{column}” được nhập; tệp không được tính vào tổng hợp "
        "(trừ khi chọn “vẫn tính”)",
        "The form was returned blank: no cell of the “{column}” column was filled in; the file is not counted "
        "(unless included by hand)",
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
        "chỉ tiêu {code} cao bất thường so với các đơn vị khác: {found}, trong khi phần lớn từ {low} đến {high}",
        "code {code} is unusually high against the other units: {found}, while most report {low} to {high}",
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


# code -> (default severity, Vietnamese title, English title): the names of the checks in the output
KINDS: dict[str, tuple[str, str, str]] = {
    "unreadable": ("error", "Không đọc được tệp", "Unreadable file"),
    "not_regular_file": ("error", "Không phải tệp thường", "Not a regular file"),
    "own_output": ("info", "Tệp do phần mềm tạo ra", "The program's own output"),
    "file_empty": ("error", "Tệp rỗng", "Empty file"),
    "file_corrupt": ("error", "Tệp hỏng", "Damaged file"),
    "file_encrypted": ("error", "Tệp có mật khẩu", "Password-protected file"),
    "not_spreadsheet": ("error", "Không phải bảng tính", "Not a spreadsheet"),
    "too_large": ("error", "Tệp quá lớn", "File too large"),
    "unsafe_file": ("error", "Tệp bất thường", "Abnormal file"),
    "form_not_recognised": ("error", "Không nhận ra biểu mẫu", "Form not recognised"),
    "list_form_not_recognised": ("error", "Không nhận ra biểu mẫu", "Form not recognised"),
    "sheet_missing": ("error", "Thiếu trang của biểu mẫu", "Sheet of the form missing"),
    "form_unknown": ("error", "Biểu mẫu chưa cài", "Unknown form"),
    "form_other": ("error", "Tệp của biểu mẫu khác", "A file of another form"),
    "form_version": ("error", "Sai biểu mẫu", "Wrong form"),
    "column_missing": ("error", "Thiếu cột số liệu", "Value column missing"),
    "missing_code": ("error", "Thiếu chỉ tiêu", "Missing indicator"),
    "duplicate_code": ("error", "Trùng mã số", "Duplicate code"),
    "unknown_code": ("warning", "Mã số lạ", "Unknown code"),
    "not_whole_number": ("error", "Không phải số nguyên", "Not a whole number"),
    "negative_number": ("error", "Số âm", "Negative number"),
    "decimal_number": ("error", "Số thập phân", "Decimal number"),
    "approximate_number": ("error", "Số ước lượng", "Approximate number"),
    "number_text": ("info", "Số gõ dạng chữ", "Number typed as text"),
    "text_not_summed": ("warning", "Số dạng chữ không được cộng", "Text number left out of a total"),
    "blank_as_zero": ("info", "Ô trống tính là 0", "Blank counted as 0"),
    "formula_no_value": ("error", "Công thức chưa có giá trị", "Formula without a value"),
    "formula_computed": ("info", "Công thức được tính lại", "Formula computed"),
    "several_units": ("error", "Nhiều đơn vị trong một tệp", "Several units in one file"),
    "blank_form": ("warning", "Biểu chưa điền số liệu", "Form returned blank"),
    "unit_missing": ("error", "Thiếu tên đơn vị", "Missing unit name"),
    "unit_unknown": ("error", "Đơn vị không có trong danh mục", "Unit not in the registry"),
    "unit_code_mismatch": ("warning", "Tên đơn vị không khớp mã", "Unit name and code differ"),
    "unit_place_elsewhere": ("warning", "Đơn vị ghi kèm nơi khác", "Unit placed elsewhere"),
    "unit_check_skipped": ("info", "Chưa kiểm tra tên đơn vị", "Unit names not checked"),
    "period_missing": ("error", "Thiếu kỳ báo cáo", "Missing period"),
    "period_unparsed": ("error", "Không hiểu kỳ báo cáo", "Period not understood"),
    "period_mismatch": ("error", "Sai kỳ báo cáo", "Wrong period"),
    "date_mismatch": ("warning", "Ngày không khớp kỳ", "Date does not match the period"),
    "date_unparsed": ("warning", "Ngày không hợp lệ", "Not a date"),
    "duplicate_submission": ("error", "Trùng báo cáo", "Duplicate report"),
    "yoy_change": ("warning", "Thay đổi lớn so với cùng kỳ", "Large change against last year"),
    "previous_mismatch": ("warning", "Cùng kỳ khác kho lưu trữ", "Last year differs from the archive"),
    "rollup_missing_part": ("warning", "Thiếu kỳ con khi cộng dồn", "Missing part of a roll-up"),
    "rollup_boundary": ("warning", "Các kỳ không nối tiếp", "Periods do not follow one another"),
    "outlier": ("info", "Số liệu bất thường", "Unusual figure"),
    "list_missing": ("warning", "Thiếu danh sách", "Missing list"),
    "list_required": ("warning", "Danh sách thiếu thông tin", "List entry missing"),
    "list_not_allowed": ("warning", "Giá trị ngoài danh mục", "Value not allowed"),
    "list_too_long": ("error", "Danh sách quá dài", "List too long"),
    "list_year": ("warning", "Năm không hợp lệ", "Year out of range"),
    "legacy_text": ("info", "Chữ mã cũ đã chuyển Unicode", "Legacy encoding converted"),
    "decomposed_text": ("info", "Chữ tổ hợp đã chuẩn hóa", "Decomposed text normalised"),
    "included_despite_errors": ("info", "Vẫn tính dù có lỗi", "Included despite errors"),
    "file_changed": ("error", "Tệp bị sửa khi đang đọc", "File changed while read"),
    "duplicate_not_chosen": ("warning", "Tệp trùng không được chọn", "Duplicate not chosen"),
    "reader_crashed": ("error", "Chương trình đọc tệp bị dừng", "Reader stopped"),
    "internal": ("error", "Lỗi nội bộ", "Internal error"),
    "rule": ("error", "Sai quy tắc kiểm tra", "Rule broken"),  # the form's own rules (R01, …)
}
RULE = "rule"


@dataclass(frozen=True)
class IssueKind:
    code: str
    severity: Severity
    title: str
    title_en: str
    template: str
    template_en: str

    def render(self, params: dict[str, Any], lang: str = "vi") -> str:
        return (self.template_en if lang == "en" else self.template).format(**params)


def _catalogue() -> dict[str, IssueKind]:
    kinds = {}
    for code, (severity, title, title_en) in KINDS.items():
        vi, en = MESSAGES.get(code, ("{message}", "{message_en}"))
        kinds[code] = IssueKind(code, Severity(severity), title, title_en, vi, en)
    return kinds


CATALOGUE: dict[str, IssueKind] = _catalogue()


def kind_of(check: str) -> IssueKind:
    """The catalogue's kind for a check id; the form's rule ids (R07) are all kind "rule"."""
    return CATALOGUE.get(check) or CATALOGUE[RULE]


Checker = TypeVar("Checker", bound=Callable[..., Any])


def raises(*codes: str) -> Callable[[Checker], Checker]:
    """Declare the issue kinds a check can raise (a test holds every check to its word)."""
    unknown = [code for code in codes if code not in KINDS]
    if unknown:
        raise ValueError(f"issue kinds not in the catalogue: {unknown}")

    def declare(check: Checker) -> Checker:
        check.issue_kinds = frozenset(codes)
        return check

    return declare


@dataclass(frozen=True)
class Issue:
    """One problem at one place; the message is rendered from the kind's templates and the parameters."""

    check: str
    severity: Severity
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    unit: str | None = None
    value: Any = None
    params: dict[str, Any] = field(default_factory=dict, hash=False, repr=False)
    templates: tuple[str, str] | None = field(default=None, hash=False, repr=False)  # a form rule's own

    @property
    def kind(self) -> IssueKind:
        return kind_of(self.check)

    def title(self, lang: str = "vi") -> str:
        kind = self.kind
        return kind.title_en if lang == "en" else kind.title

    def text(self, lang: str = "vi") -> str:
        """The message in Vietnamese ("vi") or English ("en"), with the cell it is about."""
        return self.message_en if lang == "en" else self.message

    @cached_property
    def message(self) -> str:
        return self._render("vi")

    @cached_property
    def message_en(self) -> str:
        return self._render("en")

    def _render(self, lang: str) -> str:
        if self.templates is not None:
            text = self.templates[1 if lang == "en" else 0].format(**self.params)
        else:
            text = self.kind.render(self.params, lang)
        return _located(self.cell, text, "Cell" if lang == "en" else "Ô")

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "severity": self.severity.value,
            "message": self.message,
            "message_en": self.message_en,
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "unit": self.unit,
            "value": _jsonable(self.value),
        }


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _located(cell: str | None, text: str, word: str) -> str:
    return f"{word} {cell}: {text}" if cell else text[:1].upper() + text[1:]


def make_issue(
    check: str,
    severity: Severity | str | None = None,
    *,
    file: str | None = None,
    sheet: str | None = None,
    cell: str | None = None,
    unit: str | None = None,
    value: Any = None,
    templates: tuple[str, str] | None = None,
    **params: Any,
) -> Issue:
    """An issue of a catalogue kind (or of a form rule, with its `templates`), its severity the kind's
    unless given. The templates are filled at once, so a missing parameter fails here, not later."""
    if templates is None and check not in MESSAGES:
        raise KeyError(check)
    issue = Issue(
        check=check,
        severity=Severity(severity) if severity is not None else kind_of(check).severity,
        file=file,
        sheet=sheet,
        cell=cell,
        unit=unit,
        value=value,
        params=params,
        templates=templates,
    )
    issue.message, issue.message_en  # noqa: B018 - rendered now: a template's missing parameter is a bug here
    return issue


def worst(issues: list[Issue]) -> Severity | None:
    return min((i.severity for i in issues), key=lambda s: s.rank, default=None)
