"""Issue 18, answers.py: what reading an answers file promises, pinned where only a snapshot or nothing looked.

Every spelling a merchant may write (numbers with 万 and units, durations, yes/no, platforms and stages), every
refusal with its own message and position (the tool's interface: a consultant fixes the file from that one line),
the notices that do not stop scoring, and the values conditions see (`environment`)."""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

import pytest

from fact_audit.answers import (
    FORMAT,
    Answers,
    Notice,
    answers_from_document,
    environment,
    load_answers,
    normalise,
    platform_id,
    stage_id,
    suggest,
)
from fact_audit.errors import AnswersError, InputFileError
from fact_audit.model import NA, UNKNOWN
from fact_audit.yamlio import parse_yaml

from ..conftest import load_bundled

RUBRIC = load_bundled()
Q = RUBRIC.questions


def _load(text: str, rubric: Any = RUBRIC, **options: Any) -> Answers:
    return answers_from_document(parse_yaml(text, "shop.yaml"), rubric, **options)


def _refused(text: str, rubric: Any = RUBRIC, **options: Any) -> tuple[str, str | None, int | None, int | None]:
    """The error a file gets, as the CLI prints it: message, file, line, column (and always an AnswersError)."""
    with pytest.raises(AnswersError) as caught:
        _load(text, rubric, **options)
    error = caught.value
    assert type(error) is AnswersError
    return error.message, error.file, error.line, error.col


def _refusal(qid: str, raw: Any) -> str:
    with pytest.raises(ValueError) as caught:
        normalise(Q[qid], raw)
    return str(caught.value)


GOOD = "format: fact-audit/answers@1\nanswers:\n  fact.team_size: 3\n"


# -- notices and the Answers record ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("file", "line", "shown"),
    [("a.yaml", 3, "a.yaml:3: look"), ("a.yaml", None, "a.yaml: look"), (None, 7, "7: look"), (None, None, "look")],
)
def test_a_notice_reads_like_an_error_line(file: str | None, line: int | None, shown: str) -> None:
    notice = Notice("code", "look", file, line)
    assert str(notice) == shown
    assert notice.to_dict() == {"code": "code", "message": "look", "file": file, "line": line}


def test_a_notice_has_no_place_unless_given() -> None:
    notice = Notice("c", "m")
    assert (notice.file, notice.line, str(notice)) == (None, None, "m")


def test_answers_start_with_no_notes_notices_or_visibility() -> None:
    answers = Answers("f.yaml", {"platform": "kuaishou", "stage": "mature"}, {"fact.team_size": 3})
    assert (answers.notes, answers.notices, answers.visibility, answers.rubric_ref) == ({}, [], None, None)
    assert (answers.platform, answers.stage, answers.file) == ("kuaishou", "mature", "f.yaml")
    assert (Answers("f", {}, {}).platform, Answers("f", {}, {}).stage) == (None, None)
    notes, notices = {"a": "b"}, [Notice("c", "m")]
    given = Answers("f", {}, {}, notes, "x@1", notices, ({}, set()))
    assert (given.notes, given.notices, given.rubric_ref, given.visibility) == (notes, notices, "x@1", ({}, set()))


# -- did you mean ------------------------------------------------------------------------------------------------------
def test_suggest_names_a_slug_under_the_wrong_capability_first() -> None:
    known = ["goods.sell_through", "content.sell_through_x", "goods.dev_loop"]
    assert suggest("content.sell_through", known) == " (did you mean 'goods.sell_through'?)"
    assert suggest("goods.sel_through", known) == " (did you mean 'goods.sell_through'?)"
    assert suggest("zzz", known) == ""
    assert suggest("sell_through", ["a.sell_through", "b.sell_through"]) == " (did you mean 'a.sell_through'?)"


def test_suggest_reads_the_capability_up_to_the_first_dot_and_the_slug_after_it() -> None:
    """`content.loop.v2` is capability `content`, slug `loop.v2`: the same slug elsewhere is the suggestion, even where
    another id looks closer letter by letter or ends in the same last part."""
    known = ["b.v2", "a.loop.v2", "content.loop.v3"]
    assert suggest("content.loop.v2", known) == " (did you mean 'a.loop.v2'?)"


