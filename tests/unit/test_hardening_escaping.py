"""Issue 14, items 5 and 6: text from a file never acts on a terminal, and never becomes HTML or Markdown syntax.

A merchant name, category or note (and the paths, answers and messages shown with them) reaches the table report,
the interview and the batch's progress lines with its control characters, bidi marks and lone surrogates written
out as escapes (`\\x1b`, `\\u202e`, `\\ud800`); in Markdown `<`, `>` and `&` become entities and Markdown syntax
stays literal, so the rendered page holds no tag, link, emphasis, heading or list the file did not get from us.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from markdown_it import MarkdownIt
from rich.console import Console

from fact_audit.answers import Answers
from fact_audit.compare import compare
from fact_audit.interview import Interview
from fact_audit.progress import Progress
from fact_audit.renderers import RenderOptions, common, render, render_compare
from fact_audit.rubric import load_rubric_set
from fact_audit.scoring import score

from ..conftest import MINI

# Clear the screen, set the window title, an OSC 8 hyperlink, an OSC 52 clipboard write, an 8-bit CSI, a bell.
TERMINAL = (
    "\x1b[2J\x1b]0;pwned\x07\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\\x1b]52;c;ZXZpbA==\x07\x9b31m\x7f"
)
BIDI = "\u202egnp.exe\u202c\u2066x\u2069"
SURROGATE = "\ud800"
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def visible(text: str) -> str:
    """What the tool shows for `text`: each hidden character as `\\xNN` (up to U+00FF) or `\\uNNNN`."""
    return RAW.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) <= 0xFF else f"\\u{ord(m[0]):04x}", text)


NAME_HTML = "<img src=x onerror=alert(1)> **bold** [click](javascript:alert(1)) `code` ~~s~~"
CATEGORY_HTML = "<script>alert(1)</script>"
NOTE_HTML = "<iframe src=javascript:alert(1)></iframe>\n# Heading\n- item\n1. item\n> quote\n| a | b |\n```\nfence"


@pytest.fixture(scope="module")
def rubric():
    return load_rubric_set(MINI)


def _report(rubric, name: str, category: str, note: str, date: str = "2026-01-01"):
    merchant = {"name": name, "platform": "douyin", "stage": "growth", "category": category, "date": date}
    answers = Answers("c.yaml", merchant, {"goods.sell_through": 60, "ads.buys": True}, {"goods.sell_through": note})
    return score(rubric, answers)


# -- item 5: the table report, the interview and progress lines ------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("color", [False, True])
def test_table_shows_control_characters_instead_of_sending_them(rubric, lang: str, color: bool) -> None:
    report = _report(rubric, f"Shop{TERMINAL}{BIDI}{SURROGATE}", f"food{TERMINAL}", f"note{TERMINAL}")
    out = render(report, "table", RenderOptions(lang=lang, color=color))
    out.encode("utf-8")  # a lone surrogate would not even print
    if color:  # rich's own styles are the only escape sequences: SGR, nothing else
        assert not re.search(r"\x1b(?!\[[0-9;]*m)", out)
        out = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert not RAW.search(out)
    assert "Shop\\x1b[2J\\x1b]0;pwned\\x07" in out
    assert "\\u202egnp.exe\\u202c\\u2066x\\u2069\\ud800" in out
    assert "food\\x1b[2J" in out


def test_table_takes_square_brackets_in_names_literally(rubric) -> None:
    report = _report(rubric, "[bold]Shop[/bold] [link=http://evil]x[/link]", "[red]c", "")
    out = render(report, "table", RenderOptions())
    assert "[bold]Shop[/bold] [link=http://evil]x[/link]" in out and "[red]c" in out


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "json"])
def test_comparisons_escape_what_the_compared_reports_say(rubric, fmt: str) -> None:
    old = _report(rubric, "Shop", "", "").to_dict()
    new = _report(rubric, f"<b>Shop</b>{TERMINAL}{SURROGATE}", "", "").to_dict()
    new["capabilities"][0]["name"]["en"] = f"<script>x</script>{TERMINAL}**c**"
    out = render_compare(compare(old, new, rubric), fmt, RenderOptions(lang="en"))
    out.encode("utf-8")
    if fmt == "json":
        assert json.loads(out)["new"]["merchant"]["name"] == f"<b>Shop</b>{TERMINAL}{SURROGATE}"
    else:
        assert not RAW.search(out)
    if fmt in ("markdown", "html"):
        assert "<b>Shop" not in out and "<script>x" not in out


def _interview(rubric, typed: str, path) -> str:
    out = io.StringIO()
    console = Console(file=out, width=200, color_system=None, soft_wrap=True)
    Interview(rubric, console, io.StringIO(typed), path, "en").run()
    return out.getvalue()


def test_interview_echoes_answers_and_paths_visibly(rubric, tmp_path) -> None:
    typed = f"Shop{TERMINAL}\n9{TERMINAL}[bold]x\nq\n"  # a name, then a wrong platform number, then quit
    path = tmp_path / f"a{BIDI}[red].yaml"
    out = _interview(rubric, typed, path)
    assert not RAW.search(out)
    assert f"Shop{visible(TERMINAL)}" in out  # the echo of the name typed (a log reads as a dialogue)
    assert f"9{visible(TERMINAL)}[bold]x" in out  # "That answer did not fit: …", brackets and all
    assert f"a{visible(BIDI)}[red].yaml" in out  # the path shown, literally


def test_progress_lines_show_control_characters(capsys) -> None:
    with Progress(1) as progress:
        progress.log(f"in/{TERMINAL}{BIDI}.yaml:2: unknown merchant field 'x{SURROGATE}'")
        progress.advance(True)
    err = capsys.readouterr().err
    assert not RAW.search(err)
    assert f"in/{visible(TERMINAL)}{visible(BIDI)}.yaml:2" in err and "\\ud800" in err


# -- item 6: Markdown ----------------------------------------------------------------------------------------------


def _html_of(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markdown_passes_no_html_and_no_syntax_from_user_text(rubric, lang: str) -> None:
    plain = render(_report(rubric, "Shop", "food", "a note"), "markdown", RenderOptions(lang=lang))
    hostile = render(_report(rubric, NAME_HTML, CATEGORY_HTML, NOTE_HTML, "# 2026"), "markdown", RenderOptions(lang))
    for tag in ("<img", "<script", "<iframe"):
        assert tag not in hostile and tag not in _html_of(hostile)
    page, expected = _html_of(hostile), _html_of(plain)
    assert page.count("<tr>") == expected.count("<tr>")
    for element in ("<a ", "<strong>", "<em>", "<code>", "<del>", "<h1>", "<h2>", "<li>", "<ol>", "<blockquote>"):
        assert page.count(element) == expected.count(element), element  # no link, emphasis, block or row of theirs
    assert hostile.count("\n") == plain.count("\n")  # user text never starts a line
    assert "&lt;img src=x onerror=alert(1)&gt; \\*\\*bold\\*\\* \\[click\\](javascript:alert(1))" in hostile
    assert "&lt;img src=x onerror=alert(1)&gt; **bold** [click](javascript:alert(1)) `code` ~~s~~" in page  # as typed


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("**x**", "\\*\\*x\\*\\*"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("# x", "\\# x"),
        ("- x", "\\- x"),
        ("+ x", "\\+ x"),
        ("1. x", "1\\. x"),
        ("2) x", "2\\) x"),
        ("a | b", "a \\| b"),
        ("`x`", "\\`x\\`"),
        ("a & b <c> d", "a &amp; b &lt;c&gt; d"),
        ("x\n# y\r\n- z", "x \\# y - z"),  # folded onto one line, a `-` opens nothing
        ("x\x1b[2J\u202e", "x\\\\x1b\\[2J\\\\u202e"),
        # ordinary text is left alone
        ("Acme Tea Co. 2026-01-01", "Acme Tea Co. 2026-01-01"),
        ("好物小店（旗舰店）3.5", "好物小店（旗舰店）3.5"),
    ],
)
def test_md_text(text: str, shown: str) -> None:
    assert common.md_text(text) == shown


def test_html_report_shows_control_characters_and_surrogates(rubric) -> None:
    out = render(_report(rubric, f"<b>{TERMINAL}{SURROGATE}", CATEGORY_HTML, NOTE_HTML), "html", RenderOptions())
    out.encode("utf-8")
    assert not RAW.search(out) and "&lt;b&gt;\\x1b[2J" in out and "<script>" not in out and "<iframe" not in out


def test_json_report_round_trips_control_characters_and_surrogates(rubric) -> None:
    name = f"<b>{TERMINAL}{BIDI}{SURROGATE}x\udfff"  # (a high and a low one side by side would read as a pair)
    out = render(_report(rubric, name, "c", f"n{SURROGATE}"), "json", RenderOptions())
    out.encode("utf-8")
    assert not RAW.search(out)
    data = json.loads(out)
    assert data["merchant"]["name"] == name and data["notes"] == {"goods.sell_through": f"n{SURROGATE}"}
