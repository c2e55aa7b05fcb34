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
    assert "Canned \\| Shop <b>" in text
    assert "from the \\| stock sheet" in text


def test_json_is_the_report_dict(canned) -> None:
    assert json.loads(render(canned, "json", RenderOptions())) == canned.to_dict()


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
