"""Levels, profiles and the default profile must make a complete, consistent scale."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..problem import Problem
from . import problem, shown

RULE = "manifest"


def check(ctx: LintContext) -> Iterator[Problem]:
    data = ctx.manifest_data()
    if data is None:
        return
    doc = ctx.manifest
    levels = data["levels"]
    for index, level in enumerate(levels):
        if level["id"] != index + 1:
            yield problem(
                doc, ("levels", index, "id"), f"level ids must be 1, 2, 3 … in order; found {level['id']}", RULE
            )
        if index == 0 and level["min"] != 0:
            yield problem(doc, ("levels", 0, "min"), "the first level must start at 0", RULE)
        if index and level["min"] <= levels[index - 1]["min"]:
            yield problem(doc, ("levels", index, "min"), "level minimums must rise strictly", RULE)
    level_ids = {level["id"] for level in levels}
    capabilities = [entry["id"] for entry in data["capabilities"]]
    for pid, profile in data["profiles"].items():
        for key in ("weights", "targets"):
            for cap in capabilities:
                if cap not in profile[key]:
                    yield problem(
                        doc,
                        ("profiles", pid, key),
                        f"profile {shown(pid)} has no {key[:-1]} for capability {shown(cap)}",
                        RULE,
                    )
            for cap in profile[key]:
                if cap not in capabilities:
                    yield problem(doc, ("profiles", pid, key, cap), f"capability {shown(cap)} is not in this set", RULE)
        for cap, target in profile["targets"].items():
            if target not in level_ids:
                yield problem(doc, ("profiles", pid, "targets", cap), f"target {target} is not a level id", RULE)
    if data["default_profile"] not in data["profiles"]:
        yield problem(
            doc, ("default_profile",), f"default profile {shown(data['default_profile'])} is not defined", RULE
        )
