"""`fact-audit history`: one merchant over several dates, from answers files or saved JSON reports.

`compare` sees two dates; a consultant's quarterly review needs the whole run. Each input becomes a small *point*
(`point`: the date, the scores, the targets and the open actions of one report dictionary; `compare.load_report`
reads either kind of file), and `build_history` orders the points by `merchant.date` and works out the trend. Pure:
no printing, no writing; renderers format the `History` record.

Decisions, so the output can be trusted:
- every input must carry a `merchant.date` (an ISO date): a history whose order is guessed misleads, so a file
  without one is an error naming it (code `history-date`), never silently placed last;
- inputs naming different merchants are refused (code `history-merchant`, naming both and their files) unless
  `force`, which keeps them and notes it in the record (`other_merchants`);
- equal dates keep the order the files were given in;
- the target of each capability is the latest report's (the stage may have moved up meanwhile), and the overall
  target is the latest weights' mean of the capability targets — the overall score the merchant would have with
  every capability exactly at its target (the overall is Σ W·score / Σ W, see `scoring`);
- actions resolved: those the first report asked for that the latest no longer lists; actions still open: every
  action of the latest report, with the date it first appeared.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from .compare import load_report, progress
from .errors import AnswersError, UsageError
from .model import RubricSet
from .record import Record

HISTORY_FORMAT = "fact-audit/history@1"


def point(report: dict[str, Any], source: str) -> dict[str, Any]:
    """What a history keeps of one report dictionary (a fact-audit/report@1): small, plain and JSON-ready, so a
    batch can spool it beside its summary row."""
    return {
        "source": source,
        "merchant": dict(report.get("merchant") or {}),
        "overall": report["overall"]["score"],
        "overall_level": report["overall"]["level"],
        "capabilities": [
            {
                "id": c["id"],
                "name": c["name"],
                "score": c["score"],
                "level": c["level"],
                "target": c["target"],
                "weight": c.get("weight", 1.0),
            }
            for c in report["capabilities"]
        ],
        "actions": [{"id": r["id"], "title": r["title"]} for r in report.get("recommendations", [])],
    }


def batch_trend(report: Any) -> dict[str, Any] | None:
    """What a batch spools of one scored client (a `report.Report`) so that it can draw the client's history page
    later, should the same merchant come again: levels, targets, weights and the actions with their titles. None for
    a client without a name or a date, which can have no history."""
    if not report.merchant.get("name") or not report.merchant.get("date"):
        return None
    return {
        "levels": {c.id: _level(c.level) for c in report.capabilities},
        "targets": {c.id: _level(c.target) for c in report.capabilities},
        "weights": {c.id: c.weight for c in report.capabilities},
        "names": {c.id: c.name.to_dict() for c in report.capabilities},
        "overall_level": _level(report.level),
        "actions": [{"id": r.id, "title": r.title.to_dict()} for r in report.recommendations],
    }


def _level(level: Any) -> dict[str, Any]:
    return {"id": level.id, "name": level.name.to_dict()}


def point_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """A batch's spooled row (with its `trend`, see `batch_trend`) as a history point."""
    trend = row["trend"]
    merchant = {key: row.get(key) for key in ("name", "platform", "stage", "category", "date")}
    return {
        "source": row["source"],
        "merchant": {key: value for key, value in merchant.items() if value is not None},
        "overall": row["overall"],
        "overall_level": trend["overall_level"],
        "capabilities": [
            {
                "id": cid,
                "name": trend["names"][cid],
                "score": score,
                "level": trend["levels"][cid],
                "target": trend["targets"][cid],
                "weight": trend["weights"][cid],
            }
            for cid, score in row["scores"].items()
        ],
        "actions": trend["actions"],
    }


class History(Record):
    """The trend of one merchant: one entry per date in every list, oldest first."""

    __slots__ = ("merchant", "dates", "sources", "overall", "capabilities", "resolved", "open", "other_merchants")

    def __init__(
        self,
        merchant: dict[str, Any],
        dates: list[str],
        sources: list[str],
        overall: dict[str, Any],
        capabilities: list[dict[str, Any]],
        resolved: list[dict[str, Any]],
        open: list[dict[str, Any]],
        other_merchants: list[str] | None = None,
    ) -> None:
        self.merchant = merchant  # the latest report's merchant block
        self.dates = dates  # ISO dates, oldest first
        self.sources = sources  # the file of each date
        self.overall = overall  # scores, levels, steps, change, target_score, progress
        self.capabilities = capabilities  # the same per capability, with id, name and target
        self.resolved = resolved  # {id, title, resolved}: asked for at the first date, gone by the last
        self.open = open  # {id, title, since, new}: the latest report's actions
        self.other_merchants = [] if other_merchants is None else other_merchants  # names kept by force

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": HISTORY_FORMAT,
            "merchant": self.merchant,
            "dates": self.dates,
            "sources": self.sources,
            "other_merchants": self.other_merchants,
            "overall": self.overall,
            "capabilities": self.capabilities,
            "resolved": self.resolved,
            "open": self.open,
        }


def load_history(
    paths: Sequence[str | Path], rubric: RubricSet, force: bool = False, profile: str | None = None
) -> History:
    """The history of the reports behind `paths` (answers files are scored first, as `compare` does)."""
    return build_history((point(load_report(path, rubric, profile), str(path)) for path in paths), rubric, force)


