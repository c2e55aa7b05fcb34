"""Issue 18, the condition language: what `fact_audit.expr` promises in its docstring, pinned where the mutation run
found no test looking — arithmetic of computed questions, `unknown` and missing operands, membership, comparisons
across types, the offsets and messages a rubric author reads in `rubrics lint`, and the lazily compiled cached form.

The boundary cases of issue 18 (decimals, `<=` against `<`, `None` in `in`, booleans against numbers) are in
test_boundaries.py and not repeated here.
"""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from fact_audit.expr import Comparison, ExprError, Expression, compile_expression


def _value(source: str, env: dict[str, Any] | None = None) -> Any:
    """The raw value of an expression (what a `compute:` question stores), not its truth."""
    return compile_expression(source).evaluate(env or {})


# -- arithmetic of computed questions ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "env", "expected"),
    [
        ("a.x + a.y", {"a.x": 7, "a.y": 2}, 9),
        ("a.x - a.y", {"a.x": 7, "a.y": 2}, 5),
        ("a.x * a.y", {"a.x": 7, "a.y": 2}, 14),
        ("a.x / a.y", {"a.x": 7, "a.y": 2}, 3.5),
        ("100 / (100 - a.x - a.y)", {"a.x": 30, "a.y": 20}, 2.0),  # the break-even ROI of 50 % costs
        ("a.x - a.y - 1", {"a.x": 10, "a.y": 3}, 6),  # left-associative: (10 - 3) - 1
        ("a.x / a.y / 2", {"a.x": 8, "a.y": 2}, 2.0),  # (8 / 2) / 2
        ("a.x + a.y * 2", {"a.x": 1, "a.y": 3}, 7),  # products before sums
        ("(a.x + a.y) * 2", {"a.x": 1, "a.y": 3}, 8),
        ("-a.x + 10", {"a.x": 4}, 6),  # a negated reference
        ("-(a.x - 10)", {"a.x": 4}, 6),
        ("2 - -3", {}, 5),  # a negative literal
        ("1.5 * 2", {}, 3.0),
        ("0.25 + 0", {}, 0.25),
    ],
)
def test_arithmetic(source: str, env: dict[str, Any], expected: float) -> None:
    result = _value(source, env)
    assert result == expected and not isinstance(result, bool)


@pytest.mark.parametrize("source", ["a.x / 0", "a.x / (a.y - 5)", "a.x / -1", "a.x / (0 - a.y)"])
def test_a_division_by_zero_or_a_negative_number_has_no_result(source: str) -> None:
    """A margin at or below zero has no break-even: the computed question stays unanswered, not negative or infinite."""
    assert _value(source, {"a.x": 10, "a.y": 5}) is None


def test_a_division_by_a_small_positive_number_has_a_result() -> None:
    assert _value("a.x / a.y", {"a.x": 1, "a.y": 0.5}) == 2.0


@pytest.mark.parametrize("op", ["+", "-", "*", "/"])
def test_unknown_spreads_and_missing_operands_leave_no_result(op: str) -> None:
    source = f"a.x {op} a.y"
    assert _value(source, {"a.x": "unknown", "a.y": 2}) == "unknown"
    assert _value(source, {"a.x": 2, "a.y": "unknown"}) == "unknown"
    assert _value(source, {"a.x": "unknown"}) == "unknown"  # unknown wins over missing: the merchant can find out
    assert _value(source, {"a.x": 2}) is None
    assert _value(source, {"a.y": 2}) is None
    assert _value(source, {"a.x": "many", "a.y": 2}) is None  # not a number
    assert _value(source, {"a.x": 2, "a.y": "many"}) is None
    assert _value(source, {"a.x": True, "a.y": 2}) is None  # a yes/no answer is not a number
    assert _value(source, {"a.x": 2, "a.y": False}) is None


def test_minus_before_something_that_is_not_a_number_has_no_result() -> None:
    """Only numbers have a negative: a negated text or yes/no is not a number, so the result is missing."""
    assert _value("-'x'") is None
    assert _value("-true") is None
    assert _value("-a.x", {"a.x": True}) is None


def test_a_negated_unknown_or_missing_answer() -> None:
    assert _value("-a.x", {"a.x": "unknown"}) == "unknown"
    assert _value("-a.x", {}) is None
    assert _value("-a.x", {"a.x": 3}) == -3


