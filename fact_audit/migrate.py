"""Moving answers between rubric versions with the set's migration map (old id → new id, old option → new option).

`path` and `apply` are pure functions over plain answers data: `answers_from_document` applies a map on the fly
(with a warning) when an answers file names an older version of the same set. `migrate_file` rewrites the file
itself (`fact-audit migrate`).

Layering: `answers` imports this module (for the on-the-fly migration), so this module never imports `answers`, not
even inside a function; `migrate_file` takes the answers check as a parameter instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UsageError
from .model import RubricSet
from .yamlio import ANSWERS_TEXT_KEYS, Document, load_file


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@dataclass(frozen=True)
class Step:
    source: str
    target: str
    questions: dict[str, str | None] = field(default_factory=dict)
    options: dict[str, dict[str, str | None]] = field(default_factory=dict)


@dataclass
class Migration:
    """What happened to one answers document on its way from one version to another."""

    source: str
    target: str
    answers: dict[str, Any]
    notes: dict[str, Any]
    moved: list[tuple[str, str]] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    recoded: list[tuple[str, Any, Any]] = field(default_factory=list)

    def summary(self) -> str:
        if self.source == self.target:
            return f"already at version {self.target}; nothing to migrate"
        parts = [f"migrated from {self.source} to {self.target}"]
        if self.moved:
            parts.append("moved " + ", ".join(f"{a} → {b}" for a, b in self.moved))
        if self.recoded:
            parts.append("recoded " + ", ".join(f"{q}: {a} → {b}" for q, a, b in self.recoded))
        if self.dropped:
            parts.append("dropped " + ", ".join(self.dropped))
        return "; ".join(parts)


def steps_from(doc: Document | None) -> list[Step]:
    if doc is None or not isinstance(doc.data, dict):
        return []
    return [
        Step(
            s["from"],
            s["to"],
            dict(s.get("questions") or {}),
            {k: dict(v) for k, v in (s.get("options") or {}).items()},
        )
        for s in doc.data.get("steps") or []
    ]


def path(steps: list[Step], source: str, target: str) -> list[Step] | None:
    """The chain of steps from `source` to `target` (empty when they are equal), or None when there is none."""
    chain: list[Step] = []
    current = source
    while current != target:
        step = next((s for s in steps if s.source == current), None)
        if step is None or version_key(step.target) > version_key(target) or step in chain:
            return None
        chain.append(step)
        current = step.target
    return chain


def apply(answers: dict[str, Any], notes: dict[str, Any], chain: list[Step], source: str, target: str) -> Migration:
    result = Migration(source, target, dict(answers), dict(notes))
    for step in chain:
        moved: dict[str, Any] = {}
        moved_notes: dict[str, Any] = {}
        for qid, value in result.answers.items():
            if qid in step.questions:
                new = step.questions[qid]
                if new is None:
                    result.dropped.append(qid)
                    continue
                result.moved.append((qid, new))
                qid_new = new
            else:
                qid_new = qid
            moved[qid_new] = _recode(step.options.get(qid_new), value, qid_new, result)
        for qid, text in result.notes.items():
            target_id = step.questions.get(qid, qid)
            if target_id is not None:
                moved_notes[target_id] = text
        result.answers, result.notes = moved, moved_notes
    return result


def _recode(options: dict[str, str | None] | None, value: Any, qid: str, result: Migration) -> Any:
    if not options:
        return value
    if isinstance(value, str) and value in options:
        new = options[value]
        result.recoded.append((qid, value, new))
        return new if new is not None else None
    if isinstance(value, list):
        out = []
        for item in value:
            if item in options:
                result.recoded.append((qid, item, options[item]))
                if options[item] is not None:
                    out.append(options[item])
            else:
                out.append(item)
        return out
    return value


Layout = Callable[[str, "str | None", "str | None"], str]  # (lang, platform, schema ref) -> the current template


def migrate_file(
    file: str | Path,
    rubric: RubricSet,
    to: str | None = None,
    *,
    out: str | Path | None = None,
    check: Callable[[Document, RubricSet], object] | None = None,
    layout: Layout | None = None,
) -> Migration:
    """Rewrite the answers file `file` for version `to` (default: the current one) of `rubric`, keeping notes.

    Written atomically to `out` (default: `file` itself) by the one answers writer: a file made from a template is laid
    out again in the current version's template (`layout`, e.g. `template.yaml_template`) in the file's language; any
    other file keeps its own lines and comments, moved ids renamed in place. Blank answers stay blank. When the target
    is the set's current version, `check` (pass `fact_audit.answers.answers_from_document`) sees the migrated document
    first, so a file that would not score is refused and nothing is written. Raises `UsageError` for a file of
    another set (code `other-set`, with the `--rubrics` hint), or no migration path.
    """
    from .fileio import atomic_write_text  # tempfile and signals: not for the many runs that unpickle `Step`

    target = to or rubric.version
    document = load_file(file, allow_aliases=False, text_keys=ANSWERS_TEXT_KEYS)  # `name: 007` stays '007'
    if not isinstance(document.data, dict):
        raise UsageError("not an answers file", str(file))
    data = document.data
    set_id, _, version = str(data.get("rubric") or "").partition("@")
    if set_id != rubric.id or not version:
        raise UsageError(
            f"the file names rubric {data.get('rubric')!r}; this set is {rubric.ref}. Pass --rubrics FOLDER, the folder"
            " of the set the file was answered against",
            str(file),
            code="other-set",
        )
    chain = path(rubric.migrations, version, target)
    if chain is None:
        raise UsageError(f"no migration path from {version} to {target} in {rubric.ref}", str(file))
    result = apply(data.get("answers") or {}, data.get("notes") or {}, chain, version, target)
    data = {**data, "rubric": f"{rubric.id}@{target}", "answers": result.answers}
    if result.notes:
        data["notes"] = result.notes
    destination = out or file
    if check is not None and target == rubric.version:  # check the result against the set it now claims
        check(Document(data, str(destination), document.marks), rubric)
    if not chain and out is None:  # already at `target`: the file, its comments and its mode stay as they are
        return result
    fresh = layout if target == rubric.version else None
    atomic_write_text(destination, _text(file, destination, data, fresh, dict(result.moved)))
    return result


def _text(
    file: str | Path, destination: str | Path, data: dict[str, Any], layout: Layout | None, moved: dict[str, str]
) -> str:
    """The migrated file's text: JSON stays JSON; YAML keeps its comments through the one answers writer."""
    import json

    from .answers_writer import carry_comments, detect_lang, is_template, rename_keys, schema_ref, write_answers
    from .yamlio import read_text

    if str(destination).endswith(".json"):
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    original = "" if str(file).endswith(".json") else read_text(file)
    lang = detect_lang(original)
    if layout is not None and is_template(original):
        platform = (data.get("merchant") or {}).get("platform")
        fresh = layout(lang, platform if isinstance(platform, str) else None, schema_ref(original))
        return write_answers(data, carry_comments(original, fresh, moved), lang=lang)
    return write_answers(data, rename_keys(original, moved) or None, drop_unlisted=True, lang=lang)
