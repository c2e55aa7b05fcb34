"""Expanding batch inputs: a folder is listed like `rglob` would, in path order, each real file once."""

from __future__ import annotations

import os
from pathlib import Path

from fact_audit.sources import expand


def files_of(*inputs: Path | str) -> list[tuple[str, str]]:
    return [(job.kind, job.source) for job in expand([str(i) for i in inputs])]


def test_a_folder_is_listed_recursively_in_path_order(tmp_path: Path) -> None:
    for name in ("b.yaml", "a-b.json", "a/z.yml", "a/deep/x.YAML", "notes.txt", "a/readme.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}", encoding="utf-8")
    # Path order, as sorted(rglob) gave: "a" sorts before "a-b.json" by parts, though "/" > "-" as text.
    expected = ["a/deep/x.YAML", "a/z.yml", "a-b.json", "b.yaml"]
    assert files_of(tmp_path) == [("file", str(tmp_path / name)) for name in expected]


def test_each_real_file_once_and_linked_folders_not_descended(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.yaml").write_text("{}", encoding="utf-8")
    (folder / "sub" / "two.yaml").write_text("{}", encoding="utf-8")
    os.symlink(folder / "one.yaml", folder / "alias.yaml")  # the same file under another name
    os.symlink(folder / "sub", folder / "loop")  # a linked folder (it could be a cycle)
    jobs = files_of(folder, folder / "sub" / "two.yaml", tmp_path / "in" / ".." / "in" / "one.yaml")
    assert jobs == [("file", str(folder / "alias.yaml")), ("file", str(folder / "sub" / "two.yaml"))]


def test_an_empty_folder_and_a_missing_path_are_error_jobs(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    kinds = [job.kind for job in expand([str(tmp_path / "empty"), str(tmp_path / "missing.yaml")])]
    assert kinds == ["error", "error"]


def test_a_long_listing_is_merged_from_sorted_runs(tmp_path: Path, monkeypatch) -> None:
    import fact_audit.sources as sources

    monkeypatch.setattr(sources, "_RUN", 4)  # 27 files: seven runs to merge
    names = [f"{d}/{n}.yaml" for d in ("x", "x-y", "a") for n in ("q", "b", "m", "z", "c", "k", "a", "p", "e")]
    for name in names:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("{}", encoding="utf-8")
    expected = sorted(tmp_path / name for name in names)  # what sorted(rglob) gave
    assert files_of(tmp_path) == [("file", str(path)) for path in expected]
    assert files_of(f"{tmp_path}/", tmp_path / "a")[:1] == [("file", str(tmp_path / "a" / "a.yaml"))]
