"""A history for the terminal (rich): a row per capability with a column per date, the change and progress to
target, then the actions resolved and still open. Paragraphs are broken by `wrapping` (through the table report's
`_say`), and every text from the files is escaped for rich and the terminal (`table._x`)."""

from __future__ import annotations

import io
from typing import Any

from ..i18n import t
from .common import progress_share
from .history_common import (
    action_note,
    date_words,
    day_words,
    header_lines,
    other_merchants,
    rows,
    score,
    signed,
    target_words,
)
from .table import _say, _x


def render(history: Any, options: Any) -> str:
    from rich.console import Console
    from rich.table import Table

    lang = options.lang
    sep = "：" if lang == "zh" else ": "
    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=options.color, no_color=not options.color, width=options.width, highlight=False
    )
    width = options.width
    name = history.merchant.get("name") or "—"
    _say(console, f"[bold]{t('history_title', lang)}{sep}{_x(name)}[/bold]", width)
    _say(console, "  ".join(f"{label}{sep}{_x(value)}" for label, value in header_lines(history, lang)), width)
    note = other_merchants(history, lang)
    if note:
        _say(console, f"[yellow]{_x(note)}[/yellow]", width)
    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold", padding=(0, 1), collapse_padding=True)
    # On a narrow terminal the columns fold rather than end in `…` (the target stays whole), and a date column never
    # gets narrower than a score; a date's year is left out when every date shares it (the line above says it).
    table.add_column(t("capability", lang), justify="left", min_width=8)
    one_year = len({date[:4] for date in history.dates}) == 1
    for date in history.dates:
        words = day_words(date, lang) if one_year else date_words(date, lang)
        table.add_column(_x(words), justify="right", overflow="fold", min_width=5)
    table.add_column(t("history_change", lang), justify="right", overflow="fold", min_width=5)
    table.add_column(t("target", lang), justify="left", no_wrap=True, min_width=7)
    progress_head = t("progress" if width >= 90 else "history_progress_short", lang)
    table.add_column(progress_head, justify="right", no_wrap=True, min_width=5)
    for label, trend in rows(history, lang):
        change = trend["change"]
        style = "green" if change > 0 else "red" if change < 0 else ""
        shown = f"[{style}]{signed(change)}[/{style}]" if style else signed(change)
        target = target_words(trend, lang, short=width < 90) if "target" in trend else f"{trend['target_score']:g}"
        table.add_row(
            _x(label), *(score(s) for s in trend["scores"]), shown, _x(target), progress_share(trend["progress"])
        )
    console.print(table)
    overall_target = f"{t('target', lang)}{sep}{t('history_target_overall', lang)} {history.overall['target_score']:g}"
    _say(console, _x(overall_target), width)
    opening, closing = ("（", "）") if lang == "zh" else (" (", ")")
    for key, items in (("history_resolved", history.resolved), ("history_open", history.open)):
        console.print()
        _say(console, f"[bold]{t(key, lang)}[/bold]{opening}{len(items)}{closing}", width)
        if not items:
            _say(console, t("history_none", lang), width, "  ")
        for item in items:
            _say(console, _x(f"{item['title'][lang]}{opening}{action_note(item, lang)}{closing}"), width, "  · ")
    return buffer.getvalue()
