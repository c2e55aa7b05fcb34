"""The resolved rubric set as one plain document: the contract for form builders and other tools."""

from __future__ import annotations

from typing import Any

from .model import NA, UNKNOWN, Question, RubricSet, Section


def question_dict(q: Question) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": q.id,
        "capability": q.section,
        "type": q.type,
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
    return item


def section_dict(section: Section) -> dict[str, Any]:
    out: dict[str, Any] = {"id": section.id, "name": section.name.to_dict(), "summary": section.summary.to_dict()}
    if section.kind == "capability":
        out["weight"] = section.weight
        out["fact"] = list(section.fact)
    out["questions"] = [question_dict(q) for q in section.questions]
    return out


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
    }
