"""Atomic file writes: a reader (or a crash) sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
from pathlib import Path

from .errors import FactAuditError


class OutputError(FactAuditError):
    """A file we were asked to write could not be written; the previous content is untouched."""


def atomic_write_bytes(path: str | Path, data: bytes, *, sync_folder: bool = True) -> None:
    """Write to a temp file in the same folder, flush, fsync, then `os.replace` over the target.

    `sync_folder=False` leaves making the rename durable to the caller, who writes many files into one folder
    and calls `sync_folder_entries` once after the last (a batch's reports): each file is still whole or absent."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    tmp_name = None
    with _signals_held():
        try:
            fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, target)
            tmp_name = None
            if sync_folder:
                sync_folder_entries(folder)
        except OSError as exc:
            raise OutputError(f"cannot write the file: {exc.strerror or exc}", str(target)) from None
        finally:
            if tmp_name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)


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
