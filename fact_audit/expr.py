"""The condition language of rubrics (`when:` of questions, recommendations and flags).

Deliberately tiny and not Python: a rubric is data that consultants edit, so it must never run code.
Grammar::

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in") sum)?
    sum     := term (("+" | "-") term)*
    term    := value (("*" | "/") value)*
    value   := "-"? (NUMBER | REF | "(" expr ")") | STRING | "true" | "false" | "[" value ("," value)* "]"

A REF is a question id (`ads.buys_paid_traffic`) or `merchant.platform` / `merchant.stage`. A reference
with no answer (missing, `n/a`, or a question whose own condition is false) is `None`, and every comparison
with `None` is false. An `unknown` answer is the string 'unknown': equal only to 'unknown', never < or >.

Arithmetic exists for computed questions (`compute:`, e.g. a break-even ROI from cost shares): a result is
'unknown' when an operand is, `None` when an operand is missing or not a number, and `None` for a division by
zero or by a negative number (a margin at or below zero has no break-even).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from .record import Record, Value

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<num>\d+(?:\.\d+)?)
    | (?P<str>'[^']*'|"[^"]*")
    | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,|\+|-|\*|/)
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in", "true", "false"}
_COMPARE = {"==", "!=", "<", "<=", ">", ">=", "in", "not in"}

Env = Mapping[str, Any]
Evaluator = Callable[[Env], Any]


class ExprError(ValueError):
    """A malformed expression; `offset` is the 0-based character where the problem starts."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


class Comparison(Value):
    """A `ref OP literal` found in an expression, for lint to check literals against the question."""

    __slots__ = ("ref", "op", "literal", "offset")

    def __init__(self, ref: str, op: str, literal: Any, offset: int) -> None:
        self.ref = ref
        self.op = op
        self.literal = literal
        self.offset = offset


class Expression(Record):
    """A compiled condition; two are equal when their source is (the rest is derived from it)."""

    __slots__ = ("source", "evaluate", "refs", "comparisons")
    _derived = ("evaluate", "refs", "comparisons")

    def __init__(
        self,
        source: str,
        evaluate: Evaluator,
        refs: dict[str, int] | None = None,
        comparisons: list[Comparison] | None = None,
    ) -> None:
        self.source = source
        self.evaluate = evaluate
        self.refs = {} if refs is None else refs  # ref -> offset of first use
        self.comparisons = [] if comparisons is None else comparisons

    def __call__(self, env: Env) -> bool:
        return bool(self.evaluate(env))

    def __getattr__(self, name: str) -> Any:
        """An unpickled expression compiles on first use: a cached rubric holds a hundred of them and one merchant's
        report evaluates a fraction, so loading the cache stays cheap."""
        if name in ("evaluate", "refs", "comparisons"):
            compiled = compile_expression(object.__getattribute__(self, "source"))
            self.evaluate, self.refs, self.comparisons = compiled.evaluate, compiled.refs, compiled.comparisons
            return object.__getattribute__(self, name)
        raise AttributeError(name)

    def __reduce__(self):  # closures do not pickle; the source does (rubric cache, process pools)
        return (_uncompiled, (self.source,))


def _uncompiled(source: str) -> Expression:
    expression = Expression.__new__(Expression)
    expression.source = source
    return expression


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _arithmetic(op: str, left: Any, right: Any) -> Any:
    if left == "unknown" or right == "unknown":
        return "unknown"
    if not (_is_number(left) and _is_number(right)):
        return None
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    return left / right if right > 0 else None


def _binary(op: str, left: Evaluator, right: Evaluator) -> Evaluator:
    return lambda env: _arithmetic(op, left(env), right(env))


def _compare(op: str, left: Any, right: Any) -> bool:
    if op in ("in", "not in"):
        if left is None or right is None:
            return False
        found = left in right if isinstance(right, (list, tuple)) else left == right
        return found if op == "in" else not found
    if left is None or right is None:
        return False
    if isinstance(left, bool) != isinstance(right, bool):
        return op == "!="
    numeric = isinstance(left, (int, float)) and isinstance(right, (int, float))
    if op == "==":
        return left == right
    if op == "!=":
        return left != right
    if not numeric:
        return False
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if op == ">":
        return left > right
    return left >= right


