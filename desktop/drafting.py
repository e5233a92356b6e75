"""The written report's content, drafted from what a consolidated workbook says.

Every sentence comes from a phrase template of the form's schema (`phrases`), or from a plain default
built from the indicator's label and unit; every figure in it is a figure of the consolidation. No
file format here: desktop/io/document.py lays the content out as a Word document.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from desktop.consolidate import Status
from desktop.forms import Phrases
from desktop.periods import parse_period
from desktop.phrases import (
    FIGURES,
    WORDS,
    ZERO_DROPS,
    Field,
    Segment,
    Template,
    format_count,
    format_figure,
    format_percent,
    parse_template,
)
from desktop.vntext import fold

if TYPE_CHECKING:
    from desktop.forms import Form, Section

MISSING_NAMES_MAX = 10  # more units than this that sent nothing: their number, not their names
TOP_UNITS = 3
NO_FIGURES = "Trong kỳ chưa phát sinh số liệu về nội dung này."

DEFAULT_INTRO = "Trên cơ sở báo cáo của các đơn vị, tổng hợp {subject} {period}[ trên địa bàn {area}] như sau:"
DEFAULT_STATUS = (
    "Có {submitted} đơn vị đã gửi báo cáo và được tổng hợp[; chưa gửi báo cáo: {missing_names}]"
    "[; {excluded} báo cáo chưa được tổng hợp vì có lỗi hoặc chưa xác định được đơn vị]."
)
DEFAULT_CLOSING = "Trên đây là báo cáo {subject} {period}[ trên địa bàn {area}]./."
DEFAULT_INDICATOR = "{{label:{code}}}: {{figure:{code}}} {{unit:{code}}}[ ({{change:{code}}})][, tại {{units:{code}}}]."
DEFAULT_RECIPIENTS = ["Cơ quan cấp trên (để báo cáo)", "Lưu: VT"]
DEFAULT_SIGNER_TITLE = "THỦ TRƯỞNG CƠ QUAN"

# the kind of unit a name starts with, and how a count of them is said
UNIT_KINDS = [
    ("xa ", "xã"),
    ("phuong ", "phường"),
    ("thi tran ", "thị trấn"),
    ("dac khu ", "đặc khu"),
    ("tinh ", "tỉnh"),
    ("thanh pho ", "thành phố"),
]


@dataclass(frozen=True)
class UnitFigures:
    name: str
    values: dict[str, int | None]


@dataclass(frozen=True)
class ReportFacts:
    """What a consolidated workbook says, as far as the written report needs it."""

    form: Form
    area: str  # "Tỉnh Thanh Hóa", "Toàn quốc" or ""
    issuer: str  # "BAN CHỈ ĐẠO 138"
    period: str  # "Quý III/2026"
    columns: dict[str, dict[str, int | None]]  # value column -> code -> the total of `Tổng hợp`
    units: list[UnitFigures]  # each counted unit's figures of the main value column
    list_rows: list[dict[str, Any]] = field(default_factory=list)  # with the unit's name under "unit"
    status: list[tuple[str, Status]] = field(default_factory=list)  # (unit, status) of `Tình hình nộp báo cáo`
    registered: int | None = None  # units of the registry, when there was one
    source: str = ""  # the workbook's file name

    @property
    def main_column(self) -> str:
        """The column the sentences state: `current` (Kỳ báo cáo), else the form's first value column."""
        return "current" if "current" in self.columns else next(iter(self.columns), "current")

    @property
    def totals(self) -> dict[str, int | None]:
        return self.columns.get(self.main_column, {})

    @property
    def previous(self) -> dict[str, int | None] | None:
        """The same period last year, when the workbook has any of it."""
        values = self.columns.get("previous") if self.main_column != "previous" else None
        return values if values and any(v is not None for v in values.values()) else None


@dataclass(frozen=True)
class DraftOptions:
    rounded: bool = False  # "hơn 469.100" rather than "469.137"
    year: int | None = None  # the year of the date line; the period's when not given


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "body"  # heading | body | item


