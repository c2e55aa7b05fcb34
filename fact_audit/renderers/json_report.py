"""The JSON report: the machine-readable contract, valid against schemas/report.schema.json."""

from __future__ import annotations

import json

from ..report import Report


def render(report: Report, options) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_compare(comparison: dict, options) -> str:
    return json.dumps(comparison, ensure_ascii=False, indent=2) + "\n"