class _Parser:
    def __init__(self, source: str):
        self.source = source
        self.tokens: list[tuple[str, Any, int]] = []
        pos = 0
        stripped = source.rstrip()
        while pos < len(stripped):
            match = _TOKEN.match(stripped, pos)
            if not match or match.end() == pos:
                at = len(stripped) - len(stripped[pos:].lstrip())
                raise ExprError(f"unexpected character {stripped[at]!r}", at)
            kind = match.lastgroup or ""
            text = match.group(kind)
            start = match.start(kind)
            if kind == "num":
                self.tokens.append(("lit", float(text) if "." in text else int(text), start))
            elif kind == "str":
                self.tokens.append(("lit", text[1:-1], start))
            elif kind == "name" and text in ("true", "false"):
                self.tokens.append(("lit", text == "true", start))
            elif kind == "name" and text in _KEYWORDS:
                self.tokens.append(("kw", text, start))
            elif kind == "name":
                self.tokens.append(("ref", text, start))
            else:
                self.tokens.append(("op", text, start))
            pos = match.end()
        self.index = 0
        self.refs: dict[str, int] = {}
        self.comparisons: list[Comparison] = []

    def peek(self) -> tuple[str, Any, int]:
        return self.tokens[self.index] if self.index < len(self.tokens) else ("end", None, len(self.source))

    def take(self) -> tuple[str, Any, int]:
        token = self.peek()
        self.index += 1
        return token

    def expect(self, value: str) -> None:
        kind, text, offset = self.take()
        if text != value or kind not in ("op", "kw"):
            raise ExprError(f"expected {value!r}, found {text if kind != 'end' else 'end of expression'!r}", offset)

    def parse(self) -> Expression:
        if not self.tokens:
            raise ExprError("empty expression", 0)
        evaluate = self.parse_or()
        kind, text, offset = self.peek()
        if kind != "end":
            raise ExprError(f"unexpected {text!r}", offset)
        return Expression(self.source, evaluate, self.refs, self.comparisons)

    def parse_or(self) -> Evaluator:
        parts = [self.parse_and()]
        while self.peek()[:2] == ("kw", "or"):
            self.take()
            parts.append(self.parse_and())
        return parts[0] if len(parts) == 1 else (lambda env: any(part(env) for part in parts))

    def parse_and(self) -> Evaluator:
        parts = [self.parse_not()]
        while self.peek()[:2] == ("kw", "and"):
            self.take()
            parts.append(self.parse_not())
        return parts[0] if len(parts) == 1 else (lambda env: all(part(env) for part in parts))

    def parse_not(self) -> Evaluator:
        if self.peek()[:2] == ("kw", "not"):
            self.take()
            inner = self.parse_not()
            return lambda env: not inner(env)
        return self.parse_compare()

    def parse_compare(self) -> Evaluator:
        left, left_ref, left_lit = self.parse_sum()
        kind, text, offset = self.peek()
        op = None
        if kind == "op" and text in _COMPARE:
            op = text
        elif kind == "kw" and text == "in":
            op = "in"
        elif (
            kind == "kw"
            and text == "not"
            and self.index + 1 < len(self.tokens)
            and self.tokens[self.index + 1][:2] == ("kw", "in")
        ):
            self.take()
            op = "not in"
        if op is None:
            return left
        self.take()
        right, right_ref, right_lit = self.parse_sum()
        if left_ref and right_lit is not _NO_LITERAL:
            self.comparisons.append(Comparison(left_ref, op, right_lit, offset))
        elif right_ref and left_lit is not _NO_LITERAL:
            self.comparisons.append(Comparison(right_ref, op, left_lit, offset))
        return lambda env: _compare(op, left(env), right(env))

    def parse_sum(self) -> tuple[Evaluator, str | None, Any]:
        return self._chain(self.parse_term, ("+", "-"))

    def parse_term(self) -> tuple[Evaluator, str | None, Any]:
        return self._chain(self.parse_value, ("*", "/"))

    def _chain(self, operand, ops: tuple[str, ...]) -> tuple[Evaluator, str | None, Any]:
        """Left-associative arithmetic; a lone operand passes through with its reference or literal."""
        first = operand()
        evaluate = first[0]
        while self.peek()[0] == "op" and self.peek()[1] in ops:
            op = self.take()[1]
            right = operand()[0]
            evaluate = _binary(op, evaluate, right)
            first = (evaluate, None, _NO_LITERAL)
        return first

    def parse_value(self) -> tuple[Evaluator, str | None, Any]:
        kind, value, offset = self.take()
        if (kind, value) == ("op", "-"):
            next_kind, next_value, _ = self.peek()
            if next_kind == "lit" and _is_number(next_value):
                self.take()
                negative = -next_value
                return (lambda env: negative), None, negative
            inner = self.parse_value()[0]
            return (lambda env: _arithmetic("-", 0, inner(env))), None, _NO_LITERAL
        if kind == "lit":
            return (lambda env: value), None, value
        if kind == "ref":
            self.refs.setdefault(value, offset)
            return (lambda env: env.get(value)), value, _NO_LITERAL
        if (kind, value) == ("op", "("):
            inner = self.parse_or()
            self.expect(")")
            return inner, None, _NO_LITERAL
        if (kind, value) == ("op", "["):
            items: list[Any] = []
            while True:
                item_kind, item, item_offset = self.take()
                if item_kind != "lit":
                    raise ExprError("a list may hold only literal values", item_offset)
                items.append(item)
                sep = self.take()
                if sep[1] == "]":
                    break
                if sep[1] != ",":
                    raise ExprError("expected ',' or ']' in list", sep[2])
            frozen = tuple(items)
            return (lambda env: frozen), None, list(frozen)
        if kind == "end":
            raise ExprError("expression ends too early", offset)
        raise ExprError(f"unexpected {value!r}", offset)


_NO_LITERAL = object()


def compile_expression(source: str) -> Expression:
    """Parse `source` once into a reusable evaluator; raises `ExprError` with an offset."""
    return _Parser(source).parse()