def test_a_computed_result_compares_like_an_answer() -> None:
    """`compute: ... ` then `when: x < 1`: a missing or unknown result fires nothing."""
    expression = compile_expression("a.x / a.y < 1")
    assert expression({"a.x": 1, "a.y": 2}) is True
    assert expression({"a.x": 3, "a.y": 2}) is False
    assert expression({"a.x": 1, "a.y": 0}) is False
    assert expression({"a.x": "unknown", "a.y": 2}) is False


# -- comparisons -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "env", "expected"),
    [
        # unknown equals only 'unknown' and is never < or >
        ("a.b == 'unknown'", {"a.b": "unknown"}, True),
        ("a.b != 'unknown'", {"a.b": "unknown"}, False),
        ("a.b < 3", {"a.b": "unknown"}, False),
        ("a.b <= 3", {"a.b": "unknown"}, False),
        ("a.b > 3", {"a.b": "unknown"}, False),
        ("a.b >= 3", {"a.b": "unknown"}, False),
        ("a.b == 3", {"a.b": "unknown"}, False),
        ("a.b != 3", {"a.b": "unknown"}, True),
        # a missing answer: every comparison is false, `!=` too
        ("a.b != 3", {}, False),
        ("a.b == 3", {}, False),
        ("3 == a.b", {}, False),
        ("a.b <= 3", {}, False),
        ("a.b >= 3", {}, False),
        ("a.b > 3", {}, False),
        ("3 > a.b", {}, False),
        # booleans and numbers are different answers
        ("a.b != 1", {"a.b": True}, True),
        ("a.b != true", {"a.b": 1}, True),
        ("a.b < 2", {"a.b": True}, False),
        ("a.b >= 0", {"a.b": False}, False),
        ("a.b == false", {"a.b": False}, True),
        ("a.b != false", {"a.b": True}, True),
        ("a.b != false", {"a.b": False}, False),
        # strings are equal or not, never ordered
        ("a.b == 'x'", {"a.b": "x"}, True),
        ("a.b != 'x'", {"a.b": "y"}, True),
        ("a.b < 'y'", {"a.b": "x"}, False),
        ("a.b <= 'x'", {"a.b": "x"}, False),
        ("a.b >= 'x'", {"a.b": "x"}, False),
        # numbers on either side, and ints equal to floats
        ("3 <= a.b", {"a.b": 3}, True),
        ("3 < a.b", {"a.b": 3}, False),
        ("a.b <= 2.5", {"a.b": 2.6}, False),
        ("a.b >= 2.5", {"a.b": 2.4}, False),
        ("a.b > 2.5", {"a.b": 2.6}, True),
        ("a.b < 2.5", {"a.b": 2.4}, True),
        ("a.b >= 0", {"a.b": 0}, True),
        ("a.b <= 0", {"a.b": 0}, True),
        ("a.b != 2", {"a.b": 3}, True),
        ("a.b == 2", {"a.b": 3}, False),
    ],
)
def test_comparisons(source: str, env: dict[str, Any], expected: bool) -> None:
    assert compile_expression(source)(env) is expected


@pytest.mark.parametrize(
    ("source", "env", "expected"),
    [
        ("'mic' in a.items", {"a.items": ["light", "mic"]}, True),
        ("'tripod' in a.items", {"a.items": ["light", "mic"]}, False),
        ("'tripod' not in a.items", {"a.items": ["light", "mic"]}, True),
        ("'mic' not in a.items", {"a.items": ["light", "mic"]}, False),
        ("'mic' in a.items", {"a.items": []}, False),
        ("'mic' not in a.items", {"a.items": []}, True),
        ("a.b in ['x', 'y']", {"a.b": "y"}, True),
        ("a.b in ['x', 'y']", {"a.b": "z"}, False),
        ("a.b not in ['x', 'y']", {"a.b": "z"}, True),
        ("a.b not in ['x', 'y']", {"a.b": "x"}, False),
        ("a.b in [1, 2]", {"a.b": 2}, True),
        # `in` against a single value means equality
        ("a.b in 'x'", {"a.b": "x"}, True),
        ("a.b in 'x'", {"a.b": "y"}, False),
        ("a.b not in 'x'", {"a.b": "x"}, False),
        ("a.b not in 'x'", {"a.b": "y"}, True),
        ("'x' in a.b", {"a.b": "xyz"}, False),  # not a substring search
        # a missing left side
        ("a.b in ['x']", {}, False),
        ("a.b not in ['x']", {}, False),
        ("'x' not in a.items", {"a.items": None}, False),
    ],
)
def test_membership(source: str, env: dict[str, Any], expected: bool) -> None:
    assert compile_expression(source)(env) is expected


