"""`fact-audit batch`: score many clients, in parallel, into summaries and per-client reports. No printing here.

Shape: `run_batch` streams jobs into a worker function (in-process for one job, a process pool in chunks
otherwise, or a Dask cluster), keeps only a few numbers per client for the cohort statistics (`cohort.py`), and
writes every output atomically; the portfolio page comes from `renderers`. A bad input becomes an error row; it
never stops the batch, and neither does a report that cannot be written (a row of its own, naming the input).
Nothing is written outside `--out`: `prepare_out` makes it, and no link, device or folder inside it is written
through (`check_folder`, `check_target`).
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
import stat
import tempfile
import unicodedata
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cohort import MIN_SEGMENT, Cohort
from .errors import FactAuditError
from .fileio import OutputError, atomic_open, atomic_write_bytes, atomic_write_text, sync_folder_entries
from .safetext import visible
from .sources import Job, job_document
from .storage import is_url

if TYPE_CHECKING:
    from .renderers import Portfolio

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: Any) -> Any:
    """OWASP CSV-injection rule: a text cell starting with = + - @ tab or CR is prefixed with a quote; control
    characters from an input (a NUL, an escape sequence) are shown as escapes, as everywhere else."""
    if not isinstance(cell, str):
        return cell
    if cell.startswith(_FORMULA_START):
        cell = "'" + cell
    return visible(cell, keep_newlines=True)


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def safe_stem(name: str | None, label: str) -> str:
    """A file name from a merchant name: no separators, no `..`, no control characters, Chinese kept, and a short
    hash of the input's location so two clients with one name never share a file."""
    text = unicodedata.normalize("NFC", name or "")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = _UNSAFE.sub("_", text).strip(" ._-")  # nor a leading `-`, which a shell command would take for an option
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
    save_benchmark: str | None = None  # write the cohort as a peer benchmark here (fact_audit/benchmark.py)
    benchmark: str | None = None  # place every report among this benchmark's peers (`--benchmark`, fact_audit/peers.py)
    remote: bool = False  # a Dask worker: it renders each report and sends it back, the client writes it (`_deliver`)


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
    actions: list[str] = field(default_factory=list)  # the top actions' ids: summary.json says them in any language
    flag_ids: list[str] = field(default_factory=list)  # the flags raised, which a peer benchmark counts
    report: str | None = None
    report_text: str | None = None  # the rendered report, from a worker that cannot write to --out (`remote`)
    report_error: ClientError | None = None  # the client is scored, but its report could not be written
    trend: dict[str, Any] | None = None  # what its history page needs (`history.batch_trend`), html batches only


@dataclass
class ClientError:
    """A row of errors.csv. `kind` "input": the client could not be scored (`source` and `line` name the input);
    "report": it was scored, but its report could not be written (`source` and `line` still name the input, never
    the report's path; `problem` names the report)."""

    label: str
    source: str
    line: int | None
    problem: str
    kind: str = "input"


@dataclass(frozen=True)
class Shipment:
    """What a Dask worker scores with, built by the client and sent once per worker (`client.scatter`, broadcast):
    the rubric set and the `--benchmark` document, which a worker on another machine could not load by path."""

    rubric: Any
    peers: dict[str, Any] | None = None


_WORKER: dict[str, Any] = {}


def _worker_state(settings: BatchSettings, shipped: Shipment | None = None) -> dict[str, Any]:
    """The rubric, loaded once per process (and per settings) rather than once per client; on Dask, the one the
    client shipped, so a worker never opens the client's paths."""
    global _WORKER
    key = (settings, None if shipped is None else id(shipped.rubric))  # the state holds the rubric: its id is stable
    state = _WORKER
    if state.get("key") != key:
        if shipped is None:
            from .rubric import load_rubric_set

            rubric, peers = load_rubric_set(settings.rubrics), _load_peers(settings.benchmark)
        else:
            rubric, peers = shipped.rubric, shipped.peers
        _settle_process()
        multi = {q.id for q in rubric.questions.values() if q.type == "multi"}
        # A new dict, swapped in whole: a Dask worker started with several threads never reads a half-made state.
        state = _WORKER = {"key": key, "rubric": rubric, "multi": multi, "peers": peers}
    return state


def _load_peers(path: str | None) -> dict[str, Any] | None:
    """The `--benchmark` file, read once per worker like the rubric (the CLI has checked its version already)."""
    if path is None:
        return None
    from .benchmark import load_benchmark

    return load_benchmark(path)


def _settle_process() -> None:
    """Tune the garbage collector for a process that scores clients for the rest of its life.

    It keeps the rubric and its modules until it exits, and each client makes only short-lived objects without
    cycles, which reference counting frees. Freezing what is loaded keeps collections from walking it again, and
    a larger first generation makes them rarer: about 5% of a `--jobs 1` batch (bench/batch.py).
    """
    gc.freeze()
    _, second, third = gc.get_threshold()
    gc.set_threshold(10_000, second, third)


