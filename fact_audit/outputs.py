"""What an output may replace: never a file the command reads, never a file holding answers unless told to.

`--out` is atomic, which makes a mistake complete: `score a.yaml --out a.yaml` used to swap the answers for the
report, and `template --out filled.yaml` wiped a filled-in file. The CLI asks here before it writes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .errors import UsageError

_PEEK = 1024 * 1024  # enough to see answers in any answers file we would write over


def refuse_overwriting_inputs(out: Path | None, inputs: Iterable[Path | None]) -> None:
    """`--out` names a file the command reads: refuse, whatever else is asked."""
    if out is None or not out.exists():
        return
    for source in inputs:
        if source is None:
            continue
        try:
            same = os.path.samefile(out, source)
        except OSError:
            continue
        if same:
            raise UsageError("--out names a file this command reads; write the output to another file", str(out))


def refuse_replacing_answers(out: Path | None, force: bool) -> None:
    """`--out` names a file that holds answers: refuse unless `--force`."""
    if out is None or force or not out.is_file():
        return
    if holds_answers(out):
        raise UsageError("this file holds answers; give --force to replace it, or write elsewhere", str(out))


def holds_answers(path: Path) -> bool:
    """Whether `path` is an answers file with at least one answer given (a blank template holds none)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(_PEEK + 1)
    except OSError:
        return False
    if len(data) > _PEEK or b"answers" not in data:
        return False
    from .errors import FactAuditError
    from .yamlio import decode, parse_yaml

    try:
        document = parse_yaml(decode(data, str(path)), str(path), positions=False).data
    except FactAuditError:
        return False
    answers = document.get("answers") if isinstance(document, dict) else None
    return isinstance(answers, dict) and any(value is not None for value in answers.values())
