"""Scoring against peers (issue 16, item 2): the peers block of a report, in every format and both languages.

The benchmark is built here with `fact_audit.benchmark.Benchmark` from made-up score lists, so every expected
percentile, median and top quartile is worked out independently from those lists (mid-rank, numpy's quantiles).
"""

from __future__ import annotations

import json
import os
import random
import re
from types import SimpleNamespace
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from fact_audit.answers import Answers, load_answers
from fact_audit.benchmark import SYNTHETIC_MARK, Benchmark
from fact_audit.cohort import quantile
from fact_audit.compare import compare
from fact_audit.errors import FactAuditError
from fact_audit.lint.rules.style import problems_in
from fact_audit.peers import attach_compare_peers, attach_peers
from fact_audit.renderers import RenderOptions, render, render_compare
from fact_audit.renderers.common import peers_head
from fact_audit.renderers.html import render as render_html
from fact_audit.rubric import load_rubric_set
from fact_audit.schemas import load_schema
from fact_audit.scoring import score

from ..conftest import DATA, MINI, ROOT

EXAMPLE = ROOT / "examples" / "growing_brand.yaml"  # 青禾茶研社: douyin · 茶饮 · growth
SEGMENT = {"platform": "douyin", "category": "茶饮", "stage": "growth"}
HUMAN = ("table", "markdown", "html")
SEGMENT_WORDS = {"zh": "抖音 · 茶饮 · 成长期，共 12 家店铺", "en": "Douyin · 茶饮 · Growing, 12 shops"}
SYNTHETIC = {"zh": "同行数据是合成样本", "en": "peer data is synthetic"}


def _clients(capabilities: list[str], merchant: dict[str, Any], count: int, seed: int) -> list[SimpleNamespace]:
    rng = random.Random(seed)
    return [
        SimpleNamespace(
            merchant=dict(merchant),
            overall=round(rng.uniform(0, 100), 1),
            scores={cid: round(rng.choice([rng.uniform(0, 100), 50.0]), 1) for cid in capabilities},
            flag_ids=[],
            actions=[],
        )
        for _ in range(count)
    ]


def make_benchmark(rubric, synthetic: bool = False) -> tuple[dict[str, Any], list[SimpleNamespace]]:
    """12 peers in the example's own segment, 20 more of its category and stage on Kuaishou, 10 of another stage;
    returns the benchmark and the example's 12 peers (whose lists give the expected figures)."""
    capabilities = [c.id for c in rubric.capabilities]
    own = _clients(capabilities, SEGMENT, 12, seed=1)
    others = _clients(capabilities, {**SEGMENT, "platform": "kuaishou"}, 20, seed=2)
    others += _clients(capabilities, {**SEGMENT, "stage": "mature"}, 10, seed=3)
    if synthetic:
        others[0].merchant["consultant"] = SYNTHETIC_MARK
    built = Benchmark({"id": rubric.id, "version": rubric.version}, capabilities)
    for client in own + others:
        built.add(client)
    return built.to_dict(5), own


def mid_rank(values: list[float], value: float) -> float:
    below = sum(1 for v in values if v < value)
    equal = sum(1 for v in values if v == value)
    return round(100 * (below + 0.5 * equal) / len(values), 1)


@pytest.fixture(scope="module")
def example(bundled):
    return score(bundled, load_answers(EXAMPLE, bundled))


@pytest.fixture(scope="module")
def placed(bundled, example):
    benchmark, own = make_benchmark(bundled)
    return attach_peers(example, benchmark, "peers.json"), own


@pytest.fixture(scope="module")
def synthetic_report(bundled):
    benchmark, _ = make_benchmark(bundled, synthetic=True)
    return attach_peers(score(bundled, load_answers(EXAMPLE, bundled)), benchmark)


# -- the numbers ------------------------------------------------------------------------------------------------------


