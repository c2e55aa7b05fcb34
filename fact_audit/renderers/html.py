"""Self-contained HTML: inline CSS and SVG, no script, no font or image fetched; prints on A4, reads on a phone.

Everything that reaches the page is escaped here, merchant names and notes above all, so a name such as
`<img src=x onerror=alert(1)>` shows as text. Also renders comparisons and the batch portfolio page.
"""

from __future__ import annotations

import math
import re
from html import escape
from typing import Any

from ..i18n import FACT_NAMES, GROUPS, LABELS, PLATFORM_NAMES, RANKS, SEVERITIES, notice_text, pick, t
from ..report import Report
from .common import (
    PEER_COLUMNS,
    after,
    because,
    change_words,
    compare_peers,
    footer,
    label_list,
    later_reason,
    level_text,
    merchant_lines,
    num,
    owner,
    pct,
    peer_rows,
    peers_head,
    progress_share,
    side_text,
    verdict,
    visible,
)

LEVEL_COLOURS = {1: "#d9534f", 2: "#f0883e", 3: "#e3b341", 4: "#6cc070", 5: "#2e8b57"}
DETAILED_ACTIONS = 12  # actions shown in full; the rest get one line each
PEER_COLOUR = "#b45309"  # the peer median's outline on the radar, apart from the score's blue and the target's ink
FACT_COLOURS = {"F": "#3b82f6", "A": "#10b981", "C": "#f59e0b", "T": "#ef4444"}

CSS = """
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--card:#fff;--bg:#f5f7fa;--accent:#2563eb}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);line-height:1.55;
font-family:-apple-system,BlinkMacSystemFont,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei",
"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1040px;margin:0 auto;padding:24px 16px 48px}
header.top{display:flex;flex-wrap:wrap;justify-content:space-between;gap:16px;align-items:flex-end;margin-bottom:16px}
h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.15rem;margin:0 0 12px}
.meta{color:var(--muted);font-size:.92rem}.meta span{margin-right:14px;white-space:nowrap}
.score{text-align:right}.score .big{font-size:2.6rem;font-weight:700;line-height:1}
.badge{display:inline-block;padding:2px 10px;border-radius:999px;color:#fff;font-size:.85rem;font-weight:600}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px 18px;margin-bottom:16px;
break-inside:avoid}
.radar svg{width:100%;height:auto;max-width:480px;display:block;margin:0 auto}
.legend{font-size:.85rem;color:var(--muted);text-align:center}
.legend i{display:inline-block;width:12px;height:12px;border-radius:3px;margin:0 4px -1px 10px}
.bars .row{display:grid;grid-template-columns:9.5em 1fr 3.2em;gap:10px;align-items:center;margin:7px 0}
.bars .track{background:#eef1f4;border-radius:6px;height:14px;position:relative;overflow:hidden}
.bars .fill{height:100%;border-radius:6px}
.bars .target{position:absolute;top:-3px;bottom:-3px;width:2px;background:var(--ink)}
.bars .lvl{grid-column:2/4;font-size:.8rem;color:var(--muted);margin-top:-6px}
.num{text-align:right;font-variant-numeric:tabular-nums}
table{width:100%;border-collapse:collapse;font-size:.92rem}
th,td{border-bottom:1px solid var(--line);padding:8px 6px;text-align:left;vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:.82rem}
.flag{padding:8px 12px;border-radius:8px;margin:6px 0;font-size:.93rem}
.flag.critical{background:#fdecea;border-left:4px solid #d9534f}
.flag.warning{background:#fff7e6;border-left:4px solid #f0883e}
.flag.info{background:#eaf2fd;border-left:4px solid #3b82f6}
.action-title{font-weight:600}.small{font-size:.82rem;color:var(--muted)}
.plan{display:grid;grid-template-columns:repeat(3,1fr);gap:12px}.plan h3{font-size:1rem;margin:0 0 6px}
.plan ul{margin:0;padding-left:18px}.plan li{margin:3px 0}
.note{background:#fff7e6;border:1px solid #f5d28c;border-radius:8px;padding:8px 12px;margin-bottom:16px}
footer{color:var(--muted);font-size:.8rem;text-align:center;margin-top:24px}
.heat td.c{text-align:center;font-variant-numeric:tabular-nums;color:#fff;font-weight:600}
.heat a{color:var(--accent);text-decoration:none}
@media (max-width:720px){.grid,.plan{grid-template-columns:1fr}.score{text-align:left}
.bars .row{grid-template-columns:7em 1fr 3em}h1{font-size:1.3rem}
table.actions thead{display:none}table.actions tr{display:block;border-bottom:1px solid var(--line);padding:6px 0}
table.actions td{display:block;border:0;padding:2px 0}.heat{display:block;overflow-x:auto}
table.actions td[data-label]::before{content:attr(data-label);color:var(--muted);font-size:.82rem}
table.actions td[data-label] .small{display:inline;margin-left:.5em}}
table.actions td.owner,table.actions th.owner{white-space:nowrap}
@page{size:A4;margin:14mm}
@media print{body{background:#fff;font-size:10.5pt}main{max-width:none;padding:0}.card{border-color:#ccc;
box-shadow:none}a{color:inherit;text-decoration:none}.grid{grid-template-columns:1fr 1fr}
.plan{grid-template-columns:repeat(3,1fr)}
tr,.flag,.bars .row{break-inside:avoid}h2{break-after:avoid}}
"""


