"""Where a merchant stands against peers: a report's scores placed in a benchmark (`fact_audit.benchmark`).

A consultant's strongest line is "shops like yours reach X; you are at Y". The benchmark does the statistics
(`benchmark.position`: the closest segment with enough clients, mid-rank percentiles, median and top quartile, the
batch's own arithmetic); this module only checks that the benchmark speaks the report's rubric version and adds
what the report reads next to it: the gap to the peers' top quartile beside the gap to the stage target. Pure:
no printing, no files; a mismatch is one `BenchmarkMismatch` carrying the benchmark's file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import FactAuditError

if TYPE_CHECKING:
    from .report import Report


class BenchmarkMismatch(FactAuditError):
    """A benchmark built on another rubric set or version than the report: its percentiles would compare answers
    to different questions, so it is refused rather than silently read."""

    code = "benchmark-version"


def _ref(rubric: dict[str, Any] | None) -> str:
    rubric = rubric or {}
    return f"{rubric.get('id', '?')}@{rubric.get('version', '?')}"


def check_version(benchmark: dict[str, Any], rubric: dict[str, Any], source: str | None = None) -> None:
    """Refuse a benchmark whose rubric id or version differs from the report's, naming both and the way out."""
    theirs = benchmark.get("rubric") or {}
    if (theirs.get("id"), theirs.get("version")) == (rubric.get("id"), rubric.get("version")):
        return
    raise BenchmarkMismatch(
        f"benchmark made with rubric {_ref(theirs)}, but the report is scored with {_ref(rubric)}, so their "
        f"scores do not compare: rebuild the benchmark with {_ref(rubric)} (migrate its clients' answers with "
        "fact-audit migrate, then fact-audit batch … --save-benchmark)",
        file=source,
    )


def _gap(p75: float, score: float) -> float:
    """Points to the peers' top quartile; 0 once the merchant is in it."""
    return round(max(0.0, p75 - score), 1)


def peers_of(
    benchmark: dict[str, Any],
    merchant: dict[str, Any],
    rubric: dict[str, Any],
    overall: float,
    capabilities: list[tuple[str, float, float]],
    source: str | None = None,
) -> dict[str, Any] | None:
    """The peers block for scores given as (capability id, score, gap to target in points), in report order; None
    when the benchmark has no segment for this merchant. Shared by reports and by saved JSON reports (`compare`)."""
    from .benchmark import position

    check_version(benchmark, rubric, source)
    scores = {cid: score for cid, score, _ in capabilities}
    found = position(benchmark, merchant, overall, scores)
    if found is None:
        return None
    placed = found.get("capabilities") or {}
    rows: dict[str, Any] = {}
    for cid, score, to_target in capabilities:
        stats = placed.get(cid)
        if stats is None:  # a capability the benchmark does not hold: nothing to place it against
            continue
        rows[cid] = {**stats, "gap_p75": _gap(stats["p75"], score), "gap_target": to_target}
    top = found["overall"]
    return {
        "segment": dict(found["segment"]),
        "synthetic": bool(found.get("synthetic") or benchmark.get("synthetic")),
        "overall": {**top, "gap_p75": _gap(top["p75"], overall)},
        "capabilities": rows,
    }


def attach_peers(report: Report, benchmark: dict[str, Any] | None, source: str | None = None) -> Report:
    """Place `report` among the benchmark's peers (report.peers, None without a benchmark); returns the report.

    `source` names the benchmark's file in the error raised when it was built with another rubric version."""
    if benchmark is None:
        report.peers = None
        return report
    report.peers = peers_of(
        benchmark,
        report.merchant,
        report.rubric,
        report.score,
        [(c.id, c.score, c.gap_points) for c in report.capabilities],
        source,
    )
    return report


def attach_compare_peers(
    comparison: dict[str, Any],
    old: dict[str, Any],
    new: dict[str, Any],
    benchmark: dict[str, Any] | None,
    source: str | None = None,
) -> dict[str, Any]:
    """Both sides of a comparison (report dictionaries, as `compare.load_report` gives them) against the same
    peers, the newer side's segment (a shop that moved up a stage is measured against its new peers both times):
    comparison["peers"] = {"old": …, "new": …}. Each side is checked against the benchmark's version."""
    if benchmark is None:
        return comparison
    merchant, sides = new["merchant"], {"old": old, "new": new}
    comparison["peers"] = {side: _dict_peers(report, merchant, benchmark, source) for side, report in sides.items()}
    return comparison


def _dict_peers(
    report: dict[str, Any], merchant: dict[str, Any], benchmark: dict[str, Any], source: str | None
) -> dict[str, Any] | None:
    caps = [(c["id"], c["score"], c.get("gap_points", 0.0)) for c in report["capabilities"]]
    return peers_of(benchmark, merchant, report["rubric"], report["overall"]["score"], caps, source)
