"""Atomic file writes: a reader (or a crash) sees the old file or the new one, never half of one.

Atomic replacement is for regular files. A character device or a FIFO (`/dev/null`, a terminal, a named pipe) is
written through, never replaced; a block device, socket or folder is refused. A symbolic link is followed: the file
it points to is replaced, the link stays. A new file gets the permissions `open` would give it (0666 less the
umask, or the folder's default ACL); a replaced file keeps its permission bits, and its owner and group as far as
we may set them."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .errors import FactAuditError


class OutputError(FactAuditError):
    """A file we were asked to write could not be written; the previous content is untouched.

    `code`: "output" (any OSError: full disk, permissions, missing folder), "special-file" (a block device, socket
    or other file that is neither regular nor a character device or FIFO), "is-a-folder", "dangling-link"."""

    code = "output"


def atomic_write_bytes(path: str | Path, data: bytes, *, sync_folder: bool = True, new_mode: int = 0o666) -> None:
    """Write `data` through `atomic_open`: the target holds its old content or all of `data`, never part of it.

    `sync_folder=False` leaves making the rename durable to the caller, who writes many files into one folder
    and calls `sync_folder_entries` once after the last (a batch's reports): each file is still whole or absent.
    `new_mode` as for `atomic_open`."""
    with atomic_open(path, "wb", sync_folder=sync_folder, new_mode=new_mode) as handle:
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
    new_mode: int = 0o666,
) -> Iterator[IO[Any]]:
    """Open a temp file beside `path` for writing; on a clean exit flush, fsync and `os.replace` it over `path`.

    When the body raises, the temp file is removed, the target keeps its old content and the exception passes
    through unchanged. An OSError of the steps taken here (creating, flushing, syncing, renaming) becomes an
    `OutputError` naming the target. Hang-up, terminate and interrupt are held for the whole time (see
    `_signals_held`), so a signal never leaves a temp file behind: write quickly inside the block. `mode` is "w"
    (text, with `encoding` and `newline` as for `open`) or "wb"; `sync_folder` as for `atomic_write_bytes`.

    What `path` is decides how it is written (`_resolve`): a regular file or nothing yet, as above; a link to a
    regular file, the file it points to (temp file in that file's folder), the link kept; a character device
    or FIFO, written through in place (no temp file, no rename, no fsync, no signals held: opening a FIFO waits
    for its reader); anything else is an `OutputError` before anything is opened. The temp file is named
    `.fa-XXXXXXXX.tmp` whatever the target's name (a name that fits in 255 bytes always has a temp name that does).
    A new file is created with `new_mode` less the umask (the kernel applies it, and a folder's default ACL); a
    replaced file keeps its permission bits, and its owner and group where we may set them (as root)."""
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open writes a new file: mode 'w' or 'wb', not {mode!r}")
    target = Path(path)
    binary = mode == "wb"
    destination, existing = _resolve(target)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        with _written_through(target, binary, encoding, newline) as handle:
            yield handle
        return
    folder = destination.parent
    tmp_name = None
    with _signals_held():
        try:
            fd, tmp_name = _create_temp(folder, existing, new_mode, target)
            with _handed_to_body(fd, binary, encoding, newline) as handle:
                yield handle
            try:
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
                os.replace(tmp_name, destination)
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


_KINDS = (
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _resolve(target: Path) -> tuple[Path, os.stat_result | None]:
    """The path to replace and the status of what is there now (None: nothing yet).

    A link is followed to the file it points to, so the rename replaces that file and not the link; a link to
    nothing, to a folder or to a loop is refused, as is a folder or a special file other than a character device
    or FIFO (those are written through by the caller, at `target` itself)."""
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        if not os.path.islink(target):
            return target, None  # a new file (or a missing folder: creating the temp file says so)
        raise OutputError(
            f"the link points to nothing ({_readlink(target)}); not creating the file it names",
            str(target),
            code="dangling-link",
        ) from None
    except OSError as exc:  # a link loop, a folder we may not enter, a name too long
        raise _output_error(exc, target) from None
    if stat.S_ISDIR(existing.st_mode):
        raise OutputError("this is a folder, not a file", str(target), code="is-a-folder")
    if stat.S_ISREG(existing.st_mode):
        return (Path(os.path.realpath(target)) if os.path.islink(target) else target), existing
    if stat.S_ISCHR(existing.st_mode) or stat.S_ISFIFO(existing.st_mode):
        return target, existing
    kind = next((name for test, name in _KINDS if test(existing.st_mode)), "a special file")
    raise OutputError(f"this is {kind}, not a regular file; refusing to write to it", str(target), code="special-file")


def _readlink(target: Path) -> str:
    try:
        return os.readlink(target)
    except OSError:  # pragma: no cover - it was a link a moment ago
        return "?"


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
_CREATE |= getattr(os, "O_BINARY", 0)


def _create_temp(folder: Path, existing: os.stat_result | None, new_mode: int, target: Path) -> tuple[int, str]:
    """Create `.fa-XXXXXXXX.tmp` in `folder`, with the permissions the target will have (see `atomic_open`).

    For a file being replaced the temp file is created with no more than the old bits (the umask may take some
    away, never add), then given exactly the old bits and owner, before anything is written to it."""
    bits = 0o666 & new_mode if existing is None else stat.S_IMODE(existing.st_mode) & 0o777
    for _ in range(100):
        name = os.path.join(folder, f".fa-{os.urandom(4).hex()}.tmp")
        try:
            fd = os.open(name, _CREATE, bits)
        except FileExistsError:
            continue
        except OSError as exc:
            raise _output_error(exc, target) from None
        if existing is not None:
            _keep_owner_and_mode(fd, existing)
        return fd, name
    raise OutputError("cannot write the file: no free temp file name", str(target))  # pragma: no cover


def _keep_owner_and_mode(fd: int, existing: os.stat_result) -> None:
    """Give the temp file the replaced file's owner and group (root may set any; others only a group they are
    in) and then its permission bits (after chown, which would clear set-id bits). Best effort: a file system
    that cannot (vfat) still gets the content."""
    if hasattr(os, "fchown"):
        uid = existing.st_uid if os.geteuid() == 0 else -1
        with contextlib.suppress(OSError):
            os.fchown(fd, uid, existing.st_gid)
    if hasattr(os, "fchmod"):
        with contextlib.suppress(OSError):
            os.fchmod(fd, stat.S_IMODE(existing.st_mode))


_THROUGH = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


@contextlib.contextmanager
def _written_through(target: Path, binary: bool, encoding: str | None, newline: str | None) -> Iterator[IO[Any]]:
    """Write to a character device or FIFO in place: nothing to replace, so nothing to make atomic."""
    try:
        fd = os.open(target, _THROUGH)
    except OSError as exc:
        raise _output_error(exc, target) from None
    with _handed_to_body(fd, binary, encoding, newline) as handle:
        yield handle
    try:
        handle.close()  # flushes; /dev/full says ENOSPC here
    except OSError as exc:
        raise _output_error(exc, target) from None


@contextlib.contextmanager
def _handed_to_body(fd: int, binary: bool, encoding: str | None, newline: str | None) -> Iterator[IO[Any]]:
    """A file object over `fd` for the `with` body; if the body raises, the file is closed and the body's exception
    is the one reported. On success it stays open: the caller finishes it (fsync and rename, or a plain close)."""
    try:
        handle = os.fdopen(
            fd, "wb" if binary else "w", encoding=None if binary else encoding, newline=None if binary else newline
        )
    except BaseException:
        os.close(fd)
        raise
    try:
        yield handle
    except BaseException:
        with contextlib.suppress(OSError):
            handle.close()
        raise


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


def atomic_write_text(
    path: str | Path, text: str, *, encoding: str = "utf-8", sync_folder: bool = True, new_mode: int = 0o666
) -> None:
    atomic_write_bytes(path, text.encode(encoding), sync_folder=sync_folder, new_mode=new_mode)


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
