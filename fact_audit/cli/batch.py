"""`fact-audit batch`: many clients at once, on a local process pool or on Dask."""

from pathlib import Path
from typing import Optional

import typer

from ..errors import UsageError
from .app import EXIT_FINDINGS, EXIT_OK, BatchFormat, Engine, Lang, RubricsOption, check_choices
from .score import BenchmarkOption


def batch_command(
    inputs: list[str] = typer.Argument(..., help="Answers files, folders, globs, JSON Lines or CSV exports."),
    out: str = typer.Option(..., "--out", help="Folder for summary.csv, summary.json, errors.csv and reports/."),
    jobs: int = typer.Option(0, "--jobs", min=0, help="Worker processes (default: the machine's cores)."),
    fmt: BatchFormat = typer.Option(BatchFormat.markdown, "--format", help="Per-client report format."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="zh or en."),
    profile: Optional[str] = typer.Option(None, "--profile", help="Score everyone against this stage profile."),
    no_reports: bool = typer.Option(False, "--no-reports", help="Write the summaries only."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Encoding of CSV inputs (default: detected)."),
    min_segment: int = typer.Option(
        5, "--min-segment", min=2, help="Clients a category/stage segment needs for its own percentiles."
    ),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local (process pool) or dask."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="Dask scheduler address (default: a local cluster)."
    ),
    cluster_timeout: float = typer.Option(
        60.0,
        "--cluster-timeout",
        min=0.1,
        help="Seconds to wait for the Dask scheduler to answer and for a worker to join.",
    ),
    form_map: Optional[Path] = typer.Option(
        None, "--map", help="A form export's map file: its column headings and option texts as question ids."
    ),
    save_benchmark: Optional[Path] = typer.Option(
        None, "--save-benchmark", help="Also write the cohort as an anonymous peer benchmark to this file."
    ),
    benchmark: Optional[Path] = BenchmarkOption,
    rubrics: Optional[Path] = RubricsOption,
) -> None:
    """Score many clients at once into summaries, cohort percentiles and per-client reports."""
    from ..batch import ClientError, prepare_out, run_batch
    from ..progress import Progress
    from ..rubric import load_rubric_set
    from ..sources import expand

    _check_encoding(encoding)
    out = _out_text(out)
    rubric = load_rubric_set(rubrics)  # fail fast on a bad rubric set, before any worker starts
    check_choices(rubric, profile=profile)
    reports = not no_reports
    prepare_out(out, reports=reports, fmt=fmt.value)  # one line, exit 2, when --out cannot be used
    settings = _settings(rubric, rubrics, out, fmt.value, lang.value, profile, reports, save_benchmark, benchmark)
    questions = set(rubric.questions) | set(rubric.dropped)  # a mistyped column is one error at line 1
    form = _form(rubric, form_map)  # form-tool headings and option texts, read as ids
    progress = Progress(sum(1 for _ in expand(inputs, encoding=encoding, out=str(out), questions=questions, form=form)))
    _warn_unmapped(form, lang.value)

    def on_result(result) -> None:
        progress.advance(isinstance(result, ClientError))
        error = result if isinstance(result, ClientError) else result.report_error
        if error is not None:
            where = f"{error.source}:{error.line}" if error.line else error.source
            progress.log(f"{where}: {error.problem}")

    with progress:
        outcome = run_batch(
            expand(inputs, encoding=encoding, out=str(out), questions=questions, form=form),
            settings,
            [c.id for c in rubric.capabilities],
            _engine(engine, settings, jobs, scheduler, cluster_timeout),
            on_result,
            min_segment,
            names={c.id: c.name(lang.value) for c in rubric.capabilities},
        )
    typer.echo(_summary(outcome, out, fmt, reports=reports), err=True)
    raise typer.Exit(EXIT_FINDINGS if outcome.errors or outcome.reports_failed else EXIT_OK)


def _out_text(out: str) -> str:
    """--out as given when it is a URL (`Path` would fold its `//`), else as `Path` writes it, as before."""
    from ..storage import is_url

    return out if is_url(out) else str(Path(out))


def _settings(rubric, rubrics, out, fmt, lang, profile, reports, save_benchmark, benchmark):
    """What every worker needs to know, the benchmark checked here once (one line, exit 2) before any starts."""
    import os

    from ..batch import BatchSettings

    return BatchSettings(
        rubrics=str(rubrics) if rubrics else os.environ.get("FACT_AUDIT_RUBRICS") or None,
        out=str(out),
        fmt=fmt,
        lang=lang,
        profile=profile,
        reports=reports,
        save_benchmark=str(save_benchmark) if save_benchmark else None,
        benchmark=_checked_benchmark(benchmark, rubric, save_benchmark),
    )


def _checked_benchmark(benchmark: Optional[Path], rubric, save_benchmark: Optional[Path]) -> Optional[str]:
    """`--benchmark` read and its rubric version checked once, here, before any worker starts (one line, exit 2),
    and never the file `--save-benchmark` would replace; its path as the workers read it."""
    if benchmark is None:
        return None
    import os

    from ..peers import check_version
    from .score import load_peers

    if save_benchmark is not None and os.path.realpath(save_benchmark) == os.path.realpath(benchmark):
        raise UsageError(
            "--save-benchmark would replace the --benchmark this batch reads; write it elsewhere", str(save_benchmark)
        )
    check_version(load_peers(benchmark), {"id": rubric.id, "version": rubric.version}, str(benchmark))
    return str(benchmark)


def _form(rubric, form_map: Optional[Path]):
    """The form map of this batch: the consultant's `--map` file, else the rubric's texts alone."""
    from ..formmap import FormMap, load_map

    return load_map(form_map, rubric) if form_map else FormMap(rubric)


def _warn_unmapped(form, lang: str) -> None:
    """One warning per CSV for the columns that matched no question (提交时间, 来源…), never one per row."""
    from ..formtext import word
    from ..safetext import visible

    for file, headings in form.unmapped.items():
        separator = "、" if lang == "zh" else ", "
        names = separator.join(headings[:20]) + ("…" if len(headings) > 20 else "")
        typer.echo(visible(word("unmapped", lang, file=file, n=len(headings), names=names)), err=True)


def _engine(engine: Engine, settings, jobs: int, scheduler: Optional[str], timeout: float):
    """The jobs → results function of the chosen engine: a local process pool (default: one worker per core), or
    Dask (a local cluster of `--jobs` workers without `--scheduler`)."""
    from ..batch import run_dask, run_local

    if engine is Engine.dask:
        return lambda job_iter: run_dask(job_iter, settings, scheduler, timeout=timeout, workers=jobs or None)
    import os

    workers = jobs or os.cpu_count() or 1
    return lambda job_iter: run_local(job_iter, settings, workers)


def _summary(outcome, out: str, fmt: BatchFormat, reports: bool) -> str:
    from ..storage import join

    return (
        f"{outcome.clients} client(s) scored, {outcome.errors} failed"
        + (f", {outcome.reports_failed} report(s) not written" if outcome.reports_failed else "")
        + f"; wrote {join(out, 'summary.csv')}, "
        f"{join(out, 'summary.json')}, {join(out, 'errors.csv')}"
        + (f" and {join(out, 'reports')}/" if reports else "")
        + (f"; portfolio page {outcome.portfolio}" if outcome.portfolio else "")
    )


def _check_encoding(encoding: Optional[str]) -> None:
    if encoding:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UsageError(f"unknown encoding {encoding!r}") from None
