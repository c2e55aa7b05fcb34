"""`fact-audit compare`: the same merchant at two dates, from answers files or saved JSON reports."""

from pathlib import Path
from typing import Optional

import typer

from ..errors import UsageError
from .app import Lang, ReportFormat, RubricsOption, emit, render_options, stdin_or
from .score import BenchmarkOption, load_peers


def compare_command(
    old: Path = typer.Argument(..., help="The earlier answers file or JSON report; - reads standard input."),
    new: Path = typer.Argument(..., help="The later one (or -)."),
    fmt: ReportFormat = typer.Option(ReportFormat.table, "--format", help="table, json, markdown or html."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="zh or en."),
    profile: Optional[str] = typer.Option(None, "--profile", help="Score answers files against this profile."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write to this file (atomically) instead of stdout."),
    benchmark: Optional[Path] = BenchmarkOption,
    rubrics: Optional[Path] = RubricsOption,
) -> None:
    """Compare two assessments of a merchant: deltas, progress to target, actions resolved and new."""
    from ..compare import compare, load_report
    from ..outputs import refuse_overwriting_inputs, refuse_replacing_answers
    from ..peers import attach_compare_peers
    from ..renderers import render_compare
    from ..rubric import load_rubric_set

    if str(old) == str(new) == "-":
        raise UsageError("standard input (-) can be read once: give a file for one side of the comparison")
    old, new = stdin_or(old), stdin_or(new)
    refuse_overwriting_inputs(out, [old, new, *([benchmark] if benchmark else [])])
    refuse_replacing_answers(out, force=False)
    rubric = load_rubric_set(rubrics)
    peers = load_peers(benchmark)
    before, after = load_report(old, rubric, profile), load_report(new, rubric, profile)
    comparison = attach_compare_peers(compare(before, after, rubric), before, after, peers, _name(benchmark))
    emit(render_compare(comparison, fmt.value, render_options(fmt.value, lang.value, out)), out)


def _name(path: Optional[Path]) -> Optional[str]:
    return str(path) if path is not None else None
