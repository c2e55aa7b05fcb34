"""A lint problem: what is wrong, and the file, line and column where it is (1-based), with the rule that found it.

At the bottom of the lint layers, so rules can build problems without importing the linter that runs them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    col: int | None
    message: str
    rule: str
    severity: str = "error"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.file, self.line, self.col) if part is not None)
        return f"{where}: {self.message} [{self.rule}]"
