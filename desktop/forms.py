"""The form schema: sheets, labels, table columns, indicators, list columns and rules of one form.

A form is a YAML file under resources/forms/; loading it validates every field, and a broken file
raises FormError naming the file, the line and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from desktop.paths import default_form_path
from desktop.phrases import TemplateError, check_template
from desktop.rules import Count, RuleSyntaxError, Sum, normalise_code, parse_rule, parse_sum
from desktop.rules import Rule as ParsedRule


class FormError(Exception):
    """The schema file is broken; the message names the file, line and field."""


class FieldProblem(ValueError):
    """A cross-field inconsistency, carrying the location of the field to blame."""

    def __init__(self, loc: tuple, message: str) -> None:
        super().__init__(message)
        self.loc = loc


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Labels(_Model):
    form_number: str
    unit_name: str
    unit_code: str
    period: str
    date_from: str
    date_to: str


class IndicatorSheet(_Model):
    """The indicator table. `columns` lists its columns in the order the sheet shows them (key -> header).

    Keys with a role: `stt`, `label`, `unit`, `code`, `note`, the keys of `value_columns` (the figures
    read), and the keys of `ratios` (a formula column, never read). Any other key is an empty column.
    """

    name: str
    columns: dict[str, str]
    value_columns: dict[str, str] = Field(min_length=1)
    # how a unit's rows are found: by the code column, or (a form without codes) by the label column,
    # the n-th row of a label being the n-th indicator of that label
    match: Literal["code", "label"] = "code"
    # the value column every unit must fill; the first value column when absent
    main_column: str | None = None
    # value columns a unit may leave wholly empty; every column but the main one when absent
    optional_columns: list[str] | None = None
    # formula columns: key -> [numerator, denominator] value columns, shown as a percentage; when absent,
    # a `ratio` column of `current` over `previous` if the form has those three keys
    ratios: dict[str, tuple[str, str]] | None = None
    # column widths in Excel's character units, by key; missing keys get a width by their role
    widths: dict[str, float] = {}
    # value columns whose figures may be below zero (a change: "Tăng (+), giảm (-)"); the others count
    signed_columns: list[str] = []

    @model_validator(mode="after")
    def _has_code_column(self) -> IndicatorSheet:
        if self.match not in self.columns:
            name = "code" if self.match == "code" else "label"
            raise ValueError(f"columns phải có khóa “{name}” (cột {'Mã số' if name == 'code' else 'Chỉ tiêu'})")
        values = set(self.value_columns)
        if self.main_column is not None and self.main_column not in values:
            raise FieldProblem(("main_column",), f"“{self.main_column}” không phải là một cột giá trị")
        for key in self.optional_columns or []:
            if key not in values:
                raise FieldProblem(("optional_columns",), f"“{key}” không phải là một cột giá trị")
        for key in self.signed_columns:
            if key not in values:
                raise FieldProblem(("signed_columns",), f"“{key}” không phải là một cột giá trị")
        for key, pair in (self.ratios or {}).items():
            if set(pair) - values:
                raise FieldProblem(("ratios",), "tỉ lệ phải giữa hai cột giá trị")
            if key in values:
                raise FieldProblem(("ratios",), f"“{key}” đã là một cột giá trị")
        return self

    @property
    def main(self) -> str:
        return self.main_column or next(iter(self.value_columns))

    @property
    def optional(self) -> set[str]:
        if self.optional_columns is not None:
            return set(self.optional_columns)
        return set(self.value_columns) - {self.main}

    @property
    def ratio_columns(self) -> dict[str, tuple[str, str]]:
        if self.ratios is not None:
            return dict(self.ratios)
        if "ratio" in self.columns and {"current", "previous"} <= set(self.value_columns):
            return {"ratio": ("current", "previous")}
        return {}

    @property
    def layout(self) -> list[str]:
        """The table's column keys from left to right: `columns`, then any value column it does not list."""
        keys = list(self.columns)
        return keys + [k for k in self.value_columns if k not in keys]

    def header(self, key: str) -> str:
        return self.columns.get(key) or self.value_columns.get(key, "")

    @property
    def code_word(self) -> str:
        """What the form calls a code, for titles ("Mã số 06"); a form matched by labels has no column for it."""
        return self.columns.get("code") or "Mã số"


