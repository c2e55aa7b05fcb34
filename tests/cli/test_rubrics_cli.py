"""`fact-audit rubrics lint | schema | export | show` through the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ..conftest import MINI, ROOT

CAPABILITIES = ["goods", "content", "anchor", "service", "activity", "ads", "data", "private_domain"]


def test_bundled_set_lints_clean(cli) -> None:
    result = cli("rubrics", "lint")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert "no problems" in result.stderr


def test_lint_exit_1_with_every_problem_listed(cli, tmp_path: Path) -> None:
    folder = tmp_path / "set"
    shutil.copytree(MINI, folder)
    text = (folder / "goods.yaml").read_text(encoding="utf-8")
    text = text.replace("    weight: 1\n", "    wieght: 1\n").replace("owner: supply_chain", "owner: intern")
    (folder / "goods.yaml").write_text(text, encoding="utf-8")
    result = cli("rubrics", "lint", folder)
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert any("unknown key 'wieght'" in line for line in lines)
    assert any("'intern' is not one of" in line for line in lines)
    assert all(line.startswith(str(folder / "goods.yaml") + ":") for line in lines)


def test_lint_github_and_json_formats(cli, tmp_path: Path) -> None:
    folder = tmp_path / "set"
    shutil.copytree(MINI, folder)
    path = folder / "goods.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("{min: 50, max: 80,", "{min: 40, max: 80,"), encoding="utf-8"
    )
    github = cli("rubrics", "lint", folder, "--format", "github")
    assert github.exit_code == 1
    assert github.stdout.strip() == (
        f"::error file={path},line=20,col=9,title=fact-audit bands::band overlaps the previous one (40 < 50)"
    )
    as_json = cli("rubrics", "lint", folder, "--format", "json")
    assert json.loads(as_json.stdout) == [
        {
            "file": str(path),
            "line": 20,
            "col": 9,
            "message": "band overlaps the previous one (40 < 50)",
            "rule": "bands",
            "severity": "error",
        }
    ]


def test_lint_one_file_reports_only_that_file(cli, tmp_path: Path) -> None:
    folder = tmp_path / "set"
    shutil.copytree(MINI, folder)
    (folder / "ads.yaml").write_text(
        (folder / "ads.yaml").read_text(encoding="utf-8").replace("weight: 2", "weight: -2")
    )
    assert cli("rubrics", "lint", folder / "goods.yaml").exit_code == 0
    assert cli("rubrics", "lint", folder / "ads.yaml").exit_code == 1


def test_lint_unusable_arguments_exit_2(cli, tmp_path: Path) -> None:
    result = cli("rubrics", "lint", tmp_path / "missing")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{tmp_path / 'missing'}: no such file or folder"
    assert cli("rubrics", "lint", "--format", "xml").exit_code == 2


def test_lint_broken_yaml_is_one_line_not_a_traceback(cli, tmp_path: Path) -> None:
    folder = tmp_path / "set"
    shutil.copytree(MINI, folder)
    (folder / "goods.yaml").write_text("kind: capability\nid: [goods\n", encoding="utf-8")
    result = cli("rubrics", "lint", folder)
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.startswith(f"{folder / 'goods.yaml'}:")


def test_schema_is_valid_draft_2020_12(cli) -> None:
    from jsonschema import Draft202012Validator

    result = cli("rubrics", "schema")
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_check_jsonschema_accepts_every_bundled_file(cli, tmp_path: Path) -> None:
    """The Done-when check: check-jsonschema with the printed schema over rubrics/*.yaml."""
    schema = tmp_path / "rubric.schema.json"
    schema.write_text(cli("rubrics", "schema").stdout, encoding="utf-8")
    files = sorted(str(p) for p in (ROOT / "rubrics").glob("*.yaml"))
    assert len(files) == 11  # manifest, context, eight capabilities, migrations
    exe = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    if not Path(exe).exists():
        pytest.skip("check-jsonschema is not installed (pip install -e '.[test]')")
    result = subprocess.run([exe, "--schemafile", str(schema), *files], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_export_contract(cli) -> None:
    result = cli("rubrics", "export", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert set(document["rubric"]) >= {"id", "version"}
    assert [c["id"] for c in document["capabilities"]] == CAPABILITIES
    for capability in document["capabilities"]:
        assert set(capability) >= {"id", "name", "weight", "questions"}
        assert set(capability["name"]) == {"zh", "en"}
        for question in capability["questions"]:
            assert set(question) >= {"id", "capability", "type", "text", "weight", "when", "answer_space"}
            assert question["capability"] == capability["id"]
            scores = [entry["score"] for entry in question["answer_space"]]
            assert all(0 <= s <= 1 for s in scores)
            assert max(scores) == 1, question["id"]
    assert document["context"]["id"] == "fact"


def test_export_answer_space_holds_the_extremes_of_every_type(cli) -> None:
    document = json.loads(cli("rubrics", "export").stdout)
    questions = [q for c in document["capabilities"] for q in c["questions"]]
    for question in questions:
        answers = [entry["answer"] for entry in question["answer_space"]]
        if question["type"] == "multi":
            assert [] in answers and [o["id"] for o in question["options"]] in answers
        if question["type"] == "yesno":
            assert set(map(str, answers)) == {"True", "False"}
        if question["type"] == "single":
            assert answers == [o["id"] for o in question["options"]]
        if question["type"] == "number":
            assert len(answers) == len(question["bands"])


def test_export_yaml_equals_json(cli) -> None:
    as_json = json.loads(cli("rubrics", "export", "--format", "json").stdout)
    as_yaml = yaml.safe_load(cli("rubrics", "export", "--format", "yaml").stdout)
    assert as_yaml == as_json


def test_show_one_capability_in_both_languages(cli) -> None:
    zh = cli("rubrics", "show", "ads")
    en = cli("rubrics", "show", "ads", "--lang", "en")
    assert zh.exit_code == en.exit_code == 0
    assert "ads.buys_paid_traffic" in zh.stdout and "广告" in zh.stdout
    assert "Ads" in en.stdout or "ads" in en.stdout
    assert "goods." not in zh.stdout


def test_show_unknown_capability_exit_2(cli) -> None:
    result = cli("rubrics", "show", "marketing")
    assert result.exit_code == 2
    assert "unknown capability 'marketing'" in result.stderr


def test_version_and_python_dash_m() -> None:
    result = subprocess.run([sys.executable, "-m", "fact_audit", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.startswith("fact-audit ")


# -- `rubrics diff --lang` (issue 15, item 14) ---------------------------------------------------------------------

SAMPLE_ANSWERS = """format: fact-audit/answers@1
rubric: mini@0.1.0
merchant: {name: 青禾茶研社, platform: douyin, stage: growth}
answers:
  goods.sell_through: 85
  goods.review: weekly
"""


def _reworded_zh(tmp_path: Path) -> tuple[Path, Path]:
    """The minimal set with one question reworded in Chinese only, and an answers file for it."""
    folder = tmp_path / "new"
    shutil.copytree(MINI, folder)
    goods = folder / "goods.yaml"
    goods.write_text(
        goods.read_text(encoding="utf-8").replace("你们多久复盘一次货品", "你们多久做一次货品复盘"), encoding="utf-8"
    )
    answers = tmp_path / "a.yaml"
    answers.write_text(SAMPLE_ANSWERS, encoding="utf-8")
    return folder, answers


def test_diff_shows_the_wording_that_changed_in_the_chosen_language(cli, tmp_path: Path) -> None:
    new, answers = _reworded_zh(tmp_path)
    zh = cli("rubrics", "diff", MINI, new, "--answers", answers)
    assert zh.exit_code == 0, zh.stderr
    assert "  改措辞      goods.review  题目：“你们多久复盘一次货品” → “你们多久做一次货品复盘”" in zh.stdout
    assert zh.stdout.startswith("题库改动对比：mini@0.1.0 → mini@0.1.0\n")
    assert "青禾茶研社: 得分不变" in zh.stdout
    en = cli("rubrics", "diff", MINI, new, "--answers", answers, "--lang", "en")
    line = next(line for line in en.stdout.splitlines() if "goods.review" in line)
    assert (
        line == "  reworded    goods.review  Chinese wording changed: '你们多久复盘一次货品' → '你们多久做一次货品复盘'"
    )
    assert "How often are goods reviewed" not in en.stdout  # never the unchanged English twice


def test_every_diff_format_takes_lang(cli, tmp_path: Path) -> None:
    new, answers = _reworded_zh(tmp_path)
    markdown = cli("rubrics", "diff", MINI, new, "--answers", answers, "--format", "markdown", "--lang", "zh").stdout
    assert "| 改措辞 | `goods.review` | 题目：“你们多久复盘一次货品” → “你们多久做一次货品复盘” |" in markdown
    for lang in ("zh", "en"):
        result = cli("rubrics", "diff", MINI, new, "--answers", answers, "--format", "json", "--lang", lang)
        [change] = json.loads(result.stdout)["changes"]
        assert change["old"] == {"zh": "你们多久复盘一次货品", "en": "How often are goods reviewed"}
        assert change["new"] == {"zh": "你们多久做一次货品复盘", "en": "How often are goods reviewed"}
        assert change["changed"] == ["zh"]


# -- text-only overlays: `reword_questions` (issue 15, item 14) ---------------------------------------------------

OVERLAY_CASES = ROOT / "tests" / "data" / "rubrics" / "overlays"
EXTENDS = (
    "kind: manifest\nextends: fact-8\nid: acme\nversion: 1.0.0\nname: {zh: 测试, en: Test}\noverlays: [overlay.yaml]\n"
)


def _derived(tmp_path: Path, overlay: Path) -> Path:
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "manifest.yaml").write_text(EXTENDS, encoding="utf-8")
    shutil.copy(overlay, folder / "overlay.yaml")
    return folder


@pytest.mark.parametrize("case", sorted((OVERLAY_CASES / "valid").glob("*.yaml")), ids=lambda p: p.stem)
def test_valid_overlay_case(case: Path, tmp_path: Path, cli) -> None:
    result = cli("rubrics", "lint", _derived(tmp_path, case))
    assert result.exit_code == 0, result.stdout + result.stderr


@pytest.mark.parametrize("case", sorted((OVERLAY_CASES / "invalid").glob("*.yaml")), ids=lambda p: p.stem)
def test_invalid_overlay_case(case: Path, tmp_path: Path, cli) -> None:
    expect = case.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ")
    folder = _derived(tmp_path, case)
    result = cli("rubrics", "lint", folder)
    assert result.exit_code == 1
    assert f"{folder / expect}" in result.stdout, result.stdout


def test_invalid_overlay_cases_exist() -> None:
    assert len(list((OVERLAY_CASES / "invalid").glob("*.yaml"))) >= 3


def test_a_rewording_changes_only_the_words(tmp_path: Path, cli, bundled) -> None:
    from fact_audit.rubric import load_rubric_set

    folder = _derived(tmp_path, OVERLAY_CASES / "valid" / "reword-text-help-and-options.yaml")
    derived = load_rubric_set(folder)
    base, new = bundled.questions["goods.item_margin"], derived.questions["goods.item_margin"]
    assert new.text.zh == "每个在售商品的利润，你们能算到哪一步？"
    assert (
        new.help.en == "Evidence is a per-item profit sheet, updated at least monthly." and new.help.zh == base.help.zh
    )
    assert new.options[0].text.zh == "说不清，只知道进价和售价（含运费）"
    assert [o.text.en for o in new.options] == [o.text.en for o in base.options]
    assert [(o.id, o.score) for o in new.options] == [(o.id, o.score) for o in base.options]
    assert (new.weight, new.quick, new.type, new.covers) == (base.weight, base.quick, base.type, base.covers)
    assert new.variants == base.variants
    items = derived.questions["goods.selection_basis"].options
    assert items[0].text.zh == bundled.questions["goods.selection_basis"].options[0].text.zh
    assert items[0].text.en.startswith("We have read the room's buyer profile and changed")
    untouched = [q for q in bundled.questions if q not in ("goods.item_margin", "goods.selection_basis")]
    assert all(derived.questions[q] == bundled.questions[q] for q in untouched)
    # and the diff of the base and the derived set shows exactly those rewordings
    result = cli(
        "rubrics",
        "diff",
        ROOT / "rubrics",
        folder,
        "--format",
        "json",
        "--answers",
        ROOT / "examples" / "new_small_shop.yaml",
    )
    kinds = {(c["kind"], c["target"], c.get("field")) for c in json.loads(result.stdout)["changes"]}
    assert kinds == {
        ("reworded", "goods.item_margin", "text"),
        ("reworded", "goods.item_margin", "help"),
        ("reworded", "goods.item_margin", "option:price_only"),
        ("reworded", "goods.selection_basis", "option:audience_profile"),
    }


def test_the_scaffold_shows_a_rewording_and_lints_clean(tmp_path: Path, cli) -> None:
    folder = tmp_path / "mine"
    assert cli("rubrics", "new", folder).exit_code == 0
    overlay = (folder / "goods-overlay.yaml").read_text(encoding="utf-8")
    assert "# reword_questions:" in overlay
    example = "\n".join(
        line.replace("# ", "", 1) if line.startswith("# reword") or line.startswith("#   ") else line
        for line in overlay.splitlines()
        if not line.startswith(("# drop", "# replace"))
    )
    (folder / "goods-overlay.yaml").write_text(example + "\n", encoding="utf-8")
    result = cli("rubrics", "lint", folder)
    assert result.exit_code == 0, result.stdout + result.stderr
