"""Fillable answers files (YAML with every question as a comment, or JSON) and the answers JSON Schema."""

from __future__ import annotations

import json
from typing import Any

from .answers import FORMAT, PLATFORM_WORDS, STAGE_WORDS
from .i18n import PLATFORM_NAMES, UNITS, pick
from .model import NA, PLATFORMS, UNKNOWN, Question, RubricSet, Section

INTRO = {
    "zh": [
        "fact-audit 答卷：商家自播八项能力诊断",
        "在每道题的冒号后填写答案；还没答的留空；不知道写 unknown；标明可不适用的题可写 n/a。",
        "填完后运行：fact-audit score 本文件名",
    ],
    "en": [
        "fact-audit answers file: the eight capabilities of merchant self-broadcast",
        "Write each answer after the colon; leave it blank if not answered yet; write unknown if you do not know;",
        "n/a only where the question allows it. Then run: fact-audit score THIS_FILE",
    ],
}
TYPE_HINT = {
    "single": ("单选：填一个选项代码", "single choice: write one option code"),
    "multi": (
        "多选：填选项代码的列表，如 [a, b]；都没有填 []",
        "checklist: write a list of codes such as [a, b]; [] for none",
    ),
    "scale": ("0–4 分：填一个整数", "0-4 scale: write one whole number"),
    "number": ("数字", "number"),
    "yesno": ("是否：填 是 或 否", "yes/no: write true or false"),
}
PLATFORM_LABELS = {**PLATFORM_NAMES, "channels": ("视频号、微信小店", "WeChat Channels")}  # no nested brackets
NA_OK = ("；不适用可写 n/a", "; n/a ok")
REQUIRED = ("必填", "required")


def _choices(lang: str, ids: tuple[str, ...], names: dict[str, tuple[str, str]]) -> str:
    """`必填：douyin（抖音）| …` — the ids the field takes, each with its name in the file's language."""
    i = 0 if lang == "zh" else 1
    if lang == "zh":
        listed = " | ".join(f"{id}（{names[id][0]}）" if id in names else id for id in ids)
        return f"{REQUIRED[i]}：{listed}"
    return f"{REQUIRED[i]}: " + " | ".join(f"{id} ({names[id][1]})" if id in names else id for id in ids)


def _selected(rubric: RubricSet, only: list[str] | None) -> list[Section]:
    sections = rubric.sections()
    if only:
        sections = [s for s in sections if s.id in only or s.kind == "context"]
    return sections


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _comment_lines(q: Question, lang: str, platform: str | None) -> list[str]:
    i = 0 if lang == "zh" else 1
    lines = [f"{q.id}: {q.text(lang)}", f"  {TYPE_HINT[q.type][i]}" + (NA_OK[i] if q.allow_na else "")]
    if q.when is not None:
        lines.append(
            "  （按前面的回答决定要不要填；不需要时留空）"
            if lang == "zh"
            else "  (asked only for some earlier answers)"
        )
    for part in q.help(lang).splitlines():
        lines.append(f"  {part}")
    where = q.where.get(platform or "")
    if where is not None:  # the merchant's own platform only
        lines.append(("  在哪里看：" if lang == "zh" else "  Where to find it: ") + where(lang))
    if q.type in ("single", "multi"):
        for option in q.options:
            lines.append(f"  - {option.id}: {option.text(lang)}")
    elif q.type == "scale":
        for level, text in enumerate(q.levels):
            lines.append(f"  {level} = {text(lang)}")
    elif q.type == "number" and q.range:
        unit = pick(UNITS.get(q.unit or "", (q.unit or "",) * 2), lang)
        span = f"{_fmt(q.range[0])}–{_fmt(q.range[1])}"
        if lang == "zh":
            lines.append(f"  单位：{unit}，范围 {span}" + ("（写 12 或 12% 都行）" if q.unit == "percent" else ""))
        else:
            lines.append(f"  {unit}, {span}" + (" (12 or 12%)" if q.unit == "percent" else ""))
    return lines


def yaml_template(
    rubric: RubricSet,
    lang: str,
    only: list[str] | None = None,
    schema_ref: str | None = None,
    platform: str | None = None,
) -> str:
    """The fillable YAML file: a blank answers document written by the one answers writer into `yaml_layout`, so a
    template, a filled-in interview file and a migrated file share one layout."""
    from .answers_writer import write_answers

    blank = {
        "format": FORMAT,
        "rubric": rubric.ref,
        "merchant": {"platform": platform or None},  # every other field blank: nothing typed yet
        "answers": {},
    }
    return write_answers(blank, yaml_layout(rubric, lang, only, schema_ref, platform), lang=lang)


