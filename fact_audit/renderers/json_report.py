"""The JSON report: the machine-readable contract, valid against schemas/report.schema.json.

Text from the answers goes out as it came in, except that control characters, bidi marks and lone surrogates are
written as `\\uXXXX` escapes (`common.json_escaped`): a surrogate from a JSON file or an undecodable file name
cannot be written as UTF-8 otherwise, and the file stays safe to `cat`. Readers get the same text back."""

from __future__ import annotations

import json

from ..report import Report
from .common import json_escaped


def render(report: Report, options) -> str:
    return json_escaped(json.dumps(report.to_dict(), ensure_ascii=False, indent=2)) + "\n"


def render_compare(comparison: dict, options) -> str:
    return json_escaped(json.dumps(comparison, ensure_ascii=False, indent=2)) + "\n"
