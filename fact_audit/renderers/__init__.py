"""Report renderers: one module per format behind one interface, found through one registry.

A renderer module defines `render(report: Report, options: RenderOptions) -> str` and
`render_compare(comparison: dict, options: RenderOptions) -> str`. Modules are imported only
when their format is asked for, so `--format json` never loads rich.
"""

from __future__ import annotations

import importlib

from ..errors import UsageError
from ..record import Record
from ..report import Report

REGISTRY: dict[str, str] = {
    "table": "fact_audit.renderers.table",
    "json": "fact_audit.renderers.json_report",
    "markdown": "fact_audit.renderers.markdown",
    "html": "fact_audit.renderers.html",
}


class RenderOptions(Record):
    __slots__ = ("lang", "top", "color", "width")

    def __init__(
        self,
        lang: str = "zh",
        top: int | None = None,
        color: bool = False,
        width: int = 100,
    ) -> None:
        self.lang = lang
        self.top = top  # how many recommendations a human-facing format shows; None = all
        self.color = color
        self.width = width


def _module(fmt: str):
    try:
        return importlib.import_module(REGISTRY[fmt])
    except KeyError:
        raise UsageError(f"unknown report format {fmt!r}; choose one of: {', '.join(REGISTRY)}") from None


def render(report: Report, fmt: str, options: RenderOptions) -> str:
    return _module(fmt).render(report, options)


def render_compare(comparison: dict, fmt: str, options: RenderOptions) -> str:
    """A comparison of two reports (see `fact_audit.compare`), in the same format modules."""
    return _module(fmt).render_compare(comparison, options)
