"""One exception family for every problem a user can cause.

The CLI catches `FactAuditError` at its edge and prints `str(error)`: one line,
`file:line:col: message`, never a traceback. Core code raises these and never prints.
"""

from __future__ import annotations

from typing import ClassVar


class FactAuditError(Exception):
    """A problem with the user's input, located as precisely as we know it.

    `message` is for people and may be reworded; `code` is for code: a short, stable kebab-case name of the kind of
    problem (`InputFileError.CODES`). Branch on the code, never on the message text. A class gives the default
    code of its kind, which one raise may narrow (`InputFileError(..., code="duplicate-key")`).
    """

    exit_code = 2
    code = "error"

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        col: int | None = None,
        code: str | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.col = col
        if code is not None:
            self.code = code

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
        return (self.__class__, (self.message, self.file, self.line, self.col, self.code))


class InputFileError(FactAuditError):
    """A file that cannot be read or parsed at all (encoding, syntax, size); `code` says which of `CODES`."""

    code = "input"
    CODES: ClassVar[dict[str, str]] = {
        "input": "any other problem reading an input (the default)",
        "not-found": "no such file",
        "not-a-file": "a folder where a file was expected",
        "unreadable": "the file exists but cannot be read (permissions, I/O)",
        "too-large": "over the size limit for one document",
        "utf16": "UTF-16 text",
        "gbk": "GBK/GB18030 text where UTF-8 is required",
        "not-utf8": "bytes that are no text encoding we know (a binary file?)",
        "nul-bytes": "NUL characters in the text",
        "syntax": "not well-formed YAML or JSON",
        "tab-indent": "a tab where YAML needs spaces",
        "multiple-documents": "more than one YAML document ('---')",
        "too-deep": "nesting deeper than the limit",
        "too-many-values": "more values than the limit (an alias bomb?)",
        "alias": "an anchor or alias where they are refused",
        "duplicate-key": "the same key twice in one mapping",
        "bad-key": "a list or mapping used as a key",
        "tag": "an explicit YAML tag we do not read (!!python/…)",
        "number-too-large": "a number with more digits than the limit",
        "not-a-number": "NaN or Infinity in JSON",
    }


class RubricError(FactAuditError):
    """A rubric file that does not describe a usable rubric."""

    code = "rubric"


class AnswersError(FactAuditError):
    """An answers file that does not fit the rubric it is scored against."""

    code = "answers"


class UsageError(FactAuditError):
    """Arguments that do not make sense together."""

    code = "usage"
