"""The interview engine driven with an injected console and input stream."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from rich.console import Console

from fact_audit.answers import load_answers
from fact_audit.interview import END_OF_INPUT, FINISHED, QUIT, Interview
from fact_audit.rubric import load_rubric_set

RUBRIC = load_rubric_set()
FACT = ["40", "30", "20", "10", "n"]  # the five FACT context questions (monthly GMV answered n/a)


def session(tmp_path: Path, lines: list[str], **kwargs) -> tuple[Interview, io.StringIO]:
    out = io.StringIO()
    console = Console(file=out, width=120, color_system=None, soft_wrap=True)
    stream = io.StringIO("".join(line + "\n" for line in lines))
    interview = Interview(
        RUBRIC, console, stream, tmp_path / "answers.yaml", kwargs.pop("lang", "en"), ["ads"], **kwargs
    )
    return interview, out


def saved(tmp_path: Path) -> dict:
    return yaml.safe_load((tmp_path / "answers.yaml").read_text(encoding="utf-8"))


def test_whole_interview_with_conditional_questions(tmp_path: Path) -> None:
    lines = ["My Shop", "1", "2", *FACT, "y", "1,2", "4", "3", "4", "1.6", "25%", "9", "3", "5"]
    interview, out = session(tmp_path, lines)
    result = interview.run()
    assert result.status == FINISHED
    data = saved(tmp_path)
    assert data["merchant"] == {"name": "My Shop", "platform": "douyin", "stage": "growth"}
    answers = data["answers"]
    assert answers["ads.buys_paid_traffic"] is True
    assert answers["ads.ad_tools_used"] == ["live_room_direct", "short_video_to_live"]
    assert answers["ads.paid_traffic_share"] == 25 and answers["ads.roi_to_breakeven"] == 1.6
    assert answers["fact.monthly_gmv"] == "n/a"
    load_answers(tmp_path / "answers.yaml", RUBRIC)  # the file is a valid answers file
    assert "part 2/2" in out.getvalue() and "overall 100%" not in out.getvalue()


def test_going_back_over_a_gate_hides_and_drops_its_questions(tmp_path: Path) -> None:
    # answer yes to buying ads, answer the first detail question, go back twice and change the gate to no
    lines = ["Shop", "1", "2", *FACT, "y", "1", "b", "b", "n"]
    interview, out = session(tmp_path, lines)
    assert interview.run().status == FINISHED
    answers = saved(tmp_path)["answers"]
    assert answers["ads.buys_paid_traffic"] is False
    assert not [qid for qid in answers if qid.startswith("ads.") and qid != "ads.buys_paid_traffic"]
    assert "Current answer: yes" in out.getvalue()


def test_back_walks_forward_again_with_enter_keeping_answers(tmp_path: Path) -> None:
    lines = ["Shop", "1", "2", "40", "30", "b", "b", "b", "", "", "20", "10", "n", "q"]
    interview, out = session(tmp_path, lines)
    assert interview.run().status == QUIT
    answers = saved(tmp_path)["answers"]
    assert answers == {
        "fact.field_share": 40,
        "fact.alliance_share": 30,
        "fact.campaign_share": 20,
        "fact.top_kol_share": 10,
        "fact.monthly_gmv": "n/a",
    }
    assert "This is the first question." in out.getvalue()


def test_help_skip_unknown_and_na_keys(tmp_path: Path) -> None:
    lines = ["Shop", "1", "2", "?", "s", "u", "30", "20", "n", "n", "q"]
    interview, out = session(tmp_path, lines)
    assert interview.run().status == QUIT
    text = out.getvalue()
    assert "Help: Sales in the live rooms" in text and "Where to find it · Douyin" in text
    answers = saved(tmp_path)["answers"]
    assert "fact.field_share" not in answers  # skipped
    assert answers["fact.alliance_share"] == "unknown"
    assert answers["fact.monthly_gmv"] == "n/a"
    assert answers["ads.buys_paid_traffic"] is False  # `n` on a yes/no question means no
    assert "1 skipped question(s) left" in text  # asked once more at the end, then `q`


def test_na_refused_where_not_allowed_and_invalid_input_reprompts(tmp_path: Path) -> None:
    lines = ["Shop", "9", "1", "x", "2", "n", "150", "abc", "12%", "q"]
    interview, out = session(tmp_path, lines)
    assert interview.run().status == QUIT
    text = out.getvalue()
    assert text.count("That answer did not fit") == 4  # platform 9, stage x, 150, abc
    assert "This question cannot be answered n/a." in text
    assert "150 is impossible for fact.field_share" in text
    assert saved(tmp_path)["answers"] == {"fact.field_share": 12}


def test_end_of_input_keeps_every_answer(tmp_path: Path) -> None:
    interview, out = session(tmp_path, ["Shop", "2", "1", "55", "35"])
    result = interview.run()
    assert result.status == END_OF_INPUT and result.answered == 2
    data = saved(tmp_path)
    assert data["answers"] == {"fact.field_share": 55, "fact.alliance_share": 35}
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


def test_ctrl_c_saves_then_propagates(tmp_path: Path) -> None:
    console = Console(file=io.StringIO(), color_system=None)
    stream = InterruptAfter("Shop\n1\n1\n60\n25\n10\n", 5)
    interview = Interview(RUBRIC, console, stream, tmp_path / "answers.yaml", "zh", ["ads"])
    with pytest.raises(KeyboardInterrupt):
        interview.run()
    assert saved(tmp_path)["answers"] == {"fact.field_share": 60, "fact.alliance_share": 25}


def test_resume_starts_at_the_first_unanswered_question(tmp_path: Path) -> None:
    first, _ = session(tmp_path, ["Shop", "1", "2", "40", "30"])
    first.run()
    existing = load_answers(tmp_path / "answers.yaml", RUBRIC)
    second, out = session(tmp_path, ["20", "q"])
    second.merchant, second.answers = dict(existing.merchant), dict(existing.values)
    second.run()
    assert "Resuming: 2 answer(s) already given." in out.getvalue()
    assert "question 3/5" in out.getvalue()
    assert saved(tmp_path)["answers"]["fact.campaign_share"] == 20


def test_chinese_prompts(tmp_path: Path) -> None:
    interview, out = session(tmp_path, ["小店", "1", "1", "q"], lang="zh")
    interview.run()
    assert "最近 90 天" in out.getvalue() and "输入数字" in out.getvalue()
