"""Peer benchmark files (fact_audit/benchmark.py): segments and the privacy floor, the lookup reports use, pooling,
and reading a file someone sent. The batch end to end (1,000 clients, summary.csv agreement) is in
tests/cli/test_benchmark_cli.py."""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fact_audit.benchmark import (
    FORMAT,
    SYNTHETIC_MARK,
    Benchmark,
    dumps,
    load_benchmark,
    merge,
    position,
    segments_of,
)
from fact_audit.cohort import Cohort, quantile
from fact_audit.errors import FactAuditError, InputFileError, UsageError

CAPS = ["goods", "content"]
RUBRIC = {"id": "fact-8", "version": "1.1.0"}


def client(
    platform: str | None,
    category: str | None,
    stage: str | None,
    overall: float,
    goods: float = 50.0,
    content: float = 50.0,
    **merchant: Any,
) -> SimpleNamespace:
    """What the accumulator reads of the batch's `ClientResult`."""
    flag_ids, actions = merchant.pop("flag_ids", []), merchant.pop("actions", [])
    return SimpleNamespace(
        merchant={"platform": platform, "category": category, "stage": stage, **merchant},
        overall=overall,
        scores={"goods": goods, "content": content},
        flag_ids=flag_ids,
        actions=actions,
    )


def built(clients: list[SimpleNamespace], min_segment: int = 3) -> dict[str, Any]:
    benchmark = Benchmark(RUBRIC, CAPS)
    for one in clients:
        benchmark.add(one)
    return benchmark.to_dict(min_segment)


def keys(doc: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(s["platform"], s["category"], s["stage"]) for s in doc["segments"]]


def mid_rank(values: list[float], value: float) -> float:
    """The definition (README): 100 · (below + ½ · equal) / n, on a plain sorted list."""
    values = sorted(values)
    below = bisect_left(values, value)
    return round(100 * (below + 0.5 * (bisect_right(values, value) - below)) / len(values), 1)


def test_small_segments_are_left_out_but_their_clients_count_in_the_coarser_ones() -> None:
    clients = [client("douyin", "服饰", "growth", 10.0 * i) for i in range(4)]
    clients += [client("kuaishou", "服饰", "growth", 55.0), client("kuaishou", "服饰", "growth", 65.0)]
    doc = built(clients, min_segment=3)
    assert keys(doc) == [
        ("douyin", "服饰", "growth"),
        (None, "服饰", "growth"),
        (None, None, "growth"),
        (None, None, None),
    ]  # the two kuaishou shops have no segment of their own …
    assert [s["clients"] for s in doc["segments"]] == [4, 6, 6, 6]  # … and are counted everywhere coarser
    assert doc["clients"] == 6 and all(s["clients"] >= doc["min_segment"] for s in doc["segments"])


def test_a_minimum_under_three_is_refused() -> None:
    with pytest.raises(UsageError):
        built([client("douyin", "服饰", "growth", 1.0)] * 3, min_segment=2)


def test_a_blank_key_skips_the_levels_that_need_it() -> None:
    assert segments_of({"platform": "douyin", "category": "", "stage": "growth"}) == [
        (None, None, "growth"),
        (None, None, None),
    ]
    assert segments_of({}) == [(None, None, None)]


def test_the_file_holds_counts_never_who() -> None:
    clients = [
        client("douyin", "食品", "starter", 40.0 + i, name=f"秘密店{i}", date=f"2026-0{i + 1}-15", flag_ids=["f1"])
        for i in range(3)
    ]
    clients[0].actions = ["a", "b", "c", "d"]  # only the first three count
    doc = built(clients)
    text = dumps(doc)
    assert "秘密店" not in text
    assert doc["dates"] == {"first": "2026-01-15", "last": "2026-03-15"}
    everyone = doc["segments"][-1]
    assert everyone["flags"] == {"f1": 3} and everyone["actions"] == {"a": 1, "b": 1, "c": 1}
    assert everyone["scores"]["overall"] == [[400, 1], [410, 1], [420, 1]]
    assert doc["synthetic"] is False and built([client(None, None, None, 1.0)] * 3)["dates"] is None


def test_only_iso_dates_enter_the_file() -> None:
    """merchant.date is free text: what is not an ISO date is left out, a time after one is dropped."""
    clients = [
        client(None, None, None, 1.0, date="2026-03-04T10:00"),
        client(None, None, None, 1.0, date="张三说的上周二"),
        client(None, None, None, 1.0, date="2026-01-02 秘密店"),
        client(None, None, None, 1.0, date=None),
    ]
    doc = built(clients)
    assert doc["dates"] == {"first": "2026-01-02", "last": "2026-03-04"}
    assert "张三" not in dumps(doc) and "秘密店" not in dumps(doc)


def test_one_synthetic_client_marks_the_whole_benchmark() -> None:
    real = [client("douyin", "食品", "starter", 40.0) for _ in range(4)]
    assert built(real)["synthetic"] is False
    assert built([*real, client("douyin", "食品", "starter", 1.0, consultant=SYNTHETIC_MARK)])["synthetic"] is True