def yaml_layout(
    rubric: RubricSet,
    lang: str,
    only: list[str] | None = None,
    schema_ref: str | None = None,
    platform: str | None = None,
) -> str:
    """Every question of the set as a comment above its blank key line, in `lang`, with `platform`'s own words."""
    from .variants import view

    rubric = view(rubric, platform, None, None)  # the platform's own words and tools; none given: the neutral ones
    out: list[str] = []
    if schema_ref:
        out.append(f"# yaml-language-server: $schema={schema_ref}")
    out += [f"# {line}" for line in INTRO[lang]]
    out.append(f"format: {FORMAT}")
    out.append(f"rubric: {rubric.ref}")
    out.append("merchant:")
    out.append("  name:".ljust(24) + "# " + ("店铺或品牌名" if lang == "zh" else "shop or brand name"))
    out.append(f"  platform: {platform or ''}".ljust(24) + "# " + _choices(lang, PLATFORMS, PLATFORM_LABELS))
    stages = {pid: (p.name.zh, p.name.en) for pid, p in rubric.profiles.items()}
    out.append("  stage:".ljust(24) + "# " + _choices(lang, tuple(rubric.profiles), stages))
    out.append(
        "  category:".ljust(24)
        + "# "
        + ("主营类目，如 食品、服饰、美妆" if lang == "zh" else "main category, e.g. food, apparel, beauty")
    )
    out.append(
        "  date:".ljust(24)
        + "# "
        + ("这些数字对应的日期，如 2026-11-30" if lang == "zh" else "the date the numbers describe, e.g. 2026-11-30")
    )
    out.append("answers:")
    for section in _selected(rubric, only):
        out.append("")
        out.append(f"  # ══ {section.name(lang)} ══")
        for q in section.questions:
            if not q.asked:
                continue  # worked out from the other answers
            for line in _comment_lines(q, lang, platform):
                out.append(f"  # {line}".rstrip())
            out.append(f"  {q.id}:")
    out.append("")
    out.append(
        "notes:   # "
        + (
            "可选：每题的证据或备注，每行一条，写在下面，如："
            if lang == "zh"
            else "optional evidence per question, one a line below, e.g.:"
        )
    )
    out.append("  # goods.sell_through: " + ("6 月库存表" if lang == "zh" else "June stock report"))
    return "\n".join(out) + "\n"


def json_template(
    rubric: RubricSet, only: list[str] | None = None, schema_ref: str | None = None, platform: str | None = None
) -> str:
    document: dict[str, Any] = {}
    if schema_ref:
        document["$schema"] = schema_ref
    document.update(
        {
            "format": FORMAT,
            "rubric": rubric.ref,
            "merchant": {
                "name": "",
                "platform": platform or "",
                "stage": "",
                "category": "",
                "date": "",
            },
            "answers": {q.id: None for s in _selected(rubric, only) for q in s.questions if q.asked},
            "notes": {},
        }
    )
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _value_schema(q: Question) -> dict[str, Any]:
    special: list[Any] = [UNKNOWN, NA] if q.allow_na else [UNKNOWN]
    if q.type == "single":
        value: dict[str, Any] = {"enum": [o.id for o in q.options]}
    elif q.type == "multi":
        value = {"type": "array", "uniqueItems": True, "items": {"enum": [o.id for o in q.options]}}
    elif q.type == "scale":
        value = {"type": "integer", "minimum": 0, "maximum": 4}
    elif q.type == "number":
        low, high = q.range or (None, None)
        value = {"type": "integer" if q.integer else "number", "minimum": low, "maximum": high}
        if q.unit == "percent":
            value = {"anyOf": [value, {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*%\s*$"}]}
    else:
        value = {"type": "boolean"}
    return {
        "description": f"{q.text.zh} / {q.text.en}",
        "anyOf": [value, {"enum": special}, {"type": "null"}],
    }


def _stage_words(rubric: RubricSet) -> list[str]:
    """Every word `merchant.stage` takes: the profile ids, their names, the common words for them."""
    words: list[str] = []
    for pid, profile in rubric.profiles.items():
        for word in (pid, profile.name.zh, profile.name.en, *STAGE_WORDS.get(pid, ())):
            if word not in words:
                words.append(word)
    return words


def answers_schema(rubric: RubricSet) -> dict[str, Any]:
    """A JSON Schema (2020-12) for answers files of this rubric set, for editors and form tools."""
    questions = {q.id: _value_schema(q) for s in rubric.sections() for q in s.questions}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"fact-audit answers for {rubric.ref}",
        "type": "object",
        "required": ["answers"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string"},
            "format": {"const": FORMAT},
            "rubric": {"type": "string"},
            "merchant": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "name": {"type": ["string", "null"]},
                    "platform": {
                        "enum": [*PLATFORMS, *(w for p in PLATFORMS for w in PLATFORM_WORDS.get(p, ())), None]
                    },
                    "stage": {"enum": [*_stage_words(rubric), None]},
                    "category": {"type": ["string", "null"]},
                    "date": {"type": ["string", "null"]},
                    "consultant": {"type": ["string", "null"]},
                },
            },
            "answers": {"type": ["object", "null"], "additionalProperties": False, "properties": questions},
            "notes": {
                "type": ["object", "null"],
                "propertyNames": {"enum": list(questions)},
                "additionalProperties": {"type": ["string", "null"]},
            },
        },
    }
