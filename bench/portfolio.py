"""The portfolio page of a large batch: its size, and how long Chromium takes to render it, against a floor.

    python bench/portfolio.py                    # 20,000 clients, summaries and portfolio only
    python bench/portfolio.py --clients 5000 --reports --jobs 2

Generates N synthetic clients (cached under the temp folder), runs `fact-audit batch --format html` on them, and
prints the size of index.html and of the largest list page (clients-N.html), with the target of issue 15 item 10
(index under 5 MB). Then it times headless Chromium loading each page to the end (`--dump-dom`, wall time, median
of three runs) and prints it as a ratio to the floor measured in the same run: Chromium loading an empty page, which
is what starting the browser costs whatever the page. Ratios, not seconds, compare across machines; the seconds are
printed too, for the under-2-s target. Not a test: nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fact_audit.rubric import load_rubric_set  # noqa: E402
from fact_audit.synthetic import clients  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
INDEX_TARGET = 5_000_000


def dataset(n: int) -> Path:
    """N answers files as JSON Lines (one file: quick to write, quick to read), made once per size."""
    folder = Path(tempfile.gettempdir()) / f"fact-audit-bench-portfolio-{n}"
    marker = folder / ".complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        rubric = load_rubric_set()
        with (folder / "clients.jsonl").open("w", encoding="utf-8") as handle:
            for index, document in enumerate(clients(rubric, n, seed=2026)):
                document["merchant"]["date"] = f"2026-{1 + index % 11:02d}-{1 + index % 28:02d}"
                handle.write(json.dumps(document, ensure_ascii=False) + "\n")
        marker.touch()
    return folder / "clients.jsonl"


def browser() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not found:
        sys.exit("Chromium is not installed (apt-get install chromium)")
    return found


def load_time(chromium: str, page: Path, profile: Path, runs: int = 3) -> float:
    """Median wall time of Chromium loading `page` to the end and dumping its DOM."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
            capture_output=True,
            check=True,
            timeout=300,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--reports", action="store_true", help="also write every client's HTML report (slow)")
    args = parser.parse_args()
    source = dataset(args.clients)
    work = Path(tempfile.mkdtemp(prefix="fact-audit-portfolio-"))
    out = work / "out"
    command = [sys.executable, "-m", "fact_audit", "batch", str(source), "--out", str(out), "--format", "html"]
    command += ["--jobs", str(args.jobs), *([] if args.reports else ["--no-reports"])]
    start = time.perf_counter()
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    print(f"batch of {args.clients:,} clients: {time.perf_counter() - start:.1f} s")
    index = out / "index.html"
    pages = sorted(out.glob("clients-*.html"), key=lambda p: p.stat().st_size)
    size = index.stat().st_size
    verdict = "under" if size < INDEX_TARGET else "OVER"
    print(f"index.html: {size:,} bytes ({verdict} the {INDEX_TARGET:,}-byte target), {len(pages)} list page(s)")
    if pages:
        print(f"largest list page {pages[-1].name}: {pages[-1].stat().st_size:,} bytes")
    chromium = browser()
    empty = work / "empty.html"
    empty.write_text("<!DOCTYPE html><title>floor</title>", encoding="utf-8")
    profile = work / "profile"
    floor = load_time(chromium, empty, profile)
    print(f"\n{'page':<22}{'seconds':>9}{'x floor':>9}")
    print(f"{'empty page (floor)':<22}{floor:>9.2f}{1:>9.2f}")
    for page in (index, *pages[-1:]):
        seconds = load_time(chromium, page, profile)
        print(f"{page.name:<22}{seconds:>9.2f}{seconds / floor:>9.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
