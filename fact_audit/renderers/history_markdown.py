"""A history as Markdown: one table row per capability with a column per date, then the actions resolved and still
open. Everything from the files goes through `common.md_text`, so a name cannot open a block or a link."""

from __future__ import annotations

from typing import Any

from ..i18n import t
from ..safetext import visible
from .common import md_text, progress_share
from .history_common import (
    action_note,
    date_words,
    header_lines,
    other_merchants,
    rows,
    score,
    signed,
    target_words,
)


def _count(n: int, lang: str) -> str:
    return f"（{n}）" if lang == "zh" else f" ({n})"


def render(history: Any, options: Any) -> str:
    lang = options.lang
    sep = "：" if lang == "zh" else ": "
    name = history.merchant.get("name") or "—"
    out = [f"# {t('history_title', lang)}{sep}{md_text(name)}\n"]
    out.extend(f"- **{label}**{sep}{md_text(value)}" for label, value in header_lines(history, lang))
    note = other_merchants(history, lang)
    if note:
        out.append(f"\n> {md_text(note)}")
    heads = [
        t("capability", lang),
        *(date_words(d, lang) for d in history.dates),
        t("history_change", lang),
        t("target", lang),
        t("progress", lang),
    ]
    out.append("\n| " + " | ".join(heads) + " |")
    out.append("|---|" + "---:|" * len(history.dates) + "---:|---|---:|")
    for label, trend in rows(history, lang):
        target = target_words(trend, lang) if "target" in trend else f"{trend['target_score']:g}"
        cells = [md_text(label), *(score(s) for s in trend["scores"]), signed(trend["change"]), md_text(target)]
        out.append("| " + " | ".join([*cells, progress_share(trend["progress"])]) + " |")
    out.append(f"\n{t('target', lang)}{sep}{t('history_target_overall', lang)} {history.overall['target_score']:g}")
    for key, items in (("history_resolved", history.resolved), ("history_open", history.open)):
        out.append(f"\n## {t(key, lang)}{_count(len(items), lang)}\n")
        if not items:
            out.append(t("history_none", lang))
        opening, closing = ("（", "）") if lang == "zh" else (" (", ")")
        out.extend(f"- {md_text(item['title'][lang])}{opening}{action_note(item, lang)}{closing}" for item in items)
    return visible("\n".join(out).rstrip(), keep_newlines=True) + "\n"
