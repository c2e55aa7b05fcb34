"""Find, read and build a rubric set (manifest + capability files + context file) into `model.RubricSet`."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import setfiles
from .errors import RubricError
from .expr import ExprError, compile_expression
from .model import (
    Band,
    Flag,
    Level,
    Option,
    Profile,
    Question,
    Recommendation,
    RubricSet,
    Section,
    Text,
)
from .setfiles import MANIFEST, SetFiles, bundled_examples_dir, bundled_rubrics_dir, section_files
from .yamlio import Document

__all__ = [
    "MANIFEST",
    "SetFiles",
    "build_set",
    "bundled_examples_dir",
    "bundled_rubrics_dir",
    "load_rubric_set",
    "load_uncached",
    "read_set",
    "section_files",
]

ENV_RUBRICS = "FACT_AUDIT_RUBRICS"


def text(value: Any) -> Text:
    return Text(value["zh"], value["en"])


def read_set(directory: str | Path, chain: tuple[str, ...] = ()) -> SetFiles:
    """Read a set's documents, assembling one that extends another on its base."""
    from .extend import resolve

    return setfiles.read_set(directory, chain, assemble=resolve)


def _expression(doc: Document, path: tuple[Any, ...], source: str | None):
    if source is None:
        return None
    try:
        return compile_expression(source)
    except ExprError as exc:
        line, col = doc.where(path)
        raise RubricError(f"bad expression: {exc}", doc.file, line, col) from None


def _question(doc: Document, path: tuple[Any, ...], raw: dict[str, Any], section: str) -> Question:
    kind = raw["type"]
    question = Question(
        id=raw["id"],
        section=section,
        type=kind,
        weight=float(raw["weight"]),
        text=text(raw["text"]),
        help=text(raw["help"]),
        source=raw["source"],
        covers=tuple(raw.get("covers", ())),
        when=_expression(doc, (*path, "when"), raw.get("when")),
        allow_na=bool(raw.get("allow_na", False)),
        where={platform: text(value) for platform, value in (raw.get("where") or {}).items()},
        label=text(raw["label"]) if raw.get("label") else None,
        why=text(raw["why"]) if raw.get("why") else None,
        compute=_expression(doc, (*path, "compute"), raw.get("compute")),
        explain=text(raw["explain"]) if raw.get("explain") else None,
        quick=bool(raw.get("quick", False)),
    )
    if kind == "single":
        question.options = tuple(Option(o["id"], float(o["score"]), text(o["text"])) for o in raw["options"])
    elif kind == "multi":
        question.options = tuple(Option(o["id"], float(o["points"]), text(o["text"])) for o in raw["items"])
    elif kind == "scale":
        question.levels = tuple(text(level) for level in raw["levels"])
    elif kind == "number":
        question.unit = raw["unit"]
        question.direction = raw["direction"]
        question.range = (float(raw["range"]["min"]), float(raw["range"]["max"]))
        question.integer = bool(raw.get("integer", False))
        question.bands = _bands(raw["bands"])
        question.bands_source = raw["bands_source"]
    elif kind == "yesno":
        scores = raw.get("scores") or {"yes": 1, "no": 0}
        question.yes_score, question.no_score = float(scores["yes"]), float(scores["no"])
    for axis in VARIANT_AXES:
        for key, variant in (raw.get(axis) or {}).items():
            question.variants[(axis, key)] = _question_variant(variant)
    question.prepare()
    return question


VARIANT_AXES = ("platforms", "stages", "categories")  # applied in this order; see RubricSet.view


def _bands(raw: list[dict[str, Any]]) -> tuple[Band, ...]:
    return tuple(Band(b.get("min"), b.get("max"), float(b["score"]), text(b["label"])) for b in raw)


def _question_variant(raw: dict[str, Any]) -> dict[str, Any]:
    """The question fields one platform, stage or category replaces, built as the model holds them."""
    built: dict[str, Any] = {}
    for key in ("text", "help", "why", "explain"):
        if key in raw:
            built[key] = text(raw[key])
    for key in ("source", "bands_source"):
        if key in raw:
            built[key] = raw[key]
    if "bands" in raw:
        built["bands"] = _bands(raw["bands"])
    if "labels" in raw:
        built["labels"] = {option_id: text(value) for option_id, value in raw["labels"].items()}
    if "levels" in raw:
        built["levels"] = tuple(text(level) for level in raw["levels"])
    return built


