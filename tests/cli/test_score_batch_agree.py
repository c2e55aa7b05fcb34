"""`batch` tells a bad answers file's owner exactly what `score` would: the same message at the same line, for every
hostile and invalid answers file (batch parses without positions first, then as `score` does when a file fails)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from fact_audit.batch import neutralise

from ..conftest import DATA

FILES = sorted(
    [
        *(p for p in (DATA / "hostile").iterdir() if p.name.startswith("answers-")),
        *(p for p in (DATA / "answers" / "invalid").iterdir() if p.name != "expected.yaml"),
    ]
)


def score_says(cli, path: Path) -> tuple[str, str] | None:
    """(line, message) of `score`'s one error line, or None when it scores the file."""
    result = cli("score", path, "--format", "json")
    if result.exit_code == 0:
        return None
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    found = re.fullmatch(re.escape(str(path)) + r"(?::(\d+)(?::\d+)?)?: (.*)", lines[0])
    assert found, lines[0]
    return found.group(1) or "", found.group(2)


def test_batch_reports_what_score_reports(cli, tmp_path: Path) -> None:
    assert len(FILES) >= 70
    out = tmp_path / "out"
    result = cli("batch", *FILES, "--out", out, "--jobs", "1", "--no-reports")  # zh, the default
    assert result.exit_code in (0, 1), result.stderr
    with (out / "errors.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["来源文件"]: (row["行号"], row["问题"]) for row in csv.DictReader(handle)}
    expected = {str(path): score_says(cli, path) for path in FILES}
    assert sum(said is not None for said in expected.values()) >= 50
    # errors.csv quotes a cell that a spreadsheet would take for a formula ('-1 is impossible …)
    in_csv = {source: said and (said[0], neutralise(said[1])) for source, said in expected.items()}
    assert {source: rows.get(source) for source in expected} == in_csv
    printed = set(result.stderr.splitlines())
    for source, said in expected.items():
        if said is not None:
            line, message = said
            assert f"{source}{':' + line if line else ''}: {message}" in printed, source