def score_job(job: Job, settings: BatchSettings, shipped: Shipment | None = None) -> ClientResult | ClientError:
    """Score one client; every problem with the input comes back as a `ClientError` value."""
    from .answers import answers_from_document, load_answers
    from .scoring import score

    try:
        state = _worker_state(settings, shipped)
        rubric = state["rubric"]
        try:
            if job.data is not None:  # a file the client read for a worker that cannot see it
                document = _file_document(job, positions=False)
            else:
                document = job_document(job, state["multi"], positions=False)
            answers = answers_from_document(document, rubric)
        except FactAuditError:
            if job.kind != "file":
                raise
            # A file that fails, in its parse or its answers, is read again the way `score` reads it, with positions
            # (rare, so the fast path pays off): its row then says what `score` says, at the same line.
            if job.data is not None:
                answers = answers_from_document(_file_document(job, positions=True), rubric)
            else:
                answers = load_answers(job.source, rubric)
        report = score(rubric, answers, settings.profile)
        if state["peers"] is not None and settings.reports:  # only the report shows them; the cohort has its own
            from .peers import attach_peers

            attach_peers(report, state["peers"], settings.benchmark)
        lang = settings.lang
        path = text = report_error = None
        if settings.reports:
            try:
                name, text = _report_file(report, job.label, settings)
                path = f"reports/{name}" if settings.remote else write_report(settings.out, name, text)
            except (FactAuditError, OSError) as error:  # an output failure: the input is fine and stays scored
                text, report_error = None, _report_failure(job, error)
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
            flag_ids=[f.id for f in report.flags],
            top=[r.title(lang) for r in report.recommendations[:3]],
            actions=[r.id for r in report.recommendations[:3]],
            report=path,
            report_text=text if settings.remote else None,
            report_error=report_error,
            trend=_trend_of(report, settings),
        )
    except FactAuditError as error:
        return _input_failure(job, error)
    except (OSError, ValueError, RecursionError) as error:  # defence in depth: still one row, never a crash
        return ClientError(job.label, job.source, job.line, f"{type(error).__name__}: {error}")


def _input_failure(job: Job, error: FactAuditError) -> ClientError:
    """The errors.csv row of an input that cannot be scored: one function, so a file the Dask client could not read
    gets the row a local worker would have written."""
    line = error.line if error.line is not None else job.line
    return ClientError(job.label, error.file or job.source, line, error.message)


def _report_failure(job: Job, error: FactAuditError | OSError) -> ClientError:
    """The errors.csv row of a client scored whose report could not be written (it names the input)."""
    problem = error.message if isinstance(error, FactAuditError) else error.strerror or str(error)
    return ClientError(job.label, job.source, job.line, problem, kind="report")


def _file_document(job: Job, positions: bool) -> Any:
    """An answers file's text the client read (`Job.data`), parsed as `yamlio.load_file` parses the file itself:
    same data, same errors at the same lines, named by the client's path."""
    from .yamlio import ANSWERS_TEXT_KEYS, parse_text

    return parse_text(
        job.data or "", job.source, allow_aliases=False, positions=positions, text_keys=ANSWERS_TEXT_KEYS
    )


def score_chunk(
    jobs: list[Job], settings: BatchSettings, shipped: Shipment | None = None
) -> list[ClientResult | ClientError]:
    return [score_job(job, settings, shipped) for job in jobs]


def _report_file(report: Any, label: str, settings: BatchSettings) -> tuple[str, str]:
    """A client's report as (file name, text): where the engine runs makes no difference to either."""
    from .renderers import SUFFIX, RenderOptions, render

    name = f"{safe_stem(report.merchant.get('name'), label)}.{SUFFIX[settings.fmt]}"
    return name, render(report, settings.fmt, RenderOptions(lang=settings.lang))


def write_report(out: str, name: str, text: str) -> str:
    """One client's report, written atomically into `out`/reports/ by either engine (a Dask worker's comes back to
    the client, which writes it here). The folder's entries are made durable once, after the last report
    (`_run_batch`), not after each: a report is still whole or absent, at half the syncs.

    Raises `OutputError` naming the report (`reports/NAME`) when it cannot be written; the caller records that
    against the input, which was scored all the same."""
    if is_url(out):  # object storage (issue 17): one whole object, no local folder to check
        return _write_report_url(out, name, text)
    folder = os.path.join(out, "reports")
    shown = f"reports/{name}"
    if os.path.basename(name) != name or name.startswith("."):  # belt and braces: never outside --out
        raise OutputError(f"report {shown} not written: its name would leave the reports folder", code="outside-out")
    try:
        check_folder(folder)  # still a real folder (not a link planted since the batch began)
        check_target(os.path.join(folder, name))
        atomic_write_text(os.path.join(folder, name), text, sync_folder=False)
    except OutputError as error:
        raise OutputError(f"report {shown} not written: {error.message}", code=error.code) from None
    except OSError as error:
        raise OutputError(f"report {shown} not written: {error.strerror or error}") from None
    return shown


# -- the output folder: nothing is written outside --out -----------------------------------------------------------

SUMMARY_FILES = ("summary.csv", "summary.json", "errors.csv")


