import pytest

from desktop.rules import Code, Count, RuleSyntaxError, evaluate, parse_rule


@pytest.mark.parametrize(
    ("expr", "values", "rows", "expected"),
    [
        ("[20] <= [19]", {"19": 95, "20": 120}, None, (120, 95, False)),
        ("[20] <= [19]", {"19": 95, "20": 95}, None, (95, 95, True)),
        ("[28] == [26] + [27]", {"26": 9, "27": 12, "28": 21}, None, (21, 21, True)),
        ("[28] == [26] + [27]", {"26": 9, "27": 12, "28": 20}, None, (20, 21, False)),
        ("[16] - [12] >= 0", {"16": 3, "12": 4}, None, (-1, 0, False)),
        ("[2] > [1]", {"02": 2, "01": 1}, None, (2, 1, True)),
        ("count() == [16]", {"16": 2}, [{"status": "Duy trì"}, {"status": "Củng cố"}], (2, 2, True)),
        (
            'count(status == "Xây dựng mới") == [12]',
            {"12": 1},
            [{"status": "xay dung MOI"}, {"status": "Duy trì"}],
            (1, 1, True),
        ),
        ('count(status != "Duy trì") < 1', {}, [{"status": "Duy trì"}, {"status": None}], (1, 1, False)),
    ],
)
def test_rules_evaluate_both_sides(expr, values, rows, expected):
    outcome = evaluate(parse_rule(expr), values, rows)
    assert (outcome.left, outcome.right, outcome.passed) == expected


def test_a_rule_with_a_missing_value_is_not_judged():
    assert evaluate(parse_rule("[20] <= [19]"), {"20": 3, "19": None}) is None
    assert evaluate(parse_rule("count() == [16]"), {"16": 3}, None) is None


def test_codes_are_normalised_and_listed():
    rule = parse_rule("[ 1 ] + [28] != 0")
    assert rule.codes == {"01", "28"}
    assert rule.left.terms[0][1] == Code("01")
    assert parse_rule('count(force == "Công an") >= 0').left.terms[0][1] == Count("force", "==", "Công an")


@pytest.mark.parametrize(
    "expr",
    [
        "[1] <=",
        "[1] + ",
        "import os",
        '__import__("os").system("x") == 0',
        "[1] <= [2] [3]",
        'count(a > "x") == 1',
        "[1] ** 2 == 1",
        "[1] == [2]; [3]",
        "lambda: 1 == 1",
        "",
        "[1] = [2]",
    ],
)
def test_anything_outside_the_grammar_is_a_syntax_error(expr):
    with pytest.raises(RuleSyntaxError):
        parse_rule(expr)
