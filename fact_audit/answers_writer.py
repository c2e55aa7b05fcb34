"""One writer for every answers file the tool writes (`template`, `interview`, `migrate`), in the template's layout.

A merchant fills a template by hand and reads it again months later, so the file the tool writes back keeps what
made it readable: every question with its comment, answered values on their own lines, blank answers blank (never
`null`, which reads as if someone typed it), notes kept. Answers that have no line in the layout (an id of another
version, a typo) are never dropped: they go in a commented block at the end of their section.

Safety first: the text written is parsed again with the tool's own loader and must say exactly what the document
says (blank and absent being the same); if the layout was edited beyond recognition the document is written as plain
YAML instead, so a comment is never kept at the price of an answer.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from .errors import FactAuditError
from .yamlio import ANSWERS_TEXT_KEYS, parse_yaml

SECTIONS = ("merchant", "answers", "notes")  # the mappings a layout lays out one key a line
KEY_LINE = re.compile(r"^(?P<indent> *)(?P<key>[A-Za-z_$][\w.$-]*):(?P<value>.*?)(?P<comment>\s+#.*)?$")
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_./@-]*")  # text that reads back as itself in YAML 1.1 and 1.2 alike
_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}  # …unless it is one of these
_CJK = re.compile(r"[\u4e00-\u9fff]")
TEMPLATE_HEADS = {"zh": "# fact-audit 答卷", "en": "# fact-audit answers file"}  # first lines of `template.INTRO`
EXTRAS = {
    "zh": "  # 以下几项在这一版的模板里没有对应的行，原样保留，请核对后再改：",
    "en": "  # Not in this version's template: kept as they were; check them before you edit:",
}


def scalar(value: Any) -> str:
    """A value as YAML text that both YAML 1.1 (editors, PyYAML) and the tool's YAML 1.2 loader read back the same."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ".nan" if value != value else (".inf" if value > 0 else "-.inf")
        text = repr(value)
        if "e" in text and "." not in text.split("e")[0]:
            mantissa, _, exponent = text.partition("e")
            text = f"{mantissa}.0e{exponent}"  # YAML 1.1 reads `1e-07` as text
        return text
    if isinstance(value, str):
        if _PLAIN.fullmatch(value) and value.lower() not in _WORDS:
            return value
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(scalar(item) if item is not None else "null" for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key_text(k)}: {scalar(v) or 'null'}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def key_text(key: Any) -> str:
    """A mapping key: plain when it reads back as the same text, quoted otherwise."""
    key = str(key)
    return key if _PLAIN.fullmatch(key) and key.lower() not in _WORDS else json.dumps(key, ensure_ascii=False)


def _line(indent: str, key: Any, value: Any, comment: str = "", column: int = 0) -> str:
    """`key: value`, then the line's comment where it stood (at `column`) when the value leaves room for it."""
    shown = scalar(value)
    text = f"{indent}{key_text(key)}:{' ' + shown if shown else ''}"
    if not comment:
        return text
    comment = comment.lstrip()
    return text + " " * max(column - len(text), 2) + comment


def detect_lang(text: str) -> str:
    """The language a commented answers file is written in: its template header, else any Chinese in a comment."""
    head = text.lstrip("\ufeff")
    for lang, first in TEMPLATE_HEADS.items():
        if any(line.startswith(first) for line in head.splitlines()[:5]):
            return lang
    comments = (line for line in head.splitlines() if line.lstrip().startswith("#"))
    return "zh" if any(_CJK.search(line) for line in comments) else "en"


def is_template(text: str) -> bool:
    """Whether `text` was written from `fact-audit template` (its header is still there)."""
    return any(line.startswith(tuple(TEMPLATE_HEADS.values())) for line in text.lstrip("\ufeff").splitlines()[:5])


def schema_ref(text: str) -> str | None:
    """The `# yaml-language-server: $schema=…` reference on a file's first line, to keep it on a new layout."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    marker = "# yaml-language-server: $schema="
    return first[len(marker) :].strip() or None if first.startswith(marker) else None


def rename_keys(text: str, renamed: dict[str, str]) -> str:
    """`text` with the answer and note lines of `renamed` ids under their new ids, in place, comments kept: a
    merchant's own file keeps its order when questions move."""
    out, current = [], None
    for line in text.split("\n"):
        match = KEY_LINE.match(line)
        if match is not None and match["indent"] == "":
            current = match["key"]
        elif match is not None and current in ("answers", "notes") and match["key"] in renamed and match["indent"]:
            line = f"  {renamed[match['key']]}:{line[match.end('key') + 1 :]}"
        out.append(line)
    return "\n".join(out)


def carry_comments(original: str, layout: str, renamed: dict[str, str] | None = None) -> str:
    """`layout` with the comments a merchant wrote after an answer in `original` (`goods.x: 3  # from June`) moved
    onto the same question's line, under its new id where it was `renamed`, so a fresh layout keeps them."""
    renamed = renamed or {}
    mine: dict[str, str] = {}
    current = None
    for line in original.split("\n"):
        match = KEY_LINE.match(line)
        if match is None:
            continue
        if match["indent"] == "":
            current = match["key"]
        elif match["indent"] == "  " and current == "answers" and match["comment"]:
            mine[renamed.get(match["key"], match["key"])] = match["comment"].strip()
    out, current = [], None
    for line in layout.split("\n"):
        match = KEY_LINE.match(line)
        if match is not None and match["indent"] == "":
            current = match["key"]
        elif match is not None and current == "answers" and match["indent"] == "  " and match["key"] in mine:
            line = line if match["comment"] else f"{line}  {mine[match['key']]}"
        out.append(line)
    return "\n".join(out)


