"""Issue 18, scoring: what the module docstring and the README promise about a merchant's plan, pinned where the
mutation run found nothing checking it.

Horizons at their edges, the team a plan must fit (sizes, roles, who takes over a missing role, capacity per owner
and per horizon), red lines first, the find-out action (its lines, order, title, priority, what done looks like),
the worked sums shown before a computed answer, the FACT mix, coverage with an unknown input, and the order of
prerequisites. Numbers are worked by hand on the minimal set (tests/data/rubrics/mini) in the comments.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from fact_audit.answers import Answers, environment
from fact_audit.errors import UsageError
from fact_audit.model import UNKNOWN, Text
from fact_audit.rubric import load_rubric_set
from fact_audit.scoring import (
    FIND_OUT_ID,
    PER_HORIZON_LARGE,
    PER_HORIZON_SMALL,
    PER_HORIZON_TINY,
    _apply_caps,
    _capability,
    _fact_mix,
    _find_out_metric,
    _fit_to_team,
    _horizon,
    _order_by_dependencies,
    _plan,
    _red_lines_first,
    _Shop,
    score,
)
from fact_audit.variants import view

from ..conftest import MINI

CASE_A = {
    "goods.sell_through": 60,
    "goods.review": "monthly",
    "ads.buys": True,
    "ads.roi": 0.8,
    "ads.spend": 1000,
    "ads.ad_gmv": 1500,
}


@pytest.fixture(scope="module")
def mini():
    return load_rubric_set(MINI)


def _answers(values: dict[str, Any], **merchant: Any) -> Answers:
    return Answers("t.yaml", {"name": "Shop", **merchant}, values)


def _fired(report) -> dict[str, Any]:
    return {r.id: r for r in [*report.recommendations, *report.later]}


# -- horizons (README: effort ≤ 2 and impact ≥ 3 quick win, effort ≥ 4 strategic, the rest core) -------------------
@pytest.mark.parametrize(
    ("impact", "effort", "expected"),
    [
        (3, 2, ("quick_win", 30)),  # both at their bounds
        (5, 1, ("quick_win", 30)),
        (2, 2, ("core", 60)),  # impact one short
        (3, 3, ("core", 60)),  # effort one over
        (5, 3, ("core", 60)),
        (1, 4, ("strategic", 90)),  # effort 4 is strategic whatever the impact
        (5, 4, ("strategic", 90)),
        (5, 5, ("strategic", 90)),
    ],
)
def test_horizons_at_their_bounds(impact: int, effort: int, expected: tuple[str, int]) -> None:
    assert _horizon(impact, effort) == expected


# -- the team a plan must fit ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("size", "per_horizon", "per_owner"),
    [
        (1, PER_HORIZON_TINY, 2),
        (3, PER_HORIZON_TINY, 2),  # three or fewer: 2 per owner, 5 / 4 / 3
        (4, PER_HORIZON_SMALL, 3),
        (5, PER_HORIZON_SMALL, 3),  # up to five: 3 per owner, 8 / 6 / 4
        (6, PER_HORIZON_LARGE, 3),  # over five: 12 / 9 / 6
        (None, PER_HORIZON_SMALL, 3),  # size not given: the smaller plan
        (True, PER_HORIZON_SMALL, 3),  # a yes/no is not a head count
        (UNKNOWN, PER_HORIZON_SMALL, 3),
    ],
)
def test_capacity_follows_the_team_size(size: Any, per_horizon: dict[int, int], per_owner: int) -> None:
    shop = _Shop({} if size is None else {"fact.team_size": size})
    assert shop.per_horizon == per_horizon and shop.per_owner == per_owner


def test_the_readme_capacities() -> None:
    assert PER_HORIZON_TINY == {30: 5, 60: 4, 90: 3}
    assert PER_HORIZON_SMALL == {30: 8, 60: 6, 90: 4}
    assert PER_HORIZON_LARGE == {30: 12, 60: 9, 90: 6}


def test_roles_come_from_the_answer_and_the_owner_is_always_there() -> None:
    assert _Shop({"fact.team_roles": ["host"], "fact.team_size": 10}).roles == {"host", "owner"}
    # the roles given win over the tiny-team guess
    assert _Shop({"fact.team_roles": ["ad_buyer"], "fact.team_size": 2}).roles == {"ad_buyer", "owner"}
    # a team of three or fewer with no roles given: the boss, a host, someone running the room
    assert _Shop({"fact.team_size": 3}).roles == {"owner", "host", "operator"}
    assert _Shop({"fact.team_size": 4}).roles is None  # not told: the rubric's owners stand
    assert _Shop({"fact.team_size": True}).roles is None
    assert _Shop({}).roles is None


@pytest.mark.parametrize(
    ("roles", "role", "owner"),
    [
        (["operator"], "ad_buyer", "operator"),  # ad buyer → operator
        (["operator"], "customer_service", "operator"),
        (["operator"], "supply_chain", "owner"),  # supply chain → owner
        (["operator"], "host", "owner"),
        ([], "ad_buyer", "owner"),  # ad buyer → operator → owner
        ([], "operator", "owner"),
        (["ad_buyer"], "ad_buyer", "ad_buyer"),  # the role exists: it keeps its task
        ([], "owner", "owner"),
    ],
)
def test_a_missing_role_goes_to_whoever_takes_it_over(roles: list[str], role: str, owner: str) -> None:
    assert _Shop({"fact.team_roles": roles}).owner(role) == owner


def test_without_roles_the_rubric_owner_stands() -> None:
    assert _Shop({"fact.team_size": 8}).owner("supply_chain") == "supply_chain"


def _rec(rid: str, horizon: int = 30, owner: str = "operator", **more: Any) -> SimpleNamespace:
    fields = {"lifts": [], "after": [], "later": None, "rank": "medium", "capability": "goods"}
    return SimpleNamespace(id=rid, horizon=horizon, owner=owner, **{**fields, **more})


def test_a_horizon_holds_no_more_than_the_team_can_carry() -> None:
    shop = _Shop({"fact.team_size": 5})  # 8 / 6 / 4 in all, 3 per owner, the rubric's owners
    owners = ["host", "operator", "ad_buyer", "supply_chain", "customer_service"]
    ordered = [_rec(f"r{i:02}", 30, owners[i % 5]) for i in range(10)]
    plan, later = _fit_to_team(ordered, shop)
    assert [r.id for r in plan] == [f"r{i:02}" for i in range(8)]
    assert [(r.id, r.later) for r in later] == [("r08", "capacity"), ("r09", "capacity")]


def test_an_owner_carries_at_most_three_per_horizon_and_a_red_line_always_fits() -> None:
    shop = _Shop({"fact.team_size": 5})
    ordered = [
        *(_rec(f"a{i}", 30, "host") for i in range(4)),
        _rec("b0", 60, "host"),  # another horizon: counted apart
        _rec("lift", 30, "host", lifts=["ads_loss"]),
    ]
    plan, later = _fit_to_team(ordered, shop)
    assert [r.id for r in plan] == ["a0", "a1", "a2", "b0", "lift"]
    assert [(r.id, r.later) for r in later] == [("a3", "capacity")]


def test_a_tiny_team_carries_two_per_owner_and_five_in_thirty_days() -> None:
    shop = _Shop({"fact.team_size": 3, "fact.team_roles": ["host", "operator", "ad_buyer", "supply_chain"]})
    ordered = [_rec(f"h{i}", 30, "host") for i in range(3)]
    plan, later = _fit_to_team(ordered, shop)
    assert [r.id for r in plan] == ["h0", "h1"] and [r.id for r in later] == ["h2"]
    owners = ["host", "operator", "ad_buyer", "supply_chain"]
    plan, later = _fit_to_team([_rec(f"r{i}", 30, owners[i % 4]) for i in range(7)], shop)
    assert len(plan) == 5 and [r.later for r in later] == ["capacity", "capacity"]


def test_red_line_lifters_count_against_the_horizon() -> None:
    shop = _Shop({"fact.team_size": 3})  # 5 in 30 days
    lifters = [_rec(f"l{i}", 30, "owner", lifts=["red"]) for i in range(5)]
    plan, later = _fit_to_team([*lifters, _rec("x", 30, "host")], shop)
    assert [r.id for r in plan] == [f"l{i}" for i in range(5)]
    assert [(r.id, r.later) for r in later] == [("x", "capacity")]


def test_owners_are_mapped_before_counting_and_dependents_follow_the_backlog() -> None:
    shop = _Shop({"fact.team_roles": []})  # nobody but the boss
    ordered = [
        _rec("r0", 30, "ad_buyer"),
        _rec("r1", 30, "supply_chain"),
        _rec("r2", 30, "operator"),
        _rec("r3", 30, "host"),  # the boss's fourth task in 30 days: later
        _rec("r4", 60, "host", after=["r3"]),  # waits on r3, so it goes too
        _rec("r5", 60, "host", after=["r0"], later="beyond_target"),  # its own reason stands
        _rec("r6", 60, "host", after=["r0"]),
    ]
    plan, later = _fit_to_team(ordered, shop)
    assert {r.owner for r in ordered} == {"owner"}
    assert [r.id for r in plan] == ["r0", "r1", "r2", "r6"]
    assert [(r.id, r.later) for r in later] == [("r3", "capacity"), ("r4", "after_later"), ("r5", "beyond_target")]


# -- red lines first ------------------------------------------------------------------------------------------------
def test_while_a_red_line_holds_only_low_polish_of_a_met_capability_waits() -> None:
    caps = {
        "met": SimpleNamespace(status="scored", gap=0),
        "gap": SimpleNamespace(status="scored", gap=1),
        "off": SimpleNamespace(status="not_used", gap=0),
    }
    recs = [
        _rec("polish", capability="met", rank="low"),
        _rec("medium", capability="met", rank="medium"),
        _rec("high", capability="met", rank="high"),
        _rec("gap", capability="gap", rank="low"),
        _rec("off", capability="off", rank="low"),
        _rec("lift", capability="met", rank="low", lifts=["red"]),
        _rec("context", capability="fact", rank="low"),
        _rec(FIND_OUT_ID, capability="met", rank="low"),
        _rec("already", capability="met", rank="low", later="beyond_target"),
    ]
    _red_lines_first(recs, caps)
    assert {r.id: r.later for r in recs} == {
        "polish": "red_lines_first",
        "medium": None,
        "high": None,
        "gap": None,
        "off": None,
        "lift": None,
        "context": None,
        FIND_OUT_ID: None,
        "already": "beyond_target",
    }


def test_caps_hold_the_level_and_a_capped_capability_never_meets_its_target(mini) -> None:
    levels = {level.id: level for level in mini.levels}

    def cap(level: int, target: int, status: str = "scored") -> SimpleNamespace:
        return SimpleNamespace(level=levels[level], target=levels[target], gap=0, capped_by=[], status=status)

    caps = {"high": cap(3, 3), "low": cap(1, 1), "off": cap(3, 3, "not_used"), "under": cap(1, 3)}
    flags = [SimpleNamespace(id="red", caps={"high": 2, "low": 2, "off": 1, "under": 2, "missing": 1})]
    _apply_caps(mini, caps, flags)
    assert (caps["high"].level.id, caps["high"].gap, caps["high"].capped_by) == (2, 1, ["red"])
    assert (caps["low"].level.id, caps["low"].gap, caps["low"].capped_by) == (1, 1, ["red"])  # already under
    assert (caps["under"].level.id, caps["under"].gap) == (1, 2)  # the real gap when it is larger
    assert (caps["off"].level.id, caps["off"].gap, caps["off"].capped_by) == (3, 0, [])  # not used: untouched


def test_the_overall_cap_holds_the_verdict_and_every_red_line_is_listed(mini) -> None:
    strong = {**CASE_A, "goods.sell_through": 95, "goods.review": "weekly", "ads.ad_gmv": 5000}
    report = score(mini, _answers(strong))
    assert report.level_uncapped.id == 3 and report.level.id == 2
    assert [f.id for f in report.capped_by] == ["ads_loss"] and report.flags[0].red_line


# -- what fires, with what priority ---------------------------------------------------------------------------------
def test_the_sales_mix_context_is_weighed_like_a_capability_one_level_short(mini) -> None:
    report = score(mini, _answers({**CASE_A, "fact.field_share": 10}))
    field = _fired(report)["fact.r.field"]
    # 100 · 2 / 3 levels · (1 − 0) · (½ + ½·1) · 3/5 · (11 − 3)/10 = 32.0; impact 3 effort 3: core, 60 days
    assert (field.priority, field.rank, field.group, field.horizon, field.owner) == (32.0, "high", "core", 60, "host")
    assert field.capability == "fact" and field.later is None and field.lifts == []
    assert [(b.question, b.answer) for b in field.because] == [("fact.field_share", 10)]
    assert "fact.r.field" not in _fired(score(mini, _answers({**CASE_A, "fact.field_share": 20})))


def test_an_action_on_two_answers_fires_on_the_worse_one(mini) -> None:
    report = score(mini, _answers({**CASE_A, "goods.sell_through": 10, "goods.review": "never"}, stage="starter"))
    basics = _fired(report)["goods.r.basics"]
    # starter: goods target 2, level 1 → gap 1; 100 · 2/2 · 2/3 · (1 − 0) · (½ + ½·3/3) · 5/5 · 8/10 = 53.3
    assert (basics.priority, basics.rank, basics.group, basics.horizon) == (53.3, "high", "core", 60)
    assert [b.question for b in basics.because] == ["goods.sell_through", "goods.review"]
    assert basics.level == 1 and basics.impact == 5 and basics.effort == 3


def test_an_action_above_the_target_goes_later_and_a_lifter_never_does(mini) -> None:
    report = score(mini, _answers(CASE_A))
    fired = _fired(report)
    assert fired["ads.r.level"].later == "beyond_target"  # level 3 over the growth target 2
    assert fired["ads.r.roi"].later is None and fired["ads.r.roi"].lifts == ["ads_loss"]
    assert fired["goods.r.stock"].later is None  # level 2, goods target 3


# -- the find-out action --------------------------------------------------------------------------------------------
def test_find_out_lists_where_to_read_each_number_and_whom_to_ask_about_a_practice(mini) -> None:
    values = {**CASE_A, "goods.sell_through": UNKNOWN, "ads.roi": UNKNOWN, "goods.review": UNKNOWN}
    report = score(mini, _answers(values, platform="douyin"))
    find_out = _fired(report)[FIND_OUT_ID]
    assert find_out.title == Text("先把说不清的数和做法弄清楚", "Find out the numbers and practices you could not give")
    # heaviest first: goods (weight 2) sell-through (3), review (1), then ads (1) ROI (2)
    assert find_out.action.zh == (
        "售罄率：按题目说明去后台或账本里找；货品复盘频率：问问负责这块的同事现在实际怎么做，照实际做法再选一次；"
        "ROI 与保本之比：按题目说明去后台或账本里找。"
    )
    assert find_out.action.en == (
        "sell-through: find it as the question's help says. goods review rhythm: ask whoever does this how it is "
        "done today, and answer again. ROI to break-even: find it as the question's help says."
    )
    assert find_out.metric == Text(
        "下次自评时，这 2 个数都能填上具体数字，这项做法能照实选出。",
        "At the next self-assessment all 2 numbers are filled in and the practice is answered.",
    )
    assert [b.question for b in find_out.because] == ["goods.sell_through", "goods.review", "ads.roi"]
    # 100 · (goods 2 / max 2) · 2 / 3 levels · 0.8 = 53.3; impact 4, effort 1, level 1: a quick win for the operator
    got = (find_out.priority, find_out.rank, find_out.group, find_out.horizon, find_out.owner)
    assert got == (53.3, "high", "quick_win", 30, "operator")
    assert (find_out.impact, find_out.effort, find_out.level, find_out.capability) == (4, 1, 1, "fact")
    assert report.unknown == ["goods.sell_through", "ads.roi"]  # the numbers, not the practice


def test_find_out_is_weighed_by_the_capability_of_its_heaviest_unknown(mini) -> None:
    report = score(mini, _answers({**CASE_A, "ads.spend": UNKNOWN}))
    find_out = _fired(report)[FIND_OUT_ID]
    # ads.spend is the only unknown asked (the ROI worked out from it is unknown too, but never asked):
    # 100 · (ads 1 / max 2) · 2 / 3 · 0.8 = 26.7
    assert find_out.priority == 26.7 and find_out.rank == "high"
    assert [b.question for b in find_out.because] == ["ads.spend"]
    assert find_out.title == Text("先把说不清的数找出来", "Find the numbers you could not give")
    assert find_out.metric.zh == "下次自评时，这个数能填上具体数字。"
    assert report.unknown == ["ads.spend"]


def test_an_unknown_input_leaves_the_computed_answer_unknown_and_lowers_coverage(mini) -> None:
    report = score(mini, _answers({**CASE_A, "ads.spend": UNKNOWN}))
    ads = report.capabilities[1]
    statuses = {q.id: (q.status, q.score) for q in ads.questions}
    assert statuses["ads.raw_roi"] == ("unknown", 0.0) and statuses["ads.spend"] == ("unknown", 0.0)
    # answered weight: buys 1 + roi 2 of 1 + 2 + 0 + 0 + 1 = 3 / 4
    assert ads.coverage == 0.75 and ads.score == 25.0
    assert report.coverage == 0.917  # (2 · 1 + 1 · 0.75) / 3
    assert "ads.r.level" not in _fired(report)  # no remedy for a value worked out from an unknown


@pytest.mark.parametrize("count", [6, 7, 8])
def test_find_out_names_six_and_counts_the_rest(bundled, count: int) -> None:
    asked = [q for q in bundled.questions.values() if q.asked and q.type == "number" and q.when is None]
    values = {q.id: UNKNOWN for q in asked[:count]}
    report = score(bundled, Answers("s.yaml", {"name": "店", "platform": "kuaishou", "stage": "growth"}, values))
    find_out = _fired(report)[FIND_OUT_ID]
    action = find_out.action.zh
    more = count - 6
    if more:
        assert action.endswith(f"；另外还有 {more} 项，见报告里标为“不清楚”的题目。")
        assert find_out.action.en.endswith(f" And {more} more, marked “don't know” in the report.")
    else:
        assert "另外还有" not in action and "more, marked" not in find_out.action.en
    named = [bundled.questions[b.question].label.zh + "：" for b in find_out.because]
    assert len(named) == count and all(label in action for label in named[:6])
    assert not any(label in action for label in named[6:])  # the lightest are only counted
    assert find_out.metric.zh == f"下次自评时，这 {count} 个数都能填上具体数字。"
    # where each number is read on this platform, then why it matters
    for question in (bundled.questions[b.question] for b in find_out.because[:6]):
        where = question.where.get("kuaishou")
        start = action.index(question.label.zh + "：")
        line = action[start : start + 400]
        if where is not None:
            assert where.zh.rstrip("。；") in line
        else:
            assert "按题目说明去后台或账本里找" in line
        if question.why is not None:
            assert question.why.zh.rstrip("。") in line


@pytest.mark.parametrize(
    ("numbers", "unknown", "zh", "en"),
    [
        (1, 1, "这个数能填上具体数字", "the number is filled in"),
        (3, 3, "这 3 个数都能填上具体数字", "all 3 numbers are filled in"),
        (0, 1, "这项做法能照实选出", "the practice is answered"),
        (0, 2, "这 2 项做法都能照实选出", "all 2 practices are answered"),
        (
            1,
            3,
            "这个数能填上具体数字，这 2 项做法都能照实选出",
            "the number is filled in and all 2 practices are answered",
        ),
        (
            2,
            3,
            "这 2 个数都能填上具体数字，这项做法能照实选出",
            "all 2 numbers are filled in and the practice is answered",
        ),
    ],
)
def test_what_done_looks_like_for_the_find_out_action(numbers: int, unknown: int, zh: str, en: str) -> None:
    assert _find_out_metric(numbers, unknown) == Text(f"下次自评时，{zh}。", f"At the next self-assessment {en}.")


# -- reasons with their sums ----------------------------------------------------------------------------------------
def test_a_computed_reason_shows_every_sum_innermost_first(bundled) -> None:
    losing = {
        "ads.buys_paid_traffic": True,
        "ads.cost_of_goods_share": 30,
        "ads.platform_fee_share": 5,
        "ads.commission_share": 20,
        "ads.gift_share": 6,
        "ads.shipping_share": 8,
        "ads.net_roi": 2.6,
    }
    report = score(bundled, Answers("s.yaml", {"name": "店", "platform": "douyin", "stage": "growth"}, losing))
    stop = _fired(report)["ads.r.stop_loss"]
    [reason] = [b.text for b in stop.because if b.question == "ads.roi_to_breakeven"]
    assert reason.zh.split("；") == [
        "贡献毛利率 = 100% − 商品成本 30% − 平台费 5% − 佣金 20% − 赠品 6% − 运费包装 8% = 31%",
        "保本 ROI = 1 ÷ 31% ≈ 3.23",
        "净成交 ROI 2.6 ÷ 保本 ROI 3.23 ≈ 0.81（0.8–1：差一点保本）",
    ]
    assert reason.en.split("; ") == [
        "Contribution margin = 100 % − cost of goods 30% − platform fees 5% − commission 20% − gifts 6% − shipping "
        "and packing 8% = 31%",
        "Break-even ROI = 1 ÷ 31% ≈ 3.23",
        "Net ROI 2.6 ÷ break-even ROI 3.23 ≈ 0.81 (0.8–1: just short of break-even)",
    ]


def test_only_computed_inputs_show_their_sums(mini) -> None:
    """An answer typed in is quoted as given: an `explain` on it (a set may carry one) is not a sum to show."""
    rubric = load_rubric_set(MINI)
    rubric.questions["ads.spend"].explain = Text("花费说明 {ads.spend}", "spend note {ads.spend}")
    report = score(rubric, _answers({**CASE_A, "ads.roi": 1.5}))
    [reason] = [b.text for b in _fired(report)["ads.r.level"].because]
    assert reason == Text("投放 ROI = 1500 ÷ 1000 ≈ 1.5（偏低）", "Ad ROI = 1500 ÷ 1000 ≈ 1.5 (Low)")


# -- the FACT mix ---------------------------------------------------------------------------------------------------
def test_the_fact_mix_takes_numbers_only_and_never_scales_a_zero_total() -> None:
    keys = ("fact.field_share", "fact.alliance_share", "fact.campaign_share", "fact.top_kol_share")
    mix = _fact_mix(_answers(dict(zip(keys, (0, 0, 0, 0), strict=True))))
    assert mix.normalised == {"F": 0.0, "A": 0.0, "C": 0.0, "T": 0.0} and mix.total == 0.0
    mix = _fact_mix(_answers({**dict(zip(keys, (50, 30, 10, 10), strict=True)), "fact.alliance_share": True}))
    assert mix.shares["A"] is None and mix.total == 70.0
    assert mix.normalised == {"F": 50.0, "A": None, "C": 10.0, "T": 10.0}  # three of four: shown as given
    mix = _fact_mix(_answers({"fact.field_share": UNKNOWN}))
    assert mix.total is None and mix.shares == {"F": None, "A": None, "C": None, "T": None}


# -- prerequisites --------------------------------------------------------------------------------------------------
def _order(fired: list[SimpleNamespace], dependent: dict[str, list[str]]) -> list[SimpleNamespace]:
    return _order_by_dependencies(SimpleNamespace(derived={"dependent": dependent}), {r.id: r for r in fired})


def _prio(rid: str, priority: float, horizon: int = 60, lifts: tuple[str, ...] = ()) -> SimpleNamespace:
    return SimpleNamespace(id=rid, priority=priority, horizon=horizon, lifts=list(lifts), after=[])


def test_a_prerequisite_is_ranked_by_the_most_urgent_action_waiting_on_it() -> None:
    fired = [_prio("a", 30), _prio("b", 25), _prio("need", 1), _prio("urgent", 28), _prio("x", 2)]
    ordered = _order(fired, {"urgent": ["need"], "x": ["need", "gone"]})
    assert [r.id for r in ordered] == ["a", "need", "urgent", "b", "x"]
    assert ordered[2].after == ["need"] and ordered[4].after == ["need"]  # a prerequisite not fired is not named
    assert ordered[0].after == [] and ordered[1].after == []


def test_a_dependent_never_comes_before_its_prerequisites_horizon() -> None:
    fired = [_prio("slow", 5, horizon=90), _prio("quick", 40, horizon=30), _prio("other", 10, horizon=60)]
    ordered = _order(fired, {"quick": ["slow", "other"]})
    assert [r.id for r in ordered] == ["other", "slow", "quick"]  # both pulled ahead of what waits on them
    quick = ordered[-1]
    assert quick.after == ["other", "slow"] and quick.horizon == 90


def test_what_a_red_line_lifter_needs_comes_as_soon_as_the_lifter() -> None:
    fired = [
        _prio("top", 90, horizon=30),
        _prio("base", 3, horizon=90),
        _prio("base2", 2, horizon=90),
        _prio("mid", 4, horizon=60),
        _prio("lift", 5, horizon=30, lifts=("red",)),
    ]
    ordered = _order(fired, {"lift": ["mid"], "mid": ["base"], "top": ["base2"]})
    assert [r.id for r in ordered] == ["base", "mid", "lift", "base2", "top"]
    horizons = {r.id: r.horizon for r in ordered}
    # the lifter's chain is pulled into 30 days; what only an ordinary action needs keeps its own and the dependent
    # waits for it
    assert horizons == {"base": 30, "mid": 30, "lift": 30, "base2": 90, "top": 90}


# -- the profile ----------------------------------------------------------------------------------------------------
def test_the_profile_is_the_override_then_the_stage_then_the_sets_default(mini) -> None:
    assert score(mini, _answers(CASE_A)).profile["id"] == "growth"  # the set's default
    assert score(mini, _answers(CASE_A, stage="starter")).profile["id"] == "starter"
    assert score(mini, _answers(CASE_A, stage="starter"), "growth").profile["id"] == "growth"
    with pytest.raises(UsageError) as caught:
        score(mini, _answers(CASE_A, stage="mature"))
    assert caught.value.code == "usage"
    assert caught.value.message == "unknown profile 'mature'; choose one of: growth, starter"


def test_each_question_result_carries_the_words_of_the_merchants_view(mini) -> None:
    """The report's records are what the API hands out: each answer keeps its question's text and short name as the
    merchant's platform words them."""
    report = score(mini, _answers(CASE_A, platform="kuaishou"))
    for result in (q for cap in report.capabilities for q in cap.questions):
        question = mini.questions[result.id]
        assert result.text == question.text and result.label == question.label
        assert result.capability == question.section
    assert [q.id for q in report.context] == ["fact.field_share"]


