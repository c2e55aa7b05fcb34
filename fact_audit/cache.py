"""A per-user cache of built rubric sets, so every run does not re-parse ten YAML files.

Keyed by the tool's version and the name, size and modification time of every file of the set; any problem
reading or writing the cache just means building the set the slow way. Set FACT_AUDIT_NO_CACHE=1 to bypass it.

Unpickling runs whatever the file says, so the cache is trusted as ssh trusts its keys: the folder (after following
links, checked on the opened folder itself) and each file in it must belong to the current user and be writable by
nobody else, and the file must be a regular file reached without a link. Anything else is ignored and never written
to; every file is opened relative to the checked folder, so nothing can be swapped in between the check and the
read. The tool's own folder (not one named by FACT_AUDIT_CACHE_DIR), when ours but open to others as older versions
made it under umask 002, is closed (0700) and emptied without reading it. Where the platform cannot tell (no POSIX
owners), there is no cache. Only the `KEEP` most recently used sets are kept.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path
from stat import S_ISREG
from typing import Any

from . import __version__

KEEP = 4  # sets kept in the cache: one per install (or custom set) in use
_TOUCH_AFTER = 3600  # seconds: a hit older than this marks its file as recently used again
_STALE_TEMP = 3600  # seconds: a temp file this old was left by a killed writer
_CAN_CHECK = (
    hasattr(os, "geteuid")
    and hasattr(os, "O_NOFOLLOW")
    and hasattr(os, "O_DIRECTORY")
    and os.open in os.supports_dir_fd
    and os.unlink in os.supports_dir_fd
    and os.scandir in os.supports_fd
)
_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO planted in the folder must not wait for a writer


def cache_dir() -> Path:
    explicit = os.environ.get("FACT_AUDIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fact-audit"


def _key(directory: Path) -> str | None:
    """Everything the cached set depends on, as text (stored in the cache file and compared on load)."""
    parts = [__version__, str(sys.version_info[:2]), str(directory.resolve())]
    here = Path(__file__).resolve().parent
    try:
        for module in ("model.py", "expr.py", "rubric.py", "migrate.py"):  # the pickled classes' own code
            parts.append(f"{module}:{(here / module).stat().st_mtime_ns}")
        for entry in sorted(os.scandir(directory), key=lambda entry: entry.name):
            if entry.name.endswith((".yaml", ".yml")):
                stat = entry.stat()
                parts.append(f"{entry.name}:{stat.st_size}:{stat.st_mtime_ns}")
    except OSError:
        return None
    return "|".join(parts)


@contextlib.contextmanager
def _no_gc():
    """Unpickling a set creates tens of thousands of objects, none of them garbage: without this the collector
    runs over them again and again while they are being created (about half the load time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _ours(st: os.stat_result) -> bool:
    """Owned by the current user and writable by nobody else (no group or other write bit)."""
    return st.st_uid == os.geteuid() and not st.st_mode & 0o022


def _open_folder(folder: Path, own: bool) -> int | None:
    """A descriptor of the cache folder when it can be trusted (created 0700 when missing), else None.

    `own`: the folder is the tool's own `fact-audit` folder (not one named by FACT_AUDIT_CACHE_DIR). When ours but
    writable by others (made under umask 002 by an older version), it is closed to others and emptied of sets
    without reading them: after the chmod nobody else can add a file, and nothing from before is loaded."""
    flags = _FLAGS | os.O_DIRECTORY
    try:
        fd = os.open(folder, flags & ~os.O_NOFOLLOW)  # a linked folder is fine: the folder itself is checked
    except FileNotFoundError:
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            os.mkdir(folder, 0o700)
            fd = os.open(folder, flags & ~os.O_NOFOLLOW)
        except OSError:
            return None
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if _ours(st):
            return fd
        if own and st.st_uid == os.geteuid():
            os.fchmod(fd, 0o700)
            for name in _sets(fd):
                os.unlink(name, dir_fd=fd)
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _sets(folder_fd: int) -> list[str]:
    with os.scandir(folder_fd) as entries:
        return [entry.name for entry in entries if entry.name.startswith("rubric-") and entry.name.endswith(".pickle")]


_MISSING = object()


def _load(folder_fd: int, name: str, key: str) -> Any:
    """The value stored under `name` for `key`, or `_MISSING` (absent, not ours, stale, broken)."""
    try:
        fd = os.open(name, _FLAGS | _NONBLOCK, dir_fd=folder_fd)
    except OSError:
        return _MISSING
    with os.fdopen(fd, "rb") as handle:
        try:
            st = os.fstat(fd)
            if not (S_ISREG(st.st_mode) and _ours(st)):  # a regular file of ours only
                return _MISSING
            with _no_gc():
                stored_key, value = pickle.load(handle)
        except Exception:  # stale format, unreadable: rebuild
            return _MISSING
        if stored_key != key:
            return _MISSING
        if time.time() - st.st_mtime > _TOUCH_AFTER:  # recently used: the last to be pruned
            with contextlib.suppress(OSError):
                os.utime(fd)
        return value


def _store(folder: Path, folder_fd: int, name: str, key: str, value: Any) -> None:
    """Write the set atomically (0600), then keep only the `KEEP` most recently used sets."""
    from .fileio import atomic_open

    data = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
    with contextlib.suppress(FileNotFoundError):  # atomic_open would follow a link, write into a FIFO, and give
        there = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)  # the new file a replaced file's owner
        if not (S_ISREG(there.st_mode) and _ours(there)):
            os.unlink(name, dir_fd=folder_fd)
    with atomic_open(folder / name, "wb") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(data)
    stale_before = time.time() - _STALE_TEMP
    dated: list[tuple[float, str]] = []
    with os.scandir(folder_fd) as entries:
        for entry in entries:
            with contextlib.suppress(OSError):
                entry_name, mtime = entry.name, entry.stat(follow_symlinks=False).st_mtime
                if entry_name.startswith("rubric-") and entry_name.endswith(".pickle"):
                    dated.append((mtime, entry_name))
                elif (
                    entry_name.startswith((".fa-", ".rubric-")) and entry_name.endswith(".tmp") and mtime < stale_before
                ):
                    os.unlink(entry_name, dir_fd=folder_fd)  # left by a writer killed with SIGKILL
    dated.sort(reverse=True)
    for _, old in dated[KEEP:]:
        if old != name:
            with contextlib.suppress(OSError):
                os.unlink(old, dir_fd=folder_fd)


def cached(directory: Path, build: Callable[[], Any]) -> Any:
    """`build()`'s result for the set in `directory`, from the cache when the files have not changed."""
    if os.environ.get("FACT_AUDIT_NO_CACHE") or not _CAN_CHECK:
        return build()
    key = _key(directory)
    if key is None:
        return build()
    import zlib  # a cheap name for the file; the full key inside it decides

    folder = cache_dir()
    folder_fd = _open_folder(folder, own=not os.environ.get("FACT_AUDIT_CACHE_DIR"))
    if folder_fd is None:  # not ours, or cannot be made: the slow way, and nothing written
        return build()
    try:
        name = f"rubric-{zlib.crc32(key.encode()):08x}.pickle"
        value = _load(folder_fd, name, key)
        if value is not _MISSING:
            return value
        value = build()
        with contextlib.suppress(Exception):  # a full disk or a read-only home is fine
            _store(folder, folder_fd, name, key, value)
        return value
    finally:
        os.close(folder_fd)
