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


CASE_A = {"goods.sell_through": 60, "goods.review": "monthly", "ads.buys": True, "ads.roi": 0.8}


def test_hand_computed_scores(mini) -> None:
    report = score(mini, answers(CASE_A))
    goods, ads = report.capabilities
    # goods: (3·0.5 + 1·0.5) / 4 = 50; ads: (1·1 + 2·0) / 3 = 33.3
    assert (goods.score, goods.level.id, goods.target.id, goods.gap, goods.gap_points) == (50.0, 2, 3, 1, 30.0)
    assert (ads.score, ads.level.id, ads.target.id, ads.gap, ads.gap_points) == (33.3, 1, 2, 1, 6.7)
    # overall with profile weights goods 2, ads 1: (2·50 + 33.33) / 3
    assert report.score == 44.4 and report.level.id == 2
    assert report.coverage == 1.0 and report.complete
    assert [f.id for f in report.flags] == ["ads_loss"]


def test_hand_computed_priorities_and_dependency_order(mini) -> None:
    report = score(mini, answers(CASE_A))
    got = [(r.id, r.priority, r.rank, r.group, r.horizon) for r in report.recommendations]
    assert got == [
        ("goods.r.basics", 26.7, "high", "core", 60),  # 100·1·1·0.5·2/3·1·0.8
        ("goods.r.stock", 24.0, "high", "quick_win", 30),  # 100·1·1·0.5·2/3·0.8·0.9
        # 100·1·(2/3)·0.5·2/3·0.4·1 = 8.9, but ranked at 21.3: ads.r.roi waits on it
        ("goods.r.review", 8.9, "medium", "core", 60),
        ("ads.r.roi", 21.3, "high", "core", 60),  # 100·0.5·1·1·2/3·0.8·0.8, right after its prerequisite
        ("ads.r.level", 10.7, "medium", "core", 60),  # 100·0.5·1·(2/3)·2/3·0.6·0.8
    ]
    assert report.recommendations[3].after == ["goods.r.review"]
    assert report.recommendations[1].trigger == "goods.sell_through = 60"


def test_conditional_question_hidden_and_its_answer_ignored(mini) -> None:
    report = score(mini, answers({**CASE_A, "ads.buys": False}))
    ads = report.capabilities[1]
    statuses = {q.id: q.status for q in ads.questions}
    assert statuses == {"ads.buys": "answered", "ads.roi": "hidden"}
    assert ads.score == 0.0
    assert report.flags == []


def test_unknown_scores_zero_and_lowers_coverage(mini) -> None:
    report = score(mini, answers({**CASE_A, "goods.sell_through": "unknown"}))
    goods = report.capabilities[0]
    assert goods.score == 12.5  # (3·0 + 1·0.5) / 4
    assert goods.coverage == 0.25
    assert report.complete


def test_missing_answers_make_the_report_incomplete(mini) -> None:
    report = score(mini, answers({"goods.review": "weekly"}))
    assert not report.complete
    assert report.missing == ["goods.sell_through", "ads.buys"]
    assert report.capabilities[0].score == 25.0
    # a missing answer triggers nothing: we do not know it is bad
    assert "goods.r.stock" not in [r.id for r in report.recommendations]


def test_best_answers_reach_100_and_trigger_nothing(mini) -> None:
    best = {"goods.sell_through": 95, "goods.review": "weekly", "ads.buys": True, "ads.roi": 3}
    report = score(mini, answers(best))
    assert report.score == 100.0
    assert report.recommendations == [] and report.flags == []


def test_profile_comes_from_stage_then_override_then_default(mini) -> None:
    assert score(mini, answers(CASE_A)).profile["id"] == "growth"
    with pytest.raises(UsageError, match="unknown profile 'mature'"):
        score(mini, answers(CASE_A), "mature")
