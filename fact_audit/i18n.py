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
    "horizon": ("期限", "Horizon"),
    "why": ("依据", "Because"),
    "watch": ("衡量指标", "Measure"),
    "action": ("怎么做", "Action"),
    "incomplete": (
        "报告不完整：{n} 道题未作答，完整度 {c}。",
        "Incomplete report: {n} question(s) unanswered, coverage {c}.",
    ),
    "excluded": ("按“不适用”排除的题目", "Questions excluded as n/a"),
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
    "after": ("先完成", "First finish"),
    "verdict": ("结论", "Verdict"),
    "verdict_plain": (
        "综合 {s} 分，等级 L{l} {n}。",
        "Overall {s} of 100, level L{l} {n}.",
    ),
    "verdict_capped": (
        "综合 {s} 分，按分数是 L{u} {un}，但有红线没过，等级封顶为 L{l} {n}。",
        "Overall {s} of 100 - L{u} {un} by score, but red lines hold the level at L{l} {n}.",
    ),
    "capped_reason": ("封顶", "Capped"),
    "verdict_unknown": (
        "有 {k} 个关键数字填的是“不清楚”：{names}。这几项没有计分依据，结论要等数字找出来后再确认。",
        "{k} key number(s) were answered “don't know”: {names}. They give the score nothing to go on; confirm the "
        "verdict once they are found.",
    ),
    "not_used": ("未使用", "not used"),
    "capped_mark": ("（封顶）", " (capped)"),
    "later": ("暂缓的建议", "Later"),
    "later_intro": (
        "下面这些先不排进 30/60/90 天计划，一条一行，等前面的做完或阶段升级后再看。",
        "Kept out of the 30/60/90-day plan, one line each; revisit them once the plan is done or the stage moves up.",
    ),
    "later_beyond_target": ("超出当前阶段的目标", "beyond this stage's target"),
    "later_capacity": ("团队这个周期排不下", "more than the team can carry now"),
    "later_after_later": ("要等暂缓的前置事项", "waits for a postponed prerequisite"),
    "footer": ("题库版本 {v}", "Rubric {v}"),
    "red_lines": ("红线", "Red lines"),
    "red_line": ("红线", "Red line"),
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
GROUPS = {"quick_win": ("快速见效", "Quick win"), "core": ("核心", "Core"), "strategic": ("战略", "Strategic")}
RANKS = {"high": ("高", "high"), "medium": ("中", "medium"), "low": ("低", "low")}
SEVERITIES = {"critical": ("严重", "critical"), "warning": ("警告", "warning"), "info": ("提示", "info")}
PLATFORM_NAMES = {
    "douyin": ("抖音", "Douyin"),
    "kuaishou": ("快手", "Kuaishou"),
    "channels": ("视频号（微信小店）", "WeChat Channels (微信小店)"),
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


NOTICES_ZH = {
    "no-format": "答案文件没有写格式版本，已按当前格式读取。",
    "migrated": "答案文件是按旧版题库填的，已自动换算到当前版本。",
    "rubric-version": "答案文件是按另一版题库填的，已用当前版本计分。",
    "dropped": "有旧版题目在当前版本里不再问，它们的答案没有计入。",
    "hidden-answer": "有几道题按前面的回答不需要填，它们的答案没有计入。",
}


def notice_text(code: str, message: str, lang: str) -> str:
    """A warning in the report's language: Chinese readers get a sentence, never an id or an English message."""
    if lang == "zh":
        return NOTICES_ZH.get(code, "答案文件里有一处需要留意的地方，详见英文报告。")
    return message


def t(key: str, lang: str, **values: object) -> str:
    zh, en = LABELS[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]
