"""Cohort statistics: percentiles and quartiles from histograms equal those of the plain lists of scores."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from hypothesis import given
from hypothesis import strategies as st

from fact_audit.batch import ClientResult
from fact_audit.cohort import Cohort, quantile, rank_table


def _result(overall: float, category: str, stage: str) -> ClientResult:
    return ClientResult(
        "x", "n", {"category": category, "stage": stage}, overall, 1, "", {"goods": overall}, 1, True, 0, []
    )


def percentile_rank(sorted_values: list[float], value: float) -> float:
    """The definition (README): mid-rank percentile of `value` in an ascending list, 100 · (below + ½ · equal) / n."""
    below = bisect_left(sorted_values, value)
    equal = bisect_right(sorted_values, value) - below
    return round(100 * (below + 0.5 * equal) / len(sorted_values), 1)


def test_cohort_maths_by_hand() -> None:
    assert percentile_rank([10, 20, 20, 40], 20) == 50.0  # (1 below + ½·2 equal) / 4
    assert percentile_rank([10, 20, 20, 40], 40) == 87.5  # (3 + ½) / 4
    table = rank_table([1 if tenths in (100, 400) else 2 if tenths == 200 else 0 for tenths in range(1001)])
    assert (table[200], table[400]) == (500, 875)  # the same, in tenths of a percent
    assert quantile([10, 20, 30, 40], 0.25) == 17.5 and quantile([10, 20, 30, 40], 0.5) == 25.0
    cohort = Cohort(["goods"])
    for overall, category in ((10, "食品"), (20, "食品"), (30, "食品"), (40, "服饰"), (50, "食品")):
        cohort.add(_result(overall, category, "growth"))
    batch, segment, size = cohort.percentiles(30, {"goods": 30}, ("食品", "growth"), min_segment=4)
    assert batch["overall"] == 50.0  # 30 among 10..50: (2 + ½) / 5
    assert size == 4 and segment["overall"] == 62.5  # 30 among 10, 20, 30, 50: (2 + ½) / 4
    assert cohort.percentiles(40, {"goods": 40}, ("服饰", "growth"), min_segment=4)[1] is None  # a lone member
    stats = cohort.summary()["overall"]
    assert stats == {"mean": 30.0, "min": 10.0, "p25": 20.0, "median": 30.0, "p75": 40.0, "max": 50.0}


@given(st.lists(st.integers(0, 1000), min_size=1, max_size=60))
def test_ranking_once_per_value_agrees_with_percentile_rank(tenths: list[int]) -> None:
    ordered = sorted(tenths)
    counts = [0] * 1001
    for value in tenths:
        counts[value] += 1
    table = rank_table(counts)
    assert all(table[value] / 10 == percentile_rank(ordered, value) for value in tenths)


@given(st.lists(st.tuples(st.integers(0, 1000), st.sampled_from(["食品", "服饰", ""])), min_size=1, max_size=80))
def test_cohort_histograms_give_the_statistics_of_the_plain_lists(rows: list[tuple[int, str]]) -> None:
    """Counting tenths in histograms changes no number: the statistics equal those computed on the scores."""
    scores = [tenths / 10 for tenths, _ in rows]
    cohort = Cohort(["goods"])
    for score, (_, category) in zip(scores, rows, strict=True):
        cohort.add(_result(score, category, "growth"))
    ordered = sorted(scores)
    summary = cohort.summary()
    assert summary["overall"] == summary["goods"]
    assert abs(summary["overall"].pop("mean") - sum(scores) / len(scores)) <= 0.05 + 1e-9  # rounded to one decimal
    quartiles = (("min", 0), ("p25", 0.25), ("median", 0.5), ("p75", 0.75), ("max", 1))
    assert summary["overall"] == {name: quantile(ordered, q) for name, q in quartiles}
    for score, (_, category) in zip(scores, rows, strict=True):
        batch, segment, size = cohort.percentiles(score, {"goods": score}, (category, "growth"), min_segment=2)
        assert batch["overall"] == batch["goods"] == percentile_rank(ordered, score)
        members = sorted(s for s, (_, c) in zip(scores, rows, strict=True) if c == category)
        assert size == len(members)
        if size >= 2 and category:
            assert segment is not None and segment["goods"] == percentile_rank(members, score)
        else:
            assert segment is None