@dataclass(frozen=True)
class AppendixRow:
    cells: tuple[str, ...]
    section: bool = False


@dataclass(frozen=True)
class ReportContent:
    office: str  # its lines, "\n" between them
    number_line: str
    place_date: str
    title: str
    subject: str  # its lines, "\n" between them
    body: list[Paragraph]
    recipients: list[str]
    signer: str
    signer_title: str
    appendix_title: str
    appendix_subtitle: str
    appendix_note: str
    appendix_header: tuple[str, ...]
    appendix_rows: list[AppendixRow]


# Words ----------------------------------------------------------------------------------------------


def period_prose(label: str) -> str:
    """ "Quý III/2026" -> "quý III năm 2026", as a sentence says it."""
    period = parse_period(label)
    if period is None:
        return label
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
    match period.kind:
        case "month":
            return f"tháng {period.index} năm {period.year}"
        case "quarter":
            return f"quý {roman[period.index]} năm {period.year}"
        case "half":
            return f"6 tháng {'đầu' if period.index == 1 else 'cuối'} năm {period.year}"
        case "nine_months":
            return f"9 tháng năm {period.year}"
        case _:
            return f"năm {period.year}"


def area_prose(area: str) -> str:
    """ "Tỉnh Thanh Hóa" -> "tỉnh Thanh Hóa"; "Toàn quốc" -> "cả nước"."""
    if fold(area) == "toan quoc":
        return "cả nước"
    return area[:1].lower() + area[1:] if area else ""


def scope_prose(area: str) -> str:
    """ "toàn tỉnh", "toàn thành phố", "toàn quốc"."""
    key = fold(area)
    if key == "toan quoc":
        return "toàn quốc"
    if key.startswith("thanh pho "):
        return "toàn thành phố"
    if key.startswith("tinh "):
        return "toàn tỉnh"
    return "toàn địa bàn"


def place_name(area: str) -> str:
    """The place of the date line: the province without "Tỉnh"/"Thành phố"."""
    return re.sub(r"^(Tỉnh|Thành phố|TP\.?)\s+", "", area.strip()) if fold(area) != "toan quoc" else ""


def subject_of(form: Form) -> str:
    """ "kết quả xây dựng phong trào …" from the form's name "Báo cáo kết quả xây dựng phong trào …"."""
    name = re.sub(r"^\s*báo cáo\s+", "", form.name, flags=re.IGNORECASE).strip() or form.name
    return name[:1].lower() + name[1:]


def abbreviation(issuer: str) -> str:
    """ "BAN CHỈ ĐẠO 138" -> "BCĐ": the initials of its words."""
    return "".join(word[0] for word in issuer.upper().split() if word[0].isalpha())


def unit_noun(names: list[str]) -> str:
    """How a count of these units is said: "xã", "xã, phường", or "đơn vị" when the names don't tell."""
    kinds = []
    for name in names:
        key = fold(name) + " "
        kind = next((word for prefix, word in UNIT_KINDS if key.startswith(prefix)), None)
        if kind is None:
            return "đơn vị"
        kinds.append(kind)
    order = [word for _, word in UNIT_KINDS]
    return ", ".join(sorted(set(kinds), key=order.index)) or "đơn vị"


def _sentence(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:)])", r"\1", text).replace("( ", "(")
    return text[:1].upper() + text[1:]


def _label_phrase(label: str) -> str:
    """An indicator's label inside a sentence: its first colon ("Trong đó: số tin …") becomes a comma."""
    return label.replace(":", ",", 1).strip()


# Rendering ------------------------------------------------------------------------------------------


class _Renderer:
    def __init__(self, facts: ReportFacts, options: DraftOptions) -> None:
        self.facts = facts
        self.form = facts.form
        self.options = options

    def total(self, code: str) -> int:
        return self.facts.totals.get(code) or 0

    def last(self, code: str) -> int | None:
        return self.facts.previous.get(code) if self.facts.previous is not None else None

    def value(self, item: Field) -> tuple[str, int | None]:
        """The text of a placeholder and, for those that state a number, the number."""
        name, args = item.name, item.args
        code = item.code
        facts = self.facts
        if name in ("figure", "exact"):
            value = self.total(code)
            return format_figure(value, rounding=self.options.rounded and name == "figure"), value
        if name == "last":
            value = self.last(code)
            return ("", None) if value is None else (format_figure(value, rounding=self.options.rounded), value)
        if name in ("change", "diff"):
            return self.change(code, percent=name == "change"), None
        if name == "units":
            names = [u.name for u in facts.units if (u.values.get(code) or 0) > 0]
            return (f"{len(names)} {unit_noun(names)}" if names else ""), len(names)
        if name == "top":
            return ", ".join(self.top(code, int(args[1]) if len(args) > 1 else TOP_UNITS)), None
        if name == "count":
            count = len(self.rows(args))
            return format_count(count), count
        if name == "list_units":
            names = sorted({str(r.get("unit") or "") for r in self.rows(args)} - {""})
            return (f"{len(names)} {unit_noun(names)}" if names else ""), len(names)
        if name == "by":
            return self.by(args[0], args[1] if len(args) > 1 else ""), None
        if name in ("submitted", "missing", "excluded", "missing_names"):
            return self.status(name)
        if name == "period":
            return period_prose(facts.period), None
        if name == "area":
            return area_prose(facts.area), None
        if name == "scope":
            return scope_prose(facts.area), None
        if name == "subject":
            return subject_of(self.form), None
        if name == "label":
            return _label_phrase(self.form.by_code[code].label), None
        if name == "unit":
            return self.form.by_code[code].unit, None
        raise AssertionError(name)  # parse_template lets no other name through

    def change(self, code: str, *, percent: bool) -> str:
        before = self.last(code)
        if before is None:
            return ""
        now = self.total(code)
        if now == before:
            return "bằng cùng kỳ"
        word = "tăng" if now > before else "giảm"
        if percent and before > 0:
            share = Decimal(abs(now - before)) * 100 / Decimal(before)
            if share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) > 0:
                return f"{word} {format_percent(share)} so với cùng kỳ"
        unit = self.form.by_code[code].unit
        return f"{word} {format_count(abs(now - before))} {unit} so với cùng kỳ"

    def top(self, code: str, count: int) -> list[str]:
        ranked = sorted(
            (u for u in self.facts.units if (u.values.get(code) or 0) > 0),
            key=lambda u: (-(u.values.get(code) or 0), fold(u.name)),
        )
        return [u.name for u in ranked[:count]]

    def rows(self, args: tuple[str, ...]) -> list[dict[str, Any]]:
        if not args:
            return self.facts.list_rows
        key, wanted = (part.strip() for part in args[0].split("=", 1))
        return [r for r in self.facts.list_rows if fold(str(r.get(key) or "")) == fold(wanted)]

    def by(self, key: str, noun: str) -> str:
        column = self.form.list_sheet.column(key) if self.form.list_sheet else None
        spelt = {fold(a): a for a in (column.allowed or [])} if column else {}
        counts = Counter()
        for row in self.facts.list_rows:
            value = str(row.get(key) or "").strip()
            if value:
                counts[spelt.get(fold(value), value)] += 1
        order = list(spelt.values())

        def rank(item: tuple[str, int]) -> tuple:
            value, count = item
            other = fold(value) == "khac"  # "Khác" (other) closes the list whatever its count
            return other, -count, order.index(value) if value in order else len(order), value

        named = [f"{value} {format_count(n)} {noun}".strip() for value, n in sorted(counts.items(), key=rank)]
        other = sum(n for value, n in counts.items() if fold(value) == "khac")
        if other:  # "…, Đoàn Thanh niên 66 mô hình và 80 mô hình khác"
            named = named[:-1]
            text = f"{format_count(other)} {noun} khác".replace("  ", " ")
            return f"{', '.join(named)} và {text}" if named else text
        return ", ".join(named)

    def status(self, name: str) -> tuple[str, int | None]:
        rows = self.facts.status
        submitted = {unit for unit, status in rows if status is Status.SUBMITTED}
        missing = [unit for unit, status in rows if status is Status.MISSING]
        if name == "submitted":
            registered = self.facts.registered
            text = f"{len(submitted)}/{registered}" if registered else str(len(submitted))
            return text, len(submitted)
        if name == "missing":
            return format_count(len(missing)), len(missing)
        if name == "missing_names":
            if not missing:
                return "", 0
            text = ", ".join(missing) if len(missing) <= MISSING_NAMES_MAX else f"{len(missing)} đơn vị"
            return text, len(missing)
        # reports left out: an excluded unit that has no counted report, a file of a unit not in the registry
        left_out = [
            unit
            for unit, status in rows
            if status is Status.UNKNOWN or (status is Status.EXCLUDED and unit not in submitted)
        ]
        return format_count(len(left_out)), len(left_out)

    def render(self, template: Template) -> str | None:
        """The sentence, or None when every figure it states is zero (or a placeholder it needs is empty)."""
        figures = [f for f in template.required_fields() if f.name in FIGURES]
        if figures and all(not self.value(f)[1] for f in figures):
            return None
        text = self._parts(template.parts, required=True)
        return _sentence(text) if text is not None else None

    def _parts(self, parts: tuple, *, required: bool) -> str | None:
        out = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, Segment):
                out.append(self._parts(part.parts, required=False) or "")
            else:
                text, number = self.value(part)
                if not text and (not required or part.name not in WORDS):
                    return None
                if not required and part.name in ZERO_DROPS and not number:
                    return None
                out.append(text)
        return "".join(out)