@pytest.mark.parametrize(
    ("source", "env", "expected"),
    [
        ("a.b == 1 or a.c == 1", {"a.b": 0, "a.c": 1}, True),
        ("a.b == 1 or a.c == 1", {"a.b": 1, "a.c": 0}, True),
        ("a.b == 1 or a.c == 1", {"a.b": 0, "a.c": 0}, False),
        ("a.b == 1 or a.c == 1 or a.d == 1", {"a.d": 1}, True),
        ("a.b == 1 and a.c == 1", {"a.b": 1, "a.c": 1}, True),
        ("a.b == 1 and a.c == 1", {"a.b": 1, "a.c": 0}, False),
        ("a.b == 1 and a.c == 1", {"a.b": 0, "a.c": 1}, False),
        ("a.b == 1 and a.c == 1 and a.d == 1", {"a.b": 1, "a.c": 1}, False),
        ("a.b == 1 or a.c == 1 and a.d == 1", {"a.b": 1}, True),  # `and` binds tighter than `or`
        ("(a.b == 1 or a.c == 1) and a.d == 1", {"a.b": 1}, False),
        ("not a.b == 1", {"a.b": 1}, False),
        ("not a.b == 1", {"a.b": 2}, True),
        ("not not a.b == 1", {"a.b": 1}, True),
        ("not a.b == 1 and a.c == 1", {"a.b": 2, "a.c": 1}, True),
        ("a.b", {"a.b": True}, True),  # a bare yes/no reference
        ("a.b", {"a.b": False}, False),
        ("a.b", {}, False),
        ("true", {}, True),
        ("false", {}, False),
        ("not false", {}, True),
    ],
)
def test_logic(source: str, env: dict[str, Any], expected: bool) -> None:
    assert compile_expression(source)(env) is expected


# -- literals ----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("12", 12),
        ("1.25", 1.25),
        ("-3", -3),
        ("-0.5", -0.5),
        ("'douyin'", "douyin"),
        ('"快手"', "快手"),
        ("'it''s'", None),  # two strings side by side are refused below, not glued
        ("true", True),
        ("false", False),
        ("['a', 2, true]", ("a", 2, True)),
        ("['only']", ("only",)),
    ],
)
def test_literals(source: str, expected: Any) -> None:
    if expected is None:
        with pytest.raises(ExprError):
            compile_expression(source)
        return
    value = _value(source)
    assert value == expected and type(value) is type(expected)


def test_a_whole_number_stays_an_int_and_a_decimal_a_float() -> None:
    assert isinstance(_value("3"), int) and isinstance(_value("3.0"), float)


# -- what lint reads: references and comparisons with their offsets ---------------------------------------------------
def test_refs_keep_the_offset_of_their_first_use() -> None:
    expression = compile_expression("a.x > 1 and (b.y == 'z' or a.x < 5) and merchant.platform == 'douyin'")
    assert expression.refs == {"a.x": 0, "b.y": 13, "merchant.platform": 40}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a.x >= 1.5", [("a.x", ">=", 1.5, 4)]),
        ("2 < a.x", [("a.x", "<", 2, 2)]),  # a literal on the left is reported against the reference
        ("a.x != -2", [("a.x", "!=", -2, 4)]),
        ("merchant.platform in ['douyin', 'kuaishou']", [("merchant.platform", "in", ["douyin", "kuaishou"], 18)]),
        ("a.x not in ['p']", [("a.x", "not in", ["p"], 4)]),
        ("'mic' in a.items", [("a.items", "in", "mic", 6)]),
        ("a.x == true and a.y < 3", [("a.x", "==", True, 4), ("a.y", "<", 3, 20)]),
        ("a.x + 1 > 3", []),  # arithmetic is not a plain reference: nothing to check against a question
        ("a.x > a.y", []),
        ("1 < 2", []),
        ("a.x > 1 + 2", []),
        ("(a.x) > 1", []),
    ],
)
def test_comparisons_are_exposed_for_lint(source: str, expected: list[tuple[str, str, Any, int]]) -> None:
    found = compile_expression(source).comparisons
    assert [(c.ref, c.op, c.literal, c.offset) for c in found] == expected


def test_a_comparison_literal_that_is_a_list_is_a_list() -> None:
    """Lint iterates a list literal's values (platforms, stages); a single value it wraps itself."""
    (comparison,) = compile_expression("merchant.stage in ['growth']").comparisons
    assert isinstance(comparison.literal, list)