def test_suggest_needs_a_close_match() -> None:
    # 0.6 similarity is the bar: "abcd" against "abxy" is 0.5, against "abcx" 0.75
    assert suggest("abcd", ["abxy"]) == ""
    assert suggest("abcd", ["zzzz", "abcx"]) == " (did you mean 'abcx'?)"


# -- normalise: unknown and n/a ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["不确定", "  unknown ", "Unknown", "ｕｎｋｎｏｗｎ", "不清楚\u3000"])
def test_unknown_in_every_width_and_case(typed: str) -> None:
    assert normalise(Q["goods.dev_loop"], typed) == UNKNOWN
    assert normalise(Q["goods.live_exclusive"], typed) == UNKNOWN


@pytest.mark.parametrize("typed", ["ｎ／ａ", " 不适用 ", "N.a."])
def test_n_a_in_full_width_and_any_case(typed: str) -> None:
    assert normalise(Q["fact.monthly_gmv"], typed) == NA


def test_n_a_is_refused_where_the_question_does_not_allow_it() -> None:
    message = "fact.team_size does not allow n/a; answer it or write `unknown`"
    for typed in ("n/a", "NA", "不适用"):
        assert _refusal("fact.team_size", typed) == message


# -- normalise: each kind ----------------------------------------------------------------------------------------------
def test_single_choice_takes_an_option_id_with_spaces_around() -> None:
    assert normalise(Q["fact.creator_ops"], " managed ") == "managed"
    valid = "none, ad_hoc, targeted, managed, unknown"
    assert (
        _refusal("fact.creator_ops", "sometimes") == f"'sometimes' is not an option of fact.creator_ops; valid: {valid}"
    )
    assert _refusal("fact.creator_ops", 3) == f"3 is not an option of fact.creator_ops; valid: {valid}"


def test_a_checklist_keeps_each_item_once_in_the_order_written() -> None:
    question = Q["fact.team_roles"]
    assert normalise(question, [" operator", "host", "operator "]) == ["operator", "host"]
    assert normalise(question, []) == []
    assert (
        _refusal("fact.team_roles", "host")
        == "fact.team_roles is a checklist: write a list such as [host] ([] for none)"
    )
    valid = "host, operator, ad_buyer, customer_service, supply_chain"
    assert _refusal("fact.team_roles", ["host", "cook"]) == f"'cook' is not an item of fact.team_roles; valid: {valid}"
    assert _refusal("fact.team_roles", [1]) == f"1 is not an item of fact.team_roles; valid: {valid}"


@pytest.mark.parametrize(
    ("typed", "value"), [(0, 0), (4, 4), (2.0, 2), ("0", 0), ("1", 1), ("2", 2), ("3", 3), (" ４ ", 4)]
)
def test_a_scale_takes_whole_numbers_from_0_to_4(typed: Any, value: int) -> None:
    got = normalise(Q["goods.dev_loop"], typed)
    assert got == value and type(got) is int


@pytest.mark.parametrize("typed", [True, False, -1, 5, 2.5, "5", "2.5", "three", None, 4.0001])
def test_a_scale_refuses_anything_else(typed: Any) -> None:
    assert _refusal("goods.dev_loop", typed) == f"goods.dev_loop takes a whole number from 0 to 4, not {typed!r}"


@pytest.mark.parametrize("typed", ["yes", "Y", " true ", "是", "有", "对", "ｙｅｓ"])
def test_yes_as_merchants_write_it(typed: str) -> None:
    assert normalise(Q["goods.live_exclusive"], typed) is True


@pytest.mark.parametrize("typed", ["no", "N", "FALSE", "否", "无", "没有", "不对", "不是", " ｎｏ "])
def test_no_as_merchants_write_it(typed: str) -> None:
    assert normalise(Q["goods.live_exclusive"], typed) is False


