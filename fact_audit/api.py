"""Plain functions for use from Python (notebooks, services, Dask, Spark): load, score, report.

    import fact_audit
    rubric = fact_audit.load_rubric_set()            # bundled set, or a folder
    answers = fact_audit.load_answers("shop.yaml", rubric)
    report = fact_audit.score(answers, rubric)       # a Report; report.to_dict() is the JSON report

`score` is a module-level, picklable function, so it can be mapped over a cluster as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .answers import Answers, load_answers
from .report import Report
from .rubric import load_rubric_set
from .scoring import score as _score


def score(answers: Answers | str | Path | dict[str, Any], rubric=None, profile: str | None = None) -> Report:
    """Score answers (an `Answers`, a path to an answers file, or an answers document as a dict)."""
    rubric = rubric or load_rubric_set()
    if isinstance(answers, (str, Path)):
        answers = load_answers(answers, rubric)
    elif isinstance(answers, dict):
        from .answers import answers_from_document
        from .yamlio import Document

        answers = answers_from_document(Document(answers, "<dict>"), rubric)
    return _score(rubric, answers, profile)


__all__ = ["Answers", "Report", "load_answers", "load_rubric_set", "score"]
