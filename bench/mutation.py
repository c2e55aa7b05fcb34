"""Mutation testing of the core: how many planted one-line bugs the unit tests catch, per module.

    pip install -e ".[mutation]"
    python bench/mutation.py                  # every core module ([tool.mutmut] in pyproject.toml), ~15 min on 2 cores
    python bench/mutation.py --module expr    # one module, while writing tests for it
    python bench/mutation.py --survivors      # also list each surviving mutant, to read with `mutmut show NAME`

`--keep FOLDER` keeps the scratch copy between runs, so a rerun retests only what changed; give each set of
modules its own folder (adding a module to a kept folder leaves mutmut's records of which tests reach it stale) and
take the figures you quote from a fresh run.

Copies the tracked tree into a scratch folder (mutmut writes its `mutants/` copy next to the sources, and a run in
the checkout would leave it there), runs `mutmut run` in it, and reads mutmut's own results (`mutants/**/*.meta`).
The kill rate of a module is killed ÷ (mutants − equivalent): a mutant no test reaches counts as surviving, and
the mutants listed in tests/mutation/equivalents.txt — changes that cannot alter behaviour, each with its one-line
reason — are left out. The target is 90 % per module (issue 18); CONTRIBUTING.md says when to run it. Not in CI
(too slow on 2 cores) and nothing here is asserted: it prints, and exits 1 when a module is under the target, so a
release checklist can use it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import tomllib  # Python 3.11+: a maintainer's tool, not the package

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "tests" / "mutation" / "equivalents.txt"
TARGET = 0.90
KILLED = {1, 3, 37}  # mutmut's exit codes for a mutant a test (or the type check) caught
NOT_RUN = {None, 2, 34}  # not checked, interrupted, skipped: the run did not finish


def equivalents() -> dict[str, str]:
    """Mutant name → why it cannot change behaviour (`name  # reason` per line; blank lines and comments skipped)."""
    found: dict[str, str] = {}
    if EQUIVALENTS.exists():
        for line in EQUIVALENTS.read_text(encoding="utf-8").splitlines():
            name, _, reason = line.partition("#")
            if name.strip():
                found[name.strip()] = reason.strip()
    return found


def copy_tree(target: Path) -> None:
    """The checkout's files as they are on disk now: tracked ones with their edits, and new ones git does not
    ignore (a test being written). Copied again on every run, so a kept folder reruns only what changed."""
    command = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    listed = subprocess.run(command, cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def run(folder: Path, modules: list[str], children: int) -> None:
    """`mutmut run` over `modules` (paths) in `folder`, its configuration narrowed to them."""
    pyproject = folder / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    config = tomllib.loads(text)["tool"]["mutmut"]
    start = text.index("[tool.mutmut]")
    end = text.find("\n[", start + 1)
    table = "[tool.mutmut]\n" + "".join(
        f"{key} = {json.dumps(value if key != 'only_mutate' else modules)}\n" for key, value in config.items()
    )
    pyproject.write_text(text[:start] + table + (text[end:] if end != -1 else ""), encoding="utf-8")
    command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(children)]
    subprocess.run(command, cwd=folder, check=False, stdout=subprocess.DEVNULL)


def results(folder: Path) -> dict[str, dict[str, int | None]]:
    """Module path → mutant name → mutmut's exit code for it."""
    found: dict[str, dict[str, int | None]] = {}
    for meta in sorted((folder / "mutants").rglob("*.py.meta")):
        module = str(meta.relative_to(folder / "mutants")).removesuffix(".meta")
        found[module] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return found


def report(found: dict[str, dict[str, int | None]], skip: dict[str, str], survivors: bool) -> bool:
    """Print one line per module; True when every module reaches the target."""
    print(f"{'module':24} {'mutants':>8} {'killed':>7} {'survived':>9} {'no test':>8} {'equiv.':>7} {'kill rate':>10}")
    ok = True
    for module, codes in found.items():
        counted = {name: code for name, code in codes.items() if name not in skip}
        tally = Counter(
            "killed" if c in KILLED else "not run" if c in NOT_RUN else "no test" if c in (5, 33) else "survived"
            for c in counted.values()
        )
        rate = tally["killed"] / len(counted) if counted else 1.0
        ok &= rate >= TARGET and not tally["not run"]
        print(
            f"{module:24} {len(codes):8} {tally['killed']:7} {tally['survived']:9} {tally['no test']:8} "
            f"{len(codes) - len(counted):7} {rate:9.1%}" + ("  (run incomplete)" if tally["not run"] else "")
        )
        if survivors:
            for name, code in counted.items():
                if code not in KILLED:
                    print(f"    {name}")
    print(f"target: {TARGET:.0%} per module, equivalent mutants left out ({EQUIVALENTS.relative_to(ROOT)})")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", help="a core module by name (expr, scoring…); default: all")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="mutants tested at once")
    parser.add_argument("--survivors", action="store_true", help="list every mutant not killed")
    parser.add_argument("--keep", type=Path, help="run in this folder and keep it (reruns only what changed)")
    args = parser.parse_args()
    configured = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]["only_mutate"]
    modules = [m for m in configured if not args.module or Path(m).stem in args.module]
    if not modules:
        parser.error(f"no such core module; choose from {', '.join(Path(m).stem for m in configured)}")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="fact-audit-mutation-"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        copy_tree(folder)
        run(folder, modules, args.jobs)
        found = {module: codes for module, codes in results(folder).items() if module in modules}
        return 0 if report(found, equivalents(), args.survivors) else 1
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