def _code(value: object) -> str:
    """A code as the reader and the rules see it: a number is two digits at least (1 and "1" are "01")."""
    return normalise_code(str(value).strip()) if isinstance(value, int | str) else value


class MoreSheet(_Model):
    """A further sheet of the indicator table, as in a form of two sheets (Biểu 05A, Biểu 05B): the same
    columns as `indicator_sheet`, the indicators whose `sheet` names it. When both sheets number their
    rows from 01, `prefix` tells them apart: the sheet shows `01`, the form calls it `B.01`."""

    name: str = Field(min_length=1, max_length=31)
    prefix: str = ""
    title: str = ""  # the sheet's own title, when it is not the form's


@dataclass(frozen=True)
class Part:
    """One sheet of the indicator table, as a form of its own (only its indicators, codes as the sheet
    shows them), for reading and writing that sheet; `codes` maps the sheet's codes to the form's."""

    form: Form
    codes: dict[str, str]


_CODE_TERM = re.compile(r"\[([^\]@]+)")


class Section(_Model):
    number: str
    title: str
    first_code: str

    _first_code_text = field_validator("first_code", mode="before")(lambda value: _code(value))


class Indicator(_Model):
    code: str
    label: str
    unit: str
    kind: Literal["flow", "stock"]
    label_en: str = ""
    formula: str | None = None
    sheet: str = ""  # the sheet of its table when the form has several (`more_sheets`); the first when empty
    # a form that is only a list: the indicator is counted from the unit's list rather than typed,
    # `count()` all its rows, `count(loai == "Tạm trú")` those with that value
    count: str | None = None
    short: str = ""  # a few words for narrow column headings (`Chi tiết`); the label when absent

    @property
    def short_label(self) -> str:
        return self.short or self.label

    @field_validator("code", mode="before")
    @classmethod
    def _code_text(cls, value: object) -> str:
        return _code(value)


class ListColumn(_Model):
    key: str
    header: str
    required: bool = False
    allowed: list[str] | None = None
    kind: Literal["text", "year"] = "text"
    min: int | None = None
    width: float | None = None  # Excel's character units; by kind when absent


class ListSheet(_Model):
    name: str
    title: str = ""
    end_markers: list[str] = []
    columns: list[ListColumn] = Field(min_length=1)
    # what one row is ("mô hình"), for "Số mô hình", "12 mô hình của 5 đơn vị"
    item: str = "dòng"
    # the sheet of every unit's rows in the consolidated workbook, and its title
    output_name: str = Field("Danh sách", max_length=31)
    output_title: str = ""

    def column(self, key: str) -> ListColumn | None:
        return next((c for c in self.columns if c.key == key), None)


class Chart(_Model):
    """A chart of the consolidated workbook: the units with the highest figures of one code, or the list's
    rows counted by the allowed values of one list column."""

    code: str | None = None
    column: str | None = None  # the value column of `code`; the main one when absent
    top: int = Field(10, ge=1, le=50)
    list_column: str | None = None

    _code_text = field_validator("code", mode="before")(lambda value: None if value is None else _code(value))

    @model_validator(mode="after")
    def _one_subject(self) -> Chart:
        if (self.code is None) == (self.list_column is None):
            raise ValueError("biểu đồ cần đúng một trong hai: code (chỉ tiêu) hoặc list_column (cột danh sách)")
        return self


class Rule(_Model):
    id: str
    expr: str
    severity: Literal["error", "warning", "info"]
    message: str
    message_en: str = ""
    columns: list[str] | None = None  # value columns it applies to; all of them when absent
    rows: list[str] | None = None  # the codes a row rule (`[@tong] == [@nam] + [@nu]`) is checked on; all when absent

    @cached_property
    def parsed(self) -> ParsedRule:
        return parse_rule(self.expr)


