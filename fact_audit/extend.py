"""Rubric sets that build on another (`extends:`): re-weight, add, replace or drop without copying the base.

The result is an ordinary set of documents, so lint, scoring and export need not know it was assembled. Every
merged-in item keeps the file, line and column it came from, so a problem in an overlay is reported there.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path, PureWindowsPath
from typing import Any

from .errors import RubricError
from .lint.context import LintContext
from .setfiles import MANIFEST, SetFiles, bundled_rubrics_dir, read_named, read_set, shown
from .yamlio import Document

BUNDLED_NAMES = ("fact-8", "bundled")


def base_directory(directory: Path, extends: str, extension: Document | None = None) -> Path:
    """`extends: fact-8` (or `bundled`) is the set shipped with the tool; anything else is a folder path relative to
    this manifest's folder, e.g. `../base` for a sibling set. Such a path must lead (links resolved) to a folder that
    holds a manifest.yaml, and is read as a set of its own: only that folder's own files, under the same rules as
    this one's. An absolute path is refused (a set that names its base relatively keeps working when copied)."""
    if extends in BUNDLED_NAMES:
        return bundled_rubrics_dir()
    where = extension or Document(None, str(directory / MANIFEST))
    if not extends or "\0" in extends or Path(extends).is_absolute() or PureWindowsPath(extends).anchor:
        raise _refuse(
            where,
            f"extends {shown(extends)}: name the bundled set ({', '.join(BUNDLED_NAMES)}) or a folder path relative"
            " to this manifest, e.g. ../base",
        )
    try:
        base = (directory / extends).resolve(strict=True)
    except (OSError, RuntimeError):
        base = None
    if base is None or not base.is_dir() or not os.path.lexists(base / MANIFEST):
        raise _refuse(where, f"base set {shown(extends)} not found (no folder holding a {MANIFEST} there)")
    return base


def _refuse(extension: Document, message: str) -> RubricError:
    file, line, col = extension.locate(("extends",))
    return RubricError(message, file, line, col, code="outside-set")


def _copy(doc: Document) -> Document:
    return Document(copy.deepcopy(doc.data), doc.file, dict(doc.marks), dict(doc.sources))


def _schema_problems(docs: list[Document]) -> list[Any]:
    from .lint.rules import schema  # jsonschema, imported only when a set extends another

    ctx = LintContext.for_files(docs)
    return list(schema.check(ctx))


def resolve(directory: Path, extension: Document, chain: tuple[str, ...] = ()):
    """Assemble the set that `extension` (a manifest with `extends`) describes, on top of its base set."""
    data = extension.data
    named = data.get("overlays") if isinstance(data.get("overlays"), list) else []
    overlays: list[Document] = [
        read_named(directory, extension, ("overlays", index), name)  # type: ignore[misc]
        for index, name in enumerate(named)
        if isinstance(name, str)
    ]
    raw = [extension, *overlays]
    problems = _schema_problems(raw)
    if problems:
        return SetFiles(directory, extension, extra=raw, problems=problems)
    base_dir = base_directory(directory, data["extends"], extension)
    key = str(base_dir)
    if key in chain:
        raise extension.error(("extends",), "sets extend each other in a circle", RubricError)
    base = read_set(base_dir, chain=(*chain, key), assemble=resolve)
    manifest = _copy(base.manifest)
    _merge_manifest(manifest, extension)
    sections = {name: _copy(doc) for name, doc in base.sections.items()}
    by_capability = {doc.data.get("id"): doc for doc in sections.values()}
    reworded: list[Any] = []  # problems of `reword_questions` entries, reported with the rules' (all of them)
    for overlay in overlays:
        target = by_capability.get(overlay.data["capability"])
        if target is None:
            raise overlay.error(
                ("capability",), f"the base set has no capability {shown(overlay.data['capability'])}", RubricError
            )
        _apply_overlay(target, overlay)
        reworded += _reword(target, overlay)
    problems = [*base.problems, *reworded]
    files = SetFiles(directory, manifest, sections, extra=[*base.extra, *raw], problems=problems)
    files.migration = base.migration
    if data.get("migrations"):
        files.migration = read_named(directory, extension, ("migrations",), data["migrations"])
        files.extra.append(files.migration)  # type: ignore[arg-type]
    return files


def _merge_manifest(manifest: Document, extension: Document) -> None:
    m, ext = manifest.data, extension.data
    for key in ("id", "version", "name", "description", "default_profile"):
        if key in ext:
            m[key] = copy.deepcopy(ext[key])
            manifest.graft(extension, (key,), (key,))
    m.pop("migrations", None)
    for cap_id, weight in (ext.get("weights") or {}).items():
        for index, entry in enumerate(m["capabilities"]):
            if entry["id"] == cap_id:
                entry["weight"] = weight
                manifest.graft(extension, ("weights", cap_id), ("capabilities", index, "weight"))
                break
        else:
            raise extension.error(("weights", cap_id), f"the base set has no capability {shown(cap_id)}", RubricError)
    for pid, profile in (ext.get("profiles") or {}).items():
        m["profiles"][pid] = copy.deepcopy(profile)
        manifest.graft(extension, ("profiles", pid), ("profiles", pid))
    flags = [f for f in m.get("flags") or [] if f["id"] not in set(ext.get("drop_flags") or [])]
    m["flags"] = flags
    for index, flag in enumerate(ext.get("flags") or []):
        m["flags"].append(copy.deepcopy(flag))
        manifest.graft(extension, ("flags", index), ("flags", len(m["flags"]) - 1))


