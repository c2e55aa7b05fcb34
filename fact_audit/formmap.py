"""Form-tool exports (问卷星, 腾讯问卷, 金数据): column headings and cells in the merchant's words, read as ids.

A form tool exports one row per respondent with the question's *text* as the heading (often numbered: `12、`,
`Q12.`, `第12题`) and the option's *text* as the cell. `FormMap` turns both back into the rubric's ids: a heading
by a consultant's map file, by id, by a merchant field's name, or by the question's zh or en text (any platform's
variant) once numbering and the tool's markers (`*`, `（必填）`, `[多选题]`) are stripped; a cell by option id or
text. Texts are compared after NFKC, case folding and removing whitespace, so full-width and half-width forms and
the space the house style puts between Chinese and digits never matter. A text two questions share is refused,
never guessed. Pure: nothing here prints; `sources.csv_jobs` asks `column` and `cell`.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from .model import NA, UNKNOWN, Question, RubricSet
from .sources import FORM_IGNORE, merchant_column
from .yamlio import Document, load_file

IGNORE = FORM_IGNORE
_IGNORE_WORDS = {"ignore", "忽略", "跳过", "不用"}
_KEYS = {"columns": "columns", "列": "columns", "options": "options", "选项": "options"}
_MERCHANT_FIELDS = ("name", "platform", "stage", "category", "date", "consultant")
# What our own form (`formtext.form_text`) calls the merchant fields, in both languages.
FORM_MERCHANT = {
    "name": ("店铺名称", "Shop or brand name"),
    "platform": ("经营平台", "Platform"),
    "stage": ("经营阶段", "Stage"),
    "category": ("主营类目", "Main category"),
}
NONE_OF_THESE = ("以上都没有", "None of these")  # our form's last checklist line: ticked, it is the empty list
NOT_APPLICABLE = ("不适用", "Not applicable")
_UNKNOWN_WORDS = {"不清楚", "不知道", "说不清楚", "don'tknow", "notsure", UNKNOWN}
_NA_WORDS = {"不适用", "notapplicable", NA, "na", "n.a."}
_YES_NO = {"是": "是", "否": "否", "yes": "是", "no": "否", "true": "是", "false": "否"}

# Numbering a form tool puts before a question: `12、` `12.` `12)` `(12)` `Q12.` `Q12：` `第12题` (after NFKC and
# whitespace removal, so `１２．` and `Q 12 :` are covered too). A digit after `12.` is a decimal, not numbering.
_NUMBERING = re.compile(r"^\**(?:第\d+题[、.:)]?|q\d+(?:[、.:)_-]|(?=\D))|\(\d+\)|\d+(?:[、.:)](?!\d)))")
# A marker after a question: `*`, `(必填)`, `[单选题]`, `【多选】`, `〖…〗`, stripped one at a time from the end.
_MARKER = re.compile(r"(?:\*|\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〖[^〖〗]*〗)$")
_SEPARATORS = "┋|;,、"  # after NFKC: `；` is `;` and `，` is `,`
_MAX_MARKERS = 4


def key(text: str) -> str:
    """What two texts are compared by: NFKC (full-width forms to half-width), case folded, without whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def heading_keys(heading: str) -> list[str]:
    """The keys a heading may match, most literal first: as written, without its numbering, then with up to four
    trailing markers removed one by one (a question's own `（可多选）` is matched before it would be removed)."""
    text = key(heading).lstrip("\ufeff")
    keys = [text]
    bare = _NUMBERING.sub("", text, count=1)
    if bare and bare != text:
        keys.append(bare)
    for _ in range(_MAX_MARKERS):
        stripped = _MARKER.sub("", bare).lstrip("*")
        if not stripped or stripped == bare:
            break
        keys.append(stripped)
        bare = stripped
    return keys


class FormError(ValueError):
    """A heading that cannot be mapped without guessing (two questions share its text)."""