def test_position_by_hand() -> None:
    overall = [10.0, 20.0, 20.0, 40.0, 70.0]
    doc = built([client("douyin", "服饰", "growth", s, goods=s) for s in overall])
    place = position(doc, {"platform": "douyin", "category": "服饰", "stage": "growth"}, 20.0, {"goods": 40.0})
    assert place is not None
    assert place["segment"] == {"platform": "douyin", "category": "服饰", "stage": "growth", "clients": 5}
    assert place["overall"] == {"score": 20.0, "percentile": 40.0, "median": 20.0, "p75": 40.0}  # (1 + ½·2) / 5
    assert place["capabilities"]["goods"]["percentile"] == 70.0  # (3 + ½) / 5
    assert place["capabilities"]["content"]["score"] == 0.0  # no score given counts as 0, as in the batch
    outsider = position(doc, {"platform": "douyin", "category": "服饰", "stage": "growth"}, 30.0, {})
    assert outsider is not None and outsider["overall"]["percentile"] == mid_rank(overall, 30.0) == 60.0


def test_position_falls_back_to_the_closest_segment_with_enough_clients() -> None:
    doc = built([client("douyin", "服饰", "growth", 50.0)] * 3 + [client("kuaishou", "服饰", "growth", 30.0)])
    kuaishou = position(doc, {"platform": "kuaishou", "category": "服饰", "stage": "growth"}, 30.0, {})
    assert kuaishou is not None and kuaishou["segment"] == {
        "platform": None,
        "category": "服饰",
        "stage": "growth",
        "clients": 4,
    }
    elsewhere = position(doc, {"platform": "channels", "category": "食品", "stage": "mature"}, 30.0, {})
    assert elsewhere is not None and elsewhere["segment"]["clients"] == 4 and elsewhere["segment"]["stage"] is None
    without_all = {**doc, "segments": doc["segments"][:1]}
    assert position(without_all, {"platform": "kuaishou", "category": "服饰", "stage": "growth"}, 1.0, {}) is None


scores = st.integers(0, 1000).map(lambda tenths: tenths / 10)


@given(st.lists(st.tuples(scores, scores, st.sampled_from(["食品", "服饰"]), st.sampled_from(["growth", "mature"]))))
def test_position_agrees_with_the_batch_cohort(rows: list[tuple[float, float, str, str]]) -> None:
    """The same client gets the same percentile from the batch (cohort.py) and from the benchmark; median and p75
    are `quantile` of the plain list."""
    results = [
        SimpleNamespace(
            merchant={"platform": "douyin", "category": c, "stage": s},
            overall=o,
            level=1,
            scores={"goods": g, "content": 0.0},
            flags=0,
            complete=True,
            flag_ids=[],
            actions=[],
        )
        for o, g, c, s in rows
    ]
    if len(results) < 3:
        return
    cohort, benchmark = Cohort(CAPS), Benchmark(RUBRIC, CAPS)
    for result in results:
        cohort.add(result)
        benchmark.add(result)
    doc = benchmark.to_dict(3)
    for result in results:
        batch, segment, size = cohort.percentiles(result.overall, result.scores, Cohort.segment(result.merchant), 3)
        everyone = position(doc, {}, result.overall, result.scores)
        assert everyone is not None
        assert everyone["overall"]["percentile"] == batch["overall"]
        assert everyone["capabilities"]["goods"]["percentile"] == batch["goods"]
        same = [r.overall for r in results if Cohort.segment(r.merchant) == Cohort.segment(result.merchant)]
        place = position(doc, {k: result.merchant[k] for k in ("category", "stage")}, result.overall, result.scores)
        assert place is not None
        if segment is None:
            assert place["segment"]["category"] is None  # too small: the stage's or everyone's
            continue
        assert place["segment"]["clients"] == size == len(same)
        assert place["overall"]["percentile"] == segment["overall"]
        assert place["overall"]["median"] == quantile(sorted(same), 0.5)
        assert place["overall"]["p75"] == quantile(sorted(same), 0.75)


# --- merge ---------------------------------------------------------------------------------------------------------


def test_merge_adds_and_keeps_what_only_some_files_have() -> None:
    a = built([client("douyin", "服饰", "growth", 50.0, date="2026-02-01", flag_ids=["f"])] * 3)
    b = built([client("kuaishou", "服饰", "growth", 60.0, date="2026-05-01")] * 4, min_segment=4)
    b["synthetic"] = True
    pooled = merge([a, b])
    assert pooled["clients"] == 7 and pooled["synthetic"] is True and pooled["min_segment"] == 3
    assert pooled["dates"] == {"first": "2026-02-01", "last": "2026-05-01"}
    by_key = dict(zip(keys(pooled), pooled["segments"], strict=True))
    assert by_key[("douyin", "服饰", "growth")]["clients"] == 3  # only `a` has it: kept with what `a` gives
    assert by_key[("kuaishou", "服饰", "growth")]["clients"] == 4
    assert by_key[(None, None, None)]["scores"]["overall"] == [[500, 3], [600, 4]]
    assert by_key[(None, None, None)]["flags"] == {"f": 3}
    assert keys(pooled)[:2] == [("douyin", "服饰", "growth"), ("kuaishou", "服饰", "growth")]  # most specific first


