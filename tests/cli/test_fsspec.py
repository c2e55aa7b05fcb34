"""`fact-audit batch` over fsspec URLs (issue 17, item 2): inputs and `--out` in object storage, beside paths.

fsspec's `memory://` file system stands in for a bucket; it lives in this process, so those batches run with
`--jobs 1` in-process (the `cli` fixture). The local `file://` protocol covers a process pool. The summaries and
reports of a URL batch are compared with the same batch over local paths: only the names of the inputs differ.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from fact_audit.synthetic import write_files

from ..conftest import load_bundled

fsspec = pytest.importorskip("fsspec")

RUBRIC = load_bundled()
NAME_COLUMNS = ("source", "report")  # what names an input or its report: a path here, a URL there


@pytest.fixture
def memory():
    """fsspec's in-memory file system, empty before and after each test."""
    fs = fsspec.filesystem("memory")
    fs.store.clear()
    fs.pseudo_dirs[:] = [""]
    yield fs
    fs.store.clear()
    fs.pseudo_dirs[:] = [""]


def upload(fs, folder: Path, prefix: str) -> None:
    for path in sorted(folder.iterdir()):
        fs.pipe_file(f"{prefix}/{path.name}", path.read_bytes())


def summary_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def without_names(rows: list[dict]) -> list[dict]:
    return [{key: value for key, value in row.items() if key not in NAME_COLUMNS} for row in rows]


def local_outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def memory_outputs(fs, prefix: str) -> dict[str, bytes]:
    root = fs._strip_protocol(prefix).rstrip("/") + "/"
    return {name[len(root) :]: fs.cat_file(name) for name in sorted(fs.find(root))}


def compare(local: dict[str, bytes], remote: dict[str, bytes]) -> None:
    """The same outputs: the same files but for the reports' names (a hash of the input's name), the same report
    contents, and the same summaries once the columns naming inputs and reports are left out."""
    assert sorted(k for k in local if not k.startswith("reports/")) == sorted(
        k for k in remote if not k.startswith("reports/")
    )
    assert sorted(v for k, v in local.items() if k.startswith("reports/")) == sorted(
        v for k, v in remote.items() if k.startswith("reports/")
    )
    assert len([k for k in remote if k.startswith("reports/")]) == len([k for k in local if k.startswith("reports/")])
    assert without_names(summary_csv(local["summary.csv"])) == without_names(summary_csv(remote["summary.csv"]))
    local_json, remote_json = json.loads(local["summary.json"]), json.loads(remote["summary.json"])
    local_rows, remote_rows = local_json.pop("clients_detail"), remote_json.pop("clients_detail")
    assert local_json == remote_json
    assert without_names(local_rows) == without_names(remote_rows)
    assert local["errors.csv"] == remote["errors.csv"]


def test_a_memory_batch_mixed_with_a_local_folder_writes_what_a_local_batch_writes(cli, memory, tmp_path) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    write_files(RUBRIC, here, 3, seed=11)
    write_files(RUBRIC, there, 4, seed=12)
    upload(memory, there, "memory://bucket/answers")
    local = cli("batch", here, there, "--out", tmp_path / "out", "--jobs", "1", "--lang", "en")
    assert local.exit_code == 0, local.stderr
    remote = cli(
        "batch", here, "memory://bucket/answers", "--out", "memory://bucket/out", "--jobs", "1", "--lang", "en"
    )
    assert remote.exit_code == 0, remote.stderr
    outputs = memory_outputs(memory, "memory://bucket/out")
    compare(local_outputs(tmp_path / "out"), outputs)
    sources = [row["source"] for row in summary_csv(outputs["summary.csv"])]
    assert sources[3:] == [f"memory://bucket/answers/client-{n:06d}.yaml" for n in range(4)]
    assert not any(".fa-" in name for name in outputs)  # no temporary or probe key left behind
    assert "memory://bucket/out/summary.csv" in remote.stderr


