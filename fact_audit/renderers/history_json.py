"""A history as JSON (format fact-audit/history@1): the record as it is, text from the files escaped as in the JSON
report (`common.json_escaped`), so the file is safe to `cat` and every reader gets the same text back."""

from __future__ import annotations

import json
from typing import Any

from .common import json_escaped


def render(history: Any, options: Any) -> str:
    return json_escaped(json.dumps(history.to_dict(), ensure_ascii=False, indent=2)) + "\n"
