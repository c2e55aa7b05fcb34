"""fact-audit: audit a live-commerce shop against the eight capabilities of merchant self-broadcast.

The core (rubric loading, answers, scoring) is plain Python with no printing; the CLI in `fact_audit.cli`
parses arguments, calls it, and renders.
"""

__version__ = "0.1.0"
