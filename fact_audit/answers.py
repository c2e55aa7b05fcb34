"""Answers files: read them safely, check every value against the rubric, normalise for the scorer.

Format `fact-audit/answers@1`::

    format: fact-audit/answers@1
    rubric: fact-8@1.0.0
    merchant: {name: ..., platform: douyin, stage: growth, category: food}
    answers: {goods.sell_through: 85, ...}
    notes: {goods.sell_through: "from the June stock report"}
"""

from __future__ import annotations

import difflib
import math
import re
from pathlib import Path
from typing import Any

from .errors import AnswersError
from .model import NA, PLATFORMS, UNKNOWN, Question, RubricSet
from .record import Record
from .yamlio import ANSWERS_TEXT_KEYS, Document, load_file

FORMAT = "fact-audit/answers@1"
MERCHANT_KEYS = ("name", "platform", "stage", "category", "date", "consultant")
TOP_KEYS = ("$schema", "format", "rubric", "merchant", "answers", "notes")
_YES = {"yes", "y", "true", "是", "有", "对"}
_NO = {"no", "n", "false", "否", "无", "没有", "不对", "不是"}
_UNKNOWN_WORDS = {UNKNOWN, "不清楚", "不知道", "不确定"}  # as a merchant writes "don't know" in a file or a form
_NA_WORDS = {NA, "na", "n.a.", "不适用"}
_NUMBER = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$")
# Full-width forms (a Chinese input method's `１２％`, `３`, `ｙｅｓ`) read as their ASCII twins, in every position.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


class Notice(Record):
    """A warning that does not stop scoring, located like an error."""

    __slots__ = ("code", "message", "file", "line")

    def __init__(
        self,
        code: str,
        message: str,
        file: str | None = None,
        line: int | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line) if p is not None)
        return f"{where}: {self.message}" if where else self.message

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "file": self.file, "line": self.line}


class Answers(Record):
    """A validated answers document. `values` holds normalised answers; missing questions are absent."""

    __slots__ = ("file", "merchant", "values", "notes", "rubric_ref", "notices", "visibility")

    def __init__(
        self,
        file: str,
        merchant: dict[str, Any],
        values: dict[str, Any],
        notes: dict[str, str] | None = None,
        rubric_ref: str | None = None,
        notices: list[Notice] | None = None,
        visibility: tuple[dict[str, Any], set[str]] | None = None,
    ) -> None:
        self.file = file
        self.merchant = merchant
        self.values = values
        self.notes = {} if notes is None else notes
        self.rubric_ref = rubric_ref
        self.notices = [] if notices is None else notices
        self.visibility = visibility  # (environment, hidden ids), once computed

    @property
    def platform(self) -> str | None:
        return self.merchant.get("platform")

    @property
    def stage(self) -> str | None:
        return self.merchant.get("stage")


def suggest(name: str, known: list[str]) -> str:
    """' (did you mean …?)' for a mistyped id, also catching a valid slug under the wrong capability."""
    slug = name.split(".", 1)[-1]
    same_slug = [k for k in known if k.split(".", 1)[-1] == slug]
    if same_slug:
        return f" (did you mean {same_slug[0]!r}?)"
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _format_options(question: Question) -> str:
    return ", ".join(o.id for o in question.options)


def normalise(question: Question, raw: Any) -> Any:
    """Turn a raw answer into the scorer's value, or raise ValueError with a message naming the valid values."""
    if isinstance(raw, str):
        token = raw.translate(_HALF_WIDTH).strip()
        if token.lower() in _UNKNOWN_WORDS:
            return UNKNOWN
        if token.lower() in _NA_WORDS:
            if question.allow_na:
                return NA
            raise ValueError(f"{question.id} does not allow n/a; answer it or write `unknown`")
    kind = question.type
    if kind == "single":
        if isinstance(raw, str) and question.option(raw.strip()):
            return raw.strip()
        raise ValueError(f"{raw!r} is not an option of {question.id}; valid: {_format_options(question)}, unknown")
    if kind == "multi":
        if not isinstance(raw, list):
            raise ValueError(
                f"{question.id} is a checklist: write a list such as [{question.options[0].id}] ([] for none)"
            )
        chosen: list[str] = []
        for item in raw:
            if not isinstance(item, str) or not question.option(item.strip()):
                raise ValueError(f"{item!r} is not an item of {question.id}; valid: {_format_options(question)}")
            if item.strip() not in chosen:
                chosen.append(item.strip())
        return chosen
    if kind == "scale":
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw != int(raw) or not 0 <= raw <= 4:
            if isinstance(raw, str) and raw.translate(_HALF_WIDTH).strip() in {"0", "1", "2", "3", "4"}:
                return int(raw.translate(_HALF_WIDTH).strip())
            raise ValueError(f"{question.id} takes a whole number from 0 to 4, not {raw!r}")
        return int(raw)
    if kind == "number":
        return _number(question, raw)
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.translate(_HALF_WIDTH).strip().lower() in _YES:
        return True
    if isinstance(raw, str) and raw.translate(_HALF_WIDTH).strip().lower() in _NO:
        return False
    raise ValueError(f"{question.id} is yes/no: answer true or false, not {raw!r}")


