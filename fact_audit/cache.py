"""A per-user cache of built rubric sets, so every run does not re-parse ten YAML files.

Keyed by the tool's version and the name, size and modification time of every file of the set; any problem
reading or writing the cache just means building the set the slow way. Set FACT_AUDIT_NO_CACHE=1 to bypass it.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import __version__


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


def cached(directory: Path, build: Callable[[], Any]) -> Any:
    """`build()`'s result for the set in `directory`, from the cache when the files have not changed."""
    if os.environ.get("FACT_AUDIT_NO_CACHE"):
        return build()
    key = _key(directory)
    if key is None:
        return build()
    import zlib  # a cheap name for the file; the full key inside it decides

    path = cache_dir() / f"rubric-{zlib.crc32(key.encode()):08x}.pickle"
    try:
        with path.open("rb") as handle, _no_gc():
            stored_key, value = pickle.load(handle)
        if stored_key == key:
            return value
    except Exception:  # missing, stale format, unreadable: rebuild
        pass
    value = build()
    try:
        from .fileio import atomic_write_bytes

        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # a read-only home is fine
        pass
    return value
