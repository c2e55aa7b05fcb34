"""`fact-audit interview`: one question at a time, saved after every answer, resumable.

The engine takes its console (anything with rich's `print`) and its input stream as parameters, so tests drive it
with a string and a recording console. Every answer is written at once, atomically, in the answers-file format: an
interrupted interview (Ctrl-C, end of input, a dropped SSH session) leaves a valid file with every answer given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .answers import _HALF_WIDTH, FORMAT, Answers, environment, load_answers, normalise
from .explain import answer_words
from .fileio import atomic_write_text
from .i18n import PLATFORM_NAMES, UNITS, pick
from .model import NA, PLATFORMS, UNKNOWN, Question, RubricSet
from .safetext import visible as _plain  # controls shown as escapes

FINISHED, QUIT, END_OF_INPUT = "finished", "quit", "end_of_input"

WORDS: dict[str, tuple[str, str]] = {
    "keys": (
        "输入答案后回车。? 看说明 · b 上一题 · s 跳过 · u 不知道 · na 不适用（限允许的题）· q 保存并退出",
        "Type an answer and press Enter. ? help · b back · s skip · u unknown · na n/a (where allowed)"
        " · q save and quit",
    ),
    # One key for n/a everywhere it is allowed: `na` (also `n/a`, `不适用`), never `n`, which is "no" at yes/no.
    "keys_na": (" · na 不适用", " · na n/a"),
    "na_key": ("“不适用”请输入 na。", "For n/a, type na."),
    "files_written": ("答案文件：{answers}\n诊断报告：{report}", "answers: {answers}\nreport:  {report}"),
    "saving_to": ("答案会在每答一题后自动保存到：{path}", "Every answer is saved as you go, to: {path}"),
    "resuming": ("继续上次的问卷：已答 {n} 题。", "Resuming: {n} answer(s) already given."),
    "name": ("店铺或品牌名", "Shop or brand name"),
    "platform": ("主要经营平台", "Main platform"),
    "stage": ("店铺阶段", "Stage of the shop"),
    "progress": (
        "[{section} · 第 {ci}/{cn} 部分] 第 {qi}/{qn} 题 · 总进度 {pct}%",
        "[{section} · part {ci}/{cn}] question {qi}/{qn} · overall {pct}%",
    ),
    "current": ("当前答案：{value}（直接回车保留）", "Current answer: {value} (press Enter to keep it)"),
    "choose_one": ("输入序号", "Enter a number"),
    "choose_many": ("输入序号，用逗号分隔；都没有输入 0", "Enter numbers separated by commas; 0 for none"),
    "scale": ("输入 0–4", "Enter 0-4"),
    "yesno": ("输入 y（是）或 n（否）", "Enter y (yes) or n (no)"),
    "number": ("输入数字（{unit}，{low}–{high}）", "Enter a number ({unit}, {low}-{high})"),
    "percent_hint": ("，12 或 12% 都可以", "; 12 or 12% both work"),
    "yuan_hint": ("，300000 或 30 万 都可以", "; 300000, 300,000 or 30万 all work"),
    "duration_hint": ("，也可以写 1 分 30 秒 或 90 秒", "; 1m30s or 90s work too"),
    "invalid": ("没看懂这个答案：{why}", "That answer did not fit: {why}"),
    "no_back": ("已经是第一题了。", "This is the first question."),
    "no_na": ("这道题不能填“不适用”。", "This question cannot be answered n/a."),
    "saved_quit": (
        "已保存 {n} 个答案到 {path}。继续作答：fact-audit interview --out {path} --resume",
        "Saved {n} answer(s) to {path}. To continue: fact-audit interview --out {path} --resume",
    ),
    "done": ("问卷完成，答案已保存到 {path}", "Interview complete; answers saved to {path}"),
    "overwrite": (
        "{path} 是一份已完成的问卷。重新开始并覆盖它吗？[y/N]",
        "{path} is a finished interview. Start over and overwrite it? [y/N]",
    ),
    "help": ("说明", "Help"),
    "skipped_again": (
        "还有 {n} 道跳过的题，再过一遍（再按 s 就留空）。",
        "{n} skipped question(s) left; here they are once more (s leaves them blank).",
    ),
    "where": ("在哪里看", "Where to find it"),
    "only_if": ("（因为你们前面的回答才问这题）", "(asked because of an earlier answer)"),
    "category": ("主营类目（如 美妆、食品、女装）", "Main category (e.g. beauty, food, womenswear)"),
    "not_text": (
        "这一行不是 UTF-8 文字（终端设成了 GBK 吗？），请重新输入。",
        "That line is not UTF-8 text (is the terminal set to GBK?); please type it again.",
    ),
    # -- the quick interview and the estimate before the first question ------------------------------------------
    "estimate": (
        "完整问卷还有至多 {n} 道题要答，其中 {k} 个数字要去后台查，大约 {low}–{high} 分钟；"
        "快速问卷还有 {qn} 道，大约 {qlow}–{qhigh} 分钟。时间是估算：选择题每道二三十秒，"
        "要查的数字每个一分钟上下，有些题要看前面的回答才问。",
        "The full questionnaire has at most {n} question(s) left, {k} of them numbers to look up in the back office:"
        " about {low}-{high} minutes. The quick one has {qn} left: about {qlow}-{qhigh} minutes. These are estimates"
        " (20-30 seconds per choice, about a minute per number to look up); some questions are asked only after"
        " certain answers.",
    ),
    "mode_quick": (
        "这次是快速问卷：先答店铺概况，再答每项能力最要紧的几道题，答完先出一份初步报告。",
        "This is the quick questionnaire: the shop's overview, then the few questions that tell most about each"
        " capability, and a provisional report at the end.",
    ),
    "mode_full": (
        "只想先看个大概，可以加 --quick 用快速问卷，之后再补答其余的题。",
        "For a first look, add --quick for the quick questionnaire and answer the rest later.",
    ),
    "pages_douyin": (
        "开始前先把这几个后台打开，要查的数字都在里面：抖店后台（商家体验分、发货和售后）；"
        "巨量千川（近 30 天的消耗、成交和退款）；抖音电商罗盘（直播间的停留、互动和成交，商品数据）。",
        "Before you start, open these; the numbers asked for are there: the Doudian back office (experience score,"
        " shipping, after-sale); Qianchuan (the last 30 days' spend, sales and refunds); Douyin E-commerce Compass"
        " (live-room watch time, interaction and sales; product data).",
    ),
    "pages_kuaishou": (
        "开始前先把这几个后台打开，要查的数字都在里面：快手小店商家后台（店铺体验分、发货和售后）；"
        "磁力金牛（近 30 天的消耗、成交和退款）；快手生意通（直播和商品数据）。",
        "Before you start, open these; the numbers asked for are there: the Kuaishou store back office (store"
        " experience score, shipping, after-sale); Cili Jinniu (the last 30 days' spend, sales and refunds);"
        " Kuaishou Shengyitong (live and product data).",
    ),
    "pages_channels": (
        "开始前先把这几个后台打开，要查的数字都在里面：微信小店后台（店铺体验分、发货和售后）；"
        "投了广告的，再开小店投放或腾讯广告（近 30 天的消耗、成交和退款）；"
        "电商罗盘商家版和视频号助手（直播和商品数据）。",
        "Before you start, open these; the numbers asked for are there: the WeChat Store back office (store"
        " experience score, shipping, after-sale); if you buy ads, Store Ads or Tencent Ads (the last 30 days'"
        " spend, sales and refunds); WeChat Store's merchant analytics and the Channels assistant (live and product"
        " data).",
    ),
    "pages_other": (
        "开始前先把店铺后台（发货、售后和店铺评分）、广告账户（近 30 天的消耗和成交）"
        "和平台的数据工具（直播和商品数据）打开，要查的数字都在里面。",
        "Before you start, open the store's back office (shipping, after-sale, store rating), the ad account (the"
        " last 30 days' spend and sales) and the platform's data tool (live and product data); the numbers asked"
        " for are there.",
    ),
    "deeper": (
        "最弱的是{names}。要不要接着把这几项的其余问题答完？答案都会保留。[y/N]",
        "The weakest capabilities are {names}. Answer the rest of their questions now? Every answer is kept. [y/N]",
    ),
    "rest_later": (
        "其余的题随时可以补答，已答的不会再问：fact-audit interview --out {path}",
        "Answer the rest whenever you like; nothing answered is asked again: fact-audit interview --out {path}",
    ),
}
_NA_KEYS = ("na", "n/a", "n.a.", "不适用")
# Bytes the input's decoder could not read, kept as lone surrogates by `surrogateescape` (`answers_input`).
_UNDECODED = re.compile("[\ud800-\udfff]")


def say(key: str, lang: str, **values: object) -> str:
    """One of the interview's sentences, as rich markup: the values filled in (paths, answers typed or read from a
    file) are shown literally, control characters as escapes, so none can style the line or act on the terminal."""
    text = pick(WORDS[key], lang)
    return text.format(**{k: _m(v) for k, v in values.items()}) if values else text


def _m(text: object) -> str:
    """Text from a file or the keyboard, for a line of rich markup."""
    from rich.markup import escape

    return escape(_plain(text))


class _Back(Exception):
    pass


class _Quit(Exception):
    pass


class _EndOfInput(Exception):
    pass


@dataclass
class InterviewResult:
    status: str
    path: Path
    answered: int
    answers: dict[str, Any] = field(default_factory=dict)


@dataclass
class Interview:
    """A questionnaire session over `rubric`, reading `stream`, printing on `console`, saving to `path`."""

    rubric: RubricSet
    console: Any
    stream: TextIO
    path: Path
    lang: str = "zh"
    only: list[str] | None = None
    merchant: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    layout: str | None = None  # a commented file (a template) being filled in: its comments are kept on save
    quick: bool = False  # only the context and the questions marked quick (`interview --quick`)
    _quick_ids: set[str] | None = field(default=None, init=False, repr=False)

    # -- reading ---------------------------------------------------------------------------------------
    def _read(self, prompt: str) -> str:
        """One line typed after `prompt`. A line that is not text in the input's encoding (GBK bytes from a terminal
        set to GBK, read as UTF-8 with `surrogateescape`: see `answers_input`) is refused and asked again."""
        while True:
            self.console.print(f"[bold cyan]>[/bold cyan] {prompt} ", end="")
            if hasattr(self.console, "file"):
                self.console.file.flush()
            line = self.stream.readline()
            if line == "":
                raise _EndOfInput
            if not self._tty():  # a log reads as a dialogue
                self.console.print(_plain(line.rstrip("\n")), markup=False, highlight=False)
            if not _UNDECODED.search(line):
                return line.strip()
            self.console.print(f"[red]{say('not_text', self.lang)}[/red]")

    def _tty(self) -> bool:
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    def confirm(self, question: str) -> bool:
        """A y/N question; anything but yes (or end of input) is no. Its `[y/N]` is shown, not read as a style tag."""
        try:
            answer = self._read(re.sub(r"(?<!\\)\[y/N\]", r"\\[y/N]", question))
        except _EndOfInput:
            return False
        return answer.translate(_HALF_WIDTH).strip().lower() in ("y", "yes", "是", "是的", "好", "确定")

    # -- the session's state ------------------------------------------------------------------------------
    def resume(self, path: Path | None = None) -> bool:
        """Take up the merchant, answers and notes saved in `path` (default: the file this session writes), checked
        against the rubric as `fact-audit score` would. False, and nothing changed, when there is no such file."""
        path = self.path if path is None else Path(path)
        if not path.exists():
            return False
        saved = load_answers(path, self.rubric, allow_empty=True)
        self.merchant, self.answers, self.notes = dict(saved.merchant), dict(saved.values), dict(saved.notes)
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        self.layout = text if any(line.lstrip().startswith("#") for line in text.splitlines()[:50]) else None
        return True

    def restart(self) -> None:
        """Forget every answer: the next save overwrites the file with a fresh interview."""
        self.merchant, self.answers, self.notes = {}, {}, {}

    def preset(self, platform: str | None = None, stage: str | None = None) -> None:
        """Platform and stage given up front (`--platform`, `--stage`); never over what the saved file says."""
        for key, value in (("platform", platform), ("stage", stage)):
            if value and not self.merchant.get(key):
                self.merchant[key] = value

    # -- the questionnaire -------------------------------------------------------------------------------
    def questions(self) -> list[Question]:
        """Every question in scope, in order (context first); visibility is decided as we go. Computed questions are
        worked out from the answers, never asked. A quick interview asks the context and the quick questions."""
        return self._in_scope(self.quick, self.only)

    def _in_scope(self, quick: bool, only: list[str] | None) -> list[Question]:
        marked = self.quick_ids() if quick else set()
        # the shop overview is asked whole unless the set marks which of it the quick interview needs
        context = [q for s in self.rubric.sections() if s.kind != "capability" for q in s.questions]
        whole_context = not any(q.id in marked for q in context)
        out: list[Question] = []
        for section in self.rubric.sections():
            if section.kind == "capability" and only and section.id not in only:
                continue
            out.extend(
                q
                for q in section.questions
                if q.asked and (not quick or q.id in marked or (whole_context and section.kind != "capability"))
            )
        return out

    def quick_ids(self) -> set[str]:
        """The ids of the questions marked quick (see `quick_questions`), worked out once per session."""
        if self._quick_ids is None:
            self._quick_ids = quick_questions(self.rubric)
        return self._quick_ids

    def left_in_full(self) -> list[Question]:
        """What a full interview (every capability) would still ask: a report with any of it is provisional."""
        hidden = self._env_hidden()
        return [q for q in self._in_scope(False, None) if q.id not in hidden and q.id not in self.answers]

    def estimate(self) -> str:
        """How many questions are left and roughly how long they take, full and quick, said before the first one.
        Counted over every question in scope (some are asked only after certain answers, so these are at most)."""
        full = [q for q in self._in_scope(False, self.only) if q.id not in self.answers]
        quick = [q for q in self._in_scope(True, self.only) if q.id not in self.answers]
        low, high = _minutes(full)
        qlow, qhigh = _minutes(quick)
        numbers = sum(1 for q in full if q.type == "number")
        return say(
            "estimate", self.lang, n=len(full), k=numbers, low=low, high=high, qn=len(quick), qlow=qlow, qhigh=qhigh
        )

    def pages(self) -> str:
        """The back-office pages to open first, for this merchant's platform only (never another platform's tools)."""
        platform = self.merchant.get("platform")
        return say(f"pages_{platform}" if f"pages_{platform}" in WORDS else "pages_other", self.lang)

    def weakest(self, report: Any, most: int = 3) -> list[str]:
        """The two or three weakest scored capabilities that still have questions to ask, weakest first: a third only
        while it is below its target, so the offer stays short."""
        left = {q.section for q in self.left_in_full()}
        scored = [c for c in report.capabilities if c.status == "scored" and c.id in left]
        scored.sort(key=lambda c: (c.score, -c.gap))
        chosen = scored[:2] + [c for c in scored[2:most] if c.gap > 0]
        return [c.id for c in chosen]

    def deepen(self, capabilities: list[str]) -> InterviewResult:
        """Ask the rest of these capabilities' questions (the quick ones are answered), then finish as `run` does."""
        self.quick, self.only = False, list(capabilities)
        return self.run(intro=False)

    def shown(self, question: Question) -> Question:
        """The question as this merchant reads it: its platform's words and tools, its stage's and category's bands."""
        from .variants import CATEGORY_QUESTION, view

        category = self.answers.get(CATEGORY_QUESTION)
        shown = view(
            self.rubric,
            self.merchant.get("platform"),
            self.merchant.get("stage"),
            category if isinstance(category, str) else None,
        )
        return shown.questions.get(question.id, question)

    def _env_hidden(self) -> set[str]:
        values = {qid: normalise(self.rubric.questions[qid], raw) for qid, raw in self.answers.items()}
        _, hidden = environment(self.rubric, Answers(str(self.path), self.merchant, values))
        return hidden

    def visible(self) -> list[Question]:
        hidden = self._env_hidden()
        return [q for q in self.questions() if q.id not in hidden]

    def unanswered(self) -> list[Question]:
        return [q for q in self.visible() if q.id not in self.answers]

    def finished(self) -> bool:
        return not self.unanswered() and all(self.merchant.get(k) for k in ("name", "platform", "stage"))

    def save(self) -> None:
        """Write the answers file atomically; answers hidden by a changed condition are dropped."""

        hidden = self._env_hidden()
        every = self._in_scope(False, None)  # not only those in scope: a quick or `--only` session keeps the rest
        answers = {q.id: self.answers[q.id] for q in every if q.id in self.answers and q.id not in hidden}
        document = {
            "format": FORMAT,
            "rubric": self.rubric.ref,
            "merchant": {k: v for k, v in self.merchant.items() if v is not None},
            "answers": answers,
        }
        if self.notes:
            document["notes"] = self.notes
        text = _filled(self.layout, document, self.lang)
        atomic_write_text(self.path, text)

    def run(self, intro: bool = True) -> InterviewResult:
        lang = self.lang
        if intro:
            self.console.print(say("saving_to", lang, path=self.path))
            if self.answers:
                self.console.print(say("resuming", lang, n=len(self.answers)))
            self.console.print(self.estimate())
            if self.quick_ids():  # a set that marks no question quick has no quick interview to mention
                self.console.print(say("mode_quick" if self.quick else "mode_full", lang))
            if self.merchant.get("platform"):  # else right after the merchant names it
                self.console.print(f"[bold]{self.pages()}[/bold]")
            self.console.print(f"[dim]{say('keys', lang)}[/dim]")
        try:
            self._ask_merchant()
            self._ask_questions()
        except _Quit:
            return self._stopped(QUIT)
        except _EndOfInput:
            return self._stopped(END_OF_INPUT)
        except KeyboardInterrupt:
            self.console.print()
            self._stopped(QUIT)
            raise
        self.save()
        self.console.print(f"[green]{say('done', lang, path=self.path)}[/green]")
        return InterviewResult(FINISHED, self.path, len(self.answers), dict(self.answers))

    def _stopped(self, status: str) -> InterviewResult:
        self.save()
        self.console.print(f"\n[yellow]{say('saved_quit', self.lang, n=len(self.answers), path=self.path)}[/yellow]")
        return InterviewResult(status, self.path, len(self.answers), dict(self.answers))

    def _ask_merchant(self) -> None:
        lang = self.lang
        while not self.merchant.get("name"):
            name = self._read(say("name", lang) + ":")
            if name == "q":
                raise _Quit
            if name and name not in ("?", "b", "s", "u", "n"):
                self.merchant["name"] = name
                self.save()
        if not self.merchant.get("platform"):
            labels = [pick(PLATFORM_NAMES[p], lang) for p in PLATFORMS]
            self.merchant["platform"] = PLATFORMS[self._choose(say("platform", lang), labels)]
            self.save()
            self.console.print(f"[bold]{self.pages()}[/bold]")
        if not self.merchant.get("stage"):
            profiles = list(self.rubric.profiles.values())
            labels = [f"{p.name(lang)} — {p.description(lang)}" for p in profiles]
            self.merchant["stage"] = profiles[self._choose(say("stage", lang), labels)].id
            self.save()
        if self.merchant.get("category") is None:  # a template's blank category is asked too; "" was answered
            category = self._read(say("category", lang) + ":")
            if category == "q":
                raise _Quit
            # kept even when empty, so a resumed interview does not ask again
            self.merchant["category"] = category if category not in ("?", "b", "s", "u", "n") else ""
            self.save()
        if not self.merchant.get("date"):
            from datetime import date

            self.merchant["date"] = date.today().isoformat()  # the day the answers describe; editable in the file
            self.save()

    def _choose(self, title: str, labels: list[str]) -> int:
        self.console.print(f"\n[bold]{title}[/bold]")
        for index, label in enumerate(labels, 1):
            self.console.print(f"  {index}. {_plain(label)}", markup=False)
        while True:
            raw = self._read(say("choose_one", self.lang) + ":")
            if raw == "q":
                raise _Quit
            if raw.isdigit() and 1 <= int(raw) <= len(labels):
                return int(raw) - 1
            self.console.print(f"[red]{say('invalid', self.lang, why=raw or '∅')}[/red]")

    def _ask_questions(self) -> None:
        """Walk the visible questions. `b` steps back one question; after going back, each later answer is shown
        again with its current value (Enter keeps it) until an unanswered question is reached, so a changed
        answer that opens or hides conditional questions is followed through at once."""
        skipped: set[str] = set()
        self._walk(skipped)
        left = [q.id for q in self.unanswered() if q.id in skipped]
        if left:  # one more pass over what was skipped; skipping again leaves it blank
            self.console.print(f"\n[yellow]{say('skipped_again', self.lang, n=len(left))}[/yellow]")
            self._walk(set(), only=set(left))

    def _walk(self, skipped: set[str], only: set[str] | None = None) -> None:
        reviewing = False
        if only is not None:
            skipped.update(q.id for q in self.questions() if q.id not in only)
        current = self._next_pending(skipped)
        while current is not None:
            question = self.rubric.questions[current]
            prior = self.answers.get(current)
            try:
                value = self._ask(question, current=prior)
            except _Back:
                order = [q.id for q in self.visible()]
                index = order.index(current) if current in order else len(order)
                if index == 0:
                    self.console.print(f"[yellow]{say('no_back', self.lang)}[/yellow]")
                else:
                    current, reviewing = order[index - 1], True
                    skipped.discard(current)
                continue
            if value is None:
                skipped.add(current)
            else:
                self.answers[current] = value
                self.save()
            order = [q.id for q in self.visible()]
            later = order[order.index(current) + 1 :] if current in order else order
            following = next((qid for qid in later if qid not in skipped), None)
            if following is not None and (reviewing or following not in self.answers):
                reviewing = reviewing and following in self.answers
                current = following
            else:
                reviewing = False
                current = self._next_pending(skipped)

    def _next_pending(self, skipped: set[str]) -> str | None:
        return next((q.id for q in self.unanswered() if q.id not in skipped), None)

    def _progress(self, question: Question) -> str:
        sections = [s for s in self.rubric.sections() if not self.only or s.kind != "capability" or s.id in self.only]
        section = next(s for s in sections if s.id == question.section)
        visible = self.visible()
        in_section = [q for q in visible if q.section == section.id]
        answered = sum(1 for q in visible if q.id in self.answers)
        return pick(WORDS["progress"], self.lang).format(  # printed as plain text: its brackets are literal
            section=_plain(section.name(self.lang)),
            ci=sections.index(section) + 1,
            cn=len(sections),
            qi=next((i for i, q in enumerate(in_section, 1) if q.id == question.id), 1),
            qn=len(in_section),
            pct=round(100 * answered / len(visible)) if visible else 100,
        )

    def _ask(self, question: Question, current: Any = None) -> Any:
        """Show one question and return its answer as written in an answers file; None when skipped."""
        lang = self.lang
        question = self.shown(question)
        self.console.print()
        self.console.print(self._progress(question), style="dim", markup=False, highlight=False)
        self.console.print(f"[bold]{_m(question.text(lang))}[/bold]", highlight=False)
        if question.when is not None:
            self.console.print(f"[dim]{say('only_if', lang)}[/dim]")
        hint = self._show_choices(question)
        if question.allow_na:
            hint += pick(WORDS["keys_na"], lang)
        if current is not None:
            self.console.print(f"[dim]{say('current', lang, value=answer_words(question, current, lang))}[/dim]")
        while True:
            raw = self._read(hint + ":")
            command = raw.lower()
            if command == "" and current is not None:
                return current
            if command == "?":
                self._show_help(question)
                continue
            if command == "b":
                raise _Back
            if command == "s":
                return None
            if command == "q":
                raise _Quit
            if command == "u":
                return UNKNOWN
            if command in _NA_KEYS:
                if question.allow_na:
                    return NA
                self.console.print(f"[red]{say('no_na', lang)}[/red]")
                continue
            if command == "n" and question.type != "yesno":  # `n` is "no"; n/a has its own key, said here
                self.console.print(f"[red]{say('na_key' if question.allow_na else 'no_na', lang)}[/red]")
                continue
            try:
                return self._parse(question, raw)
            except ValueError as exc:
                why = str(exc) if lang == "en" else getattr(exc, "zh", None) or _expected(question)  # no ids in zh
                self.console.print(f"[red]{say('invalid', lang, why=why)}[/red]", highlight=False)

    def _show_choices(self, question: Question) -> str:
        from .wrapping import console_lines  # a number, then its text with a hanging indent (issue 15 item 4)

        lang = self.lang
        kind = question.type
        if kind in ("single", "multi", "scale"):
            items = enumerate(question.options, 1) if kind != "scale" else enumerate(question.levels)
            for number, item in items:
                words = item.text(lang) if kind != "scale" else item(lang)
                for line in console_lines(self.console, _plain(words), f"  {number}. "):
                    self.console.print(line, markup=False, highlight=False, soft_wrap=True)
            return say("scale" if kind == "scale" else "choose_one" if kind == "single" else "choose_many", lang)
        if kind == "yesno":
            return say("yesno", lang)
        low, high = question.range or (0, 0)
        hint = say(
            "number", lang, unit=pick(UNITS.get(question.unit or "", ("", "")), lang), low=_num(low), high=_num(high)
        )
        extra = {"percent": "percent_hint", "yuan": "yuan_hint", "minutes": "duration_hint", "seconds": "duration_hint"}
        if question.unit in extra:
            hint += pick(WORDS[extra[question.unit]], lang)
        return hint

    def _show_help(self, question: Question) -> None:
        from .wrapping import console_lines  # wrapped with a hanging indent on a terminal (issue 15 item 4)

        lang = self.lang

        def labelled(label: str, text: str) -> None:
            """`label: text`, the label bold, the text's continuation lines indented under its start."""
            for number, line in enumerate(console_lines(self.console, _plain(text), f"{label}: ")):
                words = _m(line[len(label) + 2 :] if number == 0 else line)
                shown = f"[bold]{label}[/bold]: {words}" if number == 0 else words
                self.console.print(shown, highlight=False, soft_wrap=True)

        labelled(say("help", lang), question.help(lang))
        where = question.where.get(self.merchant.get("platform") or "")
        if where is not None:  # only the merchant's own platform: never another platform's tools
            labelled(say("where", lang), where(lang))
        if question.why is not None:
            for line in console_lines(self.console, _plain(question.why(lang))):
                self.console.print(line, markup=False, highlight=False, soft_wrap=True)
        if question.type == "number":
            for band in question.bands:
                for line in console_lines(self.console, _plain(band.label(lang)), f"  · {_band(band)}: "):
                    self.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def _parse(self, question: Question, raw: str) -> Any:
        kind = question.type
        if kind == "single":
            if raw.isdigit() and 1 <= int(raw) <= len(question.options):
                return question.options[int(raw) - 1].id
            if question.option(raw):
                return raw
            raise ValueError(f"1–{len(question.options)}")
        if kind == "multi":
            if raw in ("0", "-", "无", "none"):
                return []
            picks = [part for part in re.split(r"[,，、\s]+", raw) if part]
            if not picks:
                raise ValueError(say("choose_many", self.lang))
            chosen: list[str] = []
            for part in picks:
                if not part.isdigit() or not 1 <= int(part) <= len(question.options):
                    raise ValueError(f"{part!r}: 1–{len(question.options)}")
                option_id = question.options[int(part) - 1].id
                if option_id not in chosen:
                    chosen.append(option_id)
            return chosen
        if kind == "yesno":
            value = normalise(question, raw)
            return value
        if kind == "scale":
            return normalise(question, raw)
        value = normalise(question, raw)
        return value


