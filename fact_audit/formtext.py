"""The questionnaire for a form tool, and the map file a consultant starts from, both in the merchant's language.

`form_text` is plain numbered text that form builders' text import takes (问卷星's 批量导入 reads a numbered
question line and its options on the lines below; a question without option lines is a fill-in): merchant
details first, then every asked question. The tool then exports each question line as its column heading and
each ticked option line as the cell, which `formmap.FormMap` reads back by itself: the numbering and our markers
(`（多选）`, `（填数字，单位：%）`) are stripped, the option lines are the rubric's option texts.
`map_template` is the YAML map (`batch --map`) with every question's text as the key of its column.
"""

from __future__ import annotations

import json

from .formmap import FORM_MERCHANT, NONE_OF_THESE, NOT_APPLICABLE
from .i18n import PLATFORM_NAMES, UNITS
from .model import PLATFORMS, Question, RubricSet, Section

# Every word of the two texts and of the batch warning, (zh, en); the zh ones follow the house style (a test).
WORDS: dict[str, tuple[str, str]] = {
    "title": ("商家自播八项能力诊断问卷", "Merchant self-broadcast capability questionnaire"),
    "intro": (
        "每道题选最符合你们现在做法的一项；多选题勾上所有做到了的；填数字的题只填数字，不清楚就写“不清楚”。",
        "Pick the option closest to what you do today; tick every line that applies in multiple-choice questions; "
        "answer number questions with a number, or write “don't know”.",
    ),
    "multi": ("（多选）", " (multiple choice)"),
    "number": ("（填数字，单位：{unit}）", " (number, in {unit})"),
    "number_plain": ("（填数字）", " (number)"),
    "yes": ("是", "Yes"),
    "no": ("否", "No"),
    "map_intro": (
        "表单对照表：把表单工具导出文件的列标题对到题库的题目上，一张表单写一次，以后每次导出都能用。\n"
        "用法：fact-audit batch 导出的文件 --map 本文件 --out 结果文件夹\n"
        "冒号左边是导出文件里的列标题，照原样复制，带不带题号都行；右边是这一列对应的题目，不要改。\n"
        "店铺信息那几列，右边写店铺名称、经营平台、经营阶段、主营类目之一。\n"
        "用不到的列（提交时间、来源渠道等）右边写“忽略”；不写也行，运行时会把它们列出来提醒一次。\n"
        "表单里的选项文字和题库不一样时，在最后的“选项”下面，按题目写上选项文字和对应的选项代码，写法见最后的例子，"
        "选项代码见答卷模板。",
        "Form map: ties the column headings of a form tool's export to the questions, written once per form.\n"
        "Use: fact-audit batch EXPORT.csv --map THIS_FILE --out RESULTS_FOLDER\n"
        "Left of the colon: the export's column heading, copied as it is (with or without its number); right: the\n"
        "question it answers (keep it). Merchant columns take merchant.name, merchant.platform, merchant.stage or\n"
        "merchant.category. Columns you do not need (submitted at, source…) take ignore; left out, they are listed\n"
        "once when the batch runs. Where the form's option texts differ from the rubric's, add them under options:\n"
        "question id, then `option text: option id` (the ids are in `fact-audit template`).",
    ),
    "map_merchant": ("店铺信息", "Merchant details"),
    "map_options_example": (
        '例如（把“题目代码”换成上面列里的题目）：\n题目代码:\n  "表单里的选项文字": 选项代码',
        'for example:\ngoods.item_margin:\n  "the form\'s option text": guess',
    ),
    "unmapped": (
        "提示：{file} 有 {n} 列没有对上题目，已跳过：{names}。如果这些列要计分，请写一份表单对照表，用 --map 指定"
        "（可用 fact-audit template --format map 生成）。",
        "note: {file}: {n} column(s) match no question and were skipped: {names}. If they should count, map them in "
        "a file given with --map (start from `fact-audit template --format map`).",
    ),
}
# The platform lines: words `answers.platform_id` reads back (the report's name for Channels has brackets).
_PLATFORM_OPTIONS = {**PLATFORM_NAMES, "channels": ("视频号", "WeChat Channels")}
_KIND = {"single": ("单选", "single choice"), "multi": ("多选", "multiple choice"), "scale": ("单选", "single choice"),
         "number": ("填数字", "number"), "yesno": ("是或否", "yes or no")}  # fmt: skip