class NumberTextError(ValueError):
    """A number written in a way that could mean something else (`1,2`): the message in English, `zh` in Chinese."""

    def __init__(self, message: str, zh: str) -> None:
        super().__init__(message)
        self.zh = zh


# A comma separates thousands only in groups of three (`300,000`, `1,234.5`); `1,2` is refused, never read as 12.
_GROUPED = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$")
# What merchants type after a number: 万 and 亿 (and 千, 百, k, w) multiply it, `30万` is 300000.
_MULTIPLIERS = {"百": 100, "千": 1_000, "k": 1_000, "万": 10_000, "w": 10_000, "亿": 100_000_000}
# A duration for a question in hours, minutes or seconds: `1分30秒`, `90秒`, `1小时20分`, `2min`.
_DURATION = re.compile(
    r"^(?:(?P<h>\d+(?:\.\d+)?)(?:小时|钟头|h|hr|hours?))?"
    r"(?:(?P<m>\d+(?:\.\d+)?)(?:分钟|分|min|mins|minutes?|m))?"
    r"(?:(?P<s>\d+(?:\.\d+)?)(?:秒钟|秒|s|sec|secs|seconds?)?)?$"
)
_SECONDS_PER = {"hours": 3600, "minutes": 60, "seconds": 1}
# The unit word a merchant may write after the number (`30万元`, `3个`, `7天`).
_UNIT_WORDS = {"yuan": ("元", "块"), "count": ("个", "人", "条", "场"), "days": ("天",), "ratio": ("倍",)}


def _number_text(question: Question, raw: str) -> float:
    """A number as typed: thousands in groups of three, 万/千/亿, `12％`, durations in the question's unit."""
    text = re.sub(r"\s+", "", raw.translate(_HALF_WIDTH)).lower()
    for word in _UNIT_WORDS.get(question.unit or "", ()):
        if text.endswith(word) and len(text) > len(word):
            text = text[: -len(word)]
            break
    if "," in text:
        if not _GROUPED.match(text):
            raise NumberTextError(
                f"{question.id} needs a number, not {raw!r}: a comma only separates thousands, in groups of three "
                f"(300,000); for a decimal write a point ({text.replace(',', '.')})",
                f"“{raw.strip()}”看不出是多少：逗号只用来分隔千位，每三位一组（如 300,000）；"
                f"小数请用小数点（如 {text.replace(',', '.')}）",
            )
        text = text.replace(",", "")
    if text.endswith("%"):
        if question.unit != "percent":
            raise ValueError(f"{question.id} is measured in {question.unit}, not percent; write a plain number")
        text = text[:-1]
    if question.unit in _SECONDS_PER and not _NUMBER.match(text):
        match = _DURATION.match(text)
        if match and any(match.group(part) for part in "hms"):  # `1分30秒` for a question in seconds is 90
            seconds = sum(float(match.group(part) or 0) * size for part, size in zip("hms", (3600, 60, 1), strict=True))
            return round(seconds / _SECONDS_PER[question.unit], 6)
    factor = 1
    while text and text[-1] in _MULTIPLIERS and len(text) > 1:
        factor *= _MULTIPLIERS[text[-1]]
        text = text[:-1]
    if not _NUMBER.match(text):
        raise ValueError(f"{question.id} needs a number, not {raw!r}")
    return float(text) * factor if factor == 1 else round(float(text) * factor, 6)


def _number(question: Question, raw: Any) -> float | int:
    value: Any = raw
    if isinstance(raw, str):
        value = _number_text(question, raw)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{question.id} needs a number, not {raw!r}")
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        raise ValueError(f"{question.id} needs a finite number, not {raw!r}")
    low, high = question.range or (-math.inf, math.inf)
    if not low <= value <= high:
        raise ValueError(f"{value:g} is impossible for {question.id}: it must be between {low:g} and {high:g}")
    if question.integer and value != int(value):
        raise ValueError(f"{question.id} takes a whole number, not {value:g}")
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else float(value)


