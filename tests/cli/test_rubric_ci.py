"""The GitHub Actions workflow in docs/rubric-ci.yml, its 'lint and diff' step run as a script on two commits."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ..conftest import MINI, ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ANSWERS = """format: fact-audit/answers@1
rubric: mini@0.1.0
merchant: {name: Sample Shop, platform: douyin, stage: growth}
answers: {goods.sell_through: 60, goods.review: monthly, ads.buys: true, ads.roi: 0.8}
"""


def step_script() -> str:
    workflow = yaml.safe_load((ROOT / "docs" / "rubric-ci.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["rubric-check"]["steps"]
    return next(step["run"] for step in steps if step.get("name") == "lint and diff")


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@x",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@x",
    }
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout.strip()


def run_step(repo: Path, base: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RUBRICS": "rubrics", "SAMPLES": "samples", "FAIL_OVER": "5", "BASE_SHA": base}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    env.pop("FACT_AUDIT_RUBRICS", None)
    return subprocess.run(["bash", "-c", step_script()], cwd=repo, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, str]:
    repo = tmp_path / "rubric-repo"
    shutil.copytree(MINI, repo / "rubrics")
    (repo / "samples").mkdir()
    (repo / "samples" / "shop.yaml").write_text(ANSWERS, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "rubrics 0.1.0")
    return repo, git(repo, "rev-parse", "HEAD")


def edit_manifest(repo: Path, old: str, new: str) -> None:
    path = repo / "rubrics" / "manifest.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_bumped_small_reweighting_passes_and_posts_the_diff(repo) -> None:
    folder, base = repo
    edit_manifest(folder, "weights: {goods: 2, ads: 1}", "weights: {goods: 1.8, ads: 1}")
    edit_manifest(folder, "version: 0.1.0", "version: 0.1.1")
    git(folder, "commit", "-qam", "re-weight goods")
    result = run_step(folder, base)
    assert result.returncode == 0, result.stdout + result.stderr
    comment = (folder / "rubric-diff.md").read_text(encoding="utf-8")
    assert comment.startswith("## 题库改动对比：mini@0.1.0 → mini@0.1.1"), comment[:400]
    assert "| 对标阶段 | `growth` |" in comment and "Sample Shop" in comment


def test_an_unbumped_edit_fails_with_an_annotation(repo) -> None:
    folder, base = repo
    edit_manifest(folder, "weights: {goods: 2, ads: 1}", "weights: {goods: 1.8, ads: 1}")
    git(folder, "commit", "-qam", "re-weight without a bump")
    result = run_step(folder, base)
    assert result.returncode == 1
    assert "::error file=rubrics/manifest.yaml,line=3,col=1,title=fact-audit versions::content changed" in result.stdout


def test_a_large_score_move_fails_over_the_threshold(repo) -> None:
    folder, base = repo
    edit_manifest(folder, "weights: {goods: 2, ads: 1}", "weights: {goods: 0.2, ads: 5}")
    edit_manifest(folder, "version: 0.1.0", "version: 0.2.0")
    git(folder, "commit", "-qam", "big re-weight")
    result = run_step(folder, base)
    assert result.returncode == 1
    assert "more than --fail-over 5" in result.stderr
    assert "(-" in (folder / "rubric-diff.md").read_text(encoding="utf-8")


def test_a_broken_rubric_fails_lint_with_annotations(repo) -> None:
    folder, base = repo
    path = folder / "rubrics" / "goods.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("owner: supply_chain", "owner: intern"), encoding="utf-8")
    git(folder, "commit", "-qam", "typo")
    result = run_step(folder, base)
    assert result.returncode == 1
    assert "::error file=rubrics/goods.yaml" in result.stdout and "'intern' is not one of" in result.stdout
