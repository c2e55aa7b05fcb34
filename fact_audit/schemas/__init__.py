"""Shipped JSON Schemas (rubric files, answers, reports), read from package data."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


@cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads((HERE / name).read_text(encoding="utf-8"))


def rubric_schema() -> dict[str, Any]:
    return load_schema("rubric.schema.json")
