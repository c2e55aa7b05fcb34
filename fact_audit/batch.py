"""`fact-audit batch`: score many clients, in parallel, into summaries and per-client reports. No printing here.

Shape: `run_batch` streams jobs into a worker function (in-process for one job, a process pool in chunks
otherwise, or a Dask cluster), keeps only a few numbers per client for the cohort statistics, and writes every
output atomically. A bad input becomes an error row; it never stops the batch.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import json
import os
import re
import tempfile
import unicodedata
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import FactAuditError
from .fileio import OutputError, atomic_write_bytes, atomic_write_text, sync_folder_entries
from .sources import Job, job_document

REPORT_SUFFIX = {"markdown": "md", "json": "json", "html": "html"}
MIN_SEGMENT = 5  # a category/stage segment needs this many clients before it gets its own percentiles
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
    from .answers import answers_from_document
    from .scoring import score

    try:
        state = _worker_state(settings)
        rubric = state["rubric"]
        document = job_document(job, state["multi"], positions=False)
        try:
            answers = answers_from_document(document, rubric)
        except FactAuditError:
            if job.kind != "file":
                raise
            # parse again, with positions, so the error says which line (rare, so the fast path pays off)
            answers = answers_from_document(job_document(job, state["multi"]), rubric)
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
    from .renderers import RenderOptions, render

    folder = os.path.join(settings.out, "reports")
    name = f"{safe_stem(report.merchant.get('name'), label)}.{REPORT_SUFFIX[settings.fmt]}"
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


# -- cohort statistics -----------------------------------------------------------------------------------------


_SPAN = 1001  # a score in tenths: 0 to 1000


def _rank_table(counts: Sequence[int]) -> array[int]:
    """The mid-rank percentile, 100 · (below + ½ · equal) / n, of every value a dense histogram (clients per tenths
    value) counts, in tenths of a percent, indexed by the value: 2 KB, however many clients there are."""
    total = sum(counts)
    table = array("H", bytes(2 * len(counts)))
    below = 0
    for value, equal in enumerate(counts):
        if equal:
            table[value] = round(10 * round(100 * (below + 0.5 * equal) / total, 1))
            below += equal
    return table


def quantile(sorted_values: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not sorted_values:
        return 0.0
    position = (len(sorted_values) - 1) * q
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return round(sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low), 1)


class Cohort:
    """Histograms of the clients' scores per category/stage segment: all the statistics need.

    Scores have one decimal, so each key of a segment is a dense histogram of 1,001 tenths values, one 36 KB array
    per segment: the cohort's size depends on how many segments there are, never on how many clients (issue 8: a
    batch's memory must not grow with its size). A client's percentiles are looked up from its own row, re-read
    from the spool.
    """

    def __init__(self, capabilities: list[str]) -> None:
        self.keys = ("overall", *capabilities)
        self.counts: Counter[tuple[str, str]] = Counter()  # clients per segment
        self.histograms: dict[tuple[str, str], array[int]] = {}  # segment -> clients per (key, tenths)
        self.total_tenths = [0] * len(self.keys)
        self.levels: dict[int, int] = {}  # overall level id -> clients

    @staticmethod
    def segment(merchant: dict[str, Any]) -> tuple[str, str]:
        return (merchant.get("category") or "", merchant.get("stage") or "")

    def _tenths(self, overall: float, scores: dict[str, float]) -> list[int]:
        """The client's scores in tenths, in key order (a capability it lacks counts as 0)."""
        tenths = [round(overall * 10), *(round(scores.get(key, 0.0) * 10) for key in self.keys[1:])]
        if not all(0 <= value < _SPAN for value in tenths):
            raise ValueError(f"a score outside 0..100: {overall}, {scores}")
        return tenths

    def add(self, result: ClientResult) -> None:
        self.levels[result.level] = self.levels.get(result.level, 0) + 1
        segment = self.segment(result.merchant)
        self.counts[segment] += 1
        histogram = self.histograms.get(segment)
        if histogram is None:
            histogram = self.histograms[segment] = array("I", bytes(4 * _SPAN * len(self.keys)))
        for index, value in enumerate(self._tenths(result.overall, result.scores)):
            histogram[index * _SPAN + value] += 1
            self.total_tenths[index] += value

    def __len__(self) -> int:
        return sum(self.counts.values())

    @staticmethod
    def _key_counts(index: int, histogram: array[int]) -> array[int]:
        return histogram[index * _SPAN : (index + 1) * _SPAN]

    def _batch_counts(self, index: int) -> list[int]:
        columns = [self._key_counts(index, histogram) for histogram in self.histograms.values()]
        return [sum(column) for column in zip(*columns, strict=True)] if columns else [0] * _SPAN

    def prepare(self) -> None:
        """Rank every value once per key, for the batch and for each segment, so a client's percentiles are table
        lookups."""
        self._ranks = [_rank_table(self._batch_counts(index)) for index in range(len(self.keys))]
        self._segment_ranks = {
            segment: [_rank_table(self._key_counts(index, histogram)) for index in range(len(self.keys))]
            for segment, histogram in self.histograms.items()
        }

    def percentiles(
        self, overall: float, scores: dict[str, float], segment: tuple[str, str], min_segment: int = MIN_SEGMENT
    ) -> tuple[dict[str, float], dict[str, float] | None, int]:
        """(percentile in the batch, percentile in its segment or None, segment size) per key, of a client that
        was added with these scores."""
        if not hasattr(self, "_ranks"):
            self.prepare()
        tenths = self._tenths(overall, scores)
        batch = {key: self._ranks[i][tenths[i]] / 10 for i, key in enumerate(self.keys)}
        size = self.counts[segment]
        if size < min_segment or not all(segment):  # a segment needs a category and a stage
            return batch, None, size
        ranks = self._segment_ranks[segment]
        return batch, {key: ranks[i][tenths[i]] / 10 for i, key in enumerate(self.keys)}, size

    def summary(self) -> dict[str, Any]:
        """Mean and quartiles per key (quartiles as `quantile` gives them on the list of scores)."""
        count = len(self)
        out: dict[str, Any] = {}
        for index, key in enumerate(self.keys):
            histogram = [(value, n) for value, n in enumerate(self._batch_counts(index)) if n]
            out[key] = {
                "mean": round(self.total_tenths[index] / count / 10, 1) if count else 0.0,
                **{name: _quantile_of(histogram, count, q) for name, q in _QUARTILES},
            }
        return out