class Phrases(_Model):
    """The written report's sentences (desktop/phrases.py): templates with {placeholders}, [optional parts]."""

    intro: str = ""
    status: str = ""
    sections: dict[str, list[str]] = {}  # section number -> its sentences, one paragraph each
    indicators: dict[str, str] = {}  # code -> its sentence, for sections without their own
    closing: str = ""
    recipients: list[str] = []  # "Nơi nhận"
    signer: str = ""  # "TM. BAN CHỈ ĐẠO"
    signer_title: str = ""  # "TRƯỞNG BAN"
    abbreviation: str = ""  # of the issuer, in "Số: …/BC-BCĐ138"

    @field_validator("indicators", mode="before")
    @classmethod
    def _code_keys(cls, value: object) -> object:
        if isinstance(value, dict):
            return {str(k).zfill(2) if isinstance(k, int) else str(k): v for k, v in value.items()}
        return value

    def templates(self) -> list[tuple[tuple, str]]:
        """Every template with its place in the schema."""
        found = [(("intro",), self.intro), (("status",), self.status), (("closing",), self.closing)]
        for number, texts in self.sections.items():
            found += [(("sections", number, i), text) for i, text in enumerate(texts)]
        found += [(("indicators", code), text) for code, text in self.indicators.items()]
        return [(where, text) for where, text in found if text]