def word(name: str, lang: str, **values: object) -> str:
    """One of `WORDS` in the chosen language, its `{placeholders}` filled."""
    text = WORDS[name][0 if lang == "zh" else 1]
    return text.format(**values) if values else text


def _sections(rubric: RubricSet, only: list[str] | None) -> list[Section]:
    return [s for s in rubric.sections() if not only or s.kind == "context" or s.id in only]


def _view(rubric: RubricSet, platform: str | None) -> RubricSet:
    from .variants import view

    return view(rubric, platform, None, None)  # no platform: the neutral base texts


def question_line(question: Question, lang: str) -> str:
    """A question's line in the form, without its number: the text and our marker for its kind."""
    text = question.text(lang)
    if question.type == "multi":
        return text + word("multi", lang)
    if question.type == "number":
        units = UNITS.get(question.unit or "")
        if units:
            return text + word("number", lang, unit=units[0 if lang == "zh" else 1])
        return text + word("number_plain", lang)
    return text


def option_lines(question: Question, lang: str) -> list[str]:
    """The lines under a question: its options, a scale's five descriptions, 是/否; none for a number."""
    if question.type in ("single", "multi"):
        lines = [option.text(lang) for option in question.options]
    elif question.type == "scale":
        lines = [level(lang) for level in question.levels]
    elif question.type == "yesno":
        lines = [word("yes", lang), word("no", lang)]
    else:
        lines = []
    if question.type == "multi":
        lines.append(NONE_OF_THESE[0 if lang == "zh" else 1])
    elif lines and question.allow_na:
        lines.append(NOT_APPLICABLE[0 if lang == "zh" else 1])
    return [" ".join(line.split()) for line in lines]  # one physical line each


def form_text(rubric: RubricSet, lang: str, only: list[str] | None = None, platform: str | None = None) -> str:
    """The questionnaire as numbered plain text: `N、question` (zh) or `N. question` (en), one option a line, a
    blank line between questions."""
    i = 0 if lang == "zh" else 1
    rubric = _view(rubric, platform)
    stages = [(p.name.zh, p.name.en)[i] for p in rubric.profiles.values()]
    platforms = [_PLATFORM_OPTIONS.get(p, (p, p))[i] for p in PLATFORMS]
    blocks: list[tuple[str, list[str]]] = [
        (FORM_MERCHANT["name"][i], []),
        (FORM_MERCHANT["platform"][i], platforms),
        (FORM_MERCHANT["stage"][i], stages),
        (FORM_MERCHANT["category"][i], []),
    ]
    for section in _sections(rubric, only):
        blocks += [(question_line(q, lang), option_lines(q, lang)) for q in section.questions if q.asked]
    out = [word("title", lang), word("intro", lang), ""]
    for number, (line, options) in enumerate(blocks, 1):
        out.append(f"{number}、{line}" if lang == "zh" else f"{number}. {line}")
        out += options
        out.append("")
    return "\n".join(out)


def map_template(rubric: RubricSet, lang: str, only: list[str] | None = None, platform: str | None = None) -> str:
    """A map file to start from: every column as our form names it, each question's kind in a comment."""
    i = 0 if lang == "zh" else 1
    rubric = _view(rubric, platform)
    out = [f"# {line}" for line in word("map_intro", lang).splitlines()]
    out.append("列:" if lang == "zh" else "columns:")
    out.append(f"  # ══ {word('map_merchant', lang)} ══")
    for field, names in FORM_MERCHANT.items():
        out.append(f"  {_quoted(names[i])}: {names[0] if lang == 'zh' else 'merchant.' + field}")
    for section in _sections(rubric, only):
        out.append("")
        out.append(f"  # ══ {section.name(lang)} ══")
        for q in section.questions:
            if q.asked:
                out.append(f"  # {_KIND[q.type][i]}")
                out.append(f"  {_quoted(q.text(lang))}: {q.id}")
    out.append("")
    out.append("选项:" if lang == "zh" else "options:")
    out += [f"  # {line}" for line in word("map_options_example", lang).splitlines()]
    return "\n".join(out) + "\n"


def _quoted(text: str) -> str:
    """A YAML key that holds any text: JSON's double-quoted string is a YAML one."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)
