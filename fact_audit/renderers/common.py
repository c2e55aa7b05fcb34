"""Small formatting helpers shared by the human-facing renderers."""

from __future__ import annotations

from ..i18n import FACT_NAMES, OWNERS, PLATFORM_NAMES, pick, t
from ..report import Report


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
