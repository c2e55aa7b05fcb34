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
from .model import NA, UNKNOWN, Question, RubricSet, Section
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


def _question_result(question: Question, answers: Answers, hidden: set[str]) -> QuestionResult:
    value = answers.values.get(question.id)
    if question.id in hidden:
        status, score = "hidden", None
    elif value is None:
        status, score = "missing", 0.0
    elif value == NA:
        status, score = "na", None
    elif value == UNKNOWN:
        status, score = "unknown", 0.0
    else:
        status, score = "answered", question.score(value)
    return QuestionResult(question.id, question.section, status, value, score, question.weight, question.text)


def _capability(section: Section, answers: Answers, hidden: set[str], rubric: RubricSet, profile) -> CapabilityResult:
    results = [_question_result(q, answers, hidden) for q in section.questions]
    total = earned = known = 0.0
    for result in results:  # one pass: this runs for every client of a batch
        if result.score is not None:
            total += result.weight
            earned += result.weight * result.score
            if result.status == "answered":
                known += result.weight
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


def _static_factors(rubric: RubricSet) -> dict[str, tuple[float, str, int]]:
    """Per recommendation, the parts of its priority that do not depend on the answers (computed once per set):
    (½ + ½·wᵩ/max wᵩ) · impact/5 · (11 − effort)/10, its group and its horizon."""
    cached = rubric.derived.get("recommendations")
    if cached is None:
        cached = {}
        for section in rubric.capabilities:
            max_q = max((q.weight for q in section.questions), default=1.0)
            for rec in section.recommendations:
                w_q = rubric.questions[rec.question].weight / max_q if rec.question in rubric.questions else 1.0
                group, horizon = _horizon(rec.impact, rec.effort)
                cached[rec.id] = ((0.5 + 0.5 * w_q) * rec.impact / 5 * (11 - rec.effort) / 10, group, horizon)
        rubric.derived["recommendations"] = cached
    return cached


def _recommendations(
    rubric: RubricSet, caps: dict[str, CapabilityResult], env: dict[str, Any]
) -> list[RecommendationResult]:
    weights = [c.weight for c in caps.values()] or [1.0]
    max_weight = max(weights) or 1.0
    levels = len(rubric.levels)
    static = _static_factors(rubric)
    fired: dict[str, RecommendationResult] = {}
    for section in rubric.capabilities:
        cap = caps[section.id]
        results = {q.id: q for q in cap.questions}
        for rec in section.recommendations:
            if rec.id in fired:
                continue
            if rec.question is not None:
                result = results.get(rec.question)
                if result is None or result.score is None or result.status == "missing":
                    continue
                if not result.score < (rec.score_below or 0):
                    continue
                deficit = 1 - result.score
                answer, level_now = result.answer, None
            else:
                if rec.level_below is None or not cap.level.id < rec.level_below:
                    continue
                deficit = 1 - cap.exact / 100
                answer, level_now = None, cap.level.id
            if rec.when is not None and not rec.when(env):
                continue
            factor, group, horizon = static[rec.id]
            priority = 100 * (cap.weight / max_weight) * deficit * (1 + cap.gap) / levels * factor
            fired[rec.id] = RecommendationResult(
                id=rec.id,
                capability=section.id,
                question=rec.question,
                answer=answer,
                level=level_now,
                level_below=rec.level_below,
                priority=round(priority, 1),
                rank="high" if priority >= HIGH else "medium" if priority >= MEDIUM else "low",
                group=group,
                horizon=horizon,
                owner=rec.owner,
                impact=rec.impact,
                effort=rec.effort,
                title=rec.title,
                action=rec.action,
                metric=rec.metric,
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
    needs: dict[str, set[str]] = {rid: set() for rid in fired}
    for rid, deps in dependent.items():
        if rid in fired:
            needs[rid] = {d for d in deps if d in fired}
    if not any(needs.values()):  # nothing waits on anything: plain priority order (ties by id, as below)
        return sorted(fired.values(), key=lambda rec: (-rec.priority, rec.id))
    for rid, deps in needs.items():
        fired[rid].after = sorted(deps)
    waiting: dict[str, list[str]] = {rid: [] for rid in fired}  # prerequisite -> the actions that wait on it
    edges = [(dep, rid) for rid, deps in needs.items() for dep in deps]
    for dep, rid in edges:
        waiting[dep].append(rid)
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
    heap = [(-urgency[rid], rid) for rid in fired if not blocked_by[rid]]
    heapq.heapify(heap)
    ordered: list[RecommendationResult] = []
    done: set[str] = set()
    while heap:
        _, rid = heapq.heappop(heap)
        rec = fired[rid]
        for dep in needs[rid]:
            if fired[dep].horizon > rec.horizon:
                rec.horizon = fired[dep].horizon
        ordered.append(rec)
        done.add(rid)
        for other in waiting[rid]:
            deps = blocked_by[other]
            deps.discard(rid)
            if not deps and other not in done:
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
