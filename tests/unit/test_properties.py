"""Scoring invariants over the bundled rubric: hypothesis properties and the extreme cases."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from fact_audit.answers import Answers, normalise
from fact_audit.errors import FactAuditError
from fact_audit.model import NA, UNKNOWN
from fact_audit.schemas import load_schema
from fact_audit.scoring import score
from fact_audit.variants import CATEGORY_QUESTION
from fact_audit.yamlio import parse_yaml

from ..conftest import load_bundled

RUBRIC = load_bundled()  # by explicit path: the strategies and the parametrization are built at collection
QUESTIONS = list(RUBRIC.questions.values())
# Answers that change what is asked or how it is scored: conditions, inputs of computed values, the category that
# picks category bands, and what decides whether a capability is used at all.
GATES = (
    {ref for q in QUESTIONS if q.when for ref in q.when.refs}
    | {ref for q in QUESTIONS if q.compute for ref in q.compute.refs}
    | {ref for c in RUBRIC.capabilities if c.not_used_when for ref in c.not_used_when.refs}
    | {CATEGORY_QUESTION}
)
REPORT_SCHEMA = Draft202012Validator(load_schema("report.schema.json"))
CAPABILITY_IDS = [c.id for c in RUBRIC.capabilities]


def _extreme(pick) -> dict[str, Any]:
    return {q.id: pick(q.answer_space(), key=lambda pair: pair[1])[0] for q in QUESTIONS}


BEST, WORST = _extreme(max), _extreme(min)


def _answers(values: dict[str, Any]) -> Answers:
    return Answers("p.yaml", {"name": "P", "platform": "douyin", "stage": "growth"}, values)


@st.composite
def answer_sets(draw) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for question in QUESTIONS:
        choices = [answer for answer, _ in question.answer_space()] + [UNKNOWN, None]
        if question.allow_na:
            choices.append(NA)
        value = draw(st.sampled_from(choices))
        if value is not None:
            values[question.id] = value
    return values


def test_every_answer_space_value_is_accepted_as_written() -> None:
    for question in QUESTIONS:
        for answer, expected in question.answer_space():
            value = normalise(question, answer)
            assert question.score(value) == pytest.approx(expected), question.id
        assert normalise(question, "unknown") == UNKNOWN


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets())
def test_scores_stay_in_range_and_the_report_is_valid(values: dict[str, Any]) -> None:
    report = score(RUBRIC, _answers(values))
    assert 0 <= report.score <= 100 and 0 <= report.coverage <= 1
    for capability in report.capabilities:
        assert 0 <= capability.score <= 100 and 0 <= capability.coverage <= 1
        if capability.status == "not_used":
            assert capability.gap == 0 and capability.weight == 0
        else:  # a capability held down by a red line never meets its target
            floor = 1 if capability.capped_by else 0
            assert capability.gap == max(floor, capability.target.id - capability.level.id)
        assert capability.level.id <= capability.level_uncapped.id
    assert report.level.id <= report.level_uncapped.id
    for rec in [*report.recommendations, *report.later]:
        assert rec.because and all(RUBRIC.questions[b.question] for b in rec.because)
    priorities = [r.priority for r in report.recommendations]
    assert all(0 <= p <= 100 for p in priorities)
    seen: set[str] = set()
    for rec in report.recommendations:
        assert rec.id not in seen and set(rec.after) <= seen  # deduplicated, prerequisites first
        seen.add(rec.id)
    REPORT_SCHEMA.validate(report.to_dict())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets())
def test_the_rank_shown_matches_the_priority_shown(values: dict[str, Any]) -> None:
    """High ≥ 20, medium ≥ 8 (README), judged on the priority as printed (one decimal), so 19.96 never prints as
    20.0 next to "medium"; a red-line lifter is high whatever its number. Horizons never precede a prerequisite's."""
    from fact_audit.scoring import HIGH, MEDIUM

    report = score(RUBRIC, _answers(values))
    horizon = {}
    for rec in [*report.recommendations, *report.later]:
        shown = float(f"{rec.priority:.1f}")
        assert shown == rec.priority  # the number kept is the number shown
        expected = "high" if rec.lifts or shown >= HIGH else "medium" if shown >= MEDIUM else "low"
        assert rec.rank == expected, (rec.id, rec.priority, rec.rank)
    for rec in report.recommendations:
        horizon[rec.id] = rec.horizon
        assert all(horizon[before] <= rec.horizon for before in rec.after), rec.id


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets(), st.sampled_from([q for q in QUESTIONS if q.id not in GATES]), st.data())
def test_a_better_answer_never_lowers_any_score(values: dict[str, Any], question, data) -> None:
    space = question.answer_space()
    low, high = sorted(data.draw(st.lists(st.sampled_from(space), min_size=2, max_size=2)), key=lambda pair: pair[1])
    worse = score(RUBRIC, _answers({**values, question.id: low[0]}))
    better = score(RUBRIC, _answers({**values, question.id: high[0]}))
    assert better.score >= worse.score
    for before, after in zip(worse.capabilities, better.capabilities, strict=False):
        assert after.score >= before.score, (question.id, low, high)


def test_best_answers_score_near_100_with_no_high_priority_action() -> None:
    report = score(RUBRIC, _answers(BEST))
    assert report.score >= 99
    assert not [r for r in report.recommendations if r.rank == "high"]
    assert [f.id for f in report.flags if f.severity == "critical"] == []


def test_worst_answers_score_near_0() -> None:
    report = score(RUBRIC, _answers(WORST))
    assert report.score <= 5
    assert report.recommendations and report.recommendations[0].rank == "high"


@pytest.mark.parametrize("weak", CAPABILITY_IDS)
def test_one_weak_capability_is_lowest_and_leads_the_actions(weak: str) -> None:
    values = {qid: (WORST[qid] if qid.startswith(weak + ".") else BEST[qid]) for qid in BEST}
    report = score(RUBRIC, _answers(values))
    lowest = min(report.capabilities, key=lambda c: c.score)
    assert lowest.id == weak
    assert report.recommendations[0].capability == weak
    assert all(r.capability == weak for r in report.recommendations[:3])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_the_yaml_loader_only_ever_raises_its_own_error(text: str) -> None:
    with contextlib.suppress(FactAuditError):
        parse_yaml(text, "fuzz.yaml", allow_aliases=False)
