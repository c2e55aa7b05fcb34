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
