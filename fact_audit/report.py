"""The report object: everything a renderer needs, nothing it has to compute.

`Report.to_dict()` is the JSON report (its schema ships as `schemas/report.schema.json`).
"""

from __future__ import annotations

from typing import Any

from .answers import Notice
from .model import Level, Text
from .record import Record


def display_answer(value: Any) -> str:
    """An answer as a consultant's tools read it (batch CSV, compare): yes/no, [a, b] for a checklist."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    return str(value)


def _level(level: Level) -> dict[str, Any]:
    return {"id": level.id, "name": level.name.to_dict()}


class QuestionResult(Record):
    __slots__ = ("id", "capability", "status", "answer", "score", "weight", "text", "label")

    def __init__(
        self,
        id: str,
        capability: str,
        status: str,
        answer: Any,
        score: float | None,
        weight: float,
        text: Text,
        label: Text | None = None,
    ) -> None:
        self.id = id
        self.capability = capability
        self.status = status  # answered | computed | unknown | na | missing | hidden
        self.answer = answer
        self.score = score
        self.weight = weight
        self.text = text
        self.label = label if label is not None else text

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "answer": self.answer, "score": self.score, "weight": self.weight}


class CapabilityResult(Record):
    __slots__ = (
        "id", "name", "score", "level", "target", "gap", "gap_points", "coverage", "weight", "questions", "status",
        "level_uncapped", "capped_by", "exact",
    )  # fmt: skip

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
        status: str = "scored",
        level_uncapped: Level | None = None,
        capped_by: list[str] | None = None,
        exact: float = 0.0,
    ) -> None:
        self.id = id
        self.name = name
        self.score = score
        self.level = level  # the level shown: capped while a red line holds
        self.target = target
        self.gap = gap
        self.gap_points = gap_points
        self.coverage = coverage
        self.weight = weight  # 0 when not used: left out of the overall
        self.questions = questions
        self.status = status  # scored | not_used
        self.level_uncapped = level if level_uncapped is None else level_uncapped
        self.capped_by = [] if capped_by is None else capped_by  # red-line flag ids
        self.exact = exact  # unrounded score, so the overall is not built from roundings

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name.to_dict(),
            "status": self.status,
            "score": self.score,
            "level": _level(self.level),
            "level_uncapped": _level(self.level_uncapped),
            "capped_by": self.capped_by,
            "target": _level(self.target),
            "gap": self.gap,
            "gap_points": self.gap_points,
            "coverage": self.coverage,
            "weight": self.weight,
            "questions": [q.to_dict() for q in self.questions],
        }


class FlagResult(Record):
    __slots__ = ("id", "severity", "capability", "message", "caps")

    def __init__(
        self,
        id: str,
        severity: str,
        capability: str | None,
        message: Text,
        caps: dict[str, int] | None = None,
    ) -> None:
        self.id = id
        self.severity = severity
        self.capability = capability
        self.message = message
        self.caps = {} if caps is None else caps

    @property
    def red_line(self) -> bool:
        return bool(self.caps)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "severity": self.severity,
            "capability": self.capability,
            "message": self.message.to_dict(),
            "caps": self.caps,
        }


class Reason(Record):
    """One answer that triggered an action, in the merchant's words.

    The words are built on first use: a batch scores thousands of clients and renders few of their actions, so
    the sentence is made only for the reports that show it (`explain` is passed in, to keep this module free of
    the core's imports)."""

    __slots__ = ("question", "answer", "_text", "_explain")
    _derived = ("_text", "_explain")

    def __init__(self, question: str, answer: Any, text: Text | None = None, explain: Any = None) -> None:
        self.question = question
        self.answer = answer
        self._explain = explain  # a no-argument callable returning the Text, used once
        self._text = text

    @property
    def text(self) -> Text:
        if self._text is None:
            self._text = self._explain()
            self._explain = None
        return self._text

    def __reduce__(self):  # the words travel, the means to make them do not
        return (Reason, (self.question, self.answer, self.text))

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "answer": self.answer, "text": self.text.to_dict()}


