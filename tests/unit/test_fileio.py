"""`atomic_open`, the one way files are written: the target holds its old content or the whole new one, and no
temp file is ever left beside it."""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path

import pytest

from fact_audit import fileio
from fact_audit.fileio import OutputError, atomic_open, atomic_write_bytes


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_clean_exit_replaces_the_target(tmp_path: Path) -> None:
    target = tmp_path / "summary.csv"
    target.write_text("old\n", encoding="utf-8")
    with atomic_open(target, encoding="utf-8-sig", newline="") as handle:
        handle.write("名字,分数\r\n")
        assert target.read_text(encoding="utf-8") == "old\n"  # nothing shows until the block ends
    assert target.read_bytes() == "\ufeff名字,分数\r\n".encode()
    assert _left(tmp_path) == ["summary.csv"]


def test_a_body_that_raises_leaves_the_old_content_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "summary.json"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(ValueError, match="half-way"), atomic_open(target) as handle:
        handle.write("new, but only the beginning" * 10_000)
        raise ValueError("half-way")  # passes through unchanged
    assert target.read_text(encoding="utf-8") == "old\n"
    assert _left(tmp_path) == ["summary.json"]


def test_a_body_that_raises_creates_no_file(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt), atomic_open(tmp_path / "index.html", "wb") as handle:
        handle.write(b"<html>")
        raise KeyboardInterrupt
    assert _left(tmp_path) == []


def test_a_full_disk_is_an_output_error_naming_the_target(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "report.md"
    target.write_text("old\n", encoding="utf-8")

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OutputError) as caught, atomic_open(target) as handle:
        handle.write("new\n")
    assert str(caught.value) == f"{target}: cannot write the file: No space left on device"
    assert target.read_text(encoding="utf-8") == "old\n" and _left(tmp_path) == ["report.md"]
    with pytest.raises(OutputError, match="No space left"):
        atomic_write_bytes(target, b"new\n")
    assert target.read_text(encoding="utf-8") == "old\n" and _left(tmp_path) == ["report.md"]


def test_a_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write the file"), atomic_open(tmp_path / "nope" / "a.md"):
        pass  # pragma: no cover - never entered


def test_only_new_files_are_opened(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="mode 'w' or 'wb'"), atomic_open(tmp_path / "a", "a"):
        pass  # pragma: no cover - never entered


def test_the_folder_is_synced_unless_the_caller_does_it(tmp_path: Path, monkeypatch) -> None:
    synced: list[Path] = []
    monkeypatch.setattr(fileio, "sync_folder_entries", lambda folder: synced.append(Path(folder)))
    with atomic_open(tmp_path / "a.txt") as handle:
        handle.write("a")
    with atomic_open(tmp_path / "b.txt", sync_folder=False) as handle:
        handle.write("b")
    assert synced == [tmp_path]


@pytest.mark.skipif(not fileio._HELD, reason="no pthread_sigmask on this platform")
def test_signals_are_held_while_the_file_is_open(tmp_path: Path) -> None:
    """Held inside the block, as the whole of `atomic_write_bytes` is; restored after (see test_no_data_lost.py for
    a process killed by a held signal)."""
    with atomic_open(tmp_path / "a.txt"):
        held = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    assert set(fileio._HELD) <= held
    assert not set(fileio._HELD) & signal.pthread_sigmask(signal.SIG_BLOCK, [])
