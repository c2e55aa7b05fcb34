"""The one answers writer (issue 15, item 15): what it writes reads back as the document, in the template's layout,
blank answers blank, comments kept, nothing dropped."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fact_audit.answers import FORMAT
from fact_audit.answers_writer import carry_comments, detect_lang, fill, is_template, plain, write_answers
from fact_audit.template import yaml_template
from fact_audit.yamlio import ANSWERS_TEXT_KEYS, parse_yaml


def load(text: str) -> Any:
    return parse_yaml(text, "t.yaml", allow_aliases=False, text_keys=ANSWERS_TEXT_KEYS).data


def said(document: dict[str, Any]) -> dict[str, Any]:
    """What a document says to the tool: a blank answer is no answer, an empty section no section."""
    out = {k: v for k, v in document.items() if k not in ("merchant", "answers", "notes")}
    for key in ("merchant", "answers", "notes"):
        kept = {k: v for k, v in (document.get(key) or {}).items() if v is not None}
        if kept:
            out[key] = kept
    return out


@pytest.fixture(scope="module")
def layouts(bundled) -> dict[str, str]:
    return {lang: yaml_template(bundled, lang, platform="douyin") for lang in ("zh", "en")}


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
CODES = st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True)
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    CODES,
    TEXT,
    st.lists(CODES, max_size=4, unique=True),
)


def documents(ids: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    question = st.one_of(st.sampled_from(ids), st.from_regex(r"zz\.[a-z_]{1,8}", fullmatch=True))
    merchant = st.dictionaries(st.sampled_from(["name", "platform", "stage", "category", "date", "consultant"]), TEXT)
    return st.fixed_dictionaries(
        {
            "format": st.just(FORMAT),
            "rubric": st.just("fact-8@1.1.0"),
            "merchant": merchant,
            "answers": st.dictionaries(question, VALUES, max_size=8),
        },
        optional={"notes": st.dictionaries(st.sampled_from(ids), TEXT, max_size=3)},
    )


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data(), lang=st.sampled_from(["zh", "en"]), with_layout=st.booleans())
def test_any_document_written_then_loaded_is_equal(data, lang: str, with_layout: bool, layouts, bundled) -> None:
    ids = sorted(bundled.questions)[:40]
    document = data.draw(documents(ids))
    text = write_answers(document, layouts[lang] if with_layout else None)
    assert said(load(text)) == said(document)


def test_blank_answers_stay_blank_and_the_layout_is_kept(layouts) -> None:
    document = {
        "format": FORMAT,
        "rubric": "fact-8@1.1.0",
        "merchant": {"name": "青禾茶研社", "platform": "douyin", "stage": "starter"},
        "answers": {"fact.team_size": 3, "fact.team_roles": ["host", "operator"], "goods.sell_through": None},
        "notes": {"fact.team_size": "老板自己也算"},
    }
    text = write_answers(document, layouts["zh"])
    assert "null" not in text
    assert "\n  goods.sell_through:\n" in text
    assert "\n  fact.team_size: 3\n" in text and "\n  fact.team_roles: [host, operator]\n" in text
    comments = [line for line in layouts["zh"].splitlines() if line.lstrip().startswith("#")]
    assert [line for line in text.splitlines() if line.lstrip().startswith("#")] == comments
    assert yaml.safe_load(text)["notes"] == {"fact.team_size": "老板自己也算"}  # editors read it the same way
    assert said(load(text)) == said(document)


def test_answers_with_no_line_are_kept_in_a_commented_block(layouts) -> None:
    document = {"format": FORMAT, "rubric": "fact-8@1.1.0", "answers": {"fact.team_size": 2, "zz.typo": "weekly"}}
    for lang, words in (("zh", "原样保留"), ("en", "kept as they were")):
        text = fill(layouts[lang], document)
        assert text is not None
        lines = text.splitlines()
        at = lines.index("  zz.typo: weekly")
        assert words in lines[at - 1]
        assert lines[at + 1] == "" and lines[at + 2].startswith("notes:")  # the end of `answers:`, not after notes
        assert load(text)["answers"]["zz.typo"] == "weekly"


def test_a_layout_edited_beyond_recognition_falls_back_to_plain_yaml() -> None:
    layout = "# my notes\nanswers: {fact.team_size: 1}\n"
    document = {"format": FORMAT, "answers": {"fact.team_size": 4, "goods.sell_through": None}}
    assert fill(layout, document) is None
    text = write_answers(document, layout, header="written by a test")
    assert text.startswith("# written by a test\n")
    assert "null" not in text and "\n  goods.sell_through:\n" in text
    assert said(load(text)) == said(document)


def test_a_merchants_own_file_keeps_its_comments_and_drops_lines_of_gone_ids() -> None:
    original = (
        "# 我们自己的记录\n"
        "rubric: fact-8@1.0.0\n"
        "answers:\n"
        "  goods.old: 3   # 六月的数\n"
        "  goods.kept:\n"
        "    - a\n"
        "    # 第二项后来加的\n"
        "    - b\n"
        "  goods.blank:\n"
    )
    document = {"rubric": "fact-8@1.1.0", "answers": {"goods.kept": ["a", "b", "c"], "goods.blank": None}}
    text = fill(original, document, drop_unlisted=True)
    assert text == (
        "# 我们自己的记录\n"
        "rubric: fact-8@1.1.0\n"
        "answers:\n"
        "  goods.kept: [a, b, c]\n"
        "    # 第二项后来加的\n"
        "  goods.blank:\n"
    )


def test_language_and_template_detection(layouts) -> None:
    assert detect_lang(layouts["zh"]) == "zh" and detect_lang(layouts["en"]) == "en"
    assert detect_lang("# 六月的数\nanswers:\n") == "zh" and detect_lang("answers:\n") == "en"
    assert is_template(layouts["zh"]) and is_template(layouts["en"]) and not is_template("# mine\nanswers:\n")


def test_comments_after_answers_follow_a_renamed_question() -> None:
    original = "answers:\n  service.old: 90  # 后台看的\n"
    layout = "answers:\n  # service.new: 问题\n  service.new:\n"
    assert carry_comments(original, layout, {"service.old": "service.new"}) == (
        "answers:\n  # service.new: 问题\n  service.new:  # 后台看的\n"
    )


def test_plain_writes_blank_as_blank() -> None:
    text = plain({"format": FORMAT, "answers": {"a.b": None, "a.c": "yes"}, "notes": {}})
    assert text == f'format: {FORMAT}\nanswers:\n  a.b:\n  a.c: "yes"\nnotes: {{}}\n'
