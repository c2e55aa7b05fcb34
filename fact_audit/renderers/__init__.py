"""Every format the tool writes, found through registries: reports (and comparisons), lint problems, rubric diffs
and the batch's portfolio page.

A report format is a module defining `render(report: Report, options: RenderOptions) -> str` and
`render_compare(comparison: dict, options: RenderOptions) -> str`. Problem and diff formats are one function each,
named `module:function`. A portfolio format is a module with `portfolio_head`, `portfolio_row` and
`portfolio_tail`. Modules are imported only when their format is asked for, so `--format json` never loads rich;
and this file imports nothing heavy itself (no YAML, no report model), so the CLI can build its `--format` choices
from the registries (`FORMATS`, `PROBLEM_FORMATS`, `DIFF_FORMATS`, `BATCH_FORMATS`) on every start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..record import Record

if TYPE_CHECKING:
    from ..lint.problem import Problem
    from ..report import Report

REGISTRY: dict[str, str] = {
    "table": "fact_audit.renderers.table",
    "json": "fact_audit.renderers.json_report",
    "markdown": "fact_audit.renderers.markdown",
    "html": "fact_audit.renderers.html",
}
SUFFIX: dict[str, str] = {"table": "txt", "json": "json", "markdown": "md", "html": "html"}  # a file's ending
PROBLEM_REGISTRY: dict[str, str] = {
    "text": "fact_audit.renderers.problems:render_text",
    "json": "fact_audit.renderers.problems:render_json",
    "github": "fact_audit.renderers.problems:render_github",
}
DIFF_REGISTRY: dict[str, str] = {
    "text": "fact_audit.renderers.rubric_diff:render_text",
    "json": "fact_audit.renderers.rubric_diff:render_json",
    "markdown": "fact_audit.renderers.rubric_diff:render_markdown",
}
PORTFOLIO_REGISTRY: dict[str, str] = {"html": "fact_audit.renderers.html"}  # report formats with a portfolio page
HISTORY_REGISTRY: dict[str, str] = {  # `history`: one merchant over several dates (renderers/history_common.py)
    "table": "fact_audit.renderers.history_table:render",
    "json": "fact_audit.renderers.history_json:render",
    "markdown": "fact_audit.renderers.history_markdown:render",
    "html": "fact_audit.renderers.history_html:render",
}
HISTORY_FORMATS = tuple(HISTORY_REGISTRY)  # `history`

FORMATS = tuple(REGISTRY)  # `score` and `compare`
BATCH_FORMATS = tuple(fmt for fmt in REGISTRY if fmt != "table")  # per-client report files; the table is for terminals
PROBLEM_FORMATS = tuple(PROBLEM_REGISTRY)  # `rubrics lint`
DIFF_FORMATS = tuple(DIFF_REGISTRY)  # `rubrics diff`


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


def _unknown(kind: str, fmt: str, registry: dict[str, str]) -> UsageError:
    return UsageError(f"unknown {kind} format {fmt!r}; choose one of: {', '.join(registry)}")


def _module(fmt: str):
    try:
        return importlib.import_module(REGISTRY[fmt])
    except KeyError:
        raise _unknown("report", fmt, REGISTRY) from None


def _function(registry: dict[str, str], kind: str, fmt: str):
    try:
        module, _, name = registry[fmt].partition(":")
    except KeyError:
        raise _unknown(kind, fmt, registry) from None
    return getattr(importlib.import_module(module), name)


def render(report: Report, fmt: str, options: RenderOptions) -> str:
    return _module(fmt).render(report, options)


def render_compare(comparison: dict, fmt: str, options: RenderOptions) -> str:
    """A comparison of two reports (see `fact_audit.compare`), in the same format modules."""
    return _module(fmt).render_compare(comparison, options)


def render_problems(problems: list[Problem], fmt: str) -> str:
    """Lint problems: `text` (one line each), `json` (a list) or `github` (Actions annotations). No final newline;
    empty when there are no problems, except JSON's `[]`."""
    return _function(PROBLEM_REGISTRY, "lint", fmt)(problems)


def render_diff(result: Any, fmt: str, capabilities: list[str]) -> str:
    """A `fact_audit.diff.RubricDiff`, with the sample merchants' scores in `capabilities` order; ends in a newline."""
    return _function(DIFF_REGISTRY, "diff", fmt)(result, capabilities)


PAGE_ROWS = 2000  # clients on the portfolio index at most; a larger batch lists them on pages of this many


class Portfolio:
    """The batch's overview page in one format, rendered in pieces so any number of clients streams through it:
    `head(summary)`, then `row(row)` per client (a summary.json `clients_detail` entry), then `tail()`.

    Up to `page_rows` clients the rows go on the index itself. Beyond that (`pages` > 0 once `head` has seen how
    many clients there are) the index keeps the cohort view and links, and the caller writes the rows to
    `list_file(1)`, `list_file(2)`, …, each between `list_head(n)` and `list_tail(n)`, `page_rows` rows a page:
    the index stays small at any size and every client is one link away, with no script."""

    __slots__ = ("file", "_module", "_capabilities", "_lang", "page_rows", "pages", "_clients")

    def __init__(
        self, fmt: str, capabilities: list[tuple[str, str]], options: RenderOptions, page_rows: int | None = None
    ) -> None:
        self.file = f"index.{SUFFIX[fmt]}"  # its name in the batch's output folder
        self._module = importlib.import_module(PORTFOLIO_REGISTRY[fmt])
        self._capabilities = capabilities  # (id, label) pairs, in column order
        self._lang = options.lang
        self.page_rows = page_rows or PAGE_ROWS
        self.pages = 0  # list pages besides the index, known once `head` has run
        self._clients = 0

    def head(self, summary: dict[str, Any]) -> str:
        self._clients = summary.get("clients", 0)
        self.pages = -(-self._clients // self.page_rows) if self._clients > self.page_rows else 0
        return self._module.portfolio_head(summary, self._capabilities, self._lang, self.pages, self.page_rows)

    def row(self, row: dict[str, Any]) -> str:
        return self._module.portfolio_row(row, self._capabilities, self._lang)

    def tail(self) -> str:
        return self._module.portfolio_tail(self.pages)

    def list_file(self, number: int) -> str:
        """The name of list page `number` (1-based) in the batch's output folder."""
        return self._module.portfolio_list_file(number)

    def list_head(self, number: int) -> str:
        return self._module.portfolio_list_head(
            number, self.pages, self._clients, self.page_rows, self._capabilities, self._lang
        )

    def list_tail(self, number: int) -> str:
        return self._module.portfolio_list_tail(number, self.pages, self._lang)


def portfolio(fmt: str, capabilities: list[tuple[str, str]], options: RenderOptions) -> Portfolio | None:
    """The portfolio page of a batch whose reports are in `fmt`, or None when that format has none."""
    return Portfolio(fmt, capabilities, options) if fmt in PORTFOLIO_REGISTRY else None
