"""Shared fixtures: paths to test data, the bundled rubric (never from the environment), a CLI runner that captures
stdout and stderr apart, and a rubric cache of the session's own (never the developer's)."""

from __future__ import annotations

import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

# Hypothesis profiles: the default keeps the suite quick; `pytest --hypothesis-profile=fuzz` runs the long fuzz.
settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "fuzz", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile("default")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
MINI = DATA / "rubrics" / "mini"
CACHE_ENV = "FACT_AUDIT_CACHE_DIR"
RUBRICS_ENV = "FACT_AUDIT_RUBRICS"
_saved_env: dict[str, str | None] = {}


def pytest_configure(config: pytest.Config) -> None:
    """For the whole session, in os.environ so that subprocesses (the CLI run as a program, the wheel, the pty
    tests) inherit it too: the rubric cache is a folder of the session's own, never the developer's, and a
    developer's FACT_AUDIT_RUBRICS is set aside, also for what runs before any test (collection, module fixtures)."""
    _saved_env.update({name: os.environ.get(name) for name in (CACHE_ENV, RUBRICS_ENV)})
    os.environ[CACHE_ENV] = tempfile.mkdtemp(prefix="fact-audit-test-cache-")
    os.environ.pop(RUBRICS_ENV, None)


def pytest_unconfigure(config: pytest.Config) -> None:
    if not _saved_env:
        return
    ours = os.environ.pop(CACHE_ENV, None)
    if ours:
        shutil.rmtree(ours, ignore_errors=True)
    for name, value in _saved_env.items():
        os.environ.pop(name, None)
        if value is not None:
            os.environ[name] = value
    _saved_env.clear()


@lru_cache(maxsize=1)
def load_bundled():
    """The bundled rubric set, loaded by explicit path so FACT_AUDIT_RUBRICS cannot change it (and linted, since an
    explicit path is). For the few modules that need it at collection time (parametrize, hypothesis strategies);
    everywhere else use the `bundled` fixture, which returns the same object."""
    from fact_audit.rubric import bundled_rubrics_dir, load_rubric_set

    return load_rubric_set(bundled_rubrics_dir())


@pytest.fixture(autouse=True)
def _no_env_rubrics(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's FACT_AUDIT_RUBRICS must not change what the tests see (nor one a test forgot to unset)."""
    monkeypatch.delenv(RUBRICS_ENV, raising=False)


@pytest.fixture
def cli():
    """Run the Typer app in-process: cli(args) -> result with .exit_code, .stdout, .stderr."""
    from fact_audit.cli import app

    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture(scope="session")
def bundled():
    """The bundled rubric set, loaded once and never from FACT_AUDIT_RUBRICS (the path is given explicitly)."""
    return load_bundled()
