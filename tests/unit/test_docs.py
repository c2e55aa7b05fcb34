"""Documents that describe the code are kept in step with it."""

from __future__ import annotations

import os
import re

from fact_audit.lint.rules import RULES, rules_table

from ..conftest import ROOT

DOC = ROOT / "docs" / "rubric-format.md"
MARKED = re.compile(r"(<!-- lint-rules:start -->\n)(.*?)(<!-- lint-rules:end -->)", re.S)


def test_the_lint_rule_table_is_generated_from_the_rules() -> None:
    text = DOC.read_text(encoding="utf-8")
    match = MARKED.search(text)
    assert match, "docs/rubric-format.md lost its lint-rules markers"
    if os.environ.get("FACT_AUDIT_UPDATE_GOLDEN"):
        text = text[: match.start(2)] + rules_table() + text[match.end(2) :]
        DOC.write_text(text, encoding="utf-8")
        match = MARKED.search(text)
        assert match
    assert match.group(2) == rules_table()
    assert len(match.group(2).splitlines()) == len(RULES) + 2  # one row a rule


def test_every_rule_says_what_it_checks() -> None:
    for check in RULES:
        module = __import__(check.__module__, fromlist=["RULE"])
        assert module.__doc__ and module.__doc__.strip(), check.__module__
        assert module.RULE, check.__module__