@pytest.mark.parametrize("typed", [True, False])
def test_a_yes_no_answer_keeps_its_truth_value(typed: bool) -> None:
    assert normalise(Q["goods.live_exclusive"], typed) is typed


@pytest.mark.parametrize("typed", ["maybe", 1, 0, "1", None])
def test_a_yes_no_question_refuses_anything_else(typed: Any) -> None:
    assert (
        _refusal("goods.live_exclusive", typed)
        == f"goods.live_exclusive is yes/no: answer true or false, not {typed!r}"
    )


# -- numbers -----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("qid", "typed", "value"),
    [
        ("fact.monthly_gmv", "5块", 5),
        ("fact.monthly_gmv", "0.1万", 1000),  # 0.1 × 10000 is 1000.0000000000001 in binary: rounded back
        ("fact.monthly_gmv", "1.00000000001万", 10000),  # to six places: noise, not a sum anyone typed
        ("fact.monthly_gmv", "1.1百", 110),  # 110.00000000000001 in binary: rounded back to what was meant
        ("fact.monthly_gmv", "1.2345千", 1234.5),  # rounded to six places, not to a whole number
        ("fact.monthly_gmv", "0.1234567", 0.1234567),  # without a multiplier every decimal typed is kept
        ("fact.monthly_gmv", "3千万", 30_000_000),  # 千 and 万 multiply together
        ("fact.monthly_gmv", "1.5K", 1500),
        ("fact.monthly_gmv", "2w", 20000),
        ("fact.monthly_gmv", "3百", 300),
        ("fact.monthly_gmv", "1 2", 12),  # spaces inside are dropped, as a phone keyboard puts them
        ("fact.monthly_gmv", "+7", 7),
        ("fact.monthly_gmv", ".5", 0.5),
        ("fact.monthly_gmv", "1e3", 1000),
        ("fact.monthly_gmv", "1,234", 1234),
        ("ads.net_roi", "2倍", 2),
        ("ads.net_roi", "2.5", 2.5),
        ("fact.team_size", "7人", 7),
        ("content.avg_watch_time", "1小时", 60),
        ("content.avg_watch_time", "1h30min", 90),
        ("content.avg_watch_time", "1秒", 0.016667),  # rounded to 6 places
        ("content.avg_watch_time", "2min", 2),
        ("content.avg_watch_time", "1.5", 1.5),
        ("service.avg_response_time", "2分", 120),
        ("service.avg_response_time", "1小时", 3600),
        ("service.avg_response_time", "30s", 30),
        ("fact.field_share", "１００％", 100),
        ("fact.field_share", "0", 0),
    ],
)
def test_numbers_as_typed(qid: str, typed: str, value: float) -> None:
    got = normalise(Q[qid], typed)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(
    ("qid", "typed"),
    [
        ("fact.monthly_gmv", "万"),  # a multiplier alone is no number
        ("fact.monthly_gmv", "元"),  # nor a unit alone
        ("fact.monthly_gmv", "3元元"),  # one unit word, once
        ("fact.monthly_gmv", "3块元"),
        ("fact.monthly_gmv", "3个"),  # a count's unit on a sum of money
        ("fact.team_size", "3块"),
        ("content.avg_watch_time", "分钟"),
        ("fact.monthly_gmv", "1小时"),  # a duration only for a question measured in time
        ("fact.monthly_gmv", "abc"),
        ("fact.monthly_gmv", ""),
    ],
)
def test_text_that_is_no_number_is_refused_naming_the_question(qid: str, typed: str) -> None:
    assert _refusal(qid, typed) == f"{qid} needs a number, not {typed!r}"


def test_a_percent_sign_only_on_a_percentage() -> None:
    assert (
        _refusal("fact.monthly_gmv", "12%") == "fact.monthly_gmv is measured in yuan, not percent; write a plain number"
    )
    assert _refusal("ads.net_roi", "12％") == "ads.net_roi is measured in ratio, not percent; write a plain number"