def history_files(paths: Sequence[str | Path]) -> list[str]:
    """The files behind the command line: a file as given, a folder as every answers or JSON file directly in it
    (YAML, JSON; not its subfolders, and never a batch's summary.json), in name order, each file once. A folder
    without one is an error naming it: a history silently missing a date would mislead."""
    from .sources import ANSWER_SUFFIXES

    files: list[str] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            files.append(str(raw))
            continue
        found = sorted(
            entry.path
            for entry in os.scandir(path)
            if os.path.splitext(entry.name)[1].lower() in ANSWER_SUFFIXES
            and entry.name != "summary.json"
            and entry.is_file()
        )
        if not found:
            raise UsageError("folder holds no *.yaml, *.yml or *.json answers files or reports", str(raw))
        files.extend(found)
    unique: dict[str, str] = {}  # a file named twice (itself and its folder) is one assessment, not two
    for file in files:
        unique.setdefault(os.path.realpath(file), file)
    return list(unique.values())


def iso_date(value: Any, source: str) -> str:
    """`merchant.date` as an ISO date string, or an error naming the file: the order of a history rests on it."""
    if value is None or value == "":
        message = "has no merchant.date; a history orders its files by date, so give each one"
        raise AnswersError(message, source, code="history-date")
    try:
        return datetime.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        message = f"merchant.date {str(value)[:40]!r} is not a date (YYYY-MM-DD)"
        raise AnswersError(message, source, code="history-date") from None


def build_history(points: Iterable[dict[str, Any]], rubric: RubricSet, force: bool = False) -> History:
    """Order the points by date and work out the trend (see the module docstring for the rules)."""
    dated = [(iso_date(p["merchant"].get("date"), p["source"]), index, p) for index, p in enumerate(points)]
    if not dated:
        raise AnswersError("no files to make a history of", code="history-empty")
    dated.sort(key=lambda item: (item[0], item[1]))
    others = _check_merchants([p for _, _, p in dated], force)
    points_in_order = [p for _, _, p in dated]
    dates = [d for d, _, _ in dated]
    last = points_in_order[-1]
    level_min = {level.id: level.min for level in rubric.levels}
    capabilities = []
    for cap in last["capabilities"]:
        scores = [_score_of(p, cap["id"]) for p in points_in_order]
        target_score = level_min.get(cap["target"]["id"], 100.0)
        capabilities.append(
            {
                "id": cap["id"],
                "name": cap["name"],
                "target": cap["target"],
                "target_score": target_score,
                **_trend(scores, [_level_of(p, cap["id"]) for p in points_in_order], target_score),
            }
        )
    weights = {c["id"]: c.get("weight", 1.0) for c in last["capabilities"]}
    total = sum(weights.values())
    overall_target = (
        round(sum(weights[c["id"]] * c["target_score"] for c in capabilities) / total, 1) if total else 100.0
    )
    overall = {
        "target_score": overall_target,
        **_trend(
            [p["overall"] for p in points_in_order], [p["overall_level"] for p in points_in_order], overall_target
        ),
    }
    resolved, still_open = _actions(points_in_order, dates)
    return History(
        merchant=last["merchant"],
        dates=dates,
        sources=[p["source"] for p in points_in_order],
        overall=overall,
        capabilities=capabilities,
        resolved=resolved,
        open=still_open,
        other_merchants=others,
    )


def _check_merchants(points: list[dict[str, Any]], force: bool) -> list[str]:
    """The merchant names other than the latest one's: refused unless `force`."""
    names = {p["merchant"].get("name"): p["source"] for p in points}
    if len(names) < 2:
        return []
    latest = points[-1]["merchant"].get("name")
    if not force:
        (name_a, file_a), (name_b, file_b) = list(names.items())[:2]
        raise AnswersError(
            f"names merchant {str(name_b)[:60]!r}, but {file_a} names {str(name_a)[:60]!r}; a history is one "
            "merchant's (use --force to show them together)",
            file_b,
            code="history-merchant",
        )
    return [str(name) for name in names if name != latest]


def _score_of(p: dict[str, Any], cid: str) -> float | None:
    """A capability's score at one date; None when that report had no such capability (another rubric version)."""
    return next((c["score"] for c in p["capabilities"] if c["id"] == cid), None)


def _level_of(p: dict[str, Any], cid: str) -> dict[str, Any] | None:
    return next((c["level"] for c in p["capabilities"] if c["id"] == cid), None)


def _trend(scores: list[float | None], levels: list[Any], target: float) -> dict[str, Any]:
    """Scores and levels by date, the step from the previous date, the change from first to last, and progress to
    `target` over the whole run (`compare.progress`)."""
    steps: list[float | None] = [None]
    for before, now in pairwise(scores):
        steps.append(None if before is None or now is None else round(now - before, 1))
    known = [s for s in scores if s is not None]
    change = round(known[-1] - known[0], 1) if len(known) > 1 else 0.0
    return {
        "scores": scores,
        "levels": levels,
        "steps": steps,
        "change": change,
        "progress": progress(known[0], known[-1], target) if known else None,
    }


def _actions(points: list[dict[str, Any]], dates: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    first = {a["id"]: a for a in points[0]["actions"]}
    latest = {a["id"]: a for a in points[-1]["actions"]}
    resolved = []
    for rid, action in first.items():
        if rid in latest:
            continue
        # resolved at the first date after which it never came back
        when = next(
            (dates[i] for i in range(len(points) - 1, 0, -1) if _has(points[i - 1], rid) and not _has(points[i], rid)),
            dates[-1],
        )
        resolved.append({"id": rid, "title": action["title"], "resolved": when})
    still_open = []
    for rid, action in latest.items():
        start = len(points) - 1
        while start > 0 and _has(points[start - 1], rid):  # the start of its latest unbroken run
            start -= 1
        since = dates[start]
        still_open.append({"id": rid, "title": action["title"], "since": since, "new": rid not in first})
    return resolved, still_open


def _has(p: dict[str, Any], rid: str) -> bool:
    return any(a["id"] == rid for a in p["actions"])