SECONDS_PER_CHOICE = (20, 30)  # reading a choice and picking one: an estimate, said as one
SECONDS_PER_NUMBER = (45, 90)  # finding a number in a back office already open, and typing it


def _minutes(questions: list[Question]) -> tuple[int, int]:
    """Low and high estimate, in whole minutes (at least 1 when anything is left), of answering `questions`."""
    numbers = sum(1 for q in questions if q.type == "number")
    choices = len(questions) - numbers
    low = numbers * SECONDS_PER_NUMBER[0] + choices * SECONDS_PER_CHOICE[0]
    high = numbers * SECONDS_PER_NUMBER[1] + choices * SECONDS_PER_CHOICE[1]
    return (max(1, round(low / 60)), max(1, round(high / 60))) if questions else (0, 0)


def quick_questions(rubric: RubricSet) -> set[str]:
    """The ids of the questions a set marks `quick: true` (the quick interview's core)."""
    return {q.id for q in rubric.questions.values() if q.quick}


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _band(band) -> str:
    low = "" if band.min is None else _num(band.min)
    high = "" if band.max is None else _num(band.max)
    return f"{low}–{high}" if low and high else (f"< {high}" if high else f"≥ {low}")


def default_path(now=None) -> Path:
    """A dated file in the current folder, e.g. fact-audit-answers-20261123-2140.yaml."""
    from datetime import datetime

    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return Path(f"fact-audit-answers-{stamp}.yaml")


