"""The linter: runs every rule over a set (or loose files) and collects the problems, sorted by place.

Rules are small modules in `fact_audit.lint.rules`, each a `check(ctx)` generator of `Problem`s (the yamllint
shape). The schema rule runs first; semantic rules see only files that passed it, so they can trust the shape.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import FactAuditError, UsageError
from ..extend import resolve
from ..setfiles import MANIFEST, SetFiles, read_set
from ..yamlio import Document, load_file
from .context import LintContext
from .problem import Problem


def _rules():
    from .rules import RULES  # jsonschema comes with the schema rule: only when something is linted

    return RULES


MAX_MESSAGE = 300  # characters: rules quote values cut short (`setfiles.shown`); this holds for any message


def readable(problem: Problem) -> Problem:
    """`problem` with its message cut to `MAX_MESSAGE` characters, so one problem stays one readable line."""
    if len(problem.message) <= MAX_MESSAGE:
        return problem
    return dataclasses.replace(problem, message=problem.message[: MAX_MESSAGE - 1] + "…")


def run_rules(ctx: LintContext) -> Iterator[Problem]:
    for rule in _rules():
        yield from map(readable, rule(ctx))


def check_set(files: SetFiles) -> list[Problem]:
    """All problems of one complete rubric set (manifest and every file it names)."""
    if files.problems and not files.sections:  # the extension itself is broken: nothing was assembled
        return sorted(set(map(readable, files.problems)), key=_order)
    ctx = LintContext.for_set(files)
    return sorted(set(run_rules(ctx)) | set(map(readable, files.problems)), key=_order)


def _order(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.file, problem.line or 0, problem.col or 0, problem.message)


def lint_paths(paths: Iterable[str | Path]) -> list[Problem]:
    """Lint folders (whole sets) and files (checked inside their folder's set when it has a manifest)."""
    problems: list[Problem] = []
    wanted_files: dict[Path, set[str] | None] = {}
    given: dict[Path, Path] = {}  # resolved folder -> folder as the user wrote it, for readable paths
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            given.setdefault(path.resolve(), path)
            wanted_files[path.resolve()] = None
        elif path.is_file():
            folder = path.resolve().parent
            given.setdefault(folder, path.parent)
            if folder in wanted_files and wanted_files[folder] is None:
                continue
            wanted_files.setdefault(folder, set()).add(str(path))  # type: ignore[union-attr]
        else:
            raise UsageError("no such file or folder", str(path))
    for folder, only in wanted_files.items():
        problems.extend(_lint_folder(given[folder], only))
    return sorted(set(problems), key=_order)


def _as_problem(error: FactAuditError, rule: str) -> Problem:
    return readable(Problem(error.file or "<input>", error.line, error.col, error.message, rule))


def _lint_folder(folder: Path, only: set[str] | None) -> list[Problem]:
    """Lint one folder; `only` limits the report to those files (None: the whole folder)."""
    if os.path.lexists(folder / MANIFEST):  # whatever it is (a link, a FIFO): read_set checks it, nothing blocks
        try:
            files = read_set(folder, assemble=resolve)
        except FactAuditError as error:
            return [_as_problem(error, "files")]
        problems = check_set(files)
        if only is None:
            return problems
        keep = {str(Path(name).resolve()) for name in only}
        return [p for p in problems if str(Path(p.file).resolve()) in keep]
    problems: list[Problem] = []
    docs: list[Document] = []
    for name in sorted(only or (str(p) for p in folder.glob("*.y*ml"))):
        try:
            docs.append(load_file(name))
        except FactAuditError as error:
            problems.append(_as_problem(error, "syntax"))
    problems.extend(run_rules(LintContext.for_files(docs)))
    return problems
