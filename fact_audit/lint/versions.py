"""Cross-version checks (`rubrics lint --against OLD`): an edit must bump the version, and an id that goes away
must say where its answers go, so old answers files keep working."""

from __future__ import annotations

from ..diff import content_changes
from ..migrate import path, version_key
from ..model import RubricSet
from ..setfiles import SetFiles
from .problem import Problem

RULE = "versions"


def check_against(old: RubricSet, new: RubricSet, files: SetFiles) -> list[Problem]:
    file, line, col = files.manifest.locate(("version",))
    problems: list[Problem] = []
    changes = [c for c in content_changes(old, new)]
    if version_key(new.version) < version_key(old.version):
        problems.append(Problem(file, line, col, f"version {new.version} is lower than the base's {old.version}", RULE))
    elif changes and new.version == old.version:
        problems.append(
            Problem(
                file,
                line,
                col,
                f"content changed ({len(changes)} change(s)) but the version is still {old.version}; "
                "bump it (semantic versioning)",
                RULE,
            )
        )
    chain = path(new.migrations, old.version, new.version)
    mapped: set[str] = set()
    for step in chain or []:
        mapped.update(step.questions)
    where = files.migration.locate(()) if files.migration is not None else (file, line, col)
    for qid in old.questions:
        if qid not in new.questions and qid not in mapped:
            problems.append(
                Problem(
                    where[0],
                    where[1],
                    where[2],
                    f"question {qid} of {old.version} is gone without a migration entry "
                    f"(map it to its new id, or to null if it is dropped)",
                    RULE,
                )
            )
    return problems
