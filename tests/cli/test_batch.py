"""`fact-audit batch` and `compare`: mixed inputs, encodings, hostile names, 1,000 clients.

The cohort maths are tested on their own in tests/unit/test_cohort.py.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from fact_audit.batch import neutralise, safe_stem
from fact_audit.synthetic import clients, write_files

from ..conftest import DATA, ROOT, load_bundled

RUBRIC = load_bundled()  # the bundled set by its path, whatever FACT_AUDIT_RUBRICS says
EXAMPLES = ROOT / "examples"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def csv_rows(rows: list[dict]) -> tuple[list[str], list[list[str]]]:
    columns = ["merchant.name", "merchant.platform", "merchant.stage", "merchant.category"]
    columns += [q.id for q in RUBRIC.questions.values()]
    body = []
    for row in rows:
        cells = []
        for column in columns:
            if column.startswith("merchant."):
                cells.append(row["merchant"].get(column.split(".", 1)[1], ""))
            else:
                value = row["answers"].get(column)
                if isinstance(value, list):
                    cells.append(";".join(value))
                elif isinstance(value, bool):
                    cells.append("是" if value else "否")
                else:
                    cells.append("" if value is None else str(value))
        body.append(cells)
    return columns, body


def write_csv(path: Path, rows: list[dict], encoding: str) -> None:
    columns, body = csv_rows(rows)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["提交时间", *columns])  # form tools add their own columns; they are ignored
        for cells in body:
            writer.writerow(["2026-11-01 10:00", *cells])


def test_mixed_inputs_with_bad_files(cli, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("reports"))
    (folder / "broken.yaml").write_text("answers: [\n", encoding="utf-8")
    jsonl = tmp_path / "more.jsonl"
    docs = list(clients(RUBRIC, 3, seed=1))
    lines = [json.dumps(d, ensure_ascii=False) for d in docs]
    lines.insert(1, '{"answers": {"goods.sell_thru": 1}}')
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = cli(
        "batch",
        folder,
        jsonl,
        str(tmp_path / "nothing-*.yaml"),
        DATA / "answers" / "invalid" / "nan.yaml",
        "--out",
        out,
        "--jobs",
        "1",
        "--lang",
        "en",
    )
    assert result.exit_code == 1
    rows = read_csv(out / "summary.csv")
    assert len(rows) == len(list(EXAMPLES.glob("*.yaml"))) + 3  # every example, and three more clients
    errors = read_csv(out / "errors.csv")
    problems = {(Path(e["source"]).name, e["line"]): e["problem"] for e in errors}
    assert problems[("broken.yaml", "2")].startswith("invalid YAML")
    assert problems[("more.jsonl", "2")] == "unknown question id 'goods.sell_thru' (did you mean 'goods.sell_through'?)"
    assert problems[("nan.yaml", "5")] == "goods.sell_through needs a finite number, not nan"
    assert problems[("nothing-*.yaml", "")] == "no file matches this pattern"
    assert f"{folder / 'broken.yaml'}:2: invalid YAML" in result.stderr
    good = len(list(EXAMPLES.glob("*.yaml"))) + 3
    assert len(list((out / "reports").iterdir())) == good
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["clients"] == good and summary["errors"] == 4 and len(summary["clients_detail"]) == good
    assert set(summary["cohort"]) == {"overall", *[c.id for c in RUBRIC.capabilities]}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_exports_in_three_encodings(cli, tmp_path: Path, encoding: str) -> None:
    docs = list(clients(RUBRIC, 4, seed=3))
    docs[0]["merchant"]["name"] = "青禾茶研社（华东）"
    export = tmp_path / "form.csv"
    write_csv(export, docs, encoding)
    out = tmp_path / "out"
    result = cli("batch", export, "--out", out, "--jobs", "1", "--no-reports")
    assert result.exit_code == 0, result.stderr
    rows = read_csv(out / "summary.csv")  # the default, Chinese, summary: read by its Chinese headers
    assert next(r["店铺"] for r in rows) == "青禾茶研社（华东）"
    assert [r["来源文件"] for r in rows] == [f"{export}:{n}" for n in (2, 3, 4, 5)]
    assert not (out / "reports").exists()
    # the CSV path scores exactly like the same answers given as a file
    from fact_audit.api import score

    assert float(rows[1]["总分"]) == score(docs[1]).score


def test_csv_bad_cells_and_bad_header(cli, tmp_path: Path) -> None:
    export = tmp_path / "form.csv"
    export.write_text(
        "merchant.name,goods.sell_through,goods.selection_basis\nA,70,audience_profile\nB,abc,\n", encoding="utf-8"
    )
    typo = tmp_path / "typo.csv"
    typo.write_text("merchant.name,goods.sell_thru\nA,70\n", encoding="utf-8")
    none = tmp_path / "none.csv"
    none.write_text("name,score\nA,70\n", encoding="utf-8")
    out = tmp_path / "out"
    result = cli("batch", export, typo, none, "--out", out, "--jobs", "1", "--no-reports", "--lang", "en")
    assert result.exit_code == 1
    errors = {(Path(e["source"]).name, e["line"]): e["problem"] for e in read_csv(out / "errors.csv")}
    assert errors[("form.csv", "3")] == "goods.sell_through needs a number, not 'abc'"
    # a mistyped column is one error at the header, not one per row
    assert errors[("typo.csv", "1")].startswith("column 2 (goods.sell_thru) is not a question id")
    assert "did you mean 'goods.sell_through'?" in errors[("typo.csv", "1")]
    assert not [key for key in errors if key[0] == "typo.csv" and key[1] != "1"]
    assert errors[("none.csv", "1")].startswith("no column is a question")
    assert [r["name"] for r in read_csv(out / "summary.csv")] == ["A"]


def test_template_csv_header(cli) -> None:
    header = cli("template", "--format", "csv").stdout
    assert header.startswith(
        "\ufeffmerchant.name,merchant.platform,merchant.stage,merchant.category,merchant.date,fact.team_size"
    )
    asked = [q for q in RUBRIC.questions.values() if q.asked]  # computed questions are worked out, not asked
    assert len(header.strip().split(",")) == 5 + len(asked)


HOSTILE = [
    '=HYPERLINK("http://x")',
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "\tTab",
    "../../etc/passwd",
    "..",
    "a/b\\c",
    "名字\x07带控制符",
    "<img src=x onerror=alert(1)>",
    "同名店",
    "同名店",
    "",
    "CON",
]


def test_hostile_names_stay_inside_out_and_never_become_formulas(cli, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    docs = list(clients(RUBRIC, len(HOSTILE), seed=5))
    for index, (doc, name) in enumerate(zip(docs, HOSTILE, strict=True)):
        doc["merchant"]["name"] = name
        (folder / f"c{index:02d}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    result = cli("batch", folder, "--out", out, "--jobs", "2", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    written = sorted(p for p in tmp_path.rglob("*") if p.is_file() and not p.is_relative_to(folder))
    assert all(p.is_relative_to(out) for p in written)
    reports = list((out / "reports").iterdir())
    assert len(reports) == len(HOSTILE)  # two clients with one name still get two files
    assert all(p.parent == out / "reports" and not p.name.startswith(".") for p in reports)
    assert not [p for p in reports if any(ord(ch) < 32 for ch in p.name)]
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    names = [r["name"] for r in read_csv(out / "summary.csv")]
    assert '\'=HYPERLINK("http://x")' in names and "'-2+3" in names


def test_safe_stem_rules() -> None:
    assert safe_stem("青禾茶研社", "x").startswith("青禾茶研社-")
    assert "/" not in safe_stem("../../etc/passwd", "x") and ".." not in safe_stem("..", "x")
    assert safe_stem("a", "one") != safe_stem("a", "two")
    assert safe_stem(None, "x").startswith("client-")
    assert neutralise("=1+1") == "'=1+1" and neutralise(-3) == -3 and neutralise("ok") == "ok"


@pytest.mark.slow
def test_a_thousand_generated_clients_with_broken_files(cli, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_files(RUBRIC, folder, 1000, seed=11)
    (folder / "zz-bad-1.yaml").write_text("format: fact-audit/answers@1\nanswers:\n  goods.sell_through: 900\n")
    (folder / "zz-bad-2.json").write_text("{not json")
    (folder / "zz-bad-3.yaml").write_bytes("answers:\n  goods.packaging: 好\n".encode("gbk"))
    out = tmp_path / "out"
    result = cli("batch", folder, "--out", out, "--jobs", "2", "--lang", "en")
    assert result.exit_code == 1
    rows = read_csv(out / "summary.csv")
    assert len(rows) == 1000 and len(list((out / "reports").iterdir())) == 1000
    assert all((out / r["report"]).is_file() for r in rows)
    errors = read_csv(out / "errors.csv")
    assert sorted(Path(e["source"]).name for e in errors) == ["zz-bad-1.yaml", "zz-bad-2.json", "zz-bad-3.yaml"]
    assert [r["source"] for r in rows] == sorted(r["source"] for r in rows)  # input order kept
    pct = [float(r["overall_pct"]) for r in rows]
    assert 0 < min(pct) < 1 and 99 < max(pct) <= 100
    segmented = [r for r in rows if r["overall_segment_pct"]]
    assert segmented and all(int(r["segment_size"]) >= 5 for r in segmented)


def test_compare_two_dates(cli, tmp_path: Path) -> None:
    import yaml

    old = EXAMPLES / "growing_brand.yaml"
    document = yaml.safe_load(old.read_text(encoding="utf-8"))
    document["answers"]["private_domain.tiering"] = 3
    document["answers"]["private_domain.repurchase_rate"] = 35
    new = tmp_path / "later.yaml"
    new.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    report_json = tmp_path / "old.json"
    report_json.write_text(cli("score", old, "--format", "json").stdout, encoding="utf-8")
    result = cli("compare", report_json, new, "--format", "json")
    assert result.exit_code == 0, result.stderr
    comparison = json.loads(result.stdout)
    caps = {c["id"]: c for c in comparison["capabilities"]}
    assert caps["private_domain"]["delta"] > 0 and caps["goods"]["delta"] == 0
    pd = caps["private_domain"]
    assert pd["progress"] == round((pd["new"] - pd["old"]) / (pd["target_score"] - pd["old"]), 3)
    assert {c["question"] for c in comparison["changed_answers"]} == {
        "private_domain.tiering",
        "private_domain.repurchase_rate",
    }
    assert comparison["same_merchant"] and comparison["resolved"]
    for fmt in ("table", "markdown"):
        assert cli("compare", old, new, "--format", fmt, "--lang", "en").exit_code == 0


def test_python_api_is_plain_and_picklable() -> None:
    import pickle

    import fact_audit

    report = fact_audit.score(EXAMPLES / "mature_brand.yaml")
    assert (
        report.score
        == fact_audit.score(fact_audit.load_answers(EXAMPLES / "mature_brand.yaml", fact_audit.load_rubric_set())).score
    )
    assert pickle.loads(pickle.dumps(fact_audit.score)) is fact_audit.score
    assert pickle.loads(pickle.dumps(report)).to_dict() == report.to_dict()


@pytest.fixture(scope="module", params=[1, 2], ids=["1-worker", "2-workers"])
def local_cluster(request):
    """A Dask LocalCluster of one or two worker processes, reached by its address as a remote one would be."""
    distributed = pytest.importorskip("dask.distributed", reason="the Dask engine is an extra")
    with distributed.LocalCluster(
        n_workers=request.param, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        yield cluster.scheduler_address


def _mixed_inputs(root: Path) -> list[str]:
    """Good and broken clients of every kind an engine handles differently: YAML and JSON files the client reads for
    the workers, files it cannot read, rows of JSON Lines and CSV, and a path that does not exist."""
    folder = root / "in"
    write_files(RUBRIC, folder, 30, seed=21)
    write_files(RUBRIC, root / "json", 4, seed=22, fmt="json")
    (root / "json" / "zz-broken.json").write_text('{"answers": {', encoding="utf-8")
    (folder / "zz-syntax.yaml").write_text("merchant:\n  name: [不全\n", encoding="utf-8")
    (folder / "zz-wrong.yaml").write_text("answers: 3\n", encoding="utf-8")
    (folder / "zz-gbk.yaml").write_bytes("merchant: {name: 老店}\n".encode("gbk"))
    rows = list(clients(RUBRIC, 4, seed=23))
    hostile = {**rows[3], "merchant": {**rows[3]["merchant"], "name": "<script>x</script> *名字* \x1b[31m"}}
    (folder / "zz-<b>名字.yaml").write_text(json.dumps(hostile), encoding="utf-8")
    rows = rows[:3]
    (root / "rows.jsonl").write_text(
        "\n".join([json.dumps(rows[0], ensure_ascii=False), "{oops", json.dumps(rows[1], ensure_ascii=False)]) + "\n",
        encoding="utf-8",
    )
    write_csv(root / "rows.csv", rows, "utf-8-sig")
    return [str(folder), str(root / "json"), str(root / "rows.jsonl"), str(root / "rows.csv"), str(root / "nope.yaml")]


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_dask_engine_writes_the_same_bytes_as_the_local_engine(cli, tmp_path: Path, local_cluster: str, fmt) -> None:
    inputs = _mixed_inputs(tmp_path)
    local, dask = tmp_path / "local", tmp_path / "dask"
    peers = tmp_path / "peers.json"  # a --benchmark travels to the workers with the rubric set
    assert cli("batch", *inputs, "--out", tmp_path / "p", "--no-reports", "--save-benchmark", peers).exit_code == 1
    common = ["--format", fmt, "--lang", "zh" if fmt == "html" else "en", "--benchmark", str(peers)]
    assert cli("batch", *inputs, "--out", local, "--jobs", "2", *common).exit_code == 1
    result = cli("batch", *inputs, "--out", dask, *common, "--engine", "dask", "--scheduler", local_cluster)
    assert result.exit_code == 1, result.stderr
    expected = _outputs(local)
    assert len(expected["errors.csv"].decode("utf-8-sig").splitlines()) == 7  # the header and six broken clients
    assert len(list((local / "reports").iterdir())) == 40
    assert _outputs(dask) == expected


def test_dask_engine_gives_the_same_summary(cli, tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed", reason="the Dask engine is an extra: pip install -e '.[dask]'")
    folder = tmp_path / "in"
    write_files(RUBRIC, folder, 120, seed=21)
    (folder / "zz-bad.yaml").write_text("answers: 3\n", encoding="utf-8")
    local, dask = tmp_path / "local", tmp_path / "dask"
    assert cli("batch", folder, "--out", local, "--jobs", "2").exit_code == 1
    assert cli("batch", folder, "--out", dask, "--engine", "dask", "--jobs", "2").exit_code == 1  # a local cluster
    assert _outputs(local) == _outputs(dask)


def test_ctrl_c_during_a_dask_batch_stops_it_and_writes_no_summaries(tmp_path: Path, local_cluster: str) -> None:
    from fact_audit.batch import BatchSettings, prepare_out, run_batch, run_dask
    from fact_audit.sources import expand

    write_files(RUBRIC, tmp_path / "in", 40, seed=9)
    out = tmp_path / "out"
    prepare_out(out, reports=True, fmt="markdown")
    settings = BatchSettings(out=str(out), fmt="markdown", lang="en")
    seen: list[str] = []

    def on_result(result) -> None:
        seen.append(result.label)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(
            expand([str(tmp_path / "in")], out=str(out)),
            settings,
            [c.id for c in RUBRIC.capabilities],
            lambda jobs: run_dask(jobs, settings, local_cluster, chunk_size=2, timeout=20),
            on_result,
        )
    assert len(seen) == 1
    assert not (out / "summary.csv").exists() and not (out / "errors.csv").exists()


class _Gone:
    """A Dask future whose chunk ended as `error` (a worker that died each time, a scheduler that went away)."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def result(self):
        raise self.error


