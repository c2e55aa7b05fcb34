"""Scoring: a pure function from (rubric set, answers, profile) to a `Report`. No I/O, no printing.

The model (also in the README):

- question score s ∈ [0, 1] from the rubric (option score, band score, ticked points ÷ all points, level ÷ 4);
  `unknown` and a missing answer score 0; `n/a` and questions whose condition is false are left out.
- capability score = 100 · Σ wᵩ·sᵩ / Σ wᵩ over the questions that apply; its level is the highest level whose
  minimum it reaches; gap = max(0, target level − level) for the merchant's stage profile.
- overall = Σ W_c·score_c / Σ W_c with the profile's capability weights W_c.
- coverage = share of applicable question weight answered with something other than `unknown`.
- recommendation priority = 100 · W_c/max W · (½ + ½·wᵩ/max wᵩ) · (1 − s) · (1 + gap)/L · impact/5 · (11 − effort)/10
  with L the number of levels and s the lowest score among the answers that triggered it.
- red lines: a critical flag with `caps` holds the level shown (capability and/or overall) at its cap; the score is
  unchanged. A capped capability never counts as meeting its target. Actions that lift a red line rank first.
- the plan: only actions triggered by answers below `score_below` (never by `unknown`, which asks the merchant to
  find the number instead); owned by roles the shop has; aimed no higher than the profile's target; per horizon at
  most 3 per owner and 8 / 6 / 4 in all for 30 / 60 / 90 days (12 / 9 / 6 for teams over 5 people). The rest is the
  `later` backlog.
"""

from __future__ import annotations

import heapq
from functools import partial
from typing import Any

from .answers import Answers, environment
from .errors import UsageError
from .explain import answer_text, fill
from .model import NA, UNKNOWN, RubricSet, Section, Text
from .report import (
    CapabilityResult,
    FactMix,
    FlagResult,
    QuestionResult,
    Reason,
    RecommendationResult,
    Report,
)
from .variants import CATEGORY_QUESTION, view

FACT_QUESTIONS = {
    "F": "fact.field_share",
    "A": "fact.alliance_share",
    "C": "fact.campaign_share",
    "T": "fact.top_kol_share",
}
HIGH, MEDIUM = 20.0, 8.0  # priority ranks; documented in the README
TEAM_QUESTION, ROLES_QUESTION = "fact.team_size", "fact.team_roles"
SMALL_TEAM = 5  # people; a team this size or smaller (or of unknown size) gets the smaller plan
TINY_TEAM = 3  # people; a team this size or smaller gets the smallest plan
# How much a team can carry per horizon besides running its live room: at most PER_OWNER actions per owner and
# these many in all (30/60/90 days), for a team of TINY_TEAM people or fewer (where the same three people also host,
# run the room and ship), of SMALL_TEAM or fewer (or of unknown size), and for a larger one. Practitioners'
# judgment (经验值), see the README.
PER_OWNER = 3
PER_OWNER_TINY = 2
PER_HORIZON_TINY = {30: 5, 60: 4, 90: 3}
PER_HORIZON_SMALL = {30: 8, 60: 6, 90: 4}
PER_HORIZON_LARGE = {30: 12, 60: 9, 90: 6}
# Who takes a task over when the shop lacks the role that would normally do it.
FALLBACK = {
    "ad_buyer": "operator",
    "customer_service": "operator",
    "supply_chain": "owner",
    "operator": "owner",
    "host": "owner",
}
FIND_OUT_ID = "fact.r.find_unknown_numbers"
FIND_OUT_TITLE = Text("先把说不清的数找出来", "Find the numbers you could not give")
FIND_OUT_BOTH_TITLE = Text("先把说不清的数和做法弄清楚", "Find out the numbers and practices you could not give")


def resolve_profile(rubric: RubricSet, answers: Answers, override: str | None = None) -> str:
    profile = override or answers.stage or rubric.default_profile
    if profile not in rubric.profiles:
        raise UsageError(f"unknown profile {profile!r}; choose one of: {', '.join(rubric.profiles)}")
    return profile


