"""Batch speed against its floor, measured in the same run.

    python bench/batch.py            # N = 1,000 and 10,000
    python bench/batch.py --big      # also N = 100,000
    python bench/batch.py --sizes 2000

For each N it generates N answers files (cached under the temp folder), measures the floor — parsing every file
with libyaml's CSafeLoader in one process, nothing else — then times `fact-audit batch` with and without
per-client reports, with one worker and with all cores, and prints each time as a ratio to the floor with the
peak memory (max RSS) of the run. Ratios, not seconds, are comparable across machines. Before the report runs it
also prints the write floor: writing N files of a report's size atomically (temp file, fsync, rename), which a
run with reports pays on top of parsing, whatever it does. Last, with the `dask` extra installed, the same run on a
Dask LocalCluster of one worker per core (`--engine dask`: the client reads every file, the workers send each
report back, the client writes it) and its ratio to the process-pool run: what the distributed path costs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fact_audit.rubric import load_rubric_set  # noqa: E402
from fact_audit.synthetic import write_files  # noqa: E402


def dataset(n: int) -> Path:
    folder = Path(tempfile.gettempdir()) / f"fact-audit-bench-{n}"
    marker = folder / ".complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        write_files(load_rubric_set(), folder / "in", n, seed=2026)
        marker.touch()
    return folder / "in"


def report_bytes(folder: Path) -> int:
    """The size of the first client's Markdown report (Chinese), as `batch` writes it."""
    from fact_audit.answers import load_answers
    from fact_audit.renderers import RenderOptions, render
    from fact_audit.scoring import score

    rubric = load_rubric_set()
    first = min(folder.iterdir())
    return len(render(score(rubric, load_answers(first, rubric)), "markdown", RenderOptions()).encode("utf-8"))


def write_floor(n: int, size: int, folder: Path) -> float:
    """Write n files of `size` bytes the way every report is written (temp file, fsync, rename) and sync the
    folder once: what per-client reports cost at the least, before any rendering."""
    from fact_audit.fileio import atomic_write_bytes, sync_folder_entries

    folder.mkdir(parents=True, exist_ok=True)
    data = b"x" * size
    start = time.perf_counter()
    for index in range(n):
        atomic_write_bytes(folder / f"{index}.md", data, sync_folder=False)
    sync_folder_entries(folder)
    seconds = time.perf_counter() - start
    shutil.rmtree(folder, ignore_errors=True)
    return seconds


def floor(folder: Path) -> float:
    """Read and parse every file with CSafeLoader in this process: the least any batch run must do."""
    paths = sorted(folder.iterdir())
    start = time.perf_counter()
    for path in paths:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


MEASURE = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)"
)


def timed(args: list[str]) -> tuple[float, float]:
    """Wall time and peak RSS (MiB, the largest process of the run) of one command, in a fresh wrapper."""
    output = subprocess.run([sys.executable, "-c", MEASURE, *args], capture_output=True, text=True, check=True)
    seconds, rss_kib, rc = output.stdout.split()
    if rc not in ("0",):
        raise SystemExit(f"{' '.join(args)} exited {rc}")
    return float(seconds), int(rss_kib) / 1024


def run(n: int, cores: int, summaries_only: bool = False) -> None:
    folder = dataset(n)
    base = min(floor(folder) for _ in range(2))
    print(f"\nN = {n:,}   floor (CSafeLoader parse, 1 process): {base:.2f} s   cores: {cores}")
    runs = [("summary only, --jobs 1", ["--no-reports", "--jobs", "1"])]
    runs.append((f"summary only, --jobs {cores}", ["--no-reports", "--jobs", str(cores)]))
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'run':<34}{'seconds':>9}{'× floor':>9}{'peak MiB':>10}")
        for label, extra in runs:
            _batch_run(label, folder, Path(tmp), extra, base)
        if summaries_only:
            return
        # measured after the summary runs: its fsynced writes must not still be flushing while they run
        size = report_bytes(folder)
        writes = write_floor(n, size, Path(tmp) / "write-floor")
        print(
            f"write floor: {n:,} atomic writes of {size // 1000} KB (temp, fsync, rename) = {writes / base:.2f} × floor"
        )
        pool = 0.0
        for label, extra in (
            ("markdown reports, --jobs 1", ["--jobs", "1"]),
            (f"markdown reports, --jobs {cores}", ["--jobs", str(cores)]),
        ):
            pool = _batch_run(label, folder, Path(tmp), extra, base)
        _dask_run(folder, Path(tmp), cores, base, pool)


def _batch_run(label: str, folder: Path, tmp: Path, extra: list[str], base: float) -> float:
    out = tmp / label.replace(" ", "_").replace(",", "")
    seconds, peak = timed([sys.executable, "-m", "fact_audit", "batch", str(folder), "--out", str(out), *extra])
    print(f"{label:<34}{seconds:>9.2f}{seconds / base:>9.2f}{peak:>10.0f}")
    shutil.rmtree(out, ignore_errors=True)
    return seconds


def _dask_run(folder: Path, tmp: Path, cores: int, base: float, pool: float) -> None:
    """The reports run on a Dask LocalCluster (its start-up included, as a user pays it), against the pool's."""
    import importlib.util

    if importlib.util.find_spec("distributed") is None:
        print("dask: not installed (pip install 'fact-audit[dask]'), no Dask line")
        return
    label = f"markdown reports, dask {cores} workers"
    seconds = _batch_run(label, folder, tmp, ["--engine", "dask", "--jobs", str(cores)], base)
    print(f"dask / process pool ({cores} workers each): {seconds / pool:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", action="store_true", help="also run N = 100,000")
    parser.add_argument("--sizes", type=int, nargs="*", default=None, help="explicit sizes instead of 1,000 and 10,000")
    parser.add_argument("--summaries-only", action="store_true", help="skip the runs with per-client reports")
    args = parser.parse_args()
    sizes = args.sizes or [1_000, 10_000] + ([100_000] if args.big else [])
    cores = os.cpu_count() or 1
    print(f"python {sys.version.split()[0]}, libyaml {getattr(yaml, '__with_libyaml__', False)}")
    for n in sizes:
        run(n, cores, args.summaries_only)


if __name__ == "__main__":
    main()