def test_a_comma_that_is_no_thousands_separator_says_how_to_write_the_decimal() -> None:
    from fact_audit.answers import NumberTextError

    with pytest.raises(NumberTextError) as caught:
        normalise(Q["fact.monthly_gmv"], " 1,5 ")
    assert str(caught.value) == (
        "fact.monthly_gmv needs a number, not ' 1,5 ': a comma only separates thousands, in groups of three "
        "(300,000); for a decimal write a point (1.5)"
    )
    assert (
        caught.value.zh == "“1,5”看不出是多少：逗号只用来分隔千位，每三位一组（如 300,000）；小数请用小数点（如 1.5）"
    )


@pytest.mark.parametrize("typed", [True, False, [3], {"a": 1}, None])
def test_a_number_question_refuses_what_is_no_number(typed: Any) -> None:
    assert _refusal("fact.monthly_gmv", typed) == f"fact.monthly_gmv needs a number, not {typed!r}"


@pytest.mark.parametrize("typed", [math.nan, math.inf, -math.inf])
def test_a_number_must_be_finite(typed: float) -> None:
    assert _refusal("fact.monthly_gmv", typed) == f"fact.monthly_gmv needs a finite number, not {typed!r}"


def test_a_number_within_its_range_bounds_included() -> None:
    assert normalise(Q["fact.field_share"], 0) == 0 and normalise(Q["fact.field_share"], 100) == 100
    assert (
        _refusal("fact.field_share", 100.5) == "100.5 is impossible for fact.field_share: it must be between 0 and 100"
    )
    assert _refusal("fact.field_share", -1) == "-1 is impossible for fact.field_share: it must be between 0 and 100"
    assert (
        _refusal("fact.field_share", "1万") == "10000 is impossible for fact.field_share: it must be between 0 and 100"
    )


def test_a_count_takes_whole_numbers() -> None:
    assert _refusal("fact.team_size", 2.5) == "fact.team_size takes a whole number, not 2.5"
    got = normalise(Q["fact.team_size"], 3.0)
    assert got == 3 and type(got) is int
    got = normalise(Q["fact.field_share"], 12.5)
    assert got == 12.5 and type(got) is float


def test_a_number_without_a_range_keeps_huge_values_as_floats() -> None:
    question = copy.copy(Q["fact.monthly_gmv"])
    question.range = None
    below, at = normalise(question, 2**53 - 1), normalise(question, float(2**53))
    assert type(below) is int and type(at) is float
    assert normalise(question, -5) == -5


# -- platforms and stages as merchants write them ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "platform"),
    [
        ("douyin", "douyin"),
        ("Dou Yin", "douyin"),
        ("抖店", "douyin"),
        ("ｋｕａｉｓｈｏｕ", "kuaishou"),
        ("快手小店", "kuaishou"),
        ("WeChat Channels", "channels"),
        ("微信-小店", "channels"),
        ("channels", "channels"),
        ("其它", "other"),
        ("淘宝", None),
        ("", None),
    ],
)
def test_platform_words(typed: str, platform: str | None) -> None:
    assert platform_id(typed) == platform


@pytest.mark.parametrize(
    ("typed", "stage"),
    [
        ("growth", "growth"),
        ("GROWTH", "growth"),
        ("成长期", "growth"),
        ("Growing brand", "growth"),
        ("成熟品牌", "mature"),
        ("mature_brand", "mature"),
        ("new shop", "starter"),
        ("新店起步", "starter"),
        ("起步", "starter"),
        ("成熟", "mature"),
        ("later", None),
    ],
)
def test_stage_words(typed: str, stage: str | None) -> None:
    assert stage_id(RUBRIC, typed) == stage


def test_a_stage_word_for_a_profile_the_set_lacks_names_nothing() -> None:
    rubric = copy.copy(RUBRIC)
    rubric.profiles = {k: v for k, v in RUBRIC.profiles.items() if k != "starter"}
    assert stage_id(rubric, "new shop") is None and stage_id(rubric, "成熟") == "mature"


