"""Answers in the merchant's words: why an action fired, what a computed value is made of.

A report must never show `content.avg_watch_time = 0.6`; it says "你们填写的人均观看时长是 0.6 分钟（……）". These
sentences are built here, in the core, in both languages, so every renderer shows the same reasons and the JSON
carries them too (`because[].text`).
"""

from __future__ import annotations

import re
from typing import Any

from .i18n import UNITS, pick
from .model import UNKNOWN, Question, Text

_PLACEHOLDER = r"\{([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)\}"


_LATIN_EDGE = r"([\u4e00-\u9fff])([A-Za-z0-9])|([A-Za-z0-9%])([\u4e00-\u9fff])"  # compiled on first use by `re`


def spaced(text: str) -> str:
    """The house style where a label meets Chinese: one space between Chinese and Latin letters or digits (大V is
    written as one word, as everyone in the trade writes it)."""
    parts = text.split("大V")
    return "大V".join(re.sub(_LATIN_EDGE, lambda m: f"{m[1]} {m[2]}" if m[1] else f"{m[3]} {m[4]}", p) for p in parts)


def number(value: Any) -> str:
    """A number as people write it: no trailing zeros, at most two decimals."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def with_unit(question: Question, value: Any, lang: str) -> str:
    """A value with its unit as a report writes it: 30%, 0.6 分钟, 2.6 倍, 0.6 min; a count stands alone."""
    if question.unit == "count":
        return number(value)
    unit = pick(UNITS.get(question.unit or "", ("", "")), lang)
    return number(value) + (unit if unit in ("%", "‰", "×") or not unit else f" {unit}")


def fill(template: Text, values: dict[str, Any]) -> Text:
    """An `explain` text with its {question.id} placeholders replaced by the answers (— where there is none)."""

    def one(text: str) -> str:
        return re.sub(_PLACEHOLDER, lambda m: number(values[m.group(1)]) if m.group(1) in values else "—", text)

    return Text(one(template.zh), one(template.en))


def answer_text(question: Question, value: Any, values: dict[str, Any]) -> Text:
    """One sentence: what the merchant answered to `question`, and what that means."""
    label = question.label
    if value == UNKNOWN:
        return Text(f"{label.zh}：你们填写的是“不清楚”", f"{label.en}: you answered “don't know”")
    kind = question.type
    if kind == "number":
        band = question.band_for(value)
        if question.explain is not None:
            shown = fill(question.explain, values)
            return Text(f"{shown.zh}（{band.label.zh}）", f"{shown.en} ({band.label.en})")
        return Text(
            spaced(f"你们填写的{label.zh}是 ") + f"{with_unit(question, value, 'zh')}（{band.label.zh}）",
            f"Your {label.en}: {with_unit(question, value, 'en')} ({band.label.en})",
        )
    if kind == "single":
        option = question.option(value)
        chosen = option.text if option else Text(str(value), str(value))
        return Text(f"{label.zh}：你们选的是“{chosen.zh}”", f"{label.en}: you chose “{chosen.en}”")
    if kind == "multi":
        missing = [item.text for item in question.options if item.score > 0 and item.id not in value]
        if not value:
            return Text(f"{label.zh}：一项都还没有做", f"{label.en}: none of these in place yet")
        shown = missing[:3]
        more_zh = f"等 {len(missing)} 项" if len(missing) > 3 else ""
        more_en = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        return Text(
            f"{label.zh}：还没有做到" + "、".join(f"“{t.zh}”" for t in shown) + more_zh,
            f"{label.en}: not yet in place: " + "; ".join(f"“{t.en}”" for t in shown) + more_en,
        )
    if kind == "scale":
        level = question.levels[int(value)] if 0 <= int(value) < len(question.levels) else Text("", "")
        return Text(
            f"{label.zh}：你们的自评是 {int(value)} 级（共 4 级），“{level.zh}”",
            f"{label.en}: you rated {int(value)} of 4, “{level.en}”",
        )
    # a yes/no label alone ("账号和私域归属：否") leaves the merchant guessing which way round: say the question
    text = question.text
    return Text(
        f"{text.zh.rstrip()}你们答的是“{'是' if value else '否'}”",
        f"{text.en.rstrip()} You answered “{'yes' if value else 'no'}”",
    )


def answer_words(question: Question | None, value: Any, lang: str) -> str:
    """An answer as the merchant gave it, in words — option texts, 是/否, a number with its unit — never ids."""
    zh = lang == "zh"
    if value is None:
        return "未作答" if zh else "not answered"
    if value == UNKNOWN:
        return "不清楚" if zh else "don't know"
    if value == "n/a":
        return "不适用" if zh else "n/a"
    if isinstance(value, bool):
        return ("是" if value else "否") if zh else ("yes" if value else "no")
    if question is None:
        return str(value)
    if question.type == "single":
        option = question.option(str(value))
        return option.text(lang) if option else str(value)
    if question.type == "multi" and isinstance(value, list):
        texts = [o.text(lang) for o in question.options if o.id in value]
        return ("、" if zh else "; ").join(texts) or ("一项都没有" if zh else "none")
    if question.type == "number" and isinstance(value, (int, float)):
        return with_unit(question, value, lang)
    if question.type == "scale" and isinstance(value, int):
        return f"{value} 级（共 4 级）" if zh else f"{value} of 4"
    return str(value)
