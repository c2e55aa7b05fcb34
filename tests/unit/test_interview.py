"""The interview engine driven with an injected console and input stream."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
import yaml
from rich.console import Console

from fact_audit.answers import environment, load_answers
from fact_audit.interview import END_OF_INPUT, FINISHED, QUIT, Interview

# The context section, in order: team size, team roles (host, operator), category type (beauty), the FACT shares
# with how creators are run (targeted) between alliance and campaign, the KOL follow-up (asked because the top-KOL
# share is above 0; "sometimes") and monthly GMV (answered n/a).
FACT = ["3", "1,2", "2", "40", "30", "3", "20", "10", "2", "na"]
FACT_ANSWERS = {
    "fact.team_size": 3,
    "fact.team_roles": ["host", "operator"],
    "fact.category_type": "beauty",
    "fact.field_share": 40,
    "fact.alliance_share": 30,
    "fact.creator_ops": "targeted",
    "fact.campaign_share": 20,
    "fact.top_kol_share": 10,
    "fact.kol_followup": "sometimes",
    "fact.monthly_gmv": "n/a",
}
# Ads, buying by hand: yes, manual, direct + short video, goals, targeting, break-even rule, the five cost shares
# (30 + 5 + 5 + 4 + 6: margin 50 %, break-even ROI 2), net ROI 2.4, paid share, ad cost ratio, rhythm, creatives.
ADS = ["y", "1", "1,2", "4", "3", "4", "30", "5", "5", "4", "6", "2.4", "25%", "9", "3", "5"]
DOUYIN_TOOLS = ("抖音", "罗盘", "巨量", "千川", "随心推", "百应", "抖店", "精选联盟", "Douyin", "Qianchuan", "Compass")


@pytest.fixture
def session(bundled):
    """session(tmp_path, lines, **kwargs) -> (interview over the bundled rubric, its captured output)."""

    def start(tmp_path: Path, lines: list[str], **kwargs) -> tuple[Interview, io.StringIO]:
        out = io.StringIO()
        console = Console(file=out, width=120, color_system=None, soft_wrap=True)
        stream = io.StringIO("".join(line + "\n" for line in lines))
        interview = Interview(
            bundled, console, stream, tmp_path / "answers.yaml", kwargs.pop("lang", "en"), ["ads"], **kwargs
        )
        return interview, out

    return start


def saved(tmp_path: Path) -> dict:
    return yaml.safe_load((tmp_path / "answers.yaml").read_text(encoding="utf-8"))


def test_whole_interview_with_conditional_questions(tmp_path: Path, session, bundled) -> None:
    lines = ["My Shop", "1", "2", "美妆", *FACT, *ADS]
    interview, out = session(tmp_path, lines)
    before = date.today().isoformat()
    result = interview.run()
    assert result.status == FINISHED
    data = saved(tmp_path)
    assert data["merchant"].pop("date") in {before, date.today().isoformat()}  # today's date is recorded
    assert data["merchant"] == {"name": "My Shop", "platform": "douyin", "stage": "growth", "category": "美妆"}
    answers = data["answers"]
    assert {qid: answers[qid] for qid in FACT_ANSWERS} == FACT_ANSWERS
    assert answers["ads.buys_paid_traffic"] is True and answers["ads.promotion_mode"] == "manual"
    assert answers["ads.ad_tools_used"] == ["live_room_direct", "short_video_to_live"]
    assert answers["ads.paid_traffic_share"] == 25 and answers["ads.net_roi"] == 2.4
    costs = ("cost_of_goods", "platform_fee", "commission", "gift", "shipping")
    assert [answers[f"ads.{name}_share"] for name in costs] == [30, 5, 5, 4, 6]
    assert "ads.omni_roi_target" not in answers  # only for managed promotion
    loaded = load_answers(tmp_path / "answers.yaml", bundled)  # the file is a valid answers file
    env, _ = environment(bundled, loaded)
    assert env["ads.contribution_margin"] == 50 and env["ads.breakeven_roi"] == 2
    assert env["ads.roi_to_breakeven"] == pytest.approx(1.2)
    assert "part 2/2" in out.getvalue() and "overall 100%" not in out.getvalue()


def test_going_back_over_a_gate_hides_and_drops_its_questions(tmp_path: Path, session) -> None:
    # answer yes to buying ads, answer the first detail question, go back twice and change the gate to no
    lines = ["Shop", "1", "2", "", *FACT, "y", "1", "b", "b", "n"]
    interview, out = session(tmp_path, lines)
    assert interview.run().status == FINISHED
    answers = saved(tmp_path)["answers"]
    assert answers["ads.buys_paid_traffic"] is False
    assert not [qid for qid in answers if qid.startswith("ads.") and qid != "ads.buys_paid_traffic"]
    text = out.getvalue()
    assert "Current answer: yes" in text
    # the current answer is shown in words, in the merchant's platform's wording, never as an option id
    assert "Current answer: Mainly separate campaigns run by hand in Qianchuan (Suixintui included)" in text
    assert "Current answer: manual" not in text


def test_back_walks_forward_again_with_enter_keeping_answers(tmp_path: Path, session) -> None:
    lines = ["Shop", "1", "2", "", "3", "1,2", "b", "b", "b", "", "", *FACT[2:], "q"]
    interview, out = session(tmp_path, lines)
    assert interview.run().status == QUIT
    answers = saved(tmp_path)["answers"]
    assert answers == FACT_ANSWERS
    text = out.getvalue()
    assert "This is the first question." in text
    assert "Current answer: Host; Live operator or floor controller (press Enter to keep it)" in text
    assert "Current answer: 3 (press Enter to keep it)" in text


def test_help_skip_unknown_and_na_keys(tmp_path: Path, session) -> None:
    lines = ["Shop", "1", "2", "", "3", "1,2", "2", "?", "s", "u", "3", "30", "20", "2", "na", "n", "q"]
    interview, out = session(tmp_path, lines)
    assert interview.run().status == QUIT
    text = out.getvalue()
    where = "Where to find it: 抖音电商罗盘 (Compass) → business → sales composition, filtered to own accounts."
    assert "Help: Sales in the live rooms" in text and where in text
    assert text.index(where) < text.index("Self-broadcast is the one channel")  # the where, then the why
    questions = text[text.index("Main category") :]  # past the list of platforms
    assert "快手生意通" not in questions and "微信小店" not in questions  # no other platform's tools
    answers = saved(tmp_path)["answers"]
    assert "fact.field_share" not in answers  # skipped
    assert answers["fact.alliance_share"] == "unknown"
    assert answers["fact.kol_followup"] == "sometimes"
    assert answers["fact.monthly_gmv"] == "n/a"
    assert answers["ads.buys_paid_traffic"] is False  # `n` on a yes/no question means no
    assert "1 skipped question(s) left" in text  # asked once more at the end, then `q`


def test_na_refused_where_not_allowed_and_invalid_input_reprompts(tmp_path: Path, session) -> None:
    lines = ["Shop", "9", "1", "x", "2", "", "3", "1,2", "2", "na", "150", "abc", "12%", "q"]
    interview, out = session(tmp_path, lines)
    assert interview.run().status == QUIT
    text = out.getvalue()
    assert text.count("That answer did not fit") == 4  # platform 9, stage x, 150, abc
    assert "This question cannot be answered n/a." in text
    assert "150 is impossible for fact.field_share" in text
    assert saved(tmp_path)["answers"] == {
        "fact.team_size": 3,
        "fact.team_roles": ["host", "operator"],
        "fact.category_type": "beauty",
        "fact.field_share": 12,
    }


def test_end_of_input_keeps_every_answer(tmp_path: Path, session) -> None:
    interview, out = session(tmp_path, ["Shop", "2", "1", "", "5", "1,3"])
    result = interview.run()
    assert result.status == END_OF_INPUT and result.answered == 2
    data = saved(tmp_path)
    assert data["answers"] == {"fact.team_size": 5, "fact.team_roles": ["host", "ad_buyer"]}
    assert data["merchant"]["platform"] == "kuaishou"
    assert "--resume" in out.getvalue()


class InterruptAfter(io.StringIO):
    def __init__(self, text: str, lines: int):
        super().__init__(text)
        self.left = lines

    def readline(self, *args) -> str:  # type: ignore[override]
        if self.left == 0:
            raise KeyboardInterrupt
        self.left -= 1
        return super().readline(*args)


def test_ctrl_c_saves_then_propagates(tmp_path: Path, bundled) -> None:
    console = Console(file=io.StringIO(), color_system=None)
    stream = InterruptAfter("Shop\n1\n1\n\n6\n1,2\n3\n", 6)
    interview = Interview(bundled, console, stream, tmp_path / "answers.yaml", "zh", ["ads"])
    with pytest.raises(KeyboardInterrupt):
        interview.run()
    assert saved(tmp_path)["answers"] == {"fact.team_size": 6, "fact.team_roles": ["host", "operator"]}


def test_resume_starts_at_the_first_unanswered_question(tmp_path: Path, session, bundled) -> None:
    first, _ = session(tmp_path, ["Shop", "1", "2", "食品", "3", "1,2"])
    first.run()
    existing = load_answers(tmp_path / "answers.yaml", bundled)
    second, out = session(tmp_path, ["3", "q"])
    second.merchant, second.answers = dict(existing.merchant), dict(existing.values)
    second.run()
    assert "Resuming: 2 answer(s) already given." in out.getvalue()
    assert "Main category" not in out.getvalue()  # the merchant part is not asked again
    assert "question 3/9" in out.getvalue()
    assert saved(tmp_path)["answers"]["fact.category_type"] == "food"
    assert saved(tmp_path)["merchant"]["category"] == "食品"


def test_chinese_prompts(tmp_path: Path, session) -> None:
    interview, out = session(tmp_path, ["小店", "1", "1", "", "3", "1,2", "2", "q"], lang="zh")
    interview.run()
    text = out.getvalue()
    assert "主营类目（如 美妆、食品、女装）" in text
    assert "最近 90 天" in text and "输入数字" in text


def test_help_shows_only_the_kuaishou_where(tmp_path: Path, session, bundled) -> None:
    """A Kuaishou merchant asking `?` on every question sees Kuaishou's tools and never Douyin's."""
    given = ["3", "1,2", "2", "40", "30", "3", "20", "10", "2", "na", *ADS]
    lines = ["快手小店", "2", "2", ""] + [line for answer in given for line in ("?", answer)]
    interview, out = session(tmp_path, lines, lang="zh")
    assert interview.run().status == FINISHED
    text = out.getvalue()
    assert text.count("说明: ") == len(given)
    for qid in ("fact.field_share", "fact.alliance_share", "ads.net_roi", "ads.paid_traffic_share"):
        where = bundled.questions[qid].where["kuaishou"]("zh")
        assert f"在哪里看: {where}" in text
    assert "在哪里看: 快手生意通 → 成交分析 → 按渠道看自播。" in text
    questions = text[text.index("主营类目") :]  # past the list of platforms
    assert not [name for name in DOUYIN_TOOLS if name in questions]
    assert "磁力金牛" in text  # the Kuaishou wording of the ads questions


def test_computed_questions_are_never_asked(tmp_path: Path, session, bundled) -> None:
    computed = [q for q in bundled.questions.values() if q.compute is not None]
    assert {q.id for q in computed} >= {"ads.contribution_margin", "ads.breakeven_roi", "ads.roi_to_breakeven"}
    interview, out = session(tmp_path, ["Shop", "1", "2", "", *FACT, *ADS])
    assert not [q.id for q in interview.questions() if q.compute is not None]
    assert interview.run().status == FINISHED  # every scripted line answered an asked question, in order
    text = out.getvalue()
    assert text.count("\n> ") == 4 + len(FACT) + len(ADS)  # one prompt per line: no question in between
    assert interview.stream.read() == ""
    for question in computed:
        assert question.text("en") not in text
    assert "not asked" not in text
    assert not [q.id for q in computed if q.id in saved(tmp_path)["answers"]]
