"""Wrapping terminal text (issue 15 item 4): lines fit, nothing is lost, Chinese punctuation never starts a line."""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from fact_audit.wrapping import CLOSING, OPENING, display_width, wrap

from ..conftest import ROOT

# Chinese, Latin words, digits, spaces and every punctuation mark the rules know: the mix a rubric text holds.
ALPHABET = st.sampled_from(
    list("有专职主播每周开播场以上固定排班表货品")
    + list("abcdefXYZ0123456789")
    + [" ", " ", " "]
    + sorted(CLOSING)
    + sorted(OPENING)
)
TEXTS = st.text(ALPHABET, max_size=120)
WIDTHS = st.integers(min_value=12, max_value=100)
PREFIXES = st.sampled_from(["", "  4. ", " 12. ", "    ", "  · "])


def _can_break(body: str) -> bool:
    """Whether the rules allow a break anywhere inside `body`: at a space, or between two characters one of which is
    wide, the second not closing punctuation and the first not opening punctuation."""
    body = body.strip()
    if any(char.isspace() for char in body):
        return True
    return any(
        (display_width(before) == 2 or display_width(after) == 2) and after not in CLOSING and before not in OPENING
        for before, after in itertools.pairwise(body)
    )


@given(TEXTS, WIDTHS, PREFIXES)
def test_every_line_fits_unless_it_holds_one_unbreakable_token(text: str, width: int, prefix: str) -> None:
    lines = wrap(text, width, prefix)
    indent = " " * display_width(prefix)
    for number, line in enumerate(lines):
        if display_width(line) > width:
            assert not _can_break(line[len(prefix if number == 0 else indent) :]), (line, width)


@given(TEXTS, WIDTHS, PREFIXES)
def test_nothing_is_lost_only_breaks_and_indents_are_added(text: str, width: int, prefix: str) -> None:
    lines = wrap(text, width, prefix)
    assert lines[0].startswith(prefix)
    indent = " " * display_width(prefix)
    assert all(line.startswith(indent) for line in lines[1:])
    body = "".join(line[len(prefix if n == 0 else indent) :] for n, line in enumerate(lines))
    assert re.sub(r"\s+", "", body) == re.sub(r"\s+", "", text)


@given(TEXTS, WIDTHS, PREFIXES)
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(text: str, width: int, prefix: str) -> None:
    lines = wrap(text, width, prefix)
    indent = " " * display_width(prefix)
    for number, line in enumerate(lines):
        body = line[len(prefix if number == 0 else indent) :]
        if number > 0:
            assert body[:1] not in CLOSING, lines
        if number < len(lines) - 1:
            assert body.rstrip()[-1:] not in OPENING, lines


@given(st.text(st.sampled_from(list("有专职主播每周开播场")), min_size=1, max_size=200), WIDTHS)
def test_chinese_fills_every_line_but_the_last(text: str, width: int) -> None:
    """Breaks fall between Chinese characters anywhere: no line is left short for want of a space."""
    lines = wrap(text, width, "  4. ")
    for line in lines[:-1]:
        assert display_width(line) >= width - 1


def test_an_option_number_never_stands_alone() -> None:
    lines = wrap("有专职主播，每周开播 5 场以上，并且有固定的排班表（含替补主播）。", 24, "  4. ")
    assert lines[0].startswith("  4. 有")
    assert all(line.startswith("     ") for line in lines[1:])
    assert [display_width(line) <= 24 for line in lines] == [True] * len(lines)


def test_latin_words_are_kept_whole() -> None:
    lines = wrap("streams at least five times a week with a backup", 20, "  1. ")
    words = " ".join(line.strip() for line in lines).replace("1. ", "", 1).split()
    assert words == ["streams", "at", "least", "five", "times", "a", "week", "with", "a", "backup"]


def test_a_text_that_fits_is_unchanged() -> None:
    assert wrap("每周开播 5 场。", 80, "  2. ") == ["  2. 每周开播 5 场。"]


def test_newlines_start_paragraphs_with_the_hanging_indent() -> None:
    assert wrap("第一段。\n第二段。", 80, "  · ") == ["  · 第一段。", "    第二段。"]


def test_a_command_line_breaks_only_at_its_spaces() -> None:
    """Examples in the help: `报告.html` is one argument, never split after `报`."""
    assert wrap("fact-audit score 答案.yaml --out 报告.html", 30, "  ", cjk=False) == [
        "  fact-audit score 答案.yaml",
        "  --out 报告.html",
    ]


def test_widths_count_chinese_as_two_columns() -> None:
    assert display_width("抖音 ab（") == 9


# -- where the terminal shows wrapped text: the interview's options and the table report's actions ---------------

CLOSING_STARTS = ("。", "，", "、", "；", "：", "）", "？", "！")


def _longest_options(bundled) -> object:
    """The single- or multiple-choice question of the bundled set whose Chinese options are the longest."""
    questions = [q for q in bundled.questions.values() if q.type in ("single", "multi")]
    return max(questions, key=lambda q: sum(len(o.text("zh")) for o in q.options))


def test_an_80_column_chinese_option_list_keeps_numbers_with_their_text(bundled, tmp_path: Path) -> None:
    from rich.console import Console

    from fact_audit.interview import Interview

    out = io.StringIO()
    console = Console(file=out, width=80, color_system=None)  # a terminal: rich would wrap, so we do
    session = Interview(bundled, console, io.StringIO(), tmp_path / "answers.yaml", "zh")
    question = _longest_options(bundled)
    session._show_choices(question)
    lines = out.getvalue().splitlines()
    assert len(lines) > len(question.options), "the longest options should need more than one line each at 80"
    for line in lines:
        assert display_width(line) <= 80
        assert not re.fullmatch(r"\s*\d+\.\s*", line), lines  # no number alone on its line
        if not re.match(r"  \d+\. ", line):
            assert line.startswith("     ") and line[5] != " ", lines  # continued under the text, not flush left
            assert not line.strip().startswith(CLOSING_STARTS), lines


def test_piped_interview_options_stay_one_line_each(bundled, tmp_path: Path) -> None:
    from rich.console import Console

    from fact_audit.interview import Interview

    out = io.StringIO()
    console = Console(file=out, width=80, color_system=None, soft_wrap=True)  # piped: a log reads whole lines
    question = _longest_options(bundled)
    Interview(bundled, console, io.StringIO(), tmp_path / "answers.yaml", "zh")._show_choices(question)
    assert len(out.getvalue().splitlines()) == len(question.options)


def test_an_80_column_chinese_report_indents_wrapped_actions(bundled) -> None:
    from fact_audit.answers import load_answers
    from fact_audit.renderers import RenderOptions, render
    from fact_audit.scoring import score

    report = score(bundled, load_answers(ROOT / "examples" / "new_small_shop.yaml", bundled))
    text = render(report, "table", RenderOptions(lang="zh", top=5, width=80))
    actions = text.split("优先行动\n", 1)[1].split("\n另有", 1)[0].splitlines()
    assert len(actions) > 5 * 4, "some action paragraphs should need more than one line at 80 columns"
    for line in actions:
        assert display_width(line) <= 80, line
        assert re.match(r" ?\d+\. \S", line) or re.match(r"    \S", line), line  # continued under the text
        assert not line.lstrip().startswith(CLOSING_STARTS), line
