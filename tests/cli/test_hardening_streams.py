"""Issue 14, streams and sessions: stdout full, closed or in an encoding without our characters (item 9); stdin with
bytes that are not UTF-8, closed, or a dangling link where `--resume` looks (item 10); two interviews on one answers
file (item 20); `migrate` of a file that is already current.

Real processes throughout: the standard streams are the process's own, and the lock is between two processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from fact_audit.locking import LockedError, held_elsewhere, lock_file, session_lock

from ..conftest import ROOT

EXAMPLE = ROOT / "examples" / "growing_brand.yaml"
posix_only = pytest.mark.skipif(os.name != "posix", reason="shell redirections, /dev/full and flock are POSIX")


def run(*args: str, cwd: Path = ROOT, stdin: bytes | None = b"", shell_redirect: str = "", **env: str):
    """`fact-audit ARGS` as a program; `shell_redirect` (e.g. `>&-`) is applied to it by sh."""
    environment = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", **env}
    command = [sys.executable, "-m", "fact_audit", *args]
    if shell_redirect:
        command = ["sh", "-c", f'exec "$@" {shell_redirect}', "sh", *command]
    return subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, env=environment, timeout=120)


def one_line_error(stderr: bytes) -> str:
    text = stderr.decode("utf-8")
    assert "Traceback" not in text, text
    lines = [line for line in text.splitlines() if line.startswith("error:") or ": " in line]
    assert len(lines) == 1, text
    return lines[0]


def wait_for(condition, timeout: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


# -- item 9: writing to stdout ------------------------------------------------------------------------------------


@posix_only
@pytest.mark.parametrize(
    "args",
    [("score", str(EXAMPLE)), ("score", str(EXAMPLE), "--format", "json"), ("rubrics", "export"), ("--help",)],
    ids=["score-table", "score-json", "rubrics-export", "help"],
)
def test_a_full_stdout_is_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    result = run(*args, shell_redirect=">/dev/full")
    assert result.returncode == 2
    assert "cannot write to standard output: No space left on device" in one_line_error(result.stderr)


@posix_only
def test_a_closed_stdout_is_one_line_and_exit_2_but_out_still_works(tmp_path: Path) -> None:
    result = run("score", str(EXAMPLE), "--format", "json", shell_redirect=">&-")
    assert result.returncode == 2
    assert "cannot write to standard output: it is closed" in one_line_error(result.stderr)
    report = tmp_path / "r.md"
    result = run("score", str(EXAMPLE), "--format", "markdown", "--out", str(report), shell_redirect=">&-")
    assert result.returncode == 0, result.stderr
    assert report.read_text(encoding="utf-8").startswith("# ")  # the report alone: nothing meant for fd 1 in it


@pytest.mark.parametrize("encoding", ["gbk", "cp1252", "ascii"])
def test_stdout_in_an_encoding_without_our_characters_falls_back(encoding: str) -> None:
    """A Chinese Windows console redirected (GBK) has no `░`; cp1252 and ASCII lack more. Each character that
    the encoding lacks becomes one it has; the report is otherwise whole."""
    lang = "zh" if encoding == "gbk" else "en"
    result = run("score", str(EXAMPLE), "--lang", lang, PYTHONIOENCODING=encoding)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    text = result.stdout.decode(encoding)  # strict: every byte is the encoding's own
    assert "░" not in text and "..." in text  # the bars' empty part, as dots
    assert ("综合得分" in text) if lang == "zh" else ("Overall score" in text)


# -- item 10: stdin -------------------------------------------------------------------------------------------------


def test_bytes_that_are_not_utf8_are_refused_and_asked_again(tmp_path: Path) -> None:
    """`printf 'Sh\\xffop\\n'` (GBK bytes from a terminal set to GBK): the line is refused with a message and the
    question asked again; the next line is taken. No traceback, the documented exit code of an unfinished run."""
    result = run("interview", "--out", "d.yaml", "--lang", "en", cwd=tmp_path, stdin=b"Sh\xffop\nShop\n")
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr.decode("utf-8")
    assert "That line is not UTF-8 text" in result.stdout.decode("utf-8")
    assert yaml.safe_load((tmp_path / "d.yaml").read_text(encoding="utf-8"))["merchant"]["name"] == "Shop"


@posix_only
def test_a_closed_stdin_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run("interview", "--out", "e.yaml", "--lang", "en", cwd=tmp_path, stdin=None, shell_redirect="<&-")
    assert result.returncode == 2
    assert "standard input is closed" in one_line_error(result.stderr)
    assert not list(tmp_path.iterdir())  # nothing written, no lock left


@posix_only
def test_bare_resume_passes_over_a_dangling_link(tmp_path: Path) -> None:
    (tmp_path / "fact-audit-answers-20990101-000000.yaml").symlink_to(tmp_path / "gone.yaml")
    result = run("interview", "--resume", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 2
    assert "no interview file" in one_line_error(result.stderr)
    older = tmp_path / "fact-audit-answers-20200101-000000.yaml"
    older.write_text("format: fact-audit/answers@1\nmerchant:\n  name: Older\n", encoding="utf-8")
    os.utime(older, (0, 0))  # older than the link: the link is the newest name here, and passed over
    result = run("interview", "--resume", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 3, result.stderr
    assert older.name in result.stdout.decode("utf-8")


# -- item 20: two interviews on one file ----------------------------------------------------------------------------


@posix_only
def test_a_second_interview_on_a_file_in_use_is_refused(tmp_path: Path) -> None:
    """Session A holds `two.yaml`; B (`--out two.yaml --resume`) is refused in one line and writes nothing, and a
    bare `--resume` passes over the file A holds. Once A has quit, B may resume it."""
    held = tmp_path / "fact-audit-answers-20990101-000000.yaml"  # the newest: what a bare --resume would pick
    other = tmp_path / "fact-audit-answers-20200101-000000.yaml"
    other.write_text("format: fact-audit/answers@1\nmerchant:\n  name: Other\n", encoding="utf-8")
    os.utime(other, (0, 0))
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    a = subprocess.Popen(
        [sys.executable, "-m", "fact_audit", "interview", "--out", held.name, "--lang", "en"],
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        a.stdin.write(b"Shop A\n")
        a.stdin.flush()
        wait_for(lambda: held.exists() and "Shop A" in held.read_text(encoding="utf-8"), what="A's first save")
        before = held.read_bytes()

        b = run("interview", "--out", held.name, "--resume", "--lang", "en", cwd=tmp_path, stdin=b"Shop B\n")
        assert b.returncode == 2
        line = one_line_error(b.stderr)
        assert line.startswith(f"{held.name}: another fact-audit interview (pid {a.pid}) is using this file")
        assert held.read_bytes() == before

        bare = run("interview", "--resume", "--lang", "en", cwd=tmp_path)
        assert bare.returncode == 3, bare.stderr
        assert other.name in bare.stdout.decode("utf-8") and held.name not in bare.stdout.decode("utf-8")

        a.stdin.write(b"q\n")
        a.stdin.close()
        assert a.wait(timeout=60) == 3
    finally:
        if a.poll() is None:
            a.kill()
            a.wait()
    assert not lock_file(held).exists()  # removed by the session that held it
    b = run("interview", "--out", held.name, "--resume", "--lang", "en", cwd=tmp_path)
    assert b.returncode == 3, b.stderr


def test_the_lock_is_for_one_session_and_released_at_its_end(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    with session_lock(path):
        assert held_elsewhere(path)
        with pytest.raises(LockedError) as refused, session_lock(path):
            pass
        assert refused.value.code == "locked" and refused.value.exit_code == 2
    assert not held_elsewhere(path) and not lock_file(path).exists()
    with session_lock(path):  # free again
        pass


# -- smaller: migrate of a current file ------------------------------------------------------------------------------


def test_migrate_of_a_current_file_says_so_and_leaves_it_alone(cli, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(EXAMPLE.read_bytes())
    result = cli("migrate", path)
    assert result.exit_code == 0
    assert "already at version" in result.stderr and "nothing to migrate" in result.stderr
    assert "migrated from" not in result.stderr
    assert path.read_bytes() == EXAMPLE.read_bytes()  # comments and all
