"""Numbers as merchants type them: thousands only in threes, 万/千/亿, `12％`, durations in the question's unit.

The same `normalise` reads the interview's keyboard and an answers file, so both are checked here."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from fact_audit.answers import NumberTextError, load_answers, normalise
from fact_audit.interview import WORDS, Interview

GMV, PERCENT, MINUTES, SECONDS, COUNT = (
    "fact.monthly_gmv",
    "fact.field_share",
    "content.avg_watch_time",
    "service.avg_response_time",
    "fact.team_size",
)


@pytest.mark.parametrize(
    ("qid", "typed", "value"),
    [
        (GMV, "300,000", 300000),
        (GMV, "1,234.5", 1234.5),
        (GMV, "1,234,567", 1234567),
        (GMV, "30万", 300000),
        (GMV, "1.2万", 12000),
        (GMV, "3千", 3000),
        (GMV, "2亿", 200000000),
        (GMV, "30 万元", 300000),
        (GMV, "３０万", 300000),
        (PERCENT, "12％", 12),
        (PERCENT, "12%", 12),
        (PERCENT, "12.5", 12.5),
        (SECONDS, "1分30秒", 90),
        (SECONDS, "90秒", 90),
        (SECONDS, "90", 90),
        (MINUTES, "1分30秒", 1.5),
        (MINUTES, "90秒", 1.5),
        (MINUTES, "2分钟", 2),
        (MINUTES, "3", 3),
        (COUNT, "3个", 3),
    ],
)
def test_numbers_as_merchants_type_them(bundled, qid: str, typed: str, value: float) -> None:
    got = normalise(bundled.questions[qid], typed)
    assert got == pytest.approx(value) and type(got) is type(value)


@pytest.mark.parametrize("typed", ["1,2", "1,23", "12,34", "1,2345", "1,234,56", ",5", "1，2"])
def test_a_comma_that_is_not_a_thousands_separator_is_refused(bundled, typed: str) -> None:
    with pytest.raises(NumberTextError) as caught:
        normalise(bundled.questions[GMV], typed)
    assert "comma only separates thousands" in str(caught.value) and "300,000" in str(caught.value)
    assert "逗号只用来分隔千位" in caught.value.zh and "fact." not in caught.value.zh


@pytest.mark.parametrize(("qid", "typed"), [(GMV, "90秒"), (COUNT, "1分30秒"), (GMV, "12%"), (GMV, "万")])
def test_units_that_do_not_fit_the_question_are_refused(bundled, qid: str, typed: str) -> None:
    with pytest.raises(ValueError):
        normalise(bundled.questions[qid], typed)


def test_an_answers_file_reads_the_same_way(bundled, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "merchant: {name: 店, platform: douyin, stage: growth}\n"
        f"answers:\n  {GMV}: 30万\n  {SECONDS}: 1分30秒\n  {PERCENT}: 12％\n",
        encoding="utf-8",
    )
    values = load_answers(path, bundled, allow_empty=True).values
    assert values[GMV] == 300000 and values[SECONDS] == 90 and values[PERCENT] == 12
    path.write_text(f"merchant: {{name: 店, platform: douyin, stage: growth}}\nanswers:\n  {GMV}: '1,2'\n")
    with pytest.raises(Exception, match="comma only separates thousands"):
        load_answers(path, bundled, allow_empty=True)


def _session(tmp_path: Path, bundled, lines: list[str], lang: str) -> tuple[Interview, io.StringIO]:
    out = io.StringIO()
    console = Console(file=out, width=200, color_system=None)
    stream = io.StringIO("".join(f"{line}\n" for line in lines))
    return Interview(bundled, console, stream, tmp_path / "answers.yaml", lang, ["ads"]), out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_interview_refuses_1_2_and_reads_30_wan(tmp_path: Path, bundled, lang: str) -> None:
    fact = ["3", "1,2", "2", "40", "30", "3", "20", "10", "2"]
    interview, out = _session(tmp_path, bundled, ["Shop", "1", "2", "", *fact, "1,2", "30万", "q"], lang)
    interview.run()
    assert interview.answers[GMV] == 300000
    text = out.getvalue()
    assert ("逗号只用来分隔千位" if lang == "zh" else "a comma only separates thousands") in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_na_is_one_key_that_does_not_clash_with_no(tmp_path: Path, bundled, lang: str) -> None:
    # `na` is n/a at the monthly GMV; `n` there is not taken for n/a; `n` at the yes/no question is still "no"
    fact = ["3", "1,2", "2", "40", "30", "3", "20", "10", "2"]
    interview, out = _session(tmp_path, bundled, ["Shop", "1", "2", "", *fact, "n", "na", "n", "q"], lang)
    interview.run()
    assert interview.answers[GMV] == "n/a"
    assert interview.answers["ads.buys_paid_traffic"] is False
    text = out.getvalue()
    assert ("na 不适用" if lang == "zh" else "na n/a") in text  # said at the prompt
    assert ("na 不适用" if lang == "zh" else "na n/a") in WORDS["keys"][0 if lang == "zh" else 1]  # and up front


@pytest.mark.parametrize("answer", ["是", "y", "Y", "yes", "ｙ"])
def test_the_overwrite_question_takes_chinese_yes(tmp_path: Path, bundled, answer: str) -> None:
    interview, _ = _session(tmp_path, bundled, [answer], "zh")
    assert interview.confirm("重新开始并覆盖它吗？[y/N]") is True


@pytest.mark.parametrize("answer", ["否", "n", "", "不"])
def test_the_overwrite_question_takes_chinese_no(tmp_path: Path, bundled, answer: str) -> None:
    interview, _ = _session(tmp_path, bundled, [answer], "zh")
    assert interview.confirm("重新开始并覆盖它吗？[y/N]") is False


def test_the_overwrite_question_shows_y_n_in_chinese() -> None:
    zh, en = WORDS["overwrite"]
    assert "重新开始并覆盖它吗？" in zh and "[y/N]" in zh and "[y/N]" in en


@pytest.mark.parametrize(
    ("unit", "zh", "en"), [("yuan", "30 万", "30万"), ("minutes", "1 分 30 秒", "1m30s"), ("seconds", "90 秒", "90s")]
)
def test_the_number_prompt_says_what_can_be_typed(bundled, unit: str, zh: str, en: str) -> None:
    question = next(q for q in bundled.questions.values() if q.type == "number" and q.unit == unit)
    for lang, example in (("zh", zh), ("en", en)):
        interview, _ = _session(Path("."), bundled, [], lang)
        hint = interview._show_choices(question)
        assert example in hint
        normalise(question, example)  # the example given is one the prompt accepts


@pytest.mark.parametrize(
    ("typed", "value"),
    [("是", True), ("有", True), ("对", True), ("YES", True), ("Ｙｅｓ", True),
     ("否", False), ("没有", False), ("不对", False), ("不是", False), ("NO", False)],
)
def test_yes_no_spellings_from_a_file_or_a_form(bundled, typed: str, value: bool) -> None:
    """A form tool writes the option words (是/否, 有/没有, 对/不对); each means the one answer it says."""
    question = next(q for q in bundled.questions.values() if q.type == "yesno")
    assert normalise(question, typed) is value