def _write_report_url(out: str, name: str, text: str) -> str:
    """`write_report` for an `--out` URL: one whole object (`storage.write_bytes`), no local folder to check."""
    from .storage import join, write_text

    shown = f"reports/{name}"
    if os.path.basename(name) != name or name.startswith("."):
        raise OutputError(f"report {shown} not written: its name would leave the reports folder", code="outside-out")
    try:
        write_text(join(out, "reports", name), text)
    except OutputError as error:
        raise OutputError(f"report {shown} not written: {error.message}", code=error.code) from None
    return shown


def prepare_out(out: str | Path, reports: bool, fmt: str | None = None) -> None:
    """Make `--out` (and its reports/ folder) before any worker starts, or raise one `OutputError` saying why not.

    `--out` is the user's to name, a link to a folder included. What is inside it is the batch's: reports/ must
    be a real folder (a link there would carry every report elsewhere), and the files a batch replaces
    (`SUMMARY_FILES`, the portfolio page) must be regular files or absent, never a link, device, FIFO or folder.
    Codes: "not-a-folder" (--out or reports/ is not a folder), "outside-out" (a link in the way), "not-a-file" (a
    folder, device or FIFO where an output file goes), "output" (a folder cannot be made: permissions, a missing or
    read-only file system).
    """
    out = str(out)
    if is_url(out):  # object storage: reachable, not an object, writable (a probe key written and deleted)
        from .storage import check_out

        return check_out(out)
    if os.path.lexists(out) and not os.path.isdir(out):
        what = "a link to nothing" if not os.path.exists(out) else "a file"
        raise OutputError(f"--out must be a folder, and this is {what}", out, code="not-a-folder")
    _make_folder(out, parents=True)
    if reports:
        folder = os.path.join(out, "reports")
        if not os.path.lexists(folder):
            _make_folder(folder, parents=False)
        check_folder(folder)
    page = _page_file(fmt)
    for name in (*SUMMARY_FILES, *([page] if page else [])):
        check_target(os.path.join(out, name))


def _page_file(fmt: str | None) -> str | None:
    if fmt is None:
        return None
    from .renderers import PORTFOLIO_REGISTRY, SUFFIX

    return f"index.{SUFFIX[fmt]}" if fmt in PORTFOLIO_REGISTRY else None


def _make_folder(path: str, parents: bool) -> None:
    try:
        if parents:
            os.makedirs(path, exist_ok=True)
        else:
            os.mkdir(path)
    except OSError as exc:
        if isinstance(exc, FileExistsError) and os.path.isdir(path):
            return  # made by someone else meanwhile
        raise OutputError(f"cannot create the folder: {exc.strerror or exc}", path) from None


def check_folder(path: str | Path) -> None:
    """`path` is a real folder (not a link to one, which could lead outside --out), or `OutputError`."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        raise OutputError(f"cannot use the folder: {exc.strerror or exc}", str(path)) from None
    if stat.S_ISLNK(mode):
        raise OutputError(
            "is a link; a batch writes only inside --out, so remove the link or choose another --out",
            str(path),
            code="outside-out",
        )
    if not stat.S_ISDIR(mode):
        raise OutputError(
            "exists and is not a folder; remove it or choose another --out", str(path), code="not-a-folder"
        )


def check_target(path: str | Path) -> None:
    """`path` is absent or a regular file, so replacing it writes inside --out; else `OutputError`. (Writing
    follows a link to its target and writes through a device or FIFO: right for `score --out`, never for the
    files a batch owns.)"""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"cannot write the file: {exc.strerror or exc}", str(path)) from None
    if stat.S_ISREG(mode):
        return
    if stat.S_ISLNK(mode):
        problem, code = "is a link; a batch writes only inside --out and never through a link: remove it", "outside-out"
    else:
        what = "a folder" if stat.S_ISDIR(mode) else "a device, FIFO or socket"
        problem, code = f"is {what}, not a file a batch may replace: remove it", "not-a-file"
    raise OutputError(problem, str(path), code=code)


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
    chunks in flight, so memory stays flat however many inputs there are.

    Stopping: Ctrl-C or SIGTERM in the main process (`Terminated`, see `_terminate_as_interrupt`) cancels the
    chunks not started, lets the workers finish the ones they hold (each report is whole or absent) and ends them
    before the exception goes on; workers ignore Ctrl-C and end with the main process however it ends, SIGKILL
    included (`_worker_start`)."""
    if workers <= 1:
        for job in jobs:
            yield score_job(job, settings)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context()
    # A forkserver's workers are its children, not ours: only fork and spawn let a worker check its parent's pid.
    parent = None if context.get_start_method() == "forkserver" else os.getpid()
    with _terminate_as_interrupt():
        pool = ProcessPoolExecutor(workers, context, initializer=_worker_start, initargs=(parent,))
        pending: deque = deque()
        try:
            for chunk in chunks(jobs, chunk_size):
                with _interrupts_held():  # a worker forked here starts with them held (see `_worker_start`)
                    pending.append(pool.submit(score_chunk, chunk, settings))
                if len(pending) >= workers * 3:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BaseException:  # Ctrl-C, SIGTERM, the caller closing the generator, a broken pool
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)