# -- the document ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind"),
    [("", "empty"), ("- a\n- b\n", "a list"), ("hello\n", "plain text"), ("42\n", "a single value")],
)
def test_a_file_that_is_no_mapping_says_what_it_is(text: str, kind: str) -> None:
    message, file, _, _ = _refused(text)
    expected = f"an answers file must be a mapping with `format`, `merchant` and `answers` (this one is {kind})"
    assert (message, file) == (expected, "shop.yaml")


def test_an_unknown_top_level_key_is_refused_where_it_is() -> None:
    assert _refused(GOOD + "extra: 1\n") == (
        "unknown top-level key 'extra'; expected $schema, format, rubric, merchant, answers, notes",
        "shop.yaml",
        4,
        1,
    )


def test_a_file_without_format_is_read_with_a_notice() -> None:
    answers = _load("answers:\n  fact.team_size: 3\n")
    assert [(n.code, n.message, n.file, n.line) for n in answers.notices] == [
        ("no-format", f"no `format:` line; read as {FORMAT}", "shop.yaml", 1)
    ]
    assert _load(GOOD).notices == []


def test_another_format_is_refused() -> None:
    assert _refused("answers: {fact.team_size: 3}\nformat: fact-audit/answers@2\n") == (
        "unsupported format 'fact-audit/answers@2'; this version reads fact-audit/answers@1",
        "shop.yaml",
        2,
        1,
    )


def test_an_older_version_of_the_set_is_migrated_with_a_notice() -> None:
    answers = _load(
        "format: fact-audit/answers@1\nrubric: fact-8@1.0.0\nanswers:\n"
        "  service.pickup_next_day_rate: 90\n  goods.item_margin: net_before_ads\n"
        "notes:\n  service.pickup_next_day_rate: from the courier's sheet\n"
    )
    assert answers.values == {"service.on_time_pickup_rate": 90, "goods.item_margin": "contribution"}
    assert answers.notes == {"service.on_time_pickup_rate": "from the courier's sheet"}
    assert answers.rubric_ref == "fact-8@1.0.0"
    (notice,) = answers.notices
    assert (notice.code, notice.line) == ("migrated", 2)
    assert notice.message.startswith("migrated from 1.0.0 to 1.1.0; moved service.pickup_next_day_rate")


@pytest.mark.parametrize("ref", ["other-set@1.0.0", "fact-8", "fact-8@0.1.0", "fact-8@"])
def test_a_set_reference_that_cannot_be_migrated_is_scored_with_a_notice(ref: str) -> None:
    answers = _load(f"format: {FORMAT}\nrubric: {ref}\nanswers:\n  fact.team_size: 3\n")
    assert [(n.code, n.message, n.line) for n in answers.notices] == [
        ("rubric-version", f"answered against {ref}, scored with {RUBRIC.ref}", 2)
    ]
    assert answers.rubric_ref == ref and answers.values == {"fact.team_size": 3}


def test_the_current_set_reference_needs_no_notice() -> None:
    answers = _load(f"format: {FORMAT}\nrubric: {RUBRIC.ref}\nanswers:\n  fact.team_size: 3\n")
    assert answers.notices == [] and answers.rubric_ref == RUBRIC.ref


def test_answers_that_are_no_mapping_are_not_migrated() -> None:
    message, _, line, _ = _refused(f"format: {FORMAT}\nrubric: fact-8@1.0.0\nanswers: [1]\n")
    assert (message, line) == ("`answers` must be a mapping of question id to answer", 3)
    message, _, line, _ = _refused(
        f"format: {FORMAT}\nrubric: fact-8@1.0.0\nanswers:\n  fact.team_size: 3\nnotes: [a]\n"
    )
    assert (message, line) == ("`notes` must be a mapping of question id to text", 5)


# -- merchant ----------------------------------------------------------------------------------------------------------
def test_the_merchant_block_must_be_a_mapping() -> None:
    assert _refused(GOOD + "merchant: [a]\n")[:3] == (
        "`merchant` must be a mapping (name, platform, stage, category)",
        "shop.yaml",
        4,
    )


