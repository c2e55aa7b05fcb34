"""Portable, anonymous peer benchmarks (fact-audit/benchmark@1): a batch's cohort as a file consultants can keep,
pool and score new clients against, without sharing a single client.

`Benchmark` is fed one scored client at a time (the batch's `ClientResult`) and keeps, per segment, only dense
histograms of the scores (the cohort's, `cohort.Cohort`, so its memory depends on the number of segments, never on
the number of clients) and counts of flags and first-three actions. `to_dict` writes segments with at least
`min_segment` clients and nothing else about anyone: no name, file name, note or answer exists in it to leak.
`merge` adds benchmarks of one rubric version; `position` places a merchant among the closest segment's clients
with the batch's own percentile and quartile maths, so a client gets the same percentile from either.

A client made by `fact_audit.synthetic` carries `SYNTHETIC_MARK` as its consultant; one such client makes the whole
benchmark `"synthetic": true`, so a made-up benchmark can never pass for real peers. Pure: no printing, no writing.
"""

from __future__ import annotations

import json
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .cohort import MIN_SEGMENT, SPAN, Cohort, _quantile_of
from .errors import InputFileError, UsageError

FORMAT = "fact-audit/benchmark@1"
MIN_SEGMENT_FLOOR = 3  # below this a segment's histogram comes close to naming its clients' scores
SYNTHETIC_MARK = "fact-audit/synthetic"  # merchant.consultant of every made-up client (fact_audit/synthetic.py)
MAX_BENCHMARK_BYTES = 64 * 1024 * 1024  # a pooled benchmark of many segments: 1,001 values per key at most
# Segment levels, most specific first: which of (platform, category, stage) a level keeps.
LEVELS: tuple[tuple[bool, bool, bool], ...] = (
    (True, True, True),
    (False, True, True),
    (False, False, True),
    (False,) * 3,
)
_FIELDS = ("platform", "category", "stage")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?![\d])")

Segment = tuple[str | None, str | None, str | None]


def check_min_segment(min_segment: int) -> None:
    """Refuse a minimum segment size under `MIN_SEGMENT_FLOOR`: two clients' histogram tells each their peer's."""
    if min_segment < MIN_SEGMENT_FLOOR:
        raise UsageError(f"a benchmark needs segments of at least {MIN_SEGMENT_FLOOR} clients, not {min_segment}")


def segments_of(merchant: dict[str, Any]) -> list[Segment]:
    """The segments a merchant counts in, most specific first; a level is skipped when the merchant leaves one of
    its keys blank (a shop without a category is still in its stage's segment and in "all")."""
    values = [merchant.get(name) or None for name in _FIELDS]
    out: list[Segment] = []
    for keep in LEVELS:
        if all(value is not None for value, kept in zip(values, keep, strict=True) if kept):
            out.append(tuple(value if kept else None for value, kept in zip(values, keep, strict=True)))  # type: ignore[arg-type]
    return out


def _level(segment: Segment) -> int:
    return LEVELS.index(tuple(value is not None for value in segment))  # type: ignore[arg-type]


def _segment_key(segment: dict[str, Any]) -> tuple[int, str, str, str]:
    """Order of the written segments: most specific level first, then by their keys, so equal inputs give equal
    files whatever order clients or files came in."""
    keys: Segment = tuple(segment[name] for name in _FIELDS)  # type: ignore[assignment]
    return (_level(keys), *(value or "" for value in keys))  # type: ignore[return-value]


# --- placing a merchant -------------------------------------------------------------------------------------------


def closest_segment(benchmark: dict[str, Any], merchant: dict[str, Any]) -> dict[str, Any] | None:
    """The first written segment whose non-blank keys all equal the merchant's, in the file's order (most specific
    first): where the merchant's peers are, as finely as the benchmark has enough of them."""
    own = [merchant.get(name) or None for name in _FIELDS]
    candidates = [
        segment
        for segment in benchmark.get("segments", [])
        if all(
            segment.get(name) is None or segment.get(name) == value for name, value in zip(_FIELDS, own, strict=True)
        )
    ]
    return min(candidates, key=_segment_key) if candidates else None