class Terminated(KeyboardInterrupt):
    """SIGTERM to the main process of a batch, raised as Ctrl-C's KeyboardInterrupt is, so that the same clean stop
    runs; the CLI's edge exits with `exit_code` (128 + SIGTERM)."""

    exit_code = 143


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """While workers run, SIGTERM (`docker stop`, a CI timeout) raises `Terminated` in the main thread, once: a
    second SIGTERM while stopping is ignored, the stop being under way. Outside, SIGTERM keeps its default, which
    ends the process at once (no worker then exists, and `fileio.atomic_open` holds it during a write)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stopping: list[int] = []

    def on_terminate(signum: int, frame: Any) -> None:
        if not stopping:
            stopping.append(signum)
            raise Terminated

    previous = signal.signal(signal.SIGTERM, on_terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """SIGINT and SIGTERM held in this thread (a forked child inherits the mask, a spawned one too)."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _worker_start(parent: int | None) -> None:
    """Pool initializer: a worker leaves stopping to the main process, and never outlives it.

    It starts with SIGINT and SIGTERM held (`_interrupts_held` around the submit that forked it), so the main
    process's handlers, inherited by a fork, never run here. Then: Ctrl-C, which a terminal sends to the whole
    process group, is ignored (the main process decides how to stop); SIGTERM gets its default, ending the worker,
    though never in the middle of a report (`atomic_open` holds it); and the worker asks to receive SIGTERM when
    its parent dies, however it dies (Linux `PR_SET_PDEATHSIG`; elsewhere a thread waits on the parent's
    sentinel). A parent gone before that request was made is caught by comparing `parent` with `os.getppid()`."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not _end_with_parent(parent):
        _watch_parent()
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def _end_with_parent(parent: int | None) -> bool:
    """Linux: SIGTERM to this process when its parent dies. False where that cannot be asked for."""
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, int(signal.SIGTERM), 0, 0, 0) != 0:  # 1 = PR_SET_PDEATHSIG
            return False
    except (OSError, AttributeError):
        return False
    if parent is not None and os.getppid() != parent:  # the parent died before the request: nothing will come
        os._exit(1)
    return True


def _watch_parent() -> None:
    """Elsewhere: a daemon thread that waits on the parent's sentinel and sends this process SIGTERM. It is started
    while SIGINT and SIGTERM are held, keeps them held, and so never takes one meant for the main thread."""
    import multiprocessing
    import signal
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="fact-audit-parent-watch", daemon=True).start()


def run_dask(
    jobs: Iterable[Job],
    settings: BatchSettings,
    scheduler: str | None,
    chunk_size: int = 256,
    timeout: float = 60.0,
    workers: int | None = None,
) -> Iterator[Any]:
    """The same worker function mapped over a Dask cluster (a local one of `workers` processes when no scheduler
    address is given), in input order, with every result exactly as `run_local` gives it.

    Nothing assumes a worker shares the client's disk (issue 17): the client reads each answers file (`_read_chunk`)
    and sends its text with the job; the rubric set and the `--benchmark` go once to every worker (`Shipment`);
    workers send each report back and the client writes it under a local --out (`_deliver`). At most 16 chunks are
    in flight, so memory stays flat. A scheduler that cannot be reached, or has no worker within `timeout` seconds,
    is one `FactAuditError` naming it. A chunk whose worker is lost runs again elsewhere (`retries`); each chunk's
    result is read once, from its own future, so nothing is counted twice. Ctrl-C or SIGTERM (`Terminated`) cancels
    the futures, closes the client and shuts a local cluster down."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        from .errors import UsageError

        raise UsageError("the dask engine needs the extra: pip install 'fact-audit[dask]'") from None
    import dataclasses

    with _terminate_as_interrupt():
        cluster = None
        if scheduler:
            client = _connect(Client, scheduler, timeout)
        else:
            cluster = LocalCluster(
                n_workers=workers or max(1, os.cpu_count() or 1),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            client = Client(cluster)
        pending: deque = deque()
        try:
            if scheduler:
                _wait_for_workers(client, scheduler, timeout)
            shipped = client.scatter(_shipment(settings), broadcast=True, hash=False)
            # Reports come back to be written here, under the local --out; an object store is written by the workers.
            remote = dataclasses.replace(settings, remote=not is_url(settings.out))
            where = _scheduler_name(scheduler) if scheduler else "dask local cluster"
            window = 16
            for chunk in chunks(jobs, chunk_size):
                sent, ready = _read_chunk(chunk)
                future = client.submit(score_chunk, sent, remote, shipped, pure=False, retries=2) if sent else None
                pending.append((chunk, ready, future))
                if len(pending) >= window:
                    yield from _collect(*pending.popleft(), settings, where)
            while pending:
                yield from _collect(*pending.popleft(), settings, where)
        except BaseException:  # Ctrl-C, SIGTERM, the caller closing the generator, a cluster failure
            with contextlib.suppress(Exception):
                client.cancel([future for *_, future in pending if future is not None], force=True)
            raise
        finally:
            with contextlib.suppress(Exception):
                client.close(timeout=10)
            if cluster is not None:
                with contextlib.suppress(Exception):
                    cluster.close(timeout=10)


def _connect(client_class: Any, scheduler: str, timeout: float) -> Any:
    """A Dask client of the scheduler at `scheduler`, or one line naming it (never blaming the outputs)."""
    try:
        return client_class(scheduler, timeout=timeout)
    except OSError:  # refused or timed out (a TimeoutError is an OSError)
        problem = f"cannot reach it within {timeout:g} s"
        raise FactAuditError(problem, _scheduler_name(scheduler), code="cluster") from None
    except ValueError as error:  # no address at all, or a protocol Dask does not know
        raise FactAuditError(f"not a scheduler address: {error}", _scheduler_name(scheduler), code="cluster") from None


def _wait_for_workers(client: Any, scheduler: str, timeout: float) -> None:
    """At least one worker, within `timeout` seconds: a scheduler alone would otherwise keep the batch waiting."""
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError):
        problem = f"no workers joined in {timeout:g} s"
        raise FactAuditError(problem, _scheduler_name(scheduler), code="cluster") from None


