"""`fact-audit compare`: the same merchant at two dates (or its own answers against a consultant's).

Works on report dictionaries (the JSON report), so either side may be an answers file (scored first) or a JSON
report saved earlier: `load_report` reads either, checking a saved report against the shipped report schema before
anything reads it (`check_report`); `compare` is pure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .answers import answers_from_document
from .errors import AnswersError
from .model import RubricSet
from .scoring import score
from .yamlio import ANSWERS_TEXT_KEYS, Document, load_file

REPORT_FORMAT = "fact-audit/report@1"
_SHOWN = 160  # characters of a schema message shown: a value in it may be a whole file


def load_report(path: str | Path, rubric: RubricSet, profile: str | None = None) -> dict[str, Any]:
    """One side of a comparison as a report dictionary: an answers file is scored against `rubric` (and `profile`,
    default the merchant's stage); a JSON report (format fact-audit/report@1) is checked (`check_report`) and taken
    as it is."""
    document = load_file(path, allow_aliases=False, text_keys=ANSWERS_TEXT_KEYS)
    if isinstance(document.data, dict) and document.data.get("format") == REPORT_FORMAT:
        check_report(document)
        return document.data
    if not isinstance(document.data, dict):
        raise AnswersError("expected an answers file or a JSON report", str(path))
    return score(rubric, answers_from_document(document, rubric), profile).to_dict()


def check_report(document: Document) -> None:
    """Refuse a saved report that does not follow schemas/report.schema.json, at the place it goes wrong, with the
    code `invalid-report`: `compare` reads reports by key and would otherwise fail on the first one missing."""
    from jsonschema import Draft202012Validator  # only for saved reports; never on the start-up path
    from jsonschema.exceptions import best_match

    from .schemas import load_schema

    error = best_match(Draft202012Validator(load_schema("report.schema.json")).iter_errors(document.data))
    if error is None:
        return
    path = tuple(error.absolute_path)
    where = "/".join(str(part) for part in path) or "the top level"
    message, value = error.message, repr(error.instance)
    if len(value) > _SHOWN // 4:  # the value is quoted first in most messages: shorten it, keep what is wrong
        message = message.replace(value, value[: _SHOWN // 4] + "…")
    if len(message) > _SHOWN:
        message = message[:_SHOWN] + "…"
    problem = document.error(path, f"not a valid {REPORT_FORMAT} report: {message} (at {where})", AnswersError)
    problem.code = "invalid-report"
    raise problem


def _answers(report: dict[str, Any]) -> dict[str, Any]:
    """Every given answer, the shop overview's included (team size, FACT shares: a change there explains many)."""
    questions = [*report.get("context", []), *(q for c in report["capabilities"] for q in c["questions"])]
    return {q["id"]: q["answer"] for q in questions if q["status"] not in ("missing", "hidden")}


def progress(baseline: float, current: float, target: float) -> float | None:
    """(current − baseline) / (target − baseline); None when the baseline already met the target."""
    if target <= baseline:
        return None
    return round((current - baseline) / (target - baseline), 3)


def compare(old: dict[str, Any], new: dict[str, Any], rubric: RubricSet) -> dict[str, Any]:
    level_min = {level.id: level.min for level in rubric.levels}
    old_caps = {c["id"]: c for c in old["capabilities"]}
    capabilities = []
    for cap in new["capabilities"]:
        before = old_caps.get(cap["id"])
        if before is None:
            continue
        target = level_min.get(cap["target"]["id"], 100.0)
        capabilities.append(
            {
                "id": cap["id"],
                "name": cap["name"],
                "old": before["score"],
                "new": cap["score"],
                "delta": round(cap["score"] - before["score"], 1),
                "old_level": before["level"],
                "new_level": cap["level"],
                "target": cap["target"],
                "target_score": target,
                "progress": progress(before["score"], cap["score"], target),
            }
        )
    old_recs = {r["id"]: r for r in old["recommendations"]}
    new_recs = {r["id"]: r for r in new["recommendations"]}
    before, after = _answers(old), _answers(new)
    changed = [_change(rubric, qid, before.get(qid), after.get(qid)) for qid in dict.fromkeys([*before, *after])]
    changed = [c for c in changed if c["old"] != c["new"]]
    old_name, new_name = old["merchant"].get("name"), new["merchant"].get("name")
    return {
        "format": "fact-audit/compare@1",
        "same_merchant": old_name == new_name,
        "old": {"merchant": old["merchant"], "source": old.get("source"), "score": old["overall"]["score"]},
        "new": {"merchant": new["merchant"], "source": new.get("source"), "score": new["overall"]["score"]},
        "overall": {
            "old": old["overall"]["score"],
            "new": new["overall"]["score"],
            "delta": round(new["overall"]["score"] - old["overall"]["score"], 1),
            "old_level": old["overall"]["level"],
            "new_level": new["overall"]["level"],
        },
        "capabilities": capabilities,
        "resolved": [{"id": rid, "title": r["title"]} for rid, r in old_recs.items() if rid not in new_recs],
        "new_actions": [{"id": rid, "title": r["title"]} for rid, r in new_recs.items() if rid not in old_recs],
        "changed_answers": changed,
    }


def _change(rubric: RubricSet, qid: str, old: Any, new: Any) -> dict[str, Any]:
    """One changed answer, with the question's short name and both answers in words (a report shows no ids)."""
    from .explain import answer_words

    question = rubric.questions.get(qid)
    label = question.label.to_dict() if question is not None else {"zh": qid, "en": qid}
    words = {
        side: {lang: answer_words(question, value, lang) for lang in ("zh", "en")}
        for side, value in (("old_words", old), ("new_words", new))
    }
    return {"question": qid, "label": label, "old": old, "new": new, **words}
