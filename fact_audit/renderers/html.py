"""Self-contained HTML: inline CSS and SVG, no script, no font or image fetched; prints on A4, reads on a phone.

Everything that reaches the page is escaped here, merchant names and notes above all, so a name such as
`<img src=x onerror=alert(1)>` shows as text. Also renders comparisons and the batch portfolio page.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from ..i18n import FACT_NAMES, GROUPS, RANKS, SEVERITIES, notice_text, pick, t
from ..report import Report
from .common import (
    after,
    because,
    change_words,
    footer,
    label_list,
    later_reason,
    level_text,
    merchant_lines,
    num,
    owner,
    pct,
    progress_share,
    side_text,
    verdict,
    visible,
)

LEVEL_COLOURS = {1: "#d9534f", 2: "#f0883e", 3: "#e3b341", 4: "#6cc070", 5: "#2e8b57"}
DETAILED_ACTIONS = 12  # actions shown in full; the rest get one line each
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
    labels = [c.name(lang) for c in report.capabilities]
    scores = [c.score for c in report.capabilities]
    targets = [c.target.min for c in report.capabilities]
    body.append('<div class="grid"><section class="card radar">')
    body.append(f"<h2>{e(t('capabilities', lang))}</h2>")
    body.append(radar_svg(labels, scores, targets, title=t("capabilities", lang)))
    body.append(
        f'<p class="legend"><i style="background:rgba(37,99,235,.35)"></i>{e(t("score", lang))}'
        f'<i style="border:1.5px dashed #1f2933"></i>{e(t("target", lang))}</p></section>'
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
    return _page(f"{t('compare_title', lang)}{'：' if lang == 'zh' else ': '}{name}", lang, "\n".join(body))


# -- the batch portfolio page, written row by row ----------------------------------------------------------------


def portfolio_head(summary: dict[str, Any], capabilities: list[tuple[str, str]], lang: str) -> str:
    """Start of index.html: cohort averages and the table header; rows follow, then `portfolio_tail`."""
    cohort = summary.get("cohort", {})
    cells = "".join(
        f"<td class='c' style='background:{_score_colour(cohort.get(cid, {}).get('mean', 0))}'>"
        f"{cohort.get(cid, {}).get('mean', 0):.0f}</td>"
        for cid, _ in capabilities
    )
    overall = cohort.get("overall", {}).get("mean", 0)
    header = "".join(f"<th>{e(label)}</th>" for _, label in capabilities)
    title = t("portfolio_title", lang)
    intro = (
        f"<h1>{e(title)}</h1><p class='meta'><span>{e(t('clients', lang))}: <b>{summary.get('clients', 0)}</b></span>"
        f"<span>{e(t('failed', lang))}: <b>{summary.get('errors', 0)}</b></span></p>"
    )
    table = (
        f'<section class="card"><table class="heat"><thead><tr><th></th><th>{e(t("merchant", lang))}</th>'
        f"<th>{e(t('overall', lang))}</th>{header}</tr></thead><tbody>"
        f"<tr class='cohort'><td></td><td><b>{e(t('cohort_mean', lang))}</b></td>"
        f"<td class='c' style='background:{_score_colour(overall)}'>{overall:.0f}</td>{cells}</tr>"
    )
    return _page(title, lang, intro + table).split("</main>")[0]


def portfolio_row(row: dict[str, Any], capabilities: list[tuple[str, str]]) -> str:
    scores = [row["scores"].get(cid, 0.0) for cid, _ in capabilities]
    name = e(row.get("name") or "—")
    link = f'<a href="{e(row["report"])}">{name}</a>' if row.get("report") else name
    cells = "".join(f"<td class='c' style='background:{_score_colour(s)}'>{s:.0f}</td>" for s in scores)
    mini = radar_svg([""] * len(scores), scores, None, size=44, small=True)
    return (
        f"<tr><td style='width:48px'>{mini}</td><td>{link}<div class='small'>{e(row.get('category') or '')} "
        f"{e(row.get('stage') or '')}</div></td><td class='c' style='background:{_score_colour(row['overall'])}'>"
        f"{row['overall']:.0f}</td>{cells}</tr>\n"
    )


def portfolio_tail() -> str:
    return "</tbody></table></section>\n</main>\n</body>\n</html>\n"


def _score_colour(score: float) -> str:
    level = 1 + min(4, int(max(0.0, score) // 20))
    return LEVEL_COLOURS[level]