def _section(doc: Document, entry: dict[str, Any] | None) -> Section:
    raw = doc.data
    section_id = raw["id"]
    section = Section(
        id=section_id,
        kind=raw["kind"],
        name=text(raw["name"]),
        summary=text(raw["summary"]),
        source=raw["source"],
        file=doc.file,
        questions=[_question(doc, ("questions", i), q, section_id) for i, q in enumerate(raw["questions"])],
        weight=float(entry["weight"]) if entry else 0.0,
        fact=tuple(entry["fact"]) if entry else (),
    )
    for i, r in enumerate(raw.get("recommendations", []) or []):
        trigger = r.get("question")
        section.recommendations.append(
            Recommendation(
                id=r["id"],
                capability=section_id,
                impact=int(r["impact"]),
                effort=int(r["effort"]),
                owner=r["owner"],
                title=text(r["title"]),
                action=text(r["action"]),
                metric=text(r["metric"]),
                questions=tuple(trigger) if isinstance(trigger, list) else (trigger,) if trigger else (),
                score_below=float(r.get("score_below", 1.0)),
                level=int(r.get("level", 3)),
                when=_expression(doc, ("recommendations", i, "when"), r.get("when")),
                depends_on=tuple(r.get("depends_on", ())),
                lifts=tuple(r.get("lifts", ())),
                variants={
                    platform: {key: text(value) for key, value in fields.items()}
                    for platform, fields in (r.get("platforms") or {}).items()
                },
            )
        )
    return section


def build_set(files: SetFiles) -> RubricSet:
    """Turn already-validated documents into the model (validation is `fact_audit.lint`'s job)."""
    m = files.manifest.data
    capabilities = [_section(files.sections[entry["file"]], entry) for entry in m["capabilities"]]
    for index, (entry, capability) in enumerate(zip(m["capabilities"], capabilities, strict=True)):
        where = ("capabilities", index, "not_used_when")
        capability.not_used_when = _expression(files.manifest, where, entry.get("not_used_when"))
    context = _section(files.sections[m["context"]], None)
    return RubricSet(
        id=m["id"],
        version=m["version"],
        name=text(m["name"]),
        description=text(m["description"]) if m.get("description") else None,
        capabilities=capabilities,
        context=context,
        levels=[Level(lv["id"], float(lv["min"]), text(lv["name"]), text(lv["description"])) for lv in m["levels"]],
        profiles={
            pid: Profile(pid, text(p["name"]), text(p["description"]), dict(p["weights"]), dict(p["targets"]))
            for pid, p in m["profiles"].items()
        },
        default_profile=m["default_profile"],
        flags=[
            Flag(
                f["id"],
                _expression(files.manifest, ("flags", i, "when"), f["when"]),  # type: ignore[arg-type]
                f["severity"],
                text(f["message"]),
                f.get("capability"),
                caps=dict(f.get("caps") or {}),
                variants={platform: text(v["message"]) for platform, v in (f.get("platforms") or {}).items()},
                source=f.get("source"),
            )
            for i, f in enumerate(m.get("flags", []) or [])
        ],
        directory=str(files.directory),
        migrations=_steps(files),
        dropped={
            qid
            for doc in files.extra
            if isinstance(doc.data, dict) and doc.data.get("kind") == "overlay"
            for qid in doc.data.get("drop_questions") or []
        },
    )


def _steps(files: SetFiles) -> list[Any]:
    if files.migration is None:
        return []
    from .migrate import steps_from  # only sets with a migration map pay for it

    return steps_from(files.migration)


def load_rubric_set(directory: str | Path | None = None, *, validate: bool | None = None) -> RubricSet:
    """Load a rubric set; a custom one is fully linted first, the bundled one is trusted (CI lints it).

    `directory` None means `$FACT_AUDIT_RUBRICS` or else the bundled set.
    """
    if directory is None:
        directory = os.environ.get(ENV_RUBRICS) or None
    bundled = directory is None
    if validate is None:
        validate = not bundled
    if bundled:
        return _bundled_set() if not validate else load_uncached(bundled_rubrics_dir(), True)
    return load_uncached(directory, validate)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _bundled_set() -> RubricSet:
    from .cache import cached

    directory = bundled_rubrics_dir()
    return cached(directory, lambda: load_uncached(directory, False))


def load_uncached(directory: str | Path, validate: bool = False) -> RubricSet:
    """Read and build the set in `directory` now, past both caches (linting it first when `validate`)."""
    directory = Path(directory)
    files = read_set(directory)
    if validate:
        from .lint.linter import check_set  # jsonschema is imported only here, for custom sets

        problems = [p for p in check_set(files) if p.severity == "error"]
        if not problems and files.problems:
            problems = files.problems
        if problems:
            first = problems[0]
            more = (
                f" (and {len(problems) - 1} more; run `fact-audit rubrics lint {directory}`)"
                if len(problems) > 1
                else ""
            )
            raise RubricError(first.message + more, first.file, first.line, first.col)
    return build_set(files)
