"""Recommendations point at questions that exist (their own section's, or the FACT context's), at prerequisites
that exist without cycles, at red lines that exist, and aim at a level the set has; caps name real levels."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import CATEGORY_QUESTION
from ..context import LintContext
from ..problem import Problem
from . import problem, shown

RULE = "references"


def check(ctx: LintContext) -> Iterator[Problem]:
    questions = {q["id"]: doc.data["id"] for doc, _, q in ctx.questions()}
    recs = {rec["id"]: (doc, path, rec) for doc, path, rec in ctx.recommendations()}
    manifest = ctx.manifest_data()
    levels = {level["id"] for level in manifest["levels"]} if manifest else set()
    flags = {f["id"]: f for f in (manifest.get("flags") or [])} if manifest else {}
    for rid, (doc, path, rec) in recs.items():
        trigger = rec.get("question")
        for j, qid in enumerate(trigger if isinstance(trigger, list) else [trigger] if trigger else []):
            at = (*path, "question", j) if isinstance(trigger, list) else (*path, "question")
            if qid not in questions:
                if ctx.resolvable() or qid.split(".", 1)[0] == doc.data["id"]:
                    yield problem(doc, at, f"recommendation {rid} names unknown question {shown(qid)}", RULE)
            elif questions[qid] not in (doc.data["id"], "fact"):
                yield problem(
                    doc,
                    at,
                    f"{qid} belongs to {shown(questions[qid])}; tie it to {shown(doc.data['id'])} or the context",
                    RULE,
                )
        level = rec.get("level")
        if level is not None and levels and level not in levels:
            yield problem(doc, (*path, "level"), f"level {level} is not a level id", RULE)
        for j, flag_id in enumerate(rec.get("lifts") or []):
            if manifest is None:
                continue
            if flag_id not in flags:
                yield problem(doc, (*path, "lifts", j), f"lifts unknown flag {shown(flag_id)}", RULE)
            elif not flags[flag_id].get("caps"):
                yield problem(
                    doc, (*path, "lifts", j), f"flag {shown(flag_id)} has no caps: it is not a red line", RULE
                )
        for j, dep in enumerate(rec.get("depends_on") or []):
            if dep == rid:
                yield problem(doc, (*path, "depends_on", j), "a recommendation cannot depend on itself", RULE)
            elif dep not in recs and (ctx.resolvable() or dep.split(".", 1)[0] == doc.data["id"]):
                yield problem(doc, (*path, "depends_on", j), f"depends on unknown recommendation {shown(dep)}", RULE)
    if manifest:
        in_set = {entry["id"] for entry in manifest.get("capabilities") or []}
        for index, flag in enumerate(manifest.get("flags") or []):
            for cap_id, highest in (flag.get("caps") or {}).items():
                if levels and highest not in levels:
                    yield problem(ctx.manifest, ("flags", index, "caps", cap_id), f"{highest} is not a level id", RULE)
                if cap_id != "overall" and cap_id not in in_set:
                    where = ("flags", index, "caps", cap_id)
                    yield problem(ctx.manifest, where, f"{shown(cap_id)} is not a capability of this set", RULE)
            if flag.get("caps") and flag.get("severity") != "critical":
                yield problem(ctx.manifest, ("flags", index, "severity"), "a flag with caps must be critical", RULE)
    yield from _variant_keys(ctx, manifest)
    yield from _cycles(recs)


def _variant_keys(ctx, manifest: dict[str, Any] | None) -> Iterator[Problem]:
    """Stage variants name profiles of the set, category variants name categories the set asks for, and option
    labels name options the question has: a typo would otherwise be a variant nobody ever sees."""
    stages = set(manifest["profiles"]) if manifest else None
    category = next((q for _, _, q in ctx.questions() if q["id"] == CATEGORY_QUESTION), None)
    categories = {o["id"] for o in category["options"]} if category and category["type"] == "single" else None
    for doc, path, question in ctx.questions():
        options = {o["id"] for o in question.get("options") or question.get("items") or []}
        for axis, allowed in (("stages", stages), ("categories", categories), ("platforms", None)):
            for key, variant in (question.get(axis) or {}).items():
                if allowed is not None and key not in allowed:
                    yield problem(
                        doc, (*path, axis, key), f"{shown(key)} is not one of {', '.join(sorted(allowed))}", RULE
                    )
                for option_id in variant.get("labels") or {}:
                    if option_id not in options:
                        yield problem(
                            doc,
                            (*path, axis, key, "labels", option_id),
                            f"{shown(option_id)} is not an option here",
                            RULE,
                        )


def _cycles(recs: dict[str, tuple[Any, Any, dict[str, Any]]]) -> Iterator[Problem]:
    state: dict[str, int] = {}  # 1 visiting, 2 done
    reported: set[str] = set()

    def visit(rid: str, trail: list[str]) -> Iterator[Problem]:
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