def e(value: Any) -> str:
    """Escape anything for HTML text and attribute values; control characters, bidi marks and lone surrogates (which
    no UTF-8 file can hold) are shown as escapes, as in every other format."""
    return escape(visible("" if value is None else value), quote=True)


def _page(title: str, lang: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def radar_points(
    scores: list[float], cx: float = 160, cy: float = 160, radius: float = 120
) -> list[tuple[float, float]]:
    """Vertices of a radar polygon: axis i points at -90° + 360°·i/n, at distance radius · score / 100."""
    n = len(scores)
    points = []
    for index, score in enumerate(scores):
        angle = -math.pi / 2 + 2 * math.pi * index / n
        r = radius * max(0.0, min(100.0, score)) / 100
        points.append((round(cx + r * math.cos(angle), 2), round(cy + r * math.sin(angle), 2)))
    return points


def _points_attr(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in points)


def radar_svg(
    labels: list[str],
    scores: list[float],
    targets: list[float] | None,
    *,
    size: int = 320,
    small: bool = False,
    title: str = "",
    medians: list[float] | None = None,
) -> str:
    width = size if small else size + 200  # room for axis labels left and right
    cx, cy = width / 2, size / 2
    radius = size / 2 - (4 if small else 40)
    parts = [f'<svg viewBox="0 0 {width} {size}" role="img" aria-label="{e(title)}" class="radar-svg">']
    if title:
        parts.append(f"<title>{e(title)}</title>")
    for ring in (20, 40, 60, 80, 100):
        ring_pts = radar_points([ring] * len(scores), cx, cy, radius)
        parts.append(f'<polygon points="{_points_attr(ring_pts)}" fill="none" stroke="#e4e7eb" stroke-width="1"/>')
    for x, y in radar_points([100] * len(scores), cx, cy, radius):
        parts.append(f'<line x1="{cx:g}" y1="{cy:g}" x2="{x:g}" y2="{y:g}" stroke="#e4e7eb" stroke-width="1"/>')
    if targets is not None:
        target_pts = radar_points(targets, cx, cy, radius)
        parts.append(
            f'<polygon class="target" points="{_points_attr(target_pts)}" fill="none" stroke="#1f2933" '
            'stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
    if medians is not None:  # the peers' median (`--benchmark`): a dotted outline of its own colour
        median_pts = radar_points(medians, cx, cy, radius)
        parts.append(
            f'<polygon class="peer-median" points="{_points_attr(median_pts)}" fill="none" stroke="{PEER_COLOUR}" '
            'stroke-width="2" stroke-dasharray="2 3"/>'
        )
    current = radar_points(scores, cx, cy, radius)
    parts.append(
        f'<polygon class="current" data-scores="{" ".join(f"{s:g}" for s in scores)}" '
        f'points="{_points_attr(current)}" fill="rgba(37,99,235,.22)" stroke="#2563eb" stroke-width="2"/>'
    )
    if not small:
        for (x, y), label, score in zip(radar_points([118] * len(scores), cx, cy, radius), labels, scores, strict=True):
            anchor = "middle" if abs(x - cx) < 5 else ("start" if x > cx else "end")
            parts.append(
                f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}" dominant-baseline="middle" font-size="12" '
                f'fill="#1f2933">{e(label)} <tspan font-weight="700">{score:.0f}</tspan></text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _fact_svg(report: Report, lang: str) -> str:
    shares = report.fact.normalised
    known = {k: v for k, v in shares.items() if v is not None}
    if not known:
        return f"<p class='small'>{e(t('fact_unknown', lang))}</p>"
    width, x = 600, 0.0
    total = max(100.0, sum(known.values()))
    bars, legend = [], []
    for letter, value in known.items():
        w = width * value / total
        bars.append(
            f'<rect class="fact-{letter}" x="{x:.2f}" y="0" width="{w:.2f}" height="28" fill="{FACT_COLOURS[letter]}"/>'
        )
        x += w
    for letter, value in shares.items():
        shown = "—" if value is None else f"{value:g}%"
        legend.append(
            f'<i style="background:{FACT_COLOURS[letter]}"></i>{e(pick(FACT_NAMES[letter], lang))} {e(shown)}'
        )
    svg = (
        f'<svg viewBox="0 0 {width} 28" preserveAspectRatio="none" style="width:100%;height:28px;border-radius:6px">'
        f"{''.join(bars)}</svg>"
    )
    note = ""
    if report.fact.normalised != report.fact.shares:
        note = f"<p class='small'>{e(t('fact_total', lang, t=f'{report.fact.total:g}'))}</p>"
    return f"{svg}<p class='legend' style='text-align:left'>{''.join(legend)}</p>{note}"


def render(report: Report, options) -> str:
    lang = options.lang
    name = report.merchant.get("name") or "—"
    level_colour = LEVEL_COLOURS.get(report.level.id, "#888")
    sep = "：" if lang == "zh" else ": "
    meta = "".join(
        f"<span>{e(label)}{sep}<b>{e(value)}</b></span>" for label, value in merchant_lines(report, lang)[1:]
    )
    body = [
        '<header class="top"><div>',
        f"<h1>{e(t('report_title', lang))}</h1>",
        f'<div class="merchant" style="font-size:1.2rem;font-weight:600">{e(name)}</div>',
        f'<div class="meta">{meta}</div>',
        '</div><div class="score">',
        f'<div class="small">{e(t("overall", lang))}</div><div class="big">{num(report.score)}</div>',
        f'<span class="badge" style="background:{level_colour}">L{report.level.id} {e(report.level.name(lang))}</span>',
        f'<div class="small">{e(t("coverage", lang))} {pct(report.coverage)}</div></div></header>',
    ]
    body.append(
        f'<section class="card verdict"><h2>{e(t("verdict", lang))}</h2>'
        + "".join(f"<p>{e(line)}</p>" for line in verdict(report, lang))
        + "</section>"
    )
    if not report.complete:
        body.append(
            f'<div class="note">{e(t("incomplete", lang, n=len(report.missing), c=pct(report.coverage)))}</div>'
        )
    if report.peers and report.peers["synthetic"]:  # a made-up benchmark says so in the header
        body.append(f'<div class="note synthetic">{e(t("peers_synthetic", lang))}</div>')
    labels = [c.name(lang) for c in report.capabilities]
    scores = [c.score for c in report.capabilities]
    targets = [c.target.min for c in report.capabilities]
    medians = _peer_medians(report)
    body.append('<div class="grid"><section class="card radar">')
    body.append(f"<h2>{e(t('capabilities', lang))}</h2>")
    body.append(radar_svg(labels, scores, targets, title=t("capabilities", lang), medians=medians))
    median_key = (
        f'<i style="border:2px dotted {PEER_COLOUR}"></i>{e(t("peers_median_legend", lang))}' if medians else ""
    )
    body.append(
        f'<p class="legend"><i style="background:rgba(37,99,235,.35)"></i>{e(t("score", lang))}'
        f'<i style="border:1.5px dashed #1f2933"></i>{e(t("target", lang))}{median_key}</p></section>'
    )
    body.append(f'<section class="card bars"><h2>{e(t("level", lang))}</h2>')
    for cap in report.capabilities:
        colour = LEVEL_COLOURS.get(cap.level.id, "#888")
        gap = f" · {e(t('gap', lang))} {cap.gap}" if cap.gap else ""
        body.append(
            f'<div class="row" data-capability="{e(cap.id)}"><div>{e(cap.name(lang))}</div>'
            f'<div class="track"><div class="fill" style="width:{cap.score:.1f}%;background:{colour}"></div>'
            f'<div class="target" style="left:{cap.target.min:g}%"></div></div><div class="num">{num(cap.score)}</div>'
            f'<div class="lvl">{e(level_text(cap, lang))} → {e(t("target", lang))} '
            f"L{cap.target.id}{gap} · {e(t('coverage', lang))} {pct(cap.coverage)}</div></div>"
        )
    body.append("</section></div>")
    if report.peers:
        body.append(_peers_card(peers_head(report.peers, lang), PEER_COLUMNS, peer_rows(report, lang), lang))
    body.append(f'<section class="card fact"><h2>{e(t("fact_mix", lang))}</h2>{_fact_svg(report, lang)}</section>')
    body.append(f'<section class="card flags"><h2>{e(t("flags", lang))}</h2>')
    if report.flags:
        for flag in report.flags:
            body.append(
                f'<div class="flag {e(flag.severity)}"><b>{e(pick(SEVERITIES[flag.severity], lang))}</b> '
                f"{e(flag.message(lang))}</div>"
            )
    else:
        body.append(f"<p>{e(t('no_flags', lang))}</p>")
    body.append("</section>")
    body.append(_actions(report, lang, options.top or DETAILED_ACTIONS))
    body.append(_plan(report, lang))
    body.append(_later(report, lang))
    if report.excluded or report.notes or report.notices:
        body.append(f'<section class="card"><h2>{e(t("notes", lang))}</h2>')
        if report.excluded:
            body.append(
                f"<p class='small'>{e(t('excluded', lang))}{sep}{e(label_list(report, report.excluded, lang))}</p>"
            )
        if report.notes:
            body.append(
                "<ul>"
                + "".join(f"<li>{e(report.label(q, lang))}{sep}{e(n)}</li>" for q, n in report.notes.items())
                + "</ul>"
            )
        for text in dict.fromkeys(notice_text(n.code, n.message, lang) for n in report.notices):
            body.append(f"<p class='small'>{e(text)}</p>")
        body.append("</section>")
    body.append(f"<footer>fact-audit · {e(footer(report, lang))}</footer>")
    return _page(f"{t('report_title', lang)}: {name}", lang, "\n".join(body))


def _peer_medians(report: Report) -> list[float] | None:
    """The peers' median per radar axis, or None without peers (or when the benchmark lacks a capability: a
    partial outline would mislead)."""
    placed = report.peers["capabilities"] if report.peers else {}
    if not placed or any(c.id not in placed for c in report.capabilities):
        return None
    return [placed[c.id]["median"] for c in report.capabilities]


_NUM = " class='num'"  # a number cell: right-aligned, tabular figures
_NAME = " style='white-space:nowrap'"  # a capability's name stays on one line; a narrow screen scrolls the table


def _peers_card(lines: list[str], columns: Any, rows: list[tuple[str, ...]], lang: str) -> str:
    """The 同行对比 card: which peers and the overall standing, then a table of one row per capability. `columns`
    are label keys, or the heads themselves when given as a list."""
    heads = [t(key, lang) for key in columns] if isinstance(columns, tuple) else columns
    head = "".join(f"<th{_NUM if i else ''}>{e(h)}</th>" for i, h in enumerate(heads))
    body = "".join(
        "<tr>" + "".join(f"<td{_NUM if i else _NAME}>{e(c)}</td>" for i, c in enumerate(row)) + "</tr>" for row in rows
    )
    return (
        f'<section class="card peers"><h2>{e(t("peers_title", lang))}</h2>'
        + "".join(f"<p>{e(line)}</p>" for line in lines)
        + f'<div style="overflow-x:auto"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
        + "</section>"
    )


def _actions(report: Report, lang: str, detailed: int) -> str:
    """The first `detailed` actions in full; the rest as one line each, so a printed report stays short."""
    rows = []
    sep = "：" if lang == "zh" else ": "
    titles = {rec.id: rec.title(lang) for rec in report.recommendations}
    # on a phone the cells stack: each says what it is (the column heads are hidden there)
    labels = [e(t(key, lang) + sep) for key in ("priority", "horizon", "owner")]
    for index, rec in enumerate(report.recommendations[:detailed], 1):
        first = (
            f"<div class='small after'>{e(t('after', lang))}{sep}{e(after(rec, titles, lang))}</div>"
            if rec.after
            else ""
        )
        rows.append(
            f"<tr><td class='num'>{index}</td><td><div class='action-title'>{e(rec.title(lang))}</div>{first}"
            f"<div>{e(rec.action(lang))}</div><div class='small'>{e(t('watch', lang))}{sep}{e(rec.metric(lang))}</div>"
            f"<div class='small'>{e(t('why', lang))}{sep}{e(because(rec, lang))}</div></td>"
            f"<td data-label='{labels[0]}'>{rec.priority:g}"
            f"<div class='small'>{e(pick(RANKS[rec.rank], lang))}</div></td>"
            f"<td data-label='{labels[1]}'>{e(pick(GROUPS[rec.group], lang))}"
            f"<div class='small'>{e(t('days', lang, d=rec.horizon))}</div></td>"
            f"<td class='owner' data-label='{labels[2]}'>{e(owner(rec.owner, lang))}</td></tr>"
        )
    if not rows:
        return f'<section class="card"><h2>{e(t("actions", lang))}</h2><p>{e(t("no_actions", lang))}</p></section>'
    for index, rec in enumerate(report.recommendations[detailed:], detailed + 1):
        rows.append(
            f"<tr class='brief'><td class='num'>{index}</td><td>{e(rec.title(lang))}</td><td>{rec.priority:g}</td>"
            f"<td>{e(t('days', lang, d=rec.horizon))}</td><td class='owner'>{e(owner(rec.owner, lang))}</td></tr>"
        )
    head = "".join(f"<th>{e(h)}</th>" for h in ("#", t("action", lang), t("priority", lang), "30/60/90"))
    head += f"<th class='owner'>{e(t('owner', lang))}</th>"
    return (
        f'<section class="card"><h2>{e(t("actions", lang))}</h2><table class="actions"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _later(report: Report, lang: str) -> str:
    """The backlog, one line each: kept in the report so nothing the answers showed is lost, but out of the plan."""
    if not report.later:
        return ""
    items = "".join(
        f"<li>{e(rec.title(lang))} <span class='small'>（{e(later_reason(rec, lang))}）</span></li>"
        if lang == "zh"
        else f"<li>{e(rec.title(lang))} <span class='small'>({e(later_reason(rec, lang))})</span></li>"
        for rec in report.later
    )
    return (
        f'<section class="card later"><h2>{e(t("later", lang))}</h2><p class="small">{e(t("later_intro", lang))}</p>'
        f"<ul>{items}</ul></section>"
    )


def _plan(report: Report, lang: str) -> str:
    if not report.recommendations:
        return ""
    columns = []
    for horizon in (30, 60, 90):
        by_owner: dict[str, list[str]] = {}
        for rec in report.recommendations:
            if rec.horizon == horizon:
                by_owner.setdefault(rec.owner, []).append(rec.title(lang))
        items = "".join(
            f"<li><b>{e(owner(role, lang))}</b>{'：' if lang == 'zh' else ': '}"
            f"{e(('；' if lang == 'zh' else '; ').join(titles))}</li>"
            for role, titles in by_owner.items()
        )
        columns.append(f"<div><h3>{e(t('days', lang, d=horizon))}</h3><ul>{items or '<li>—</li>'}</ul></div>")
    return f'<section class="card"><h2>{e(t("plan", lang))}</h2><div class="plan">{"".join(columns)}</div></section>'


def render_compare(comparison: dict, options) -> str:
    lang = options.lang
    overall = comparison["overall"]
    name = comparison["new"]["merchant"].get("name") or "—"
    head = "".join(
        f"<th>{e(t(k, lang))}</th>" for k in ("capability", "before", "after_label", "delta", "target", "progress")
    )
    rows = []
    for cap in comparison["capabilities"]:
        colour = "#2e8b57" if cap["delta"] > 0 else "#d9534f" if cap["delta"] < 0 else "inherit"
        progress = cap["progress"]
        share = progress_share(progress)
        rows.append(
            f"<tr><td>{e(cap['name'][lang])}</td><td class='num'>{cap['old']:.1f}</td>"
            f"<td class='num'>{cap['new']:.1f}</td>"
            f"<td class='num' style='color:{colour}'>{cap['delta']:+.1f}</td><td>L{cap['target']['id']}</td>"
            f"<td class='num'>{e(share)}</td></tr>"
        )
    labels = [c["name"][lang] for c in comparison["capabilities"]]
    targets = [c["target_score"] for c in comparison["capabilities"]]  # the target on both, so they compare
    before = radar_svg(labels, [c["old"] for c in comparison["capabilities"]], targets, title=t("before", lang))
    after = radar_svg(
        labels,
        [c["new"] for c in comparison["capabilities"]],
        [c["target_score"] for c in comparison["capabilities"]],
        title=t("after_label", lang),
    )
    lists = []
    for key in ("resolved", "new_actions"):
        items = "".join(f"<li>{e(item['title'][lang])}</li>" for item in comparison[key]) or "<li>—</li>"
        lists.append(
            f'<section class="card"><h2>{e(t(key, lang))} ({len(comparison[key])})</h2><ul>{items}</ul></section>'
        )
    changes = "".join(
        "<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in change_words(c, lang)) + "</tr>"
        for c in comparison["changed_answers"]
    )
    body = [
        f"<h1>{e(t('compare_title', lang))}</h1><div style='font-size:1.2rem;font-weight:600'>{e(name)}</div>",
        "" if comparison["same_merchant"] else f"<div class='note'>{e(t('other_merchant', lang))}</div>",
        f"<p class='meta'>{e(t('before', lang))} {e(side_text(comparison['old']))} · "
        f"{e(t('after_label', lang))} {e(side_text(comparison['new']))} · "
        f"{e(t('overall', lang))} {overall['old']:.1f} → <b>{overall['new']:.1f}</b> ({overall['delta']:+.1f})</p>",
        f'<div class="grid"><section class="card radar"><h2>{e(t("before", lang))}</h2>{before}</section>',
        f'<section class="card radar"><h2>{e(t("after_label", lang))}</h2>{after}</section></div>',
        f'<section class="card"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>',
        f'<div class="grid">{"".join(lists)}</div>',
        f'<section class="card"><h2>{e(t("changed_answers", lang))} ({len(comparison["changed_answers"])})</h2>'
        f"<table><tbody>{changes}</tbody></table></section>",
    ]
    peers = compare_peers(comparison, lang)
    if peers is not None:
        lines, heads, rows = peers
        body.append(_peers_card(lines, heads, rows, lang))
        if comparison["peers"]["new"]["synthetic"]:  # said in the header, under the title
            body.insert(1, f'<div class="note synthetic">{e(t("peers_synthetic", lang))}</div>')
    return _page(f"{t('compare_title', lang)}{'：' if lang == 'zh' else ': '}{name}", lang, "\n".join(body))


# -- the batch portfolio page, written row by row ----------------------------------------------------------------
# The index holds the cohort view (averages, levels per capability, segments, flags, dates, a key to the colours)
# and, up to `page_rows` clients, their rows; beyond that the rows go to clients-1.html, clients-2.html, … so the
# index stays small whatever the batch's size (issue 15 item 10: 20,000 clients made a 44 MB page). A row is light
# markup (end tags omitted where HTML allows, one class per coloured cell, no inline SVG or style). No script: a
# narrow screen scrolls the table sideways, the name column staying in place.

# Score bands of 20 points, as the bundled levels; white text on each passes WCAG AA (4.5:1; tests/cli/test_portfolio.py
# reads the colours back out of the page's CSS).
BAND_COLOURS = {1: "#b42318", 2: "#b54708", 3: "#8a6100", 4: "#3d7a1f", 5: "#1e6b3a"}
PORTFOLIO_CSS = (
    ".scroll{overflow-x:auto;max-width:100%}"
    "table.pf{width:auto;min-width:100%;border-collapse:separate;border-spacing:0}"
    ".pf th,.pf td{white-space:nowrap;word-break:keep-all;padding:6px 8px}"
    ".pf thead th{color:var(--muted)}"
    ".pf tbody th{text-align:left;font-weight:600;white-space:normal;min-width:7em;max-width:11em}"
    ".pf tr>:first-child{position:sticky;left:0;z-index:1;background:var(--card)}"
    ".pf td[class^=b]{text-align:center;font-variant-numeric:tabular-nums;font-weight:600}"
    ".pf a{color:var(--accent)}.card .scroll{margin-bottom:18px}.meta span{white-space:normal}"
    ".key{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:8px}"
    ".key li{padding:4px 10px;border-radius:6px;font-size:.88rem}"
    ".pages{margin:0;padding-left:1.4em}.pages li{margin:4px 0}"
    ".kpi{display:flex;flex-wrap:wrap;gap:8px 24px;margin:0 0 12px}.kpi b{font-size:1.3rem}"
    ".nav{display:flex;flex-wrap:wrap;gap:16px;margin:12px 0}"
    ".pf a.hist{font-size:.8rem;font-weight:400;white-space:nowrap}"
    + "".join(f".b{n}{{background:{colour};color:#fff}}" for n, colour in BAND_COLOURS.items())
)
_URL_UNSAFE = re.compile(r"[%#?\s\"'<>&\\]")


def _band(score: float) -> int:
    return 1 + min(4, int(max(0.0, score) // 20))


def _href(path: str) -> str:
    """A report's relative path as a link: characters a URL reads specially (`#`, `?`, `%`, spaces) are encoded,
    the merchant's Chinese kept as it is."""
    return e(_URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), path))


def _words(row: dict[str, Any], lang: str) -> tuple[str, str]:
    """Platform and stage of a row in the reader's words (an id the tool does not know is shown as given)."""
    platform, stage = row.get("platform"), row.get("stage")
    shown_platform = pick(PLATFORM_NAMES[platform], lang) if platform in PLATFORM_NAMES else platform or ""
    key = f"stage_{stage}"
    return shown_platform, t(key, lang) if key in LABELS else stage or ""


def _portfolio_page(title: str, lang: str, body: str) -> str:
    """The start of a portfolio page, up to and including `body`; the caller closes it with `_PAGE_END`."""
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{CSS}{PORTFOLIO_CSS}</style>\n</head>\n<body>\n<main>\n{body}"
    )


_PAGE_END = "\n</main>\n</body>\n</html>\n"


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def _client_table(capabilities: list[tuple[str, str]], lang: str) -> str:
    heads = [t("merchant", lang), t("platform", lang), t("stage", lang), t("category", lang), t("overall", lang)]
    header = "".join(f"<th>{e(h)}</th>" for h in (*heads, *(label for _, label in capabilities)))
    return f'<div class="scroll"><table class="pf clients"><thead><tr>{header}</tr></thead><tbody>\n'


_TABLE_END = "</tbody></table></div>"


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def _cohort_view(summary: dict[str, Any], capabilities: list[tuple[str, str]], lang: str) -> str:
    """Averages, flags' and completeness shares, the spread of levels per capability and the segments."""
    cohort, view = summary.get("cohort") or {}, summary.get("overview") or {}
    clients = summary.get("clients", 0)
    keys = [("overall", t("overall", lang)), *capabilities]
    mean = cohort.get("overall", {}).get("mean", 0.0)
    kpis = (
        f"<p class='kpi'><span>{e(t('cohort_mean', lang))}{_colon(lang)}<b>{mean:.0f}</b></span>"
        f"<span>{e(t('flagged', lang))}{_colon(lang)}<b>{_share(view.get('flagged', 0), clients)}</b></span>"
        f"<span>{e(t('complete_share', lang))}{_colon(lang)}<b>{_share(view.get('complete', 0), clients)}</b>"
        "</span></p>"
    )
    radar = radar_svg(
        [label for _, label in capabilities],
        [cohort.get(cid, {}).get("mean", 0.0) for cid, _ in capabilities],
        None,
        title=t("cohort_mean", lang),
    )
    bands = view.get("bands") or {}
    head = "".join(f"<th>{n * 20}–{100 if n == 4 else n * 20 + 19}</th>" for n in range(5))
    lines = []
    for key, label in keys:
        stats = cohort.get(key, {})
        counts = bands.get(key) or [0] * 5
        total = sum(counts)
        cells = "".join(f"<td class='b{n + 1}'>{_share(c, total)}</td>" for n, c in enumerate(counts))
        lines.append(f"<tr><th>{e(label)}</th><td class='num'>{stats.get('mean', 0.0):.0f}</td>{cells}</tr>")
    spread = (
        f"<h2>{e(t('spread', lang))}</h2><p class='small'>{e(t('spread_intro', lang))}</p>"
        f"<div class='scroll'><table class='pf spread'><thead><tr><th>{e(t('capability', lang))}</th>"
        f"<th>{e(t('cohort_mean', lang))}</th>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table></div>"
    )
    segment_table = f"<h2>{e(t('segments', lang))}</h2>{_segment_matrix(summary.get('segments') or [], lang)}"
    return (
        f"<section class='card'><h2>{e(t('cohort_view', lang))}</h2>{kpis}<div class='radar'>{radar}</div>"
        f"{spread}{segment_table}</section>"
    )


_STAGE_ORDER = {"starter": 0, "growth": 1, "mature": 2}


def _segment_matrix(segments: list[dict[str, Any]], lang: str) -> str:
    """Clients per category (rows) and stage (columns): one small table whatever the number of clients."""
    stages = sorted({s.get("stage") or "" for s in segments}, key=lambda x: (_STAGE_ORDER.get(x, 3), x))
    categories = sorted({s.get("category") or "" for s in segments})
    counts = {(s.get("category") or "", s.get("stage") or ""): s.get("clients", 0) for s in segments}
    head = "".join(f"<th>{e(_words({'stage': x}, lang)[1] or '—')}</th>" for x in stages)
    body = "".join(
        f"<tr><th>{e(c or '—')}</th>"
        + "".join(f"<td class='num'>{counts.get((c, x), 0) or ''}</td>" for x in stages)
        + "</tr>"
        for c in categories
    )
    return (
        f"<div class='scroll'><table class='pf segments'><thead><tr><th>{e(t('category', lang))}</th>{head}</tr>"
        f"</thead><tbody>{body}</tbody></table></div>"
    )


def _legend(lang: str) -> str:
    items = "".join(f"<li class='b{n}'>{e(t(f'band_{n}', lang))}</li>" for n in range(1, 6))
    return f"<section class='card'><h2>{e(t('legend', lang))}</h2><ul class='key'>{items}</ul></section>"


def _dates(summary: dict[str, Any], lang: str) -> str:
    view = summary.get("overview") or {}
    first, last = view.get("first_date"), view.get("last_date")
    if first is None:
        assessed = t("no_dates", lang)
    elif first == last:
        assessed = first
    else:
        assessed = t("date_range", lang, a=first, b=last)
    generated = summary.get("generated")
    made = f"<span>{e(t('batch_date', lang))}{_colon(lang)}<b>{e(generated)}</b></span>" if generated else ""
    return f"{made}<span>{e(t('assessed', lang))}{_colon(lang)}<b>{e(assessed)}</b></span>"


def page_span(number: int, page_rows: int, clients: int) -> tuple[int, int]:
    """The first and last client (1-based) on list page `number`."""
    return (number - 1) * page_rows + 1, min(clients, number * page_rows)


def portfolio_head(
    summary: dict[str, Any], capabilities: list[tuple[str, str]], lang: str, pages: int = 0, page_rows: int = 2000
) -> str:
    """Start of index.html: header, cohort view and key; then either the table the rows follow (`pages` 0) or
    the links to the list pages. `portfolio_tail(pages)` ends it."""
    clients = summary.get("clients", 0)
    title = t("portfolio_title", lang)
    intro = (
        f"<h1>{e(title)}</h1><p class='meta'><span>{e(t('clients', lang))}{_colon(lang)}<b>{clients}</b></span>"
        f"<span>{e(t('failed', lang))}{_colon(lang)}<b>{summary.get('errors', 0)}</b></span>{_dates(summary, lang)}</p>"
    )
    body = intro + _cohort_view(summary, capabilities, lang) + _legend(lang)
    body += f"<section class='card'><h2>{e(t('client_list', lang))}</h2>"
    if pages:
        links = "".join(
            f"<li><a href='{portfolio_list_file(n)}'>"
            f"{e(t('page_n', lang, n=n, a=page_span(n, page_rows, clients)[0], b=page_span(n, page_rows, clients)[1]))}"
            "</a></li>"
            for n in range(1, pages + 1)
        )
        return _portfolio_page(title, lang, body + f"<ol class='pages'>{links}</ol>")
    return _portfolio_page(title, lang, body + _client_table(capabilities, lang))


def portfolio_row(row: dict[str, Any], capabilities: list[tuple[str, str]], lang: str = "zh") -> str:
    """One client: name (linked to its report), platform, stage, category, overall and each capability's score,
    each score cell coloured by its band. About 200 bytes besides the name and the link."""
    name = e(row.get("name") or "—")
    link = f'<a href="{_href(row["report"])}">{name}</a>' if row.get("report") else name
    if row.get("history"):  # the same merchant at several dates in this batch: its history page (issue 16)
        link += f' <a class="hist" href="{_href(row["history"])}">{e(t("history_link", lang))}</a>'
    platform, stage = _words(row, lang)
    scores = [row.get("overall", 0.0), *(row.get("scores", {}).get(cid, 0.0) for cid, _ in capabilities)]
    cells = "".join(f"<td class=b{_band(s)}>{s:.0f}" for s in scores)
    return f"<tr><th>{link}<td>{e(platform)}<td>{e(stage)}<td>{e(row.get('category') or '')}{cells}\n"


def portfolio_tail(pages: int = 0) -> str:
    return ("</section>" if pages else _TABLE_END + "</section>") + _PAGE_END


def portfolio_list_file(number: int) -> str:
    return f"clients-{number}.html"


def _nav(number: int, pages: int, lang: str) -> str:
    links = [f"<a href='index.html'>{e(t('to_overview', lang))}</a>"]
    if number > 1:
        links.append(f"<a href='{portfolio_list_file(number - 1)}'>{e(t('prev_page', lang))}</a>")
    if number < pages:
        links.append(f"<a href='{portfolio_list_file(number + 1)}'>{e(t('next_page', lang))}</a>")
    return f"<nav class='nav'>{''.join(links)}</nav>"


def portfolio_list_head(
    number: int, pages: int, clients: int, page_rows: int, capabilities: list[tuple[str, str]], lang: str
) -> str:
    """Start of clients-N.html, one page of the client list of a large batch; its rows follow."""
    first, last = page_span(number, page_rows, clients)
    heading = t("page_n", lang, n=number, a=first, b=last)
    title = f"{t('client_list', lang)}{_colon(lang)}{heading}"
    body = f"<h1>{e(title)}</h1>{_nav(number, pages, lang)}{_legend(lang)}<section class='card'>"
    return _portfolio_page(title, lang, body + _client_table(capabilities, lang))


def portfolio_list_tail(number: int, pages: int, lang: str) -> str:
    return _TABLE_END + "</section>" + _nav(number, pages, lang) + _PAGE_END
