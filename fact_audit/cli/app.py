"""The Typer app, its options, and its error edge: the one place a user's mistake becomes a line and an exit code.

Commands (one module per group, registered in `fact_audit.cli`) parse their arguments, call plain functions of the
core, render, and pick the exit code from the table below. Core code raises `FactAuditError` and never prints; the
app's root group catches it, and only it, for every command and sub-command alike (`_Edge.invoke`).
"""

# No `from __future__ import annotations` in the command modules: Typer reads every command's annotations on every
# start, and string annotations would be compiled and evaluated each time (about 2 ms, a tenth of the start-up budget).
# Nothing heavy at module level either: the enums and options here are built on every start, `--version` included.
import gc
import io
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from .. import __version__
from ..errors import FactAuditError, UsageError
from ..renderers import BATCH_FORMATS, DIFF_FORMATS, FORMATS, PROBLEM_FORMATS
from ..safetext import visible
from .help_text import Localised, help_lang, localise

# The exit codes of README "Exit codes".
EXIT_OK = 0  # done
EXIT_FINDINGS = 1  # lint problems, a score under --fail-under, failed batch inputs, a score moving over --fail-over
EXIT_INPUT = 2  # unusable input or arguments (`FactAuditError.exit_code`; Typer's own usage errors too)
EXIT_UNFINISHED = 3  # `interview` stopped before the end; every answer so far is saved
EXIT_INTERRUPTED = 130  # interrupted with Ctrl-C (SIGINT): `interview` saved every answer, `batch` stopped cleanly
EXIT_TERMINATED = 143  # `batch` stopped by SIGTERM (`docker stop`, a CI timeout): workers ended, nothing half-written


class StdoutError(FactAuditError):
    """Standard output cannot take what a command prints: a full disk (`> /dev/full`), a closed stream (`>&-`)."""

    code = "stdout"


class Command(Localised, TyperCommand):
    """Every command: help in the user's language, readable usage (`help_text.Localised`)."""


class Group(Localised, TyperGroup):
    """A group of commands (`rubrics`), localised like the commands."""


class _Edge(Localised, TyperGroup):
    """The root group: whatever command runs, a `FactAuditError` ends as one line on stderr, never a traceback."""

    def main(self, *args: Any, **extra: Any) -> Any:
        """Before Click parses anything (help and completion included): help in the language of the locale."""
        localise(self, help_lang(os.environ))
        return super().main(*args, **extra)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except FactAuditError as error:
            typer.echo(visible(f"error: {error}" if not error.file else str(error)), err=True)  # names come from files
            raise typer.Exit(error.exit_code) from None
        except BrokenPipeError:  # `fact-audit ... | head`: the reader has all it wanted
            sys.stderr.close()
            raise typer.Exit(EXIT_OK) from None
        except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM where a command turns it into one (`batch`)
            typer.echo("terminated" if getattr(stop, "exit_code", None) == EXIT_TERMINATED else "interrupted", err=True)
            raise typer.Exit(getattr(stop, "exit_code", EXIT_INTERRUPTED)) from None


