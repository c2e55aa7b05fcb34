"""The suite cannot be fooled by the developer's environment: FACT_AUDIT_RUBRICS does not change what it collects,
and its runs of the tool write their rubric cache into the session's own folder, never the real one."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from ..conftest import CACHE_ENV, MINI, ROOT


def _collect(rubrics: str | None) -> subprocess.Popen[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    env.pop("FACT_AUDIT_RUBRICS", None)
    if rubrics is not None:
        env["FACT_AUDIT_RUBRICS"] = rubrics
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
    command += ["tests/unit", "tests/cli"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _count(process: subprocess.Popen[str]) -> int:
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stdout[-2000:] + stderr[-2000:]
    found = re.search(r"^(\d+) tests? collected", stdout, re.MULTILINE)
    assert found, stdout[-2000:]
    return int(found[1])


def test_fact_audit_rubrics_does_not_change_what_is_collected() -> None:
    unset, mini = _collect(None), _collect(str(MINI))  # both at once: collection only, a few seconds
    assert _count(unset) == _count(mini)


def test_no_module_loads_the_rubric_from_the_environment_at_import() -> None:
    """conftest sets FACT_AUDIT_RUBRICS aside for the session, which would hide a module that reads the default set
    at import time: such a module must name the bundled set's path (conftest.load_bundled) or use `bundled`."""
    offenders = set()
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and getattr(call.func, "id", getattr(call.func, "attr", None)) == "load_rubric_set"
                    and not call.args
                    and not call.keywords
                ):
                    offenders.add(path.relative_to(ROOT).as_posix())
    assert not offenders


def test_the_session_has_a_cache_of_its_own() -> None:
    folder = Path(os.environ[CACHE_ENV])
    assert folder.is_dir() and folder.resolve().is_relative_to(Path(tempfile.gettempdir()).resolve())
    assert folder.name.startswith("fact-audit-test-cache-")


def test_a_score_run_in_the_suite_writes_its_cache_there(tmp_path: Path) -> None:
    folder = Path(os.environ[CACHE_ENV])
    for old in folder.glob("rubric-*.pickle"):
        old.unlink()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path / "home")}
    env.pop("FACT_AUDIT_NO_CACHE", None)
    env.pop("FACT_AUDIT_RUBRICS", None)
    done = subprocess.run(
        [sys.executable, "-m", "fact_audit", "score", str(ROOT / "examples" / "mature_brand.yaml"), "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert list(folder.glob("rubric-*.pickle"))  # the bundled set, cached in the session's folder
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()  # and nowhere else
