"""Exact output of the lint-problem formats (text, json, github) and the rubric-diff formats (text, json, markdown),
over hand-built values: no rubric set is read, so a change in a renderer shows here and nowhere else."""

from __future__ import annotations

import json

import pytest

from fact_audit.diff import Change, MerchantDelta, RubricDiff
from fact_audit.errors import UsageError
from fact_audit.lint.problem import Problem
from fact_audit.renderers import render_diff, render_problems

PROBLEMS = [
    Problem("rubrics/goods.yaml", 20, 9, "band overlaps the previous one (40 < 50)", "bands"),
    Problem("rubrics/manifest.yaml", 3, None, "版本号没有提升: 50% of\nthe weights\rmoved", "versions", "warning"),
    Problem("C:\\sets\\a,b.yaml", None, None, "no capability named 'ads'", "references"),
]


def test_problems_as_text() -> None:
    assert render_problems(PROBLEMS, "text") == (
        "rubrics/goods.yaml:20:9: band overlaps the previous one (40 < 50) [bands]\n"
        "rubrics/manifest.yaml:3: 版本号没有提升: 50% of\nthe weights\rmoved [versions]\n"
        "C:\\sets\\a,b.yaml: no capability named 'ads' [references]"
    )


def test_problems_as_json() -> None:
    text = render_problems(PROBLEMS[1:2], "json")
    assert text == (
        "[\n"
        "  {\n"
        '    "file": "rubrics/manifest.yaml",\n'
        '    "line": 3,\n'
        '    "col": null,\n'
        '    "message": "版本号没有提升: 50% of\\nthe weights\\rmoved",\n'
        '    "rule": "versions",\n'
        '    "severity": "warning"\n'
        "  }\n"
        "]"
    )
    assert json.loads(render_problems(PROBLEMS, "json")) == [p.to_dict() for p in PROBLEMS]


def test_problems_as_github_annotations() -> None:
    """One workflow command a problem; data and properties escaped as the Actions toolkit does."""
    assert render_problems(PROBLEMS, "github").splitlines() == [
        "::error file=rubrics/goods.yaml,line=20,col=9,title=fact-audit bands::"
        "band overlaps the previous one (40 < 50)",
        "::warning file=rubrics/manifest.yaml,line=3,title=fact-audit versions::"
        "版本号没有提升: 50%25 of%0Athe weights%0Dmoved",
        "::error file=C%3A\\sets\\a%2Cb.yaml,title=fact-audit references::no capability named 'ads'",
    ]


@pytest.mark.parametrize(("fmt", "empty"), [("text", ""), ("json", "[]"), ("github", "")])
def test_no_problems(fmt: str, empty: str) -> None:
    assert render_problems([], fmt) == empty


DIFF = RubricDiff(
    "mini@0.1.0",
    "mini@0.2.0",
    [
        Change("reweighted", "goods", "1 → 2"),
        Change("options", "goods.review", "+weekly, monthly 2→3 | never"),
        Change("added", "ads.new", "number"),
    ],
    [
        MerchantDelta(
            "examples/a.yaml",
            "青禾茶研社",
            {"overall": 44.4, "goods": 50.0, "ads": 10.0},
            {"overall": 41.7, "goods": 50.0, "ads": 2.5},
        ),
        MerchantDelta("examples/b.yaml", None, {"overall": 60.0, "goods": 70.0}, {"overall": 60.0, "goods": 70.0}),
        MerchantDelta("examples/c.yaml", "Broken | Shop", error="c.yaml:2: invalid YAML"),
    ],
)
NO_CHANGE = RubricDiff("a@1", "a@1", [], [])


def test_diff_as_text() -> None:
    assert render_diff(DIFF, "text", ["goods", "ads"]) == (
        "Rubric diff: mini@0.1.0 → mini@0.2.0\n"
        "\n"
        "Content (3 change(s))\n"
        "  reweighted  goods  1 → 2\n"
        "  options     goods.review  +weekly, monthly 2→3 | never\n"
        "  added       ads.new  number\n"
        "\n"
        "Scores of 3 sample merchant(s)\n"
        "  青禾茶研社: overall 44.4→41.7 (-2.7), ads 10.0→2.5 (-7.5)\n"
        "  b.yaml: no change\n"
        "  Broken | Shop: c.yaml:2: invalid YAML\n"
        "\n"
        "largest score move: 7.5 points\n"
    )
    assert render_diff(NO_CHANGE, "text", ["goods"]) == (
        "Rubric diff: a@1 → a@1\n\nContent (0 change(s))\nno content change\n\n"
        "Scores of 0 sample merchant(s)\n\nlargest score move: 0.0 points\n"
    )


def test_diff_as_markdown() -> None:
    """A PR comment: user text never breaks a table, and "no content change" is a paragraph, not a table row."""
    assert render_diff(DIFF, "markdown", ["goods", "ads"]) == (
        "## Rubric diff: mini@0.1.0 → mini@0.2.0\n"
        "\n"
        "### Content (3 change(s))\n"
        "\n"
        "| change | item | detail |\n"
        "|---|---|---|\n"
        "| reweighted | `goods` | 1 → 2 |\n"
        "| options | `goods.review` | +weekly, monthly 2→3 \\| never |\n"
        "| added | `ads.new` | number |\n"
        "\n"
        "### Scores of 3 sample merchant(s)\n"
        "\n"
        "| merchant | overall | goods | ads |\n"
        "|---|---:|---:|---:|\n"
        "| 青禾茶研社 | 44.4→41.7 (-2.7) | · | 10.0→2.5 (-7.5) |\n"
        "| b.yaml | · | · | · |\n"
        "| Broken \\| Shop | c.yaml:2: invalid YAML |\n"
        "\n"
        "largest score move: 7.5 points\n"
    )
    assert render_diff(NO_CHANGE, "markdown", ["goods"]) == (
        "## Rubric diff: a@1 → a@1\n\n### Content (0 change(s))\n\nno content change\n\n"
        "### Scores of 0 sample merchant(s)\n\n| merchant | overall | goods |\n|---|---:|---:|\n\n"
        "largest score move: 0.0 points\n"
    )


def test_diff_as_json() -> None:
    text = render_diff(NO_CHANGE, "json", ["goods"])
    assert text == (
        '{\n  "old": "a@1",\n  "new": "a@1",\n  "changes": [],\n  "merchants": [],\n  "largest_move": 0.0\n}\n'
    )
    assert json.loads(render_diff(DIFF, "json", ["goods", "ads"])) == DIFF.to_dict()


def test_unknown_formats_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="unknown lint format 'xml'; choose one of: text, json, github"):
        render_problems(PROBLEMS, "xml")
    with pytest.raises(UsageError, match="unknown diff format 'html'; choose one of: text, json, markdown"):
        render_diff(DIFF, "html", [])


def test_all_output_comes_from_the_renderers() -> None:
    """Lint problems and rubric diffs are formatted only under fact_audit/renderers: the modules that compute them
    no longer carry a formatter of their own."""
    import fact_audit.diff
    import fact_audit.lint.linter

    assert not hasattr(fact_audit.lint.linter, "render_problems")
    assert not hasattr(fact_audit.diff, "render")
