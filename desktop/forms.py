"""The form schema: sheets, labels, table columns, indicators, list columns and rules of one form.

A form is a YAML file under resources/forms/; loading it validates every field, and a broken file
raises FormError naming the file, the line and the field.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from desktop.paths import default_form_path
from desktop.rules import Rule as ParsedRule
from desktop.rules import RuleSyntaxError, Sum, parse_rule, parse_sum


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
    name: str
    columns: dict[str, str]
    value_columns: dict[str, str] = Field(min_length=1)
    # how a unit's rows are found: by the code column, or (a form without codes) by the label column,
    # the n-th row of a label being the n-th indicator of that label
    match: Literal["code", "label"] = "code"

    @model_validator(mode="after")
    def _has_code_column(self) -> IndicatorSheet:
        if self.match not in self.columns:
            name = "code" if self.match == "code" else "label"
            raise ValueError(f"columns phải có khóa “{name}” (cột {'Mã số' if name == 'code' else 'Chỉ tiêu'})")
        return self


class Section(_Model):
    number: str
    title: str
    first_code: str


class Indicator(_Model):
    code: str
    label: str
    unit: str
    kind: Literal["flow", "stock"]
    label_en: str = ""
    formula: str | None = None

    @field_validator("code", mode="before")
    @classmethod
    def _code_text(cls, value: object) -> str:
        return str(value).zfill(2) if isinstance(value, int) else str(value)


class ListColumn(_Model):
    key: str
    header: str
    required: bool = False
    allowed: list[str] | None = None
    kind: Literal["text", "year"] = "text"
    min: int | None = None


class ListSheet(_Model):
    name: str
    title: str = ""
    end_markers: list[str] = []
    columns: list[ListColumn] = Field(min_length=1)

    def column(self, key: str) -> ListColumn | None:
        return next((c for c in self.columns if c.key == key), None)


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
    list_sheet: ListSheet | None = None
    rules: list[Rule] = []

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
        for index, indicator in enumerate(self.indicators):
            if indicator.formula:
                try:
                    formula = parse_sum(indicator.formula)
                except RuleSyntaxError as exc:
                    raise FieldProblem(("indicators", index, "formula"), str(exc)) from exc
                if any(getattr(t, "code", None) not in known for _, t in formula.terms):
                    raise FieldProblem(("indicators", index, "formula"), "công thức dùng mã số không có")
        return self

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
