"""`batch --save-benchmark` and `benchmark merge` end to end, on 1,000 synthetic clients: what the file holds and
never holds, pooling two batches, and the same percentiles as the batch's own summary.csv (issue 16)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from fact_audit.benchmark import SYNTHETIC_MARK, load_benchmark, position
from fact_audit.synthetic import clients

from ..conftest import load_bundled

RUBRIC = load_bundled()
CAPS = [c.id for c in RUBRIC.capabilities]
COUNT = 1000
MIN = 3  # the smallest allowed: the most segments, so the most chances to leak or to disagree


def run(*args: Any):
    """The CLI in-process (a module fixture cannot use the function-scoped `cli` fixture)."""
    from fact_audit.cli import app

    return CliRunner().invoke(app, [str(a) for a in args])


def batch(inputs: list[Path], out: Path, benchmark: Path, *extra: Any):
    result = run("batch", *inputs, "--out", out, "--jobs", 2, "--no-reports", "--lang", "en", "--min-segment", MIN,
                 "--save-benchmark", benchmark, *extra)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """1,000 synthetic clients with a date and a note each, in two JSON Lines files; benchmarks of each half and of
    both together, and the batch over both."""
    folder = tmp_path_factory.mktemp("peers")
    question = next(q.id for q in RUBRIC.questions.values() if q.asked)
    docs = []
    for index, doc in enumerate(clients(RUBRIC, COUNT, seed=16)):
        doc["merchant"]["date"] = f"2026-{1 + index % 11:02d}-{1 + index % 27:02d}"
        doc["notes"] = {question: f"备注机密{index:04d}"}
        docs.append(doc)
    halves = [folder / "客户甲批次.jsonl", folder / "客户乙批次.jsonl"]
    for path, part in zip(halves, (docs[: COUNT // 2], docs[COUNT // 2 :]), strict=True):
        path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in part), encoding="utf-8")
    files = {name: folder / f"{name}.json" for name in ("a", "b", "both", "pooled")}
    batch([halves[0]], folder / "out-a", files["a"])
    batch([halves[1]], folder / "out-b", files["b"])
    batch(halves, folder / "out-both", files["both"])
    merged = run("benchmark", "merge", files["a"], files["b"], "--out", files["pooled"])
    assert merged.exit_code == 0, merged.stderr
    return {"docs": docs, "halves": halves, "files": files, "out": folder / "out-both"}


def test_the_file_holds_no_name_source_or_note(made: dict[str, Any]) -> None:
    text = made["files"]["both"].read_text(encoding="utf-8")
    for doc in made["docs"]:
        assert doc["merchant"]["name"] not in text
        assert next(iter(doc["notes"].values())) not in text
    for source in made["halves"]:
        assert source.name not in text and source.stem not in text and str(source.parent) not in text
    assert "备注" not in text and "号店" not in text  # not even a part of one


def test_the_file_is_a_valid_synthetic_benchmark_without_small_segments(made: dict[str, Any]) -> None:
    from jsonschema import Draft202012Validator

    from fact_audit.schemas import load_schema

    doc = load_benchmark(made["files"]["both"])  # checked against the schema and its sums on the way in
    Draft202012Validator(load_schema("benchmark.schema.json")).validate(doc)
    assert all(d["merchant"]["consultant"] == SYNTHETIC_MARK for d in made["docs"])
    assert doc["synthetic"] is True
    assert doc["clients"] == COUNT and doc["min_segment"] == MIN
    assert doc["rubric"] == {"id": RUBRIC.id, "version": RUBRIC.version} and doc["capabilities"] == CAPS
    assert doc["dates"] == {"first": "2026-01-01", "last": "2026-11-27"}
    assert all(segment["clients"] >= MIN for segment in doc["segments"])
    everyone = doc["segments"][-1]
    assert [everyone[k] for k in ("platform", "category", "stage", "clients")] == [None, None, None, COUNT]
    assert sum(everyone["flags"].values()) > 0 and sum(everyone["actions"].values()) > 0


def test_a_small_segment_is_left_out(made: dict[str, Any], tmp_path: Path) -> None:
    """With the minimum above the finest segments' sizes they all go; their clients stay in the coarser ones."""
    path = tmp_path / "coarse.json"
    result = run("batch", made["halves"][0], "--out", tmp_path / "out", "--jobs", 1, "--no-reports",
                 "--min-segment", 40, "--save-benchmark", path)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    doc = load_benchmark(path)
    assert all(segment["platform"] is None for segment in doc["segments"])
    assert all(segment["clients"] >= 40 for segment in doc["segments"])
    assert doc["segments"][-1]["clients"] == COUNT // 2