app = typer.Typer(
    name="fact-audit",
    cls=_Edge,
    help="Audit a live-commerce shop against the eight capabilities of merchant self-broadcast (FACT matrix).",
    no_args_is_help=True,
    add_completion=True,  # Typer's --install-completion / --show-completion; values completed by `help_text`
    context_settings={"help_option_names": ["-h", "--help"]},  # inherited by every command
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
rubrics_app = typer.Typer(cls=Group, help="Inspect, lint and export rubric sets.", no_args_is_help=True)
app.add_typer(rubrics_app, name="rubrics")


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


def main() -> None:
    """Console-script entry point (`fact-audit`, `python -m fact_audit`)."""
    _guard_standard_streams()
    try:
        app(prog_name="fact-audit")
    except SystemExit as done:
        code = done.code
    except StdoutError as error:  # printing --help or --version, before any command (and `_Edge`) runs
        code = _stdout_failed(error)
    else:
        code = EXIT_OK
    finally:
        # At exit CPython runs full garbage collections over every object of the run, only to find nothing to
        # free: every file is already written, flushed and renamed, and stdout is flushed after this. Freezing
        # skips that bookkeeping, about 10 ms of a 75 ms `score` (see bench/startup.py and the README).
        gc.freeze()
    sys.exit(_flush_stdout(code))


# -- standard streams: closed, full, or in an encoding that lacks our characters ----------------------------------


def _guard_standard_streams() -> None:
    """Make stdout fail as one line, never a traceback, and never garble a file.

    A closed descriptor 0, 1 or 2 (`>&-`, `<&-`) is reopened on /dev/null first, so no file this run opens (a temp
    file, a lock) can take its number and receive what was meant for the terminal; `sys.stdout`, which Python left
    as None, then fails on its first write ("standard output is closed"), so `score F --out R >&-` still works.
    Every write goes through `_GuardedStdout`, which turns an OSError (`> /dev/full`) into a `StdoutError`, and
    characters the stream's encoding lacks (`PYTHONIOENCODING=gbk` and a `░`) become ones it has (`_fallback`)."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    import codecs

    codecs.register_error("fact-audit-fallback", _fallback)
    stdout = sys.stdout
    if stdout is None:
        raw, encoding, line_buffering, unbuffered = None, "utf-8", False, False
    else:
        try:
            stdout.flush()
            unbuffered = not hasattr(stdout.buffer, "raw")  # `python -u`, PYTHONUNBUFFERED: no buffer over the fd
            raw = stdout.buffer if unbuffered else stdout.buffer.raw
        except (AttributeError, OSError, ValueError):  # not a file we can wrap (an embedding host): leave it
            return
        encoding, line_buffering = stdout.encoding, stdout.line_buffering
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(_GuardedStdout(raw), buffer_size=1 if unbuffered else io.DEFAULT_BUFFER_SIZE),
        encoding=encoding,
        errors="fact-audit-fallback",
        line_buffering=line_buffering,
        write_through=unbuffered,
    )


class _GuardedStdout(io.RawIOBase):
    """The bytes under `sys.stdout`: the first failed write raises `StdoutError` (a broken pipe stays a
    `BrokenPipeError`, see `_Edge`); every later write is dropped, so the flush at exit does not fail again."""

    def __init__(self, raw: Any) -> None:
        super().__init__()
        self._raw = raw
        self._failed = False

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._raw is not None and self._raw.isatty()

    def fileno(self) -> int:
        if self._raw is None:
            raise io.UnsupportedOperation("standard output is closed")
        return self._raw.fileno()

    def write(self, data: Any) -> Optional[int]:
        if self._failed:
            return len(data)
        if self._raw is None:
            self._failed = True
            raise StdoutError("cannot write to standard output: it is closed")
        try:
            return self._raw.write(data)
        except BrokenPipeError:
            self._failed = True
            raise
        except OSError as exc:
            self._failed = True
            raise StdoutError(f"cannot write to standard output: {exc.strerror or exc}") from None


def _flush_stdout(code: Any) -> Any:
    """Flush what is still buffered while the error can be reported: a failure is one line and exit code 2."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except StdoutError as error:
        return _stdout_failed(error)
    except BrokenPipeError:  # `| head` closed early: the reader has all it wanted
        return code
    return code


def _stdout_failed(error: StdoutError) -> int:
    if sys.stderr is not None:
        sys.stderr.write(f"error: {error}\n")
    return error.exit_code


# Characters our output uses that some encodings lack, with what to write instead (GBK lacks `░`, `½`, `−` and
# `∅`; cp1252 lacks the arrows and boxes). Anything else becomes its compatibility form (`ᵩ` → `φ`, `１２` → `12`)
# when the encoding has that, else `?`.
_FALLBACKS = {
    "░": ".", "▒": ":", "▓": "#", "█": "#", "●": "*", "•": "*", "·": ".", "═": "=", "─": "-", "│": "|",
    "½": "1/2", "−": "-", "–": "-", "—": "-", "…": "...", "→": "->", "←": "<-", "≥": ">=", "≤": "<=",
    "≈": "~", "∈": "in", "∅": "-", "×": "x", "÷": "/", "Σ": "Sum", "‰": "o/oo", "°": "o", "±": "+/-",
    "“": '"', "”": '"', "‘": "'", "’": "'", "§": "S", "✓": "v", "✗": "x", "\ufffd": "?",
}  # fmt: skip


def _fallback(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler of stdout: each character the encoding lacks, as characters it has."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    import unicodedata

    out = []
    for char in error.object[error.start : error.end]:
        for candidate in (_FALLBACKS.get(char), unicodedata.normalize("NFKC", char), "\ufffd", "?"):
            if candidate and candidate != char and _encodes(candidate, error.encoding):
                out.append(candidate)
                break
        else:
            out.append("?")
    return "".join(out), error.end


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeError:
        return False
    return True


# -- options shared by several commands ---------------------------------------------------------------------------

RubricsOption = typer.Option(
    None,
    "--rubrics",
    envvar="FACT_AUDIT_RUBRICS",
    help="Use the rubric set in this folder instead of the bundled one.",
    file_okay=False,
)


def _choices(name: str, values: tuple[str, ...]) -> Any:
    """A `--format` enum built from a renderer registry, so a format registered there is a choice here. Cheap at
    start: `fact_audit.renderers` imports nothing heavy until a format is rendered."""
    return Enum(name, [(value, value) for value in values], type=str, module=__name__)


ReportFormat = _choices("ReportFormat", FORMATS)  # score, compare
BatchFormat = _choices("BatchFormat", BATCH_FORMATS)  # batch's per-client reports
LintFormat = _choices("LintFormat", PROBLEM_FORMATS)  # rubrics lint
DiffFormat = _choices("DiffFormat", DIFF_FORMATS)  # rubrics diff


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class TemplateFormat(str, Enum):
    yaml = "yaml"
    json = "json"
    csv = "csv"
    form = "form"  # the questionnaire as numbered text for a form builder's import
    map = "map"  # a starting map file for `batch --map`


class ExportFormat(str, Enum):
    json = "json"
    yaml = "yaml"


class SchemaKind(str, Enum):
    rubric = "rubric"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


# -- small helpers the commands share ------------------------------------------------------------------------------


def write_stdout(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def emit(text: str, out: Optional[Path]) -> None:
    """Print to stdout, or write atomically to --out."""
    if out is None:
        sys.stdout.write(text)
        return
    from ..fileio import atomic_write_text

    atomic_write_text(out, text)
    typer.echo(visible(f"wrote {out}"), err=True)


def terminal_width() -> int:
    import shutil

    return max(60, min(120, shutil.get_terminal_size((100, 24)).columns))


# The width of a table that goes to a pipe: wide enough that no line is wrapped (a pager or a file wraps its own).
UNWRAPPED = 10_000


def use_color(tty: bool) -> bool:
    """Colour by the conventions of no-color.org and force-color.org: a non-empty NO_COLOR turns it off, else a
    non-empty FORCE_COLOR turns it on even off a terminal; otherwise colour when stdout is a terminal."""
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or tty


def render_options(fmt: str, lang: str, out: Optional[Path], top: Optional[int] = None) -> Any:
    """A table is for the terminal: colour when stdout is one (`use_color`), its width (no wrapping when piped),
    the first `top` actions. Every other format, and a table written to --out, comes out the same wherever it goes
    (and lists every action)."""
    from ..renderers import RenderOptions

    terminal = fmt == "table" and out is None
    tty = terminal and sys.stdout.isatty()
    return RenderOptions(
        lang=lang,
        top=top if fmt == "table" else None,
        color=terminal and use_color(tty),
        width=terminal_width() if tty else UNWRAPPED if terminal else 100,
    )


def stdin_or(path: Optional[Path]) -> Any:
    """A file argument as the readers take it: `-` is standard input (named `<stdin>` in messages)."""
    if path is not None and str(path) == "-":
        from ..yamlio import STDIN

        return STDIN
    return path


def parse_only(only: Optional[str], rubric) -> Optional[list[str]]:
    """`--only a,b`: capability ids of `rubric`, or None for all."""
    if not only:
        return None
    chosen = [part.strip() for part in only.split(",") if part.strip()]
    known = [c.id for c in rubric.capabilities]
    for cap in chosen:
        if cap not in known:
            raise UsageError(f"unknown capability {cap!r} in --only; choose from: {', '.join(known)}")
    return chosen


def check_choices(rubric, **given: Optional[str]) -> None:
    """Refuse an unknown --platform, or an unknown --stage/--profile of this rubric set, naming the valid ones."""
    from ..model import PLATFORMS

    for option, value in given.items():
        valid = list(PLATFORMS) if option == "platform" else list(rubric.profiles)
        if value is not None and value not in valid:
            raise UsageError(f"unknown {option} {value!r}; choose one of: {', '.join(valid)}")
