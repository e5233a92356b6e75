"""The issue catalogue: every kind has a code, a severity, Vietnamese and English titles and templates;
an Issue keeps its parameters and renders either language; every check declares what it raises."""

from __future__ import annotations

import ast
import importlib
import inspect
import pickle
import string
from pathlib import Path

import pytest

from desktop.issues import CATALOGUE, KINDS, MESSAGES, RULE, Severity, make_issue

PACKAGE = Path(__file__).resolve().parent.parent / "desktop"
VIETNAMESE = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_template_has_its_kind_and_every_kind_but_the_rules_its_templates():
    assert set(MESSAGES) == set(KINDS) - {RULE}


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_kind_renders_in_vietnamese_and_in_english(code):
    kind = CATALOGUE[code]
    assert kind.code == code and isinstance(kind.severity, Severity)
    assert kind.title and kind.title_en and kind.title != kind.title_en
    assert VIETNAMESE & set(kind.title.lower()) or code in {"internal"}, "a Vietnamese title, with its marks"
    assert not VIETNAMESE & set(kind.title_en.lower())
    params = {name: f"<{name}>" for name in fields(kind.template) | fields(kind.template_en)}
    vi, en = kind.render(params, "vi"), kind.render(params, "en")
    assert "{" not in vi and "{" not in en and vi != en
    assert all(f"<{name}>" in vi for name in fields(kind.template))
    assert all(f"<{name}>" in en for name in fields(kind.template_en))


def test_an_issue_keeps_its_parameters_and_renders_the_language_asked_for():
    issue = make_issue("missing_code", file="a.xlsx", sheet="Biểu 01", cell="D12", code="05", label="Số vụ")
    assert issue.severity is Severity.ERROR, "the catalogue's severity when none is given"
    assert issue.params == {"code": "05", "label": "Số vụ"}
    assert issue.text("vi") == issue.message == "Ô D12: Thiếu chỉ tiêu mã số 05 (Số vụ)"
    assert issue.text("en") == issue.message_en == "Cell D12: Indicator code 05 (Số vụ) is missing"
    assert (issue.title("vi"), issue.title("en")) == ("Thiếu chỉ tiêu", "Missing indicator")
    again = pickle.loads(pickle.dumps(issue))  # as it comes back from a reading process
    assert again == issue and again.message == issue.message
    assert make_issue("missing_code", "warning", code="05", label="x").severity is Severity.WARNING


def test_the_forms_own_rules_render_their_templates_and_share_one_kind():
    issue = make_issue("R07", "error", cell="E20", templates=("{a} > {b}", "{a} is above {b}"), a=3, b=2)
    assert (issue.message, issue.message_en) == ("Ô E20: 3 > 2", "Cell E20: 3 is above 2")
    assert issue.kind is CATALOGUE[RULE] and issue.title() == "Sai quy tắc kiểm tra"


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("duplicate_submission", "Trùng báo cáo"),
        ("period_mismatch", "Sai kỳ báo cáo"),
        ("number_text", "Số gõ dạng chữ"),
    ],
)
def test_the_names_of_checks_the_results_sheet_shows(code, title):
    assert CATALOGUE[code].title == title


def test_an_unknown_kind_or_a_missing_parameter_fails_when_the_issue_is_made():
    with pytest.raises(KeyError):
        make_issue("no_such_kind")
    with pytest.raises(KeyError):
        make_issue("missing_code", code="05")


def _issue_makers():
    """(module, function name, literal codes, has a computed code) for every function calling make_issue."""
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            calls = [
                n
                for n in ast.walk(function)
                if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "make_issue" and n.args
            ]
            if calls and function.name != "make_issue":
                literal = {c.args[0].value for c in calls if isinstance(c.args[0], ast.Constant)}
                computed = any(not isinstance(c.args[0], ast.Constant) for c in calls)
                yield module, function.name, literal, computed


MAKERS = list(_issue_makers())


def test_the_walk_finds_the_checks():
    assert {name for _, name, _, _ in MAKERS} >= {"check_rules", "resolve_unit", "process_file", "_duplicates"}


@pytest.mark.parametrize(("module", "name", "literal", "computed"), MAKERS, ids=[f"{m}.{n}" for m, n, _, _ in MAKERS])
def test_every_check_declares_the_kinds_it_raises_and_they_are_in_the_catalogue(module, name, literal, computed):
    function = inspect.unwrap(getattr(importlib.import_module(module), name))
    declared = getattr(function, "issue_kinds", None)
    assert declared is not None, f"{module}.{name} makes issues but declares none (@raises)"
    assert declared <= set(CATALOGUE)
    assert literal <= declared, f"{module}.{name} raises {sorted(literal - declared)} undeclared"
    assert not computed or declared - literal, "the kinds a computed code can take are declared too"
