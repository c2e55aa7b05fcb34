"""Every answer can lead somewhere: best answers reach a full score, low scores and low levels get advice."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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


def check(ctx) -> Iterator[Any]:
    manifest = ctx.manifest_data()
    low = min(3, len(manifest["levels"])) if manifest else 3
    for doc in ctx.sections():
        if doc.data["kind"] != "capability":
            continue
        recs = doc.data.get("recommendations") or []
        tied = {r.get("question") for r in recs}
        level_recs = [r["level_below"] for r in recs if "level_below" in r]
        if not level_recs or max(level_recs) < low:
            yield problem(
                doc,
                ("recommendations",),
                f"no recommendation for the low levels: add one with level_below: {low} (or higher)",
                RULE,
            )
        for index, question in enumerate(doc.data["questions"]):
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
