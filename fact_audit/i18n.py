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
    "later_red_lines_first": ("先过红线：这项能力已达到本阶段目标", "red lines first: already at target"),
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
    # -- the quick interview's provisional report (issue 15, item 1) ------------------------------------------
    "provisional": (
        "初步报告：能力部分 {t} 道题只答了 {n} 道，完整度 {c}。结论仅供参考，答完全部问题后再下定论。",
        "Provisional report: {n} of the {t} capability questions answered, coverage {c}. Read the verdict as a first"
        " look and settle it once every question is answered.",
    ),
}

# -- batch outputs: summary.csv headers and values, the portfolio page (issue 15, items 8 and 10) --------------------
# English headers of summary.csv stay the column ids scripts already read; Chinese ones are words for Excel and WPS.
BATCH_LABELS: dict[str, tuple[str, str]] = {
    "col_name": ("店铺", "name"),
    "col_source": ("来源文件", "source"),
    "col_platform": ("平台", "platform"),
    "col_category": ("类目", "category"),
    "col_stage": ("阶段", "stage"),
    "col_date": ("日期", "date"),
    "col_overall": ("总分", "overall"),
    "col_level": ("等级", "level"),
    "col_coverage": ("覆盖率（%）", "coverage"),
    "col_complete": ("是否答完", "complete"),
    "col_flags": ("需要注意的条数", "flags"),
    "col_action_1": ("优先行动一", "action_1"),
    "col_action_2": ("优先行动二", "action_2"),
    "col_action_3": ("优先行动三", "action_3"),
    "col_report": ("报告文件", "report"),
    "col_overall_pct": ("总分批内百分位", "overall_pct"),
    "col_cap_pct": ("{name}批内百分位", "{id}_pct"),
    "col_segment_size": ("同类客户数", "segment_size"),
    "col_overall_segment_pct": ("总分同类百分位", "overall_segment_pct"),
    "col_cap_segment_pct": ("{name}同类百分位", "{id}_segment_pct"),
    "col_line": ("行号", "line"),
    "col_problem": ("问题", "problem"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "stage_starter": ("起步期", "Starting out"),
    "stage_growth": ("成长期", "Growing"),
    "stage_mature": ("成熟期", "Mature"),
    "batch_date": ("生成日期", "Generated"),
    "assessed": ("评估日期", "Assessed"),
    "date_range": ("{a} 至 {b}", "{a} to {b}"),
    "no_dates": ("答案里没有填日期", "no dates in the answers"),
    "cohort_view": ("组合概况", "The portfolio at a glance"),
    "spread": ("各能力的等级分布", "Levels per capability"),
    "spread_intro": (
        "每格是这一项能力落在该分数段的客户占比，颜色和下面的说明一致。",
        "Each cell is the share of clients whose score for that capability falls in the band; colours as in the key.",
    ),
    "segments": ("按类目和阶段分组", "Clients by category and stage"),
    "flagged": ("有风险提示的客户", "Clients with flags"),
    "complete_share": ("题目全部答完的客户", "Clients who answered every question"),
    "legend": ("颜色说明", "What the colours mean"),
    "band_1": ("0–19 分：起步，还靠感觉在做", "0–19: starting, run on instinct"),
    "band_2": ("20–39 分：搭建中，动作有了但不稳", "20–39: building, the moves exist but slip"),
    "band_3": ("40–59 分：规范，有流程有负责人", "40–59: established, a routine with an owner"),
    "band_4": ("60–79 分：精细，按数据调整", "60–79: optimising, adjusted by the numbers"),
    "band_5": ("80–100 分：领先，成体系可复制", "80–100: leading, a repeatable system"),
    "client_list": ("客户名单", "Client list"),
    "page_n": ("第 {n} 页（第 {a}–{b} 位客户）", "Page {n} (clients {a}–{b})"),
    "prev_page": ("上一页", "Previous page"),
    "next_page": ("下一页", "Next page"),
    "to_overview": ("返回总览", "Back to the overview"),
    "no_report": ("未生成报告", "no report written"),
}
LABELS.update(BATCH_LABELS)

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

# -- rubric diffs (`rubrics diff --lang`, issue 15, item 14): the frame of every human diff format ------------------
# English keeps the wording PR comments and scripts already quote; `diff_kind_*` name each kind of change,
# `diff_word_*` the fixed words a change's detail may hold, `diff_field_*` the text that was reworded.
DIFF_LABELS: dict[str, tuple[str, str]] = {
    "diff_title": ("题库改动对比：{old} → {new}", "Rubric diff: {old} → {new}"),
    "diff_content": ("内容改动（{n} 处）", "Content ({n} change(s))"),
    "diff_no_content": ("内容没有改动", "no content change"),
    "diff_scores": ("{n} 家样例商家的得分", "Scores of {n} sample merchant(s)"),
    "diff_no_move": ("得分不变", "no change"),
    "diff_largest": ("得分最大变动 {x} 分", "largest score move: {x} points"),
    "diff_col_change": ("改动", "change"),
    "diff_col_item": ("条目", "item"),
    "diff_col_detail": ("内容", "detail"),
    "diff_col_merchant": ("商家", "merchant"),
    "diff_col_overall": ("综合", "overall"),
    "diff_other_changed": ("{which}措辞有改动，{old} → {new}", "{which} wording changed: {old} → {new}"),
    "diff_lang_zh": ("中文", "Chinese"),
    "diff_lang_en": ("英文", "English"),
    "diff_kind_added": ("新增", "added"),
    "diff_kind_removed": ("删除", "removed"),
    "diff_kind_renamed": ("改名", "renamed"),
    "diff_kind_reworded": ("改措辞", "reworded"),
    "diff_kind_reweighted": ("改权重", "reweighted"),
    "diff_kind_retyped": ("改题型", "retyped"),
    "diff_kind_options": ("改选项", "options"),
    "diff_kind_bands": ("改分档", "bands"),
    "diff_kind_condition": ("改条件", "condition"),
    "diff_kind_capability": ("能力", "capability"),
    "diff_kind_profile": ("对标阶段", "profile"),
    "diff_word_added": ("新增", "added"),
    "diff_word_removed": ("删除", "removed"),
    "diff_word_dropped": ("不再问", "dropped"),
    "diff_word_no_migration": ("没有迁移条目", "no migration entry"),
    "diff_word_recommendation": ("建议", "recommendation"),
    "diff_word_profile": ("权重或目标有变", "weights or targets changed"),
    "diff_word_order": ("选项顺序有变", "order"),
    "diff_word_single": ("单选题", "single"),
    "diff_word_multi": ("多选题", "multi"),
    "diff_word_scale": ("打分题", "scale"),
    "diff_word_number": ("数字题", "number"),
    "diff_word_yesno": ("是否题", "yesno"),
    "diff_field_text": ("题目", "text"),
    "diff_field_help": ("说明", "help"),
    "diff_field_option": ("选项", "option"),
    "diff_field_title": ("标题", "title"),
    "diff_field_action": ("做法", "action"),
    "diff_field_metric": ("衡量指标", "metric"),
}
LABELS.update(DIFF_LABELS)

# -- `fact-audit history` (issue 16, item 3): one merchant over several dates ---------------------------------------
HISTORY_LABELS: dict[str, tuple[str, str]] = {
    "history_title": ("成长轨迹", "Progress over time"),
    "history_span": ("{n} 次评估，{a}至 {b}", "{n} assessments, {a} to {b}"),
    "history_one": ("只有 1 次评估，{a}", "one assessment, {a}"),
    "history_change": ("累计变化", "Change"),
    "history_step": ("较上次", "Since last"),
    "history_progress_short": ("完成度", "Progress"),
    "history_target_overall": ("各项都达到目标时的综合得分", "overall with every capability at its target"),
    "history_resolved": ("首次评估以来已解决的建议", "Actions resolved since the first assessment"),
    "history_open": ("仍待完成的建议", "Actions still open"),
    "history_since": ("从 {when}起", "since {when}"),
    "history_resolved_by": ("到 {when}已解决", "resolved by {when}"),
    "history_new": ("首次评估之后新出现", "new since the first assessment"),
    "history_none": ("暂无。", "None."),
    "history_other": (
        "注意：这些文件里还有别的商家名称：{names}。结果按同一家合在一起看，请你们自己确认。",
        "Note: these files also name other merchants: {names}. They are shown together; check that this is right.",
    ),
    "history_charts": ("各项能力的走势", "Each capability over time"),
    "history_charts_intro": (
        "每张小图是一项能力在各次评估的得分，实线是得分，虚线是目标。",
        "Each chart is one capability's score at each assessment; the solid line is the score, the dashed the target.",
    ),
    "history_date": ("{y} 年 {m} 月 {d} 日", "{d} {mon} {y}"),
    "history_day": ("{m} 月 {d} 日", "{d} {mon}"),
    "history_year": ("{y} 年", "{y}"),
    "history_link": ("成长轨迹", "history"),
}
LABELS.update(HISTORY_LABELS)

# -- scoring against peers (`--benchmark`, issue 16, item 2): the "同行对比" block of every report format ----------
# {seg} is the segment in words (platform · category · stage), never ids; percentiles are mid-rank, one decimal.
PEERS_LABELS: dict[str, tuple[str, str]] = {
    "peers_title": ("同行对比", "Against peers"),
    "peers_segment": ("对比的同行：{seg}，共 {n} 家店铺", "Compared with: {seg}, {n} shops"),
    "peers_any_platform": ("不分平台", "all platforms"),
    "peers_any_category": ("不分平台和类目", "all platforms and categories"),
    "peers_everyone": ("全部同行", "all peers"),
    "peers_synthetic": (
        "注意：这份同行数据是合成样本，仅供演示，不代表任何真实店铺。",
        "Note: this peer data is synthetic, for demonstration only; it describes no real shop.",
    ),
    "peers_overall": (
        "综合 {s} 分，在同行里处在第 {pct} 百分位；同行中位数 {m} 分，排进前四分之一要 {q} 分。",
        "Overall {s}: percentile {pct} among peers; the peer median is {m} and the top quartile starts at {q}.",
    ),
    "peers_col_percentile": ("同行百分位", "Percentile"),
    "peers_col_median": ("同行中位数", "Median"),
    "peers_col_p75": ("同行前四分之一", "Top 25%"),
    "peers_col_gap_p75": ("距前四分之一", "To top 25%"),
    "peers_median_legend": ("同行中位数", "Peer median"),
    "peers_col_gap_target": ("距目标", "To target"),
    "peers_pct_before": ("之前的百分位", "Percentile before"),
    "peers_pct_after": ("之后的百分位", "Percentile after"),
}
LABELS.update(PEERS_LABELS)