class FormMap:
    """Headings and cells of a form export → question ids and answer values, for one rubric set.

    `columns` and `options` come from a consultant's map file (`load_map`) and win over the texts. `unmapped`
    collects, per file, the headings that matched nothing, for the CLI to list once (the core never prints)."""

    def __init__(
        self,
        rubric: RubricSet,
        columns: dict[str, str] | None = None,
        options: dict[str, dict[str, str]] | None = None,
    ) -> None:
        self.questions: dict[str, Question] = dict(rubric.questions)
        self.ids = set(rubric.questions) | set(rubric.dropped)
        self.columns = {key(heading): target for heading, target in (columns or {}).items()}
        self.unmapped: dict[str, list[str]] = {}
        self._texts: dict[str, set[str]] = {}
        self._cells: dict[str, dict[str, str]] = {}
        for question in rubric.questions.values():
            if not question.asked:
                continue
            for text in _texts(question):
                for lang_text in (text.zh, text.en):
                    self._texts.setdefault(key(lang_text), set()).add(question.id)
            self._cells[question.id] = _cell_words(question)
        for qid, words in (options or {}).items():
            self._cells.setdefault(qid, {}).update({key(word): value for word, value in words.items()})
        self._longest = {qid: sorted(words, key=len, reverse=True) for qid, words in self._cells.items()}

    def column(self, heading: str) -> str | None:
        """The field a heading stands for: a question id, `merchant.<field>`, `IGNORE`, or None when nothing
        matches. Raises `FormError` when its text is two questions'."""
        keys = heading_keys(heading)
        for candidate in keys:
            if candidate in self.columns:
                return self.columns[candidate]
        plain = heading.strip().lstrip("\ufeff")
        if plain in self.ids or plain.startswith("merchant."):
            return plain
        for candidate in keys:
            field = _merchant(candidate)
            if field:
                return field
            found = self._texts.get(candidate)
            if found and len(found) > 1:
                both = " and ".join(sorted(found))
                raise FormError(f"the heading {heading.strip()!r} is the text of {both}; name the column in --map")
            if found:
                return next(iter(found))
        return None

    def cell(self, qid: str, raw: str) -> str:
        """A cell as the answers reader takes it: option texts become ids (a checklist's as `a;b`, none ticked as
        `[]`), scale descriptions their level, "don't know" `unknown`; anything else stays as written, for the
        reader to accept (numbers, 是/否) or refuse with the valid values."""
        text = raw.strip()
        question = self.questions.get(qid)
        words = self._cells.get(qid)
        if not text or question is None or words is None or _as_written(question, text):
            return raw
        whole = key(text)
        if whole in _UNKNOWN_WORDS:
            return UNKNOWN
        if whole in _NA_WORDS and question.allow_na:
            return NA
        if question.type == "multi":
            return self._checklist(qid, text, whole)
        if question.type in ("single", "scale", "yesno") and question.option(text) is None:
            return words.get(whole, raw)
        return raw

    def _checklist(self, qid: str, text: str, whole: str) -> str:
        """A checklist cell split into items: whole option texts first, longest first (a text may hold a comma),
        then the tool's separators (`┋ | ; , 、`)."""
        if text.startswith("["):
            return text  # a JSON list, read as before
        if whole == key(NONE_OF_THESE[0]) or whole == key(NONE_OF_THESE[1]):
            return "[]"
        words, longest, chosen = self._cells[qid], self._longest[qid], []
        at = 0
        while at < len(whole):
            if whole[at] in _SEPARATORS:
                at += 1
                continue
            found = _whole_item(whole, at, longest)
            if found is None:
                end = min((i for i in (whole.find(s, at) for s in _SEPARATORS) if i >= 0), default=len(whole))
                piece = whole[at:end]
                chosen.append(words.get(piece) or _original(text, piece))
                at = end
            else:
                chosen.append(words[found])
                at += len(found)
        return ";".join(dict.fromkeys(chosen))


_WRITTEN = {"unknown", "n/a", "na", "是", "否", "true", "false", "yes", "no"}


def _as_written(question: Question, text: str) -> bool:
    """Whether a cell is already what the answers reader takes (an id, a plain number): most cells of an export
    by id, checked without normalising, so such a batch reads about as fast as before."""
    if text in _WRITTEN or ("0" <= text[0] <= "9" and question.type in ("number", "scale") and text.isascii()):
        return True
    if question.type == "single":
        return text in question.lookup
    if question.type == "multi":
        return all(part.strip() in question.lookup for part in text.split(";"))
    return False


def _whole_item(whole: str, at: int, longest: list[str]) -> str | None:
    """The longest option text that starts at `at` and ends the cell or at a separator."""
    for text in longest:
        end = at + len(text)
        if whole.startswith(text, at) and (end == len(whole) or whole[end] in _SEPARATORS):
            return text
    return None


def _original(text: str, piece: str) -> str:
    """An item nothing matched, as the merchant wrote it (for the reader's error), never with `;` inside."""
    for part in re.split(r"[┋|;,、；，]", text):
        if key(part) == piece:
            return part.strip()
    return piece


def _merchant(candidate: str) -> str | None:
    field = merchant_column(candidate)
    if field != candidate:
        return field
    for name, words in FORM_MERCHANT.items():
        if candidate in (key(words[0]), key(words[1])):
            return f"merchant.{name}"
    return None


