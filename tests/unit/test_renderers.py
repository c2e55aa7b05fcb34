"""Exact output of every report format over one canned report (the minimal set, answers worked by hand).

To accept an intended change, regenerate with FACT_AUDIT_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from fact_audit.answers import Answers
from fact_audit.renderers import REGISTRY, RenderOptions, render
from fact_audit.rubric import load_rubric_set
from fact_audit.scoring import score

from ..conftest import DATA, MINI

GOLDEN = DATA / "golden"


@pytest.fixture(scope="module")
def canned():
    rubric = load_rubric_set(MINI)
    answers = Answers(
        "canned.yaml",
        {"name": "Canned | Shop <b>", "platform": "douyin", "stage": "growth", "category": "食品"},
        {
            "fact.field_share": 10,
            "goods.sell_through": 60,
            "goods.review": "monthly",
            "ads.buys": True,
            "ads.roi": 0.8,
            "ads.spend": 1000,
            "ads.ad_gmv": "unknown",
        },
        {"goods.sell_through": "from the | stock sheet"},
    )
    return score(rubric, answers)


def _check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("FACT_AUDIT_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with FACT_AUDIT_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


# The JSON report carries both languages, so one golden file covers it.
FORMATS = [(fmt, lang) for fmt in sorted(REGISTRY) for lang in ("zh", "en") if not (fmt == "json" and lang == "en")]


@pytest.mark.parametrize(("fmt", "lang"), FORMATS)
def test_exact_output(canned, fmt: str, lang: str) -> None:
    suffix = {"table": "txt", "json": "json", "markdown": "md", "html": "html"}[fmt]
    text = render(canned, fmt, RenderOptions(lang=lang, top=3 if fmt == "table" else None, width=100))
    _check(f"canned.{lang}.{suffix}" if fmt != "json" else "canned.json", text)


def test_table_color_only_when_asked(canned) -> None:
    plain = render(canned, "table", RenderOptions(lang="en"))
    colored = render(canned, "table", RenderOptions(lang="en", color=True))
    assert "\x1b[" not in plain and "\x1b[" in colored


def test_markdown_keeps_user_text_from_breaking_tables(canned) -> None:
    text = render(canned, "markdown", RenderOptions(lang="en"))
    assert "Canned \\| Shop &lt;b&gt;" in text  # and no HTML through: the name's tag is shown, not run
    assert "from the \\| stock sheet" in text


def test_json_is_the_report_dict(canned) -> None:
    """The JSON format adds nothing and drops nothing: the report's own numbers, levels, actions and flags."""
    data = json.loads(render(canned, "json", RenderOptions()))
    assert data["overall"]["score"] == canned.score and data["overall"]["level"]["id"] == canned.level.id
    assert [c["id"] for c in data["capabilities"]] == [c.id for c in canned.capabilities]
    assert [c["score"] for c in data["capabilities"]] == [c.score for c in canned.capabilities]
    assert [r["id"] for r in data["recommendations"]] == [r.id for r in canned.recommendations]
    assert [r["after"] for r in data["recommendations"]] == [r.after for r in canned.recommendations]
    assert [f["id"] for f in data["flags"]] == [f.id for f in canned.flags]
    assert data["fact"]["normalised"] == canned.fact.normalised and data["coverage"] == canned.coverage


def test_unknown_format_is_a_usage_error(canned) -> None:
    from fact_audit.errors import UsageError

    with pytest.raises(UsageError, match="unknown report format"):
        render(canned, "pdf", RenderOptions())


def test_json_report_does_not_import_rich(canned) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from fact_audit.renderers import render, RenderOptions;"
        "from fact_audit.rubric import load_rubric_set; from fact_audit.answers import Answers;"
        "from fact_audit.scoring import score;"
        "r = score(load_rubric_set(), Answers('x', {}, {}));"
        "render(r, 'json', RenderOptions());"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'jsonschema')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_every_registered_format_resolves() -> None:
    """Each name in a registry leads to its renderer, and the CLI's choices are the registries' keys."""
    import importlib

    from fact_audit import renderers

    for module in renderers.REGISTRY.values():
        loaded = importlib.import_module(module)
        assert callable(loaded.render) and callable(loaded.render_compare)
    for registry in (renderers.PROBLEM_REGISTRY, renderers.DIFF_REGISTRY):
        for entry in registry.values():
            module, _, name = entry.partition(":")
            assert callable(getattr(importlib.import_module(module), name)), entry
    assert tuple(renderers.REGISTRY) == renderers.FORMATS and set(renderers.SUFFIX) == set(renderers.REGISTRY)
    assert renderers.PROBLEM_FORMATS == ("text", "json", "github")
    assert renderers.DIFF_FORMATS == ("text", "json", "markdown")
    assert set(renderers.BATCH_FORMATS) == set(renderers.REGISTRY) - {"table"}
    assert set(renderers.PORTFOLIO_REGISTRY) <= set(renderers.BATCH_FORMATS)


def test_the_registry_is_light_enough_for_start_up() -> None:
    """The CLI may build its --format choices from the registries on every start: importing them loads no YAML,
    no report model and no renderer."""
    import subprocess
    import sys

    code = (
        "import sys; import fact_audit.renderers;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'yaml' or m.startswith('fact_audit.re')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent)
    assert out.stdout.strip() == "['fact_audit.record', 'fact_audit.renderers']", out.stdout + out.stderr


def test_portfolio_pieces_make_one_page() -> None:
    from fact_audit.renderers import portfolio

    assert portfolio("markdown", [("goods", "Goods")], RenderOptions()) is None  # no portfolio page for markdown
    page = portfolio("html", [("goods", "Goods <b>")], RenderOptions(lang="en"))
    assert page is not None and page.file == "index.html"
    row = {"name": "<img src=x>", "category": "食品", "stage": "growth", "overall": 61.0, "scores": {"goods": 40.0}}
    text = page.head({"clients": 1, "errors": 0, "cohort": {}}) + page.row({**row, "report": None}) + page.tail()
    assert text.startswith("<!DOCTYPE html>") and text.endswith("</html>\n")
    assert "Goods &lt;b&gt;" in text and "&lt;img src=x&gt;" in text and "<img" not in text