def test_percentiles_medians_and_quartiles_come_from_the_closest_segment(placed) -> None:
    report, own = placed
    peers = report.peers
    assert peers["segment"] == {**SEGMENT, "clients": 12}
    overall = sorted(c.overall for c in own)
    assert peers["overall"]["percentile"] == mid_rank(overall, report.score)
    assert peers["overall"]["median"] == quantile(overall, 0.5)
    assert peers["overall"]["p75"] == quantile(overall, 0.75)
    for cap in report.capabilities:
        values = sorted(c.scores[cap.id] for c in own)
        row = peers["capabilities"][cap.id]
        assert row["percentile"] == mid_rank(values, cap.score), cap.id
        assert (row["median"], row["p75"]) == (quantile(values, 0.5), quantile(values, 0.75)), cap.id
        assert row["gap_p75"] == round(max(0.0, quantile(values, 0.75) - cap.score), 1)
        assert row["gap_target"] == cap.gap_points  # the stage target's gap, next to the peers'


def test_a_merchant_outside_every_fine_segment_falls_back_to_a_coarser_one(bundled) -> None:
    benchmark, _ = make_benchmark(bundled)
    report = score(bundled, load_answers(EXAMPLE, bundled))
    report.merchant = {**report.merchant, "platform": "channels"}  # no Channels peers: category × stage is next
    attach_peers(report, benchmark)
    assert report.peers["segment"] == {"platform": None, "category": "茶饮", "stage": "growth", "clients": 32}
    text = render(report, "markdown", RenderOptions(lang="zh"))
    assert "茶饮 · 成长期（不分平台），共 32 家店铺" in text
    report.merchant = {**report.merchant, "category": "数码", "stage": "starter"}
    attach_peers(report, benchmark)
    assert report.peers["segment"]["clients"] == 42
    assert "全部同行，共 42 家店铺" in render(report, "markdown", RenderOptions(lang="zh"))


def test_no_benchmark_no_peers_block(bundled, example) -> None:
    report = attach_peers(score(bundled, load_answers(EXAMPLE, bundled)), None)
    assert report.peers is None
    assert "peers" not in report.to_dict()
    for fmt in HUMAN:
        assert "同行对比" not in render(report, fmt, RenderOptions(lang="zh"))


def test_a_benchmark_of_another_rubric_version_is_refused_naming_both(bundled) -> None:
    benchmark, _ = make_benchmark(bundled)
    benchmark["rubric"] = {"id": bundled.id, "version": "0.9.0"}
    report = score(bundled, load_answers(EXAMPLE, bundled))
    with pytest.raises(FactAuditError) as raised:
        attach_peers(report, benchmark, "old-peers.json")
    error = raised.value
    assert error.code == "benchmark-version"
    assert error.file == "old-peers.json"
    assert f"{bundled.id}@0.9.0" in error.message and f"{bundled.id}@{bundled.version}" in error.message
    assert "\n" not in str(error)


@pytest.mark.parametrize("platform", ["douyin", "kuaishou", "channels", "other", None])
@pytest.mark.parametrize("category", ["服饰", None])
def test_the_chinese_segment_line_follows_the_house_style(platform, category) -> None:
    peers = {
        "segment": {"platform": platform, "category": category, "stage": "growth", "clients": 112},
        "overall": {"score": 41.7, "percentile": 62.5, "median": 38.0, "p75": 55.1},
    }
    lines = peers_head(peers, "zh")
    assert "成长期" in lines[0] and "112 家" in lines[0]
    for line in lines:
        assert list(problems_in(line)) == [], line
        assert re.search(r"[A-Za-z]", line) is None, line


# -- every format, both languages ----------------------------------------------------------------------------------


def _peers_section(text: str, fmt: str, lang: str) -> str:
    """The peers block of a rendered report: from its title up to the FACT mix, which follows it."""
    title = "同行对比" if lang == "zh" else "Against peers"
    section = text[text.index(title) :]
    return section[: section.index("FACT")]


def _capability_lines(section: str, fmt: str, name: str) -> list[str]:
    if fmt == "html":  # one table row per capability
        return re.findall(r"<tr><td[^>]*>" + re.escape(name) + r"</td>.*?</tr>", section)
    if fmt == "markdown":
        return [line for line in section.splitlines() if line.startswith(f"| {name} |")]
    return [line for line in section.splitlines() if line.startswith(name)]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", HUMAN)
