"""Rubric sets that build on another (`extends:`): re-weight, add, replace or drop without copying the base.

The result is an ordinary set of documents, so lint, scoring and export need not know it was assembled. Every
merged-in item keeps the file, line and column it came from, so a problem in an overlay is reported there.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from .errors import RubricError
from .lint.context import LintContext
from .setfiles import SetFiles, bundled_rubrics_dir, read_set
from .yamlio import Document, load_file

BUNDLED_NAMES = ("fact-8", "bundled")


def base_directory(directory: Path, extends: str) -> Path:
    """`extends: fact-8` (or `bundled`) is the set shipped with the tool; anything else is a folder path."""
    if extends in BUNDLED_NAMES:
        return bundled_rubrics_dir()
    return (directory / extends).resolve()


def _copy(doc: Document) -> Document:
    return Document(copy.deepcopy(doc.data), doc.file, dict(doc.marks), dict(doc.sources))


def _schema_problems(docs: list[Document]) -> list[Any]:
    from .lint.rules import schema  # jsonschema, imported only when a set extends another

    ctx = LintContext.for_files(docs)
    return list(schema.check(ctx))


def resolve(directory: Path, extension: Document, chain: tuple[str, ...] = ()):
    """Assemble the set that `extension` (a manifest with `extends`) describes, on top of its base set."""
    data = extension.data
    overlays = [load_file(directory / name) for name in data.get("overlays") or [] if isinstance(name, str)]
    raw = [extension, *overlays]
    problems = _schema_problems(raw)
    if problems:
        return SetFiles(directory, extension, extra=raw, problems=problems)
    base_dir = base_directory(directory, data["extends"])
    key = str(base_dir)
    if key in chain:
        raise extension.error(("extends",), "sets extend each other in a circle", RubricError)
    if not (base_dir / "manifest.yaml").is_file():
        raise extension.error(
            ("extends",), f"base set {data['extends']!r} not found (no manifest.yaml in {base_dir})", RubricError
        )
    base = read_set(base_dir, chain=(*chain, key), assemble=resolve)
    manifest = _copy(base.manifest)
    _merge_manifest(manifest, extension)
    sections = {name: _copy(doc) for name, doc in base.sections.items()}
    by_capability = {doc.data.get("id"): doc for doc in sections.values()}
    for overlay in overlays:
        target = by_capability.get(overlay.data["capability"])
        if target is None:
            raise overlay.error(
                ("capability",), f"the base set has no capability {overlay.data['capability']!r}", RubricError
            )
        _apply_overlay(target, overlay)
    files = SetFiles(directory, manifest, sections, extra=[*base.extra, *raw], problems=list(base.problems))
    files.migration = base.migration
    if data.get("migrations"):
        files.migration = load_file(directory / data["migrations"])
        files.extra.append(files.migration)
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
            raise extension.error(("weights", cap_id), f"the base set has no capability {cap_id!r}", RubricError)
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
                    (f"drop_{kind}", index), f"the base capability has no {kind[:-1]} {item_id!r}", RubricError
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
                    f"nothing to replace: the base capability has no {kind[:-1]} {replacement['id']!r}",
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
