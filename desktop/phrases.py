"""Phrase templates: the sentences of the written report, held in a form's schema.

A template is text with named placeholders, `{figure:12}`, `{units:12}`, `{count:status=Xây dựng mới}`,
and optional parts in square brackets, `[, {change:19}]`, dropped when a placeholder inside is empty
or a figure inside is zero. `{{` and `}}` are literal braces. Templates are parsed once, without eval;
a bad one raises TemplateError naming the placeholder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from desktop.vntext import format_number

# name -> (number of arguments it takes: min, max; what the arguments are)
FIELDS: dict[str, tuple[int, int, str]] = {
    "figure": (1, 1, "code"),  # this period's figure, rounded when the clerk asks for it
    "exact": (1, 1, "code"),  # this period's figure, never rounded
    "last": (1, 1, "code"),  # the same period last year
    "change": (1, 1, "code"),  # "tăng 12,5% so với cùng kỳ"
    "diff": (1, 1, "code"),  # "giảm 3 vụ so với cùng kỳ"
    "units": (1, 1, "code"),  # "41 xã, phường": units whose figure is above zero
    "top": (1, 2, "code"),  # "Xã A, Phường B, Xã C": the units with the highest figures (default 3)
    "count": (0, 1, "filter"),  # rows of the list, all or those with key=value
    "list_units": (0, 1, "filter"),  # "8 xã": units with rows of the list (all or key=value)
    "by": (1, 2, "key"),  # "Công an 40 mô hình, MTTQ 25 mô hình": list rows by a column
    "submitted": (0, 0, ""),  # "138/166" (or "138" without a registry)
    "missing": (0, 0, ""),  # units that sent nothing
    "missing_names": (0, 0, ""),  # their names when few, else "137 đơn vị"
    "excluded": (0, 0, ""),  # reports left out of the total
    "period": (0, 0, ""),  # "quý III năm 2026"
    "area": (0, 0, ""),  # "tỉnh Thanh Hóa"
    "scope": (0, 0, ""),  # "toàn tỉnh"
    "subject": (0, 0, ""),  # "kết quả xây dựng phong trào …", from the form's name
    "label": (1, 1, "code"),
    "unit": (1, 1, "code"),
}
# fields that state a figure: a sentence whose figures are all zero is left out, an optional part too
FIGURES = {"figure", "exact", "count"}
ZERO_DROPS = FIGURES | {"units", "list_units", "last", "submitted", "missing", "excluded"}
# words, not facts: a sentence keeps going without them (an indicator with no unit, a workbook with no area)
WORDS = {"label", "unit", "area", "period", "scope", "subject"}


class TemplateError(ValueError):
    """A template that cannot be used; the message names the placeholder."""


@dataclass(frozen=True)
class Field:
    name: str
    args: tuple[str, ...]

    @property
    def code(self) -> str | None:
        return self.args[0] if self.args and FIELDS[self.name][2] == "code" else None

    def __str__(self) -> str:
        return "{" + ":".join((self.name, *self.args)) + "}"


@dataclass(frozen=True)
class Segment:
    parts: tuple[Part, ...]


Part = str | Field | Segment


@dataclass(frozen=True)
class Template:
    source: str
    parts: tuple[Part, ...]

    def fields(self) -> list[Field]:
        found: list[Field] = []

        def walk(parts: tuple[Part, ...]) -> None:
            for part in parts:
                if isinstance(part, Field):
                    found.append(part)
                elif isinstance(part, Segment):
                    walk(part.parts)

        walk(self.parts)
        return found

    def required_fields(self) -> list[Field]:
        return [p for p in self.parts if isinstance(p, Field)]


_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|\[|\]|[{}]")


def parse_template(text: str) -> Template:
    """Parse once; raises TemplateError for an unknown placeholder, a wrong argument or unbalanced brackets."""
    stack: list[list[Part]] = [[]]
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            stack[-1].append(text[position : match.start()])
        position = match.end()
        token = match.group(0)
        if token == "{{":
            stack[-1].append("{")
        elif token == "}}":
            stack[-1].append("}")
        elif token == "[":
            stack.append([])
        elif token == "]":
            if len(stack) == 1:
                raise TemplateError(f"dấu “]” thừa ở vị trí {match.start() + 1}")
            inner = stack.pop()
            stack[-1].append(Segment(tuple(inner)))
        elif match.group(1) is not None:
            stack[-1].append(_field(match.group(1)))
        else:
            raise TemplateError(f"dấu “{token}” lẻ ở vị trí {match.start() + 1} (viết “{token * 2}” nếu cần)")
    if position < len(text):
        stack[-1].append(text[position:])
    if len(stack) > 1:
        raise TemplateError("thiếu dấu “]” đóng phần tùy chọn")
    return Template(text, tuple(stack[0]))


def _field(inside: str) -> Field:
    name, *args = [part.strip() for part in inside.split(":")]
    if name not in FIELDS:
        known = ", ".join(sorted(FIELDS))
        raise TemplateError(f"chỗ trống “{{{inside}}}” không có; dùng được: {known}")
    low, high, kind = FIELDS[name]
    if not low <= len(args) <= high:
        raise TemplateError(
            f"chỗ trống “{{{inside}}}”: {name} cần {low}–{high} tham số"
            if high
            else f"chỗ trống “{{{inside}}}”: {name} không có tham số"
        )
    if name == "top" and len(args) == 2 and not args[1].isdigit():
        raise TemplateError(f"chỗ trống “{{{inside}}}”: số đơn vị dẫn đầu phải là số nguyên")
    if kind == "filter" and args and "=" not in args[0]:
        raise TemplateError(f"chỗ trống “{{{inside}}}”: điều kiện phải có dạng cột=giá trị")
    if any(not a for a in args):
        raise TemplateError(f"chỗ trống “{{{inside}}}” có tham số rỗng")
    return Field(name, tuple(args))


def check_template(text: str, codes: set[str], list_keys: set[str]) -> Template:
    """Parse and check the codes and list columns a template names against its form."""
    template = parse_template(text)
    for field in template.fields():
        kind = FIELDS[field.name][2]
        if kind == "code" and field.args[0] not in codes:
            raise TemplateError(f"chỗ trống “{field}”: mã số “{field.args[0]}” không có trong biểu mẫu")
        if kind in ("filter", "key") and field.args:
            key = field.args[0].split("=", 1)[0].strip()
            if not list_keys:
                raise TemplateError(f"chỗ trống “{field}”: biểu mẫu không có danh sách (list_sheet)")
            if key not in list_keys:
                raise TemplateError(f"chỗ trống “{field}”: danh sách không có cột “{key}”")
        if kind == "filter" and not field.args and not list_keys:
            raise TemplateError(f"chỗ trống “{field}”: biểu mẫu không có danh sách (list_sheet)")
    return template


# Numbers --------------------------------------------------------------------------------------------


def format_count(value: int) -> str:
    """2389 -> "2.389"."""
    return format_number(int(value))


def format_percent(value: Decimal) -> str:
    """Decimal("12.5") -> "12,5%"; a whole percentage without ",0"."""
    rounded = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}".replace(".", ",").removesuffix(",0")
    return f"{text}%"


ROUNDING = [(10_000, 100), (1_000, 50), (50, 10)]  # from this figure up, to the nearest step


def rounded(value: int) -> tuple[str, int]:
    """The province's rounded phrasing: ("hơn", 469100) for 469137, ("gần", 2500) for 2478, ("", 49) for 49."""
    step = next((s for floor, s in ROUNDING if value >= floor), None)
    if step is None:
        return "", value
    near = (value + step // 2) // step * step
    if near == value:
        return "", value
    return ("hơn" if near < value else "gần"), near


def format_figure(value: int, *, rounding: bool = False) -> str:
    if not rounding:
        return format_count(value)
    word, near = rounded(value)
    return f"{word} {format_count(near)}".strip()
