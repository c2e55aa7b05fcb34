"""Fuzzing the loaders and the scorer in-process: whatever the document, the only exception is the tool's own,
and every accepted document scores within range. `pytest --hypothesis-profile=fuzz` runs it for longer."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from fact_audit.answers import answers_from_document
from fact_audit.errors import FactAuditError
from fact_audit.lint.linter import check_set
from fact_audit.rubric import SetFiles, build_set
from fact_audit.scoring import score
from fact_audit.yamlio import Document, parse_json, parse_yaml

from ..conftest import MINI, load_bundled

RUBRIC = load_bundled()  # by explicit path: the strategies are built at collection
QUESTIONS = list(RUBRIC.questions.values())
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["unknown", "n/a", "yes", "no", "是", "12%", "1:30", "on", "", " "]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def answers_documents(draw) -> dict[str, Any]:
    """A valid answers document, then (usually) a few mutations: wrong values, unknown ids, odd shapes."""
    answers = {}
    for question in draw(st.lists(st.sampled_from(QUESTIONS), max_size=30, unique_by=lambda q: q.id)):
        answers[question.id] = draw(st.sampled_from([a for a, _ in question.answer_space()] + ["unknown"]))
    document: dict[str, Any] = {
        "format": "fact-audit/answers@1",
        "merchant": {
            "name": draw(st.text(max_size=20)),
            "platform": draw(st.sampled_from(["douyin", "kuaishou", "channels"])),
            "stage": draw(st.sampled_from(list(RUBRIC.profiles))),
        },
        "answers": answers,
    }
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.sampled_from(["answer", "id", "top", "merchant"]))
        if where == "answer" and answers:
            answers[draw(st.sampled_from(sorted(answers)))] = draw(VALUES)
        elif where == "id":
            answers[draw(st.text(max_size=20))] = draw(VALUES)
        elif where == "top":
            document[draw(st.sampled_from(["format", "answers", "merchant", "notes", "rubric", "x"]))] = draw(VALUES)
        else:
            document["merchant"] = draw(VALUES)
    return document


def _score_or_refuse(document: Any, source: str) -> None:
    try:
        answers = answers_from_document(Document(document, source), RUBRIC)
    except FactAuditError:
        return
    report = score(RUBRIC, answers)
    assert 0 <= report.score <= 100 and 0 <= report.coverage <= 1
    assert all(0 <= c.score <= 100 for c in report.capabilities)


@given(answers_documents())
def test_answers_documents_in_process(document: dict[str, Any]) -> None:
    _score_or_refuse(document, "fuzz")


@given(answers_documents(), st.sampled_from(["yaml", "json"]))
def test_answers_documents_through_the_text_loaders(document: dict[str, Any], kind: str) -> None:
    try:
        text = (
            json.dumps(document, ensure_ascii=False) if kind == "json" else yaml.safe_dump(document, allow_unicode=True)
        )
    except (ValueError, yaml.YAMLError):
        return
    try:
        parsed = parse_json(text, "f.json") if kind == "json" else parse_yaml(text, "f.yaml", allow_aliases=False)
    except FactAuditError:
        return
    _score_or_refuse(parsed.data, parsed.file)


@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_escape_the_error_family(data: bytes) -> None:
    from fact_audit.yamlio import decode

    with contextlib.suppress(FactAuditError):
        parse_yaml(decode(data, "b.yaml"), "b.yaml", allow_aliases=False)


MINI_DOCS = {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in MINI.glob("*.yaml")}


@st.composite
def mutated_rubric_sets(draw) -> dict[str, Any]:
    docs = json.loads(json.dumps(MINI_DOCS))
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(sorted(docs)))
        node: Any = docs[name]
        path = []
        while isinstance(node, (dict, list)) and node and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(node, key=str) if isinstance(node, dict) else list(range(len(node)))))
            path.append(key)
            node = node[key]
        if not path:
            continue
        parent = docs[name]
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.booleans()):
            parent[path[-1]] = draw(VALUES)
        elif isinstance(parent, dict):
            del parent[path[-1]]
    return docs


@given(mutated_rubric_sets())
def test_mutated_rubric_sets_lint_or_build_never_crash(docs: dict[str, Any]) -> None:
    files = SetFiles(MINI, Document(docs["manifest.yaml"], "manifest.yaml"))
    files.sections = {name: Document(data, name) for name, data in docs.items() if name != "manifest.yaml"}
    try:
        problems = check_set(files)
    except FactAuditError:
        return
    if any(p.severity == "error" for p in problems):
        return
    try:
        rubric = build_set(files)
    except FactAuditError:
        return
    for question in rubric.questions.values():
        for answer, value in question.answer_space():
            assert 0 <= question.score(answer if answer != [] else []) <= 1 or value is None
