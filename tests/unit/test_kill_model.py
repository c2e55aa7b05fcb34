"""Issue 18, the rubric model: how `fact_audit.model` turns an answer into a score and a score into a level, pinned
where the mutation run found no test looking — every question type's score, the answer space the exporter and the
synthetic shops use, the band a number falls in (inside, between and outside its range), the level at and around
each minimum, and how a set indexes its questions, recommendations and capabilities.

Built from small hand-made questions so each case shows its own numbers; the exact level minimum and the closed
last band of issue 18 are in test_boundaries.py and not repeated here.
"""

from __future__ import annotations

from typing import Any

import pytest

from fact_audit.model import (
    UNKNOWN,
    Band,
    Flag,
    Level,
    Option,
    Profile,
    Question,
    Recommendation,
    RubricSet,
    Section,
    Text,
)


def _t(word: str) -> Text:
    return Text(f"{word}（中）", word)


def _question(kind: str, **fields: Any) -> Question:
    question = Question(f"goods.{kind}", "goods", kind, 1.0, _t("text"), _t("help"), "test", ("goods",))
    for name, value in fields.items():
        setattr(question, name, value)
    question.prepare()
    return question


def _single() -> Question:
    options = (Option("none", 0.0, _t("none")), Option("some", 0.5, _t("some")), Option("all", 1.0, _t("all")))
    return _question("single", options=options)


def _multi() -> Question:
    items = (Option("a", 1.0, _t("a")), Option("b", 3.0, _t("b")))
    return _question("multi", options=items)


def _number(bands: tuple[Band, ...] | None = None, range: tuple[float, float] | None = (0.0, 100.0)) -> Question:
    if bands is None:
        bands = (
            Band(None, 10, 0.0, _t("low")),
            Band(10, 30, 0.5, _t("mid")),
            Band(30, 60, 0.75, _t("good")),
            Band(60, None, 1.0, _t("top")),
        )
    return _question("number", bands=bands, range=range)


# -- texts -------------------------------------------------------------------------------------------------------------
def test_a_text_in_each_language() -> None:
    text = Text("直播间", "live room")
    assert text("zh") == "直播间" and text("en") == "live room"
    assert text.to_dict() == {"zh": "直播间", "en": "live room"}


# -- scores of each question type ------------------------------------------------------------------------------------
def test_single_choice_scores_the_chosen_option() -> None:
    question = _single()
    assert [question.score(o) for o in ("none", "some", "all")] == [0.0, 0.5, 1.0]
    assert question.score("nonsense") == 0.0
    assert question.score(UNKNOWN) == 0.0
    assert question.option("some") is question.options[1] and question.option("nonsense") is None


def test_a_checklist_scores_its_ticked_share_of_points() -> None:
    question = _multi()
    assert question.points_total == 4.0
    assert question.score([]) == 0.0
    assert question.score(["a"]) == 0.25
    assert question.score(["b"]) == 0.75
    assert question.score(["a", "b"]) == 1.0
    assert question.score(UNKNOWN) == 0.0


def test_a_checklist_without_points_scores_zero() -> None:
    question = _question("multi", options=(Option("a", 0.0, _t("a")),))
    assert question.score(["a"]) == 0.0


def test_a_scale_scores_quarters() -> None:
    question = _question("scale")
    assert [question.score(level) for level in range(5)] == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert question.score(UNKNOWN) == 0.0


def test_yes_and_no_score_what_the_rubric_says() -> None:
    plain = _question("yesno")
    assert plain.score(True) == 1.0 and plain.score(False) == 0.0
    reversed_ = _question("yesno", yes_score=0.0, no_score=1.0)  # a red flag asked as a yes/no
    assert reversed_.score(True) == 0.0 and reversed_.score(False) == 1.0
    assert reversed_.score(UNKNOWN) == 0.0  # unknown never earns the no answer's score


def test_a_number_scores_its_band() -> None:
    question = _number()
    assert [question.score(v) for v in (0, 9.99, 10, 29, 30, 59.9, 60, 100)] == [
        0.0, 0.0, 0.5, 0.5, 0.75, 0.75, 1.0, 1.0,
    ]  # fmt: skip
    assert question.score(UNKNOWN) == 0.0


# -- bands -------------------------------------------------------------------------------------------------------------
def test_a_value_outside_every_band() -> None:
    """Closed bands that do not reach the range's ends: above the range is the top band, anything else the first."""
    bands = (Band(10, 50, 0.2, _t("a")), Band(50, 70, 0.6, _t("b")), Band(70, 90, 0.9, _t("c")))
    question = _number(bands, range=(0.0, 100.0))
    assert question.band_for(95) is bands[0]  # inside the range, past the last band, below its maximum: first
    assert question.band_for(100) is bands[2]  # at the range's maximum: the last band, not the second
    assert question.band_for(120) is bands[2]
    assert question.band_for(5) is bands[0]
    assert question.band_for(50) is bands[1] and question.band_for(49.9) is bands[0]