def render_sentence(facts: ReportFacts, text: str, options: DraftOptions | None = None) -> str | None:
    """One template rendered from the facts; None when the sentence is left out (its figures all zero)."""
    return _Renderer(facts, options or DraftOptions()).render(parse_template(text))


# The document's content -----------------------------------------------------------------------------


def _section_codes(form: Form) -> list[tuple[Section | None, list[str]]]:
    """The form's sections with their codes; codes before the first section in one without a title."""
    groups: list[tuple[Section | None, list[str]]] = []
    for code in form.codes:
        section = form.section_before(code)
        if section is not None or not groups:
            groups.append((section, []))
        groups[-1][1].append(code)
    return groups


def draft_report(facts: ReportFacts, options: DraftOptions | None = None) -> ReportContent:
    """The report's paragraphs and appendix, every figure taken from the facts."""
    form = facts.form
    options = options or DraftOptions()
    phrases = form.phrases or Phrases()  # a form without phrases: every sentence a default
    renderer = _Renderer(facts, options)

    def say(text: str) -> str | None:
        return renderer.render(parse_template(text))

    body: list[Paragraph] = []
    for text in (phrases.intro or DEFAULT_INTRO, phrases.status or DEFAULT_STATUS):
        sentence = say(text)
        if sentence:
            body.append(Paragraph(sentence))
    for section, codes in _section_codes(form):
        if section is not None:
            body.append(Paragraph(f"{section.number}. {section.title}", "heading"))
        written = _section_body(phrases, section, codes, say)
        body.extend(written or [Paragraph(NO_FIGURES)])
    if form.phrases is None and form.list_sheet is not None:
        sentence = say(_default_list_sentence(form))
        if sentence:
            body.append(Paragraph(sentence))
    closing = say(phrases.closing or DEFAULT_CLOSING)
    if closing:
        body.append(Paragraph(closing))

    period = parse_period(facts.period)
    year = options.year or (period.year if period else "")
    place = place_name(facts.area) or "……"
    office = "\n".join(part for part in (facts.issuer, facts.area.upper()) if part) or "CƠ QUAN BÁO CÁO"
    short = phrases.abbreviation or abbreviation(facts.issuer or office)
    number_line = f"Số:        /BC-{short}" if short else "Số:        /BC"
    date_words = f"ngày      tháng      năm {year}".rstrip()
    subject = subject_of(form)
    subject_line = "\n".join(p for p in (subject[:1].upper() + subject[1:], period_prose(facts.period)) if p)
    signer = phrases.signer or (f"TM. {facts.issuer}" if facts.issuer else "")
    header, rows = _appendix(form, facts)
    return ReportContent(
        office=office,
        number_line=number_line,
        place_date=f"{place}, {date_words}",
        title="BÁO CÁO",
        subject=subject_line,
        body=body,
        recipients=list(phrases.recipients) or DEFAULT_RECIPIENTS,
        signer=signer,
        signer_title=phrases.signer_title or DEFAULT_SIGNER_TITLE,
        appendix_title="Phụ lục",
        appendix_subtitle=f"SỐ LIỆU TỔNG HỢP {(form.form_number or form.id).upper()} - {facts.period.upper()}".strip(
            " -"
        ),
        appendix_note=f"(Kèm theo Báo cáo số        {number_line.removeprefix('Số:').strip()} {date_words})",
        appendix_header=header,
        appendix_rows=rows,
    )


