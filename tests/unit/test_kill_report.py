"""Issue 18, report.py: the JSON report is the interface other tools read, so every field is pinned by value.

A consultant's spreadsheet, a CRM import and the HTML page all read `to_dict()`; a key dropped, renamed or filled
from the wrong field (`after`, `later`, `level_uncapped`, the FACT shares) breaks them without a snapshot noticing
once the goldens are regenerated. Built here from hand-made records, so each value has one known source."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from fact_audit.answers import Notice
from fact_audit.model import Level, Text
from fact_audit.report import (
    CapabilityResult,
    FactMix,
    FlagResult,
    QuestionResult,
    Reason,
    RecommendationResult,
    Report,
    display_answer,
)

BASIC = Level(1, 0.0, Text("起步", "Basic"), Text("刚开始", "Just started"))
SOLID = Level(3, 60.0, Text("扎实", "Solid"), Text("稳定", "Steady"))
TOP = Level(4, 80.0, Text("领先", "Leading"), Text("领先", "Ahead"))


def _level(level: Level) -> dict[str, Any]:
    return {"id": level.id, "name": {"zh": level.name.zh, "en": level.name.en}}


@pytest.mark.parametrize(
    ("value", "shown"),
    [(True, "yes"), (False, "no"), (["a", "b"], "[a, b]"), ([], "[]"), (3, "3"), (2.5, "2.5"), ("unknown", "unknown")],
)
def test_answers_as_a_consultants_tools_show_them(value: Any, shown: str) -> None:
    assert display_answer(value) == shown


def test_a_question_result_is_labelled_by_its_text_unless_given_a_label() -> None:
    text, label = Text("售罄率", "Sell-through"), Text("售罄", "Sell")
    plain = QuestionResult("goods.sell_through", "goods", "answered", 80, 0.75, 2.0, text)
    assert plain.label is text and plain.capability == "goods" and plain.text is text
    labelled = QuestionResult("goods.sell_through", "goods", "na", "n/a", None, 2.0, text, label)
    assert labelled.label is label
    assert plain.to_dict() == {
        "id": "goods.sell_through",
        "status": "answered",
        "answer": 80,
        "score": 0.75,
        "weight": 2.0,
    }
    assert labelled.to_dict() == {
        "id": "goods.sell_through",
        "status": "na",
        "answer": "n/a",
        "score": None,
        "weight": 2.0,
    }


def _question() -> QuestionResult:
    return QuestionResult("goods.dev_loop", "goods", "answered", 3, 0.75, 1.0, Text("迭代", "Loop"))


def test_a_capability_shows_its_capped_level_and_the_one_it_would_have() -> None:
    capped = CapabilityResult(
        "goods", Text("货", "Goods"), 72.5, SOLID, TOP, 1, 7.5, 0.9, 0.2, [_question()], "scored", TOP, ["f.red"], 72.46
    )
    assert capped.to_dict() == {
        "id": "goods",
        "name": {"zh": "货", "en": "Goods"},
        "status": "scored",
        "score": 72.5,
        "level": _level(SOLID),
        "level_uncapped": _level(TOP),
        "capped_by": ["f.red"],
        "target": _level(TOP),
        "gap": 1,
        "gap_points": 7.5,
        "coverage": 0.9,
        "weight": 0.2,
        "questions": [_question().to_dict()],
    }
    assert capped.exact == 72.46 and capped.level_uncapped is TOP


def test_an_uncapped_capability_shows_the_same_level_twice() -> None:
    plain = CapabilityResult("ads", Text("投", "Ads"), 10.0, BASIC, SOLID, 2, 50.0, 1.0, 0.0, [])
    assert (plain.status, plain.level_uncapped, plain.capped_by, plain.exact) == ("scored", BASIC, [], 0.0)
    data = plain.to_dict()
    assert data["level_uncapped"] == data["level"] == _level(BASIC) and data["target"] == _level(SOLID)
    assert data["capped_by"] == [] and data["questions"] == [] and data["status"] == "scored"
    assert CapabilityResult("ads", Text("投", "Ads"), 0, BASIC, SOLID, 0, 0, 0, 0, [], "not_used").status == "not_used"


def test_a_flag_is_a_red_line_when_it_caps_a_level() -> None:
    red = FlagResult("f.red", "critical", "ads", Text("亏钱投流", "Losing money"), {"ads": 2})
    note = FlagResult("f.note", "info", None, Text("提示", "Note"))
    assert red.red_line is True and note.red_line is False and note.caps == {}
    assert red.to_dict() == {
        "id": "f.red",
        "severity": "critical",
        "capability": "ads",
        "message": {"zh": "亏钱投流", "en": "Losing money"},
        "caps": {"ads": 2},
    }
    assert note.to_dict()["caps"] == {} and note.to_dict()["capability"] is None


def test_a_reason_is_worded_once_on_first_use_and_travels_with_its_words() -> None:
    calls: list[int] = []

    def explain() -> Text:
        calls.append(1)
        return Text("售罄率只有 40%", "Sell-through is only 40%")

    reason = Reason("goods.sell_through", 40, explain=explain)
    assert calls == []  # not worded until shown
    assert reason.text == Text("售罄率只有 40%", "Sell-through is only 40%")
    assert reason.text.en == "Sell-through is only 40%" and calls == [1]  # and only once
    assert reason.to_dict() == {
        "question": "goods.sell_through",
        "answer": 40,
        "text": {"zh": "售罄率只有 40%", "en": "Sell-through is only 40%"},
    }
    copied = pickle.loads(pickle.dumps(reason))
    assert (copied.question, copied.answer, copied.text) == ("goods.sell_through", 40, reason.text)
    given = Reason("q", True, Text("有", "yes"))
    assert given.text == Text("有", "yes") and given.to_dict()["answer"] is True


def _recommendation(**changes: Any) -> RecommendationResult:
    fields: dict[str, Any] = {
        "id": "goods.r.restock",
        "capability": "goods",
        "because": [Reason("goods.sell_through", 40, Text("低", "low"))],
        "priority": 24.5,
        "rank": "high",
        "group": "quick_win",
        "horizon": 60,
        "owner": "supply_chain",
        "impact": 4,
        "effort": 2,
        "level": 3,
        "title": Text("补货", "Restock"),
        "action": Text("做", "Do"),
        "metric": Text("量", "Measure"),
    }
    return RecommendationResult(**{**fields, **changes})


def test_an_action_in_the_plan_says_everything_a_renderer_shows() -> None:
    action = _recommendation(after=["goods.r.first"], lifts=["f.red"])
    assert action.to_dict() == {
        "id": "goods.r.restock",
        "capability": "goods",
        "because": [{"question": "goods.sell_through", "answer": 40, "text": {"zh": "低", "en": "low"}}],
        "priority": 24.5,
        "rank": "high",
        "group": "quick_win",
        "horizon": 60,
        "owner": "supply_chain",
        "impact": 4,
        "effort": 2,
        "level": 3,
        "title": {"zh": "补货", "en": "Restock"},
        "action": {"zh": "做", "en": "Do"},
        "metric": {"zh": "量", "en": "Measure"},
        "after": ["goods.r.first"],
        "lifts": ["f.red"],
    }


def test_an_action_has_no_prerequisites_lifts_or_backlog_reason_unless_given() -> None:
    action = _recommendation()
    assert (action.after, action.lifts, action.later) == ([], [], None)
    data = action.to_dict()
    assert data["after"] == [] and data["lifts"] == [] and "later" not in data
    assert _recommendation(later="capacity").to_dict()["later"] == "capacity"


def test_the_fact_mix_shows_shares_as_given_and_scaled() -> None:
    mix = FactMix({"F": 40.0, "A": 40.0, "C": 30.0, "T": 10.0}, {"F": 33.3, "A": 33.3, "C": 25.0, "T": 8.3}, 120.0)
    assert mix.to_dict() == {
        "shares": {"F": 40.0, "A": 40.0, "C": 30.0, "T": 10.0},
        "normalised": {"F": 33.3, "A": 33.3, "C": 25.0, "T": 8.3},
        "total": 120.0,
    }


def _report(**changes: Any) -> Report:
    fields: dict[str, Any] = {
        "merchant": {"name": "样店"},
        "source": "shop.yaml",
        "rubric": {"id": "fact-8", "version": "1.1.0"},
        "profile": {"id": "growth"},
        "score": 55.5,
        "level": SOLID,
        "coverage": 0.8,
        "complete": False,
        "capabilities": [],
        "fact": FactMix({"F": None}, {"F": None}, None),
        "flags": [],
        "recommendations": [],
        "excluded": ["goods.sell_through"],
        "missing": ["goods.dev_loop"],
        "notices": [Notice("no-format", "no format", "shop.yaml", 1)],
        "notes": {"goods.dev_loop": "monthly"},
    }
    return Report(**{**fields, **changes})


def test_the_json_report_holds_every_part_under_its_own_key() -> None:
    red = FlagResult("f.red", "critical", "ads", Text("红", "Red"), {"ads": 2})
    note = FlagResult("f.note", "info", None, Text("提示", "Note"))
    question = _question()
    capability = CapabilityResult("goods", Text("货", "Goods"), 55.5, SOLID, TOP, 1, 4.5, 1.0, 1.0, [question])
    planned, later = _recommendation(), _recommendation(id="goods.r.later", later="beyond_target")
    report = _report(
        capabilities=[capability],
        flags=[red, note],
        recommendations=[planned],
        later=[later],
        level_uncapped=TOP,
        capped_by=[red],
        unknown=["fact.monthly_gmv"],
        context=[question],
    )
    assert report.to_dict() == {
        "format": "fact-audit/report@1",
        "merchant": {"name": "样店"},
        "source": "shop.yaml",
        "rubric": {"id": "fact-8", "version": "1.1.0"},
        "profile": {"id": "growth"},
        "overall": {"score": 55.5, "level": _level(SOLID), "level_uncapped": _level(TOP), "capped_by": ["f.red"]},
        "coverage": 0.8,
        "complete": False,
        "capabilities": [capability.to_dict()],
        "context": [question.to_dict()],
        "fact": {"shares": {"F": None}, "normalised": {"F": None}, "total": None},
        "flags": [red.to_dict(), note.to_dict()],
        "recommendations": [planned.to_dict()],
        "later": [later.to_dict()],
        "unknown": ["fact.monthly_gmv"],
        "excluded": ["goods.sell_through"],
        "missing": ["goods.dev_loop"],
        "warnings": [{"code": "no-format", "message": "no format", "file": "shop.yaml", "line": 1}],
        "notes": {"goods.dev_loop": "monthly"},
    }
    assert report.red_lines == [red]


def test_a_plain_report_has_empty_parts_and_no_provisional_or_peers_keys() -> None:
    report = _report()
    assert (report.level_uncapped, report.capped_by, report.later, report.unknown) == (SOLID, [], [], [])
    assert (report.labels, report.provisional, report.context, report.peers) == ({}, False, [], None)
    data = report.to_dict()
    assert data["overall"]["level_uncapped"] == _level(SOLID) and data["overall"]["capped_by"] == []
    assert "provisional" not in data and "peers" not in data
    assert data["later"] == [] and data["unknown"] == [] and data["context"] == []
    assert report.red_lines == []


def test_a_quick_look_and_a_benchmark_add_their_keys() -> None:
    data = _report(provisional=True, peers={"n": 12}).to_dict()
    assert data["provisional"] is True and data["peers"] == {"n": 12}
    assert _report(peers={}).to_dict()["peers"] == {}  # an empty benchmark answer is still shown


def test_a_question_is_named_by_its_label_in_the_reports_language() -> None:
    report = _report(labels={"goods.sell_through": Text("售罄率", "Sell-through")})
    assert report.label("goods.sell_through", "zh") == "售罄率"
    assert report.label("goods.sell_through", "en") == "Sell-through"
    assert report.label("goods.dev_loop", "zh") == "goods.dev_loop"  # no label: the id, the last resort
