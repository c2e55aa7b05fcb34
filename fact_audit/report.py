"""The report object: everything a renderer needs, nothing it has to compute.

`Report.to_dict()` is the JSON report (its schema ships as `schemas/report.schema.json`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .answers import Notice
from .model import Level, Text


def display_answer(value: Any) -> str:
    """An answer as a person reads it: yes/no, [a, b] for a checklist, the value otherwise."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    return str(value)


def _level(level: Level) -> dict[str, Any]:
    return {"id": level.id, "name": level.name.to_dict()}


@dataclass(slots=True)
class QuestionResult:
    id: str
    capability: str
    status: str  # answered | unknown | na | missing | hidden
    answer: Any
    score: float | None
    weight: float
    text: Text

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "answer": self.answer, "score": self.score, "weight": self.weight}


@dataclass(slots=True)
class CapabilityResult:
    id: str
    name: Text
    score: float
    level: Level
    target: Level
    gap: int
    gap_points: float
    coverage: float
    weight: float
    questions: list[QuestionResult]
    exact: float = field(default=0.0, repr=False)  # unrounded score, so the overall is not built from roundings

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


@dataclass(slots=True)
class FlagResult:
    id: str
    severity: str
    capability: str | None
    message: Text

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "severity": self.severity,
            "capability": self.capability,
            "message": self.message.to_dict(),
        }


@dataclass(slots=True)
class RecommendationResult:
    id: str
    capability: str
    question: str | None
    answer: Any
    level: int | None  # for a level-tied action: the capability's level, and the level it fires below
    level_below: int | None
    priority: float
    rank: str  # high | medium | low
    group: str  # quick_win | core | strategic
    horizon: int  # 30 | 60 | 90 days
    owner: str
    impact: int
    effort: int
    title: Text
    action: Text
    metric: Text
    after: list[str] = field(default_factory=list)

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


@dataclass
class FactMix:
    """Where GMV comes from: shares as answered, and scaled to 100 when all four are given but do not add up."""

    shares: dict[str, float | None]
    normalised: dict[str, float | None]
    total: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"shares": self.shares, "normalised": self.normalised, "total": self.total}


@dataclass
class Report:
    merchant: dict[str, Any]
    source: str
    rubric: dict[str, str]
    profile: dict[str, Any]
    score: float
    level: Level
    coverage: float
    complete: bool
    capabilities: list[CapabilityResult]
    fact: FactMix
    flags: list[FlagResult]
    recommendations: list[RecommendationResult]
    excluded: list[str]
    missing: list[str]
    notices: list[Notice]
    notes: dict[str, str]

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
