"""The plain record classes that replaced dataclasses on the start-up path keep what callers relied on."""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil

import pytest

import fact_audit
from fact_audit.expr import Expression, compile_expression
from fact_audit.model import Band, Option, Question, Text
from fact_audit.record import Record
from fact_audit.report import Reason, Report


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


# Constructor parameters that fill a derived slot rather than a field, each a deliberate exception:
HANDED_IN: dict[type[Record], tuple[str, ...]] = {
    # compile_expression has already computed these from the source; the constructor takes them rather than
    # compiling twice (an unpickled expression recompiles them on first use, which is why they are derived).
    Expression: ("evaluate", "refs", "comparisons"),
    # the words of a reason, or the means to make them on first use: the documented private slots _text, _explain.
    Reason: ("text", "explain"),
}


def _records() -> list[type[Record]]:
    """Every subclass of Record in the package, after importing all of its modules."""
    for module in pkgutil.walk_packages(fact_audit.__path__, "fact_audit."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    found: list[type[Record]] = []
    todo = [Record]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found and sub.__module__.startswith("fact_audit."):
                found.append(sub)
                todo.append(sub)
    return sorted(found, key=lambda cls: (cls.__module__, cls.__qualname__))


RECORDS = _records()


def _slots(cls: type) -> list[str]:
    return [name for klass in reversed(cls.__mro__) for name in klass.__dict__.get("__slots__", ())]


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_init_takes_the_fields_in_slot_order(cls: type[Record]) -> None:
    """`__slots__` list a record's fields in constructor order (pyproject: RUF023), and == and repr go by them, so
    a field the constructor forgets (or a parameter that fills no field) is a bug no other test would see."""
    fields = [name for name in _slots(cls) if name not in cls._derived]
    if "__init__" not in vars(cls):  # an abstract base such as Value: it may add behaviour, never fields
        assert cls.__dict__.get("__slots__", ()) == (), f"{cls.__qualname__} adds slots but no __init__"
        return
    params = list(inspect.signature(cls.__init__).parameters)[1:]
    extra = HANDED_IN.get(cls, ())
    assert params == fields + list(extra)
    derived = [name for name in _slots(cls) if name in cls._derived]
    assert [name.lstrip("_") for name in derived if name.lstrip("_") in extra] == list(extra), (
        "a handed-in parameter must fill a derived slot of that name (or its _private twin), in slot order"
    )


def test_every_record_class_is_found() -> None:
    """The walk saw every module (model, report, answers, expr, yamlio, setfiles, renderers) and the exceptions."""
    modules = {cls.__module__ for cls in RECORDS}
    assert {"fact_audit.model", "fact_audit.report", "fact_audit.answers", "fact_audit.expr"} <= modules
    assert set(HANDED_IN) <= set(RECORDS) and len(RECORDS) >= 20