# What merchants write for a platform or a stage, by the id it means (matched without case or spaces).
PLATFORM_WORDS = {
    "douyin": ("抖音", "抖店", "抖音小店"),
    "kuaishou": ("快手", "快手小店"),
    "channels": ("视频号", "微信视频号", "微信小店", "视频号小店", "wechat", "wechatchannels", "weixin"),
    "other": ("其他", "其它", "别的"),
}
STAGE_WORDS = {
    "starter": ("起步期", "新店", "新店起步", "起步", "初创期", "new", "newshop", "start", "starting", "starter"),
    "growth": ("成长期", "成长", "增长期", "growing", "growingbrand", "growth"),
    "mature": ("成熟期", "成熟", "成熟品牌", "mature", "maturebrand"),
}


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text.translate(_HALF_WIDTH)).casefold()


def platform_id(value: str) -> str | None:
    """The platform id a merchant's word names (`抖音`, `Douyin`, `视频号`, `微信小店`…), or None."""
    key = _key(value)
    for pid in PLATFORMS:
        if key == pid or key in (_key(w) for w in PLATFORM_WORDS.get(pid, ())):
            return pid
    return None


def stage_id(rubric: RubricSet, value: str) -> str | None:
    """The profile id a stage word names: the id, the profile's zh or en name, or a common word for it."""
    key = _key(value)
    for pid, profile in rubric.profiles.items():
        if key in (_key(pid), _key(profile.name.zh), _key(profile.name.en)):
            return pid
    for pid, words in STAGE_WORDS.items():
        if pid in rubric.profiles and key in (_key(w) for w in words):
            return pid
    return None


def answers_from_document(doc: Document, rubric: RubricSet, *, allow_empty: bool = False) -> Answers:
    """Check a parsed answers document against `rubric`; raise `AnswersError` at the first unusable value.

    A document that answers no question at all (`{}`, a blank template) is refused with the code `no-answers`: it
    would score 0 everywhere and, in a batch, pull the cohort down. `allow_empty` takes it (an interview resuming a
    file it is about to fill)."""
    data = doc.data
    if not isinstance(data, dict):
        kind = (
            "empty"
            if data is None
            else {"list": "a list", "str": "plain text"}.get(type(data).__name__, "a single value")
        )
        raise doc.error(
            (),
            f"an answers file must be a mapping with `format`, `merchant` and `answers` (this one is {kind})",
            AnswersError,
        )
    for key in data:
        if key not in TOP_KEYS:
            raise doc.error((key,), f"unknown top-level key {key!r}; expected {', '.join(TOP_KEYS)}", AnswersError)
    notices: list[Notice] = []

    def note(code: str, path: tuple[Any, ...], message: str) -> None:
        notices.append(Notice(code, message, doc.file, doc.where(path)[0]))

    fmt = data.get("format")
    if fmt is None:
        note("no-format", (), f"no `format:` line; read as {FORMAT}")
    elif fmt != FORMAT:
        raise doc.error(("format",), f"unsupported format {fmt!r}; this version reads {FORMAT}", AnswersError)
    rubric_ref = data.get("rubric")
    raw_answers = data.get("answers")
    notes = data.get("notes") or {}
    if rubric_ref is not None and rubric_ref != rubric.ref:
        migrated = _migrate(rubric, str(rubric_ref), raw_answers, notes)
        if migrated is not None:
            raw_answers, notes = migrated.answers, migrated.notes
            note("migrated", ("rubric",), migrated.summary())
        else:
            note("rubric-version", ("rubric",), f"answered against {rubric_ref}, scored with {rubric.ref}")
    merchant = data.get("merchant") or {}
    if not isinstance(merchant, dict):
        raise doc.error(("merchant",), "`merchant` must be a mapping (name, platform, stage, category)", AnswersError)
    for key, value in merchant.items():
        if key not in MERCHANT_KEYS:
            raise doc.error(
                ("merchant", key), f"unknown merchant field {key!r}; expected {', '.join(MERCHANT_KEYS)}", AnswersError
            )
        if (value is not None and not isinstance(value, (str, int, float))) or isinstance(value, bool):
            raise doc.error(("merchant", key), f"merchant.{key} must be text", AnswersError)
    merchant = {k: (str(v) if v is not None else None) for k, v in merchant.items()}
    blank: list[tuple[str, tuple[str, ...]]] = []  # required fields left blank (a template's), refused after answers
    for key, allowed in (("platform", PLATFORMS), ("stage", tuple(rubric.profiles))):
        if key not in merchant:
            continue  # not given at all: the set's default stage, no platform
        value = merchant[key]
        if value is None or not value.strip():
            merchant[key] = None
            blank.append((key, allowed))
            continue
        found = platform_id(value) if key == "platform" else stage_id(rubric, value)
        if found is None:
            raise doc.error(
                ("merchant", key),
                f"{key} must be one of {', '.join(allowed)}, not {value!r}",
                AnswersError,
            )
        merchant[key] = found
    if raw_answers is None:
        raw_answers = {}
    if not isinstance(raw_answers, dict):
        raise doc.error(("answers",), "`answers` must be a mapping of question id to answer", AnswersError)
    known = list(rubric.questions)
    values: dict[str, Any] = {}
    for qid, raw in raw_answers.items():
        question = rubric.questions.get(qid) if isinstance(qid, str) else None
        if question is None and qid in rubric.dropped:
            note("dropped", ("answers", qid), f"{qid} is not asked in {rubric.ref}; its answer is ignored")
            continue
        if question is None:
            raise doc.error(("answers", qid), f"unknown question id {qid!r}{suggest(str(qid), known)}", AnswersError)
        if raw is None:
            continue  # a blank line from the template: not answered yet
        if question.compute is not None:
            raise doc.error(
                ("answers", qid), f"{qid} is worked out from other answers; leave it out of the file", AnswersError
            )
        try:
            values[qid] = normalise(question, raw)
        except ValueError as exc:
            raise doc.error(("answers", qid), str(exc), AnswersError) from None
    if not values and not allow_empty:
        error = doc.error(
            ("answers",) if "answers" in data else (),
            "no answers: the file answers none of the questions; fill in `answers:` "
            "(`fact-audit template` writes them all out) or run `fact-audit interview`",
            AnswersError,
        )
        error.code = "no-answers"
        raise error
    if blank and not allow_empty:
        key, allowed = blank[0]
        raise doc.error(("merchant", key), f"merchant.{key} is blank: write one of {', '.join(allowed)}", AnswersError)
    if not isinstance(notes, dict):
        raise doc.error(("notes",), "`notes` must be a mapping of question id to text", AnswersError)
    for qid, value in notes.items():
        if qid in rubric.dropped:
            continue
        if qid not in rubric.questions:
            raise doc.error(
                ("notes", qid), f"note for unknown question id {qid!r}{suggest(str(qid), known)}", AnswersError
            )
        if value is not None and not isinstance(value, (str, int, float)):
            raise doc.error(("notes", qid), "a note must be text", AnswersError)
    answers = Answers(
        doc.file,
        merchant,
        values,
        {k: str(v) for k, v in notes.items() if v is not None and k in rubric.questions},
        rubric_ref,
        notices,
    )
    answers.visibility = environment(rubric, answers)
    hidden = [qid for qid in answers.values if qid in answers.visibility[1]]
    for qid in hidden:
        note(
            "hidden-answer",
            ("answers", qid),
            f"{qid} is ignored: its condition ({rubric.questions[qid].when.source}) is false",
        )  # type: ignore[union-attr]
    return answers


