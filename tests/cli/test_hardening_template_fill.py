"""Issue 14, item 21: an interview that fills a template keeps the template's help comments."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from fact_audit.answers import load_answers


def _interview(path: Path, lines: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fact_audit", "interview", "--out", str(path), "--resume", "--lang", "en"],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


def test_filling_a_template_keeps_its_comments(tmp_path: Path, bundled) -> None:
    template = tmp_path / "t.yaml"
    made = subprocess.run(
        [sys.executable, "-m", "fact_audit", "template", "--lang", "en", "--platform", "kuaishou", "--out", template],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    comments = [line for line in template.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("#")]
    assert len(comments) > 100
    # the template names the platform (kuaishou) and leaves the stage blank: name, stage, category, then two questions
    done = _interview(template, ["Filled Shop", "2", "food", "3", "1,2", "q"], tmp_path)
    assert done.returncode == 3, done.stdout[-800:] + done.stderr  # stopped with q: everything so far saved
    text = template.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert kept == comments  # every help comment, in place
    data = yaml.safe_load(text)
    assert data["merchant"]["name"] == "Filled Shop" and data["merchant"]["platform"] == "kuaishou"
    assert data["merchant"]["category"] == "food" and data["merchant"]["date"]
    assert data["answers"]["fact.team_size"] == 3 and data["answers"]["fact.team_roles"] == ["host", "operator"]
    saved = load_answers(template, bundled, allow_empty=True)
    assert saved.values == {"fact.team_size": 3, "fact.team_roles": ["host", "operator"]}


def test_a_file_that_is_not_a_template_is_written_plainly(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    done = _interview(path, ["Plain Shop", "1", "1", "", "2", "q"], tmp_path)
    assert done.returncode == 3, done.stderr
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["answers"] == {"fact.team_size": 2}
