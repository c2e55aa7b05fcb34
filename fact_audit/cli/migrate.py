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
    """Rewrite an answers file for a newer rubric version (atomically, keeping notes, comments and blank answers)."""
    from ..answers import answers_from_document, platform_id
    from ..migrate import migrate_file
    from ..rubric import load_rubric_set
    from ..template import yaml_template

    rubric = load_rubric_set(rubrics)

    def layout(lang: str, platform: Optional[str], schema: Optional[str]) -> str:
        """The current version's template in the file's language and for its platform: the migrated file's layout."""
        return yaml_template(rubric, lang, None, schema, platform_id(platform) if platform else None)

    result = migrate_file(file, rubric, to, out=out, check=answers_from_document, layout=layout)
    typer.echo(f"{out or file}: {result.summary()}", err=True)  # the one line the command prints
