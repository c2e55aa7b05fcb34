"""Lint rules, run in this order; each is `check(ctx) -> Iterator[Problem]`."""

from __future__ import annotations

from typing import Any

from ...yamlio import Document
from ..problem import Problem


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
]
