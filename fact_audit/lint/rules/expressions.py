"""`when` expressions parse, name questions that exist (and come earlier), and compare with values they can take."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...expr import ExprError, compile_expression
from ...model import PLATFORMS
from ..context import LintContext
from ..problem import Problem
from . import problem, shown

RULE = "when"
MERCHANT_REFS = {"merchant.platform", "merchant.stage", "profile"}


def _literal_problem(question: dict[str, Any], op: str, literal: Any) -> str | None:
    kind = question["type"]
    values = literal if isinstance(literal, list) else [literal]
    if kind in ("single", "multi"):
        key = "options" if kind == "single" else "items"
        known = {o["id"] for o in question[key]}
        for value in values:
            if value not in known and value != "unknown":
                return f"{shown(value)} is not an option of {question['id']} (options: {', '.join(sorted(known))})"
    elif kind == "yesno":
        for value in values:
            if not isinstance(value, bool) and value != "unknown":
                return f"{question['id']} is yes/no: compare it with true or false, not {shown(value)}"
    elif kind in ("number", "scale"):
        for value in values:
            if (not isinstance(value, (int, float)) or isinstance(value, bool)) and value != "unknown":
                return f"{question['id']} is a {kind}: compare it with a number, not {shown(value)}"
    if op in ("<", "<=", ">", ">=") and kind not in ("number", "scale"):
        return f"{op} needs a number or scale question; {question['id']} is {kind}"
    return None


def _check_expression(ctx, doc, path, source, known, earlier: set[str] | None, stages) -> Iterator[Problem]:
    try:
        expression = compile_expression(source)
    except ExprError as exc:
        yield problem(
            doc, path, f"bad expression: {_cut(str(exc))} (at character {exc.offset + 1} of {shown(source)})", RULE
        )
        return
    for ref in expression.refs:
        if ref in MERCHANT_REFS:
            continue
        if ref not in known:
            if ctx.resolvable() or ref.split(".", 1)[0] == doc.data["id"]:
                yield problem(doc, path, f"{shown(ref)} is not a question id of this rubric set", RULE)
        elif earlier is not None and ref not in earlier:
            yield problem(doc, path, f"{shown(ref)} is asked later; a condition may only look at earlier answers", RULE)
    for comparison in expression.comparisons:
        if comparison.ref == "merchant.platform":
            values = comparison.literal if isinstance(comparison.literal, list) else [comparison.literal]
            bad = [v for v in values if v not in PLATFORMS]
            if bad:
                yield problem(doc, path, f"{shown(bad[0])} is not a platform ({', '.join(PLATFORMS)})", RULE)
        elif comparison.ref in ("merchant.stage", "profile") and stages:
            values = comparison.literal if isinstance(comparison.literal, list) else [comparison.literal]
            bad = [v for v in values if v not in stages]
            if bad:
                yield problem(doc, path, f"{shown(bad[0])} is not a stage profile ({', '.join(sorted(stages))})", RULE)
        elif comparison.ref in known:
            message = _literal_problem(known[comparison.ref], comparison.op, comparison.literal)
            if message:
                yield problem(doc, path, message, RULE)


def check(ctx: LintContext) -> Iterator[Problem]:
    known = {q["id"]: q for _, _, q in ctx.questions()}
    manifest = ctx.manifest_data()
    stages = set(manifest["profiles"]) if manifest else set()
    earlier: set[str] = set()
    for doc, path, question in ctx.questions():
        if "when" in question:
            yield from _check_expression(ctx, doc, (*path, "when"), question["when"], known, earlier, stages)
            if question["id"] in _refs(question["when"]):
                yield problem(doc, (*path, "when"), "a question's condition cannot depend on its own answer", RULE)
        if "compute" in question:
            yield from _check_expression(ctx, doc, (*path, "compute"), question["compute"], known, earlier, stages)
            yield from _check_compute(doc, path, question, known)
        earlier.add(question["id"])
    for doc, path, rec in ctx.recommendations():
        if "when" in rec:
            yield from _check_expression(ctx, doc, (*path, "when"), rec["when"], known, None, stages)
    if manifest:
        for index, flag in enumerate(manifest.get("flags") or []):
            yield from _check_expression(ctx, ctx.manifest, ("flags", index, "when"), flag["when"], known, None, stages)
        for index, entry in enumerate(manifest.get("capabilities") or []):
            if "not_used_when" in entry:
                where = ("capabilities", index, "not_used_when")
                yield from _check_expression(ctx, ctx.manifest, where, entry["not_used_when"], known, None, stages)


def _cut(text: str, limit: int = 120) -> str:
    """A message part that quotes the expression (a token of it, a placeholder), cut to a readable length."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def _check_compute(doc, path, question: dict[str, Any], known: dict[str, dict[str, Any]]) -> Iterator[Problem]:
    """A computed value is arithmetic over number answers, and its explanation names questions that exist."""
    where = (*path, "compute")
    if question["type"] != "number":
        yield problem(doc, where, "only a number question can be computed", RULE)
    try:
        expression = compile_expression(question["compute"])
    except ExprError:
        return  # reported above
    if expression.comparisons or any(op in question["compute"] for op in ("==", "<", ">", " and ", " or ", "not ")):
        yield problem(doc, where, "a computed value is arithmetic (+ - * /), not a condition", RULE)
    for ref in expression.refs:
        if ref in known and known[ref]["type"] not in ("number", "scale"):
            yield problem(
                doc, where, f"{ref} is a {known[ref]['type']} question: only numbers can be computed with", RULE
            )
    for axis_path, explain in _explains(question, path):
        for name in _PLACEHOLDER.findall(explain["zh"] + explain["en"]):
            if name not in known:
                yield problem(doc, axis_path, f"{{{_cut(name)}}} is not a question id of this rubric set", RULE)


def _explains(question: dict[str, Any], path) -> Iterator[tuple[tuple[Any, ...], dict[str, str]]]:
    if "explain" in question:
        yield (*path, "explain"), question["explain"]
    for axis in ("platforms", "stages", "categories"):
        for key, variant in (question.get(axis) or {}).items():
            if "explain" in variant:
                yield (*path, axis, key, "explain"), variant["explain"]


def _refs(source: str) -> set[str]:
    try:
        return set(compile_expression(source).refs)
    except ExprError:
        return set()
