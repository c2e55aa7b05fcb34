"""File-driven lint cases: each file in tests/data/rubrics/invalid is one broken rubric with its expected problem.

A case file starts with two comment lines::

    # replaces: goods.yaml
    # expect: goods.yaml:19:5: band overlaps the previous one (40 < 50)

The test copies the minimal valid set (tests/data/rubrics/mini), puts the case file in place of the named file
(comments included, so line numbers are the case file's own), lints, and looks for that exact problem.

Each file in tests/data/rubrics/valid is an edge case that must lint clean; it starts with ``# replaces: <file>``
and is put in place of that file of the minimal set the same way.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from fact_audit.lint.linter import lint_paths

from ..conftest import DATA, MINI

CASES = sorted((DATA / "rubrics" / "invalid").glob("*.yaml"))
VALID = sorted((DATA / "rubrics" / "valid").glob("*.yaml"))
REPLACES = re.compile(r"# replaces: (?P<target>\S+)\n")
HEADER = re.compile(
    r"# replaces: (?P<target>\S+)\n# expect: (?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)\n"
)


def _case(path: Path) -> re.Match[str]:
    match = HEADER.match(path.read_text(encoding="utf-8"))
    assert match, f"{path.name} lacks the '# replaces:' / '# expect:' header"
    return match


def test_there_is_a_case_for_every_rule() -> None:
    from fact_audit.lint.rules import RULES

    rules = {rule.__module__.rsplit(".", 1)[-1] for rule in RULES}
    covered = {path.name.split("-", 1)[0] for path in CASES}
    assert rules <= covered | {"schema"}, f"rules without an invalid case: {rules - covered}"
    assert len(CASES) >= 30


def test_the_minimal_set_is_clean() -> None:
    assert lint_paths([MINI]) == []


def test_there_are_valid_cases() -> None:
    assert len(VALID) >= 6


@pytest.mark.parametrize("case", VALID, ids=[c.stem for c in VALID])
def test_valid_case(case: Path, tmp_path: Path) -> None:
    match = REPLACES.match(case.read_text(encoding="utf-8"))
    assert match, f"{case.name} lacks the '# replaces:' header"
    assert (MINI / match["target"]).is_file(), f"{case.name} replaces {match['target']}, not a file of the mini set"
    folder = tmp_path / "set"
    shutil.copytree(MINI, folder)
    shutil.copy(case, folder / match["target"])
    problems = lint_paths([folder])
    assert problems == [], "\n".join(str(p) for p in problems)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_case(case: Path, tmp_path: Path) -> None:
    expect = _case(case)
    folder = tmp_path / "set"
    shutil.copytree(MINI, folder)
    shutil.copy(case, folder / expect["target"])
    problems = lint_paths([folder])
    found = [(Path(p.file).name, p.line, p.col, p.message) for p in problems]
    wanted = (expect["file"], int(expect["line"]), int(expect["col"]), expect["message"])
    assert wanted in found, f"expected {wanted}, got {found}"


@pytest.mark.parametrize("case", CASES[:6], ids=[c.stem for c in CASES[:6]])
def test_invalid_case_through_the_cli(case: Path, tmp_path: Path, cli) -> None:
    expect = _case(case)
    folder = tmp_path / "set"
    shutil.copytree(MINI, folder)
    shutil.copy(case, folder / expect["target"])
    result = cli("rubrics", "lint", folder)
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    line = f"{folder / expect['file']}:{expect['line']}:{expect['col']}: {expect['message']}"
    assert line in result.stdout