def test_merge_refuses_another_rubric_version_naming_both() -> None:
    a = built([client(None, None, "growth", 50.0)] * 3)
    b = {**a, "rubric": {"id": "fact-8", "version": "1.0.0"}}
    with pytest.raises(FactAuditError) as caught:
        merge([a, b], ["ours.json", "theirs.json"])
    message = str(caught.value)
    assert "ours.json" in message and "theirs.json" in message and "1.1.0" in message and "1.0.0" in message
    assert caught.value.code == "benchmark-rubric"


def _segment(platform: str | None, category: str | None, stage: str | None, values: list[int]) -> dict[str, Any]:
    histogram = sorted({v: values.count(v) for v in values}.items())
    sparse = [[v, n] for v, n in histogram]
    return {
        "platform": platform,
        "category": category,
        "stage": stage,
        "clients": len(values),
        "scores": {"overall": sparse, "goods": sparse, "content": sparse},
        "flags": {"f": len(values)} if values[0] % 2 else {},
        "actions": {"a": 1},
    }


segment_keys = st.sampled_from(
    [("douyin", "服饰", "growth"), (None, "服饰", "growth"), (None, None, "growth"), (None, None, None)]
)
documents = st.builds(
    lambda picked, synthetic, minimum, date: {
        "format": FORMAT,
        "rubric": dict(RUBRIC),
        "synthetic": synthetic,
        "clients": sum(len(v) for _, v in picked.items()),
        "dates": None if date is None else {"first": date, "last": date},
        "min_segment": minimum,
        "capabilities": list(CAPS),
        "segments": [_segment(*key, values) for key, values in picked.items()],
    },
    st.dictionaries(segment_keys, st.lists(st.integers(0, 1000), min_size=3, max_size=8), max_size=4),
    st.booleans(),
    st.integers(3, 6),
    st.none() | st.dates().map(str),
)


@given(documents, documents, documents)
def test_merge_is_associative_and_commutative(a: dict[str, Any], b: dict[str, Any], c: dict[str, Any]) -> None:
    assert merge([a, b]) == merge([b, a])
    assert dumps(merge([a, b])) == dumps(merge([b, a]))  # the same file, not only the same data
    assert merge([merge([a, b]), c]) == merge([a, merge([b, c])]) == merge([a, b, c])


# --- reading -------------------------------------------------------------------------------------------------------


def test_a_written_benchmark_reads_back(tmp_path: Path) -> None:
    doc = built([client("douyin", "服饰", "growth", 50.0 + i) for i in range(5)])
    path = tmp_path / "peers.json"
    path.write_text(dumps(doc), encoding="utf-8")
    assert load_benchmark(path) == doc


def _broken(doc: dict[str, Any]) -> list[tuple[str, Any]]:
    """(what is wrong, the broken document): each must be refused."""
    wrong_sum = json.loads(json.dumps(doc))
    wrong_sum["segments"][0]["scores"]["goods"][0][1] += 1
    small = json.loads(json.dumps(doc))
    small["segments"][0]["clients"] = 2
    low_minimum = {**doc, "min_segment": 2}
    missing = {k: v for k, v in doc.items() if k != "rubric"}
    named = json.loads(json.dumps(doc))
    named["segments"][0]["name"] = "秘密店"
    unsorted = json.loads(json.dumps(doc))
    unsorted["segments"][0]["scores"]["overall"].reverse()
    return [
        ("a histogram that does not count its clients", wrong_sum),
        ("a segment under the minimum", small),
        ("a minimum under three", low_minimum),
        ("no rubric", missing),
        ("a key the format does not have", named),
        ("an unsorted histogram", unsorted),
        ("another format", {**doc, "format": "fact-audit/report@1"}),
    ]


def test_a_broken_benchmark_is_refused_at_its_place(tmp_path: Path) -> None:
    doc = built([client("douyin", "服饰", "growth", 50.0 + i) for i in range(5)])
    for what, broken in _broken(doc):
        path = tmp_path / "broken.json"
        path.write_text(json.dumps(broken, ensure_ascii=False, indent=1), encoding="utf-8")
        with pytest.raises(InputFileError) as caught:
            load_benchmark(path)
        assert caught.value.code == "invalid-benchmark", what
        assert caught.value.file == str(path) and caught.value.line is not None, what


def test_a_benchmark_with_a_duplicate_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_text('{"format": "fact-audit/benchmark@1", "format": "x"}', encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        load_benchmark(path)
    assert caught.value.code == "duplicate-key"


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    from jsonschema import Draft202012Validator

    from fact_audit.schemas import load_schema

    Draft202012Validator.check_schema(load_schema("benchmark.schema.json"))
