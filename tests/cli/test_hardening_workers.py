"""Issue 14, item 19: no orphan workers. SIGINT, SIGTERM or SIGKILL to the main process of `batch --jobs 4` (Ctrl-C,
`docker stop`, a CI timeout) ends every worker too; SIGINT and SIGTERM stop cleanly, with exit 130 and 143.

Each batch runs in a session of its own, so its process group is its main process and the pool's workers; after
the signal, that group must empty. Nothing here sleeps for a set time: each step waits for a condition, with a
deadline (a failing run ends the group itself, so no worker outlives the test)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fact_audit.synthetic import clients

from ..conftest import load_bundled

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table in /proc")
CLIENTS = 3000  # minutes of work for the pool with reports: always still running when it is stopped


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("workers") / "clients.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for document in clients(load_bundled(), CLIENTS):
            handle.write(json.dumps(document, ensure_ascii=False) + "\n")
    return path


def _stat(pid: str) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name: state, ppid, pgrp, ..."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def living(pgid: int) -> list[int]:
    """The processes of group `pgid` that are still alive (zombies, already dead, do not count)."""
    found = []
    for pid in os.listdir("/proc"):
        fields = _stat(pid) if pid.isdigit() else None
        if fields and int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            found.append(int(pid))
    return found


def children(pid: int) -> list[int]:
    return [int(p) for p in os.listdir("/proc") if p.isdigit() and (f := _stat(p)) and int(f[1]) == pid]


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.02)


def start_batch(portfolio: Path, out: Path) -> subprocess.Popen:
    batch = subprocess.Popen(
        [sys.executable, "-m", "fact_audit", "batch", str(portfolio), "--out", str(out), "--jobs", "4"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # a process group of its own: the main process and its workers
    )
    reports = out / "reports"
    # Stop it mid-run: once the four workers exist and have written reports (so each is past its start-up).
    wait_for(
        lambda: len(children(batch.pid)) >= 4 and reports.is_dir() and sum(1 for _ in reports.iterdir()) >= 4,
        timeout=120,
        what="four workers writing reports",
    )
    return batch


@pytest.mark.parametrize(
    ("signum", "code", "said", "group"),
    [
        (signal.SIGINT, 130, "interrupted", False),
        (signal.SIGTERM, 143, "terminated", False),
        (signal.SIGKILL, -signal.SIGKILL, None, False),
        (signal.SIGTERM, 143, "terminated", True),  # a CI timeout or `kill -- -PGID`: every process at once
    ],
    ids=["INT", "TERM", "KILL", "TERM-group"],
)
def test_a_stopped_batch_leaves_no_worker(
    portfolio: Path, tmp_path: Path, signum: int, code: int, said: str | None, group: bool
) -> None:
    out = tmp_path / "out"
    batch = start_batch(portfolio, out)
    try:
        if group:
            os.killpg(batch.pid, signum)
        else:
            batch.send_signal(signum)
        _, stderr = batch.communicate(timeout=60)
        wait_for(lambda: not living(batch.pid), timeout=30, what=f"the workers of pid {batch.pid} to end")
    finally:
        survivors = living(batch.pid)
        for pid in survivors:  # a failing run must not leave them behind
            os.kill(pid, signal.SIGKILL)
        if batch.poll() is None:
            batch.kill()
            batch.wait()
    assert batch.returncode == code
    if said is not None:  # a clean stop: one line, no traceback, nothing half-written, no summary of half a batch
        text = stderr.decode("utf-8")
        assert "Traceback" not in text
        assert text.splitlines()[-1] == said
        assert not [p.name for p in out.rglob("*") if p.name.endswith(".tmp")]
        assert not (out / "summary.csv").exists()