def _percentile(histogram: Sequence[Sequence[int]], tenths: int) -> float:
    """Mid-rank percentile, 100 · (below + ½ · equal) / n, rounded to one decimal: `cohort.rank_table`'s formula, so
    a client of the batch gets exactly its summary.csv percentile; a score no peer has counts as equal to none."""
    total = below = equal = 0
    for value, count in histogram:
        total += count
        if value < tenths:
            below += count
        elif value == tenths:
            equal += count
    if not total:
        return 0.0
    return round(100 * (below + 0.5 * equal) / total, 1)


def _standing(histogram: Sequence[Sequence[int]], score: float) -> dict[str, float]:
    pairs = [(int(value), int(count)) for value, count in histogram]
    total = sum(count for _, count in pairs)
    return {
        "score": score,
        "percentile": _percentile(pairs, round(score * 10)),
        "median": _quantile_of(pairs, total, 0.5),
        "p75": _quantile_of(pairs, total, 0.75),
    }


def position(
    benchmark: dict[str, Any], merchant: dict[str, Any], overall: float, scores: dict[str, float]
) -> dict[str, Any] | None:
    """Where a merchant stands among the closest segment's clients: percentile, peer median and top quartile (p75)
    overall and per capability (a capability the merchant has no score for counts as 0, as in the batch). None when
    no segment fits, which cannot happen while the "all" segment is written."""
    segment = closest_segment(benchmark, merchant)
    if segment is None:
        return None
    histograms = segment["scores"]
    return {
        "segment": {name: segment.get(name) for name in (*_FIELDS, "clients")},
        "synthetic": bool(benchmark.get("synthetic")),
        "overall": _standing(histograms["overall"], overall),
        "capabilities": {
            cid: _standing(histograms[cid], scores.get(cid, 0.0))
            for cid in benchmark.get("capabilities", [])
            if cid in histograms
        },
    }


# --- building one from a batch ------------------------------------------------------------------------------------


class Benchmark(Cohort):
    """The cohort of a batch per benchmark segment (each client counts in up to four: its platform × category ×
    stage, category × stage, stage and "all"), with flag and first-three-action counts per segment.

    Reuses the cohort's dense histograms (one 36 KB array per segment), its score checks and its date range."""

    def __init__(self, rubric: dict[str, str], capabilities: list[str]) -> None:
        super().__init__(capabilities)
        self.rubric = {"id": str(rubric["id"]), "version": str(rubric["version"])}
        self.capabilities = list(capabilities)
        self.flag_counts: dict[Segment, Counter[str]] = {}
        self.action_counts: dict[Segment, Counter[str]] = {}
        self.clients = 0
        self.synthetic = False

    def add(self, result: Any) -> None:
        """Count one scored client (`ClientResult`: merchant, overall, scores, flag_ids, actions)."""
        tenths = self._tenths(result.overall, result.scores)
        merchant = result.merchant
        self._add_date(merchant.get("date"))
        self.clients += 1
        self.synthetic = self.synthetic or merchant.get("consultant") == SYNTHETIC_MARK
        flags = set(getattr(result, "flag_ids", ()) or ())
        actions = set((result.actions or [])[:3])
        for segment in segments_of(merchant):
            self.counts[segment] += 1  # type: ignore[index]
            histogram = self.histograms.get(segment)  # type: ignore[call-overload]
            if histogram is None:
                histogram = self.histograms[segment] = array("I", bytes(4 * SPAN * len(self.keys)))  # type: ignore[index]
            for index, value in enumerate(tenths):
                histogram[index * SPAN + value] += 1
            self.flag_counts.setdefault(segment, Counter()).update(flags)
            self.action_counts.setdefault(segment, Counter()).update(actions)

    def _add_date(self, value: Any) -> None:
        """Keep the range of the assessments' dates, from ISO dates only (a time after one is dropped):
        `merchant.date` is free text, and free text could carry what the file must never hold."""
        match = _ISO_DATE.match(str(value or ""))
        if match:
            super()._add_date(match.group(0))

    def __len__(self) -> int:
        return self.clients

    def to_dict(self, min_segment: int = MIN_SEGMENT) -> dict[str, Any]:
        """The benchmark@1 document: only segments of at least `min_segment` clients (their clients still count in
        the coarser segments), only histograms and counts."""
        check_min_segment(min_segment)
        segments = []
        for segment, histogram in self.histograms.items():
            size = self.counts[segment]
            if size < min_segment:
                continue
            scores = {
                key: [[value, count] for value, count in enumerate(self._key_counts(index, histogram)) if count]
                for index, key in enumerate(self.keys)
            }
            segments.append(
                {
                    **dict(zip(_FIELDS, segment, strict=True)),
                    "clients": size,
                    "scores": scores,
                    "flags": dict(sorted(self.flag_counts[segment].items())),  # type: ignore[index]
                    "actions": dict(sorted(self.action_counts[segment].items())),  # type: ignore[index]
                }
            )
        segments.sort(key=_segment_key)
        dates = {"first": self.first_date, "last": self.last_date} if self.first_date else None
        return {
            "format": FORMAT,
            "rubric": dict(self.rubric),
            "synthetic": self.synthetic,
            "clients": self.clients,
            "dates": dates,
            "min_segment": min_segment,
            "capabilities": list(self.capabilities),
            "segments": segments,
        }


