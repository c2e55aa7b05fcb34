"""What every format of a history (`fact_audit.history.History`) shares: dates, the header and the numbers in the
reader's words. Formatting only; the trend is computed in `fact_audit.history`."""

from __future__ import annotations

from typing import Any

from ..i18n import LABELS, PLATFORM_NAMES, pick, t

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _parts(iso: str) -> dict[str, Any]:
    year, month, day = (int(part) for part in iso.split("-"))
    return {"y": year, "m": month, "d": day, "mon": _MONTHS[month - 1]}


def date_words(iso: str, lang: str) -> str:
    """`2026 年 11 月 10 日` or `10 Nov 2026`: a Chinese reader gets no ISO date."""
    return t("history_date", lang, **_parts(iso))


def day_words(iso: str, lang: str) -> str:
    """The day without its year (`11 月 10 日`, `10 Nov`), for a chart's axis."""
    return t("history_day", lang, **_parts(iso))


def year_words(iso: str, lang: str) -> str:
    return t("history_year", lang, **_parts(iso))


def span_words(dates: list[str], lang: str) -> str:
    """`4 次评估，2026 年 2 月 1 日至 …`: how many assessments, from when to when."""
    if len(dates) == 1:
        return t("history_one", lang, a=date_words(dates[0], lang))
    return t("history_span", lang, n=len(dates), a=date_words(dates[0], lang), b=date_words(dates[-1], lang))


def header_lines(history: Any, lang: str) -> list[tuple[str, str]]:
    """(label, value) pairs under the title: platform, category and stage in words (an unknown id as given)."""
    merchant = history.merchant
    rows = []
    platform = merchant.get("platform")
    if platform:
        rows.append(
            (t("platform", lang), pick(PLATFORM_NAMES[platform], lang) if platform in PLATFORM_NAMES else platform)
        )
    if merchant.get("category"):
        rows.append((t("category", lang), str(merchant["category"])))
    stage = merchant.get("stage")
    if stage:
        rows.append((t("stage", lang), t(f"stage_{stage}", lang) if f"stage_{stage}" in LABELS else str(stage)))
    rows.append((t("assessed", lang), span_words(history.dates, lang)))
    return rows


def score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def signed(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1f}"


def target_words(entry: dict[str, Any], lang: str, short: bool = False) -> str:
    """A capability's target as `L3 规范（40）` / `L3 Established (40)`; `short` (a narrow terminal) leaves out the
    level's name: `L3（40）`."""
    target = entry["target"]
    opening, closing = ("（", "）") if lang == "zh" else (" (", ")")
    name = "" if short else f" {target['name'][lang]}"
    return f"L{target['id']}{name}{opening}{entry['target_score']:g}{closing}"


def rows(history: Any, lang: str) -> list[tuple[str, dict[str, Any]]]:
    """(name, trend) per line of a table: the overall score first, then each capability in rubric order."""
    return [(t("overall", lang), history.overall), *((c["name"][lang], c) for c in history.capabilities)]


def action_note(item: dict[str, Any], lang: str) -> str:
    """When an action was resolved, or since when it is open (and whether it is new since the first date)."""
    if "resolved" in item:
        return t("history_resolved_by", lang, when=date_words(item["resolved"], lang))
    note = t("history_since", lang, when=date_words(item["since"], lang))
    if item.get("new"):
        note += ("，" if lang == "zh" else ", ") + t("history_new", lang)
    return note


def other_merchants(history: Any, lang: str) -> str | None:
    if not history.other_merchants:
        return None
    return t("history_other", lang, names=("、" if lang == "zh" else ", ").join(history.other_merchants))


def render_history(history: Any, fmt: str, options: Any) -> str:
    """A `History` in one of `HISTORY_REGISTRY`'s formats (imported only when asked for)."""
    from . import HISTORY_REGISTRY, _function

    return _function(HISTORY_REGISTRY, "history", fmt)(history, options)