def test_every_format_shows_the_segment_the_overall_and_one_line_per_capability(placed, fmt, lang) -> None:
    report, _ = placed
    section = _peers_section(render(report, fmt, RenderOptions(lang=lang, width=160)), fmt, lang)
    assert SEGMENT_WORDS[lang] in section
    overall = report.peers["overall"]
    for key in ("percentile", "median", "p75"):
        assert f"{overall[key]:.1f}" in section, key
    for cap in report.capabilities:
        row = report.peers["capabilities"][cap.id]
        wanted = [f"{row[key]:.1f}" for key in ("percentile", "median", "p75", "gap_p75", "gap_target")]
        lines = _capability_lines(section, fmt, cap.name(lang))
        assert len(lines) == 1, (cap.id, lines)
        assert re.findall(r"\d+\.\d", lines[0]) == [f"{cap.score:.1f}", *wanted], cap.id


@pytest.mark.parametrize("fmt", HUMAN)
def test_chinese_peers_block_holds_no_ids(placed, fmt) -> None:
    report, _ = placed
    block = _peers_section(render(report, fmt, RenderOptions(lang="zh", width=160)), fmt, "zh")
    if fmt == "html":
        block = re.sub(r"<[^>]+>", " ", block)
    for word in ("douyin", "growth", "percentile", "p75", "median", "gap", *(c.id for c in report.capabilities)):
        assert re.search(rf"\b{word}\b", block) is None, word
    assert re.search(r"[A-Za-z]", block) is None, block


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", HUMAN)
def test_a_synthetic_benchmark_says_so_in_the_header(synthetic_report, placed, fmt, lang) -> None:
    text = render(synthetic_report, fmt, RenderOptions(lang=lang, width=160))
    capabilities = "八项能力" if lang == "zh" else "Eight capabilities"
    heading = ("\n能力" if lang == "zh" else "\nCapability") if fmt == "table" else capabilities
    notice = text.find(SYNTHETIC[lang])
    assert 0 <= notice < text.index(heading), "the notice comes before the scores"
    real, _ = placed
    assert SYNTHETIC[lang] not in render(real, fmt, RenderOptions(lang=lang, width=160))


def test_json_report_carries_the_peers_and_validates(placed, synthetic_report) -> None:
    report, _ = placed
    validator = Draft202012Validator(load_schema("report.schema.json"))
    for one in (report, synthetic_report):
        data = json.loads(render(one, "json", RenderOptions()))
        assert list(validator.iter_errors(data)) == []
        assert data["peers"]["segment"] == {**SEGMENT, "clients": 12}
        assert set(data["peers"]["capabilities"]) == {c.id for c in one.capabilities}
    assert json.loads(render(synthetic_report, "json", RenderOptions()))["peers"]["synthetic"] is True
    broken = json.loads(render(report, "json", RenderOptions()))
    del broken["peers"]["overall"]["p75"]
    assert list(validator.iter_errors(broken)), "the schema describes the peers block"


def test_html_radar_draws_the_peer_median_with_a_legend_entry(placed, bundled) -> None:
    report, _ = placed
    text = render_html(report, RenderOptions(lang="zh"))
    assert text.count('class="peer-median"') == 1
    legend = text[text.index('<p class="legend">') :]
    assert "同行中位数" in legend[: legend.index("</p>")]
    bare = score(bundled, load_answers(EXAMPLE, bundled))
    assert "peer-median" not in render_html(bare, RenderOptions(lang="zh"))


def test_the_category_is_escaped_in_every_format(bundled) -> None:
    benchmark, _ = make_benchmark(bundled)
    hostile = "<img src=x onerror=alert(1)>*茶*\x1b[2J"
    for segment in benchmark["segments"]:
        if segment["category"] == "茶饮":
            segment["category"] = hostile
    report = score(bundled, load_answers(EXAMPLE, bundled))
    report.merchant = {**report.merchant, "category": hostile}
    attach_peers(report, benchmark)
    html_text = render(report, "html", RenderOptions(lang="zh"))
    assert "<img src=x" not in html_text and "&lt;img src=x onerror=alert(1)&gt;" in html_text
    md = render(report, "markdown", RenderOptions(lang="zh"))
    assert "<img" not in md and "\\*茶\\*" in md
    for fmt in HUMAN:
        assert "\x1b" not in render(report, fmt, RenderOptions(lang="zh", width=160))


