"""The terminal report (rich): score bars with level and target, coverage, FACT mix, flags, top actions."""

from __future__ import annotations

import io

from ..i18n import GROUPS, SEVERITIES, notice_text, pick, t
from ..report import Report
from .common import (
    PEER_COLUMNS,
    after,
    bar,
    because,
    change_words,
    compare_peers,
    fact_rows,
    footer,
    later_reason,
    level_name,
    level_text,
    merchant_lines,
    num,
    owner,
    pct,
    peer_rows,
    peers_head,
    progress_share,
    verdict,
    visible,
)

LEVEL_STYLES = {1: "red", 2: "dark_orange", 3: "yellow", 4: "green", 5: "bold green"}
SEVERITY_STYLES = {"critical": "bold red", "warning": "yellow", "info": "cyan"}


def _x(text: object) -> str:
    """Any text that did not come from this module, for rich: control characters, bidi marks and lone surrogates
    shown as escapes (a name must never clear the screen or set the title), and square brackets taken literally."""
    from rich.markup import escape

    return escape(visible(text))


def _say(console, markup: str, width: int, first: str = "", rest: str | None = None) -> None:
    """One paragraph of rich markup, broken into lines here rather than by rich: rich breaks only at spaces, so a
    Chinese sentence jumps whole to the next line and a line can start with `。`. `wrapping` breaks between Chinese
    characters, never before closing punctuation, and indents continuation lines under the text (`first` is markup
    too, e.g. a number; `rest` defaults to as many spaces as it is wide). A table piped elsewhere has a width no
    line reaches, so it stays unwrapped."""
    from rich.text import Text

    from ..wrapping import display_width, line_spans

    text, lead = Text.from_markup(markup), Text.from_markup(first)
    indent = " " * display_width(lead.plain) if rest is None else rest
    spans = line_spans(text.plain, width, display_width(lead.plain), display_width(indent)) or [(0, 0)]
    for number, (start, end) in enumerate(spans):
        console.print(Text.assemble(lead if number == 0 else indent, text[start:end]), soft_wrap=True)


def render(report: Report, options) -> str:
    from rich.console import Console
    from rich.table import Table

    lang = options.lang
    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=options.color, no_color=not options.color, width=options.width, highlight=False
    )
    sep = "：" if lang == "zh" else ": "
    header = "  ".join(f"{label}{sep}[bold]{_x(value)}[/bold]" for label, value in merchant_lines(report, lang))
    console.print(f"[bold]{t('report_title', lang)}[/bold]")
    _say(console, header, options.width)
    style = LEVEL_STYLES.get(report.level.id, "")
    console.print(
        f"{t('overall', lang)}{sep}[{style}]{num(report.score)}[/{style}] / 100 · "
        f"{level_name(report.level, lang)}"
        f"   {t('coverage', lang)}{sep}{pct(report.coverage)}"
    )
    width = options.width
    lines = verdict(report, lang)
    _say(console, _x(lines[0]), width, f"[bold]{t('verdict', lang)}[/bold]{sep}")
    for line in lines[1:]:
        _say(console, _x(line), width, "[bold red]![/bold red] ")
    if not report.complete:
        _say(console, f"[yellow]{t('incomplete', lang, n=len(report.missing), c=pct(report.coverage))}[/yellow]", width)
    if report.peers and report.peers["synthetic"]:  # a made-up benchmark says so at the top, never passing for real
        _say(console, f"[yellow]{t('peers_synthetic', lang)}[/yellow]", width)

    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    table.add_column(t("capability", lang))
    table.add_column(t("score", lang), justify="right")
    table.add_column("", no_wrap=True)
    table.add_column(t("level", lang))
    table.add_column(t("target", lang))
    table.add_column(t("coverage", lang), justify="right")
    for cap in report.capabilities:
        style = LEVEL_STYLES.get(cap.level.id, "")
        gap = f" (-{cap.gap})" if cap.gap else ""
        table.add_row(
            _x(cap.name(lang)),
            num(cap.score),
            f"[{style}]{bar(cap.score)}[/{style}]",
            _x(level_text(cap, lang)),
            f"L{cap.target.id}{gap}",
            pct(cap.coverage),
        )
    console.print()
    console.print(table)
    if report.peers:
        _peers(console, report, lang, width)

    console.print()
    if report.fact.total is None:
        console.print(f"[bold]{t('fact_mix', lang)}[/bold]{sep}{t('fact_unknown', lang)}")
    else:
        mix = "  ".join(f"{label} {value}" for label, value in fact_rows(report, lang))
        console.print(f"[bold]{t('fact_mix', lang)}[/bold]{sep}{mix}")
        if report.fact.normalised != report.fact.shares:
            console.print(f"[dim]{t('fact_total', lang, t=f'{report.fact.total:g}')}[/dim]")
    for flag in report.flags:
        if flag.red_line:
            continue  # already at the top, in the verdict
        style = SEVERITY_STYLES.get(flag.severity, "")
        _say(console, _x(flag.message(lang)), width, f"[{style}]● {pick(SEVERITIES[flag.severity], lang)}[/{style}] ")

    console.print()
    console.print(f"[bold]{t('actions', lang)}[/bold]")
    recs = report.recommendations if options.top is None else report.recommendations[: options.top]
    if not recs:
        _say(console, t("no_actions", lang), width)
    titles = {rec.id: rec.title(lang) for rec in report.recommendations}
    for index, rec in enumerate(recs, 1):  # each paragraph indented under the title, wrapped lines too
        _say(
            console,
            f"[bold]{_x(rec.title(lang))}[/bold]  "
            f"[dim]{rec.priority:g} · {pick(GROUPS[rec.group], lang)} · {t('days', lang, d=rec.horizon)} · "
            f"{_x(owner(rec.owner, lang))}[/dim]",
            width,
            f"{index:>2}. ",
        )
        if rec.after:
            _say(console, f"[yellow]{t('after', lang)}{sep}{_x(after(rec, titles, lang))}[/yellow]", width, "    ")
        _say(console, _x(rec.action(lang)), width, "    ")
        _say(console, f"[dim]{t('why', lang)}{sep}{_x(because(rec, lang))}[/dim]", width, "    ")
        _say(console, f"[dim]{t('watch', lang)}{sep}{_x(rec.metric(lang))}[/dim]", width, "    ")
    hidden = len(report.recommendations) - len(recs)
    if hidden > 0:
        _say(console, f"[dim]{t('more_actions', lang, n=hidden)}[/dim]", width)
    if report.later:
        console.print()
        console.print(f"[bold]{t('later', lang)}[/bold] ({len(report.later)})")
        for rec in report.later:
            reason = f"（{later_reason(rec, lang)}）" if lang == "zh" else f" ({later_reason(rec, lang)})"
            _say(console, f"{_x(rec.title(lang))}[dim]{_x(reason)}[/dim]", width, "  · ")
    for text in dict.fromkeys(notice_text(n.code, n.message, lang) for n in report.notices):
        _say(console, f"[dim]{_x(text)}[/dim]", width, "[dim]! [/dim]")
    _say(console, f"[dim]{_x(footer(report, lang))}[/dim]", width)
    return buffer.getvalue()


