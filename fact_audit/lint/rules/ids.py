"""Ids are unique and carry their capability's prefix, so answers files and reports stay unambiguous."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..context import LintContext
from ..problem import Problem
from . import problem, shown

RULE = "ids"


def _at(doc, path) -> str:
    file, line, _ = doc.locate(path)
    return f"{Path(file).name}:{line}"


def check(ctx: LintContext) -> Iterator[Problem]:
    seen_questions: dict[str, str] = {}  # id -> "file:line" of its first definition
    seen_recs: dict[str, str] = {}
    for doc in ctx.sections():
        section = doc.data["id"]
        for index, question in enumerate(doc.data["questions"]):
            qid = question["id"]
            path = ("questions", index, "id")
            if qid.split(".", 1)[0] != section:
                yield problem(doc, path, f"question id {shown(qid)} must start with {section + '.'!r}", RULE)
            if qid in seen_questions:
                yield problem(doc, path, f"duplicate question id {shown(qid)} (first at {seen_questions[qid]})", RULE)
            seen_questions.setdefault(qid, _at(doc, path))
            key = "options" if question["type"] == "single" else "items"
            names: set[str] = set()
            for j, option in enumerate(question.get(key) or []):
                if option["id"] in names:
                    yield problem(
                        doc,
                        ("questions", index, key, j, "id"),
                        f"duplicate option id {shown(option['id'])} in {qid}",
                        RULE,
                    )
                names.add(option["id"])
        for index, rec in enumerate(doc.data.get("recommendations") or []):
            rid = rec["id"]
            path = ("recommendations", index, "id")
            if rid.split(".", 1)[0] != section:
                yield problem(doc, path, f"recommendation id {shown(rid)} must start with {section + '.r.'!r}", RULE)
            if rid in seen_recs:
                yield problem(doc, path, f"duplicate recommendation id {shown(rid)} (first at {seen_recs[rid]})", RULE)
            seen_recs.setdefault(rid, _at(doc, path))
    manifest = ctx.manifest_data()
    if manifest is None:
        return
    ids: set[str] = set()
    for index, entry in enumerate(manifest["capabilities"]):
        if entry["id"] in ids:
            yield problem(
                ctx.manifest, ("capabilities", index, "id"), f"capability {shown(entry['id'])} listed twice", RULE
            )
        ids.add(entry["id"])
    files = {d.file.rsplit("/", 1)[-1]: d for d in ctx.sections()}
    for index, entry in enumerate(manifest["capabilities"]):
        doc = files.get(entry["file"])
        if doc is not None and (doc.data["kind"] != "capability" or doc.data["id"] != entry["id"]):
            yield problem(
                ctx.manifest,
                ("capabilities", index, "file"),
                f"{entry['file']} holds {doc.data['kind']} {shown(doc.data['id'])},"
                f" not capability {shown(entry['id'])}",
                RULE,
            )
    context = files.get(manifest["context"])
    if context is not None and context.data["kind"] != "context":
        yield problem(ctx.manifest, ("context",), f"{manifest['context']} is not a context file (kind: context)", RULE)
    flag_ids: set[str] = set()
    for index, flag in enumerate(manifest.get("flags") or []):
        if flag["id"] in flag_ids:
            yield problem(ctx.manifest, ("flags", index, "id"), f"duplicate flag id {shown(flag['id'])}", RULE)
        flag_ids.add(flag["id"])