# -- compare ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", [*HUMAN, "json"])
def test_compare_places_both_sides_among_the_newer_sides_peers(bundled, fmt, lang) -> None:
    benchmark, own = make_benchmark(bundled, synthetic=True)
    new = score(bundled, load_answers(EXAMPLE, bundled)).to_dict()
    old = json.loads(json.dumps(new))
    old["merchant"] = {**old["merchant"], "stage": "starter"}  # it moved up a stage since: same peers all the same
    old["overall"]["score"] = 12.3
    comparison = attach_compare_peers(compare(old, new, bundled), old, new, benchmark)
    assert comparison["peers"]["old"]["segment"] == comparison["peers"]["new"]["segment"]
    assert comparison["peers"]["old"]["overall"]["percentile"] == mid_rank(sorted(c.overall for c in own), 12.3)
    text = render_compare(comparison, fmt, RenderOptions(lang=lang, width=160))
    if fmt == "json":
        assert json.loads(text)["peers"]["new"]["segment"]["clients"] == 12
        return
    assert SEGMENT_WORDS[lang] in text
    assert SYNTHETIC[lang] in text[: text.index(SEGMENT_WORDS[lang])]
    for cap in comparison["capabilities"]:
        shown = f"{comparison['peers']['new']['capabilities'][cap['id']]['percentile']:.1f}"
        assert re.search(re.escape(cap["name"][lang]) + r"\W[^\n]*" + re.escape(shown), text), cap["id"]


# -- exact output (new golden files: the existing ones have no peers block and stay as they are) --------------------

GOLDEN = DATA / "golden"


def _hand_benchmark(synthetic: bool) -> dict[str, Any]:
    """The minimal set's benchmark, written out by hand: 6 growth shops selling 食品 on Douyin, 9 across platforms."""
    fine = {"overall": [[200, 1], [350, 2], [500, 2], [800, 1]], "goods": [[100, 2], [450, 3], [900, 1]],
            "ads": [[0, 3], [300, 2], [600, 1]]}  # fmt: skip
    wide = {"overall": [[200, 3], [350, 2], [500, 3], [800, 1]], "goods": [[100, 4], [450, 4], [900, 1]],
            "ads": [[0, 5], [300, 3], [600, 1]]}  # fmt: skip
    return {
        "format": "fact-audit/benchmark@1",
        "rubric": {"id": "mini", "version": "0.1.0"},
        "synthetic": synthetic,
        "clients": 9,
        "dates": None,
        "min_segment": 5,
        "capabilities": ["goods", "ads"],
        "segments": [
            {"platform": "douyin", "category": "食品", "stage": "growth", "clients": 6, "scores": fine,
             "flags": {}, "actions": {}},
            {"platform": None, "category": None, "stage": None, "clients": 9, "scores": wide, "flags": {},
             "actions": {}},
        ],
    }  # fmt: skip


def _canned_report():
    rubric = load_rubric_set(MINI)
    answers = Answers(
        "canned.yaml",
        {"name": "Canned | Shop <b>", "platform": "douyin", "stage": "growth", "category": "食品"},
        {"fact.field_share": 10, "goods.sell_through": 60, "goods.review": "monthly", "ads.buys": True,
         "ads.roi": 0.8, "ads.spend": 1000, "ads.ad_gmv": "unknown"},
    )  # fmt: skip
    return score(rubric, answers)


@pytest.mark.parametrize("synthetic", [False, True])
@pytest.mark.parametrize(("fmt", "lang"), [(f, lang) for f in ("table", "markdown") for lang in ("zh", "en")])
def test_exact_output_of_the_peers_block(fmt: str, lang: str, synthetic: bool) -> None:
    report = attach_peers(_canned_report(), _hand_benchmark(synthetic))
    text = render(report, fmt, RenderOptions(lang=lang, top=3 if fmt == "table" else None, width=100))
    name = f"peers{'.synthetic' if synthetic else ''}.{lang}.{'txt' if fmt == 'table' else 'md'}"
    path = GOLDEN / name
    if os.environ.get("FACT_AUDIT_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with FACT_AUDIT_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")
