"""Lint problems (`fact-audit rubrics lint`): a line each for people, JSON for tools, annotations for GitHub Actions.

Each format is one function `render_<format>(problems) -> str` (see `PROBLEM_REGISTRY`), with no final newline.
"""

from __future__ import annotations

import json

from ..lint.problem import Problem


def render_text(problems: list[Problem]) -> str:
    """`file:line:col: message [rule]`, one problem a line."""
    return "\n".join(str(p) for p in problems)


def render_json(problems: list[Problem]) -> str:
    return json.dumps([p.to_dict() for p in problems], ensure_ascii=False, indent=2)


def render_github(problems: list[Problem]) -> str:
    """Workflow commands (`::error file=…,line=…,col=…,title=…::message`), which GitHub shows on the PR's lines.

    Escaped as the Actions toolkit escapes them, so a multi-line message stays one command and a path with a comma
    or a colon (a Windows drive) stays one property."""
    lines = []
    for p in problems:
        props = [f"file={_property(p.file)}"]
        if p.line is not None:
            props.append(f"line={p.line}")
        if p.col is not None:
            props.append(f"col={p.col}")
        props.append(f"title={_property(f'fact-audit {p.rule}')}")
        level = "error" if p.severity == "error" else "warning"
        lines.append(f"::{level} {','.join(props)}::{_data(p.message)}")
    return "\n".join(lines)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