# --- pooling --------------------------------------------------------------------------------------------------------


def _add_sparse(left: list[list[int]], right: list[list[int]]) -> list[list[int]]:
    total: Counter[int] = Counter()
    for value, count in (*left, *right):
        total[int(value)] += int(count)
    return [[value, total[value]] for value in sorted(total) if total[value]]


def _add_counts(left: dict[str, int], right: dict[str, int]) -> dict[str, int]:
    total = Counter(left)
    total.update(right)
    return dict(sorted(total.items()))


def merge(docs: Iterable[dict[str, Any]], names: Sequence[str] | None = None) -> dict[str, Any]:
    """One benchmark of several of the same rubric set and version: histograms, clients, flags and actions add; the
    dates span them all; synthetic if any is. A segment some files leave out (too few clients there) keeps what the
    others give. `min_segment` is the smallest of the inputs', the one every merged segment still meets. `names`
    (the files', for messages) say which inputs disagree."""
    docs = list(docs)
    if not docs:
        raise UsageError("give at least one benchmark to merge")
    labels = list(names) if names is not None else [f"benchmark {i + 1}" for i in range(len(docs))]
    first = docs[0]
    ref = first["rubric"]
    for doc, label in zip(docs[1:], labels[1:], strict=False):
        other = doc["rubric"]
        if (other["id"], other["version"]) != (ref["id"], ref["version"]):
            raise UsageError(
                f"cannot merge benchmarks of different rubric sets: {labels[0]} is {ref['id']} {ref['version']}, "
                f"{label} is {other['id']} {other['version']}",
                label,
                code="benchmark-rubric",
            )
    capabilities = list(first["capabilities"])
    for doc, label in zip(docs[1:], labels[1:], strict=False):
        if list(doc["capabilities"]) != capabilities:
            raise UsageError(
                f"{label} lists other capabilities than {labels[0]} for the same rubric version",
                label,
                code="benchmark-rubric",
            )
    segments: dict[Segment, dict[str, Any]] = {}
    for doc in docs:
        for segment in doc["segments"]:
            key: Segment = tuple(segment.get(name) for name in _FIELDS)  # type: ignore[assignment]
            have = segments.get(key)
            if have is None:
                segments[key] = {
                    **{name: segment.get(name) for name in _FIELDS},
                    "clients": segment["clients"],
                    "scores": {k: _add_sparse([], v) for k, v in segment["scores"].items()},
                    "flags": dict(sorted(segment["flags"].items())),
                    "actions": dict(sorted(segment["actions"].items())),
                }
                continue
            have["clients"] += segment["clients"]
            have["scores"] = {
                k: _add_sparse(have["scores"].get(k, []), segment["scores"].get(k, []))
                for k in dict.fromkeys([*have["scores"], *segment["scores"]])
            }
            have["flags"] = _add_counts(have["flags"], segment["flags"])
            have["actions"] = _add_counts(have["actions"], segment["actions"])
    firsts = [d["dates"]["first"] for d in docs if d.get("dates")]
    lasts = [d["dates"]["last"] for d in docs if d.get("dates")]
    return {
        "format": FORMAT,
        "rubric": {"id": ref["id"], "version": ref["version"]},
        "synthetic": any(bool(d.get("synthetic")) for d in docs),
        "clients": sum(int(d["clients"]) for d in docs),
        "dates": {"first": min(firsts), "last": max(lasts)} if firsts else None,
        "min_segment": min(int(d["min_segment"]) for d in docs),
        "capabilities": capabilities,
        "segments": sorted(segments.values(), key=_segment_key),
    }


