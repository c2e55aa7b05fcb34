"""`fact-audit interview --quick` in a real pseudo-terminal (issue 15, item 1): the estimate and the platform's
back-office checklist before the first question, a provisional report after at most 30 capability questions, the
offer to go deeper on the weakest capabilities, and a later full interview that asks only what is left."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
import yaml

from fact_audit.interview import quick_questions
from fact_audit.lint.rules.platforms import TOOLS

pexpect = pytest.importorskip("pexpect", reason="pexpect is a test extra: pip install -e '.[test]'")
SCRIPT = Path(sys.executable).parent / "fact-audit"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
PROMPT = r"\n(?:\x1b\[[0-9;]*m)*>(?:\x1b\[[0-9;]*m)* "
MOST = 30  # the promise: a provisional report after at most 30 questions, the merchant's details aside

pytestmark = pytest.mark.slow

WORDS = {
    "en": {
        "name": "Shop or brand name",
        "choose": "Enter a number:",
        "category": "Main category",
        "yesno": "Enter y (yes)",
        "estimate": "The full questionnaire has at most",
        "pages": "Before you start, open these",
        "provisional": "Provisional report:",
        "rest": "Answer the rest whenever you like",
    },
    "zh": {
        "name": "店铺或品牌名",
        "choose": "输入序号:",
        "category": "主营类目",
        "yesno": "输入 y（是）",
        "estimate": "完整问卷还有至多",
        "pages": "开始前先把这几个后台打开",
        "provisional": "初步报告：",
        "rest": "其余的题随时可以补答",
    },
}


def spawn(*args: str, cwd: Path):
    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm", "COLUMNS": "120", "LINES": "40"}
    env.pop("FACT_AUDIT_RUBRICS", None)
    return pexpect.spawn(
        str(SCRIPT), list(args), cwd=str(cwd), env=env, encoding="utf-8", timeout=30, dimensions=(40, 120)
    )


def clean(text: str) -> str:
    return ANSI.sub("", text).replace("\r\n", "\n").replace("\r", "")


def answer(child, expected: str, reply: str) -> None:
    child.expect(re.escape(expected))
    child.sendline(reply)


def answer_all(child, context_name: str, deeper: str | None = None) -> tuple[int, int, str]:
    """Answer every question until the program ends: y at a yes/no question (so every gated question shows), else
    "don't know"; `deeper` at the offer to go deeper (None: there must be no offer). Returns the questions asked in
    the context section, those asked about the capabilities, and everything printed."""
    context = capabilities = 0
    seen = ""
    while child.expect([PROMPT, pexpect.EOF]) == 0:
        before = clean(child.before)
        seen += before
        which = child.expect([r"\[y/N\] ", r": "])
        prompt = clean(child.before)
        seen += prompt
        if which == 0:
            assert deeper is not None, f"an unexpected confirmation: {prompt}"
            child.sendline(deeper)
            deeper = "unasked"  # asked once only
            continue
        child.sendline("y" if ("Enter y (yes)" in prompt or "输入 y（是）" in prompt) else "u")
        if context_name in before:  # the progress line above each question names its section
            context += 1
        else:
            capabilities += 1
        assert context + capabilities < 200, "the interview does not end"
    seen += clean(child.before)
    child.close()
    return context, capabilities, seen


@pytest.fixture
def script() -> Path:
    if not SCRIPT.exists():
        pytest.skip(f"the fact-audit entry point is not installed next to {sys.executable}")
    return SCRIPT


@pytest.mark.parametrize(("lang", "deeper"), [("zh", True), ("en", False)])
def test_quick_then_full_in_a_terminal(script: Path, tmp_path: Path, bundled, lang: str, deeper: bool) -> None:
    words = WORDS[lang]
    context_name = bundled.context.name(lang)
    path = tmp_path / "answers.yaml"
    child = spawn("interview", "--out", str(path), "--lang", lang, "--quick", cwd=tmp_path)
    child.expect(re.escape(words["estimate"]))  # said before the first question
    answer(child, words["name"], "快手小店")
    answer(child, words["choose"], "2")  # Kuaishou
    child.expect(re.escape(words["pages"]))  # the checklist, once the platform is known
    checklist = clean(child.before) + words["pages"]
    answer(child, words["choose"], "2")
    answer(child, words["category"], "美妆")
    context, capabilities, output = answer_all(child, context_name, deeper="y" if deeper else "n")
    assert child.exitstatus == 0, output
    output = checklist + output

    # the quick part: the context, then at most 30 questions, every gated one shown
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    marked = quick_questions(bundled)
    asked_quick = [qid for qid in data["answers"] if not qid.startswith("fact.") and qid in marked]
    assert 8 <= len(asked_quick) <= MOST
    assert context <= len(bundled.context.questions)
    assert data["answers"]["ads.buys_paid_traffic"] is True  # so the break-even inputs were asked too
    assert {f"ads.{n}_share" for n in ("cost_of_goods", "platform_fee", "commission", "gift", "shipping")} <= set(
        data["answers"]
    )
    if not deeper:
        assert capabilities == len(asked_quick) <= MOST
    else:
        assert capabilities > len(asked_quick)  # the weakest capabilities' remaining questions were asked too

    # a provisional report, labelled, in the terminal and in the Markdown beside the answers
    assert words["provisional"] in output and words["rest"] in output
    assert words["provisional"] in (tmp_path / "answers.report.md").read_text(encoding="utf-8")
    shown = output[output.index(words["pages"]) :]  # past the list of platforms
    others = [n for platform, names in TOOLS.items() if platform != "kuaishou" for n in names if n in shown]
    assert others == [], f"a Kuaishou merchant saw another platform's tools: {others}"

    # a later full interview on the same file asks only what is left, and its report is not provisional
    before = data["answers"]
    child = spawn("interview", "--out", str(path), "--lang", lang, cwd=tmp_path)
    context_again, rest, output = answer_all(child, context_name)
    assert child.exitstatus == 0, output
    after = yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]
    assert {qid: after[qid] for qid in before} == before  # nothing answered was asked again or changed
    left = set(after) - set(before)
    overview_left = {qid for qid in left if qid.startswith("fact.")}
    assert not overview_left & quick_questions(bundled)  # only the overview the quick one skipped (going deeper
    assert deeper or overview_left  # asks the rest of the overview with the weakest capabilities)
    assert context_again == len(overview_left)
    assert rest == len(left - overview_left) > 0
    assert words["provisional"] not in output
