"""The installed `fact-audit interview` in a real pseudo-terminal: interrupt with Ctrl-C, resume, finish."""

from __future__ import annotations

import os
import re
import sys
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
        "en": ("Shop or brand name", "Enter a number", "question 4/5", "Enter y (yes)", "n/a"),
        "zh": ("店铺或品牌名", "输入序号", "第 4/5 题", "输入 y（是）", "不适用"),
    }[lang]
    path = tmp_path / "answers.yaml"
    child = spawn("interview", "--out", str(path), "--lang", lang, "--only", "ads", cwd=tmp_path)
    answer(child, words[0], "终端小店")
    answer(child, words[1], "1")
    answer(child, words[1], "2")
    for value in ("40", "30", "20"):
        child.expect("%")
        child.sendline(value)
    child.expect(re.escape(words[2]))
    child.sendintr()  # Ctrl-C in the middle of a question
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "--resume" in clean(child.before)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["merchant"] == {"name": "终端小店", "platform": "douyin", "stage": "growth"}
    assert data["answers"] == {"fact.field_share": 40, "fact.alliance_share": 30, "fact.campaign_share": 20}

    child = spawn("interview", "--out", str(path), "--resume", "--lang", lang, "--only", "ads", cwd=tmp_path)
    child.expect(re.escape(words[2]))
    child.sendline("10")
    child.expect(words[4])
    child.sendline("n")
    answer(child, words[3], "n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    output = clean(child.before)
    report = output[output.index("\n", output.index(str(path))) :].split("\nanswers:")[0].strip()
    assert str(path.with_name("answers.report.md")) in output
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["answers"]["fact.top_kol_share"] == 10 and data["answers"]["ads.buys_paid_traffic"] is False

    scored = spawn("score", str(path), "--lang", lang, cwd=tmp_path)
    scored.expect(pexpect.EOF)
    scored.close()
    expected = clean(scored.before).strip()
    assert report.endswith(expected), f"interview report differs from `fact-audit score`:\n{report}\n---\n{expected}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_whole_interview_in_a_terminal(script: Path, tmp_path: Path, lang: str) -> None:
    """Every question of the bundled rubric, answered `unknown`, to the final report."""
    path = tmp_path / "full.yaml"
    child = spawn(
        "interview", "--out", str(path), "--lang", lang, "--platform", "channels", "--stage", "starter", cwd=tmp_path
    )
    prompt = r"\n(?:\x1b\[[0-9;]*m)*>(?:\x1b\[[0-9;]*m)* "
    child.expect(prompt)
    child.sendline("Full Shop")
    prompts = 0
    while child.expect([prompt, pexpect.EOF]) == 0:
        child.sendline("u")
        prompts += 1
        assert prompts < 200, "the interview does not end"
    child.close()
    assert child.exitstatus == 0
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["merchant"] == {"name": "Full Shop", "platform": "channels", "stage": "starter"}
    assert len(data["answers"]) == prompts >= 70
    assert set(data["answers"].values()) == {"unknown"}
    assert (tmp_path / "full.report.md").exists()
