"""A per-user cache of built rubric sets, so every run does not re-parse ten YAML files.

Keyed by the tool's version and the name, size and modification time of every file of the set; any problem
reading or writing the cache just means building the set the slow way. Set FACT_AUDIT_NO_CACHE=1 to bypass it.
"""

from __future__ import annotations

import hashlib
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
    digest = hashlib.sha1(f"{__version__}|{sys.version_info[:2]}|{directory.resolve()}".encode())
    here = Path(__file__).resolve().parent
    for module in ("model.py", "expr.py", "rubric.py", "migrate.py"):  # the pickled classes' own code
        try:
            digest.update(f"|{module}:{(here / module).stat().st_mtime_ns}".encode())
        except OSError:
            return None
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError:
        return None
    for entry in entries:
        if entry.name.endswith((".yaml", ".yml")):
            stat = entry.stat()
            digest.update(f"|{entry.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


def cached(directory: Path, build: Callable[[], Any]) -> Any:
    """`build()`'s result for the set in `directory`, from the cache when the files have not changed."""
    if os.environ.get("FACT_AUDIT_NO_CACHE"):
        return build()
    key = _key(directory)
    if key is None:
        return build()
    path = cache_dir() / f"rubric-{key}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, stale format, unreadable: rebuild
        pass
    value = build()
    try:
        from .fileio import atomic_write_bytes

        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # a read-only home is fine
        pass
    return value
