"""One exception family for every problem a user can cause.

The CLI catches `FactAuditError` at its edge and prints `str(error)`: one line,
`file:line:col: message`, never a traceback. Core code raises these and never prints.
"""

from __future__ import annotations


class FactAuditError(Exception):
    """A problem with the user's input, located as precisely as we know it."""

    exit_code = 2

    def __init__(self, message: str, file: str | None = None, line: int | None = None, col: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.col = col

    def location(self) -> str:
        """`file:line:col` with the parts we know; empty when we know none."""
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"

    def __reduce__(self):  # picklable across process pools
        return (self.__class__, (self.message, self.file, self.line, self.col))


class InputFileError(FactAuditError):
    """A file that cannot be read or parsed at all (encoding, syntax, size)."""


class RubricError(FactAuditError):
    """A rubric file that does not describe a usable rubric."""


class AnswersError(FactAuditError):
    """An answers file that does not fit the rubric it is scored against."""


class UsageError(FactAuditError):
    """Arguments that do not make sense together."""
