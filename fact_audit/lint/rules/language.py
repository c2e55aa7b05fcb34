"""Both languages are really there: Chinese text has Chinese in it, English text has Latin letters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import LintContext
from ..problem import Problem
from . import problem

RULE = "language"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def texts(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], dict[str, str]]]:
    """Every bilingual {zh, en} text below `value`, with its path."""
    if isinstance(value, dict):
        if set(value) == {"zh", "en"} and all(isinstance(v, str) for v in value.values()):
            yield path, value
            return
        for key, inner in value.items():
            yield from texts(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from texts(inner, (*path, index))


def check(ctx: LintContext) -> Iterator[Problem]:
    for doc in ctx.valid_docs():
        for path, text in texts(doc.data, ()):
            if not _CJK.search(text["zh"]):
                yield problem(doc, (*path, "zh"), "the zh text has no Chinese in it (untranslated?)", RULE)
            en = text["en"]
            if not _LATIN.search(en) or len(_CJK.findall(en)) > len(en) / 3:
                yield problem(doc, (*path, "en"), "the en text is not English (untranslated?)", RULE)
