"""The plain record classes that replaced dataclasses on the start-up path keep what callers relied on."""

from __future__ import annotations

import pickle

import pytest

from fact_audit.expr import compile_expression
from fact_audit.model import Band, Option, Question, Text
from fact_audit.report import Report


def question(**changes: object) -> Question:
    fields: dict[str, object] = dict(
        id="goods.x", section="goods", type="single", weight=1.0, text=Text("问", "Q"), help=Text("", ""),
        source="s", covers=("a",), options=(Option("a", 1.0, Text("甲", "A")), Option("b", 0.0, Text("乙", "B"))),
    )  # fmt: skip
    fields.update(changes)
    built = Question(**fields)  # type: ignore[arg-type]
    built.prepare()
    return built


def test_equality_is_by_field_and_by_type() -> None:
    assert Text("a", "b") == Text("a", "b") and Text("a", "b") != Text("a", "c")
    assert Option("a", 1.0, Text("x", "y")) != Text("a", "b")
    assert question() == question() and question(weight=2.0) != question()


def test_derived_fields_do_not_count() -> None:
    fresh = question()
    fresh.lookup = {}  # prepare() not run: same question all the same
    assert fresh == question()
    assert "lookup" not in repr(fresh) and "weight=1.0" in repr(fresh)


def test_values_hash_and_records_do_not() -> None:
    assert len({Text("a", "b"), Text("a", "b"), Band(0, 1, 0.5, Text("x", "y"))}) == 2
    with pytest.raises(TypeError):
        hash(question())


def test_expressions_are_equal_by_source_and_survive_pickling() -> None:
    expression = compile_expression("goods.x == 'a' and merchant.platform != 'other'")
    again = pickle.loads(pickle.dumps(expression))
    assert again == expression and again != compile_expression("goods.x == 'b'")
    assert again({"goods.x": "a", "merchant.platform": "douyin"}) is True


def test_a_field_that_is_not_declared_is_refused() -> None:
    """Slots keep typos from becoming silent new attributes (a dataclass without slots would accept them)."""
    with pytest.raises(AttributeError):
        Report.__new__(Report).scroe = 1  # type: ignore[attr-defined]