def test_a_chunk_dask_gave_up_on_is_one_error_row_per_client_and_a_lost_scheduler_one_line() -> None:
    distributed = pytest.importorskip("distributed", reason="the Dask engine is an extra")
    from concurrent.futures import CancelledError

    from fact_audit.batch import BatchSettings, ClientError, _collect
    from fact_audit.errors import FactAuditError
    from fact_audit.sources import Job

    chunk = [Job("file", "a.yaml"), Job("file", "b.yaml"), Job("csv", "c.csv", 3, {})]
    unread = ClientError("b.yaml", "b.yaml", None, "no such file")  # made by the client, never sent
    class Killed(distributed.KilledWorker):  # its constructor's arguments are Dask's business, not this test's
        def __init__(self) -> None:
            Exception.__init__(self, "killed")

    rows = list(_collect(chunk, {1: unread}, _Gone(Killed()), BatchSettings(), "x"))
    assert [(row.source, row.line) for row in rows] == [("a.yaml", None), ("b.yaml", None), ("c.csv", 3)]
    assert rows[1] is unread and "lost" in rows[0].problem and rows[2].problem == rows[0].problem
    with pytest.raises(FactAuditError) as lost:
        list(_collect(chunk, {}, _Gone(CancelledError()), BatchSettings(), "dask scheduler tcp://h:1"))
    assert str(lost.value).startswith("dask scheduler tcp://h:1: ") and lost.value.code == "cluster"


def test_a_scheduler_address_dask_cannot_use_is_one_line_naming_it(cli, tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed", reason="the Dask engine is an extra")
    args = ["--engine", "dask", "--scheduler", "nonsense://h:1", "--cluster-timeout", "2"]
    result = cli("batch", EXAMPLES / "mature_brand.yaml", "--out", tmp_path / "o", *args)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1].startswith("dask scheduler nonsense://h:1: not a scheduler address")


def test_dask_engine_without_the_extra_is_a_clear_usage_error(cli, tmp_path: Path, monkeypatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name.startswith("dask"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    result = cli("batch", EXAMPLES / "mature_brand.yaml", "--out", tmp_path / "o", "--engine", "dask")
    assert result.exit_code == 2 and "pip install 'fact-audit[dask]'" in result.stderr
