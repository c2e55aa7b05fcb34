"""Every question cites a seed that exists or a section of domain.md that exists, and every threshold says how old
it is: a band list names the year of its origin, or says it is practitioners' judgment (经验值)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import LintContext
from ..problem import Problem
from . import problem, shown

RULE = "sources"
KNOWN_SEEDS = {
    "000_3410c16b4abedb71.txt",
    "001_762d2dfb9fccc84e.txt",
    "002_a7e1f5be1edc4507.txt",
    "003_9173e4824f3d0953.txt",
    "004_1d4d44017b4d6516.txt",
}
DOMAIN_SECTIONS = range(1, 9)
_DATED = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)|经验值")
_SEED = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
_SECTION = re.compile(r"domain\.md §(\d+)")


def _bad(source: str) -> str | None:
    for seed in _SEED.findall(source):
        if seed not in KNOWN_SEEDS:
            return f"unknown seed file {shown(seed)}"
    for section in _SECTION.findall(source):
        if int(section) not in DOMAIN_SECTIONS:
            return f"domain.md has no §{section}"
    return None


def check(ctx: LintContext) -> Iterator[Problem]:
    for doc in ctx.sections():
        message = _bad(doc.data["source"])
        if message:
            yield problem(doc, ("source",), message, RULE)
        for index, question in enumerate(doc.data["questions"]):
            for path, key, value in _sources(question, ("questions", index)):
                message = _bad(value)
                if message is None and key == "bands_source" and not _DATED.search(value):
                    message = "say when this threshold is from (a year) or that it is practitioners' judgment (经验值)"
                if message:
                    yield problem(doc, path, message, RULE)


def _sources(question: dict[str, Any], path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """The question's own sources and those of its platform, stage and category variants."""
    for key in ("source", "bands_source"):
        if key in question:
            yield (*path, key), key, question[key]
    for axis in ("platforms", "stages", "categories"):
        for name, variant in (question.get(axis) or {}).items():
            for key in ("source", "bands_source"):
                if key in variant:
                    yield (*path, axis, name, key), key, variant[key]
