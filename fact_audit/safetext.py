"""Text from outside as it may meet a terminal or a document: nothing in it may act on the reader's screen.

At the bottom of the layers (the standard library only), so the renderers, the interview, progress lines and the
error edge all show outside text the same way.
"""

from __future__ import annotations

import re

# What must never reach a terminal or a document raw, whoever wrote the text: C0 and C1 controls (ESC and CSI start
# terminal sequences: clearing the screen, setting the title, hyperlinks, the clipboard), DEL, the bidirectional
# marks, overrides and isolates (they reorder what the reader sees), line and paragraph separators, and lone
# surrogates (no encoding can write them).
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_HIDDEN_BUT_NEWLINE = re.compile(_HIDDEN.pattern.replace("\x00-\x1f", "\x00-\x09\x0b-\x1f"))
_HIDDEN_IN_JSON = re.compile(_HIDDEN.pattern.replace("\x00-\x1f", ""))


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: object, keep_newlines: bool = False) -> str:
    """Text from a file as it may meet a terminal or a document: every control character, bidi mark and lone
    surrogate written out as an escape (`\\x1b`, `\\u202e`, `\\ud800`); everything else, Chinese included, as is."""
    return (_HIDDEN_BUT_NEWLINE if keep_newlines else _HIDDEN).sub(_shown, str(text))


def json_escaped(dumped: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with the same characters as `visible` hides written as
    `\\uXXXX` escapes: valid JSON that any reader turns back into the very same text, lone surrogates included, that
    a UTF-8 file can hold and a terminal showing the file does not act on. Outside strings JSON text is ASCII, so
    only strings change (json.dumps has escaped their C0 controls already; the layout's newlines are not touched)."""
    return _HIDDEN_IN_JSON.sub(_json_escape, dumped)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"
