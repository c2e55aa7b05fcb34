"""`--benchmark` on score, batch, compare and interview (issue 16, item 2): a batch of synthetic clients saves a
benchmark, and scoring one of its clients against it gives the percentiles the batch's own summary.csv gives."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from fact_audit.schemas import load_schema
from fact_audit.synthetic import clients

from ..conftest import load_bundled

COUNT = 300
SYNTHETIC_ZH = "同行数据是合成样本"
FACT = "3\n1,2\n2\n40\n30\n3\n20\n10\n2\nna\n"  # the interview's shop overview, as tests/cli/test_interview_cli.py


def _run(*args: object, input: str | None = None):
    from fact_audit.cli import app

    return CliRunner().invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> dict[str, Path]:
    """300 synthetic clients, all on Douyin (so a client's closest benchmark segment, platform × category × stage,
    holds exactly the clients of its category/stage segment in summary.csv), scored once with --save-benchmark."""
    root = tmp_path_factory.mktemp("peers")
    folder = root / "in"
    folder.mkdir()
    for index, document in enumerate(clients(load_bundled(), COUNT, seed=16)):
        document["merchant"]["platform"] = "douyin"
        (folder / f"c{index:03d}.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    peers = root / "peers.json"
    result = _run("batch", folder, "--out", root / "out", "--jobs", "1", "--no-reports", "--lang", "en",
                  "--save-benchmark", peers)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return {"in": folder, "out": root / "out", "peers": peers, "root": root}


def _summary(out: Path) -> dict[str, dict[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {Path(row["source"]).name: row for row in csv.DictReader(handle)}


def test_score_percentiles_equal_the_batch_summary_percentiles(batch, cli) -> None:
    rows = _summary(batch["out"])
    capabilities = [c.id for c in load_bundled().capabilities]
    checked = 0
    for name in sorted(rows)[::15]:
        row = rows[name]
        if not row["overall_segment_pct"]:  # a segment under the minimum: summary.csv gives no percentile
            continue
        result = cli("score", batch["in"] / name, "--format", "json", "--benchmark", batch["peers"])
        assert result.exit_code == 0, result.stderr
        peers = json.loads(result.stdout)["peers"]
        assert peers["segment"]["clients"] == int(row["segment_size"])
        assert peers["segment"]["platform"] == "douyin"
        assert peers["overall"]["percentile"] == float(row["overall_segment_pct"]), name
        for cid in capabilities:
            assert peers["capabilities"][cid]["percentile"] == float(row[f"{cid}_segment_pct"]), (name, cid)
        checked += 1
    assert checked >= 15


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "json"])
def test_score_with_a_benchmark_in_every_format_says_whose_peers_and_that_they_are_made_up(batch, cli, fmt) -> None:
    source = batch["in"] / "c007.json"
    merchant = json.loads(source.read_text(encoding="utf-8"))["merchant"]
    result = cli("score", source, "--format", fmt, "--benchmark", batch["peers"])
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        data = json.loads(result.stdout)
        assert list(Draft202012Validator(load_schema("report.schema.json")).iter_errors(data)) == []
        assert data["peers"]["synthetic"] is True
        return
    stage = {"starter": "起步期", "growth": "成长期", "mature": "成熟期"}[merchant["stage"]]
    assert re.search(f"抖音 · {merchant['category']} · {stage}，共 \\d+ 家店铺", result.stdout)
    assert SYNTHETIC_ZH in result.stdout
    assert "同行百分位" in result.stdout


def test_another_rubric_version_is_refused_in_one_line(batch, cli, tmp_path: Path) -> None:
    data = json.loads(batch["peers"].read_text(encoding="utf-8"))
    data["rubric"]["version"] = "0.9.0"
    old = tmp_path / "old-peers.json"
    old.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for command in (("score", batch["in"] / "c001.json"), ("batch", batch["in"], "--out", tmp_path / "out")):
        result = cli(*command, "--benchmark", old)
        assert result.exit_code == 2, result.stderr
        lines = [line for line in result.stderr.splitlines() if "warning:" not in line]
        assert len(lines) == 1 and "old-peers.json" in lines[0], result.stderr
        assert "0.9.0" in lines[0] and load_bundled().version in lines[0]
    assert not (tmp_path / "out" / "summary.csv").exists()


def test_batch_reports_carry_the_peers_block(batch, cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    chosen = tmp_path / "in"
    chosen.mkdir()
    for name in ("c001.json", "c002.json", "c003.json"):
        (chosen / name).write_bytes((batch["in"] / name).read_bytes())
    result = cli("batch", chosen, "--out", out, "--jobs", "1", "--format", "json", "--benchmark", batch["peers"])
    assert result.exit_code == 0, result.stderr
    validator = Draft202012Validator(load_schema("report.schema.json"))
    reports = sorted((out / "reports").glob("*.json"))
    assert len(reports) == 3
    for path in reports:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert list(validator.iter_errors(data)) == []
        alone = cli("score", chosen / Path(data["source"]).name, "--format", "json", "--benchmark", batch["peers"])
        assert data["peers"] == json.loads(alone.stdout)["peers"]  # the batch places a client as score does


def test_batch_never_saves_a_benchmark_over_the_one_it_reads(batch, cli, tmp_path: Path) -> None:
    peers = tmp_path / "peers.json"
    peers.write_bytes(batch["peers"].read_bytes())
    result = cli("batch", batch["in"] / "c001.json", "--out", tmp_path / "out", "--benchmark", peers,
                 "--save-benchmark", peers)  # fmt: skip
    assert result.exit_code == 2
    assert peers.read_bytes() == batch["peers"].read_bytes()


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_compare_shows_the_newer_sides_percentiles(batch, cli, fmt) -> None:
    old, new = batch["in"] / "c010.json", batch["in"] / "c011.json"
    result = cli("compare", old, new, "--format", fmt, "--benchmark", batch["peers"], "--lang", "en")
    assert result.exit_code == 0, result.stderr
    placed = json.loads(cli("score", new, "--format", "json", "--benchmark", batch["peers"]).stdout)["peers"]
    text = re.sub(r"<[^>]+>", " ", result.stdout)
    assert "Against peers" in text and "Percentile after" in text
    assert "peer data is synthetic" in text
    for cid, row in placed["capabilities"].items():
        assert f"{row['percentile']:.1f}" in text, cid


def test_compare_json_places_both_sides(batch, cli) -> None:
    result = cli("compare", batch["in"] / "c010.json", batch["in"] / "c011.json", "--format", "json",
                 "--benchmark", batch["peers"])  # fmt: skip
    peers = json.loads(result.stdout)["peers"]
    assert peers["old"]["segment"] == peers["new"]["segment"]
    assert peers["old"]["overall"]["score"] != peers["new"]["overall"]["score"]


def test_interview_final_report_is_placed_among_peers(batch, cli, tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    result = cli("interview", "--out", out, "--only", "ads", "--platform", "douyin", "--stage", "starter",
                 "--benchmark", batch["peers"], input="Shop\n\n" + FACT + "n\n")  # fmt: skip
    assert result.exit_code == 0, result.stdout
    assert "同行对比" in result.stdout and "起步期" in result.stdout and SYNTHETIC_ZH in result.stdout
    written = (tmp_path / "a.report.md").read_text(encoding="utf-8")
    assert "## 同行对比" in written and SYNTHETIC_ZH in written
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["merchant"]["platform"] == "douyin"


def test_a_benchmark_that_is_not_one_is_refused_before_anything_is_scored(cli, tmp_path: Path, batch) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "fact-audit/benchmark@1"}', encoding="utf-8")
    result = cli("score", batch["in"] / "c001.json", "--benchmark", bad)
    assert result.exit_code == 2
    assert result.stdout == "" and "bad.json" in result.stderr