def test_without_a_range_a_value_past_the_bands_falls_back_to_the_first() -> None:
    bands = (Band(10, 50, 0.2, _t("a")), Band(50, 90, 0.9, _t("b")))
    question = _number(bands, range=None)
    assert question.band_for(95) is bands[0]
    assert question.band_for(90) is bands[0]


def test_open_bands_reach_any_value() -> None:
    question = _number()
    assert question.band_for(-1000) is question.bands[0]
    assert question.band_for(10**6) is question.bands[-1]


# -- answer space and best score ---------------------------------------------------------------------------------------
def test_answer_space_of_each_type() -> None:
    assert _single().answer_space() == [("none", 0.0), ("some", 0.5), ("all", 1.0)]
    assert _multi().answer_space() == [([], 0.0), (["a"], 0.25), (["b"], 0.75), (["a", "b"], 1.0)]
    assert _question("scale").answer_space() == [(0, 0.0), (1, 0.25), (2, 0.5), (3, 0.75), (4, 1.0)]
    assert _question("yesno", yes_score=0.0, no_score=1.0).answer_space() == [(True, 0.0), (False, 1.0)]
    assert _number().answer_space() == [(0, 0.0), (10, 0.5), (30, 0.75), (100, 1.0)]


def test_representative_values_of_bands() -> None:
    """The open ends take the range's ends, a closed band its minimum; whole numbers print as whole numbers."""
    question = _number(range=(2.5, 80.0))
    values = [question.representative(band) for band in question.bands]
    assert values == [2.5, 10, 30, 80]
    assert [type(v) for v in values] == [float, int, int, int]
    no_range = _number(range=None)
    assert [no_range.representative(band) for band in no_range.bands] == [10, 10, 30, 60]
    decimal = _number((Band(None, 0.5, 0.0, _t("a")), Band(0.5, None, 1.0, _t("b"))), range=None)
    assert [decimal.representative(band) for band in decimal.bands] == [0.5, 0.5]
    unbounded = _number((Band(None, None, 1.0, _t("any")),), range=None)
    assert unbounded.representative(unbounded.bands[0]) == 0  # nothing to go by: zero, not None


def test_the_best_score_is_the_highest_any_answer_earns() -> None:
    assert _question("single", options=(Option("a", 0.2, _t("a")), Option("b", 0.6, _t("b")))).best_score() == 0.6
    assert _question("yesno", yes_score=0.0, no_score=1.0).best_score() == 1.0
    assert _question("yesno", yes_score=0.3, no_score=0.1).best_score() == 0.3
    assert _question("single").best_score() == 1.0  # no options: nothing to improve on, so the full score


# -- a question's defaults ---------------------------------------------------------------------------------------------
def test_a_plain_question() -> None:
    question = Question("goods.q", "goods", "yesno", 2.0, _t("text"), _t("help"), "src", ("goods",))
    assert question.asked is True
    assert question.when is None and question.compute is None and question.allow_na is False
    assert question.where == {} and question.variants == {}
    assert question.options == () and question.levels == () and question.bands == ()
    assert question.integer is False and question.quick is False
    assert question.unit is None and question.direction is None and question.range is None
    assert question.yes_score == 1.0 and question.no_score == 0.0
    assert question.label is question.text  # a report names it by its text when it has no label
    assert question.lookup == {} and question.points_total == 0.0


def test_a_computed_question_is_not_asked() -> None:
    from fact_audit.expr import compile_expression

    question = _question("number", compute=compile_expression("a.x / a.y"))
    assert question.asked is False


def test_a_label_is_kept() -> None:
    label = _t("short")
    question = Question("goods.q", "goods", "yesno", 2.0, _t("text"), _t("help"), "src", (), label=label)
    assert question.label is label


# -- recommendations, sections, flags ----------------------------------------------------------------------------------
def test_a_recommendation_fires_below_a_full_score_and_builds_toward_level_three_by_default() -> None:
    rec = Recommendation("goods.r", "goods", 3, 2, "operator", _t("title"), _t("action"), _t("metric"))
    assert rec.score_below == 1.0 and rec.level == 3
    assert rec.questions == () and rec.depends_on == () and rec.lifts == ()
    assert rec.when is None and rec.variants == {}


def test_section_and_flag_defaults() -> None:
    section = Section("goods", "capability", _t("goods"), _t("summary"), "src", "goods.yaml", [])
    assert section.recommendations == [] and section.weight == 1.0 and section.fact == ()
    assert section.not_used_when is None
    from fact_audit.expr import compile_expression

    flag = Flag("f", compile_expression("a.x > 1"), "warning", _t("message"))
    assert flag.capability is None and flag.caps == {} and flag.variants == {} and flag.source is None


# -- the set -----------------------------------------------------------------------------------------------------------
def _levels() -> list[Level]:
    return [
        Level(0, 0.0, _t("L0"), _t("d0")),
        Level(1, 20.0, _t("L1"), _t("d1")),
        Level(2, 45.0, _t("L2"), _t("d2")),
        Level(3, 70.0, _t("L3"), _t("d3")),
    ]