def _migrate(rubric: RubricSet, ref: str, answers: Any, notes: Any):
    """Apply the set's migration map when `ref` names an older version of this same set."""
    from .migrate import apply, path

    set_id, _, version = ref.partition("@")
    if set_id != rubric.id or not version or not isinstance(answers, dict) or not isinstance(notes, dict):
        return None
    chain = path(rubric.migrations, version, rubric.version)
    if not chain:
        return None
    return apply(answers, notes, chain, version, rubric.version)


def environment(rubric: RubricSet, answers: Answers, profile: str | None = None) -> tuple[dict[str, Any], set[str]]:
    """Values visible to conditions, in interview order, and the ids of questions whose condition is false.

    Computed questions get their value here, from the answers before them, so flags, conditions and scoring all
    see one value. `profile` is the stage profile scored against (default: the merchant's stage, else the set's).
    """
    env: dict[str, Any] = {
        "merchant.platform": answers.platform,
        "merchant.stage": answers.stage,
        "profile": profile or answers.stage or rubric.default_profile,
    }
    hidden: set[str] = set()
    for section in rubric.sections():
        for question in section.questions:
            if question.when is not None and not question.when(env):
                hidden.add(question.id)
                continue
            if question.compute is not None:
                value = question.compute.evaluate(env)
                if isinstance(value, float):
                    value = round(value, 4)
            else:
                value = answers.values.get(question.id)
            if value is not None and value != NA:
                env[question.id] = value  # `unknown` stays visible so flags can test `== 'unknown'`
    return env, hidden


def load_answers(path: str | Path, rubric: RubricSet, *, allow_empty: bool = False) -> Answers:
    """Read an answers file (YAML or JSON; aliases refused; merchant fields as written) and check it against
    `rubric` (`answers_from_document`)."""
    doc = load_file(path, allow_aliases=False, text_keys=ANSWERS_TEXT_KEYS)
    return answers_from_document(doc, rubric, allow_empty=allow_empty)
