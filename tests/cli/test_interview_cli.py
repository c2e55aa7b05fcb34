"""`fact-audit interview` without a terminal: piped answers, exit codes, resume and overwrite rules."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

# The context section: team size, roles, category type, field, alliance, how creators are run, campaign, top KOL,
# the KOL follow-up (asked because the top-KOL share is above 0) and monthly GMV (n/a).
FACT = "3\n1,2\n2\n40\n30\n3\n20\n10\n2\nna\n"


def test_piped_input_that_ends_early_exits_3_and_keeps_answers(cli, tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    result = cli("interview", "--out", out, "--only", "ads", "--lang", "en", input="Shop\n1\n2\n\n3\n1,2\n")
    assert result.exit_code == 3
    assert "> Shop or brand name: Shop" in result.stdout  # the dialogue reads cleanly in a log
    assert "> Main category (e.g. beauty, food, womenswear): \n" in result.stdout  # Enter leaves it empty
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["answers"] == {
        "fact.team_size": 3,
        "fact.team_roles": ["host", "operator"],
    }


def test_finish_prints_the_report_and_writes_it(cli, tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    result = cli(
        "interview",
        "--out",
        out,
        "--only",
        "ads",
        "--lang",
        "en",
        "--platform",
        "douyin",
        "--stage",
        "starter",
        input="Shop\n\n" + FACT + "n\n",
    )
    assert result.exit_code == 0, result.stdout
    assert "Self-broadcast capability report" in result.stdout
    assert (tmp_path / "a.report.md").read_text(encoding="utf-8").startswith("# Self-broadcast capability report")
    assert f"answers: {out}" in result.stdout


def test_a_chinese_interview_ends_in_chinese(cli, tmp_path: Path) -> None:
    """The closing lines name the answers file and the report in the merchant's language, not as `answers:`."""
    out = tmp_path / "a.yaml"
    result = cli(
        "interview", "--out", out, "--only", "ads", "--platform", "douyin", "--stage", "starter",
        input="店\n\n" + FACT + "n\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.stdout
    assert f"答案文件：{out}" in result.stdout and "诊断报告：" in result.stdout
    assert "answers:" not in result.stdout and "report:" not in result.stdout


def test_finished_file_asks_before_overwriting(cli, tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    cli("interview", "--out", out, "--only", "ads", input="Shop\n1\n2\n\n" + FACT + "n\n")
    before = out.read_text(encoding="utf-8")
    kept = cli("interview", "--out", out, "--only", "ads", "--lang", "en", input="n\n")
    assert kept.exit_code == 0 and "Start over and overwrite it?" in kept.stdout
    assert out.read_text(encoding="utf-8") == before
    redo = cli("interview", "--out", out, "--only", "ads", "--lang", "en", input="y\nOther\n2\n1\n")
    assert redo.exit_code == 3
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["merchant"]["name"] == "Other"


def test_pointing_out_at_an_unfinished_file_resumes(cli, tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    cli("interview", "--out", out, "--only", "ads", input="Shop\n1\n2\nfood\n3\n")
    result = cli("interview", "--out", out, "--only", "ads", "--lang", "en", input="1,2\nq\n")
    assert result.exit_code == 3
    assert "Resuming: 1 answer(s) already given." in result.stdout
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["answers"] == {"fact.team_size": 3, "fact.team_roles": ["host", "operator"]}
    assert data["merchant"]["category"] == "food"


def test_bare_resume_takes_the_newest_file_here(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("interview", "--resume").exit_code == 2
    first = cli("interview", "--only", "ads", input="Shop\n1\n2\nfood\n")
    assert first.exit_code == 3
    (made,) = tmp_path.glob("fact-audit-answers-*.yaml")
    os.utime(made, (1, 1))
    again = cli("interview", "--resume", "--only", "ads", "--lang", "en", input="55\nq\n")
    assert again.exit_code == 3 and str(made.name) in again.stdout
    assert yaml.safe_load(made.read_text(encoding="utf-8"))["answers"] == {"fact.team_size": 55}


def test_broken_existing_file_is_reported_not_overwritten(cli, tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    out.write_text("answers: [\n", encoding="utf-8")
    result = cli("interview", "--out", out)
    assert result.exit_code == 2 and result.stderr.startswith(f"{out}:2:")
    assert out.read_text(encoding="utf-8") == "answers: [\n"


def test_bad_platform_or_stage_exit_2(cli, tmp_path: Path) -> None:
    assert cli("interview", "--out", tmp_path / "a.yaml", "--platform", "taobao").exit_code == 2
    assert cli("interview", "--out", tmp_path / "a.yaml", "--stage", "giant").exit_code == 2