_QUARTILES = (("min", 0), ("p25", 0.25), ("median", 0.5), ("p75", 0.75), ("max", 1))


def _quantile_of(histogram: list[tuple[int, int]], count: int, q: float) -> float:
    """`quantile` of the scores whose tenths have this sorted histogram, without listing them."""
    if not count:
        return 0.0
    position = (count - 1) * q
    low = int(position)
    high = min(low + 1, count - 1)
    return quantile([_nth(histogram, low) / 10, _nth(histogram, high) / 10], position - low)


def _nth(histogram: list[tuple[int, int]], index: int) -> int:
    """The value at `index` (0-based) of the sorted values the histogram counts."""
    seen = 0
    for value, count in histogram:
        seen += count
        if index < seen:
            return value
    raise IndexError(index)


# -- writing ---------------------------------------------------------------------------------------------------


@dataclass
class BatchOutcome:
    clients: int
    errors: int
    out: Path
    summary: dict[str, Any]


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
        portfolio = None
        if settings.fmt == "html":
            portfolio = [(c, (names or {}).get(c, c)) for c in capabilities]
        _write_summaries(out, spool, cohort, capabilities, summary, min_segment, portfolio, settings.lang)
    _write_errors(out, errors)
    return BatchOutcome(len(cohort), len(errors), out, summary)


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


def _write_summaries(
    out: Path,
    spool,
    cohort: Cohort,
    capabilities: list[str],
    summary: dict[str, Any],
    min_segment: int,
    portfolio: list[tuple[str, str]] | None = None,
    lang: str = "zh",
) -> None:
    """summary.csv, summary.json (and index.html for HTML batches) in one streaming pass over the spool."""
    header = [
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
    csv_fd, csv_tmp = tempfile.mkstemp(dir=out, prefix=".summary.csv.", suffix=".tmp")
    json_fd, json_tmp = tempfile.mkstemp(dir=out, prefix=".summary.json.", suffix=".tmp")
    html_fd, html_tmp = tempfile.mkstemp(dir=out, prefix=".index.html.", suffix=".tmp") if portfolio else (None, None)
    html_file = None
    try:
        if portfolio:
            from .renderers import html as page

            html_file = os.fdopen(html_fd, "w", encoding="utf-8")
            html_file.write(page.portfolio_head(summary, portfolio, lang))
        with (
            os.fdopen(csv_fd, "w", encoding="utf-8-sig", newline="") as csv_file,
            os.fdopen(json_fd, "w", encoding="utf-8") as json_file,
        ):
            writer = csv.writer(csv_file)
            writer.writerow(header)
            json_file.write(json.dumps(summary, ensure_ascii=False, indent=2)[:-2] + ',\n  "clients_detail": [\n')
            for index, line in enumerate(spool):
                row = json.loads(line)
                segment = Cohort.segment(row)
                batch_pct, seg_pct, seg_size = cohort.percentiles(row["overall"], row["scores"], segment, min_segment)
                top = (row["top"] + ["", "", ""])[:3]
                cells = [
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
                    *top,
                    row["report"] or "",
                    batch_pct["overall"],
                    *(batch_pct[c] for c in capabilities),
                    seg_size,
                    "" if seg_pct is None else seg_pct["overall"],
                    *("" if seg_pct is None else seg_pct[c] for c in capabilities),
                ]
                writer.writerow([neutralise(cell) for cell in cells])
                row["percentile"] = batch_pct
                row["segment_percentile"] = seg_pct
                row["segment_size"] = seg_size
                json_file.write(("    " if index == 0 else ",\n    ") + json.dumps(row, ensure_ascii=False))
                if html_file is not None:
                    html_file.write(page.portfolio_row(row, portfolio))
            json_file.write("\n  ]\n}\n")
            handles = [csv_file, json_file]
            if html_file is not None:
                html_file.write(page.portfolio_tail())
                handles.append(html_file)
            for handle in handles:
                handle.flush()
                os.fsync(handle.fileno())
        if html_file is not None:
            html_file.close()
            os.replace(html_tmp, out / "index.html")
        os.replace(csv_tmp, out / "summary.csv")
        os.replace(json_tmp, out / "summary.json")
    finally:
        if html_file is not None and not html_file.closed:
            html_file.close()
        for tmp in (csv_tmp, json_tmp, html_tmp):
            if tmp and os.path.exists(tmp):
                os.unlink(tmp)


def _write_errors(out: Path, errors: list[ClientError]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["source", "line", "problem"])
    for error in errors:
        writer.writerow([neutralise(error.source), error.line or "", neutralise(error.problem)])
    atomic_write_bytes(out / "errors.csv", ("\ufeff" + buffer.getvalue()).encode("utf-8"))
