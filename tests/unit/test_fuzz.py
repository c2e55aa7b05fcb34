"""Fuzzing the loaders and the scorer in-process: whatever the document, the only exception is the tool's own,
and every accepted document scores within range; and whatever a name, category or note holds (control characters,
bidi marks, lone surrogates, HTML, Markdown), every output format shows it without acting on it.
`pytest --hypothesis-profile=fuzz` runs it for longer."""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from fact_audit.answers import Answers, answers_from_document
from fact_audit.errors import FactAuditError
from fact_audit.lint.linter import check_set
from fact_audit.renderers import REGISTRY, RenderOptions, render
from fact_audit.rubric import SetFiles, build_set, load_rubric_set
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
        for answer, expected in question.answer_space():
            got = question.score(answer)
            assert 0 <= got <= 1, (question.id, answer, got)
            assert abs(got - expected) < 1e-9, (question.id, answer)  # the space says what each answer scores


# -- text from a file in every output format ------------------------------------------------------------------------

MINI_SET = load_rubric_set(MINI)
NOTE_IDS = sorted(MINI_SET.questions)[:4]
MINI_ANSWERS = {"goods.sell_through": 60, "ads.buys": True, "ads.roi": 0.8}
HOSTILE_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(categories=["Cc", "Cs", "Cf", "Zl", "Zp"]),  # controls, lone surrogates, bidi and other marks
        st.sampled_from(["\x1b", "\x9b", "\x07", "\x7f", "\u202e", "\u2066", "\u200f", "\ud800", "\udfff", "\n", "\r"]),
        st.sampled_from(list("<>&*_[]()|`#~\\!-+.=:/ 1")),  # HTML and Markdown syntax
        st.characters(),
    ),
    max_size=24,
)
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def _report(name: str, category: str, notes: dict[str, str]):
    merchant = {"name": name, "platform": "douyin", "stage": "growth", "category": category}
    return score(MINI_SET, Answers("f.yaml", merchant, dict(MINI_ANSWERS), notes))


def _paired(text: str) -> str:
    """`text` as JSON gives it back: a high and a low surrogate side by side are one character there."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


@given(HOSTILE_TEXT, HOSTILE_TEXT, st.dictionaries(st.sampled_from(NOTE_IDS), HOSTILE_TEXT, max_size=3))
def test_hostile_text_in_every_output_format(name: str, category: str, notes: dict[str, str]) -> None:
    """No raw control character, bidi mark or surrogate in the table or Markdown; no `<` of theirs in Markdown or
    HTML and no line of theirs in Markdown (counted against the same report with plain words); every format
    writable as UTF-8; the JSON report valid, giving back the very text."""
    report = _report(name, category, notes)
    plain = _report(name and "x", category and "x", {qid: text and "x" for qid, text in notes.items()})
    for lang in ("zh", "en"):
        for fmt in REGISTRY:
            out = render(report, fmt, RenderOptions(lang=lang))
            out.encode("utf-8")
            assert not RAW.search(out), (fmt, lang)
            if fmt in ("markdown", "html"):
                expected = render(plain, fmt, RenderOptions(lang=lang))
                assert out.count("<") == expected.count("<"), (fmt, lang)
                assert fmt != "markdown" or out.count("\n") == expected.count("\n"), lang
            if fmt == "json":
                data = json.loads(out)
                assert data["merchant"]["name"] == _paired(name) and data["merchant"]["category"] == _paired(category)
                assert data["notes"] == {qid: _paired(text) for qid, text in notes.items()}