def _apply_overlay(doc: Document, overlay: Document) -> None:
    """Drop, then replace, then add, for questions and for recommendations; positions follow every item."""
    for kind in ("questions", "recommendations"):
        items: list[tuple[dict[str, Any], Document, tuple[Any, ...]]] = [
            (item, doc, (kind, index)) for index, item in enumerate(doc.data.get(kind) or [])
        ]
        drop = set(overlay.data.get(f"drop_{kind}") or [])
        known = {item["id"] for item, _, _ in items}
        for index, item_id in enumerate(overlay.data.get(f"drop_{kind}") or []):
            if item_id not in known:
                raise overlay.error(
                    (f"drop_{kind}", index), f"the base capability has no {kind[:-1]} {shown(item_id)}", RubricError
                )
        items = [entry for entry in items if entry[0]["id"] not in drop]
        for index, replacement in enumerate(overlay.data.get(f"replace_{kind}") or []):
            for position, (item, _, _) in enumerate(items):
                if item["id"] == replacement["id"]:
                    items[position] = (replacement, overlay, (f"replace_{kind}", index))
                    break
            else:
                raise overlay.error(
                    (f"replace_{kind}", index, "id"),
                    f"nothing to replace: the base capability has no {kind[:-1]} {shown(replacement['id'])}",
                    RubricError,
                )
        for index, addition in enumerate(overlay.data.get(f"add_{kind}") or []):
            items.append((addition, overlay, (f"add_{kind}", index)))
        old_marks = dict(doc.marks)
        old_sources = dict(doc.sources)
        doc.marks = {k: v for k, v in old_marks.items() if not (k and k[0] == kind)}
        doc.sources = {k: v for k, v in old_sources.items() if not (k and k[0] == kind)}
        if kind in old_marks:
            doc.marks[(kind,)] = old_marks[(kind,)]
        doc.data[kind] = [copy.deepcopy(item) for item, _, _ in items]
        original = Document(doc.data, doc.file, old_marks, old_sources)
        for position, (_, source, path) in enumerate(items):
            if source is doc:
                doc.graft(original, path, (kind, position))
                if source.file == doc.file:
                    doc.sources.pop((kind, position), None)
                for key, file in old_sources.items():  # items that came from an earlier overlay keep their file
                    if key[: len(path)] == path:
                        doc.sources[(kind, position, *key[len(path) :])] = file
            else:
                doc.graft(source, path, (kind, position))


REWORD_RULE = "references"  # an id that names nothing in the base set, as the references rule reports for others


def _reword(doc: Document, overlay: Document) -> list[Any]:
    """Apply `reword_questions`: new wording (text, help, option texts; either language alone) for questions of the
    assembled capability, everything else of the question kept (options, bands, weight, variants, quick mark). The
    new words keep the overlay's positions, so the text rules report a house-style slip in the overlay file. An id
    that names no question (or option) is a problem with its position; every such entry is reported, none applied."""
    from .lint.problem import Problem

    problems: list[Any] = []

    def refuse(path: tuple[Any, ...], message: str) -> None:
        problems.append(Problem(*overlay.locate(path), message, REWORD_RULE))

    questions = doc.data.get("questions") or []
    where = {question.get("id"): position for position, question in enumerate(questions)}
    for index, entry in enumerate(overlay.data.get("reword_questions") or []):
        position = where.get(entry["id"])
        if position is None:
            refuse(
                ("reword_questions", index, "id"),
                f"nothing to reword: the capability has no question {shown(entry['id'])}",
            )
            continue
        question = questions[position]
        for field in ("text", "help"):
            for lang, words in (entry.get(field) or {}).items():
                question.setdefault(field, {})[lang] = words
                doc.graft(overlay, ("reword_questions", index, field, lang), ("questions", position, field, lang))
        key = "options" if "options" in question else "items"
        choices = {choice.get("id"): at for at, choice in enumerate(question.get(key) or [])}
        for number, option in enumerate(entry.get("options") or []):
            at = choices.get(option["id"])
            if at is None:
                refuse(
                    ("reword_questions", index, "options", number, "id"),
                    f"nothing to reword: question {shown(entry['id'])} has no option {shown(option['id'])}",
                )
                continue
            for lang, words in option["text"].items():
                question[key][at].setdefault("text", {})[lang] = words
                doc.graft(
                    overlay,
                    ("reword_questions", index, "options", number, "text", lang),
                    ("questions", position, key, at, "text", lang),
                )
    return problems
