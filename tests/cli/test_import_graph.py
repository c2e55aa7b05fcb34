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


def _cli_modules() -> list:
    import importlib

    import fact_audit.cli

    folder = ROOT / "fact_audit" / "cli"
    names = sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__")
    return [fact_audit.cli, *(importlib.import_module(f"fact_audit.cli.{name}") for name in names)]


def test_cli_annotations_are_objects_not_strings() -> None:
    """Typer would compile and evaluate string annotations of every command on every start (see cli/app.py)."""
    modules = _cli_modules()
    assert len(modules) >= 8  # the package, its app and one module per command group
    for module in modules:
        # `from __future__ import annotations` binds this name
        assert "annotations" not in vars(module), f"{module.__name__} has string annotations"


def test_commands_are_thin() -> None:
    """Every registered command's body (docstring aside) is at most 40 lines: the work is in the core."""
    import inspect

    import typer.main

    from fact_audit.cli import app

    def commands(group):
        for command in group.commands.values():
            yield from commands(command) if hasattr(command, "commands") else [command]

    callbacks = [command.callback for command in commands(typer.main.get_command(app))]
    assert len(callbacks) == 14  # every command, the groups' included (a walk that finds none checks nothing)
    for callback in callbacks:
        source, _ = inspect.getsourcelines(inspect.unwrap(callback))
        body = "".join(source).split('"""', 2)[2]  # after the docstring
        lines = [line for line in body.splitlines() if line.strip()]
        assert len(lines) <= 40, f"{callback.__module__}.{callback.__name__}: {len(lines)} lines"


def _module_graph() -> dict[str, set[str]]:
    """Every import between fact_audit modules, also those inside functions (lazy imports must point down too).

    Importing `fact_audit.a.b` runs `fact_audit/a/__init__.py` first, so it counts as importing the package as well.
    """
    import ast

    package = ROOT / "fact_audit"
    modules = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = (path, parts[-1] == "__init__")
    graph: dict[str, set[str]] = {name: set() for name in modules}

    def add(source: str, target: str) -> None:
        while target and target != "fact_audit":
            # a module's own packages have started importing before it runs: that is not an edge
            if target in modules and target != source and not source.startswith(target + "."):
                graph[source].add(target)
            target = target.rpartition(".")[0]

    for name, (path, is_package) in modules.items():
        here = name if is_package else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("fact_audit"):
                        add(name, alias.name)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here
                    for _ in range(node.level - 1):
                        base = base.rpartition(".")[0]
                    target = f"{base}.{node.module}" if node.module else base
                elif node.module and node.module.startswith("fact_audit"):
                    target = node.module
                else:
                    continue
                add(name, target)
                for alias in node.names:
                    if f"{target}.{alias.name}" in modules:
                        add(name, f"{target}.{alias.name}")
    return graph


def test_imports_point_one_way() -> None:
    """No import circle between fact_audit modules, lazy imports inside functions included (the layers are listed
    in fact_audit/setfiles.py: yamlio → setfiles → lint rules → extend → lint → rubric → CLI)."""
    graph = _module_graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, "\n".join(" → ".join(c) for c in cycles)


def test_the_graph_sees_lazy_imports() -> None:
    """The cycle test can fail: it sees the lazy import of the linter inside rubric.py and the one of extend."""
    graph = _module_graph()
    assert "fact_audit.lint.linter" in graph["fact_audit.rubric"]
    assert "fact_audit.extend" in graph["fact_audit.rubric"]
    assert "fact_audit.rubric" not in graph["fact_audit.lint.linter"]
