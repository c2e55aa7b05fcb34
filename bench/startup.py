"""Start-up time of everyday commands against the floor of `python -c "import typer"`, measured in the same run.

    python bench/startup.py [--runs 20]

Prints the median wall time of each command over several runs and its ratio to the floor. Targets (issue 8):
`--version` ≤ 1.2×, `score --format json` ≤ 1.6×, `score` (table) ≤ 2.5×. The first run of each command is
discarded (it warms the OS cache and fact-audit's rubric cache). fact-audit's modules are byte-compiled first, as
`pip install` does for an installed wheel: a checkout run with PYTHONDONTWRITEBYTECODE=1 would otherwise compile
every module from source on every start and measure the compiler instead of the tool. The commands run through the
installed `fact-audit` script, as a user runs them (`python -m fact_audit` when there is none).

fact-audit freezes the garbage collector just before it exits (see `fact_audit.cli.main`), which spares CPython's
shutdown collections; a plain `import typer` pays them. So a second column, "× strict", divides by a floor that
freezes too: it is the tool's own cost, with that trick's share taken out, and it is the ratio the verdict judges.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "growing_brand.yaml"
TARGETS = {"--version": 1.2, "--help": None, "score --format json": 1.6, "score (table)": 2.5}


def median_time(args: list[str], runs: int) -> float:
    subprocess.run(args, capture_output=True, check=False)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    py = sys.executable
    subprocess.run([py, "-m", "compileall", "-q", str(ROOT / "fact_audit")], check=True)
    floor = median_time([py, "-c", "import typer"], runs)
    script = shutil.which("fact-audit", path=str(Path(py).parent))  # what a user runs; `-m` also loads runpy
    tool = [script] if script else [py, "-m", "fact_audit"]
    commands = {
        "--version": [*tool, "--version"],
        "--help": [*tool, "--help"],
        "score --format json": [*tool, "score", str(EXAMPLE), "--format", "json"],
        "score (table)": [*tool, "score", str(EXAMPLE)],
    }
    # fact-audit freezes the garbage collector before it exits (cli.main); the same on the floor shows how much of
    # the lead that alone buys, so the "× strict" column is the tool's own cost with that trick taken away.
    strict = median_time([py, "-c", "import gc, typer; gc.freeze()"], runs)
    print(f"floor:  python -c 'import typer'  {floor * 1000:.0f} ms (median of {runs}); tool: {' '.join(tool)}")
    print(f"strict: the same, gc frozen at exit as fact-audit does  {strict * 1000:.0f} ms")
    print(f"{'command':<24}{'ms':>7}{'× floor':>9}{'× strict':>10}{'target':>8}")
    for label, args in commands.items():
        seconds = median_time(args, runs)
        target = TARGETS[label]
        verdict = "" if target is None else (f"{target:>7}×" + ("  ok" if seconds / strict <= target else "  OVER"))
        print(f"{label:<24}{seconds * 1000:>7.0f}{seconds / floor:>9.2f}{seconds / strict:>10.2f}{verdict}")


if __name__ == "__main__":
    main()
