"""`fact_audit.storage`: what is a URL, listing prefixes and globs, size-checked reads, whole-object writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fact_audit.errors import InputFileError, UsageError
from fact_audit.fileio import OutputError
from fact_audit.storage import check_out, expand_url, is_url, join, read_bytes, write_bytes
from fact_audit.yamlio import read_text

fsspec = pytest.importorskip("fsspec")


@pytest.fixture
def memory():
    fs = fsspec.filesystem("memory")
    fs.store.clear()
    fs.pseudo_dirs[:] = [""]
    yield fs
    fs.store.clear()
    fs.pseudo_dirs[:] = [""]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("s3://bucket/answers/*.yaml", True),
        ("gcs://bucket/a.yaml", True),
        ("abfs://container/a", True),
        ("memory://b/x", True),
        ("file:///tmp/a.yaml", True),
        ("simplecache::s3://bucket/a.yaml", True),
        ("C://Users/a.yaml", False),  # a Windows drive, not a scheme
        ("C:\\Users\\a.yaml", False),
        ("answers/a.yaml", False),
        ("/tmp/a:b://c", False),
        ("-", False),
    ],
)
def test_is_url(text: str, expected: bool) -> None:
    assert is_url(text) is expected


def test_a_path_object_is_never_a_url() -> None:
    assert not is_url(Path("s3://bucket/a.yaml"))
    assert not is_url(None)


def test_join_keeps_a_urls_slashes_and_a_paths_form() -> None:
    assert join("memory://b/out/", "reports", "a.md") == "memory://b/out/reports/a.md"
    assert join("out", "summary.csv") == str(Path("out") / "summary.csv")


def test_a_prefix_lists_answers_objects_in_order_without_a_batchs_outputs(memory) -> None:
    for key in ("in/b.yaml", "in/a.json", "in/sub/c.yml", "in/notes.txt", "in/rows.csv"):
        memory.pipe_file(f"memory://bucket/{key}", b"x")
    # an earlier batch's --out inside the prefix: its summary.json and reports/ are no clients, its answers are
    memory.pipe_file("memory://bucket/in/run/summary.json", b'{\n  "clients": 1,\n  "min_segment": 5}')
    memory.pipe_file("memory://bucket/in/run/reports/x.json", b"{}")
    memory.pipe_file("memory://bucket/in/run/d.yaml", b"x")
    urls, problem = expand_url("memory://bucket/in", (".yaml", ".yml", ".json"))
    assert problem is None
    assert urls == [
        "memory://bucket/in/a.json",
        "memory://bucket/in/b.yaml",
        "memory://bucket/in/run/d.yaml",
        "memory://bucket/in/sub/c.yml",
    ]


def test_this_runs_out_inside_the_prefix_is_left_out(memory) -> None:
    memory.pipe_file("memory://bucket/in/a.yaml", b"x")
    memory.pipe_file("memory://bucket/in/out/reports/r.json", b"{}")
    memory.pipe_file("memory://bucket/in/out/summary.json", b"{}")
    urls, _ = expand_url("memory://bucket/in", (".yaml", ".json"), out="memory://bucket/in/out")
    assert urls == ["memory://bucket/in/a.yaml"]


def test_globs_objects_and_nothing(memory) -> None:
    memory.pipe_file("memory://bucket/in/a.yaml", b"x")
    memory.pipe_file("memory://bucket/in/b.csv", b"x")
    assert expand_url("memory://bucket/in/*.csv", (".yaml",)) == (["memory://bucket/in/b.csv"], None)
    assert expand_url("memory://bucket/in/a.yaml", (".yaml",)) == (["memory://bucket/in/a.yaml"], None)
    assert expand_url("memory://bucket/in/*.jsonl", (".yaml",)) == ([], "no file matches this pattern")
    assert expand_url("memory://bucket/gone", (".yaml",)) == ([], "no such file or folder")
    memory.pipe_file("memory://bucket/empty/notes.txt", b"x")
    assert expand_url("memory://bucket/empty", (".yaml",))[1] == "folder holds no *.yaml, *.yml or *.json answers files"


def test_reads_are_limited_as_local_files_are(memory, tmp_path) -> None:
    data = b"a: 1\n" * 300_000  # 1.5 MB, over a 1 MB limit
    memory.pipe_file("memory://bucket/big.yaml", data)
    (tmp_path / "big.yaml").write_bytes(data)
    with pytest.raises(InputFileError) as remote:
        read_bytes("memory://bucket/big.yaml", limit=1024 * 1024)
    with pytest.raises(InputFileError) as local:
        read_text(tmp_path / "big.yaml", limit=1024 * 1024)
    assert remote.value.message == local.value.message and remote.value.code == local.value.code == "too-large"
    assert remote.value.file == "memory://bucket/big.yaml"
    assert read_bytes("memory://bucket/big.yaml", limit=len(data)) == data


def test_a_missing_object_is_not_found(memory) -> None:
    with pytest.raises(InputFileError) as error:
        read_bytes("memory://bucket/nothing.yaml")
    assert error.value.code == "not-found" and error.value.file == "memory://bucket/nothing.yaml"


def test_a_write_is_one_whole_object_and_leaves_no_temporary_key(memory) -> None:
    write_bytes("memory://bucket/out/reports/a.md", b"old")
    write_bytes("memory://bucket/out/reports/a.md", b"new")
    assert memory.cat_file("memory://bucket/out/reports/a.md") == b"new"
    assert memory.find("/bucket/out") == ["/bucket/out/reports/a.md"]


def test_without_mv_the_object_is_written_directly(memory, monkeypatch) -> None:
    def no_mv(*args, **kwargs):
        raise NotImplementedError

    monkeypatch.setattr(type(memory), "mv", no_mv)
    write_bytes("memory://bucket/out/a.csv", b"whole")
    assert memory.cat_file("memory://bucket/out/a.csv") == b"whole"
    assert memory.find("/bucket/out") == ["/bucket/out/a.csv"]


def test_a_local_link_is_never_written_through(tmp_path) -> None:
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_text("mine", encoding="utf-8")
    (tmp_path / "out").mkdir()
    os.symlink(elsewhere, tmp_path / "out" / "a.md")
    with pytest.raises(OutputError) as error:
        write_bytes((tmp_path / "out" / "a.md").as_uri(), b"report")
    assert error.value.code == "outside-out"
    assert elsewhere.read_text(encoding="utf-8") == "mine"


def test_check_out_probes_and_refuses_an_object_or_an_input(memory) -> None:
    check_out("memory://bucket/out")
    assert memory.find("/bucket") == []  # the probe key is gone
    memory.pipe_file("memory://bucket/file", b"x")
    with pytest.raises(OutputError) as error:
        check_out("memory://bucket/file")
    assert error.value.code == "not-a-folder"
    with pytest.raises(UsageError):
        check_out("memory://bucket/in/", inputs=["memory://bucket/in"])


def test_an_unknown_protocol_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as error:
        read_bytes("nosuchprotocol://bucket/a.yaml")
    assert error.value.file == "nosuchprotocol://bucket/a.yaml"


def test_a_staged_folder_is_uploaded_in_pieces_with_the_summaries_last(memory, tmp_path, monkeypatch) -> None:
    import fact_audit.storage as storage

    monkeypatch.setattr(storage, "_PIECE", 3)  # several pieces per file
    (tmp_path / "history").mkdir()
    (tmp_path / "history" / "a.html").write_bytes(b"<p>history</p>")
    (tmp_path / "summary.csv").write_bytes(b"name,overall\r\n")
    (tmp_path / "errors.csv").write_bytes(b"source\r\n")
    written: list[str] = []
    real = storage.write_bytes
    monkeypatch.setattr(storage, "write_bytes", lambda url, data: (written.append(url), real(url, data)))
    storage.upload_folder(str(tmp_path), "memory://bucket/out", last=["summary.csv", "errors.csv"])
    assert written == [
        "memory://bucket/out/history/a.html",
        "memory://bucket/out/summary.csv",
        "memory://bucket/out/errors.csv",
    ]
    assert memory.cat_file("memory://bucket/out/history/a.html") == b"<p>history</p>"
    assert memory.cat_file("memory://bucket/out/summary.csv") == b"name,overall\r\n"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_and_json_lines_objects_give_the_rows_local_files_give(memory, tmp_path, encoding: str) -> None:
    from fact_audit.sources import csv_jobs, jsonl_jobs

    text = 'merchant.name,goods.sell_through\r\n青禾,0.6\r\n"未闭合,0.1\r\n'
    (tmp_path / "a.csv").write_bytes(text.encode(encoding))
    memory.pipe_file("memory://bucket/a.csv", text.encode(encoding))
    rows = b'{"answers": {}}\n\n{"answers": \n'
    (tmp_path / "a.jsonl").write_bytes(rows)
    memory.pipe_file("memory://bucket/a.jsonl", rows)

    def shape(jobs) -> list[tuple]:
        return [(job.kind, job.line, job.payload) for job in jobs]

    local, remote = list(csv_jobs(tmp_path / "a.csv")), list(csv_jobs("memory://bucket/a.csv"))
    assert shape(remote) == shape(local) and len(local) == 2
    assert {job.source for job in remote} == {"memory://bucket/a.csv"}
    assert shape(jsonl_jobs("memory://bucket/a.jsonl")) == shape(jsonl_jobs(tmp_path / "a.jsonl"))
