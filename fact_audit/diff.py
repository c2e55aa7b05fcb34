"""`fact-audit rubrics diff`: what a rubric edit changes — in content, and in real merchants' scores.

Like a golden-result diff: the same answers files are scored against the old and the new set (through the new
set's migration map where it has one) and every score that moves is listed. This module computes the diff; its
text, JSON and Markdown forms are in `fact_audit.renderers.rubric_diff`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import FactAuditError
from .model import Question, RubricSet

LANGS = ("zh", "en")


@dataclass
class Change:
    kind: str  # added | removed | renamed | reworded | reweighted | retyped | options | bands | condition | capability
    target: str
    detail: str = ""
    field: str | None = None  # reworded: text | help | option:<id> | title | action | metric
    old: dict[str, str] | None = None  # reworded: the text before, in both languages
    new: dict[str, str] | None = None  # …and after

    def changed(self) -> list[str]:
        """The languages whose wording changed (a Chinese-only edit leaves the English as it was)."""
        if self.old is None or self.new is None:
            return []
        return [lang for lang in LANGS if self.old.get(lang) != self.new.get(lang)]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "target": self.target, "detail": self.detail}
        if self.field is not None:
            out.update(field=self.field, old=self.old, new=self.new, changed=self.changed())
        return out


def _reworded(target: str, field: str, old: Any, new: Any) -> list[Change]:
    """A `reworded` change when a text differs in either language; the detail quotes the English for old readers of
    the JSON, the renderers show the language the reader chose (`--lang`)."""
    if old is None or new is None or (old.zh, old.en) == (new.zh, new.en):
        return []
    before, after = {"zh": old.zh, "en": old.en}, {"zh": new.zh, "en": new.en}
    lang = "en" if old.en != new.en else "zh"
    return [Change("reworded", target, f"{before[lang]!r} → {after[lang]!r}", field, before, after)]


@dataclass
class MerchantDelta:
    source: str
    name: str | None
    old: dict[str, float] = field(default_factory=dict)  # "overall" and capability ids
    new: dict[str, float] = field(default_factory=dict)
    error: str | None = None

    def deltas(self) -> dict[str, float]:
        return {k: round(self.new[k] - self.old.get(k, 0.0), 1) for k in self.new if k in self.old}

    def largest(self) -> float:
        return max((abs(v) for v in self.deltas().values()), default=0.0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "name": self.name,
            "old": self.old,
            "new": self.new,
            "delta": self.deltas(),
            "error": self.error,
        }


def _fmt(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _question_changes(old: Question, new: Question) -> list[Change]:
    out = [*_reworded(new.id, "text", old.text, new.text), *_reworded(new.id, "help", old.help, new.help)]
    if old.weight != new.weight:
        out.append(Change("reweighted", new.id, f"{_fmt(old.weight)} → {_fmt(new.weight)}"))
    if old.type != new.type:
        out.append(Change("retyped", new.id, f"{old.type} → {new.type}"))
    elif old.options != new.options:
        before = {o.id: o.score for o in old.options}
        after = {o.id: o.score for o in new.options}
        parts = [f"+{k}" for k in after if k not in before] + [f"-{k}" for k in before if k not in after]
        parts += [f"{k} {_fmt(before[k])}→{_fmt(after[k])}" for k in after if k in before and before[k] != after[k]]
        texts = {o.id: o.text for o in old.options}
        reworded = [c for o in new.options for c in _reworded(new.id, f"option:{o.id}", texts.get(o.id), o.text)]
        if parts or not reworded:  # the same options in both languages, only listed in another order: "order"
            out.append(Change("options", new.id, ", ".join(parts) or "order"))
        out += reworded
    if old.bands != new.bands or old.range != new.range:

        def edges(q: Question) -> str:
            return " | ".join(
                f"[{_fmt(b.min) if b.min is not None else ''}, {_fmt(b.max) if b.max is not None else ''}) "
                f"{_fmt(b.score)}"
                for b in q.bands
            )

        out.append(Change("bands", new.id, f"{edges(old)} → {edges(new)}"))
    if (old.when.source if old.when else None) != (new.when.source if new.when else None):
        out.append(
            Change(
                "condition", new.id, f"{old.when.source if old.when else '—'} → {new.when.source if new.when else '—'}"
            )
        )
    return out


def content_changes(old: RubricSet, new: RubricSet) -> list[Change]:
    changes: list[Change] = []
    renamed: dict[str, str | None] = {}
    from .migrate import path

    for step in path(new.migrations, old.version, new.version) or []:
        renamed.update(step.questions)
    old_caps = {c.id: c for c in old.capabilities}
    new_caps = {c.id: c for c in new.capabilities}
    for cid in new_caps.keys() - old_caps.keys():
        changes.append(Change("capability", cid, "added"))
    for cid in old_caps.keys() - new_caps.keys():
        changes.append(Change("capability", cid, "removed"))
    for cid in new_caps.keys() & old_caps.keys():
        if old_caps[cid].weight != new_caps[cid].weight:
            changes.append(Change("reweighted", cid, f"{_fmt(old_caps[cid].weight)} → {_fmt(new_caps[cid].weight)}"))
    for pid, profile in new.profiles.items():
        before = old.profiles.get(pid)
        if before and (before.weights != profile.weights or before.targets != profile.targets):
            changes.append(Change("profile", pid, "weights or targets changed"))
    for qid in old.questions:
        if qid not in new.questions:
            if renamed.get(qid):
                changes.append(Change("renamed", qid, f"→ {renamed[qid]}"))
            else:
                changes.append(Change("removed", qid, "dropped" if qid in renamed else "no migration entry"))
    moved_to = {v for v in renamed.values() if v}
    for qid, question in new.questions.items():
        if qid not in old.questions:
            if qid not in moved_to:
                changes.append(Change("added", qid, question.type))
            continue
        changes.extend(_question_changes(old.questions[qid], question))
    for old_id, new_id in renamed.items():
        if new_id and old_id in old.questions and new_id in new.questions:
            changes.extend(_question_changes(old.questions[old_id], new.questions[new_id]))
    for rid in new.recommendations.keys() - old.recommendations.keys():
        changes.append(Change("added", rid, "recommendation"))
    for rid in old.recommendations.keys() - new.recommendations.keys():
        changes.append(Change("removed", rid, "recommendation"))
    for rid, rec in new.recommendations.items():
        if rid in old.recommendations:
            for name in ("title", "action", "metric"):
                changes += _reworded(rid, name, getattr(old.recommendations[rid], name), getattr(rec, name))
    order = {"capability": 0, "reweighted": 1, "profile": 2, "removed": 3, "renamed": 4, "added": 5}
    return sorted(changes, key=lambda c: (order.get(c.kind, 6), c.target, c.field or ""))


def _scores(rubric: RubricSet, path: Path) -> tuple[str | None, dict[str, float]]:
    from .answers import load_answers
    from .scoring import score

    report = score(rubric, load_answers(path, rubric))
    return report.merchant.get("name"), {"overall": report.score, **{c.id: c.score for c in report.capabilities}}


def score_changes(old: RubricSet, new: RubricSet, answers: list[Path]) -> list[MerchantDelta]:
    out = []
    for path in answers:
        delta = MerchantDelta(str(path), None)
        try:
            delta.name, delta.old = _scores(old, path)
            _, delta.new = _scores(new, path)
        except FactAuditError as error:
            delta.error = str(error)
        out.append(delta)
    return out


@dataclass
class RubricDiff:
    old: str
    new: str
    changes: list[Change]
    merchants: list[MerchantDelta]
    lang: str = "en"  # the language the human formats are written in (`--lang`); JSON carries both

    def largest(self) -> float:
        return max((m.largest() for m in self.merchants), default=0.0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "changes": [c.to_dict() for c in self.changes],
            "merchants": [m.to_dict() for m in self.merchants],
            "largest_move": self.largest(),
        }


def diff(old: RubricSet, new: RubricSet, answers: list[Path], lang: str = "en") -> RubricDiff:
    return RubricDiff(old.ref, new.ref, content_changes(old, new), score_changes(old, new, answers), lang)