_PAIR = re.compile(r"\[\s+(\d+),\s+(\d+)\s+\]")
_PAIRS = re.compile(r"\[\s+(\[\d+, \d+\](?:,\s+\[\d+, \d+\])*)\s+\]")


def dumps(benchmark: dict[str, Any]) -> str:
    """The file's text: indented for a reader, each histogram on one line (a fifth of plain indenting's size)."""
    text = _PAIR.sub(r"[\1, \2]", json.dumps(benchmark, ensure_ascii=False, indent=1))
    return _PAIRS.sub(lambda m: "[" + re.sub(r",\s+\[", ", [", m.group(1)) + "]", text) + "\n"


# --- reading --------------------------------------------------------------------------------------------------------


def load_benchmark(path: str | Path) -> dict[str, Any]:
    """Read a benchmark file safely (size limit, strict JSON: duplicate keys and NaN refused) and check it against
    schemas/benchmark.schema.json and its own arithmetic, so nothing later reads a key that is not there. A problem
    is an `InputFileError` with the code `invalid-benchmark`, at its line and column."""
    from .yamlio import _fast_json, parse_json, read_text

    text = read_text(path, limit=MAX_BENCHMARK_BYTES)
    document = _fast_json(text, str(path)) or parse_json(text, str(path))
    problem = _schema_problem(document.data) or _sum_problem(document.data)
    if problem is None:
        return document.data
    where, message = problem
    if not document.marks:  # read fast, without positions: read again to say where (only when it is wrong)
        document = parse_json(text, str(path))
    error = document.error(where, f"not a valid {FORMAT} benchmark: {message}", InputFileError)
    error.code = "invalid-benchmark"
    raise error


_SHOWN = 160  # characters of a schema message shown: a value in it may be a whole histogram


def _schema_problem(data: Any) -> tuple[tuple[Any, ...], str] | None:
    from jsonschema import Draft202012Validator  # only when a benchmark is read; never on the start-up path
    from jsonschema.exceptions import best_match

    from .schemas import load_schema

    error = best_match(Draft202012Validator(load_schema("benchmark.schema.json")).iter_errors(data))
    if error is None:
        return None
    path = tuple(error.absolute_path)
    where = "/".join(str(part) for part in path) or "the top level"
    message, value = error.message, repr(error.instance)
    if len(value) > _SHOWN // 4:
        message = message.replace(value, value[: _SHOWN // 4] + "…")
    if len(message) > _SHOWN:
        message = message[:_SHOWN] + "…"
    return path, f"{message} (at {where})"


def _sum_problem(data: dict[str, Any]) -> tuple[tuple[Any, ...], str] | None:
    """What a schema cannot say: every histogram counts its segment's clients, the segments meet the minimum, each
    histogram lists every capability, and no segment appears twice."""
    seen: set[Segment] = set()
    keys = ["overall", *data["capabilities"]]
    for index, segment in enumerate(data["segments"]):
        at = ("segments", index)
        key: Segment = tuple(segment.get(name) for name in _FIELDS)  # type: ignore[assignment]
        if key in seen:
            return at, "the same segment twice"
        seen.add(key)
        if segment["clients"] < data["min_segment"]:
            return (*at, "clients"), f"a segment of {segment['clients']} clients, under min_segment"
        if sorted(segment["scores"]) != sorted(keys):
            return (*at, "scores"), "the scores must list overall and every capability"
        for name, histogram in segment["scores"].items():
            values = [value for value, _ in histogram]
            if values != sorted(set(values)):
                return (*at, "scores", name), "histogram values must be sorted and distinct"
            if sum(count for _, count in histogram) != segment["clients"]:
                return (*at, "scores", name), f"the histogram does not count the segment's {segment['clients']} clients"
    return None
