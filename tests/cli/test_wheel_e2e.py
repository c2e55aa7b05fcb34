"""End to end: build the wheel, install it into a fresh venv, run the entry point from another directory.

This is what a merchant or a CI job does; it catches rubrics missing from the wheel and import-path accidents
that an editable install hides.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from ..conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of the `fact-audit` script in a fresh venv holding only the built wheel and its dependencies."""
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    wheel = next(dist.glob("fact_audit-*.whl"))
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    pip = env_dir / "bin" / "pip"
    install = subprocess.run([str(pip), "install", "-q", str(wheel)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-2000:]
    return env_dir / "bin" / "fact-audit"


def _run(script: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "FACT_AUDIT_RUBRICS")}
    return subprocess.run([str(script), *args], capture_output=True, text=True, cwd=cwd, env=env)


def test_wheel_ships_rubrics_and_lints_clean(installed: Path, tmp_path: Path) -> None:
    result = _run(installed, "rubrics", "lint", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems" in result.stderr


def test_wheel_exports_all_eight_capabilities(installed: Path, tmp_path: Path) -> None:
    result = _run(installed, "rubrics", "export", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert [c["id"] for c in document["capabilities"]] == [
        "goods",
        "content",
        "anchor",
        "service",
        "activity",
        "ads",
        "data",
        "private_domain",
    ]
    assert document["context"]["id"] == "fact"


def test_wheel_scores_a_bundled_example_from_elsewhere(installed: Path, tmp_path: Path) -> None:
    example = sorted((ROOT / "examples").glob("*.yaml"))[0]
    result = _run(installed, "score", str(example), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["overall"]["score"] >= 0


def test_python_dash_m_works(installed: Path, tmp_path: Path) -> None:
    python = installed.parent / "python"
    result = subprocess.run(
        [str(python), "-m", "fact_audit", "--version"], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0 and result.stdout.startswith("fact-audit ")
