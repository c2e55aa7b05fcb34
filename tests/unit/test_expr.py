"""The condition language: grammar, semantics of missing answers, errors with offsets."""

from __future__ import annotations

import pytest

from fact_audit.expr import ExprError, compile_expression


@pytest.mark.parametrize(
    ("source", "env", "expected"),
    [
        ("ads.buys == true", {"ads.buys": True}, True),
        ("ads.buys == true", {"ads.buys": False}, False),
        ("ads.buys == true", {}, False),
        ("ads.roi < 1", {"ads.roi": 0.8}, True),
        ("ads.roi < 1", {}, False),
        ("not ads.roi < 1", {}, True),
        ("ads.roi >= 1.5 or x.y == 'a'", {"x.y": "a"}, True),
        ("'lighting' in c.items", {"c.items": ["lighting", "mic"]}, True),
        ("'lighting' not in c.items", {"c.items": ["mic"]}, True),
        ("merchant.platform in ['douyin', 'kuaishou']", {"merchant.platform": "kuaishou"}, True),
        ("(a.b > 1 and a.c > 1) or a.d == 'z'", {"a.b": 2, "a.c": 0}, False),
        ("a.b == 'x'", {"a.b": 3}, False),
        ("a.b > 'x'", {"a.b": 3}, False),
        ("a.b != true", {"a.b": 3}, True),
    ],
)
def test_evaluation(source: str, env: dict, expected: bool) -> None:
    assert compile_expression(source)(env) is expected


def test_refs_and_comparisons_are_exposed_for_lint() -> None:
    expression = compile_expression("ads.buys == true and 3 <= ads.roi")
    assert list(expression.refs) == ["ads.buys", "ads.roi"]
    assert [(c.ref, c.op, c.literal) for c in expression.comparisons] == [
        ("ads.buys", "==", True),
        ("ads.roi", "<=", 3),
    ]


@pytest.mark.parametrize(
    ("source", "offset"),
    [
        ("", 0),
        ("a ==", 4),
        ("a == == b", 5),
        ("(a", 2),
        ("a @ b", 2),
        ("a and", 5),
        ("[a.b]", 1),
        ("__import__('os')", 10),
    ],
)
def test_errors_carry_offsets(source: str, offset: int) -> None:
    with pytest.raises(ExprError) as info:
        compile_expression(source)
    assert info.value.offset == offset
