"""`fact-audit history`: one merchant over several dates, from answers files, saved JSON reports or folders of them."""

from pathlib import Path
from typing import Optional

import typer

from ..renderers import HISTORY_FORMATS
from .app import Lang, RubricsOption, _choices, emit, render_options

HistoryFormat = _choices("HistoryFormat", HISTORY_FORMATS)


def history_command(
    paths: list[Path] = typer.Argument(..., help="Answers files or JSON reports of one merchant, or folders of them."),
    fmt: HistoryFormat = typer.Option(HistoryFormat.table, "--format", help="table, json, markdown or html."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="zh or en."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write to this file (atomically) instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Show files that name different merchants together."),
    rubrics: Optional[Path] = RubricsOption,
) -> None:
    """Show a merchant's trend over several assessments: scores per date, change, progress, actions resolved."""
    from ..history import history_files, load_history
    from ..outputs import refuse_overwriting_inputs, refuse_replacing_answers
    from ..renderers.history_common import render_history
    from ..rubric import load_rubric_set

    files = history_files(paths)
    refuse_overwriting_inputs(out, [Path(f) for f in files])
    refuse_replacing_answers(out, force=False)  # --force here is about merchants, never about replacing answers
    history = load_history(files, load_rubric_set(rubrics), force=force)
    emit(render_history(history, fmt.value, render_options(fmt.value, lang.value, out)), out)
