"""Chinese texts follow the house style (docs/rubric-format.md): 你们, full-width punctuation, spaced numbers.

A merchant reads these sentences as if an operator wrote them; a half-width comma between Chinese words, a
switch to 您, or "近30天" next to "近 30 天" reads like a machine stitched the report together.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import LintContext
from ..problem import Problem
from . import problem, shown
from .language import texts

RULE = "style"
_CJK = "\u4e00-\u9fff"
_FULL = "，。；：？！（）“”、《》「」"
_EXCEPTIONS = re.compile(r"大V|抖Link")  # names written without a space by everyone who uses them
_HALF_WIDTH = re.compile(rf"(?<=[{_CJK}{_FULL}])[,;:?!()]|[,;:?!()](?=[{_CJK}])")
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_UNSPACED = re.compile(rf"[{_CJK}][A-Za-z0-9]|[A-Za-z0-9%‰][{_CJK}]")
_SPACED_MARK = re.compile(rf" [{_FULL}]|[{_FULL}] ")


def problems_in(text: str) -> Iterator[str]:
    """The house-style problems of one Chinese text, as messages."""
    if "您" in text:
        yield "address the merchant as 你们, not 您"
    for match in _HALF_WIDTH.finditer(text):
        mark = match.group()
        yield f"half-width {mark!r} next to Chinese: write {_FULL_WIDTH[mark]!r}"
        break
    bare = _EXCEPTIONS.sub("", text)
    match = _UNSPACED.search(bare)
    if match:
        yield f"put a space between Chinese and Latin letters or digits: {shown(match.group())}"
    match = _SPACED_MARK.search(text)
    if match:
        yield f"no space next to a full-width mark: {shown(match.group())}"


def check(ctx: LintContext) -> Iterator[Problem]:
    for doc in ctx.valid_docs():
        for path, text in texts(doc.data, ()):
            for message in problems_in(text["zh"]):
                yield problem(doc, (*path, "zh"), message, RULE)