def test_an_unknown_merchant_field_is_refused() -> None:
    assert _refused(GOOD + "merchant:\n  name: 店\n  city: 杭州\n") == (
        "unknown merchant field 'city'; expected name, platform, stage, category, date, consultant",
        "shop.yaml",
        6,
        3,
    )


@pytest.mark.parametrize("value", ["[a]", "{a: 1}", "true"])
def test_a_merchant_field_must_be_text(value: str) -> None:
    message, _, line, col = _refused(GOOD + f"merchant:\n  category: {value}\n")
    assert (message, line, col) == ("merchant.category must be text", 5, 3)


def test_merchant_fields_are_kept_as_text() -> None:
    doc = parse_yaml(GOOD, "shop.yaml")
    doc.data["merchant"] = {"name": 7, "date": 2.5, "consultant": None, "category": "食品"}
    merchant = answers_from_document(doc, RUBRIC).merchant
    assert merchant == {"name": "7", "date": "2.5", "consultant": None, "category": "食品"}


def test_platform_and_stage_words_become_ids() -> None:
    answers = _load(GOOD + "merchant:\n  platform: 视频号\n  stage: 新店\n")
    assert answers.merchant == {"platform": "channels", "stage": "starter"}
    assert (answers.platform, answers.stage) == ("channels", "starter")
    assert _load(GOOD).merchant == {}  # not given: no platform, the set's default stage


def test_a_stage_alone_is_read_too() -> None:
    assert _load(GOOD + "merchant:\n  name: 店\n  stage: 新店\n").merchant == {"name": "店", "stage": "starter"}
    answers = _load("merchant:\n  platform: ''\n  stage: 成熟\nanswers: {}\n", allow_empty=True)
    assert answers.merchant == {"platform": None, "stage": "mature"}  # a blank platform does not stop the stage


def test_an_unknown_platform_or_stage_is_refused_listing_the_choices() -> None:
    assert _refused(GOOD + "merchant:\n  platform: 淘宝\n") == (
        "platform must be one of douyin, kuaishou, channels, other, not '淘宝'",
        "shop.yaml",
        5,
        3,
    )
    assert _refused(GOOD + "merchant:\n  platform: douyin\n  stage: later\n") == (
        "stage must be one of starter, growth, mature, not 'later'",
        "shop.yaml",
        6,
        3,
    )


def test_a_blank_platform_or_stage_is_refused_after_the_answers() -> None:
    assert _refused(GOOD + "merchant:\n  platform: ' '\n  stage:\n") == (
        "merchant.platform is blank: write one of douyin, kuaishou, channels, other",
        "shop.yaml",
        5,
        3,
    )
    assert _refused(GOOD + "merchant:\n  platform: douyin\n  stage: ''\n")[:3] == (
        "merchant.stage is blank: write one of starter, growth, mature",
        "shop.yaml",
        6,
    )
    # a template: blank fields and no answers is "no answers" first, the more useful of the two
    message, *_ = _refused("merchant:\n  platform:\nanswers:\n  fact.team_size:\n")
    assert message.startswith("no answers:")


def test_an_interview_resuming_a_template_takes_blank_fields() -> None:
    answers = _load("merchant:\n  platform:\n  stage: ' '\nanswers:\n  fact.team_size:\n", allow_empty=True)
    assert answers.merchant == {"platform": None, "stage": None} and answers.values == {}


# -- answers -----------------------------------------------------------------------------------------------------------
def test_a_file_with_no_answers_is_refused_with_its_code() -> None:
    expected = (
        "no answers: the file answers none of the questions; fill in `answers:` "
        "(`fact-audit template` writes them all out) or run `fact-audit interview`"
    )
    for text, line in (("format: fact-audit/answers@1\nanswers:\n", 2), ("format: fact-audit/answers@1\n", 1)):
        with pytest.raises(AnswersError) as caught:
            _load(text)
        assert (caught.value.message, caught.value.line, caught.value.code) == (expected, line, "no-answers")
    assert _load("format: fact-audit/answers@1\n", allow_empty=True).values == {}


