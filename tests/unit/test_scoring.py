"""Scoring worked by hand on the minimal set (tests/data/rubrics/mini), then the rules around it."""

from __future__ import annotations

import pytest

from fact_audit.answers import Answers
from fact_audit.errors import UsageError
from fact_audit.rubric import load_rubric_set
from fact_audit.scoring import score

from ..conftest import MINI


@pytest.fixture(scope="module")
def mini():
    return load_rubric_set(MINI)


def answers(values: dict, **merchant) -> Answers:
    return Answers("t.yaml", {"name": "Shop", **merchant}, values)


CASE_A = {
    "goods.sell_through": 60,
    "goods.review": "monthly",
    "ads.buys": True,
    "ads.roi": 0.8,
    "ads.spend": 1000,
    "ads.ad_gmv": 1500,
}


def test_hand_computed_scores(mini) -> None:
    report = score(mini, answers(CASE_A))
    goods, ads = report.capabilities
    # goods: (3·0.5 + 1·0.5) / 4 = 50; ads: (1·1 + 2·0 + 1·0) / 4 = 25 (raw ROI 1500 / 1000 = 1.5 is computed, < 2)
    assert (goods.score, goods.level.id, goods.target.id, goods.gap, goods.gap_points) == (50.0, 2, 3, 1, 30.0)
    assert (ads.score, ads.level.id, ads.target.id, ads.gap, ads.gap_points) == (25.0, 1, 2, 1, 15.0)
    assert {q.id: (q.status, q.answer) for q in ads.questions}["ads.raw_roi"] == ("computed", 1.5)
    # overall with profile weights goods 2, ads 1: (2·50 + 25) / 3
    assert report.score == 41.7 and report.level.id == 2
    assert report.coverage == 1.0 and report.complete
    assert [f.id for f in report.flags] == ["ads_loss"]
    assert ads.capped_by == ["ads_loss"] and [f.id for f in report.capped_by] == ["ads_loss"]


def test_a_red_line_caps_the_levels_shown_and_keeps_the_score(mini) -> None:
    strong = {**CASE_A, "goods.sell_through": 95, "goods.review": "weekly", "ads.ad_gmv": 5000}
    report = score(mini, answers(strong))
    goods, ads = report.capabilities
    assert goods.score == 100.0
    # ads (1·1 + 2·0 + 1·1) / 4 = 50, L2: its cap of 2 lowers nothing; overall (2·100 + 50) / 3 = 83.3 is L3 by
    # score and capped at L2
    assert ads.score == 50.0 and ads.level_uncapped.id == 2 and ads.level.id == 2
    assert report.score == 83.3 and report.level_uncapped.id == 3 and report.level.id == 2
    assert ads.gap == 1 and ads.target.id == 2  # a capped capability never meets its target
    report = score(mini, answers({**strong, "ads.roi": 1.5}))
    assert report.level.id == 3 and not report.capped_by


def test_hand_computed_priorities_and_dependency_order(mini) -> None:
    report = score(mini, answers(CASE_A))
    got = [(r.id, r.priority, r.rank, r.group, r.horizon) for r in report.recommendations]
    assert got == [
        # 100·1·2/3 · 0.5 · (½+½·1/3)·2/5·10/10 = 8.9, ranked first: the red-line lifter ads.r.roi waits on it,
        # and pulled into 30 days with it
        ("goods.r.review", 8.9, "medium", "core", 30),
        ("ads.r.roi", 21.3, "high", "core", 30),  # 100·½·2/3 · 1 · 1·4/5·8/10, lifts ads_loss: first, 30 days
        ("goods.r.stock", 24.0, "high", "quick_win", 30),  # 100·1·2/3 · 0.5 · 1·4/5·9/10
    ]
    assert report.recommendations[1].after == ["goods.r.review"]
    assert report.recommendations[1].lifts == ["ads_loss"]
    # goods.r.basics fires below 0.5 only: both its answers score 0.5, so it stays quiet
    # ads.r.level (12.0) builds toward ads level 3, above the growth target of 2: later
    assert [(r.id, r.priority, r.later) for r in report.later] == [("ads.r.level", 12.0, "beyond_target")]
    because = report.recommendations[2].because
    assert [(b.question, b.answer) for b in because] == [("goods.sell_through", 60)]
    assert because[0].text.zh == "你们填写的售罄率是 60%（及格）"


def test_conditional_question_hidden_and_its_answer_ignored(mini) -> None:
    report = score(mini, answers({**CASE_A, "ads.buys": False}))
    ads = report.capabilities[1]
    statuses = {q.id: q.status for q in ads.questions}
    assert statuses == {
        "ads.buys": "answered",
        "ads.roi": "hidden",
        "ads.spend": "hidden",
        "ads.ad_gmv": "hidden",
        "ads.raw_roi": "hidden",
    }
    assert ads.score == 0.0 and ads.status == "scored"  # growth: not buying ads is a gap
    assert report.flags == []
    starter = score(mini, answers({**CASE_A, "ads.buys": False}, stage="starter"))
    # ads left out; goods alone, on the starter's own bands (60 % sell-through is good for a new shop): (3 + 0.5) / 4
    assert starter.capabilities[1].status == "not_used" and starter.score == 87.5


def test_unknown_scores_zero_lowers_coverage_and_asks_to_find_out(mini) -> None:
    report = score(mini, answers({**CASE_A, "goods.sell_through": "unknown", "ads.roi": "unknown"}))
    goods = report.capabilities[0]
    assert goods.score == 12.5  # (3·0 + 1·0.5) / 4
    assert goods.coverage == 0.25
    assert report.complete
    assert report.flags == []  # no red line on an unknown
    fired = [r.id for r in [*report.recommendations, *report.later]]
    assert "goods.r.stock" not in fired and "ads.r.roi" not in fired  # no remedy for a value nobody knows
    find_out = next(r for r in report.recommendations if r.id == "fact.r.find_unknown_numbers")
    assert [b.question for b in find_out.because] == ["goods.sell_through", "ads.roi"]
    assert report.unknown == ["goods.sell_through", "ads.roi"]


def test_missing_answers_make_the_report_incomplete(mini) -> None:
    report = score(mini, answers({"goods.review": "weekly"}))
    assert not report.complete
    assert report.missing == ["goods.sell_through", "ads.buys"]
    assert report.capabilities[0].score == 25.0
    # a missing answer triggers nothing: we do not know it is bad
    assert "goods.r.stock" not in [r.id for r in report.recommendations]


def test_best_answers_reach_100_and_trigger_nothing(mini) -> None:
    best = {**CASE_A, "goods.sell_through": 95, "goods.review": "weekly", "ads.roi": 3, "ads.ad_gmv": 5000}
    report = score(mini, answers(best))
    assert report.score == 100.0
    assert report.recommendations == [] and report.flags == []


def test_profile_comes_from_stage_then_override_then_default(mini) -> None:
    assert score(mini, answers(CASE_A)).profile["id"] == "growth"
    with pytest.raises(UsageError, match="unknown profile 'mature'"):
        score(mini, answers(CASE_A), "mature")
