"""Scoring: a pure function from (rubric set, answers, profile) to a `Report`. No I/O, no printing.

The model (also in the README):

- question score s ∈ [0, 1] from the rubric (option score, band score, ticked points ÷ all points, level ÷ 4);
  `unknown` and a missing answer score 0; `n/a` and questions whose condition is false are left out.
- capability score = 100 · Σ wᵩ·sᵩ / Σ wᵩ over the questions that apply; its level is the highest level whose
  minimum it reaches; gap = max(0, target level − level) for the merchant's stage profile.
- overall = Σ W_c·score_c / Σ W_c with the profile's capability weights W_c.
- coverage = share of applicable question weight answered with something other than `unknown`.
- recommendation priority = 100 · W_c/max W · (½ + ½·wᵩ/max wᵩ) · (1 − s) · (1 + gap)/L · impact/5 · (11 − effort)/10
  with L the number of levels; for a level-tied recommendation wᵩ/max wᵩ = 1 and s = score_c/100.
"""

from __future__ import annotations

import heapq
from typing import Any

from .answers import Answers, environment
from .errors import UsageError
from .model import NA, UNKNOWN, RubricSet, Section
from .report import CapabilityResult, FactMix, FlagResult, QuestionResult, RecommendationResult, Report

FACT_QUESTIONS = {
    "F": "fact.field_share",
    "A": "fact.alliance_share",
    "C": "fact.campaign_share",
    "T": "fact.top_kol_share",
}
HIGH, MEDIUM = 20.0, 8.0  # priority ranks; documented in the README


def resolve_profile(rubric: RubricSet, answers: Answers, override: str | None = None) -> str:
    profile = override or answers.stage or rubric.default_profile
    if profile not in rubric.profiles:
        raise UsageError(f"unknown profile {profile!r}; choose one of: {', '.join(rubric.profiles)}")
    return profile


def _capability(section: Section, answers: Answers, hidden: set[str], rubric: RubricSet, profile) -> CapabilityResult:
    """One capability's score, level, gap and coverage. One pass over its questions with nothing called that need
    not be: this runs for every capability of every client of a batch."""
    values = answers.values
    results: list[QuestionResult] = []
    total = earned = known = 0.0
    for question in section.questions:
        qid = question.id
        value = values.get(qid)
        if qid in hidden:
            status, score = "hidden", None
        elif value is None:
            status, score = "missing", 0.0
        elif value == NA:
            status, score = "na", None
        elif value == UNKNOWN:
            status, score = "unknown", 0.0
        else:
            status, score = "answered", question.score(value)
        weight = question.weight
        results.append(QuestionResult(qid, question.section, status, value, score, weight, question.text))
        if score is not None:
            total += weight
            earned += weight * score
            if status == "answered":
                known += weight
    exact = 100 * earned / total if total else 0.0
    score = round(exact, 1)
    level = rubric.level_for(score)
    target = rubric.level_by_id(profile.targets.get(section.id, level.id))
    return CapabilityResult(
        id=section.id,
        name=section.name,
        score=score,
        level=level,
        target=target,
        gap=max(0, target.id - level.id),
        gap_points=round(max(0.0, target.min - score), 1),
        coverage=round(known / total, 3) if total else 0.0,
        weight=profile.weights.get(section.id, section.weight),
        questions=results,
        exact=exact,
    )


def _fact_mix(answers: Answers) -> FactMix:
    shares: dict[str, float | None] = {}
    for letter, qid in FACT_QUESTIONS.items():
        value = answers.values.get(qid)
        shares[letter] = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    known = [v for v in shares.values() if v is not None]
    total = round(sum(known), 1) if known else None
    if len(known) == len(shares) and total:
        # all four given: scale to 100 so a mix reported as 40/40/30/10 still reads as shares
        normalised = {k: round(100 * v / total, 1) for k, v in shares.items() if v is not None}
    else:
        normalised = dict(shares)  # partial answers are shown as given, never inflated
    return FactMix(shares, normalised, total)


def _horizon(impact: int, effort: int) -> tuple[str, int]:
    if effort <= 2 and impact >= 3:
        return "quick_win", 30
    if effort >= 4:
        return "strategic", 90
    return "core", 60


def _plan(rubric: RubricSet) -> list[tuple[str, int, list[tuple[Any, ...]]]]:
    """What about each recommendation does not depend on the answers, worked out once per set and reused for every
    client: per capability, its index in the report and its recommendations, each with the position of the question
    it watches among the capability's questions (-1: not one of them, so it never fires), its static priority factor
    (½ + ½·wᵩ/max wᵩ) · impact/5 · (11 − effort)/10, its group and its horizon."""
    cached = rubric.derived.get("plan")
    if cached is None:
        cached = []
        for index, section in enumerate(rubric.capabilities):
            max_q = max((q.weight for q in section.questions), default=1.0)
            positions = {q.id: i for i, q in enumerate(section.questions)}
            entries = []
            for rec in section.recommendations:
                w_q = rubric.questions[rec.question].weight / max_q if rec.question in rubric.questions else 1.0
                group, horizon = _horizon(rec.impact, rec.effort)
                factor = (0.5 + 0.5 * w_q) * rec.impact / 5 * (11 - rec.effort) / 10
                position = -1 if rec.question is None else positions.get(rec.question, -1)
                entries.append((rec, position, factor, group, horizon))
            cached.append((section.id, index, entries))
        rubric.derived["plan"] = cached
    return cached


