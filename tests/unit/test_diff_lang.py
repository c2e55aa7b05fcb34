"""`rubrics diff --lang` (issue 15, item 14): a reworded text shows the wording of the language that changed, in the
reader's language, and never two identical lines when only the other language was edited."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from fact_audit.diff import Change, RubricDiff, content_changes
from fact_audit.renderers import render_diff
from fact_audit.renderers.rubric_diff import detail
from fact_audit.rubric import load_rubric_set

from ..conftest import MINI


def _edited(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    folder = tmp_path / "new"
    shutil.copytree(MINI, folder)
    goods = folder / "goods.yaml"
    text = goods.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    goods.write_text(text, encoding="utf-8")
    return folder


def _changes(tmp_path: Path, *edits: tuple[str, str]) -> list[Change]:
    return content_changes(load_rubric_set(MINI), load_rubric_set(_edited(tmp_path, *edits)))


def test_a_chinese_only_rewording_shows_the_chinese_in_chinese(tmp_path: Path) -> None:
    [change] = _changes(tmp_path, ("你们多久复盘一次货品", "你们多久复盘一次货品和价格"))
    assert (change.kind, change.target, change.field, change.changed()) == ("reworded", "goods.review", "text", ["zh"])
    assert detail(change, "zh") == "题目：“你们多久复盘一次货品” → “你们多久复盘一次货品和价格”"
    # an English reader is told the Chinese changed, with the Chinese wording: not 'How often…' → 'How often…'
    assert detail(change, "en") == "Chinese wording changed: '你们多久复盘一次货品' → '你们多久复盘一次货品和价格'"
    assert "How often" not in detail(change, "en")


def test_an_english_only_rewording_is_named_to_a_chinese_reader(tmp_path: Path) -> None:
    [change] = _changes(tmp_path, ("How often are goods reviewed", "How often do you review your goods"))
    assert change.changed() == ["en"]
    assert detail(change, "zh") == (
        "题目：英文措辞有改动，“How often are goods reviewed” → “How often do you review your goods”"
    )
    assert detail(change, "en") == "'How often are goods reviewed' → 'How often do you review your goods'"


def test_help_option_and_recommendation_texts_are_compared_too(tmp_path: Path) -> None:
    changes = _changes(
        tmp_path,
        ("看复盘记录", "看复盘记录和表格"),
        ("{zh: 每月, en: Monthly}", "{zh: 每个月, en: Monthly}"),
        ("每周一复盘货品", "每周一上午复盘货品"),
    )
    found = {(c.target, c.field): c for c in changes}
    assert set(found) == {("goods.review", "help"), ("goods.review", "option:monthly"), ("goods.r.review", "action")}
    assert all(c.kind == "reworded" and c.changed() == ["zh"] for c in changes)
    assert detail(found["goods.review", "option:monthly"], "zh") == "选项 monthly：“每月” → “每个月”"
    assert detail(found["goods.review", "help"], "en").startswith("help: Chinese wording changed: ")
    assert not any(c.kind == "options" for c in changes)  # a text is not an option change


DIFF = RubricDiff(
    "mini@0.1.0",
    "mini@0.2.0",
    [
        Change("reweighted", "goods", "1 → 2"),
        Change("added", "goods.new", "number"),
        Change(
            "reworded",
            "goods.review",
            "'How often' → 'How often'",
            "text",
            {"zh": "多久复盘", "en": "How often"},
            {"zh": "多久复盘一次 | **货品**", "en": "How often"},
        ),
    ],
    [],
)


def test_text_and_markdown_follow_the_chosen_language() -> None:
    zh = render_diff(RubricDiff(**{**DIFF.__dict__, "lang": "zh"}), "text", ["goods"])
    assert zh.splitlines()[:6] == [
        "题库改动对比：mini@0.1.0 → mini@0.2.0",
        "",
        "内容改动（3 处）",
        "  改权重      goods  1 → 2",
        "  新增        goods.new  数字题",
        "  改措辞      goods.review  题目：“多久复盘” → “多久复盘一次 | **货品**”",
    ]
    en = render_diff(DIFF, "text", ["goods"])
    assert "  reworded    goods.review  Chinese wording changed: '多久复盘' → '多久复盘一次 | **货品**'" in en
    markdown = render_diff(RubricDiff(**{**DIFF.__dict__, "lang": "zh"}), "markdown", ["goods"])
    assert "| 改措辞 | `goods.review` | 题目：“多久复盘” → “多久复盘一次 \\| \\*\\*货品\\*\\*” |" in markdown
    assert markdown.startswith("## 题库改动对比：mini@0.1.0 → mini@0.2.0\n")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_json_carries_both_languages_whatever_the_choice(lang: str) -> None:
    data = json.loads(render_diff(RubricDiff(**{**DIFF.__dict__, "lang": lang}), "json", ["goods"]))
    reworded = data["changes"][2]
    assert reworded["old"] == {"zh": "多久复盘", "en": "How often"}
    assert reworded["new"] == {"zh": "多久复盘一次 | **货品**", "en": "How often"}
    assert reworded["field"] == "text" and reworded["changed"] == ["zh"]
    assert "field" not in data["changes"][0]  # other changes keep their shape


def test_a_rubrics_own_words_are_escaped_for_each_format() -> None:
    """Rubric texts come from a pull request: no terminal escape reaches a terminal, no HTML a PR comment."""
    hostile = Change(
        "reworded",
        "goods.review",
        "",
        "help",
        {"zh": "看记录", "en": "Look"},
        {"zh": "看记录\x1b[2J<script>x</script>", "en": "Look"},
    )
    result = RubricDiff("a@1", "a@2", [hostile], [], "zh")
    text = render_diff(result, "text", [])
    assert "\x1b" not in text and "\\x1b[2J" in text
    markdown = render_diff(result, "markdown", [])
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