def _texts(question: Question) -> list[Any]:
    """The question's text and every variant's (a Douyin form says 抖店 where the base text is neutral)."""
    texts = [question.text]
    texts += [fields["text"] for fields in question.variants.values() if "text" in fields]
    return texts


def _cell_words(question: Question) -> dict[str, str]:
    """Every text a cell may hold for this question → the value the answers reader takes."""
    words: dict[str, str] = {}
    if question.type in ("single", "multi"):
        labels = [fields["labels"] for fields in question.variants.values() if "labels" in fields]
        for option in question.options:
            for text in [option.text, *(lab[option.id] for lab in labels if option.id in lab)]:
                words.setdefault(key(text.zh), option.id)
                words.setdefault(key(text.en), option.id)
            words[key(option.id)] = option.id
    elif question.type == "scale":
        levels = [question.levels, *(f["levels"] for f in question.variants.values() if "levels" in f)]
        for descriptions in levels:
            for level, text in enumerate(descriptions):
                words.setdefault(key(text.zh), str(level))
                words.setdefault(key(text.en), str(level))
    elif question.type == "yesno":
        words.update({key(word): value for word, value in _YES_NO.items()})
    return words


def load_map(path: str | Path, rubric: RubricSet) -> FormMap:
    """A consultant's map file (YAML, read with the tool's safe loader and its limits), checked against the set:
    an unknown question id, merchant field or option id is one error at its line and column."""
    doc = load_file(path, allow_aliases=False)
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        raise doc.error((), "a map file is a mapping with `columns:` (and optionally `options:`)")
    parts: dict[str, Any] = {}
    for name, value in data.items():
        part = _KEYS.get(str(name))
        if part is None:
            raise doc.error((name,), f"unknown key {name!r}; a map file has columns: and options:")
        if value is not None and not isinstance(value, dict):
            raise doc.error((name,), f"{name} must be a mapping")
        parts[part] = (name, value or {})
    columns = _columns(doc, rubric, *parts.get("columns", ("columns", {})))
    options = _options(doc, rubric, *parts.get("options", ("options", {})))
    return FormMap(rubric, columns, options)


def _columns(doc: Document, rubric: RubricSet, name: Any, value: dict[Any, Any]) -> dict[str, str]:
    columns: dict[str, str] = {}
    for heading, target in value.items():
        where = (name, heading)
        if not isinstance(target, str) or not target.strip():
            raise doc.error(where, f"column {heading!r}: write a question id, a merchant field or ignore")
        target = target.strip()
        if target.casefold() in _IGNORE_WORDS:
            columns[str(heading)] = IGNORE
        elif target.startswith("merchant."):
            if target.split(".", 1)[1] not in _MERCHANT_FIELDS:
                fields = ", ".join("merchant." + f for f in _MERCHANT_FIELDS)
                raise doc.error(where, f"{target!r} is not a merchant field; expected {fields}")
            columns[str(heading)] = target
        elif target in rubric.questions:
            columns[str(heading)] = target
        elif _merchant(key(target)):
            columns[str(heading)] = _merchant(key(target)) or target
        else:
            from .answers import suggest

            hint = suggest(target, list(rubric.questions))
            raise doc.error(where, f"{target!r} is not a question id of this rubric set{hint}")
    return columns


def _options(doc: Document, rubric: RubricSet, name: Any, value: dict[Any, Any]) -> dict[str, dict[str, str]]:
    options: dict[str, dict[str, str]] = {}
    for qid, words in value.items():
        question = rubric.questions.get(str(qid))
        if question is None:
            from .answers import suggest

            hint = suggest(str(qid), list(rubric.questions))
            raise doc.error((name, qid), f"{qid!r} is not a question id of this rubric set{hint}")
        if not isinstance(words, dict):
            raise doc.error((name, qid), f"{qid}: write one `cell text: option id` a line")
        valid = _targets(question)
        if not valid:
            raise doc.error((name, qid), f"{qid} is a {question.type} question; its cells are not options")
        options[str(qid)] = {}
        for word, target in words.items():
            value_text = str(target).strip() if target is not None else ""
            if value_text not in valid:
                shown = ", ".join(valid)
                raise doc.error((name, qid, word), f"{value_text!r} is not an option of {qid}; valid: {shown}")
            options[str(qid)][str(word)] = _YES_NO.get(value_text, value_text)
    return options


def _targets(question: Question) -> list[str]:
    """What a map file's `options:` may map a cell to for this question."""
    if question.type in ("single", "multi"):
        return [o.id for o in question.options]
    if question.type == "scale":
        return [str(level) for level in range(5)]
    if question.type == "yesno":
        return list(_YES_NO)
    return []