def test_an_unknown_question_is_refused_with_a_suggestion() -> None:
    assert _refused(GOOD + "  goods.sell_thru: 80\n") == (
        "unknown question id 'goods.sell_thru' (did you mean 'goods.sell_through'?)",
        "shop.yaml",
        4,
        3,
    )
    assert _refused(GOOD + "  1: 80\n")[:3] == ("unknown question id 1", "shop.yaml", 4)


def test_a_blank_answer_is_not_answered_yet() -> None:
    answers = _load(GOOD + "  goods.sell_through:\n  goods.dev_loop: 2\n")
    assert answers.values == {"fact.team_size": 3, "goods.dev_loop": 2}


def test_a_computed_question_is_refused_in_the_file() -> None:
    assert _refused(GOOD + "  ads.breakeven_roi: 2\n") == (
        "ads.breakeven_roi is worked out from other answers; leave it out of the file",
        "shop.yaml",
        4,
        3,
    )


def test_a_wrong_answer_is_refused_at_its_line() -> None:
    assert _refused(GOOD + "  goods.dev_loop: 9\n") == (
        "goods.dev_loop takes a whole number from 0 to 4, not 9",
        "shop.yaml",
        4,
        3,
    )


def test_answers_are_normalised() -> None:
    answers = _load(GOOD + "  goods.live_exclusive: 是\n  goods.sell_through: 不清楚\n  fact.monthly_gmv: 30万\n")
    assert answers.values == {
        "fact.team_size": 3,
        "goods.live_exclusive": True,
        "goods.sell_through": UNKNOWN,
        "fact.monthly_gmv": 300000,
    }
    assert answers.file == "shop.yaml"


def test_answers_to_questions_an_extending_set_dropped_are_ignored_with_a_notice() -> None:
    rubric = copy.copy(RUBRIC)
    rubric.dropped = {"old.question"}
    answers = _load(GOOD + "  old.question: 3\n  goods.dev_loop: 2\nnotes:\n  old.question: kept from before\n", rubric)
    assert answers.values == {"fact.team_size": 3, "goods.dev_loop": 2} and answers.notes == {}
    assert [(n.code, n.message, n.line) for n in answers.notices] == [
        ("dropped", f"old.question is not asked in {RUBRIC.ref}; its answer is ignored", 4)
    ]
    message, *_ = _refused(GOOD + "notes:\n  old.question: x\n  goods.sell_thru: y\n", rubric)
    assert message.startswith("note for unknown question id 'goods.sell_thru'")  # checked past a dropped one


def test_notes_are_kept_as_text_for_known_questions() -> None:
    answers = _load(GOOD + "notes:\n  fact.team_size: 3 in the room\n  goods.sell_through: 80\n  goods.dev_loop:\n")
    assert answers.notes == {"fact.team_size": "3 in the room", "goods.sell_through": "80"}


def test_a_note_for_an_unknown_question_or_that_is_no_text_is_refused() -> None:
    assert _refused(GOOD + "notes:\n  goods.sell_thru: x\n") == (
        "note for unknown question id 'goods.sell_thru' (did you mean 'goods.sell_through'?)",
        "shop.yaml",
        5,
        3,
    )
    assert _refused(GOOD + "notes:\n  goods.sell_through: [x]\n") == ("a note must be text", "shop.yaml", 5, 3)
    assert _refused(GOOD + "notes: text\n")[:3] == ("`notes` must be a mapping of question id to text", "shop.yaml", 4)


def test_an_answer_its_condition_hides_is_kept_out_with_a_notice() -> None:
    answers = _load(GOOD + "  ads.buys_paid_traffic: false\n  ads.net_roi: 2\n")
    env, hidden = answers.visibility
    assert "ads.net_roi" in hidden and "ads.net_roi" not in env and env["ads.buys_paid_traffic"] is False
    assert [(n.code, n.message, n.line) for n in answers.notices] == [
        ("hidden-answer", "ads.net_roi is ignored: its condition (ads.buys_paid_traffic == true) is false", 5)
    ]
    shown = _load(GOOD + "  ads.buys_paid_traffic: true\n  ads.net_roi: 2\n")
    assert shown.notices == [] and shown.visibility[0]["ads.net_roi"] == 2


