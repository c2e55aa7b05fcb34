"""`fact-audit template`: a fillable answers file (YAML with every question explained, JSON, a CSV header), or
for form tools the questionnaire as text (`form`) and a starting map file (`map`)."""

from pathlib import Path
from typing import Optional

import typer

from .app import Lang, RubricsOption, TemplateFormat, check_choices, emit, parse_only


def template_command(
    lang: Lang = typer.Option(Lang.zh, "--lang", help="Language of the question comments."),
    fmt: TemplateFormat = typer.Option(
        TemplateFormat.yaml,
        "--format",
        help="yaml (with comments), json, csv, form (text for a form builder) or map (for batch --map).",
    ),
    only: Optional[str] = typer.Option(None, "--only", help="Comma-separated capability ids to include."),
    platform: Optional[str] = typer.Option(None, "--platform", help="Show only this platform's where-to-find hints."),
    schema: bool = typer.Option(False, "--schema", help="Print the answers JSON Schema for this rubric set instead."),
    schema_ref: str = typer.Option(
        "answers.schema.json", "--schema-ref", help="Schema location written into the template."
    ),
    out: Optional[Path] = typer.Option(None, "--out", help="Write to this file (atomically) instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Let --out replace a file that holds answers."),
    rubrics: Optional[Path] = RubricsOption,
) -> None:
    """Print a fillable answers file, every question explained in a comment."""
    from ..outputs import refuse_replacing_answers
    from ..rubric import load_rubric_set
    from ..template import answers_schema, json_template, yaml_template

    refuse_replacing_answers(out, force)
    rubric = load_rubric_set(rubrics)
    check_choices(rubric, platform=platform)
    if schema:
        import json

        emit(json.dumps(answers_schema(rubric), ensure_ascii=False, indent=2) + "\n", out)
        return
    chosen = parse_only(only, rubric)
    if fmt in (TemplateFormat.form, TemplateFormat.map):
        from ..formtext import form_text, map_template

        make = form_text if fmt is TemplateFormat.form else map_template
        emit(make(rubric, lang.value, chosen, platform), out)
    elif fmt is TemplateFormat.csv:
        from ..sources import csv_header

        emit(csv_header(_asked_ids(rubric, chosen)), out)
    elif fmt is TemplateFormat.yaml:
        emit(yaml_template(rubric, lang.value, chosen, schema_ref or None, platform), out)
    else:
        emit(json_template(rubric, chosen, schema_ref or None, platform), out)


def _asked_ids(rubric, chosen: Optional[list[str]]) -> list[str]:
    """The CSV columns: every asked question of the context and of the chosen capabilities (default: all)."""
    return [
        q.id
        for s in rubric.sections()
        if not chosen or s.kind == "context" or s.id in chosen
        for q in s.questions
        if q.asked
    ]
