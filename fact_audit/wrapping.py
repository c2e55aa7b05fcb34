"""Line wrapping for terminal text in Chinese and English: display widths, hanging indents, CJK line-breaking rules.

Terminal libraries wrap at spaces, so a Chinese option with none moves whole to the next line and leaves its number
alone above it, and a break may put a `。` at the start of a line. Here a line may break between any two Chinese
characters or at a space, never inside a Latin word or number, never before closing punctuation and never after
opening punctuation (the kinsoku rules every Chinese typesetter follows); continuation lines are indented to where
the text starts. Pure and standard-library only (base layer), so the interview, the renderers and the help use it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

# No line starts with these: they close or end what comes before them.
CLOSING = frozenset("，。、；：？！）」』】》〉〕］｝…‥·”’％‰,.;:?!)]}%")
# No line ends with these: they open what comes after them.
OPENING = frozenset("（「『【《〈〔［｛“‘([{")


def char_width(char: str) -> int:
    """Columns one character takes in a terminal: 2 for wide (CJK, full-width), 0 for combining marks, else 1."""
    if unicodedata.combining(char) or char in "\u200b\u200d\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal."""
    return sum(char_width(char) for char in text)


def _breakable(char: str) -> bool:
    """A wide character: a line may break before or after it (unless punctuation rules say otherwise)."""
    return char_width(char) == 2


def _units(text: str, cjk: bool = True) -> Iterator[tuple[int, int, int]]:
    """The text as unbreakable units, each `(gap_start, start, end)`: `text[gap_start:start]` is the whitespace
    before the unit (dropped when a line breaks there), `text[start:end]` the unit itself. A unit is one wide
    character or one run of narrow ones, with closing punctuation glued to what precedes it and opening punctuation
    to what follows it. With `cjk` off, a unit is everything between spaces (a command line: `报告.html` stays
    whole)."""
    pieces: list[tuple[int, int, int]] = []  # (gap_start, start, end) before gluing
    index, length = 0, len(text)
    while index < length:
        gap = index
        while index < length and text[index].isspace():
            index += 1
        if index >= length:
            break
        start = index
        if cjk and _breakable(text[index]):
            index += 1
        else:
            while index < length and not text[index].isspace() and not (cjk and _breakable(text[index])):
                index += 1
        while index < length and char_width(text[index]) == 0 and not text[index].isspace():
            index += 1  # combining marks stay with their base
        pieces.append((gap, start, index))
    glued: list[list[int]] = []
    for gap, start, end in pieces:
        previous = glued[-1] if glued else None
        if previous is not None and (text[start] in CLOSING or text[previous[2] - 1] in OPENING):
            previous[2] = end  # no break before closing punctuation, nor after opening punctuation
        else:
            glued.append([gap, start, end])
    for gap, start, end in glued:
        yield gap, start, end


def line_spans(
    text: str, width: int, first: int = 0, rest: int | None = None, cjk: bool = True
) -> list[tuple[int, int]]:
    """Where to break one paragraph (no newlines): the `(start, end)` of each line in `text`, for lines of `width`
    columns whose first has `first` columns taken by a prefix and the others `rest` (default: `first`). A unit wider
    than a line gets a line of its own rather than being cut; a line never holds the prefix alone. `cjk=False`
    breaks at spaces only."""
    rest = first if rest is None else rest
    spans: list[tuple[int, int]] = []
    line_start = line_end = -1
    used = 0
    for _gap, start, end in _units(text, cjk):
        room = width - (first if not spans else rest)
        size = display_width(text[start:end])
        if line_start < 0:
            line_start, line_end, used = start, end, size
            continue
        added = display_width(text[line_end:start]) + size
        if used + added <= room:
            line_end, used = end, used + added
        else:
            spans.append((line_start, line_end))
            line_start, line_end, used = start, end, size
    if line_start >= 0:
        spans.append((line_start, line_end))
    return spans


def wrap(text: str, width: int, first: str = "", rest: str | None = None, cjk: bool = True) -> list[str]:
    """`text` as lines of at most `width` columns: the first line starts with `first` (e.g. `"  4. "`), the others
    with `rest` (default: spaces as wide as `first`, a hanging indent). Newlines in `text` start new paragraphs,
    which continue with `rest`. An empty text gives the prefix alone; `cjk=False` breaks at spaces only."""
    if rest is None:
        rest = " " * display_width(first)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        prefix = first if not lines else rest
        spans = line_spans(paragraph, width, display_width(prefix), display_width(rest), cjk)
        if not spans:
            lines.append(prefix.rstrip() if lines else prefix)
            continue
        for number, (start, end) in enumerate(spans):
            lines.append((prefix if number == 0 else rest) + paragraph[start:end])
    return lines


def fill(text: str, width: int, first: str = "", rest: str | None = None) -> str:
    """`wrap`, joined with newlines."""
    return "\n".join(wrap(text, width, first, rest))


def console_lines(console: object, text: str, first: str = "", rest: str | None = None) -> list[str]:
    """`text` as lines for `console` (anything with rich's `width` and `soft_wrap`): wrapped to its width when it
    wraps (a terminal), one line when it does not (piped output stays unwrapped, so a log reads cleanly). Print each
    line with `soft_wrap=True`, so the console does not wrap it again by its own rules."""
    width = getattr(console, "width", None)
    if getattr(console, "soft_wrap", True) or not isinstance(width, int) or width <= 0:
        return [first + text]
    return wrap(text, width, first, rest)
