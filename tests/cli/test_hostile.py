"""The hostile-input corpus: every file ends in its documented exit code with one precise line, in bounded
CPU time and memory. Run through the real command in a child process, as users run it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from ..conftest import DATA

CORPUS = DATA / "hostile"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
CPU_SECONDS = 2
MAX_RSS_MB = 200


# The CLI under a hard CPU-time limit, reporting its own peak memory. The peak is read from /proc/self/status
# (VmHWM, this process's memory since exec) at exit: the rusage of a child forked from pytest also counts pytest's
# pages from before the exec, so it grew with the suite, not with the input.
_LIMITED = """
import atexit, os, resource, runpy, sys
resource.setrlimit(resource.RLIMIT_CPU, ({cpu}, {cpu}))
def peak():
    with open("/proc/self/status") as status, open(os.environ["FACT_AUDIT_TEST_PEAK"], "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
atexit.register(peak)
sys.argv = ["fact-audit", *sys.argv[1:]]
runpy.run_module("fact_audit", run_name="__main__", alter_sys=True)
"""


def run_limited(args: list[str], cwd: Path) -> tuple[int, str, str, float]:
    """Run the CLI with a hard CPU-time limit; return exit code, stdout, stderr and peak memory in MiB."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as tmp:
        peak_file = Path(tmp) / "peak"
        env = {k: v for k, v in os.environ.items() if k != "FACT_AUDIT_RUBRICS"}
        env["FACT_AUDIT_TEST_PEAK"] = str(peak_file)
        code = _LIMITED.format(cpu=CPU_SECONDS)
        process = subprocess.run([sys.executable, "-c", code, *args], stdout=out, stderr=err, cwd=cwd, env=env)
        out.seek(0)
        err.seek(0)
        peak_kib = float(peak_file.read_text()) if peak_file.exists() else float("inf")  # killed: no report
        return (
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            peak_kib / 1024,
        )


def command(name: str, path: Path, out: Path) -> list[str]:
    kind = EXPECTED[name]["command"]
    if kind == "score":
        return ["score", str(path), "--format", "json"]
    if kind == "batch":
        return ["batch", str(path), "--out", str(out), "--no-reports", "--jobs", "1"]
    return ["rubrics", "lint", str(path)]


def test_corpus_is_large_and_complete() -> None:
    files = sorted(p.name for p in CORPUS.iterdir() if p.name != "expected.yaml")
    assert files == sorted(EXPECTED)
    assert len(files) >= 40
    kinds = {name.split("-", 1)[0] for name in files}
    assert kinds == {"answers", "batch", "rubric"}
    assert {Path(name).suffix for name in files} >= {".yaml", ".json", ".jsonl", ".csv"}


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=sorted(EXPECTED))
def test_hostile_file(name: str, tmp_path: Path) -> None:
    expected = EXPECTED[name]
    path = CORPUS / name
    code, stdout, stderr, peak = run_limited(command(name, path, tmp_path / "out"), tmp_path)
    assert code == expected["exit"], (code, stdout[-500:], stderr[-500:])
    assert "Traceback" not in stdout + stderr
    assert peak <= MAX_RSS_MB, f"{peak:.0f} MiB"
    if "message" in expected:
        line = expected["message"].replace("{file}", str(path))
        assert line in (stdout if expected["command"] == "lint" else stderr).splitlines(), (stdout, stderr)
    if expected["command"] == "score" and code == 2:
        assert len(stderr.strip().splitlines()) == 1, stderr
    if expected["command"] == "score" and code == 0:
        import json

        report = json.loads(stdout)
        assert 0 <= report["overall"]["score"] <= 100
    if expected["command"] == "batch":
        summary = (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8-sig")
        for cell in (c for row in summary.splitlines()[1:] for c in row.split(",")):
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_a_50_mb_answers_file_is_refused_quickly(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("format: fact-audit/answers@1\n")
        line = "# " + "x" * 1022 + "\n"
        for _ in range(50 * 1024):
            handle.write(line)
    code, _, stderr, peak = run_limited(["score", str(big)], tmp_path)
    assert code == 2 and stderr.strip() == f"{big}: file is larger than the 10 MB limit for one document"
    assert peak <= MAX_RSS_MB


def test_a_50_mb_json_lines_row_is_one_failed_row(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as handle:
        handle.write('{"answers": {"goods.sell_through": 70}}\n')
        handle.write('{"notes": {"goods.sell_through": "' + "x" * (50 * 1024 * 1024) + '"}}\n')
        handle.write('{"answers": {"goods.sell_through": 80}}\n')
    code, _, stderr, peak = run_limited(
        ["batch", str(big), "--out", str(tmp_path / "o"), "--no-reports", "--jobs", "1"], tmp_path
    )
    assert code == 1
    assert f"{big}:2: line is larger than the 10 MB limit for one document" in stderr
    assert (tmp_path / "o" / "summary.csv").read_text(encoding="utf-8-sig").count("\n") == 3  # header + 2 clients
    assert peak <= MAX_RSS_MB


@pytest.mark.parametrize("target", ["folder", "missing"])
def test_a_folder_or_missing_path_where_a_file_is_expected(tmp_path: Path, target: str) -> None:
    path = tmp_path if target == "folder" else tmp_path / "nope.yaml"
    code, _, stderr, _ = run_limited(["score", str(path)], tmp_path)
    assert code == 2
    assert stderr.strip() == f"{path}: " + ("is a folder, not a file" if target == "folder" else "no such file")


def test_unreadable_file(tmp_path: Path, monkeypatch, cli) -> None:
    """Permissions cannot be tested as root, so the refusal is injected where the file is opened."""
    answers = tmp_path / "locked.yaml"
    answers.write_text("answers: {}\n", encoding="utf-8")
    real_open = Path.open

    def locked(self: Path, *args, **kwargs):
        if self == answers:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked)
    result = cli("score", answers)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{answers}: cannot read the file: permission denied"
