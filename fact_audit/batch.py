"""`fact-audit batch`: score many clients, in parallel, into summaries and per-client reports. No printing here.

Shape: `run_batch` streams jobs into a worker function (in-process for one job, a process pool in chunks
otherwise, or a Dask cluster), keeps only a few numbers per client for the cohort statistics (`cohort.py`), and
writes every output atomically; the portfolio page comes from `renderers`. A bad input becomes an error row; it
never stops the batch.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import hashlib
import io
import json
import os
import re
import tempfile
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cohort import MIN_SEGMENT, Cohort
from .errors import FactAuditError
from .fileio import OutputError, atomic_open, atomic_write_bytes, atomic_write_text, sync_folder_entries
from .sources import Job, job_document

if TYPE_CHECKING:
    from .renderers import Portfolio

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: Any) -> Any:
    """OWASP CSV-injection rule: a text cell starting with = + - @ tab or CR is prefixed with a quote."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def safe_stem(name: str | None, label: str) -> str:
    """A file name from a merchant name: no separators, no `..`, no control characters, Chinese kept, and a short
    hash of the input's location so two clients with one name never share a file."""
    text = unicodedata.normalize("NFC", name or "")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = _UNSAFE.sub("_", text).strip(" ._")
    text = re.sub(r"\.{2,}", "_", text)[:60] or "client"
    digest = hashlib.sha1(label.encode("utf-8")).hexdigest()[:8]
    return f"{text}-{digest}"


@dataclass(frozen=True)
class BatchSettings:
    """What every worker needs to know; picklable so it travels to processes and Dask workers."""

    rubrics: str | None = None
    out: str = "."
    fmt: str = "markdown"
    lang: str = "zh"
    profile: str | None = None
    reports: bool = True


@dataclass
class ClientResult:
    """A scored client as the main process needs it: summary cells and the numbers for cohort statistics."""

    label: str
    name: str | None
    merchant: dict[str, Any]
    overall: float
    level: int
    level_name: str
    scores: dict[str, float]
    coverage: float
    complete: bool
    flags: int
    top: list[str]
    report: str | None = None


@dataclass
class ClientError:
    label: str
    source: str
    line: int | None
    problem: str


_WORKER: dict[str, Any] = {}


def _worker_state(settings: BatchSettings) -> dict[str, Any]:
    """The rubric, loaded once per process (and per settings) rather than once per client."""
    if _WORKER.get("settings") != settings:
        from .rubric import load_rubric_set

        rubric = load_rubric_set(settings.rubrics)
        _settle_process()
        _WORKER.clear()
        _WORKER.update(
            settings=settings,
            rubric=rubric,
            multi={q.id for q in rubric.questions.values() if q.type == "multi"},
        )
    return _WORKER


def _settle_process() -> None:
    """Tune the garbage collector for a process that scores clients for the rest of its life.

    It keeps the rubric and its modules until it exits, and each client makes only short-lived objects without
    cycles, which reference counting frees. Freezing what is loaded keeps collections from walking it again, and
    a larger first generation makes them rarer: about 5% of a `--jobs 1` batch (bench/batch.py).
    """
    gc.freeze()
    _, second, third = gc.get_threshold()
    gc.set_threshold(10_000, second, third)


def score_job(job: Job, settings: BatchSettings) -> ClientResult | ClientError:
    """Score one client; every problem with the input comes back as a `ClientError` value."""
    from .answers import answers_from_document, load_answers
    from .scoring import score

    try:
        state = _worker_state(settings)
        rubric = state["rubric"]
        try:
            answers = answers_from_document(job_document(job, state["multi"], positions=False), rubric)
        except FactAuditError:
            if job.kind != "file":
                raise
            # A file that fails, in its parse or its answers, is read again the way `score` reads it, with positions
            # (rare, so the fast path pays off): its row then says what `score` says, at the same line.
            answers = load_answers(job.source, rubric)
        report = score(rubric, answers, settings.profile)
        lang = settings.lang
        path = None
        if settings.reports:
            path = _write_report(report, job.label, settings)
        return ClientResult(
            label=job.label,
            name=report.merchant.get("name"),
            merchant=report.merchant,
            overall=report.score,
            level=report.level.id,
            level_name=report.level.name(lang),
            scores={c.id: c.score for c in report.capabilities},
            coverage=report.coverage,
            complete=report.complete,
            flags=len(report.flags),
            top=[r.title(lang) for r in report.recommendations[:3]],
            report=path,
        )
    except FactAuditError as error:
        line = error.line if error.line is not None else job.line
        return ClientError(job.label, error.file or job.source, line, error.message)
    except (OSError, ValueError, RecursionError) as error:  # defence in depth: still one row, never a crash
        return ClientError(job.label, job.source, job.line, f"{type(error).__name__}: {error}")