# -- what conditions see -----------------------------------------------------------------------------------------------
def _shop(values: dict[str, Any], **merchant: str) -> Answers:
    return Answers("e.yaml", merchant, values)


def test_conditions_see_the_merchant_and_the_profile() -> None:
    env, _ = environment(RUBRIC, _shop({}, platform="kuaishou", stage="starter"))
    assert (env["merchant.platform"], env["merchant.stage"], env["profile"]) == ("kuaishou", "starter", "starter")
    env, _ = environment(RUBRIC, _shop({}, platform="kuaishou", stage="starter"), "mature")
    assert env["profile"] == "mature"
    env, _ = environment(RUBRIC, _shop({}))
    assert (env["merchant.platform"], env["merchant.stage"], env["profile"]) == (None, None, RUBRIC.default_profile)
    env, _ = environment(RUBRIC, _shop({}), "starter")
    assert env["profile"] == "starter"


def test_computed_values_are_worked_out_in_order_and_rounded() -> None:
    shares = {"cost_of_goods": 40, "platform_fee": 5, "commission": 5, "gift": 0, "shipping": 20}
    values = {"ads.buys_paid_traffic": True, "ads.net_roi": 2, **{f"ads.{k}_share": v for k, v in shares.items()}}
    env, hidden = environment(RUBRIC, _shop(values))
    assert env["ads.contribution_margin"] == 30
    assert env["ads.breakeven_roi"] == 3.3333  # 100 / 30, to four places
    assert env["ads.roi_to_breakeven"] == round(2 / 3.3333, 4)  # from the rounded value the report shows
    assert not hidden & {"ads.contribution_margin", "ads.breakeven_roi"}


def test_missing_n_a_and_hidden_answers_are_not_in_the_environment_unknown_is() -> None:
    values = {
        "fact.top_kol_share": 0,
        "fact.kol_followup": "none",  # hidden: nobody carries 0 % top creators
        "fact.monthly_gmv": 1000,  # after the hidden one in the same section: still seen
        "goods.sell_through": NA,
        "goods.dev_loop": UNKNOWN,
    }
    env, hidden = environment(RUBRIC, _shop(values))
    assert "fact.kol_followup" in hidden and "fact.kol_followup" not in env
    assert env["fact.monthly_gmv"] == 1000 and env["fact.top_kol_share"] == 0
    assert "goods.sell_through" not in env and env["goods.dev_loop"] == UNKNOWN
    assert "fact.team_size" not in env  # not answered
    assert "ads.contribution_margin" not in env  # computed from nothing: no value
    assert hidden >= {"ads.promotion_mode", "ads.contribution_margin"}  # no paid traffic answered
    assert "fact.monthly_gmv" not in hidden and "fact.team_size" not in hidden


# -- files -------------------------------------------------------------------------------------------------------------
def test_load_answers_reads_a_file_keeping_merchant_fields_as_written(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(GOOD + "merchant:\n  name: 007\n  platform: 抖音\n", encoding="utf-8")
    answers = load_answers(path, RUBRIC)
    assert answers.merchant == {"name": "007", "platform": "douyin"} and answers.file == str(path)


def test_load_answers_refuses_aliases_and_passes_allow_empty_on(tmp_path: Path) -> None:
    path = tmp_path / "alias.yaml"
    path.write_text("format: &f fact-audit/answers@1\nanswers:\n  fact.team_size: 3\nrubric: *f\n", encoding="utf-8")
    with pytest.raises(InputFileError):
        load_answers(path, RUBRIC)
    empty = tmp_path / "empty.yaml"
    empty.write_text("format: fact-audit/answers@1\n", encoding="utf-8")
    assert load_answers(empty, RUBRIC, allow_empty=True).values == {}
    with pytest.raises(AnswersError):
        load_answers(empty, RUBRIC)
