"""Rubric diffs (`fact-audit rubrics diff`): text for a terminal, JSON for tools, Markdown for a PR comment.

Each format is one function `render_<format>(result, capabilities) -> str` (see `DIFF_REGISTRY`) taking a
`fact_audit.diff.RubricDiff` — used, not imported, so the diff module can call its renderers without an import
circle — and the capability ids in column order. Every format ends in a newline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

NO_MOVE = "·"  # a score that does not move


def render_json(result: Any, capabilities: list[str]) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_text(result: Any, capabilities: list[str]) -> str:
    lines = [f"Rubric diff: {result.old} → {result.new}", "", f"Content ({len(result.changes)} change(s))"]
    lines += [f"  {change.kind:<11} {change.target}  {change.detail}" for change in result.changes]
    if not result.changes:
        lines.append("no content change")
    lines += ["", f"Scores of {len(result.merchants)} sample merchant(s)"]
    keys = ["overall", *capabilities]
    for merchant in result.merchants:
        label = _label(merchant)
        if merchant.error:
            lines.append(f"  {label}: {merchant.error}")
            continue
        moves = [f"{key} {cell}" for key, cell in zip(keys, _cells(merchant, keys), strict=True) if cell != NO_MOVE]
        lines.append(f"  {label}: {', '.join(moves) or 'no change'}")
    lines += ["", _largest(result)]
    return "\n".join(lines) + "\n"


def render_markdown(result: Any, capabilities: list[str]) -> str:
    lines = [f"## Rubric diff: {result.old} → {result.new}", "", f"### Content ({len(result.changes)} change(s))", ""]
    if result.changes:
        lines += ["| change | item | detail |", "|---|---|---|"]
        lines += [f"| {c.kind} | `{c.target}` | {_cell(c.detail)} |" for c in result.changes]
    else:
        lines.append("no content change")
    lines += ["", f"### Scores of {len(result.merchants)} sample merchant(s)", ""]
    keys = ["overall", *capabilities]
    lines += ["| merchant | " + " | ".join(keys) + " |", "|---|" + "---:|" * len(keys)]
    for merchant in result.merchants:
        label = _cell(_label(merchant))
        if merchant.error:
            lines.append(f"| {label} | {_cell(merchant.error)} |")
        else:
            lines.append(f"| {label} | " + " | ".join(_cells(merchant, keys)) + " |")
    lines += ["", _largest(result)]
    return "\n".join(lines) + "\n"


def _label(merchant: Any) -> str:
    return merchant.name or Path(merchant.source).name


def _cells(merchant: Any, keys: list[str]) -> list[str]:
    """`old→new (±delta)` for each key whose score moves, `·` for the others."""
    deltas = merchant.deltas()
    return [
        f"{merchant.old.get(k, 0):.1f}→{merchant.new.get(k, 0):.1f} ({deltas[k]:+.1f})" if deltas.get(k) else NO_MOVE
        for k in keys
    ]


def _cell(text: str) -> str:
    """Text inside a Markdown table cell: a `|` would end the cell, a line break the row."""
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _largest(result: Any) -> str:
    return f"largest score move: {result.largest():.1f} points"
