"""Cohort statistics of a batch: each client's percentile in the batch and in its category/stage segment, and the
mean and quartiles per score, from histograms whose size never depends on how many clients there are.

Percentiles are mid-rank, 100 · (below + ½ · equal) / n; quartiles interpolate between closest ranks (numpy's
default). Both are defined on plain lists of scores (`quantile`; the tests hold the histograms to them).
"""

from __future__ import annotations

import itertools
import math
from array import array
from collections import Counter
from collections.abc import Sequence
from typing import Any, Protocol

MIN_SEGMENT = 5  # a category/stage segment needs this many clients before it gets its own percentiles
SPAN = 1001  # a score in tenths: 0 to 1000


class Scored(Protocol):
    """What the cohort reads of a scored client (`fact_audit.batch.ClientResult` is one)."""

    merchant: dict[str, Any]
    overall: float
    level: int
    scores: dict[str, float]
    flags: int
    complete: bool


def rank_table(counts: Sequence[int]) -> array[int]:
    """The mid-rank percentile, 100 · (below + ½ · equal) / n, of every value a dense histogram (clients per tenths
    value) counts, in tenths of a percent, indexed by the value: 2 KB, however many clients there are."""
    total = sum(counts)
    table = array("H", bytes(2 * len(counts)))
    below = 0
    for value, equal in enumerate(counts):
        if equal:
            table[value] = round(10 * round(100 * (below + 0.5 * equal) / total, 1))
            below += equal
    return table


def quantile(sorted_values: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not sorted_values:
        return 0.0
    position = (len(sorted_values) - 1) * q
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return round(sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low), 1)