def _scheduler_name(scheduler: str) -> str:
    return f"dask scheduler {visible(scheduler)}"


def _shipment(settings: BatchSettings) -> Shipment:
    """The rubric set and the `--benchmark` document, built here on the client, where their paths are."""
    from .rubric import load_rubric_set

    return Shipment(load_rubric_set(settings.rubrics), _load_peers(settings.benchmark))


def _read_chunk(chunk: list[Job]) -> tuple[list[Job], dict[int, ClientError]]:
    """The chunk as a worker that shares no disk with us needs it: every answers file's text read here
    (`yamlio.read_text`, the size limit and messages of the local engine), and those that cannot be read as their
    errors.csv rows by position in the chunk, never sent. CSV and JSON Lines rows carry their payload already."""
    import dataclasses

    from .yamlio import read_text

    sent: list[Job] = []
    ready: dict[int, ClientError] = {}
    for index, job in enumerate(chunk):
        if job.kind == "file" and job.data is None:
            try:
                job = dataclasses.replace(job, data=read_text(job.source))
            except FactAuditError as error:
                ready[index] = _input_failure(job, error)
                continue
        sent.append(job)
    return sent, ready


_LOST = "the Dask workers scoring this client were lost again and again; run the batch again"


def _collect(
    chunk: list[Job], ready: dict[int, ClientError], future: Any, settings: BatchSettings, where: str
) -> Iterator[Any]:
    """A chunk's results in input order: the worker's, each report written under --out, with the rows the client
    made itself put back in their places. A chunk Dask gave up on (its workers died each time) is one row per client,
    so the run still accounts for everyone; a scheduler lost on the way is one line naming it (`where`)."""
    results: list[Any] = []
    if future is not None:
        from concurrent.futures import CancelledError

        from distributed import KilledWorker

        try:
            results = future.result()
        except KilledWorker:
            results = [ClientError(j.label, j.source, j.line, _LOST) for i, j in enumerate(chunk) if i not in ready]
        except (OSError, CancelledError) as error:  # the scheduler went away (a TimeoutError is an OSError)
            why = f"lost the connection to it ({type(error).__name__})"
            raise FactAuditError(why, where, code="cluster") from None
    given = iter(results)
    for index, job in enumerate(chunk):
        result = ready[index] if index in ready else next(given)
        _deliver(result, job, settings)
        yield result


def _deliver(result: Any, job: Job, settings: BatchSettings) -> None:
    """Write the report a worker sent back, as the local engine writes it (`write_report`): same name, same atomic
    write; a failure is the same errors.csv row."""
    if not isinstance(result, ClientResult) or result.report_text is None:
        return
    text, result.report_text = result.report_text, None
    try:
        write_report(settings.out, (result.report or "").removeprefix("reports/"), text)
    except (FactAuditError, OSError) as error:
        result.report, result.report_error = None, _report_failure(job, error)


# -- writing ---------------------------------------------------------------------------------------------------


@dataclass
class BatchOutcome:
    clients: int
    errors: int  # inputs that could not be scored
    out: Path | str  # a URL --out stays text: `Path` would fold its `//`
    summary: dict[str, Any]
    portfolio: Path | str | None = None  # the overview page, for report formats that have one (a URL's is a str)
    reports_failed: int = 0  # clients scored whose report could not be written (in errors.csv too)


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
    if is_url(settings.out):
        return _run_batch_url(jobs, settings, capabilities, results, on_result, min_segment, names)
    out = Path(settings.out)
    try:
        return _run_batch(jobs, settings, capabilities, results, on_result, min_segment, names, out)
    except OSError as exc:  # a full disk or a vanished folder: say so in one line; earlier outputs stay intact
        raise OutputError(f"cannot write the batch outputs: {exc.strerror or exc}", str(out)) from None


