"""`fact-audit interview`: the questionnaire in the terminal, saved after every answer, resumable."""

import sys
from pathlib import Path
from typing import Optional

import typer

from ..errors import UsageError
from ..safetext import visible
from .app import EXIT_INTERRUPTED, EXIT_UNFINISHED, Lang, RubricsOption, check_choices, parse_only, terminal_width
from .score import BenchmarkOption, load_peers


def interview_command(
    out: Optional[Path] = typer.Option(None, "--out", help="Answers file to write (default: a dated file here)."),
    resume: bool = typer.Option(False, "--resume", help="Continue an unfinished interview (default: the newest here)."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="zh or en."),
    only: Optional[str] = typer.Option(None, "--only", help="Comma-separated capability ids to ask about."),
    platform: Optional[str] = typer.Option(None, "--platform", help="douyin, kuaishou, channels or other."),
    stage: Optional[str] = typer.Option(None, "--stage", help="Stage profile, e.g. starter, growth, mature."),
    quick: bool = typer.Option(
        False, "--quick", help="About 3 questions per capability for a provisional report; the rest can follow."
    ),
    benchmark: Optional[Path] = BenchmarkOption,
    rubrics: Optional[Path] = RubricsOption,
) -> None:
    """Answer the questionnaire in the terminal; every answer is saved at once, and it can be resumed."""
    from rich.console import Console

    from ..interview import Interview, answers_input, quick_questions, say
    from ..locking import session_lock
    from ..rubric import load_rubric_set

    rubric = load_rubric_set(rubrics)
    check_choices(rubric, platform=platform, stage=stage)
    if quick and not quick_questions(rubric):
        raise UsageError("this rubric set marks no question quick (quick: true), so it has no quick interview")
    peers = (load_peers(benchmark), str(benchmark)) if benchmark else None  # a bad one fails before the questions
    stream = answers_input(sys.stdin)  # before any file is touched: a closed stdin is one line, exit 2
    path = _answers_path(out, resume)
    # On a terminal rich wraps to its width; piped, lines stay whole so a log reads cleanly.
    console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    with session_lock(path):  # one session per file, from before it is read until the report is written
        session = Interview(rubric, console, stream, path, lang.value, parse_only(only, rubric), quick=quick)
        # a quick interview whose quick questions are done goes on to its report and the offer to go deeper
        if session.resume() and session.finished() and not resume and not (quick and session.left_in_full()):
            if not session.confirm(say("overwrite", lang.value, path=path)):
                kept = (
                    f"已保留 {path}；要出报告，运行：fact-audit score {path}"
                    if lang.value == "zh"
                    else f"kept {path}; score it with: fact-audit score {path}"
                )
                typer.echo(visible(kept), err=True)
                return
            session.restart()
        session.preset(platform=platform, stage=stage)
        _finish(session, session.run, console, quick, peers=peers)


def _answers_path(out: Optional[Path], resume: bool) -> Path:
    """--out, else for a bare --resume the newest interview file here that no live session holds, else a new one."""
    from ..interview import default_path, latest_unfinished

    if out is not None or not resume:
        return out or default_path()
    found = latest_unfinished(Path.cwd())
    if found is not None:
        return found
    if any(p.is_file() for p in Path.cwd().glob("fact-audit-answers-*.yaml")):
        raise UsageError("every interview file here is in use by another interview; give --out FILE")
    raise UsageError("no interview file (fact-audit-answers-*.yaml) here to resume; give --out FILE")


def _finish(session, run, console, quick: bool, offer: bool = True, peers: Optional[tuple] = None) -> None:
    """Run the interview (`run`) and print its report, labelled provisional while a quick interview leaves questions
    open; then offer, once, to go deeper on the weakest capabilities first and print the report again. `peers`:
    (benchmark, its file) of `--benchmark`, placing the report among them. Interrupted or unfinished: the exit
    codes of the README."""
    from ..interview import FINISHED, say

    try:
        if run().status != FINISHED:
            raise typer.Exit(EXIT_UNFINISHED)
        provisional = quick and bool(session.left_in_full())
        report = _show_report(session.rubric, session.path, session.lang, console, provisional, peers)
        weakest = session.weakest(report) if provisional and offer else []
        if weakest and session.confirm(say("deeper", session.lang, names=_names(report, weakest, session.lang))):
            _finish(session, lambda: session.deepen(weakest), console, quick=True, offer=False, peers=peers)
        elif provisional:
            console.print(say("rest_later", session.lang, path=session.path))
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _names(report, capabilities: list[str], lang: str) -> str:
    """The capabilities' names in the report's language, as one list."""
    names = {c.id: c.name(lang) for c in report.capabilities}
    return ("、" if lang == "zh" else ", ").join(names[c] for c in capabilities)


def _show_report(rubric, path: Path, lang: str, console, provisional: bool = False, peers: Optional[tuple] = None):
    """The finished interview's report: the table on stdout, and Markdown written beside the answers file. A report
    from a quick interview with questions left is labelled provisional (in every format); with `peers` (a benchmark
    and its file) both place the merchant among them, as `score --benchmark` does."""
    from ..answers import load_answers
    from ..fileio import atomic_write_text
    from ..interview import say
    from ..renderers import RenderOptions, render
    from ..scoring import score

    report = score(rubric, load_answers(path, rubric))  # exactly what `fact-audit score` sees on disk
    report.provisional = provisional
    if peers is not None:
        from ..peers import attach_peers

        attach_peers(report, *peers)
    console.print()
    options = RenderOptions(lang=lang, top=5, color=sys.stdout.isatty(), width=terminal_width())
    sys.stdout.write(render(report, "table", options))
    report_path = path.with_name(path.stem + ".report.md")
    atomic_write_text(report_path, render(report, "markdown", RenderOptions(lang=lang)))
    console.print("\n" + say("files_written", lang, answers=visible(path), report=visible(report_path)), markup=False)
    return report
