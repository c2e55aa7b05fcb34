"""The quick interview (issue 15, item 1): the marks in the bundled set, the `quick` lint rule, the engine's quick
scope, the estimate and back-office checklist said before the first question, and the provisional report."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from rich.console import Console

from fact_audit.answers import load_answers
from fact_audit.interview import FINISHED, WORDS, Interview, quick_questions
from fact_audit.lint.linter import lint_paths
from fact_audit.lint.rules.platforms import TOOLS
from fact_audit.model import PLATFORMS
from fact_audit.renderers import RenderOptions, render
from fact_audit.rubric import bundled_rubrics_dir
from fact_audit.schemas import load_schema
from fact_audit.scoring import score

from ..conftest import DATA, MINI

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "growing_brand.yaml"


def _marked_in_yaml(folder: Path) -> set[str]:
    """The ids marked `quick: true` in a set's YAML files, read independently of the loader."""
    marked = set()
    for path in folder.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            marked |= {q["id"] for q in data.get("questions") or [] if q.get("quick") is True}
    return marked


# -- the marks in the bundled set ------------------------------------------------------------------------------------
def test_every_capability_has_two_to_four_quick_questions_and_thirty_at_most_in_all(bundled) -> None:
    marked = quick_questions(bundled)
    assert marked == _marked_in_yaml(bundled_rubrics_dir())
    per_capability = {c.id: [q for q in c.questions if q.id in marked] for c in bundled.capabilities}
    ads = per_capability.pop("ads")
    assert all(2 <= len(questions) <= 4 for questions in per_capability.values()), per_capability
    assert len(marked) <= 30
    # from the shop overview, what sizes the advice and decides the red lines: team, roles, category, own-room and
    # top-KOL shares; the rest of the overview waits for the full interview
    overview = {q.id for q in bundled.context.questions if q.id in marked}
    needed = {"fact.team_size", "fact.team_roles", "fact.category_type", "fact.field_share", "fact.top_kol_share"}
    assert needed <= overview
    assert len(overview) < len(bundled.context.questions)
    assert not [qid for qid in marked if bundled.questions[qid].compute is not None]  # worked out, never asked
    # ads: the gate and every input of the break-even red line, so the red line can fire from a quick interview
    assert "ads.buys_paid_traffic" in marked
    inputs = {
        "ads.net_roi",
        *(f"ads.{n}_share" for n in ("cost_of_goods", "platform_fee", "commission", "gift", "shipping")),
    }
    assert inputs <= {q.id for q in ads}


def test_every_red_line_of_the_bundled_set_can_be_decided_by_a_quick_interview(bundled) -> None:
    """A red line caps the level: a provisional report that could not see one would be the most misleading kind."""
    marked = quick_questions(bundled) | {q.id for q in bundled.context.questions}

    def leaves(qid: str) -> set[str]:
        question = bundled.questions[qid]
        if question.compute is None:
            return {qid}
        return set().union(*(leaves(ref) for ref in question.compute.refs if ref in bundled.questions))

    for flag in bundled.flags:
        if not flag.caps:
            continue
        refs = {ref for ref in flag.when.refs if ref in bundled.questions}
        assert set().union(*(leaves(ref) for ref in refs)) <= marked, flag.id


def test_the_bundled_set_passes_the_quick_rule() -> None:
    assert [p for p in lint_paths([bundled_rubrics_dir()]) if p.rule == "quick"] == []


