"""Shared fixtures: paths to test data and a CLI runner that captures stdout and stderr apart."""

from __future__ import annotations

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


@pytest.fixture(autouse=True)
def _no_env_rubrics(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's FACT_AUDIT_RUBRICS must not change what the tests see."""
    monkeypatch.delenv("FACT_AUDIT_RUBRICS", raising=False)


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
    from fact_audit.rubric import bundled_rubrics_dir, load_rubric_set

    return load_rubric_set(bundled_rubrics_dir())
