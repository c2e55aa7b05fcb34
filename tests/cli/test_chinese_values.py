"""Issue 15 item 7: merchants' own words for platform and stage, Chinese CSV headings, one error for a bad header."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fact_audit.answers import load_answers
from fact_audit.errors import AnswersError
from fact_audit.sources import csv_jobs

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "growing_brand.yaml"


def _with(tmp_path: Path, platform: str, stage: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace('  platform: "douyin"', f"  platform: {platform}", 1).replace(
        '  stage: "growth"', f"  stage: {stage}", 1
    )
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("word", "platform"),
    [
        ("抖音", "douyin"),
        ("快手", "kuaishou"),
        ("视频号", "channels"),
        ("微信小店", "channels"),
        ("其他", "other"),
        ("Douyin", "douyin"),
        ("KUAISHOU", "kuaishou"),
        ("Channels", "channels"),
        ("douyin", "douyin"),
    ],
)
def test_platform_words_are_stored_as_ids(tmp_path: Path, bundled, word: str, platform: str) -> None:
    assert load_answers(_with(tmp_path, word, "growth"), bundled).platform == platform


@pytest.mark.parametrize(
    ("word", "stage"),
    [
        ("起步期", "starter"),
        ("新店起步", "starter"),
        ("成长期", "growth"),
        ("成熟期", "mature"),
        ("成熟品牌", "mature"),
        ("Growing brand", "growth"),
        ("New shop", "starter"),
        ("MATURE", "mature"),
    ],
)
def test_stage_words_are_stored_as_ids(tmp_path: Path, bundled, word: str, stage: str) -> None:
    assert load_answers(_with(tmp_path, "douyin", word), bundled).stage == stage


def test_an_unknown_platform_is_still_refused(tmp_path: Path, bundled) -> None:
    with pytest.raises(AnswersError, match="platform must be one of douyin, kuaishou, channels, other, not '淘宝'"):
        load_answers(_with(tmp_path, "淘宝", "growth"), bundled)


def test_score_reports_the_ids(cli, tmp_path: Path) -> None:
    result = cli("score", _with(tmp_path, "视频号", "成熟期"), "--format", "json")
    report = json.loads(result.stdout)
    assert report["merchant"]["platform"] == "channels" and report["profile"]["id"] == "mature"


def test_chinese_headings_are_merchant_fields(cli, tmp_path: Path) -> None:
    export = tmp_path / "form.csv"
    export.write_text(
        "店铺名称,平台,阶段,类目,日期,goods.sell_through\n甲店,抖音,起步期,食品,2026-11-30,70\n"
        "乙店,视频号,成熟期,服饰,2026-11-30,80\n",
        encoding="utf-8",
    )
    other = tmp_path / "other.csv"
    other.write_text("商家名称,goods.sell_through\n丙店,60\n", encoding="utf-8")
    result = cli("batch", export, other, "--out", tmp_path / "out", "--jobs", "1", "--no-reports")
    assert result.exit_code == 0, result.stdout + result.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    rows = [(c["name"], c["platform"], c["stage"], c["category"]) for c in summary["clients_detail"]]
    assert sorted(rows, key=str) == sorted(
        [("甲店", "douyin", "starter", "食品"), ("乙店", "channels", "mature", "服饰"), ("丙店", None, None, None)],
        key=str,
    )


def test_a_bad_header_is_one_error_at_line_1(cli, tmp_path: Path) -> None:
    export = tmp_path / "typo.csv"
    export.write_text("merchant.nmae,goods.sell_through\n" + "".join(f"S{i},70\n" for i in range(20)), "utf-8")
    result = cli("batch", export, "--out", tmp_path / "out", "--jobs", "1", "--no-reports")
    assert result.exit_code == 1
    errors = (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert len(errors) == 1 and ',1,"column 1 (merchant.nmae) is not a merchant field;' in errors[0]


def test_a_question_id_typo_in_the_header_is_one_error_when_the_ids_are_known(tmp_path: Path, bundled) -> None:
    export = tmp_path / "typo.csv"
    export.write_text("merchant.name,goods.sell_thru\n" + "".join(f"S{i},70\n" for i in range(20)), "utf-8")
    jobs = list(csv_jobs(export, questions=set(bundled.questions)))
    assert [(j.kind, j.line) for j in jobs] == [("error", 1)]
    assert "goods.sell_thru" in jobs[0].payload and "goods.sell_through" in jobs[0].payload