def _normal(document: Any) -> Any:
    """What a document says: blank and absent are the same, an empty section is no section."""
    if not isinstance(document, dict):
        return document
    out = {k: v for k, v in document.items() if k not in SECTIONS}
    for key in SECTIONS:
        part = document.get(key)
        if isinstance(part, dict):
            kept = {k: v for k, v in part.items() if v is not None}
            if kept:
                out[key] = kept
        elif part is not None:
            out[key] = part
    return out


def same(text: str, document: dict[str, Any]) -> bool:
    """Whether `text`, read by the tool's loader, says exactly what `document` says."""
    try:
        loaded = parse_yaml(text, "<answers>", allow_aliases=False, positions=False, text_keys=ANSWERS_TEXT_KEYS)
    except (FactAuditError, RecursionError):
        return False
    return _normal(loaded.data) == _normal(document)


def fill(layout: str, document: dict[str, Any], *, drop_unlisted: bool = False, lang: str | None = None) -> str | None:
    """`layout` (a template or a merchant's own file, with its comments) with `document`'s values in its key lines.

    A key line the document has no value for stays blank (`drop_unlisted=False`: a template) or goes
    (`drop_unlisted=True`: the merchant's own file, whose old ids must not linger); a value that spans lines below its
    key is replaced whole, comments among it kept. Values with no line go in a commented block at the end of their
    section. None when the result would not read back as `document`."""
    lang = lang or detect_lang(layout)
    parts = {key: dict(document.get(key) or {}) for key in SECTIONS if isinstance(document.get(key) or {}, dict)}
    if len(parts) != len(SECTIONS):
        return None  # a section that is not a mapping has no layout
    top = {k: v for k, v in document.items() if k not in SECTIONS}
    out: list[str] = []
    ends: dict[str, int] = {}  # section -> index in `out` after its last non-blank line
    seen: set[str] = set()
    current: str | None = None
    skipping: int | None = None  # the indentation of a key whose value lines are being replaced or dropped
    for line in layout.split("\n"):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if skipping is not None and stripped and not stripped.startswith("#"):
            if indent > skipping or (indent == skipping and stripped.startswith("- ")):
                continue
            skipping = None  # comments and blank lines among a value's lines stay, and do not end it
        match = KEY_LINE.match(line)
        if match is not None and match["indent"] == "":
            key, comment = match["key"], match["comment"] or ""
            current = key if key in SECTIONS else None
            if key in seen:
                return None
            seen.add(key)
            if key in SECTIONS:
                if match["value"].strip():
                    return None  # a flow mapping on one line: not a layout to fill
                out.append(line)
                ends[key] = len(out)
                continue
            skipping = 0
            if key in top:
                out.append(_line("", key, top[key], comment, len(line) - len(comment.lstrip()) if comment else 0))
            continue
        if match is not None and current is not None and match["indent"] == "  ":
            key, comment = match["key"], match["comment"] or ""
            skipping = 2
            column = len(line) - len(comment.lstrip()) if comment else 0
            if key in parts[current]:
                out.append(_line("  ", key, parts[current].pop(key), comment, column))
            elif not drop_unlisted:
                out.append(_line("  ", key, None, comment, column))
            else:
                continue
            ends[current] = len(out)
            continue
        if match is None and indent == 0 and stripped and not stripped.startswith("#"):
            current = None  # something at the top level that is not a key line
        out.append(line)
        if current is not None and stripped and indent > 0:
            ends[current] = len(out)
    extra_top = [key for key in top if key not in seen]
    inserts: list[tuple[int, list[str]]] = []
    for key in SECTIONS:
        left = {k: v for k, v in parts[key].items() if v is not None}
        if not left:
            continue
        lines = [] if key == "notes" else [EXTRAS.get(lang, EXTRAS["en"])]
        lines += [_line("  ", k, v) for k, v in left.items()]
        if key in ends:
            inserts.append((ends[key], lines))
        else:
            inserts.append((len(out), [f"{key}:", *lines]))
    for at, lines in sorted(inserts, key=lambda item: item[0], reverse=True):
        out[at:at] = lines
    if extra_top:
        while out and out[-1] == "":
            out.pop()
        out += [_line("", key, top[key]) for key in extra_top]
        out.append("")
    text = "\n".join(out)
    if not text.endswith("\n"):
        text += "\n"
    return text if same(text, document) else None


def plain(document: dict[str, Any], header: str = "") -> str:
    """The document as plain YAML, one key a line, blank answers blank: for a file with no layout to keep."""
    out = [f"# {line}".rstrip() for line in header.splitlines()]
    for key, value in document.items():
        if key in SECTIONS and isinstance(value, dict):
            out.append(f"{key_text(key)}:" if value else f"{key_text(key)}: {{}}")
            out += [_line("  ", k, v) for k, v in value.items()]
        else:
            out.append(_line("", key, value))
    return "\n".join(out) + "\n"


def write_answers(
    document: dict[str, Any],
    layout: str | None = None,
    *,
    header: str = "",
    drop_unlisted: bool = False,
    lang: str | None = None,
) -> str:
    """The text of an answers file for `document`: in `layout` when it fits, else plain; always reads back as it."""
    if layout:
        text = fill(layout, document, drop_unlisted=drop_unlisted, lang=lang)
        if text is not None:
            return text
    text = plain(document, header)
    if same(text, document):
        return text
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    prefix = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return prefix + yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)