def test_two_batches_merged_give_the_histograms_of_one_batch_over_both(made: dict[str, Any]) -> None:
    files = made["files"]
    pooled, both = load_benchmark(files["pooled"]), load_benchmark(files["both"])
    halves = [load_benchmark(files["a"]), load_benchmark(files["b"])]

    def by_key(doc: dict[str, Any]) -> dict[tuple[Any, ...], dict[str, Any]]:
        return {(s["platform"], s["category"], s["stage"]): s for s in doc["segments"]}

    pooled_segments, both_segments = by_key(pooled), by_key(both)
    in_every_half = set(by_key(halves[0])) & set(by_key(halves[1]))
    assert (None, None, None) in in_every_half and len(in_every_half) > 20
    for key in in_every_half:
        assert pooled_segments[key] == both_segments[key], key
    for key in set(both_segments) - in_every_half:  # too small in one half: that half's clients stay coarser
        assert pooled_segments.get(key, {"clients": 0})["clients"] < both_segments[key]["clients"]
    assert {k: v for k, v in pooled.items() if k != "segments"} == {k: v for k, v in both.items() if k != "segments"}


def test_position_gives_the_percentiles_of_summary_csv(made: dict[str, Any]) -> None:
    doc = load_benchmark(made["files"]["both"])
    with (made["out"] / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == COUNT
    stages = {str(index): d["merchant"]["stage"] for index, d in enumerate(made["docs"][COUNT // 2 :], start=1)}
    compared = 0
    for row in rows[::7]:
        source, line = row["source"].rsplit(":", 1)
        if not source.endswith("客户乙批次.jsonl"):
            continue
        stage = stages[line]
        scores = {c: float(row[c]) for c in CAPS}
        everyone = position(doc, {}, float(row["overall"]), scores)
        assert everyone is not None and everyone["segment"]["clients"] == COUNT
        assert everyone["overall"]["percentile"] == float(row["overall_pct"])
        for cid in CAPS:
            assert everyone["capabilities"][cid]["percentile"] == float(row[f"{cid}_pct"]), cid
        peers = position(doc, {"category": row["category"], "stage": stage}, float(row["overall"]), scores)
        assert peers is not None
        assert (peers["segment"]["category"], peers["segment"]["stage"]) == (row["category"], stage)
        assert peers["segment"]["clients"] == int(row["segment_size"])
        assert peers["overall"]["percentile"] == float(row["overall_segment_pct"])
        for cid in CAPS:
            assert peers["capabilities"][cid]["percentile"] == float(row[f"{cid}_segment_pct"]), cid
        compared += 1
    assert compared > 50


def test_merge_refuses_another_rubric_version(made: dict[str, Any], tmp_path: Path) -> None:
    doc = json.loads(made["files"]["a"].read_text(encoding="utf-8"))
    doc["rubric"]["version"] = "0.9.0"
    older = tmp_path / "older.json"
    older.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "pooled.json"
    result = run("benchmark", "merge", made["files"]["b"], older, "--out", out)
    assert result.exit_code == 2
    assert "0.9.0" in result.stderr and RUBRIC.version in result.stderr and "older.json" in result.stderr
    assert not out.exists()


def test_merge_refuses_a_broken_file_at_its_line(made: dict[str, Any], tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(made["files"]["a"].read_text(encoding="utf-8").replace('"clients": ', '"clients": -', 1))
    result = run("benchmark", "merge", made["files"]["b"], broken)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{broken}:") and "benchmark" in result.stderr


def test_merge_never_writes_over_an_input(made: dict[str, Any], tmp_path: Path) -> None:
    copy = tmp_path / "a.json"
    copy.write_bytes(made["files"]["a"].read_bytes())
    result = run("benchmark", "merge", copy, made["files"]["b"], "--out", copy)
    assert result.exit_code == 2 and copy.read_bytes() == made["files"]["a"].read_bytes()


def test_save_benchmark_refuses_a_minimum_under_three_and_an_input(made: dict[str, Any], tmp_path: Path) -> None:
    source = made["halves"][0]
    before = source.read_bytes()
    too_small = run("batch", source, "--out", tmp_path / "o1", "--jobs", 1, "--no-reports", "--min-segment", 2,
                    "--save-benchmark", tmp_path / "peers.json")  # fmt: skip
    assert too_small.exit_code == 2 and not (tmp_path / "peers.json").exists()
    over_input = run("batch", source, "--out", tmp_path / "o2", "--jobs", 1, "--no-reports",
                     "--save-benchmark", source)  # fmt: skip
    assert over_input.exit_code == 2 and source.read_bytes() == before
    over_summary = run("batch", source, "--out", tmp_path / "o3", "--jobs", 1, "--no-reports",
                       "--save-benchmark", tmp_path / "o3" / "summary.json")  # fmt: skip
    assert over_summary.exit_code == 2
