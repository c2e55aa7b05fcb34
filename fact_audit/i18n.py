"""Interface words of reports and prompts, in both languages (rubric texts carry their own)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "report_title": ("商家自播能力诊断报告", "Self-broadcast capability report"),
    "merchant": ("商家", "Merchant"),
    "platform": ("平台", "Platform"),
    "stage": ("阶段", "Stage"),
    "category": ("类目", "Category"),
    "date": ("日期", "Date"),
    "profile": ("对标阶段", "Profile"),
    "overall": ("综合得分", "Overall score"),
    "level": ("等级", "Level"),
    "target": ("目标", "Target"),
    "gap": ("差距", "Gap"),
    "coverage": ("完整度", "Coverage"),
    "score": ("得分", "Score"),
    "capability": ("能力", "Capability"),
    "capabilities": ("八项能力", "Eight capabilities"),
    "fact_mix": ("FACT 成交结构", "FACT sales mix"),
    "flags": ("需要注意", "Flags"),
    "actions": ("优先行动", "Priority actions"),
    "plan": ("30/60/90 天行动计划", "30/60/90-day plan"),
    "owner": ("负责人", "Owner"),
    "priority": ("优先级", "Priority"),
    "why": ("触发原因", "Why"),
    "watch": ("看什么数", "Watch"),
    "action": ("怎么做", "Action"),
    "incomplete": (
        "报告不完整：{n} 道题未作答，完整度 {c}。",
        "Incomplete report: {n} question(s) unanswered, coverage {c}.",
    ),
    "excluded": ("按“不适用”排除", "Excluded as n/a"),
    "warnings": ("提示", "Notes"),
    "no_flags": ("没有发现矛盾或风险信号。", "No contradictions or risk signals found."),
    "no_actions": ("没有触发任何建议。", "No recommendation was triggered."),
    "more_actions": (
        "另有 {n} 条建议，见 JSON 或 Markdown 报告。",
        "{n} more recommendation(s) in the JSON or Markdown report.",
    ),
    "fact_total": ("各项合计 {t}%，已按 100% 折算。", "Shares add up to {t}%; scaled to 100%."),
    "fact_unknown": ("未提供成交结构。", "No sales mix given."),
    "days": ("{d} 天内", "Within {d} days"),
    "after": ("先完成", "After"),
    "notes": ("备注", "Notes"),
    "compare_title": ("前后对比", "Progress comparison"),
    "portfolio_title": ("客户组合总览", "Client portfolio"),
    "clients": ("客户数", "Clients"),
    "failed": ("失败", "Failed"),
    "cohort_mean": ("组合平均", "Portfolio average"),
    "other_merchant": ("注意：两份评估的商家名称不同。", "Note: the two assessments name different merchants."),
    "before": ("之前", "Before"),
    "after_label": ("之后", "After"),
    "delta": ("变化", "Change"),
    "progress": ("目标完成度", "Progress to target"),
    "resolved": ("已解决的建议", "Actions resolved"),
    "new_actions": ("新出现的建议", "New actions"),
    "changed_answers": ("答案有变化的题目", "Questions answered differently"),
}

OWNERS = {
    "host": ("主播", "Host"),
    "operator": ("运营", "Operator"),
    "ad_buyer": ("投手", "Ad buyer"),
    "customer_service": ("客服", "Customer service"),
    "supply_chain": ("供应链", "Supply chain"),
    "owner": ("老板", "Shop owner"),
}
GROUPS = {"quick_win": ("速赢", "Quick win"), "core": ("核心", "Core"), "strategic": ("战略", "Strategic")}
RANKS = {"high": ("高", "high"), "medium": ("中", "medium"), "low": ("低", "low")}
SEVERITIES = {"critical": ("严重", "critical"), "warning": ("警告", "warning"), "info": ("提示", "info")}
PLATFORM_NAMES = {
    "douyin": ("抖音", "Douyin"),
    "kuaishou": ("快手", "Kuaishou"),
    "channels": ("视频号", "WeChat Channels"),
    "other": ("其他", "Other"),
}
UNITS = {
    "percent": ("%", "%"),
    "hours_per_week": ("小时/周", "h/week"),
    "minutes": ("分钟", "min"),
    "seconds": ("秒", "s"),
    "hours": ("小时", "h"),
    "yuan": ("元", "yuan"),
    "count": ("个", "count"),
    "ratio": ("倍", "×"),
    "score": ("分", "points"),
    "per_mille": ("‰", "‰"),
    "days": ("天", "days"),
}
FACT_NAMES = {
    "F": ("F 自播", "F Field (self-broadcast)"),
    "A": ("A 达人矩阵", "A Alliance (creators)"),
    "C": ("C 营销活动", "C Campaign"),
    "T": ("T 头部大V", "T Top KOL"),
}


def t(key: str, lang: str, **values: object) -> str:
    zh, en = LABELS[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]