def latest_unfinished(folder: Path) -> Path | None:
    """The newest interview file in `folder`, for a bare `--resume`: not a dangling link (nor anything else that
    cannot be read), nor a file another live interview holds (`locking.held_elsewhere`)."""
    from .locking import held_elsewhere

    dated = []
    for candidate in folder.glob("fact-audit-answers-*.yaml"):
        try:
            dated.append((candidate.stat().st_mtime, candidate))
        except OSError:
            continue
    for _, candidate in sorted(dated, key=lambda pair: pair[0], reverse=True):
        if candidate.is_file() and not held_elsewhere(candidate):
            return candidate
    return None


def answers_input(stream: TextIO | None) -> TextIO:
    """Standard input made ready for the interview: a closed one is a usage error (nothing to read answers from),
    and bytes that are not text in its encoding come through as lone surrogates, which `_read` refuses, rather than
    as a `UnicodeDecodeError` that would end the session."""
    from .errors import UsageError

    if stream is None:
        raise UsageError("standard input is closed: the interview reads its answers there (or fill in `template`)")
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="surrogateescape")
    return stream


def _expected(question: Question) -> str:
    """What a Chinese prompt says when an answer does not fit: what to type instead, in the merchant's words."""
    if question.type == "number" and question.range:
        unit = UNITS.get(question.unit or "", ("", ""))[0]
        whole = "整数" if question.integer else "数字"
        return f"请输入 {_num(question.range[0])}–{_num(question.range[1])} 之间的{whole}" + (
            f"（{unit}）" if unit else ""
        )
    if question.type == "single":
        return f"请输入 1–{len(question.options)} 之间的一个序号"
    if question.type == "multi":
        return "请输入序号，用逗号分隔；一项都没有就输入 0"
    if question.type == "scale":
        return "请输入 0–4 之间的整数"
    return "请输入 y（是）或 n（否）"


def _filled(layout: str | None, document: dict[str, Any], lang: str = "en") -> str:
    """The answers file's text: `layout` (a template being filled in, with its comments) with the document's values
    written into its key lines, blank answers blank.

    The one answers writer (`fact_audit.answers_writer`) does it for `template`, `interview` and `migrate` alike; when
    there is no layout, or it was edited beyond recognition, the document is written plainly under a line saying how
    to resume, so an answer is never lost for a comment."""
    from .answers_writer import write_answers

    header = {
        "zh": "由 fact-audit interview 写入；接着答：fact-audit interview --out 本文件 --resume",
        "en": "Written by fact-audit interview; resume with: fact-audit interview --out THIS_FILE --resume",
    }[lang]
    return write_answers(document, layout, header=header)
