"""fact-audit: audit a live-commerce shop against the eight capabilities of merchant self-broadcast.

The core (rubric loading, answers, scoring) is plain Python with no printing; the CLI in `fact_audit.cli`
parses arguments, calls it, and renders.
"""

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "load_answers", "load_rubric_set", "score"]


def __getattr__(name: str) -> Any:
    """`fact_audit.score`, `load_answers`, `load_rubric_set` load on first use, keeping `--version` fast."""
    if name in ("score", "load_answers", "load_rubric_set"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'fact_audit' has no attribute {name!r}")