# -- the lint rule --------------------------------------------------------------------------------------------------
def _set_with(tmp_path: Path, edit) -> Path:
    folder = tmp_path / "set"
    shutil.copytree(MINI, folder)
    for name in ("goods.yaml", "ads.yaml"):
        path = folder / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        edit(name, data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def _quick_problems(folder: Path) -> list[str]:
    return [p.message for p in lint_paths([folder]) if p.rule == "quick"]


def test_a_set_without_quick_marks_is_not_warned() -> None:
    assert _quick_problems(MINI) == []


def test_the_rule_warns_about_a_capability_without_quick_questions(tmp_path: Path) -> None:
    def edit(name: str, data: dict) -> None:
        if name == "ads.yaml":
            data["questions"][0]["quick"] = True

    problems = lint_paths([_set_with(tmp_path, edit)])
    found = [(Path(p.file).name, p.message, p.severity) for p in problems if p.rule == "quick"]
    assert found == [("goods.yaml", "goods: no question is marked quick", "warning")]


def test_the_rule_warns_about_more_than_thirty_quick_questions(tmp_path: Path) -> None:
    def edit(name: str, data: dict) -> None:
        first = data["questions"][0]
        if name == "goods.yaml":  # 31 copies of a plain question, all quick
            copies = [{**first, "id": f"goods.copy_{n}", "quick": True} for n in range(31)]
            data["questions"].extend(copies)
            data["recommendations"][0]["question"] = [first["id"], *(c["id"] for c in copies)]
        else:
            first["quick"] = True

    messages = _quick_problems(_set_with(tmp_path, edit))
    # 31 copies, the first ads question, and the mini set's one overview question (asked whole: none of it marked)
    assert messages == ["the quick interview asks 33 questions, more than 30: it is no longer quick"]


def test_the_rule_warns_about_a_quick_computed_question_whose_inputs_are_not_quick(tmp_path: Path) -> None:
    computed = yaml.safe_load((DATA / "rubrics" / "valid" / "computed-question.yaml").read_text(encoding="utf-8"))
    target = computed.get("id")
    assert target in ("goods", "ads")
    result = [q for q in computed["questions"] if q.get("compute")]
    assert result, "the valid case computed-question.yaml holds a computed question"

    def edit(name: str, data: dict) -> None:
        if name == f"{target}.yaml":
            data.clear()
            data.update(computed)
            next(q for q in data["questions"] if q.get("compute"))["quick"] = True
        else:
            data["questions"][0]["quick"] = True

    messages = _quick_problems(_set_with(tmp_path, edit))
    assert len(messages) == 1 and "is quick but is computed from" in messages[0], messages


# -- the engine ------------------------------------------------------------------------------------------------------
def _session(bundled, tmp_path: Path, lines: list[str], lang: str = "en", **kwargs) -> tuple[Interview, io.StringIO]:
    out = io.StringIO()
    console = Console(file=out, width=200, color_system=None, soft_wrap=True)
    stream = io.StringIO("".join(line + "\n" for line in lines))
    return Interview(bundled, console, stream, tmp_path / "answers.yaml", lang, **kwargs), out


def test_a_quick_session_asks_the_context_then_only_quick_questions(bundled, tmp_path: Path) -> None:
    interview, out = _session(bundled, tmp_path, ["Shop", "1", "2", "", *["u"] * 200], quick=True)
    assert interview.run().status == FINISHED
    answers = yaml.safe_load((tmp_path / "answers.yaml").read_text(encoding="utf-8"))["answers"]
    marked = quick_questions(bundled)
    capability_answers = {qid for qid in answers if not qid.startswith("fact.")}
    assert capability_answers and capability_answers <= marked
    overview = {q.id for q in bundled.context.questions if q.when is None}
    assert overview & marked <= set(answers)  # the marked part of the shop overview is asked,
    assert not (overview - marked) & set(answers)  # the rest waits for the full interview
    assert interview.left_in_full()  # the rest is still to ask
    assert "Before you start, open these" in out.getvalue()


def test_quick_then_full_asks_only_what_is_left_and_keeps_every_answer(bundled, tmp_path: Path) -> None:
    quick, _ = _session(bundled, tmp_path, ["Shop", "1", "2", "", *["u"] * 200], quick=True)
    assert quick.run().status == FINISHED
    first = yaml.safe_load((tmp_path / "answers.yaml").read_text(encoding="utf-8"))["answers"]
    full, out = _session(bundled, tmp_path, ["u"] * 200)
    assert full.resume()
    assert "Resuming" not in out.getvalue()
    assert full.run().status == FINISHED
    text = out.getvalue()
    asked = [line for line in text.splitlines() if line.startswith("> ")]
    after = yaml.safe_load((tmp_path / "answers.yaml").read_text(encoding="utf-8"))["answers"]
    assert {k: after[k] for k in first} == first  # nothing answered quickly was lost or changed
    assert len(asked) == len(set(after) - set(first))  # one prompt per question left, none asked again
    assert f"Resuming: {len(first)} answer(s) already given." in text


def test_a_quick_session_keeps_answers_it_does_not_ask(bundled, tmp_path: Path) -> None:
    """A quick (or `--only`) session saves every answer of the file, not only those in its scope."""
    path = tmp_path / "answers.yaml"
    path.write_text(
        "format: fact-audit/answers@1\nrubric: fact-8@1.1.0\nmerchant: {name: Shop, platform: douyin, stage: growth,"
        " category: '', date: '2026-01-01'}\nanswers: {goods.packaging: protected}\n",
        encoding="utf-8",
    )
    assert bundled.questions["goods.packaging"].option("protected") is not None
    assert "goods.packaging" not in quick_questions(bundled)
    interview, _ = _session(bundled, tmp_path, ["q"], quick=True)
    assert interview.resume()
    interview.run()
    saved = yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]
    assert saved == {"goods.packaging": "protected"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_estimate_counts_full_and_quick_questions(bundled, tmp_path: Path, lang: str) -> None:
    interview, _ = _session(bundled, tmp_path, [], lang=lang)
    full = [q for q in interview.questions() if q.asked]
    marked = quick_questions(bundled)
    quick = [q for q in full if q.id in marked]
    text = interview.estimate()
    numbers = sum(1 for q in full if q.type == "number")
    assert str(len(full)) in text and str(numbers) in text and str(len(quick)) in text
    assert len(quick) < len(full)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("platform", PLATFORMS)
def test_the_checklist_names_only_the_merchants_own_platforms_tools(bundled, tmp_path, platform, lang) -> None:
    interview, _ = _session(bundled, tmp_path, [], lang=lang)
    interview.merchant["platform"] = platform
    text = interview.pages()
    others = [name for other, names in TOOLS.items() if other != platform for name in names if name in text]
    assert others == [], (platform, others)
    if platform != "other":
        assert [name for name in TOOLS[platform] if name in text], "a platform's own tools are named"


def test_every_platform_has_a_checklist_in_both_languages() -> None:
    for platform in PLATFORMS:
        zh, en = WORDS[f"pages_{platform}"]
        assert zh and en


def test_weakest_picks_the_lowest_scored_capabilities_with_questions_left(bundled, tmp_path: Path) -> None:
    interview, _ = _session(bundled, tmp_path, [])
    interview.resume(EXAMPLE)
    report = score(bundled, load_answers(EXAMPLE, bundled))
    interview.answers = {qid: v for qid, v in interview.answers.items() if qid.startswith("fact.")}
    chosen = interview.weakest(report)
    assert 2 <= len(chosen) <= 3
    scores = {c.id: c.score for c in report.capabilities if c.status == "scored"}
    assert max(scores[c] for c in chosen) <= min(s for c, s in scores.items() if c not in chosen)
    assert [scores[c] for c in chosen] == sorted(scores[c] for c in chosen)  # weakest first
    interview.answers = dict(load_answers(EXAMPLE, bundled).values)
    left = {q.section for q in interview.left_in_full()}
    assert set(interview.weakest(report)) <= left  # never a capability with nothing left to ask


# -- the provisional report -----------------------------------------------------------------------------------------
@pytest.fixture
def report(bundled):
    return score(bundled, load_answers(EXAMPLE, bundled))


def test_a_provisional_report_says_so_in_json_and_its_schema_accepts_it(report) -> None:
    validator = Draft202012Validator(load_schema("report.schema.json"))
    assert "provisional" not in report.to_dict()
    report.provisional = True
    data = json.loads(render(report, "json", RenderOptions(lang="en")))
    assert data["provisional"] is True
    validator.validate(data)
    data["provisional"] = False
    assert not validator.is_valid(data)  # the field is there only when true


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
@pytest.mark.parametrize(
    ("lang", "words"), [("zh", "初步报告：能力部分"), ("en", "Provisional report:")], ids=["zh", "en"]
)
def test_every_human_format_labels_a_provisional_report(report, fmt: str, lang: str, words: str) -> None:
    options = RenderOptions(lang=lang, top=5, color=False, width=200)
    assert words not in render(report, fmt, options)
    report.provisional = True
    text = render(report, fmt, options)
    assert words in text
    first_action = report.recommendations[0].title(lang)
    assert text.index(words) < text.index(first_action)  # near the top, before the actions
