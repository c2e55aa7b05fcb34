"""Reading a form tool's headings and cells (fact_audit/formmap.py): numbering and markers stripped, full-width and
half-width alike, checklists split after whole option texts, a text two questions share refused."""

from __future__ import annotations

import copy
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fact_audit.formmap import FormError, FormMap, heading_keys
from fact_audit.formtext import WORDS
from fact_audit.lint.rules.style import problems_in
from fact_audit.model import Text

from ..conftest import load_bundled

RUBRIC = load_bundled()
FORM = FormMap(RUBRIC)
ASKED = [q for q in RUBRIC.questions.values() if q.asked]

_NUMBERS = st.integers(min_value=1, max_value=999).map(str)
_FULL = str.maketrans("0123456789.:()", "０１２３４５６７８９．：（）")
PREFIXES = st.one_of(
    st.builds(lambda n, mark: f"{n}{mark}", _NUMBERS, st.sampled_from(["、", ".", ". ", ")", "：", ":"])),
    st.builds(lambda n, mark: f"Q{n}{mark}", _NUMBERS, st.sampled_from([".", "：", ":", " ", "、", "_"])),
    st.builds(lambda n: f"第{n}题", _NUMBERS),
    st.builds(lambda n: f"({n})", _NUMBERS),
    st.builds(lambda n: f"（{n}）", _NUMBERS),
)
MARKERS = st.lists(
    st.sampled_from(["*", "（必填）", "[单选题]", "[多选题]", "【多选】", "（多选）", " (required)"]), max_size=3
)
SPACES = st.sampled_from(["", " ", "\u3000", "  "])


@given(
    question=st.sampled_from(ASKED),
    lang=st.sampled_from(["zh", "en"]),
    prefix=PREFIXES,
    markers=MARKERS,
    space=SPACES,
    full_width=st.booleans(),
)
def test_numbering_and_markers_around_a_question_text_find_it(question, lang, prefix, markers, space, full_width):
    prefix = prefix.translate(_FULL) if full_width else prefix
    heading = f"{space}{prefix}{space}{question.text(lang)}{''.join(markers)}{space}"
    assert FORM.column(heading) == question.id


@pytest.mark.parametrize(
    ("heading", "keys"),
    [
        ("12、近 30 天", ["12、近30天", "近30天"]),
        ("Q12：近30天（必填）*", ["q12:近30天(必填)*", "近30天(必填)*", "近30天(必填)", "近30天"]),
        ("第12题 近 30 天[多选题]", ["第12题近30天[多选题]", "近30天[多选题]", "近30天"]),
        ("12.5% 的退款", ["12.5%的退款"]),  # a decimal is not numbering
        ("30 天内", ["30天内"]),  # nor a number without a mark after it
    ],
)
def test_heading_keys(heading: str, keys: list[str]) -> None:
    assert heading_keys(heading) == keys


def test_a_question_whose_own_text_ends_in_brackets_is_matched_before_they_are_stripped() -> None:
    question = RUBRIC.questions["goods.selection_basis"]
    assert question.text.zh.endswith("（只勾能拿出记录的）")
    assert FORM.column("3、" + question.text.zh + "（多选）") == question.id


def test_a_heading_nothing_matches_is_none_and_merchant_headings_are_fields() -> None:
    assert FORM.column("提交答卷时间") is None
    assert FORM.column("1、店铺名称*") == "merchant.name"
    assert FORM.column("Q2. Platform") == "merchant.platform"


def test_a_text_two_questions_share_is_refused_naming_both() -> None:
    rubric = copy.copy(RUBRIC)
    rubric.questions = dict(RUBRIC.questions)
    twin = copy.copy(rubric.questions["goods.top3_gmv_share"])
    twin.text = Text(rubric.questions["goods.sell_through"].text.zh, "another text")
    rubric.questions[twin.id] = twin
    with pytest.raises(FormError, match=r"goods\.sell_through and goods\.top3_gmv_share"):
        FormMap(rubric).column("7、" + twin.text.zh)
    assert FormMap(rubric).column("another text") == twin.id  # the en text still tells them apart


def test_a_checklist_matches_whole_option_texts_before_splitting() -> None:
    question = RUBRIC.questions["goods.selection_basis"]
    first, second = question.options[0], question.options[1]
    assert "，" in first.text.zh and "、" in first.text.zh  # the separators a naive split would cut it at
    for separator in ("┋", "|", ";", "；", ",", "，", "、"):
        cell = f"{first.text.zh}{separator}{second.text.zh}"
        assert FORM.cell(question.id, cell) == f"{first.id};{second.id}", separator
    assert FORM.cell(question.id, f"{second.text.en} | {first.text.en.upper()}") == f"{second.id};{first.id}"
    assert FORM.cell(question.id, f"{first.id}, {second.id}") == f"{first.id};{second.id}"


def test_a_checklist_item_nothing_matches_is_kept_for_the_reader_to_refuse() -> None:
    question = RUBRIC.questions["goods.selection_basis"]
    assert FORM.cell(question.id, f"{question.options[0].text.zh}┋其他〖自己想的〗") == (
        f"{question.options[0].id};其他〖自己想的〗"
    )


def test_cells_of_each_kind() -> None:
    single = RUBRIC.questions["goods.item_margin"]
    assert FORM.cell(single.id, " " + single.options[1].text.zh.replace("，", ",") + " ") == single.options[1].id
    assert FORM.cell(single.id, single.options[1].id) == single.options[1].id
    assert FORM.cell(single.id, "随便写的") == "随便写的"  # the reader names the valid options
    scale = RUBRIC.questions["goods.dev_loop"]
    assert FORM.cell(scale.id, scale.levels[4].zh) == "4" and FORM.cell(scale.id, "2") == "2"
    assert FORM.cell("goods.sell_through", "30万") == "30万"  # numbers are the answers reader's
    assert FORM.cell("goods.sell_through", "不清楚") == "unknown"
    assert FORM.cell("fact.team_roles", "以上都没有") == "[]"


@pytest.mark.parametrize("name", sorted(WORDS))
def test_the_form_words_follow_the_house_style(name: str) -> None:
    zh, en = WORDS[name]
    assert set(re.findall(r"\{(\w+)\}", zh)) == set(re.findall(r"\{(\w+)\}", en))
    filled = re.sub(r"\{(\w+)\}", "样例", zh)
    if name == "map_options_example":  # YAML: its colons are the syntax, not punctuation
        filled = filled.replace(": ", "：").replace(":", "：")
    filled = re.sub(r"fact-audit[ a-z-]*|--map", "命令", filled)  # a command is typed as it is
    assert list(problems_in(filled)) == [], filled