def test_a_glob_url_takes_its_matches_only(cli, memory, tmp_path) -> None:
    write_files(RUBRIC, tmp_path / "a", 3, seed=5)
    upload(memory, tmp_path / "a", "memory://bucket/in")
    memory.pipe_file("memory://bucket/in/notes.txt", b"not answers")
    memory.pipe_file("memory://bucket/other/client-9.yaml", (tmp_path / "a" / "client-000000.yaml").read_bytes())
    result = cli("batch", "memory://bucket/in/client-00000[12].yaml", "--out", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    with (tmp_path / "out" / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        sources = [row[1] for row in list(csv.reader(handle))[1:]]
    assert sources == ["memory://bucket/in/client-000001.yaml", "memory://bucket/in/client-000002.yaml"]


def test_a_missing_url_is_one_error_row_naming_it(cli, memory, tmp_path) -> None:
    write_files(RUBRIC, tmp_path / "a", 1)
    upload(memory, tmp_path / "a", "memory://bucket/in")
    result = cli("batch", "memory://bucket/in", "memory://bucket/gone.yaml", "--out", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 1
    with (tmp_path / "out" / "errors.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    assert rows == [["memory://bucket/gone.yaml", "", "no such file or folder"]]


def test_errors_in_objects_name_the_url_and_line_as_for_files(cli, memory, tmp_path) -> None:
    broken = b"merchant:\n  name: x\nanswers: [\n"
    (tmp_path / "broken.yaml").write_bytes(broken)
    memory.pipe_file("memory://bucket/in/broken.yaml", broken)
    memory.pipe_file("memory://bucket/in/rows.jsonl", b'{"answers": {"goods.sell_thru": 1}}\n')
    (tmp_path / "rows.jsonl").write_bytes(b'{"answers": {"goods.sell_thru": 1}}\n')
    local = cli("batch", tmp_path / "broken.yaml", tmp_path / "rows.jsonl", "--out", tmp_path / "o1", "--jobs", "1")
    remote = cli(
        "batch", "memory://bucket/in", "memory://bucket/in/rows.jsonl", "--out", tmp_path / "o2", "--jobs", "1"
    )
    assert local.exit_code == remote.exit_code == 1

    def rows(out: Path) -> list[list[str]]:
        with (out / "errors.csv").open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.reader(handle))[1:]

    expected = [[f"memory://bucket/in/{Path(s).name}", line, problem] for s, line, problem in rows(tmp_path / "o1")]
    assert sorted(rows(tmp_path / "o2")) == sorted(expected)
    assert len(expected) == 2 and all(line for _, line, _ in expected)  # each row says where


def test_an_oversize_object_is_refused_as_an_oversize_file_is(cli, memory, tmp_path) -> None:
    from fact_audit.yamlio import MAX_DOCUMENT_BYTES

    big = b"# " + b"x" * MAX_DOCUMENT_BYTES + b"\n"
    (tmp_path / "big.yaml").write_bytes(big)
    memory.pipe_file("memory://bucket/big.yaml", big)
    local = cli("batch", tmp_path / "big.yaml", "--out", tmp_path / "o1", "--jobs", "1")
    remote = cli("batch", "memory://bucket/big.yaml", "--out", tmp_path / "o2", "--jobs", "1")
    assert local.exit_code == remote.exit_code == 1

    def problems(out: Path) -> list[str]:
        with (out / "errors.csv").open(encoding="utf-8-sig", newline="") as handle:
            return [row[2] for row in list(csv.reader(handle))[1:]]

    assert problems(tmp_path / "o2") == problems(tmp_path / "o1")
    assert "limit" in problems(tmp_path / "o1")[0]


def test_an_out_url_that_is_an_input_is_refused(cli, memory, tmp_path) -> None:
    write_files(RUBRIC, tmp_path / "a", 1)
    upload(memory, tmp_path / "a", "memory://bucket/in")
    result = cli("batch", "memory://bucket/in", "--out", "memory://bucket/in/", "--jobs", "1")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "--out names an input" in result.stderr
    assert memory.find("/bucket/in") == ["/bucket/in/client-000000.yaml"]  # nothing written there


def test_an_out_url_that_is_an_object_is_refused(cli, memory, tmp_path) -> None:
    memory.pipe_file("memory://bucket/taken", b"x")
    write_files(RUBRIC, tmp_path / "a", 1)
    result = cli("batch", tmp_path / "a", "--out", "memory://bucket/taken", "--jobs", "1")
    assert result.exit_code == 2
    assert result.stderr.startswith("memory://bucket/taken: --out must be a folder")
    assert memory.cat_file("memory://bucket/taken") == b"x"


def test_an_unknown_protocol_is_one_line_exit_2(cli, tmp_path) -> None:
    result = cli("batch", "nosuchprotocol://bucket/a.yaml", "--out", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("nosuchprotocol://bucket/a.yaml: ") and "fact-audit[cloud]" not in result.stderr


def test_without_fsspec_a_url_names_the_extra(cli, monkeypatch, tmp_path) -> None:
    write_files(RUBRIC, tmp_path / "a", 1)
    monkeypatch.setitem(sys.modules, "fsspec", None)  # `import fsspec` now raises ImportError
    monkeypatch.setitem(sys.modules, "fsspec.core", None)
    for args in (("memory://bucket/a.yaml", "--out", tmp_path / "o1"), (tmp_path / "a", "--out", "memory://b/out")):
        result = cli("batch", *args, "--jobs", "1")
        assert result.exit_code == 2, result.stderr
        assert result.stderr.count("\n") == 1 and "pip install 'fact-audit[cloud]'" in result.stderr


def test_a_protocol_without_its_package_names_it_and_the_extra(cli, tmp_path) -> None:
    from importlib.util import find_spec

    if find_spec("s3fs") is not None:
        pytest.skip("s3fs is installed here")
    result = cli("batch", "s3://bucket/answers/", "--out", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "s3fs" in result.stderr and "fact-audit[cloud]" in result.stderr


def test_file_urls_through_a_process_pool(cli, tmp_path) -> None:
    write_files(RUBRIC, tmp_path / "a", 5, seed=3)
    local = cli("batch", tmp_path / "a", "--out", tmp_path / "o1", "--jobs", "2", "--lang", "en")
    assert local.exit_code == 0, local.stderr
    url = (tmp_path / "a").as_uri()
    out = (tmp_path / "o2").as_uri()
    remote = cli("batch", url, "--out", out, "--jobs", "2", "--lang", "en")
    assert remote.exit_code == 0, remote.stderr
    compare(local_outputs(tmp_path / "o1"), local_outputs(tmp_path / "o2"))


def test_an_html_batch_uploads_its_portfolio_page(cli, memory, tmp_path) -> None:
    write_files(RUBRIC, tmp_path / "a", 3, seed=4)
    result = cli("batch", tmp_path / "a", "--out", "memory://bucket/site", "--jobs", "1", "--format", "html")
    assert result.exit_code == 0, result.stderr
    names = memory_outputs(memory, "memory://bucket/site")
    assert {"index.html", "summary.csv", "summary.json", "errors.csv"} <= set(names)
    assert len([n for n in names if n.startswith("reports/") and n.endswith(".html")]) == 3
    assert "memory://bucket/site/index.html" in result.stderr


def test_a_benchmark_url_is_written_whole_and_never_over_an_input(memory, tmp_path) -> None:
    """Through the core (the CLI's `--save-benchmark` takes a path): the benchmark is one object in storage."""
    from fact_audit.batch import BatchSettings, run_batch, run_local
    from fact_audit.errors import UsageError
    from fact_audit.sources import expand

    write_files(RUBRIC, tmp_path / "a", 6, seed=2)
    upload(memory, tmp_path / "a", "memory://bucket/in")
    capabilities = [c.id for c in RUBRIC.capabilities]
    settings = BatchSettings(rubrics=None, out="memory://bucket/out", save_benchmark="memory://bucket/peers.json")
    run_batch(expand(["memory://bucket/in"]), settings, capabilities, lambda jobs: run_local(jobs, settings, 1))
    assert json.loads(memory.cat_file("memory://bucket/peers.json"))["rubric"]["id"] == RUBRIC.id
    taken = BatchSettings(
        rubrics=None, out="memory://bucket/out2", save_benchmark="memory://bucket/in/client-000001.yaml"
    )
    with pytest.raises(UsageError):
        run_batch(expand(["memory://bucket/in"]), taken, capabilities, lambda jobs: run_local(jobs, taken, 1))
    assert (
        memory.cat_file("memory://bucket/in/client-000001.yaml") == (tmp_path / "a" / "client-000001.yaml").read_bytes()
    )
