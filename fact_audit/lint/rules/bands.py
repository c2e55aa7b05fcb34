"""Number bands are ordered, contiguous, inside the range, and score in the question's direction — the base bands
and every platform, stage and category variant's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import LintContext
from ..problem import Problem
from . import problem

RULE = "bands"


def check(ctx: LintContext) -> Iterator[Problem]:
    for doc, path, q in ctx.questions():
        if q["type"] != "number":
            continue
        low, high = q["range"]["min"], q["range"]["max"]
        if low >= high:
            yield problem(doc, (*path, "range"), f"range min {low} must be below max {high}", RULE)
            continue
        yield from _check_bands(doc, path, q["bands"], low, high, q["direction"])
        for axis in ("platforms", "stages", "categories"):
            for key, variant in (q.get(axis) or {}).items():
                if "bands" in variant:
                    yield from _check_bands(doc, (*path, axis, key), variant["bands"], low, high, q["direction"])


def _check_bands(
    doc, path: tuple[Any, ...], bands: list[dict[str, Any]], low, high, direction: str
) -> Iterator[Problem]:
    for i, band in enumerate(bands):
        bpath = (*path, "bands", i)
        b_min, b_max = band.get("min"), band.get("max")
        if b_min is not None and b_max is not None and b_min >= b_max:
            yield problem(doc, bpath, f"band min {b_min} must be below its max {b_max}", RULE)
        if i == 0 and b_min is not None and b_min > low:
            yield problem(
                doc, bpath, f"the first band starts at {b_min}, leaving {low}–{b_min} of the range unscored", RULE
            )
        if i > 0:
            prev_max = bands[i - 1].get("max")
            if b_min is None or prev_max is None:
                yield problem(doc, bpath, "only the first band may omit min and only the last may omit max", RULE)
            elif b_min < prev_max:
                yield problem(doc, bpath, f"band overlaps the previous one ({b_min} < {prev_max})", RULE)
            elif b_min > prev_max:
                yield problem(doc, bpath, f"gap between bands: {prev_max}–{b_min} is not scored", RULE)
        if i == len(bands) - 1 and b_max is not None and b_max < high:
            yield problem(
                doc, bpath, f"the last band ends at {b_max}, leaving {b_max}–{high} of the range unscored", RULE
            )
        for edge in (b_min, b_max):
            if edge is not None and not (low <= edge <= high):
                yield problem(doc, bpath, f"band edge {edge} lies outside the range {low}–{high}", RULE)
    scores = [band["score"] for band in bands]
    if direction == "higher_better" and scores != sorted(scores):
        yield problem(doc, (*path, "bands"), "higher_better bands must not score lower as the value rises", RULE)
    elif direction == "lower_better" and scores != sorted(scores, reverse=True):
        yield problem(doc, (*path, "bands"), "lower_better bands must not score higher as the value rises", RULE)
    elif direction == "target_range":
        peak = scores.index(max(scores))
        if scores[: peak + 1] != sorted(scores[: peak + 1]) or scores[peak:] != sorted(scores[peak:], reverse=True):
            yield problem(
                doc, (*path, "bands"), "target_range bands must rise to one best band and fall after it", RULE
            )