def _peers(console, report: Report, lang: str, width: int) -> None:
    """The 同行对比 block: which peers, the overall standing, then one row per capability."""
    from rich.table import Table

    console.print()
    console.print(f"[bold]{t('peers_title', lang)}[/bold]")
    for line in peers_head(report.peers, lang):
        _say(console, _x(line), width)
    _peer_table(console, [t(key, lang) for key in PEER_COLUMNS], peer_rows(report, lang), Table)


def _peer_table(console, heads: list[str], rows: list[tuple[str, ...]], table_class) -> None:
    from ..wrapping import display_width

    table = table_class(show_edge=False, pad_edge=False, box=None, header_style="bold")
    for index, head in enumerate(heads):  # a name stays whole; a head wraps between its words, never inside one
        widest = max(display_width(word) for word in head.split())
        table.add_column(head, justify="right" if index else "left", no_wrap=not index, min_width=widest)
    for row in rows:
        table.add_row(*(_x(cell) for cell in row))
    console.print(table)


def render_compare(comparison: dict, options) -> str:
    from rich.console import Console
    from rich.table import Table

    lang = options.lang
    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=options.color, no_color=not options.color, width=options.width, highlight=False
    )
    overall = comparison["overall"]
    name = comparison["new"]["merchant"].get("name") or "—"
    console.print(f"[bold]{t('compare_title', lang)}[/bold]: {_x(name)}")
    if ((comparison.get("peers") or {}).get("new") or {}).get("synthetic"):  # a made-up benchmark, said at the top
        console.print(f"[yellow]{t('peers_synthetic', lang)}[/yellow]")
    if not comparison["same_merchant"]:
        console.print(f"[yellow]{t('other_merchant', lang)}[/yellow]")
    style = "green" if overall["delta"] >= 0 else "red"
    console.print(
        f"{t('overall', lang)}: {overall['old']:.1f} → {overall['new']:.1f} "
        f"[{style}]({overall['delta']:+.1f})[/{style}]"
    )
    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    for key in ("capability", "before", "after_label", "delta", "target", "progress"):
        table.add_column(t(key, lang), justify="left" if key == "capability" else "right")
    for cap in comparison["capabilities"]:
        style = "green" if cap["delta"] > 0 else "red" if cap["delta"] < 0 else ""
        share = progress_share(cap["progress"])
        delta = f"[{style}]{cap['delta']:+.1f}[/{style}]" if style else f"{cap['delta']:+.1f}"
        table.add_row(
            _x(cap["name"][lang]), f"{cap['old']:.1f}", f"{cap['new']:.1f}", delta, f"L{cap['target']['id']}", share
        )
    console.print(table)
    for key in ("resolved", "new_actions"):
        items = comparison[key]
        console.print(f"\n[bold]{t(key, lang)}[/bold] ({len(items)})")
        for item in items:
            console.print(f"  · {_x(item['title'][lang])}")
    console.print(f"\n[bold]{t('changed_answers', lang)}[/bold] ({len(comparison['changed_answers'])})")
    for change in comparison["changed_answers"]:
        label, was, now = change_words(change, lang)
        console.print(f"  · {_x(label)}{'：' if lang == 'zh' else ': '}{_x(was)} → {_x(now)}")
    peers = compare_peers(comparison, lang)
    if peers is not None:
        lines, heads, rows = peers
        console.print(f"\n[bold]{t('peers_title', lang)}[/bold]")
        for line in lines:
            console.print(_x(line))
        _peer_table(console, heads, rows, Table)
    return buffer.getvalue()