class RecommendationResult(Record):
    __slots__ = (
        "id", "capability", "because", "priority", "rank", "group", "horizon", "owner", "impact", "effort", "level",
        "title", "action", "metric", "after", "lifts", "later",
    )  # fmt: skip

    def __init__(
        self,
        id: str,
        capability: str,
        because: list[Reason],
        priority: float,
        rank: str,
        group: str,
        horizon: int,
        owner: str,
        impact: int,
        effort: int,
        level: int,
        title: Text,
        action: Text,
        metric: Text,
        after: list[str] | None = None,
        lifts: list[str] | None = None,
        later: str | None = None,
    ) -> None:
        self.id = id
        self.capability = capability
        self.because = because  # the answers that triggered it, each below its question's best
        self.priority = priority
        self.rank = rank  # high | medium | low
        self.group = group  # quick_win | core | strategic
        self.horizon = horizon  # 30 | 60 | 90 days
        self.owner = owner  # a role the shop has
        self.impact = impact
        self.effort = effort
        self.level = level  # the capability level it builds toward
        self.title = title
        self.action = action
        self.metric = metric
        self.after = [] if after is None else after  # prerequisites that come first in the plan
        self.lifts = [] if lifts is None else lifts  # red lines it removes while they hold
        self.later = later  # None (in the plan) | beyond_target | red_lines_first | capacity | after_later

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "capability": self.capability,
            "because": [reason.to_dict() for reason in self.because],
            "priority": self.priority,
            "rank": self.rank,
            "group": self.group,
            "horizon": self.horizon,
            "owner": self.owner,
            "impact": self.impact,
            "effort": self.effort,
            "level": self.level,
            "title": self.title.to_dict(),
            "action": self.action.to_dict(),
            "metric": self.metric.to_dict(),
            "after": self.after,
            "lifts": self.lifts,
            **({"later": self.later} if self.later else {}),
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
        "flags", "recommendations", "excluded", "missing", "notices", "notes", "level_uncapped", "capped_by", "later",
        "unknown", "labels", "provisional", "context", "peers",
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
        level_uncapped: Level | None = None,
        capped_by: list[FlagResult] | None = None,
        later: list[RecommendationResult] | None = None,
        unknown: list[str] | None = None,
        labels: dict[str, Text] | None = None,
        provisional: bool = False,
        context: list[QuestionResult] | None = None,
        peers: dict[str, Any] | None = None,
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
        self.level_uncapped = level if level_uncapped is None else level_uncapped
        self.capped_by = [] if capped_by is None else capped_by  # red lines that cap the overall level
        self.later = [] if later is None else later  # the backlog: beyond the target, or past the team's capacity
        self.unknown = [] if unknown is None else unknown  # key numbers answered "don't know"
        self.labels = {} if labels is None else labels  # question id -> short name, for notes and exclusions
        self.provisional = provisional  # from a quick interview: a first look, not a verdict (the interview sets it)
        self.context = [] if context is None else context  # the shop overview's answers: not scored, compared
        self.peers = peers  # the merchant among a benchmark's peers (`peers.attach_peers`); None without one

    def label(self, question_id: str, lang: str) -> str:
        """A question's short name in `lang`; never its id in a Chinese report unless the set has none."""
        found = self.labels.get(question_id)
        return found(lang) if found is not None else question_id

    @property
    def red_lines(self) -> list[FlagResult]:
        return [flag for flag in self.flags if flag.red_line]

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "fact-audit/report@1",
            "merchant": self.merchant,
            "source": self.source,
            "rubric": self.rubric,
            "profile": self.profile,
            "overall": {
                "score": self.score,
                "level": _level(self.level),
                "level_uncapped": _level(self.level_uncapped),
                "capped_by": [flag.id for flag in self.capped_by],
            },
            "coverage": self.coverage,
            "complete": self.complete,
            "capabilities": [c.to_dict() for c in self.capabilities],
            "context": [q.to_dict() for q in self.context],
            "fact": self.fact.to_dict(),
            "flags": [f.to_dict() for f in self.flags],
            "recommendations": [r.to_dict() for r in self.recommendations],
            "later": [r.to_dict() for r in self.later],
            "unknown": self.unknown,
            "excluded": self.excluded,
            "missing": self.missing,
            "warnings": [n.to_dict() for n in self.notices],
            "notes": self.notes,
            **({"provisional": True} if self.provisional else {}),  # absent on a full report: old readers unchanged
            **({"peers": self.peers} if self.peers is not None else {}),  # absent without --benchmark, likewise
        }