def _section_body(phrases: Phrases, section: Section | None, codes: list[str], say) -> list[Paragraph]:
    templates = phrases.sections.get(section.number) if section is not None else None
    if templates:
        return [Paragraph(s) for s in (say(t) for t in templates) if s]
    items = []
    for code in codes:
        sentence = say(phrases.indicators.get(code) or DEFAULT_INDICATOR.format(code=code))
        if sentence:
            items.append(Paragraph(f"- {sentence}", "item"))
    return items


def _literal(text: str) -> str:
    """Text of the form (a header, a noun) inside a template built here: braces doubled, brackets made round."""
    return text.replace("{", "{{").replace("}", "}}").replace("[", "(").replace("]", ")")


def _default_list_sentence(form: Form) -> str:
    """ "Theo danh sách các đơn vị gửi kèm, có 516 mô hình; theo lực lượng nòng cốt: Công an 73 mô hình, …"."""
    spec = form.list_sheet
    item = _literal(spec.item or "dòng")
    text = f"Theo danh sách các đơn vị gửi kèm, có {{count}} {item}"
    grouped = next((c for c in spec.columns if c.allowed), None)
    if grouped is not None:
        header = _literal(grouped.header[:1].lower() + grouped.header[1:])
        text += f"[; theo {header}: {{by:{grouped.key}:{item}}}]"
    return text + "."


def ratio_text(current: int | None, previous: int | None) -> str:
    """This period over last year in per cent, one decimal, as `Tổng hợp`'s `So sánh (%)` shows it."""
    if current is None or not previous:
        return ""
    value = (Decimal(current) * 100 / Decimal(previous)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value:f}".replace(".", ",")


def _appendix(form: Form, facts: ReportFacts) -> tuple[tuple[str, ...], list[AppendixRow]]:
    """The consolidated form as a table: STT, label, unit, code, each value column, the ratio."""
    names = form.indicator_sheet.columns
    values = list(form.indicator_sheet.value_columns.items())
    with_ratio = facts.previous is not None and facts.main_column == "current"
    header = [names.get("stt", "STT"), names.get("label", "Chỉ tiêu"), names.get("unit", "Đơn vị tính")]
    header += [names.get("code", "Mã số")] + [title for _, title in values]
    if with_ratio:
        header.append(names.get("ratio", "So sánh (%)"))
    rows = []
    for number, indicator in enumerate(form.indicators, 1):
        section = form.section_before(indicator.code)
        if section:
            rows.append(AppendixRow((section.number, section.title), section=True))
        cells = [str(number), indicator.label, indicator.unit, indicator.code]
        for key, _ in values:
            value = facts.columns.get(key, {}).get(indicator.code)
            cells.append("" if value is None else format_count(value))
        if with_ratio:
            cells.append(ratio_text(facts.totals.get(indicator.code), facts.previous.get(indicator.code)))
        rows.append(AppendixRow(tuple(cells)))
    return tuple(header), rows