def _run_batch_url(jobs, settings, capabilities, results, on_result, min_segment, names) -> BatchOutcome:
    """`run_batch` with an `--out` URL: the reports are written by the workers (`write_report`); the summaries,
    pages and errors.csv, which are written in one streaming pass, are made in a local staging folder exactly as
    for a local --out, then each uploaded whole (`storage.upload_folder`), summary.csv and errors.csv last."""
    from .storage import join, upload_folder

    page = _page_file(settings.fmt)
    with tempfile.TemporaryDirectory(prefix="fact-audit-") as stage:
        try:
            outcome = _run_batch(jobs, settings, capabilities, results, on_result, min_segment, names, Path(stage))
        except OSError as exc:
            raise OutputError(f"cannot write the batch outputs: {exc.strerror or exc}", settings.out) from None
        upload_folder(stage, settings.out, last=([page] if page else []) + list(SUMMARY_FILES))
    outcome.out = settings.out
    outcome.portfolio = join(settings.out, page) if outcome.portfolio is not None and page else None
    return outcome


def _run_batch(jobs, settings, capabilities, results, on_result, min_segment, names, out: Path) -> BatchOutcome:
    from .renderers import RenderOptions, portfolio

    cohort = Cohort(capabilities)
    peers = _benchmark(settings, capabilities, min_segment, out)
    if peers is not None:
        target = settings.save_benchmark or ""
        jobs = _refusing_input(jobs, target if is_url(target) else Path(target))
    errors: list[ClientError] = []  # errors.csv, in arrival order: inputs not scored, and reports not written
    dated: Counter[int] = Counter()  # hashes of dated merchant names: who comes more than once gets a history page
    failed = 0
    check_folder(out.resolve())  # --out (or the folder its link names) is still a folder, for the spool
    with tempfile.TemporaryFile("w+", encoding="utf-8", dir=out) as spool:
        for result in results(jobs):
            if on_result:
                on_result(result)
            if isinstance(result, ClientError):
                errors.append(result)
                failed += 1
                continue
            if result.report_error is not None:
                errors.append(result.report_error)
            cohort.add(result)
            if result.trend is not None:
                dated[hash(result.name)] += 1
            if peers is not None:
                peers.add(result)
            spool.write(json.dumps(_row(result), ensure_ascii=False) + "\n")
        if settings.reports:  # the reports' renames become durable before summary.csv, which lists them
            sync_folder_entries(out / "reports")
        histories = _write_histories(out, spool, dated, settings)
        spool.seek(0)
        summary = {
            "clients": len(cohort),
            "errors": failed,
            "rubric_profile": settings.profile,
            "min_segment": min_segment,
            "reports_failed": len(errors) - failed,
            "cohort": cohort.summary() if len(cohort) else {},
            "overall_levels": {f"L{level}": count for level, count in sorted(cohort.levels.items())},
            "segments": _segment_counts(cohort),
        }
        page = portfolio(
            settings.fmt, [(c, (names or {}).get(c, c)) for c in capabilities], RenderOptions(lang=settings.lang)
        )
        _write_summaries(
            out, spool, cohort, capabilities, summary, min_segment, page, settings.lang, names, histories=histories
        )
    _write_errors(out, errors, settings.lang)  # syncs the folder, which makes the summaries' renames durable too
    if peers is not None:
        from .benchmark import dumps

        if is_url(settings.save_benchmark):  # object storage: one whole object (`storage.write_bytes`)
            from .storage import write_text

            write_text(settings.save_benchmark or "", dumps(peers.to_dict(min_segment)))
        else:
            atomic_write_text(settings.save_benchmark or "", dumps(peers.to_dict(min_segment)))
    return BatchOutcome(
        len(cohort), failed, out, summary, out / page.file if page else None, reports_failed=len(errors) - failed
    )


def _benchmark(settings: BatchSettings, capabilities: list[str], min_segment: int, out: Path) -> Any:
    """The peer benchmark `--save-benchmark` asks for (None without it), checked before any client is scored: a
    minimum segment under 3, a target that is one of the batch's own outputs or holds answers is refused."""
    if not settings.save_benchmark:
        return None
    from .benchmark import Benchmark, check_min_segment
    from .outputs import refuse_replacing_answers
    from .rubric import load_rubric_set

    check_min_segment(min_segment)
    if is_url(settings.save_benchmark):  # never one of the inputs (`_refusing_input`); no local file to check
        from .storage import identity

        identity(settings.save_benchmark)  # fsspec and the protocol's package are there, or one line now
    else:
        target = Path(settings.save_benchmark)
        own = [out / name for name in SUMMARY_FILES]
        if any(os.path.abspath(target) == os.path.abspath(path) for path in own):
            raise OutputError("--save-benchmark names one of the batch's own outputs; write it elsewhere", str(target))
        if os.path.lexists(target):
            check_target(target)
        refuse_replacing_answers(target, force=False)
    rubric = load_rubric_set(settings.rubrics)
    return Benchmark({"id": rubric.id, "version": rubric.version}, capabilities)


def _refusing_input_url(jobs: Iterable[Job], target: str) -> Iterator[Job]:
    """`_refusing_input` for a benchmark URL: refused when it is one of the objects the batch reads."""
    from .storage import refuse_input

    seen: set[str] = set()
    for job in jobs:
        if job.source not in seen and job.kind != "error":
            seen.add(job.source)
            refuse_input(target, [job.source])
        yield job