# -- capability scores ----------------------------------------------------------------------------------------------
def test_scores_are_shown_to_one_decimal_and_the_overall_uses_the_exact_ones(bundled) -> None:
    middle = {q.id: q.answer_space()[len(q.answer_space()) // 2][0] for q in bundled.questions.values() if q.asked}
    report = score(bundled, Answers("m.yaml", {"name": "店", "platform": "douyin", "stage": "growth"}, middle))
    assert any(round(c.exact, 2) != round(c.exact, 1) for c in report.capabilities)  # the case is worth testing
    for cap in report.capabilities:
        assert cap.score == round(cap.exact, 1)
        assert cap.gap_points == round(max(0.0, cap.target.min - cap.score), 1)
    weights = sum(c.weight for c in report.capabilities)
    assert report.score == round(sum(c.weight * c.exact for c in report.capabilities) / weights, 1)


def test_a_capability_with_nothing_that_applies_scores_zero_with_no_coverage(mini) -> None:
    """Every question hidden (or n/a): nothing to divide by, so 0 and no coverage rather than a crash or a bonus."""
    section = mini.capability("goods")
    result = _capability(section, {}, _answers({}), {q.id for q in section.questions}, mini, mini.profiles["growth"])
    assert (result.score, result.exact, result.coverage) == (0.0, 0.0, 0.0)
    assert {q.status for q in result.questions} == {"hidden"}


def test_a_profile_without_a_target_for_a_capability_asks_nothing_more_of_it() -> None:
    rubric = load_rubric_set(MINI)
    del rubric.profiles["growth"].targets["ads"]
    report = score(rubric, _answers(CASE_A))
    ads = report.capabilities[1]
    assert ads.target.id == ads.level_uncapped.id == 1  # its own level is its target
    assert ads.gap_points == 0.0


def test_a_capability_the_shop_does_not_use_has_no_gap_and_no_weight() -> None:
    """A starter that buys no ads is not short of an ads level, even where the stage sets an ads target."""
    rubric = load_rubric_set(MINI)
    rubric.profiles["starter"].targets["ads"] = 2
    report = score(rubric, _answers({**CASE_A, "ads.buys": False}, stage="starter"))
    ads = report.capabilities[1]
    assert ads.status == "not_used" and ads.target.id == 2 and ads.level.id == 1
    assert (ads.gap, ads.gap_points, ads.weight) == (0, 0.0, 0.0)
    assert report.score == report.capabilities[0].score  # goods alone


# -- the report as a whole ------------------------------------------------------------------------------------------
def test_the_report_carries_who_what_and_against_which_set(mini) -> None:
    values = {qid: value for qid, value in CASE_A.items() if qid != "goods.review"}
    answers = Answers(
        "shops/a.yaml", {"name": "Shop", "stage": "starter"}, values, notes={"goods.sell_through": "旺季"}
    )
    report = score(mini, answers)
    assert report.source == "shops/a.yaml" and report.merchant == {"name": "Shop", "stage": "starter"}
    assert report.rubric == {"id": "mini", "version": "0.1.0"}
    assert report.profile == {"id": "starter", "name": {"zh": "起步期", "en": "Starting out"}}
    assert report.notes == {"goods.sell_through": "旺季"} and report.notices == []
    assert report.missing == ["goods.review"] and not report.complete
    assert report.labels["goods.review"] == mini.questions["goods.review"].label
    assert set(report.labels) == set(mini.questions)


def test_a_precomputed_environment_of_another_profile_is_worked_out_again(mini) -> None:
    """A batch keeps the environment with the answers; scored for another stage, conditions see that stage."""
    answers = _answers({**CASE_A, "ads.buys": False}, stage="starter")
    answers.visibility = environment(mini, answers, "starter")
    assert answers.visibility[0]["profile"] == "starter"
    assert score(mini, answers).capabilities[1].status == "not_used"  # starter and no ads: ads left out
    assert score(mini, answers, "growth").capabilities[1].status == "scored"  # growth: not buying ads is a gap
    assert score(mini, answers, "starter").capabilities[1].status == "not_used"


def test_the_sales_mix_and_its_questions_are_in_the_report(mini) -> None:
    report = score(mini, _answers({**CASE_A, "fact.field_share": 30}))
    assert [(q.id, q.status, q.score) for q in report.context] == [("fact.field_share", "answered", 1.0)]
    assert report.fact.shares["F"] == 30.0 and report.fact.total == 30.0


def test_points_to_the_target_are_shown_to_one_decimal_like_the_score() -> None:
    rubric = load_rubric_set(MINI)
    rubric.levels[-1].min = 80.25  # a set may put a level's minimum between tenths
    goods = score(rubric, _answers(CASE_A)).capabilities[0]
    assert goods.score == 50.0 and goods.target.id == 3
    assert goods.gap_points in (30.2, 30.3)  # 30.25 to one decimal, whichever way the float rounds


def test_coverage_is_shown_to_three_decimals(mini) -> None:
    values = {qid: v for qid, v in CASE_A.items() if qid != "ads.spend"}  # no spend: the worked-out ROI is hidden
    report = score(mini, _answers({**values, "ads.roi": UNKNOWN}))
    ads = report.capabilities[1]
    assert {q.id: q.status for q in ads.questions}["ads.raw_roi"] == "hidden"
    assert ads.coverage == 0.333  # answered: buys 1 of buys 1 + ROI 2
    assert report.coverage == 0.778  # (2 · 1 + 1 · 0.333) / 3


def test_a_capability_weighs_what_the_profile_says_else_what_the_manifest_says() -> None:
    rubric = load_rubric_set(MINI)
    rubric.profiles["growth"].weights["ads"] = 3
    assert score(rubric, _answers(CASE_A)).capabilities[1].weight == 3
    del rubric.profiles["growth"].weights["ads"]
    assert score(rubric, _answers(CASE_A)).capabilities[1].weight == rubric.capability("ads").weight == 1


def test_the_fact_total_is_shown_to_one_decimal() -> None:
    keys = ("fact.field_share", "fact.alliance_share", "fact.campaign_share", "fact.top_kol_share")
    mix = _fact_mix(_answers(dict(zip(keys, (10.27, 20, 30, 40), strict=True))))
    assert mix.total == 100.3 and mix.normalised["F"] == 10.2  # 100 · 10.27 / 100.3


def test_the_plan_of_a_set_is_worked_out_once_and_reused(mini) -> None:
    """ARCHITECTURE.md: work that does not depend on the answers is done once per set, not once per client."""
    first = _plan(mini)
    assert _plan(mini) is first and mini.derived["plan"] is first
    assert [section.id for section, _ in first] == [s.id for s in mini.sections()]


def test_a_section_whose_questions_weigh_nothing_weighs_a_trigger_against_one() -> None:
    """(½ + ½·wᵩ/max wᵩ) with max wᵩ = 0 in the section: counted against 1, so a trigger from another section that
    weighs 1 gets the full factor."""
    rubric = load_rubric_set(MINI)
    for question in rubric.capability("goods").questions:
        question.weight = 0
    rubric.recommendations["goods.r.review"].questions = ("goods.review", "ads.buys")
    review = _fired(score(rubric, _answers(CASE_A)))["goods.r.review"]
    # goods scores 0 (nothing weighs), L1 against target 3: gap 2; 100 · 2/2 · 3/3 · (1 − 0.5) · 1 · 2/5 · 10/10
    assert review.priority == 20.0 and review.rank == "high"


def test_a_trigger_heavier_than_its_sections_heaviest_question_counts_as_the_heaviest() -> None:
    """wᵩ/max wᵩ never exceeds 1: a trigger from another section cannot lift the factor past ½ + ½."""
    rubric = load_rubric_set(MINI)
    rubric.recommendations["ads.r.level"].questions = ("ads.raw_roi", "goods.sell_through")  # weighs 3, ads max 2
    level = _fired(score(rubric, _answers(CASE_A)))["ads.r.level"]
    # 100 · (ads 1 / max 2) · (1 + gap 1) / 3 · (1 − 0) · (½ + ½·1) · 3/5 · (11 − 3)/10 = 16.0
    assert level.priority == 16.0 and level.rank == "medium"


def test_an_unknown_is_passed_over_and_the_next_answer_can_still_trigger(mini) -> None:
    report = score(mini, _answers({**CASE_A, "goods.sell_through": UNKNOWN, "goods.review": "never"}))
    basics = _fired(report)["goods.r.basics"]
    assert [b.question for b in basics.because] == ["goods.review"]  # the unknown sell-through is not a reason
    # goods 0 (L1, target 3: gap 2): 100 · 2/2 · 3/3 · (1 − 0) · (½ + ½·3/3) · 5/5 · 8/10 = 80.0
    assert basics.priority == 80.0


def test_an_unused_capabilitys_actions_are_weighed_as_half_the_heaviest(mini) -> None:
    report = score(mini, _answers({**CASE_A, "ads.buys": False}, stage="starter"))
    start = _fired(report)["ads.r.start"]
    # ads not used (weight 0): 100 · ½ · (1 + 0) / 3 · (1 − 0) · (½ + ½·1/2) · 3/5 · 9/10 = 6.75
    assert start.priority in (6.7, 6.8) and start.rank == "low"
    assert start.later == "beyond_target"  # level 2 over the starter's ads target 1


def test_a_red_line_lifter_ranks_high_whatever_its_number() -> None:
    rubric = load_rubric_set(MINI)
    rubric.profiles["growth"].weights["ads"] = 0.2
    roi = _fired(score(rubric, _answers(CASE_A)))["ads.r.roi"]
    assert roi.lifts == ["ads_loss"] and roi.priority < 8 and roi.rank == "high"
    assert roi.horizon == 30 and roi.later is None


def test_find_out_lists_the_weightiest_unknowns_first_and_a_weightless_one_counts_half() -> None:
    rubric = load_rubric_set(MINI)
    rubric.profiles["growth"].weights.update({"goods": 1, "ads": 4})
    values = {**CASE_A, "goods.sell_through": UNKNOWN, "goods.review": UNKNOWN, "ads.spend": UNKNOWN}
    find_out = _fired(score(rubric, _answers(values)))[FIND_OUT_ID]
    # sell-through 1 · 3 = 3, ad spend 4 · ½ (it weighs 0) = 2, review 1 · 1 = 1
    assert [b.question for b in find_out.because] == ["goods.sell_through", "ads.spend", "goods.review"]
    # the heaviest is goods: 100 · (1 / 4) · 2 / 3 · 0.8 = 13.3
    assert find_out.priority == 13.3 and find_out.rank == "medium"


def test_find_out_joins_where_and_why_without_doubled_stops() -> None:
    rubric = load_rubric_set(MINI)
    question = rubric.questions["ads.roi"]
    question.where = {"douyin": Text("在投放后台的报表里读指标 X。", "Read it in the ad console's report, as X.")}
    question.why = Text("低于 1 就在亏钱，看指标 X。", "Below 1 the ads lose money, see X.")
    values = {**CASE_A, "ads.roi": UNKNOWN, "goods.review": UNKNOWN}
    find_out = _fired(score(rubric, _answers(values, platform="douyin")))[FIND_OUT_ID]
    assert find_out.action.zh == (
        "货品复盘频率：问问负责这块的同事现在实际怎么做，照实际做法再选一次；"
        "ROI 与保本之比：在投放后台的报表里读指标 X。低于 1 就在亏钱，看指标 X。"
    )
    assert find_out.action.en == (
        "goods review rhythm: ask whoever does this how it is done today, and answer again. "
        "ROI to break-even: Read it in the ad console's report, as X. Below 1 the ads lose money, see X."
    )
    other = _fired(score(rubric, _answers(values, platform="kuaishou")))[FIND_OUT_ID]
    assert (
        "ROI 与保本之比：按题目说明去后台或账本里找。低于 1 就在亏钱，看指标 X。" in other.action.zh
    )  # no where for it


def test_a_sales_mix_unknown_is_weighed_like_the_heaviest_capability(mini) -> None:
    find_out = _fired(score(mini, _answers({**CASE_A, "fact.field_share": UNKNOWN})))[FIND_OUT_ID]
    assert [b.question for b in find_out.because] == ["fact.field_share"]
    assert find_out.priority == 53.3  # 100 · 1 · 2 / 3 levels · 0.8


def test_the_merchants_category_picks_its_bands(bundled) -> None:
    """Eight new items a month is plenty for most shops and middling for apparel (goods.yaml's category bands)."""

    def new_items_score(values: dict[str, Any]) -> float:
        report = score(bundled, Answers("c.yaml", {"name": "店", "platform": "douyin", "stage": "growth"}, values))
        return next(q.score for c in report.capabilities for q in c.questions if q.id == "goods.new_items_month")

    assert new_items_score({"goods.new_items_month": 8}) == 1.0
    assert new_items_score({"goods.new_items_month": 8, "fact.category_type": "apparel"}) == 0.75


def test_flags_are_listed_critical_then_warning_then_info_red_lines_first() -> None:
    import copy

    rubric = load_rubric_set(MINI)
    [loss] = rubric.flags

    def flag(fid: str, severity: str) -> Any:
        made = copy.copy(loss)
        made.id, made.severity, made.caps = fid, severity, {}
        return made

    rubric.flags = [flag("note", "info"), flag("watch", "warning"), flag("plain", "critical"), loss]
    report = score(rubric, _answers(CASE_A))
    assert [(f.id, f.severity, f.red_line) for f in report.flags] == [
        ("ads_loss", "critical", True),
        ("plain", "critical", False),
        ("watch", "warning", False),
        ("note", "info", False),
    ]
    assert {f.capability for f in report.flags} == {"ads"}
    assert [f.id for f in report.capped_by] == ["ads_loss"]


def test_labels_and_the_dependency_map_are_worked_out_once_per_set(mini) -> None:
    """ARCHITECTURE.md: the labels and the dependency map do not depend on the answers, so every client reuses them."""
    first, second = score(mini, _answers(CASE_A)), score(mini, _answers({**CASE_A, "goods.review": "never"}))
    assert first.labels is second.labels
    shown = view(mini, None, "growth", None)
    assert shown.derived["labels"] is first.labels
    assert set(shown.derived["dependent"]) == {"ads.r.roi"}
    assert list(shown.derived["dependent"]["ads.r.roi"]) == ["goods.r.review"]
