"""A rubric set as one merchant reads it: its platform's words, tools and bands, its stage's and category's bands.

Questions, actions and flags may carry variants (`platforms:`, `stages:`, `categories:` in the YAML). Scoring and
rendering work from a view with those applied, so no renderer or scorer ever chooses words by platform, and a
Kuaishou merchant cannot read a Douyin rule that the base text left out. Views are built once per combination and
kept on the set (a batch of 10,000 clients needs at most a few dozen).
"""

from __future__ import annotations

import copy

from .model import CATEGORY_QUESTION, Option, Question, RubricSet, Section

__all__ = ["CATEGORY_QUESTION", "view"]


def view(rubric: RubricSet, platform: str | None, stage: str | None, category: str | None) -> RubricSet:
    """The set with the variants for this platform, stage profile and category applied (cached per key)."""
    views = rubric.derived.setdefault("views", {})
    key = (platform, stage, category)
    found = views.get(key)
    if found is None:
        found = views[key] = _build(rubric, key)
    return found


def _build(rubric: RubricSet, key: tuple[str | None, str | None, str | None]) -> RubricSet:
    platform = key[0]
    chosen = (("platforms", key[0]), ("stages", key[1]), ("categories", key[2]))
    if not _varies(rubric, chosen):
        return rubric
    out = copy.copy(rubric)
    out.derived = {}  # plans and views belong to the set they were computed for
    out.capabilities = [_section(section, chosen, platform) for section in rubric.capabilities]
    out.context = _section(rubric.context, chosen, platform)
    out.questions = {q.id: q for section in out.sections() for q in section.questions}
    out.recommendations = {r.id: r for section in out.sections() for r in section.recommendations}
    out.flags = [_flag(flag, platform) for flag in rubric.flags]
    return out


def _varies(rubric: RubricSet, chosen) -> bool:
    for question in rubric.questions.values():
        if any(pair in question.variants for pair in chosen):
            return True
    platform = chosen[0][1]
    if platform is None:
        return False
    return any(platform in r.variants for r in rubric.recommendations.values()) or any(
        platform in f.variants for f in rubric.flags
    )


def _section(section: Section, chosen, platform: str | None) -> Section:
    out = copy.copy(section)
    out.questions = [_question(q, chosen) for q in section.questions]
    out.recommendations = []
    for rec in section.recommendations:
        fields = rec.variants.get(platform) if platform else None
        if fields:
            rec = copy.copy(rec)
            for name, value in fields.items():
                setattr(rec, name, value)
        out.recommendations.append(rec)
    return out


def _question(question: Question, chosen) -> Question:
    variants = [question.variants[pair] for pair in chosen if pair in question.variants]
    if not variants:
        return question
    out = copy.copy(question)
    for fields in variants:
        for name, value in fields.items():
            if name == "labels":
                out.options = tuple(Option(o.id, o.score, value.get(o.id, o.text)) for o in out.options)
            else:
                setattr(out, name, value)
    out.prepare()
    return out


def _flag(flag, platform: str | None):
    message = flag.variants.get(platform) if platform else None
    if message is None:
        return flag
    out = copy.copy(flag)
    out.message = message
    return out
