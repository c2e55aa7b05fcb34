"""Lint rules, run in this order; each is `check(ctx) -> Iterator[Problem]`."""

from __future__ import annotations

from typing import Any

from ...setfiles import shown
from ...yamlio import Document
from ..problem import Problem

__all__ = ["RULES", "problem", "rules_table", "shown"]


def problem(doc: Document, path: tuple[Any, ...], message: str, rule: str, severity: str = "error") -> Problem:
    file, line, col = doc.locate(path)
    return Problem(file, line, col, message, rule, severity)


from . import (  # noqa: E402
    bands,
    coverage,
    expressions,
    ids,
    language,
    manifest,
    platforms,
    quick,
    references,
    schema,
    sources,
    style,
)

RULES = [
    schema.check,
    ids.check,
    manifest.check,
    expressions.check,
    references.check,
    bands.check,
    language.check,
    style.check,
    platforms.check,
    sources.check,
    coverage.check,
    quick.check,
]


def rules_table() -> str:
    """The Markdown table of rules for docs/rubric-format.md, from each rule module's name and docstring (a test
    keeps the document in step with the code)."""
    import sys

    rows = ["| rule | module | what it checks |", "|---|---|---|"]
    for check in RULES:
        module = sys.modules[check.__module__]
        summary = " ".join((module.__doc__ or "").strip().split("\n\n")[0].split())
        rows.append(f"| `{module.RULE}` | `{check.__module__.rsplit('.', 1)[-1]}.py` | {summary} |")
    return "\n".join(rows) + "\n"
