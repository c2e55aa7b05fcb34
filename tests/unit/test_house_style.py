"""The tool's own Chinese words follow the house style the rubric lint enforces on rubric texts: 你们, full-width
punctuation, a space between Chinese and Latin letters or digits."""

from __future__ import annotations

import re

import pytest

from fact_audit.i18n import GROUPS, LABELS, NOTICES_ZH, OWNERS, RANKS, SEVERITIES
from fact_audit.interview import WORDS
from fact_audit.lint.rules.style import problems_in

SAMPLE = {
    "n": 3, "c": "92%", "k": 2, "names": "人均观看时长", "t": "100", "d": 30, "s": "41.7", "l": 2, "u": 3,
    "un": "精细", "v": "fact-8@1.1.0", "path": "答案.yaml", "why": "请输入 0–4 之间的整数", "value": "每周",
    "section": "货品能力", "ci": 1, "cn": 9, "qi": 2, "qn": 8, "pct": 40, "unit": "分钟", "low": "0", "high": "100",
}  # fmt: skip


def _zh_texts():
    for key, (zh, _en) in {**LABELS, **{f"word:{k}": v for k, v in WORDS.items()}}.items():
        yield key, zh
    for table in (OWNERS, GROUPS, RANKS, SEVERITIES):
        for key, (zh, _en) in table.items():
            yield key, zh
    yield from NOTICES_ZH.items()


@pytest.mark.parametrize(("key", "text"), list(_zh_texts()), ids=[k for k, _ in _zh_texts()])
def test_interface_words_follow_the_house_style(key: str, text: str) -> None:
    filled = re.sub(r"\{(\w+)\}", lambda m: str(SAMPLE.get(m.group(1), "样例")), text)
    # the keys a merchant types (? b s u q n y) are shown as themselves: read them as a word
    filled = re.sub(r"(?<![A-Za-z])[?bsuqny](?![A-Za-z])", "键", filled)
    assert list(problems_in(filled)) == [], (key, filled)