def _refusing_input(jobs: Iterable[Job], target: Path | str) -> Iterator[Job]:
    """The jobs, refusing the batch when the benchmark's file is one of its inputs (`outputs`' rule: an output
    never replaces what the command reads), before that input's results could be written over it."""
    from .outputs import refuse_overwriting_inputs

    if is_url(target):
        yield from _refusing_input_url(jobs, target)
        return
    seen: set[str] = set()
    for job in jobs:
        if job.source not in seen and job.kind != "error":
            seen.add(job.source)
            refuse_overwriting_inputs(target, [Path(job.source)])
        yield job


# -- history pages (issue 16): a merchant the batch holds at several dates gets one, linked from the portfolio --------
_HISTORY_KEYS = ("trend", "history")  # spooled for the history pages and the portfolio; never in summary.json


def _trend_of(report: Any, settings: BatchSettings) -> dict[str, Any] | None:
    """A client's history data, kept only where a portfolio page can link a history page (its format has one) and
    reports are written (`--no-reports` writes the summaries only)."""
    from .history import batch_trend
    from .renderers import PORTFOLIO_REGISTRY

    return batch_trend(report) if settings.reports and settings.fmt in PORTFOLIO_REGISTRY else None


def _write_histories(out: Path, spool: Any, dated: Counter[int], settings: BatchSettings) -> dict[str, str]:
    """history/NAME.html for every merchant name that came more than once with a date, as {name: link}. Memory holds
    only those clients' rows: one pass over the spool picks them out by the names' hashes counted on the way in."""
    repeated = {key for key, count in dated.items() if count > 1}
    if not repeated:
        return {}
    from .history import build_history, point_from_row
    from .renderers import RenderOptions
    from .renderers.history_common import render_history
    from .rubric import load_rubric_set

    groups: dict[str, list[dict[str, Any]]] = {}
    spool.seek(0)
    for line in spool:
        row = json.loads(line)
        if row.get("trend") and hash(row["name"]) in repeated:
            groups.setdefault(row["name"], []).append(point_from_row(row))
    rubric, folder, links = load_rubric_set(settings.rubrics), out / "history", {}
    for name, points in groups.items():
        if len(points) < 2:  # another name with the same hash
            continue
        try:
            page = render_history(build_history(points, rubric), "html", RenderOptions(lang=settings.lang))
        except FactAuditError:  # a date that is no date: the client keeps its row, without a history
            continue
        if not os.path.lexists(folder):
            _make_folder(str(folder), parents=False)
        check_folder(folder)
        file = f"{safe_stem(str(name), str(name))}.html"
        check_target(folder / file)
        atomic_write_text(folder / file, page, sync_folder=False)
        links[name] = f"history/{file}"
    if links:
        sync_folder_entries(folder)
    return links


def _row(result: ClientResult) -> dict[str, Any]:
    date = result.merchant.get("date")
    return {
        "name": result.name,
        "source": result.label,
        "platform": result.merchant.get("platform"),
        "category": result.merchant.get("category"),
        "stage": result.merchant.get("stage"),
        "date": None if date is None else str(date),
        "overall": result.overall,
        "level": result.level,
        "level_name": result.level_name,
        "scores": result.scores,
        "coverage": result.coverage,
        "complete": result.complete,
        "flags": result.flags,
        "top": result.top,
        "actions": result.actions,
        "report": result.report,
        "trend": result.trend,
    }


# Words in the report's language: summary.csv and the portfolio page show them; summary.json, the machine contract,
# leaves them out, so it is the same file whatever `--lang` (ids and numbers only).
_WORDED = ("level_name", "top")


def _json_row(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key not in _WORDED and key not in _HISTORY_KEYS}


def _segment_counts(cohort: Cohort) -> list[dict[str, Any]]:
    return [{"category": c, "stage": s, "clients": n} for (c, s), n in sorted(cohort.counts.items())]


def _summary_header(capabilities: list[str], lang: str = "en", names: dict[str, str] | None = None) -> list[str]:
    """summary.csv's header: Chinese words for Excel and WPS with `zh`; the column ids scripts read with `en`."""
    from .i18n import t

    def col(key: str, **values: str) -> str:
        return t(f"col_{key}", lang, **values)

    def cap(key: str, cid: str) -> str:
        return col(key, id=cid, name=(names or {}).get(cid, cid))

    return [
        *(col(key) for key in ("name", "source", "platform", "category", "stage", "date", "overall", "level")),
        *((names or {}).get(c, c) if lang == "zh" else c for c in capabilities),
        *(col(key) for key in ("coverage", "complete", "flags", "action_1", "action_2", "action_3", "report")),
        col("overall_pct"),
        *(cap("cap_pct", c) for c in capabilities),
        col("segment_size"),
        col("overall_segment_pct"),
        *(cap("cap_segment_pct", c) for c in capabilities),
    ]


