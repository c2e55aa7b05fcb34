"""Recommendations point at questions of their own capability and at prerequisites that exist, without cycles."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import problem

RULE = "references"


def check(ctx) -> Iterator[Any]:
    questions = {q["id"]: doc.data["id"] for doc, _, q in ctx.questions()}
    recs = {rec["id"]: (doc, path, rec) for doc, path, rec in ctx.recommendations()}
    manifest = ctx.manifest_data()
    levels = {level["id"] for level in manifest["levels"]} if manifest else set()
    for rid, (doc, path, rec) in recs.items():
        if doc.data["kind"] == "context":
            yield problem(doc, path, "the context section is not scored; put recommendations in a capability", RULE)
        qid = rec.get("question")
        if qid is not None:
            if qid not in questions:
                if ctx.resolvable() or qid.split(".", 1)[0] == doc.data["id"]:
                    yield problem(
                        doc, (*path, "question"), f"recommendation {rid} names unknown question {qid!r}", RULE
                    )
            elif questions[qid] != doc.data["id"]:
                yield problem(
                    doc,
                    (*path, "question"),
                    f"{qid} belongs to {questions[qid]!r}; tie it to a question of {doc.data['id']!r}",
                    RULE,
                )
        level = rec.get("level_below")
        if level is not None and levels and level not in levels:
            yield problem(doc, (*path, "level_below"), f"level_below {level} is not a level id", RULE)
        for j, dep in enumerate(rec.get("depends_on") or []):
            if dep == rid:
                yield problem(doc, (*path, "depends_on", j), "a recommendation cannot depend on itself", RULE)
            elif dep not in recs and (ctx.resolvable() or dep.split(".", 1)[0] == doc.data["id"]):
                yield problem(doc, (*path, "depends_on", j), f"depends on unknown recommendation {dep!r}", RULE)
    yield from _cycles(recs)


def _cycles(recs: dict[str, tuple[Any, Any, dict[str, Any]]]) -> Iterator[Any]:
    state: dict[str, int] = {}  # 1 visiting, 2 done
    reported: set[str] = set()

    def visit(rid: str, trail: list[str]) -> Iterator[Any]:
        state[rid] = 1
        doc, path, rec = recs[rid]
        for dep in rec.get("depends_on") or []:
            if dep not in recs or dep == rid:
                continue
            if state.get(dep) == 1 and dep not in reported:
                reported.add(dep)
                cycle = " → ".join([*trail[trail.index(dep) :], dep]) if dep in trail else f"{rid} → {dep}"
                yield problem(doc, (*path, "depends_on"), f"dependency cycle: {cycle}", RULE)
            elif dep not in state:
                yield from visit(dep, [*trail, dep])
        state[rid] = 2

    for rid in recs:
        if rid not in state:
            yield from visit(rid, [rid])
