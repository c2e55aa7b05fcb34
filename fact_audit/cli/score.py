"""`fact-audit score`: one answers file into a gap report, in any registered format."""

from pathlib import Path
from typing import Optional

import typer

from ..errors import UsageError
from .app import EXIT_FINDINGS, Lang, ReportFormat, RubricsOption, emit, render_options, stdin_or, write_stdout

# Shared by score, compare, interview and batch: a benchmark file (`batch --save-benchmark`) to place reports in.
BenchmarkOption = typer.Option(
    None,
    "--benchmark",
    help="Place the merchant among the peers of this benchmark file (from batch --save-benchmark).",
    dir_okay=False,
)


def score_command(
    file: Optional[Path] = typer.Argument(None, help="Answers file (YAML or JSON); - reads standard input."),
    fmt: ReportFormat = typer.Option(ReportFormat.table, "--format", help="table (terminal), json, markdown or html."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="zh or en."),
    out: Optional[Path] = typer.Option(
        None, "--out", help="Write the report to this file (atomically) instead of stdout."
    ),
    profile: Optional[str] = typer.Option(
        None, "--profile", help="Stage profile to score against (default: the merchant's stage)."
    ),
    fail_under: Optional[float] = typer.Option(
        None, "--fail-under", help="Exit 1 when the overall score is below this."
    ),
    top: Optional[int] = typer.Option(
        None, "--top", min=0, help="How many actions the table shows (default 5; JSON and Markdown list all)."
    ),
    schema: bool = typer.Option(False, "--schema", help="Print the JSON report schema and exit."),
    force: bool = typer.Option(False, "--force", help="Let --out replace a file that holds answers."),
    benchmark: Optional[Path] = BenchmarkOption,
    rubrics: Optional[Path] = RubricsOption,
) -> None:
    """Score an answers file into a gap report with prioritised actions."""
    if schema:
        import json

        from ..schemas import load_schema

        write_stdout(json.dumps(load_schema("report.schema.json"), ensure_ascii=False, indent=2))
        return
    if file is None:
        raise UsageError("give an answers file to score (or --schema)")
    from ..answers import load_answers
    from ..outputs import refuse_overwriting_inputs, refuse_replacing_answers
    from ..peers import attach_peers
    from ..renderers import render
    from ..rubric import load_rubric_set
    from ..scoring import score

    source = stdin_or(file)
    refuse_overwriting_inputs(out, [source, *([benchmark] if benchmark else [])])
    refuse_replacing_answers(out, force)
    rubric = load_rubric_set(rubrics)
    peers = load_peers(benchmark)  # before the answers: a bad benchmark fails before any warning about them
    answers = load_answers(source, rubric)
    for notice in answers.notices:
        where = f"{notice.file}:{notice.line}" if notice.line else notice.file
        typer.echo(f"{where}: warning: {notice.message}", err=True)
    report = attach_peers(score(rubric, answers, profile), peers, str(benchmark) if benchmark else None)
    if fmt.value == "table" and out is None:  # on stderr already: a terminal shows both streams, so once is enough
        report.notices = []
    emit(render(report, fmt.value, render_options(fmt.value, lang.value, out, 5 if top is None else top)), out)
    if fail_under is not None and report.score < fail_under:
        typer.echo(f"overall score {report.score:g} is under --fail-under {fail_under:g}", err=True)
        raise typer.Exit(EXIT_FINDINGS)


def load_peers(path: Optional[Path]) -> Optional[dict]:
    """The benchmark of `--benchmark`, read and checked (one line, exit 2, when it is not one); None without it."""
    if path is None:
        return None
    from ..benchmark import load_benchmark

    return load_benchmark(path)
