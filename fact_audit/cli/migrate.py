"""`fact-audit migrate`: rewrite an answers file for a newer version of its rubric set."""

from pathlib import Path
from typing import Optional

import typer

from .app import RubricsOption


def migrate_command(
    file: Path = typer.Argument(..., help="Answers file made against an older version of the set."),
    to: Optional[str] = typer.Option(None, "--to", help="Target version (default: the set's current version)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write here instead of rewriting FILE in place."),
    rubrics: Optional[Path] = RubricsOption,
) -> None:
    """Rewrite an answers file for a newer rubric version (atomically, keeping notes)."""
    from ..answers import answers_from_document
    from ..migrate import migrate_file
    from ..rubric import load_rubric_set

    result = migrate_file(file, load_rubric_set(rubrics), to, out=out, check=answers_from_document)
    typer.echo(f"{out or file}: {result.summary()}", err=True)