def _set(**extra: Any) -> RubricSet:
    fact_q = _question("scale")
    fact_q.id, fact_q.section = "fact.q", "fact"
    goods_q, content_q = _single(), _question("yesno")
    content_q.id, content_q.section = "content.q", "content"
    rec_g = Recommendation("goods.r", "goods", 3, 2, "operator", _t("t"), _t("a"), _t("m"))
    rec_c = Recommendation("content.r", "content", 3, 2, "host", _t("t"), _t("a"), _t("m"))
    context = Section("fact", "context", _t("fact"), _t("s"), "src", "fact.yaml", [fact_q])
    goods = Section("goods", "capability", _t("goods"), _t("s"), "src", "goods.yaml", [goods_q], [rec_g])
    content = Section("content", "capability", _t("content"), _t("s"), "src", "content.yaml", [content_q], [rec_c])
    profile = Profile("growth", _t("growth"), _t("d"), {"goods": 1.0, "content": 1.0}, {"goods": 2, "content": 2})
    return RubricSet(
        "fact-audit", "1.4", _t("name"), None, [goods, content], context, _levels(), {"growth": profile}, "growth",
        [], "/rubrics", **extra,
    )  # fmt: skip


def test_a_set_indexes_every_question_and_recommendation() -> None:
    rubric = _set()
    assert list(rubric.questions) == ["fact.q", "goods.single", "content.q"]  # context first, then report order
    assert list(rubric.recommendations) == ["goods.r", "content.r"]
    assert [s.id for s in rubric.sections()] == ["fact", "goods", "content"]
    assert rubric.ref == "fact-audit@1.4"
    assert rubric.derived == {} and rubric.dropped == set() and rubric.migrations == []


def test_a_set_keeps_the_indexes_it_is_given() -> None:
    """A platform's view passes its own indexes on; the set must not rebuild them from the sections."""
    only = {"goods.single": _single()}
    recs = {"x.r": Recommendation("x.r", "goods", 1, 1, "owner", _t("t"), _t("a"), _t("m"))}
    rubric = _set(questions=only, recommendations=recs, dropped={"goods.old"}, migrations=["step"])
    assert rubric.questions is only and rubric.recommendations is recs
    assert rubric.dropped == {"goods.old"} and rubric.migrations == ["step"]


def test_capabilities_by_id() -> None:
    rubric = _set()
    assert rubric.capability("content").id == "content"
    assert rubric.capability("goods").id == "goods"
    with pytest.raises(KeyError):
        rubric.capability("fact")  # the context section is not a capability


@pytest.mark.parametrize(
    ("score", "level"),
    [(0.0, 0), (19.99, 0), (20.0, 1), (20.0 - 1e-12, 1), (44.9, 1), (45.0, 2), (69.999, 2), (70.0, 3), (100.0, 3)],
)
def test_the_level_of_a_score(score: float, level: int) -> None:
    """A level is reached at its minimum; float noise just under it (a weighted sum) still reaches it."""
    assert _set().level_for(score).id == level


def test_a_score_below_the_first_minimum_is_the_first_level() -> None:
    rubric = _set()
    rubric.levels[0] = Level(0, 5.0, _t("L0"), _t("d0"))
    assert rubric.level_for(1.0).id == 0


def test_levels_by_id() -> None:
    rubric = _set()
    assert [rubric.level_by_id(i).id for i in range(4)] == [0, 1, 2, 3]
    assert rubric.level_by_id(9).id == 3  # a cap above the top level shows the top level


# -- records keep what they are given ----------------------------------------------------------------------------------
class _Mark:
    """A distinct stand-in for each field, so a field stored as another's value or dropped cannot pass."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


@pytest.mark.parametrize("cls", [Text, Option, Band, Question, Recommendation, Section, Level, Profile, Flag])
def test_every_record_keeps_every_field_it_is_given(cls: type) -> None:
    """The loader builds each record once and the set's views, the cache and the workers of a batch copy them field
    by field: a field the constructor drops (a question's condition, a section's file, a flag's source) is lost for
    every report."""
    import inspect

    names = [n for n in inspect.signature(cls.__init__).parameters if n != "self"]
    given = {name: _Mark(name) for name in names}
    record = cls(**given)
    kept = {name: getattr(record, name) for name in names}
    assert all(kept[name] is given[name] for name in names), kept


def test_a_set_keeps_every_field_it_is_given() -> None:
    import inspect

    names = [n for n in inspect.signature(RubricSet.__init__).parameters if n != "self"]
    given: dict[str, Any] = {name: _Mark(name) for name in names}
    given.update(questions={"q": _Mark("q")}, recommendations={"r": _Mark("r")}, dropped={"gone"}, migrations=["m"])
    rubric = RubricSet(**given)
    assert all(getattr(rubric, name) is given[name] for name in names)


def test_a_missing_capability_names_itself() -> None:
    with pytest.raises(KeyError) as info:
        _set().capability("logistics")
    assert info.value.args == ("logistics",)
