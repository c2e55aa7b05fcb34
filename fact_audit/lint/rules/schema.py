"""The JSON Schema, with errors placed on the offending key rather than on its parent."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from ...schemas import rubric_schema
from ..context import LintContext
from ..problem import Problem
from . import problem, shown

RULE = "schema"
LEVEL_BELOW_GONE = (
    "level_below is gone (format 1.1): an action fires on answers; give `question:` (one id or a list) and"
    " `score_below:`, and `level:` for the level it builds toward"
)
_EXTRA = re.compile(r"'([^']+)'")


@lru_cache(maxsize=1)
def validator() -> Any:
    """One compiled validator per process: building it is the expensive part."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(rubric_schema())


def _message(error: Any) -> str:
    if (error.validator == "oneOf" and error.schema_path and "recommendation" in str(list(error.schema_path))) or (
        error.validator == "oneOf" and isinstance(error.instance, dict) and "impact" in error.instance
    ):
        return "a recommendation needs `question` (one id or a list) with `score_below`"
    if error.validator == "enum":
        allowed = ", ".join(repr(v) for v in error.validator_value)
        return f"{shown(error.instance)} is not one of {allowed}"
    if error.validator == "pattern" and error.path and error.path[-1] == "source":
        return (
            "source must name a seed file (e.g. 000_3410c16b4abedb71.txt) or a section of domain.md (e.g. domain.md §7)"
        )
    short = shown(error.instance)  # jsonschema quotes the whole value: a 700 KB string would make a 700 KB line
    return error.message.replace(repr(error.instance), short) if short.endswith(("…", "…'", '…"')) else error.message


def check(ctx: LintContext) -> Iterator[Problem]:
    for doc in ctx.docs:
        if not isinstance(doc.data, dict):
            yield problem(doc, (), "a rubric file must be a mapping with a `kind` key", RULE)
            continue
        errors = list(validator().iter_errors(doc.data))
        if not errors:
            ctx.valid.add(doc.file)
            continue
        for error in errors:
            path = tuple(error.absolute_path)
            if error.validator == "additionalProperties" and isinstance(error.instance, dict):
                allowed = set((error.schema.get("properties") or {}).keys())
                for key in error.instance:
                    if key == "level_below":
                        yield problem(doc, (*path, key), LEVEL_BELOW_GONE, RULE)
                    elif key not in allowed:
                        yield problem(doc, (*path, key), f"unknown key {shown(key)} (a typo?)", RULE)
                continue
            location = path
            if error.validator == "required":
                name = _EXTRA.search(error.message)
                message = f"missing required key {name.group(1)!r}" if name else error.message
                yield problem(doc, location, message, RULE)
                continue
            yield problem(doc, location, _message(error), RULE)
