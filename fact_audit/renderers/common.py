"""Small formatting helpers shared by the human-facing renderers."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..i18n import FACT_NAMES, LABELS, OWNERS, PLATFORM_NAMES, pick, t
from ..safetext import json_escaped, visible

__all__ = ["json_escaped", "visible"]  # shared with every renderer; defined at the bottom layer

if TYPE_CHECKING:
    from ..report import Report

_BREAKS = re.compile("[\t\n\x0b\x0c\r\x85\u2028\u2029]+")  # what would end a line of Markdown: one space
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]|~#])")  # inline syntax; `<`, `>` and `&` become entities first
_MARKDOWN_LEAD = re.compile(r"^(\s*)([-+=])|^(\s*\d{1,9})([.)])(?=\s|$)")  # a list (`- `, `1. `), an underline


def md_text(text: object) -> str:
    """User text inside a Markdown line: it stays one line of literal text. Line breaks fold to a space, controls show
    as escapes, `<`, `>` and `&` become entities (no HTML gets through) and Markdown syntax is backslash-escaped, so
    a name such as `**x**`, `[x](javascript:…)`, `# x` or `- x` reads exactly as written and opens no block."""
    text = visible(_BREAKS.sub(" ", str(text)))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_LEAD.sub(_lead_escaped, _MARKDOWN_SYNTAX.sub(r"\\\1", text), count=1)


def _lead_escaped(match: re.Match[str]) -> str:
    before, marker = (match[1], match[2]) if match[2] else (match[3], match[4])
    return f"{before}\\{marker}"


def pct(value: float) -> str:
    return f"{round(value * 100)}%"


def num(value: float) -> str:
    return f"{value:.1f}"


def merchant_lines(report: Report, lang: str) -> list[tuple[str, str]]:
    """(label, value) pairs of the merchant header, skipping what was not given."""
    m = report.merchant
    rows = [(t("merchant", lang), m.get("name") or "—")]
    if m.get("platform"):
        rows.append((t("platform", lang), pick(PLATFORM_NAMES.get(m["platform"], (m["platform"],) * 2), lang)))
    if m.get("category"):
        rows.append((t("category", lang), m["category"]))
    rows.append((t("profile", lang), report.profile["name"][lang]))
    if m.get("date"):
        rows.append((t("date", lang), m["date"]))
    return rows


def fact_rows(report: Report, lang: str) -> list[tuple[str, str]]:
    rows = []
    for letter, share in report.fact.normalised.items():
        rows.append((pick(FACT_NAMES[letter], lang), "—" if share is None else f"{share:g}%"))
    return rows


def owner(role: str, lang: str) -> str:
    return pick(OWNERS.get(role, (role, role)), lang)


def bar(score: float, width: int = 20) -> str:
    filled = round(score / 100 * width)
    return "█" * filled + "░" * (width - filled)


def progress_share(progress: float | None) -> str:
    """Progress to target for people: '—' when the baseline already met it, '100%+' past it."""
    if progress is None:
        return "—"
    return "100%+" if progress > 1 else f"{round(progress * 100)}%"


def verdict(report: Report, lang: str) -> list[str]:
    """The report's first lines: the level shown; a provisional report says so at once, right under it (every format
    leads with these lines); where red lines cap the level, why; unknown key numbers."""
    score = num(report.score)
    if report.level.id < report.level_uncapped.id:
        lines = [
            t(
                "verdict_capped",
                lang,
                s=score,
                u=report.level_uncapped.id,
                un=report.level_uncapped.name(lang),
                l=report.level.id,
                n=report.level.name(lang),
            )
        ]
    else:
        lines = [t("verdict_plain", lang, s=score, l=report.level.id, n=report.level.name(lang))]
    if report.provisional:
        lines.append(provisional_line(report, lang))
    colon = "：" if lang == "zh" else ": "
    lowered = report.level.id < report.level_uncapped.id
    for flag in report.red_lines:
        label = t("capped_reason", lang) if lowered and "overall" in flag.caps else t("red_line", lang)
        lines.append(f"{label}{colon}{flag.message(lang)}")
    if report.unknown:
        separator = "、" if lang == "zh" else ", "
        names = separator.join(report.label(qid, lang) for qid in report.unknown[:5])
        if len(report.unknown) > 5:
            names += "等" if lang == "zh" else " and more"
        lines.append(t("verdict_unknown", lang, k=len(report.unknown), names=names))
    return lines


_ASKED = ("answered", "unknown", "na")  # a question the merchant was asked and answered, even "don't know"


def provisional_line(report: Report, lang: str) -> str:
    """The label of a quick interview's report: how many capability questions it rests on, and its coverage."""
    questions = [q for cap in report.capabilities for q in cap.questions if q.status not in ("hidden", "computed")]
    answered = sum(1 for q in questions if q.status in _ASKED)
    return t("provisional", lang, n=answered, t=len(questions), c=pct(report.coverage))


def level_name(level, lang: str) -> str:
    """The overall level after the score: '规范（L3）' / 'Established (L3)'."""
    return f"{level.name(lang)}（L{level.id}）" if lang == "zh" else f"{level.name(lang)} (L{level.id})"


def level_text(cap, lang: str) -> str:
    """A capability's level as shown: 'L3 规范', marked where a red line lowered it, or 'not used'."""
    if cap.status == "not_used":
        return t("not_used", lang)
    mark = t("capped_mark", lang) if cap.level.id < cap.level_uncapped.id else ""
    return f"L{cap.level.id} {cap.level.name(lang)}{mark}"


def because(rec, lang: str) -> str:
    return ("；" if lang == "zh" else "; ").join(reason.text(lang) for reason in rec.because)


def after(rec, titles: dict[str, str], lang: str) -> str:
    return ("；" if lang == "zh" else "; ").join(titles.get(dep, dep) for dep in rec.after)


def later_reason(rec, lang: str) -> str:
    return t(f"later_{rec.later}", lang) if rec.later else ""


def footer(report: Report, lang: str) -> str:
    return t("footer", lang, v=f"{report.rubric['id']}@{report.rubric['version']}")


def label_list(report: Report, ids: list[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(report.label(qid, lang) for qid in ids)


def change_words(change: dict, lang: str) -> tuple[str, str, str]:
    """A changed answer of a comparison as a reader sees it: the question's short name and both answers in words."""
    label = (change.get("label") or {}).get(lang) or change["question"]
    old = (change.get("old_words") or {}).get(lang, str(change["old"]))
    new = (change.get("new_words") or {}).get(lang, str(change["new"]))
    return label, old, new


def side_text(side: dict) -> str:
    """One side of a comparison: the date its answers describe, else the file it came from."""
    merchant = side.get("merchant") or {}
    return str(merchant.get("date") or side.get("source") or "")


# -- the peers block (`--benchmark`): wording every format shares; each format escapes the merchant's category -----

PEER_COLUMNS = (
    "capability", "score", "peers_col_percentile", "peers_col_median", "peers_col_p75", "peers_col_gap_p75",
    "peers_col_gap_target",
)  # fmt: skip
_BESIDE_FULL_WIDTH = re.compile("(?<=[，。；：？！（）“”、]) | (?=[，。；：？！（）“”、])")


def segment_words(segment: dict, lang: str) -> str:
    """A benchmark segment in the reader's words: '抖音 · 服饰 · 成长期' / 'Douyin · 服饰 · Growing'; a coarser one
    says what it spans ('服饰 · 成长期（不分平台）'), the widest '全部同行'. Never an id where words exist."""
    platform, category, stage = segment.get("platform"), segment.get("category"), segment.get("stage")
    parts = []
    if platform:
        parts.append(pick(PLATFORM_NAMES.get(platform, (platform, platform)), lang))
    if category:
        parts.append(str(category))
    if stage:
        parts.append(t(f"stage_{stage}", lang) if f"stage_{stage}" in LABELS else str(stage))
    if not parts:
        return t("peers_everyone", lang)
    text = " · ".join(parts)
    if lang == "zh":  # no space beside a full-width mark: '视频号（微信小店）· 服饰'
        text = _BESIDE_FULL_WIDTH.sub("", text)
    if not platform:
        spans = t("peers_any_platform" if category else "peers_any_category", lang)
        text += f"（{spans}）" if lang == "zh" else f" ({spans})"
    return text


def peers_head(peers: dict, lang: str) -> list[str]:
    """The block's first lines: which peers and how many, then the overall percentile, median and top quartile."""
    overall = peers["overall"]
    return [
        t("peers_segment", lang, seg=segment_words(peers["segment"], lang), n=peers["segment"]["clients"]),
        t(
            "peers_overall",
            lang,
            s=num(overall["score"]),
            pct=num(overall["percentile"]),
            m=num(overall["median"]),
            q=num(overall["p75"]),
        ),
    ]


def peer_rows(report: Report, lang: str) -> list[tuple[str, ...]]:
    """One row per capability the benchmark holds, in report order, cells as `PEER_COLUMNS` name them."""
    rows = []
    placed = report.peers["capabilities"] if report.peers else {}
    for cap in report.capabilities:
        stats = placed.get(cap.id)
        if stats is None:
            continue
        rows.append(
            (
                cap.name(lang),
                num(stats["score"]),
                num(stats["percentile"]),
                num(stats["median"]),
                num(stats["p75"]),
                num(stats["gap_p75"]),
                num(stats["gap_target"]),
            )
        )
    return rows


def compare_peers(comparison: dict, lang: str) -> tuple[list[str], list[str], list[tuple[str, ...]]] | None:
    """A comparison against peers: (the new side's segment and overall lines, column heads, rows of
    capability · percentile before · after · peer median · top quartile · gap to it), the overall first.
    None without a benchmark or when the newer side has no peers."""
    sides = comparison.get("peers") or {}
    new = sides.get("new")
    if not new:
        return None
    old = sides.get("old") or {}
    old_caps = old.get("capabilities") or {}
    heads = [t(key, lang) for key in ("capability", "peers_pct_before", "peers_pct_after", "peers_col_median",
                                      "peers_col_p75", "peers_col_gap_p75")]  # fmt: skip

    def row(name: str, before: dict | None, after: dict) -> tuple[str, ...]:
        shown = "—" if before is None else num(before["percentile"])
        return (name, shown, num(after["percentile"]), num(after["median"]), num(after["p75"]), num(after["gap_p75"]))

    rows = [row(t("overall", lang), old.get("overall"), new["overall"])]
    for cap in comparison["capabilities"]:
        after = new["capabilities"].get(cap["id"])
        if after is not None:
            rows.append(row(cap["name"][lang], old_caps.get(cap["id"]), after))
    return peers_head(new, lang), heads, rows
