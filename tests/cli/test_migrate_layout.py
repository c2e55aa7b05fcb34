"""`fact-audit migrate` writes through the one answers writer (issue 15, item 15): a template-filled file keeps the
template's layout and the merchant's comments, blank answers stay blank, the message is printed once, and a file of
another set is told about `--rubrics`."""

from __future__ import annotations

from pathlib import Path

import yaml

from fact_audit.answers import load_answers


def _old_template(cli, tmp_path: Path, lang: str) -> tuple[Path, str]:
    """A template of the current version, filled in by hand as if it were a 1.0.0 file."""
    made = cli("template", "--lang", lang, "--platform", "kuaishou")
    assert made.exit_code == 0, made.stderr
    text = made.stdout.replace("rubric: fact-8@1.1.0", "rubric: fact-8@1.0.0")
    text = text.replace("  name:      ", '  name: "小林家"', 1).replace("  stage: ", "  stage: starter", 1)
    text = text.replace("  fact.team_size:\n", "  fact.team_size: 3   # 老板自己也算一个\n")
    text = text.replace("  service.on_time_pickup_rate:\n", "  service.pickup_next_day_rate: 92  # 后台看的\n")
    text = text.replace("  goods.sell_through:\n", "  goods.sell_through:\n  goods.bad_review_rate: 3\n")
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path, made.stdout


def test_a_filled_template_keeps_its_layout_comments_and_blanks(cli, tmp_path: Path, bundled) -> None:
    for lang in ("zh", "en"):
        path, template = _old_template(cli, tmp_path, lang)
        result = cli("migrate", path)
        assert result.exit_code == 0, result.stderr
        text = path.read_text(encoding="utf-8")
        comments = [line for line in template.splitlines() if line.lstrip().startswith("#")]
        assert [line for line in text.splitlines() if line.lstrip().startswith("#")] == comments
        assert "null" not in text
        assert "\n  goods.sell_through:\n" in text  # blank stays blank
        assert "\n  service.on_time_pickup_rate: 92  # 后台看的\n" in text  # renamed, the merchant's comment with it
        assert "\n  fact.team_size: 3  # 老板自己也算一个\n" in text
        assert "goods.bad_review_rate" not in text and "pickup_next_day_rate" not in text
        data = yaml.safe_load(text)
        assert data["rubric"] == "fact-8@1.1.0" and data["merchant"]["name"] == "小林家"
        assert load_answers(path, bundled, allow_empty=True).values["service.on_time_pickup_rate"] == 92


def test_the_message_is_printed_once(cli, tmp_path: Path) -> None:
    path, _ = _old_template(cli, tmp_path, "en")
    result = cli("migrate", path)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("migrated from 1.0.0 to 1.1.0") == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}: migrated from 1.0.0 to 1.1.0; moved service.pickup_next_day_rate → service.on_time_pickup_rate;"
        " dropped goods.bad_review_rate"
    ]


def test_a_file_that_is_not_a_template_keeps_its_own_lines(cli, tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "# 小林家的自评，六月\n"
        "format: fact-audit/answers@1\n"
        "rubric: fact-8@1.0.0\n"
        "merchant:\n"
        "  name: 小林家  # 店名\n"
        "  platform: kuaishou\n"
        "  stage: starter\n"
        "answers:\n"
        "  fact.team_size: 3  # 三个人\n"
        "  service.pickup_next_day_rate: 92  # 后台看的\n"
        "  goods.sell_through:\n"
        "notes:\n"
        "  fact.team_size: 老板算一个\n",
        encoding="utf-8",
    )
    assert cli("migrate", path).exit_code == 0
    assert path.read_text(encoding="utf-8") == (
        "# 小林家的自评，六月\n"
        "format: fact-audit/answers@1\n"
        "rubric: fact-8@1.1.0\n"
        "merchant:\n"
        '  name: "小林家"  # 店名\n'
        "  platform: kuaishou\n"
        "  stage: starter\n"
        "answers:\n"
        "  fact.team_size: 3  # 三个人\n"
        "  service.on_time_pickup_rate: 92  # 后台看的\n"
        "  goods.sell_through:\n"
        "notes:\n"
        '  fact.team_size: "老板算一个"\n'
    )


def test_a_file_of_another_set_is_told_about_rubrics(cli, tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text("rubric: acme-food@1.0.0\nanswers:\n  goods.sell_through: 80\n", encoding="utf-8")
    before = path.read_bytes()
    result = cli("migrate", path)
    assert result.exit_code == 2
    assert "acme-food@1.0.0" in result.stderr and "--rubrics FOLDER" in result.stderr
    assert path.read_bytes() == before
