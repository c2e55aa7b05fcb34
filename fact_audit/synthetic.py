"""Realistic made-up clients, for tests, benchmarks and demos: answers drawn from the rubric's own answer space.

Each client gets a hidden "strength" per capability and answers near it, so scores spread like a real portfolio.
Deterministic for a given seed. Every client names `benchmark.SYNTHETIC_MARK` as its consultant (a value no
consultant types by accident), so a peer benchmark made from them says `"synthetic": true` and never passes for real.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .benchmark import SYNTHETIC_MARK
from .model import PLATFORMS, RubricSet

CATEGORIES = ("食品", "服饰", "美妆", "家居", "母婴", "数码")
NAMES = ("山", "禾", "川", "木", "云", "月", "星", "溪", "茶", "米", "花", "石")


def client(rubric: RubricSet, rng: random.Random, index: int) -> dict[str, Any]:
    """One answers document (as plain data) for a made-up merchant."""
    base = rng.random()
    strength = {c.id: min(1.0, max(0.0, rng.gauss(base, 0.2))) for c in rubric.capabilities}
    answers: dict[str, Any] = {}
    for section in rubric.sections():
        level = strength.get(section.id, rng.random())
        for question in section.questions:
            if not question.asked:
                continue  # worked out from the other answers
            space = question.answer_space()
            if rng.random() < 0.03:
                answers[question.id] = "unknown"
                continue
            target = min(1.0, max(0.0, rng.gauss(level, 0.15)))
            answers[question.id] = min(space, key=lambda pair: abs(pair[1] - target))[0]
    name = "".join(rng.choice(NAMES) for _ in range(2)) + f"{index:05d}号店"
    return {
        "format": "fact-audit/answers@1",
        "rubric": rubric.ref,
        "merchant": {
            "name": name,
            "platform": rng.choice(PLATFORMS[:3]),
            "stage": rng.choice(list(rubric.profiles)),
            "category": rng.choice(CATEGORIES),
            "consultant": SYNTHETIC_MARK,
        },
        "answers": answers,
    }


def clients(rubric: RubricSet, count: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for index in range(count):
        yield client(rubric, rng, index)


def write_files(rubric: RubricSet, folder: Path, count: int, seed: int = 7, fmt: str = "yaml") -> list[Path]:
    """Write `count` answers files into `folder` (YAML by default, or JSON) and return their paths."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, document in enumerate(clients(rubric, count, seed)):
        path = folder / f"client-{index:06d}.{fmt}"
        if fmt == "json":
            path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        else:
            path.write_text(yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths
