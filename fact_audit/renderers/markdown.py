"""Markdown report: for a consultant to paste into a client document. Every recommendation is listed."""

from __future__ import annotations

import re

from ..i18n import GROUPS, RANKS, SEVERITIES, notice_text, pick, t
from ..report import Report
from .common import (
    PEER_COLUMNS,
    after,
    because,
    change_words,
    compare_peers,
    fact_rows,
    footer,
    label_list,
    later_reason,
    level_name,
    level_text,
    md_text,
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

# Text from a file (names, categories, notes, warnings, what a compared report says) stays one line of literal text:
# no HTML, no Markdown syntax, no line break that opens a block, no pipe that breaks a table, no control character.
_cell = md_text
_ID = re.compile(r"[\w.-]+")


def _words(text: str) -> str:
    """The rubric's own words (reasons, labels, flag messages) in a line or a cell: pipes escaped, newlines folded."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def render(report: Report, options) -> str:
    lang = options.lang
    sep = "：" if lang == "zh" else ": "  # the house style: full-width punctuation in Chinese
    out: list[str] = []
    name = report.merchant.get("name") or "—"
    out.append(f"# {t('report_title', lang)}{sep}{_cell(name)}\n")
    for label, value in merchant_lines(report, lang):
        out.append(f"- **{label}**{sep}{_cell(str(value))}")
    out.append(f"- **{t('overall', lang)}**{sep}{num(report.score)} / 100 · {level_name(report.level, lang)}")
    out.append(f"- **{t('coverage', lang)}**{sep}{pct(report.coverage)}\n")
    if report.peers and report.peers["synthetic"]:  # a made-up benchmark says so in the header
        out.append(f"> {t('peers_synthetic', lang)}\n")
    out.append(f"## {t('verdict', lang)}\n")
    out.extend(f"> {_words(line)}\n>" for line in verdict(report, lang))
    out[-1] = out[-1][:-2] + "\n"
    if not report.complete:
        out.append(f"> {t('incomplete', lang, n=len(report.missing), c=pct(report.coverage))}\n")
    out.append(f"## {t('capabilities', lang)}\n")
    out.append(
        "| " + " | ".join(t(key, lang) for key in ("capability", "score", "level", "target", "gap", "coverage")) + " |"
    )
    out.append("|---|---:|---|---|---:|---:|")
    for cap in report.capabilities:
        out.append(
            f"| {cap.name(lang)} | {num(cap.score)} | {level_text(cap, lang)} | "
            f"L{cap.target.id} {cap.target.name(lang)} | {cap.gap} | {pct(cap.coverage)} |"
        )
    if report.peers:
        out.append(f"\n## {t('peers_title', lang)}\n")
        out.extend(f"{_cell(line)}\n" for line in peers_head(report.peers, lang))
        out.extend(_table([t(key, lang) for key in PEER_COLUMNS], peer_rows(report, lang)))
    out.append(f"\n## {t('fact_mix', lang)}\n")
    if report.fact.total is None:
        out.append(t("fact_unknown", lang))
    else:
        out.append("| FACT | % |\n|---|---:|")
        for label, value in fact_rows(report, lang):
            out.append(f"| {label} | {value} |")
        if report.fact.normalised != report.fact.shares:
            out.append(f"\n{t('fact_total', lang, t=f'{report.fact.total:g}')}")
    out.append(f"\n## {t('flags', lang)}\n")
    if report.flags:
        for flag in report.flags:
            out.append(f"- **{pick(SEVERITIES[flag.severity], lang)}**{sep}{flag.message(lang)}")
    else:
        out.append(t("no_flags", lang))
    out.append(f"\n## {t('actions', lang)}\n")
    if not report.recommendations:
        out.append(t("no_actions", lang))
    titles = {rec.id: rec.title(lang) for rec in report.recommendations}
    # labels looked up once, not once per action: a batch renders this for every client
    priority, owner_label, why, action, watch, first = (
        t(key, lang) for key in ("priority", "owner", "why", "action", "watch", "after")
    )
    days = {horizon: t("days", lang, d=horizon) for horizon in (30, 60, 90)}
    ranks = {key: f"（{zh}）· " if lang == "zh" else f" ({en}) · " for key, (zh, en) in RANKS.items()}
    for index, rec in enumerate(report.recommendations, 1):
        out.append(
            f"### {index}. {titles[rec.id]}\n\n"
            f"- {priority}{sep}{rec.priority:g}{ranks[rec.rank]}"
            f"{pick(GROUPS[rec.group], lang)} · "
            f"{days.get(rec.horizon) or t('days', lang, d=rec.horizon)} · {owner_label}{sep}{owner(rec.owner, lang)}\n"
            + (f"- {first}{sep}{after(rec, titles, lang)}\n" if rec.after else "")
            + f"- {why}{sep}{_words(because(rec, lang))}\n"
            f"- {action}{sep}{rec.action(lang)}\n"
            f"- {watch}{sep}{rec.metric(lang)}\n"
        )
    if report.recommendations:
        out.append(f"## {t('plan', lang)}\n")
        for horizon in (30, 60, 90):
            recs = [r for r in report.recommendations if r.horizon == horizon]
            if not recs:
                continue
            out.append(f"### {t('days', lang, d=horizon)}\n")
            by_owner: dict[str, list[str]] = {}
            for rec in recs:
                by_owner.setdefault(rec.owner, []).append(rec.title(lang))
            for role, titles in by_owner.items():
                out.append(f"- **{owner(role, lang)}**{sep}" + ("；" if lang == "zh" else "; ").join(titles))
            out.append("")
    if report.later:
        out.append(f"## {t('later', lang)}\n")
        out.append(t("later_intro", lang) + "\n")
        for rec in report.later:
            reason = later_reason(rec, lang)
            out.append(f"- {rec.title(lang)}（{reason}）" if lang == "zh" else f"- {rec.title(lang)} ({reason})")
        out.append("")
    if report.excluded:
        out.append(f"## {t('excluded', lang)}\n")
        out.append(_words(label_list(report, report.excluded, lang)) + "\n")
    if report.notices:
        out.append(f"## {t('warnings', lang)}\n")
        for text in dict.fromkeys(notice_text(n.code, n.message, lang) for n in report.notices):
            out.append(f"- {_cell(text)}")
        out.append("")
    if report.notes:
        out.append(f"## {t('notes', lang)}\n")
        for qid, text in report.notes.items():
            out.append(f"- {_words(report.label(qid, lang))}{sep}{_cell(text)}")
        out.append("")
    out.append("---\n")
    out.append(footer(report, lang))
    return visible("\n".join(out).rstrip(), keep_newlines=True) + "\n"  # and no control from a custom set's words


def _table(heads: list[str], rows: list[tuple[str, ...]]) -> list[str]:
    """A Markdown table, one line per row; the first column is text (a capability's name), the rest numbers."""
    lines = ["| " + " | ".join(heads) + " |", "|---" + "|---:" * (len(heads) - 1) + "|"]
    lines.extend("| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows)
    return lines


def _code(text: str) -> str:
    """A question id as code; anything that could end the code span is shown as plain escaped text instead."""
    return f"`{text}`" if _ID.fullmatch(str(text)) else _cell(text)


def _signed(value: float) -> str:
    return f"{value:+.1f}"


def render_compare(comparison: dict, options) -> str:
    lang = options.lang
    sep = "：" if lang == "zh" else ": "
    old, new = comparison["old"], comparison["new"]
    name = new["merchant"].get("name") or old["merchant"].get("name") or "—"
    overall = comparison["overall"]
    out = [
        f"# {t('compare_title', lang)}{sep}{md_text(name)}\n",
        *([f"> {t('other_merchant', lang)}\n"] if not comparison["same_merchant"] else []),
        f"- **{t('before', lang)}**{sep}{md_text(side_text(old))} · {overall['old']:.1f}",
        f"- **{t('after_label', lang)}**{sep}{md_text(side_text(new))} · {overall['new']:.1f}",
        f"- **{t('overall', lang)}**{sep}{_signed(overall['delta'])} "
        f"(L{overall['old_level']['id']} → L{overall['new_level']['id']})\n",
        "| "
        + " | ".join(t(k, lang) for k in ("capability", "before", "after_label", "delta", "target", "progress"))
        + " |",
        "|---|---:|---:|---:|---|---:|",
    ]
    for cap in comparison["capabilities"]:
        share = progress_share(cap["progress"])
        out.append(
            f"| {_cell(cap['name'][lang])} | {cap['old']:.1f} | {cap['new']:.1f} | {_signed(cap['delta'])} | "
            f"L{cap['target']['id']} ({cap['target_score']:g}) | {share} |"
        )
    for key, items in (("resolved", comparison["resolved"]), ("new_actions", comparison["new_actions"])):
        out.append(f"\n## {t(key, lang)} ({len(items)})\n")
        out.extend(f"- {_cell(item['title'][lang])}" for item in items)
    out.append(f"\n## {t('changed_answers', lang)} ({len(comparison['changed_answers'])})\n")
    for change in comparison["changed_answers"]:
        label, was, now = change_words(change, lang)
        out.append(f"- {_cell(label)}{sep}{_cell(was)} → {_cell(now)}")
    peers = compare_peers(comparison, lang)
    if peers is not None:
        lines, heads, rows = peers
        out.append(f"\n## {t('peers_title', lang)}\n")
        out.extend(f"{_cell(line)}\n" for line in lines)
        if comparison["peers"]["new"]["synthetic"]:  # said in the header, under the title
            out.insert(1, f"> {t('peers_synthetic', lang)}\n")
        out.extend(_table(heads, rows))
    return visible("\n".join(out).rstrip(), keep_newlines=True) + "\n"
