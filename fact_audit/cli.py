"""The `fact-audit` command line: thin Typer commands over the core.

Each command parses its arguments, calls plain functions, renders, and picks the exit code:
0 ok, 1 findings (lint problems, score under --fail-under, failed batch inputs), 2 unusable input or arguments.
A `FactAuditError` is printed as one line `file:line:col: message` on stderr, never as a traceback.
"""

# No `from __future__ import annotations` in this module: Typer reads every command's annotations on every start,
# and string annotations would be compiled and evaluated each time (about 2 ms, a tenth of the start-up budget).
import functools
import gc
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any, Optional, TypeVar

import typer

from . import __version__
from .errors import FactAuditError, UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2

app = typer.Typer(
    name="fact-audit",
    help="Audit a live-commerce shop against the eight capabilities of merchant self-broadcast (FACT matrix).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
rubrics_app = typer.Typer(help="Inspect, lint and export rubric sets.", no_args_is_help=True)
app.add_typer(rubrics_app, name="rubrics")

F = TypeVar("F", bound=Callable[..., Any])


def _errors_to_exit(func: F) -> F:
    """Print a user's mistake as one line and exit 2 instead of raising."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except FactAuditError as error:
            typer.echo(f"error: {error}" if not error.file else str(error), err=True)
            raise typer.Exit(error.exit_code) from None
        except BrokenPipeError:  # `fact-audit ... | head`
            sys.stderr.close()
            raise typer.Exit(EXIT_OK) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fact-audit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Audit a live-commerce shop against the eight capabilities of merchant self-broadcast (FACT matrix)."""


RubricsOption = typer.Option(
    None,
    "--rubrics",
    envvar="FACT_AUDIT_RUBRICS",
    help="Use the rubric set in this folder instead of the bundled one.",
    file_okay=False,
)


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class LintFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class ExportFormat(str, Enum):
    json = "json"
    yaml = "yaml"


class SchemaKind(str, Enum):
    rubric = "rubric"


def _write_stdout(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


@rubrics_app.command("lint")
@_errors_to_exit
def rubrics_lint(
    paths: Optional[list[Path]] = typer.Argument(None, help="Rubric folders or files (default: the bundled set)."),
    fmt: LintFormat = typer.Option(LintFormat.text, "--format", help="text, json, or github (Actions annotations)."),
    against: Optional[Path] = typer.Option(
        None, "--against", help="The previous version of the set: also check version bump and migration entries."
    ),
) -> None:
    """Check rubric files: schema and meaning. Exit 1 when any problem is found."""
    from .lint.linter import lint_paths, render_problems
    from .rubric import bundled_rubrics_dir

    targets = list(paths) if paths else [bundled_rubrics_dir()]
    problems = lint_paths(targets)
    if against is not None and not problems:
        from .lint.versions import check_against
        from .rubric import build_set, load_rubric_set, read_set

        if len(targets) != 1 or not Path(targets[0]).is_dir():
            raise UsageError("--against compares one rubric set folder with another")
        files = read_set(targets[0])
        problems = check_against(load_rubric_set(against), build_set(files), files)
    output = render_problems(problems, fmt.value)
    if output:
        _write_stdout(output)
    if fmt is LintFormat.text:
        files = "the bundled set" if not paths else ", ".join(str(p) for p in targets)
        summary = f"{len(problems)} problem(s) in {files}" if problems else f"{files}: no problems"
        typer.echo(summary, err=True)
    raise typer.Exit(EXIT_FINDINGS if problems else EXIT_OK)


@rubrics_app.command("schema")
@_errors_to_exit
def rubrics_schema(
    kind: SchemaKind = typer.Option(
        SchemaKind.rubric, "--kind", help="Which schema: rubric (manifest, capability and context files)."
    ),
) -> None:
    """Print the JSON Schema (Draft 2020-12) for rubric files, for check-jsonschema and YAML language servers."""
    import json

    from .schemas import rubric_schema

    _write_stdout(json.dumps(rubric_schema(), ensure_ascii=False, indent=2))


@rubrics_app.command("export")
@_errors_to_exit
def rubrics_export(
    fmt: ExportFormat = typer.Option(ExportFormat.json, "--format", help="json or yaml."),
    rubrics: Optional[Path] = RubricsOption,
) -> None:
    """Print the resolved rubric set as one document: the contract for integrations."""
    from .export import export_set
    from .rubric import load_rubric_set

    document = export_set(load_rubric_set(rubrics))
    if fmt is ExportFormat.json:
        import json

        _write_stdout(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        import yaml

        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        _write_stdout(yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False, width=120))


@rubrics_app.command("show")
@_errors_to_exit
def rubrics_show(
    capability: Optional[str] = typer.Argument(None, help="One capability id (or `fact` for the context section)."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="zh or en."),
    rubrics: Optional[Path] = RubricsOption,
) -> None:
    """Show the rubric as a readable tree in the terminal."""
    from .renderers.rubric_view import render_rubric
    from .rubric import load_rubric_set

    rubric = load_rubric_set(rubrics)
    sections = rubric.sections()
    if capability:
        known = [s.id for s in sections]
        if capability not in known:
            raise UsageError(f"unknown capability {capability!r}; choose one of: {', '.join(known)}")
        sections = [s for s in sections if s.id == capability]
    render_rubric(rubric, sections, lang.value)


class ReportFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


class TemplateFormat(str, Enum):
    yaml = "yaml"
    json = "json"
    csv = "csv"


def _parse_only(only: Optional[str], rubric) -> Optional[list[str]]:
    if not only:
        return None
    chosen = [part.strip() for part in only.split(",") if part.strip()]
    known = [c.id for c in rubric.capabilities]
    for cap in chosen:
        if cap not in known:
            raise UsageError(f"unknown capability {cap!r} in --only; choose from: {', '.join(known)}")
    return chosen


def _check_choices(rubric, **given: Optional[str]) -> None:
    """Refuse an unknown --platform, or an unknown --stage/--profile of this rubric set, naming the valid ones."""
    from .model import PLATFORMS

    for option, value in given.items():
        valid = list(PLATFORMS) if option == "platform" else list(rubric.profiles)
        if value is not None and value not in valid:
            raise UsageError(f"unknown {option} {value!r}; choose one of: {', '.join(valid)}")


def _emit(text: str, out: Optional[Path]) -> None:
    """Print to stdout, or write atomically to --out."""
    if out is None:
        sys.stdout.write(text)
        return
    from .fileio import atomic_write_text

    atomic_write_text(out, text)
    typer.echo(f"wrote {out}", err=True)


def _terminal_width() -> int:
    import shutil

    return max(60, min(120, shutil.get_terminal_size((100, 24)).columns))


@app.command("score")
@_errors_to_exit
def score_command(
    file: Optional[Path] = typer.Argument(None, help="Answers file (YAML or JSON)."),
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
    rubrics: Optional[Path] = RubricsOption,
) -> None:
    """Score an answers file into a gap report with prioritised actions."""
    if schema:
        import json

        from .schemas import load_schema

        _write_stdout(json.dumps(load_schema("report.schema.json"), ensure_ascii=False, indent=2))
        return
    if file is None:
        raise UsageError("give an answers file to score (or --schema)")
    from .answers import load_answers
    from .renderers import RenderOptions, render
    from .rubric import load_rubric_set
    from .scoring import score

    rubric = load_rubric_set(rubrics)
    answers = load_answers(file, rubric)
    for notice in answers.notices:
        typer.echo(
            f"{notice.file}:{notice.line}: warning: {notice.message}"
            if notice.line
            else f"{notice.file}: warning: {notice.message}",
            err=True,
        )
    report = score(rubric, answers, profile)
    is_table = fmt is ReportFormat.table
    options = RenderOptions(
        lang=lang.value,
        top=(5 if top is None else top) if is_table else None,
        color=is_table and out is None and sys.stdout.isatty(),
        width=_terminal_width() if is_table and out is None else 100,
    )
    _emit(render(report, fmt.value, options), out)
    if fail_under is not None and report.score < fail_under:
        typer.echo(f"overall score {report.score:g} is under --fail-under {fail_under:g}", err=True)
        raise typer.Exit(EXIT_FINDINGS)


@app.command("template")
@_errors_to_exit
def template_command(
    lang: Lang = typer.Option(Lang.zh, "--lang", help="Language of the question comments."),
    fmt: TemplateFormat = typer.Option(TemplateFormat.yaml, "--format", help="yaml (with comments) or json."),
    only: Optional[str] = typer.Option(None, "--only", help="Comma-separated capability ids to include."),
    platform: Optional[str] = typer.Option(None, "--platform", help="Show only this platform's where-to-find hints."),
    schema: bool = typer.Option(False, "--schema", help="Print the answers JSON Schema for this rubric set instead."),
    schema_ref: str = typer.Option(
        "answers.schema.json", "--schema-ref", help="Schema location written into the template."
    ),
    out: Optional[Path] = typer.Option(None, "--out", help="Write to this file (atomically) instead of stdout."),
    rubrics: Optional[Path] = RubricsOption,
) -> None:
    """Print a fillable answers file, every question explained in a comment."""
    from .rubric import load_rubric_set
    from .template import answers_schema, json_template, yaml_template

    rubric = load_rubric_set(rubrics)
    _check_choices(rubric, platform=platform)
    if schema:
        import json

        _emit(json.dumps(answers_schema(rubric), ensure_ascii=False, indent=2) + "\n", out)
        return
    chosen = _parse_only(only, rubric)
    if fmt is TemplateFormat.csv:
        from .sources import csv_header

        ids = [
            q.id
            for s in rubric.sections()
            if not chosen or s.kind == "context" or s.id in chosen
            for q in s.questions
            if q.asked
        ]
        _emit(csv_header(ids), out)
        return
    if fmt is TemplateFormat.yaml:
        text = yaml_template(rubric, lang.value, chosen, schema_ref or None, platform)
    else:
        text = json_template(rubric, chosen, schema_ref or None, platform)
    _emit(text, out)


EXIT_UNFINISHED, EXIT_INTERRUPTED = 3, 130


@app.command("interview")
@_errors_to_exit
def interview_command(
    out: Optional[Path] = typer.Option(None, "--out", help="Answers file to write (default: a dated file here)."),
    resume: bool = typer.Option(False, "--resume", help="Continue an unfinished interview (default: the newest here)."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="zh or en."),
    only: Optional[str] = typer.Option(None, "--only", help="Comma-separated capability ids to ask about."),
    platform: Optional[str] = typer.Option(None, "--platform", help="douyin, kuaishou, channels or other."),
    stage: Optional[str] = typer.Option(None, "--stage", help="Stage profile, e.g. starter, growth, mature."),
    rubrics: Optional[Path] = RubricsOption,
) -> None:
    """Answer the questionnaire in the terminal; every answer is saved at once, and it can be resumed."""
    from rich.console import Console

    from .answers import load_answers
    from .interview import FINISHED, Interview, default_path, latest_unfinished
    from .renderers import RenderOptions, render
    from .rubric import load_rubric_set
    from .scoring import score

    rubric = load_rubric_set(rubrics)
    _check_choices(rubric, platform=platform, stage=stage)
    if out is None and resume:
        out = latest_unfinished(Path.cwd())
        if out is None:
            raise UsageError("no interview file (fact-audit-answers-*.yaml) here to resume; give --out FILE")
    path = out or default_path()
    # On a terminal rich wraps to its width; piped, lines stay whole so a log reads cleanly.
    console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    session = Interview(rubric, console, sys.stdin, path, lang.value, _parse_only(only, rubric))
    if path.exists():
        existing = load_answers(path, rubric)
        session.merchant, session.answers, session.notes = (
            dict(existing.merchant),
            dict(existing.values),
            dict(existing.notes),
        )
        if session.finished() and not resume:
            from .interview import say

            if not session.confirm(say("overwrite", lang.value, path=path)):
                typer.echo(f"kept {path}; score it with: fact-audit score {path}", err=True)
                return
            session.merchant, session.answers, session.notes = {}, {}, {}
    if platform and not session.merchant.get("platform"):
        session.merchant["platform"] = platform
    if stage and not session.merchant.get("stage"):
        session.merchant["stage"] = stage
    try:
        result = session.run()
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if result.status != FINISHED:
        raise typer.Exit(EXIT_UNFINISHED)
    report = score(rubric, load_answers(path, rubric))  # exactly what `fact-audit score` sees on disk
    is_tty = sys.stdout.isatty()
    console.print()
    sys.stdout.write(
        render(report, "table", RenderOptions(lang=lang.value, top=5, color=is_tty, width=_terminal_width()))
    )
    from .fileio import atomic_write_text

    report_path = path.with_name(path.stem + ".report.md")
    atomic_write_text(report_path, render(report, "markdown", RenderOptions(lang=lang.value)))
    console.print(f"\nanswers: {path}\nreport:  {report_path}")


class BatchFormat(str, Enum):
    markdown = "markdown"
    json = "json"
    html = "html"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


@app.command("batch")
@_errors_to_exit
def batch_command(
    inputs: list[str] = typer.Argument(..., help="Answers files, folders, globs, JSON Lines or CSV exports."),
    out: Path = typer.Option(..., "--out", help="Folder for summary.csv, summary.json, errors.csv and reports/."),
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
    rubrics: Optional[Path] = RubricsOption,
) -> None:
    """Score many clients at once into summaries, cohort percentiles and per-client reports."""
    import codecs
    import os

    from .batch import BatchSettings, ClientError, run_batch, run_dask, run_local
    from .rubric import load_rubric_set
    from .sources import expand

    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UsageError(f"unknown encoding {encoding!r}") from None
    rubric = load_rubric_set(rubrics)  # fail fast on a bad rubric set, before any worker starts
    _check_choices(rubric, profile=profile)
    if out.exists() and not out.is_dir():
        raise UsageError("--out must be a folder", str(out))
    out.mkdir(parents=True, exist_ok=True)
    if not no_reports:
        (out / "reports").mkdir(exist_ok=True)
    settings = BatchSettings(
        rubrics=str(rubrics) if rubrics else os.environ.get("FACT_AUDIT_RUBRICS") or None,
        out=str(out),
        fmt=fmt.value,
        lang=lang.value,
        profile=profile,
        reports=not no_reports,
    )
    workers = jobs or os.cpu_count() or 1
    total = sum(1 for _ in expand(inputs, encoding=encoding))
    progress = _Progress(total)

    def on_result(result) -> None:
        progress.advance(isinstance(result, ClientError))
        if isinstance(result, ClientError):
            where = f"{result.source}:{result.line}" if result.line else result.source
            progress.log(f"{where}: {result.problem}")

    if engine is Engine.dask:

        def results(job_iter):
            return run_dask(job_iter, settings, scheduler)
    else:

        def results(job_iter):
            return run_local(job_iter, settings, workers)

    with progress:
        outcome = run_batch(
            expand(inputs, encoding=encoding),
            settings,
            [c.id for c in rubric.capabilities],
            results,
            on_result,
            min_segment,
            names={c.id: c.name(lang.value) for c in rubric.capabilities},
        )
    typer.echo(
        f"{outcome.clients} client(s) scored, {outcome.errors} failed; wrote {out / 'summary.csv'}, "
        f"{out / 'summary.json'}, {out / 'errors.csv'}"
        + ("" if no_reports else f" and {out / 'reports'}/")
        + (f"; portfolio page {out / 'index.html'}" if fmt is BatchFormat.html else ""),
        err=True,
    )
    raise typer.Exit(EXIT_FINDINGS if outcome.errors else EXIT_OK)


class _Progress:
    """One progress display in the main process: a rich bar on a terminal, plain lines otherwise."""

    def __init__(self, total: int):
        import time

        self.total, self.done, self.failed = total, 0, 0
        self.started = self.last = time.monotonic()
        self.bar = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("scoring"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}/s"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self.task = self.bar.add_task("batch", total=total, rate="0")

    def __enter__(self) -> "_Progress":
        if self.bar:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.stop()
        elif self.total:
            self._line()

    def advance(self, failed: bool) -> None:
        import time

        self.done += 1
        self.failed += failed
        now = time.monotonic()
        if self.bar:
            rate = self.done / max(now - self.started, 1e-9)
            self.bar.update(self.task, advance=1, rate=f"{rate:.0f}")
        elif now - self.last >= 2 and self.done < self.total:
            self.last = now
            self._line()

    def _line(self) -> None:
        import time

        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        sys.stderr.write(f"scored {self.done}/{self.total} ({self.failed} failed), {rate:.0f}/s\n")

    def log(self, message: str) -> None:
        if self.bar:
            self.bar.console.print(message, markup=False, highlight=False)
        else:
            sys.stderr.write(message + "\n")


def _report_dict(path: Path, rubric, profile: Optional[str]) -> dict:
    """An answers file is scored; a JSON report (format fact-audit/report@1) is taken as it is."""
    from .answers import answers_from_document
    from .scoring import score
    from .yamlio import load_file

    document = load_file(path, allow_aliases=False)
    if isinstance(document.data, dict) and document.data.get("format") == "fact-audit/report@1":
        return document.data
    from .errors import AnswersError

    if not isinstance(document.data, dict):
        raise AnswersError("expected an answers file or a JSON report", str(path))
    return score(rubric, answers_from_document(document, rubric), profile).to_dict()


@app.command("compare")
@_errors_to_exit
def compare_command(
    old: Path = typer.Argument(..., help="The earlier answers file or JSON report."),
    new: Path = typer.Argument(..., help="The later one."),
    fmt: ReportFormat = typer.Option(ReportFormat.table, "--format", help="table, json, markdown or html."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="zh or en."),
    profile: Optional[str] = typer.Option(None, "--profile", help="Score answers files against this profile."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write to this file (atomically) instead of stdout."),
    rubrics: Optional[Path] = RubricsOption,
) -> None:
    """Compare two assessments of a merchant: deltas, progress to target, actions resolved and new."""
    from .compare import compare
    from .renderers import RenderOptions, render_compare
    from .rubric import load_rubric_set

    rubric = load_rubric_set(rubrics)
    comparison = compare(_report_dict(old, rubric, profile), _report_dict(new, rubric, profile), rubric)
    is_table = fmt is ReportFormat.table
    options = RenderOptions(
        lang=lang.value,
        color=is_table and out is None and sys.stdout.isatty(),
        width=_terminal_width() if is_table and out is None else 100,
    )
    _emit(render_compare(comparison, fmt.value, options), out)


@rubrics_app.command("diff")
@_errors_to_exit
def rubrics_diff(
    old: Path = typer.Argument(..., help="The rubric set before the edit (a folder).", file_okay=False),
    new: Path = typer.Argument(..., help="The rubric set after the edit.", file_okay=False),
    answers: Optional[list[Path]] = typer.Option(
        None, "--answers", help="Sample answers file (repeat for more; default: the bundled examples)."
    ),
    fail_over: Optional[float] = typer.Option(None, "--fail-over", help="Exit 1 when any score moves more than this."),
    fmt: DiffFormat = typer.Option(DiffFormat.text, "--format", help="text, json, or markdown (for a PR comment)."),
) -> None:
    """Show what a rubric edit does: content changes, and each sample merchant's score change."""
    from .diff import diff, render
    from .rubric import bundled_examples_dir, load_rubric_set

    old_set, new_set = load_rubric_set(old), load_rubric_set(new)
    samples = list(answers) if answers else sorted(bundled_examples_dir().glob("*.yaml"))
    result = diff(old_set, new_set, samples)
    _write_stdout(render(result, fmt.value, [c.id for c in new_set.capabilities]))
    if fail_over is not None and result.largest() > fail_over:
        typer.echo(
            f"a score moves {result.largest():.1f} points, more than --fail-over {fail_over:g}; "
            "bump the version deliberately",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)


@rubrics_app.command("new")
@_errors_to_exit
def rubrics_new(
    directory: Path = typer.Argument(..., help="Folder to create the new set in."),
    set_id: str = typer.Option("my-rubrics", "--id", help="Id of the new set (lowercase, digits, dashes)."),
) -> None:
    """Scaffold a rubric set that extends the bundled one, ready to lint and edit."""
    from .scaffold import scaffold

    for path in scaffold(directory, set_id):
        typer.echo(f"created {path}", err=True)
    typer.echo(f"next: edit {directory}/goods-overlay.yaml, then fact-audit rubrics lint {directory}", err=True)


@app.command("migrate")
@_errors_to_exit
def migrate_command(
    file: Path = typer.Argument(..., help="Answers file made against an older version of the set."),
    to: Optional[str] = typer.Option(None, "--to", help="Target version (default: the set's current version)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write here instead of rewriting FILE in place."),
    rubrics: Optional[Path] = RubricsOption,
) -> None:
    """Rewrite an answers file for a newer rubric version (atomically, keeping notes)."""
    import yaml

    from .answers import answers_from_document
    from .migrate import apply, path
    from .rubric import load_rubric_set
    from .yamlio import load_file

    rubric = load_rubric_set(rubrics)
    target = to or rubric.version
    document = load_file(file, allow_aliases=False)
    data = document.data if isinstance(document.data, dict) else None
    if data is None:
        raise UsageError("not an answers file", str(file))
    set_id, _, version = str(data.get("rubric") or "").partition("@")
    if set_id != rubric.id or not version:
        raise UsageError(f"the file names rubric {data.get('rubric')!r}; this set is {rubric.ref}", str(file))
    chain = path(rubric.migrations, version, target)
    if chain is None:
        raise UsageError(f"no migration path from {version} to {target} in {rubric.ref}", str(file))
    result = apply(data.get("answers") or {}, data.get("notes") or {}, chain, version, target)
    data = {**data, "rubric": f"{rubric.id}@{target}", "answers": result.answers}
    if result.notes:
        data["notes"] = result.notes
    if target == rubric.version:  # check the result against the set it now claims
        from .yamlio import Document

        answers_from_document(Document(data, str(out or file), document.marks), rubric)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)
    from .fileio import atomic_write_text

    atomic_write_text(out or file, text)
    typer.echo(f"{out or file}: {result.summary()}", err=True)


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="fact-audit")
    finally:
        # At exit CPython runs full garbage collections over every object of the run, only to find nothing to
        # free: every file is already written, flushed and renamed, and stdout is flushed after this. Freezing
        # skips that bookkeeping, about 10 ms of a 75 ms `score` (see bench/startup.py and the README).
        gc.freeze()
