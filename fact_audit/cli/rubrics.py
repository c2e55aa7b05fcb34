"""`fact-audit rubrics …`: lint, schema, export, show, diff and new, for the people who write rubric sets."""

from pathlib import Path
from typing import Optional

import typer

from ..errors import UsageError
from .app import (
    EXIT_FINDINGS,
    EXIT_OK,
    DiffFormat,
    ExportFormat,
    Lang,
    LintFormat,
    RubricsOption,
    SchemaKind,
    write_stdout,
)


def lint_command(
    paths: Optional[list[Path]] = typer.Argument(None, help="Rubric folders or files (default: the bundled set)."),
    fmt: LintFormat = typer.Option(LintFormat.text, "--format", help="text, json, or github (Actions annotations)."),
    against: Optional[Path] = typer.Option(
        None, "--against", help="The previous version of the set: also check version bump and migration entries."
    ),
) -> None:
    """Check rubric files: schema and meaning. Exit 1 when any problem is found."""
    from ..lint.linter import lint_paths
    from ..renderers import render_problems
    from ..rubric import bundled_rubrics_dir

    targets = list(paths) if paths else [bundled_rubrics_dir()]
    problems = lint_paths(targets)
    if against is not None and not problems:
        from ..lint.versions import check_against
        from ..rubric import build_set, load_rubric_set, read_set

        if len(targets) != 1 or not Path(targets[0]).is_dir():
            raise UsageError("--against compares one rubric set folder with another")
        files = read_set(targets[0])
        problems = check_against(load_rubric_set(against), build_set(files), files)
    output = render_problems(problems, fmt.value)
    if output:
        write_stdout(output)
    if fmt.value == "text":
        where = "the bundled set" if not paths else ", ".join(str(p) for p in targets)
        typer.echo(f"{len(problems)} problem(s) in {where}" if problems else f"{where}: no problems", err=True)
    raise typer.Exit(EXIT_FINDINGS if problems else EXIT_OK)


def schema_command(
    kind: SchemaKind = typer.Option(
        SchemaKind.rubric, "--kind", help="Which schema: rubric (manifest, capability and context files)."
    ),
) -> None:
    """Print the JSON Schema (Draft 2020-12) for rubric files, for check-jsonschema and YAML language servers."""
    import json

    from ..schemas import rubric_schema

    write_stdout(json.dumps(rubric_schema(), ensure_ascii=False, indent=2))


def export_command(
    fmt: ExportFormat = typer.Option(ExportFormat.json, "--format", help="json or yaml."),
    rubrics: Optional[Path] = RubricsOption,
) -> None:
    """Print the resolved rubric set as one document: the contract for integrations."""
    from ..export import export_set
    from ..rubric import load_rubric_set

    document = export_set(load_rubric_set(rubrics))
    if fmt is ExportFormat.json:
        import json

        write_stdout(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        import yaml

        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        write_stdout(yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False, width=120))


def show_command(
    capability: Optional[str] = typer.Argument(None, help="One capability id (or `fact` for the context section)."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="zh or en."),
    rubrics: Optional[Path] = RubricsOption,
) -> None:
    """Show the rubric as a readable tree in the terminal."""
    from ..renderers.rubric_view import render_rubric
    from ..rubric import load_rubric_set

    rubric = load_rubric_set(rubrics)
    sections = rubric.sections()
    if capability:
        known = [s.id for s in sections]
        if capability not in known:
            raise UsageError(f"unknown capability {capability!r}; choose one of: {', '.join(known)}")
        sections = [s for s in sections if s.id == capability]
    render_rubric(rubric, sections, lang.value)


def diff_command(
    old: Path = typer.Argument(..., help="The rubric set before the edit (a folder).", file_okay=False),
    new: Path = typer.Argument(..., help="The rubric set after the edit.", file_okay=False),
    answers: Optional[list[Path]] = typer.Option(
        None, "--answers", help="Sample answers file (repeat for more; default: the bundled examples)."
    ),
    fail_over: Optional[float] = typer.Option(None, "--fail-over", help="Exit 1 when any score moves more than this."),
    fmt: DiffFormat = typer.Option(DiffFormat.text, "--format", help="text, json, or markdown (for a PR comment)."),
    lang: Lang = typer.Option(
        Lang.zh, "--lang", help="zh or en: the language of the text and Markdown diff (JSON carries both)."
    ),
) -> None:
    """Show what a rubric edit does: content changes, and each sample merchant's score change."""
    from ..diff import diff
    from ..renderers import render_diff
    from ..rubric import bundled_examples_dir, load_rubric_set

    old_set, new_set = load_rubric_set(old), load_rubric_set(new)
    samples = list(answers) if answers else sorted(bundled_examples_dir().glob("*.yaml"))
    result = diff(old_set, new_set, samples, lang.value)
    write_stdout(render_diff(result, fmt.value, [c.id for c in new_set.capabilities]))
    if fail_over is not None and result.largest() > fail_over:
        typer.echo(
            f"a score moves {result.largest():.1f} points, more than --fail-over {fail_over:g}; "
            "bump the version deliberately",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)


def new_command(
    directory: Path = typer.Argument(..., help="Folder to create the new set in."),
    set_id: str = typer.Option("my-rubrics", "--id", help="Id of the new set (lowercase, digits, dashes)."),
) -> None:
    """Scaffold a rubric set that extends the bundled one, ready to lint and edit."""
    from ..scaffold import scaffold

    for path in scaffold(directory, set_id):
        typer.echo(f"created {path}", err=True)
    typer.echo(f"next: edit {directory}/goods-overlay.yaml, then fact-audit rubrics lint {directory}", err=True)
