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
        """A y/N question; anything but yes (or end of input) is no."""
        try:
            answer = self._read(question)
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
        worked out from the answers, never asked."""
        out: list[Question] = []
        for section in self.rubric.sections():
            if self.only and section.kind == "capability" and section.id not in self.only:
                continue
            out.extend(q for q in section.questions if q.asked)
        return out

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
        import yaml

        hidden = self._env_hidden()
        answers = {q.id: self.answers[q.id] for q in self.questions() if q.id in self.answers and q.id not in hidden}
        document = {
            "format": FORMAT,
            "rubric": self.rubric.ref,
            "merchant": {k: v for k, v in self.merchant.items() if v is not None},
            "answers": answers,
        }
        if self.notes:
            document["notes"] = self.notes
        text = _filled(self.layout, document) if self.layout else None
        if text is None:
            dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
            text = "# Written by fact-audit interview; resume with: fact-audit interview --out THIS_FILE --resume\n"
            text += yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)
        atomic_write_text(self.path, text)

    def run(self) -> InterviewResult:
        lang = self.lang
        self.console.print(say("saving_to", lang, path=self.path))
        if self.answers:
            self.console.print(say("resuming", lang, n=len(self.answers)))
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
        if not self.merchant.get("stage"):
            profiles = list(self.rubric.profiles.values())
            labels = [f"{p.name(lang)} — {p.description(lang)}" for p in profiles]
            self.merchant["stage"] = profiles[self._choose(say("stage", lang), labels)].id
            self.save()
        if not self.merchant.get("category"):  # a template's blank category is asked too
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
        lang = self.lang
        kind = question.type
        if kind in ("single", "multi"):
            for index, option in enumerate(question.options, 1):
                self.console.print(f"  {index}. {_plain(option.text(lang))}", markup=False, highlight=False)
            return say("choose_one" if kind == "single" else "choose_many", lang)
        if kind == "scale":
            for level, text in enumerate(question.levels):
                self.console.print(f"  {level}. {_plain(text(lang))}", markup=False, highlight=False)
            return say("scale", lang)
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
        lang = self.lang
        self.console.print(f"[bold]{say('help', lang)}[/bold]: {_m(question.help(lang))}", highlight=False)
        where = question.where.get(self.merchant.get("platform") or "")
        if where is not None:  # only the merchant's own platform: never another platform's tools
            self.console.print(f"[bold]{say('where', lang)}[/bold]: {_m(where(lang))}", highlight=False)
        if question.why is not None:
            self.console.print(_m(question.why(lang)), highlight=False)
        if question.type == "number":
            for band in question.bands:
                self.console.print(f"  · {_band(band)}: {_plain(band.label(lang))}", markup=False, highlight=False)

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


_KEY_LINE = re.compile(r"^(?P<indent> {0,2})(?P<key>[A-Za-z_][\w.]*):(?P<value>.*?)(?P<comment>\s+#.*)?$")


def _filled(layout: str, document: dict[str, Any]) -> str | None:
    """`layout` (a template, with its comments) with the document's values written into its key lines.

    Filling a template in the interview used to rewrite it as plain YAML and drop every help comment. The filled text
    is parsed again and must say exactly what `document` says; if the layout was edited beyond recognition, None
    (the caller writes plain YAML instead), so a comment is never kept at the price of an answer."""
    import json

    import yaml

    def shown(value: Any) -> str:
        return "" if value is None else " " + json.dumps(value, ensure_ascii=False)

    sections = {"merchant": dict(document.get("merchant") or {}), "answers": dict(document.get("answers") or {})}
    out: list[str] = []
    current: str | None = None
    for line in layout.split("\n"):
        match = _KEY_LINE.match(line)
        if match is None:
            out.append(line)
            continue
        key, indent, comment = match["key"], match["indent"], match["comment"] or ""
        if not indent:  # a top-level key
            current = key if key in sections else None
            if key in ("format", "rubric"):
                line = f"{key}:{shown(document[key])}{comment}"
            elif key == "notes":
                line = f"notes:{shown(document.get('notes') or {})}{comment}"
            elif key in sections and match["value"].strip():
                return None  # a flow mapping on one line: not a layout to fill
            out.append(line)
            continue
        if current is not None and indent == "  ":
            line = f"  {key}:{shown(sections[current].pop(key, None))}{comment}"
        out.append(line)
    if any(sections.values()):
        return None  # values with no line to go to: write plain YAML
    text = "\n".join(out)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None

    def given(part: Any) -> dict[str, Any]:
        return {k: v for k, v in (part or {}).items() if v is not None}  # a blank line is a question not answered

    same = isinstance(data, dict) and all(
        given(data.get(part)) == given(document.get(part)) for part in ("merchant", "answers", "notes")
    )
    return text if same and data.get("rubric") == document["rubric"] else None