def _platform_word(platform: str | None, lang: str) -> str:
    from .i18n import PLATFORM_NAMES, pick

    return pick(PLATFORM_NAMES[platform], lang) if platform in PLATFORM_NAMES else platform or ""


def _stage_word(stage: str | None, lang: str) -> str:
    """The stage in words; a stage id the tool has no words for (a custom set's) is shown as given."""
    from .i18n import LABELS, t

    return t(f"stage_{stage}", lang) if f"stage_{stage}" in LABELS else stage or ""


def _summary_cells(row: dict[str, Any], capabilities: list[str], lang: str = "en") -> list[Any]:
    """A summary.csv row of a spooled row with its percentiles added, in `_summary_header` order. Platform, stage
    and yes/no are words of `lang`; coverage is 0–100, like the percentile columns."""
    from .i18n import t

    batch_pct, seg_pct = row["percentile"], row["segment_percentile"]
    return [
        row["name"],
        row["source"],
        _platform_word(row["platform"], lang),
        row["category"],
        _stage_word(row["stage"], lang),
        row.get("date") or "",
        row["overall"],
        f"L{row['level']} {row['level_name']}",
        *(row["scores"].get(c, "") for c in capabilities),
        round(100 * row["coverage"], 1),
        t("yes" if row["complete"] else "no", lang),
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
    lang: str = "en",
    names: dict[str, str] | None = None,
    histories: dict[str, str] | None = None,
) -> None:
    """summary.csv, summary.json (and the portfolio page, for formats with one) in one streaming pass over the spool.

    Each file is whole or untouched (`atomic_open`); a failure in the pass leaves them all untouched, the list pages
    of a large batch included (`_PortfolioRows`). The folder is synced once afterwards, by `_write_errors`."""
    for name in (*SUMMARY_FILES[:2], *([page.file] if page else [])):
        check_target(out / name)
    with contextlib.ExitStack() as files:
        csv_file = files.enter_context(
            atomic_open(out / "summary.csv", encoding="utf-8-sig", newline="", sync_folder=False)
        )
        json_file = files.enter_context(atomic_open(out / "summary.json", sync_folder=False))
        page_file = files.enter_context(atomic_open(out / page.file, sync_folder=False)) if page else None
        writer = csv.writer(csv_file)
        writer.writerow(_summary_header(capabilities, lang, names))
        json_file.write(json.dumps(summary, ensure_ascii=False, indent=2)[:-2] + ',\n  "clients_detail": [\n')
        rows = None
        if page is not None and page_file is not None:
            import datetime

            today = datetime.date.today().isoformat()
            page_file.write(page.head({**summary, "overview": cohort.overview(), "generated": today}))
            rows = _PortfolioRows(out, page, page_file, files)
        for index, line in enumerate(spool):
            row = json.loads(line)
            batch_pct, seg_pct, seg_size = cohort.percentiles(
                row["overall"], row["scores"], Cohort.segment(row), min_segment
            )
            row["percentile"] = batch_pct
            row["segment_percentile"] = seg_pct
            row["segment_size"] = seg_size
            writer.writerow([neutralise(cell) for cell in _summary_cells(row, capabilities, lang)])
            json_file.write(("    " if index == 0 else ",\n    ") + json.dumps(_json_row(row), ensure_ascii=False))
            if rows is not None:
                rows.add({**row, "history": (histories or {}).get(row["name"])})
        json_file.write("\n  ]\n}\n")
        if rows is not None and page_file is not None and page is not None:
            rows.finish()  # ends the last list page
            page_file.write(page.tail())


class _PortfolioRows:
    """Writes the portfolio's rows where they go: the index itself, or list page after list page of
    `page.page_rows` rows for a large batch. Every page is opened with `atomic_open` on `files`, so they are all
    renamed into place together at the end of `_write_summaries`, or none is."""

    def __init__(self, out: Path, page: Portfolio, index_file: Any, files: contextlib.ExitStack) -> None:
        self.out, self.page, self.files = out, page, files
        self.handle = None if page.pages else index_file
        self.number = self.count = 0

    def add(self, row: dict[str, Any]) -> None:
        page = self.page
        if page.pages and self.count % page.page_rows == 0:
            if self.handle is not None:
                self.handle.write(page.list_tail(self.number))
            self.number += 1
            target = self.out / page.list_file(self.number)
            check_target(target)
            self.handle = self.files.enter_context(atomic_open(target, sync_folder=False))
            self.handle.write(page.list_head(self.number))
        self.handle.write(page.row(row))
        self.count += 1

    def finish(self) -> None:
        if self.page.pages and self.handle is not None:
            self.handle.write(self.page.list_tail(self.number))


def _write_errors(out: Path, errors: list[ClientError], lang: str = "en") -> None:
    from .i18n import t

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([t("col_source", lang), t("col_line", lang), t("col_problem", lang)])
    for error in errors:
        writer.writerow([neutralise(error.source), error.line or "", neutralise(error.problem)])
    check_target(out / "errors.csv")
    atomic_write_bytes(out / "errors.csv", ("\ufeff" + buffer.getvalue()).encode("utf-8"))
