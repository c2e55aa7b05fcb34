"""`batch --engine dask` on a real cluster: a `dask scheduler` and `dask worker` started as their own processes, as
a consultant starts them, the worker in a mount namespace that cannot see the client's files (issue 17).

Every subprocess is bounded: waits have deadlines, the processes are killed in `finally`, and every batch runs with a
short `--cluster-timeout`, so a broken cluster fails a test instead of hanging the suite.
"""

from __future__ import annotations

import contextlib
import csv
import json
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fact_audit.synthetic import write_files

from ..conftest import load_bundled

pytest.importorskip("distributed", reason="the Dask engine is an extra: pip install -e '.[dask]'")
pytestmark = pytest.mark.slow

DASK = Path(sys.executable).with_name("dask")
START = 60  # seconds a scheduler or worker may take to start on a busy machine: a bound, never a measure
RUBRIC = load_bundled()


def _dask(*args: str) -> list[str]:
    """The `dask` command of this venv, or the module behind it when the script is missing."""
    if DASK.exists():
        return [str(DASK), *args]
    module = {"scheduler": "distributed.cli.dask_scheduler", "worker": "distributed.cli.dask_worker"}[args[0]]
    return [sys.executable, "-m", module, *args[1:]]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):  # the kernel reaps a killed process
        process.wait(timeout=20)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def scheduler(tmp_path_factory) -> Iterator[str]:
    """A `dask scheduler` process on a free port; its address. Its files live outside every test's folder."""
    home = tmp_path_factory.mktemp("scheduler")
    file = home / "scheduler.json"
    log = (home / "log").open("wb")
    process = subprocess.Popen(
        _dask("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(file)),
        cwd=home,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + START
        while not file.exists() or not file.read_text(encoding="utf-8").strip():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the dask scheduler did not start: {(home / 'log').read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield json.loads(file.read_text(encoding="utf-8"))["address"]
    finally:
        _stop(process)
        log.close()


def _worker(address: str, hidden: Path | None = None) -> subprocess.Popen:
    """A `dask worker` process (no nanny, so SIGKILL ends it for good). With `hidden`, it runs in a mount namespace
    where a tmpfs lies over that folder, and works in it: the client's files there do not exist for it."""
    args = _dask("worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard", "--name")
    if hidden is None:
        name = f"w{time.monotonic_ns()}"
        return subprocess.Popen([*args, name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    script = 'mount -t tmpfs tmpfs "$1" && cd "$1" && shift && exec "$@" --local-directory "$PWD"'
    command = ["unshare", "--mount", "--map-root-user", "sh", "-c", script, "sh", str(hidden), *args, "hidden"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _can_hide(folder: Path) -> str | None:
    """Why a worker cannot be started blind to `folder` here (no unshare, or user namespaces not allowed), or None."""
    if shutil.which("unshare") is None:
        return "unshare is not installed"
    marker = folder / "marker"
    marker.write_text("x", encoding="utf-8")
    probe = f'mount -t tmpfs tmpfs "{folder}" && test ! -e "{marker}"'
    try:
        command = ["unshare", "--mount", "--map-root-user", "sh", "-c", probe]
        done = subprocess.run(command, capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        return "unshare did not answer"
    finally:
        marker.unlink()
    if done.returncode != 0:
        return f"unshare --mount --map-root-user is not allowed here: {done.stderr.decode(errors='replace').strip()}"
    return None


def _wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    with Client(address, timeout=START) as client:
        client.wait_for_workers(count, timeout=START)


def _rows(out: Path) -> list[dict[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _same_outputs(local: Path, dask: Path) -> None:
    names = sorted(p.relative_to(local).as_posix() for p in local.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(dask).as_posix() for p in dask.rglob("*") if p.is_file())
    for name in names:
        assert (local / name).read_bytes() == (dask / name).read_bytes(), name


@pytest.mark.parametrize("custom", [False, True], ids=["bundled", "custom"])
def test_a_worker_that_shares_no_disk_scores_every_client(
    cli, tmp_path: Path, scheduler: str, custom: bool, monkeypatch
) -> None:
    client_side = tmp_path / "client"
    client_side.mkdir()
    reason = _can_hide(client_side)
    if reason:
        pytest.skip(reason)
    rubric_args: list[str] = []
    rubric = RUBRIC
    if custom:
        from fact_audit.rubric import load_rubric_set

        folder = client_side / "set"
        assert cli("rubrics", "new", folder, "--id", "acme").exit_code == 0
        rubric, rubric_args = load_rubric_set(folder), ["--rubrics", str(folder)]
    write_files(rubric, client_side / "answers", 60, seed=17)
    worker = _worker(scheduler, hidden=client_side)
    try:
        _wait_for_workers(scheduler, 1)
        monkeypatch.chdir(client_side)  # relative inputs, as in the issue: `batch answers --out out`
        args = ["answers", *rubric_args, "--format", "html", "--lang", "en"]
        engine = ["--engine", "dask", "--scheduler", scheduler, "--cluster-timeout", "20"]
        result = cli("batch", *args, "--out", "dask", *engine)
        assert result.exit_code == 0, result.stderr
        assert cli("batch", *args, "--out", "local", "--jobs", "1").exit_code == 0
    finally:
        _stop(worker)
    rows = _rows(client_side / "dask")
    assert len(rows) == 60 and len({row["source"] for row in rows}) == 60
    assert len(list((client_side / "dask" / "reports").iterdir())) == 60
    _same_outputs(client_side / "local", client_side / "dask")


def test_a_scheduler_without_workers_is_one_line_after_the_timeout(cli, tmp_path: Path, scheduler: str) -> None:
    write_files(RUBRIC, tmp_path / "in", 3, seed=2)
    result = cli(
        "batch", tmp_path / "in", "--out", tmp_path / "o", "--engine", "dask", "--scheduler", scheduler,
        "--cluster-timeout", "3",
    )  # fmt: skip
    assert result.exit_code == 2
    assert f"dask scheduler {scheduler}: no workers joined in 3 s" in result.stderr
    assert "cannot write the batch outputs" not in result.stderr
    assert not (tmp_path / "o" / "summary.csv").exists()


def test_an_unreachable_scheduler_is_named(cli, tmp_path: Path) -> None:
    write_files(RUBRIC, tmp_path / "in", 3, seed=2)
    address = f"tcp://127.0.0.1:{_free_port()}"  # nobody listens there
    result = cli(
        "batch", tmp_path / "in", "--out", tmp_path / "o", "--engine", "dask", "--scheduler", address,
        "--cluster-timeout", "3",
    )  # fmt: skip
    assert result.exit_code == 2
    assert f"dask scheduler {address}: cannot reach it within 3 s" in result.stderr
    assert "cannot write the batch outputs" not in result.stderr


def test_a_worker_killed_mid_run_loses_no_client_and_counts_none_twice(tmp_path: Path, scheduler: str) -> None:
    from fact_audit.batch import BatchSettings, prepare_out, run_batch, run_dask
    from fact_audit.sources import expand

    write_files(RUBRIC, tmp_path / "in", 60, seed=5)
    (tmp_path / "in" / "zz-bad.yaml").write_text("answers: 3\n", encoding="utf-8")
    workers = [_worker(scheduler), _worker(scheduler)]
    seen: list[str] = []
    try:
        _wait_for_workers(scheduler, 2)
        out = tmp_path / "out"
        prepare_out(out, reports=True, fmt="markdown")
        settings = BatchSettings(out=str(out), fmt="markdown", lang="en")

        def on_result(result) -> None:
            seen.append(result.label)
            if len(seen) == 1:
                workers[0].send_signal(signal.SIGKILL)

        outcome = run_batch(
            expand([str(tmp_path / "in")], out=str(out)),
            settings,
            [c.id for c in RUBRIC.capabilities],
            lambda jobs: run_dask(jobs, settings, scheduler, chunk_size=2, timeout=20),
            on_result,
        )
    finally:
        for worker in workers:
            _stop(worker)
    assert workers[0].returncode == -signal.SIGKILL
    assert len(seen) == 61 and len(set(seen)) == 61  # every client once, the broken one included
    assert (outcome.clients, outcome.errors) == (60, 1)
    rows = _rows(out)
    assert len(rows) == 60 and len({row["source"] for row in rows}) == 60
    assert len(list((out / "reports").iterdir())) == 60