class Form(_Model):
    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))

    id: str
    version: str
    name: str
    title: str
    form_number: str = ""
    issuer: str = ""
    labels: Labels
    indicator_sheet: IndicatorSheet
    sections: list[Section] = []
    indicators: list[Indicator] = Field(min_length=1)
    more_sheets: list[MoreSheet] = []
    list_sheet: ListSheet | None = None
    rules: list[Rule] = []
    charts: list[Chart] = []
    phrases: Phrases | None = None

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> str:
        return str(value)

    @model_validator(mode="after")
    def _consistent(self) -> Form:
        codes = [i.code for i in self.indicators]
        for index, code in enumerate(codes):
            if code in codes[:index]:
                raise FieldProblem(("indicators", index, "code"), f"mã số {code} trùng với một chỉ tiêu trước")
        known = set(codes)
        for index, section in enumerate(self.sections):
            if section.first_code not in known:
                raise FieldProblem(
                    ("sections", index, "first_code"), f"mã số “{section.first_code}” không có trong indicators"
                )
        list_keys = {c.key for c in self.list_sheet.columns} if self.list_sheet else set()
        for index, rule in enumerate(self.rules):
            self._check_rule(index, rule, known, list_keys)
        if self.phrases is not None:
            self._check_phrases(self.phrases, known, list_keys)
        for index, indicator in enumerate(self.indicators):
            if indicator.formula:
                try:
                    formula = parse_sum(indicator.formula)
                except RuleSyntaxError as exc:
                    raise FieldProblem(("indicators", index, "formula"), str(exc)) from exc
                if any(getattr(t, "code", None) not in known for _, t in formula.terms):
                    raise FieldProblem(("indicators", index, "formula"), "công thức dùng mã số không có")
        for index, chart in enumerate(self.charts):
            self._check_chart(index, chart, known)
        self._check_sheets()
        self._check_counts(list_keys)
        return self

    def _check_counts(self, list_keys: set[str]) -> None:
        counted = [i.count is not None for i in self.indicators]
        if not any(counted):
            return
        for index, indicator in enumerate(self.indicators):
            where = ("indicators", index, "count")
            if indicator.count is None or not self.list_sheet:
                raise FieldProblem(
                    where, "chỉ biểu mẫu chỉ có danh sách (list_sheet) mới đếm chỉ tiêu: mọi chỉ tiêu đều cần count"
                )
            try:
                terms = parse_sum(indicator.count).terms
            except RuleSyntaxError as exc:
                raise FieldProblem(where, str(exc)) from exc
            if not all(isinstance(term, Count) for _, term in terms):
                raise FieldProblem(where, "count chỉ gồm các count(…) của danh sách")
            unknown = {term.key for _, term in terms if term.key} - list_keys
            if unknown:
                raise FieldProblem(where, f"cột danh sách không có: {', '.join(sorted(unknown))}")
            if indicator.formula:
                raise FieldProblem(("indicators", index, "formula"), "chỉ tiêu đếm từ danh sách không có công thức")

    @property
    def list_only(self) -> bool:
        """Whether the units send only the list: every indicator is counted from it, none is typed."""
        return self.indicators[0].count is not None

    def _check_sheets(self) -> None:
        """Every indicator on a sheet of the table, a total only of codes on its own sheet."""
        names = [self.indicator_sheet.name] + [m.name for m in self.more_sheets]
        for index, name in enumerate(names):
            if name in names[:index] or self.list_sheet and name == self.list_sheet.name:
                raise FieldProblem(("more_sheets", index - 1, "name"), f"trang “{name}” đã có trong biểu mẫu")
        sheet_of = {i.code: i.sheet or names[0] for i in self.indicators}
        prefixes = {m.name: m.prefix for m in self.more_sheets}
        for index, indicator in enumerate(self.indicators):
            sheet = sheet_of[indicator.code]
            if sheet not in names:
                raise FieldProblem(("indicators", index, "sheet"), f"trang “{sheet}” không có trong more_sheets")
            if not indicator.code.startswith(prefixes.get(sheet, "")):
                raise FieldProblem(
                    ("indicators", index, "code"), f"mã số ở trang “{sheet}” phải bắt đầu bằng “{prefixes[sheet]}”"
                )
            if indicator.formula and any(sheet_of.get(t.code) != sheet for _, t in parse_sum(indicator.formula).terms):
                raise FieldProblem(("indicators", index, "formula"), "công thức chỉ cộng các mã số cùng trang")
        for index, more in enumerate(self.more_sheets):
            if more.name not in sheet_of.values():
                raise FieldProblem(("more_sheets", index, "name"), f"trang “{more.name}” không có chỉ tiêu nào")

    @cached_property
    def parts(self) -> list[Part]:
        """The indicator table sheet by sheet: the form itself when it has one sheet."""
        if not self.more_sheets:
            return [Part(self, {code: code for code in self.codes})]
        first = self.indicator_sheet.name
        return [self._part(first, "", first=True)] + [self._part(m.name, m.prefix, m.title) for m in self.more_sheets]

    def _part(self, name: str, prefix: str, title: str = "", *, first: bool = False) -> Part:
        mine = [i for i in self.indicators if (i.sheet or self.indicator_sheet.name) == name]
        local = {i.code: i.code[len(prefix) :] for i in mine}

        def renamed(text: str) -> str:
            return _CODE_TERM.sub(lambda m: "[" + local.get(normalise_code(m[1]), m[1]), text)

        data = self.model_dump()
        data.update(
            indicator_sheet={**data["indicator_sheet"], "name": name},
            indicators=[
                {**i.model_dump(), "code": local[i.code], "sheet": "", "formula": i.formula and renamed(i.formula)}
                for i in mine
            ],
            sections=[
                {**s.model_dump(), "first_code": local[s.first_code]} for s in self.sections if s.first_code in local
            ],
            more_sheets=[],
            rules=[],
            charts=[],
            phrases=None,
            list_sheet=data["list_sheet"] if first else None,
            title=title or data["title"],
        )
        return Part(Form.model_validate(data), {local[code]: code for code in local})

    def sheet_of(self, code: str) -> str:
        """The sheet of the indicator table the code's row is on."""
        return self.by_code[code].sheet or self.indicator_sheet.name

    def _check_chart(self, index: int, chart: Chart, known: set[str]) -> None:
        if chart.code is not None and chart.code not in known:
            raise FieldProblem(("charts", index, "code"), f"mã số “{chart.code}” không có trong indicators")
        if chart.column is not None and chart.column not in self.indicator_sheet.value_columns:
            raise FieldProblem(("charts", index, "column"), f"“{chart.column}” không phải là một cột giá trị")
        if chart.list_column is not None:
            column = self.list_sheet.column(chart.list_column) if self.list_sheet else None
            if column is None or not column.allowed:
                raise FieldProblem(
                    ("charts", index, "list_column"),
                    f"“{chart.list_column}” không phải là cột danh sách có danh mục giá trị (allowed)",
                )

    def _check_phrases(self, phrases: Phrases, known: set[str], list_keys: set[str]) -> None:
        numbers = {s.number for s in self.sections}
        for number in phrases.sections:
            if number not in numbers:
                raise FieldProblem(("phrases", "sections", number), f"mục “{number}” không có trong sections")
        for code in phrases.indicators:
            if code not in known:
                raise FieldProblem(("phrases", "indicators", code), f"mã số “{code}” không có trong indicators")
        for where, text in phrases.templates():
            try:
                check_template(text, known, list_keys)
            except TemplateError as exc:
                raise FieldProblem(("phrases", *where), f"mẫu câu: {exc}") from exc

    def _check_rule(self, index: int, rule: Rule, known: set[str], list_keys: set[str]) -> None:
        where = ("rules", index, "expr")
        try:
            parsed = rule.parsed
        except RuleSyntaxError as exc:
            raise FieldProblem(where, f"quy tắc {rule.id}: {exc}") from exc
        if parsed.codes - known:
            unknown = ", ".join(sorted(parsed.codes - known))
            raise FieldProblem(where, f"quy tắc {rule.id} dùng mã số không có trong biểu mẫu: {unknown}")
        if parsed.uses_list and not self.list_sheet:
            raise FieldProblem(where, f"quy tắc {rule.id} dùng count() nhưng biểu mẫu không có list_sheet")
        if parsed.count_keys - list_keys:
            unknown = ", ".join(sorted(parsed.count_keys - list_keys))
            raise FieldProblem(where, f"quy tắc {rule.id} dùng cột danh sách không có: {unknown}")
        if set(rule.columns or []) - set(self.indicator_sheet.value_columns):
            raise FieldProblem(("rules", index, "columns"), f"quy tắc {rule.id}: cột giá trị không có")
        if parsed.columns - set(self.indicator_sheet.value_columns):
            unknown = ", ".join(sorted(parsed.columns - set(self.indicator_sheet.value_columns)))
            raise FieldProblem(where, f"quy tắc {rule.id} dùng cột giá trị không có: {unknown}")
        if set(rule.rows or []) - known:
            raise FieldProblem(("rules", index, "rows"), f"quy tắc {rule.id}: rows có mã số không có trong biểu mẫu")

    @cached_property
    def codes(self) -> list[str]:
        return [i.code for i in self.indicators]

    @cached_property
    def by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}

    @cached_property
    def value_columns(self) -> list[str]:
        return list(self.indicator_sheet.value_columns)

    @property
    def compared(self) -> bool:
        """The form has a last-year column (`previous`) to set the period's figures against."""
        return "previous" in self.value_columns and self.main_column != "previous"

    @property
    def main_column(self) -> str:
        """The value column every unit must fill (the period's own figures)."""
        return self.indicator_sheet.main

    def formula_of(self, code: str) -> Sum | None:
        formula = self.by_code[code].formula
        return parse_sum(formula) if formula else None

    def section_before(self, code: str) -> Section | None:
        return next((s for s in self.sections if s.first_code == code), None)


def _line_of(text: str, loc: tuple) -> int | None:
    """The line in the YAML source of the field at pydantic's error location."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == part), None)
            if match is None:
                break
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
        line = node.start_mark.line + 1
    return line


def load_form(path: str | Path | None = None) -> Form:
    path = Path(path) if path else default_form_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FormError(f"Không đọc được tệp biểu mẫu {path}: {exc.strerror or exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" dòng {mark.line + 1}" if mark else ""
        raise FormError(f"{path.name}{where}: YAML không hợp lệ: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(data, dict):
        raise FormError(f"{path.name}: tệp biểu mẫu phải là một bảng khóa/giá trị YAML")
    try:
        return Form.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        problem = first.get("ctx", {}).get("error")
        loc = tuple(first["loc"]) + (problem.loc if isinstance(problem, FieldProblem) else ())
        field = ".".join(str(p) for p in loc) or "(gốc)"
        line = _line_of(text, loc)
        where = f" dòng {line}" if line else ""
        message = first["msg"].removeprefix("Value error, ")
        raise FormError(f"{path.name}{where}, trường “{field}”: {message}") from exc
