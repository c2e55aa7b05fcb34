"""Issue 15 item 9: the template is a form to fill: platform and stage blank and required, hints in the file's
language, and a note added below `notes:` still valid YAML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from fact_audit.answers import load_answers
from fact_audit.errors import AnswersError
from fact_audit.template import TYPE_HINT, json_template, yaml_template


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_platform_and_stage_are_blank_and_required(bundled, lang: str) -> None:
    text = yaml_template(bundled, lang)
    merchant = yaml.safe_load(text)["merchant"]
    assert merchant["platform"] is None and merchant["stage"] is None
    platform = next(line for line in text.splitlines() if line.startswith("  platform:"))
    stage = next(line for line in text.splitlines() if line.startswith("  stage:"))
    if lang == "zh":
        assert "必填：douyin（抖音）" in platform and "kuaishou（快手）" in platform
        assert "必填：starter（新店起步）" in stage and "growth（成长期）" in stage
    else:
        assert "required: douyin (Douyin)" in platform and "required: starter (New shop)" in stage
    document = json.loads(json_template(bundled))
    assert not document["merchant"]["platform"] and not document["merchant"]["stage"]


def test_a_given_platform_is_still_filled_in(bundled) -> None:
    assert yaml.safe_load(yaml_template(bundled, "zh", platform="kuaishou"))["merchant"]["platform"] == "kuaishou"


def test_the_zh_template_holds_no_english_hints(bundled) -> None:
    text = yaml_template(bundled, "zh")
    english = [f"#   {hint}" for _, hint in TYPE_HINT.values()]
    english += ["n/a ok", " or ", "Where to find it", "optional evidence", "required"]
    english += [section.name.en for section in bundled.sections()]
    assert [word for word in english if word in text] == []
    assert "不适用可写 n/a" in text and "是否：填 是 或 否" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_note_added_below_notes_is_valid_yaml(tmp_path: Path, bundled, lang: str) -> None:
    text = yaml_template(bundled, lang)
    assert "notes: {}" not in text and yaml.safe_load(text)["notes"] is None
    filled = text.replace("  platform:", "  platform: 抖音", 1).replace("  stage:", "  stage: 成长期", 1)
    filled = filled.replace("  goods.sell_through:\n", "  goods.sell_through: 70\n", 1)
    filled += "  goods.sell_through: 6 月库存表\n"
    path = tmp_path / "filled.yaml"
    path.write_text(filled, encoding="utf-8")
    answers = load_answers(path, bundled)
    assert answers.notes == {"goods.sell_through": "6 月库存表"}
    assert (answers.platform, answers.stage) == ("douyin", "growth")


def test_scoring_with_platform_or_stage_blank_is_one_clear_error(tmp_path: Path, bundled) -> None:
    text = yaml_template(bundled, "en").replace("  goods.sell_through:\n", "  goods.sell_through: 70\n", 1)
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnswersError, match=r"merchant\.platform is blank: write one of douyin, kuaishou"):
        load_answers(path, bundled)
    path.write_text(text.replace("  platform:", "  platform: douyin", 1), encoding="utf-8")
    with pytest.raises(AnswersError, match=r"merchant\.stage is blank: write one of starter, growth, mature"):
        load_answers(path, bundled)
    # an interview resuming the template takes them blank: it asks them first
    assert load_answers(path, bundled, allow_empty=True).stage is None


def test_a_template_without_a_platform_speaks_no_platforms_tools(bundled) -> None:
    """A template printed without --platform goes to merchants of any platform: it reads the neutral words, never
    Douyin's tools (which it used to show to every merchant); with --platform the platform's own words come back."""
    douyin_only = ("抖音电商罗盘", "精选联盟", "抖店后台", "次日 24 点")
    plain = yaml_template(bundled, "zh")
    body = [line for line in plain.splitlines() if "experience_dimensions" not in line]  # asked on Douyin only
    assert not [word for word in douyin_only if any(word in line for line in body)]
    assert any(word in yaml_template(bundled, "zh", platform="douyin") for word in douyin_only)
    assert not [word for word in douyin_only if word in yaml_template(bundled, "zh", platform="kuaishou")]
