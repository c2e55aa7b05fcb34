"""Once a set marks questions `quick: true`, every capability has at least one, the quick interview asks 30 or
fewer, and a quick computed question has quick inputs. `interview --quick` asks only the marked questions (and the
whole shop overview unless some of it is marked) for a provisional report, so a capability without one would be
reported on nothing, and a computed value whose inputs are not asked could never be worked out. Warnings: the full
interview still asks everything."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...expr import ExprError, compile_expression
from ..context import LintContext
from ..problem import Problem
from . import problem

RULE = "quick"
MOST = 30  # the quick interview's promise: a provisional report after at most this many questions


def _inputs(question: dict[str, Any]) -> list[str]:
    """The question ids a computed question is worked out from (an expression the `expressions` rule refuses: none)."""
    try:
        return list(compile_expression(question["compute"]).refs)
    except ExprError:
        return []


def check(ctx: LintContext) -> Iterator[Problem]:
    questions = list(ctx.questions())
    if not any(question.get("quick") for _, _, question in questions):
        return  # a set without a quick interview: nothing to check
    capabilities = [doc for doc in ctx.sections() if doc.data["kind"] == "capability"]
    for doc in capabilities:
        if not any(question.get("quick") for question in doc.data["questions"]):
            yield problem(
                doc, ("questions",), f"{doc.data['id']}: no question is marked quick", RULE, severity="warning"
            )
    # the shop overview is asked whole unless the set marks which of it the quick interview needs
    whole_context = not any(question.get("quick") for doc, _, question in questions if doc.data["kind"] == "context")
    quick = {
        question["id"]: (doc, path, question)
        for doc, path, question in questions
        if question.get("quick") or (whole_context and doc.data["kind"] == "context")
    }
    asked = [qid for qid, (_, _, question) in quick.items() if not question.get("compute")]
    if len(asked) > MOST:
        doc, path, _ = quick[asked[MOST]]
        yield problem(
            doc,
            (*path, "quick"),
            f"the quick interview asks {len(asked)} questions, more than {MOST}: it is no longer quick",
            RULE,
            severity="warning",
        )
    known = {question["id"]: question for _, _, question in questions}
    for qid, (doc, path, question) in quick.items():
        if not question.get("compute"):
            continue
        missing = [ref for ref in _leaves(question, known) if ref not in quick]
        if missing:
            yield problem(
                doc,
                (*path, "quick"),
                f"{qid} is quick but is computed from {', '.join(missing)}, which the quick interview does not ask",
                RULE,
                severity="warning",
            )


def _leaves(
    question: dict[str, Any], known: dict[str, dict[str, Any]], seen: frozenset[str] = frozenset()
) -> list[str]:
    """The asked questions a computed one comes from, through the computed ones in between (a cycle stops it: the
    `references` rule reports cycles)."""
    out: list[str] = []
    for ref in _inputs(question):
        found = known.get(ref)
        if found is None or ref in seen:
            continue
        if found.get("compute"):
            out.extend(ref for ref in _leaves(found, known, seen | {question["id"]}) if ref not in out)
        elif ref not in out:
            out.append(ref)
    return out
