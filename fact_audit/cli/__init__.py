"""The `fact-audit` command line: thin Typer commands over the core, one module per command group.

    app.py        the Typer app, its shared options and enums, the exit codes, and the error edge
    score.py      score                     template.py   template
    interview.py  interview                 batch.py      batch
    compare.py    compare                   migrate.py    migrate
    rubrics.py    rubrics lint | schema | export | show | diff | new
    benchmark.py  benchmark merge
    help_text.py  help in the locale's language (zh when LC_ALL/LC_MESSAGES/LANG is zh_*), metavars, examples,
                  and the values shell completion offers

A command parses its arguments, calls plain functions of the core, renders, and picks the exit code: 0 ok, 1 findings
(lint problems, score under --fail-under, failed batch inputs), 2 unusable input or arguments, 3 an interview
stopped, 130 interrupted (Ctrl-C), 143 a batch terminated (SIGTERM). A `FactAuditError` is printed as one line
`file:line:col: message` on stderr, never a traceback. The table below is every command, in the order `--help`
lists them.
"""

from . import batch, benchmark, compare, history, interview, migrate, rubrics, score, template
from .app import Command, app, main, rubrics_app

__all__ = ["app", "main"]

COMMANDS = (  # (group, name, function), in the order --help lists them
    (app, "score", score.score_command),
    (app, "template", template.template_command),
    (app, "interview", interview.interview_command),
    (app, "batch", batch.batch_command),
    (app, "compare", compare.compare_command),
    (app, "history", history.history_command),
    (app, "migrate", migrate.migrate_command),
    (rubrics_app, "lint", rubrics.lint_command),
    (rubrics_app, "schema", rubrics.schema_command),
    (rubrics_app, "export", rubrics.export_command),
    (rubrics_app, "show", rubrics.show_command),
    (rubrics_app, "diff", rubrics.diff_command),
    (rubrics_app, "new", rubrics.new_command),
    (benchmark.benchmark_app, "merge", benchmark.merge_command),
)
for group, name, function in COMMANDS:
    group.command(name, cls=Command)(function)
app.add_typer(benchmark.benchmark_app, name="benchmark")
