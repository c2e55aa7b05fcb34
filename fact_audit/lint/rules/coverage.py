"""Every answer can lead somewhere: best answers reach a full score and a weak answer to a scored question gets
advice. (Actions fire on answers only: there is no advice for a capability level as such.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import LintContext
from ..problem import Problem
from . import problem

RULE = "coverage"


def _best_and_worst(question: dict[str, Any]) -> tuple[float, float]:
    kind = question["type"]
    if kind == "single":
        scores = [o["score"] for o in question["options"]]
        return max(scores), min(scores)
    if kind == "number":
        scores = [b["score"] for b in question["bands"]]
        return max(scores), min(scores)
    if kind == "yesno":
        scores = question.get("scores") or {"yes": 1, "no": 0}
        return max(scores.values()), min(scores.values())
    if kind == "multi":
        return (1.0 if any(i["points"] > 0 for i in question["items"]) else 0.0), 0.0
    return 1.0, 0.0


def check(ctx: LintContext) -> Iterator[Problem]:
    for doc in ctx.sections():
        if doc.data["kind"] != "capability":
            continue
        recs = doc.data.get("recommendations") or []
        tied: set[str] = set()
        for rec in recs:
            trigger = rec.get("question")
            tied.update(trigger if isinstance(trigger, list) else [trigger])
        for index, question in enumerate(doc.data["questions"]):
            if question.get("weight") == 0:
                continue  # an input to a computed value: not scored, so it needs no advice of its own
            path = ("questions", index)
            best, worst = _best_and_worst(question)
            if best != 1:
                yield problem(
                    doc,
                    path,
                    f"{question['id']}: the best answer scores {best}, not 1, so the capability can never reach 100",
                    RULE,
                )
            if best == worst:
                yield problem(
                    doc,
                    path,
                    f"{question['id']}: every answer scores the same ({best}); the question cannot tell shops apart",
                    RULE,
                )
            if question["id"] not in tied:
                yield problem(
                    doc, path, f"{question['id']} has no recommendation: a low answer would lead to no action", RULE
                )
