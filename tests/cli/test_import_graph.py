"""Start-up stays light: nothing heavy is imported on the paths run hundreds of times a day.

This checks the import graph, not a time (times are for bench/startup.py).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ..conftest import ROOT

HEAVY = ("jsonschema", "jinja2", "rich", "pydantic", "dask", "hypothesis")
PROBE = """
import contextlib, io, json, sys
sys.argv = ["fact-audit", *json.loads(sys.argv[1])]
from fact_audit.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main()
    except SystemExit:
        pass
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def loaded(*args: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return set(json.loads(out.stdout))


@pytest.mark.parametrize(
    "args",
    [
        ("--version",),
        ("score", "examples/growing_brand.yaml", "--format", "json"),
        ("score", "examples/growing_brand.yaml", "--format", "markdown"),
    ],
    ids=["version", "score-json", "score-markdown"],
)
def test_no_heavy_module_on_the_fast_paths(args: tuple[str, ...]) -> None:
    assert not loaded(*args) & set(HEAVY)


def test_version_does_not_even_load_yaml() -> None:
    assert "yaml" not in loaded("--version")


def test_the_table_loads_rich_but_not_jsonschema() -> None:
    modules = loaded("score", "examples/growing_brand.yaml")
    assert "rich" in modules and "jsonschema" not in modules


def test_a_custom_set_is_validated_with_jsonschema() -> None:
    """The other side of the coin: the probe above would notice jsonschema, and a custom set does load it."""
    modules = loaded("score", "examples/growing_brand.yaml", "--format", "json", "--rubrics", "tests/data/rubrics/mini")
    assert "jsonschema" in modules


def test_cli_annotations_are_objects_not_strings() -> None:
    """Typer would compile and evaluate string annotations of every command on every start (see cli.py)."""
    import fact_audit.cli as cli

    assert "annotations" not in vars(cli)  # `from __future__ import annotations` binds this name
