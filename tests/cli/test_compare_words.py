"""Issue 15, item 12: a comparison shows answers as the merchant's words and both dates, never ids or raw values."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..conftest import ROOT

EXAMPLE = ROOT / "examples" / "growing_brand.yaml"


def _later(tmp_path: Path) -> Path:
    document = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    document["merchant"]["date"] = "2027-02-20"
    answers = document["answers"]
    answers["goods.item_margin"] = "gross_only"
    answers["goods.live_exclusive"] = False
    answers["content.avg_watch_time"] = 2.5
    path = tmp_path / "later.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _words() -> tuple[str, str]:
    from fact_audit.rubric import bundled_rubrics_dir, load_rubric_set

    question = load_rubric_set(bundled_rubrics_dir()).questions["goods.item_margin"]
    return question.label.zh, question.option("gross_only").text.zh


def test_changed_answers_are_words_with_both_dates(cli, tmp_path: Path) -> None:
    later = _later(tmp_path)
    label_zh, words_zh = _words()
    before_date = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["merchant"]["date"]
    for fmt in ("markdown", "table", "html"):
        text = cli("compare", EXAMPLE, later, "--format", fmt, "--lang", "zh").stdout
        assert label_zh in text and words_zh in text, fmt  # the label and the option's words
        assert "gross_only" not in text and "goods.item_margin" not in text, fmt  # no ids
        assert "False" not in text and "None" not in text, fmt  # no Python values
        plain = re.sub(r"<style.*?</style>|<[^>]+>|fact-audit", "", text, flags=re.S)
        assert not re.search(r"\b[a-z_]+\.[a-z_]+\b", plain), fmt
        if fmt != "table":
            assert str(before_date) in text and "2027-02-20" in text, fmt
    english = cli("compare", EXAMPLE, later, "--format", "markdown", "--lang", "en").stdout
    assert "2.5 min" in english and "→ no" in english


def test_the_json_comparison_keeps_ids_and_adds_words(cli, tmp_path: Path) -> None:
    import json

    later = _later(tmp_path)
    comparison = json.loads(cli("compare", EXAMPLE, later, "--format", "json").stdout)
    change = next(c for c in comparison["changed_answers"] if c["question"] == "goods.item_margin")
    label_zh, words_zh = _words()
    assert change["new"] == "gross_only" and change["label"]["zh"] == label_zh
    assert change["new_words"]["zh"] == words_zh


def test_a_change_in_the_shop_overview_is_a_changed_answer(cli, tmp_path: Path) -> None:
    """Team size and the FACT shares are not scored, yet a new hire or a shift to creators explains the other moves:
    a comparison lists them too, also between saved JSON reports."""
    import json

    document = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    before_size = document["answers"]["fact.team_size"]
    document["answers"]["fact.team_size"] = before_size + 3
    later = tmp_path / "later.yaml"
    later.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    saved = []
    for source in (EXAMPLE, later):
        target = tmp_path / f"{source.stem}.json"
        target.write_text(cli("score", source, "--format", "json").stdout, encoding="utf-8")
        saved.append(target)
    for old, new in ((EXAMPLE, later), tuple(saved)):
        comparison = json.loads(cli("compare", old, new, "--format", "json").stdout)
        (change,) = [c for c in comparison["changed_answers"] if c["question"] == "fact.team_size"]
        assert (change["old"], change["new"]) == (before_size, before_size + 3)
        assert [c["question"] for c in comparison["changed_answers"]] == ["fact.team_size"]
    markdown = cli("compare", EXAMPLE, later, "--format", "markdown", "--lang", "zh").stdout
    assert "直播电商团队人数" in markdown