class Cohort:
    """Histograms of the clients' scores per category/stage segment: all the statistics need.

    Scores have one decimal, so each key of a segment is a dense histogram of 1,001 tenths values, one 36 KB array
    per segment: the cohort's size depends on how many segments there are, never on how many clients (issue 8: a
    batch's memory must not grow with its size). A client's percentiles are looked up from its own row, re-read
    from the spool.
    """

    def __init__(self, capabilities: list[str]) -> None:
        self.keys = ("overall", *capabilities)
        self.counts: Counter[tuple[str, str]] = Counter()  # clients per segment
        self.histograms: dict[tuple[str, str], array[int]] = {}  # segment -> clients per (key, tenths)
        self.total_tenths = [0] * len(self.keys)
        self.levels: dict[int, int] = {}  # overall level id -> clients
        self.flagged = 0  # clients with at least one flag
        self.complete = 0  # clients who answered every question
        self.first_date: str | None = None  # the earliest and latest assessment date the answers give
        self.last_date: str | None = None

    @staticmethod
    def segment(merchant: dict[str, Any]) -> tuple[str, str]:
        return (merchant.get("category") or "", merchant.get("stage") or "")

    def _tenths(self, overall: float, scores: dict[str, float]) -> list[int]:
        """The client's scores in tenths, in key order (a capability it lacks counts as 0)."""
        tenths = [round(overall * 10), *(round(scores.get(key, 0.0) * 10) for key in self.keys[1:])]
        if not all(0 <= value < SPAN for value in tenths):
            raise ValueError(f"a score outside 0..100: {overall}, {scores}")
        return tenths

    def add(self, result: Scored) -> None:
        self.levels[result.level] = self.levels.get(result.level, 0) + 1
        self.flagged += result.flags > 0
        self.complete += bool(result.complete)
        self._add_date(result.merchant.get("date"))
        segment = self.segment(result.merchant)
        self.counts[segment] += 1
        histogram = self.histograms.get(segment)
        if histogram is None:
            histogram = self.histograms[segment] = array("I", bytes(4 * SPAN * len(self.keys)))
        for index, value in enumerate(self._tenths(result.overall, result.scores)):
            histogram[index * SPAN + value] += 1
            self.total_tenths[index] += value

    def _add_date(self, value: Any) -> None:
        """Keep the range of the answers' dates (ISO dates sort as text); a date that is not given is skipped."""
        if value is None or value == "":
            return
        text = str(value)
        if self.first_date is None or text < self.first_date:
            self.first_date = text
        if self.last_date is None or text > self.last_date:
            self.last_date = text

    def bands(self, width: int = 20) -> dict[str, list[int]]:
        """Clients per score band of `width` points (0–19, 20–39, …, the last band taking 100), per key: the
        spread the portfolio page shows, read off the histograms, so it costs nothing per client."""
        edges = [round(10 * width * i) for i in range(1, math.ceil(100 / width))]
        out: dict[str, list[int]] = {}
        for index, key in enumerate(self.keys):
            counts = self._batch_counts(index)
            bounds = [0, *edges, SPAN]
            out[key] = [sum(counts[low:high]) for low, high in itertools.pairwise(bounds)]
        return out

    def overview(self) -> dict[str, Any]:
        """What the portfolio page shows of the cohort besides the summary: levels per capability, how many
        clients have flags or answered everything, and the range of the assessments' dates."""
        return {
            "bands": self.bands(),
            "flagged": self.flagged,
            "complete": self.complete,
            "first_date": self.first_date,
            "last_date": self.last_date,
        }

    def __len__(self) -> int:
        return sum(self.counts.values())

    @staticmethod
    def _key_counts(index: int, histogram: array[int]) -> array[int]:
        return histogram[index * SPAN : (index + 1) * SPAN]

    def _batch_counts(self, index: int) -> list[int]:
        columns = [self._key_counts(index, histogram) for histogram in self.histograms.values()]
        return [sum(column) for column in zip(*columns, strict=True)] if columns else [0] * SPAN

    def prepare(self) -> None:
        """Rank every value once per key, for the batch and for each segment, so a client's percentiles are table
        lookups."""
        self._ranks = [rank_table(self._batch_counts(index)) for index in range(len(self.keys))]
        self._segment_ranks = {
            segment: [rank_table(self._key_counts(index, histogram)) for index in range(len(self.keys))]
            for segment, histogram in self.histograms.items()
        }

    def percentiles(
        self, overall: float, scores: dict[str, float], segment: tuple[str, str], min_segment: int = MIN_SEGMENT
    ) -> tuple[dict[str, float], dict[str, float] | None, int]:
        """(percentile in the batch, percentile in its segment or None, segment size) per key, of a client that
        was added with these scores."""
        if not hasattr(self, "_ranks"):
            self.prepare()
        tenths = self._tenths(overall, scores)
        batch = {key: self._ranks[i][tenths[i]] / 10 for i, key in enumerate(self.keys)}
        size = self.counts[segment]
        if size < min_segment or not all(segment):  # a segment needs a category and a stage
            return batch, None, size
        ranks = self._segment_ranks[segment]
        return batch, {key: ranks[i][tenths[i]] / 10 for i, key in enumerate(self.keys)}, size

    def summary(self) -> dict[str, Any]:
        """Mean and quartiles per key (quartiles as `quantile` gives them on the list of scores)."""
        count = len(self)
        out: dict[str, Any] = {}
        for index, key in enumerate(self.keys):
            histogram = [(value, n) for value, n in enumerate(self._batch_counts(index)) if n]
            out[key] = {
                "mean": round(self.total_tenths[index] / count / 10, 1) if count else 0.0,
                **{name: _quantile_of(histogram, count, q) for name, q in _QUARTILES},
            }
        return out


_QUARTILES = (("min", 0), ("p25", 0.25), ("median", 0.5), ("p75", 0.75), ("max", 1))


def _quantile_of(histogram: list[tuple[int, int]], count: int, q: float) -> float:
    """`quantile` of the scores whose tenths have this sorted histogram, without listing them."""
    if not count:
        return 0.0
    position = (count - 1) * q
    low = int(position)
    high = min(low + 1, count - 1)
    return quantile([_nth(histogram, low) / 10, _nth(histogram, high) / 10], position - low)


def _nth(histogram: list[tuple[int, int]], index: int) -> int:
    """The value at `index` (0-based) of the sorted values the histogram counts."""
    seen = 0
    for value, count in histogram:
        seen += count
        if index < seen:
            return value
    raise IndexError(index)
