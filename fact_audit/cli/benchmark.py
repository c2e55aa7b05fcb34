"""`fact-audit benchmark`: peer benchmark files (`batch --save-benchmark` writes them); `merge` pools several."""

from pathlib import Path
from typing import Optional

import typer

from .app import Group, emit

benchmark_app = typer.Typer(cls=Group, help="Pool anonymous peer benchmarks.", no_args_is_help=True)


def merge_command(
    files: list[Path] = typer.Argument(..., help="Benchmark files of one rubric version (batch --save-benchmark)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write to this file (atomically) instead of stdout."),
) -> None:
    """Combine benchmarks of one rubric version into one: histograms and counts add, no client is needed."""
    from ..benchmark import dumps, load_benchmark, merge
    from ..outputs import refuse_overwriting_inputs, refuse_replacing_answers

    refuse_overwriting_inputs(out, files)  # pooling into one of the inputs would lose it if anything went wrong
    refuse_replacing_answers(out, force=False)
    merged = merge([load_benchmark(path) for path in files], [str(path) for path in files])
    emit(dumps(merged), out)
