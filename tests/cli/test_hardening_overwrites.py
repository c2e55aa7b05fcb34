"""Issue 14, item 21: an output never silently replaces an input or a file holding answers."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..conftest import ROOT

EXAMPLE = ROOT / "examples" / "growing_brand.yaml"


def test_score_refuses_to_write_over_its_own_input(cli, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    shutil.copy(EXAMPLE, answers)
    before = answers.read_bytes()
    for force in ((), ("--force",)):  # not even with --force: it is the file being read
        result = cli("score", answers, "--format", "json", "--out", answers, *force)
        assert result.exit_code == 2 and "Traceback" not in result.stderr
        assert (
            result.stderr.strip()
            == f"{answers}: --out names a file this command reads; write the output to another file"
        )
        assert answers.read_bytes() == before
    link = tmp_path / "link.yaml"
    link.symlink_to(answers)
    assert cli("score", link, "--format", "json", "--out", answers).exit_code == 2  # the same file by another name
    assert answers.read_bytes() == before


def test_score_and_template_keep_a_file_holding_answers_unless_forced(cli, tmp_path: Path) -> None:
    filled = tmp_path / "filled.yaml"
    shutil.copy(EXAMPLE, filled)
    before = filled.read_bytes()
    for args in (("template", "--out", filled), ("score", EXAMPLE, "--format", "json", "--out", filled)):
        result = cli(*args)
        assert result.exit_code == 2
        assert result.stderr.strip() == (
            f"{filled}: this file holds answers; give --force to replace it, or write elsewhere"
        )
        assert filled.read_bytes() == before
    assert cli("template", "--out", filled, "--force").exit_code == 0
    assert filled.read_bytes() != before


def test_a_blank_template_or_a_report_may_be_replaced(cli, tmp_path: Path) -> None:
    blank = tmp_path / "blank.yaml"
    assert cli("template", "--out", blank).exit_code == 0
    assert cli("template", "--out", blank, "--lang", "en").exit_code == 0  # nothing answered yet: no --force needed
    report = tmp_path / "report.json"
    assert cli("score", EXAMPLE, "--format", "json", "--out", report).exit_code == 0
    assert cli("score", EXAMPLE, "--format", "json", "--out", report).exit_code == 0


def test_compare_never_writes_over_what_it_compares(cli, tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    shutil.copy(EXAMPLE, old)
    before = old.read_bytes()
    result = cli("compare", old, EXAMPLE, "--format", "json", "--out", old)
    assert result.exit_code == 2 and old.read_bytes() == before


def test_control_characters_from_an_input_never_reach_a_csv_cell() -> None:
    from fact_audit.batch import neutralise

    assert neutralise("茶\x00店\x1b[2J") == "茶\\x00店\\x1b[2J"
    assert neutralise("=1+1") == "'=1+1" and neutralise(3) == 3
