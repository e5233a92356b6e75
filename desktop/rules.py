"""Rule expressions of a form schema, parsed once into a small tree and evaluated per submission.

Grammar (nothing else is accepted, nothing is eval()'d):
    rule  := sum CMP sum                  CMP is one of < <= == != >= >
    sum   := term (("+" | "-") term)*
    term  := "[" CODE ["@" COLUMN] "]" | "[@" COLUMN "]" | INTEGER | "count(" [KEY ("==" | "!=") "TEXT"] ")"
`[20]` is the value of code 20 (in the value column the rule is checked on); `[20@nam]` its value in the
value column `nam`; `[@tong]` the value in column `tong` of each row the rule is checked on (a total
across columns: `[@tong] == [@nam] + [@nu]`); `count()` counts the rows of the list sheet, `count(status == "Duy trì")`
those whose column `status` holds that text (compared without case or diacritics).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from desktop.vntext import fold

_TOKEN = re.compile(
    r"\s*(?:(?P<code>\[\s*[\w.\-]*\s*(?:@\s*\w+\s*)?\])|(?P<int>\d+)|(?P<count>count)\s*\(|(?P<key>[A-Za-z_]\w*)"
    r'|(?P<text>"[^"]*")|(?P<op><=|>=|==|!=|<|>)|(?P<sign>[+-])|(?P<close>\)))'
)
_COMPARE = {
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    ">": operator.gt,
}


class RuleSyntaxError(ValueError):
    pass


@dataclass(frozen=True)
class Code:
    code: str  # "" in a row rule: the code of the row it is checked on
    column: str | None = None  # None: the value column the rule is checked on


@dataclass(frozen=True)
class Number:
    value: int


@dataclass(frozen=True)
class Count:
    key: str | None = None
    op: str = "=="
    text: str = ""


@dataclass(frozen=True)
class Sum:
    terms: tuple[tuple[int, Code | Number | Count], ...]  # (+1 or -1, term)


@dataclass(frozen=True)
class Rule:
    left: Sum
    op: str
    right: Sum

    @property
    def codes(self) -> set[str]:
        return {t.code for side in (self.left, self.right) for _, t in side.terms if isinstance(t, Code) and t.code}

    @property
    def columns(self) -> set[str]:
        """Value columns the rule names itself (`[20@nam]`, `[@nam]`)."""
        return {t.column for side in (self.left, self.right) for _, t in side.terms if isinstance(t, Code) and t.column}

    @property
    def per_row(self) -> bool:
        """A rule checked on each row (`[@tong] == [@nam] + [@nu]`)."""
        return any(isinstance(t, Code) and not t.code for side in (self.left, self.right) for _, t in side.terms)

    def for_code(self, code: str) -> Rule:
        """The row rule with its row's code filled in."""

        def fill(side: Sum) -> Sum:
            return Sum(
                tuple((s, Code(code, t.column) if isinstance(t, Code) and not t.code else t) for s, t in side.terms)
            )

        return Rule(fill(self.left), self.op, fill(self.right))

    @property
    def count_keys(self) -> set[str]:
        return {t.key for side in (self.left, self.right) for _, t in side.terms if isinstance(t, Count) and t.key}

    @property
    def uses_list(self) -> bool:
        return any(isinstance(t, Count) for side in (self.left, self.right) for _, t in side.terms)


@dataclass(frozen=True)
class Outcome:
    left: int
    right: int
    passed: bool


def _tokens(expr: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    while pos < len(expr):
        if expr[pos:].strip() == "":
            break
        found = _TOKEN.match(expr, pos)
        if not found or found.end() == pos:
            raise RuleSyntaxError(f"không hiểu “{expr[pos:].strip()}” (vị trí {pos + 1})")
        kind = found.lastgroup or ""
        tokens.append((kind, found.group(kind)))
        pos = found.end()
    return tokens


def normalise_code(text: str) -> str:
    text = text.strip("[] ")
    return text.zfill(2) if text.isdigit() else text


def _code_term(text: str) -> Code:
    code, at, column = text.strip("[] ").partition("@")
    code = normalise_code(code)
    if at and not column.strip():
        raise RuleSyntaxError(f"thiếu tên cột sau @ trong “{text}”")
    if not at and not code:
        raise RuleSyntaxError("“[]” thiếu mã số")
    return Code(code, column.strip() if at else None)


class _Parser:
    def __init__(self, expr: str) -> None:
        self.expr = expr
        self.tokens = _tokens(expr)
        self.pos = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, kind: str) -> str:
        token = self.peek()
        if token is None or token[0] != kind:
            found = token[1] if token else "hết biểu thức"
            raise RuleSyntaxError(f"cần {kind}, gặp “{found}” trong “{self.expr}”")
        self.pos += 1
        return token[1]

    def rule(self) -> Rule:
        left = self.sum()
        op = self.take("op")
        right = self.sum()
        if self.peek() is not None:
            raise RuleSyntaxError(f"thừa “{self.peek()[1]}” trong “{self.expr}”")
        return Rule(left, op, right)

    def sum(self) -> Sum:
        terms = [(1, self.term())]
        while (token := self.peek()) and token[0] == "sign":
            self.pos += 1
            terms.append((1 if token[1] == "+" else -1, self.term()))
        return Sum(tuple(terms))

    def term(self) -> Code | Number | Count:
        token = self.peek()
        if token is None:
            raise RuleSyntaxError(f"biểu thức “{self.expr}” bị cụt")
        kind, text = token
        self.pos += 1
        if kind == "code":
            return _code_term(text)
        if kind == "int":
            return Number(int(text))
        if kind == "count":
            if self.peek() and self.peek()[0] == "close":
                self.pos += 1
                return Count()
            key = self.take("key")
            op = self.take("op")
            if op not in ("==", "!="):
                raise RuleSyntaxError(f"count() chỉ so sánh bằng == hoặc != trong “{self.expr}”")
            value = self.take("text")[1:-1]
            self.take("close")
            return Count(key, op, value)
        raise RuleSyntaxError(f"không dùng được “{text}” ở đây trong “{self.expr}”")


def parse_rule(expr: str) -> Rule:
    return _Parser(expr).rule()


def parse_sum(expr: str) -> Sum:
    parser = _Parser(expr)
    result = parser.sum()
    if parser.peek() is not None:
        raise RuleSyntaxError(f"thừa “{parser.peek()[1]}” trong “{expr}”")
    return result


def evaluate_sum(
    side: Sum, values: Mapping[str, int | None], rows: Sequence[Mapping[str, object]] | None
) -> int | None:
    total = 0
    for sign, term in side.terms:
        match term:
            case Code(code, None):
                value = values.get(code)
            case Code(code, column):
                value = values.get(f"{code}@{column}")
            case Number(number):
                value = number
            case Count(key, op, text):
                if rows is None:
                    return None
                value = (
                    len(rows)
                    if key is None
                    else sum((fold(str(row.get(key) or "")) == fold(text)) == (op == "==") for row in rows)
                )
        if value is None:
            return None
        total += sign * value
    return total


def evaluate(
    rule: Rule, values: Mapping[str, int | None], rows: Sequence[Mapping[str, object]] | None = None
) -> Outcome | None:
    """The rule's two sides and whether it holds; None when a value it needs is missing."""
    left = evaluate_sum(rule.left, values, rows)
    right = evaluate_sum(rule.right, values, rows)
    if left is None or right is None:
        return None
    return Outcome(left, right, _COMPARE[rule.op](left, right))
