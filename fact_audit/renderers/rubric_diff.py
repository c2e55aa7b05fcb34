"""Rubric diffs (`fact-audit rubrics diff`): text for a terminal, JSON for tools, Markdown for a PR comment.

Each format is one function `render_<format>(result, capabilities, lang=None) -> str` (see `DIFF_REGISTRY`) taking
a `fact_audit.diff.RubricDiff` — used, not imported, so the diff module can call its renderers without an import
circle — and the capability ids in column order. The human formats are written in `lang` (default: the diff's own
`lang`, set from `--lang`): a reworded text shows the chosen language's old and new wording, and when only the other
language changed it says so and quotes that one, never two identical lines. JSON carries both languages. Every
format ends in a newline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..i18n import LABELS, t
from ..safetext import visible

NO_MOVE = "·"  # a score that does not move
WORDS = {  # the fixed words a change's detail may be, and their label keys
    "added": "diff_word_added",
    "removed": "diff_word_removed",
    "dropped": "diff_word_dropped",
    "no migration entry": "diff_word_no_migration",
    "recommendation": "diff_word_recommendation",
    "weights or targets changed": "diff_word_profile",
    "order": "diff_word_order",
    **{kind: f"diff_word_{kind}" for kind in ("single", "multi", "scale", "number", "yesno")},
}


def render_json(result: Any, capabilities: list[str], lang: str | None = None) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_text(result: Any, capabilities: list[str], lang: str | None = None) -> str:
    lang = _lang(result, lang)
    lines = [
        t("diff_title", lang, old=result.old, new=result.new),
        "",
        t("diff_content", lang, n=len(result.changes)),
    ]
    lines += [f"  {_padded(_kind(c, lang), 11)} {c.target}  {detail(c, lang, visible)}" for c in result.changes]
    if not result.changes:
        lines.append(t("diff_no_content", lang))
    lines += ["", t("diff_scores", lang, n=len(result.merchants))]
    keys = ["overall", *capabilities]
    for merchant in result.merchants:
        label = visible(_label(merchant))
        if merchant.error:
            lines.append(f"  {label}: {visible(merchant.error)}")
            continue
        cells = zip(keys, _cells(merchant, keys), strict=True)
        moves = [f"{_key(key, lang)} {cell}" for key, cell in cells if cell != NO_MOVE]
        lines.append(f"  {label}: {', '.join(moves) or t('diff_no_move', lang)}")
    lines += ["", _largest(result, lang)]
    return "\n".join(lines) + "\n"


def render_markdown(result: Any, capabilities: list[str], lang: str | None = None) -> str:
    from .common import md_text

    lang = _lang(result, lang)
    lines = [
        f"## {t('diff_title', lang, old=result.old, new=result.new)}",
        "",
        f"### {t('diff_content', lang, n=len(result.changes))}",
        "",
    ]
    if result.changes:
        head = (t("diff_col_change", lang), t("diff_col_item", lang), t("diff_col_detail", lang))
        lines += [f"| {head[0]} | {head[1]} | {head[2]} |", "|---|---|---|"]
        for c in result.changes:  # a rubric's own words are escaped whole (md_text), the tool's fixed ones per cell
            cell = detail(c, lang, md_text) if c.kind == "reworded" and c.field else _cell(detail(c, lang))
            lines.append(f"| {_kind(c, lang)} | `{c.target}` | {cell} |")
    else:
        lines.append(t("diff_no_content", lang))
    lines += ["", f"### {t('diff_scores', lang, n=len(result.merchants))}", ""]
    keys = ["overall", *capabilities]
    lines += [
        f"| {t('diff_col_merchant', lang)} | " + " | ".join(_key(k, lang) for k in keys) + " |",
        "|---|" + "---:|" * len(keys),
    ]
    for merchant in result.merchants:
        label = _cell(_label(merchant))
        if merchant.error:
            lines.append(f"| {label} | {_cell(merchant.error)} |")
        else:
            lines.append(f"| {label} | " + " | ".join(_cells(merchant, keys)) + " |")
    lines += ["", _largest(result, lang)]
    return "\n".join(lines) + "\n"


def detail(change: Any, lang: str, escape: Any = str) -> str:
    """A change's detail in `lang`. A reworded text: the chosen language's old → new wording; if only the other
    language changed, which one did and its wording (a Chinese-only edit never reads as two identical lines).
    `escape` makes the rubric's own words safe for the format (they come from a pull request)."""
    if change.kind != "reworded" or not change.field:
        key = WORDS.get(change.detail)
        return t(key, lang) if key else change.detail
    changed = change.changed()
    shown = lang if lang in changed else (changed[0] if changed else lang)
    old, new = (escape(_quoted(side.get(shown, ""), lang)) for side in (change.old, change.new))
    field, _, option = change.field.partition(":")
    prefix = ""
    if field != "text" or lang == "zh":
        name = t(f"diff_field_{field}", lang) if f"diff_field_{field}" in LABELS else field
        name = f"{name} {option}" if option else name
        prefix = f"{name}：" if lang == "zh" else f"{name}: "
    if shown == lang:
        return f"{prefix}{old} → {new}"
    return prefix + t("diff_other_changed", lang, which=t(f"diff_lang_{shown}", lang), old=old, new=new)


def _quoted(text: str, lang: str) -> str:
    return f"“{text}”" if lang == "zh" else repr(text)


def _lang(result: Any, lang: str | None) -> str:
    return lang or getattr(result, "lang", None) or "en"


def _kind(change: Any, lang: str) -> str:
    key = f"diff_kind_{change.kind}"
    return t(key, lang) if key in LABELS else change.kind


def _padded(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns: a Chinese character takes two, so the ids line up in both."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 0)


def _key(key: str, lang: str) -> str:
    """A score column: `overall` in the reader's language, capability ids as they are."""
    return t("diff_col_overall", lang) if key == "overall" else key


def _label(merchant: Any) -> str:
    return merchant.name or Path(merchant.source).name


def _cells(merchant: Any, keys: list[str]) -> list[str]:
    """`old→new (±delta)` for each key whose score moves, `·` for the others."""
    deltas = merchant.deltas()
    return [
        f"{merchant.old.get(k, 0):.1f}→{merchant.new.get(k, 0):.1f} ({deltas[k]:+.1f})" if deltas.get(k) else NO_MOVE
        for k in keys
    ]


def _cell(text: str) -> str:
    """Text inside a Markdown table cell: a `|` would end the cell, a line break the row."""
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _largest(result: Any, lang: str) -> str:
    return t("diff_largest", lang, x=f"{result.largest():.1f}")