def _recommendations(
    rubric: RubricSet, caps: dict[str, CapabilityResult], env: dict[str, Any]
) -> list[RecommendationResult]:
    """Every recommendation whose trigger fires, with its priority (the formula in this module's docstring)."""
    max_weight = max((c.weight for c in caps.values()), default=1.0) or 1.0
    levels = len(rubric.levels)
    fired: dict[str, RecommendationResult] = {}
    for section_id, _, entries in _plan(rubric):
        cap = caps[section_id]
        results = cap.questions
        scale = 100 * (cap.weight / max_weight) * (1 + cap.gap) / levels
        for rec, position, factor, group, horizon in entries:
            if rec.question is not None:
                if position < 0:
                    continue
                result = results[position]
                result_score = result.score
                if result_score is None or result.status == "missing" or not result_score < (rec.score_below or 0):
                    continue
                deficit = 1 - result_score
                answer, level_now = result.answer, None
            else:
                if rec.level_below is None or not cap.level.id < rec.level_below:
                    continue
                deficit = 1 - cap.exact / 100
                answer, level_now = None, cap.level.id
            if rec.when is not None and not rec.when.evaluate(env):
                continue
            if rec.id in fired:  # an id is unique in a set; kept as a guard for hand-built sets
                continue
            priority = scale * deficit * factor
            fired[rec.id] = RecommendationResult(
                rec.id,
                section_id,
                rec.question,
                answer,
                level_now,
                rec.level_below,
                round(priority, 1),
                "high" if priority >= HIGH else "medium" if priority >= MEDIUM else "low",
                group,
                horizon,
                rec.owner,
                rec.impact,
                rec.effort,
                rec.title,
                rec.action,
                rec.metric,
            )
    return _order_by_dependencies(rubric, fired)


def _order_by_dependencies(rubric: RubricSet, fired: dict[str, RecommendationResult]) -> list[RecommendationResult]:
    """Highest priority first, never before a fired prerequisite; a dependent's horizon is not earlier.

    A prerequisite is ranked by the most urgent of the actions waiting on it (priority inheritance), so an
    urgent action is preceded directly by what it needs instead of waiting for that to come up on its own.
    """
    dependent = rubric.derived.get("dependent")
    if dependent is None:
        dependent = rubric.derived["dependent"] = {
            r.id: r.depends_on for r in rubric.recommendations.values() if r.depends_on
        }
    needs: dict[str, set[str]] = {}  # fired action -> its fired prerequisites
    for rid, deps in dependent.items():
        if rid in fired:
            present = {d for d in deps if d in fired}
            if present:
                needs[rid] = present
    if not needs:  # nothing waits on anything: plain priority order (ties by id, as below)
        return sorted(fired.values(), key=lambda rec: (-rec.priority, rec.id))
    edges = [(dep, rid) for rid, deps in needs.items() for dep in deps]
    waiting: dict[str, list[str]] = {}  # prerequisite -> the actions that wait on it
    for dep, rid in edges:
        waiting.setdefault(dep, []).append(rid)
    urgency = {rid: rec.priority for rid, rec in fired.items()}
    for _ in range(len(edges)):  # relax along the edges; a chain is never longer than the edge count
        changed = False
        for dep, rid in edges:
            if urgency[dep] < urgency[rid]:
                urgency[dep] = urgency[rid]
                changed = True
        if not changed:
            break
    blocked_by = {rid: set(deps) for rid, deps in needs.items()}
    heap = [(-urgency[rid], rid) for rid in fired if rid not in blocked_by]
    heapq.heapify(heap)
    ordered: list[RecommendationResult] = []
    while heap:
        _, rid = heapq.heappop(heap)
        rec = fired[rid]
        deps = needs.get(rid)
        if deps:
            rec.after = sorted(deps)
            for dep in deps:
                if fired[dep].horizon > rec.horizon:
                    rec.horizon = fired[dep].horizon
        ordered.append(rec)
        for other in waiting.get(rid, ()):
            blocked = blocked_by[other]
            blocked.discard(rid)
            if not blocked:  # its last prerequisite is out: it may follow (a set empties once)
                heapq.heappush(heap, (-urgency[other], other))
    return ordered


def score(rubric: RubricSet, answers: Answers, profile: str | None = None) -> Report:
    """Score `answers` against `rubric` for a stage profile (default: the merchant's stage, else the set's)."""
    profile_id = resolve_profile(rubric, answers, profile)
    chosen = rubric.profiles[profile_id]
    env, hidden = answers.visibility or environment(rubric, answers)
    caps = {section.id: _capability(section, answers, hidden, rubric, chosen) for section in rubric.capabilities}
    total_weight = sum(c.weight for c in caps.values()) or 1.0
    overall = round(sum(c.weight * c.exact for c in caps.values()) / total_weight, 1)
    coverage = round(sum(c.weight * c.coverage for c in caps.values()) / total_weight, 3)
    missing = [q.id for c in caps.values() for q in c.questions if q.status == "missing"]
    excluded = [q.id for c in caps.values() for q in c.questions if q.status == "na"]
    flags = [
        FlagResult(flag.id, flag.severity, flag.capability, flag.message) for flag in rubric.flags if flag.when(env)
    ]
    order = {"critical": 0, "warning": 1, "info": 2}
    flags.sort(key=lambda f: order.get(f.severity, 3))
    return Report(
        merchant=dict(answers.merchant),
        source=answers.file,
        rubric={"id": rubric.id, "version": rubric.version},
        profile={"id": profile_id, "name": chosen.name.to_dict()},
        score=overall,
        level=rubric.level_for(overall),
        coverage=coverage,
        complete=not missing,
        capabilities=list(caps.values()),
        fact=_fact_mix(answers),
        flags=flags,
        recommendations=_recommendations(rubric, caps, env),
        excluded=excluded,
        missing=missing,
        notices=list(answers.notices),
        notes=dict(answers.notes),
    )
