"""The README's Quick start is exactly two commands, and CI runs the second one verbatim."""

from __future__ import annotations

import re

from ..conftest import ROOT


def _quick_start() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, "Quick start has no bash block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_is_two_commands() -> None:
    commands = _quick_start()
    assert len(commands) == 2
    # a fresh Debian or Ubuntu refuses `pip install` into the system Python: the first command makes a venv
    assert commands[0].startswith("python3 -m venv .venv && . .venv/bin/activate && pip install . && fact-audit score")
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _quick_start()[1] in ci
    assert "python3 -m venv .venv && . .venv/bin/activate" in ci  # in the same environment the README makes


def test_the_example_named_in_quick_start_exists() -> None:
    example = re.search(r"(examples/\S+\.yaml)", _quick_start()[0])
    assert example and (ROOT / example.group(1)).is_file()
