"""The resolved rubric set as one plain document: the contract for form builders and other tools."""

from __future__ import annotations

from typing import Any

from .model import NA, UNKNOWN, Band, Question, RubricSet, Section, Text


def question_dict(q: Question) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": q.id,
        "capability": q.section,
        "type": q.type,
        "label": q.label.to_dict(),
        "text": q.text.to_dict(),
        "help": q.help.to_dict(),
        "weight": q.weight,
        "when": q.when.source if q.when else None,
        "allow_na": q.allow_na,
        "source": q.source,
        "answer_space": [{"answer": answer, "score": round(score, 6)} for answer, score in q.answer_space()],
        "special_answers": [UNKNOWN, NA] if q.allow_na else [UNKNOWN],
    }
    if q.type in ("single", "multi"):
        item["options"] = [{"id": o.id, "text": o.text.to_dict()} for o in q.options]
    elif q.type == "scale":
        item["levels"] = [{"answer": i, "text": t.to_dict()} for i, t in enumerate(q.levels)]
    elif q.type == "number":
        item["unit"] = q.unit
        item["direction"] = q.direction
        item["range"] = {"min": q.range[0], "max": q.range[1]} if q.range else None
        item["integer"] = q.integer
        item["bands"] = [{"min": b.min, "max": b.max, "score": b.score, "label": b.label.to_dict()} for b in q.bands]
    if q.where:
        item["where"] = {platform: t.to_dict() for platform, t in q.where.items()}
    if q.why is not None:
        item["why"] = q.why.to_dict()
    if q.compute is not None:  # worked out from other answers: a form never asks it
        item["compute"] = q.compute.source
        item["explain"] = q.explain.to_dict() if q.explain else None
    for (axis, key), fields in q.variants.items():
        item.setdefault(axis, {})[key] = {name: _plain(value) for name, value in fields.items()}
    return item


def _plain(value: Any) -> Any:
    """A variant's field as plain data: texts as {zh, en}, bands as dicts, option labels by id."""
    if isinstance(value, Text):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, Band):
        return {"min": value.min, "max": value.max, "score": value.score, "label": value.label.to_dict()}
    return value


def section_dict(section: Section) -> dict[str, Any]:
    out: dict[str, Any] = {"id": section.id, "name": section.name.to_dict(), "summary": section.summary.to_dict()}
    if section.kind == "capability":
        out["weight"] = section.weight
        out["fact"] = list(section.fact)
    out["questions"] = [question_dict(q) for q in section.questions]
    out["recommendations"] = [recommendation_dict(r) for r in section.recommendations]
    return out


def recommendation_dict(rec) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": rec.id,
        "questions": list(rec.questions),
        "score_below": rec.score_below,
        "level": rec.level,
        "when": rec.when.source if rec.when else None,
        "impact": rec.impact,
        "effort": rec.effort,
        "owner": rec.owner,
        "depends_on": list(rec.depends_on),
        "lifts": list(rec.lifts),
        "title": rec.title.to_dict(),
        "action": rec.action.to_dict(),
        "metric": rec.metric.to_dict(),
    }
    if rec.variants:
        item["platforms"] = {p: {k: v.to_dict() for k, v in fields.items()} for p, fields in rec.variants.items()}
    return item


def export_set(rubric: RubricSet) -> dict[str, Any]:
    return {
        "rubric": {"id": rubric.id, "version": rubric.version, "name": rubric.name.to_dict()},
        "capabilities": [section_dict(c) for c in rubric.capabilities],
        "context": section_dict(rubric.context),
        "levels": [
            {"id": lv.id, "min": lv.min, "name": lv.name.to_dict(), "description": lv.description.to_dict()}
            for lv in rubric.levels
        ],
        "profiles": {
            pid: {"name": p.name.to_dict(), "weights": p.weights, "targets": p.targets}
            for pid, p in rubric.profiles.items()
        },
        "default_profile": rubric.default_profile,
        "flags": [
            {
                "id": f.id,
                "severity": f.severity,
                "when": f.when.source,
                "caps": f.caps,
                "message": f.message.to_dict(),
                **({"platforms": {p: t.to_dict() for p, t in f.variants.items()}} if f.variants else {}),
            }
            for f in rubric.flags
        ],
    }
