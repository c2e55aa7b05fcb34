"""Atomic file writes: a reader (or a crash) sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .errors import FactAuditError


class OutputError(FactAuditError):
    """A file we were asked to write could not be written; the previous content is untouched."""


def atomic_write_bytes(path: str | Path, data: bytes, *, sync_folder: bool = True) -> None:
    """Write `data` through `atomic_open`: the target holds its old content or all of `data`, never part of it.

    `sync_folder=False` leaves making the rename durable to the caller, who writes many files into one folder
    and calls `sync_folder_entries` once after the last (a batch's reports): each file is still whole or absent."""
    with atomic_open(path, "wb", sync_folder=sync_folder) as handle:
        try:
            handle.write(data)
        except OSError as exc:
            raise _output_error(exc, path) from None


@contextlib.contextmanager
def atomic_open(
    path: str | Path,
    mode: str = "w",
    *,
    encoding: str | None = "utf-8",
    newline: str | None = None,
    sync_folder: bool = True,
) -> Iterator[IO[Any]]:
    """Open a temp file beside `path` for writing; on a clean exit flush, fsync and `os.replace` it over `path`.

    When the body raises, the temp file is removed, the target keeps its old content and the exception passes
    through unchanged. An OSError of the steps taken here (creating, flushing, syncing, renaming) becomes an
    `OutputError` naming the target. Hang-up, terminate and interrupt are held for the whole time (see
    `_signals_held`), so a signal never leaves a temp file behind: write quickly inside the block. `mode` is "w"
    (text, with `encoding` and `newline` as for `open`) or "wb"; `sync_folder` as for `atomic_write_bytes`."""
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open writes a new file: mode 'w' or 'wb', not {mode!r}")
    target = Path(path)
    folder = target.parent
    binary = mode == "wb"
    tmp_name = None
    with _signals_held():
        try:
            try:
                fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
            except OSError as exc:
                raise _output_error(exc, target) from None
            try:
                handle = os.fdopen(fd, mode, encoding=None if binary else encoding, newline=None if binary else newline)
            except BaseException:
                os.close(fd)
                raise
            try:
                yield handle
            except BaseException:
                with contextlib.suppress(OSError):  # the body's exception is the one to report
                    handle.close()
                raise
            try:
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
                os.replace(tmp_name, target)
            except OSError as exc:
                with contextlib.suppress(OSError):
                    handle.close()
                raise _output_error(exc, target) from None
            tmp_name = None
            if sync_folder:
                sync_folder_entries(folder)
        finally:
            if tmp_name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)


def _output_error(exc: OSError, target: str | Path) -> OutputError:
    return OutputError(f"cannot write the file: {exc.strerror or exc}", str(target))


_HELD = (
    tuple(getattr(signal, name) for name in ("SIGHUP", "SIGTERM", "SIGINT") if hasattr(signal, name))
    if hasattr(signal, "pthread_sigmask")
    else ()
)


@contextlib.contextmanager
def _signals_held():
    """Hold hang-up, terminate and interrupt until the write is done or cleaned up.

    A signal whose default action ends the process (SIGHUP when a terminal closes, SIGTERM) would otherwise kill
    it between creating the temp file and renaming it, leaving the temp file behind. Held, it is delivered the
    moment the write is complete: the target holds the old or the new content and no temp file remains."""
    if not _HELD or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def atomic_write_text(path: str | Path, text: str, *, encoding: str = "utf-8", sync_folder: bool = True) -> None:
    atomic_write_bytes(path, text.encode(encoding), sync_folder=sync_folder)


def sync_folder_entries(folder: str | Path) -> None:
    """Make the rename itself durable (POSIX); harmless where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
