"""No data lost: an interview killed at any point leaves a valid file with every confirmed answer, and a write
that fails (a full disk) leaves the old file intact with a clear one-line error."""

from __future__ import annotations

import errno
import os
import random
import re
import signal
import sys
from pathlib import Path

import pytest

from fact_audit.answers import load_answers

pexpect = pytest.importorskip("pexpect", reason="pexpect is a test extra: pip install -e '.[test]'")
PROMPT = r"\n(?:\x1b\[[0-9;]*m)*>(?:\x1b\[[0-9;]*m)* "
HINT = r"([^\r\n]*?): "  # what the prompt asks for, e.g. "Enter a number (%, 0-100); 12 or 12% both work"
NUMBER = re.compile(r"Enter a number \([^,]*, (\d+)-(\d+)\)")


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGINT, signal.SIGHUP], ids=["KILL", "INT", "HUP"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_killed_interview_keeps_every_confirmed_answer(tmp_path: Path, signum: int, seed: int, bundled) -> None:
    rng = random.Random(seed * 100 + signum)
    path = tmp_path / "answers.yaml"
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    env.pop("FACT_AUDIT_RUBRICS", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "fact_audit", "interview", "--out", str(path), "--only", "goods", "--lang", "en"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=30,
    )
    for reply in ("Killed Shop", "1", "2", "food"):  # name, platform, stage, main category
        child.expect(PROMPT)
        child.sendline(reply)
    sent: list[str] = []
    expected: list[object] = []
    stop_after = rng.randint(0, 16)
    for index in range(stop_after):
        child.expect(PROMPT)  # the previous answer is saved before the next question is asked
        child.expect(HINT)
        hint = child.match.group(1)
        if index >= 8:  # the context questions get real answers, later ones unknown or skipped
            value, want = rng.choice(["u", "s"]), "unknown"
        elif number := NUMBER.match(hint):  # a number in the question's own range
            value = str(rng.randint(int(number.group(1)), min(int(number.group(2)), 100)))
            want = int(value)
        elif hint.startswith("Enter numbers"):  # a checklist: none of its items
            value, want = "0", []
        else:
            value, want = "u", "unknown"
        child.sendline(value)
        sent.append(value)
        if value != "s":
            expected.append(want)
    child.expect(PROMPT)
    assert not sent or sent[0].isdigit()  # the hints were read: the team size got a number
    if rng.random() < 0.5:  # sometimes strike while the next answer is being saved
        child.sendline("u")
    child.kill(signum)
    child.expect(pexpect.EOF)
    child.close()
    answers = load_answers(path, bundled, allow_empty=True)  # valid, whatever the moment (no answer yet too)
    assert answers.merchant["name"] == "Killed Shop" and answers.merchant["category"] == "food"
    given = list(answers.values.values())
    assert len(given) >= len(expected)
    assert given[: len(expected)] == expected
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")] or signum == signal.SIGKILL


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)


def test_score_out_on_a_full_disk_keeps_the_old_report(cli, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "report.md"
    out.write_text("the old report\n", encoding="utf-8")
    _full_disk(monkeypatch)
    result = cli("score", "examples/growing_brand.yaml", "--format", "markdown", "--out", out)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{out}: cannot write the file: No space left on device"
    assert out.read_text(encoding="utf-8") == "the old report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_interview_on_a_full_disk_keeps_the_saved_file(cli, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "a.yaml"
    assert cli("interview", "--out", out, "--only", "ads", input="Shop\n1\n2\nfood\n3\n").exit_code == 3
    before = out.read_text(encoding="utf-8")
    _full_disk(monkeypatch)
    result = cli("interview", "--out", out, "--only", "ads", "--lang", "en", input="1,2\n")
    assert result.exit_code == 2 and "cannot write the file: No space left on device" in result.stderr
    assert out.read_text(encoding="utf-8") == before


def test_batch_on_a_full_disk_says_so_and_keeps_old_summaries(cli, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    assert cli("batch", "examples", "--out", out, "--jobs", "1").exit_code == 0
    old = (out / "summary.csv").read_bytes()
    _full_disk(monkeypatch)
    result = cli("batch", "examples", "--out", out, "--jobs", "1")
    assert result.exit_code in (1, 2)
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert (out / "summary.csv").read_bytes() == old
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_batch_reports_folder_is_synced_once_after_the_last_report(cli, tmp_path: Path, monkeypatch) -> None:
    """Each report is fsynced and renamed into place; the folder's entries are made durable once, at the end."""
    import fact_audit.batch as batch
    import fact_audit.fileio as fileio

    synced: list[str] = []
    real = fileio.sync_folder_entries

    def record(folder) -> None:
        synced.append(Path(folder).name)
        real(folder)

    monkeypatch.setattr(fileio, "sync_folder_entries", record)
    monkeypatch.setattr(batch, "sync_folder_entries", record)
    out = tmp_path / "out"
    assert cli("batch", "examples", "--out", out, "--jobs", "1").exit_code == 0
    reports = list((out / "reports").iterdir())
    assert len(reports) == len(list(Path("examples").glob("*.yaml"))) and synced.count("reports") == 1
    assert synced.count("out") == 1  # errors.csv; summary.csv and .json are renamed by the batch itself


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["HUP", "TERM"])
def test_signal_during_a_write_leaves_no_temp_file(tmp_path: Path, signum: int) -> None:
    """The signal arrives while the temp file exists (inside fsync): it is held until the write is complete, so the
    process still dies of it, but only after the target is whole and the temp file is gone. Deterministic: the
    process signals itself at the worst moment instead of racing a terminal."""
    import subprocess

    target = tmp_path / "answers.yaml"
    target.write_text("old: 1\n", encoding="utf-8")
    script = (
        "import os, signal, sys\n"
        "from fact_audit import fileio\n"
        "real = os.fsync\n"
        f"def fsync(fd):\n    os.kill(os.getpid(), {int(signum)})\n    real(fd)\n"
        "os.fsync = fsync\n"
        "fileio.atomic_write_text(sys.argv[1], 'new: 2\\n')\n"
        "print('survived')\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(target)], capture_output=True, text=True, timeout=60)
    assert done.returncode == -signum, done.stderr
    assert "survived" not in done.stdout
    assert target.read_text(encoding="utf-8") == "new: 2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]