# -- errors a rubric author reads --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "message", "offset"),
    [
        ("", "empty expression", 0),
        ("   ", "empty expression", 0),
        ("a.b == 1 @", "unexpected character '@'", 9),
        ("a.b  ;", "unexpected character ';'", 5),
        ("a ==", "expression ends too early", 4),
        ("a == 1   ", None, None),  # trailing blanks are fine
        ("(a == 1", "expected ')', found 'end of expression'", 7),
        ("(a == 1]", "expected ')', found ']'", 7),
        ("(a == 1 and", "expression ends too early", 11),
        ("a == 1 b", "unexpected 'b'", 7),
        ("a == 1)", "unexpected ')'", 6),
        ("== 1", "unexpected '=='", 0),
        ("a == and", "unexpected 'and'", 5),
        ("[a.b]", "a list may hold only literal values", 1),
        ("['x' 'y']", "expected ',' or ']' in list", 5),
        ("['x',", "a list may hold only literal values", 5),
        ("['x'", "expected ',' or ']' in list", 4),
        ("a.b not", "unexpected 'not'", 4),  # `not` after a value must be followed by `in`
        ("a.b not 'x'", "unexpected 'not'", 4),
        ("a.b in", "expression ends too early", 6),
        ("a.b not in", "expression ends too early", 10),
        ("a.b or in ['x']", "unexpected 'in'", 7),  # `in` after `or` is not `not in`
        ("a.b not 'in' ['x']", "unexpected 'not'", 4),  # the text 'in' is not the keyword
    ],
)
def test_errors_say_what_and_where(source: str, message: str | None, offset: int | None) -> None:
    if message is None:
        assert compile_expression(source)({"a": 1}) is True
        return
    with pytest.raises(ExprError) as info:
        compile_expression(source)
    assert str(info.value) == message
    assert info.value.offset == offset


def test_an_error_is_a_value_error() -> None:
    """Callers that only know `ValueError` (the rubric loader's guards) still catch it."""
    with pytest.raises(ValueError):
        compile_expression("a ==")


# -- the compiled form -------------------------------------------------------------------------------------------------
def test_expressions_are_equal_when_their_source_is() -> None:
    assert compile_expression("a.x > 1") == compile_expression("a.x > 1")
    assert compile_expression("a.x > 1") != compile_expression("a.x > 2")


def test_a_built_expression_without_refs_has_empty_ones() -> None:
    expression = Expression("true", lambda env: True)
    assert expression.refs == {} and expression.comparisons == []
    assert expression({}) is True


def test_truth_is_a_bool() -> None:
    """`Expression(...)` answers yes or no even when the raw value is a number (a bare computed reference)."""
    expression = compile_expression("a.x")
    assert expression({"a.x": 3}) is True
    assert expression({"a.x": 0}) is False


def test_a_pickled_expression_compiles_again_on_first_use() -> None:
    """The rubric cache stores the source only; the evaluator, refs and comparisons come back on first use."""
    source = "a.x >= 1.5 and merchant.platform in ['douyin']"
    again = pickle.loads(pickle.dumps(compile_expression(source)))
    assert again.source == source
    assert again.refs == {"a.x": 0, "merchant.platform": 15}
    assert [(c.ref, c.op, c.literal) for c in again.comparisons] == [
        ("a.x", ">=", 1.5),
        ("merchant.platform", "in", ["douyin"]),
    ]
    assert again({"a.x": 1.5, "merchant.platform": "douyin"}) is True
    assert again({"a.x": 1.4, "merchant.platform": "douyin"}) is False


@pytest.mark.parametrize("first", ["evaluate", "refs", "comparisons"])
def test_any_compiled_part_can_come_first(first: str) -> None:
    again = pickle.loads(pickle.dumps(compile_expression("a.x < 2")))
    getattr(again, first)
    assert again.refs == {"a.x": 0}
    assert [(c.ref, c.op, c.literal) for c in again.comparisons] == [("a.x", "<", 2)]
    assert again({"a.x": 1}) is True


def test_an_unknown_attribute_is_still_an_error() -> None:
    again = pickle.loads(pickle.dumps(compile_expression("a.x < 2")))
    with pytest.raises(AttributeError) as info:
        again.nonsense  # noqa: B018
    assert str(info.value) == "nonsense"


def test_a_comparison_is_a_plain_value() -> None:
    assert Comparison("a.x", "<", 2, 4) == Comparison("a.x", "<", 2, 4)
    assert Comparison("a.x", "<", 2, 4) != Comparison("a.x", "<", 2, 5)
