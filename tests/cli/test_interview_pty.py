"""The installed `fact-audit interview` in a real pseudo-terminal: interrupt with Ctrl-C, resume, finish."""

from __future__ import annotations

import os
import re
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

pexpect = pytest.importorskip("pexpect", reason="pexpect is a test extra: pip install -e '.[test]'")
SCRIPT = Path(sys.executable).parent / "fact-audit"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

pytestmark = pytest.mark.slow


def spawn(*args: str, cwd: Path):
    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm", "COLUMNS": "120", "LINES": "40"}
    env.pop("FACT_AUDIT_RUBRICS", None)
    child = pexpect.spawn(
        str(SCRIPT), list(args), cwd=str(cwd), env=env, encoding="utf-8", timeout=30, dimensions=(40, 120)
    )
    return child


def answer(child, expected: str, reply: str) -> None:
    child.expect(re.escape(expected))
    child.sendline(reply)


def clean(text: str) -> str:
    return ANSI.sub("", text).replace("\r\n", "\n").replace("\r", "")


@pytest.fixture
def script() -> Path:
    if not SCRIPT.exists():
        pytest.skip(f"the fact-audit entry point is not installed next to {sys.executable}")
    return SCRIPT


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_interrupt_resume_finish_in_a_terminal(script: Path, tmp_path: Path, lang: str) -> None:
    words = {
        "en": ("Shop or brand name", "Enter a number:", "question 8/9", "Enter y (yes)", "n/a", "Main category"),
        "zh": ("店铺或品牌名", "输入序号:", "第 8/9 题", "输入 y（是）", "不适用", "主营类目"),
    }[lang]
    hints = {  # the prompt each context question ends with
        "en": {"count": "(count, 1-5000)", "many": "0 for none:", "percent": "12 or 12% both work:"},
        "zh": {"count": "（个，1–5000）", "many": "都没有输入 0:", "percent": "12 或 12% 都可以:"},
    }[lang]
    path = tmp_path / "answers.yaml"
    today = date.today().isoformat()
    child = spawn("interview", "--out", str(path), "--lang", lang, "--only", "ads", cwd=tmp_path)
    answer(child, words[0], "终端小店")
    answer(child, words[1], "1")
    answer(child, words[1], "2")
    answer(child, words[5], "美妆")
    # team size, roles, category type, self-broadcast, alliance, how creators are run, campaign share
    replies = [("count", "3"), ("many", "1,2"), (None, "2"), ("percent", "40"), ("percent", "30"), (None, "3")]
    for hint, reply in [*replies, ("percent", "20")]:
        answer(child, hints[hint] if hint else words[1], reply)
    child.expect(re.escape(words[2]))  # the top-KOL share
    child.sendintr()  # Ctrl-C in the middle of a question
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "--resume" in clean(child.before)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["merchant"].pop("date") in {today, date.today().isoformat()}
    assert data["merchant"] == {"name": "终端小店", "platform": "douyin", "stage": "growth", "category": "美妆"}
    assert data["answers"] == {
        "fact.team_size": 3,
        "fact.team_roles": ["host", "operator"],
        "fact.category_type": "beauty",
        "fact.field_share": 40,
        "fact.alliance_share": 30,
        "fact.creator_ops": "targeted",
        "fact.campaign_share": 20,
    }

    child = spawn("interview", "--out", str(path), "--resume", "--lang", lang, "--only", "ads", cwd=tmp_path)
    child.expect(re.escape(words[2]))
    child.sendline("10")
    answer(child, words[1], "2")  # the KOL follow-up, asked because the top-KOL share is above 0
    child.expect(words[4])
    child.sendline("na")
    answer(child, words[3], "n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    output = clean(child.before)
    closing = "\n答案文件：" if lang == "zh" else "\nanswers:"  # the closing lines, in the interview's language
    report = output[output.index("\n", output.index(str(path))) :].split(closing)[0].strip()
    assert str(path.with_name("answers.report.md")) in output
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["answers"]["fact.top_kol_share"] == 10 and data["answers"]["fact.kol_followup"] == "sometimes"
    assert data["answers"]["fact.monthly_gmv"] == "n/a" and data["answers"]["ads.buys_paid_traffic"] is False

    scored = spawn("score", str(path), "--lang", lang, cwd=tmp_path)
    scored.expect(pexpect.EOF)
    scored.close()
    expected = clean(scored.before).strip()
    assert report.endswith(expected), f"interview report differs from `fact-audit score`:\n{report}\n---\n{expected}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_whole_interview_in_a_terminal(script: Path, tmp_path: Path, lang: str, bundled) -> None:
    """Every question of the bundled rubric, answered `unknown`, to the final report."""
    path = tmp_path / "full.yaml"
    today = date.today().isoformat()
    child = spawn(
        "interview", "--out", str(path), "--lang", lang, "--platform", "channels", "--stage", "starter", cwd=tmp_path
    )
    prompt = r"\n(?:\x1b\[[0-9;]*m)*>(?:\x1b\[[0-9;]*m)* "
    child.expect(prompt)
    child.sendline("Full Shop")
    child.expect(prompt)
    child.expect(re.escape("Main category" if lang == "en" else "主营类目"))  # the next prompt asks the category
    child.sendline("")  # Enter leaves the category empty
    prompts = 0
    while child.expect([prompt, pexpect.EOF]) == 0:
        child.sendline("u")
        prompts += 1
        assert prompts < 200, "the interview does not end"
    child.close()
    assert child.exitstatus == 0
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["merchant"].pop("date") in {today, date.today().isoformat()}
    # an empty category is kept as empty, so resuming does not ask for it again
    assert data["merchant"] == {"name": "Full Shop", "platform": "channels", "stage": "starter", "category": ""}
    assert len(data["answers"]) == prompts >= 70
    assert set(data["answers"].values()) == {"unknown"}
    assert not [qid for qid in data["answers"] if bundled.questions[qid].compute is not None]  # never asked
    assert (tmp_path / "full.report.md").exists()