def _capability(
    section: Section, env: dict[str, Any], answers: Answers, hidden: set[str], rubric: RubricSet, profile
) -> CapabilityResult:
    """One capability's score, level, gap and coverage. One pass over its questions with nothing called that need
    not be: this runs for every capability of every client of a batch."""
    values = answers.values
    results: list[QuestionResult] = []
    total = earned = known = 0.0
    for question in section.questions:
        qid = question.id
        if qid in hidden:
            status, score, value = "hidden", None, None
        elif question.compute is not None:
            value = env.get(qid)
            if value is None:
                status, score = "hidden", None  # an input is missing or the division has no answer
            elif value == UNKNOWN:
                status, score = "unknown", 0.0
            else:
                status, score = "computed", question.score(value)
        else:
            value = values.get(qid)
            if value is None:
                status, score = "missing", 0.0
            elif value == NA:
                status, score = "na", None
            elif value == UNKNOWN:
                status, score = "unknown", 0.0
            else:
                status, score = "answered", question.score(value)
        weight = question.weight
        results.append(
            QuestionResult(qid, question.section, status, value, score, weight, question.text, question.label)
        )
        if score is not None:
            total += weight
            earned += weight * score
            if status in ("answered", "computed"):
                known += weight
    exact = 100 * earned / total if total else 0.0
    score = round(exact, 1)
    level = rubric.level_for(score)
    target = rubric.level_by_id(profile.targets.get(section.id, level.id))
    not_used = section.not_used_when is not None and section.not_used_when(env)
    return CapabilityResult(
        id=section.id,
        name=section.name,
        score=score,
        level=level,
        target=target,
        gap=0 if not_used else max(0, target.id - level.id),
        gap_points=0.0 if not_used else round(max(0.0, target.min - score), 1),
        coverage=round(known / total, 3) if total else 0.0,
        weight=0.0 if not_used else profile.weights.get(section.id, section.weight),
        questions=results,
        status="not_used" if not_used else "scored",
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


def _plan(rubric: RubricSet) -> list[tuple[Section, list[tuple[Any, ...]]]]:
    """What about each recommendation does not depend on the answers, worked out once per set (per view) and reused
    for every client: per section, its recommendations, each with the positions of the questions that trigger it
    among the section's questions (a trigger from another section is looked up by id), its static priority factor
    (½ + ½·wᵩ/max wᵩ) · impact/5 · (11 − effort)/10, its group and its horizon."""
    cached = rubric.derived.get("plan")
    if cached is None:
        cached = []
        for section in rubric.sections():
            max_q = max((q.weight for q in section.questions), default=1.0) or 1.0
            entries = []
            for rec in section.recommendations:
                weights = [rubric.questions[q].weight for q in rec.questions if q in rubric.questions]
                w_q = max(weights, default=max_q) / max_q
                group, horizon = _horizon(rec.impact, rec.effort)
                factor = (0.5 + 0.5 * min(w_q, 1.0)) * rec.impact / 5 * (11 - rec.effort) / 10
                entries.append((rec, factor, group, horizon))
            cached.append((section, entries))
        rubric.derived["plan"] = cached
    return cached


class _Shop:
    """What the plan must fit: the roles the shop has and how many actions its team can carry at once."""

    __slots__ = ("roles", "per_horizon", "per_owner")

    def __init__(self, env: dict[str, Any]) -> None:
        size = env.get(TEAM_QUESTION)
        size = size if isinstance(size, (int, float)) and not isinstance(size, bool) else None
        roles = env.get(ROLES_QUESTION)
        if isinstance(roles, list):
            self.roles: set[str] | None = {*roles, "owner"}
        elif size is not None and size <= 3:
            self.roles = {"owner", "host", "operator"}  # a tiny team: the boss, a host, someone running the room
        else:
            self.roles = None  # not told: keep the rubric's owners
        tiny = size is not None and size <= TINY_TEAM
        large = size is not None and size > SMALL_TEAM
        self.per_horizon = PER_HORIZON_TINY if tiny else PER_HORIZON_LARGE if large else PER_HORIZON_SMALL
        self.per_owner = PER_OWNER_TINY if tiny else PER_OWNER

    def owner(self, role: str) -> str:
        if self.roles is None:
            return role
        while role not in self.roles and role in FALLBACK:
            role = FALLBACK[role]
        return role


def _results(report_caps: dict[str, CapabilityResult], context: list[QuestionResult]) -> dict[str, QuestionResult]:
    found = {q.id: q for q in context}
    for cap in report_caps.values():
        for q in cap.questions:
            found[q.id] = q
    return found


def _because(rubric: RubricSet, results: list[QuestionResult], values: dict[str, Any]) -> list[Reason]:
    return [
        Reason(r.id, r.answer, explain=partial(_reason_text, rubric.questions[r.id], r.answer, rubric, values))
        for r in results
    ]


def _reason_text(question, answer: Any, rubric: RubricSet, values: dict[str, Any]) -> Text:
    text = answer_text(question, answer, values)
    steps = _worked_steps(rubric, question, values)
    if steps:  # a computed value shows its sums first: "保本 ROI = 1 ÷ 31% ≈ 3.23；净成交 ROI 2.6 ÷ …"
        text = Text("；".join([*(s.zh for s in steps), text.zh]), "; ".join([*(s.en for s in steps), text.en]))
    return text


def _worked_steps(rubric: RubricSet, question, values: dict[str, Any]) -> list[Text]:
    """The explanations of the computed values a computed question is built from, innermost first."""
    if question.compute is None:
        return []
    steps: list[Text] = []
    for ref in question.compute.refs:
        inner = rubric.questions.get(ref)
        if inner is None or inner.compute is None or inner.explain is None or ref not in values:
            continue
        for step in [*_worked_steps(rubric, inner, values), fill(inner.explain, values)]:
            if step not in steps:
                steps.append(step)
    return steps


def _recommendations(
    rubric: RubricSet,
    caps: dict[str, CapabilityResult],
    questions: dict[str, QuestionResult],
    env: dict[str, Any],
    red_lines: set[str],
) -> list[RecommendationResult]:
    """Every recommendation that the answers trigger, with its priority (the formula in this module's docstring)."""
    max_weight = max((c.weight for c in caps.values()), default=1.0) or 1.0
    levels = len(rubric.levels)
    fired: dict[str, RecommendationResult] = {}
    for section, entries in _plan(rubric):
        cap = caps.get(section.id)
        if cap is not None:
            scale = 100 * (cap.weight / max_weight if cap.weight else 0.5) * (1 + cap.gap) / levels
            target = cap.target.id
        else:  # the FACT context: weighed like the heaviest capability one level short
            scale, target = 100 * 2 / levels, None
        for rec, factor, group, horizon in entries:
            below = []
            for qid in rec.questions:
                result = questions.get(qid)
                if result is None or result.status not in ("answered", "computed"):
                    continue  # unknown, missing, n/a or hidden never trigger a remedy
                if result.score is not None and result.score < rec.score_below:
                    below.append(result)
            if not below or rec.id in fired:
                continue
            if rec.when is not None and not rec.when.evaluate(env):
                continue
            deficit = 1 - min(r.score for r in below)  # type: ignore[type-var]
            priority = round(scale * deficit * factor, 1)
            lifts = [flag for flag in rec.lifts if flag in red_lines]
            fired[rec.id] = RecommendationResult(
                rec.id,
                section.id,
                _because(rubric, below, env),
                priority,
                _rank(priority, bool(lifts)),
                group,
                30 if lifts else horizon,
                rec.owner,
                rec.impact,
                rec.effort,
                rec.level,
                rec.title,
                rec.action,
                rec.metric,
                lifts=lifts,
                later="beyond_target" if target is not None and rec.level > target and not lifts else None,
            )
    find_out = _find_out(rubric, caps, questions, env, max_weight, levels)
    if find_out is not None:
        fired[find_out.id] = find_out
    return _order_by_dependencies(rubric, fired)


def _rank(priority: float, lifts: bool) -> str:
    """The rank of a priority as printed (it is rounded to one decimal before this): high ≥ 20, medium ≥ 8 (README);
    an action that lifts a red line is high whatever its number."""
    return "high" if lifts or priority >= HIGH else "medium" if priority >= MEDIUM else "low"


def _find_out(
    rubric: RubricSet,
    caps: dict[str, CapabilityResult],
    questions: dict[str, QuestionResult],
    env: dict[str, Any],
    max_weight: float,
    levels: int,
) -> RecommendationResult | None:
    """One action for every number the merchant could not give: where to read it and why it matters.

    An unknown is not a bad value, so it never triggers a remedy; but a plan built on guesses is not a plan."""
    unknown = [r for r in questions.values() if r.status == "unknown" and rubric.questions[r.id].asked]
    if not unknown:
        return None
    platform = env.get("merchant.platform")

    def weight(result: QuestionResult) -> float:
        cap = caps.get(result.capability)
        return (cap.weight if cap else max_weight) * (result.weight or 0.5)

    unknown.sort(key=weight, reverse=True)
    zh_lines, en_lines = [], []
    for result in unknown[:6]:
        question = rubric.questions[result.id]
        if question.type != "number":  # a way of working nobody could describe: ask, don't look it up
            zh_lines.append(f"{question.label.zh}：问问负责这块的同事现在实际怎么做，照实际做法再选一次")
            en_lines.append(f"{question.label.en}: ask whoever does this how it is done today, and answer again")
            continue
        where = question.where.get(platform) if isinstance(platform, str) else None
        why = question.why
        read_zh = (where.zh if where else "按题目说明去后台或账本里找").rstrip("。；")
        read_en = (where.en if where else "find it as the question's help says").rstrip(". ")
        zh_lines.append(f"{question.label.zh}：{read_zh}" + (f"。{why.zh.rstrip('。')}" if why else ""))
        en_lines.append(f"{question.label.en}: {read_en}" + (f". {why.en.rstrip('. ')}" if why else ""))
    more = len(unknown) - len(zh_lines)
    if more > 0:
        zh_lines.append(f"另外还有 {more} 项，见报告里标为“不清楚”的题目。")
        en_lines.append(f"And {more} more, marked “don't know” in the report.")
    heaviest = caps.get(unknown[0].capability)
    scale = 100 * ((heaviest.weight / max_weight) if heaviest and heaviest.weight else 1.0) * 2 / levels
    priority = round(scale * 0.8 * 1.0, 1)
    action = Text(
        "；".join(line.rstrip("。") for line in zh_lines) + "。",
        " ".join(line if line.endswith(".") else line + "." for line in en_lines),
    )
    metric = _find_out_metric(sum(1 for r in unknown if rubric.questions[r.id].type == "number"), len(unknown))
    return RecommendationResult(
        FIND_OUT_ID,
        "fact",
        _because(rubric, unknown, env),
        priority,
        _rank(priority, False),
        "quick_win",
        30,
        "operator",
        4,
        1,
        1,
        FIND_OUT_TITLE if all(rubric.questions[r.id].type == "number" for r in unknown) else FIND_OUT_BOTH_TITLE,
        action,
        metric,
    )


def _find_out_metric(numbers: int, unknown: int) -> Text:
    """What done looks like for the find-out action: numbers filled in, ways of working described."""
    practices = unknown - numbers
    zh_numbers = "这个数能填上具体数字" if numbers == 1 else f"这 {numbers} 个数都能填上具体数字"
    zh_practices = "这项做法能照实选出" if practices == 1 else f"这 {practices} 项做法都能照实选出"
    en_numbers = "the number is filled in" if numbers == 1 else f"all {numbers} numbers are filled in"
    en_practices = "the practice is answered" if practices == 1 else f"all {practices} practices are answered"
    zh = "，".join(part for part, n in ((zh_numbers, numbers), (zh_practices, practices)) if n)
    en = " and ".join(part for part, n in ((en_numbers, numbers), (en_practices, practices)) if n)
    return Text(f"下次自评时，{zh}。", f"At the next self-assessment {en}.")


def _order_by_dependencies(rubric: RubricSet, fired: dict[str, RecommendationResult]) -> list[RecommendationResult]:
    """Red-line lifters first, then highest priority, never before a fired prerequisite; a dependent's horizon is
    not earlier.

    A prerequisite is ranked by the most urgent of the actions waiting on it (priority inheritance), so an
    urgent action is preceded directly by what it needs instead of waiting for that to come up on its own.
    """
    dependent = rubric.derived.get("dependent")
    if dependent is None:
        dependent = rubric.derived["dependent"] = {
            r.id: r.depends_on for r in rubric.recommendations.values() if r.depends_on
        }
    urgency = {rid: (0 if rec.lifts else 1, -rec.priority) for rid, rec in fired.items()}
    needs: dict[str, set[str]] = {}  # fired action -> its fired prerequisites
    for rid, deps in dependent.items():
        if rid in fired:
            present = {d for d in deps if d in fired}
            if present:
                needs[rid] = present
    if not needs:  # nothing waits on anything: plain order (ties by id, as below)
        return sorted(fired.values(), key=lambda rec: (urgency[rec.id], rec.id))
    edges = [(dep, rid) for rid, deps in needs.items() for dep in deps]
    waiting: dict[str, list[str]] = {}  # prerequisite -> the actions that wait on it
    for dep, rid in edges:
        waiting.setdefault(dep, []).append(rid)
    pulled = {rid for rid, rec in fired.items() if rec.lifts}
    for _ in range(len(edges)):  # relax along the edges; a chain is never longer than the edge count
        changed = False
        for dep, rid in edges:
            if urgency[rid] < urgency[dep]:
                urgency[dep] = urgency[rid]
                changed = True
            if rid in pulled and dep not in pulled:  # what a red-line lifter needs is just as urgent, and so on down
                if fired[dep].horizon > fired[rid].horizon:
                    fired[dep].horizon = fired[rid].horizon
                pulled.add(dep)  # even when already as early: its own prerequisites are pulled too
                changed = True
        if not changed:
            break
    blocked_by = {rid: set(deps) for rid, deps in needs.items()}
    heap = [(urgency[rid], rid) for rid in fired if rid not in blocked_by]
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
                heapq.heappush(heap, (urgency[other], other))
    return ordered


def _red_lines_first(ordered: list[RecommendationResult], caps: dict[str, CapabilityResult]) -> None:
    """A shop that loses money on ads or lives on a few top KOLs works on that first: low-priority polish of a
    capability that already meets its stage's target waits in the backlog (its dependents follow it there, in
    `_fit_to_team`). Lifting a red line, closing a gap, finding a missing number and anything ranked medium or high
    (the margin and profit work a loss-making shop needs, wherever it is filed) stay in the plan."""
    for rec in ordered:
        cap = caps.get(rec.capability)
        met = cap is not None and cap.status == "scored" and cap.gap == 0
        if rec.later is None and rec.rank == "low" and not rec.lifts and met and rec.id != FIND_OUT_ID:
            rec.later = "red_lines_first"


def _fit_to_team(ordered: list[RecommendationResult], shop: _Shop) -> tuple[list[RecommendationResult], list]:
    """Owners the shop has; per horizon at most `shop.per_owner` per owner and `shop.per_horizon` in all; the rest
    later.

    Walks the actions in reading order, so what is kept is what matters most. An action whose prerequisite went to
    the backlog follows it there: the plan never asks for something before what it needs."""
    plan: list[RecommendationResult] = []
    later: list[RecommendationResult] = []
    per_owner: dict[tuple[int, str], int] = {}
    per_horizon: dict[int, int] = {}
    backlog: set[str] = set()
    for rec in ordered:
        rec.owner = shop.owner(rec.owner)
        if rec.later is None and any(dep in backlog for dep in rec.after):
            rec.later = "after_later"
        full = per_horizon.get(rec.horizon, 0) >= shop.per_horizon[rec.horizon]
        busy = per_owner.get((rec.horizon, rec.owner), 0) >= shop.per_owner
        if rec.later is None and not rec.lifts and (full or busy):
            rec.later = "capacity"
        if rec.later is not None:
            later.append(rec)
            backlog.add(rec.id)
            continue
        per_horizon[rec.horizon] = per_horizon.get(rec.horizon, 0) + 1
        per_owner[(rec.horizon, rec.owner)] = per_owner.get((rec.horizon, rec.owner), 0) + 1
        plan.append(rec)
    return plan, later


def _apply_caps(rubric: RubricSet, caps: dict[str, CapabilityResult], flags: list[FlagResult]) -> None:
    """Hold each capability named by a red line at the line's cap; a capped capability is never at its target."""
    for flag in flags:
        for cap_id, highest in flag.caps.items():
            cap = caps.get(cap_id)
            if cap is None or cap.status == "not_used":
                continue
            if cap.level.id > highest:
                cap.level = rubric.level_by_id(highest)
            cap.capped_by.append(flag.id)
            cap.gap = max(1, cap.target.id - cap.level.id)


def score(rubric: RubricSet, answers: Answers, profile: str | None = None) -> Report:
    """Score `answers` against `rubric` for a stage profile (default: the merchant's stage, else the set's)."""
    profile_id = resolve_profile(rubric, answers, profile)
    chosen = rubric.profiles[profile_id]
    visibility = answers.visibility
    if visibility is None or visibility[0].get("profile") != profile_id:
        visibility = environment(rubric, answers, profile_id)
    env, hidden = visibility
    category = env.get(CATEGORY_QUESTION)
    shown = view(rubric, answers.platform, profile_id, category if isinstance(category, str) else None)
    caps = {section.id: _capability(section, env, answers, hidden, shown, chosen) for section in shown.capabilities}
    context = _capability(shown.context, env, answers, hidden, shown, chosen).questions
    flags = [
        FlagResult(flag.id, flag.severity, flag.capability, flag.message, flag.caps)
        for flag in shown.flags
        if flag.when(env)
    ]
    order = {"critical": 0, "warning": 1, "info": 2}
    flags.sort(key=lambda f: (order.get(f.severity, 3), not f.red_line))
    _apply_caps(shown, caps, flags)
    total_weight = sum(c.weight for c in caps.values()) or 1.0
    overall = round(sum(c.weight * c.exact for c in caps.values()) / total_weight, 1)
    coverage = round(sum(c.weight * c.coverage for c in caps.values()) / total_weight, 3)
    level_uncapped = shown.level_for(overall)
    level = level_uncapped
    capped_by = [flag for flag in flags if "overall" in flag.caps]
    for flag in capped_by:
        if level.id > flag.caps["overall"]:
            level = shown.level_by_id(flag.caps["overall"])
    missing = [q.id for c in caps.values() for q in c.questions if q.status == "missing"]
    excluded = [q.id for c in caps.values() for q in c.questions if q.status == "na"]
    questions = _results(caps, context)
    red_lines = {flag.id for flag in flags if flag.red_line}
    ordered = _recommendations(shown, caps, questions, env, red_lines)
    if red_lines:
        _red_lines_first(ordered, caps)
    plan, later = _fit_to_team(ordered, _Shop(env))
    unknown = [
        q.id
        for q in questions.values()
        if q.status == "unknown" and shown.questions[q.id].type == "number" and shown.questions[q.id].asked
    ]
    return Report(
        merchant=dict(answers.merchant),
        source=answers.file,
        rubric={"id": rubric.id, "version": rubric.version},
        profile={"id": profile_id, "name": chosen.name.to_dict()},
        score=overall,
        level=level,
        coverage=coverage,
        complete=not missing,
        capabilities=list(caps.values()),
        fact=_fact_mix(answers),
        flags=flags,
        recommendations=plan,
        excluded=excluded,
        missing=missing,
        notices=list(answers.notices),
        notes=dict(answers.notes),
        level_uncapped=level_uncapped,
        capped_by=[flag for flag in flags if flag.red_line],
        later=later,
        unknown=unknown,
        labels=_labels(shown),
        context=context,
    )


def _labels(rubric: RubricSet) -> dict[str, Text]:
    labels = rubric.derived.get("labels")
    if labels is None:
        labels = rubric.derived["labels"] = {qid: q.label for qid, q in rubric.questions.items()}
    return labels
