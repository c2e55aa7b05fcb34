"""The report object: everything a renderer needs, nothing it has to compute.

`Report.to_dict()` is the JSON report (its schema ships as `schemas/report.schema.json`).
"""

from __future__ import annotations

from typing import Any

from .answers import Notice
from .model import Level, Text
from .record import Record


def display_answer(value: Any) -> str:
    """An answer as a person reads it: yes/no, [a, b] for a checklist, the value otherwise."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    return str(value)


def _level(level: Level) -> dict[str, Any]:
    return {"id": level.id, "name": level.name.to_dict()}


class QuestionResult(Record):
    __slots__ = ("id", "capability", "status", "answer", "score", "weight", "text")

    def __init__(
        self,
        id: str,
        capability: str,
        status: str,
        answer: Any,
        score: float | None,
        weight: float,
        text: Text,
    ) -> None:
        self.id = id
        self.capability = capability
        self.status = status  # answered | unknown | na | missing | hidden
        self.answer = answer
        self.score = score
        self.weight = weight
        self.text = text

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "answer": self.answer, "score": self.score, "weight": self.weight}


class CapabilityResult(Record):
    __slots__ = (
        "id", "name", "score", "level", "target", "gap", "gap_points", "coverage", "weight", "questions", "exact",
    )  # fmt: skip
    _derived = ("exact",)

    def __init__(
        self,
        id: str,
        name: Text,
        score: float,
        level: Level,
        target: Level,
        gap: int,
        gap_points: float,
        coverage: float,
        weight: float,
        questions: list[QuestionResult],
        exact: float = 0.0,
    ) -> None:
        self.id = id
        self.name = name
        self.score = score
        self.level = level
        self.target = target
        self.gap = gap
        self.gap_points = gap_points
        self.coverage = coverage
        self.weight = weight
        self.questions = questions
        self.exact = exact  # unrounded score, so the overall is not built from roundings

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name.to_dict(),
            "score": self.score,
            "level": _level(self.level),
            "target": _level(self.target),
            "gap": self.gap,
            "gap_points": self.gap_points,
            "coverage": self.coverage,
            "weight": self.weight,
            "questions": [q.to_dict() for q in self.questions],
        }


class FlagResult(Record):
    __slots__ = ("id", "severity", "capability", "message")

    def __init__(
        self,
        id: str,
        severity: str,
        capability: str | None,
        message: Text,
    ) -> None:
        self.id = id
        self.severity = severity
        self.capability = capability
        self.message = message

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "severity": self.severity,
            "capability": self.capability,
            "message": self.message.to_dict(),
        }


class RecommendationResult(Record):
    __slots__ = (
        "id", "capability", "question", "answer", "level", "level_below", "priority", "rank", "group", "horizon",
        "owner", "impact", "effort", "title", "action", "metric", "after",
    )  # fmt: skip

    def __init__(
        self,
        id: str,
        capability: str,
        question: str | None,
        answer: Any,
        level: int | None,
        level_below: int | None,
        priority: float,
        rank: str,
        group: str,
        horizon: int,
        owner: str,
        impact: int,
        effort: int,
        title: Text,
        action: Text,
        metric: Text,
        after: list[str] | None = None,
    ) -> None:
        self.id = id
        self.capability = capability
        self.question = question
        self.answer = answer
        self.level = level  # for a level-tied action: the capability's level, and the level it fires below
        self.level_below = level_below
        self.priority = priority
        self.rank = rank  # high | medium | low
        self.group = group  # quick_win | core | strategic
        self.horizon = horizon  # 30 | 60 | 90 days
        self.owner = owner
        self.impact = impact
        self.effort = effort
        self.title = title
        self.action = action
        self.metric = metric
        self.after = [] if after is None else after

    @property
    def trigger(self) -> str:
        """What fired it, e.g. `goods.sell_through = 60` or `goods level 2 < 3` (built only when shown)."""
        if self.question is not None:
            return f"{self.question} = {display_answer(self.answer)}"
        return f"{self.capability} level {self.level} < {self.level_below}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "capability": self.capability,
            "question": self.question,
            "answer": self.answer,
            "trigger": self.trigger,
            "priority": self.priority,
            "rank": self.rank,
            "group": self.group,
            "horizon": self.horizon,
            "owner": self.owner,
            "impact": self.impact,
            "effort": self.effort,
            "title": self.title.to_dict(),
            "action": self.action.to_dict(),
            "metric": self.metric.to_dict(),
            "after": self.after,
        }


class FactMix(Record):
    """Where GMV comes from: shares as answered, and scaled to 100 when all four are given but do not add up."""

    __slots__ = ("shares", "normalised", "total")

    def __init__(
        self,
        shares: dict[str, float | None],
        normalised: dict[str, float | None],
        total: float | None,
    ) -> None:
        self.shares = shares
        self.normalised = normalised
        self.total = total

    def to_dict(self) -> dict[str, Any]:
        return {"shares": self.shares, "normalised": self.normalised, "total": self.total}


class Report(Record):
    __slots__ = (
        "merchant", "source", "rubric", "profile", "score", "level", "coverage", "complete", "capabilities", "fact",
        "flags", "recommendations", "excluded", "missing", "notices", "notes",
    )  # fmt: skip

    def __init__(
        self,
        merchant: dict[str, Any],
        source: str,
        rubric: dict[str, str],
        profile: dict[str, Any],
        score: float,
        level: Level,
        coverage: float,
        complete: bool,
        capabilities: list[CapabilityResult],
        fact: FactMix,
        flags: list[FlagResult],
        recommendations: list[RecommendationResult],
        excluded: list[str],
        missing: list[str],
        notices: list[Notice],
        notes: dict[str, str],
    ) -> None:
        self.merchant = merchant
        self.source = source
        self.rubric = rubric
        self.profile = profile
        self.score = score
        self.level = level
        self.coverage = coverage
        self.complete = complete
        self.capabilities = capabilities
        self.fact = fact
        self.flags = flags
        self.recommendations = recommendations
        self.excluded = excluded
        self.missing = missing
        self.notices = notices
        self.notes = notes

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "fact-audit/report@1",
            "merchant": self.merchant,
            "source": self.source,
            "rubric": self.rubric,
            "profile": self.profile,
            "overall": {"score": self.score, "level": _level(self.level)},
            "coverage": self.coverage,
            "complete": self.complete,
            "capabilities": [c.to_dict() for c in self.capabilities],
            "fact": self.fact.to_dict(),
            "flags": [f.to_dict() for f in self.flags],
            "recommendations": [r.to_dict() for r in self.recommendations],
            "excluded": self.excluded,
            "missing": self.missing,
            "warnings": [n.to_dict() for n in self.notices],
            "notes": self.notes,
        }
