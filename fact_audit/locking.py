"""One session per answers file: an advisory lock held while an interview runs, so two never overwrite each other.

The answers file itself cannot carry the lock: every save replaces it (`fileio.atomic_open` renames a new file over
it), and a lock on the old file would not stop a second session from locking the new one. The lock is taken on a
small side file beside it, `.NAME.lock`, with `flock` (POSIX; where there is no `fcntl` nothing is locked). The
kernel drops the lock when the holder exits, however it exits (a SIGKILL, a dropped SSH session), so a lock file left
behind never blocks anyone; a session that ends normally removes it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from .errors import FactAuditError


class LockedError(FactAuditError):
    """Another live session holds the file."""

    code = "locked"


def lock_file(path: str | Path) -> Path:
    """The side file that stands for `path` (after resolving links, so a link and its target share one lock)."""
    target = Path(os.path.realpath(path))
    name = f".{target.name}.lock"
    if len(os.fsencode(name)) > 255:  # a name near the limit: a short stand-in that is still one per file
        name = f".fact-audit-{hashlib.sha1(os.fsencode(target.name)).hexdigest()[:16]}.lock"
    return target.with_name(name)


@contextlib.contextmanager
def session_lock(path: str | Path, what: str = "interview") -> Iterator[None]:
    """Hold `path` for this process until the block ends; `LockedError` at once when another process holds it.

    A folder the lock file cannot be made in is reported as the answers file could not be written (the session
    would fail at its first save anyway); a file system without `flock` support is used unlocked."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks here
        yield
        return
    lock = lock_file(path)
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            from .fileio import OutputError

            raise OutputError(f"cannot write the file: {exc.strerror or exc}", str(path)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise LockedError(
                f"another fact-audit {what}{holder} is using this file; finish it there, or use another --out",
                str(path),
            ) from None
        except OSError:  # no locks on this file system (some network mounts): go on unlocked
            os.close(fd)
            yield
            return
        # The holder before us may have removed the lock file between our open and our lock: we then hold a lock on
        # a file nobody else can find. Start again on the file that is there now.
        try:
            if os.path.samestat(os.fstat(fd), os.stat(lock)):
                break
        except OSError:
            pass
        os.close(fd)
    try:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        with contextlib.suppress(OSError):  # removed while still held, so no one can lock the file being removed
            os.unlink(lock)
        os.close(fd)


def held_elsewhere(path: str | Path) -> bool:
    """True when a live session holds `path` (for a bare `--resume`, which then picks another file)."""
    try:
        import fcntl
    except ImportError:
        return False
    try:
        fd = os.open(lock_file(path), os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
    return False


def _holder(fd: int) -> str:
    """` (pid N)` as the holder wrote it into the lock file, or nothing."""
    with contextlib.suppress(OSError, ValueError):
        pid = int(os.pread(fd, 32, 0).decode("ascii").strip())
        return f" (pid {pid})"
    return ""
