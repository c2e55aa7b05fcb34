"""A history as a self-contained HTML page: the client report's look (`html.CSS`, `html.e`), a small line chart per
capability in inline SVG (the score at each date, the target as a dashed line, the dates on the axis), the numbers
as a table, and the actions resolved and still open. No script, nothing fetched; a phone stacks the charts."""

from __future__ import annotations

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
    year_words,
)
from .html import CSS, e

HISTORY_CSS = (
    ".trend svg{width:100%;height:auto;display:block}.trend h2{font-size:1rem;margin:0 0 4px}"
    ".trend .small{margin:0}.scroll{overflow-x:auto;max-width:100%}.meta span{white-space:normal}"
    ".numbers td,.numbers th{white-space:nowrap}.up{color:#2e8b57}.down{color:#d9534f}"
    "ul.acts{margin:0;padding-left:1.2em}ul.acts li{margin:4px 0}"
)
# The chart's frame, in SVG units: the plot runs from LEFT to RIGHT and from TOP (100 points) to BOTTOM (0).
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 320, 170, 34, 302, 18, 124
INSET = 18  # the first and last points sit this far inside the plot, clear of the axis numbers
MAX_LABELS = 6  # dates named on an axis at most; with more, every k-th (the first and the last always)


def _x(index: int, count: int) -> float:
    first, last = LEFT + INSET, RIGHT - INSET
    return (first + last) / 2 if count == 1 else first + (last - first) * index / (count - 1)


def _y(value: float) -> float:
    return BOTTOM - (BOTTOM - TOP) * max(0.0, min(100.0, value)) / 100


def chart_svg(title: str, scores: list[float | None], target: float, dates: list[str], lang: str) -> str:
    """One capability over time: grid lines at 0, 50 and 100, the target dashed, the scores as a line with a dot and
    its number at each date, and the dates (with the year where it changes) under the axis."""
    count = len(dates)
    parts = [f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{e(title)}"><title>{e(title)}</title>']
    for value in (0, 50, 100):
        y = _y(value)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:g}" x2="{RIGHT}" y2="{y:g}" stroke="#e4e7eb" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y:g}" text-anchor="end" dominant-baseline="middle" font-size="10" '
            f'fill="#616e7c">{value}</text>'
        )
    parts.append(
        f'<line class="target" x1="{LEFT}" y1="{_y(target):g}" x2="{RIGHT}" y2="{_y(target):g}" stroke="#1f2933" '
        f'stroke-width="1.5" stroke-dasharray="5 4" data-target="{target:g}"/>'
    )
    known = [(_x(i, count), _y(s), s) for i, s in enumerate(scores) if s is not None]
    if len(known) > 1:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in known)
        parts.append(f'<polyline class="line" points="{points}" fill="none" stroke="#2563eb" stroke-width="2.5"/>')
    for x, y, value in known:
        above = not y - 20 < _y(target) < y or y + 17 > BOTTOM - 4  # under the dot when the target runs just above
        parts.append(
            f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#2563eb" data-score="{value:g}"/>'
            f'<text x="{x:.1f}" y="{y - 9 if above else y + 17:.1f}" text-anchor="middle" font-size="11" '
            'font-weight="700" '
            f'fill="#1f2933">{value:.0f}</text>'
        )
    step = max(1, -(-count // MAX_LABELS))
    for index, date in enumerate(dates):
        if index % step and index != count - 1:
            continue
        x = _x(index, count)
        parts.append(
            f'<text class="date" x="{x:.1f}" y="{BOTTOM + 18}" text-anchor="middle" font-size="11" '
            f'fill="#1f2933">{e(day_words(date, lang))}</text>'
        )
        if index == 0 or date[:4] != dates[index - 1][:4]:
            parts.append(
                f'<text x="{x:.1f}" y="{BOTTOM + 34}" text-anchor="middle" font-size="10" '
                f'fill="#616e7c">{e(year_words(date, lang))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _numbers(history: Any, lang: str) -> str:
    heads = [
        t("capability", lang),
        *(date_words(d, lang) for d in history.dates),
        t("history_change", lang),
        t("target", lang),
        t("progress", lang),
    ]
    lines = []
    for label, trend in rows(history, lang):
        change = trend["change"]
        colour = " up" if change > 0 else " down" if change < 0 else ""
        target = target_words(trend, lang) if "target" in trend else f"{trend['target_score']:g}"
        cells = "".join(f"<td class='num'>{score(s)}</td>" for s in trend["scores"])
        lines.append(
            f"<tr><th>{e(label)}</th>{cells}<td class='num{colour}'>{signed(change)}</td><td>{e(target)}</td>"
            f"<td class='num'>{progress_share(trend['progress'])}</td></tr>"
        )
    head = "".join(f"<th>{e(h)}</th>" for h in heads)
    return (
        f"<section class='card'><div class='scroll'><table class='numbers'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(lines)}</tbody></table></div></section>"
    )


def _actions(history: Any, lang: str) -> str:
    opening, closing = ("（", "）") if lang == "zh" else (" (", ")")
    cards = []
    for key, items in (("history_resolved", history.resolved), ("history_open", history.open)):
        listed = "".join(
            f"<li>{e(item['title'][lang])}<div class='small'>{e(action_note(item, lang))}</div></li>" for item in items
        )
        body = f"<ul class='acts'>{listed}</ul>" if items else f"<p>{e(t('history_none', lang))}</p>"
        cards.append(
            f"<section class='card {key}'><h2>{e(t(key, lang))}{opening}{len(items)}{closing}</h2>{body}</section>"
        )
    return f"<div class='grid'>{''.join(cards)}</div>"


def render(history: Any, options: Any) -> str:
    lang = options.lang
    sep = "：" if lang == "zh" else ": "
    name = history.merchant.get("name") or "—"
    overall = history.overall
    meta = "".join(f"<span>{e(label)}{sep}<b>{e(value)}</b></span>" for label, value in header_lines(history, lang))
    note = other_merchants(history, lang)
    body = [
        '<header class="top"><div>',
        f"<h1>{e(t('history_title', lang))}</h1>",
        f'<div class="merchant" style="font-size:1.2rem;font-weight:600">{e(name)}</div>',
        f'<div class="meta">{meta}</div></div>',
        f'<div class="score"><div class="small">{e(t("overall", lang))}</div>'
        f'<div class="big">{score(overall["scores"][-1])}</div>'
        f'<div class="small">{e(t("history_change", lang))} {signed(overall["change"])}</div></div></header>',
        f'<div class="note">{e(note)}</div>' if note else "",
        f"<section class='card'><h2>{e(t('history_charts', lang))}</h2>"
        f"<p class='small'>{e(t('history_charts_intro', lang))}</p></section>",
        '<div class="grid">',
    ]
    for label, trend in rows(history, lang):
        cid = trend.get("id", "overall")
        body.append(
            f'<section class="card trend" data-capability="{e(cid)}"><h2>{e(label)}</h2>'
            f"<p class='small'>{e(t('target', lang))} {trend['target_score']:g} · {e(t('history_change', lang))} "
            f"{signed(trend['change'])} · {e(t('progress', lang))} {progress_share(trend['progress'])}</p>"
            f"{chart_svg(label, trend['scores'], trend['target_score'], history.dates, lang)}</section>"
        )
    body.append("</div>")
    body.append(_numbers(history, lang))
    body.append(_actions(history, lang))
    body.append(f"<footer>fact-audit · {e(t('history_title', lang))}</footer>")
    title = f"{t('history_title', lang)}{sep}{name}"
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{CSS}{HISTORY_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(part for part in body if part)
        + "\n</main>\n</body>\n</html>\n"
    )