def score_chunk(jobs: list[Job], settings: BatchSettings) -> list[ClientResult | ClientError]:
    return [score_job(job, settings) for job in jobs]


def _write_report(report, label: str, settings: BatchSettings) -> str:
    """One client's report, written atomically into reports/. The folder's entries are made durable once, after
    the last report (`_run_batch`), not after each: a report is still whole or absent, at half the syncs."""
    from .renderers import SUFFIX, RenderOptions, render

    folder = os.path.join(settings.out, "reports")
    name = f"{safe_stem(report.merchant.get('name'), label)}.{SUFFIX[settings.fmt]}"
    if os.path.basename(name) != name or name.startswith("."):  # belt and braces: never outside --out
        raise FactAuditError(f"refusing to write a report outside {folder}", label)
    options = RenderOptions(lang=settings.lang)
    atomic_write_text(os.path.join(folder, name), render(report, settings.fmt, options), sync_folder=False)
    return f"reports/{name}"


# -- running ---------------------------------------------------------------------------------------------------


def chunks(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    chunk: list[Job] = []
    for job in jobs:
        chunk.append(job)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_local(jobs: Iterable[Job], settings: BatchSettings, workers: int, chunk_size: int = 64) -> Iterator[Any]:
    """Results in input order. One worker runs in-process; more use a process pool with a bounded queue of
    chunks in flight, so memory stays flat however many inputs there are."""
    if workers <= 1:
        for job in jobs:
            yield score_job(job, settings)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque = deque()
        for chunk in chunks(jobs, chunk_size):
            pending.append(pool.submit(score_chunk, chunk, settings))
            if len(pending) >= workers * 3:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def run_dask(
    jobs: Iterable[Job], settings: BatchSettings, scheduler: str | None, chunk_size: int = 256
) -> Iterator[Any]:
    """The same worker function mapped over a Dask cluster (a local one when no scheduler address is given)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        from .errors import UsageError

        raise UsageError("the dask engine needs the extra: pip install 'fact-audit[dask]'") from None
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=max(1, os.cpu_count() or 1), threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        pending: deque = deque()
        for chunk in chunks(jobs, chunk_size):
            pending.append(client.submit(score_chunk, chunk, settings, pure=False))
            if len(pending) >= 16:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# -- writing ---------------------------------------------------------------------------------------------------


@dataclass
class BatchOutcome:
    clients: int
    errors: int
    out: Path
    summary: dict[str, Any]
    portfolio: Path | None = None  # the overview page, for report formats that have one


def run_batch(
    jobs: Iterable[Job],
    settings: BatchSettings,
    capabilities: list[str],
    results: Callable[[Iterable[Job]], Iterator[Any]],
    on_result: Callable[[Any], None] | None = None,
    min_segment: int = MIN_SEGMENT,
    names: dict[str, str] | None = None,
) -> BatchOutcome:
    """Consume results, spool summary rows to disk, then write summary.csv/.json and errors.csv atomically."""
    out = Path(settings.out)
    try:
        return _run_batch(jobs, settings, capabilities, results, on_result, min_segment, names, out)
    except OSError as exc:  # a full disk or a vanished folder: say so in one line; earlier outputs stay intact
        raise OutputError(f"cannot write the batch outputs: {exc.strerror or exc}", str(out)) from None


def _run_batch(jobs, settings, capabilities, results, on_result, min_segment, names, out: Path) -> BatchOutcome:
    from .renderers import RenderOptions, portfolio

    cohort = Cohort(capabilities)
    errors: list[ClientError] = []
    with tempfile.TemporaryFile("w+", encoding="utf-8", dir=out) as spool:
        for result in results(jobs):
            if on_result:
                on_result(result)
            if isinstance(result, ClientError):
                errors.append(result)
                continue
            cohort.add(result)
            spool.write(json.dumps(_row(result), ensure_ascii=False) + "\n")
        if settings.reports:  # the reports' renames become durable before summary.csv, which lists them
            sync_folder_entries(out / "reports")
        spool.seek(0)
        summary = {
            "clients": len(cohort),
            "errors": len(errors),
            "rubric_profile": settings.profile,
            "min_segment": min_segment,
            "cohort": cohort.summary() if len(cohort) else {},
            "overall_levels": {f"L{level}": count for level, count in sorted(cohort.levels.items())},
            "segments": _segment_counts(cohort),
        }
        page = portfolio(
            settings.fmt, [(c, (names or {}).get(c, c)) for c in capabilities], RenderOptions(lang=settings.lang)
        )
        _write_summaries(out, spool, cohort, capabilities, summary, min_segment, page)
    _write_errors(out, errors)  # syncs the folder, which makes the summaries' renames durable too
    return BatchOutcome(len(cohort), len(errors), out, summary, out / page.file if page else None)


def _row(result: ClientResult) -> dict[str, Any]:
    return {
        "name": result.name,
        "source": result.label,
        "platform": result.merchant.get("platform"),
        "category": result.merchant.get("category"),
        "stage": result.merchant.get("stage"),
        "overall": result.overall,
        "level": result.level,
        "level_name": result.level_name,
        "scores": result.scores,
        "coverage": result.coverage,
        "complete": result.complete,
        "flags": result.flags,
        "top": result.top,
        "report": result.report,
    }


def _segment_counts(cohort: Cohort) -> list[dict[str, Any]]:
    return [{"category": c, "stage": s, "clients": n} for (c, s), n in sorted(cohort.counts.items())]


def _summary_header(capabilities: list[str]) -> list[str]:
    return [
        "name",
        "source",
        "platform",
        "category",
        "stage",
        "overall",
        "level",
        *capabilities,
        "coverage",
        "complete",
        "flags",
        "action_1",
        "action_2",
        "action_3",
        "report",
        "overall_pct",
        *(f"{c}_pct" for c in capabilities),
        "segment_size",
        "overall_segment_pct",
        *(f"{c}_segment_pct" for c in capabilities),
    ]


def _summary_cells(row: dict[str, Any], capabilities: list[str]) -> list[Any]:
    """A summary.csv row of a spooled row with its percentiles added, in `_summary_header` order."""
    batch_pct, seg_pct = row["percentile"], row["segment_percentile"]
    return [
        row["name"],
        row["source"],
        row["platform"],
        row["category"],
        row["stage"],
        row["overall"],
        f"L{row['level']} {row['level_name']}",
        *(row["scores"].get(c, "") for c in capabilities),
        row["coverage"],
        row["complete"],
        row["flags"],
        *(row["top"] + ["", "", ""])[:3],
        row["report"] or "",
        batch_pct["overall"],
        *(batch_pct[c] for c in capabilities),
        row["segment_size"],
        "" if seg_pct is None else seg_pct["overall"],
        *("" if seg_pct is None else seg_pct[c] for c in capabilities),
    ]


def _write_summaries(
    out: Path,
    spool,
    cohort: Cohort,
    capabilities: list[str],
    summary: dict[str, Any],
    min_segment: int,
    page: Portfolio | None = None,
) -> None:
    """summary.csv, summary.json (and the portfolio page, for formats with one) in one streaming pass over the spool.

    Each file is whole or untouched (`atomic_open`); a failure in the pass leaves all three untouched. The folder
    is synced once afterwards, by `_write_errors`."""
    with contextlib.ExitStack() as files:
        csv_file = files.enter_context(
            atomic_open(out / "summary.csv", encoding="utf-8-sig", newline="", sync_folder=False)
        )
        json_file = files.enter_context(atomic_open(out / "summary.json", sync_folder=False))
        page_file = files.enter_context(atomic_open(out / page.file, sync_folder=False)) if page else None
        writer = csv.writer(csv_file)
        writer.writerow(_summary_header(capabilities))
        json_file.write(json.dumps(summary, ensure_ascii=False, indent=2)[:-2] + ',\n  "clients_detail": [\n')
        if page_file is not None:
            page_file.write(page.head(summary))
        for index, line in enumerate(spool):
            row = json.loads(line)
            batch_pct, seg_pct, seg_size = cohort.percentiles(
                row["overall"], row["scores"], Cohort.segment(row), min_segment
            )
            row["percentile"] = batch_pct
            row["segment_percentile"] = seg_pct
            row["segment_size"] = seg_size
            writer.writerow([neutralise(cell) for cell in _summary_cells(row, capabilities)])
            json_file.write(("    " if index == 0 else ",\n    ") + json.dumps(row, ensure_ascii=False))
            if page_file is not None:
                page_file.write(page.row(row))
        json_file.write("\n  ]\n}\n")
        if page_file is not None:
            page_file.write(page.tail())


def _write_errors(out: Path, errors: list[ClientError]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["source", "line", "problem"])
    for error in errors:
        writer.writerow([neutralise(error.source), error.line or "", neutralise(error.problem)])
    atomic_write_bytes(out / "errors.csv", ("\ufeff" + buffer.getvalue()).encode("utf-8"))
