"""Every file in tests/data/answers/invalid exits 2 with one stderr line naming the file, line and problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from ..conftest import DATA

FOLDER = DATA / "answers" / "invalid"
EXPECTED = yaml.safe_load((FOLDER / "expected.yaml").read_text(encoding="utf-8"))
CASES = sorted(p for p in FOLDER.iterdir() if p.name != "expected.yaml")


def test_every_case_has_an_expectation_and_back() -> None:
    assert sorted(EXPECTED) == [p.name for p in CASES]
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_answers_file(case: Path, cli) -> None:
    expected = EXPECTED[case.name]
    result = cli("score", case, "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    where = rf":{expected['line']}(:\d+)?" if expected["line"] is not None else ""
    assert re.fullmatch(re.escape(str(case)) + where + ": " + re.escape(expected["message"]), lines[0]), lines[0]
